"""An archive larger than one page of anything (a synthetic archive from bench/synth.py with ten
proposals a term page, served by nginx).

Search: the count the page gives is the number of proposals the index says match, counted here
independently of the browser's code; results come ten at a time, "Vis flere resultater" shows
the next ten and moves the keyboard focus to the first of them; every result opens its proposal.
Term pages: a long list is split into pages that pass axe and lead from one to the next."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench import synth
from generator.check import for_audience, load
from generator.project import Project
from generator.render import Renderer
from generator.search_index import SearchKeys, words
from site_tests.archives import build_site

from . import axe
from .conftest import Pages, nginx_serving
from .search_ui import MESSAGE, MORE, RESULT_LINKS, SEARCH_BOX, wait_for_results
from .test_layout import CUT_TEXT, PAGE_OVERFLOW

N = 45
TERM_PAGE_SIZE = 10


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = synth.make_archive(tmp_path_factory.mktemp("synthetic") / "archive", N, seed=5)
    archive_yml = root / "config" / "archive.yml"
    archive_yml.write_text(
        re.sub(
            r"term_page_size: \d+",
            f"term_page_size: {TERM_PAGE_SIZE}",
            archive_yml.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    site = build_site(root, root.parent / "site")
    with nginx_serving(site, tmp_path_factory.mktemp("nginx-synthetic")) as base:
        yield root, base


@pytest.fixture
def pages(browser, synthetic):
    """Opens pages of the synthetic archive's site, recording every request."""
    opener = Pages(browser, synthetic[1])
    try:
        yield opener
    finally:
        opener.close()


def expected_matches(root: Path, query: str) -> set[str]:
    """The proposal pages a one-word query must find: those whose indexed text has a word whose
    key (its Danish stem, folded: search_index.SearchKeys) is the query's key or starts with it
    (search.js: a key of 3+ letters also matches longer keys)."""
    project = Project(root)
    renderer = Renderer(project.templates, for_audience(load(project), "public"))
    key = SearchKeys()
    wanted = key(query)
    found = set()
    for doc in renderer.index.documents():
        text = " ".join((doc.title, doc.summary, doc.keywords, doc.text))
        if any(key(w).startswith(wanted) for w in set(words(text))):
            found.add("/" + doc.url)
    return found


@pytest.mark.parametrize("query", synth.SEARCH_QUERIES[:2])
def test_results_come_ten_at_a_time_and_are_all_the_matches(pages, synthetic, query):
    root, base = synthetic
    expected = expected_matches(root, query)
    assert len(expected) > 10, (
        f"the synthetic archive must give more than a page of results for {query!r}"
    )
    page = pages.new()
    page.goto(pages.url("/sog/"))
    page.locator(SEARCH_BOX).press_sequentially(query, delay=10)
    first = wait_for_results(page, query)
    total = int(page.locator(MESSAGE).inner_text().split()[0].replace(".", ""))
    assert total == len(expected), (total, len(expected))
    assert len(first) == 10 and len(set(first)) == 10

    more = page.locator(MORE)
    shown = first
    while len(shown) < total:
        expect(more).to_be_visible()
        more.click()
        expect(page.locator(RESULT_LINKS)).to_have_count(min(len(shown) + 10, total))
        # the keyboard focus goes to the first new result, so a keyboard user reads on
        focused = page.evaluate("document.activeElement.href")
        new = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
        assert focused == new[len(shown)], (focused, new[len(shown)])
        shown = [href.removeprefix(base.rstrip("/")) for href in new]
    expect(more).to_be_hidden()
    assert set(shown) == expected, sorted(set(shown) ^ expected)

    page.locator(RESULT_LINKS).nth(total - 1).click()
    page.wait_for_url(pages.url(shown[-1]))
    expect(page.locator("article h1")).to_be_visible()
    assert not pages.errors, pages.errors
    assert not pages.foreign_requests(), pages.foreign_requests()


