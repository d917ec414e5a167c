"""Danish search, as a reader uses it: typing into the real search boxes of the served site
(never calling the search's JavaScript). See search_ui.py for how a search is waited for."""

from __future__ import annotations

import json
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
    assert found[0] == "/forslag/kk-b2018-bi-10/", (
        found
    )  # the page that is about cafeer comes first
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
    assert {"/forslag/kk-b2016-bi2/", "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/"} <= set(
        found
    ), found


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
    words = sorted(
        {
            w
            for seed in SEEDS.glob("*.txt")
            for w in search_index.words(seed.read_text(encoding="utf-8"))
        }
    )
    assert len(words) > 1000, len(words)
    open_search(page, pages)
    in_browser = page.evaluate("words => words.map(w => window.paStemDanish(w))", words)
    stem = search_index.Stemmer()
    differ = [(w, b, stem(w)) for w, b in zip(words, in_browser, strict=True) if b != stem(w)]
    assert not differ, differ[:20]


# Endings of Danish words, each branch of the stemmer (main suffixes, the s rule, the consonant
# pairs, "igst", the other suffixes, undoubling) and a few compounds of them.
ENDINGS = (
    "",
    "e",
    "en",
    "er",
    "es",
    "et",
    "s",
    "ene",
    "ens",
    "ere",
    "ers",
    "ets",
    "ende",
    "endes",
    "erne",
    "eren",
    "erer",
    "eret",
    "eres",
    "ernes",
    "erens",
    "erets",
    "ered",
    "erede",
    "erende",
    "erendes",
    "hed",
    "heden",
    "hedens",
    "heder",
    "heds",
    "ethed",
    "enes",
    "elig",
    "eligt",
    "lig",
    "ligt",
    "ligere",
    "ig",
    "igt",
    "igste",
    "els",
    "elser",
    "løst",
    "gd",
    "dt",
    "gt",
    "kt",
    "tt",
    "ll",
    "nn",
    "ss",
    "rr",
)


def test_browser_stems_a_large_danish_vocabulary_as_libstemmer_does(page, pages):
    """Snowball's own Danish test vocabulary (voc.txt/output.txt) is shipped by no package on
    PyPI or npm (docs/search.md), so the vocabulary is made here: every word of the seed
    documents with every Danish ending after its stem, tens of thousands of words, each stemmed
    by the browser and by libstemmer (PyStemmer); and each word's key in the index (folded,
    then stemmed) as the generator makes it."""
    stem = search_index.Stemmer()
    seed_words = {
        w
        for seed in SEEDS.glob("*.txt")
        for w in search_index.words(seed.read_text(encoding="utf-8"))
    }
    vocabulary = sorted(
        seed_words | {stem(w) + e for w in seed_words if not w.isdigit() for e in ENDINGS}
    )
    vocabulary += sorted({search_index.fold(w) for w in vocabulary} - set(vocabulary))
    assert len(vocabulary) > 23_832, len(vocabulary)
    open_search(page, pages)
    in_browser = page.evaluate(
        "words => words.map(w => [window.paStemDanish(w), window.paSearchKey(w)])", vocabulary
    )
    keys = search_index.SearchKeys()
    differ = [
        (w, b, (stem(w), keys(w)))
        for w, b in zip(vocabulary, in_browser, strict=True)
        if tuple(b) != (stem(w), keys(w))
    ]
    assert not differ, (len(differ), differ[:20])


def test_a_word_spelt_the_danish_way_finds_that_spelling_first(page, pages):
    """An index made by the generator, searched by the page's engine: a word typed with Danish
    letters finds the documents written without them too, after those written with them; typed
    without, it finds them all."""
    docs = [
        search_index.SearchDocument(f"forslag/{n}/", title, "", "", "", "tekst om borgere " * 5)
        for n, title in enumerate(
            [
                "Et forlob for borgere",
                "Et forloeb for borgere",
                "Et forløb for borgere",
                "Noget andet",
            ]
        )
    ]
    _, script = search_index.offline_script(docs, '{"version":1,"documents":4,"filters":[]}')
    data = json.loads(script.removeprefix("window.PA_SEARCH_INDEX = ").rstrip(";\n"))
    open_search(page, pages)
    ranked = page.evaluate(
        """([data, queries]) => Promise.all(queries.map(q => {
             const engine = window.PA_SEARCH_ENGINE;
             return engine.search(engine.includedIndex(data), q).then(r =>
               [...r.scores.entries()].sort((a, b) => b[1] - a[1]).map(e => e[0]));
           }))""",
        [data, ["forløb", "forlob", "forloeb", "forløbet"]],
    )
    assert ranked[0][0] == 2 and sorted(ranked[0]) == [0, 1, 2], ranked
    assert sorted(ranked[1]) == [0, 1, 2] and sorted(ranked[2]) == [0, 1, 2], ranked
    assert ranked[3][0] == 2 and sorted(ranked[3]) == [0, 1, 2], ranked
