"""Where the generator's pages let MkDocs do less, while the parallel build (parallel_build.py)
builds them: one Markdown instance reused, its processors tried only on text they can match
(triggers.py), the table of contents' HTML that MkDocs does not read left unmade, and the
generated front matter read directly.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import toc
from mkdocs.utils import meta

from .triggers import try_processors_by_trigger


@contextlib.contextmanager
def markdown_reused():
    """MkDocs makes a new Markdown instance, loading every extension again, for every page it
    converts (mkdocs.structure.pages.Page.render), a cost that grows with the pages.
    Python-Markdown's instances are made to be reset and reused, and the processors MkDocs adds
    for each page replace the previous page's (they are registered under the same names); so
    while pages are built here, Markdown() gives the one instance made with the same settings."""
    made: dict[tuple[int, int], markdown.Markdown] = {}
    original = markdown.Markdown

    def reused(**settings) -> markdown.Markdown:
        key = (id(settings.get("extensions")), id(settings.get("extension_configs")))
        md = made.get(key)
        if md is None:
            md = made[key] = original(**settings)
            try_processors_by_trigger(md)
            _toc_without_unread_html(md)
        else:
            md.reset()
        return md

    markdown.Markdown = reused
    try:
        yield
    finally:
        markdown.Markdown = original


class _TocWithoutUnreadHtml(toc.TocTreeprocessor):
    """Python-Markdown's table of contents, which besides the headings' ids and the entries
    (md.toc_tokens, all MkDocs reads: mkdocs.structure.pages.Page.render) writes the table as
    HTML (md.toc), to put in place of a `[TOC]` marker in the page; building and serializing it
    was a third of the extension's time. Where no text of the page holds the marker, that HTML
    is not made (md.toc is an empty div); where one does, everything is as before."""

    _marked = True

    def run(self, doc: etree.Element) -> None:
        self._marked = bool(self.marker) and any(self.marker in text for text in doc.itertext())
        super().run(doc)

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self._marked else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self._marked:
            super().replace_marker(root, elem)


def _toc_without_unread_html(md: markdown.Markdown) -> None:
    """md's table of contents made a _TocWithoutUnreadHtml, where it is Python-Markdown's."""
    found = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    extension = next((e for e in md.registeredExtensions if type(e) is toc.TocExtension), None)
    if type(found) is toc.TocTreeprocessor and extension is not None:
        ours = _TocWithoutUnreadHtml(md, extension.getConfigs())
        priority = next(p.priority for p in md.treeprocessors._priority if p.name == "toc")
        md.treeprocessors.register(ours, "toc", priority)


# A line of the front matter the generator writes (templates/*.md.j2): a key, and a JSON string
# (templating.yaml_string) or a lower-case word.
_GENERATED_META = re.compile(r'([a-z_]+): (?:"([^"\\]*)"|([a-z_]+))')
# plain words YAML reads as something other than text
_YAML_WORDS = frozenset("y n yes no true false on off null".split())


def generated_meta(doc: str) -> tuple[str, dict]:
    """mkdocs.utils.meta.get_data(doc), read directly when the front matter is made of lines
    the generator writes: a key and a quoted string without escapes, or a plain lower-case word.
    Anything else goes to PyYAML as before, whose constructor is slow for three values a page.
    A quoted string reads as its text when it has no backslash and
    every character is printable (no tab, no line or paragraph separator, which YAML would fold)."""
    found = meta.YAML_RE.match(doc)
    if found:
        data: dict = {}
        for line in found.group(1).splitlines():
            item = _GENERATED_META.fullmatch(line)
            if item is None or item[1] in data:
                break
            key, quoted, plain = item.groups()
            if quoted is not None and quoted.isprintable():
                data[key] = quoted
            elif plain is not None and plain not in _YAML_WORDS:
                data[key] = plain
            else:
                break
        else:
            if data:
                return doc[found.end() :].lstrip("\n"), data
    return _get_data(doc)


_get_data = meta.get_data


@contextlib.contextmanager
def front_matter_read_directly():
    """While pages are built here, MkDocs reads their front matter with generated_meta()."""
    meta.get_data = generated_meta
    try:
        yield
    finally:
        meta.get_data = _get_data
