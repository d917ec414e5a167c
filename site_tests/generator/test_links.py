"""Code mentions in a body become links: exactly the whole-word mentions in text lines."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.links import _link_line, _text_lines, code_pattern, link_codes

CODES = ["BI2", "BI20", "ØK_4", "SO1"]
TARGETS = {
    "BI2": "../kk-bi2.md",
    "BI20": "../kk-bi20.md",
    "ØK_4": "../kk-oek4.md",
}  # SO1: ambiguous


def _linked(body: str, codes=CODES) -> str:
    return link_codes(body, code_pattern(codes), TARGETS.get)


def _mentions(text: str, codes) -> set[str]:
    """The whole-word mentions by definition, one code at a time: not preceded by a word
    character, '/', '.' or '-', not followed by a word character or '-'."""
    return {c for c in codes if re.search(r"(?<![\w/.-])" + re.escape(c) + r"(?![\w-])", text)}


def _by_definition(body: str, codes=CODES) -> str:
    """Every text line that has a whole-word mention of a known code, linked (the rule, without
    the shortcut of finding the body's codes first)."""
    pattern = code_pattern(codes)
    lines = body.split("\n")
    for n in _text_lines(body):
        if _mentions(lines[n], codes):
            lines[n] = _link_line(lines[n], pattern, TARGETS.get)
    return "\n".join(lines)


def test_whole_word_mentions_in_text_are_linked_and_nothing_else():
    # each line of a body, and what it becomes (None: left as it is)
    lines = [
        (
            "Se BI2 og ØK_4, men ikke BI21, xBI2, BI2-x, a/BI2 eller SO1.",
            "Se [BI2](../kk-bi2.md) og [ØK_4](../kk-oek4.md), men ikke BI21, xBI2, BI2-x, a/BI2 eller SO1.",
        ),
        ("", None),
        ("## BI2 i en overskrift", None),
        ("", None),
        ("`BI2` i kode og [BI2](https://example.org) i et link.", None),
        ("", None),
        ("    BI2 i en kodeblok", None),
        ("", None),
        ("| BI20 | 1 |", "| [BI20](../kk-bi20.md) | 1 |"),
        ("|---|---|", None),
        ("| x | BI2 |", "| x | [BI2](../kk-bi2.md) |"),
    ]
    body = "\n".join(line for line, _ in lines)
    assert _linked(body).split("\n") == [
        line if linked is None else linked for line, linked in lines
    ]


def test_a_body_without_mentions_is_returned_as_it_is():
    body = "Ingen koder her: BI21 og xBI2.\n"
    assert _linked(body) is body
    assert link_codes(body, None, TARGETS.get) is body


_PIECES = st.sampled_from(
    [
        "BI2",
        "BI20",
        "ØK_4",
        "SO1",
        "BI21",
        "xBI2",
        "BI2-",
        "/BI2",
        ".BI2",
        " ",
        "\n",
        "\n\n",
        "`",
        "[",
        "](u)",
        "# ",
        "    ",
        "| ",
        " |",
        "|---|\n",
        "<b>",
        "-",
        "tekst",
        "æ",
        ",",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_linking_matches_the_rule_line_by_line(body):
    assert _linked(body) == _by_definition(body)


def test_codes_with_other_characters_are_found_too():
    targets = {"KF-17": "../kk-kf17.md", "BI2": "../kk-bi2.md"}
    body = "Se KF-17 og BI2, men ikke KF-170.\n"
    assert (
        link_codes(body, code_pattern(["KF-17", "BI2"]), targets.get)
        == "Se [KF-17](../kk-kf17.md) og [BI2](../kk-bi2.md), men ikke KF-170.\n"
    )


# (no "." in these codes: with codes "5" and "5.1", "5.1" mentions one code, the longer one,
# though "5" in it is bounded by the definition; test_the_longest_code_is_linked covers that)
_CODE = st.text(alphabet="BIØK_-12", min_size=1, max_size=5)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_CODE, min_size=1, max_size=8),
    st.lists(
        st.one_of(_CODE, st.sampled_from([" ", "x", "/", ".", "\n", "(", "æ"])), max_size=30
    ).map("".join),
)
def test_the_matcher_finds_exactly_the_whole_word_mentions(codes, text):
    # codes sharing beginnings (BI, BI1, BI1-2) and of any characters, in text made of them
    assert code_pattern(codes).found(text) == _mentions(text, codes)


def test_the_longest_code_is_linked():
    targets = {"5": "../kk-5.md", "5.1": "../kk-5-1.md"}
    assert (
        link_codes("Se 5.1. og 5.\n", code_pattern(["5", "5.1"]), targets.get)
        == "Se [5.1](../kk-5-1.md). og [5](../kk-5.md).\n"
    )
