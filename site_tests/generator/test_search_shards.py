"""The search index's shards after a change (generator/search_update.py, search_shards.py): the
shards updated where the changed documents' keys are, and the render store's builds, are byte
for byte the shards made from every document's postings."""

from __future__ import annotations

import random
import re
import shutil

import pytest

from bench import synth
from generator import parallel, search_index, search_shards, search_update
from generator.pipeline import prepare
from generator.project import Project
from generator.search_index import (
    SearchDocument,
    SearchKeys,
    _shards,
    document_weights,
    merge,
    postings_of,
)
from generator.search_update import exact_keys, update
from site_tests.archives import tree

# Words with Danish letters beside the same words typed without them: the EXACT keys are kept
# or left out of the shards as the documents spell them.
VOCABULARY = (
    "forløb forlob forloeb søer soer år aar år både baade kæmpe kaempe grøn gron "
    "samtaler samtalerne borger borgerne cafe café jobcenter jobcentrene budget budgettet "
    "skole skolerne ældre aeldre plads pladser vej veje bus busser tog tilskud tilskuddet"
).split()
CHUNK = 4


def document(rng: random.Random, n: int) -> SearchDocument:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randrange(1, 30)))
    extra = f" ord{rng.randrange(40)}" * rng.randrange(3)  # (keys that come and go)
    return SearchDocument(f"d{n}/", rng.choice(VOCABULARY), "", "", "", text + extra, (f"X{n}",))


def parts(weights: list[dict]) -> list[str]:
    return [postings_of(weights[i : i + CHUNK], i) for i in range(0, len(weights), CHUNK)]


def full(weights: list[dict]) -> dict[str, str]:
    """The shards made from every document's postings: {first key: JSON}."""
    return dict(_shards(merge(parts(weights))))


@pytest.fixture
def small_shards(monkeypatch):
    """Shards of a few keys, some ended by their size: many stretches and cuts in a small index."""
    monkeypatch.setattr(search_index, "SHARD_EVERY", 5)
    monkeypatch.setattr(search_index, "SHARD_MAX_BYTES", 120)


@pytest.mark.parametrize("seed", range(12))
def test_an_update_gives_the_shards_made_from_every_document(small_shards, seed):
    """Documents changed in one chunk or two, added or removed (every later one numbered anew):
    the shards updated are the shards made afresh, and those said unchanged are unchanged."""
    rng = random.Random(seed)
    keys = SearchKeys()
    docs = [document(rng, n) for n in range(40)]
    weights = [document_weights(d, keys) for d in docs]
    shards = full(weights)
    exact = exact_keys(merge(parts(weights)))
    for _ in range(6):
        new = list(weights)
        what = rng.choice(["edit", "edit two", "add", "remove"])
        if what == "add":
            new.insert(rng.randrange(len(new) + 1), document_weights(document(rng, 99), keys))
        elif what == "remove":
            del new[rng.randrange(len(new))]
        else:
            for _ in range(2 if what == "edit two" else 1):
                new[rng.randrange(len(new))] = document_weights(document(rng, 99), keys)
        before, after = parts(weights), parts(new)
        if len(before) == len(after) and what.startswith("edit"):
            changed = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
            replaced = [(i * CHUNK, min(len(new), (i + 1) * CHUNK)) for i in changed]
            old_parts, new_parts = [before[i] for i in changed], [after[i] for i in changed]
        else:
            first = next(
                (i for i, (b, a) in enumerate(zip(before, after, strict=False)) if b != a),
                min(len(before), len(after)),
            )
            replaced = [(first * CHUNK, max(len(weights), len(new)))]
            old_parts, new_parts = before[first:], after[first:]
        firsts, remade, exact = update(
            list(shards), shards.__getitem__, exact, replaced, old_parts, new_parts
        )
        expected = full(new)
        assert firsts == list(expected), what
        assert {f: remade.get(f, shards.get(f)) for f in firsts} == expected, what
        assert all(shards.get(f) != text for f, text in remade.items())
        assert exact == exact_keys(merge(after)), what
        shards, weights = expected, new


