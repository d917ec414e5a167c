"""HTML islands: finished HTML that the generator marks with <!-- pa:html --> … <!-- /pa:html -->.

Python-Markdown would parse it (its raw-HTML handling is slow: docs/performance.md), so the
plugin swaps each island for a placeholder paragraph before conversion and puts it back after.
Without that the islands are ordinary raw HTML in Markdown and render the same, only slower.
"""

from __future__ import annotations

import re

_OPEN = "<!-- pa:html -->\n"
_CLOSE = "<!-- /pa:html -->"
_PLACEHOLDER = "PAHTMLISLAND{}X"
# Python-Markdown's tables (text tables in a proposal's body) put no scope on their header
# cells; they are all column headers (the generator's own tables already carry scopes).
_TH_WITHOUT_SCOPE = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")


def _line_starting(text: str, marker: str, start: int) -> int:
    """Where marker next begins a line in text, from start on; -1 if nowhere."""
    at = text.find(marker, start)
    while at > 0 and text[at - 1] != "\n":
        at = text.find(marker, at + 1)
    return at


def stash_islands(markdown: str) -> tuple[str, list[str]]:
    """(markdown with each island, from a line "<!-- pa:html -->" to the next line that starts
    with "<!-- /pa:html -->", made a placeholder paragraph; the islands' HTML). str.find, not a
    regular expression: a lazy match across lines tried the end marker at every character."""
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


def restore_islands(html: str, found: list[str] | None) -> str:
    """The HTML of a page with its islands (as stash_islands found them) back in place."""
    for n, island in enumerate(found or ()):
        html = html.replace(f"<p>{_PLACEHOLDER.format(n)}</p>", island, 1)
    return html


def with_header_scopes(html: str) -> str:
    """Every table header cell without a scope made a column header."""
    return _TH_WITHOUT_SCOPE.sub('<th scope="col"', html)
