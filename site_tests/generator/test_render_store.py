"""The render store (generator/store.py, used by generate()): a page or search entry is taken as
an earlier run made it only while everything it shows is the same. After every kind of edit the
generated pages and search index are byte for byte what a run without any store gives."""

from __future__ import annotations

import json
import re
import shutil
from functools import partial

import pytest

from bench import synth
from generator import feeds, generate, opendata_kept, parallel, search_shards, termdata, views
from generator.check import for_audience, load
from generator.pipeline import prepare
from generator.project import Project
from generator.render import Renderer
from generator.search_index import merge
from site_tests.archives import REPO, make_archive, tree


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """60 synthetic proposals: codes mentioned in bodies, related proposals, tags, similar ones;
    lists of terms five proposals a page, so that most of a term's proposals are not on its
    first page (which shows the sums of all of them)."""
    root = synth.make_archive(tmp_path_factory.mktemp("synthetic") / "archive", 60, seed=3)
    edit(root / "config" / "archive.yml", "term_page_size: 200", "term_page_size: 5")
    return root


@pytest.fixture
def archive(synthetic, tmp_path):
    root = tmp_path / "a"
    shutil.copytree(synthetic, root, ignore=shutil.ignore_patterns("build"))
    return root


RENDERED: list[
    str
] = []  # the proposal pages the last run with the stores rendered (in this process)


@pytest.fixture(autouse=True)
def rendered(monkeypatch):
    original = Renderer.proposal

    def counting(self, p, *rest):
        RENDERED.append(p.id)
        return original(self, p, *rest)

    monkeypatch.setattr(Renderer, "proposal", counting)


