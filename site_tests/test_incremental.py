"""A build keeps the previous site's pages whose inputs are unchanged (generator/engine/reuse.py)
and makes the site a build from scratch makes, byte for byte, after any sequence of changes."""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import astuple
from pathlib import Path

from generator import keys
from site_tests.archives import FIXTURES, build_site, digest, make_archive, run_cli

SAVINGS = FIXTURES / "small" / "proposals" / "zz-small-savings.md"


def inodes(site: Path) -> dict[str, int]:
    """{page: inode} of the HTML pages of a site: a page kept from the previous site is the
    same file (a hard link)."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def from_scratch(root: Path, target: Path, *options: str) -> dict[str, str]:
    """The site of the archive as it is, built in a copy without build/ or a site."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("build", "site", ".site-*"))
    return digest(build_site(target, target / "site", *options))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_site_built_after_each_change_is_the_site_built_from_scratch(tmp_path, monkeypatch):
    """Edits, an addition, a deletion, a topic renamed in a proposal (its term pages change
    names), a page of the site damaged by hand, an unreadable store, a store of an earlier
    format (said in one line), a district renamed in the
    configuration, a template, mkdocs.yml, the theme: after each, the site built on the
    previous one is the one a build from scratch makes; and it did keep pages (the same files)
    where only proposals changed, and none after the others."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_archive(tmp_path / "archive", "small")
    proposals = root / "proposals"
    site = build_site(root, root / "site")

    def added():
        text = SAVINGS.read_text(encoding="utf-8")
        (proposals / "zz-small-added.md").write_text(
            text.replace("id: zz-small-savings", "id: zz-small-added")
            .replace("code: ZB2", "code: ZA9")
            .replace("title: Færre samtaler", "title: Flere møder")
            + "\nSe også [ZB2](zz-small-savings.md).\n",
            encoding="utf-8",
        )

    def damaged():
        page = site / "forslag" / "zz-small-cafe" / "index.html"
        page.write_bytes(
            page.read_bytes().replace(b"</body>", "<p>rettet i hånden</p></body>".encode())
        )

    def unreadable():
        (root / "build" / "cache" / "built-site" / "index.pickle").write_bytes(b"not a pickle")

    def earlier_format():
        """The store as format 5 kept it: one pickle, the head's fields beside the entries,
        each page's entry a tuple before BuiltPage."""
        index = root / "build" / "cache" / "built-site" / "index.pickle"
        with index.open("rb") as f:
            head, kept = pickle.load(f), pickle.load(f)
        entries = {k: (astuple(meta), blob) for k, (meta, blob) in kept["entries"].items()}
        old = {"format": 5, "fingerprint": head["fingerprint"], "entries": entries}
        index.write_bytes(pickle.dumps({**old, "blobs": kept["blobs"]}))

    steps = [
        # (what changes, whether pages are kept: True some, False none, None either)
        (
            "a title",
            lambda: edit(proposals / "zz-small-savings.md", "Færre samtaler", "Færre møder"),
            True,
        ),
        ("an addition", added, True),
        ("a body", lambda: edit(proposals / "zz-small-added.md", "Se også", "Læs også"), True),
        (
            "a topic renamed",
            lambda: edit(proposals / "zz-small-savings.md", "[jobsamtale]", "[samtaler]"),
            True,
        ),
        ("a deletion", lambda: (proposals / "zz-small-added.md").unlink(), True),
        ("a page damaged by hand", damaged, True),
        ("an unreadable store", unreadable, False),
        ("a store of an earlier format", earlier_format, False),
        (
            "a district renamed in the configuration",
            lambda: [
                edit(
                    root / "config" / "municipalities" / "koebenhavn.yml",
                    "{name: Valby}",
                    "{name: Valby Sogn}",
                ),
                *(
                    edit(p, "[Valby", "[Valby Sogn")
                    for p in proposals.glob("*.md")
                    if "[Valby" in p.read_text(encoding="utf-8")
                ),
            ],
            False,
        ),
        (
            "a template",
            lambda: append(root / "templates" / "proposal.md.j2", "{# ændret #}\n"),
            False,
        ),
        # the archive's copy of the theme, made its own (mkdocs.yml), then changed
        (
            "mkdocs.yml",
            lambda: edit(
                root / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: theme\n"
            ),
            False,
        ),
        (
            "the theme's CSS",
            lambda: append(root / "theme" / "assets" / "archive.css", "/* ændret */\n"),
            False,
        ),
    ]
    for n, (what, change, kept) in enumerate(steps):
        before = inodes(site)
        change()
        result = run_cli(root, "build", "--site-dir", str(site))
        assert result.returncode == 0, (what, result.stderr)
        if what == "an unreadable store":
            assert "build/cache/built-site: unreadable store (" in result.stderr, result.stderr
        if what == "a store of an earlier format":
            said = [line for line in result.stderr.splitlines() if "build/cache/built-site" in line]
            earlier = f"(ValueError: format 5, this version's is {keys.FORMAT})"
            assert said == [f"build/cache/built-site: unreadable store {earlier}: rebuilding"]
        same = [page for page, inode in inodes(site).items() if before.get(page) == inode]
        if what == "a page damaged by hand":
            assert "forslag/zz-small-cafe/index.html" not in same
        if kept:
            assert same, what
        else:
            assert not same, (what, same)
        assert digest(site) == from_scratch(root, tmp_path / f"scratch-{n}"), what
        assert os.path.isdir(root / "build" / "cache" / "built-site")


def test_a_build_without_the_store_keeps_nothing(tmp_path, monkeypatch):
    """`build --no-cache` renders every page, and the next build keeps them again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_archive(tmp_path / "archive", "small")
    site = build_site(root, root / "site")
    before = inodes(site)
    build_site(root, site, "--no-cache")
    after = inodes(site)
    assert not [page for page, inode in after.items() if before[page] == inode]
    build_site(root, site)
    assert [page for page, inode in inodes(site).items() if after[page] == inode]


def test_the_offline_intranet_site_after_a_change_is_the_one_built_from_scratch(
    tmp_path, monkeypatch
):
    """The offline site (pages as .html files) of the intranet audience keeps pages too, and
    comes out as built from scratch."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    options = ("--offline", "--audience", "intranet")
    root = make_archive(tmp_path / "archive", "small")
    site = build_site(root, root / "site", *options)
    before = inodes(site)
    edit(root / "proposals" / "zz-small-savings.md", "Færre samtaler", "Færre møder")
    build_site(root, site, *options)
    assert [page for page, inode in inodes(site).items() if before.get(page) == inode]
    assert digest(site) == from_scratch(root, tmp_path / "scratch", *options)
