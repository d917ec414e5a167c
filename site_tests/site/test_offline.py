"""The offline build (`proposal-archive build --offline`) opened from a file share: file:// URLs,
pages named name.html, and Danish search from the header's search box with the build's own
index. Every request stays on the file share; the search page passes axe too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import axe
from .kinds import Kind, at_each_width
from .search_ui import MESSAGE as STATUS
from .search_ui import RESULT_LINKS


def wait_for_offline_results(page: Page, term: str) -> list[str]:
    """Waits until the offline search has answered for exactly `term`; returns the URLs of the
    result links, in order."""
    expect(page.locator(STATUS)).to_have_text(
        re.compile(rf"^([\d.]+ resultat(?:er)? for|Ingen resultater for) {re.escape(term)}$")
    )
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")


def site_paths(file_pages, hrefs: list[str]) -> list[str]:
    """file:///…/site/forslag/x.html → forslag/x.html"""
    root = file_pages.url("")
    assert all(h.startswith(root) for h in hrefs), hrefs
    return [h.removeprefix(root) for h in hrefs]


def search_from_header(page: Page, term: str) -> None:
    box = page.locator("#pa-header-q")
    box.press_sequentially(term, delay=10)  # typed, key by key
    box.press("Enter")
    page.wait_for_url(re.compile(r"/sog\.html\?q="))


@pytest.mark.parametrize(
    ("start", "term", "expected"),
    [
        ("index.html", "samtale", ["kk-b2023-faerre-samtaler-ressourceforloeb"]),
        ("index.html", "samtalerne", ["kk-b2023-faerre-samtaler-ressourceforloeb"]),
        ("index.html", "cafe", ["kk-b2018-bi-10"]),
        # from a page one folder down: the form goes to ../sog.html
        (
            "forslag/kk-b2019-bc24.html",
            "ressourceforløb",
            ["kk-b2016-bi2", "kk-b2023-faerre-samtaler-ressourceforloeb"],
        ),
    ],
)
def test_header_search_from_a_file_share(file_pages, start, term, expected):
    page = file_pages.new()
    page.goto(file_pages.url(start))
    search_from_header(page, term)
    found = site_paths(file_pages, wait_for_offline_results(page, term))
    for slug in expected:
        assert f"forslag/{slug}.html" in found, f"{term!r} did not find {slug}; found {found}"
    # the search page's own box shows what was searched for
    expect(page.locator("#pa-search-q")).to_have_value(term)
    assert not file_pages.errors, file_pages.errors
    assert_only_files(file_pages)


def test_following_a_result_opens_the_proposal(file_pages):
    page = file_pages.new()
    page.goto(file_pages.url("index.html"))
    search_from_header(page, "cafe")
    found = site_paths(file_pages, wait_for_offline_results(page, "cafe"))
    assert found == ["forslag/kk-b2018-bi-10.html"], found
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_url(file_pages.url("forslag/kk-b2018-bi-10.html"))
    expect(page.locator("article h1")).to_have_text(
        "BI_10: Forsøg med uformelle cafeer på Jobcentrene"
    )
    # and its links lead to pages of the offline build (name.html), not to directory URLs
    page.locator(".pa-lede").get_by_role("link", name="Forslag", exact=True).click()
    page.wait_for_url(file_pages.url("status/forslag.html"))
    expect(page.locator("article h1")).to_be_visible()
    assert_only_files(file_pages)


def assert_only_files(file_pages) -> None:
    assert file_pages.requests, "no request was recorded at all: the recorder is broken"
    foreign = [u for u in file_pages.requests if not u.startswith(("file://", "data:"))]
    assert not foreign, f"the offline site requested more than its own files: {foreign}"


def test_offline_search_page_is_accessible(file_pages, screenshots):
    search = Kind(
        "offline-search",
        "sog.html?q=samtale",
        ready=lambda page: wait_for_offline_results(page, "samtale"),
    )
    for page, width in at_each_width(file_pages, search):
        found = axe.violations(page)
        assert not found, f"{search.path} at {width} px:\n{axe.report(found)}"
        page.screenshot(path=str(screenshots / f"offline-search-{width}.png"), full_page=True)
    assert_only_files(file_pages)


def test_offline_search_finds_case_numbers_folded_words_and_filters(file_pages):
    """The offline build's one-script index holds the identifiers, the folded words and the
    filters: the same searches work from a file share, and the address keeps the filters."""
    page = file_pages.new()
    page.goto(file_pages.url("sog.html"))
    box = page.locator("#pa-search-q")
    box.press_sequentially("12/9746", delay=10)
    found = site_paths(file_pages, wait_for_offline_results(page, "12/9746"))
    assert found[0] == "forslag/htk-2012-charlotteager.html", found
    box.fill("")
    box.press_sequentially("ressourceforlob", delay=10)
    found = site_paths(file_pages, wait_for_offline_results(page, "ressourceforlob"))
    assert {
        "forslag/kk-b2016-bi2.html",
        "forslag/kk-b2023-faerre-samtaler-ressourceforloeb.html",
    } <= set(found), found
    page.locator("#pa-search input[name='aar'][value='2023']").check()
    expect(page.locator("#pa-search .pa-search__results")).to_have_attribute("aria-busy", "false")
    found = site_paths(file_pages, wait_for_offline_results(page, "ressourceforlob"))
    assert found == ["forslag/kk-b2023-faerre-samtaler-ressourceforloeb.html"], found
    assert page.url.endswith("sog.html?q=ressourceforlob&aar=2023"), page.url
    page.reload()
    found = site_paths(file_pages, wait_for_offline_results(page, "ressourceforlob"))
    assert found == ["forslag/kk-b2023-faerre-samtaler-ressourceforloeb.html"], found
    expect(page.locator("#pa-search input[name='aar'][value='2023']")).to_be_checked()
    assert not file_pages.errors, file_pages.errors
    assert_only_files(file_pages)
