"""The engine: everything that knows MkDocs and Material, behind three calls.

The rest of the generator writes Markdown pages (build/pages/) and a search index
(build/search-index/); the engine turns them into a site. Nothing outside this package imports
mkdocs or material (site_tests/test_structure.py), so a move to another engine replaces this
package and mkdocs.yml, and nothing else (docs/engine.md).

- build(project, site_dir, offline, workers, ready, stored, written): the site, swapped in
  atomically (what needs no page made while written() waits for the generator's pages),
  keeping the previous site's unchanged pages (building.build), put in place of the previous
  site where most are kept (placing.py);
- build_into(project, site_dir, offline, workers, min_pages, ready): the same into a folder as
  it is, every page rendered (for the tests and the benchmark);
- serve(project, dev_addr): the live preview (below).

MkDocs is imported only when a call needs it (these modules import it inside their functions):
`proposal-archive build` starts generating in a child process while this process imports it.
"""

from __future__ import annotations

from ..project import Project
from .building import build, build_into

__all__ = ["build", "build_into", "serve"]


def serve(project: Project, dev_addr: str) -> None:
    """A live preview on dev_addr that regenerates the pages whenever a proposal, template or
    configuration file changes (the engine's hooks call pipeline.prepare), until interrupted."""
    from .serving import serve as serve_preview

    serve_preview(project, dev_addr)
