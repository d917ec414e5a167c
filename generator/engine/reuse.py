"""The pages of the previous site that a build keeps, instead of rendering them again.

MkDocs renders every page of the site on every build. But the HTML of a page outside the
navigation (a proposal, a term's list) is a function of:

- its Markdown file (its front matter too) and where it is in the site (its source path);
- what its links resolve to: for each file MkDocs looked up while rendering it, that file's
  address and whether it is left out of the site (a link to a page that is gone, or moved, makes
  it render again, and MkDocs warns as it would);
- the navigation, which Material writes into every page (its entries' titles and addresses);
  such a page has no previous or next page and no place in the navigation;
- everything else every page shares: mkdocs.yml, the theme's files (the tool's, an archive's
  custom_dir, Material's by its version), the generator's code (the plugin: islands, table
  scopes, hyphenation, the page shell), the configuration and templates, and the versions of
  the installed distributions (keys.site_fingerprint).

It does not depend on the build's date (SOURCE_DATE_EPOCH: only the sitemap shows it) or on the
other pages (`pages`, which no template of Material or of the tool reads); an archive whose
own theme templates read either, or whose mkdocs.yml names another plugin (whose per-page
state a kept page would not feed), is built whole each time.

So for such a page the build keeps, in build/cache/built-<site folder> (keys.py), the key of
what it was built from, the stamp of its HTML file, the files its links looked up, and the
anchors MkDocs needs to validate links between pages (its anchors; the anchors it links to).
The next build keeps the previous site's file when the key, the links and the file's stamp are
as they were, and renders the others: it leaves the file where it is when the build is put in
place of the previous site (placing.py), else links it into the new site (a hard link: the old
site is removed after the swap). The pages in the navigation, 404.html and the sitemap are made each time.
The result is the site a build from scratch makes, byte for byte (site_tests/test_incremental.py).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import keys, shipped
from ..model import quick_pickle
from ..project import Project
from ..store import Store

# A build that keeps pages is put in place of the previous site unless it renders more pages
# than it keeps and more than these: the swap moves every page rendered (docs/performance.md)
MOVED_MOST = 1000
PLUGINS = {"proposal-archive"}  # the plugins whose per-page work a kept page needs not redo
# a theme template that shows the build's date or lists every page: either variable in a
# Jinja expression or statement
_JINJA = re.compile(rb"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_WHOLE_SITE = re.compile(rb"build_date_utc|(?<![.\w])pages(?!\w)")


def html_stamp(stat: os.stat_result) -> tuple:
    """A built file as the store knows it. (Not the inode's change time: linking the file into
    the next site changes it.)"""
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def resolved(file) -> tuple | None:
    """What a link to a file resolves to: its address, and whether it is left out of the site."""
    return None if file is None else (file.url, file.inclusion.is_excluded())


class Recorder:
    """The files a page's links look up while it is rendered (files.get_file_from_path), in order."""

    def __init__(self, files) -> None:
        self._files = files
        self._lookup = files.get_file_from_path
        self.found: dict[str, tuple | None] = {}

    def __enter__(self) -> Recorder:
        def recorded(path: str):
            file = self._lookup(path)
            self.found.setdefault(path, resolved(file))
            return file

        self._files.get_file_from_path = recorded  # (an attribute of this Files only)
        return self

    def __exit__(self, *exc) -> None:
        del self._files.get_file_from_path

    def take(self) -> tuple[tuple[str, ...], bytes]:
        """The paths looked up since the last take(), and the digest of what they resolved to."""
        found, self.found = self.found, {}
        return tuple(found), keys.links_found(found.items())


@quick_pickle
@dataclass(frozen=True, slots=True)
class BuiltPage:
    """What the store keeps of a page the engine built, by the page's source path."""

    key: bytes  # what it was built from (keys.built_page)
    stamp: tuple  # its HTML file's (html_stamp)
    paths: tuple[str, ...]  # the files its links looked up, in order
    found: bytes  # what they resolved to (keys.links_found)
    anchors: tuple[str, ...]  # its own anchors
    links: tuple  # the anchors it links to: ((file, ((anchor, link), …)), …)
    source: tuple  # its Markdown file's stamp (keys.stamp_of)…
    digest: bytes  # …and digest


