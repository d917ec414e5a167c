"""Golden tests: the generated Markdown of the fixture archive `small` is committed in
site_tests/golden/small/; regenerate it with `make golden` after an intended change."""

from __future__ import annotations

import difflib

from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive, tree
from site_tests.golden import GOLDEN, GOLDEN_INDEX, generate_small


def test_generated_pages_match_golden(tmp_path):
    compare(tree(generate_small(tmp_path)), tree(GOLDEN))


def test_generated_search_index_matches_golden(tmp_path):
    compare(tree(generate_small(tmp_path).parent / "search-index"), tree(GOLDEN_INDEX))


def compare(got: dict[str, bytes], want: dict[str, bytes]) -> None:
    assert sorted(got) == sorted(want), "files added or lost; run `make golden` and review the diff"
    for name in want:
        if got[name] != want[name]:
            diff = "".join(
                difflib.unified_diff(
                    want[name].decode().splitlines(True),
                    got[name].decode().splitlines(True),
                    f"golden/{name}",
                    f"generated/{name}",
                )
            )
            raise AssertionError(
                f"{name} differs from its golden copy (run `make golden` if intended):\n{diff}"
            )


def test_generation_is_deterministic(tmp_path):
    one, two = generate_small(tmp_path / "one"), generate_small(tmp_path / "two")
    assert tree(one) == tree(two)
    assert tree(one.parent / "search-index") == tree(two.parent / "search-index")


def test_regeneration_rewrites_only_changed_pages_and_removes_stale(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    _, first = prepare(project)
    assert first.written and not first.removed
    mtimes = {p: p.stat().st_mtime_ns for p in project.pages.rglob("*.md")}

    _, again = prepare(project)
    assert again.written == [] and again.removed == []
    assert {p: p.stat().st_mtime_ns for p in project.pages.rglob("*.md")} == mtimes

    savings = root / "proposals" / "zz-small-savings.md"
    savings.write_text(savings.read_text().replace("Ingen henvisninger her.", "Nu med ny tekst."))
    _, changed = prepare(project)
    assert changed.written == ["forslag/zz-small-savings.md"]

    savings.unlink()
    _, removed = prepare(project)
    assert "forslag/zz-small-savings.md" in removed.removed
    assert not (project.pages / "forslag" / "zz-small-savings.md").exists()
    assert "emner/jobsamtale.md" in removed.removed  # its only proposal is gone


def test_what_is_not_public_is_absent_from_every_page(tmp_path):
    pages = tree(generate_small(tmp_path))
    for name, text in pages.items():
        for secret in ("HEMMELIGT-ORD", "Hemmelig Sagsbehandler", "zz-small-closed", "Lukket sag"):
            assert secret.encode() not in text, f"{secret!r} leaked into {name}"


def test_errors_stop_generation_and_keep_previous_pages(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    prepare(project)
    before = tree(project.pages)
    (root / "proposals" / "zz-small-savings.md").write_text("---\nid: zz-small-savings\n---\n")
    diagnostics, report = prepare(project)
    assert report is None
    assert any(d.code == "missing-field" for d in diagnostics)
    assert tree(project.pages) == before


def test_parallel_generation_writes_the_same_pages(tmp_path, monkeypatch):
    from generator import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    root = make_archive(tmp_path / "a", "small")
    diagnostics, report = prepare(Project(root), workers=2)
    assert report is not None
    assert tree(Project(root).pages) == tree(GOLDEN)
