"""A proposal printed on A4: the document alone, without the header, navigation, search or
footer; every budget table whole and never split inside a row; a sensible number of pages.
The PDF is written next to the screenshots (screenshots/proposal-print.pdf) to look at."""

from __future__ import annotations

import math
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .kinds import PROPOSAL

# A4 less the print stylesheet's 15 mm margins, in CSS pixels (96 per inch)
PRINT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)
PRINT_HEIGHT = round((297 - 2 * 15) / 25.4 * 96)
SCREEN_ONLY = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-top",
    ".md-skip",
]

TABLES = """() => [...document.querySelectorAll("article .pa-table-wrap")].map(w => {
  const table = w.querySelector("table"), article = w.closest("article").getBoundingClientRect();
  return {
    caption: table.caption.textContent.trim().slice(0, 60),
    overflowX: getComputedStyle(w).overflowX,
    tableBreak: getComputedStyle(table).breakInside,
    rowBreaks: [...table.rows].map(r => getComputedStyle(r).breakInside),
    right: table.getBoundingClientRect().right, articleRight: article.right,
  };
})"""


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.fixture
def printed(pages):
    """The proposal laid out for print on the width of an A4 page."""
    page = pages.new(width=PRINT_WIDTH, height=PRINT_HEIGHT)
    page.goto(pages.url(PROPOSAL))
    page.emulate_media(media="print")
    return page


def test_print_shows_the_document_alone(printed):
    for selector in SCREEN_ONLY:
        display = printed.locator(selector).first.evaluate("e => getComputedStyle(e).display")
        assert display == "none", f"{selector} is printed (display: {display})"
    for hidden in ["nav", "form[role=search]", "#pa-header-q"]:
        for element in printed.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(printed.locator("article h1")).to_be_visible()
    expect(printed.locator("article .pa-lede")).to_be_visible()


def test_print_keeps_every_budget_table_whole(printed):
    tables = printed.evaluate(TABLES)
    assert len(tables) >= 2, tables
    for t in tables:
        assert t["overflowX"] == "visible", (
            f"{t['caption']}: printed in a scroll box, its hidden part is lost"
        )
        assert t["tableBreak"] == "avoid", f"{t['caption']}: may be split across pages"
        assert set(t["rowBreaks"]) == {"avoid"}, f"{t['caption']}: a row may be split across pages"
        assert t["right"] <= t["articleRight"] + 1, (
            f"{t['caption']}: wider than the A4 page ({t['right']} px)"
        )


def test_proposal_prints_on_a4(printed, screenshots):
    height = printed.evaluate("document.querySelector('article').getBoundingClientRect().height")
    tables = printed.locator("article .pa-table-wrap").count()
    pdf = printed.pdf(format="A4", prefer_css_page_size=True)
    path = screenshots / "proposal-print.pdf"
    path.write_bytes(pdf)
    # as many pages as the text needs, and at most one more for each table moved whole to a new page
    least = math.ceil(height / PRINT_HEIGHT)
    assert least <= pdf_pages(pdf) <= least + tables, (pdf_pages(pdf), least, tables)

    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils", pytrace=False)
    text = subprocess.run(
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert printed.locator("article h1").inner_text() in " ".join(text.split())
    for screen_only in ["Gå til indholdet", "Dokumenttyper", "Tilgængelighedserklæring"]:
        assert screen_only not in text, f"{screen_only!r} is printed"
