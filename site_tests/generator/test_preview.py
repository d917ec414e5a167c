"""The preview (`proposal-archive serve`, which regenerates through engine/plugin.py) uses the
incremental store as `check` and `build` do: it re-reads and re-checks only the files that
changed, and gives exactly what a fresh run gives."""

from __future__ import annotations

import shutil

from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive, tree


def preview(project):
    """One regeneration of the preview, as engine/plugin.py makes it."""
    return prepare(project, stored=True, preview=True)


def fresh(root, tmp_path):
    """Pages and search index of the same archive generated without a store, elsewhere."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    diagnostics, report = prepare(Project(copy))
    assert report is not None, diagnostics
    return tree(Project(copy).pages), tree(Project(copy).search_index), diagnostics


def test_only_changed_files_are_checked_again_and_the_result_is_the_same(tmp_path, checked):
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    files = sorted(p.name for p in project.proposals.glob("*.md"))

    preview(project)
    assert checked == files
    checked.clear()
    preview(project)
    assert checked == []  # nothing changed: nothing read

    savings = project.proposals / "zz-small-savings.md"
    savings.write_text(
        savings.read_text(encoding="utf-8").replace(
            "Ingen henvisninger her.", "Nu med samtalerne."
        ),
        encoding="utf-8",
    )
    diagnostics, report = preview(project)
    assert checked == ["zz-small-savings.md"]
    assert report.written == ["forslag/zz-small-savings.md"]
    pages, index, fresh_diagnostics = fresh(root, tmp_path)
    assert tree(project.pages) == pages and tree(project.search_index) == index
    assert [d.as_text() for d in diagnostics] == [d.as_text() for d in fresh_diagnostics]
    assert any(
        b"samtalerne" in text for name, text in index.items() if name.startswith("d/")
    )  # the edit is searchable

    checked.clear()
    savings.unlink()
    preview(project)
    assert checked == []  # a removed file is not read; the others are unchanged
    pages, index, _ = fresh(root, tmp_path)
    assert tree(project.pages) == pages and tree(project.search_index) == index


def test_an_edit_reaches_the_pages_of_the_other_proposals_that_show_it(tmp_path, checked):
    """A page kept from the store must still change when a proposal it lists changes: the
    evaluation lists the cafe proposal (related), whose title is edited here; a new template
    line must reach every page."""
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    preview(project)
    cafe = project.proposals / "zz-small-cafe.md"
    cafe.write_text(
        cafe.read_text(encoding="utf-8").replace("title: Cafe", "title: Kaffebar", 1),
        encoding="utf-8",
    )
    preview(project)
    assert checked[-1:] == ["zz-small-cafe.md"]
    evaluation = (project.pages / "forslag" / "zz-small-evaluation.md").read_text(encoding="utf-8")
    assert "Kaffebar" in evaluation
    pages, index, _ = fresh(root, tmp_path)
    assert tree(project.pages) == pages and tree(project.search_index) == index

    template = project.templates / "proposal.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + "\nNY-SKABELONLINJE\n", encoding="utf-8"
    )
    preview(project)
    for name in (
        "zz-small-cafe",
        "zz-small-evaluation",
        "zz-small-savings",
    ):  # (not the closed one: not public)
        assert "NY-SKABELONLINJE" in (project.pages / "forslag" / f"{name}.md").read_text(
            encoding="utf-8"
        )
    pages, index, _ = fresh(root, tmp_path)
    assert tree(project.pages) == pages


def test_a_broken_edit_is_reported_and_the_fix_is_picked_up(tmp_path, checked):
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    preview(project)
    savings = project.proposals / "zz-small-savings.md"
    good = savings.read_text(encoding="utf-8")
    savings.write_text(good.replace("kind:", "kind: [", 1), encoding="utf-8")
    diagnostics, report = preview(project)
    assert report is None and any(d.path.endswith("zz-small-savings.md") for d in diagnostics)
    savings.write_text(good, encoding="utf-8")
    diagnostics, report = preview(project)
    assert report is not None


def test_a_configuration_change_checks_everything_again(tmp_path, checked):
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    preview(project)
    checked.clear()
    archive_yml = project.config / "archive.yml"
    archive_yml.write_text(
        archive_yml.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8"
    )
    preview(project)
    assert sorted(checked) == sorted(p.name for p in project.proposals.glob("*.md"))