def test_filters_count_and_narrow_a_large_result(pages, synthetic):
    """The counts beside the filters, and the results a filter leaves, are the proposals that
    the index matches and that have the value, counted here from the model."""
    root, base = synthetic
    query = synth.SEARCH_QUERIES[0]
    archive = for_audience(load(Project(root)), "public")
    matched = expected_matches(root, query)
    members = {
        (facet_id, term.slug): {f"/forslag/{p.id}/" for p in ps} & matched
        for facet_id in ("aar", "bydele")
        for term, ps in archive.terms[facet_id].items()
    }
    year = max((k for k in members if k[0] == "aar"), key=lambda k: len(members[k]))
    page = pages.new()
    page.goto(pages.url("/sog/"))
    page.locator(SEARCH_BOX).press_sequentially(query, delay=10)
    wait_for_results(page, query)
    for (facet_id, slug), found in members.items():
        param = {"aar": "aar", "bydele": "bydel"}[facet_id]
        box = page.locator(f"#pa-search input[name='{param}'][value='{slug}']")
        label = page.locator(f"label[for='{box.get_attribute('id')}']")
        if found:
            expect(label).to_have_text(re.compile(rf" \({len(found)}\)$"))
        else:
            expect(label).to_be_hidden()
    page.locator(f"#pa-search input[name='aar'][value='{year[1]}']").check()
    wait_for_results(page, query)
    total = int(page.locator(MESSAGE).inner_text().split()[0].replace(".", ""))
    assert total == len(members[year]) > 0, (total, len(members[year]))
    assert page.url.endswith(f"aar={year[1]}")
    assert not pages.errors, pages.errors


def test_a_query_fetches_a_few_small_files(pages, synthetic):
    """One query reads the list of shards, the shard of its word and the documents shown: never
    the whole index."""
    root, _ = synthetic
    page = pages.new()
    page.goto(pages.url("/sog/?q=" + synth.SEARCH_QUERIES[0]))
    wait_for_results(page, synth.SEARCH_QUERIES[0])
    index = [u for u in pages.requests if "/search-index/" in u]
    shards = [u for u in index if "/search-index/t/" in u]
    documents = [u for u in index if "/search-index/d/" in u]
    assert sum(u.endswith("/meta.json") for u in index) == 1
    assert 1 <= len(shards) <= 3 and len(documents) == 10, index
    assert len(shards) < len(list((root.parent / "site" / "search-index" / "t").glob("*.json")))


def test_a_long_term_list_is_split_into_pages_that_lead_on(pages):
    page = pages.new()
    page.goto(pages.url("/kommuner/"))
    # the municipality with the most proposals: its list needs several pages
    terms = page.locator("article a").evaluate_all(
        "links => links.map(a => a.href).filter(h => /\\/kommuner\\/[^/]+\\/$/.test(h))"
    )
    assert terms
    counts = {}
    for href in terms:
        page.goto(href)
        counts[href] = int(
            re.search(r"(\d+) forslag under", page.locator("article").inner_text()).group(1)
        )
    href, total = max(counts.items(), key=lambda kv: kv[1])
    assert total > 2 * TERM_PAGE_SIZE, counts
    page.goto(href)
    seen = []
    for number in range(1, -(-total // TERM_PAGE_SIZE) + 1):
        nav = page.get_by_role("navigation", name="Sider i listen")
        expect(nav.locator('[aria-current="page"]')).to_have_text(str(number))
        items = page.locator("article ul.pa-list > li > a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        assert len(items) == min(TERM_PAGE_SIZE, total - len(seen))
        seen += items
        found = axe.violations(page)
        assert not found, f"{page.url}:\n{axe.report(found)}"
        following = nav.get_by_role("link", name="Næste side")
        if len(seen) == total:
            expect(following).to_have_count(0)
            break
        following.click()
        page.wait_for_url(re.compile(rf"/side-{number + 1}/$"))
    assert len(set(seen)) == total  # every proposal once
    assert not pages.errors and not pages.foreign_requests()


def test_the_pages_of_a_long_list_fit_a_phone(pages):
    """At 375 px the pager wraps: nothing scrolls sideways or is cut, and axe finds nothing."""
    page = pages.new(width=375, height=800)
    page.goto(pages.url("/kommuner/koebenhavn/side-2/"))
    expect(page.get_by_role("navigation", name="Sider i listen")).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    assert page.evaluate(CUT_TEXT) == []
    found = axe.violations(page)
    assert not found, axe.report(found)
