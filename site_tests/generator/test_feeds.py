"""Atom feeds (generator/feeds.py): every feed parses, its dates are the proposals' own, its
links lead to the proposals' pages, the same archive gives the same bytes, and a public feed
holds no proposal that is not public."""

from __future__ import annotations

import datetime as dt
import posixpath

import feedparser
import pytest

from generator.feeds import ARCHIVE_FEED, feed_files, updated
from generator.pipeline import Project, for_audience, load
from site_tests.archives import make_archive


def page_url(page: str) -> str:
    stem = page.removesuffix(".md")
    return "./" if stem == "index" else stem.removesuffix("/index") + "/"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = make_archive(tmp_path_factory.mktemp("feeds") / "a", "small")
    return load(Project(root))


def parsed(files) -> dict:
    """Each feed parsed as a reader gets it: at its address on a site."""

    def headers(path: str) -> dict:
        url = f"https://arkiv.example/{path}"
        return {"content-location": url, "content-type": "application/atom+xml"}

    return {path: feedparser.parse(data, response_headers=headers(path)) for path, data in files}


def test_every_feed_parses_with_the_proposals_dates_and_links(small):
    archive = for_audience(small, "intranet")
    feeds = parsed(feed_files(archive, page_url))
    assert {ARCHIVE_FEED, "feeds/bydele/valby.xml", "feeds/emner/jobsamtale.xml"} <= set(feeds)
    assert "feeds/udvalg/beskaeftigelses-og-integrationsudvalget.xml" in feeds
    for path, feed in feeds.items():
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10" and feed.feed.language == "da"
        for entry in feed.entries:
            pid = entry.id.rsplit(":", 1)[1]
            p = archive.by_id[pid]
            assert entry.link == f"https://arkiv.example/forslag/{pid}/"
            assert dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC) == updated(p)
        newest = max(dt.datetime(*e.updated_parsed[:6]) for e in feed.entries)
        assert dt.datetime(*feed.feed.updated_parsed[:6]) == newest
    whole = feeds[ARCHIVE_FEED]
    assert {e.id.rsplit(":", 1)[1] for e in whole.entries} == set(archive.by_id)
    dates = [e.updated_parsed for e in whole.entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert whole.feed.link == "https://arkiv.example/"
    valby = feeds["feeds/bydele/valby.xml"]
    assert valby.feed.link == "https://arkiv.example/bydele/valby/"
    valby_ids = {e.id.rsplit(":", 1)[1] for e in valby.entries}
    assert valby_ids == {"zz-small-cafe", "zz-small-closed", "zz-small-evaluation"}


def test_a_dated_proposal_is_updated_on_its_own_newest_date(small):
    archive = for_audience(small, "intranet")
    evaluation, cafe = archive.by_id["zz-small-evaluation"], archive.by_id["zz-small-cafe"]
    # its date and its meeting's
    assert updated(evaluation) == dt.datetime(2031, 3, 5, tzinfo=dt.UTC)
    assert updated(cafe) == dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # a budget year only


def test_a_public_feed_holds_public_proposals_only(small):
    feeds = parsed(feed_files(for_audience(small, "public"), page_url))
    ids = {e.id.rsplit(":", 1)[1] for f in feeds.values() for e in f.entries}
    assert "zz-small-closed" not in ids and "zz-small-cafe" in ids
    texts = b"".join(data for _, data in feed_files(for_audience(small, "public"), page_url))
    assert b"zz-small-closed" not in texts and b"Lukket sag" not in texts


def test_the_same_archive_gives_the_same_feeds(small):
    first = feed_files(for_audience(small, "public"), page_url)
    again = feed_files(for_audience(small, "public"), page_url)
    assert first == again
    # offline pages end in .html: the links follow
    html = lambda page: page.removesuffix(".md") + ".html"  # noqa: E731
    offline = dict(feed_files(for_audience(small, "public"), html))
    assert b'href="../../forslag/zz-small-cafe.html"' in offline["feeds/bydele/valby.xml"]
    assert posixpath.basename(ARCHIVE_FEED).encode() in offline[ARCHIVE_FEED]


def test_a_proposal_whose_file_changed_later_comes_first_on_that_date(small):
    """A change to a proposal's file (its last commit, history.py) makes it new in the feeds."""
    archive = for_audience(small, "public")
    later = dt.date(2032, 6, 1)
    changed = lambda p: later if p.id == "zz-small-savings" else None  # noqa: E731
    feed = parsed(feed_files(archive, page_url, changed))[ARCHIVE_FEED]
    first = feed.entries[0]
    assert first.id.endswith(":zz-small-savings")
    assert dt.datetime(*first.updated_parsed[:3]) == dt.datetime(2032, 6, 1)
    assert dt.datetime(*feed.feed.updated_parsed[:3]) == dt.datetime(2032, 6, 1)
    assert updated(archive.by_id["zz-small-savings"], changed).date() == later
