"""Python-Markdown's inline patterns and block processors tried only on text they can match.

Python-Markdown tries every inline pattern on every piece of text, and every block processor
on every block, a Python call and a regular-expression search each; most of a proposal's text
has none of the characters they look for (docs/performance.md). Each processor Python-Markdown
(or its footnotes, tables, md_in_html) ships is known here, by its class and regular
expression, with the strings one of which a text must contain for it to match; one that is not
known (another extension's, or one changed) is tried everywhere as before. Passed over, a
processor that cannot match does what it does when it did not match: the same tree either way
(tests compare the two on text made of what the processors look for).
"""

from __future__ import annotations

import markdown
from markdown import (
    blockparser,
    blockprocessors,
    inlinepatterns,
    preprocessors,
    treeprocessors,
    util,
)
from markdown.extensions import footnotes, md_in_html, tables

# What the text must contain for Python-Markdown's own inline patterns (and the footnotes') to
# match, by their regular expressions; a pattern of another extension, or one changed, is
# always tried.
_INLINE = {
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


def _inline_triggers(pattern: inlinepatterns.Pattern) -> tuple[str, ...] | None:
    """The strings one of which a text must contain for pattern to match in it; None: any text."""
    if type(pattern) is inlinepatterns.DelimiterProcessor:  # (its tokens: "*", "_")
        return tuple(pattern.tokens)
    if isinstance(pattern, inlinepatterns.InlineProcessor):
        return _INLINE.get(pattern.getCompiledRegExp().pattern)
    return None


class _TriggeredInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's inline processor, which tries every inline pattern (a Python call and a
    regular-expression search each) on every piece of text: most of a proposal's text has none
    of the characters the patterns start with, and a pattern that cannot match is passed over
    as a pattern that did not match is. The same tree either way (a test compares them)."""

    def run(self, tree, ancestors=None):
        self._patterns = list(self.inlinePatterns)
        self._triggers = [_inline_triggers(pattern) for pattern in self._patterns]
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


# The same for the block processors: (the class, its regular expression or None) → the strings
# one of which a block must contain for its test() to pass and its run() to take the block.
# (The horizontal rule's and the lists' are left out: their characters are common in prose, or
# their test is a match at the block's start already.)
_BLOCK = {
    (blockprocessors.HashHeaderProcessor, blockprocessors.HashHeaderProcessor.RE.pattern): ("#",),
    (blockprocessors.SetextHeaderProcessor, blockprocessors.SetextHeaderProcessor.RE.pattern): (
        "\n=",
        "\n-",
    ),
    (blockprocessors.BlockQuoteProcessor, blockprocessors.BlockQuoteProcessor.RE.pattern): (">",),
    (blockprocessors.ReferenceProcessor, blockprocessors.ReferenceProcessor.RE.pattern): ("]:",),
    (footnotes.FootnoteBlockProcessor, footnotes.FootnoteBlockProcessor.RE.pattern): ("[^",),
    # a table's first row is split at its pipes: without one it is a single cell and no border
    (tables.TableProcessor, None): ("|",),
    # its run() takes a block that starts with a raw-HTML placeholder
    (md_in_html.MarkdownInHtmlProcessor, None): (util.HTML_PLACEHOLDER[0],),
}


def _block_triggers(processor: blockprocessors.BlockProcessor) -> tuple[str, ...] | None:
    """The strings one of which a block must contain for processor to take it; None: any block."""
    regex = getattr(processor, "RE", None)
    return _BLOCK.get((type(processor), getattr(regex, "pattern", None)))


def _parse_blocks(self: blockparser.BlockParser, parent, blocks: list[str]) -> None:
    """BlockParser.parseBlocks, passing over a processor that cannot take the block as it passes
    over one whose test() fails or whose run() returns False."""
    processors = [(processor, _block_triggers(processor)) for processor in self.blockprocessors]
    while blocks:
        for processor, needed in processors:
            if needed is not None:
                for trigger in needed:
                    if trigger in blocks[0]:
                        break
                else:
                    continue
            if processor.test(parent, blocks[0]):
                if processor.run(parent, blocks) is not False:
                    break


# The raw-HTML preprocessors (Python-Markdown's, md_in_html's) feed the whole page to an HTML
# parser, which without a "<" or "&" (a tag, a character reference) gives the text back as it is.
_HTML_BLOCK = (preprocessors.HtmlBlockPreprocessor, md_in_html.HtmlBlockPreprocessor)


def _where_html(run):
    """A raw-HTML preprocessor's run(lines), which gives a text without "<" or "&" back at once."""

    def where_html(lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        return run(lines) if "<" in source or "&" in source else lines

    return where_html


def try_processors_by_trigger(md: markdown.Markdown) -> None:
    """md's inline processor made a _TriggeredInlineProcessor, its block parser's parseBlocks
    _parse_blocks and its raw-HTML preprocessor's run _where_html, where they are
    Python-Markdown's."""
    if type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor:
        priority = next(p.priority for p in md.treeprocessors._priority if p.name == "inline")
        md.treeprocessors.register(_TriggeredInlineProcessor(md), "inline", priority)
    if type(md.parser) is blockparser.BlockParser:
        md.parser.parseBlocks = _parse_blocks.__get__(md.parser)  # type: ignore[method-assign]
    for processor in md.preprocessors:
        if type(processor) in _HTML_BLOCK:
            processor.run = _where_html(processor.run)  # type: ignore[method-assign]
