"""Open data per term: beside each term's page (a district, a committee, a year, a topic …)
the data of what the page shows (docs/data.md):

- <facet>/<slug>.json: the term, its sums per status as the page shows them, and its
  proposals, each with its page, its own data file and its headline table's net per year;
- <facet>/<slug>.csv: a line per proposal × year of its headline table's net, the amounts the
  page adds up (summed per status, unit, price level and year they give the page's sums).

Each proposal is named, not copied: all it says is in forslag/<id>.json. (Copying every
proposal's data into each of its terms' files would multiply the archive's data by the ten
terms a proposal has on average.) Pure functions from the audience-filtered archive to bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial

from .facets import FACETS, Facet, Term
from .model import Proposal
from .opendata import (
    DATA_DIR,
    FALSE,
    TRUE,
    dumps,
    file_header,
    json_number,
    kroner,
    proposal_json_path,
    table_schema,
)
from .sums import SumTable, headline_net, shared_in, status_sums

TERM_FORMAT = "proposal-archive-term-data"
TERM_FORMAT_VERSION = 1

# (name, Frictionless type, Danish title): the term CSV's columns, in order
TERM_CSV_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("proposal_id", "string", "Forslagets id (siden: forslag/<id>/, data: forslag/<id>.json)"),
    ("code", "string", "Kode"),
    ("title", "string", "Titel"),
    ("kind", "string", "Dokumenttype"),
    ("status", "string", "Status"),
    ("proposal_year", "integer", "Forslagets år"),
    ("shared", "boolean", "Forslaget hører også under andre af facettens værdier ('heraf')"),
    ("table", "integer", "Hovedtabellens nummer i forslaget (tom: ingen beløb)"),
    ("unit", "string", "Enhed"),
    ("price_level", "string", "Prisniveau"),
    ("year", "string", "År (tabellens kolonne)"),
    ("net", "number", "Hovedtabellens netto det år, i tabellens enhed"),
    ("net_kr", "integer", "Det samme i hele kroner"),
    ("public", "boolean", "Offentligt forslag"),
)
_HEADER = ",".join(name for name, _, _ in TERM_CSV_FIELDS) + "\n"
# Every term's CSV has these columns: one Table Schema describes them all (a Data Package's
# paths may not leave its folder, and the terms' files are beside their pages)
TERM_SCHEMA = f"{DATA_DIR}/term_lines.schema.json"


def term_json_path(term: Term) -> str:
    """Beside the term's page <facet>/<slug>/ (<facet>/<slug>.html offline)."""
    return f"{term.facet}/{term.slug}.json"


def term_csv_path(term: Term) -> str:
    return f"{term.facet}/{term.slug}.csv"


def _plain(amount: Decimal) -> str:
    """A number for the CSV: digits, a point for decimals, no grouping."""
    return str(int(amount)) if amount == amount.to_integral_value() else format(amount, "f")


def _sums_object(table: SumTable) -> dict:
    return {
        "unit": table.unit,
        "price_level": table.price_level,
        "years": list(table.years),
        "statuses": [
            {
                "status": {"id": r.status.id, "label": r.status.label},
                "count": r.count,
                "amounts": [json_number(a) for a in r.amounts],
                "shared_count": r.shared_count,
                "shared_amounts": [json_number(a) for a in r.shared_amounts],
            }
            for r in table.rows
        ],
    }


class _Entries:
    """Each proposal's entry in a term's JSON and its lines in a term's CSV, made once per
    proposal and sharing (a proposal is under ten terms on average)."""

    def __init__(self, vocab, url_of: Callable[[Proposal], str], net_of):
        self.vocab, self.url_of, self.net_of = vocab, url_of, net_of
        self._made: dict = {}

    def of(self, p: Proposal, shared: bool) -> tuple[bytes, bytes]:
        key = (p.id, shared)
        if key not in self._made:
            self._made[key] = self._make(p, shared)
        return self._made[key]

    def _make(self, p: Proposal, shared: bool) -> tuple[bytes, bytes]:
        table = p.headline_table
        net = self.net_of(p) if table is not None else {}
        factor = self.vocab.unit_factors.get(table.unit, 1) if table is not None else 1
        entry = {
            "id": p.id,
            "url": self.url_of(p),
            "data": proposal_json_path(p),
            "code": p.code,
            "title": p.title,
            "kind": {"id": p.kind.id, "label": p.kind.label},
            "status": {"id": p.status.id, "label": p.status.label},
            "year": p.year,
            "shared": shared,
            "headline": None
            if table is None
            else {
                "table": table.number,
                "unit": table.unit,
                "price_level": table.price_level,
                "net": {y: json_number(net[y]) if y in net else None for y in table.years},
            },
        }
        about = [
            p.id,
            p.code or "",
            p.title,
            p.kind.label,
            p.status.label,
            str(p.year) if p.year is not None else "",
            TRUE if shared else FALSE,
        ]
        public = TRUE if p.public else FALSE
        if net and table is not None:
            rows = [
                [*about, str(table.number), table.unit, table.price_level, year]
                + [_plain(net[year]), kroner(net[year], factor), public]
                for year in table.years
                if year in net
            ]
        else:  # (listed on the page, nothing to add up)
            rows = [[*about, "", "", "", "", "", "", public]]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return dumps(entry).encode("utf-8"), out.getvalue().encode("utf-8")


