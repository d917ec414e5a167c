"""What a change does to an archive: the comparison of two revisions' versions of the files that
changed, as `proposal-archive diff` reports it. Pure: it takes what checking each version found
(reading them from git is revisions.py's, and wiring review.py's) and returns frozen values that
change_report.py renders.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from .budget import is_number, net_by_year
from .danish import long_date
from .diagnostics import Diagnostic, Severity
from .model import DASH, BudgetRow, BudgetTable, Cell, Proposal, TotalRow
from .rules import Header


@dataclass(frozen=True)
class Version:
    """One file at one side, as checking it found it (proposal None: it has errors)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    header: Header | None
    proposal: Proposal | None


@dataclass(frozen=True)
class Ref:
    """A proposal as the report names it."""

    id: str
    title: str
    path: str
    public: bool


@dataclass(frozen=True)
class FieldChange:
    field: str  # its name in the file ("body": the text)
    label: str  # its Danish label, as the page shows it
    old: str
    new: str


@dataclass(frozen=True)
class CellChange:
    row: str
    year: str | None  # None: the row's 'I alt' column
    old: Cell
    new: Cell
    difference: Decimal | None  # None: not both amounts of one unit and price level


@dataclass(frozen=True)
class TableChange:
    number: int
    title: str
    status: str  # "changed", "added", "removed"
    unit: tuple[str, str]  # (before, after)
    price_level: tuple[str, str]
    cells: tuple[CellChange, ...]
    totals: tuple[CellChange, ...]  # the printed totals: 'i alt' rows
    rows_added: tuple[str, ...]
    rows_removed: tuple[str, ...]


@dataclass(frozen=True)
class ProposalChange:
    ref: Ref
    before: Ref
    fields: tuple[FieldChange, ...]
    tables: tuple[TableChange, ...]


@dataclass(frozen=True)
class Renamed:
    old_id: str
    ref: Ref
    by_alias: bool  # False: the old id is not among the new one's aliases (a lost address)


@dataclass(frozen=True)
class Effect:
    """The net change of budgeted amounts at one place and year, of one unit and price level."""

    municipality: str
    where: str  # a district, or a committee
    year: str
    unit: str
    price_level: str
    difference: Decimal


@dataclass(frozen=True)
class Lost:
    """An id that existed at the base side and is gone without an alias: its address breaks."""

    id: str
    path: str


@dataclass(frozen=True)
class Comparison:
    base: str
    head: str
    files: int  # proposal files that differ
    added: tuple[Ref, ...]
    removed: tuple[Ref, ...]
    renamed: tuple[Renamed, ...]
    published: tuple[Ref, ...]  # public: false → true
    withdrawn: tuple[Ref, ...]  # public: true → false
    changed: tuple[ProposalChange, ...]
    unreadable: tuple[str, ...]  # files that have errors at the head side: only findings say more
    by_district: tuple[Effect, ...]
    by_committee: tuple[Effect, ...]
    introduced: tuple[Diagnostic, ...]
    fixed: tuple[Diagnostic, ...]
    lost: tuple[Lost, ...]

    @property
    def breaks(self) -> bool:
        """Whether the change breaks a rule: a lost address, or an error it introduces."""
        return bool(self.lost) or any(d.severity is Severity.ERROR for d in self.introduced)


NO_COMMITTEE = "(uden udvalg)"


def _ref(p: Proposal) -> Ref:
    return Ref(p.id, p.display_code_title, p.path, p.public)


def _label(entry) -> str:
    return entry.label if entry is not None else ""


def _meeting(p: Proposal) -> str:
    m = p.meeting
    if m is None:
        return ""
    parts = [m.body, long_date(m.date) if m.date else "", f"kl. {m.time}" if m.time else "", m.place]
    parts += [f"punkt {m.item}" if m.item else "", m.case_type, ", ".join(m.members), ", ".join(m.absent)]
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
        "summary_source": _SUMMARY_SOURCES.get(p.summary_source, p.summary_source) if p.summary else "",
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
            out.append(TableChange(b.number, b.title, "changed", (a.unit, b.unit), (a.price_level, b.price_level), cells, totals, added, removed))
    common = min(len(old.budget), len(new.budget))
    rest = [(t, "removed") for t in old.budget[common:]] + [(t, "added") for t in new.budget[common:]]
    for t, status in rest:
        out.append(TableChange(t.number, t.title, status, (t.unit,) * 2, (t.price_level,) * 2, (), (), (), ()))
    return tuple(out)


# (municipality, district or committee, year, unit, price level) → net change
_Effects = defaultdict[tuple[str, str, str, str, str], Decimal]


