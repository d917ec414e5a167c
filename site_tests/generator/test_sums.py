"""Sums per status: an adopted amount is never added to a rejected one, units and price levels
stay apart, and proposals shared with other terms are counted and shown apart."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from generator.check import for_audience, load
from generator.project import Project
from generator.sums import shared_in, status_sums
from site_tests.archives import make_archive


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = make_archive(tmp_path_factory.mktemp("sums") / "a", "small")
    return for_audience(load(Project(root)), "intranet")


def with_status(p, status):
    return dataclasses.replace(p, status=status)


def test_statuses_are_summed_apart_and_ordered_as_the_vocabulary(small):
    statuses = list(small.vocab.statuses)
    by_id = {s.id: s for s in statuses}
    cafe = small.by_id["zz-small-cafe"]  # 1.000 kr., 2030 p/l: 500, 500, -
    savings = small.by_id["zz-small-savings"]  # 1.000 kr., 2030 p/l: -500, -1000
    rejected = with_status(dataclasses.replace(cafe, id="x-rejected"), by_id["forkastet"])
    tables = status_sums([cafe, savings, rejected], statuses)
    (table,) = tables
    basis = (table.unit, table.price_level, table.years)
    assert basis == ("1.000 kr.", "2030 p/l", ("2030", "2031"))
    assert [r.status.id for r in table.rows] == ["forslag", "vedtaget", "forkastet"]
    assert table.row("vedtaget").amounts == (Decimal(500), Decimal(500))
    assert table.row("forkastet").amounts == (Decimal(500), Decimal(500))
    assert table.row("forslag").amounts == (Decimal(-500), Decimal(-1000))
    assert [r.count for r in table.rows] == [1, 1, 1]


def test_units_and_price_levels_are_never_added(small):
    statuses = list(small.vocab.statuses)
    tables = status_sums(small.proposals, statuses)
    bases = [(t.unit, t.price_level) for t in tables]
    assert bases == sorted(set(bases)) and ("kr.", "løbende priser") in bases
    (kroner,) = [t for t in tables if t.unit == "kr."]
    # the evaluation's table: tilskud minus forbrug, from the lines, per year
    assert kroner.row("afsluttet").amounts == (Decimal(160550), Decimal(-6717))


def test_a_year_without_an_amount_of_that_status_is_none_not_zero(small):
    statuses = list(small.vocab.statuses)
    cafe, savings = small.by_id["zz-small-cafe"], small.by_id["zz-small-savings"]
    moved = dataclasses.replace(savings.budget[0], years=("2032", "2033"))
    late = dataclasses.replace(savings, budget=(moved,))
    (table,) = status_sums([cafe, late], statuses)
    assert table.years == ("2030", "2031", "2032", "2033")
    assert table.row("vedtaget").amounts == (Decimal(500), Decimal(500), None, None)
    assert table.row("forslag").amounts == (None, None, Decimal(-500), Decimal(-1000))


def test_shared_proposals_are_counted_and_summed_apart(small):
    statuses = list(small.vocab.statuses)
    terms = lambda p: small.terms_of[(p.id, "bydele")]  # noqa: E731
    cafe, savings = small.by_id["zz-small-cafe"], small.by_id["zz-small-savings"]
    assert len(terms(cafe)) == 2 and len(terms(savings)) == 1
    (table,) = status_sums([cafe, savings], statuses, shared=shared_in(terms))
    adopted = table.row("vedtaget")
    assert (adopted.shared_count, adopted.shared_amounts) == (1, (Decimal(500), Decimal(500)))
    proposed = table.row("forslag")
    assert (proposed.shared_count, proposed.shared_amounts) == (0, (None, None))


def test_proposals_without_amounts_make_no_table(small):
    closed = small.by_id["zz-small-closed"]
    assert status_sums([closed], list(small.vocab.statuses)) == ()
