"""A proposal's budget as its page shows it: the sentence that says what it costs, and each
table with its wrong totals, the differences that rounding explains (footnotes) and, where the
document printed no totals, the sums of its lines.
"""

from __future__ import annotations

from .budget import add, differences, headline
from .model import BudgetTable


def cost_sentence(table: BudgetTable | None, unit_factors: dict) -> str | None:
    """'Forslaget koster 1,4 mio. kr. i 2018–2019 (2018 p/l).' (budget.headline)."""
    found = headline(table, unit_factors)
    if found is None or table is None:  # (there is no headline without a table)
        return None
    amount, years = found
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"Forslaget {amount} i {span} ({table.price_level})."


def table_view(table: BudgetTable) -> dict:
    """What the template proposal.md.j2 shows of one table."""
    found = differences(table)  # (once: mismatches() and roundings() each find them all)
    wrong = {(m.line, m.year): m for m in found if not m.rounding}
    # a difference that rounding explains is shown quietly, as a footnote
    rounded = {(m.line, m.year): m for m in found if m.rounding}
    computed = None
    if not table.totals:
        per_year = tuple(
            add([r.amounts[i] for r in table.rows if r.type == "line"])
            for i in range(len(table.years))
        )
        computed = (per_year, add(per_year))
    return {
        "t": table,
        # a table with group headings has two levels of row headers (budget_table.html.j2)
        "grouped": any(r.type == "heading" for r in table.rows),
        "wrong": wrong,
        "computed": computed,
        "mismatches": list(wrong.values()),
        "rounded": rounded,
        "roundings": list(rounded.values()),
    }
