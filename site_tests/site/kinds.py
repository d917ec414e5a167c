"""One page of every kind on the site, for the checks that must hold on all of them (layout,
accessibility): the home page, a proposal, each facet's overview and one of its term pages, the
search page with results, the accessibility statement and the 404 page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from .search_ui import wait_for_results

FACETS = ["bydele", "aar", "udvalg", "forvaltninger", "typer", "status", "emner", "kommuner"]
WIDTHS = (1280, 375)
MISSING = "/forslag/findes-ikke/"
# the proposal with the most budget tables: two wide tables with a column of text
PROPOSAL = "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/"

KINDS = (
    ["home", "proposal", "search", "accessibility", "404"] + FACETS + [f"{f}-term" for f in FACETS]
)


@dataclass(frozen=True)
class Kind:
    name: str
    path: str
    status: int = 200
    ready: Callable[[Page], object] | None = None  # waits until the page has its content

    def open(self, page: Page, url: str) -> None:
        """Loads the page (at the page's current width) and waits until it is ready."""
        response = page.goto(url)
        assert response is not None and response.status == self.status, (
            f"{self.path}: HTTP {response and response.status}, expected {self.status}"
        )
        if self.ready is not None:
            self.ready(page)


def first_term(site: Path, facet: str) -> str:
    """The path of the facet's first term page in the built site, e.g. /aar/2012/."""
    terms = sorted(p.name for p in (site / facet).iterdir() if (p / "index.html").is_file())
    assert terms, f"the build has no term page under /{facet}/"
    return f"/{facet}/{terms[0]}/"


def kind(name: str, site: Path) -> Kind:
    if name == "home":
        return Kind(name, "/")
    if name == "proposal":
        return Kind(name, PROPOSAL)
    if name == "search":
        return Kind(name, "/sog/?q=samtale", ready=lambda page: wait_for_results(page, "samtale"))
    if name == "accessibility":
        return Kind(name, "/tilgaengelighed/")
    if name == "404":
        return Kind(name, MISSING, status=404)
    if name.endswith("-term"):
        return Kind(name, first_term(site, name.removesuffix("-term")))
    assert name in FACETS, name
    return Kind(name, f"/{name}/")


def at_each_width(pages, page_kind: Kind) -> Iterator[tuple[Page, int]]:
    """Opens the page afresh at each width of WIDTHS; yields (page, width)."""
    page = pages.new()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page_kind.open(page, pages.url(page_kind.path))
        yield page, width
