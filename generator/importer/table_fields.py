"""The budget tables of an imported proposal's front matter: each table the body gave (tables.py)
as its fields in the order of docs/format.md, the first the headline, what the document does
not print filled in and reported as a guess (the unit, the price level)."""

from __future__ import annotations

import re

from .report import Note, guessed
from .settings import Settings
from .tables import BudgetTable, find_unit

_TABLE_KEYS = (
    "title", "unit", "price_level", "label_heading", "columns", "years", "total_column", "headline",
    "rows", "totals",
)  # fmt: skip
# '439.450 kr.' in the text: the unit of a table that prints none, when the figure is in it
_PROSE_AMOUNT = re.compile(
    r"(?<![\d.,])(-?\d{1,3}(?:\.\d{3})+|\d+)(?![\d,])\s+((?:mio\.|1\.000)\s*kr\.|kr\.)"
)


def budget_fields(
    tables: tuple[BudgetTable, ...], text: str, settings: Settings
) -> tuple[list[dict], list[Note]]:
    """The tables' fields, and the guesses made: a table printed without a unit gets the unit
    the text (the document's whole text) gives one of its numbers, else kr.; one without a
    price level gets 'løbende priser'."""
    out, notes = [], []
    for n, t in enumerate(tables):
        data = dict(t.data)
        if n == 0:
            data["headline"] = True
        if not data["unit"]:
            unit, why = _unit_of(data, text, settings)
            data["unit"] = unit or "kr."
            notes.append(
                guessed(
                    t.line,
                    f"unit {data['unit']} of table '{data['title']}': {why or 'no unit is printed'}",
                )
            )
        if not data["price_level"]:
            data["price_level"] = "løbende priser"
            notes.append(
                guessed(
                    t.line,
                    f"price level 'løbende priser' of table '{data['title']}': no price level "
                    "(p/l) is printed",
                )
            )
        out.append({k: data[k] for k in _TABLE_KEYS if k in data})
    return out, notes


def _unit_of(data: dict, text: str, settings: Settings) -> tuple[str | None, str]:
    amounts = {str(a) for r in data["rows"] for a in r.get("amounts", []) if not isinstance(a, str)}
    for n in _PROSE_AMOUNT.findall(text):
        if n[0].replace(".", "") in amounts:
            return find_unit(n[1], settings), f"the text gives {n[0]} {n[1]}"
    return None, ""
