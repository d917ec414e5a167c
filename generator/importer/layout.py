"""pdftotext -layout output → the text form the importer reads (the form of the seeds):
one paragraph a line, blank lines between blocks, table rows with tab-separated cells.

A PDF has no tabs: table columns are runs of spaces. A line with a gap of GAP or more spaces
is a table row; the rows of one table share a column grid, found by merging the character
spans of their cells, so that an empty cell keeps its place. Other lines are prose, wrapped
by the PDF: they are joined into one line per paragraph.
"""

from __future__ import annotations

import re

GAP = 3  # spaces between two columns; prose has one space between words (rarely two)
_CELL = re.compile(rf"\S+(?: {{1,{GAP - 1}}}\S+)*")
_LIST_ITEM = re.compile(r"^(?:[-•–▪·*]|\d+[.)])\s+\S")
# after 'Beskæftigelses-' at the end of a line, 'og' continues a phrase, not a broken word
_CONJUNCTIONS = {"og", "eller", "samt", "til", "som", "men", "and", "or"}


def join_wrapped(lines: list[str]) -> str:
    """Lines of one wrapped paragraph as one line. A word broken by a hyphen at the end of a
    line is joined again ('Møl-' + 'gaard'); 'Beskæftigelses-' + 'og' keeps its hyphen."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        broken_word = out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[0].islower()
        if broken_word and line.split()[0] not in _CONJUNCTIONS:
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def _cells(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]


def _grid(rows: list[str]) -> list[str]:
    """Rows of one table with their cells put in a shared column grid, joined by tabs."""
    spans = sorted((start, end) for row in rows for start, end, _ in _cells(row))
    columns: list[list[int]] = []
    for start, end in spans:
        if columns and start < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], end)
        else:
            columns.append([start, end])
    out = []
    for row in rows:
        cells = [""] * len(columns)
        for start, _end, text in _cells(row):
            index = next(
                i for i, (c_start, c_end) in enumerate(columns) if c_start <= start < c_end
            )
            cells[index] = f"{cells[index]} {text}".strip()
        out.append("\t".join(cells))
    return out


def _table_ranges(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of each table: rows with column gaps, with the single-cell rows and single
    blank lines between them (a group heading such as 'Varige ændringer', a spaced-out total)."""
    is_row = [len(_cells(line)) > 1 for line in lines]
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not is_row[i]:
            i += 1
            continue
        end = i + 1
        while True:
            # look ahead past at most one blank line and one gap-less line to the next row
            j = end
            if j < len(lines) and not lines[j].strip():
                j += 1
            if (
                j < len(lines)
                and not is_row[j]
                and lines[j].strip()
                and j + 1 < len(lines)
                and is_row[j + 1]
            ):
                j += 1
            if j < len(lines) and is_row[j]:
                end = j + 1
            else:
                break
        # a row whose other cells are empty has no gap: the label of a box's last line
        # ('Projekt hørt i KS') below the rows, a grid's first line ('Bydækkende?') above them
        while end < len(lines) and _loose_row(lines[end], 80):
            end += 1
        start = i
        while (
            start > (ranges[-1][1] if ranges else 0)
            and _loose_row(lines[start - 1], 40)
            and not _CAPTION.match(lines[start - 1].strip())
        ):
            start -= 1
        ranges.append((start, end))
        i = end
    return ranges


_CAPTION = re.compile(r"^(tabel|table|tab\.|skema|figur)\s*\d", re.IGNORECASE)


def _loose_row(line: str, longest: int) -> bool:
    text = line.strip()
    return (
        bool(text)
        and len(text) <= longest
        and not text.endswith((".", ":"))
        and len(_cells(line)) == 1
    )


def from_layout(raw_lines: list[str], starts: list[int] | None = None) -> list[str]:
    """The lines of pdftotext -layout's text: tables as tab-separated rows, paragraphs joined.
    starts, if given, gets the index of the line each page begins with (a page begins after a
    form feed; a paragraph that a page break cuts counts as the later page's)."""
    # the raw line each page begins with; every page ends with a form feed, so the last one
    # begins no page
    breaks = [0, *(i for i, line in enumerate(raw_lines) for _ in range(line.count("\f")))]
    breaks = breaks[: max(len(breaks) - 1, 1)]
    lines = [line.replace("\f", "").rstrip() for line in raw_lines]
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    lines = [line[margin:] for line in lines]
    out: list[str] = []
    out_of: list[int] = []  # raw line → the index of the line it went into
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(join_wrapped(paragraph))
            paragraph.clear()

    tables = dict(_table_ranges(lines))
    i = 0
    while i < len(lines):
        if i in tables:
            flush()
            end = tables[i]
            block = lines[i:end]
            rows = [row for row in block if row.strip()]
            grid = iter(_grid(rows))
            out_of.extend(range(len(out), len(out) + len(block)))
            out.extend(next(grid) if row.strip() else "" for row in block)
            i = end
            continue
        line = lines[i]
        if not line.strip() or _LIST_ITEM.match(line.strip()):
            flush()
        out_of.append(len(out))
        if not line.strip():
            out.append("")
        else:
            paragraph.append(line)
        i += 1
    flush()
    # collapse the runs of blank lines that vertical spacing leaves
    kept = [k for k, line in enumerate(out) if line or (k > 0 and out[k - 1])]
    if starts is not None:
        new_index = {k: n for n, k in enumerate(kept)}
        for raw in breaks:
            k = out_of[raw] if raw < len(out_of) else len(out)
            while k < len(out) and k not in new_index:
                k += 1
            starts.append(new_index.get(k, len(kept)))
    return [out[k] for k in kept]
