"""Hostile content in front matter values (the one place a file may put arbitrary text on a
page): it is shown as text, and no script from it runs, on any page of the site."""

from __future__ import annotations

import pytest

from site_tests.archives import build_site, make_archive

PAYLOADS = [
    '<script>window.__pwned = "script"</script>',
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    '"><svg onload="window.__pwned = \'svg\'">',
    "[klik](javascript:window.__pwned='link') | *x* _y_ `z`",
]
HOSTILE = " ".join(PAYLOADS)


def proposal() -> str:
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    return f'''---
id: zz-hostile
code: ZH1
title: "Titel {quoted}"
kind: budgetnotat
municipality: koebenhavn
budget_year: 2030
date: "2030-01-01"
case_number: "{quoted}"
status: forslag
districts: [Valby]
tags: ["emne {quoted}"]
summary: "Resumé {quoted}"
budget:
  - title: "Tabel {quoted}"
    unit: 1.000 kr.
    price_level: 2030 p/l
    label_heading: "Post {quoted}"
    columns: [udvalg]
    years: [2030]
    rows:
      - label: "Række {quoted}"
        udvalg: "{quoted}"
        amounts: [1]
---
Almindelig tekst.

## Overskrift &lt;img src=x onerror="window.__pwned='toc'"&gt;

Tekst med &lt;script&gt;window.__pwned='entity'&lt;/script&gt;.
'''


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_archive(
        tmp_path_factory.mktemp("hostile") / "archive", proposals={"zz-hostile.md": proposal()}
    )
    return build_site(root, root.parent / "site")


def test_no_script_from_content_runs_on_any_page(browser, hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, (
                f"content script ran on {path.relative_to(hostile_site)}"
            )
            for link in page.locator("a[href^='javascript:']").all():
                raise AssertionError(
                    f"javascript: link on {path.relative_to(hostile_site)}: {link.get_attribute('href')}"
                )
        assert dialogs == []
    finally:
        context.close()


def test_hostile_text_is_shown_as_text(browser, hostile_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((hostile_site / "forslag" / "zz-hostile" / "index.html").as_uri())
        text = page.inner_text("article")
        for payload in PAYLOADS:
            assert payload in text  # every character shown, nothing interpreted
        assert (
            page.locator("article script, article img[src='x'], article svg[onload]").count() == 0
        )
        caption = page.locator("table.pa-budget caption").inner_text()
        assert PAYLOADS[0] in caption
    finally:
        context.close()
