"""Helpers of the importer tests: run the command in-process, and make PDFs from text."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from generator.cli import main
from site_tests.archives import REPO, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run(capsys, *args: str, root: Path = REPO) -> tuple[int, str, str]:
    """`proposal-archive --root ROOT import ARGS`: (exit code, stdout, stderr)."""
    code = main(["--root", str(root), "import", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def split(text: str) -> tuple[str, str]:
    """(front matter, body) of a proposal file."""
    _, front, body = text.split("---\n", 2)
    return front, body


# --- a small PDF writer -----------------------------------------------------------------------
# PDF has no tabs and no paragraphs: text is placed at positions. Like the PDFs the archive
# imports, these wrap prose at a line width and set table cells in columns; pdftotext must
# then give the importer back the same document. Courier (a standard font, every character
# 0.6 em wide) in WinAnsiEncoding, so positions are simple and æøå, – and ¹ need no font file.
SIZE, LEADING, MARGIN, WRAP = 8, 10, 40, 90
CHAR = SIZE * 0.6


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of the runs of tab lines (a single blank line may sit between rows)."""
    runs, i = [], 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (
            "\t" in lines[j]
            or (not lines[j].strip() and j + 1 < len(lines) and "\t" in lines[j + 1])
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def text_pdf(text: str) -> bytes:
    """A one-page PDF of a seed's text: prose wrapped at WRAP characters, tables in columns."""
    lines = text.split("\n")
    out_lines: list[list[tuple[int, str]]] = []
    runs = {start: end for start, end in _table_runs(lines)}
    i = 0
    while i < len(lines):
        if i in runs:
            rows = [line.split("\t") for line in lines[i : runs[i]]]
            widths = [
                max((len(r[c].strip()) for r in rows if c < len(r)), default=0) + 3
                for c in range(max(map(len, rows)))
            ]
            for row in rows:
                x, cells = 0, []
                for c, cell in enumerate(row):
                    if cell.strip():
                        cells.append((x, cell.strip()))
                    x += widths[c]
                out_lines.append(cells)
            i = runs[i]
            continue
        line = lines[i]
        out_lines.extend(
            [[(0, part)] for part in textwrap.wrap(line, WRAP, break_on_hyphens=False)] or [[]]
        )
        i += 1
    width = (
        max((x + len(t) for cells in out_lines for x, t in cells), default=10) * CHAR + 2 * MARGIN
    )
    height = len(out_lines) * LEADING + 2 * MARGIN
    content = b""
    for n, cells in enumerate(out_lines):
        y = height - MARGIN - n * LEADING
        for x, t in cells:
            content += b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (
                SIZE,
                MARGIN + x * CHAR,
                y,
                _escape(t),
            )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
        % (width, height),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf


def words(text: str) -> list[str]:
    """The words of a text, lower case, without markup and numbers."""
    text = re.sub(r"<[^>]+>|[⁰¹²³⁴⁵⁶⁷⁸⁹]", " ", text)
    return re.findall(r"[^\W\d_]+", text.casefold())