Plan = tuple[str, "bytes | None", Callable[[], bytes]]


def term_files(
    archive,
    audience: str,
    site_path: Callable[[str], str],
    url_of: Callable[[Proposal], str],
) -> Iterator[tuple[str, bytes]]:
    """(path, UTF-8 bytes) of every term's JSON and CSV; site_path(page): a generated page's
    URL from the site's root, url_of(p): p's page's."""
    for path, _, make in term_plans(archive, audience, site_path, url_of):
        yield path, make()


def term_plans(
    archive,
    audience: str,
    site_path: Callable[[str], str],
    url_of: Callable[[Proposal], str],
    digests: dict | None = None,
) -> Iterator[Plan]:
    """term_files() as (path, key, make): make() gives the bytes; key (with digests: proposal
    id → the digest of its file) a digest of all a term's files show (the term, its address,
    its proposals' files and addresses, in order), for the render store."""
    vocab = archive.vocab
    nets: dict = {}

    def net_of(p: Proposal) -> dict:
        """(status_sums asks for a proposal's net under each of its terms: once is enough)"""
        if p.id not in nets:
            nets[p.id] = headline_net(p)
        return nets[p.id]

    head = dumps(file_header(audience, vocab, TERM_FORMAT, TERM_FORMAT_VERSION))[:-1]
    header = _HEADER.encode("utf-8")
    entries = _Entries(vocab, url_of, net_of)
    for facet in FACETS:
        is_shared = shared_in(partial(_terms_of, archive.terms_of, facet.id))
        for term, proposals in archive.terms[facet.id].items():
            about = _term_object(facet, term, site_path)
            key = None
            if digests is not None and all(p.id in digests for p in proposals):
                h = hashlib.blake2b(dumps([audience, about]).encode("utf-8"), digest_size=16)
                for p in proposals:
                    h.update(digests[p.id])
                    h.update(url_of(p).encode("utf-8"))
                key = h.digest()

            def json_bytes(facet=facet, proposals=proposals, about=about, is_shared=is_shared):
                sums = (
                    status_sums(proposals, vocab.statuses, is_shared, net_of)
                    if facet.show_sums
                    else ()
                )
                objects = (entries.of(p, is_shared(p))[0] for p in proposals)
                return b"".join(
                    [
                        head.encode("utf-8"),
                        b',"term":',
                        dumps(about).encode("utf-8"),
                        b',"sums":',
                        dumps([_sums_object(t) for t in sums]).encode("utf-8"),
                        b',"proposals":[',
                        b",".join(objects),
                        b"]}\n",
                    ]
                )

            def csv_bytes(proposals=proposals, is_shared=is_shared):
                return b"".join([header, *(entries.of(p, is_shared(p))[1] for p in proposals)])

            yield term_json_path(term), key, json_bytes
            yield term_csv_path(term), key, csv_bytes
    schema = table_schema(TERM_CSV_FIELDS) | {
        "title": "Beløbene bag en side med summer (<facet>/<værdi>.csv)"
    }
    text = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    yield TERM_SCHEMA, None, lambda: text


def _terms_of(terms_of: dict, facet_id: str, p: Proposal) -> tuple:
    return terms_of[(p.id, facet_id)]


def _term_object(facet: Facet, term: Term, site_path: Callable[[str], str]) -> dict:
    return {
        "facet": facet.id,
        "facet_title": facet.title,
        "label": term.label,
        "url": site_path(term.page),
        "json": term_json_path(term),
        "csv": term_csv_path(term),
    }
