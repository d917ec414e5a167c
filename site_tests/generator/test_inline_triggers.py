"""MkDocs' workers try an inline pattern only on text that has its first character
(engine/patches._TriggeredInlineProcessor): the same HTML and table of contents as
Python-Markdown's own inline processor, for text full of what the patterns look for."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.engine.patches import _TriggeredInlineProcessor, _try_inline_patterns_by_trigger

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
        "## Afsnit",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        '<div markdown="1">',
        "</div>",
        "- ",
        "1. ",
        "    ",
        "æøå",
    ]
)


def _pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    stock = markdown.Markdown(extensions=_EXTENSIONS)
    triggered = markdown.Markdown(extensions=_EXTENSIONS)
    _try_inline_patterns_by_trigger(triggered)
    return stock, triggered


_STOCK, _TRIGGERED = _pair()


def test_the_inline_processor_is_replaced():
    assert type(_STOCK.treeprocessors["inline"]) is not _TriggeredInlineProcessor
    assert type(_TRIGGERED.treeprocessors["inline"]) is _TriggeredInlineProcessor
    # in the place of Python-Markdown's, between the same neighbours
    assert [p.name for p in _STOCK.treeprocessors._priority] == [
        p.name for p in _TRIGGERED.treeprocessors._priority
    ]


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_same_html_as_python_markdown(text):
    expected = _STOCK.reset().convert(text)
    assert _TRIGGERED.reset().convert(text) == expected
    assert _TRIGGERED.toc_tokens == _STOCK.toc_tokens


def test_text_without_triggers_is_still_converted():
    text = "Et afsnit *med* _vægt_, `kode`, [et link](x.md) og en fodnote.[^1]\n\n[^1]: Note.\n"
    html = _TRIGGERED.reset().convert(text)
    assert html == _STOCK.reset().convert(text)
    assert "<em>med</em>" in html and "<code>kode</code>" in html and 'href="x.md"' in html
