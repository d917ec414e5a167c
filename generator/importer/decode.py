"""From the bytes of a file to lines of text: PDF through poppler's pdftotext, text in UTF-8
(with or without a BOM), UTF-16 with a BOM, or else Windows-1252/Latin-1; any line ends.
Refuses, with a reason, what is not a document: an empty file, a binary file, a PDF without text.
"""

from __future__ import annotations

import shutil
import subprocess
from bisect import bisect_right
from dataclasses import dataclass

from . import layout, pdfread, word
from .report import ImportFailed, Note, error, note

MAX_BYTES = 50_000_000  # a budget document is a few MB at most; a larger file is a mistake
PDF_TIMEOUT = 120  # seconds; pdftotext takes well under a second for a budget document


@dataclass(frozen=True)
class Text:
    """The document's text as lines (no line ends), and what decoding did to it."""

    lines: tuple[str, ...]
    notes: tuple[Note, ...]
    from_pdf: bool = False
    # (line, heading level) where the document's own outline says a line is a heading (a Word
    # file's heading styles, the top level as 2: the page title is the only 1)
    levels: tuple[tuple[int, int], ...] = ()
    pages: int = 0  # a PDF's number of pages (0: not a paged document)
    # the index of the line each page begins with (page 1 first), where the reader knows them
    page_starts: tuple[int, ...] = ()
    # the lines [from, to) that are the proposal's own, when the others are another's (an
    # exported meeting's item: meeting.py); None: the whole text
    own: tuple[int, int] | None = None

    def page_range(self) -> tuple[int, int] | None:
        """(first, last) page of the proposal's own text; None when it is not paged. Without
        the pages' first lines, the whole document's."""
        if not self.pages:
            return None
        if not self.page_starts:
            return 1, self.pages
        start, end = self.own or (0, len(self.lines))
        filled = [k for k in range(start, end) if self.lines[k].strip()]
        if not filled:
            return 1, self.pages
        return bisect_right(self.page_starts, filled[0]), bisect_right(self.page_starts, filled[-1])


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / max(len(text), 1)


def _pdf_text(raw: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ImportFailed(
            error(
                1,
                "this is a PDF, and reading it needs pdftotext: install Debian's poppler-utils (scripts/system-deps.sh)",
            )
        )
    try:
        result = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", "-", "-"],
            input=raw,
            capture_output=True,
            timeout=PDF_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise ImportFailed(
            error(1, f"pdftotext took more than {PDF_TIMEOUT} s; is the PDF damaged?")
        ) from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            "unknown error"
        ]
        raise ImportFailed(error(1, f"not a readable PDF: {reason[0]}"))
    return result.stdout.decode("utf-8", "replace")


def _pdf_positions(raw: bytes):
    """The PDF read from its characters' positions (pdfread.py), or None where pdftotext
    -layout reads it better: text in columns without rules, no text at all, a PDF that
    pdfplumber cannot open (pdftotext then says why)."""
    try:
        placed = pdfread.read(raw)
    except Exception:  # pdfminer raises many kinds for a damaged file; pdftotext reports it
        return None
    if placed is None or not any(line.strip() for line in placed[0]):
        return None
    return placed


def _as_text(raw: bytes) -> tuple[str, list[Note]]:
    notes: list[Note] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), [
                note(1, "decoded as UTF-16 (it starts with a UTF-16 byte order mark)")
            ]
        except UnicodeDecodeError:
            raise ImportFailed(
                error(1, "starts with a UTF-16 byte order mark but is not valid UTF-16")
            ) from None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ImportFailed(
            error(
                line,
                "contains a NUL byte: a binary file, not a document's text (a PDF must start with %PDF)",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            encoding = "Latin-1"
        notes.append(note(line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); decoded as {encoding}"))
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, notes


def decode(raw: bytes) -> Text:
    """The document's lines. Raises ImportFailed for what is not a document."""
    if len(raw) > MAX_BYTES:
        raise ImportFailed(
            error(1, f"file is {len(raw):,} bytes; a document may be at most {MAX_BYTES:,} bytes")
        )
    if not raw.strip():
        raise ImportFailed(error(1, "the file is empty"))
    if raw.startswith(b"PK\x03\x04") and not word.is_docx(raw):
        raise ImportFailed(error(1, word.not_docx(raw)))
    if word.is_docx(raw):
        lines, levels, notes = word.docx_lines(raw)
        lines = [line.replace("\u00ad", "").replace("\u00a0", " ") for line in lines]
        if not any(line.strip() for line in lines):
            raise ImportFailed(error(1, "the Word file has no text"))
        return Text(tuple(lines), tuple(notes), levels=tuple(levels))
    from_pdf = raw.lstrip()[:5] == b"%PDF-"
    if from_pdf:
        placed = _pdf_positions(raw)
        if placed is not None:
            lines, levels, notes, begins = placed
            return Text(tuple(lines), tuple(notes), True, tuple(levels), len(begins), tuple(begins))
    if from_pdf:
        text, notes = (
            _pdf_text(raw),
            [
                note(
                    1,
                    "text extracted from the PDF with pdftotext -layout; check paragraphs and tables",
                )
            ],
        )
    else:
        text, notes = _as_text(raw)
    if _control_ratio(text) > 0.01:
        raise ImportFailed(
            error(1, "mostly control characters: a binary file, not a document's text")
        )
    # a soft hyphen only marks where a word may break; a no-break space is a space
    text = (
        text.replace("\u00ad", "").replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    )
    starts: list[int] = []
    if from_pdf:
        lines = layout.from_layout(text.split("\n"), starts)
    else:
        lines = [line.rstrip(" ") for line in text.replace("\f", "\n").split("\n")]
    if not any(line.strip() for line in lines):
        reason = (
            "the PDF has no text layer (a scanned image? run OCR first)"
            if from_pdf
            else "the file has no text"
        )
        raise ImportFailed(error(1, reason))
    return Text(tuple(lines), tuple(notes), from_pdf, pages=len(starts), page_starts=tuple(starts))
