"""Layout at a desktop and a phone width: no page scrolls sideways, no text is cut off or pushed
past the right edge, and on a phone the budget tables scroll inside their own box, legibly."""
from __future__ import annotations

import pytest

from .kinds import KINDS, at_each_width, kind

# Text that is cut: an element whose own text overflows a box that hides the overflow (as
# Material's ellipsis does), or that reaches past the right edge of the screen without being
# inside a box that scrolls. Hidden elements (and the visually hidden .pa-sr-only) do not count.
CUT_TEXT = """() => {
  const width = document.documentElement.clientWidth;
  const ownText = e => [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const hidden = e => {
    for (; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || s.opacity === "0" || e.classList.contains("pa-sr-only")) return true;
    }
    return false;
  };
  const scrolls = e => {
    for (e = e.parentElement; e; e = e.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  const cut = [];
  for (const e of document.body.querySelectorAll("*")) {
    if (!ownText(e) || hidden(e)) continue;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (!r.width || !r.height) continue;
    const name = `<${e.tagName.toLowerCase()} class="${e.className}"> ${e.textContent.trim().slice(0, 50)}`;
    if (["hidden", "clip"].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1) cut.push(`cut off in its box: ${name}`);
    if (r.right > width + 1 && !scrolls(e)) cut.push(`past the right edge (${Math.round(r.right)} px): ${name}`);
  }
  return cut;
}"""

PAGE_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("name", KINDS)
def test_nothing_overflows_or_is_cut(pages, built_site, name):
    page_kind = kind(name, built_site)
    for page, width in at_each_width(pages, page_kind):
        overflow = page.evaluate(PAGE_OVERFLOW)
        assert overflow <= 0, f"{page_kind.path} at {width} px: the page is {overflow} px wider than the screen"
        cut = page.evaluate(CUT_TEXT)
        assert not cut, f"{page_kind.path} at {width} px:\n" + "\n".join(cut)


TABLE_BOXES = """() => [...document.querySelectorAll(".pa-table-wrap")].map(w => {
  const table = w.querySelector("table"), cell = table.querySelector("td");
  return {
    caption: table.caption.textContent.trim(),
    overflowX: getComputedStyle(w).overflowX,
    boxRight: w.getBoundingClientRect().right,
    boxWidth: w.clientWidth, scrollWidth: w.scrollWidth, tableWidth: table.getBoundingClientRect().width,
    fontSize: parseFloat(getComputedStyle(cell).fontSize),
  };
})"""


def test_budget_tables_scroll_in_their_box_on_a_phone(pages, built_site):
    """At 375 px a table wider than the screen scrolls inside its box, the page does not, and
    the figures keep a legible size."""
    page = pages.new(width=375, height=800)
    wide = []
    for index in sorted((built_site / "forslag").glob("*/index.html")):
        path = f"/forslag/{index.parent.name}/"
        page.goto(pages.url(path))
        assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path}: the page scrolls sideways on a phone"
        for box in page.evaluate(TABLE_BOXES):
            where = f"{path} {box['caption']!r}"
            assert box["overflowX"] == "auto", f"{where}: its box does not scroll ({box['overflowX']})"
            assert box["boxRight"] <= 375, f"{where}: its box reaches past the screen ({box['boxRight']} px)"
            assert box["fontSize"] >= 12, f"{where}: figures in {box['fontSize']} px type"
            if box["tableWidth"] > box["boxWidth"]:
                assert box["scrollWidth"] > box["boxWidth"], f"{where}: wider than its box, but the box does not scroll"
                wide.append(where)
    assert wide, "no budget table is wider than a phone: this test no longer tests scrolling"
