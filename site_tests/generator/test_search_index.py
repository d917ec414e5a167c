"""The search index's files (generator/search_index.py): what a document holds, how the stems
are split into shards, and that one edit changes few files. The index is searched in a real
browser in site_tests/site/test_search.py."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from generator.check import for_audience, load
from generator.project import Project
from generator.search_filters import ALPHABET, filter_file
from generator.search_index import (
    SearchDocument,
    SearchKeys,
    Stemmer,
    fold,
    identifier,
    index_files,
    offline_script,
    plain_text,
    words,
)


def test_plain_text_drops_markdown_marks_and_keeps_the_words():
    body = (
        "## Baggrund\n\n"
        "Forslaget **styrker** _samtaler_ med [borgere](../x/) i `ressourceforløb`.\n\n"
        "| År | Beløb |\n|---|---:|\n| 2018 | 1.234 |\n\n"
        "- et punkt\n1. et andet\n> citat\n<!-- intern -->\n"
    )
    assert (
        plain_text(body)
        == "Baggrund Forslaget styrker samtaler med borgere i ressourceforløb. År Beløb 2018 1.234 et punkt et andet citat"
    )


def test_words_are_the_browsers_words():
    assert words("BI_10: Cafeer på Jobcentrene, 2018-19 (Ø)") == [
        "bi",
        "10",
        "cafeer",
        "på",
        "jobcentrene",
        "2018",
        "19",
        "ø",
    ]


def doc(n: int, text: str) -> SearchDocument:
    return SearchDocument(f"forslag/d{n}/", f"Dokument {n}", "Budgetnotat · 2020", "", "", text)


def read(files):
    return {path: json.loads(text) for path, text in files}


def postings_of(index: dict) -> dict[str, dict[int, int]]:
    """stem → {document: weight}, decoded from the shards' delta lists."""
    out = {}
    for path, shard in index.items():
        if not path.startswith("t/"):
            continue
        for stem, flat in shard.items():
            docs, n = {}, 0
            for i in range(0, len(flat), 2):
                n += flat[i]
                docs[n] = flat[i + 1]
            out[stem] = docs
    return out


def test_every_stem_is_in_the_shard_that_meta_names():
    rng = random.Random(4)
    vocabulary = [f"ord{i}{chr(97 + i % 26)}" for i in range(3000)]
    docs = [doc(n, " ".join(rng.choice(vocabulary) for _ in range(200))) for n in range(60)]
    index = read(index_files(docs))
    meta = index["meta.json"]
    assert (
        meta["documents"] == 60
        and meta["shards"][0] == ""
        and meta["shards"] == sorted(meta["shards"])
    )
    assert len(meta["shards"]) > 10  # split, not one file
    for path, shard in index.items():
        if path.startswith("t/"):
            first = path.removeprefix("t/").removesuffix(".json")
            first = "" if first == "_" else first
            i = meta["shards"].index(first)
            upper = meta["shards"][i + 1] if i + 1 < len(meta["shards"]) else None
            assert all(first <= stem and (upper is None or stem < upper) for stem in shard), path
    # the postings say which documents hold which stem, with a weight
    postings = postings_of(index)
    stem = Stemmer()
    keys = SearchKeys()
    for n, d in enumerate(docs):
        for word in set(words(d.text)):
            assert n in postings[keys(word)], (word, n)
    assert postings[stem("dokument")] == {n: postings[stem("dokument")][n] for n in range(60)}


def test_a_title_word_weighs_more_than_the_same_word_in_the_text():
    docs = [
        SearchDocument("a/", "Cafeer i jobcentre", "", "", "", "lidt tekst om andet " * 20),
        SearchDocument("b/", "Noget andet", "", "", "", "cafeer " + "lidt tekst om andet " * 20),
    ]
    weights = postings_of(read(index_files(docs)))[Stemmer()("cafeer")]
    assert weights[0] > weights[1] > 0


def test_editing_one_document_changes_only_its_file_and_a_shard_or_two():
    rng = random.Random(7)
    vocabulary = [f"ord{i}" for i in range(5000)]
    docs = [doc(n, " ".join(rng.choice(vocabulary) for _ in range(300))) for n in range(200)]
    before = dict(index_files(docs))
    docs[17] = doc(17, docs[17].text + " helt nyt ord xylofonorkestret")
    after = dict(index_files(docs))
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert "d/17.json" in changed
    assert len([p for p in changed if p.startswith("t/")]) <= 3, changed
    assert len(changed) <= 5, changed


