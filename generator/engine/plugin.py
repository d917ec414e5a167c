"""The MkDocs plugin `proposal-archive`, registered by entry point (pyproject.toml) and named in
an archive's mkdocs.yml (`plugins: [proposal-archive]`), so that an archive is a repository of
its own that uses the installed tool, as it uses MkDocs and Material.

- The theme: the package's theme (shipped.folder("theme")) below the archive's own custom_dir,
  if it has one, and above Material's: an archive overrides any file of it by a file of the
  same name in its custom_dir.
- During `proposal-archive serve`, regenerate the pages before every rebuild, so that editing a
  proposal or a template shows up in the preview; the generated docs folder is not watched. (`proposal-archive build` generates before it
  calls MkDocs, so a build does the work once.)
- Pass the generator's HTML islands through without Markdown parsing (islands.py), give the
  header cells of text tables in proposal bodies a scope, and put soft hyphens in the long words
  of headings (generator/hyphenate.py).
- Render Material's page once per folder for the pages outside the navigation, and fill it in
  per page (page_shell.py); load Material's templates with the markup they write outside any
  block corrected (material_patch.py).
- After every build, put the generator's search index (build/search-index/, see
  generator/search_index.py) into the site, as hard links where possible. It stays out of the
  docs folder because MkDocs would spend seconds looking at its thousands of files. (The offline
  build carries its index in a script among the pages instead.) The same for the open data
  files and feeds (build/files/, see generator/opendata.py and feeds.py), in every build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .. import hyphenate, shipped
from ..diagnostics import ArchiveError, has_errors
from ..pipeline import prepare
from ..project import Project
from . import material_patch, page_shell
from .islands import restore_islands, stash_islands, with_header_scopes
from .placing import install_files, install_search_index

log = logging.getLogger("mkdocs.proposal_archive")

_POLL_SECONDS = 0.25  # (MkDocs' own: 0.5)


class ProposalArchivePlugin(BasePlugin):
    def __init__(self) -> None:
        self._command: str | None = None
        self._islands: dict[str, list[str]] = {}  # page → its islands, between the two events
        # False: the engine puts the data files and the index in itself (a build put in place
        # of the previous site, engine/placing.py)
        self.installs = True

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def on_config(self, config):
        # (MkDocs keeps a plugin between the builds of one process, as the preview's; a build
        # put in place turns the installs off for itself only: each build starts with them on)
        self.installs = True
        theme = str(shipped.folder("theme"))
        dirs = config.theme.dirs
        if theme not in dirs:
            # (MkDocs puts the archive's custom_dir first, then the theme's own folders)
            dirs.insert(1 if config.theme.custom_dir else 0, theme)
        return config

    def on_pre_build(self, *, config) -> None:
        if self._command != "serve":
            return
        project = Project(Path(config.config_file_path).parent)
        try:
            # (the incremental store: only what changed is checked and rendered again)
            diagnostics, report = prepare(project, stored=True, preview=True)
        except ArchiveError as exc:
            diagnostics, report = exc.diagnostics, None
        for d in diagnostics:
            # information (a rounding difference) is no warning: MkDocs' strict mode would stop
            say = {"error": log.error, "warning": log.warning}.get(d.severity.value, log.info)
            say(d.as_text())
        if report is None or has_errors(diagnostics):
            raise PluginError("the archive has errors; the preview continues when they are fixed")
        if report.written or report.removed:
            log.info(
                f"proposal-archive: {len(report.written)} pages written, {len(report.removed)} removed"
            )

    def on_serve(self, server, *, config, builder):
        # The docs folder is the generator's output, written by on_pre_build from the folders
        # the preview watches (serving.py): watched too, each rebuild's own writes started a
        # second, needless rebuild, and a change made meanwhile waited for it. Its files were
        # half of what the watcher looks at, so it now looks twice as often for the same work:
        # a change is seen 0.25 s after it is saved at most, not 0.5 s (docs/performance.md).
        # (MkDocs' watcher polls: it sees changes in folders that send no notice, such as a
        # container's mounts; a poll's interval is fixed when a folder is watched.)
        server.unwatch(config.docs_dir)
        server.unwatch(config.config_file_path)
        server.observer = type(server.observer)(timeout=_POLL_SECONDS)
        server.watch(config.config_file_path)  # (the folders of serving.py come after this)
        return server

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        markdown, found = stash_islands(markdown)
        if found:
            self._islands[page.file.src_uri] = found
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        found = self._islands.pop(page.file.src_uri, None)
        return hyphenate.headings(restore_islands(with_header_scopes(html), found))

    def on_env(self, env, *, config, files):
        material_patch.install(env)
        page_shell.install(env)
        return env

    def on_post_build(self, *, config) -> None:
        if not self.installs:
            return
        project = Project(Path(config.config_file_path).parent)
        # the preview copies the files (engine/placing._install says why it was chosen)
        copies = self._command == "serve"
        try:
            install_files(project, Path(config.site_dir), copies)
            if config.extra.get("offline"):
                return  # the offline build's index is a script among its pages
            install_search_index(project, Path(config.site_dir), copies)
        except ArchiveError as exc:
            raise PluginError(exc.diagnostics[0].message) from None
