"""Rule `source-file` (generator/originals.py): an original kept in sources/ is the document its
proposal's `source:` names, and the check store checks a proposal again when its original
changes. The good fixture is the confidential archive (zz-conf-open keeps parker-valby.txt with
its SHA-256); the bad one is the broken fixture (tested in test_check.py)."""

from __future__ import annotations

import hashlib
import os

import pytest

from generator.check import for_audience, load
from generator.generate import kept_sources
from generator.pipeline import prepare
from generator.project import Project
from generator.urls import SOURCES_DIR
from site_tests.archives import make_archive

OPEN = "proposals/zz-conf-open.md"


@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path / "a", "confidential")


def found(root, stored=False) -> list[str]:
    return [
        d.as_text()
        for d in load(Project(root), stored=stored).diagnostics
        if d.code == "source-file"
    ]


def test_the_kept_original_of_the_good_fixture_is_its_document(archive):
    text = (archive / OPEN).read_text(encoding="utf-8")
    kept = (archive / "sources" / "parker-valby.txt").read_bytes()
    assert f"sha256: {hashlib.sha256(kept).hexdigest()}" in text
    assert found(archive) == []
    project = Project(archive)
    assert kept_sources(project, for_audience(load(project), "public")) == {
        "zz-conf-open": archive / "sources" / "parker-valby.txt"
    }


def test_another_file_under_the_name_is_an_error_on_the_source_line(archive):
    original = archive / "sources" / "parker-valby.txt"
    original.write_bytes(original.read_bytes() + b"Rettet bagefter.\n")
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    line = (archive / OPEN).read_text(encoding="utf-8").splitlines().index("source:") + 1
    assert found(archive) == [
        f"{OPEN}:{line}:1: error: sources/parker-valby.txt has SHA-256 {digest}, but the source's "
        "sha256 is 2dd1a6e82ad2cc38173a339ad71dedf83e40253f2b2c22396fec131e707e86a9: expected the "
        "document the proposal was made from; put that file in sources/, or correct sha256 if this "
        "file is the original [source-file]"
    ]


def test_a_name_that_differs_in_case_only_is_an_error(archive):
    (archive / "sources" / "parker-valby.txt").rename(archive / "sources" / "Parker-Valby.txt")
    assert [m.split(": ", 1)[1] for m in found(archive)] == [
        "error: sources/Parker-Valby.txt differs from the source's file name 'parker-valby.txt' in "
        "case only, so the site would not serve it; expected sources/parker-valby.txt: rename one "
        "of them [source-file]"
    ]


def test_a_symbolic_link_is_neither_accepted_nor_served(archive, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the site\n", encoding="utf-8")
    kept = archive / "sources" / "parker-valby.txt"
    kept.unlink()
    os.symlink(outside, kept)
    assert [m.split(": ", 1)[1] for m in found(archive)] == [
        f"error: sources/parker-valby.txt is a symbolic link ({str(outside)!r}): the site serves "
        "only files kept in sources/ themselves; put the document itself there [source-file]"
    ]
    project = Project(archive)
    assert kept_sources(project, for_audience(load(project), "public")) == {}


def test_no_kept_original_no_check(archive):
    (archive / "sources" / "parker-valby.txt").unlink()
    assert found(archive) == []


def test_the_store_checks_a_proposal_again_when_its_original_changes(archive, checked):
    found(archive, stored=True)
    checked.clear()
    assert found(archive, stored=True) == [] and checked == []

    original = archive / "sources" / "parker-valby.txt"
    good = original.read_bytes()
    original.write_bytes(good.replace(b"a", b"e", 1))  # (same size: only the stamp tells)
    assert len(found(archive, stored=True)) == 1 and checked == ["zz-conf-open.md"]
    checked.clear()
    assert len(found(archive, stored=True)) == 1 and checked == []

    original.write_bytes(good)
    assert found(archive, stored=True) == [] and checked == ["zz-conf-open.md"]
    checked.clear()

    # the original gone, then back under a name that differs in case only: the folder's stamp
    original.unlink()
    assert found(archive, stored=True) == [] and checked == ["zz-conf-open.md"]
    checked.clear()
    (archive / "sources" / "PARKER-VALBY.txt").write_bytes(good)
    assert len(found(archive, stored=True)) == 1 and checked == ["zz-conf-open.md"]


def test_the_store_also_checks_again_a_file_whose_bytes_it_knows(archive, checked):
    """A fresh clone gives every file a new stamp: a proposal whose bytes the store holds is
    still checked again when its original changed meanwhile."""
    found(archive, stored=True)
    checked.clear()
    (archive / OPEN).touch()
    original = archive / "sources" / "parker-valby.txt"
    original.write_bytes(original.read_bytes() + b"\n")
    assert len(found(archive, stored=True)) == 1 and checked == ["zz-conf-open.md"]


def test_the_preview_watches_the_originals(archive, monkeypatch):
    from generator.engine import serving

    seen = {}
    monkeypatch.setattr(serving, "mkdocs_serve", lambda **kwargs: seen.update(kwargs))
    serving.serve(Project(archive), "127.0.0.1:8000")
    assert str(archive / "sources") in seen["watch"]


def test_the_served_copy_is_kept_while_the_original_and_the_copy_are_unchanged(archive):
    """(the render store: neither read nor compared then)"""
    project = Project(archive)
    original = archive / "sources" / "parker-valby.txt"
    assert prepare(project, stored=True)[1] is not None
    copy = project.pages / SOURCES_DIR / "zz-conf-open" / "parker-valby.txt"
    assert copy.read_bytes() == original.read_bytes()
    before = copy.stat().st_ino
    prepare(project, stored=True)
    assert copy.stat().st_ino == before
    copy.write_bytes(b"changed by hand")
    prepare(project, stored=True)
    assert copy.read_bytes() == original.read_bytes()
    text = (archive / OPEN).read_text(encoding="utf-8")
    old = hashlib.sha256(original.read_bytes()).hexdigest()
    original.write_bytes(original.read_bytes() + b"\nEn rettelse.\n")
    new = hashlib.sha256(original.read_bytes()).hexdigest()
    (archive / OPEN).write_text(text.replace(old, new), encoding="utf-8")
    assert prepare(project, stored=True)[1] is not None
    assert copy.read_bytes() == original.read_bytes()
