"""The engine: everything that knows MkDocs and Material, behind three calls.

The rest of the generator writes Markdown pages (build/pages/) and a search index
(build/search-index/); the engine turns them into a site. Nothing outside this package imports
mkdocs or material (site_tests/test_structure.py), so a move to another engine replaces this
package and mkdocs.yml, and nothing else (docs/engine.md).

MkDocs is imported only when a call needs it: `proposal-archive build` starts generating in a
child process while this process imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..project import Project


def build(
    project: Project,
    site_dir: Path,
    offline: bool = False,
    workers: int = 1,
    ready: Callable[[], object] | None = None,
) -> None:
    """Build the site of the generated pages into site_dir, atomically: a failing or
    interrupted build leaves the previous site untouched. ready(), if given, waits until the
    search index is complete; the engine calls it before it needs the index (the pages are
    complete before build() is called)."""
    from .building import build_site

    build_site(project, site_dir, offline, workers, ready)


def build_into(project: Project, site_dir: Path, offline: bool = False, **options) -> None:
    """Build the site into site_dir as it is (no swap): for the tests and the benchmark.
    options: workers (processes), min_pages (the fewest pages built on several processes),
    ready (as for build())."""
    from .building import mkdocs_build

    mkdocs_build(project, site_dir, offline, **options)


def serve(project: Project, dev_addr: str) -> None:
    """A live preview on dev_addr that regenerates the pages whenever a proposal, template or
    configuration file changes (the engine's hooks call pipeline.prepare), until interrupted."""
    from .serving import serve as serve_preview

    serve_preview(project, dev_addr)
