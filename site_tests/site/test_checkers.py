"""Every kind of page passes the independent checkers as well as axe (test_accessibility.py):
no error from the W3C Nu HTML Checker on any page of the site, none from pa11y's
HTML_CodeSniffer (WCAG2AA), and 100 in Lighthouse's accessibility category. A page made with
the markup the site had before (docs/checkers.md) shows that each checker does find those
errors, so that a passing run means something."""

from __future__ import annotations

import re

import pytest

from . import checkers
from .conftest import nginx_serving
from .kinds import KINDS, kind
from .search_ui import RESULTS, wait_for_results

# When a page is ready to be checked: the search page once its results are shown.
READY = {"search": RESULTS}

# The site's header and toggles as they were, put back into the home page.
REGRESSIONS = [
    ('id="__drawer">', 'id="__drawer" autocomplete="off">'),
    ('id="__search" aria-hidden="true">', 'id="__search" autocomplete="off">'),
    (
        '<label class="md-header__button md-icon" for="__drawer">',
        '<label class="md-header__button md-icon" for="__drawer" aria-label="Menu">',
    ),
    ('<span class="pa-sr-only">Hovedmenu</span>', ""),  # (with a text, axe only asks for a review)
]
BAD = "known-bad"


@pytest.fixture(scope="session")
def bad_page(built_site, tmp_path_factory):
    """A copy of the home page with the old markup back, served with the site's assets: the
    file, and its URL."""
    root = tmp_path_factory.mktemp("bad")
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for new, old in REGRESSIONS:
        assert html.count(new) == 1, f"the home page no longer has {new!r} once"
        html = html.replace(new, old)
    (root / "index.html").write_text(html, encoding="utf-8")
    (root / "assets").symlink_to(built_site / "assets", target_is_directory=True)
    with nginx_serving(root, tmp_path_factory.mktemp("bad-nginx")) as base:
        yield root / "index.html", base


@pytest.fixture(scope="session")
def browser_results(server, built_site, bad_page):
    """pa11y and Lighthouse on one page of every kind, and on the bad page: one batch."""
    pages = []
    for name in KINDS:
        page_kind = kind(name, built_site)
        page = {"name": name, "url": server + page_kind.path.lstrip("/"), "ready": READY.get(name)}
        if page_kind.status != 200:  # Lighthouse checks no page answered with an error status
            assert page_kind.status == 404, page_kind
            page["lighthouseUrl"] = server + "404.html"
        pages.append(page)
    return checkers.in_browser(pages + [{"name": BAD, "url": bad_page[1], "ready": None}])


@pytest.fixture(scope="session")
def search_dom(browser, server, built_site, tmp_path_factory):
    """The search page as its script leaves it, results shown: a file for vnu."""
    context = browser.new_context(locale="da-DK")
    try:
        page = context.new_page()
        page.goto(server + kind("search", built_site).path.lstrip("/"))
        wait_for_results(page, "samtale")
        path = tmp_path_factory.mktemp("dom") / "sog-med-resultater.html"
        path.write_text(page.content(), encoding="utf-8")  # with its doctype
        return path
    finally:
        context.close()


def test_vnu_finds_no_error_on_any_page(built_site, search_dom):
    pages = sorted(built_site.rglob("*.html"))
    assert (built_site / "404.html") in pages and len(pages) > len(KINDS)
    found = checkers.vnu(pages + [search_dom])
    assert not found, f"{sum(map(len, found.values()))} errors:\n" + checkers.vnu_report(
        found, built_site
    )


@pytest.mark.parametrize("name", KINDS)
def test_pa11y_htmlcs_wcag2aa_finds_no_error(browser_results, name):
    issues = browser_results[name]["pa11y"]
    assert not issues, f"{browser_results[name]['url']}:\n{checkers.pa11y_report(issues)}"


@pytest.mark.parametrize("name", KINDS)
def test_lighthouse_accessibility_is_100(browser_results, name):
    result = browser_results[name]["lighthouse"]
    assert result["score"] == 1 and not result["failed"], (
        f"{browser_results[name]['url']}:\n{checkers.lighthouse_report(result)}"
    )


def test_the_checkers_find_the_old_markup(bad_page, browser_results):
    """The home page with the header's old markup put back fails each checker, as it did."""
    path, _ = bad_page
    messages = [m["message"] for m in checkers.vnu([path]).get(path, [])]
    for expected in [
        r"“autocomplete” is only allowed",
        r"“aria-label” attribute must not be used on any “label”",
    ]:
        assert sum(bool(re.search(expected, m)) for m in messages) >= 1, messages
    assert len(messages) == 3, messages  # two checkboxes, one label

    bad = browser_results[BAD]
    codes = {issue["code"] for issue in bad["pa11y"]}
    assert "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name" in codes, (
        checkers.pa11y_report(bad["pa11y"])
    )
    assert bad["lighthouse"]["score"] < 1, checkers.lighthouse_report(bad["lighthouse"])
    assert "aria-prohibited-attr" in {a["id"] for a in bad["lighthouse"]["failed"]}, (
        checkers.lighthouse_report(bad["lighthouse"])
    )
