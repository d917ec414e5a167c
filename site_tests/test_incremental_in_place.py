"""A build that keeps most pages is put in place of the previous site (generator/engine/
placing.py): only what changed is made in a new folder, the stale files go, and the result is
the site a build from scratch makes, byte for byte; the previous site is untouched until the
swap, and a swap interrupted halfway is made good by the next build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.engine import building, placing
from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import build_site, digest, make_archive, run_cli
from site_tests.test_incremental import SAVINGS, edit, from_scratch, inodes

GONE = "zz-small-savings"  # (no other proposal names it)


def files(site: Path) -> dict[str, int]:
    """{file: inode} of every file of a site."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.glob(f".{site.name}-*"))


@pytest.fixture
def archive(tmp_path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_archive(tmp_path / "archive", "small")
    return root, build_site(root, root / "site")


def test_a_new_and_a_deleted_proposal_are_put_in_place(archive, tmp_path):
    """A proposal added and another deleted: the site stays the same folder (put in place),
    the kept pages the same files, the new proposal's folder is there, the deleted one's page
    folder and data files are gone, and the site is the one built from scratch."""
    root, site = archive
    folder = site.stat().st_ino
    gone = [path for path in files(site) if GONE in path]
    assert f"forslag/{GONE}/index.html" in gone and len(gone) > 1, gone  # (its data files too)
    before = inodes(site)
    text = SAVINGS.read_text(encoding="utf-8")
    (root / "proposals" / "zz-small-added.md").write_text(
        text.replace("id: zz-small-savings", "id: zz-small-added").replace(
            "code: ZB2", "code: ZA9"
        ),
        encoding="utf-8",
    )
    (root / "proposals" / f"{GONE}.md").unlink()
    build_site(root, site)
    assert site.stat().st_ino == folder, "built whole, not put in place"
    assert [page for page, inode in inodes(site).items() if before.get(page) == inode]
    assert (site / "forslag" / "zz-small-added" / "index.html").is_file()
    assert not (site / "forslag" / GONE).exists()
    assert not [path for path in files(site) if GONE in path]
    assert digest(site) == from_scratch(root, tmp_path / "scratch")
    assert not leftovers(site)


def test_files_changed_or_added_by_hand_are_not_kept(archive, tmp_path):
    """A data file replaced by hand (a new file), one edited where it is (the generated file
    too: they are one file), a file and a folder added by hand: the next build, put in place,
    makes the site a build from scratch makes."""
    root, site = archive
    folder = site.stat().st_ino
    replaced = site / "data" / "datapackage.json"
    text = replaced.read_bytes()
    replaced.unlink()
    replaced.write_bytes(text.replace(b"{", b"{ ", 1))
    edited = site / "forslag" / "zz-small-savings.json"
    assert edited.stat().st_nlink > 1  # (a link to the generated file)
    with open(edited, "r+b") as f:
        f.write(b" ")
    (site / "forslag" / "rettet-i-haanden.txt").write_text("x", encoding="utf-8")
    (site / "forslag" / "i-haanden" / "tom").mkdir(parents=True)
    (site / "forslag" / "i-haanden" / "tom" / "side.html").write_text("x", encoding="utf-8")
    edit(root / "proposals" / "zz-small-savings.md", "Færre samtaler", "Færre møder")
    build_site(root, site)
    assert site.stat().st_ino == folder, "built whole, not put in place"
    assert not (site / "forslag" / "rettet-i-haanden.txt").exists()
    assert not (site / "forslag" / "i-haanden").exists()
    assert digest(site) == from_scratch(root, tmp_path / "scratch")


def test_a_build_that_fails_before_the_swap_leaves_the_previous_site(archive, monkeypatch):
    """The engine fails after the pages were rendered (the search index never came): the
    previous site is as it was, file for file, and nothing is left beside it."""
    root, site = archive
    project = Project(root)
    edit(root / "proposals" / "zz-small-savings.md", "Færre samtaler", "Færre møder")
    diagnostics, report = prepare(project, stored=True)
    assert report is not None, diagnostics
    before, sums = files(site), digest(site)

    def failing():
        raise RuntimeError("the index never came")

    with pytest.raises(RuntimeError, match="never came"):
        building.build(project, site, ready=failing)
    assert files(site) == before
    assert digest(site) == sums
    assert not leftovers(site)


def test_a_swap_interrupted_halfway_is_made_good_by_the_next_build(archive, tmp_path, monkeypatch):
    """Interrupted after the stale files went, before the new ones came: no site, a half
    changed one under a temporary name; the next build makes the site from scratch."""
    root, site = archive
    project = Project(root)
    (root / "proposals" / f"{GONE}.md").unlink()
    diagnostics, report = prepare(project, stored=True)
    assert report is not None, diagnostics

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(placing, "_move", interrupted)
    with pytest.raises(KeyboardInterrupt):
        building.build(project, site)
    assert not site.exists()
    assert [name for name in leftovers(site) if name.startswith(".site-old-")]
    build_site(root, site)
    assert digest(site) == from_scratch(root, tmp_path / "scratch")


def test_a_template_change_builds_the_site_whole(archive, tmp_path):
    """Nothing kept: the new site is made whole and swapped in (another folder, exchanged)."""
    root, site = archive
    folder = site.stat().st_ino
    with open(root / "templates" / "proposal.md.j2", "a", encoding="utf-8") as f:
        f.write("{# ændret #}\n")
    result = run_cli(root, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert site.stat().st_ino != folder
    assert digest(site) == from_scratch(root, tmp_path / "scratch")


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_two_folders_exchanged(tmp_path):
    """exchange(): both names stay, their contents trade places."""
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "name").write_text(folder.name, encoding="utf-8")
    assert building.exchange(a, b)
    assert (a / "name").read_text(encoding="utf-8") == "b"
    assert (b / "name").read_text(encoding="utf-8") == "a"


def test_the_generators_errors_come_before_the_engines(archive):
    """The engine loads its configuration while the generator works: where both fail (a
    proposal and mkdocs.yml broken), the build says the generator's errors, as when the engine
    started after it, and the previous site stays."""
    root, site = archive
    before = files(site)
    alone = root / "proposals" / "zz-small-savings.md"
    alone.write_text(alone.read_text(encoding="utf-8").replace("id: ", "id: [", 1))
    said = run_cli(root, "build", "--site-dir", str(site))
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("theme: [\n")
    both = run_cli(root, "build", "--site-dir", str(site))
    assert said.returncode == both.returncode == 1
    assert both.stderr == said.stderr
    assert said.stderr.endswith("build stopped: the previous site is unchanged\n")
    assert files(site) == before
    assert not leftovers(site)
