"""The archive's model: frozen dataclasses built from validated front matter.

Nothing here reads files or formats text. Every object that came from a file keeps the line
it came from, so later rules (sums, references) can still point at the source.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from decimal import Decimal

from .vocabulary import Column, Entry, Municipality

DASH = "-"  # a printed dash: nothing budgeted; distinct from a printed 0
Cell = Decimal | str | None  # a number, DASH, or None for an empty cell


def quick_pickle(cls):
    """Pickling by a list of the field names made once: the dataclass default for frozen
    classes with slots calls fields() for every object, which was most of the time a worker
    took to send its checked proposals to the parent, and a run to load them from the check
    store (docs/performance.md). Unpickling sets each slot through its own descriptor, in a
    function made for the class with one line per field, as dataclasses makes __init__: a loop
    over the names took a third more of the check store's loading (docs/performance.md)."""
    names = tuple(f.name for f in fields(cls))
    values = (
        operator.attrgetter(*names) if len(names) > 1 else (lambda self: (getattr(self, names[0]),))
    )
    slots = {f"_set{i}": getattr(cls, name).__set__ for i, name in enumerate(names)}
    unpack = "".join(f"v{i}, " for i in range(len(names)))
    lines = "".join(f"    _set{i}(self, v{i})\n" for i in range(len(names)))
    exec(f"def __setstate__(self, state):\n    {unpack}= state\n{lines}", slots)  # noqa: S102

    def __getstate__(self):
        return values(self)

    cls.__getstate__, cls.__setstate__ = __getstate__, slots["__setstate__"]
    return cls


@quick_pickle
@dataclass(frozen=True, slots=True)
class BudgetRow:
    label: str
    type: str  # "line" (summed), "heading" (group label), "detail" ("heraf": shown, not summed)
    key: str | None
    cells: tuple[str, ...]  # the descriptive columns' values, aligned with BudgetTable.columns
    amounts: tuple[Cell, ...]
    total: Cell
    line: int


@quick_pickle
@dataclass(frozen=True, slots=True)
class TotalRow:
    label: str
    cells: tuple[str, ...]
    amounts: tuple[Cell, ...]
    total: Cell
    of: tuple[tuple[int, str], ...]  # (sign, row key); empty: the sum of all line rows
    line: int


@quick_pickle
@dataclass(frozen=True, slots=True)
class BudgetTable:
    number: int  # 1-based position in the proposal
    title: str
    unit: str
    price_level: str
    label_heading: str
    columns: tuple[Column, ...]
    years: tuple[str, ...]
    total_column: bool
    headline: bool
    rows: tuple[BudgetRow, ...]
    totals: tuple[TotalRow, ...]
    line: int

    @property
    def basis(self) -> tuple[str, str]:
        """What amounts may be added to: the same unit and price level."""
        return (self.unit, self.price_level)


@quick_pickle
@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    relation: Entry
    line: int


@quick_pickle
@dataclass(frozen=True, slots=True)
class Source:
    """The document a proposal was made from: its file's name, the SHA-256 of its bytes, the
    pages it fills, and where it was published."""

    file: str
    sha256: str
    pages: str
    url: str


@quick_pickle
@dataclass(frozen=True, slots=True)
class Meeting:
    body: str
    date: dt.date | None
    time: str
    place: str
    members: tuple[str, ...]
    absent: tuple[str, ...]
    item: int | None
    case_type: str


@quick_pickle
@dataclass(frozen=True, slots=True)
class Proposal:
    id: str
    aliases: tuple[str, ...]  # earlier ids: their addresses redirect here
    path: str
    code: str | None
    title: str
    kind: Entry
    municipality: Municipality
    administration: Entry | None
    committee: Entry | None
    budget_year: int | None
    date: dt.date | None
    case_number: str | None
    document_number: str | None
    status: Entry
    public: bool
    caseworker: str | None
    internal_notes: str | None
    districts: tuple[Entry, ...]
    tags: tuple[str, ...]
    related: tuple[Relation, ...]
    summary: str | None
    summary_source: str
    meeting: Meeting | None
    budget: tuple[BudgetTable, ...]
    # The Markdown body as UTF-8: a str takes two bytes a character as soon as one character is
    # outside Latin-1 (an en dash is enough); UTF-8 takes half, and a body is decoded only the
    # few times a page or index is made from it.
    body_utf8: bytes
    body_line: int
    line_of: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    source: Source | None = None

    @property
    def body(self) -> str:
        return self.body_utf8.decode("utf-8")

    @property
    def year(self) -> int | None:
        """The year it belongs to: its budget year, else the year of its date."""
        if self.budget_year is not None:
            return self.budget_year
        return self.date.year if self.date else None

    @property
    def headline_table(self) -> BudgetTable | None:
        # (a loop, not next() over a generator: asked for each of a proposal's pages, data
        # files and sums, a generator's start was most of its cost)
        for t in self.budget:
            if t.headline:
                return t
        return self.budget[0] if self.budget else None

    @property
    def display_code_title(self) -> str:
        return f"{self.code}: {self.title}" if self.code else self.title

    def sort_key(self) -> tuple:
        """Newest first, then by code and title."""
        date = self.date or dt.date(self.year or 1, 1, 1)
        return (-(self.year or 0), -date.toordinal(), self.code or "", self.title, self.id)
