"""Reading proposal files: decode the bytes, split the front matter from the body, and parse
the front matter with the position of every key (yaml_positions.py).
Only this module (and write.py) touches the filesystem for proposals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import ArchiveError, Diagnostic, error
from .yaml_positions import Parsed, parse_yaml

MAX_FILE_BYTES = 1_000_000  # a proposal is a few KB; anything near this is a mistake or an attack


@dataclass(frozen=True)
class SourceFile:
    """A proposal file as read: its front matter parsed, its body as text."""

    path: str  # as shown in diagnostics (relative to the archive root)
    front: Parsed
    body: str
    body_line: int  # 1-based line number of the body's first line


def decode(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text with a BOM stripped and CRLF made LF; or a diagnostic naming the bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                display,
                1,
                1,
                "file-too-large",
                f"file is {len(raw):,} bytes; a proposal file may be at most {MAX_FILE_BYTES:,} bytes",
            )
        ]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [
            error(
                display,
                line,
                1,
                "encoding",
                "file contains a NUL byte: is it a binary file? expected UTF-8 text",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                display,
                line,
                column,
                "encoding",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(text: str, display: str) -> tuple[str | None, str, int, list[Diagnostic]]:
    """(front matter text, body, 1-based line of the body, problems)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return (
            None,
            text,
            1,
            [
                error(
                    display,
                    1,
                    1,
                    "front-matter",
                    "file must start with YAML front matter: a line '---', the metadata, and a closing '---'",
                )
            ],
        )
    for i in range(1, len(lines)):
        if _END.match(lines[i]):
            body = "\n".join(lines[i + 1 :])
            return "\n".join(lines[1:i]), body, i + 2, []
    return (
        None,
        "",
        len(lines),
        [
            error(
                display,
                1,
                1,
                "front-matter",
                "front matter is not closed: expected a line '---' after the metadata",
            )
        ],
    )


def read_source(
    path: Path, display: str, raw: bytes | None = None
) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read one proposal file (raw: its bytes, if the caller has read them). Problems are
    returned, never raised."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [error(display, 1, 1, "read", f"cannot read file: {exc.strerror}")]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    front_text, body, body_line, problems = split_front_matter(text, display)
    if front_text is None:
        return None, problems
    front = parse_yaml(front_text, display, line_offset=1)
    if front.problems and front.data is None:
        return None, list(front.problems)
    return SourceFile(display, front, body, body_line), list(front.problems)


def read_yaml(path: Path, display: str) -> Parsed:
    """A YAML file (configuration): its data with positions and its problems (a duplicate key);
    data None and the problem when one stopped the reading. Never raises."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = error(display, 1, 1, "read", f"cannot read file: {exc.strerror}")
        return Parsed(None, {}, (problem,))
    text, problems = decode(raw, display)
    if text is None:
        return Parsed(None, {}, tuple(problems))
    return parse_yaml(text, display)


def load_yaml_file(path: Path) -> dict:
    """A YAML mapping (hand corrections of an import); stops the command with a diagnostic if
    it is broken."""
    display = str(path)
    parsed = read_yaml(path, display)
    if parsed.problems:
        raise ArchiveError(list(parsed.problems))
    if not isinstance(parsed.data, dict):
        raise ArchiveError([error(display, 1, 1, "config", "configuration must be a YAML mapping")])
    return parsed.data
