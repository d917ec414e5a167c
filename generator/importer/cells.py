"""The text of one cell of a ruled PDF table, from its characters' positions (pdfplumber): its
lines joined again, and where a line break cut a word.

A word processor wraps a cell's text at spaces, and breaks a word without a hyphen only when
the word does not fit on a line of its own ('lommepark' | 'er' in a narrow cell). Which of the
two a break is, the positions often tell (`at_space`):

- the line ends with a space character (LibreOffice writes the space a line was broken at), or
  the next line's first character would still have fitted on it: a break at a space (a word
  is broken only where its next character does not fit);
- the line holds more than one word: a break at a space (a word that does not fit moves to the
  next line whole; it is broken only on a line of its own);
- the two parts joined would fit on a line of the cell: a break at a space (such a word is
  never broken).

What is left (one word, filling its line, that joined to the next line's first word would be
too wide for the cell) the positions cannot tell: a word broken there, or two words of which
the first happens to fill the line. The importer then joins the parts when the whole word is
one the document's running text uses or the part after is none of its words, and reports it
(`CellText.doubts`), so that every such word is reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import join_wrapped

TOLERANCE = 0.5  # points: rounding of the positions a PDF gives


@dataclass(frozen=True)
class CellText:
    text: str
    doubts: tuple[str, ...] = ()  # the breaks the positions cannot decide, as messages
    # how each line break was decided: 'characters' (a hyphen, a slash, no letter before or no
    # small letter after), 'positions' (at a space, by at_space), 'reported' (a doubt)
    breaks: tuple[str, ...] = ()


def _strip(word: str) -> str:
    return word.strip(",.;:()").casefold()


def at_space(
    previous: dict, following: dict, spaces: list[dict], left: float, right: float
) -> bool:
    """Whether the positions show that the break between two lines of a cell (pdfplumber's
    text lines with their chars) fell at a space; False: they cannot tell. spaces: the cell's
    space characters; left, right: where the cell's text may stand."""
    ends_in_space = any(
        abs(s["top"] - previous["top"]) < 1 and s["x0"] >= previous["x1"] - TOLERANCE
        for s in spaces
    )
    first = following["chars"][0]
    if ends_in_space or previous["x1"] + (first["x1"] - first["x0"]) <= right + TOLERANCE:
        return True
    if len(previous["text"].split()) > 1:
        return True
    word_end = next((c["x0"] for c in following["chars"] if not c["text"].strip()), following["x1"])
    joined = (previous["x1"] - previous["x0"]) + (word_end - first["x0"])
    return joined <= right - left + TOLERANCE


def cell_text(page, bbox, vocabulary: set[str]) -> CellText:
    """A cell's lines as one text (bbox: the cell's box on the page; vocabulary: the words of
    the document's running text, for the breaks the positions cannot decide)."""
    if bbox is None:
        return CellText("")
    x0, top, x1, bottom = bbox

    def centred(obj) -> bool:  # a character belongs to the cell its centre is in
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return obj.get("object_type") != "char" or (x0 <= x <= x1 and top <= y <= bottom)

    inside = page.filter(centred)
    lines = inside.extract_text_lines(strip=True, return_chars=True)
    spaces = [c for c in inside.chars if not c["text"].strip()]
    # the cell's padding, the same on both sides: where its text begins
    left = min((ln["x0"] for ln in lines), default=x0)
    right = x1 - (left - x0)
    out, doubts, breaks = "", [], []
    for n, line in enumerate(lines):
        text = " ".join(line["text"].split())
        if not out:
            out = text
            continue
        last, first = out.split(" ")[-1], text.split(" ")[0]
        if last.endswith("/"):
            out += text  # 'Brønshøj/' | 'Husum' is one name too
            breaks.append("characters")
            continue
        if last.endswith("-") or not (last[-1:].isalpha() and first[:1].islower()):
            out = join_wrapped([out, text])
            breaks.append("characters")
            continue
        spaced = at_space(lines[n - 1], line, spaces, left, right)
        breaks.append("positions" if spaced else "reported")
        if not spaced:
            whole = (last + first).strip(",.;:")
            one = _strip(whole) in vocabulary or _strip(first) not in vocabulary
            why = (
                f"the running text uses '{whole}'"
                if _strip(whole) in vocabulary
                else f"'{first.strip(',.;:')}' is no word of the running text"
                if one
                else f"the running text uses '{first.strip(',.;:')}'"
            )
            doubts.append(
                f"'{last}' | '{first}' in a table cell read as "
                f"'{whole if one else f'{last} {first}'}': the line is full, so the break may cut "
                f"a word or fall between two; {why}"
            )
            spaced = not one
        out = join_wrapped([out, text]) if spaced else out + text
    return CellText(out, tuple(doubts), tuple(breaks))
