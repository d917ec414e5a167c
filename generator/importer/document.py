"""One document → a draft proposal: the front matter as data, the body as Markdown, and the
report. Pure: the text comes in, the draft goes out; reading and writing files is command.py's.

The stages: segment the lines into blocks; tell the municipality; take the preamble's fields;
take page furniture out of the flow (footnotes, the sender's letterhead, form boxes); read the
tables; turn the rest into Markdown; fill in what the document implies, reporting each guess.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..slugs import slugify
from ..vocabulary import Municipality, Vocabulary
from . import names
from .blocks import Block, segment
from .decode import Text
from .fields import Found, find_fields, is_section_heading, label_value, preamble_end
from .layout import join_wrapped
from .markdown import SUPERSCRIPT, SUPERSCRIPTS, Element, checkbox, inline, render
from .numbers import plain
from .report import ImportFailed, Note, error, guessed, note, unplaced
from .settings import Settings, fold
from .tables import BudgetTable, find_unit, read_table

_LIST = re.compile(r"^(?:[-•–▪·]|\*(?!\w*\*))\s+")
_TABLE_TITLE = re.compile(r"^(?:tabel|table|tab\.|skema|figur)\s*\d+", re.IGNORECASE)
_POSTAL = re.compile(r"(?:^|\s)\d{4}\s+[A-ZÆØÅ][\w]+(?:\s+[A-ZÆØÅ]{1,2})?$")
_EAN = re.compile(r"^(EAN|CVR|P-nummer)\b", re.IGNORECASE)
_FORM_ANSWER = {"", "ja", "nej", "ja / nej", "ja/nej", "x", "☐", "☒"}
_SENTENCE_END = (".", ":", "!", "?", ";", "”", '"', ")")
ID_WORDS = 4  # words of the title in an id without a code
_STOP_WORDS = {"og", "i", "på", "af", "for", "til", "med", "om", "de", "den", "det", "en", "et", "fra", "ved", "som", "der", "at"}


@dataclass(frozen=True)
class Draft:
    """A proposal as the importer made it: the front matter in the order of docs/format.md, the
    body, and the report."""

    front: dict
    body: str
    notes: tuple[Note, ...]

    @property
    def id(self) -> str:
        return self.front["id"]


def _municipality(text: str, vocab: Vocabulary, forced: str | None, notes: list[Note]) -> Municipality:
    if forced:
        if forced not in vocab.municipalities:
            raise ImportFailed(error(1, f"'{forced}' is not a municipality of config/municipalities/ (known: {', '.join(vocab.municipalities)})"))
        return vocab.municipalities[forced]
    scores = names.municipality_scores(vocab, text)
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        raise ImportFailed(error(1, "cannot tell which municipality wrote it: it names none of config/municipalities/ clearly; give --municipality"))
    best = vocab.municipalities[scores[0][1]]
    notes.append(guessed(1, f"municipality {best.id}: its names occur {scores[0][0]} times" + (f" (next: {scores[1][1]}, {scores[1][0]})" if len(scores) > 1 else "")))
    return best


def _footnotes(blocks: list[Block]) -> dict[int, Element]:
    """Blocks that define a footnote ('¹ Kontanthjælpsmodtagere, der ...'), by block index."""
    out = {}
    for b in blocks:
        match = SUPERSCRIPT.match(b.text) if b.kind == "text" else None
        if match and b.text[match.end() : match.end() + 1] == " ":
            number = int(match.group().translate(SUPERSCRIPTS))
            out[b.index] = Element("footnote", b.line, b.text[match.end() :].strip(), level=number)
    return out


def _letterhead(blocks: list[Block], taken: set[int]) -> list[Block]:
    """The sender's address block that a page prints in its margin ('1577 København V',
    'EAN nummer'): short blocks around an address line, each with a digit or an anchor."""
    def short(b: Block) -> bool:
        return b.kind == "text" and b.index not in taken and len(b.lines) <= 3 and all(len(l.text) <= 60 and not l.text.endswith(".") for l in b.lines)

    def anchor(b: Block) -> bool:
        return short(b) and any(_POSTAL.search(l.text) or _EAN.match(l.text) for l in b.lines)

    picked: set[int] = set()
    for k, b in enumerate(blocks):
        if not anchor(b):
            continue
        picked.add(k)
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(blocks) and short(blocks[j]) and (anchor(blocks[j]) or re.search(r"\d", blocks[j].text)):
                picked.add(j)
                j += step
    return [blocks[k] for k in sorted(picked)]


def _district_grid(b: Block, m: Municipality) -> tuple[list[str], int] | None:
    """(the districts marked with X, how many district cells) of a grid of districts, or None.
    An X marks the name in the nearest filled cell to its left."""
    cells = [(l.number, l.cells) for l in b.lines]
    named = sum(1 for _, row in cells for c in row if c and names.lookup(m.districts, _grid_name(c)))
    if named < 3:
        return None
    chosen = []
    for _, row in cells:
        for j, c in enumerate(row):
            if c.strip().upper() == "X":
                left = next((row[i] for i in range(j - 1, -1, -1) if row[i] and row[i].strip().upper() != "X"), "")
                entry = names.lookup(m.districts, _grid_name(left))
                if entry and entry.label not in chosen:
                    chosen.append(entry.label)
    return chosen, named


def _grid_name(cell: str) -> str:
    """'Bydækkende? (Hvis forslaget er bydækkende sættes kun kryds her)' → 'Bydækkende'."""
    return re.sub(r"\(.*?\)", "", cell).strip(" ?:")


def _is_form_table(b: Block) -> bool:
    rows = [l.cells for l in b.lines]
    return all(len(r) <= 3 for r in rows) and all(fold(c) in _FORM_ANSWER for r in rows for c in r[1:]) and any(len(r) > 1 for r in rows)


def _is_checkbox_table(b: Block) -> bool:
    cells = [c for l in b.lines for c in l.cells if c]
    return bool(cells) and all(re.match(r"\s*<input\b[^>]*checkbox", c, re.IGNORECASE) for c in cells)


def _checkbox_items(b: Block, m: Municipality, notes: list[Note]) -> tuple[str, ...]:
    items = []
    for l in b.lines:
        for c in l.cells:
            match = re.match(r"\s*(<input\b[^>]*>)\s*(.*)$", c, re.IGNORECASE)
            if not match:
                continue
            label = match.group(2).strip()
            entry = names.lookup(m.administrations, label) or names.lookup(m.committees, label)
            if entry and entry.label != label and entry.label.replace(" ", "") == label.replace(" ", ""):
                notes.append(note(l.number, f"'{label}' read as '{entry.label}' (a space inside a word from the extraction)"))
                label = entry.label
            items.append(f"{checkbox(match.group(1))} {inline(label)}")
    return tuple(items)


def _list_items(b: Block) -> tuple[str, ...] | None:
    if not _LIST.match(b.lines[0].text):
        return None
    items: list[list[str]] = []
    for l in b.lines:
        if _LIST.match(l.text):
            items.append([_LIST.sub("", l.text, count=1)])
        else:
            items[-1].append(l.text)
    return tuple(join_wrapped(i) for i in items)


def _is_subheading(b: Block, following: Block | None) -> bool:
    """A short line without a full stop, followed by running text: a heading inside a section."""
    text = b.text
    if not b.single or len(text) > 160 or len(text.split()) > 20 or label_value(b):
        return False
    if not text[:1].isupper() or text.endswith(_SENTENCE_END + (",",)) or _TABLE_TITLE.match(text):
        return False
    return following is not None and following.kind == "text" and len(following.text) >= 60 and following.text.endswith(_SENTENCE_END)


def _join_broken(elements: list[Element], notes: list[Note]) -> list[Element]:
    """A paragraph that a page break (or a box in the margin) cut in two: the first part ends
    without punctuation and the second begins in lower case. They are one paragraph again."""
    out: list[Element] = []
    for e in elements:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.kind == "paragraph" and e.kind == "paragraph"
            and not prev.text.endswith(_SENTENCE_END) and e.text[:1].islower()
        ):
            out[-1] = prev.with_text(f"{prev.text} {e.text}")
            notes.append(note(e.line, f"joined to the paragraph of line {prev.line}: a page break had cut it"))
            continue
        out.append(e)
    return out


class _Importer:
    """The state of one import, filled in stage by stage by the methods below."""

    def __init__(self, text: Text, vocab: Vocabulary, settings: Settings, municipality: str | None):
        self.vocab, self.settings = vocab, settings
        self.notes: list[Note] = list(text.notes)
        self.blocks = segment(text.lines)
        self.all_text = "\n".join(text.lines)
        self.m = _municipality(self.all_text, vocab, municipality, self.notes)
        self.end = preamble_end(self.blocks, settings)
        self.found: Found = find_fields(self.blocks, self.end, settings)
        self.taken: set[int] = set(self.found.used)
        self.tables: list[BudgetTable] = []
        self.districts: list[str] = []
        self.districts_line = 0
        self.floats: list[Element] = []  # form boxes, put at the end
        self.sender: list[Block] = []
        self._table_committee: str | None = None
        v = self.found.values
        self.minutes = v.get("kind") == "dagsordenpunkt" or "case_type" in v
        self.body = self._meeting_body() if self.minutes else None
        self.title = v.get("title") or self._guess_title()

    # --- the body ---------------------------------------------------------------------------
    def elements(self) -> list[Element]:
        footnotes = _footnotes(self.blocks)
        self.taken |= set(footnotes)
        self.sender = _letterhead(self.blocks, self.taken)
        self.taken |= {b.index for b in self.sender}
        refs = {str(f.level) for f in footnotes.values()}
        out: list[Element] = []
        section: list[str] = []  # the folded headings of the current ## and ### sections
        blocks = self.blocks
        k = 0
        while k < len(blocks):
            b = blocks[k]
            if b.index in self.taken:
                k += 1
                continue
            following = next((x for x in blocks[k + 1 :] if x.index not in self.taken), None)
            if b.kind == "table":
                out.extend(self._table(b, "", section))
            elif b.single and _TABLE_TITLE.match(b.text) and following is not None and following.kind == "table" and not b.text.endswith("."):
                self.taken.add(following.index)
                out.extend(self._table(following, b.text.rstrip(":").strip(), section))
            elif b.single and fold(b.text) in self.settings.contents_headings and following is not None and following.kind == "table":
                self.taken.add(following.index)
                self.notes.append(unplaced(b.line, f"table of contents (lines {b.line}–{following.lines[-1].number}) left out: the page lists its own sections"))
            elif b.single and fold(b.text) in self.settings.district_grid_labels and following is not None and following.kind == "table" and _district_grid(following, self.m):
                pass  # the grid's own label; the grid follows
            elif k >= self.end and is_section_heading(blocks, k, self.settings):
                folded = fold(b.text)
                level = 3 if section and folded in self.settings.subheadings.get(section[0], ()) else 2
                section = [folded] if level == 2 else section[:1] + [folded]
                out.append(Element("heading", b.line, inline(b.text), level=level))
            elif k >= self.end and section and _is_subheading(b, following):
                section = section[:1] + [fold(b.text)]
                out.append(Element("heading", b.line, inline(b.text), level=3))
            else:
                out.extend(self._text(b, refs, section))
            k += 1
        out = _join_broken(out, self.notes)
        if self.floats:
            out.append(Element("heading", self.floats[0].line, "Formularoplysninger", level=2))
            out.extend(self.floats)
            self.notes.append(note(self.floats[0].line, "form boxes (answers such as JA / NEJ) moved to the section 'Formularoplysninger' at the end"))
        if self.sender:
            out.append(Element("heading", self.sender[0].line, "Afsender", level=2))
            out.extend(Element("paragraph", l.number, inline(l.text)) for b in self.sender for l in b.lines)
            self.notes.append(note(self.sender[0].line, f"the sender's address (lines {self.sender[0].line}–{self.sender[-1].lines[-1].number}) moved to the section 'Afsender' at the end"))
        out.extend(sorted(footnotes.values(), key=lambda f: f.level))
        return [e.with_text(inline(e.text, refs)) if e.kind == "footnote" else e for e in out]

    def _text(self, b: Block, refs: set[str], section: list[str]) -> list[Element]:
        items = _list_items(b)
        if items:
            return [Element("list", b.line, items=tuple(inline(i, refs) for i in items))]
        text = join_wrapped([l.text for l in b.lines])
        if section and section[-1] in self.settings.district_headings and not self.districts:
            self._districts_from_text(text, b.line)
        if b.index < self.end:
            lv = label_value(b)
            if lv and lv[1] and len(lv[1]) <= 80 and not lv[1].endswith("."):
                self.notes.append(unplaced(b.line, f"field '{lv[0]}' is not one the format has; kept in the body"))
        return [Element("paragraph", b.line, inline(text, refs))]

    def _table(self, b: Block, title: str, section: list[str]) -> list[Element]:
        grid = _district_grid(b, self.m)
        if grid is not None:
            chosen, _ = grid
            if chosen and not self.districts:
                self.districts, self.districts_line = chosen, b.line
            if not chosen:
                self.notes.append(unplaced(b.line, "the district grid has no X; districts are guessed below"))
                return []
            for l in b.lines:
                if all(not c for c in l.cells[1:]) and not names.lookup(self.m.districts, _grid_name(l.cells[0])):
                    self.notes.append(note(l.number, f"empty form field '{l.cells[0]}' of the district grid left out"))
            return [Element("paragraph", b.line, ", ".join(chosen) + ".")]
        if _is_checkbox_table(b):
            return [Element("list", b.line, items=_checkbox_items(b, self.m, self.notes))]
        if _is_form_table(b):
            # a blank line between rows separates two boxes of the form
            boxes: list[list] = []
            for l in b.lines:
                if not boxes or l.number != boxes[-1][-1].number + 1:
                    boxes.append([])
                boxes[-1].append(l)
            for box in boxes:
                rows = tuple(tuple(inline(plain(c)) for c in l.cells) for l in box)
                self.floats.append(Element("table", box[0].number, items=rows))
            return []
        table, notes = read_table(b, title, self.vocab, self.settings)
        self.notes.extend(notes)
        if isinstance(table, BudgetTable):
            self.tables.append(table)
            return []
        rows = tuple(tuple(inline(c) for c in row) for row in table.rows)
        return [Element("table", table.line, inline(title), items=rows)]

    def _districts_from_text(self, text: str, line: int) -> None:
        parts = [p for p in re.split(r",\s*|\s+og\s+|/(?=[A-ZÆØÅ])", text.rstrip(".")) if p.strip()]
        whole = names.lookup(self.m.districts, text.rstrip("."))
        entries = [whole] if whole else [names.lookup(self.m.districts, p) for p in parts]
        if entries and all(entries):
            self.districts, self.districts_line = list(dict.fromkeys(e.label for e in entries)), line

    # --- the front matter -------------------------------------------------------------------
    def front(self) -> dict:
        v, lines, notes = self.found.values, self.found.lines, self.notes
        title = self.title
        kind = v.get("kind") or ("budgetnotat" if v.get("code") else "dagsordenpunkt" if v.get("case_type") else None)
        if kind is None:
            kind = "budgetnotat"
            notes.append(guessed(1, "kind budgetnotat: no line names the kind of document"))
        elif "_kind_marker" in v:
            notes.append(note(lines["_kind_marker"], f"kind {kind}: the document calls itself '{v['_kind_marker']}'"))
        minutes = self.minutes
        self._units()
        front: dict = {"id": None}
        if v.get("code"):
            front["code"] = v["code"]
        front["title"] = title
        front["kind"] = kind
        front["municipality"] = self.m.id
        admin = self._administration()
        if admin:
            front["administration"] = admin
        committee = self._committee(minutes)
        if committee:
            front["committee"] = committee
        year = self._budget_year(minutes)
        if year:
            front["budget_year"] = year
        date = v.get("date") or v.get("meeting_date")
        for name in ("date", "meeting_date"):
            if v.get(name):
                notes.append(note(lines[name], f"{'meeting ' if name == 'meeting_date' else ''}date written as {v[name]} (ISO)"))
        if date:
            front["date"] = date
        for name in ("case_number", "document_number", "caseworker"):
            if v.get(name):
                front[name] = v[name]
        front["status"] = self._status(minutes)
        if v.get("case_type"):
            front["public"] = fold(v["case_type"]) != "lukket"
            if not front["public"]:
                notes.append(note(lines["case_type"], "Sagstype: Lukket: the proposal is marked public: false and never appears on the public site"))
        front["districts"] = self._districts()
        if v.get("summary"):
            front["summary"] = v["summary"]
            front["summary_source"] = "document"
        if minutes:
            front["meeting"] = self._meeting(committee)
        if not year and not date:
            raise ImportFailed(error(1, "neither a budget year nor a date found: one of them is needed"))
        if self.tables:
            budget = [dict(t.data) for t in self.tables]
            budget[0]["headline"] = True
            front["budget"] = [_table_order(t) for t in budget]
        front["id"] = self._id(front)
        return front

    def _guess_title(self) -> str:
        for b in self.blocks[: self.end]:
            if b.index in self.taken or not b.single:
                continue
            text = b.text
            if 3 <= len(text) <= 160 and not text.endswith(_SENTENCE_END) and not label_value(b) and text[:1].isupper():
                self.taken.add(b.index)
                self.notes.append(guessed(b.line, f"title '{text}': the first short line (no code line 'BI_10: …', no 'Forslagets titel:')"))
                return text
        raise ImportFailed(error(1, "no recognisable title: expected a code and title line ('BI_10: …'), 'Forslagets titel: …', an agenda item ('1. …' before 'Sagstype:') or a short title line before the first section"))

    def _administration(self) -> str | None:
        v = self.found.values
        if v.get("administration"):
            entry = names.lookup(self.m.administrations, v["administration"])
            if entry:
                return entry.label
            self.notes.append(unplaced(self.found.lines["administration"], f"administration '{v['administration']}' is not in config/municipalities/{self.m.id}.yml; left out"))
            return None
        counts = names.mentions(self.m.administrations, self.all_text)
        if not counts:
            return None
        # a tie is decided by the committee: Danish municipalities name an administration and
        # its committee alike (Socialforvaltningen / Socialudvalget)
        committee = self._committee(self.minutes)
        label = max(counts, key=lambda a: (counts[a], names.same_stem(a, committee or "")))
        why = f"named {counts[label]} times in the text"
        if sum(1 for n in counts.values() if n == counts[label]) > 1:
            why += f", as often as another, but it goes with the committee {committee}"
        self.notes.append(guessed(1, f"administration {label}: {why}"))
        return label

    def _meeting_body(self) -> str | None:
        """Minutes print the committee whose meeting it is on their first line."""
        first = next((b for b in self.blocks[: self.end] if b.single and b.index not in self.taken), None)
        entry = names.lookup(self.m.committees, first.text) if first is not None else None
        if entry is None:
            return None
        self.taken.add(first.index)
        return entry.label

    def _committee(self, minutes: bool) -> str | None:
        if self.body:
            return self.body
        if self._table_committee is None:
            self._table_committee = self._committee_from_tables() or ""
        return self._table_committee or None

    def _committee_from_tables(self) -> str | None:
        columns = Counter(
            row["udvalg"] for t in self.tables for row in [*t.data["rows"], *t.data.get("totals", [])] if row.get("udvalg")
        )
        for value, _ in columns.most_common():
            entry = names.lookup(self.m.committees, value)
            if entry:
                self.notes.append(guessed(self.tables[0].line, f"committee {entry.label}: the 'Udvalg' column of the budget tables says {value}"))
                return entry.label
        return None

    def _budget_year(self, minutes: bool) -> int | None:
        v = self.found.values
        if v.get("budget_year"):
            return v["budget_year"]
        if minutes or not self.tables:
            return None
        table = self.tables[0]
        level = re.match(r"(\d{4}) p/l", table.data["price_level"] or "")
        year = int(level.group(1)) if level else next((y for y in table.data["years"] if isinstance(y, int)), None)
        if year:
            self.notes.append(guessed(table.line, f"budget year {year}: the {'price level' if level else 'first year'} of the first budget table"))
        return year

    def _status(self, minutes: bool) -> str:
        if minutes:
            decision = self._decision()
            if decision:
                text, line = decision
                for status, words in self.settings.decisions.items():
                    if any(fold(text).startswith(w) for w in words):
                        self.notes.append(guessed(line, f"status {status}: the decision reads '{text}'"))
                        return status
        self.notes.append(guessed(1, "status forslag: the document does not say what became of it"))
        return "forslag"

    def _decision(self) -> tuple[str, int] | None:
        """The last paragraph of the decision section ('Godkendt.')."""
        inside, found = False, None
        for k, b in enumerate(self.blocks):
            if k >= self.end and is_section_heading(self.blocks, k, self.settings):
                inside = fold(b.text).startswith(tuple(self.settings.heading_prefixes))
            elif inside and b.kind == "text" and not label_value(b):
                found = (b.text, b.line)
        return found

    def _districts(self) -> list[str]:
        if self.districts:
            return self.districts
        counts = names.mentions(names.Named(tuple(e for e in self.m.districts if not e.city_wide and not e.outside)), self.all_text)
        if counts:
            chosen = [label for label, _ in counts.most_common()]
            self.notes.append(guessed(1, f"districts {', '.join(chosen)}: named in the text (no district grid or 'Bydel og adresse')"))
            return chosen
        city = next((e.label for e in self.m.districts if e.city_wide), None)
        if city is None:
            raise ImportFailed(error(1, f"no districts found, and config/municipalities/{self.m.id}.yml has no city-wide value"))
        self.notes.append(guessed(1, f"districts {city}: the document names no district"))
        return [city]

    def _meeting(self, committee: str | None) -> dict:
        v = self.found.values
        meeting: dict = {}
        if committee:
            meeting["body"] = committee
        for key, name in (("date", "meeting_date"), ("time", "time"), ("place", "place"), ("members", "members"), ("absent", "absent"), ("item", "item"), ("case_type", "case_type")):
            if v.get(name) not in (None, ""):
                meeting[key] = v[name]
        if "case_type" in meeting:
            meeting["case_type"] = "Lukket" if fold(meeting["case_type"]) == "lukket" else "Åben"
        return meeting

    def _units(self) -> None:
        """A table printed without a unit: the unit the text gives one of its numbers, else kr."""
        for t in self.tables:
            if not t.data["unit"]:
                unit, why = None, ""
                for n in re.findall(r"(?<![\d.,])(-?\d{1,3}(?:\.\d{3})+|\d+)(?![\d,])\s+((?:mio\.|1\.000)\s*kr\.|kr\.)", self.all_text):
                    amounts = {str(a) for r in t.data["rows"] for a in r.get("amounts", []) if not isinstance(a, str)}
                    if n[0].replace(".", "") in amounts:
                        unit, why = find_unit(n[1], self.settings), f"the text gives {n[0]} {n[1]}"
                        break
                t.data["unit"] = unit or "kr."
                self.notes.append(guessed(t.line, f"unit {t.data['unit']} of table '{t.data['title']}': {why or 'no unit is printed'}"))
            if not t.data["price_level"]:
                t.data["price_level"] = "løbende priser"
                self.notes.append(guessed(t.line, f"price level 'løbende priser' of table '{t.data['title']}': no price level (p/l) is printed"))

    def _id(self, front: dict) -> str:
        prefix = names.id_prefix(self.m)
        year = f"b{front['budget_year']}" if front.get("budget_year") else front["date"][:4]
        if front.get("code"):
            rest = slugify(front["code"])
        else:
            words = [w for w in slugify(front["title"]).split("-") if w not in _STOP_WORDS]
            rest = "-".join(words[:ID_WORDS])
        return f"{prefix}-{year}-{rest}"[:80].strip("-")


def _table_order(t: dict) -> dict:
    keys = ("title", "unit", "price_level", "label_heading", "columns", "years", "total_column", "headline", "rows", "totals")
    return {k: t[k] for k in keys if k in t}


def import_text(text: Text, vocab: Vocabulary, settings: Settings, municipality: str | None = None) -> Draft:
    """Raises ImportFailed when the text cannot become a proposal."""
    state = _Importer(text, vocab, settings, municipality)
    elements = state.elements()
    front = state.front()
    body = render(elements)
    notes = sorted(state.notes, key=lambda n: (n.line, n.kind.value, n.message))
    return Draft(front, body, tuple(notes))
