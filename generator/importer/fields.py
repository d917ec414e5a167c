"""The document's own statements about itself, found in the blocks before its first section
heading (the preamble): header fields ('Sagsnr.' and its value on the next line), form fields
('Forslagets titel: ...'), meeting fields ('Mødetid: 16:00 - 16:30'), the code and title line
('BI_10: ...'), a line naming the kind ('EFFEKTIVISERINGSFORSLAG'), an agenda item ('1. ...').

Each finder returns what it found and the blocks it used; blocks no finder uses stay in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .dates import find_date, is_only_date
from .layout import join_wrapped
from .settings import Settings, fold

# 'BI_10: Title', 'BC24: Title', 'BI2 – Title': letters, a number, then ':' or a dash
CODE_TITLE = re.compile(r"^([A-ZÆØÅ]{1,5}[_ .-]?\d{1,3}[a-z]?)\s*(?::|\s[–—-])\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,2})\.\s+([A-ZÆØÅ].*)$")
FIELD = re.compile(r"^([^:]{2,40}?)\s*:\s*(.*)$")
_CLOCK = re.compile(r"(?:\bkl\.?\s*|\s)(\d{1,2})[:.](\d\d)(?::\d\d)?\b")
BUDGET_YEAR = re.compile(r"^(budget(?:år)?)\s*:?\s*((?:19|20|21)\d\d)$", re.IGNORECASE)


@dataclass
class Found:
    """What the preamble says. Mutable while the finders fill it in, then read once."""

    values: dict = field(default_factory=dict)  # field → value
    lines: dict = field(default_factory=dict)  # field → source line
    used: set = field(default_factory=set)  # indices of blocks that became metadata

    def put(self, name: str, value, line: int, block: Block | None = None) -> None:
        if name not in self.values and value not in (None, "", []):
            self.values[name] = value
            self.lines[name] = line
        if block is not None:
            self.used.add(block.index)


def label_value(block: Block) -> tuple[str, str] | None:
    """'Label: value' of a text block (its lines joined, a word broken at a line end rejoined)."""
    if block.kind != "text":
        return None
    match = FIELD.match(join_wrapped([ln.text for ln in block.lines]))
    return (match.group(1).strip(), match.group(2).strip()) if match else None


def split_people(text: str) -> list[str]:
    """'Hugo Hammel (A), Kemal Bektas (A)' → ['Hugo Hammel (A)', 'Kemal Bektas (A)']."""
    return [p.strip() for p in re.split(r",\s*|\s+og\s+", text.strip().rstrip(".")) if p.strip()]


def is_agenda_item(blocks: list[Block], k: int, settings: Settings) -> bool:
    """A numbered line followed, within a few blocks, by a 'Sagstype:' field."""
    if not (blocks[k].single and NUMBERED.match(blocks[k].text)):
        return False
    for b in blocks[k + 1 : k + 4]:
        lv = label_value(b)
        if lv and settings.field_of(settings.meeting_fields, lv[0]) == "case_type":
            return True
    return False


def is_section_heading(blocks: list[Block], k: int, settings: Settings) -> bool:
    b = blocks[k]
    if not b.single or len(b.text) > 120:
        return False
    if settings.is_heading(b.text):
        return True
    return (
        bool(NUMBERED.match(b.text))
        and not b.text.endswith((".", ":"))
        and not is_agenda_item(blocks, k, settings)
    )


def preamble_end(blocks: list[Block], settings: Settings) -> int:
    return next(
        (k for k in range(len(blocks)) if is_section_heading(blocks, k, settings)), len(blocks)
    )


def find_fields(blocks: list[Block], end: int, settings: Settings) -> Found:
    found = Found()
    k = 0
    while k < end:
        b = blocks[k]
        if b.kind != "text":
            k += 1
            continue
        text = b.text
        folded = fold(text)
        kind = next(
            (kind for kind, markers in settings.kind_markers.items() if folded in markers), None
        )
        if b.single and kind:
            found.put("kind", kind, b.line, b)
            found.put("_kind_marker", text, b.line)
        elif b.single and (year := BUDGET_YEAR.match(text)):
            found.put("budget_year", int(year.group(2)), b.line, b)
        elif b.single and is_only_date(text) and (date := find_date(text)):
            found.put("date", date[0], b.line, b)
        elif b.single and _next_line_field(blocks, k, end, settings):
            # an agenda system's export: 'STED' on one line, the place on the next
            next_block = blocks[k + 1]
            _field(found, next_block, text, next_block.text, settings)
            found.used |= {b.index, next_block.index}
            k += 2
            continue
        elif len(b.lines) > 1 and all(_known_label(ln.text, settings) for ln in b.lines):
            # 'Mødedato: 23.04.2024, kl. 15:30' and 'Mødested: ...' on consecutive lines
            for line in b.lines:
                # (_known_label found FIELD on every line)
                if field_match := FIELD.match(line.text):
                    label, value = field_match.groups()
                    _field(
                        found,
                        Block(b.index, "text", (line,)),
                        label.strip(),
                        value.strip(),
                        settings,
                    )
        elif (
            b.single
            and (name := settings.field_of(settings.header_fields, text))
            and k + 1 < end
            and blocks[k + 1].single
        ):
            # a letterhead prints the label on one line and the value on the next
            found.put(name, _date_or_text(name, blocks[k + 1].text), blocks[k + 1].line, b)
            found.used.add(blocks[k + 1].index)
            k += 2
            continue
        elif len(b.lines) == 2 and (
            name := settings.field_of(settings.header_fields, b.lines[0].text)
        ):
            found.put(name, _date_or_text(name, b.lines[1].text), b.lines[1].number, b)
        elif b.single and (header := _inline_header(text, settings)):
            # the same, with the line break lost (a PDF's text layer): 'Sagsnr. 2018-0266843'
            name, value = header
            found.put(name, _date_or_text(name, value), b.line, b)
        elif b.single and (match := CODE_TITLE.match(text)) and "title" not in found.values:
            found.put("code", match.group(1), b.line, b)
            found.put("title", match.group(2).strip(), b.line)
        elif (
            is_agenda_item(blocks, k, settings)
            and "title" not in found.values
            and (match := NUMBERED.match(text))
        ):
            found.put("item", int(match.group(1)), b.line, b)
            found.put("title", match.group(2).strip(), b.line)
        elif pair := label_value(b):
            _field(found, b, *pair, settings)
        k += 1
    if found.values.get("_end") and found.values.get("time") and "-" not in found.values["time"]:
        found.values["time"] += "-" + found.values["_end"]
    return found


def _date_or_text(name: str, value: str) -> str:
    """A date field's value as its ISO date when a date is found in it, any other as printed."""
    date = find_date(value) if name == "date" else None
    return date[0] if date else value


