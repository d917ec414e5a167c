"""A whole meeting in one document, as agenda systems export it: the meeting's fields (UDVALG,
MØDE, STED, STARTTIDSPUNKT), the list of its items (PUNKTER: '49. Title', ...), then each item
under its number and title. Each item becomes a proposal of its own.

`split` gives one Text per item: the meeting's lines before the list, and the item's lines,
every other line blank so that line numbers stay those of the document, and the item's own
lines marked (its pages are those they are on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .decode import Text
from .settings import Settings, fold

_ENTRY = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    line: int  # the line of the item's own heading ('49. Title'), 1-based
    closed: str | None  # the marker that closes it ('Lukket punkt'), if any


def _closed(title: str, settings: Settings) -> str | None:
    folded = fold(title)
    for marker in settings.closed_markers:
        if folded.startswith(marker) or folded.endswith(f"({marker})"):
            return title[: len(marker)] if folded.startswith(marker) else marker.capitalize()
    return None


def _agenda(lines: tuple[str, ...], settings: Settings):
    """(the list's label line, its entries, the line after its last entry) of the first agenda
    list, or None. Blank lines may stand between the entries (a PDF spaces its paragraphs);
    the list ends at a line that is no entry, or at an entry whose number is not above the
    last one's (the first item's own heading)."""
    for i, line in enumerate(lines):
        if fold(line) not in settings.agenda_lists:
            continue
        entries: list[tuple[int, str]] = []
        j = after = i + 1
        while j < len(lines):
            if not lines[j].strip():
                j += 1
                continue
            entry = _ENTRY.match(lines[j])
            if entry is None or (entries and int(entry.group(1)) <= entries[-1][0]):
                break
            entries.append((int(entry.group(1)), entry.group(2)))
            j = after = j + 1
        if entries:
            return i, entries, after
    return None


def split(text: Text, settings: Settings) -> list[tuple[Item, Text]] | None:
    """One Text per item of an exported meeting, or None when the text is not one (no agenda
    list, or an item of the list is not found under its heading after it)."""
    found = _agenda(text.lines, settings)
    if found is None:
        return None
    label, entries, after = found
    starts = []
    i = after
    for number, title in entries:
        heading = f"{number}. {title}"
        while i < len(text.lines) and " ".join(text.lines[i].split()) != " ".join(heading.split()):
            i += 1
        if i == len(text.lines):
            return None
        starts.append(i)
        i += 1
    out = []
    for n, ((number, title), start) in enumerate(zip(entries, starts, strict=True)):
        end = starts[n + 1] if n + 1 < len(starts) else len(text.lines)
        lines = tuple(
            line if k < label or start <= k < end else "" for k, line in enumerate(text.lines)
        )
        item = Item(number, title, start + 1, _closed(title, settings))
        out.append((item, replace(text, lines=lines, own=(start, end))))
    return out