def same_as_afresh(root, tmp_path, audience="public", offline=False, **options):
    """Generate with the stores, then the same archive afresh elsewhere: the outputs must be equal."""
    project = Project(root)
    RENDERED.clear()
    diagnostics, report = prepare(
        project, audience=audience, offline=offline, stored=True, **options
    )
    assert report is not None, [d.as_text() for d in diagnostics if d.severity.value == "error"]
    mine = list(RENDERED)
    copy = tmp_path / "afresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    _, fresh = prepare(Project(copy), audience=audience, offline=offline)
    assert fresh is not None
    assert tree(project.pages) == tree(Project(copy).pages)
    assert tree(project.files) == tree(Project(copy).files)  # the open data and feeds
    if not offline:
        assert tree(project.search_index) == tree(Project(copy).search_index)
    RENDERED[:] = mine
    return report


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def front(path, key):
    match = re.search(rf"^{key}: (.*)$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else None


def twice_with_nothing_made(archive, tmp_path, made: list) -> Project:
    """Two runs with the stores: the second, nothing changed, makes nothing (made: what the
    runs with the stores make, as a test counts it)."""
    same_as_afresh(archive, tmp_path)
    made.clear()
    same_as_afresh(archive, tmp_path)
    assert made == []
    return Project(archive)


def listed_by_others(project):
    """A proposal that another one relates to, and that other one."""
    for path in sorted(project.proposals.glob("*.md")):
        found = re.search(r"^  - id: (\S+)$", path.read_text(encoding="utf-8"), re.M)
        if found and (project.proposals / f"{found.group(1)}.md").is_file():
            return project.proposals / f"{found.group(1)}.md", path
    raise AssertionError("no related proposals in the synthetic archive")


def test_nothing_changed_renders_no_proposal_page_and_writes_nothing(archive, tmp_path):
    project = Project(archive)
    same_as_afresh(archive, tmp_path)
    assert (
        len(RENDERED) == len(list((project.pages / "forslag").glob("*.md"))) > 40
    )  # (public ones)
    report = same_as_afresh(archive, tmp_path)
    assert RENDERED == []
    assert report.written == [] and report.unchanged == len(tree(project.pages))


def test_every_kind_of_edit_gives_what_a_fresh_run_gives(archive, tmp_path):
    project = Project(archive)
    same_as_afresh(archive, tmp_path)

    # the title of a proposal that another lists (related; the other's backlinks)
    listed, lister = listed_by_others(project)
    edit(listed, f"title: {front(listed, 'title')}", "title: Ny titel på et forslag")
    same_as_afresh(archive, tmp_path)
    assert listed.stem in RENDERED and lister.stem in RENDERED and len(RENDERED) < 30
    assert "Ny titel på et forslag" in (project.pages / "forslag" / f"{lister.stem}.md").read_text(
        encoding="utf-8"
    )

    # a similar proposal named related instead: it leaves the similar ones (which move up)
    archive_ = for_audience(load(project), "public")
    one = next(
        p
        for p in archive_.proposals
        if not p.related and len(archive_.similar.of(p)) == 5 and p.id not in archive_.backlinks
    )
    other = archive_.similar.of(one)[0]
    edit(
        project.proposals / f"{one.id}.md",
        "\ntags:",
        f"\nrelated:\n  - id: {other.id}\n    relation: relateret\ntags:",
    )
    same_as_afresh(archive, tmp_path)

    # a new proposal with another's code: a body's mention of that code may now be ambiguous
    coded = next(p for p in sorted(project.proposals.glob("*.md")) if front(p, "code"))
    twin = project.proposals / "zz-twin.md"
    shutil.copy(coded, twin)
    edit(twin, f"id: {coded.stem}", "id: zz-twin")
    same_as_afresh(archive, tmp_path)

    # a tag spelt otherwise in the first file of a long list: the term's label on its other pages
    terms = for_audience(load(project), "public").terms["emner"]
    term, having = next(
        (t, ps) for t, ps in terms.items() if len(ps) > 5 and t.label == t.label.lower()
    )
    tagged = project.proposals / f"{having[0].id}.md"
    edit(tagged, term.label, term.label.capitalize())
    same_as_afresh(archive, tmp_path)
    assert f"# {term.label.capitalize()}, side 2" in (
        project.pages / "emner" / term.slug / "side-2.md"
    ).read_text(encoding="utf-8")

    # a summary made like others' (similar proposals), a proposal removed that others list
    donor = sorted(project.proposals.glob("*.md"))[5]
    edit(
        tagged, "summary: >-\n", f"summary: >-\n  {front(donor, 'title')} {front(donor, 'title')}\n"
    )
    listed.unlink()
    text = lister.read_text(encoding="utf-8")
    text = re.sub(rf"^  - id: {listed.stem}\n    relation: \S+\n", "", text, flags=re.M)
    lister.write_text(
        re.sub(r"^related:\n(?!  - )", "related: []\n", text, flags=re.M), encoding="utf-8"
    )
    same_as_afresh(archive, tmp_path)

    # an amount in the oldest proposal (on the last page of its terms' lists, in their sums)
    oldest = min(
        project.proposals.glob("*.md"),
        key=lambda p: (front(p, "date") or front(p, "budget_year") or "", p.name),
    )
    amounts = re.search(r"^        amounts: \[(-?\d+)", oldest.read_text(encoding="utf-8"), re.M)
    edit(
        oldest,
        amounts.group(0),
        amounts.group(0).replace(amounts.group(1), str(int(amounts.group(1)) + 1)),
    )
    same_as_afresh(archive, tmp_path)

    # the configuration and the templates
    edit(project.templates / "term.md.j2", "forslag", "forslag i alt", count=1)
    same_as_afresh(archive, tmp_path)
    (project.config / "archive.yml").write_text(
        (project.config / "archive.yml").read_text(encoding="utf-8") + "\n# x\n", encoding="utf-8"
    )
    same_as_afresh(archive, tmp_path)


def test_a_second_municipality_qualifies_the_terms_on_every_page(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    same_as_afresh(root, tmp_path)
    page = root / "build" / "pages" / "forslag" / "zz-small-savings.md"
    before = page.read_text(encoding="utf-8")
    for path in (REPO / "proposals").glob("*.md"):  # the sample archive: Høje-Taastrup's among them
        shutil.copy(path, root / "proposals")
    same_as_afresh(root, tmp_path)
    assert page.read_text(encoding="utf-8") != before


def test_a_page_changed_by_hand_is_made_again(archive, tmp_path):
    project = Project(archive)
    same_as_afresh(archive, tmp_path)
    page = sorted((project.pages / "forslag").glob("*.md"))[0]
    page.write_text("changed by hand", encoding="utf-8")
    report = same_as_afresh(archive, tmp_path)
    assert report.written == [f"forslag/{page.name}"]


def test_the_audiences_and_the_offline_site_take_turns(archive, tmp_path):
    for audience, offline in (
        ("public", False),
        ("intranet", False),
        ("public", True),
        ("public", False),
        ("intranet", False),
    ):
        same_as_afresh(archive, tmp_path, audience, offline)


def test_on_two_processes(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    project = Project(archive)
    same_as_afresh(archive, tmp_path, workers=2)
    report = same_as_afresh(archive, tmp_path, workers=2)
    assert report.written == []
    listed, _ = listed_by_others(project)
    edit(listed, f"title: {front(listed, 'title')}", "title: Ny titel på et forslag")
    report = same_as_afresh(archive, tmp_path, workers=2)
    assert f"forslag/{listed.stem}.md" in report.written and len(report.written) < 40


def test_the_data_files_are_kept_and_spliced_by_their_keys(archive, tmp_path, monkeypatch):
    """A proposal's data is made only when its key changed; the archive's data files are
    spliced from the pieces on disk (the first proposal gone, then back: a piece that had a
    comma before it has none, and the other way round), and a data file changed by hand is
    written again (same_as_afresh compares every file)."""
    made = []
    original = opendata_kept.proposal_data

    def counting(p, *rest):
        made.append(p.id)
        return original(p, *rest)

    monkeypatch.setattr(opendata_kept, "proposal_data", counting)
    project = Project(archive)
    same_as_afresh(archive, tmp_path)
    assert len(made) > 40
    made.clear()
    same_as_afresh(archive, tmp_path)
    assert made == []
    data = json.loads((project.files / "data" / "proposals.json").read_bytes())
    first, second = (project.proposals / f"{p['id']}.md" for p in data["proposals"][:2])
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("\nstatus:", "\npublic: false\nstatus:", 1), encoding="utf-8")
    same_as_afresh(archive, tmp_path)  # (the first left out of the public's archive)
    assert second.stem not in made
    made.clear()
    first.write_text(text, encoding="utf-8")
    edit(second, f"title: {front(second, 'title')}", "title: Ny titel på et forslag")
    same_as_afresh(archive, tmp_path)
    assert {first.stem, second.stem} <= set(made) and len(made) < 10
    made.clear()
    for path in (
        project.files / "data" / "proposals.json",
        project.files / "data" / "budget_lines.csv",
        project.files / "forslag" / f"{second.stem}.json",
    ):
        path.write_bytes(path.read_bytes().replace(b"Ny titel", b"Ny  titel"))
    same_as_afresh(archive, tmp_path)
    assert made == []  # (written again, of the data the last run put into the store)


def test_the_feeds_are_kept_by_what_they_list(archive, tmp_path, monkeypatch):
    """A feed is made only when what it lists changed; one changed by hand is written again."""
    made = []
    original = views._feed_plans

    def counting(*args):
        """(the feeds made by a run with the store: the fresh run makes every one)"""
        plans = original(*args)
        if args[-1] is None:
            return plans
        return [(path, key, partial(_noted, made, path, make)) for path, key, make in plans]

    monkeypatch.setattr(views, "_feed_plans", counting)
    project = twice_with_nothing_made(archive, tmp_path, made)
    listed, _ = listed_by_others(project)
    edit(listed, f"title: {front(listed, 'title')}", "title: Ny titel på et forslag")
    same_as_afresh(archive, tmp_path)
    everything = len(list((project.files / "feeds").rglob("*.xml")))
    assert 0 < len(made) < everything  # (the feeds that list it, only)
    made.clear()
    by_hand = project.files / feeds.ARCHIVE_FEED
    by_hand.write_bytes(by_hand.read_bytes() + b"\n")
    same_as_afresh(archive, tmp_path)
    assert made == [feeds.ARCHIVE_FEED]


def _noted(made: list, path: str, make):
    made.append(path)
    return make()


def test_the_search_index_shards_are_kept_while_the_postings_are(archive, tmp_path, monkeypatch):
    """The shards are merged only when a chunk's postings changed (here one chunk holds every
    proposal: updated where its keys are only when fewer changed, test_search_shards.py), and
    written again when one was changed by hand."""
    merged: list[int] = []
    original = search_shards.write_shards

    def watched(writer, chunks, part_of, count, stored):
        """(the merges of a run with the store: the fresh run merges every time)"""
        with monkeypatch.context() as m:
            if stored is not None:
                m.setattr(search_shards, "merge", lambda parts: merged.append(1) or merge(parts))
            original(writer, chunks, part_of, count, stored)

    monkeypatch.setattr(generate, "write_shards", watched)
    project = twice_with_nothing_made(archive, tmp_path, merged)
    shard = sorted((project.search_index / "t").glob("*.json"))[0]
    shard.write_text("{}\n", encoding="utf-8")
    same_as_afresh(archive, tmp_path)
    assert merged == [1]
    merged.clear()
    listed, _ = listed_by_others(project)
    edit(listed, "\n---\n", "\n---\nEt helt nyt ord: kvasimonokrom.\n")
    same_as_afresh(archive, tmp_path)
    assert merged == [1]


def test_files_linked_into_a_site_are_kept(archive, tmp_path, monkeypatch):
    """The engine links the search index, the data files and the feeds into the site it builds,
    which changes each file's status time: the next run keeps them all the same (the render
    store knows a made file by its modification time, size and inode: keys.made_stamp)."""
    made: list[str] = []
    original = generate._write_plans

    def watched(writer, plans, stored, write=None):
        """(the files a run with the store makes again: the fresh run makes every one)"""
        if stored is not None:  # (a file without a key is made every time)
            plans = [
                (path, key, make if key is None else partial(_noted, made, path, make))
                for path, key, make in plans
            ]
        return original(writer, plans, stored, write)

    monkeypatch.setattr(generate, "_write_plans", watched)
    project = twice_with_nothing_made(archive, tmp_path, made)
    site = tmp_path / "site"
    linked = 0
    for folder in (project.files, project.search_index):
        for path in tree(folder):
            (site / folder.name / path).parent.mkdir(parents=True, exist_ok=True)
            (site / folder.name / path).hardlink_to(folder / path)  # (as engine/building does)
            linked += 1
    assert linked > 100
    same_as_afresh(archive, tmp_path)
    assert made == []


def test_the_terms_entries_are_kept_by_their_proposals_files(archive, tmp_path, monkeypatch):
    """A term's data file made again (one of its proposals changed) makes that proposal's entry
    anew and takes the others' from the store; one file changed by hand is made again."""
    made = []
    original = termdata._Entries._make

    def counting(self, p, shared):
        if self.stored is not None:  # (the fresh run makes every one)
            made.append(p.id)
        return original(self, p, shared)

    monkeypatch.setattr(termdata._Entries, "_make", counting)
    project = twice_with_nothing_made(archive, tmp_path, made)
    listed, _ = listed_by_others(project)
    edit(listed, f"title: {front(listed, 'title')}", "title: Ny titel på et forslag")
    same_as_afresh(archive, tmp_path)
    assert set(made) == {listed.stem}
    made.clear()
    by_hand = next((project.files / "kommuner").glob("*.json"))
    by_hand.write_bytes(by_hand.read_bytes() + b"\n")
    same_as_afresh(archive, tmp_path)
    assert made == []  # (written again, from the entries kept)
