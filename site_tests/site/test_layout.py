"""Layout at a desktop and a phone width: no page scrolls sideways, no text is cut off or pushed
past the right edge, on a phone the budget tables scroll inside their own box, legibly, and a
word too long for a line breaks where Danish hyphenates it, never between any two letters."""

from __future__ import annotations

import pytest

from generator import hyphenate

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
        assert overflow <= 0, (
            f"{page_kind.path} at {width} px: the page is {overflow} px wider than the screen"
        )
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
            assert box["overflowX"] == "auto", (
                f"{where}: its box does not scroll ({box['overflowX']})"
            )
            assert box["boxRight"] <= 375, (
                f"{where}: its box reaches past the screen ({box['boxRight']} px)"
            )
            assert box["fontSize"] >= 12, f"{where}: figures in {box['fontSize']} px type"
            if box["tableWidth"] > box["boxWidth"]:
                assert box["scrollWidth"] > box["boxWidth"], (
                    f"{where}: wider than its box, but the box does not scroll"
                )
                wide.append(where)
    assert wide, "no budget table is wider than a phone: this test no longer tests scrolling"


# Where the words of the page break across lines: a break inside a word that is not at a soft
# hyphen (generator/hyphenate.py) is one between any two letters. Each break is the word with
# "|" where the line ends.
WORD_BREAKS = r"""() => {
  const SHY = "\u00ad", found = {hyphenated: [], anywhere: []};
  const top = (node, start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    // (the letter after a soft hyphen where the line breaks has the hyphen's box too, first)
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    return rects.length ? Math.round(rects[rects.length - 1].top) : null;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !parent.getClientRects().length || parent.closest(".pa-sr-only, script, style")) continue;
    for (const m of node.data.matchAll(/[\p{L}\p{N}\u00ad]{2,}/gu)) {
      const start = m.index, end = start + m[0].length;
      if (top(node, start, start + 1) === top(node, end - 1, end)) continue;  // on one line
      let last = null, word = "";
      for (let i = start; i < end; i++) {
        const t = node.data[i] === SHY ? null : top(node, i, i + 1);
        if (t !== null && last !== null && t > last) {
          (word.endsWith(SHY) ? found.hyphenated : found.anywhere).push(`${word}|${m[0].slice(i - start)}`.replaceAll(SHY, ""));
          word = word.replaceAll(SHY, "");
        }
        if (t !== null) last = t;
        word += node.data[i];
      }
    }
  }
  return found;
}"""
# A proposal whose title has a word wider than a phone's line of h1
LONG_WORD_PAGE, LONG_WORD = "/forslag/htk-2012-charlotteager/", "beskæftigelsesfremmende"


@pytest.mark.parametrize("name", KINDS)
def test_words_break_only_where_they_hyphenate_on_a_phone(pages, built_site, name):
    page_kind = kind(name, built_site)
    page = pages.new(width=375, height=800)
    page_kind.open(page, pages.url(page_kind.path))
    breaks = page.evaluate(WORD_BREAKS)
    assert not breaks["anywhere"], (
        f"{page_kind.path} at 375 px, words broken between letters: {breaks['anywhere']}"
    )


def test_a_long_word_breaks_at_a_hyphenation_point_on_a_phone(pages):
    page = pages.new(width=375, height=800)
    page.goto(pages.url(LONG_WORD_PAGE))
    breaks = page.evaluate(WORD_BREAKS)
    assert not breaks["anywhere"], breaks
    broken = [b for b in breaks["hyphenated"] if b.replace("|", "") == LONG_WORD]
    assert broken, f"{LONG_WORD!r} does not break on a 375 px line of {LONG_WORD_PAGE}: {breaks}"
    # at one of the Danish hyphenation points (the dictionary's), which are not every letter
    points = hyphenation_points(LONG_WORD)
    assert points and len(points) < len(LONG_WORD) // 2, points
    for b in broken:
        assert b.index("|") in points, (
            f"{b} breaks where Danish does not hyphenate ({sorted(points)})"
        )


def hyphenation_points(word: str) -> set[int]:
    """The letter counts after which the word may be hyphenated."""
    points, letters = set(), 0
    for char in hyphenate.word(word):
        if char == hyphenate.SOFT_HYPHEN:
            points.add(letters)
        else:
            letters += 1
    return points
