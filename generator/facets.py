"""Facets: the ways into the archive (district, year, committee, ...). Each facet value is a
Term, a value object with a slug and a label, compared by slug. One method
(Renderer.facet_plans) makes every facet's pages; this module only says which terms a proposal
belongs to.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Proposal
from .slugs import slugify


@dataclass(frozen=True, order=True)
class Term:
    facet: str = field(compare=True)
    sort: tuple = field(compare=True)
    slug: str = field(compare=True)
    label: str = field(compare=False)
    description: str = field(default="", compare=False)

    @property
    def page(self) -> str:
        """The Markdown page of this term, relative to the docs folder."""
        return f"{self.facet}/{self.slug}.md"


@dataclass(frozen=True)
class Facet:
    id: str  # also the URL folder
    title: str  # the overview page's heading
    label: str  # what one term is called, in the proposal card
    terms_of: Callable[[Proposal, bool], tuple[Term, ...]]
    show_sums: bool = True
    # what a proposal under several terms of the facet shares its term with ("bydele"): its
    # amount counts in full under each, and the term's sums show how much of them it is
    several: str = ""
    charts: bool = False  # the term's sums drawn as charts, too

    @property
    def page(self) -> str:
        return f"{self.id}/index.md"


# Each term is made once and shared by every proposal that has it (lru_cache on the values it
# is made of): a large archive has a few hundred terms but a hundred thousand uses of them,
# made while every other process waits.
_made = functools.lru_cache(maxsize=8192)


@_made
def _municipal(municipality_id: str, short: str, name: str, qualify: bool) -> tuple[str, str]:
    """(slug, label) of a municipal vocabulary name; qualified by municipality when the archive has several."""
    if qualify:
        return slugify(f"{municipality_id}-{name}"), f"{name} ({short})"
    return slugify(name), name


@_made
def _district_term(municipality_id: str, short: str, name: str, rank: int, qualify: bool) -> Term:
    slug, label = _municipal(municipality_id, short, name, qualify)
    return Term("bydele", (municipality_id, rank, label), slug, label)


def _districts(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    m = p.municipality
    # named districts first, then city-wide, then outside
    return tuple(
        _district_term(m.id, m.short, d.label, 1 if d.city_wide else 2 if d.outside else 0, qualify)
        for d in p.districts
    )


@_made
def _year_term(year: int) -> Term:
    return Term("aar", (-year,), str(year), str(year))


def _year(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return () if p.year is None else (_year_term(p.year),)


@_made
def _entry_term(facet: str, municipality_id: str, short: str, name: str, qualify: bool) -> Term:
    slug, label = _municipal(municipality_id, short, name, qualify)
    return Term(facet, (label,), slug, label)


def _entry(facet: str, attr: str):
    def terms(p: Proposal, qualify: bool) -> tuple[Term, ...]:
        entry = getattr(p, attr)
        if entry is None:
            return ()
        return (_entry_term(facet, p.municipality.id, p.municipality.short, entry.label, qualify),)

    return terms


@_made
def _named_term(facet: str, label: str, slug: str, description: str = "") -> Term:
    return Term(facet, (label,), slug, label, description)


def _kind(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return (_named_term("typer", p.kind.label, p.kind.slug),)


def _status(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return (_named_term("status", p.status.label, p.status.slug, p.status.description),)


@_made
def _tag_term(tag: str) -> Term:
    return Term("emner", (tag.casefold(),), slugify(tag), tag)


def _tags(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return tuple(_tag_term(t) for t in p.tags)


@_made
def _municipality_term(name: str, municipality_id: str) -> Term:
    return Term("kommuner", (name,), slugify(municipality_id), name)


def _municipality(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return (_municipality_term(p.municipality.name, p.municipality.id),)


FACETS: tuple[Facet, ...] = (
    Facet("bydele", "Bydele og områder", "Bydele", _districts, several="bydele", charts=True),
    Facet("aar", "År", "År", _year),
    Facet("udvalg", "Udvalg", "Udvalg", _entry("udvalg", "committee"), charts=True),
    Facet(
        "forvaltninger",
        "Forvaltninger",
        "Forvaltning",
        _entry("forvaltninger", "administration"),
        charts=True,
    ),
    Facet("typer", "Dokumenttyper", "Type", _kind),
    Facet("status", "Status", "Status", _status),
    Facet("emner", "Emner", "Emner", _tags, several="emner"),
    Facet("kommuner", "Kommuner", "Kommune", _municipality),
)
