"""The body of one document: its blocks after the preamble's fields → Markdown elements, and
what reading them finds on the way (the budget tables, the districts of a district grid or of
a 'Bydel og adresse' section). Pure: `read_body` takes the blocks and gives a frozen `Body`.

Page furniture is taken out of the flow first (furniture.py: footnotes, the sender's
letterhead, form boxes); tables become budget tables or text tables; the rest becomes headings, lists and
paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import Municipality, Vocabulary
from . import names
from .blocks import Block
from .fields import is_section_heading, label_value
from .furniture import (
    checkbox_items,
    district_grid,
    footnote_blocks,
    grid_name,
    is_checkbox_table,
    is_form_table,
    letterhead,
)
from .layout import join_wrapped
from .markdown import Element, inline
from .numbers import plain
from .report import Note, note, unplaced
from .settings import Settings, fold
from .tables import BudgetTable, find_unit, read_table

_LIST = re.compile(r"^(?:[-•–▪·]|\*(?!\w*\*))\s+")
# a numbered point of a recommendation ('1. at ...', '2)  at ...'): its number is kept
_NUMBERED_POINT = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
TABLE_TITLE = re.compile(r"^(?:tabel|table|tab\.|skema|figur)\s*\d+", re.IGNORECASE)
SENTENCE_END = (".", ":", "!", "?", ";", "”", '"', ")")


@dataclass(frozen=True)
class Body:
    """What reading the body gave: its elements, its budget tables, the districts it marks
    (with the line that marks them), and the notes of reading it."""

    elements: tuple[Element, ...]
    tables: tuple[BudgetTable, ...]
    districts: tuple[str, ...]
    districts_line: int
    notes: tuple[Note, ...]


def _list_items(b: Block) -> tuple[str, tuple[str, ...]] | None:
    """('bullet' or 'numbered', the items) of a block that is a list: each point one item,
    the lines that continue a point joined to it. A numbered point keeps its number."""
    first = b.lines[0].text
    numbered = bool(_NUMBERED_POINT.match(first))
    marker = _NUMBERED_POINT if numbered else _LIST
    if not marker.match(first):
        return None
    items: list[list[str]] = []
    for ln in b.lines:
        match = marker.match(ln.text)
        if match:
            text = ln.text[match.end() :]
            items.append([f"{match.group(1)}. {text}" if numbered else text])
        else:
            items[-1].append(ln.text)
    return ("numbered" if numbered else "bullet"), tuple(join_wrapped(i) for i in items)


def is_subheading(b: Block, following: Block | None) -> bool:
    """A short line without a full stop, followed by running text: a heading inside a section."""
    text = b.text
    if not b.single or len(text) > 160 or len(text.split()) > 20 or label_value(b):
        return False
    if not text[:1].isupper() or text.endswith(SENTENCE_END + (",",)) or TABLE_TITLE.match(text):
        return False
    return (
        following is not None
        and following.kind == "text"
        and len(following.text) >= 60
        and following.text.endswith(SENTENCE_END)
    )


def _join_broken(elements: list[Element], notes: list[Note]) -> list[Element]:
    """A paragraph that a page break (or a box in the margin) cut in two: the first part ends
    without punctuation and the second begins in lower case. They are one paragraph again."""
    out: list[Element] = []
    for e in elements:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "paragraph"
            and e.kind == "paragraph"
            and not prev.text.endswith(SENTENCE_END)
            and e.text[:1].islower()
        ):
            out[-1] = prev.with_text(f"{prev.text} {e.text}")
            notes.append(
                note(
                    e.line, f"joined to the paragraph of line {prev.line}: a page break had cut it"
                )
            )
            continue
        out.append(e)
    return out


def _join_list_runs(elements: list[Element]) -> list[Element]:
    """Points of one list printed with blank lines between them (a web page's '1. at …',
    blank, '2. at …') are one list again: each point its own item."""
    out: list[Element] = []
    for e in elements:
        prev = out[-1] if out else None
        if prev is not None and e.kind == prev.kind == "numbered":
            out[-1] = Element(prev.kind, prev.line, prev.text, prev.level, prev.items + e.items)
            continue
        out.append(e)
    return out


class _Reader:
    """The state of reading one body: the blocks already taken, and what was found."""

    def __init__(
        self,
        blocks: list[Block],
        end: int,
        taken: set[int],
        m: Municipality,
        vocab: Vocabulary,
        settings: Settings,
        levels: dict[int, int],
    ):
        self.blocks, self.end, self.taken = blocks, end, set(taken)
        self.m, self.vocab, self.settings, self.levels = m, vocab, settings, levels
        self.notes: list[Note] = []
        self.tables: list[BudgetTable] = []
        self.districts: list[str] = []
        self.districts_line = 0
        self.floats: list[Element] = []  # form boxes, put at the end

    def read(self) -> Body:
        footnotes = footnote_blocks(self.blocks)
        self.taken |= set(footnotes)
        sender = letterhead(self.blocks, self.taken)
        self.taken |= {b.index for b in sender}
        refs = {str(f.level) for f in footnotes.values()}
        out = self._flow(refs)
        out = _join_list_runs(_join_broken(out, self.notes))
        if self.floats:
            out.append(Element("heading", self.floats[0].line, "Formularoplysninger", level=2))
            out.extend(self.floats)
            self.notes.append(
                note(
                    self.floats[0].line,
                    "form boxes (answers such as JA / NEJ) "
                    "moved to the section 'Formularoplysninger' at the end",
                )
            )
        if sender:
            out.append(Element("heading", sender[0].line, "Afsender", level=2))
            lines = [ln for b in sender for ln in b.lines]
            out.extend(Element("paragraph", ln.number, inline(ln.text)) for ln in lines)
            self.notes.append(
                note(
                    sender[0].line,
                    "the sender's address (lines "
                    f"{lines[0].number}–{lines[-1].number}) moved to the "
                    "section 'Afsender' at the end",
                )
            )
        out.extend(sorted(footnotes.values(), key=lambda f: f.level))
        elements = [e.with_text(inline(e.text, refs)) if e.kind == "footnote" else e for e in out]
        return Body(
            tuple(elements),
            tuple(self.tables),
            tuple(self.districts),
            self.districts_line,
            tuple(self.notes),
        )

    def _flow(self, refs: set[str]) -> list[Element]:
        out: list[Element] = []
        section: list[str] = []  # the folded headings of the current ## and ### sections
        blocks, settings = self.blocks, self.settings
        for k, b in enumerate(blocks):
            if b.index in self.taken:
                continue
            following = next((x for x in blocks[k + 1 :] if x.index not in self.taken), None)
            titled = (
                b.single
                and following is not None
                and following.kind == "table"
                and (
                    TABLE_TITLE.match(b.text) and not b.text.endswith(".") or self._unit_caption(b)
                )
            )
            before_table = b.single and following is not None and following.kind == "table"
            if b.kind == "table":
                out.extend(self._table(b, ""))
            elif titled and following is not None:
                self.taken.add(following.index)
                out.extend(self._table(following, b.text.rstrip(":").strip()))
            elif (
                before_table
                and following is not None
                and fold(b.text) in settings.contents_headings
            ):
                self.taken.add(following.index)
                self.notes.append(
                    unplaced(
                        b.line,
                        f"table of contents (lines {b.line}–"
                        f"{following.lines[-1].number}) left out: the page "
                        "lists its own sections",
                    )
                )
            elif (
                b.single
                and fold(b.text) in settings.district_grid_labels
                and following is not None
                and following.kind == "table"
                and district_grid(following, self.m)
            ):
                pass  # the grid's own label; the grid follows
            elif k >= self.end and b.line in self.levels:
                # the document's own outline (a Word heading style) gives the level
                level = self.levels[b.line]
                section = [fold(b.text)] if level == 2 else section[:1] + [fold(b.text)]
                out.append(Element("heading", b.line, inline(b.text), level=level))
            elif k >= self.end and is_section_heading(blocks, k, settings):
                folded = fold(b.text)
                level = 3 if section and folded in settings.subheadings.get(section[0], ()) else 2
                section = [folded] if level == 2 else section[:1] + [folded]
                out.append(Element("heading", b.line, inline(b.text), level=level))
            elif k >= self.end and section and is_subheading(b, following):
                section = section[:1] + [fold(b.text)]
                out.append(Element("heading", b.line, inline(b.text), level=3))
            else:
                out.extend(self._text(b, refs, section))
        return out

    def _unit_caption(self, b: Block) -> bool:
        """A short line right above a table that gives its unit ('Effektiviseringer i 1.000
        kr.'): the table's title."""
        return len(b.text) <= 80 and find_unit(b.text, self.settings) is not None

    def _text(self, b: Block, refs: set[str], section: list[str]) -> list[Element]:
        listed = _list_items(b)
        if listed:
            kind, items = listed
            items = tuple(inline(i, refs) for i in items)
            return [Element("list" if kind == "bullet" else "numbered", b.line, items=items)]
        text = join_wrapped([ln.text for ln in b.lines])
        if section and section[-1] in self.settings.district_headings and not self.districts:
            self._districts_from_text(text, b.line)
        if b.index < self.end:
            lv = label_value(b)
            if lv and lv[1] and len(lv[1]) <= 80 and not lv[1].endswith("."):
                self.notes.append(
                    unplaced(b.line, f"field '{lv[0]}' is not one the format has; kept in the body")
                )
        return [Element("paragraph", b.line, inline(text, refs))]

    def _table(self, b: Block, title: str) -> list[Element]:
        grid = district_grid(b, self.m)
        if grid is not None:
            return self._grid(b, grid[0])
        if is_checkbox_table(b):
            return [Element("list", b.line, items=checkbox_items(b, self.m, self.notes))]
        if is_form_table(b):
            # a blank line between rows separates two boxes of the form
            boxes: list[list] = []
            for ln in b.lines:
                if not boxes or ln.number != boxes[-1][-1].number + 1:
                    boxes.append([])
                boxes[-1].append(ln)
            for box in boxes:
                rows = tuple(tuple(inline(plain(c)) for c in ln.cells) for ln in box)
                self.floats.append(Element("table", box[0].number, items=rows))
            return []
        table, notes = read_table(b, title, self.vocab, self.settings)
        self.notes.extend(notes)
        if isinstance(table, BudgetTable):
            self.tables.append(table)
            return []
        rows = tuple(tuple(inline(c) for c in row) for row in table.rows)
        return [Element("table", table.line, inline(title), items=rows)]

    def _grid(self, b: Block, chosen: list[str]) -> list[Element]:
        if chosen and not self.districts:
            self.districts, self.districts_line = chosen, b.line
        if not chosen:
            self.notes.append(
                unplaced(b.line, "the district grid has no X; districts are guessed below")
            )
            return []
        for ln in b.lines:
            label = ln.cells[0]
            named = names.lookup(self.m.districts, grid_name(label))
            if all(not c for c in ln.cells[1:]) and not named:
                self.notes.append(
                    note(ln.number, f"empty form field '{label}' of the district grid left out")
                )
        return [Element("paragraph", b.line, ", ".join(chosen) + ".")]

    def _districts_from_text(self, text: str, line: int) -> None:
        parts = re.split(r",\s*|\s+og\s+|/(?=[A-ZÆØÅ])", text.rstrip("."))
        parts = [p for p in parts if p.strip()]
        whole = names.lookup(self.m.districts, text.rstrip("."))
        entries = [whole] if whole else [names.lookup(self.m.districts, p) for p in parts]
        known = [e for e in entries if e is not None]
        if entries and len(known) == len(entries):
            self.districts = list(dict.fromkeys(e.label for e in known))
            self.districts_line = line


def read_body(
    blocks: list[Block],
    end: int,
    taken: set[int],
    m: Municipality,
    vocab: Vocabulary,
    settings: Settings,
    levels: dict[int, int] | None = None,
) -> Body:
    """The body of the blocks not `taken` by the preamble's fields. `end` is the index of the
    first section heading; `levels` maps a source line to the heading level its document gave
    it (a Word file's outline), where the document says so."""
    return _Reader(blocks, end, taken, m, vocab, settings, levels or {}).read()
