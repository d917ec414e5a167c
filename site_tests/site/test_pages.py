"""What a reader sees on the served pages: the proposal's title and lede, budget tables that
read right to a screen reader, a wrong printed total shown with both figures, backlinks, and
directory URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page, expect

from site_tests.archives import REPO


def front_matter(slug: str) -> dict:
    text = (REPO / "proposals" / f"{slug}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def open_ok(page: Page, pages, path: str) -> None:
    response = page.goto(pages.url(path))
    assert response is not None and response.status == 200, (
        f"{path}: HTTP {response and response.status}"
    )


def test_proposal_title_lede_and_budget_table(page, pages):
    meta = front_matter("kk-b2018-bi-10")
    open_ok(page, pages, "/forslag/kk-b2018-bi-10/")
    expect(page.locator("article h1")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{meta['code']}: {meta['title']}")
    expect(page.get_by_role("heading", level=2, name="Kort fortalt")).to_be_visible()

    # the table's accessible name is its caption, which carries the unit and the price level
    table = page.get_by_role("table", name=re.compile(r"^Tabel 1 "))
    expect(table).to_be_visible()
    caption = table.locator("caption")
    expect(caption).to_contain_text("1.000 kr.")
    expect(caption).to_contain_text("2018 p/l")
    # headers are marked up so that a screen reader reads each number with its year and row
    assert table.locator("th[scope=col]").count() >= 5
    assert table.locator("th[scope=row]").count() >= 2
    expect(table.get_by_role("columnheader", name="2018", exact=True)).to_be_visible()
    expect(table.get_by_role("rowheader", name="Uformelle cafeer", exact=True)).to_be_visible()
    row = table.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Uformelle cafeer")
    )
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells.count("700") == 2 and "1.400" in cells, cells
    total = table.locator("tfoot tr")
    expect(total.locator("th[scope=row]")).to_have_text("Udgifter i alt")
    expect(total).to_contain_text("1.400")


def test_wrong_printed_total_is_shown_with_both_figures(page, pages):
    open_ok(page, pages, "/forslag/htk-2012-charlotteager/")
    note = page.get_by_role("note").filter(has_text="Summen stemmer ikke")
    expect(note).to_be_visible()
    expect(note).to_contain_text("1.046.270")  # as printed in the document
    expect(note).to_contain_text("1.046.167")  # the sum of its lines
    # the printed figure stays in the table, marked
    expect(page.locator("td.pa-wrong").filter(has_text="1.046.270")).to_be_visible()


def test_backlinks(page, pages):
    # the link is made from kk-b2019-bc24's front matter, not from kk-b2018-bi-10's
    assert "kk-b2018-bi-10" in [r["id"] for r in front_matter("kk-b2019-bc24")["related"]]
    assert "kk-b2019-bc24" not in [
        r["id"] for r in front_matter("kk-b2018-bi-10").get("related", [])
    ]

    open_ok(page, pages, "/forslag/kk-b2018-bi-10/")
    expect(page.get_by_role("heading", level=2, name="Henvist fra")).to_be_visible()
    backlinks = page.locator("h2#henvist-fra + ul a")
    paths = [urlsplit(h).path for h in backlinks.evaluate_all("links => links.map(a => a.href)")]
    assert "/forslag/kk-b2019-bc24/" in paths, paths
    backlinks.filter(has_text="BC24").click()
    page.wait_for_url(pages.url("/forslag/kk-b2019-bc24/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^BC24: "))
    # and the other way: bc24's own "Relaterede forslag" leads back
    forward = page.locator("h2#relaterede-forslag + ul a")
    assert "/forslag/kk-b2018-bi-10/" in [
        urlsplit(h).path for h in forward.evaluate_all("links => links.map(a => a.href)")
    ]


def test_directory_urls(page, pages):
    open_ok(page, pages, "/bydele/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bydele og områder")
    # without the slash, the server redirects to the directory URL
    response = page.goto(pages.url("/bydele"))
    assert response is not None and response.status == 200
    assert urlsplit(page.url).path == "/bydele/"
    # relative links from a directory URL resolve to pages that exist
    page.locator("article a[href]").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/bydele/") and urlsplit(page.url).path != "/bydele/"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not [r for r in pages.responses if r[0] >= 400], pages.responses


def test_tables_scroll_in_their_box_on_a_phone(pages):
    """At 375 px the budget tables scroll inside their own box: the page never scrolls sideways."""
    page = pages.new(width=375, height=800)
    for slug in ("htk-2012-charlotteager", "kk-b2018-bi-10", "kk-b2019-bc24"):
        open_ok(page, pages, f"/forslag/{slug}/")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{slug}: the page is {overflow} px wider than a 375 px phone"


def test_lede_opens_with_what_it_costs_where_and_status(page, pages):
    """Right under the title: Kort fortalt, the cost in one sentence, the districts, the status."""
    open_ok(page, pages, "/forslag/kk-b2018-bi-10/")
    lede = page.locator("article h1 + .pa-lede")
    expect(lede).to_have_count(1)
    text = lede.inner_text()
    parts = [
        "Kort fortalt",
        "Forslaget koster 1,4 mio. kr. i 2018–2019",
        "Hvor: Bydækkende",
        "Status: Forslag",
    ]
    positions = [text.find(part) for part in parts]
    assert -1 not in positions and positions == sorted(positions), (parts, positions, text)
    expect(lede.get_by_role("link", name="Bydækkende (København)")).to_have_attribute(
        "href", re.compile(r"bydele/")
    )
    expect(lede.get_by_role("link", name="Forslag", exact=True)).to_have_attribute(
        "href", re.compile(r"status/forslag/$")
    )


def test_savings_are_said_as_savings(page, pages):
    open_ok(page, pages, "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/")
    sentence = page.locator("article h1 + .pa-lede strong").filter(has_text="Forslaget")
    expect(sentence).to_have_text(
        re.compile(r"^Forslaget sparer \d+(,\d+)? mio\. kr\. i 2023–2026 \(2023 p/l\)\.$")
    )
