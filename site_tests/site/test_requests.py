"""No request leaves the site: one page of every kind, at a desktop and a phone width, makes
requests to the test server only (no fonts, scripts, analytics or images from elsewhere).

Every page is also written as a screenshot to screenshots/ (git-ignored), to look at by eye.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

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
        assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}, expected {status}"
        if then is not None:
            value = then(page)
            if width == WIDTHS[0]:
                result = value
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
        foreign = pages.foreign_requests()
        assert not foreign, f"{path} at {width} px requested outside the site: {foreign}"
        broken = [(s, u) for s, u in pages.responses[start:] if s >= 400 and urlsplit(u).path != urlsplit(pages.url(path)).path]
        assert not broken, f"{path} at {width} px: assets that did not load: {broken}"
    page.close()
    assert not pages.errors, f"JavaScript errors: {pages.errors}"
    assert pages.requests, "no request was recorded at all: the recorder is broken"
    return result


def heading(page: Page) -> str:
    h1 = page.locator("article h1")
    expect(h1).to_have_count(1)
    return h1.inner_text().strip()


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


def test_search_page_with_results(pages, screenshots):
    def search(page: Page) -> list[str]:
        page.locator(SEARCH_BOX).fill("samtale")
        return wait_for_results(page, "samtale")

    found = visit(pages, screenshots, "/sog/", "search", then=search)
    assert "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/" in found
    # Pagefind's WebAssembly and index came from this server (and nothing from elsewhere)
    assert any("/pagefind/" in u and "wasm" in u for u in pages.requests), pages.requests
    assert any(u.endswith(".pf_fragment") for u in pages.requests), pages.requests


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
    """The test server sends Pagefind's files with the types a deployment must use."""
    pagefind = built_site / "pagefind"
    for pattern, expected in [
        ("pagefind.*.pf_meta", "application/octet-stream"),
        ("fragment/*.pf_fragment", "application/octet-stream"),
        ("index/*.pf_index", "application/octet-stream"),
        ("wasm.*.pagefind", "application/octet-stream"),
        ("pagefind.js", "application/javascript"),
        ("pagefind-entry.json", "application/json"),
    ]:
        files = sorted(pagefind.glob(pattern))
        assert files, f"the build has no pagefind/{pattern}"
        url = server + files[0].relative_to(built_site).as_posix()
        assert content_type(url) == expected, url
    probe = built_site / "probe.wasm"  # Pagefind 1.5 names its WebAssembly *.pagefind; older, *.wasm
    probe.write_bytes(b"\0asm\1\0\0\0")
    try:
        assert content_type(server + "probe.wasm") == "application/wasm"
    finally:
        probe.unlink()