def _effects(proposals, sign: int, districts: _Effects, committees: _Effects) -> None:
    """Add each proposal's headline net per year (as the index pages sum it) to the counters,
    keyed by place, year, unit and price level, which are never added across."""
    for p in proposals:
        table = p.headline_table
        if table is None:
            continue
        committee = p.committee.label if p.committee else NO_COMMITTEE
        for year, amount in net_by_year(table).items():
            for d in p.districts:
                districts[(p.municipality.name, d.label, year, *table.basis)] += sign * amount
            committees[(p.municipality.name, committee, year, *table.basis)] += sign * amount


def _effect_list(counter: _Effects) -> tuple[Effect, ...]:
    return tuple(Effect(*key, value) for key, value in sorted(counter.items()) if value != 0)


def _finding_key(d: Diagnostic, moved: dict) -> tuple:
    """A finding without its place in the file (an edit above it moves it, not changes it)."""
    return (moved.get(d.path, d.path), d.severity.value, d.code, d.message)


def _compare_findings(base: list[Diagnostic], head: list[Diagnostic], moved: dict):
    """(introduced, fixed): findings at head not at base, and the reverse, counted as multisets."""
    old = Counter(_finding_key(d, moved) for d in base)
    new = Counter(_finding_key(d, {}) for d in head)
    introduced, fixed = [], []
    for d in sorted(head):
        key = _finding_key(d, {})
        if old[key] > 0:
            old[key] -= 1
        else:
            introduced.append(d)
    for d in sorted(base):
        key = _finding_key(d, moved)
        if new[key] > 0:
            new[key] -= 1
        else:
            fixed.append(d)
    return tuple(introduced), tuple(fixed)


def lost_addresses(base_ids: dict[str, str], head_ids: set[str], head_aliases: set[str]) -> tuple[Lost, ...]:
    """The ids of base_ids (id → path) that head has neither as an id nor as an alias."""
    return tuple(Lost(i, path) for i, path in sorted(base_ids.items()) if i not in head_ids and i not in head_aliases)


def compare(
    base_label: str,
    head_label: str,
    base: list[Version],
    head: list[Version],
    moved: dict[str, str],
    findings: tuple[list[Diagnostic], list[Diagnostic]],
    known: tuple[set[str], set[str]],
    internal: dict,
) -> Comparison:
    """The comparison of the versions of the changed files at each side. moved: base path →
    head path of files git saw renamed; findings: (base, head) diagnostics of the changed files
    and of the archive rules; known: (ids, aliases) at the head side beyond the changed files."""
    old = {v.proposal.id: v.proposal for v in base if v.proposal}
    new = {v.proposal.id: v.proposal for v in head if v.proposal}
    base_ids = {v.header.id: v.path for v in base if v.header and v.header.id}
    head_ids = {v.header.id for v in head if v.header and v.header.id} | known[0]
    aliases_of = {a: v.header.id for v in head if v.header and v.header.id for a, _ in v.header.aliases}
    renamed, pairs = [], []
    for old_id in sorted(set(old) - set(new)):
        new_id = aliases_of.get(old_id)
        if new_id is None:  # a file git saw renamed, whose id changed without an alias
            path = moved.get(old[old_id].path)
            new_id = next((v.proposal.id for v in head if v.proposal and v.path == path and v.proposal.id not in old), None)
        if new_id in new and new_id not in old:
            renamed.append(Renamed(old_id, _ref(new[new_id]), old_id in new[new_id].aliases))
            pairs.append((old[old_id], new[new_id]))
    gone = {r.old_id for r in renamed}
    came = {r.ref.id for r in renamed}
    pairs += [(old[i], new[i]) for i in sorted(set(old) & set(new))]
    changed = []
    for a, b in pairs:
        fields, tables = _field_changes(a, b, internal), _tables(a, b)
        if fields or tables or a.public != b.public:
            changed.append(ProposalChange(_ref(b), _ref(a), fields, tables))
    districts: _Effects = defaultdict(Decimal)
    committees: _Effects = defaultdict(Decimal)
    _effects(old.values(), -1, districts, committees)
    _effects(new.values(), 1, districts, committees)
    introduced, fixed = _compare_findings(*findings, moved)
    return Comparison(
        base=base_label,
        head=head_label,
        files=len({v.path for v in base} | {v.path for v in head}),
        added=tuple(_ref(new[i]) for i in sorted(set(new) - set(old) - came)),
        removed=tuple(_ref(old[i]) for i in sorted(set(old) - set(new) - gone)),
        renamed=tuple(renamed),
        published=tuple(_ref(b) for a, b in pairs if not a.public and b.public),
        withdrawn=tuple(_ref(b) for a, b in pairs if a.public and not b.public),
        changed=tuple(sorted(changed, key=lambda c: c.ref.id)),
        unreadable=tuple(sorted(v.path for v in head if v.proposal is None)),
        by_district=_effect_list(districts),
        by_committee=_effect_list(committees),
        introduced=introduced,
        fixed=fixed,
        lost=lost_addresses(base_ids, head_ids, set(aliases_of) | known[1]),
    )


__all__ = ["Comparison", "Version", "compare", "lost_addresses", "DASH"]
