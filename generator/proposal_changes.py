"""What changed in one proposal between two versions of it: each field as its page shows it,
and each budget table cell by cell, with the difference where both are amounts of one unit and
price level.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from .budget import is_number
from .changes import CellChange, FieldChange, ProposalChange, Ref, TableChange
from .danish import long_date
from .model import BudgetRow, BudgetTable, Cell, Proposal, TotalRow


def _label(entry) -> str:
    return entry.label if entry is not None else ""


def _meeting(p: Proposal) -> str:
    m = p.meeting
    if m is None:
        return ""
    parts = [
        m.body,
        long_date(m.date) if m.date else "",
        f"kl. {m.time}" if m.time else "",
        m.place,
    ]
    parts += [
        f"punkt {m.item}" if m.item else "",
        m.case_type,
        ", ".join(m.members),
        ", ".join(m.absent),
    ]
    return ", ".join(x for x in parts if x)


# The compared fields: their name in the file → the label the page gives them.
FIELD_LABELS = {
    "title": "Titel",
    "code": "Nummer",
    "kind": "Type",
    "municipality": "Kommune",
    "administration": "Forvaltning",
    "committee": "Udvalg",
    "budget_year": "Budgetår",
    "date": "Dato",
    "case_number": "Sagsnr.",
    "document_number": "Dokumentnr.",
    "status": "Status",
    "public": "Offentlig",
    "districts": "Bydele",
    "tags": "Emner",
    "related": "Relaterede forslag",
    "summary": "Kort fortalt",
    "summary_source": "Resuméets kilde",
    "meeting": "Møde",
    "aliases": "Tidligere adresser",
    "source": "Kilde",
}
_SUMMARY_SOURCES = {"archive": "arkivet", "document": "dokumentet"}


def _source(p: Proposal) -> str:
    """The source document as its page names it: file, pages, address, its digest's start."""
    s = p.source
    if s is None:
        return ""
    digest = f"SHA-256 {s.sha256[:12]}…" if s.sha256 else ""
    parts = [s.file, f"s. {s.pages}" if s.pages else "", s.url, digest]
    return ", ".join(part for part in parts if part)


def _fields(p: Proposal, internal: dict) -> dict[str, str]:
    """What each compared field shows (a field's name → its text)."""
    shown = {
        "title": p.title,
        "code": p.code or "",
        "kind": p.kind.label,
        "municipality": p.municipality.name,
        "administration": _label(p.administration),
        "committee": _label(p.committee),
        "budget_year": str(p.budget_year or ""),
        "date": long_date(p.date) if p.date else "",
        "case_number": p.case_number or "",
        "document_number": p.document_number or "",
        "status": p.status.label,
        "public": "ja" if p.public else "nej",
        "districts": ", ".join(d.label for d in p.districts),
        "tags": ", ".join(p.tags),
        "related": ", ".join(f"{r.id} ({r.relation.label})" for r in p.related),
        "summary": p.summary or "",
        "summary_source": _SUMMARY_SOURCES.get(p.summary_source, p.summary_source)
        if p.summary
        else "",
        "meeting": _meeting(p),
        "aliases": ", ".join(p.aliases),
        "source": _source(p),
    }
    for name in internal:
        shown[name] = str(getattr(p, name, None) or "")
    return shown


def _field_changes(old: Proposal, new: Proposal, internal: dict) -> tuple[FieldChange, ...]:
    before, after = _fields(old, internal), _fields(new, internal)
    labels = {**FIELD_LABELS, **internal}
    out = [FieldChange(k, labels[k], before[k], after[k]) for k in after if before[k] != after[k]]
    if old.body_utf8 != new.body_utf8:  # the text itself is for git's own diff to show
        lines = lambda p: f"{len(p.body.splitlines())} linjer"  # noqa: E731
        out.append(FieldChange("body", "Tekst", lines(old), lines(new) + " (ændret)"))
    return tuple(out)


def _difference(old: Cell, new: Cell, comparable: bool) -> Decimal | None:
    """new - old where both are amounts (a dash or empty cell counting as nothing budgeted)."""
    if not comparable or not (is_number(old) or is_number(new)):
        return None
    as_number = lambda c: c if is_number(c) else Decimal(0)  # noqa: E731
    return as_number(new) - as_number(old)


def _keyed(rows) -> dict[tuple, BudgetRow | TotalRow]:
    """Rows by their key, else by their label and how many rows of that label came before."""
    out: dict[tuple, BudgetRow | TotalRow] = {}
    seen: Counter[str] = Counter()
    for row in rows:
        if getattr(row, "key", None):
            out[("key", row.key)] = row
        else:
            out[("label", row.label, seen[row.label])] = row
            seen[row.label] += 1
    return out


def _cells(old_rows, new_rows, old: BudgetTable, new: BudgetTable, comparable: bool):
    """(cell changes, labels of rows added, of rows removed) between two tables' rows."""
    before, after = _keyed(old_rows), _keyed(new_rows)
    changes = []
    years = list(dict.fromkeys([*new.years, *old.years]))
    for key in list(after) + [k for k in before if k not in after]:
        a, b = before.get(key), after.get(key)
        label = b.label if b is not None else before[key].label  # (the key is on one side)
        # (not strict: a revision being compared may have a row that breaks the years rule)
        old_amounts = dict(zip(old.years, a.amounts, strict=False)) if a else {}
        new_amounts = dict(zip(new.years, b.amounts, strict=False)) if b else {}
        for year in years:
            x, y = old_amounts.get(year), new_amounts.get(year)
            if x != y or type(x) is not type(y):
                changes.append(CellChange(label, year, x, y, _difference(x, y, comparable)))
        x, y = a.total if a else None, b.total if b else None
        if x != y or type(x) is not type(y):
            changes.append(CellChange(label, None, x, y, _difference(x, y, comparable)))
    added = tuple(after[k].label for k in after if k not in before)
    removed = tuple(before[k].label for k in before if k not in after)
    return tuple(changes), added, removed


def _tables(old: Proposal, new: Proposal) -> tuple[TableChange, ...]:
    out = []
    # tables are compared by position: the ones both have, then the longer list's rest
    for a, b in zip(old.budget, new.budget, strict=False):
        comparable = a.basis == b.basis
        cells, added, removed = _cells(a.rows, b.rows, a, b, comparable)
        totals, _, _ = _cells(a.totals, b.totals, a, b, comparable)
        if cells or totals or added or removed or not comparable or a.title != b.title:
            out.append(
                TableChange(
                    b.number,
                    b.title,
                    "changed",
                    (a.unit, b.unit),
                    (a.price_level, b.price_level),
                    cells,
                    totals,
                    added,
                    removed,
                )
            )
    common = min(len(old.budget), len(new.budget))
    rest = [(t, "removed") for t in old.budget[common:]] + [
        (t, "added") for t in new.budget[common:]
    ]
    for t, status in rest:
        out.append(
            TableChange(
                t.number, t.title, status, (t.unit,) * 2, (t.price_level,) * 2, (), (), (), ()
            )
        )
    return tuple(out)


def proposal_change(old: Proposal, new: Proposal, internal: dict) -> ProposalChange | None:
    """What changed from old to new (None: nothing the report shows); internal: the archive's
    internal fields (name → label), compared as text."""
    fields, tables = _field_changes(old, new, internal), _tables(old, new)
    if fields or tables or old.public != new.public:
        return ProposalChange(Ref.of(new), Ref.of(old), fields, tables)
    return None
