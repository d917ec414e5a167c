"""What a document prints besides its running text, found among the body's blocks: footnotes,
the sender's letterhead in the margin, form boxes (`Eksekveringsparat? JA / NEJ`), tables of
checkboxes, and the district grid whose X marks the districts (docs/import.md). structure.py
takes these out of the flow before it reads the rest.
"""

from __future__ import annotations

import re

from ..vocabulary import Municipality
from . import names
from .blocks import Block
from .markdown import SUPERSCRIPT, SUPERSCRIPTS, Element, checkbox, inline
from .report import Note, note
from .settings import fold

_POSTAL = re.compile(r"(?:^|\s)\d{4}\s+[A-ZÆØÅ][\w]+(?:\s+[A-ZÆØÅ]{1,2})?$")
_EAN = re.compile(r"^(EAN|CVR|P-nummer)\b", re.IGNORECASE)
_FORM_ANSWER = {"", "ja", "nej", "ja / nej", "ja/nej", "x", "☐", "☒"}


def footnote_blocks(blocks: list[Block]) -> dict[int, Element]:
    """Blocks that define a footnote ('¹ Kontanthjælpsmodtagere, der ...'), by block index."""
    out = {}
    for b in blocks:
        match = SUPERSCRIPT.match(b.text) if b.kind == "text" else None
        if match and b.text[match.end() : match.end() + 1] == " ":
            number = int(match.group().translate(SUPERSCRIPTS))
            out[b.index] = Element("footnote", b.line, b.text[match.end() :].strip(), level=number)
    return out


def letterhead(blocks: list[Block], taken: set[int]) -> list[Block]:
    """The sender's address block that a page prints in its margin ('1577 København V',
    'EAN nummer'): short blocks around an address line, each with a digit or an anchor."""

    def short(b: Block) -> bool:
        return (
            b.kind == "text"
            and b.index not in taken
            and len(b.lines) <= 3
            and all(len(ln.text) <= 60 and not ln.text.endswith(".") for ln in b.lines)
        )

    def anchor(b: Block) -> bool:
        return short(b) and any(_POSTAL.search(ln.text) or _EAN.match(ln.text) for ln in b.lines)

    picked: set[int] = set()
    for k, b in enumerate(blocks):
        if not anchor(b):
            continue
        picked.add(k)
        for step in (-1, 1):
            j = k + step
            while (
                0 <= j < len(blocks)
                and short(blocks[j])
                and (anchor(blocks[j]) or re.search(r"\d", blocks[j].text))
            ):
                picked.add(j)
                j += step
    return [blocks[k] for k in sorted(picked)]


def district_grid(b: Block, m: Municipality) -> tuple[list[str], int] | None:
    """(the districts marked with X, how many district cells) of a grid of districts, or None.
    An X marks the name in the nearest filled cell to its left."""
    cells = [(ln.number, ln.cells) for ln in b.lines]
    named = sum(1 for _, row in cells for c in row if c and names.lookup(m.districts, grid_name(c)))
    if named < 3:
        return None
    chosen = []
    for _, row in cells:
        for j, c in enumerate(row):
            if c.strip().upper() == "X":
                filled = [c for c in row[:j] if c and c.strip().upper() != "X"]
                left = filled[-1] if filled else ""
                entry = names.lookup(m.districts, grid_name(left))
                if entry and entry.label not in chosen:
                    chosen.append(entry.label)
    return chosen, named


def grid_name(cell: str) -> str:
    """'Bydækkende? (Hvis forslaget er bydækkende sættes kun kryds her)' → 'Bydækkende'."""
    return re.sub(r"\(.*?\)", "", cell).strip(" ?:")


def is_form_table(b: Block) -> bool:
    rows = [ln.cells for ln in b.lines]
    return (
        all(len(r) <= 3 for r in rows)
        and all(fold(c) in _FORM_ANSWER for r in rows for c in r[1:])
        and any(len(r) > 1 for r in rows)
    )


def is_checkbox_table(b: Block) -> bool:
    cells = [c for ln in b.lines for c in ln.cells if c]
    box = re.compile(r"\s*<input\b[^>]*checkbox", re.IGNORECASE)
    return bool(cells) and all(box.match(c) for c in cells)


def checkbox_items(b: Block, m: Municipality, notes: list[Note]) -> tuple[str, ...]:
    items = []
    for ln in b.lines:
        for c in ln.cells:
            match = re.match(r"\s*(<input\b[^>]*>)\s*(.*)$", c, re.IGNORECASE)
            if not match:
                continue
            label = match.group(2).strip()
            entry = names.lookup(m.administrations, label) or names.lookup(m.committees, label)
            squeezed = entry.label.replace(" ", "") == label.replace(" ", "") if entry else False
            if entry and entry.label != label and squeezed:
                notes.append(
                    note(
                        ln.number,
                        f"'{label}' read as '{entry.label}' (a space inside "
                        "a word from the extraction)",
                    )
                )
                label = entry.label
            items.append(f"{checkbox(match.group(1))} {inline(label)}")
    return tuple(items)
