"""Linking codes of other proposals (e.g. "BI2") where the body text mentions them.

markdown-it-py finds the lines that hold inline text (not code blocks, not raw HTML blocks);
within them, code spans, existing links, autolinks and footnote references are skipped
(_NOT_TEXT). The source is then edited in place, so the output stays Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt

# Only the block structure is needed (which lines hold inline text), so inline parsing is off:
# it was most of the cost of linking.
_MD = MarkdownIt("commonmark").enable("table").disable("inline")

# Spans of an inline Markdown source that are not plain text: code spans, links/images with
# their targets, autolinks and footnote references. Matches are skipped when scanning.
_NOT_TEXT = re.compile(
    r"(?P<code>(`+).*?\2)"
    r"|(?P<link>!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\))"
    r"|(?P<ref>!?\[(?:[^\[\]]|\[[^\]]*\])*\]\[[^\]]*\])"
    r"|(?P<auto><[^>\s]+>)"
    r"|(?P<foot>\[\^[^\]]+\])",
    re.S,
)


def _text_lines(body: str) -> list[int]:
    """Line numbers (0-based) that hold inline text: paragraphs, list items, table cells.
    Code blocks, fenced code and raw HTML blocks have no inline tokens and are never touched."""
    lines: set[int] = set()
    tokens = _MD.parse(body)
    for previous, token in zip([None, *tokens], tokens, strict=False):
        # headings stay plain: a link in a heading would also land in the table of contents
        if (
            token.type == "inline"
            and token.map
            and not (previous and previous.type == "heading_open")
        ):
            lines.update(range(token.map[0], token.map[1]))
    return sorted(lines)


def link_codes(body: str, pattern: CodeMatcher | None, target: Callable[[str], str | None]) -> str:
    """Replace each mention of a known code in body text by a Markdown link to target(code).

    pattern matches candidate codes (word-bounded); target returns the link or None for codes
    that are unknown or ambiguous. Headings' anchors are unaffected: only inline text changes.
    """
    found = pattern.found(body) if pattern is not None and body else None
    if not found or pattern is None:
        return body
    lines = body.split("\n")
    for n in _text_lines(body):
        # most lines mention no code; a line that does contains one of the body's as a substring
        # (str `in`, cheaper than one more regex pass per line)
        if any(code in lines[n] for code in found):
            lines[n] = _link_line(lines[n], pattern, target)
    return "\n".join(lines)


def _link_line(line: str, pattern: CodeMatcher, target: Callable[[str], str | None]) -> str:
    out, pos = [], 0
    for skip in list(_NOT_TEXT.finditer(line)) + [None]:
        stop = skip.start() if skip else len(line)
        out.append(_link_segment(line[pos:stop], pattern, target))
        if skip:
            out.append(skip.group(0))
            pos = skip.end()
    return "".join(out)


def _link_segment(text: str, pattern: CodeMatcher, target: Callable[[str], str | None]) -> str:
    def replace(match: re.Match) -> str:
        url = target(match.group(0))
        return f"[{match.group(0)}]({url})" if url else match.group(0)

    return pattern.sub(replace, text)


_BEFORE = r"[\w/.-]"  # a code preceded by one of these is part of a longer word or a URL…
_AFTER = r"(?![\w-])"  # …and followed by one of these, too: BI2 must not match inside BI20


def _trie(codes) -> str:
    """The codes as one regex, factored by their common beginnings ("BI_1(?:0|1)?"): at each
    position of the text only the characters that can continue a code are tried."""
    root: dict = {}
    for code in codes:
        node = root
        for ch in code:
            node = node.setdefault(ch, {})
        node[""] = {}  # a code ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        either = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{either})?" if "" in node else either

    # Each alternative starts with a literal first character, so that the regex engine can skip
    # to the next position where a code may start; the check of the character before a code
    # comes after its first character, since a look-behind in front would make the engine stop
    # at every position. (One pattern for codes of any characters, "KF-17" and "5.1" too.)
    firsts = [re.escape(ch) + f"(?<!{_BEFORE}.)" + pattern(root[ch]) for ch in sorted(root)]
    return "(?:" + "|".join(firsts) + ")" + _AFTER


class CodeMatcher:
    """Finds known codes in text, as whole words. One regex of every code, factored into a trie:
    a plain alternation of thousands of codes, and looking up every word of a body in a set,
    were both among the slowest steps of generating a large archive (docs/performance.md)."""

    def __init__(self, codes):
        self.codes = frozenset(codes)
        self._pattern = re.compile(_trie(self.codes))

    def found(self, text: str) -> set[str]:
        """The codes text mentions as whole words."""
        return set(self._pattern.findall(text))

    def sub(self, replace: Callable[[re.Match], str], text: str) -> str:
        return self._pattern.sub(replace, text)


def code_pattern(codes) -> CodeMatcher | None:
    """A matcher of the codes as whole words, or None when the archive has no codes."""
    return CodeMatcher(codes) if codes else None
