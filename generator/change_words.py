"""How a diff report (change_markdown.py, change_text.py, change_json.py) writes a change's values
in Danish: cells, signed differences, years, table names, a proposal's address in the preview
site, and the line of counts that opens a report.
"""

from __future__ import annotations

from decimal import Decimal

from .changes import CellChange, Comparison
from .danish import format_cell, number

PROPOSAL_PATH = "forslag/{id}/"


def cell_text(cell) -> str:
    return format_cell(cell) or "(tom)"


def signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + number(value)


def year_text(change: CellChange) -> str:
    return change.year if change.year is not None else "I alt"


def table_name(number: int, title: str) -> str:
    """'Tabel 2 – Udgifter' as printed; a title that does not say its number gets it in front."""
    return title if title.casefold().startswith("tabel") else f"Tabel {number}: {title}"


def url_of(site_url: str | None, id_: str) -> str | None:
    return site_url.rstrip("/") + "/" + PROPOSAL_PATH.format(id=id_) if site_url else None


def counts(c: Comparison) -> str:
    parts = [
        f"{c.files} fil{'er' if c.files != 1 else ''} ændret",
        f"{len(c.added)} tilføjet",
        f"{len(c.removed)} fjernet",
    ]
    parts += [f"{len(c.renamed)} omdøbt", f"{len(c.changed)} ændret"]
    parts += [f"{len(c.introduced)} {'nyt' if len(c.introduced) == 1 else 'nye'} fund"]
    parts += [f"{len(c.fixed)} {'rettet' if len(c.fixed) == 1 else 'rettede'} fund"]
    return " · ".join(parts)
