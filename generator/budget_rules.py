"""The rules on a proposal's budget tables: in the front matter, one amount per year in every
row, the declared columns, totals that add rows that exist (they need the structure the schema
checked); on the model, printed totals that equal the sums of their lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .budget import differences
from .danish import format_cell
from .diagnostics import Diagnostic, error, info, warning
from .model import Proposal
from .reader import SourceFile
from .vocabulary import Vocabulary

# ---------------------------------------------------------------- rules on the front matter's tables


def _table_rules(
    source: SourceFile, vocab: Vocabulary, t: int, table: dict
) -> Iterator[Diagnostic]:
    where = lambda *p: source.front.where(("budget", t) + p)  # noqa: E731
    years = table["years"]
    columns = table.get("columns", [])
    total_column = table.get("total_column", False)
    keys = defaultdict(list)
    for kind in ("rows", "totals"):
        for r, row in enumerate(table.get(kind, [])):
            rline, rcol = where(kind, r)
            rtype = row.get("type", "line") if kind == "rows" else "total"
            if rtype == "heading":
                if "amounts" in row or "total" in row:
                    yield error(
                        source.path,
                        rline,
                        rcol,
                        "heading-amounts",
                        f"heading row '{row['label']}' has amounts; a heading row only labels a group",
                    )
                continue
            if "amounts" not in row:
                yield error(
                    source.path,
                    rline,
                    rcol,
                    "amounts-per-year",
                    f"row '{row['label']}' has no 'amounts'; expected {len(years)}, one per year ({', '.join(map(str, years))})",
                )
            elif len(row["amounts"]) != len(years):
                aline, acol = where(kind, r, "amounts")
                yield error(
                    source.path,
                    aline,
                    acol,
                    "amounts-per-year",
                    f"row '{row['label']}' has {len(row['amounts'])} amount{'s' if len(row['amounts']) != 1 else ''}; expected {len(years)}, one per year ({', '.join(map(str, years))})",
                )
            if total_column and rtype != "detail" and "total" not in row:
                yield error(
                    source.path,
                    rline,
                    rcol,
                    "row-total",
                    f"row '{row['label']}' has no 'total' but the table has an 'I alt' column (total_column: true)",
                )
            if not total_column and "total" in row:
                tline, tcol = where(kind, r, "total")
                yield error(
                    source.path,
                    tline,
                    tcol,
                    "row-total",
                    f"row '{row['label']}' has a 'total' but the table has no 'I alt' column; set total_column: true",
                )
            for col in columns:
                if col not in row:
                    yield error(
                        source.path,
                        rline,
                        rcol,
                        "row-columns",
                        f"row '{row['label']}' has no '{col}'; the table's columns are {', '.join(columns)} (use \"\" for an empty cell)",
                    )
            for col in vocab.columns:
                if col.id in row and col.id not in columns:
                    cline, ccol = where(kind, r, col.id)
                    yield error(
                        source.path,
                        cline,
                        ccol,
                        "row-columns",
                        f"row '{row['label']}' has '{col.id}', which is not among the table's columns ({', '.join(columns) or 'none'})",
                    )
            area = row.get("styringsomraade")
            if area and area not in vocab.control_areas:
                cline, ccol = where(kind, r, "styringsomraade")
                yield error(
                    source.path,
                    cline,
                    ccol,
                    "unknown-value",
                    f"'{area}' is not a known styringsområde; expected one of: {', '.join(vocab.control_areas)}",
                )
            if kind == "rows" and "key" in row:
                keys[row["key"]].append(where(kind, r, "key"))
    for key, places in keys.items():
        for line, col in places[1:]:
            yield error(
                source.path,
                line,
                col,
                "duplicate-row-key",
                f"row key '{key}' is used twice in this table",
            )
    for r, total in enumerate(table.get("totals", [])):
        for i, term in enumerate(total.get("of", [])):
            if term.lstrip("-") not in keys:
                line, col = where("totals", r, "of", i)
                yield error(
                    source.path,
                    line,
                    col,
                    "unknown-row",
                    f"total '{total['label']}' adds row '{term.lstrip('-')}', but no row has that key; keys: {', '.join(keys) or 'none'}",
                )


def rule_tables(source: SourceFile, data: dict, vocab: Vocabulary) -> Iterator[Diagnostic]:
    """Each table has one amount per year in every row, its declared columns, and consistent totals."""
    tables = data.get("budget", [])
    for t, table in enumerate(tables):
        yield from _table_rules(source, vocab, t, table)
    headlines = [t for t, table in enumerate(tables) if table.get("headline")]
    for t in headlines[1:]:
        line, col = source.front.where(("budget", t, "headline"))
        yield error(
            source.path,
            line,
            col,
            "headline",
            "more than one table is marked 'headline: true'; mark the one that states the proposal's economy",
        )


def table_rules(source: SourceFile, data: dict, vocab: Vocabulary) -> list[Diagnostic]:
    return list(rule_tables(source, data, vocab))


# ---------------------------------------------------------------- rules on the model


def rule_printed_totals(proposal: Proposal) -> Iterator[Diagnostic]:
    """Every printed total equals the sum of its lines (a warning: the document is what it was),
    or differs by no more than rounding each printed figure explains (information)."""
    for table in proposal.budget:
        for m in differences(table):
            where = (
                f"'I alt' of row '{m.row_label}'"
                if m.year is None
                else f"row '{m.row_label}', {m.year}"
            )
            told = (
                f"table {table.number} ({table.unit}): {where}: printed {format_cell(m.printed)}, "
                f"but the sum of its lines is {format_cell(m.computed)}"
            )
            if m.rounding:
                yield info(
                    proposal.path,
                    m.line,
                    1,
                    "total-rounding",
                    f"{told}: a rounding difference (afrundingsdifference), within the "
                    f"{format_cell(m.tolerance)} that rounding each printed figure can explain",
                )
            else:
                yield warning(proposal.path, m.line, 1, "total-mismatch", told)
