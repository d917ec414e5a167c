"""Facets: the ways into the archive (district, year, committee, ...). Each facet value is a
Term, a value object with a slug and a label, compared by slug. One function (render.facet_pages)
builds every facet's pages; this module only says which terms a proposal belongs to.
"""
from __future__ import annotations

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

    @property
    def page(self) -> str:
        return f"{self.id}/index.md"


def _municipal(p: Proposal, name: str, qualify: bool) -> tuple[str, str]:
    """(slug, label) of a municipal vocabulary name; qualified by municipality when the archive has several."""
    if qualify:
        return slugify(f"{p.municipality.id}-{name}"), f"{name} ({p.municipality.short})"
    return slugify(name), name


def _districts(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    out = []
    for i, d in enumerate(p.districts):
        slug, label = _municipal(p, d.label, qualify)
        rank = 1 if d.city_wide else 2 if d.outside else 0  # named districts first, then city-wide, then outside
        out.append(Term("bydele", (p.municipality.id, rank, label), slug, label))
    return tuple(out)


def _year(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return () if p.year is None else (Term("aar", (-p.year,), str(p.year), str(p.year)),)


def _entry(facet: str, attr: str):
    def terms(p: Proposal, qualify: bool) -> tuple[Term, ...]:
        entry = getattr(p, attr)
        if entry is None:
            return ()
        slug, label = _municipal(p, entry.label, qualify)
        return (Term(facet, (label,), slug, label),)

    return terms


def _kind(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return (Term("typer", (p.kind.label,), p.kind.slug, p.kind.label),)


def _status(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return (Term("status", (p.status.label,), p.status.slug, p.status.label, p.status.description),)


def _tags(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    return tuple(Term("emner", (t.casefold(),), slugify(t), t) for t in p.tags)


def _municipality(p: Proposal, qualify: bool) -> tuple[Term, ...]:
    m = p.municipality
    return (Term("kommuner", (m.name,), slugify(m.id), m.name),)


FACETS: tuple[Facet, ...] = (
    Facet("bydele", "Bydele og områder", "Bydele", _districts),
    Facet("aar", "År", "År", _year),
    Facet("udvalg", "Udvalg", "Udvalg", _entry("udvalg", "committee")),
    Facet("forvaltninger", "Forvaltninger", "Forvaltning", _entry("forvaltninger", "administration")),
    Facet("typer", "Dokumenttyper", "Type", _kind),
    Facet("status", "Status", "Status", _status),
    Facet("emner", "Emner", "Emner", _tags),
    Facet("kommuner", "Kommuner", "Kommune", _municipality),
)

