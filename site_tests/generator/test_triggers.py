"""MkDocs' workers try an inline pattern or a block processor only on text it can match
(engine/triggers.py): the same HTML and table of contents as Python-Markdown's own inline
processor and block parser, for text full of what they look for."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.engine.patches import _toc_without_unread_html, _TocWithoutUnreadHtml
from generator.engine.triggers import (
    _parse_blocks,
    _TriggeredInlineProcessor,
    try_processors_by_trigger,
)

_EXTENSIONS = ["toc", "tables", "md_in_html", "footnotes"]

# pieces of Markdown that start or end what some inline pattern matches, and plain words
_PIECES = st.sampled_from(
    [
        "ord",
        " ",
        "  \n",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "\\",
        "\\*",
        "[",
        "]",
        "[^1]",
        "[^1]: note\n",
        "(x.md)",
        "[a](b.md)",
        "![i](p.png)",
        "[r]",
        "[r]: https://example.org\n",
        "<",
        ">",
        "<b>",
        "</b>",
        "<https://example.org>",
        "<a@b.dk>",
        "&amp;",
        "&",
        "&#38;",
        "#",
        "# ",
        "\n#",
        "\n===",
        "\n---",
        "---",
        "***",
        "> ",
        "\n> ",
        "|",
        "\n|---|",
        "[r]:",
        "## Afsnit",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        '<div markdown="1">',
        "</div>",
        "- ",
        "1. ",
        "    ",
        "æøå",
        "[TOC]",
        "\n\n[TOC]\n\n",
    ]
)


def _pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    stock = markdown.Markdown(extensions=_EXTENSIONS)
    triggered = markdown.Markdown(extensions=_EXTENSIONS)
    try_processors_by_trigger(triggered)
    _toc_without_unread_html(triggered)
    return stock, triggered


_STOCK, _TRIGGERED = _pair()


def test_the_processors_are_replaced():
    assert type(_STOCK.treeprocessors["inline"]) is not _TriggeredInlineProcessor
    assert type(_TRIGGERED.treeprocessors["inline"]) is _TriggeredInlineProcessor
    assert _TRIGGERED.parser.parseBlocks.__func__ is _parse_blocks
    assert getattr(_STOCK.parser.parseBlocks, "__func__", None) is not _parse_blocks
    # in the place of Python-Markdown's, between the same neighbours
    assert [p.name for p in _STOCK.treeprocessors._priority] == [
        p.name for p in _TRIGGERED.treeprocessors._priority
    ]


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_same_html_as_python_markdown(text):
    expected = _STOCK.reset().convert(text)
    assert _TRIGGERED.reset().convert(text) == expected
    assert _TRIGGERED.toc_tokens == _STOCK.toc_tokens


def test_text_without_triggers_is_still_converted():
    text = (
        "# Titel\n\nEt afsnit *med* _vægt_, `kode`, [et link](x.md) og en fodnote.[^1]\n\n"
        "> citat\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.\n"
    )
    html = _TRIGGERED.reset().convert(text)
    assert html == _STOCK.reset().convert(text)
    assert "<em>med</em>" in html and "<code>kode</code>" in html and 'href="x.md"' in html
    assert "<h1" in html and "<blockquote>" in html and "<table>" in html and "fn:1" in html


# what each block processor takes, and inline patterns in the places blocks leave them
_DOCUMENTS = [
    "# Titel #\n\nTekst\n## Under\nmere",
    "Titel\n=====\n\nUnder\n-----\ntekst",
    "> citat\n> *mere*\n\n> > indlejret",
    "Tekst\n\n---\n\n* * *\n\n___",
    "| a | b |\n|:--|--:|\n| `x|y` | 2 |\n\na | b\n- | -\n1 | 2",
    "|a|\n|-|\n|1|",
    'Se [r] og [s][r].\n\n[r]: https://example.org "T"\n[s]: <x.md>',
    "Noter.[^1] [^a]\n\n[^1]: Den første.\n    Fortsat.\n\n[^a]:\n    Indrykket.",
    '<div markdown="1">\n*inde* i [html](x.md)\n</div>\n\nefter',
    '<div markdown="block">\n# Titel\n\n> citat\n</div>\n\n<p>rå</p>\n\n<span markdown="span">*s*</span>',
    "1. et\n2. to\n\n    kode i punkt\n\n- a\n- [b](y.md)\n\n        kode",
    "Linje  \nbrud &amp; &#38; <b>fed</b> <https://x.dk> <a@b.dk> \\* ![b](p.png) ![c][r]\n\n[r]: z.png",
]


@pytest.mark.parametrize("text", _DOCUMENTS)
def test_each_processor_as_python_markdown(text):
    assert _TRIGGERED.reset().convert(text) == _STOCK.reset().convert(text)
    assert _TRIGGERED.toc_tokens == _STOCK.toc_tokens


def test_the_table_of_contents_without_its_unread_html():
    """The table of contents' HTML (md.toc), which MkDocs does not read, is made only for a page
    with a [TOC] marker (engine/patches._TocWithoutUnreadHtml); the headings and entries are as
    Python-Markdown makes them, with or without a marker."""
    stock = markdown.Markdown(extensions=_EXTENSIONS)
    ours = markdown.Markdown(extensions=_EXTENSIONS)
    _toc_without_unread_html(ours)
    assert type(ours.treeprocessors["toc"]) is _TocWithoutUnreadHtml
    for text in ("# A\n\n## B\n\ntekst", "# A\n\n[TOC]\n\n## B *c*\n\n## B", "[TOC]"):
        assert ours.reset().convert(text) == stock.reset().convert(text)
        assert ours.toc_tokens == stock.toc_tokens
        assert (ours.toc == stock.toc) == ("[TOC]" in text)
