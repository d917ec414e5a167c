"""Hand corrections of an import, kept apart from the importer's output so that both stay
reviewable: a YAML file maps a source file's name to the fields a person set or removed and
the edits they made to the body. `import --corrections FILE` applies them; a correction that
no longer applies (its text is gone from the body) is an error, not silently skipped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import ArchiveError, error
from ..reader import load_yaml_file


@dataclass(frozen=True)
class Correction:
    set: dict
    remove: tuple[str, ...]
    body: tuple[tuple[str, str], ...]  # (text as imported, text as corrected)


class Stale(ValueError):
    """A correction whose text is not (or more than once) in the imported body."""


def load_corrections(path: Path) -> dict[str, Correction]:
    data = load_yaml_file(path)
    out = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or set(entry) - {"set", "remove", "body"}:
            raise ArchiveError(
                [
                    error(
                        path,
                        1,
                        1,
                        "config",
                        f"corrections of '{name}': expected only 'set', 'remove' and 'body'",
                    )
                ]
            )
        edits = entry.get("body") or []
        if not all(isinstance(e, dict) and set(e) == {"replace", "with"} for e in edits):
            raise ArchiveError(
                [
                    error(
                        path,
                        1,
                        1,
                        "config",
                        f"corrections of '{name}': each body edit is {{replace: ..., with: ...}}",
                    )
                ]
            )
        out[str(name)] = Correction(
            dict(entry.get("set") or {}),
            tuple(entry.get("remove") or ()),
            tuple((str(e["replace"]), str(e["with"])) for e in edits),
        )
    return out


def apply(front: dict, body: str, correction: Correction) -> tuple[dict, str]:
    front = {k: v for k, v in front.items() if k not in correction.remove} | correction.set
    for old, new in correction.body:
        if body.count(old) != 1:
            raise Stale(
                f"body correction {old[:60]!r} matches {body.count(old)} times; it must match exactly once"
            )
        body = body.replace(old, new)
    return front, body
