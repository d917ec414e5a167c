"""The built site's data, feeds and charts: the CSV summed per district and year equals the
district pages' sums, every page links to its data and every budget table to its CSV, the
files linked are there, and every feed a page names (in its text and its <head>) parses with
links to the site's pages."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import feedparser
from babel.numbers import parse_decimal

LOCALE = "da_DK"


def page_of(site: Path, url: str) -> Path:
    path = site / url.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def status_sums_on(html: str) -> dict:
    """(status, unit, price level, year) → the amount a term page's sums tables show."""
    found = {}
    for table in re.findall(r'<table class="pa-budget pa-sums">(.*?)</table>', html, re.S):
        caption = re.search(r"\(beløb i (.+?), (.+?)\)</span></caption>", table)
        if caption is None:
            continue
        unit, level = caption.groups()
        years = re.findall(r'<th scope="col" class="pa-num"[^>]*>(.*?)</th>', table)
        rows = re.findall(r'<tr><th scope="row"[^>]*>(.+?) \(\d+ forslag\)</th>(.*?)</tr>', table)
        for status, cells in rows:
            for year, cell in zip(
                years, re.findall(r'<td class="pa-num"[^>]*>(.*?)</td>', cells), strict=True
            ):
                if cell:
                    found[(status, unit, level, year)] = parse_decimal(cell, locale=LOCALE)
    return found


def test_the_csv_summed_per_district_and_year_equals_the_district_pages(real_site):
    lines = list(
        csv.DictReader(
            io.StringIO((real_site / "data" / "budget_lines.csv").read_text(encoding="utf-8"))
        )
    )
    compared = 0
    pages = sorted(p for p in (real_site / "bydele").glob("*/index.html"))
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
        heading = heading.replace("\u00ad", "").replace("&shy;", "")  # (hyphenation points)
        district = re.sub(r" \([^)]*\)$", "", heading)
        listed = set(re.findall(r'href="\.\./\.\./forslag/([^/"]+)/"', html))
        expected: dict = defaultdict(Decimal)
        ids = set()
        for r in lines:
            if (
                district in r["districts"].split("; ")
                and r["headline"] == "ja"
                and r["net_sign"] != "0"
                and r["amount_printed"] not in ("", "-")
            ):
                ids.add(r["proposal_id"])
                key = (r["status"], r["unit"], r["price_level"], r["year"])
                expected[key] += parse_decimal(r["amount_printed"], locale=LOCALE) * int(
                    r["net_sign"]
                )
        assert ids <= listed, page
        assert status_sums_on(html) == dict(expected), page
        compared += len(expected)
    assert compared >= 10


def test_every_page_links_to_its_data_and_every_table_to_its_csv(real_site):
    proposals = json.loads((real_site / "data" / "proposals.json").read_text(encoding="utf-8"))[
        "proposals"
    ]
    for p in proposals:
        html = page_of(real_site, p["url"]).read_text(encoding="utf-8")
        assert 'id="hent-data"' in html
        links = re.findall(r'<a href="([^"]+)" type="(?:application/json|text/csv)"', html)
        targets = {urljoin(f"/{p['url']}", link) for link in links}
        assert f"/{p['data']}" in targets
        for t in p["budget"]:
            csv_url = f"/forslag/{p['id']}-tabel-{t['number']}.csv"
            assert csv_url in targets and f"Hent tabel {t['number']} som CSV" in html
        for target in targets:
            assert (real_site / target.lstrip("/")).is_file(), target
        own = json.loads((real_site / p["data"]).read_text(encoding="utf-8"))["proposal"]
        assert own == p
    for page in [
        real_site / "index.html",
        *real_site.glob("bydele/*/index.html"),
        *real_site.glob("udvalg/*/index.html"),
    ]:
        html = page.read_text(encoding="utf-8")
        assert (
            'id="hent-data"' in html and "proposals.json" in html and "budget_lines.csv" in html
        ), page


def test_feeds_are_named_in_the_head_and_lead_to_the_sites_pages(real_site):
    pages = [
        real_site / "index.html",
        *real_site.glob("bydele/*/index.html"),
        *real_site.glob("udvalg/*/index.html"),
        *real_site.glob("forvaltninger/*/index.html"),
        *real_site.glob("emner/*/index.html"),
    ]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        (href,) = re.findall(
            r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]+" href="([^"]+)">',
            head,
        )
        folder = page.parent.relative_to(real_site).as_posix()
        page_url = "https://arkiv.example/" + ("" if folder == "." else folder + "/")
        url = urljoin(page_url, href)
        assert f'href="{href}" type="application/atom+xml"' in html  # and in the text
        feed_file = real_site / url.removeprefix("https://arkiv.example/")
        feed = feedparser.parse(
            feed_file.read_bytes(),
            response_headers={"content-location": url, "content-type": "application/atom+xml"},
        )
        assert not feed.bozo and feed.entries, feed_file
        assert feed.feed.link == page_url  # the feed's page is the page that names it
        for entry in feed.entries:
            assert page_of(real_site, entry.link.removeprefix("https://arkiv.example")).is_file(), (
                entry.link
            )


def test_a_proposal_page_charts_its_headline_table(real_site):
    html = page_of(real_site, "/forslag/kk-b2023-faerre-samtaler-ressourceforloeb/").read_text(
        encoding="utf-8"
    )
    (svg,) = re.findall(r'<svg [^>]*role="img".*?</svg>', html, re.S)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    # the headline table's savings, by year, and their total, as the table prints them
    assert (
        "2023: -500; 2024: -1.000; 2025: -1.000; 2026: -1.000" in desc
        and "I alt -3.500 1.000 kr." in desc
    )
    assert "<script" not in svg and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
