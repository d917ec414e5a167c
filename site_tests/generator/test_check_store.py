"""The check store (generator/store.py, its keys in keys.py): a run takes what an earlier run found for every
file whose bytes are unchanged, and gives exactly what checking every file afresh gives."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from generator import keys, parallel
from generator.check import load
from generator.project import Project
from generator.store import Store
from site_tests.archives import FIXTURES, make_archive, run_cli


def seen_of(loaded) -> tuple:
    """Everything a run found: its diagnostics as printed and its proposals (compared whole)."""
    return [d.as_text() for d in loaded.diagnostics], loaded.proposals


@pytest.fixture
def archive(tmp_path):
    """The broken fixture (every rule broken) beside the small one (valid proposals)."""
    root = make_archive(tmp_path / "a", "small")
    for path in (FIXTURES / "broken" / "proposals").iterdir():
        shutil.copy(path, root / "proposals" / path.name)
    return root


def afresh(root):
    return seen_of(load(Project(root)))


def test_unchanged_files_are_not_checked_again(archive, checked):
    project = Project(archive)
    files = sorted(p.name for p in project.proposals.glob("*.md"))
    first = load(project, stored=True)
    assert checked == files and (project.check_store / "index.pickle").is_file()
    assert seen_of(first) == afresh(archive)
    checked.clear()

    second = load(project, stored=True)
    assert checked == []
    assert seen_of(second) == seen_of(first)


def test_a_touched_file_is_known_by_its_bytes_and_a_changed_one_is_checked_again(archive, checked):
    project = Project(archive)
    load(project, stored=True)
    checked.clear()
    for path in project.proposals.glob("*.md"):  # new stamps, as after a fresh clone
        os.utime(path, ns=(1, 1))
    savings = project.proposals / "zz-small-savings.md"
    savings.write_text(
        savings.read_text(encoding="utf-8").replace(
            "Ingen henvisninger her.", "Nu med samtalerne."
        ),
        encoding="utf-8",
    )
    fields = project.proposals / "zz-fixture-fields.md"
    fields.write_text(
        fields.read_text(encoding="utf-8").replace("Nordhavn", "Sydhavnen"), encoding="utf-8"
    )

    after = load(project, stored=True)
    assert sorted(checked) == ["zz-fixture-fields.md", "zz-small-savings.md"]
    assert seen_of(after) == afresh(archive)
    assert any("'Sydhavnen' is not a known district" in d for d in seen_of(after)[0])
    store = Store.open(project.check_store, keys.fingerprint(project.config))
    assert store.meta("proposals/zz-small-cafe.md")[0] == keys.stamp_of(
        os.lstat(project.proposals / "zz-small-cafe.md")
    )
    checked.clear()
    load(project, stored=True)
    assert checked == []


def test_added_and_removed_files(archive, checked):
    project = Project(archive)
    load(project, stored=True)
    checked.clear()
    (project.proposals / "zz-fixture-missing.md").unlink()
    shutil.copy(project.proposals / "zz-small-cafe.md", project.proposals / "zz-small-cafe-copy.md")
    after = load(project, stored=True)
    assert checked == ["zz-small-cafe-copy.md"]
    assert seen_of(after) == afresh(archive)
    store = Store.open(project.check_store, keys.fingerprint(project.config))
    assert (
        "proposals/zz-fixture-missing.md" not in store.entries
        and "proposals/zz-small-cafe-copy.md" in store.entries
    )


def all_checked_then_none(project, checked):
    """The next run checks every file again and gives what a fresh run gives; the one after
    checks none (the store was made whole again)."""
    checked.clear()
    after = load(project, stored=True)
    assert sorted(checked) == sorted(p.name for p in project.proposals.glob("*.md"))
    assert seen_of(after) == afresh(project.root)
    checked.clear()
    load(project, stored=True)
    assert checked == []


def test_a_changed_configuration_checks_every_file_again(archive, checked):
    project = Project(archive)
    load(project, stored=True)
    municipality = project.config / "municipalities" / "koebenhavn.yml"
    municipality.write_text(
        municipality.read_text(encoding="utf-8").replace("Amager Øst", "Amager Østre"),
        encoding="utf-8",
    )
    all_checked_then_none(project, checked)


def test_the_libraries_versions_are_in_the_fingerprint(archive, monkeypatch):
    project = Project(archive)
    before = keys.fingerprint(project.config)
    assert keys.fingerprint(project.config) == before
    monkeypatch.setattr(keys.metadata, "version", lambda name: "0.0" if name == "PyYAML" else "1")
    assert keys.fingerprint(project.config) != before


def test_a_damaged_store_is_said_and_replaced(archive, checked, capsys):
    project = Project(archive)
    load(project, stored=True)
    assert capsys.readouterr().err == ""
    index = project.check_store / "index.pickle"
    index.write_bytes(index.read_bytes()[:1000])
    all_checked_then_none(project, checked)
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith("build/cache/checked: unreadable store (")
    assert said[0].endswith("): rebuilding")
    assert Store.open(project.check_store, keys.fingerprint(project.config)).entries  # rebuilt

    # blobs that cannot be unpickled, or are gone: said once, and their files checked again
    blobs = sorted(p for p in project.check_store.iterdir() if p.name != "index.pickle")
    assert blobs
    blobs[0].write_bytes(b"not a pickle")
    for blob in blobs[1:]:
        blob.unlink()
    all_checked_then_none(project, checked)
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith("build/cache/checked: unreadable store (")
    assert said[0].endswith("): making again what it held")


def test_a_store_of_an_earlier_layout_is_said_as_such(archive, checked, capsys):
    """Before format 7 the index was one pickle, its entries named tuples of a class that is no
    longer there: said as an earlier format (not as the error unpickling it raises), rebuilt."""
    from collections import namedtuple

    project = Project(archive)
    load(project, stored=True)
    index = project.check_store / "index.pickle"
    with index.open("rb") as f:
        head, kept = pickle.load(f), pickle.load(f)
    Entry = namedtuple("Entry", "meta blob")  # (pickled by reference to this module's name)
    Entry.__module__, Entry.__qualname__ = __name__, "Gone"
    globals()["Gone"] = Entry
    try:
        old = {k: Entry(*entry) for k, entry in kept["entries"].items()}
        index.write_bytes(pickle.dumps({**head, "format": 5, "entries": old, "blobs": {}}))
    finally:
        del globals()["Gone"]  # (as the class of an earlier version: unpickling it would fail)
    all_checked_then_none(project, checked)
    said = capsys.readouterr().err.splitlines()
    assert said == [
        f"build/cache/checked: unreadable store (ValueError: an earlier format, this version's "
        f"is {keys.FORMAT}): rebuilding"
    ]


def test_the_command_says_a_damaged_store_in_one_line_and_finds_the_same(archive):
    first = run_cli(archive, "check")
    index = archive / "build" / "cache" / "checked" / "index.pickle"
    index.write_bytes(b"\x80\x05 not a store")
    damaged = run_cli(archive, "check")
    assert (damaged.stdout, damaged.returncode) == (first.stdout, first.returncode)
    said = damaged.stderr.splitlines()
    assert len(said) == 1, damaged.stderr
    assert said[0].startswith("build/cache/checked: unreadable store (") and said[0].endswith(
        "): rebuilding"
    )
    assert "Traceback" not in damaged.stderr
    again = run_cli(archive, "check")
    assert again.stderr == "" and again.stdout == first.stdout  # rebuilt: read without a word


def test_a_symbolic_link_is_always_checked(archive, checked, tmp_path):
    project = Project(archive)
    shutil.move(project.proposals / "zz-small-cafe.md", project.proposals / "cafe.txt")
    (project.proposals / "zz-small-cafe.md").symlink_to("cafe.txt")
    load(project, stored=True)
    checked.clear()
    load(project, stored=True)
    assert checked == ["zz-small-cafe.md"]


def test_parallel_workers_fill_and_use_the_store(archive, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    project = Project(archive)
    expected = afresh(archive)
    assert seen_of(load(project, workers=2, stored=True)) == expected
    store = Store.open(project.check_store, keys.fingerprint(project.config))
    assert len(store.entries) == len(list(project.proposals.glob("*.md")))
    assert len(store.blobs) > 1  # a blob per job, the workers' among them
    for path in project.proposals.glob("*.md"):
        os.utime(path, ns=(1, 1))  # every file to the workers, to be known by its digest there
    assert seen_of(load(project, workers=2, stored=True)) == expected
    savings = project.proposals / "zz-small-savings.md"
    savings.write_text(
        savings.read_text(encoding="utf-8").replace(
            "Ingen henvisninger her.", "Nu med samtalerne."
        ),
        encoding="utf-8",
    )
    assert seen_of(load(project, workers=2, stored=True)) == afresh(archive)


def test_dead_results_are_dropped_when_they_outnumber_the_live_ones(tmp_path):
    store = Store(tmp_path / "s", b"f")
    results = {f"f{n}": ([], None, n) for n in range(300)}
    store.add(pickle.dumps({"gone": 1}), [("gone", "m")])
    for round_ in range(3):  # every file made again twice: two thirds of what is held is dead
        store.add(
            pickle.dumps({**results, "round": round_}), [(name, (round_,)) for name in results]
        )
    store.put("page", "meta only")
    store.keep_only([*results, "page"])
    store.save()
    kept = Store.open(tmp_path / "s", b"f")
    assert list(kept.blobs.values()) == [300] and len(list((tmp_path / "s").iterdir())) == 2
    assert all(kept.result(name) == results[name] and kept.meta(name) == (2,) for name in results)
    assert (
        kept.meta("page") == "meta only"
        and kept.result("page") is None
        and kept.meta("gone") is None
    )
    assert Store.open(tmp_path / "s", b"other").entries == {}


def test_only_new_blobs_are_written_and_those_nothing_needs_are_deleted(tmp_path):
    store = Store(tmp_path / "s", b"f")
    store.add(pickle.dumps({"a": 1, "b": 2}), [("a", 1), ("b", 1)])
    store.add(pickle.dumps({"a": 3}), [("a", 2)])
    store.add(pickle.dumps({"c": 4}), [("c", 1)])
    store.save()
    files = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "s").iterdir()}
    assert len(files) == 4  # the index and three blobs (the first still holds b)
    kept = Store.open(tmp_path / "s", b"f")
    kept.keep_only(["a", "c"])
    kept.add(pickle.dumps({"d": 5}), [("d", 1)])
    kept.save()
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "s").iterdir()}
    assert len(after) == 4 and len(after.keys() - files.keys()) == 1  # the first blob gone, one new
    assert all(
        after[name] == files[name] for name in after.keys() & files.keys() if name != "index.pickle"
    )
    kept = Store.open(tmp_path / "s", b"f")
    assert {k: kept.result(k) for k in "acd"} == {"a": 3, "c": 4, "d": 5}


def test_a_few_changes_are_written_as_a_journal_beside_the_index(tmp_path):
    """A save that changed few entries leaves the index as it is and writes the changes beside
    it (journal.pickle); one that changed many writes the whole index and no journal."""
    folder = tmp_path / "s"
    store = Store(folder, b"f")
    store.add(pickle.dumps({n: n for n in range(100)}), [(n, "m") for n in range(100)])
    store.save()
    index = (folder / "index.pickle").stat().st_mtime_ns
    for round_ in range(2):
        kept = Store.open(folder, b"f")
        kept.put(f"page{round_}", "meta only")
        kept.add(pickle.dumps({1: "new"}), [(1, "new")])
        kept.keep_only([k for k in kept.entries if k != 2])
        kept.save()
        assert (folder / "journal.pickle").exists()
        assert (folder / "index.pickle").stat().st_mtime_ns == index
    kept = Store.open(folder, b"f")
    assert kept.meta("page0") == kept.meta("page1") == "meta only" and kept.meta(2) is None
    assert kept.result(1) == "new" and kept.result(3) == 3 and len(kept.entries) == 101
    kept.keep_only(range(50))
    kept.save()
    assert not (folder / "journal.pickle").exists()
    kept = Store.open(folder, b"f")
    assert sorted(kept.entries) == [n for n in range(50) if n != 2] and kept.result(1) == "new"


def test_the_commands_use_the_store_unless_told_not_to(archive):
    first = run_cli(archive, "check")
    assert (
        first.returncode == 1
        and (archive / "build" / "cache" / "checked" / "index.pickle").is_file()
    )
    second = run_cli(archive, "check")
    assert second.stdout == first.stdout and second.returncode == 1
    shutil.rmtree(archive / "build")
    fresh = run_cli(archive, "check", "--no-cache")
    assert fresh.stdout == first.stdout and not (archive / "build").exists()
