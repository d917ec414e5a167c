"""Segmentation: the document's lines → blocks. A block is a run of text lines between blank
lines, or a table: lines with tab-separated cells, which may have single blank lines and
ruler lines ('-----') between its rows. Every block keeps the source line of each line."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RULER = re.compile(r"^[\s\-=_—–.]*$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source
    text: str

    @property
    def cells(self) -> list[str]:
        return [c.strip() for c in self.text.split("\t")]


@dataclass(frozen=True)
class Block:
    index: int  # position in the document
    kind: str  # "text" or "table"
    lines: tuple[Line, ...]

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        """A text block's lines joined by spaces (it is usually one paragraph a line)."""
        return " ".join(line.text.strip() for line in self.lines)

    @property
    def single(self) -> bool:
        return self.kind == "text" and len(self.lines) == 1


def segment(lines: tuple[str, ...], is_heading=lambda text: False) -> list[Block]:
    """`is_heading(text)`: whether a line is a section heading, a block of its own even where
    no blank line sets it apart (an agenda system's export prints 'Beslutning i ... den ...'
    right under the last point of the recommendation)."""
    blocks: list[Block] = []
    current: list[Line] = []
    kind = ""

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(Block(len(blocks), kind, tuple(current)))
        current = []

    i = 0
    while i < len(lines):
        text = lines[i]
        number = i + 1
        if "\t" in text and text.strip():
            if kind != "table":
                flush()
                kind = "table"
            if not _RULER.match(text.replace("\t", "")):
                current.append(Line(number, text.rstrip(" ")))
        elif not text.strip():
            # a blank line ends a text block; a table goes on if a row follows the blank
            if kind == "table" and i + 1 < len(lines) and "\t" in lines[i + 1]:
                i += 1
                continue
            flush()
            kind = ""
        else:
            heading = is_heading(text.strip()) and not text.rstrip().endswith(".")
            if kind != "text" or heading:
                flush()
                kind = "text"
            current.append(Line(number, text.strip()))
            if heading:
                flush()
        i += 1
    flush()
    return [Block(k, b.kind, b.lines) for k, b in enumerate(b for b in blocks if b.lines)]
