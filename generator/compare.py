"""The comparison of two revisions of an archive, as `proposal-archive diff` reports it. Pure: it
takes what checking each version of the changed files found (reading them from git is
revisions.py's, and wiring review.py's) and returns a Comparison (changes.py) that the
change_*.py reports render.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from .budget import net_by_year
from .changes import Comparison, Effect, Lost, Ref, Renamed, Version
from .diagnostics import Diagnostic
from .proposal_changes import proposal_change
from .rules import Header

NO_COMMITTEE = "(uden udvalg)"

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


def lost_addresses(
    base: dict[str, Header], head_ids: set[str], head_aliases: set[str], moved: dict[str, Header]
) -> tuple[Lost, ...]:
    """The ids of base (id → its file's header at the base side) that head has neither as an id
    nor as an alias. moved: base path → the header at the head side of a file git saw renamed,
    whose id took the lost one's place."""
    out = []
    for i, h in sorted(base.items()):
        if i not in head_ids and i not in head_aliases:
            where = moved.get(h.path) or h
            out.append(Lost(i, h.path, (where.path, *where.id_at)))
    return tuple(out)


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
    base_ids = {v.header.id: v.header for v in base if v.header and v.header.id}
    head_ids = {v.header.id for v in head if v.header and v.header.id} | known[0]
    aliases_of = {
        a: v.header.id for v in head if v.header and v.header.id for a, _ in v.header.aliases
    }
    renamed, pairs = [], []
    for old_id in sorted(set(old) - set(new)):
        new_id = aliases_of.get(old_id)
        if new_id is None:  # a file git saw renamed, whose id changed without an alias
            path = moved.get(old[old_id].path)
            new_id = next(
                (
                    v.proposal.id
                    for v in head
                    if v.proposal and v.path == path and v.proposal.id not in old
                ),
                None,
            )
        if new_id in new and new_id not in old:
            renamed.append(Renamed(old_id, Ref.of(new[new_id]), old_id in new[new_id].aliases))
            pairs.append((old[old_id], new[new_id]))
    gone = {r.old_id for r in renamed}
    came = {r.ref.id for r in renamed}
    pairs += [(old[i], new[i]) for i in sorted(set(old) & set(new))]
    changed = [c for a, b in pairs if (c := proposal_change(a, b, internal)) is not None]
    districts: _Effects = defaultdict(Decimal)
    committees: _Effects = defaultdict(Decimal)
    _effects(old.values(), -1, districts, committees)
    _effects(new.values(), 1, districts, committees)
    introduced, fixed = _compare_findings(*findings, moved)
    heads = {v.path: v.header for v in head if v.header}
    moved_to = {old: heads[new] for old, new in moved.items() if new in heads}
    return Comparison(
        base=base_label,
        head=head_label,
        files=len({v.path for v in base} | {v.path for v in head}),
        added=tuple(Ref.of(new[i]) for i in sorted(set(new) - set(old) - came)),
        removed=tuple(Ref.of(old[i]) for i in sorted(set(old) - set(new) - gone)),
        renamed=tuple(renamed),
        published=tuple(Ref.of(b) for a, b in pairs if not a.public and b.public),
        withdrawn=tuple(Ref.of(b) for a, b in pairs if a.public and not b.public),
        changed=tuple(sorted(changed, key=lambda c: c.ref.id)),
        unreadable=tuple(sorted(v.path for v in head if v.proposal is None)),
        by_district=_effect_list(districts),
        by_committee=_effect_list(committees),
        introduced=introduced,
        fixed=fixed,
        lost=lost_addresses(base_ids, head_ids, set(aliases_of) | known[1], moved_to),
    )
