"""What the pages show of the archive's numbers beyond a proposal's own tables: the sums of a
term's proposals per status (sums.py) and their charts (charts.py), the home page's archive by
year and kind, the addresses of the data files and feeds; and those files themselves, for the
render jobs (opendata.py, feeds.py). Pure: the Renderer passes what it knows (the archive, how
a page's path becomes its URL) and puts the results into its templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from . import keys, opendata_kept
from .budget import net_by_year
from .charts import Chart, archive_chart, proposal_chart, sums_chart
from .facets import Facet, Term
from .feeds import ARCHIVE_FEED, FEED_FACETS, feed_files, feed_path
from .feeds import feed_plans as _feed_plans
from .history import history_of
from .model import Proposal
from .opendata import (
    ARCHIVE_CSV,
    ARCHIVE_JSON,
    DATAPACKAGE,
    data_files,
    data_key,
    proposal_json_path,
    table_csv_path,
)
from .sums import SumTable, shared_under, status_sums
from .termdata import term_csv_path, term_files, term_json_path
from .termdata import term_plans as _term_plans
from .urls import proposal_page

FILE_KINDS = ("data", "feeds", "terms")  # the render jobs that write files, not pages

# for the templates: where the data files and feeds are, from the site's root
GLOBALS = {
    "data_files": {
        "json": ARCHIVE_JSON,
        "csv": ARCHIVE_CSV,
        "package": DATAPACKAGE,
        "feed": ARCHIVE_FEED,
    },
    "proposal_json": proposal_json_path,
    "table_csv": table_csv_path,
}


class Numbers:
    """The sums and charts of one generation (a Renderer's): each proposal's headline net is
    computed once, however many terms it counts under."""

    def __init__(self, archive):
        self.archive = archive
        self._net: dict = {}  # proposal id → its headline table's net amounts per year
        self._sums: dict = {}  # (facet id, term) → its sums per status

    def net_of(self, p: Proposal) -> dict:
        if p.id not in self._net:
            table = p.headline_table
            self._net[p.id] = net_by_year(table) if table is not None else {}
        return self._net[p.id]

    def sums(self, facet: Facet, term: Term, proposals) -> tuple[SumTable, ...]:
        """The term's sums per status, of all its proposals: made once for its page and its
        data file (termdata.py), which both show them."""
        found = self._sums.get((facet.id, term))
        if found is None:
            shared = shared_under(self.archive.terms_of, facet.id)
            statuses = self.archive.vocab.statuses
            found = self._sums[(facet.id, term)] = status_sums(
                proposals, statuses, shared, self.net_of
            )
        return found

    def term(self, facet: Facet, term: Term, summed) -> dict:
        """The term page's sums per status of the proposals summed (its first page: all of
        them; the others: none), their charts where the facet has them, and its feed."""
        sums: tuple[SumTable, ...] = self.sums(facet, term, summed) if summed else ()
        charts = []
        if facet.charts:
            charts = [sums_chart(t, f"summer-{n}", term.label) for n, t in enumerate(sums, 1)]
        feed = feed_path(facet.id, term.slug) if facet.id in FEED_FACETS else None
        own = {"json": term_json_path(term), "csv": term_csv_path(term), "label": term.label}
        return {"sums": sums, "charts": charts, "feed": feed, "own_data": own}

    def home(self) -> dict:
        """The archive by year and kind: the counts, their totals per year, and the chart."""
        counts: dict = {}  # (year, kind label) → proposals
        for p in self.archive.proposals:
            if p.year is not None:
                counts[(p.year, p.kind.label)] = counts.get((p.year, p.kind.label), 0) + 1
        named = {kind for _, kind in counts}
        kinds = [k.label for k in self.archive.vocab.kinds if k.label in named]
        years = sorted({y for y, _ in counts})
        totals = {y: sum(n for (year, _), n in counts.items() if year == y) for y in years}
        by_year = {"kinds": kinds, "years": years, "counts": counts, "totals": totals}
        return {"by_year": by_year, "chart": archive_chart(counts, kinds, "arkiv-diagram")}


def term_plans(
    archive, audience: str, site_path: Callable[[str], str], digests: dict, numbers, stored
):
    """The terms' data files as (path, key, make) for the render store, and what it is to keep
    of their entries (termdata.term_plans); numbers: the Numbers of the terms' pages."""
    url_of = lambda p: site_path(proposal_page(p))  # noqa: E731
    found = (numbers.sums, numbers.net_of, stored)
    return _term_plans(archive, audience, site_path, url_of, digests, *found)


def data_keys(archive, audience: str, site_path: Callable[[str], str], digests: dict) -> list:
    """The render store's keys of every proposal's data (the ones it is to keep)."""
    return [
        data_key(p, site_path(proposal_page(p)), digests[p.id], audience, archive.find)
        for p in archive.proposals
        if p.id in digests
    ] + [keys.data_layout(ARCHIVE_JSON), keys.data_layout(ARCHIVE_CSV)]


def write_data(writer, archive, audience: str, site_path, stored, digests: dict, keep):
    """The open data files written through the render store (opendata_kept.write_data)."""
    url_of = lambda p: site_path(proposal_page(p))  # noqa: E731
    return opendata_kept.write_data(writer, archive, audience, url_of, stored, digests, keep)


def feed_plans(archive, site_path: Callable[[str], str], history: dict, digests: dict):
    """The feeds as (path, key, make), for the render store (feeds.feed_plans)."""
    return _feed_plans(archive, site_path, partial(_changed, history), digests)


def _changed(history: dict, p: Proposal):
    """When p's file last changed, by its history (the feeds' dates)."""
    commits = history_of(p, history)
    return commits[0].date if commits else None


def proposal_figure(p: Proposal) -> Chart | None:
    """The chart beside a proposal's headline table."""
    return proposal_chart(p.headline_table, f"{p.id}-diagram") if p.headline_table else None


def files(
    kind: str,
    archive,
    audience: str,
    site_path: Callable[[str], str],
    history: dict,
    numbers: Numbers | None = None,
) -> Iterable[tuple[str, bytes]]:
    """The open data files (kind "data"), the terms' data files ("terms") or the feeds
    ("feeds") as (path in the site, bytes);
    site_path(page): a generated page's URL from the site's root; history: each file's commits
    (history.read_log), for when a proposal last changed; numbers: the Numbers of the terms'
    pages, whose sums the terms' files show. (The open data with the render store:
    write_data.)"""
    url_of = lambda p: site_path(proposal_page(p))  # noqa: E731
    if kind == "data":
        return data_files(archive, audience, url_of)

    if kind == "terms":
        if numbers is None:
            return term_files(archive, audience, site_path, url_of)
        return term_files(archive, audience, site_path, url_of, numbers.sums, numbers.net_of)

    return feed_files(archive, site_path, partial(_changed, history))
