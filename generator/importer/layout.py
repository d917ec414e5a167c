"""pdftotext -layout output → the text form the importer reads (the form of the seeds):
one paragraph a line, blank lines between blocks, table rows with tab-separated cells.

A PDF has no tabs: table columns are runs of spaces. A line with a gap of GAP or more spaces
is a table row; the rows of one table share a column grid, found by merging the character
spans of their cells, so that an empty cell keeps its place. Other lines are prose, wrapped
by the PDF: they are joined into one line per paragraph.
"""
from __future__ import annotations

import re

GAP = 3  # spaces between two columns; prose has one space between words (rarely two)
_CELL = re.compile(r"\S+(?: {1,%d}\S+)*" % (GAP - 1))
_LIST_ITEM = re.compile(r"^\s*(?:[-•–▪·*]|\d+[.)])\s+\S")
_CONJUNCTIONS = {"og", "eller", "samt", "til", "som", "men", "and", "or"}


def _is_row(line: str) -> bool:
    return len(_CELL.findall(line)) > 1


def join_wrapped(lines: list[str]) -> str:
    """Lines of one wrapped paragraph as one line. A word broken by a hyphen at the end of a
    line is joined again ('Møl-' + 'gaard'); 'Beskæftigelses-' + 'og' keeps its hyphen."""
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[0].islower():
            first = line.split()[0]
            out = out + (" " + line if first in _CONJUNCTIONS else line) if first not in _CONJUNCTIONS else out + " " + line
            if first not in _CONJUNCTIONS:
                out = out[: len(out) - len(line) - 1] + line if False else out
            continue
        out = f"{out} {line}" if out else line
    return out
