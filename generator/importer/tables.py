"""Tab-separated tables → budget tables of the front matter (docs/format.md), every number as
printed; or, when a table has no year columns or cannot be read cell by cell, a text table for
the body, with the reason in the report.

A budget table has a header row with year columns ('2018', '2018-19'), optionally descriptive
columns between the label and the years (from config/archive.yml's `columns`) and an 'I alt'
column after them; rows above the header are a caption that may carry the label heading, the
unit and the price level ('Aktiviteter i forslaget (1.000 kr. – 2018 p/l)').
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from ..slugs import slugify
from ..vocabulary import Vocabulary
from .blocks import Block
from .numbers import NotAnAmount, amount, as_yaml_number, plain, year
from .report import Note, guessed, note, unplaced
from .settings import Settings, fold

_PRICE_LEVEL = re.compile(
    r"\b((?:19|20|21)\d\d)\s*-?\s*(?:p/l|pl\b|pris-\s*og\s*lønniveau|priser\b)", re.IGNORECASE
)
_CURRENT_PRICES = re.compile(r"løbende\s+priser", re.IGNORECASE)
MAX_SIGNED_TERMS = 5  # 2**5 sign patterns at most when looking for a total that is not a plain sum


@dataclass(frozen=True)
class TextTable:
    """A table for the body: its rows of cells as printed."""

    line: int
    title: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BudgetTable:
    line: int
    data: dict  # the table as in the front matter, keys in the order docs/format.md shows


def _compact(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).casefold()


def _column_id(heading: str, vocab: Vocabulary) -> str | None:
    """'Styrings- område' / 'Styringso mråde' → 'styringsomraade' (hyphenation and spaces of
    the extraction do not matter)."""
    target = _compact(heading)
    return next((c.id for c in vocab.columns if _compact(c.heading) == target), None)


def find_unit(text: str, settings: Settings) -> str | None:
    folded = fold(text)
    spellings = sorted(
        ((s, unit) for unit, ss in settings.units.items() for s in ss), key=lambda p: -len(p[0])
    )
    for spelling, unit in spellings:
        if re.search(r"(?<![\w.])" + re.escape(spelling) + r"(?!\w)", folded):
            return unit
    return None


def find_price_level(text: str) -> str | None:
    match = _PRICE_LEVEL.search(text)
    if match:
        return f"{match.group(1)} p/l"
    return "løbende priser" if _CURRENT_PRICES.search(text) else None


def _label_heading(text: str, settings: Settings) -> str:
    """A caption cell without its unit and price level: 'Aktiviteter i forslaget (1.000 kr. – 2018 p/l)'
    → 'Aktiviteter i forslaget'."""
    text = re.sub(
        r"\([^)]*\)",
        lambda m: (
            "" if find_unit(m.group(), settings) or find_price_level(m.group()) else m.group()
        ),
        text,
    )
    text = _PRICE_LEVEL.sub("", text)
    text = _CURRENT_PRICES.sub("", text)
    unit = find_unit(text, settings)
    if unit:
        for spelling in sorted(settings.units[unit], key=len, reverse=True):
            text = re.sub(
                r"(?<![\w.])" + re.escape(spelling) + r"(?!\w)", "", text, flags=re.IGNORECASE
            )
    return text.strip(" \t–-,:;")


def is_total(label: str, settings: Settings) -> bool:
    folded = fold(plain(label))
    return any(
        re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", folded) for w in settings.total_words
    )


def _is_detail(label: str, settings: Settings) -> bool:
    folded = fold(plain(label))
    return any(folded == w or folded.startswith(w + " ") for w in settings.detail_words)


class Unreadable(Exception):
    """The table cannot be read cell by cell; it goes to the body as text."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _header_index(rows) -> int | None:
    for i, (_, cells) in enumerate(rows):
        if any(year(c) is not None for c in cells[1:]):
            return i
    return None


