"""Soft hyphens in the long words of headings, so that a phone breaks a word that does not fit
on a line where Danish hyphenates it ("beskæf-tigelsesfremmende"), not between any two letters
("beskæftigelsesfremm|ende", which Material's `overflow-wrap: break-word` does).

CSS `hyphens: auto` would do this in the browser, but Chromium hyphenates only with dictionaries
that it downloads itself (Debian's headless chromium has none: no word is hyphenated, in any
language; docs/checkers.md). So the points come from pyphen's Danish dictionary (LibreOffice's
hyph_da_DK, pinned with pyphen in pyproject.toml) and are written into the HTML as U+00AD,
which every browser honours with the default `hyphens: manual`. Screen readers, find in page
and Playwright's text matching ignore the character; the search index is made from the
proposals, not from the HTML, so it has none.

Only headings get them: their large type is where a Danish compound is wider than a 375 px
line (body text holds about 40 letters a line there; table cells scroll in their box).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
# A heading line on a 375 px phone holds about 20 letters of h1; a shorter word always fits on
# a line of its own, so it is left whole (fewer invisible characters in copied text).
MIN_LETTERS = 12

_HEADING = re.compile(r"(<h([1-6])\b[^>]*>)(.*?)(</h\2>)", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")
# a word of letters, not an entity's name (&aelig;) and not glued to digits or underscores
_WORD = re.compile(rf"(?<![&#\w])[^\W\d_]{{{MIN_LETTERS},}}(?!\w)")
_VERBATIM = {"code", "kbd", "samp", "script", "style"}


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="da_DK")


@lru_cache(maxsize=65536)
def word(text: str) -> str:
    """The word with a soft hyphen at each of its Danish hyphenation points."""
    return _dictionary().inserted(text, hyphen=SOFT_HYPHEN)


def text(plain: str) -> str:
    """Soft hyphens in each long word of a text (no markup)."""
    return _WORD.sub(lambda m: word(m.group(0)), plain)


def _inner(html: str) -> str:
    """The text between the tags of a heading's content hyphenated, except inside code."""
    if "<" not in html:  # most headings: text only
        return text(html)
    out, verbatim = [], 0
    for n, part in enumerate(_TAG.split(html)):
        if n % 2:
            name = part.strip("</>").split(None, 1)[0].lower() if part.strip("</>") else ""
            if name in _VERBATIM:
                verbatim += -1 if part.startswith("</") else 1
            out.append(part)
        else:
            out.append(part if verbatim > 0 else text(part))
    return "".join(out)


def headings(html: str) -> str:
    """The page's HTML with the long words of its headings (h1–h6) hyphenated."""
    return _HEADING.sub(lambda m: m.group(1) + _inner(m.group(3)) + m.group(4), html)
