"""The generated data files and search index put into a built site (engine/placing.py): hard
links on one filesystem, else copies; into the site of an earlier build (the preview's dirty
rebuilds), only what changed is put again, and the index's stale files go."""

from __future__ import annotations

import os
import time

import pytest

from generator.engine import placing
from generator.project import Project
from generator.write import Writer
from site_tests.archives import tree


def generated(project: Project, files: dict[str, str], index: dict[str, str]) -> None:
    """Write the data files and the search index as the generator does (a changed file is a
    new file), and remove what is not given, as a run does."""
    for folder, given in ((project.files, files), (project.search_index, index)):
        writer = Writer(folder, new_in_place=False)
        for path, text in given.items():
            writer.write(path, text)
        writer.remove_stale()


def install(project: Project, site, copies: bool) -> None:
    placing.install_files(project, site, copies)
    placing.install_search_index(project, site, copies)


def inodes(folder) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_ino
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("how", ["links", "across filesystems", "copies (the preview)"])
def test_a_second_install_puts_only_what_changed(tmp_path, monkeypatch, how):
    copies = how.startswith("copies")
    if (
        how == "across filesystems"
    ):  # (as when the site is on another filesystem: no link can be made)
        real = os.stat

        def other_device(path, *args, **kwargs):
            found = real(path, *args, **kwargs)
            if str(path).startswith(str(tmp_path / "site")):
                return os.stat_result((*found[:2], found.st_dev + 1, *found[3:]))
            return found

        monkeypatch.setattr(placing.os, "stat", other_device)
    put: list[str] = []  # what the installs link or copy into the site
    for module, name in ((placing.os, "link"), (placing.shutil, "copy2")):
        original = getattr(module, name)

        def putting(made, to, *args, original=original, **kwargs):
            put.append(os.path.relpath(to, site))
            return original(made, to, *args, **kwargs)

        monkeypatch.setattr(module, name, putting)
    project = Project(tmp_path / "a")
    site = tmp_path / "site"
    (site / "bydele" / "valby").mkdir(parents=True)
    (site / "bydele" / "valby" / "index.html").write_text("MkDocs' page")
    files = {"bydele/valby.json": "{}", "feeds/alle.xml": "<feed/>", "data/x.csv": "a\n"}
    index = {"meta.json": "{}", "t/_.json": "[1]", "d/0.json": "{0}", "d/1.json": "{1}"}
    generated(project, files, index)
    made = {p: p.stat().st_ctime_ns for p in sorted(tmp_path.glob("a/build/*/**/*")) if p.is_file()}
    install(project, site, copies)
    assert len(made) == len(files) + len(index)
    # (a copy leaves the generated file's status time, which the render store's stamp holds)
    assert copies <= all(p.stat().st_ctime_ns == ctime for p, ctime in made.items())
    assert sorted(put) == sorted([*files, *(f"search-index/{path}" for path in index)])
    expected = {"bydele/valby/index.html": b"MkDocs' page"}
    expected |= {path: text.encode() for path, text in files.items()}
    expected |= {f"search-index/{path}": text.encode() for path, text in index.items()}
    assert tree(site) == expected
    linked = how == "links"

    # (a rebuild comes a moment later: the files it changes have a later modification time;
    # the kernel's clock for them moves in steps of a few milliseconds)
    time.sleep(0.05)
    files["feeds/alle.xml"] = "<feed>1</feed>"
    del index["d/1.json"]
    index["t/_.json"] = "[2]"
    generated(project, files, index)
    put.clear()
    install(project, site, copies)
    assert sorted(put) == ["feeds/alle.xml", "search-index/t/_.json"]
    expected["feeds/alle.xml"] = b"<feed>1</feed>"
    expected["search-index/t/_.json"] = b"[2]"
    del expected["search-index/d/1.json"]
    assert tree(site) == expected  # (the index's stale file gone; the site's own page kept)
    sources = inodes(project.files) | {
        f"search-index/{path}": n for path, n in inodes(project.search_index).items()
    }
    again = inodes(site)
    assert all((again[path] == n) is linked for path, n in sources.items())
