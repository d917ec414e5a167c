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


def mkdocs_build(
    project: Project,
    site_dir: Path,
    offline: bool = False,
    workers: int = 1,
    min_pages: int | None = None,
    ready: Callable[[], object] | None = None,
) -> None:
    """MkDocs (strict, with link validation) into site_dir; its post-build hook adds the search
    index. On `workers` processes when there are at least min_pages pages (parallel_build.py).
    ready(), if given, waits until the search index is complete (Preparing.result): the pages
    are, but the index may still be in the making; it is called before the index is needed."""
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
        pages = sum(1 for _ in project.pages.rglob("*.md")) if workers > 1 else 0
        if workers > 1 and pages >= (
            parallel.PARALLEL_MIN_FILES if min_pages is None else min_pages
        ):
            parallel_build.build(config, workers, before_post_build=ready)
        else:
            if ready is not None:
                ready()
            build(config)
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


def install_files(project: Project, site_dir: Path) -> None:
    """Put the generated data files and feeds into a built site, as install_search_index puts
    the index: hard links where possible, else copies, merged into the site's folders."""
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
    for folder, _, names in os.walk(source):
        inside = Path(folder).relative_to(source)
        (site_dir / inside).mkdir(parents=True, exist_ok=True)
        for name in names:
            made, target = Path(folder) / name, site_dir / inside / name
            if target.exists():
                if os.path.samefile(made, target):
                    continue  # (the preview's dirty builds keep the site of the last one)
                target.unlink()
            try:
                os.link(made, target)
            except OSError:
                shutil.copy2(made, target)


def install_search_index(project: Project, site_dir: Path) -> None:
    """Put the generated search index into a built site: hard links (instant, no copy) where
    the site is on the same filesystem, else copies. A regenerated index file is a new file
    (the writer renames a new file into place), so a link never changes under a built site."""
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
    target = site_dir / source.name
    if target.exists():
        shutil.rmtree(target)
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


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


def build_site(
    project: Project,
    site_dir: Path,
    offline: bool = False,
    workers: int = 1,
    ready: Callable[[], object] | None = None,
) -> None:
    """Build into a temporary folder beside site_dir and swap it in only when everything
    succeeded: a failing or interrupted build leaves the previous site untouched. (ready: see
    mkdocs_build.)"""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # from a build that was killed, or an earlier site whose removal (below) has not finished
    for leftover in [
        *site_dir.parent.glob(f".{site_dir.name}-new-*"),
        *site_dir.parent.glob(f".{site_dir.name}-old-*"),
    ]:
        shutil.rmtree(leftover, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        mkdocs_build(project, tmp, offline, workers, ready=ready)
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        if site_dir.exists():
            site_dir.rename(old)
        tmp.rename(site_dir)
        if old.exists():
            remove_in_background(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
