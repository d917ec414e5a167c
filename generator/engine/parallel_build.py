"""MkDocs' build on several processes, for a large archive.

MkDocs builds page after page on one core, the largest part of a large archive's build
(docs/performance.md). This runs the same steps as mkdocs.commands.build.build (MkDocs 1.6,
pinned), in the same order, but forks worker processes after the files and the navigation are
known; each process (this one too, parallel.run_parallel) reads, renders and writes every
n-th page of a share. The anchors each page has and the anchors its links point to are sent
back, so that the parent checks every link to an anchor across all pages, as MkDocs does;
warnings in a worker count as in MkDocs' strict mode. The site is the same, byte for byte, as MkDocs' own build makes
(a test compares them).

Only `proposal-archive build` uses this; the preview (`serve`) uses MkDocs' own dirty builds.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..parallel import JOBS_PER_WORKER, run_parallel
from .patches import front_matter_read_directly, markdown_reused
from .reuse import Recorder, Reuse, html_stamp, link

if TYPE_CHECKING:
    from .plugin import ProposalArchivePlugin

log = logging.getLogger("mkdocs.proposal_archive")

# Set in the parent just before the workers are forked: (config, files, nav, env, the
# documentation files, those to render, the previous site's pages to link in (reuse.py)).
_STATE: tuple | None = None


def _build_share(share: tuple[int, int]) -> tuple[dict, dict, int, str | None, int]:
    """In a worker: link the kept pages k, k + n, … of the previous site in, then read, render
    and write the pages k, k + n, k + 2n, … to render. Returns, per page rendered, its anchors
    and the anchors it links to (and what reuse.py records); the new stamps of kept pages that
    were copied; the number of warnings; an error, if any; the process."""
    assert _STATE is not None, "set before the workers fork"
    config, files, nav, env, doc_files, todo, kept = _STATE
    k, n = share
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    try:
        copied = link(kept[k::n])
        with markdown_reused(), front_matter_read_directly(), Recorder(files) as recorder:
            anchors = _build_pages(config, files, nav, env, doc_files, todo[k::n], recorder)
        warnings = sum(count for _, count in counter.get_counts())
        return anchors, copied, warnings, None, os.getpid()
    except Exception as exc:  # sent back whole: the parent reports it as MkDocs would
        message = (
            str(exc) if isinstance(exc, (BuildError, Abort)) else f"{type(exc).__name__}: {exc}"
        )
        return {}, {}, 0, message, os.getpid()
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)


def _build_pages(config, files, nav, env, doc_files, share: list, recorder: Recorder) -> dict:
    """The pages of a share: {page: (its anchors, {page it links to: the anchors it links to},
    the files its links looked up, what they resolved to, the stamp of its HTML file or None)}.

    Unlike MkDocs, which reads and converts every page before it writes any, each page is
    written as soon as it is converted and its HTML let go, where holding every page's HTML would
    take much of the build's memory (docs/performance.md). Nothing a page shows comes from a page converted after it (the
    navigation's titles are set in mkdocs.yml, and on_env, which MkDocs calls after converting
    every page, only adds to the templates' environment), so the site is the same."""
    anchors = {}
    for file in share:
        mkdocs_build._populate_page(file.page, config, files)
        mkdocs_build._build_page(
            file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
        )
        try:
            stamp = html_stamp(os.stat(file.abs_dest_path))
        except OSError:  # (an empty page is not written)
            stamp = None
        anchors[file.src_uri] = (
            file.page.present_anchor_ids,
            {to.src_uri: dict(links) for to, links in (file.page.links_to_anchors or {}).items()},
            *recorder.take(),
            stamp,
        )
        file.page.markdown = file.page.content = None
    return anchors


def build(
    config: MkDocsConfig,
    workers: int,
    before_post_build: Callable[[], object] | None = None,
    reuse: Reuse | None = None,
    min_pages: int = 0,
    written: Callable[[], object] | None = None,
) -> None:
    """mkdocs.commands.build.build(config) (no dirty build, no preview), on `workers` processes
    (one where there are fewer than min_pages pages).
    before_post_build() is called before the plugins' on_post_build (which adds the search
    index the generator may still be writing). reuse: the pages of the previous site kept, and
    what is rendered recorded (reuse.py). written(), if given, waits until the pages are
    written: the configuration's events and the theme's environment come before it."""
    global _STATE
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(counter)
    start = time.monotonic()
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)

        env = config.theme.get_env()  # (MkDocs makes it after listing the files: it needs none)
        env.auto_reload = False  # one build: no stat() of a template file per page
        if written is not None:
            written()
        files = get_files(config)
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)

        # MkDocs calls on_env after converting every page; here the pages are converted later,
        # in the workers, which inherit the environment
        env = config.plugins.on_env(env, config=config, files=files)

        # What MkDocs writes before the pages (lower precedence first), then the pages
        files.copy_static_files(inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)

        todo = doc_files
        kept: list[tuple] = []
        if reuse is not None:  # (linked where the pages are written: they win over static files)
            todo, kept = reuse.keep(doc_files, nav, files, config.site_dir)
        if len(doc_files) < min_pages:
            workers = 1
        _STATE = (config, files, nav, env, doc_files, todo, kept)
        try:
            # a share per process (this one too); more shares than processes even out their speed
            shares = workers * JOBS_PER_WORKER
            results = run_parallel(_build_share, [(k, shares) for k in range(shares)], workers)
        finally:
            _STATE = None
        errors = [error for _, _, _, error, _ in results if error]
        if errors:
            raise Abort(f"Aborted with a BuildError! {errors[0]}")

        by_uri = {file.src_uri: file for file in files}
        for anchors, copied, *_ in results:
            if reuse is not None:
                reuse.copied(copied)
            for src_uri, built in anchors.items():
                page = by_uri[src_uri].page
                assert page is not None  # (a documentation page's file has its page, as in MkDocs)
                present, links = built[:2]
                page.present_anchor_ids = present
                page.links_to_anchors = {by_uri[to]: targets for to, targets in links.items()}
                if reuse is not None:
                    reuse.record(src_uri, built)
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)

        if before_post_build is not None:
            before_post_build()
        if reuse is not None and reuse.in_place:
            # the data files and the index are put in with the pages, in place (placing.py)
            plugin = cast("ProposalArchivePlugin", config.plugins["proposal-archive"])
            plugin.installs = False
        config.plugins.on_post_build(config=config)
        # (warnings of shares built in this process are in `counter` already)
        warnings = sum(count for _, count in counter.get_counts()) + sum(
            count for _, _, count, _, pid in results if pid != os.getpid()
        )
        if config.strict and warnings:
            raise Abort(f"Aborted with {warnings} warnings in strict mode!")
        log.info(
            f"Documentation built in {time.monotonic() - start:.2f} seconds on {workers} "
            f"processes, {reuse.kept if reuse else 0} pages kept from the previous site"
        )
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            raise Abort("Aborted with a BuildError!") from exc
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(counter)
