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

from site_tests.archives import REPO

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


def json_sums(data: dict, field: str) -> dict:
    """(status, unit, price level, year) → a term JSON's sums (field: amounts, or the part of
    shared proposals, shared_amounts)."""
    return {
        (s["status"]["label"], t["unit"], t["price_level"], year): Decimal(str(a))
        for t in data["sums"]
        for s in t["statuses"]
        for year, a in zip(t["years"], s[field], strict=True)
        if a is not None
    }


def test_every_term_page_links_its_own_data_whose_amounts_are_the_pages_sums(real_site):
    """A term's JSON and CSV (generator/termdata.py), beside its page: the CSV summed per
    status, unit, price level and year, and the JSON's sums, are the sums the page shows (and
    the "heraf" of shared proposals), the JSON lists the proposals the page lists and validates
    against its JSON Schema."""
    import jsonschema
    from frictionless import Resource, Schema

    from generator.facets import FACETS

    schema = Schema.from_descriptor(
        json.loads((real_site / "data" / "term_lines.schema.json").read_text(encoding="utf-8"))
    )
    term_schema = json.loads(
        (REPO / "schema" / "term-data.schema.json").read_text(encoding="utf-8")
    )
    validator = jsonschema.Draft202012Validator(term_schema)
    compared = checked = 0
    for facet in FACETS:
        for page in sorted((real_site / facet.id).glob("*/index.html")):
            slug = page.parent.name
            html = page.read_text(encoding="utf-8")
            links = re.findall(r'<a href="([^"]+)" type="(?:application/json|text/csv)"', html)
            targets = {urljoin(f"/{facet.id}/{slug}/", link) for link in links}
            assert {f"/{facet.id}/{slug}.json", f"/{facet.id}/{slug}.csv"} <= targets, page
            data = json.loads((real_site / facet.id / f"{slug}.json").read_text(encoding="utf-8"))
            assert [e.message for e in validator.iter_errors(data)] == [], page
            text = (real_site / facet.id / f"{slug}.csv").read_text(encoding="utf-8")
            lines = list(csv.DictReader(io.StringIO(text)))
            summed: dict = defaultdict(Decimal)
            heraf: dict = defaultdict(Decimal)
            for r in lines:
                if r["net"]:
                    key = (r["status"], r["unit"], r["price_level"], r["year"])
                    summed[key] += Decimal(r["net"])
                    if r["shared"] == "ja":
                        heraf[key] += Decimal(r["net"])
            shown = status_sums_on(html)
            assert dict(summed) == shown, page
            assert json_sums(data, "amounts") == shown, page
            assert json_sums(data, "shared_amounts") == dict(heraf), page
            listed = re.findall(r'href="\.\./\.\./forslag/([^/"]+)/"', html.split("pa-list", 1)[1])
            if "pa-pager" not in html:  # (a long list goes on over several pages)
                assert [p["id"] for p in data["proposals"]] == list(dict.fromkeys(listed)), page
            assert {r["proposal_id"] for r in lines} == {p["id"] for p in data["proposals"]}
            assert data["term"]["url"] == f"{facet.id}/{slug}/"
            report = Resource(
                path=f"{slug}.csv", basepath=str(real_site / facet.id), schema=schema
            ).validate()
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
            compared += len(shown)
            checked += 1
    assert checked >= 20 and compared >= 30
