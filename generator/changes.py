"""What a change does to an archive, as frozen values: what `proposal-archive diff` found
(compare.py makes them, from the versions of the changed files at two revisions; the fields and
tables of one proposal are proposal_changes.py's) and the change_*.py reports say.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .diagnostics import Diagnostic, Severity
from .model import Cell, Proposal
from .rules import Header


@dataclass(frozen=True)
class Version:
    """One file at one side, as checking it found it (proposal None: it has errors)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    header: Header | None
    proposal: Proposal | None


@dataclass(frozen=True)
class Ref:
    """A proposal as the report names it."""

    id: str
    title: str
    path: str
    public: bool

    @classmethod
    def of(cls, p: Proposal) -> Ref:
        return cls(p.id, p.display_code_title, p.path, p.public)


@dataclass(frozen=True)
class FieldChange:
    field: str  # its name in the file ("body": the text)
    label: str  # its Danish label, as the page shows it
    old: str
    new: str


@dataclass(frozen=True)
class CellChange:
    row: str
    year: str | None  # None: the row's 'I alt' column
    old: Cell
    new: Cell
    difference: Decimal | None  # None: not both amounts of one unit and price level


@dataclass(frozen=True)
class TableChange:
    number: int
    title: str
    status: str  # "changed", "added", "removed"
    unit: tuple[str, str]  # (before, after)
    price_level: tuple[str, str]
    cells: tuple[CellChange, ...]
    totals: tuple[CellChange, ...]  # the printed totals: 'i alt' rows
    rows_added: tuple[str, ...]
    rows_removed: tuple[str, ...]


@dataclass(frozen=True)
class ProposalChange:
    ref: Ref
    before: Ref
    fields: tuple[FieldChange, ...]
    tables: tuple[TableChange, ...]


@dataclass(frozen=True)
class Renamed:
    old_id: str
    ref: Ref
    by_alias: bool  # False: the old id is not among the new one's aliases (a lost address)


@dataclass(frozen=True)
class Effect:
    """The net change of budgeted amounts at one place and year, of one unit and price level."""

    municipality: str
    where: str  # a district, or a committee
    year: str
    unit: str
    price_level: str
    difference: Decimal


@dataclass(frozen=True)
class Lost:
    """An id that existed at the base side and is gone without an alias: its address breaks."""

    id: str
    path: str  # the file at the base side
    # where the address is lost: the id of the file that replaced it (git saw the file renamed),
    # else the id in the file at the base side (deleted)
    at: tuple[str, int, int]  # (path, line, column)

    @property
    def place(self) -> str:
        return "{}:{}:{}".format(*self.at)


@dataclass(frozen=True)
class Comparison:
    base: str
    head: str
    files: int  # proposal files that differ
    added: tuple[Ref, ...]
    removed: tuple[Ref, ...]
    renamed: tuple[Renamed, ...]
    published: tuple[Ref, ...]  # public: false → true
    withdrawn: tuple[Ref, ...]  # public: true → false
    changed: tuple[ProposalChange, ...]
    unreadable: tuple[str, ...]  # files that have errors at the head side: only findings say more
    by_district: tuple[Effect, ...]
    by_committee: tuple[Effect, ...]
    introduced: tuple[Diagnostic, ...]
    fixed: tuple[Diagnostic, ...]
    lost: tuple[Lost, ...]

    @property
    def breaks(self) -> bool:
        """Whether the change breaks a rule: a lost address, or an error it introduces."""
        return bool(self.lost) or any(d.severity is Severity.ERROR for d in self.introduced)
