"""Build model objects from front matter that passed the schema."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

from .model import DASH, BudgetRow, BudgetTable, Cell, Meeting, Proposal, Relation, Source, TotalRow
from .reader import SourceFile
from .vocabulary import Vocabulary

# Equal printed amounts share one Decimal (immutable, so that is safe): budget tables repeat
# the same figures.
# Keyed by the printed text, so 1.0 and 1 stay apart (they print differently).
_DECIMALS: dict[str, Decimal] = {}


def _cell(value) -> Cell:
    if value is None or value == DASH:
        return value
    # str() first: a YAML float such as 0.1 becomes Decimal('0.1'), not its binary approximation
    text = str(value)
    found = _DECIMALS.get(text)
    if found is None:
        found = _DECIMALS[text] = Decimal(text)
    return found


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _table(
    source: SourceFile, vocab: Vocabulary, number: int, data: dict, headline: bool
) -> BudgetTable:
    columns = tuple(vocab.column(c) for c in data.get("columns", []))
    line = lambda *p: source.front.where(("budget", number - 1) + p)[0]  # noqa: E731
    rows = tuple(
        BudgetRow(
            label=r["label"],
            type=r.get("type", "line"),
            key=r.get("key"),
            cells=tuple(sys.intern(str(r.get(c.id, ""))) for c in columns),  # the same few values
            amounts=tuple(_cell(a) for a in r.get("amounts", [])),
            total=_cell(r.get("total")),
            line=line("rows", i),
        )
        for i, r in enumerate(data["rows"])
    )
    totals = tuple(
        TotalRow(
            label=t["label"],
            cells=tuple(sys.intern(str(t.get(c.id, ""))) for c in columns),
            amounts=tuple(_cell(a) for a in t.get("amounts", [])),
            total=_cell(t.get("total")),
            of=tuple(
                (-1 if term.startswith("-") else 1, term.lstrip("-")) for term in t.get("of", [])
            ),
            line=line("totals", i),
        )
        for i, t in enumerate(data.get("totals", []))
    )
    return BudgetTable(
        number=number,
        title=data["title"],
        unit=data["unit"],
        price_level=data["price_level"],
        label_heading=data.get("label_heading", ""),
        columns=columns,
        years=tuple(sys.intern(str(y)) for y in data["years"]),
        total_column=bool(data.get("total_column", False)),
        headline=headline,
        rows=rows,
        totals=totals,
        line=line(),
    )


def _source(data: dict | None) -> Source | None:
    if not data:
        return None
    return Source(
        data["file"], data.get("sha256", ""), str(data.get("pages", "")), data.get("url", "")
    )


def proposal_from(source: SourceFile, data: dict, vocab: Vocabulary) -> Proposal:
    municipality = vocab.municipalities[data["municipality"]]
    tables = data.get("budget", [])
    headline_index = next((i for i, t in enumerate(tables) if t.get("headline")), 0)
    meeting = data.get("meeting")
    related = []
    for i, item in enumerate(data.get("related", [])):
        item = {"id": item} if isinstance(item, str) else item
        related.append(
            Relation(
                item["id"],
                vocab.relations.find(item.get("relation", "relateret"))
                or vocab.relations.entries[0],
                source.front.where(("related", i))[0],
            )
        )
    return Proposal(
        id=data["id"],
        aliases=tuple(data.get("aliases", [])),
        path=source.path,
        code=data.get("code"),
        title=data["title"],
        kind=vocab.kinds.known(data["kind"]),
        municipality=municipality,
        administration=municipality.administrations.find(data["administration"])
        if "administration" in data
        else None,
        committee=municipality.committees.find(data["committee"]) if "committee" in data else None,
        budget_year=data.get("budget_year"),
        date=_date(data.get("date")),
        case_number=data.get("case_number"),
        document_number=data.get("document_number"),
        status=vocab.statuses.known(data["status"]),
        public=data.get("public", True),
        caseworker=data.get("caseworker"),
        internal_notes=data.get("internal_notes"),
        districts=tuple(municipality.districts.known(d) for d in data["districts"]),
        tags=tuple(data.get("tags", [])),
        related=tuple(related),
        summary=data.get("summary"),
        summary_source=data.get("summary_source", "archive"),
        meeting=Meeting(
            body=meeting.get("body", ""),
            date=_date(meeting.get("date")),
            time=meeting.get("time", ""),
            place=meeting.get("place", ""),
            members=tuple(meeting.get("members", [])),
            absent=tuple(meeting.get("absent", [])),
            item=meeting.get("item"),
            case_type=meeting.get("case_type", ""),
        )
        if meeting
        else None,
        budget=tuple(
            _table(source, vocab, i + 1, t, i == headline_index) for i, t in enumerate(tables)
        ),
        body_utf8=source.body.encode("utf-8"),
        body_line=source.body_line,
        source=_source(data.get("source")),
        line_of={key: source.front.where((key,))[0] for key in data},
    )