def test_the_offline_script_holds_the_same_index():
    docs = [doc(n, f"tekst nummer {n} om samtaler") for n in range(5)]
    filters = '{"version":1,"documents":5,"filters":[]}\n'
    path, script = offline_script(docs, filters)
    assert path == "assets/offline-index.js" and script.startswith("window.PA_SEARCH_INDEX = ")
    data = json.loads(script.removeprefix("window.PA_SEARCH_INDEX = ").rstrip(";\n"))
    served = read(index_files(docs))
    assert data["meta"] == served["meta.json"]
    assert data["filters"] == json.loads(filters)
    assert data["documents"] == [served[f"d/{n}.json"] for n in range(5)]
    assert {("t/" + (k or "_") + ".json"): v for k, v in data["shards"].items()} == {
        p: v for p, v in served.items() if p.startswith("t/")
    }


def test_folding_makes_danish_letters_and_their_ascii_spellings_one():
    same = [
        ("ressourceforløb", "ressourceforlob", "ressourceforloeb"),
        ("førtidspension", "fortidspension", "foertidspension"),
        ("høje", "hoje", "hoeje"),
        ("tåstrup", "taastrup", "tastrup"),
        ("kæmpe", "kaempe"),
        ("café", "cafe"),
    ]
    for spellings in same:
        assert len({fold(w) for w in spellings}) == 1, spellings
    assert fold("samtaler") == "samtaler" and fold("2018") == "2018"


def test_identifiers_are_their_letters_and_digits_folded():
    assert identifier("BI_10") == identifier("BI 10") == identifier("bi10") == "bi10"
    assert identifier("2018-0266843") == "20180266843" and identifier("12/9746") == "129746"
    assert identifier("2018-0266843-3") != identifier("2018-0266843")


def test_a_document_is_indexed_by_folded_stems_its_danish_spellings_and_its_identifiers():
    docs = [
        SearchDocument(
            "a/", "Færre samtaler i ressourceforløb", "", "", "", "tekst", ("BI_10", "12/9746")
        ),
        SearchDocument("b/", "Et ressourceforlob", "", "", "", "tekst"),
    ]
    postings = postings_of(read(index_files(docs)))
    keys = SearchKeys()
    assert set(postings[keys("ressourceforløb")]) == {0, 1}  # the folded stem: both
    assert set(postings["=" + Stemmer()("ressourceforløb")]) == {0}  # the Danish spelling: one
    assert "=" + Stemmer()("ressourceforlob") not in postings  # (an ASCII word has no such key)
    assert set(postings["#bi10"]) == {0} and set(postings["#129746"]) == {0}


@pytest.fixture(scope="module")
def real_archive():
    return for_audience(load(Project(Path(__file__).resolve().parents[2])), "public")


def test_a_danish_spelling_gets_a_key_of_its_own_only_where_another_spelling_is_indexed():
    docs = [
        SearchDocument("a/", "Førtidspension og forløb", "", "", "", "førtidspensionen"),
        SearchDocument("b/", "Et forlob", "", "", "", "tekst"),
    ]
    postings = postings_of(read(index_files(docs)))
    stem, keys = Stemmer(), SearchKeys()
    # only document a has the word, spelt one way: its folded key says it all
    assert set(postings[keys("førtidspension")]) == {0}
    assert "=" + stem("førtidspension") not in postings
    # "forløb" and "forlob" are both indexed: the Danish spelling keeps its own key
    assert set(postings[keys("forløb")]) == {0, 1} and set(postings["=" + stem("forløb")]) == {0}


def decode(facet: dict, n: int) -> list[str]:
    """The slugs of document n's values in a facet of filters.json."""
    code = 0
    for c in facet["column"][n * facet["width"] : (n + 1) * facet["width"]]:
        code = code * len(ALPHABET) + ALPHABET.index(c)
    return [facet["values"][v][0] for v in facet["sets"][code]]


def test_the_filters_file_gives_every_proposal_its_terms(real_archive):
    data = json.loads(filter_file(real_archive))
    assert data["documents"] == len(real_archive.proposals)
    facets = {f["param"]: f for f in data["filters"]}
    assert list(facets) == ["aar", "kommune", "bydel", "udvalg", "forvaltning", "type", "status"]
    for facet_id, param in [
        ("aar", "aar"),
        ("bydele", "bydel"),
        ("udvalg", "udvalg"),
        ("typer", "type"),
    ]:
        for n, p in enumerate(real_archive.proposals):
            assert decode(facets[param], n) == [
                t.slug for t in real_archive.terms_of[(p.id, facet_id)]
            ], (p.id, param)
    years = facets["aar"]["values"]
    assert years == sorted(years, reverse=True) and all(slug == label for slug, label in years)