def _layout(header: list[str], line: int, vocab: Vocabulary, settings: Settings):
    """(descriptive column ids, [(index, year)], total column index or None)."""
    years = [(j, year(c)) for j, c in enumerate(header) if j > 0 and year(c) is not None]
    first, last = years[0][0], years[-1][0]
    if [j for j, _ in years] != list(range(first, last + 1)):
        gap = next(header[j] for j in range(first, last + 1) if year(header[j]) is None)
        raise Unreadable(
            line, f"the header has '{gap}' between its year columns; expected only years there"
        )
    columns = []
    for j in range(1, first):
        column = _column_id(header[j], vocab)
        if column is None:
            known = ", ".join(c.heading for c in vocab.columns)
            raise Unreadable(
                line,
                f"column '{header[j]}' is not a known table column (config/archive.yml `columns`: {known})",
            )
        columns.append(column)
    total = None
    for j in range(last + 1, len(header)):
        if fold(plain(header[j])) in settings.total_column_headings and total is None:
            total = j
        elif header[j]:
            raise Unreadable(
                line,
                f"column '{header[j]}' after the years is neither a year nor a total column ({', '.join(settings.total_column_headings)})",
            )
    return columns, years, total


def _fit(cells: list[str], width: int, line: int, label: str) -> list[str]:
    """The row's cells, as many as the header has: trailing empty cells may be missing or extra."""
    if len(cells) > width:
        if any(cells[width:]):
            raise Unreadable(
                line,
                f"row '{label}' has {len(cells)} cells but the header has {width}: an extra column",
            )
        return cells[:width]
    if len(cells) < width:
        if any(_amountish(c) for c in cells[1:]):
            raise Unreadable(
                line,
                f"row '{label}' has {len(cells)} cells but the header has {width}: a cell is missing, so its numbers cannot be placed in their years",
            )
        return cells + [""] * (width - len(cells))
    return cells


def _amountish(cell: str) -> bool:
    return bool(re.search(r"\d", cell)) or plain(cell) in ("-", "–")


def _cell(cells: list[str], j: int, line: int, label: str, where) -> Decimal | str | None:
    try:
        return amount(cells[j])
    except NotAnAmount:
        raise Unreadable(
            line, f"cell '{cells[j]}' of row '{label}', {where}, is not an amount"
        ) from None


def _yaml_amount(value):
    return as_yaml_number(value) if isinstance(value, Decimal) else value


def _sum(values):
    numbers = [v for v in values if isinstance(v, Decimal)]
    return sum(numbers, Decimal(0)) if numbers else None


def _matches(printed, computed) -> bool:
    return isinstance(printed, Decimal) and computed is not None and printed == computed


def _signed_terms(
    lines: list[dict], total: dict, count: int, notes: list[Note], line: int, label: str
) -> None:
    """A printed total that matches none of the plain sums but more cells as a signed sum of the
    lines (e.g. 'Tilskud' − 'Forbrug') names its terms with `of` (reported as a guess)."""
    if not 2 <= len(lines) <= MAX_SIGNED_TERMS:
        return
    cells = lambda row: [*row["_amounts"], row.get("_total")]  # noqa: E731
    printed = cells(total)

    def score(signs) -> int:
        sums = [
            _sum(
                [
                    s * c
                    for s, row in zip(signs, lines, strict=True)
                    for c in [cells(row)[k]]
                    if isinstance(c, Decimal)
                ]
            )
            for k in range(count)
        ]
        return sum(_matches(p, c) for p, c in zip(printed, sums, strict=False))

    plain_score = score((1,) * len(lines))
    if plain_score:
        return
    best = max(itertools.product((1, -1), repeat=len(lines)), key=lambda s: (score(s), s))
    if best[0] != 1 or score(best) == 0:
        return
    keys = []
    for row in lines:
        base = slugify(row["label"]).split("-")[0].replace("-", "_") or "row"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        row["key"] = key
        keys.append(key)
    total["of"] = [("" if s > 0 else "-") + k for s, k in zip(best, keys, strict=True)]
    notes.append(
        guessed(
            line,
            f"total '{label}' is not the sum of its lines; as {' '.join(('+ ' if s > 0 else '− ') + r['label'] for s, r in zip(best, lines, strict=True)).lstrip('+ ')} it matches {score(best)} of its {sum(isinstance(p, Decimal) for p in printed)} printed figures: written as `of: [{', '.join(total['of'])}]`",
        )
    )


