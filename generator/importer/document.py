"""One document → a draft proposal: the front matter as data, the body as Markdown, and the
report. Pure: the text comes in, the draft goes out; reading and writing files is command.py's.

The stages: segment the lines into blocks; tell the municipality; take the preamble's fields
(fields.py); read the body (structure.py: page furniture out of the flow, tables, Markdown);
fill in what the document implies, reporting each guess (metadata.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..vocabulary import Vocabulary
from . import names
from .blocks import Block, segment
from .decode import Text
from .fields import find_fields, label_value, preamble_end
from .markdown import render
from .meeting import Item
from .meeting import split as split_meeting
from .metadata import Preamble, front_matter
from .report import ImportFailed, Note, error, guessed, note
from .settings import Settings
from .structure import SENTENCE_END, Body, read_body


@dataclass(frozen=True)
class Draft:
    """A proposal as the importer made it: the front matter in the order of docs/format.md, the
    body, and the report."""

    front: dict
    body: str
    notes: tuple[Note, ...]
    pages: tuple[int, int] | None = None  # (first, last) page of the document it fills

    @property
    def id(self) -> str:
        return self.front["id"]


class _Importer:
    """One import: the preamble is read when it is made; the body and the front matter when
    first asked for, each from the stages before it, so they may be asked for in any order."""

    def __init__(
        self,
        text: Text,
        vocab: Vocabulary,
        settings: Settings,
        municipality: str | None,
        item: Item | None = None,
    ):
        self.vocab, self.settings = vocab, settings
        self.notes: list[Note] = list(text.notes)
        self.levels = dict(text.levels)
        self.blocks = segment(text.lines, settings.is_heading)
        self.all_text = "\n".join(text.lines)
        self.m = names.municipality(self.all_text, vocab, municipality, self.notes)
        self.end = preamble_end(self.blocks, settings)
        if item is not None:
            self.end = next(k for k, b in enumerate(self.blocks) if b.line == item.line)
        self.found = find_fields(self.blocks, self.end, settings)
        self.taken: set[int] = set(self.found.used)
        if item is not None:
            self._item(item)
        meeting_body = self._meeting_body()
        title, title_line = self._title()
        self.preamble = Preamble(
            self.found,
            title,
            title_line,
            meeting_body,
            self.m,
            self.all_text,
            tuple(self.blocks),
            self.end,
        )

    def _item(self, item: Item) -> None:
        """An item of an exported meeting: its number and title from its heading; the title
        printed again under it is left out; a closed item is not public."""
        found, heading = self.found, self.blocks[self.end]
        found.values.update(item=item.number, title=item.title)
        found.lines.update(item=item.line, title=item.line)
        self.taken.add(heading.index)
        following = self.blocks[self.end + 1] if self.end + 1 < len(self.blocks) else None
        if following is not None and following.single and following.text == item.title:
            self.taken.add(following.index)
            self.notes.append(
                note(following.line, "the item's title, printed again under its number, left out")
            )
        if item.closed:
            found.values.update(case_type="Lukket", _closed_as=item.closed)
            found.lines["case_type"] = item.line
        self.end += 1

    @cached_property
    def body(self) -> Body:
        return read_body(
            self.blocks, self.end, self.taken, self.m, self.vocab, self.settings, self.levels
        )

    def elements(self):
        return list(self.body.elements)

    @cached_property
    def _front(self) -> tuple[dict, tuple[Note, ...]]:
        return front_matter(self.preamble, self.body, self.settings)

    def front(self) -> dict:
        return dict(self._front[0])

    def all_notes(self) -> tuple[Note, ...]:
        notes = [*self.notes, *self.body.notes, *self._front[1]]
        return tuple(sorted(notes, key=lambda n: (n.line, n.kind.value, n.message)))

    def _title(self) -> tuple[str, int]:
        if self.found.values.get("title"):
            return self.found.values["title"], self.found.lines["title"]
        for b in self.blocks[: self.end]:
            if b.index in self.taken or not b.single:
                continue
            text = b.text
            short = 3 <= len(text) <= 160 and not text.endswith(SENTENCE_END)
            if short and not label_value(b) and text[:1].isupper():
                self.taken.add(b.index)
                self.notes.append(
                    guessed(
                        b.line,
                        f"title '{text}': the first short line (no "
                        "code line 'BI_10: …', no 'Forslagets titel:')",
                    )
                )
                return text, b.line
        raise ImportFailed(
            error(
                1,
                "no recognisable title: expected a code and title "
                "line ('BI_10: …'), 'Forslagets titel: …', an agenda item "
                "('1. …' before 'Sagstype:') or a short title line before "
                "the first section",
            )
        )

    def _meeting_body(self) -> str | None:
        """Minutes print the committee whose meeting it is on their first line (or after the
        label 'UDVALG' of an agenda system's export)."""
        if self.found.values.get("body"):
            entry = names.lookup(self.m.committees, self.found.values["body"])
            return entry.label if entry else None
        preamble = self.blocks[: self.end]
        first = next((b for b in preamble if b.single and b.index not in self.taken), None)
        entry = names.lookup(self.m.committees, first.text) if first is not None else None
        if entry is None or first is None:
            return None
        self.taken.add(first.index)
        return entry.label


def import_text(
    text: Text,
    vocab: Vocabulary,
    settings: Settings,
    municipality: str | None = None,
    item: Item | None = None,
) -> Draft:
    """Raises ImportFailed when the text cannot become a proposal."""
    state = _Importer(text, vocab, settings, municipality, item)
    front = state.front()
    return Draft(front, render(state.elements()), state.all_notes(), text.page_range())


Result = tuple[Item | None, Draft | ImportFailed]


def import_document(
    text: Text, vocab: Vocabulary, settings: Settings, municipality: str | None = None
) -> list[Result]:
    """Every proposal of a document: one, or one per item of an exported meeting (each with
    its item; an item that cannot be imported is its ImportFailed, the others go on). Raises
    ImportFailed when the document as a whole cannot be read."""
    parts = split_meeting(text, settings)
    if parts is None:
        return [(None, import_text(text, vocab, settings, municipality))]
    notes: list[Note] = []
    m = names.municipality("\n".join(text.lines), vocab, municipality, notes)
    out: list[Result] = []
    for item, part in parts:
        told = note(
            item.line,
            f"item {item.number}, one of the meeting's {len(parts)} items, "
            "each a proposal of its own",
        )
        part = replace(part, notes=(*part.notes, *notes, told))
        try:
            out.append((item, import_text(part, vocab, settings, m.id, item)))
        except ImportFailed as exc:
            out.append((item, exc))
    return out


__all__ = ["Block", "Draft", "import_document", "import_text"]
