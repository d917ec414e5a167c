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
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal

from . import keys
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
from .sums import SumTable, headline_net, shared_under, status_sums

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
    proposal and sharing (a proposal is under ten terms on average). With the render store
    (stored; digests: proposal id → the digest of its file), an entry made by an earlier run
    is taken from the store while its proposal's file and page address are the same: after one
    change, the changed proposal's large terms (its municipality's, year's, status's: thousands
    of proposals each) need one entry made anew, not every one of them."""

    def __init__(self, vocab, url_of: Callable[[Proposal], str], net_of, stored=None, digests=None):
        self.vocab, self.url_of, self.net_of = vocab, url_of, net_of
        self.stored, self.digests = stored, digests
        self._made: dict = {}
        self._kept: dict = {}  # bucket → {(id, shared): (digest, url, JSON, CSV)} of the store
        self.new: dict = {}  # bucket → the entries made anew, as in _kept

    def of(self, p: Proposal, shared: bool) -> tuple[bytes, bytes]:
        key = (p.id, shared)
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self._take(p, shared)
        return found

    def _take(self, p: Proposal, shared: bool) -> tuple[bytes, bytes]:
        digest = self.digests.get(p.id) if self.digests is not None else None
        if digest is None or self.stored is None:
            return self._make(p, shared)
        url = self.url_of(p)
        bucket = entry_bucket(p.id)
        if bucket not in self._kept:
            self._kept[bucket] = self.stored.result(keys.term_entries(bucket)) or {}
        kept = self._kept[bucket].get((p.id, shared))
        if kept is not None and kept[0] == digest and kept[1] == url:
            return kept[2], kept[3]
        made = self._make(p, shared)
        self.new.setdefault(bucket, {})[(p.id, shared)] = (digest, url, *made)
        return made

    def kept(self) -> dict:
        """What the store is to keep of the buckets that changed: {keys.term_entries(): the
        bucket's entries}, those of proposals no longer as they were left out."""
        digests = self.digests or {}
        out = {}
        for bucket, new in self.new.items():
            live = {
                k: v for k, v in self._kept.get(bucket, {}).items() if digests.get(k[0]) == v[0]
            }
            out[keys.term_entries(bucket)] = live | new
        return out

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
# The terms' entries are kept by the render store in this many blobs, by their proposal's id:
# a change makes one blob anew, not all of them.
ENTRY_BUCKETS = 16

# A term's sums per status, of its proposals (all of them): one source for the term's page and
# its data file (views.Numbers.sums)
SumsOf = Callable[[Facet, Term, tuple], tuple[SumTable, ...]]


def entry_bucket(proposal_id: str) -> int:
    """The blob of the render store that keeps a proposal's entries (the same in every run)."""
    return zlib.crc32(proposal_id.encode("utf-8")) % ENTRY_BUCKETS


def term_files(
    archive,
    audience: str,
    site_path: Callable[[str], str],
    url_of: Callable[[Proposal], str],
    sums_of: SumsOf | None = None,
    net_of: Callable[[Proposal], dict] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """(path, UTF-8 bytes) of every term's JSON and CSV; site_path(page): a generated page's
    URL from the site's root, url_of(p): p's page's; sums_of: a term's sums per status, net_of:
    a proposal's headline net (made here without them)."""
    plans, _ = term_plans(archive, audience, site_path, url_of, sums_of=sums_of, net_of=net_of)
    for path, _, make in plans:
        yield path, make()


def own_sums(archive) -> SumsOf:
    """sums_of() for term_plans, made here (each proposal's net once)."""
    nets: dict = {}

    def net_of(p: Proposal) -> dict:
        """(status_sums asks for a proposal's net under each of its terms: once is enough)"""
        if p.id not in nets:
            nets[p.id] = headline_net(p)
        return nets[p.id]

    def sums_of(facet: Facet, term: Term, proposals) -> tuple[SumTable, ...]:
        is_shared = shared_under(archive.terms_of, facet.id)
        return status_sums(proposals, archive.vocab.statuses, is_shared, net_of)

    sums_of.net_of = net_of  # type: ignore[attr-defined]
    return sums_of


def term_plans(
    archive,
    audience: str,
    site_path: Callable[[str], str],
    url_of: Callable[[Proposal], str],
    digests: dict | None = None,
    sums_of: SumsOf | None = None,
    net_of: Callable[[Proposal], dict] | None = None,
    stored=None,
) -> tuple[list[Plan], _Entries]:
    """term_files() as (path, key, make): make() gives the bytes; key (with digests: proposal
    id → the digest of its file) a digest of all a term's files show (the term, its address,
    its proposals' files and addresses, in order), for the render store; with the store
    (stored), the proposals' entries kept in it (the _Entries returned says what to keep)."""
    vocab = archive.vocab
    if sums_of is None or net_of is None:
        sums_of = own_sums(archive)
        net_of = sums_of.net_of  # type: ignore[attr-defined]
    urls: dict = {}

    def url(p: Proposal) -> str:
        found = urls.get(p.id)
        if found is None:
            found = urls[p.id] = url_of(p)
        return found

    # proposal id → its part of a term's key: its file's digest and its page's address (made
    # once: the terms list 100,000 proposals at 10,000, and every term's key is made each run)
    marks = {
        p.id: digests[p.id] + url(p).encode("utf-8")
        for p in archive.proposals
        if digests is not None and p.id in digests
    }

    head = dumps(file_header(audience, vocab, TERM_FORMAT, TERM_FORMAT_VERSION))[:-1]
    header = _HEADER.encode("utf-8")
    entries = _Entries(vocab, url, net_of, stored, digests)
    plans: list[Plan] = []
    for facet in FACETS:
        is_shared = shared_under(archive.terms_of, facet.id)
        for term, proposals in archive.terms[facet.id].items():
            about = _term_object(facet, term, site_path)
            key = None
            if digests is not None:
                try:
                    shown = b"".join([marks[p.id] for p in proposals])
                except KeyError:  # (a proposal whose digest is not known: always made)
                    pass
                else:
                    h = hashlib.blake2b(dumps([audience, about]).encode("utf-8"), digest_size=16)
                    h.update(shown)
                    key = h.digest()

            def json_bytes(
                facet=facet, term=term, proposals=proposals, about=about, is_shared=is_shared
            ):
                sums = sums_of(facet, term, proposals) if facet.show_sums else ()
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

            plans.append((term_json_path(term), key, json_bytes))
            plans.append((term_csv_path(term), key, csv_bytes))
    schema = table_schema(TERM_CSV_FIELDS) | {
        "title": "Beløbene bag en side med summer (<facet>/<værdi>.csv)"
    }
    text = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    plans.append((TERM_SCHEMA, None, lambda: text))
    return plans, entries


def _term_object(facet: Facet, term: Term, site_path: Callable[[str], str]) -> dict:
    return {
        "facet": facet.id,
        "facet_title": facet.title,
        "label": term.label,
        "url": site_path(term.page),
        "json": term_json_path(term),
        "csv": term_csv_path(term),
    }
