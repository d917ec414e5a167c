"""The site built by MkDocs, and swapped in whole."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import parallel
from ..diagnostics import ArchiveError, error
from ..project import Project, source_date_epoch
from . import placing
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
    in_place: bool = False,
    written: Callable[[], object] | None = None,
) -> Reuse | None:
    """Build the site into site_dir as it is (no swap; tests and the benchmark call this):
    MkDocs, strict, with link validation; its post-build hook adds the search index. On
    `workers` processes when there are at least min_pages pages (parallel_build.py).
    ready(), if given, waits until the search index is complete (Preparing.result): the pages
    are, but the index may still be in the making; it is called before the index is needed.
    replacing: the site this one replaces (site_dir then becomes it): its unchanged pages are
    kept (reuse.py), unless not stored, and the returned Reuse, finished once the new site is
    in place, tells the next build what this one made; without it, nothing is kept or recorded.
    in_place: the kept pages may stay in replacing, not linked into site_dir (placing.py).
    written(), if given, waits until the pages are written (it raises if they never will be):
    what needs no page (MkDocs' configuration, the store, the theme) is made before."""
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
            in_place = in_place and "proposal-archive" in config.plugins
            reuse = open_reuse(project, config, previous, replacing, in_place)
        least = parallel.PARALLEL_MIN_FILES if min_pages is None else min_pages
        if reuse is not None:  # (it counts the pages itself, once they are written)
            parallel_build.build(config, workers, ready, reuse, least, written)
            return reuse
        if written is not None:
            written()
        many = workers > 1 and _markdown_files(project.pages) >= least
        if many:
            parallel_build.build(config, workers, ready)
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
    written: Callable[[], bool] | None = None,
) -> bool:
    """Build the site of the generated pages into site_dir, atomically: into a temporary folder
    beside it, swapped in only when everything succeeded, so that a failing or interrupted
    build leaves the previous site untouched. ready(), if given, waits until the search index
    is complete; the engine calls it before it needs the index (the pages are complete before
    build() is called). stored: the pages of the previous site whose inputs are unchanged are
    kept (reuse.py, build/cache/built-<site folder>); without it (--no-cache) every page is
    rendered, and recorded for the next build. Where most pages are kept, the temporary folder
    holds only what changed, and the previous site takes it in (placing.py); otherwise the new
    site is made whole and exchanged with the previous one.
    written(), if given, waits until the pages are written: True, or False where they never
    will be (the generator stopped); the engine prepares what needs no page before it asks.
    False: the generator stopped, nothing was built (an error of the engine's own before
    the pages were written is raised only if the generator did not stop); True: built."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # from a build that was killed; and an earlier site whose removal (below) has not finished,
    # in the background again: it is in nobody's way (mkdtemp's names are new), and a build
    # right after another need not wait for it
    for leftover in site_dir.parent.glob(f".{site_dir.name}-new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}-old-*"):
        remove_in_background(leftover)
    said: list[bool] = []  # written()'s answer, once asked

    def pages() -> None:
        if not said:
            said.append(written() if written is not None else True)
        if not said[0]:
            raise _Stopped

    # (MkDocs' configuration wants the docs folder, which the generator may not have made yet)
    project.pages.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        in_place = stored and site_dir.is_dir() and placing.same_filesystem(project, site_dir)
        # (the previous site does not change until the swap: listed while the pages are made)
        previous = placing.files_of(str(site_dir)) if in_place else {}
        reuse = build_into(
            project,
            tmp,
            offline,
            workers,
            ready=ready,
            replacing=site_dir,
            stored=stored,
            in_place=in_place,
            written=pages,
        )
        if reuse is not None and reuse.in_place:
            placing.put_in_place(project, tmp, site_dir, previous, reuse.kept_pages, offline)
        elif site_dir.exists():
            # (a folder renamed onto an empty one replaces it)
            old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
            if exchange(tmp, site_dir):
                tmp.rename(old)  # (the previous site, under the temporary folder's name)
            else:
                site_dir.rename(old)
                tmp.rename(site_dir)
            remove_in_background(old)
        else:
            tmp.rename(site_dir)
        if reuse is not None:
            reuse.finish()
        return True
    except _Stopped:
        return False
    except Exception:
        if written is not None and not said:  # (the generator's errors come first)
            try:
                pages()
            except _Stopped:
                return False
        raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


class _Stopped(Exception):
    """The generator stopped before the pages were written."""


_RENAME_EXCHANGE = 2  # (linux/fs.h)


def exchange(a: Path, b: Path) -> bool:
    """Exchange two folders in one step (Linux's renameat2 with RENAME_EXCHANGE): no moment
    where either name is missing. False where it cannot (another system, a filesystem
    without it): nothing was changed then."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_cwd = -100  # (AT_FDCWD: the paths are absolute anyway)
    return renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0
