"""The rules on a proposal's body: Markdown without raw HTML (but for the internal-block
markers), without links that run script, without images from other servers. The body is read
as Python-Markdown, which renders the site, would read it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from markdown_it import MarkdownIt

from . import body
from .diagnostics import Diagnostic, error
from .reader import SourceFile


class _AsPythonMarkdown(MarkdownIt):
    """See every link as Python-Markdown renders it: not refused, and not percent-encoded
    (markdown-it makes "java&#9;script:" "java%09script:", harmless; Python-Markdown leaves the
    entity, a tab)."""

    def validateLink(self, url: str) -> bool:  # (markdown-it's names)
        return True

    def normalizeLink(self, url: str) -> str:
        return url


_MD = _AsPythonMarkdown("commonmark").enable("table")
# Raw HTML needs '<' and a link or image needs ']' followed by '(' or ':' (or '<' for an autolink).
_MAYBE_HTML_OR_LINK = re.compile(r"<|\]\s*[(:\[]")
# A footnote's label ("[^1]", "[^1]:") is neither: without this, every body with a footnote was
# parsed, the costliest step of `check`.
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:?")
# a code span never runs across a blank line (a paragraph's end)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\n[ \t]*\n).)*?\1", re.S)
# '<' starting a tag, comment or declaration, but not an autolink such as <https://...> or <a@b.dk>
_TAG_LIKE = re.compile(r"<(?!(?:https?://|mailto:)[^\s>]*>|[^\s<>@]+@[^\s<>@]+>)[A-Za-z/!?][^\s>]*")
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
_EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)
# What a browser ignores in a URL: every tab and line break, and control characters and spaces
# in front. "java&#9;script:" is a javascript: link to a browser.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_LEADING = "".join(map(chr, range(0x21)))
# The destination after "](" as Python-Markdown reads it: it takes tabs and line breaks that
# CommonMark (markdown-it) does not, so "[x](java<tab>script:…)" is a link only to the former.
_DESTINATION = re.compile(r"\]\(\s*<?((?:[^()<>]|\([^()]*\))*)")
# An attribute list with a value, "{: onclick=… }" or "{ style=… }": with Python-Markdown's
# attr_list extension it sets any HTML attribute (scripts, styles that load from elsewhere).
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*[^{}\n]*=[^{}\n]*\}")


def browser_url(url: str) -> str:
    """A URL as a browser reads it (entities are decoded before: by markdown-it, or the caller)."""
    return _URL_IGNORED.sub("", url).lstrip(_URL_LEADING)


def _unsafe_link(url: str) -> str:
    seen = browser_url(url)
    read = f" (a browser reads it as {seen[:40]!r})" if seen != url.strip() else ""
    return f"link to {url[:60]!r} is not allowed{read}; link to a web page (https://...)"


def rule_body(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """The body is Markdown without raw HTML (but for internal-block markers), without links that
    run script, and without images from other servers (the site makes no external request)."""
    line_of = lambda token: source.body_line + (token.map[0] if token.map else 0)  # noqa: E731
    for problem in body.marker_problems(source.body):
        yield error(
            source.path, source.body_line + problem.line, 1, "internal-block", problem.message
        )
    # code spans blanked (line breaks kept, for line numbers), so that code is not read as links
    text = (
        _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source.body)
        if "`" in source.body
        else source.body
    )
    if "{" in text:
        for match in _ATTRIBUTE_LIST.finditer(text):
            yield error(
                source.path,
                source.body_line + text.count("\n", 0, match.start()),
                1,
                "attribute-list",
                f"{match.group(0)[:60]!r} would set HTML attributes on the page, which can run scripts or load from other servers; remove it (write plain Markdown)",
            )
    unsafe: set[str] = set()  # reported here, so not again below
    if "](" in text:
        for match in _DESTINATION.finditer(text):
            url = browser_url(html.unescape(match.group(1)))
            if _UNSAFE_SCHEME.match(url):
                unsafe.add(url)
                yield error(
                    source.path,
                    source.body_line + text.count("\n", 0, match.start()),
                    1,
                    "unsafe-link",
                    _unsafe_link(match.group(1)),
                )
    if not _MAYBE_HTML_OR_LINK.search(_FOOTNOTE_LABEL.sub("", source.body)):
        return  # nothing for these rules to find; parsing is the costliest step of `check`
    for token in _MD.parse(source.body):
        if token.type == "html_block":
            if not body.is_marker(token.content):
                yield error(
                    source.path,
                    line_of(token),
                    1,
                    "raw-html",
                    f"raw HTML is not allowed in the body: {token.content.strip()[:60]!r}; write Markdown",
                )
            continue
        if token.type != "inline":
            continue
        tags = [c.content for c in token.children or [] if c.type == "html_inline"]
        # Python-Markdown, which renders the site, has no backslash escape for '<': "\<script>"
        # is text to markdown-it but a tag on the page. So any tag-like '<' outside code spans counts.
        tags += _TAG_LIKE.findall(_CODE_SPAN.sub("", token.content))
        if tags:  # one diagnostic per paragraph, naming its first tag
            yield error(
                source.path,
                line_of(token),
                1,
                "raw-html",
                f"raw HTML is not allowed in the body: {tags[0][:60]!r}; write Markdown",
            )
        for child in token.children or []:
            if child.type == "link_open":
                href = browser_url(str(child.attrs.get("href", "")))
                if _UNSAFE_SCHEME.match(href) and not any(href.startswith(u) for u in unsafe):
                    yield error(
                        source.path,
                        line_of(token),
                        1,
                        "unsafe-link",
                        _unsafe_link(str(child.attrs["href"])),
                    )
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                seen = browser_url(src)
                if _UNSAFE_SCHEME.match(seen) or _EXTERNAL.match(seen):
                    yield error(
                        source.path,
                        line_of(token),
                        1,
                        "external-resource",
                        f"image {src[:60]!r} would be loaded from another server; the site makes no external request: put the image in the archive",
                    )