@dataclass
class Reuse:
    """One build's use of the store: which pages it keeps from the previous site, and what it
    records of the pages it renders (a BuiltPage each)."""

    store: Store
    previous: Path | None  # the site this build replaces; None: nothing is kept
    may_stay: bool = False  # the kept pages may stay where they are (building.py decides)
    kept: int = 0
    # the kept pages stay in the previous site, and the new pages are put into it (placing.py)
    in_place: bool = False
    kept_pages: list[str] = field(default_factory=list)  # their paths in the site, if so
    _planned: dict = field(default_factory=dict)  # src_uri → (key, Markdown's stamp and digest)

    def keep(self, doc_files, nav, files, site_dir: str) -> tuple[list, list]:
        """The documentation files to render, and the pages of the previous site to link into
        site_dir (link()): those whose inputs are unchanged, given their anchors. Where the
        pages may stay and at least as many are kept as rendered, none is linked: they stay
        where they are (in_place): unless none is kept, or more are rendered than kept and
        than MOVED_MOST."""
        in_nav = {page.file.src_uri for page in nav.pages}
        homepage = nav.homepage.url if nav.homepage is not None else None
        navigation = keys.navigation(nav.items, homepage)
        by_uri = {file.src_uri: file for file in files}
        todo, kept = [], []
        for file in doc_files:
            if file.src_uri in in_nav:
                todo.append(file)
                continue
            meta: BuiltPage | None = self.store.meta(file.src_uri)
            source = keys.stamp_of(os.stat(file.abs_src_path))
            if meta is not None and meta.source == source:
                digest = meta.digest  # (the generator rewrites only the pages that changed)
            else:
                with open(file.abs_src_path, "rb") as f:
                    digest = keys.digest_of(f.read())
            key = keys.built_page(digest, file.src_uri, navigation)
            self._planned[file.src_uri] = (key, source, digest)
            old = self._previous(file, meta, key, files)
            if old is None:
                todo.append(file)
                continue
            kept.append((file.src_uri, old, os.path.join(site_dir, file.dest_uri)))
            self.kept_pages.append(file.dest_uri)
            page = file.page
            assert meta is not None  # (a page is kept only by what its entry says)
            page.present_anchor_ids = set(meta.anchors)
            page.links_to_anchors = {by_uri[to]: dict(targets) for to, targets in meta.links}
        self.kept = len(kept)
        self.in_place = self.may_stay and bool(kept) and len(todo) <= max(len(kept), MOVED_MOST)
        if self.in_place:
            return todo, []
        self.kept_pages = []
        return todo, kept

    def _previous(self, file, meta: BuiltPage | None, key: bytes, files) -> str | None:
        """The previous site's file of a page, if it is the one the store knows, built from
        the same inputs, and its links resolve as they did."""
        if self.previous is None or meta is None or meta.key != key:
            return None
        looked_up = ((p, resolved(files.get_file_from_path(p))) for p in meta.paths)
        if keys.links_found(looked_up) != meta.found:
            return None
        old = os.path.join(self.previous, file.dest_uri)
        try:
            return old if html_stamp(os.stat(old)) == meta.stamp else None
        except OSError:
            return None

    def record(self, src_uri: str, built: tuple) -> None:
        """A page rendered by this build: (its anchors, {file: anchors it links to}, the paths
        its links looked up, what they resolved to, the stamp of its file or None)."""
        planned = self._planned.get(src_uri)
        present, links, paths, found, stamp = built
        if planned is None or stamp is None:
            return
        key, source, digest = planned
        links = tuple(sorted((to, tuple(targets.items())) for to, targets in links.items()))
        anchors = tuple(sorted(present))
        meta = BuiltPage(key, stamp, paths, found, anchors, links, source, digest)
        self.store.put(src_uri, meta)

    def copied(self, stamps: dict) -> None:
        """Kept pages that link() copied: their new files' stamps."""
        for src_uri, stamp in stamps.items():
            self.store.put(src_uri, replace(self.store.meta(src_uri), stamp=stamp))

    def finish(self) -> None:
        """Forget the pages no longer built; save once the new site is in place."""
        self.store.keep_only(self._planned)
        self.store.save()


def link(kept: list) -> dict:
    """Link the previous site's pages into the new one (keep()'s (src_uri, old, new) each, the
    paths as text); where hard links cannot be made there, copy: {src_uri: the copy's stamp}."""
    made: set[str] = set()
    copied = {}
    for src_uri, old, new in kept:
        folder = os.path.dirname(new)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(old, new)
        except OSError:
            shutil.copyfile(old, new)
            copied[src_uri] = html_stamp(os.stat(new))
    return copied


def open_reuse(
    project: Project, config, previous: Path | None, site_dir: Path, may_stay: bool = False
) -> Reuse | None:
    """The reuse of a build of the site in site_dir (config: MkDocs' configuration, loaded);
    previous: the site it replaces, if its pages may be kept; may_stay: its kept pages may
    stay where they are (Reuse.in_place). None where the site must be built whole (see the
    module's docstring)."""
    if set(config.plugins) - PLUGINS:
        return None
    themes = [shipped.folder("theme")]
    if config.theme.custom_dir:
        themes.append(Path(config.theme.custom_dir))
    for folder in themes:
        for path in folder.rglob("*.html"):
            if any(_WHOLE_SITE.search(code[0]) for code in _JINJA.finditer(path.read_bytes())):
                return None
    settings = [
        project.mkdocs_yml.read_bytes().decode("utf-8", "replace"),
        repr(config.use_directory_urls),
        repr(dict(config.extra)),
    ]
    fingerprint = keys.site_fingerprint(
        [project.config, *project.template_folders, *themes], "\n".join(settings)
    )
    folder = project.site_store(site_dir)
    store = Store.open(folder, fingerprint, project.display(folder))
    return Reuse(store, previous, may_stay=may_stay and previous is not None)
