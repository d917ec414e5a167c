"""Public and intranet builds of one archive: the public site shows nothing that is not public,
in any file (pages, index pages, counts, sums, backlinks, search index, sitemap)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from site_tests.archives import build_site, committed, make_archive

# Every string of the confidential content: the closed proposal, internal fields, internal blocks.
# (Its code, ZQ9, is not among them: the public proposal's own text mentions it.)
SECRETS = [
    "HEMMELIGTITEL",
    "zz-conf-closed",
    "Anden Sagsbehandlersen",
    "lukketemne",
    "LUKKETRESUME",
    "LUKKETTABEL",
    "Kontraktsum",
    "987.654",
    "987654",
    "LUKKETBRØDTEKST",
    "Amager Øst",
    "amager-oest",
    "Fortrolig Sagsbehandlersen",
    "INTERNNOTE-XYZ",
    "INTERNBLOK-QRS",
    "forhandlingsoplæg",
    "zz-conf-lukket-gammel",  # an earlier id (alias) of the closed proposal: no redirect page
    "INTERN-COMMITBESKED",  # a commit message ("Historik" shows dates only to the public)
    "LUKKETKILDE",
    "lukket-kontrakt",  # the closed proposal's original document, and its name
]


def readable(path: Path) -> str:
    """A file's text, gunzipped if compressed (sitemap.xml.gz), in lower case: the search index
    holds words lower-cased and stemmed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").lower()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = make_archive(tmp_path_factory.mktemp("conf") / "archive", "confidential")
    # in git, so that each page shows its history: the commit message is for staff only
    committed(root, "INTERN-COMMITBESKED: parkerne")
    out = {}
    for audience in ("public", "intranet"):
        site = root.parent / f"site-{audience}"
        out[audience] = build_site(root, site, "--audience", audience)
    return out


def test_public_site_contains_no_confidential_string_in_any_file(sites):
    files = [p for p in sites["public"].rglob("*") if p.is_file()]
    assert any("search-index" in p.parts for p in files), "the search index must be searched too"
    texts = {p: readable(p) for p in files}
    leaks = [
        f"{secret!r} in {p.relative_to(sites['public'])}"
        for p, text in texts.items()
        for secret in SECRETS
        if secret.lower() in text
    ]
    assert not leaks, "\n".join(leaks)


def test_public_site_still_shows_the_public_proposal(sites):
    page = (sites["public"] / "forslag" / "zz-conf-open" / "index.html").read_text(encoding="utf-8")
    assert (
        "Åbent forslag om parker" in page
        and "Parkerne skal passes." in page
        and "Det er alt." in page
    )
    # the public text's mention of the closed proposal's code stays, as plain text, not a link
    # (its address is among SECRETS), and the related entry to it is left out
    assert "Se også ZQ9." in page
    assert "Relaterede forslag" not in page
    valby = (sites["public"] / "bydele" / "valby" / "index.html").read_text(encoding="utf-8")
    assert "1 forslag" in valby  # the index counts only public proposals


