"""A PDF made from a word processor → the text form the importer reads, from the characters'
positions (pdfplumber): ruled tables cell by cell from their grid, whatever their cells wrap
or however they run over a page break; the page header and footer left out; headings by their
font (larger or bold than the body text), their levels by size; paragraphs by the space
between lines. docs/import.md has the measurement that chose it over pdftotext -layout.

A PDF whose text stands in columns without rules (a table set with spaces) is read by
`pdftotext -layout` instead (decode.py): `read` returns None for it.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from .cells import cell_text
from .layout import join_wrapped
from .report import Note, guessed, note

MARGIN = 0.09  # the share of the page's height at its top and bottom where furniture stands
_PAGE_NUMBER = re.compile(r"^(?:side|page)?\s*\d+(?:\s*(?:af|/|of)\s*\d+)?$", re.IGNORECASE)
_BULLETS = re.compile(r"^[\uf0a7\uf0b7\uf076\uf0d8\uf0fc•▪◦●■–-]\s*")
COLUMN_GAP = 2.0  # a gap between words of this many font sizes is a column, not a space


@dataclass(frozen=True)
class _Line:
    page: int
    top: float
    bottom: float
    text: str
    size: float
    bold: bool


@dataclass(frozen=True)
class _Table:
    page: int
    top: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]
    doubts: tuple[tuple[int, str], ...] = ()  # (row, message): breaks cells.py cannot decide


def _size(chars) -> float:
    return round(Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0], 1)


def _bold(chars) -> bool:
    letters = [c for c in chars if c["text"].strip()]
    return bool(letters) and all("bold" in c["fontname"].casefold() for c in letters)


def _inside(line: dict, box) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    return box[1] <= middle <= box[3] and box[0] - 1 <= line["x0"] <= box[2]


def _has_columns(words: list[dict]) -> bool:
    """Whether a line's words stand in columns: a gap of COLUMN_GAP font sizes between two."""
    return any(
        b["x0"] - a["x1"] > COLUMN_GAP * max(a["bottom"] - a["top"], 1)
        for a, b in zip(words, words[1:], strict=False)
        if abs(a["top"] - b["top"]) < 2
    )


def _prose(page, boxes) -> list[dict]:
    return [
        line
        for line in page.extract_text_lines(return_chars=True, strip=True)
        if not any(_inside(line, box) for box in boxes)
    ]


def _columns(page, prose: list[dict]) -> bool:
    """Whether running text outside the ruled tables stands in columns."""
    tops = {round(line["top"]) for line in prose}
    rows: dict[int, list[dict]] = {}
    for word in page.extract_words():
        if round(word["top"]) in tops:
            rows.setdefault(round(word["top"]), []).append(word)
    return any(_has_columns(sorted(words, key=lambda w: w["x0"])) for words in rows.values())


def _page_items(page, number: int, tables, prose: list[dict], vocabulary: set[str]) -> list:
    """The page's lines and tables in reading order."""
    items: list = []
    for t in tables:
        cells = [[cell_text(page, cell, vocabulary) for cell in row.cells] for row in t.rows]
        rows = tuple(tuple(c.text for c in row) for row in cells)
        doubts = tuple((r, d) for r, row in enumerate(cells) for c in row for d in c.doubts)
        items.append(_Table(number, t.bbox[1], t.bbox[3], rows, doubts))
    for line in prose:
        items.append(
            _Line(
                number,
                line["top"],
                line["bottom"],
                " ".join(line["text"].split()),
                _size(line["chars"]),
                _bold(line["chars"]),
            )
        )
    return sorted(items, key=lambda i: i.top)


