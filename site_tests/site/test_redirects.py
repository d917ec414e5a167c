"""Permanent addresses in a browser: an earlier address (an alias) takes Chromium to the
proposal's page, served by nginx as deployed and opened from a file share."""

from __future__ import annotations

import pytest

from site_tests.archives import build_site, make_archive
from site_tests.site.conftest import nginx_serving

RENAMED = ("id: zz-small-evaluation\n", "id: zz-small-evaluering\naliases: [zz-small-evaluation]\n")


@pytest.fixture(scope="module")
def renamed_archive(tmp_path_factory):
    root = make_archive(tmp_path_factory.mktemp("renamed") / "archive", "small")
    old = root / "proposals" / "zz-small-evaluation.md"
    (root / "proposals" / "zz-small-evaluering.md").write_text(
        old.read_text(encoding="utf-8").replace(*RENAMED), encoding="utf-8"
    )
    old.unlink()
    return root


def _follow(browser, url: str) -> tuple[str, str]:
    context = browser.new_context(locale="da-DK")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_url(lambda url: "zz-small-evaluering" in url, timeout=10_000)
        page.wait_for_load_state()
        return page.url, page.locator("h1").first.inner_text()
    finally:
        context.close()


def test_old_address_leads_to_the_new_page_on_a_server(browser, renamed_archive, tmp_path):
    site = build_site(renamed_archive, tmp_path / "site")
    with nginx_serving(site, tmp_path) as base:
        url, heading = _follow(browser, base + "forslag/zz-small-evaluation/")
    assert url == base + "forslag/zz-small-evaluering/"
    assert "Evaluering i Valby" in heading


def test_old_address_leads_to_the_new_page_from_a_file_share(browser, renamed_archive, tmp_path):
    site = build_site(renamed_archive, tmp_path / "site", "--offline")
    url, heading = _follow(browser, (site / "forslag" / "zz-small-evaluation.html").as_uri())
    assert url == (site / "forslag" / "zz-small-evaluering.html").as_uri()
    assert "Evaluering i Valby" in heading
