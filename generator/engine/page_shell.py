"""Material's page around the content, rendered once per kind of page and filled per page.

Material's page template is a large part of MkDocs' time, and for the pages outside
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
from markupsafe import Markup, escape
from mkdocs.utils import normalize_url

_SLOT = re.compile(r"PASLOT([A-Z]+)")
# Material prints a heading of its own when the content has none; the stand-in's content
# starts with one so that it does not
_CONTENT = "\x3ch1PASLOTCONTENT"
_KNOWN = {"TITLE", "DESCRIPTION", "CANONICAL", "SKIP", "TOC", "CONTENT", "FEED"}
_META = {"title", "description", "page_kind", "feed"}  # the front matter of the generated pages


class _TocMarker:
    url = "#PASLOTSKIP"
    level = 2
    children: list = []
    title = "PASLOTSKIP"


class _Probe:
    """A page with nothing but a table of contents, for the partial."""

    def __init__(self, toc):
        self.toc = toc


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
        for key, marker in (
            ("title", "PASLOTTITLE"),
            ("description", "PASLOTDESCRIPTION"),
            ("feed", "PASLOTFEED"),
        ):
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


def toc_html(toc, title: str, lead: str = "\n\n") -> str | None:
    """Material's table of contents (partials/toc.html and toc-item.html of mkdocs-material
    9.8, pinned) as theme/pa-toc.html renders it for a page outside the navigation (its title
    not a label), written out in Python, character for character; None for an entry with
    Material's `typeset`, which MkDocs' own entries never have. Jinja included toc-item.html
    once per entry, in a new context each time (docs/performance.md).
    install() uses this only after it gave the same HTML as the partial for a probe. `lead` is
    what the partial writes before its <nav> (its settings' lines)."""
    out = [lead, f'<nav class="md-nav md-nav--secondary" aria-label="{escape(title)}">\n  \n  \n  ']
    items = list(toc)
    if items and items[0].level == 1:
        out.append("\n    \n  ")
        items = items[0].children
    out.append("\n  ")
    if items:
        out.append(
            f'\n    <div class="md-nav__title">\n      <span class="md-nav__icon md-icon"></span>\n      {title}\n'
            '    </div>\n    <ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>\n      '
        )
        if not _toc_items(items, out, "        "):
            return None
        out.append("\n    </ul>\n  ")
    out.append("\n</nav>")
    return "".join(out)


def _toc_items(items, out: list, indent: str) -> bool:
    """The entries of a list (toc-item.html each, one loop's lines around each); False for an
    entry this cannot write."""
    for item in items:
        if getattr(item, "typeset", None):
            return False
        out += (
            "\n",
            indent,
            '<li class="md-nav__item">\n  <a href="',
            str(item.url),
            '" class="md-nav__link">\n    <span class="md-ellipsis">\n      \n        ',
            str(item.title),
            "\n      \n    </span>\n  </a>\n  ",
        )
        if item.children:
            out += (
                '\n    <nav class="md-nav" aria-label="',
                str(escape(Markup(str(item.title)).striptags())),
                '">\n      <ul class="md-nav__list">\n        ',
            )
            if not _toc_items(item.children, out, "          "):
                return False
            out.append("\n      </ul>\n    </nav>\n  ")
        out += ("\n</li>\n", indent[:-2])
    return True


def _toc_probe():
    """A table of contents with every shape toc_html() writes: nesting, several children, HTML
    and entities in titles."""
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def entry(title, id, level, *children):
        link = AnchorLink(title, id, level)
        link.children = list(children)
        return link

    nested = entry(
        "Økonomi &amp; <code>tal</code>",
        "okonomi",
        2,
        entry("Bydel", "bydel", 3),
        entry("År", "ar", 3, entry("2025", "a2025", 4)),
    )
    return [
        TableOfContents([entry("Titel", "titel", 1, entry("Baggrund", "baggrund", 2), nested)]),
        TableOfContents([entry("Uden titel", "uden", 2), entry("B", "b", 2)]),
        TableOfContents([entry("Titel", "titel", 1)]),
        TableOfContents([]),
    ]


def install(env) -> None:
    """Give the templates pa_shell(page, nav) and pa_filled(): see the module's docstring. Also
    Material's own templates as "material/…", for the theme's partials that wrap them."""
    import material

    material_templates = Path(material.__file__).parent / "templates"
    env.loader = ChoiceLoader(
        [env.loader, PrefixLoader({"material": FileSystemLoader(str(material_templates))})]
    )
    enabled = os.environ.get("PA_PAGE_SHELL") != "0"
    shells: dict[tuple, list | None] = {}
    lang: list = []  # Material's translations (partials/language.html), made once

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

    def partial_toc(variables: dict, page) -> str:
        """The table of contents by Material's own partial (the probes, and the pages toc_html()
        cannot write)."""
        return env.get_template("pa-toc.html").render({**variables, "page": page, "lang": lang[0]})

    toc_title: list = []  # [(the title, the lead), or None if toc_html() is not the partial's equal]

    def toc(variables: dict, page) -> str:
        if not toc_title:
            toc_settings = variables["config"].mdx_configs.get("toc") or {}
            title = toc_settings.get("title") or lang[0].t("toc")
            probes = [_Probe(probe) for probe in _toc_probe()]
            empty = partial_toc(variables, probes[-1])
            lead = empty[: empty.find("<nav")]
            same = all(toc_html(p.toc, title, lead) == partial_toc(variables, p) for p in probes)
            toc_title.append((title, lead) if same else None)
        html = toc_html(page.toc, *toc_title[0]) if toc_title[0] is not None else None
        return html if html is not None else partial_toc(variables, page)

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
            bool(meta.get("feed")),
            bool(page.toc),
            bool(page.canonical_url),
        )
        if not lang:
            lang.append(env.get_template("partials/language.html").make_module(variables))
        if key not in shells:
            html = (
                render_in_full(variables, _StandIn(page))
                .replace(_CONTENT, "PASLOTCONTENT")
                .replace("#PASLOTSKIP", "PASLOTSKIP")
            )
            split = _SLOT.split(html)
            shells[key] = split if set(split[1::2]) <= _KNOWN else None
        parts = shells[key]
        if parts is None:
            return render_in_full(variables, page)
        values = {
            "TITLE": str(escape(meta.get("title", ""))),
            "DESCRIPTION": str(escape(meta.get("description", ""))),
            # (a path from the site's root; the stand-in's URL put the way there before it)
            "FEED": str(escape(meta.get("feed", ""))),
            "CANONICAL": str(escape(page.canonical_url or "")),
            "SKIP": normalize_url(next(iter(page.toc)).url, page=page, base=context["base_url"])
            if page.toc
            else "",
            "TOC": toc(variables, page),
            "CONTENT": page.content,
        }
        return "".join(values[part] if n % 2 else part for n, part in enumerate(parts))

    env.globals["pa_shell"] = shell
    env.globals["pa_filled"] = filled