def test_too_many_keys_changed_are_merged_whole(monkeypatch):
    """(update() says so; search_shards merges every chunk then)"""
    keys = SearchKeys()
    weights = [document_weights(document(random.Random(n), n), keys) for n in range(8)]
    edited = [*weights[:4], document_weights(doc_of("ny tekst om busser og tog"), keys)]
    edited += weights[5:]
    shards, before, after = full(weights), parts(weights), parts(edited)
    exact = exact_keys(merge(before))
    monkeypatch.setattr(search_update, "UPDATE_MAX_KEYS", 1)
    with pytest.raises(ValueError, match="keys changed"):
        update(list(shards), shards.__getitem__, exact, [(4, 8)], before[1:], after[1:])


def doc_of(text: str) -> SearchDocument:
    return SearchDocument("d/", "", "", "", "", text)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synth.make_archive(tmp_path_factory.mktemp("synthetic") / "archive", 60, seed=5)


def built_afresh(root, tmp_path) -> dict:
    copy = tmp_path / "afresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    _, report = prepare(Project(copy))
    assert report is not None
    return tree(Project(copy).search_index)


def test_the_shards_after_every_kind_of_change_are_those_of_a_run_without_stores(
    synthetic, tmp_path, monkeypatch
):
    """On two processes (chunks of three proposals): a sentence added, a word typed without
    its Danish letters, then with them again, a topic renamed in a proposal, a proposal added
    and one removed (every later document numbered anew), a shard changed by hand, a district
    renamed in the configuration: after each, the search index of a run with the render store
    is the one a run without it makes; and the edits were updated, not merged whole."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(search_shards, "UPDATE_MAX_SHARE", 1.0)  # (the additions updated too)
    monkeypatch.setattr(search_update, "UPDATE_MAX_KEYS", 10**6)
    merged: list[int] = []
    monkeypatch.setattr(search_shards, "merge", lambda parts: merged.append(1) or merge(parts))
    root = tmp_path / "a"
    shutil.copytree(synthetic, root)
    project = Project(root)
    files = sorted(project.proposals.glob("*.md"))
    text = {path: path.read_text(encoding="utf-8") for path in files}
    word = next(w for w in re.findall(r"\w+", text[files[3]]) if "ø" in w)

    def append(path, words):
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")

    def topic_renamed():
        found = re.search(r"^tags: \[(\w+)", text[files[10]], re.M)
        assert found, "a proposal with a topic"
        edited = text[files[10]].replace(found.group(0), found.group(0) + "skabelse")
        files[10].write_text(edited, encoding="utf-8")

    def added():
        new = files[20].with_name("aaa-tilfojet.md")
        new.write_text(
            re.sub(r"^id: .*$", "id: aaa-tilfojet", text[files[20]], count=1, flags=re.M).replace(
                "\ncode: ", "\ncode: Q"
            )
            + "\nEt nyt forslag om kvasimonokrome busser.\n",
            encoding="utf-8",
        )

    steps = [
        ("first", lambda: None, True),
        ("a sentence", lambda: append(files[7], "Flere samtaler med borgerne."), False),
        ("typed without ø", lambda: append(files[30], word.replace("ø", "o")), False),
        ("with ø again", lambda: files[30].write_text(text[files[30]], encoding="utf-8"), False),
        ("a topic renamed", topic_renamed, False),
        ("added", added, False),
        ("removed", lambda: _unlisted(files[40:]).unlink(), False),
        ("by hand", lambda: _shard(project).write_text("{}\n", encoding="utf-8"), True),
        ("district", lambda: _rename_district(root), True),
    ]
    for name, change, whole in steps:
        change()
        merged.clear()
        diagnostics, report = prepare(project, stored=True, workers=2)
        assert report is not None, [d.as_text() for d in diagnostics if d.severity.value == "error"]
        assert merged == ([1] if whole else []), name
        assert tree(project.search_index) == built_afresh(root, tmp_path), name


def _unlisted(files):
    """A proposal that no other one names."""
    texts = "".join(path.read_text(encoding="utf-8") for path in files[0].parent.glob("*.md"))
    return next(path for path in files if texts.count(path.stem) == 1)


def _shard(project):
    return sorted((project.search_index / "t").glob("*.json"))[1]


def _rename_district(root):
    """(its old name kept as an alias, as the proposals name it)"""
    config = root / "config" / "municipalities" / "hoeje-taastrup.yml"
    text = config.read_text(encoding="utf-8")
    assert "{name: Fløng}" in text
    config.write_text(
        text.replace("{name: Fløng}", "{name: Fløng Sogn, aliases: [Fløng]}"), encoding="utf-8"
    )
