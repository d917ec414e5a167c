"""The body as Markdown: elements (headings, paragraphs, lists, tables, footnotes) → text.
Inline markup of the extraction becomes Markdown (<i>x</i> → *x*, a checkbox → ☐ or ☒); any
other tag is written as text, escaped, because the body may not contain raw HTML."""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_CHECKBOX = re.compile(r"<input\b[^>]*type=[\"']?checkbox[\"']?[^>]*>", re.IGNORECASE)
_EMPHASIS = {"i": "*", "em": "*", "b": "**", "strong": "**", "u": ""}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


@dataclass(frozen=True)
class Element:
    kind: str  # heading | paragraph | list | numbered | table | footnote
    line: int  # the source line it comes from
    text: str = ""
    level: int = 0  # a heading's level
    items: tuple = ()  # a list's items, a table's rows

    def with_text(self, text: str) -> Element:
        return Element(self.kind, self.line, text, self.level, self.items)


def checkbox(tag: str) -> str:
    return "☒" if re.search(r"\bchecked\b", tag, re.IGNORECASE) else "☐"


def inline(text: str, footnotes: Set[str] = frozenset()) -> str:
    """One line of document text as Markdown."""
    text = _CHECKBOX.sub(lambda m: checkbox(m.group()), text)

    def tag(match: re.Match) -> str:
        name = match.group(2).lower()
        if name in _EMPHASIS:
            return _EMPHASIS[name]
        return "\\" + match.group()

    text = _TAG.sub(tag, text)
    text = re.sub(r"(?<!\\)<(?=[a-zA-Z/!?])", r"\\<", text)
    if footnotes:
        text = SUPERSCRIPT.sub(
            lambda m: (
                f"[^{m.group().translate(SUPERSCRIPTS)}]"
                if m.group().translate(SUPERSCRIPTS) in footnotes
                else m.group()
            ),
            text,
        )
    if re.match(r"#", text):
        text = "\\" + text
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(r) for r in rows)
    padded = [list(r) + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(_cell(c) for c in padded[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in padded[1:]]
    return "\n".join(line.replace("|  |", "| |") for line in lines)


def render(elements: list[Element]) -> str:
    parts = []
    for e in elements:
        if e.kind == "heading":
            parts.append("#" * e.level + " " + e.text)
        elif e.kind == "list":
            parts.append("\n".join(f"- {item}" for item in e.items))
        elif e.kind == "numbered":
            # each item begins with its number as printed ('1. at ...')
            parts.append("\n".join(e.items))
        elif e.kind == "table":
            parts.append(((f"**{e.text}**\n\n") if e.text else "") + table(e.items))
        elif e.kind == "footnote":
            parts.append(f"[^{e.level}]: {e.text}")
        else:
            parts.append(e.text)
    return "\n\n".join(parts) + "\n" if parts else ""
