"""The front matter of one document: what its preamble states (fields.py found it), what its
body showed (structure.py: tables, districts) and what it implies, each implied value reported
as a guess. Pure: `front_matter` takes what was found and gives the fields and the notes; it
never changes what it was given, so it may be called in any order and more than once. The
tables' fields are table_fields.py's, the id ids.py's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..vocabulary import Municipality
from . import names
from .blocks import Block
from .fields import Found, is_section_heading, label_value
from .ids import proposal_id
from .report import ImportFailed, Note, error, guessed, note, unplaced
from .settings import Settings, fold
from .structure import Body
from .table_fields import budget_fields

# 'forslag til Budget 2025', 'Budget 2025-28': the budget year a title names
_TITLE_BUDGET = re.compile(r"\bbudget(?:forslag(?:et)?)?\s+((?:19|20|21)\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Preamble:
    """What the importer knows before the body: the preamble's fields, the title and where
    it came from, the committee whose meeting it is, the municipality, the whole text."""

    found: Found
    title: str
    title_line: int
    meeting_body: str | None
    m: Municipality
    text: str
    blocks: tuple[Block, ...]
    end: int

    @property
    def minutes(self) -> bool:
        v = self.found.values
        return v.get("kind") == "dagsordenpunkt" or "case_type" in v or "meeting_date" in v


class _Front:
    def __init__(self, pre: Preamble, body: Body, settings: Settings):
        self.pre, self.body, self.settings = pre, body, settings
        self.v, self.lines = pre.found.values, pre.found.lines
        self.m = pre.m
        self.notes: list[Note] = []
        self._table_committee: str | None = None

    def build(self) -> dict:
        v, lines, notes = self.v, self.lines, self.notes
        kind = self._kind()
        front: dict = {"id": None}
        if v.get("code"):
            front["code"] = v["code"]
        front["title"] = self.pre.title
        front["kind"] = kind
        front["municipality"] = self.m.id
        admin = self._administration()
        if admin:
            front["administration"] = admin
        committee = self._committee()
        if committee:
            front["committee"] = committee
        year = self._budget_year()
        if year:
            front["budget_year"] = year
        date = v.get("date") or v.get("meeting_date")
        for name in ("date", "meeting_date"):
            if v.get(name):
                notes.append(
                    note(
                        lines[name],
                        f"{'meeting ' if name == 'meeting_date' else ''}date written as {v[name]} "
                        "(ISO)",
                    )
                )
        if date:
            front["date"] = date
        for name in ("case_number", "document_number", "caseworker"):
            if v.get(name):
                front[name] = v[name]
        front["status"] = self._status()
        if v.get("case_type"):
            front["public"] = fold(v["case_type"]) != "lukket"
            if not front["public"]:
                notes.append(
                    note(
                        lines["case_type"],
                        f"{v.get('_closed_as') or 'Sagstype: Lukket'}: the proposal is marked public: "
                        "false and never appears on the public site",
                    )
                )
        front["districts"] = self._districts()
        if v.get("summary"):
            front["summary"] = v["summary"]
            front["summary_source"] = "document"
        if self.pre.minutes:
            front["meeting"] = self._meeting(committee)
        if not year and not date:
            raise ImportFailed(
                error(1, "neither a budget year nor a date found: one of them is needed")
            )
        tables, notes = budget_fields(self.body.tables, self.pre.text, self.settings)
        self.notes.extend(notes)
        if tables:
            front["budget"] = tables
        front["id"] = proposal_id(self.m, front)
        return front

    def _kind(self) -> str:
        v = self.v
        kind = v.get("kind") or (
            "budgetnotat" if v.get("code") else "dagsordenpunkt" if self.pre.minutes else None
        )
        if kind is None:
            self.notes.append(guessed(1, "kind budgetnotat: no line names the kind of document"))
            return "budgetnotat"
        if "_kind_marker" in v:
            self.notes.append(
                note(
                    self.lines["_kind_marker"],
                    f"kind {kind}: the document calls itself '{v['_kind_marker']}'",
                )
            )
        elif kind == "dagsordenpunkt" and not v.get("case_type"):
            line = self.lines.get("meeting_date", 1)
            self.notes.append(
                note(line, "kind dagsordenpunkt: a meeting's item (it prints the meeting's date)")
            )
        return kind

    def _administration(self) -> str | None:
        v = self.v
        if v.get("administration"):
            entry = names.lookup(self.m.administrations, v["administration"])
            if entry:
                return entry.label
            self.notes.append(
                unplaced(
                    self.lines["administration"],
                    f"administration '{v['administration']}' is not in "
                    f"config/municipalities/{self.m.id}.yml; left out",
                )
            )
            return None
        counts = names.mentions(self.m.administrations, self.pre.text)
        if not counts:
            return None
        # a tie is decided by the committee: Danish municipalities name an administration and
        # its committee alike (Socialforvaltningen / Socialudvalget)
        committee = self._committee()
        label = max(counts, key=lambda a: (counts[a], names.same_stem(a, committee or "")))
        why = f"named {counts[label]} times in the text"
        if sum(1 for n in counts.values() if n == counts[label]) > 1:
            why += f", as often as another, but it goes with the committee {committee}"
        self.notes.append(guessed(1, f"administration {label}: {why}"))
        return label

    def _committee(self) -> str | None:
        if self.pre.meeting_body:
            return self.pre.meeting_body
        if self._table_committee is None:
            found = self._committee_from_tables() or self._committee_from_opening()
            self._table_committee = found or ""
        return self._table_committee or None

    def _committee_from_tables(self) -> str | None:
        columns = Counter(
            row["udvalg"]
            for t in self.body.tables
            for row in [*t.data["rows"], *t.data.get("totals", [])]
            if row.get("udvalg")
        )
        for value, _ in columns.most_common():
            entry = names.lookup(self.m.committees, value)
            if entry:
                self.notes.append(
                    guessed(
                        self.body.tables[0].line,
                        f"committee {entry.label}: the 'Udvalg' column of the budget tables says "
                        f"{value}",
                    )
                )
                return entry.label
        return None

    def _committee_from_opening(self) -> str | None:
        """A meeting's item names its committee in its first sentences ('... indstiller, at
        Økonomiudvalget ...'): the first committee named after the title."""
        for b in self.pre.blocks[: self.pre.end]:
            if b.kind != "text" or b.index in self.pre.found.used or b.text == self.pre.title:
                continue
            if not self.pre.minutes or len(b.text) < 40:
                continue
            first = _first_named(self.m, b.text)
            if first:
                self.notes.append(
                    guessed(b.line, f"committee {first}: the first committee the text names")
                )
                return first
            break
        return None

    def _budget_year(self) -> int | None:
        v = self.v
        if v.get("budget_year"):
            return v["budget_year"]
        titled = _TITLE_BUDGET.search(self.pre.title)
        if titled:
            year = int(titled.group(1))
            self.notes.append(
                guessed(
                    self.pre.title_line, f"budget year {year}: the title names '{titled.group()}'"
                )
            )
            return year
        if self.pre.minutes or not self.body.tables:
            return None
        table = self.body.tables[0]
        level = re.match(r"(\d{4}) p/l", table.data["price_level"] or "")
        first = next((y for y in table.data["years"] if isinstance(y, int)), None)
        guess = int(level.group(1)) if level else first
        if guess:
            self.notes.append(
                guessed(
                    table.line,
                    f"budget year {guess}: the {'price level' if level else 'first year'} of the first "
                    "budget table",
                )
            )
        return guess

    def _status(self) -> str:
        if self.pre.minutes:
            # the first paragraph of the decision that says one ('Teknik- og Miljøudvalgets
            # beslutning den ...', then 'Indstillingen blev godkendt.', then remarks)
            for text, line in self._decision():
                for status, words in self.settings.decisions.items():
                    if any(fold(text).startswith(w) for w in words):
                        self.notes.append(
                            guessed(line, f"status {status}: the decision reads '{text}'")
                        )
                        return status
        self.notes.append(guessed(1, "status forslag: the document does not say what became of it"))
        return "forslag"

    def _decision(self) -> list[tuple[str, int]]:
        """The paragraphs of the decision sections ('Godkendt.'), with their lines."""
        inside, found = False, []
        blocks = list(self.pre.blocks)
        for k, b in enumerate(blocks):
            if k >= self.pre.end and is_section_heading(blocks, k, self.settings):
                inside = fold(b.text).startswith(tuple(self.settings.heading_prefixes))
            elif inside and b.kind == "text" and not label_value(b):
                found.append((b.text, b.line))
        return found

    def _districts(self) -> list[str]:
        if self.body.districts:
            return list(self.body.districts)
        plain = names.Named(tuple(e for e in self.m.districts if not e.city_wide and not e.outside))
        counts = names.mentions(plain, self.pre.text)
        if counts:
            chosen = [label for label, _ in counts.most_common()]
            self.notes.append(
                guessed(
                    1,
                    f"districts {', '.join(chosen)}: named in the text (no district grid or 'Bydel og "
                    "adresse')",
                )
            )
            return chosen
        city = next((e.label for e in self.m.districts if e.city_wide), None)
        if city is None:
            raise ImportFailed(
                error(
                    1,
                    f"no districts found, and config/municipalities/{self.m.id}.yml has no city-wide "
                    "value",
                )
            )
        self.notes.append(guessed(1, f"districts {city}: the document names no district"))
        return [city]

    def _meeting(self, committee: str | None) -> dict:
        v = self.v
        meeting: dict = {}
        if committee:
            meeting["body"] = committee
        keys = (
            ("date", "meeting_date"),
            ("time", "time"),
            ("place", "place"),
            ("members", "members"),
            ("absent", "absent"),
            ("item", "item"),
            ("case_type", "case_type"),
        )
        for key, name in keys:
            if v.get(name) not in (None, ""):
                meeting[key] = v[name]
        if "case_type" in meeting:
            meeting["case_type"] = "Lukket" if fold(meeting["case_type"]) == "lukket" else "Åben"
        return meeting


def _first_named(m: Municipality, text: str) -> str | None:
    """The committee of the municipality named first in text, if any."""
    best: tuple[int, str] | None = None
    for entry in m.committees:
        for spelling in (entry.label, *entry.aliases):
            match = names.first(spelling, text)
            if match is not None and (best is None or match < best[0]):
                best = (match, entry.label)
    return best[1] if best else None


def front_matter(pre: Preamble, body: Body, settings: Settings) -> tuple[dict, tuple[Note, ...]]:
    """The proposal's fields in the order of docs/format.md, and the notes of finding them.
    Raises ImportFailed when a required field cannot be found."""
    builder = _Front(pre, body, settings)
    return builder.build(), tuple(builder.notes)