def _furniture(pages: list[list], heights: list[float]) -> set[tuple[int, float]]:
    """(page, top) of the lines in the top and bottom margins that are page furniture: a text
    that stands in the margin of more than one page (its digits aside), or a page number."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    def in_margin(line: _Line) -> bool:
        height = heights[line.page]
        return line.bottom < MARGIN * height or line.top > (1 - MARGIN) * height

    marginal = [i for items in pages for i in items if isinstance(i, _Line) and in_margin(i)]
    seen = Counter(key(line) for line in {(key(ln), ln.page): ln for ln in marginal}.values())
    return {
        (ln.page, ln.top) for ln in marginal if seen[key(ln)] > 1 or _PAGE_NUMBER.match(ln.text)
    }


def read(raw: bytes, columns: bool = False):
    """(lines, [(line, heading level)], notes, the index of the line each page begins with) of
    a PDF, or None when its text stands in
    columns without rules (pdftotext -layout reads those; columns=True reads them anyway, as
    running text: for the measurement in docs/import.md)."""
    import pdfplumber  # only PDFs need it

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        found = []
        for page in pdf.pages:
            tables = page.find_tables()
            prose = _prose(page, [t.bbox for t in tables])
            if not columns and _columns(page, prose):
                return None
            found.append((page, tables, prose))
        # the words of the running text: what a word broken inside a narrow cell is checked by
        vocabulary = {
            w.strip(",.;:()").casefold()
            for _, _, prose in found
            for ln in prose
            for w in ln["text"].split()
        }
        pages, heights = [], []
        for n, (page, tables, prose) in enumerate(found):
            pages.append(_page_items(page, n, tables, prose, vocabulary))
            heights.append(page.height)
    return _Writer(pages, _furniture(pages, heights)).write()


class _Writer:
    def __init__(self, pages: list[list], furniture: set[tuple[int, float]]):
        self.pages, self.furniture = pages, furniture
        self.lines: list[str] = []
        self.levels: list[tuple[int, int]] = []
        self.notes: list[Note] = []
        self.starts: list[int] = []
        body: Counter[tuple] = Counter()  # (size, bold) → characters
        for items in pages:
            for i in items:
                if isinstance(i, _Line):
                    body[(i.size, i.bold)] += len(i.text)
        self.body_size = body.most_common(1)[0][0][0] if body else 0

    def _heading_rank(self, line: _Line) -> tuple[float, bool] | None:
        larger = line.size > self.body_size + 0.5
        if not (larger or line.bold) or len(line.text) > 120 or line.text.endswith("."):
            return None
        return (line.size, line.bold)

    def write(self):
        ranks = sorted(
            {
                r
                for items in self.pages
                for i in items
                if isinstance(i, _Line)
                and (i.page, i.top) not in self.furniture
                and (r := self._heading_rank(i))
            },
            reverse=True,
        )
        counts = Counter(
            self._heading_rank(i)
            for items in self.pages
            for i in items
            if isinstance(i, _Line) and (i.page, i.top) not in self.furniture
        )
        # a top rank used once is the document's title (the page's #), not a section
        if ranks and counts[ranks[0]] == 1:
            ranks = ranks[1:]
        previous = None
        left_out = 0
        for items in self.pages:
            self.starts.append(len(self.lines))
            for item in items:
                if isinstance(item, _Table):
                    previous = self._table(item, previous)
                    continue
                if (item.page, item.top) in self.furniture:
                    left_out += 1
                    continue
                previous = self._line(item, previous, ranks)
        self.notes.insert(
            0,
            note(
                1,
                "read from the PDF's character positions (pdfplumber): "
                "tables from their ruled cells, headings by their font; "
                f"{left_out} line{'s' if left_out != 1 else ''} of page "
                "headers and footers left out",
            ),
        )
        return self.lines, self.levels, self.notes, self.starts

    def _table(self, table: _Table, previous):
        rows = list(table.rows)
        continued = (
            isinstance(previous, _Table)
            and previous.page == table.page - 1
            and len(previous.rows[0]) == len(rows[0])
        )
        if not continued:
            self.lines.append("")
        else:
            # a table that runs over a page break: its header row, repeated, is left out, and a
            # row that the break cut (only its first cells go on) is one row again
            if rows[0] == previous.rows[0]:
                rows = rows[1:]
                self.notes.append(
                    note(
                        len(self.lines),
                        f"the table's header row, repeated on page {table.page + 1}, left out",
                    )
                )
            if self.lines and self.lines[-1] == "":
                self.lines.pop()
            if rows and not any(rows[0][1:]) and self.lines:
                cells = self.lines[-1].split("\t")
                cells[0] = join_wrapped([cells[0], rows[0][0]])
                self.lines[-1] = "\t".join(cells)
                self._doubts(table, len(table.rows) - len(rows))
                self.notes.append(
                    note(
                        len(self.lines),
                        f"a table row cut by the page break before page {table.page + 1} joined",
                    )
                )
                rows = rows[1:]
        first = len(table.rows) - len(rows)
        for r, row in enumerate(rows, start=first):
            self.lines.append("\t".join(row) if len(row) > 1 else f"{row[0]}\t")
            self._doubts(table, r)
        self.lines.append("")
        header = previous.rows if continued else table.rows
        return _Table(table.page, table.top, table.bottom, header)

    def _doubts(self, table: _Table, row: int) -> None:
        """Report the breaks in row's cells that the positions could not decide, at the line
        the row was written to."""
        for r, message in table.doubts:
            if r == row:
                self.notes.append(guessed(len(self.lines), message))

    def _line(self, line: _Line, previous, ranks):
        text = _BULLETS.sub("- ", line.text) if _BULLETS.match(line.text) else line.text
        rank = self._heading_rank(line)
        same_paragraph = (
            isinstance(previous, _Line)
            and previous.page == line.page
            and rank is None
            and self._heading_rank(previous) is None
            and line.top - previous.bottom < 0.5 * line.size
        )
        if not same_paragraph and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(text)
        if rank is not None and rank in ranks:
            self.levels.append((len(self.lines), 2 + ranks.index(rank)))
        return line
