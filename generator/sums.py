"""Sums that say what they are: the headline tables of a group of proposals (a district's, a
committee's, a year's ...) summed per year, apart for every status, unit and price level.

An adopted amount is never added to a rejected one, and amounts of different units or price
levels are never added at all. A proposal that belongs to several terms of a facet (a proposal
for three districts) counts in full under each of them; each status's sum says how much of it
comes from such shared proposals, so a page can show them apart. Pure functions over the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from .budget import net_by_year
from .model import Proposal
from .vocabulary import Entry

NetOf = Callable[[Proposal], dict]  # a proposal → its headline table's net amounts per year


@dataclass(frozen=True)
class StatusSum:
    """One status's sums in one unit and price level. amounts aligns with SumTable.years; None
    where no proposal of the status has an amount that year."""

    status: Entry
    count: int  # proposals summed
    amounts: tuple[Decimal | None, ...]
    shared_count: int  # of them, those that also belong to other terms of the facet
    shared_amounts: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class SumTable:
    """The sums of one unit and price level: a row per status, never a total across them."""

    unit: str
    price_level: str
    years: tuple[str, ...]
    rows: tuple[StatusSum, ...]

    def row(self, status_id: str) -> StatusSum | None:
        return next((r for r in self.rows if r.status.id == status_id), None)


def headline_net(p: Proposal) -> dict:
    """The net amounts per year of p's headline table ({} without one)."""
    table = p.headline_table
    return net_by_year(table) if table is not None else {}


def year_order(year: str) -> tuple:
    """Table years in time order ('2019' before '2020', a short label before a longer one)."""
    return (len(year), year)


def _add(bucket: dict, net: dict) -> None:
    for year, amount in net.items():
        bucket[year] = bucket.get(year, Decimal(0)) + amount


def status_sums(
    proposals: Iterable[Proposal],
    statuses: Iterable[Entry],
    shared: Callable[[Proposal], bool] = lambda p: False,
    net_of: NetOf = headline_net,
) -> tuple[SumTable, ...]:
    """The proposals' headline tables summed per year: a SumTable per (unit, price level), in
    that order, each with a row per status in the vocabulary's order (statuses). shared(p):
    whether p also counts under other terms of the same facet."""
    # (unit, level) → status id → [count, amounts, shared count, shared amounts]
    found: dict = {}
    entries: dict = {}
    for p in proposals:
        table = p.headline_table
        if table is None:
            continue
        net = net_of(p)
        if not net:
            continue
        entries.setdefault(p.status.id, p.status)
        acc = found.setdefault(table.basis, {}).setdefault(p.status.id, [0, {}, 0, {}])
        acc[0] += 1
        _add(acc[1], net)
        if shared(p):
            acc[2] += 1
            _add(acc[3], net)
    order = {e.id: n for n, e in enumerate(statuses)}
    tables = []
    for (unit, level), by_status in sorted(found.items()):
        years = tuple(sorted({y for acc in by_status.values() for y in acc[1]}, key=year_order))
        rows = tuple(
            StatusSum(
                status=entries[sid],
                count=acc[0],
                amounts=tuple(acc[1].get(y) for y in years),
                shared_count=acc[2],
                shared_amounts=tuple(acc[3].get(y) for y in years),
            )
            for sid, acc in sorted(by_status.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
        )
        tables.append(SumTable(unit, level, years, rows))
    return tuple(tables)


def shared_in(terms_of: Callable[[Proposal], tuple]) -> Callable[[Proposal], bool]:
    """shared() for status_sums: a proposal is shared when it has more than one term of the
    facet (terms_of: a proposal → its terms of the facet)."""
    return lambda p: len(terms_of(p)) > 1


def shared_under(terms_of: dict, facet_id: str) -> Callable[[Proposal], bool]:
    """shared_in() of the archive's terms_of ((proposal id, facet id) → its terms of the facet),
    in one call per proposal: the sums of a large term ask it of thousands."""
    return lambda p: len(terms_of[(p.id, facet_id)]) > 1
