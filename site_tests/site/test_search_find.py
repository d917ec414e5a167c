"""Finding proposals the way people search (issue 19): case numbers, document numbers and codes
as people type them, Danish words typed without Danish letters, and the filters of the search
page: clicked, kept in the address, reloaded. Typed into the real search page of the served
sample archive; what a result must show is taken from the generator, not written here."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from generator.budget import headline
from generator.check import for_audience, load
from generator.project import Project
from generator.render import Renderer

from .conftest import REPO
from .search_ui import FILTERS, MESSAGE, RESULT_LINKS, RESULTS, SEARCH_BOX, SORT, wait_for_results

BC24 = "/forslag/kk-b2019-bc24/"
BI10 = "/forslag/kk-b2018-bi-10/"
CHARLOTTEAGER = "/forslag/htk-2012-charlotteager/"
BI2 = "/forslag/kk-b2016-bi2/"
SAMTALER = "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/"


@pytest.fixture(scope="module")
def archive():
    return for_audience(load(Project(REPO)), "public")


def search(page: Page, pages, term: str) -> list[str]:
    page.goto(pages.url("/sog/"))
    page.locator(SEARCH_BOX).press_sequentially(term, delay=15)
    return wait_for_results(page, term)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize(
    ("term", "first"),
    [
        ("2018-0266843", BC24),  # BC24's case number (sagsnr.)
        ("2018-0266843-3", BC24),  # its document number
        ("12/9746", CHARLOTTEAGER),  # Høje-Taastrup's case numbers
        ("BI_10", BI10),
        ("BI 10", BI10),
        ("bi10", BI10),
        ("BI10", BI10),
        ("bc 24", BC24),
    ],
)
def test_case_numbers_and_codes_are_found_first(page, pages, term, first):
    found = search(page, pages, term)
    assert found and found[0] == first, f"{term!r}: {found}"
    assert not pages.errors, pages.errors


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("ressourceforlob", {BI2, SAMTALER}),
        ("ressourceforloeb", {BI2, SAMTALER}),
        ("foertidspension", {BI2, BI10, BC24}),
        ("fortidspension", {BI2, BI10, BC24}),
        ("hoeje taastrup", {CHARLOTTEAGER}),
        ("hoje tastrup", {CHARLOTTEAGER}),
        ("beskaeftigelsesfremmende", {CHARLOTTEAGER}),
    ],
)
def test_danish_words_typed_without_danish_letters(page, pages, term, expected):
    found = search(page, pages, term)
    assert expected <= set(found), f"{term!r} found {found}"


def test_the_danish_spelling_finds_the_same(page, pages):
    assert set(search(page, pages, "førtidspension")) == set(search(page, pages, "foertidspension"))


def test_a_result_shows_kind_year_district_status_and_amount(page, pages, archive):
    renderer = Renderer(Project(REPO).templates, archive)
    p = archive.by_id["kk-b2019-bc24"]
    amount = headline(p.headline_table, archive.vocab.unit_factors)[0]
    assert amount and re.fullmatch(r"(koster|sparer) \d{1,3}(\.\d{3})*,\d mio\. kr\.", amount), (
        amount
    )
    search(page, pages, "BC24")
    facts = page.locator(RESULTS).first.locator(".pa-search__facts").inner_text()
    parts = facts.split(" · ")
    assert parts == [p.kind.label, str(p.year), p.districts[0].label, p.status.label, amount], facts
    assert facts == next(
        d.facts for d in renderer.index.documents() if d.url.endswith("kk-b2019-bc24/")
    )


def checkbox(page: Page, param: str, slug: str):
    return page.locator(f"{FILTERS} input[name='{param}'][value='{slug}']")


def test_filters_narrow_count_and_stay_in_the_address(page, pages, archive):
    found = search(page, pages, "borgere")
    assert len(found) >= 4, found
    # every filter is a fieldset with a legend, every box has a label with its count
    legends = page.locator(f"{FILTERS} fieldset:not([hidden]) > legend").all_inner_texts()
    assert {"År", "Bydele og områder", "Udvalg", "Dokumenttyper", "Status"} <= set(legends), legends
    year = checkbox(page, "aar", "2019")
    label = page.locator(f"label[for='{year.get_attribute('id')}']")
    in_2019 = [p for p in archive.proposals if p.year == 2019 and f"/forslag/{p.id}/" in found]
    expect(label).to_have_text(f"2019 ({len(in_2019)})")
    label.click()  # a label, as a reader clicks it
    narrowed = wait_for_results(page, "borgere")
    assert narrowed == [f"/forslag/{p.id}/" for p in in_2019], narrowed
    assert query_of(page) == {"q": ["borgere"], "aar": ["2019"]}
    # a second year widens; a kind narrows again
    checkbox(page, "aar", "2016").check()
    both = wait_for_results(page, "borgere")
    assert set(both) == {
        f"/forslag/{p.id}/"
        for p in archive.proposals
        if p.year in (2016, 2019) and f"/forslag/{p.id}/" in found
    }
    checkbox(page, "type", "budgetnotat").check()
    wait_for_results(page, "borgere")
    assert query_of(page) == {"q": ["borgere"], "aar": ["2019", "2016"], "type": ["budgetnotat"]}
    # the address, reloaded, gives the same search with the same boxes checked
    shown = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
    page.reload()
    wait_for_results(page, "borgere")
    assert page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)") == shown
    expect(checkbox(page, "aar", "2019")).to_be_checked()
    expect(checkbox(page, "type", "budgetnotat")).to_be_checked()
    expect(page.locator(SEARCH_BOX)).to_have_value("borgere")
    assert not pages.errors, pages.errors


def test_filters_alone_list_every_match_newest_first(page, pages, archive):
    page.goto(pages.url("/sog/"))
    box = checkbox(page, "type", "budgetnotat")
    expect(box).to_be_visible()  # the filters are there before anything is typed
    box.check()
    found = wait_for_results(page, "")
    notes = [p for p in archive.proposals if p.kind.id == "budgetnotat"]
    assert found == [f"/forslag/{p.id}/" for p in notes], found  # the archive's order: newest first
    assert len(found) > 1
    expect(page.locator(MESSAGE)).to_have_text(f"{len(notes)} resultater")
    assert query_of(page) == {"type": ["budgetnotat"]}
    page.locator("#pa-search .pa-search__clear").click()
    expect(page.locator(RESULTS)).to_have_count(0)
    assert query_of(page) == {}


def test_a_linked_filtered_search_opens_as_linked(page, pages, archive):
    district = next(t for t in archive.terms["bydele"] if t.label.startswith("Bydækkende"))
    page.goto(pages.url(f"/sog/?q=forslag&bydel={district.slug}&sort=nyeste"))
    found = wait_for_results(page, "forslag")
    members = {f"/forslag/{p.id}/" for p in archive.terms["bydele"][district]}
    assert found and set(found) <= members, found
    order = [archive.proposals.index(archive.by_id[path.split("/")[2]]) for path in found]
    assert order == sorted(order), found  # newest first
    expect(page.locator(SORT)).to_have_value("nyeste")
    expect(checkbox(page, "bydel", district.slug)).to_be_checked()


def test_sorting_by_date_is_kept_in_the_address(page, pages, archive):
    by_relevance = search(page, pages, "ressourceforløb")
    page.locator(SORT).select_option("nyeste")
    newest = wait_for_results(page, "ressourceforløb")
    assert set(newest) == set(by_relevance)
    order = [archive.proposals.index(archive.by_id[path.split("/")[2]]) for path in newest]
    assert order == sorted(order), newest
    assert query_of(page) == {"q": ["ressourceforløb"], "sort": ["nyeste"]}


def test_on_a_phone_the_filters_are_folded_under_a_summary(pages):
    page = pages.new(width=375, height=800)
    page.goto(pages.url("/sog/?q=borgere&aar=2019"))
    wait_for_results(page, "borgere")
    summary = page.locator("#pa-search .pa-search__panel > summary")
    expect(summary).to_have_text("Afgræns søgningen (1 valgt)")
    year = checkbox(page, "aar", "2019")
    expect(year).to_be_hidden()  # folded: the results come first
    summary.click()
    expect(year).to_be_visible()
    expect(year).to_be_checked()
