"""Where the generator's pages let MkDocs do less, while the parallel build (parallel_build.py)
builds them: one Markdown instance reused, its inline patterns tried only on text that has
their first character, and the generated front matter read directly.
"""

from __future__ import annotations

import contextlib
import re

import markdown
from markdown import inlinepatterns, treeprocessors, util
from mkdocs.utils import meta


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
            _try_inline_patterns_by_trigger(md)
        else:
            md.reset()
        return md

    markdown.Markdown = reused
    try:
        yield
    finally:
        markdown.Markdown = original


# What the text must contain for Python-Markdown's own inline patterns (and the footnotes') to
# match, by their regular expressions; a pattern of another extension, or one changed, is
# always tried.
_TRIGGERS = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also REFERENCE_RE
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    r"\[\^([^\]]*)\]": ("[^",),  # footnotes' FOOTNOTE_RE
}


def _triggers(pattern: inlinepatterns.Pattern) -> tuple[str, ...] | None:
    """The strings one of which a text must contain for pattern to match in it; None: any text."""
    if type(pattern) is inlinepatterns.DelimiterProcessor:  # (its tokens: "*", "_")
        return tuple(pattern.tokens)
    if isinstance(pattern, inlinepatterns.InlineProcessor):
        return _TRIGGERS.get(pattern.getCompiledRegExp().pattern)
    return None


class _TriggeredInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's inline processor, which tries every inline pattern (a Python call and a
    regular-expression search each) on every piece of text: most of a proposal's text has none
    of the characters the patterns start with, and a pattern that cannot match is passed over
    as a pattern that did not match is. The same tree either way (a test compares them)."""

    def run(self, tree, ancestors=None):
        self._patterns = list(self.inlinePatterns)
        self._triggers = [_triggers(pattern) for pattern in self._patterns]
        return super().run(tree, ancestors)

    # (InlineProcessor's own private method, by its mangled name, as its other methods call it)
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, util.AtomicString):
            startIndex = 0
            patterns, triggers = self._patterns, self._triggers
            apply = self._InlineProcessor__applyPattern
            count = len(patterns)
            while patternIndex < count:
                needed = triggers[patternIndex]
                if needed is not None:
                    for trigger in needed:
                        if trigger in data:
                            break
                    else:  # (none of them in data: the pattern cannot match)
                        patternIndex += 1
                        startIndex = 0
                        continue
                data, matched, startIndex = apply(
                    patterns[patternIndex], data, patternIndex, startIndex
                )
                if not matched:
                    patternIndex += 1
        return data


def _try_inline_patterns_by_trigger(md: markdown.Markdown) -> None:
    """md's inline processor made a _TriggeredInlineProcessor, where it is Python-Markdown's."""
    if type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor:
        priority = next(p.priority for p in md.treeprocessors._priority if p.name == "inline")
        md.treeprocessors.register(_TriggeredInlineProcessor(md), "inline", priority)


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
