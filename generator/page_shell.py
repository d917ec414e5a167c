"""Material's page around the content, rendered once per kind of page and filled per page.

Material's page template was a third of MkDocs' time at 10,000 pages, and for the pages outside
the navigation (proposals, term lists) it renders the same HTML over and over: only a few values
differ from one page to the next in a folder. So for each folder (and each combination of the
optional parts: a description, a table of contents, a canonical URL) the template is rendered
once for a stand-in page whose own values are markers (PASLOTTITLE, …); each page then gets that
HTML with its own values put in, escaped as the template escapes them. The table of contents is
still rendered per page, by Material's own partial. Anything unexpected in the stand-in's HTML
(a marker the filling does not know) makes those pages render in full, as before.

theme/main.html asks `pa_shell(page, nav)` whether a page is filled this way; PA_PAGE_SHELL=0
turns it off, for the test that proves the site is byte-identical either way.
"""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context
from markupsafe import escape
from mkdocs.utils import normalize_url

_SLOT = re.compile(r"PASLOT([A-Z]+)")
# Material prints a heading of its own when the content has none; the stand-in's content
# starts with one so that it does not
_CONTENT = "\x3ch1PASLOTCONTENT"
_KNOWN = {"TITLE", "DESCRIPTION", "CANONICAL", "SKIP", "TOC", "CONTENT"}
_META = {"title", "description", "page_kind"}  # the front matter of the generated pages


class _TocMarker:
    url = "#PASLOTSKIP"
    level = 2
    children: list = []
    title = "PASLOTSKIP"


class _StandIn:
    """The page, but for the values that differ from page to page, which are markers."""

    pa_stand_in = True  # theme/partials/toc.html puts a marker for the table of contents

    def __init__(self, page):
        self._page = page

    def __getattr__(self, name):
        return getattr(self._page, name)

    @property
    def meta(self) -> dict:
        meta = dict(self._page.meta)
        for key, marker in (("title", "PASLOTTITLE"), ("description", "PASLOTDESCRIPTION")):
            if meta.get(key):
                meta[key] = marker
        return meta

    @property
    def canonical_url(self):
        return "PASLOTCANONICAL" if self._page.canonical_url else self._page.canonical_url

    @property
    def toc(self) -> list:
        return [_TocMarker()] if self._page.toc else []

    @property
    def content(self) -> str:
        return _CONTENT


MAX_TOCS = 5_000  # tables of contents kept per process (a few KB each)


def _toc_key(items) -> tuple:
    """Everything Material's TOC partial reads of a page's table of contents."""
    return tuple((i.url, i.title, i.level, repr(getattr(i, "typeset", None)), _toc_key(i.children)) for i in items)


def install(env) -> None:
    """Give the templates pa_shell(page, nav) and pa_filled(): see the module's docstring. Also
    Material's own templates as "material/…", for the theme's partials that wrap them."""
    import material

    material_templates = Path(material.__file__).parent / "templates"
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(str(material_templates))})])
    enabled = os.environ.get("PA_PAGE_SHELL") != "0"
    shells: dict[tuple, list | None] = {}
    lang: list = []  # Material's translations (partials/language.html), made once
    # Tables of contents by what they show: pages made from the same kind of document share
    # their headings ("Baggrund", "Økonomi", …), and the partial was a tenth of MkDocs' time.
    tocs: dict[tuple, str] = {}

    def shell(page, nav) -> bool:
        # Only what the generator's pages have: anything else a page could carry (tags, hidden
        # parts, an edit link per page…) is not a filled-in value, so such a page renders in full.
        return bool(
            enabled
            and page is not None
            and page not in nav.pages
            and "\x3ch1" in (page.content or "")
            and set(page.meta or {}) <= _META
            and not page.edit_url
        )

    def render_in_full(variables: dict, page) -> str:
        return env.get_template("main.html").render({**variables, "page": page, "pa_in_full": True})

    def toc(variables: dict, page) -> str:
        key = _toc_key(page.toc)
        html = tocs.get(key)
        if html is None:
            html = env.get_template("pa-toc.html").render({**variables, "lang": lang[0]})
            if len(tocs) < MAX_TOCS:
                tocs[key] = html
        return html

    @pass_context
    def filled(context) -> str:
        variables = context.get_all()
        page = context["page"]
        meta = page.meta or {}
        key = (
            posixpath.dirname(page.url.rstrip("/")),
            meta.get("page_kind"),
            bool(meta.get("title")),
            bool(meta.get("description")),
            bool(page.toc),
            bool(page.canonical_url),
        )
        if not lang:
            lang.append(env.get_template("partials/language.html").make_module(variables))
        if key not in shells:
            html = render_in_full(variables, _StandIn(page)).replace(_CONTENT, "PASLOTCONTENT").replace("#PASLOTSKIP", "PASLOTSKIP")
            parts = _SLOT.split(html)
            shells[key] = parts if set(parts[1::2]) <= _KNOWN else None
        parts = shells[key]
        if parts is None:
            return render_in_full(variables, page)
        values = {
            "TITLE": str(escape(meta.get("title", ""))),
            "DESCRIPTION": str(escape(meta.get("description", ""))),
            "CANONICAL": str(escape(page.canonical_url or "")),
            "SKIP": normalize_url(next(iter(page.toc)).url, page=page, base=context["base_url"]) if page.toc else "",
            "TOC": toc(variables, page),
            "CONTENT": page.content,
        }
        return "".join(values[part] if n % 2 else part for n, part in enumerate(parts))

    env.globals["pa_shell"] = shell
    env.globals["pa_filled"] = filled