def read_table(
    block: Block, title: str, vocab: Vocabulary, settings: Settings
) -> tuple[BudgetTable | TextTable, list[Note]]:
    """A table block as a budget table, or as a text table with the reason reported."""
    rows = [(line.number, line.cells) for line in block.lines]
    h = _header_index(rows)
    text_rows = tuple(tuple(plain(c) for c in cells) for _, cells in rows)
    if h is None:
        return TextTable(block.line, title, text_rows), []
    try:
        return _budget(rows, h, title, vocab, settings)
    except Unreadable as exc:
        return TextTable(block.line, title, text_rows), [
            unplaced(
                exc.line,
                f"table '{title or rows[h][1][0] or 'without a title'}' kept as text in the body, not as a budget table: {exc}",
            )
        ]


def _budget(rows, h: int, title: str, vocab: Vocabulary, settings: Settings):
    notes: list[Note] = []
    header_line, header = rows[h]
    columns, years, total_j = _layout(header, header_line, vocab, settings)
    caption = " ".join(c for _, cells in rows[: h + 1] for c in cells if year(c) is None and c)
    # the table's title may carry them instead ('Effektiviseringer i 1.000 kr.')
    unit = find_unit(caption, settings) or find_unit(title, settings)
    price_level = find_price_level(caption) or find_price_level(title)
    heading_cells = [cells[0] for _, cells in rows[:h]] + [header[0]]
    label_heading = next(
        (h_ for h_ in (_label_heading(c, settings) for c in heading_cells) if h_), ""
    )
    for _j, y in years:
        if isinstance(y, str):
            notes.append(note(header_line, f"year column '{y}' is a period; kept as printed"))
    width = len(header)
    body = []
    for number, cells in rows[h + 1 :]:
        label = plain(cells[0]) if cells else ""
        cells = _fit(cells, width, number, label)
        if not any(cells):
            continue
        amounts = [_cell(cells, j, number, label, y) for j, y in years]
        total = _cell(cells, total_j, number, label, "I alt") if total_j is not None else None
        body.append(
            {"_line": number, "label": label, "_cells": cells, "_amounts": amounts, "_total": total}
        )
    if not body:
        raise Unreadable(header_line, "it has a header but no rows")
    lines, totals = [], []
    for k, row in enumerate(body):
        empty = all(a is None for a in row["_amounts"]) and row["_total"] is None
        if is_total(row["label"], settings):
            totals.append(row)
            if any(not is_total(r["label"], settings) for r in body[k + 1 :]):
                notes.append(
                    note(
                        row["_line"],
                        f"total '{row['label']}' stands between lines; it is checked against all the lines of the table",
                    )
                )
        elif empty and k + 1 < len(body) and not is_total(body[k + 1]["label"], settings):
            row["type"] = "heading"
            lines.append(row)
        else:
            if _is_detail(row["label"], settings):
                row["type"] = "detail"
            lines.append(row)
    summed = [r for r in lines if r.get("type") is None]
    for total_row in totals:
        _signed_terms(
            summed,
            total_row,
            len(years) + (1 if total_j is not None else 0),
            notes,
            total_row["_line"],
            total_row["label"],
        )

    def emit(row, is_total_row: bool) -> dict:
        out = {"label": row["label"]}
        if row.get("type"):
            out["type"] = row["type"]
        if row.get("key"):
            out["key"] = row["key"]
        if row.get("of"):
            out["of"] = row["of"]
        if row.get("type") == "heading":
            return out
        for j, column in enumerate(columns, start=1):
            out[column] = plain(row["_cells"][j])
        out["amounts"] = [_yaml_amount(a) for a in row["_amounts"]]
        if total_j is not None:
            out["total"] = _yaml_amount(row["_total"])
        return out

    data = {
        "title": title or label_heading or "Tabel",
        "unit": unit,
        "price_level": price_level,
        "label_heading": label_heading,
        "columns": columns,
        "years": [y for _, y in years],
        "total_column": total_j is not None,
        "rows": [emit(r, False) for r in lines],
    }
    if totals:
        data["totals"] = [emit(r, True) for r in totals]
    if not lines:
        raise Unreadable(header_line, "it has totals but no lines")
    return BudgetTable(header_line, data), notes
