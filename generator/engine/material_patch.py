"""Material's templates, with the few lines corrected that no block or partial of theme/ reaches.

Everything else the theme changes is an override of a block or a partial in theme/. But the
hidden checkboxes that hold the state of the drawer, the search overlay and the current page's
table of contents are written outside any block (base.html, partials/nav-item.html, a macro
file), with markup that the W3C checker and HTML_CodeSniffer reject (docs/checkers.md):

- `autocomplete` is not allowed on a checkbox (HTML's content model);
- the search toggle has no name: this site replaces Material's search, so no label points at it.
  It is only the state Material's script keeps (the script needs it to exist), never shown, so
  it is hidden from assistive technology rather than given a name that would describe nothing;
- the table of contents' checkbox was written on a page without one too, with no label.

The corrections are made to the templates' source as MkDocs loads them. Each names the exact text
it replaces, so that a Material upgrade that changes that text fails the build with a message
saying what to look at, instead of silently leaving the markup as it was.
"""

from __future__ import annotations

from jinja2 import BaseLoader
from mkdocs.exceptions import PluginError

_TOGGLE = '<input class="md-toggle" data-md-toggle="{0}" type="checkbox" id="__{0}"'
_TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
_TOC_LABEL = '<label class="md-nav__link md-nav__link--active" for="__toc">'
# per template: (what Material writes, what the site writes instead)
CHANGES = {
    "base.html": (
        (_TOGGLE.format("drawer") + ' autocomplete="off">', _TOGGLE.format("drawer") + ">"),
        (
            _TOGGLE.format("search") + ' autocomplete="off">',
            _TOGGLE.format("search") + ' aria-hidden="true">',
        ),
    ),
    # The current page's entry in the navigation: the checkbox that opens its table of contents
    # is written only with the label that names it, i.e. when the page has headings below its
    # title; a page without (the search page) had a checkbox with no name.
    "partials/nav-item.html": (
        ("      " + _TOC_TOGGLE + "\n", ""),
        (
            "{% if toc %}\n        " + _TOC_LABEL,
            "{% if toc %}\n        " + _TOC_TOGGLE + _TOC_LABEL,
        ),
    ),
}


def patched(template: str, source: str, filename: str | None) -> str:
    """The template's source with every correction made."""
    for old, new in CHANGES.get(template, ()):
        if source.count(old) != 1:
            # MkDocs reports a PluginError as one line, without a traceback
            raise PluginError(
                f"{filename}:1:1: expected this line exactly once, to correct it "
                f"(generator/engine/material_patch.py; has mkdocs-material changed?): {old}"
            )
        source = source.replace(old, new)
    return source


class PatchedLoader(BaseLoader):
    """The theme's loader, but the templates of CHANGES come corrected."""

    def __init__(self, inner: BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template in CHANGES:
            source = patched(template, source, filename)
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def install(env) -> None:
    """Make `env` (MkDocs' Jinja environment) load Material's templates corrected."""
    if not isinstance(env.loader, PatchedLoader):
        env.loader = PatchedLoader(env.loader)
