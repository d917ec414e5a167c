"""Danish search, as a reader uses it: typing into the real search boxes of the served site
(never calling the search's JavaScript). See search_ui.py for how a search is waited for."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator import search_index
from site_tests.archives import SEEDS

from .search_ui import MESSAGE, RESULT_LINKS, RESULTS, SEARCH_BOX, wait_for_results


def open_search(page: Page, pages) -> None:
    page.goto(pages.url("/sog/"))
    expect(page.locator(SEARCH_BOX)).to_be_visible()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        # the proposal says "samtaler" only: found through Danish stemming, not by prefix
        ("samtale", ["kk-b2023-faerre-samtaler-ressourceforloeb"]),
        ("samtalerne", ["kk-b2023-faerre-samtaler-ressourceforloeb"]),
        ("cafe", ["kk-b2018-bi-10"]),
        ("cafeerne", ["kk-b2018-bi-10"]),  # a form the text never uses ("cafeer", "cafeen")
        ("ressourceforløb", ["kk-b2016-bi2", "kk-b2023-faerre-samtaler-ressourceforloeb"]),
    ],
)
def test_typing_on_the_search_page_finds_danish_word_forms(page, pages, term, expected):
    open_search(page, pages)
    page.locator(SEARCH_BOX).press_sequentially(term, delay=20)  # typed, key by key
    found = wait_for_results(page, term)
    for slug in expected:
        assert f"/forslag/{slug}/" in found, f"{term!r} did not find {slug}; found {found}"
    assert all(path.startswith("/forslag/") and path.endswith("/") for path in found), found
    assert not pages.errors, pages.errors


def test_stemmed_match_is_highlighted_in_the_excerpt(page, pages):
    open_search(page, pages)
    page.locator(SEARCH_BOX).fill("samtale")
    wait_for_results(page, "samtale")
    result = page.locator(RESULTS).filter(
        has=page.locator('a[href$="/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/"]')
    )
    marks = [m.lower().strip(" ,.") for m in result.locator("mark").all_inner_texts()]
    assert "samtaler" in marks, marks


def test_following_a_result_opens_the_proposal(page, pages):
    open_search(page, pages)
    page.locator(SEARCH_BOX).fill("cafe")
    found = wait_for_results(page, "cafe")
    assert found[0] == "/forslag/kk-b2018-bi-10/", found  # the page that is about cafeer comes first
    link = page.locator(RESULT_LINKS).first
    title = link.inner_text().strip()
    link.click()
    page.wait_for_url(pages.url("/forslag/kk-b2018-bi-10/"))
    heading = page.locator("article h1")
    expect(heading).to_have_text(title)
    expect(heading).to_have_text("BI_10: Forsøg med uformelle cafeer på Jobcentrene")


def test_header_search_form_lands_on_results(page, pages):
    page.goto(pages.url("/"))
    box = page.locator("#pa-header-q")
    expect(box).to_be_visible()
    box.press_sequentially("samtalerne", delay=20)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/sog/\?q=samtalerne$"))
    url = urlsplit(page.url)
    assert url.path == "/sog/" and parse_qs(url.query) == {"q": ["samtalerne"]}
    found = wait_for_results(page, "samtalerne")
    assert "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/" in found, found
    # the search box shows what was searched for, so the reader can change it
    expect(page.locator(SEARCH_BOX)).to_have_value("samtalerne")
    assert not pages.errors, pages.errors


def test_header_search_with_danish_letters(page, pages):
    page.goto(pages.url("/forslag/kk-b2019-bc24/"))
    box = page.locator("#pa-header-q")
    box.fill("ressourceforløb")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/sog/\?q="))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["ressourceforløb"]}
    found = wait_for_results(page, "ressourceforløb")
    assert {"/forslag/kk-b2016-bi2/", "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/"} <= set(found), found


def test_unknown_word_finds_nothing_and_says_so(page, pages):
    open_search(page, pages)
    page.locator(SEARCH_BOX).press_sequentially("xylofonorkestret", delay=20)
    found = wait_for_results(page, "xylofonorkestret")
    assert found == []
    expect(page.locator(RESULTS)).to_have_count(0)
    expect(page.locator(MESSAGE)).to_have_text("Ingen resultater for xylofonorkestret")


def test_browser_stems_every_word_as_the_generator_does(page, pages):
    """The index holds the generator's stems (libstemmer, through PyStemmer); a typed word finds
    them only if the browser's stemmer (search.js) gives the same stem for every word."""
    words = sorted({w for seed in SEEDS.glob("*.txt") for w in search_index.words(seed.read_text(encoding="utf-8"))})
    assert len(words) > 1000, len(words)
    open_search(page, pages)
    in_browser = page.evaluate("words => words.map(w => window.paStemDanish(w))", words)
    stem = search_index.Stemmer()
    differ = [(w, b, stem(w)) for w, b in zip(words, in_browser) if b != stem(w)]
    assert not differ, differ[:20]
