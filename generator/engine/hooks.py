"""MkDocs hooks (listed in mkdocs.yml).

- During `proposal-archive serve`, regenerate the pages before every rebuild, so that editing a
  proposal or a template shows up in the preview. (`proposal-archive build` generates before it
  calls MkDocs, so a build does the work once.)
- Pass the generator's HTML islands through without Markdown parsing (a build-time saving).
- Give the header cells of text tables in proposal bodies a scope.
- Put soft hyphens in the long words of headings (generator/hyphenate.py).
- Render Material's page once per folder for the pages outside the navigation, and fill it in
  per page (page_shell.py).
- Load Material's templates with the markup they write outside any block corrected
  (material_patch.py).
- After every build, put the generator's search index (build/search-index/, see
  generator/search_index.py) into the site, as hard links where possible. It stays out of the
  docs folder because MkDocs would spend seconds looking at its thousands of files. (The offline
  build carries its index in a script among the pages instead.) The same for the open data
  files and feeds (build/files/, see generator/opendata.py and feeds.py), in every build.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.diagnostics import ArchiveError, has_errors
from generator import hyphenate
from generator.engine import material_patch, page_shell
from generator.engine.building import install_files, install_search_index
from generator.pipeline import prepare
from generator.project import Project

log = logging.getLogger("mkdocs.proposal_archive")
_command: str | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config) -> None:
    if _command != "serve":
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
        log.info(f"proposal-archive: {len(report.written)} pages written, {len(report.removed)} removed")


# HTML islands: finished HTML that the generator marks with <!-- pa:html --> … <!-- /pa:html -->.
# Python-Markdown would parse it (its raw-HTML handling is slow: docs/performance.md), so it is
# swapped for a placeholder paragraph before conversion and put back after. Without this hook
# the islands are ordinary raw HTML in Markdown and render the same, only slower.
_OPEN = "<!-- pa:html -->\n"
_CLOSE = "<!-- /pa:html -->"
_PLACEHOLDER = "PAHTMLISLAND{}X"
_islands: dict[str, list[str]] = {}


def _line_starting(text: str, marker: str, start: int) -> int:
    """Where marker next begins a line in text, from start on; -1 if nowhere."""
    at = text.find(marker, start)
    while at > 0 and text[at - 1] != "\n":
        at = text.find(marker, at + 1)
    return at


def stash_islands(markdown: str) -> tuple[str, list[str]]:
    """(markdown with each island, from a line "<!-- pa:html -->" to the next line that starts
    with "<!-- /pa:html -->", made a placeholder paragraph; the islands' HTML). str.find, not a
    regular expression: a lazy match across lines tried the end marker at every character, a
    tenth of a second per thousand pages."""
    found: list[str] = []
    out: list[str] = []
    done = 0
    while (start := _line_starting(markdown, _OPEN, done)) >= 0:
        inside = start + len(_OPEN)
        end = _line_starting(markdown, _CLOSE, inside)
        if end < 0:
            break  # not closed: left as it is
        found.append(markdown[inside:end])
        out += [markdown[done:start], "\n", _PLACEHOLDER.format(len(found) - 1), "\n\n"]
        done = end + len(_CLOSE)
        if markdown.startswith("\n", done):
            done += 1
    return ("".join(out) + markdown[done:], found) if found else (markdown, found)


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown, found = stash_islands(markdown)
    if found:
        _islands[page.file.src_uri] = found
    return markdown


def _restore(html: str, page) -> str:
    found = _islands.pop(page.file.src_uri, None)
    if not found:
        return html
    for n, island in enumerate(found):
        html = html.replace(f"<p>{_PLACEHOLDER.format(n)}</p>", island, 1)
    return html


# Python-Markdown's tables (text tables in a proposal's body) put no scope on their header
# cells; they are all column headers (the generator's own tables already carry scopes).
_TH_WITHOUT_SCOPE = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")


def on_page_content(html: str, page, config, files) -> str:
    return hyphenate.headings(_restore(_TH_WITHOUT_SCOPE.sub('<th scope="col"', html), page))


def on_env(env, config, files):
    material_patch.install(env)
    page_shell.install(env)
    return env


def on_post_build(config) -> None:
    project = Project(Path(config.config_file_path).parent)
    try:
        install_files(project, Path(config.site_dir))
        if config.extra.get("offline"):
            return  # the offline build's index is a script among its pages
        install_search_index(project, Path(config.site_dir))
    except ArchiveError as exc:
        raise PluginError(exc.diagnostics[0].message) from None
