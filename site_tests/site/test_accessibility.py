"""Accessibility as the Danish web accessibility act demands (WCAG 2.1 AA): axe-core finds no
violation on any kind of page, at a desktop and a phone width; the keyboard alone goes from the
home page to a proposal's budget table and back, every focused element on screen and outlined;
every budget table of the site has a caption and header scopes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import Page, expect

from site_tests.archives import REPO

from . import axe, html_tree
from .kinds import KINDS, PROPOSAL, WIDTHS, at_each_width, kind

STATEMENT = "/tilgaengelighed/"


@pytest.mark.parametrize("name", KINDS)
def test_axe_finds_no_wcag_21_aa_violation(pages, built_site, name):
    page_kind = kind(name, built_site)
    for page, width in at_each_width(pages, page_kind):
        found = axe.violations(page)
        assert not found, f"{page_kind.path} at {width} px:\n{axe.report(found)}"


# --- the keyboard alone ------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), href: e.href || "", role: e.getAttribute("role") || "",
    classes: typeof e.className === "string" ? e.className : "",
    text: (e.getAttribute("aria-label") || e.innerText || e.value || "").trim().split("\\n")[0].slice(0, 50),
    onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
    outlined: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
  };
}"""


def tab_to(page: Page, wanted, key: str = "Tab", limit: int = 150) -> dict:
    """Presses `key` until the focused element is `wanted(focus)`; every element focused on the
    way must be on screen and have a visible outline (WCAG 2.4.7). Returns the element."""
    trouble = []
    for _ in range(limit):
        page.keyboard.press(key)
        focus = page.evaluate(FOCUSED)
        if focus["tag"] == "body":  # past the last element, before wrapping round
            continue
        name = f"<{focus['tag']}> {focus['text']!r} {focus['href']}".rstrip()
        if not focus["onScreen"]:
            trouble.append(f"off screen: {name}")
        if not focus["outlined"]:
            trouble.append(f"no visible outline: {name}")
        if wanted(focus):
            assert not trouble, f"on {page.url}, pressing {key}:\n" + "\n".join(trouble)
            return focus
    pytest.fail(f"{limit} presses of {key} on {page.url} never reached the element", pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_alone_from_home_to_a_budget_table_and_back(pages, width):
    page = pages.new(width=width, height=800)
    home = pages.url("/")
    page.goto(home)

    tab_to(page, lambda f: f["href"] == pages.url(PROPOSAL))
    page.keyboard.press("Enter")
    page.wait_for_url(pages.url(PROPOSAL))

    # the budget table's box is a focusable, named region, so that it scrolls with the arrow keys
    region = tab_to(page, lambda f: "pa-table-wrap" in f["classes"].split())
    assert region["role"] == "region", region
    wrap = page.locator(".pa-table-wrap:focus")
    expect(wrap).to_have_accessible_name(page.locator(".pa-table-wrap:focus caption").inner_text())
    if wrap.evaluate("w => w.scrollWidth > w.clientWidth"):
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    else:
        assert width > 375, (
            "on a phone the first budget table of this proposal is wider than the screen"
        )

    tab_to(page, lambda f: f["href"] == home, key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(home)
    expect(page.locator("article h1")).to_have_text("Budgetforslag – arkiv")


# --- tables in the markup of every page --------------------------------------------------------


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def table_problems(table: html_tree.Element) -> list[str]:
    """What keeps a screen reader from reading a budget table: a missing caption, header cells
    without a scope, rows without a row header, a scroll box without a name or focus."""
    problems = []
    first = table.elements()[0] if table.elements() else None
    if first is None or first.tag != "caption" or not first.text():
        problems.append("no caption as the table's first element")
    for th in table.iter("th"):
        section = next(
            (a.tag for a in th.ancestors() if a.tag in ("thead", "tbody", "tfoot")), None
        )
        expected = {"col"} if section == "thead" else {"row", "rowgroup"}
        if th.attrs.get("scope") not in expected:
            problems.append(
                f"line {th.line}: <th> {th.text()!r} in <{section}> has scope={th.attrs.get('scope')!r}, expected {' or '.join(sorted(expected))}"
            )
    for section in ("tbody", "tfoot"):
        for body in table.iter(section):
            for tr in body.iter("tr"):
                cells = tr.elements()
                if cells and cells[0].tag != "th" and any(c.text() for c in cells):
                    problems.append(
                        f"line {tr.line}: a row of <{section}> starts with <{cells[0].tag}>, not a row header"
                    )
    # group headings make two levels of row headers: each cell names its headers (WCAG H43)
    if any(th.attrs.get("scope") == "rowgroup" for th in table.iter("th")):
        ids = {th.attrs.get("id") for th in table.iter("th")} - {None}
        for td in table.iter("td"):
            named = (td.attrs.get("headers") or "").split()
            if len(named) < 2 or not set(named) <= ids:
                problems.append(
                    f"line {td.line}: a cell of a table with group headings has headers={named}, not its column's and row's header cells"
                )
    wrap = table.parent
    if wrap is None or "pa-table-wrap" not in wrap.classes():
        problems.append("not inside its scroll box (div.pa-table-wrap)")
    else:
        if wrap.attrs.get("role") != "region" or wrap.attrs.get("tabindex") != "0":
            problems.append("its scroll box is not a focusable region (role=region tabindex=0)")
        if not (wrap.attrs.get("aria-label") or wrap.attrs.get("aria-labelledby")):
            problems.append("its scroll box has no name (aria-label or aria-labelledby)")
        labelledby = wrap.attrs.get("aria-labelledby")
        if labelledby and (first is None or first.attrs.get("id") != labelledby):
            problems.append(
                f"its scroll box is labelled by #{labelledby}, which is not the caption"
            )
    return problems


def test_every_budget_table_has_a_caption_and_header_scopes(built_site):
    seen, problems = 0, []
    proposals = {p.parent.name for p in (built_site / "forslag").glob("*/index.html")}
    with_tables = set()
    for path in html_pages(built_site):
        tree = html_tree.parse(path.read_text(encoding="utf-8"))
        for table in tree.iter("table"):
            if "pa-budget" not in table.classes():
                continue
            seen += 1
            if path.parent.parent.name == "forslag":
                with_tables.add(path.parent.name)
            where = f"{path.relative_to(built_site)}:{table.line}"
            problems += [f"{where}: {p}" for p in table_problems(table)]
    assert not problems, "\n".join(problems)
    assert with_tables == proposals, (
        f"proposal pages without a budget table: {sorted(proposals - with_tables)}"
    )
    assert seen >= 2 * len(proposals), seen


def test_the_table_check_finds_what_it_must():
    """The check above, on a table that breaks each of its rules."""
    bad = html_tree.parse(
        '<div class="pa-table-wrap" role="region" aria-labelledby="t1"><table class="pa-budget">'
        "<thead><tr><th>Post</th><th scope=row>2018</th></tr></thead>"
        "<tbody><tr><th scope=rowgroup colspan=2>Gruppe</th></tr><tr><td>Cafeer</td><td>700</td></tr></tbody></table></div>"
    )
    problems = "\n".join(table_problems(next(bad.iter("table"))))
    for expected in [
        "no caption",
        "<th> 'Post' in <thead> has scope=None, expected col",
        "<th> '2018' in <thead> has scope='row', expected col",
        "a row of <tbody> starts with <td>",
        "not a focusable region",
        "labelled by #t1, which is not the caption",
        "a cell of a table with group headings has headers=[]",
    ]:
        assert expected in problems, problems


# --- the accessibility statement ---------------------------------------------------------------


def test_every_page_links_the_statement_from_its_footer(built_site):
    missing = []
    for path in html_pages(built_site):
        tree = html_tree.parse(path.read_text(encoding="utf-8"))
        url = "/" + path.relative_to(built_site).as_posix()
        links = [
            urljoin(url, a.attrs.get("href", ""))
            for footer in tree.iter("footer")
            for a in footer.iter("a")
        ]
        if STATEMENT not in links:
            missing.append(url)
    assert not missing, f"pages whose footer does not link {STATEMENT}: {missing}"


def test_statement_in_the_navigation_and_filled_in_from_config(page, pages):
    config = yaml.safe_load((REPO / "config" / "archive.yml").read_text(encoding="utf-8"))[
        "accessibility"
    ]
    page.goto(pages.url("/forslag/kk-b2018-bi-10/"))
    expect(
        page.locator("nav.md-nav--primary").get_by_role("link", name="Tilgængelighed", exact=True)
    ).to_be_visible()
    page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring").click()
    page.wait_for_url(pages.url(STATEMENT))
    article = page.locator("article")
    expect(article.get_by_role("heading", level=1)).to_have_text("Tilgængelighedserklæring")
    expect(article).to_contain_text(
        f"{config['organisation']} ønsker at gøre {config['website']} tilgængeligt"
    )
    expect(article).to_contain_text(
        {
            "fuldt": "overholder fuldt ud",
            "delvist": "overholder delvist",
            "ikke": "overholder ikke",
        }[config["status"]]
    )
    for issue in config["known_issues"]:
        expect(article.get_by_role("listitem").filter(has_text=issue)).to_have_count(1)
    expect(article.get_by_role("link", name=config["contact_email"])).to_have_attribute(
        "href", f"mailto:{config['contact_email']}"
    )
    expect(article).to_contain_text(f"inden for {config['response_days']} dage")


def test_the_pages_axe_checks_include_charts(built_site):
    """axe (above) checks the charts: the home page, a proposal and the district, committee and
    administration term pages it opens each have one, an image with a title and a description."""
    from .kinds import kind

    for name in ("home", "proposal", "bydele-term", "udvalg-term", "forvaltninger-term"):
        path = kind(name, built_site).path
        html = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        svg = html[html.find("<svg viewBox") :]
        assert 'role="img"' in svg[:300] and "<title id=" in svg and "<desc id=" in svg, name
