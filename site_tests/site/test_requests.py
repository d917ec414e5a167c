"""No request leaves the site: one page of every kind, at a desktop and a phone width, makes
requests to the test server only (no fonts, scripts, analytics or images from elsewhere).

Every page is also written as a screenshot to screenshots/ (git-ignored), to look at by eye.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from .kinds import FACETS, MISSING, WIDTHS
from .search_ui import SEARCH_BOX, wait_for_results


def visit(pages, screenshots, path: str, name: str, status: int = 200, then=None):
    """Loads `path` afresh at every width, runs `then(page)` (its result at the first width is
    returned), waits until the network is quiet, takes a full-page screenshot, and fails on any
    request that left the test server or any asset that did not load."""
    result = None
    page = pages.new(width=WIDTHS[0], height=800)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        start = len(pages.responses)
        response = page.goto(pages.url(path))
        assert response is not None and response.status == status, (
            f"{path}: HTTP {response and response.status}, expected {status}"
        )
        if then is not None:
            value = then(page)
            if width == WIDTHS[0]:
                result = value
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
        foreign = pages.foreign_requests()
        assert not foreign, f"{path} at {width} px requested outside the site: {foreign}"
        broken = [
            (s, u)
            for s, u in pages.responses[start:]
            if s >= 400 and urlsplit(u).path != urlsplit(pages.url(path)).path
        ]
        assert not broken, f"{path} at {width} px: assets that did not load: {broken}"
    page.close()
    assert not pages.errors, f"JavaScript errors: {pages.errors}"
    assert pages.requests, "no request was recorded at all: the recorder is broken"
    return result


def heading(page: Page) -> str:
    h1 = page.locator("article h1")
    expect(h1).to_have_count(1)
    # the text as read: without the soft hyphens of long words (generator/hyphenate.py), which
    # innerText keeps although they show only where a line breaks
    return h1.inner_text().replace("\u00ad", "").strip()


def test_home(pages, screenshots):
    title = visit(pages, screenshots, "/", "home", then=heading)
    assert title == "Budgetforslag – arkiv"


def test_proposal(pages, screenshots):
    title = visit(pages, screenshots, "/forslag/kk-b2019-bc24/", "proposal", then=heading)
    assert title.startswith("BC24: ")


def test_accessibility_statement(pages, screenshots):
    title = visit(pages, screenshots, "/tilgaengelighed/", "accessibility", then=heading)
    assert title == "Tilgængelighedserklæring"


def term_links(facet: str):
    def find(page: Page) -> list[str]:
        heading(page)
        hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
        paths = [urlsplit(h).path for h in hrefs if urlsplit(h).netloc == urlsplit(page.url).netloc]
        return [p for p in paths if p.startswith(f"/{facet}/") and p != f"/{facet}/"]

    return find


def proposal_links(page: Page) -> list[str]:
    heading(page)
    hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs if urlsplit(h).path.startswith("/forslag/")]


@pytest.mark.parametrize("facet", FACETS)
def test_facet_overview_and_term_page(pages, screenshots, facet):
    terms = visit(pages, screenshots, f"/{facet}/", f"{facet}", then=term_links(facet))
    assert terms, f"/{facet}/ links to no term page"
    listed = visit(pages, screenshots, terms[0], f"{facet}-term", then=proposal_links)
    assert listed, f"{terms[0]} lists no proposal"


def test_search_page_with_results(pages, screenshots, built_site):
    def search(page: Page) -> list[str]:
        page.locator(SEARCH_BOX).fill("samtale")
        return wait_for_results(page, "samtale")

    found = visit(pages, screenshots, "/sog/", "search", then=search)
    assert "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/" in found
    # the index's parts came from this server (and nothing from elsewhere): its list of shards,
    # a shard, and the documents shown; never the whole index
    index = [urlsplit(u).path for u in pages.requests if "/search-index/" in u]
    assert "/search-index/meta.json" in index, pages.requests
    assert any(p.startswith("/search-index/t/") for p in index), index
    assert any(p.startswith("/search-index/d/") for p in index), index
    shards = len(list((built_site / "search-index" / "t").glob("*.json")))
    assert sum(p.startswith("/search-index/t/") for p in index) < shards, index


def test_missing_page_is_materials_404(pages, screenshots):
    def not_found(page: Page) -> str:
        # Material's 404 page in the site's own layout, styled and usable: header, search, footer
        expect(page.locator(".md-header")).to_be_visible()
        expect(page.locator("#pa-header-q")).to_be_visible()
        expect(page.locator(".md-footer")).to_be_visible()
        return heading(page)

    title = visit(pages, screenshots, MISSING, "404", status=404, then=not_found)
    assert title.startswith("404"), title  # Material's own text is "404 - Not found"


def test_missing_page_status_over_http(server):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(server + MISSING.lstrip("/"), timeout=10)
    assert caught.value.code == 404
    body = caught.value.read().decode("utf-8")
    assert re.search(r"<h1>404\b", body), body[:500]
    assert 'class="md-header' in body


def content_type(url: str) -> str:
    request = urllib.request.Request(url, method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get_content_type()


def test_server_types_as_deployed(server, built_site):
    """The test server sends the search's files with the types a deployment must use (JSON, so
    that gzip_types compresses them; a script as a script)."""
    for path, expected in [
        ("search-index/meta.json", "application/json"),
        (
            next((built_site / "search-index" / "t").glob("*.json"))
            .relative_to(built_site)
            .as_posix(),
            "application/json",
        ),
        ("search-index/d/0.json", "application/json"),
        ("assets/search.js", "application/javascript"),
    ]:
        assert (built_site / path).is_file(), path
        assert content_type(server + quote(path)) == expected, path
