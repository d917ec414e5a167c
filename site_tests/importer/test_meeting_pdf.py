"""A whole meeting exported to PDF (documents/htk-referat-arbejdsmarkedsudvalget.pdf, made by
make_documents.py from the .txt: the items flow on from page 2, so that pages break inside
them): each item names the pages its own text is on, by either PDF reader; and the words that
narrow table cells break are read from the characters' positions, or reported."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber

from generator.importer import layout
from generator.importer.cells import at_space, cell_text
from generator.importer.command import convert_all, with_source
from generator.importer.decode import Text, decode
from generator.importer.meeting import split
from site_tests.importer.test_seeds import SETTINGS, VOCAB

DOCUMENTS = Path(__file__).parent / "documents"
PDF = DOCUMENTS / "htk-referat-arbejdsmarkedsudvalget.pdf"
TEXT = PDF.with_suffix(".txt")
NOTE = DOCUMENTS / "tmf-budgetnotat-lommeparker.pdf"
FURNITURE = re.compile(r"^(Høje-Taastrup Kommune|Side \d+)$")


def _pdftotext(*args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(PDF), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages_of_items() -> dict[int, str]:
    """Each item's pages, found apart from the importer: pdftotext page by page, from the page
    of the item's heading (its second occurrence: the first is the agenda list) to the page of
    the last line before the next item's heading, page headers and footers aside."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.getoutput(f"pdfinfo {PDF}")).group(1))
    lines = [
        (page, line.strip())
        for page in range(1, count + 1)
        for line in _pdftotext("-f", str(page), "-l", str(page)).splitlines()
        if line.strip() and not FURNITURE.match(line.strip())
    ]
    text = TEXT.read_text(encoding="utf-8")
    listed = re.findall(r"^(\d+)\. .+$", text.split("PUNKTER")[1].split("\n\n\n")[0], re.M)
    headings = []
    for number in listed:
        at = [k for k, (_, line) in enumerate(lines) if re.match(rf"{number}\. ", line)]
        headings.append(at[1])
    out = {}
    for n, number in enumerate(listed):
        last = headings[n + 1] - 1 if n + 1 < len(headings) else len(lines) - 1
        first_page, last_page = lines[headings[n]][0], lines[last][0]
        out[int(number)] = (
            str(first_page) if first_page == last_page else f"{first_page}-{last_page}"
        )
    return out


def test_each_item_names_the_pages_its_own_text_is_on():
    raw = PDF.read_bytes()
    named = {
        item.number: with_source(draft, PDF.name, raw).front["source"]["pages"]
        for item, draft in convert_all(raw, VOCAB, SETTINGS)
    }
    expected = pages_of_items()
    assert named == expected
    # (the document has pages breaking inside an item, and items sharing a page)
    assert any("-" in pages for pages in expected.values())
    assert len(set(expected.values())) < len(expected)


def test_read_by_pdftotext_the_items_have_the_same_pages():
    starts: list[int] = []
    lines = layout.from_layout(_pdftotext("-layout").split("\n"), starts)
    text = Text(tuple(lines), (), True, pages=len(starts), page_starts=tuple(starts))
    ranges = {item.number: part.page_range() for item, part in split(text, SETTINGS)}
    assert {n: str(a) if a == b else f"{a}-{b}" for n, (a, b) in ranges.items()} == pages_of_items()


def test_a_whole_document_names_all_its_pages_and_a_text_none():
    pdf = decode(NOTE.read_bytes())
    assert pdf.page_range() == (1, pdf.pages) and pdf.pages == 4
    assert decode(TEXT.read_bytes()).page_range() is None
    assert replace(pdf, own=(0, 0)).page_range() == (1, 4)  # no line of its own: all of it


def test_the_meeting_pdf_gives_the_items_of_its_text():
    """The table of item 51 wraps its labels in narrow cells ('Samling af' | 'holdforløb'):
    read from the PDF it is the table of the text."""
    from_pdf = dict(convert_all(PDF.read_bytes(), VOCAB, SETTINGS))
    from_text = dict(convert_all(TEXT.read_bytes(), VOCAB, SETTINGS))
    tables = [
        {item.number: d.front.get("budget") for item, d in drafts.items()}
        for drafts in (from_pdf, from_text)
    ]
    assert tables[0] == tables[1] and tables[0][51] is not None


def _cells(path: Path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.rows:
                    for cell in row.cells:
                        if cell is not None:
                            yield page, cell


def test_a_break_at_a_space_is_told_by_the_positions():
    for page, cell in _cells(PDF):
        read = cell_text(page, cell, set())
        if read.text == "Samling af holdforløb":
            # no word of the running text decides it: the vocabulary is empty
            assert read.breaks == ("positions",) and read.doubts == ()
            lines = page.crop(cell).extract_text_lines(return_chars=True)
            left = min(ln["x0"] for ln in lines)
            # without the space character the line ends with, the next letter's width tells
            assert at_space(lines[0], lines[1], [], left, cell[2] - (left - cell[0]))
            break
    else:
        raise AssertionError("the cell 'Samling af holdforløb' is not in the meeting PDF")


def test_a_break_the_positions_cannot_tell_is_reported_and_read_by_the_text():
    drafts = convert_all(NOTE.read_bytes(), VOCAB, SETTINGS)
    [(_, draft)] = drafts
    doubts = [n.message for n in draft.notes if "in a table cell read as" in n.message]
    assert doubts == [
        "'lommeparker' | 'ne,' in a table cell read as 'lommeparkerne': the line is full, so "
        "the break may cut a word or fall between two; 'ne' is no word of the running text",
        *[
            "'lommepark' | 'er' in a table cell read as 'lommeparker': the line is full, so the "
            "break may cut a word or fall between two; the running text uses 'lommeparker'"
        ]
        * 2,
    ]
    assert all(n.kind.value == "guessed" for n in draft.notes if n.message in doubts)
    labels = [r["label"] for t in draft.front["budget"] for r in t["rows"]]
    assert "Anlæg af lommeparker" in labels and "Drift af lommeparker" in labels
    # every break in the cells is decided by the characters, the positions, or reported
    kinds = [k for page, cell in _cells(NOTE) for k in cell_text(page, cell, set()).breaks]
    assert kinds.count("reported") == len(doubts)
