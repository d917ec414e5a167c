"""Atom feeds of new and changed proposals (docs/data.md#feeds): one for the whole archive and
one per district, committee, administration and topic, written with feedgen.

Deterministic: every date comes from the proposals themselves (the newest of a proposal's date
and its meeting's date, else 1 January of its budget year), never from the clock, so the same
archive gives the same bytes. A feed lists what its audience's archive holds: the public build
passes the public proposals only. Links are relative to the feed's own address (feeds/…), which
feed readers resolve as the Atom format says, so the feeds work on any host and path.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .model import Proposal

FEEDS_DIR = "feeds"
ARCHIVE_FEED = f"{FEEDS_DIR}/alle.xml"
FEED_FACETS = ("bydele", "udvalg", "forvaltninger", "emner")  # the facets with a feed per term
ENTRIES = 30  # the newest proposals a feed lists
_MIDNIGHT = dt.time(0, 0, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Feed:
    path: str  # in the site: feeds/alle.xml, feeds/bydele/valby.xml
    title: str
    page: str  # the page the feed belongs to (a generated Markdown page's path)
    proposals: tuple[Proposal, ...]


def updated(p: Proposal) -> dt.datetime:
    """When p was last new or changed, as far as its own data says."""
    dates = [d for d in (p.date, p.meeting.date if p.meeting else None) if d is not None]
    day = max(dates) if dates else dt.date(p.year or 1970, 1, 1)
    return dt.datetime.combine(day, _MIDNIGHT)


def published(p: Proposal) -> dt.datetime:
    return dt.datetime.combine(p.date, _MIDNIGHT) if p.date else updated(p)


def newest(proposals, count: int = ENTRIES) -> tuple[Proposal, ...]:
    """The count proposals last new or changed, newest first (ties: the archive's order)."""
    return tuple(sorted(proposals, key=lambda p: (-updated(p).toordinal(), p.sort_key()))[:count])


def feed_path(facet_id: str, slug: str) -> str:
    return f"{FEEDS_DIR}/{facet_id}/{slug}.xml"


def feeds_of(archive) -> list[Feed]:
    """Every feed of the archive: the whole archive's, then one per term of FEED_FACETS."""
    feeds = [Feed(ARCHIVE_FEED, archive.vocab.site.get("name", "Arkivet"), "index.md", newest(archive.proposals))]
    for facet_id in FEED_FACETS:
        for term, proposals in archive.terms.get(facet_id, {}).items():
            feeds.append(Feed(feed_path(facet_id, term.slug), term.label, term.page, newest(proposals)))
    return feeds


def atom(feed: Feed, site: dict, page_url: Callable[[str], str], summary: Callable[[Proposal], str]) -> bytes:
    """The feed as Atom XML. page_url(page): a generated page's URL from the site's root;
    summary(p): the entry's text."""
    here = posixpath.dirname(feed.path)
    link = lambda page: posixpath.relpath(page_url(page) or ".", here) + ("/" if page_url(page).endswith("/") else "")  # noqa: E731
    fg = FeedGenerator()
    fg.id(f"urn:proposal-archive:feed:{feed.path}")
    name = site.get("name", "Arkivet")
    fg.title(feed.title if feed.path == ARCHIVE_FEED else f"{feed.title} – {name}")
    fg.subtitle("Nye og ændrede forslag, nyeste først.")
    fg.language("da")
    fg.author({"name": site.get("publisher") or name, **({"email": site["contact_email"]} if site.get("contact_email") else {})})
    fg.link(href=link(feed.page), rel="alternate", type="text/html")
    fg.link(href=posixpath.basename(feed.path), rel="self", type="application/atom+xml")
    # the newest entry's date; an empty feed (no proposal) the epoch, not the clock
    fg.updated(max((updated(p) for p in feed.proposals), default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)))
    fg.generator("proposal-archive")
    for p in feed.proposals:
        entry = fg.add_entry(order="append")
        entry.id(f"urn:proposal-archive:{p.municipality.id}:{p.id}")
        entry.title(p.display_code_title)
        entry.link(href=link(f"forslag/{p.id}.md"), rel="alternate", type="text/html")
        entry.updated(updated(p))
        entry.published(published(p))
        entry.summary(summary(p))
        entry.category(term=p.status.id, label=p.status.label)
    return fg.atom_str(pretty=True)


def feed_files(archive, page_url: Callable[[str], str]) -> list[tuple[str, bytes]]:
    """(path, bytes) of every feed."""
    site = archive.vocab.site

    def summary(p: Proposal) -> str:
        facts = [p.kind.label, p.status.label, p.municipality.name]
        return " · ".join(facts) + (f". {p.summary}" if p.summary else ".")

    return [(feed.path, atom(feed, site, page_url, summary)) for feed in feeds_of(archive)]
