"""What the pages show of the archive's numbers beyond a proposal's own tables: the sums of a
term's proposals per status (sums.py) and their charts (charts.py), the home page's archive by
year and kind, the addresses of the data files and feeds; and those files themselves, for the
render jobs (opendata.py, feeds.py). Pure: the Renderer passes what it knows (the archive, how
a page's path becomes its URL) and puts the results into its templates.
"""
from __future__ import annotations

from collections.abc import Callable

from .budget import net_by_year
from .charts import Chart, archive_chart, proposal_chart, sums_chart
from .facets import Facet, Term
from .feeds import ARCHIVE_FEED, FEED_FACETS, feed_files, feed_path
from .model import Proposal
from .opendata import ARCHIVE_CSV, ARCHIVE_JSON, DATAPACKAGE, data_files, proposal_json_path, table_csv_path
from .sums import SumTable, shared_in, status_sums
from .urls import proposal_page

FILE_KINDS = ("data", "feeds")  # the render jobs that write files, not pages

# for the templates: where the data files and feeds are, from the site's root
GLOBALS = {
    "data_files": {"json": ARCHIVE_JSON, "csv": ARCHIVE_CSV, "package": DATAPACKAGE, "feed": ARCHIVE_FEED},
    "proposal_json": proposal_json_path,
    "table_csv": table_csv_path,
}


class Numbers:
    """The sums and charts of one generation (a Renderer's): each proposal's headline net is
    computed once, however many terms it counts under."""

    def __init__(self, archive):
        self.archive = archive
        self._net: dict = {}  # proposal id → its headline table's net amounts per year

    def net_of(self, p: Proposal) -> dict:
        if p.id not in self._net:
            table = p.headline_table
            self._net[p.id] = net_by_year(table) if table is not None else {}
        return self._net[p.id]

    def term(self, facet: Facet, term: Term, summed) -> dict:
        """The term page's sums per status of the proposals summed (its first page: all of
        them; the others: none), their charts where the facet has them, and its feed."""
        terms_of = self.archive.terms_of
        shared = shared_in(lambda p: terms_of[(p.id, facet.id)])
        sums: tuple[SumTable, ...] = status_sums(summed, self.archive.vocab.statuses, shared, self.net_of) if summed else ()
        charts = [sums_chart(t, f"summer-{n}", term.label) for n, t in enumerate(sums, 1)] if facet.charts else []
        feed = feed_path(facet.id, term.slug) if facet.id in FEED_FACETS else None
        return {"sums": sums, "charts": charts, "feed": feed}

    def home(self) -> dict:
        """The archive by year and kind: the counts, their totals per year, and the chart."""
        counts: dict = {}  # (year, kind label) → proposals
        for p in self.archive.proposals:
            if p.year is not None:
                counts[(p.year, p.kind.label)] = counts.get((p.year, p.kind.label), 0) + 1
        kinds = [k.label for k in self.archive.vocab.kinds if any(kind == k.label for _, kind in counts)]
        years = sorted({y for y, _ in counts})
        totals = {y: sum(n for (year, _), n in counts.items() if year == y) for y in years}
        by_year = {"kinds": kinds, "years": years, "counts": counts, "totals": totals}
        return {"by_year": by_year, "chart": archive_chart(counts, kinds, "arkiv-diagram")}


def proposal_figure(p: Proposal) -> Chart | None:
    """The chart beside a proposal's headline table."""
    return proposal_chart(p.headline_table, f"{p.id}-diagram") if p.headline_table else None


def files(kind: str, archive, audience: str, site_path: Callable[[str], str]) -> list[tuple[str, str]]:
    """The open data files (kind "data") or the feeds ("feeds") as (path in the site, text);
    site_path(page): a generated page's URL from the site's root."""
    if kind == "data":
        return data_files(archive, audience, lambda p: site_path(proposal_page(p)))
    return [(path, atom.decode("utf-8")) for path, atom in feed_files(archive, site_path)]
