"""The site built by MkDocs, and swapped in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import parallel
from ..diagnostics import ArchiveError, error
from ..project import Project, source_date_epoch
from .reuse import Reuse, open_reuse


def build_into(
    project: Project,
    site_dir: Path,
    offline: bool = False,
    workers: int = 1,
    min_pages: int | None = None,
    ready: Callable[[], object] | None = None,
    replacing: Path | None = None,
    stored: bool = True,
) -> Reuse | None:
    """Build the site into site_dir as it is (no swap; tests and the benchmark call this):
    MkDocs, strict, with link validation; its post-build hook adds the search index. On
    `workers` processes when there are at least min_pages pages (parallel_build.py).
    ready(), if given, waits until the search index is complete (Preparing.result): the pages
    are, but the index may still be in the making; it is called before the index is needed.
    replacing: the site this one replaces (site_dir then becomes it): its unchanged pages are
    kept (reuse.py), unless not stored, and the returned Reuse, finished once the new site is
    in place, tells the next build what this one made; without it, nothing is kept or recorded."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import parallel_build

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project)
    try:
        overrides: dict[str, Any] = (
            {"use_directory_urls": False, "extra": {"offline": True}} if offline else {}
        )
        config = load_config(
            config_file=str(project.mkdocs_yml), site_dir=str(site_dir), strict=True, **overrides
        )
        reuse = None
        if replacing is not None:
            previous = replacing if stored and replacing.is_dir() else None
            reuse = open_reuse(project, config, previous, replacing)
        pages = _markdown_files(project.pages) if workers > 1 else 0
        many = workers > 1 and pages >= (
            parallel.PARALLEL_MIN_FILES if min_pages is None else min_pages
        )
        if many or reuse is not None:
            parallel_build.build(config, workers if many else 1, ready, reuse)
        else:
            if ready is not None:
                ready()
            build(config)
        return reuse
    except MkDocsException as exc:
        raise ArchiveError(
            [
                error(
                    project.display(project.mkdocs_yml),
                    1,
                    1,
                    "mkdocs",
                    f"MkDocs build failed: {exc}",
                )
            ]
        ) from None


def _markdown_files(folder: Path) -> int:
    """How many Markdown files are below folder (os.walk: rglob made a Path of each)."""
    return sum(sum(name.endswith(".md") for name in names) for _, _, names in os.walk(folder))


def install_files(project: Project, site_dir: Path, copies: bool = False) -> None:
    """Put the generated data files and feeds into a built site, as install_search_index puts
    the index, merged into the site's folders."""
    source = project.files
    if not source.is_dir():
        raise ArchiveError(
            [
                error(
                    project.display(source),
                    1,
                    1,
                    "data-files",
                    "no data files were generated; run `proposal-archive build`",
                )
            ]
        )
    _install(str(source), str(site_dir), exact=False, copies=copies)


def install_search_index(project: Project, site_dir: Path, copies: bool = False) -> None:
    """Put the generated search index into a built site: hard links (instant, no copy) where
    the site is on the same filesystem, else copies. A regenerated index file is a new file
    (the writer renames a new file into place), so a link never changes under a built site.
    copies: copies anyway (the preview's, see _install)."""
    source = project.search_index
    if not (source / "meta.json").is_file():
        raise ArchiveError(
            [
                error(
                    project.display(source),
                    1,
                    1,
                    "search-index",
                    "no search index was generated; run `proposal-archive build`",
                )
            ]
        )
    _install(str(source), str(site_dir / source.name), exact=True, copies=copies)


def _install(source: str, target: str, exact: bool, copies: bool = False) -> None:
    """Make folder target hold source's files: hard links where both are on one filesystem,
    else copies. A file target has already is left as it is when it is source's (a link to
    the same file; across filesystems, a copy of the same size and modification time): the
    preview's rebuilds install into the site of the one before, where most files are as they
    were (docs/performance.md). The generator never changes a file in place, it puts a new one
    in its place, so a changed file is a new file with a new modification time.
    exact: also remove what source does not have. copies: no links (the preview's: chosen
    while the render store still knew a file by its status time, which a new link changes;
    keys.made_stamp leaves it out now, docs/performance.md)."""
    os.makedirs(target, exist_ok=True)
    linked = not copies and os.stat(source).st_dev == os.stat(target).st_dev
    there = {entry.name: entry for entry in os.scandir(target)}
    for entry in os.scandir(source):
        to = os.path.join(target, entry.name)
        old = there.pop(entry.name, None)
        if old is not None and old.is_dir(follow_symlinks=False) != entry.is_dir():
            _remove(old)
            old = None
        if entry.is_dir():
            _install(entry.path, to, exact, copies)
            continue
        if old is not None:
            if _same(entry, old, linked):
                continue
            os.unlink(to)
        if linked:
            try:
                os.link(entry.path, to)
                continue
            except OSError:
                pass
        shutil.copy2(entry.path, to)
    if exact:
        for old in there.values():
            _remove(old)


def _same(made: os.DirEntry, there: os.DirEntry, linked: bool) -> bool:
    if linked:  # (a link to the same file: the directories' entries say, no stat needed)
        return made.inode() == there.inode()
    new, old = made.stat(), there.stat(follow_symlinks=False)
    return (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def remove_in_background(folder: Path) -> None:
    """Remove a folder in a detached process, so that the command need not wait for the
    thousands of files of a large archive's previous site. Whatever is left (the
    process killed) goes at the start of the next build. A grandchild does the work, so nothing
    is left to reap."""
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    try:
        if os.fork() == 0:
            os.setsid()
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def build(
    project: Project,
    site_dir: Path,
    offline: bool = False,
    workers: int = 1,
    ready: Callable[[], object] | None = None,
    stored: bool = True,
) -> None:
    """Build the site of the generated pages into site_dir, atomically: into a temporary folder
    beside it, swapped in only when everything succeeded, so that a failing or interrupted
    build leaves the previous site untouched. ready(), if given, waits until the search index
    is complete; the engine calls it before it needs the index (the pages are complete before
    build() is called). stored: the pages of the previous site whose inputs are unchanged are
    kept (reuse.py, build/cache/built-<site folder>); without it (--no-cache) every page is
    rendered, and recorded for the next build."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # from a build that was killed; and an earlier site whose removal (below) has not finished,
    # in the background again: it is in nobody's way (mkdtemp's names are new), and a build
    # right after another need not wait for it
    for leftover in site_dir.parent.glob(f".{site_dir.name}-new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}-old-*"):
        remove_in_background(leftover)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        reuse = build_into(
            project, tmp, offline, workers, ready=ready, replacing=site_dir, stored=stored
        )
        old = None
        if site_dir.exists():
            # (a folder renamed onto an empty one replaces it)
            old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
            site_dir.rename(old)
        tmp.rename(site_dir)
        if reuse is not None:
            reuse.finish()
        if old is not None:
            remove_in_background(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