def test_history_shows_dates_to_the_public_and_messages_on_the_intranet(sites):
    public = (sites["public"] / "forslag" / "zz-conf-open" / "index.html").read_text(
        encoding="utf-8"
    )
    intranet = (sites["intranet"] / "forslag" / "zz-conf-open" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Historik" in public and "Senest ændret i arkivet" in public
    assert "INTERN-COMMITBESKED: parkerne" in intranet


def test_redirects_exist_for_what_each_audience_sees(sites):
    assert (sites["public"] / "forslag" / "zz-conf-aaben-gammel" / "index.html").is_file()
    assert not (sites["public"] / "forslag" / "zz-conf-lukket-gammel").exists()
    assert (sites["intranet"] / "forslag" / "zz-conf-lukket-gammel" / "index.html").is_file()


def test_intranet_site_shows_everything_marked(sites):
    closed = (sites["intranet"] / "forslag" / "zz-conf-closed" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        "HEMMELIGTITEL" in closed
        and "Ikke offentligt" in closed
        and "Anden Sagsbehandlersen" in closed
    )
    open_page = (sites["intranet"] / "forslag" / "zz-conf-open" / "index.html").read_text(
        encoding="utf-8"
    )
    for text in (
        "Fortrolig Sagsbehandlersen",
        "INTERNNOTE-XYZ",
        "INTERNBLOK-QRS",
        "Intern: vises ikke på den offentlige side",
    ):
        assert text in open_page
    assert 'href="../zz-conf-closed/"' in open_page  # on the intranet the code mention is a link
    valby = (sites["intranet"] / "bydele" / "valby" / "index.html").read_text(encoding="utf-8")
    assert "2 forslag" in valby and "(intern)" in valby


def test_search_index_holds_what_each_audience_may_find(sites):
    def index_text(site):
        return "\n".join(readable(p) for p in (site / "search-index").rglob("*.json"))

    public, intranet = index_text(sites["public"]), index_text(sites["intranet"])
    assert "åbent forslag om parker" in public and "parkerne skal passes" in public
    assert "hemmeligtitel" in intranet and "intern" in intranet


def test_data_and_feeds_hold_what_each_audience_may_see(sites):
    """The open data and the feeds (generator/opendata.py, feeds.py) of each build: the public
    ones list exactly the proposals the public site has pages for, with no internal field; the
    intranet's list every proposal, the closed one marked."""
    import csv
    import io
    import json

    import feedparser

    def data(site):
        return json.loads((site / "data" / "proposals.json").read_text(encoding="utf-8"))

    def feed_ids(site):
        found = set()
        for path in (site / "feeds").rglob("*.xml"):
            feed = feedparser.parse(
                path.read_bytes(), response_headers={"content-type": "application/atom+xml"}
            )
            assert not feed.bozo, path
            found |= {e.id.rsplit(":", 1)[1] for e in feed.entries}
        return found

    public, intranet = data(sites["public"]), data(sites["intranet"])
    pages = {  # (not the redirect pages at an alias's old address)
        p.name
        for p in (sites["public"] / "forslag").iterdir()
        if p.is_dir()
        and 'http-equiv="refresh"' not in (p / "index.html").read_text(encoding="utf-8")
    }
    assert {p["id"] for p in public["proposals"]} == pages == {"zz-conf-open"}
    assert public["audience"] == "public" and all("internal" not in p for p in public["proposals"])
    assert sorted(p.name for p in (sites["public"] / "forslag").glob("*.json")) == [
        "zz-conf-open.json"
    ]
    lines = list(
        csv.DictReader(
            io.StringIO((sites["public"] / "data" / "budget_lines.csv").read_text(encoding="utf-8"))
        )
    )
    assert (
        lines
        and {r["proposal_id"] for r in lines} == {"zz-conf-open"}
        and {r["public"] for r in lines} == {"ja"}
    )
    assert feed_ids(sites["public"]) == {"zz-conf-open"}

    by_id = {p["id"]: p for p in intranet["proposals"]}
    assert intranet["audience"] == "intranet" and set(by_id) == {"zz-conf-open", "zz-conf-closed"}
    assert (
        by_id["zz-conf-closed"]["public"] is False
        and by_id["zz-conf-open"]["internal"]["caseworker"] == "Fortrolig Sagsbehandlersen"
    )
    assert feed_ids(sites["intranet"]) == {"zz-conf-open", "zz-conf-closed"}


def test_the_original_document_is_served_for_the_public_proposal_only(sites):
    public = sites["public"]
    copy = public / "kilder" / "zz-conf-open" / "parker-valby.txt"
    assert copy.read_text(encoding="utf-8") == "Det oprindelige dokument om parker i Valby.\n"
    assert not (public / "kilder" / "zz-conf-closed").exists()
    page = (public / "forslag" / "zz-conf-open" / "index.html").read_text(encoding="utf-8")
    assert (
        '<a href="../../kilder/zz-conf-open/parker-valby.txt">Se det oprindelige dokument</a>'
        in page
    )
    assert "(parker-valby.txt, side 2-3)" in page
    intranet = sites["intranet"] / "kilder" / "zz-conf-closed" / "lukket-kontrakt.txt"
    assert intranet.read_text(encoding="utf-8").startswith("LUKKETKILDE")


def test_term_data_files_hold_what_each_audience_may_see(sites):
    """Each term's JSON and CSV (generator/termdata.py): the public build has them for the
    terms the public site has pages for, naming public proposals only; the intranet's name the
    closed proposal too, marked."""
    import csv
    import io
    import json

    from generator.facets import FACETS

    def term_data(site):
        """(facet, slug) → (ids in its JSON, {id: public} of its CSV), and the term pages."""
        found, pages = {}, set()
        for facet in FACETS:
            pages |= {(facet.id, p.parent.name) for p in (site / facet.id).glob("*/index.html")}
            for path in (site / facet.id).glob("*.json"):
                ids = [p["id"] for p in json.loads(path.read_text(encoding="utf-8"))["proposals"]]
                text = path.with_suffix(".csv").read_text(encoding="utf-8")
                lines = {r["proposal_id"]: r["public"] for r in csv.DictReader(io.StringIO(text))}
                found[(facet.id, path.stem)] = (ids, lines)
        return found, pages

    public, pages = term_data(sites["public"])
    assert set(public) == pages and len(pages) >= 5
    assert {i for ids, _ in public.values() for i in ids} == {"zz-conf-open"}
    assert {i for _, lines in public.values() for i in lines.items()} == {("zz-conf-open", "ja")}
    intranet, pages = term_data(sites["intranet"])
    assert set(intranet) == pages and ("bydele", "amager-oest") in intranet
    assert {i for ids, _ in intranet.values() for i in ids} == {"zz-conf-open", "zz-conf-closed"}
    assert intranet[("bydele", "amager-oest")][1] == {"zz-conf-closed": "nej"}
