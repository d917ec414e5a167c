"""Atom feeds of new and changed proposals (docs/data.md#feeds): one for the whole archive and
one per district, committee, administration and topic, written with feedgen.

Deterministic: every date comes from the proposals themselves (the newest of a proposal's date,
its meeting's date and the last commit that changed its file, history.py; without any of them
1 January of its budget year), never from the clock, so the same archive (and git history)
gives the same bytes. A feed lists what its audience's archive holds: the public build
passes the public proposals only. Links are relative to the feed's own address (feeds/…), which
feed readers resolve as the Atom format says, so the feeds work on any host and path.
"""

from __future__ import annotations

import datetime as dt
import heapq
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from feedgen.feed import FeedGenerator

from . import keys
from .model import Proposal

FEEDS_DIR = "feeds"
ARCHIVE_FEED = f"{FEEDS_DIR}/alle.xml"
FEED_FACETS = ("bydele", "udvalg", "forvaltninger", "emner")  # the facets with a feed per term
ENTRIES = 30  # the newest proposals a feed lists
_MIDNIGHT = dt.time(0, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Feed:
    path: str  # in the site: feeds/alle.xml, feeds/bydele/valby.xml
    title: str
    page: str  # the page the feed belongs to (a generated Markdown page's path)
    proposals: tuple[Proposal, ...]


Changed = Callable[[Proposal], "dt.date | None"]  # when p's file last changed (its history)


def _unknown(p: Proposal) -> None:
    return None


def updated(p: Proposal, changed: Changed = _unknown) -> dt.datetime:
    """When p was last new or changed, as far as its own data and its history say."""
    own = (p.date, p.meeting.date if p.meeting else None, changed(p))
    dates = [d for d in own if d is not None]
    day = max(dates) if dates else dt.date(p.year or 1970, 1, 1)
    return dt.datetime.combine(day, _MIDNIGHT)


def published(p: Proposal) -> dt.datetime:
    return dt.datetime.combine(p.date, _MIDNIGHT) if p.date else updated(p)


def newest(
    proposals, changed: Changed = _unknown, count: int = ENTRIES, order: dict | None = None
) -> tuple[Proposal, ...]:
    """The count proposals last new or changed, newest first (ties: the archive's order).
    order: each proposal's place, by id, as far as made (for many calls on one archive: a
    proposal is under a feed of each of its districts, committees, topics, …)."""
    places = {} if order is None else order

    def place(p: Proposal) -> tuple:
        found = places.get(p.id)
        if found is None:
            found = places[p.id] = (-updated(p, changed).toordinal(), p.sort_key())
        return found

    return tuple(heapq.nsmallest(count, proposals, key=place))


def feed_path(facet_id: str, slug: str) -> str:
    return f"{FEEDS_DIR}/{facet_id}/{slug}.xml"


def feeds_of(archive, changed: Changed = _unknown) -> list[Feed]:
    """Every feed of the archive: the whole archive's, then one per term of FEED_FACETS."""
    name = archive.vocab.site.get("name", "Arkivet")
    order: dict = {}
    feeds = [Feed(ARCHIVE_FEED, name, "index.md", newest(archive.proposals, changed, order=order))]
    for facet_id in FEED_FACETS:
        for term, proposals in archive.terms.get(facet_id, {}).items():
            path = feed_path(facet_id, term.slug)
            shown = newest(proposals, changed, order=order)
            feeds.append(Feed(path, term.label, term.page, shown))
    return feeds


def atom(
    feed: Feed,
    site: dict,
    page_url: Callable[[str], str],
    summary: Callable[[Proposal], str],
    changed: Changed = _unknown,
) -> bytes:
    """The feed as Atom XML. page_url(page): a generated page's URL from the site's root;
    summary(p): the entry's text; changed(p): when its file last changed."""
    here = posixpath.dirname(feed.path)

    def link(page: str) -> str:
        url = page_url(page)
        return posixpath.relpath(url or ".", here) + ("/" if url.endswith("/") else "")

    fg = FeedGenerator()
    fg.id(f"urn:proposal-archive:feed:{feed.path}")
    name = site.get("name", "Arkivet")
    fg.title(feed.title if feed.path == ARCHIVE_FEED else f"{feed.title} – {name}")
    fg.subtitle("Nye og ændrede forslag, nyeste først.")
    fg.language("da")
    author = {"name": site.get("publisher") or name}
    if site.get("contact_email"):
        author["email"] = site["contact_email"]
    fg.author(author)
    fg.link(href=link(feed.page), rel="alternate", type="text/html")
    fg.link(href=posixpath.basename(feed.path), rel="self", type="application/atom+xml")
    # the newest entry's date; an empty feed (no proposal) the epoch, not the clock
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    fg.updated(max((updated(p, changed) for p in feed.proposals), default=epoch))
    fg.generator("proposal-archive")
    for p in feed.proposals:
        entry = fg.add_entry(order="append")
        entry.id(f"urn:proposal-archive:{p.municipality.id}:{p.id}")
        entry.title(p.display_code_title)
        entry.link(href=link(f"forslag/{p.id}.md"), rel="alternate", type="text/html")
        entry.updated(updated(p, changed))
        entry.published(published(p))
        entry.summary(summary(p))
        entry.category(term=p.status.id, label=p.status.label)
    return fg.atom_str(pretty=True)


def feed_files(
    archive, page_url: Callable[[str], str], changed: Changed = _unknown
) -> list[tuple[str, bytes]]:
    """(path, bytes) of every feed (changed(p): when p's file last changed, if known)."""
    return [(path, make()) for path, _, make in feed_plans(archive, page_url, changed)]


def feed_plans(
    archive,
    page_url: Callable[[str], str],
    changed: Changed = _unknown,
    digests: dict | None = None,
) -> list[tuple[str, bytes | None, Callable[[], bytes]]]:
    """feed_files() as (path, key, make): make() gives the bytes; key (with digests: proposal id
    → the digest of its file) all a feed shows (keys.feed), for the render store."""
    site = archive.vocab.site

    def summary(p: Proposal) -> str:
        facts = [p.kind.label, p.status.label, p.municipality.name]
        return " · ".join(facts) + (f". {p.summary}" if p.summary else ".")

    plans: list[tuple[str, bytes | None, Callable[[], bytes]]] = []
    for feed in feeds_of(archive, changed):
        key = None
        if digests is not None and all(p.id in digests for p in feed.proposals):
            entries = [(p.id, digests[p.id], updated(p, changed)) for p in feed.proposals]
            key = keys.feed(feed.path, feed.title, page_url(feed.page), entries)
        plans.append((feed.path, key, partial(atom, feed, site, page_url, summary, changed)))
    return plans