def _known_label(line: str, settings: Settings) -> bool:
    match = FIELD.match(line)
    groups = (settings.meeting_fields, settings.header_fields, settings.form_fields)
    return match is not None and any(settings.field_of(g, match.group(1)) for g in groups)


def _next_line_field(blocks: list[Block], k: int, end: int, settings: Settings) -> bool:
    """A meeting field's label alone on its line, in capitals, and its value on the next."""
    b = blocks[k]
    if not (b.text.isupper() and k + 1 < end and blocks[k + 1].single):
        return False
    return settings.field_of(settings.meeting_fields, b.text) is not None


def clock(text: str) -> str | None:
    """'kl. 15:30', '09:00:00' → '15:30', '09:00'."""
    match = _CLOCK.search(text)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _inline_header(text: str, settings: Settings) -> tuple[str, str] | None:
    words = text.split()
    if ":" in text:
        return None  # 'Label: value' is a field of its own kind
    for n in (1, 2):
        name = settings.field_of(settings.header_fields, " ".join(words[:n]))
        if name and len(words) > n and len(text) <= 80 and not text.endswith("."):
            return name, " ".join(words[n:])
    return None


def _field(found: Found, b: Block, label: str, value: str, settings: Settings) -> None:
    """A 'Label: value' block of the preamble: a form field, a meeting field or a header field."""
    form = settings.field_of(settings.form_fields, label)
    meeting = settings.field_of(settings.meeting_fields, label)
    header = settings.field_of(settings.header_fields, label)
    if not value:
        return  # a label without a value ('Berørte forvaltninger:') introduces what follows
    if form:
        if form == "budget_year":
            year = re.search(r"(19|20|21)\d\d", value)
            if year:
                found.put("budget_year", int(year.group()), b.line, b)
            return
        found.put(form, value, b.line, b)
        found.put("_form", True, b.line)
    elif meeting:
        if meeting in ("date", "start"):
            date = find_date(value)
            if date:
                found.put("meeting_date", date[0], b.line, b)
                found.put("time", clock(value.replace(date[1], " ")), b.line)
        elif meeting == "end":
            found.put("_end", clock(value), b.line, b)
        elif meeting == "kind":
            kind = next(
                (k for k, markers in settings.kind_markers.items() if fold(value) in markers), None
            )
            if kind:
                found.put("kind", kind, b.line, b)
                found.put("_kind_marker", value, b.line)
        elif meeting in ("members", "absent"):
            found.put(meeting, split_people(value), b.line, b)
        elif meeting == "time":
            found.put("time", re.sub(r"\s*[-–]\s*", "-", value), b.line, b)
        else:
            found.put("case_number" if meeting == "case_number" else meeting, value, b.line, b)
    elif header:
        found.put(header, _date_or_text(header, value), b.line, b)
