"""Arithmetic on budget tables: sums of lines, totals as printed versus as computed.

Amounts are Decimals made from the printed numbers, so sums are exact. A dash and an empty
cell contribute nothing; a column with nothing but dashes sums to a dash.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from . import danish
from .model import DASH, BudgetTable, Cell, TotalRow

if TYPE_CHECKING:  # (typing has TypeIs from Python 3.13; only the checker reads it here)
    from typing_extensions import TypeIs


def is_number(cell: Cell) -> TypeIs[Decimal]:
    return isinstance(cell, Decimal)


def add(cells) -> Cell:
    """The sum of the numbers among cells; DASH when there are none but dashes; None if all empty."""
    numbers = [c for c in cells if is_number(c)]
    if numbers:
        return sum(numbers, Decimal(0))
    if any(c == DASH for c in cells):
        return DASH
    return None


def same(printed: Cell, computed: Cell) -> bool:
    """Whether a printed total agrees with the computed one. A dash agrees with zero."""
    if printed is None:
        return True  # nothing printed: nothing to contradict
    as_number = lambda c: Decimal(0) if c in (DASH, None) else c  # noqa: E731
    return as_number(printed) == as_number(computed)


def _terms(table: BudgetTable, total: TotalRow) -> list[tuple[int, tuple[Cell, ...], Cell]]:
    """(sign, amounts, row total) of the rows a total adds up."""
    if total.of:
        by_key = {r.key: r for r in table.rows if r.key}
        return [
            (sign, by_key[key].amounts, by_key[key].total)
            for sign, key in total.of
            if key in by_key
        ]
    return [(1, r.amounts, r.total) for r in table.rows if r.type == "line"]


def _signed(sign: int, cell: Cell) -> Cell:
    return -cell if sign < 0 and is_number(cell) else cell


def computed_total_row(table: BudgetTable, total: TotalRow) -> tuple[tuple[Cell, ...], Cell]:
    """The amounts per year and the grand total that the total row should show."""
    terms = _terms(table, total)
    per_year = tuple(
        add([_signed(sign, amounts[i]) for sign, amounts, _ in terms if i < len(amounts)])
        for i in range(len(table.years))
    )
    return per_year, add(per_year)


def net_by_year(table: BudgetTable) -> dict[str, Decimal]:
    """The table's net effect per year, computed from its lines (never from printed totals)."""
    if table.totals:
        per_year, _ = computed_total_row(table, table.totals[0])
    else:
        per_year = tuple(
            add([r.amounts[i] for r in table.rows if r.type == "line"])
            for i in range(len(table.years))
        )
    return {year: cell for year, cell in zip(table.years, per_year, strict=True) if is_number(cell)}


def half_unit(cell: Cell) -> Decimal:
    """Half a unit of a printed figure's last digit: how far rounding it can have moved it
    (700 → 0.5, 1,4 → 0.05); nothing for a dash or an empty cell."""
    if not is_number(cell):
        return Decimal(0)
    exponent = cell.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: never a printed figure
        return Decimal(0)
    return Decimal((0, (5,), exponent - 1))


@dataclass(frozen=True)
class Mismatch:
    """A printed total that differs from the sum of what it totals. `tolerance` is how far the
    rounding of the printed figures can set them apart: half a unit of the last digit of each
    line summed and of the total itself (each was rounded on its own, the total before)."""

    line: int
    row_label: str
    year: str | None  # None: the row's total column
    printed: Cell
    computed: Cell
    tolerance: Decimal = Decimal(0)

    @property
    def rounding(self) -> bool:
        """Whether the difference is one that rounding each printed figure explains."""
        return (
            is_number(self.printed)
            and is_number(self.computed)
            and abs(self.printed - self.computed) <= self.tolerance
        )


def _tolerance(printed: Cell, summed) -> Decimal:
    return half_unit(printed) + sum((half_unit(c) for c in summed), Decimal(0))


def differences(table: BudgetTable) -> list[Mismatch]:
    """Every printed total in the table (across each row, and down each 'i alt' row) that is
    not the sum of its lines, by rounding or by error."""
    found: list[Mismatch] = []
    if table.total_column:
        for row in table.rows:
            if row.type != "line":
                continue
            computed = add(row.amounts)
            if not same(row.total, computed):
                tolerance = _tolerance(row.total, row.amounts)
                found.append(Mismatch(row.line, row.label, None, row.total, computed, tolerance))
    for total in table.totals:
        terms = _terms(table, total)
        per_year, grand = computed_total_row(table, total)
        cells = zip(table.years, total.amounts, per_year, strict=False)  # (rules.py checks lengths)
        for i, (year, printed, computed) in enumerate(cells):
            if not same(printed, computed):
                summed = [amounts[i] for _, amounts, _ in terms if i < len(amounts)]
                tolerance = _tolerance(printed, summed)
                found.append(Mismatch(total.line, total.label, year, printed, computed, tolerance))
        if table.total_column and not same(total.total, grand):
            summed = [cell for _, amounts, _ in terms for cell in amounts]
            tolerance = _tolerance(total.total, summed)
            found.append(Mismatch(total.line, total.label, None, total.total, grand, tolerance))
    return found


def mismatches(table: BudgetTable) -> list[Mismatch]:
    """Every printed total in the table that is wrong: further from the sum of its lines than
    rounding the printed figures can explain."""
    return [m for m in differences(table) if not m.rounding]


def roundings(table: BudgetTable) -> list[Mismatch]:
    """Every printed total that differs from the sum of its lines by rounding alone."""
    return [m for m in differences(table) if m.rounding]


def headline(table: BudgetTable | None, unit_factors: dict) -> tuple[str, list[str]] | None:
    """What the headline table's lines amount to, in Danish: ('koster 1,4 mio. kr.' or
    'sparer 3,5 mio. kr.', the years with an amount). The one source of the proposal page's
    cost sentence and the search result's amount. None where it would mislead: no table, or
    totals that are not plain sums of the lines."""
    if table is None or any(t.of for t in table.totals):
        return None
    per_year = {y: a for y, a in net_by_year(table).items() if a != 0}
    if not per_year:
        return None
    total = sum(per_year.values(), Decimal(0)) * unit_factors.get(table.unit, 1)
    verb = "koster" if total > 0 else "sparer"
    return f"{verb} {danish.millions(abs(total))}", list(per_year)
