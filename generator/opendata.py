"""Open data: the archive's numbers as files for those who reuse them (docs/data.md).

- data/proposals.json: every proposal's metadata, page URL and budget tables (amounts as
  printed and as numbers, `-` apart from 0, printed and computed totals, discrepancies);
- forslag/<id>.json beside each page: the same object for one proposal;
- data/budget_lines.csv: one line per proposal × table × row × year, and
  forslag/<id>-tabel-<n>.csv: one table's lines;
- data/datapackage.json: a Frictionless Data Package describing the two archive files.

Pure functions from the (audience-filtered) archive to file texts. The public build's archive
holds public proposals only; internal fields are added for the intranet alone, marked. Nothing
here reads a clock: the same archive gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from . import danish
from .budget import computed_total_row, mismatches, net_by_year
from .model import BudgetTable, Cell, Proposal
from .vocabulary import Vocabulary

FORMAT = "proposal-archive-data"
FORMAT_VERSION = 1
DATA_DIR = "data"
ARCHIVE_JSON = f"{DATA_DIR}/proposals.json"
ARCHIVE_CSV = f"{DATA_DIR}/budget_lines.csv"
DATAPACKAGE = f"{DATA_DIR}/datapackage.json"
TRUE, FALSE = "ja", "nej"

# (name, Frictionless type, Danish title): the CSV's columns, in order; the datapackage's schema
CSV_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("proposal_id", "string", "Forslagets id (siden: forslag/<id>/, data: forslag/<id>.json)"),
    ("code", "string", "Kode"),
    ("table", "integer", "Tabellens nummer i forslaget"),
    ("headline", "boolean", "Forslagets hovedtabel"),
    ("row", "string", "Række"),
    ("row_type", "string", "Rækkens art: line, detail (heraf) eller total"),
    ("net_sign", "integer", "Fortegn, rækken indgår med i tabellens netto (0: indgår ikke)"),
    ("styringsomraade", "string", "Styringsområde"),
    ("year", "string", "År (tabellens kolonne)"),
    ("amount_printed", "string", "Beløb som trykt ('-': intet budgetteret; tom: tom celle)"),
    ("amount_kr", "integer", "Beløb i hele kroner"),
    ("unit", "string", "Enhed"),
    ("price_level", "string", "Prisniveau"),
    ("municipality", "string", "Kommune"),
    ("districts", "string", "Bydele (adskilt af '; ')"),
    ("committee", "string", "Udvalg"),
    ("kind", "string", "Dokumenttype"),
    ("status", "string", "Status"),
    ("proposal_year", "integer", "Forslagets år"),
    ("public", "boolean", "Offentligt forslag"),
)


def proposal_json_path(p: Proposal) -> str:
    """Beside its page forslag/<id>/ (forslag/<id>.html offline), at a stable address."""
    return f"forslag/{p.id}.json"


def table_csv_path(p: Proposal, table: BudgetTable) -> str:
    return f"forslag/{p.id}-tabel-{table.number}.csv"


def json_number(cell: Cell) -> int | float | None:
    """A JSON number of a cell: exact for integers; a decimal like 1,4 as 1.4."""
    if not isinstance(cell, Decimal):
        return None
    return int(cell) if cell == cell.to_integral_value() else float(cell)


def _printed(cell: Cell) -> str:
    return danish.format_cell(cell)


def kroner(cell: Cell, factor: int) -> str:
    if not isinstance(cell, Decimal):
        return ""
    return str(int((cell * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def net_signs(table: BudgetTable) -> dict[int, int]:
    """Row index → the sign it enters the table's net (budget.net_by_year) with; 0 if not."""
    signs = {n: 0 for n in range(len(table.rows))}
    if table.totals and table.totals[0].of:
        by_key = {r.key: n for n, r in enumerate(table.rows) if r.key}
        for sign, key in table.totals[0].of:
            if key in by_key:
                signs[by_key[key]] += sign
    else:
        for n, r in enumerate(table.rows):
            signs[n] = 1 if r.type == "line" else 0
    return signs


def _table_object(table: BudgetTable, factor: int) -> dict:
    columns = [c.id for c in table.columns]
    rows = []
    for r in table.rows:
        rows.append(
            {
                "label": r.label,
                "type": r.type,
                "key": r.key,
                "cells": dict(zip(columns, r.cells, strict=False)),  # (a row may have fewer cells)
                "printed": [_printed(a) for a in r.amounts],
                "amounts": [json_number(a) for a in r.amounts],
                "total_printed": _printed(r.total) if table.total_column else None,
                "total": json_number(r.total) if table.total_column else None,
            }
        )
    totals = []
    for t in table.totals:
        per_year, grand = computed_total_row(table, t)
        totals.append(
            {
                "label": t.label,
                "of": [{"sign": sign, "key": key} for sign, key in t.of],
                "printed": [_printed(a) for a in t.amounts],
                "amounts": [json_number(a) for a in t.amounts],
                "total_printed": _printed(t.total) if table.total_column else None,
                "total": json_number(t.total) if table.total_column else None,
                "computed": [json_number(a) for a in per_year],
                "computed_total": json_number(grand) if table.total_column else None,
            }
        )
    net = net_by_year(table)
    return {
        "number": table.number,
        "title": table.title,
        "unit": table.unit,
        "kroner_per_unit": factor,
        "price_level": table.price_level,
        "headline": table.headline,
        "columns": [{"id": c.id, "heading": c.heading} for c in table.columns],
        "years": list(table.years),
        "total_column": table.total_column,
        "rows": rows,
        "totals": totals,
        "net": {year: json_number(net[year]) if year in net else None for year in table.years},
        "discrepancies": [
            {
                "row": m.row_label,
                "year": m.year,
                "printed": _printed(m.printed),
                "computed": _printed(m.computed),
            }
            for m in mismatches(table)
        ],
    }


Find = Callable[[str], "Proposal | None"]


def proposal_object(p: Proposal, vocab: Vocabulary, audience: str, url: str, find: Find) -> dict:
    """Everything the data files say of one proposal (url: its page, from the site's root;
    find(id): the archive's proposal with that id or earlier id, for the audience: a relation
    names the proposal's id now, as the page links to it, and one left out is left out)."""
    obj = {
        "id": p.id,
        "url": url,
        "data": proposal_json_path(p),
        "code": p.code,
        "title": p.title,
        "kind": {"id": p.kind.id, "label": p.kind.label},
        "status": {"id": p.status.id, "label": p.status.label},
        "municipality": {"id": p.municipality.id, "name": p.municipality.name},
        "administration": p.administration.label if p.administration else None,
        "committee": p.committee.label if p.committee else None,
        "districts": [d.label for d in p.districts],
        "tags": list(p.tags),
        "year": p.year,
        "budget_year": p.budget_year,
        "date": p.date.isoformat() if p.date else None,
        "case_number": p.case_number,
        "document_number": p.document_number,
        "summary": p.summary,
        "meeting": _meeting(p),
        "related": [
            {"id": found.id, "relation": r.relation.id}
            for r in p.related
            if (found := find(r.id)) is not None
        ],
        "public": p.public,
        "budget": [_table_object(t, vocab.unit_factors.get(t.unit, 1)) for t in p.budget],
    }
    if audience == "intranet":
        # marked: the intranet's data alone has them, under a key of their own
        obj["internal"] = {f: getattr(p, f) for f in vocab.internal_fields if getattr(p, f, None)}
    return obj


def _meeting(p: Proposal) -> dict | None:
    m = p.meeting
    if m is None:
        return None
    return {
        "body": m.body,
        "date": m.date.isoformat() if m.date else None,
        "time": m.time,
        "place": m.place,
        "members": list(m.members),
        "absent": list(m.absent),
        "item": m.item,
        "case_type": m.case_type,
    }


def file_header(
    audience: str, vocab: Vocabulary, form: str = FORMAT, version: int = FORMAT_VERSION
) -> dict:
    """What every data file says first: its format and version, its audience, the archive."""
    return {
        "format": form,
        "format_version": version,
        "audience": audience,
        "archive": {"name": vocab.site.get("name"), "publisher": vocab.site.get("publisher")},
    }


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def table_lines(p: Proposal, table: BudgetTable, vocab: Vocabulary) -> Iterator[list[str]]:
    """The CSV lines of one table: its line, detail and printed total rows, one per year."""
    factor = vocab.unit_factors.get(table.unit, 1)
    area_at = next((n for n, c in enumerate(table.columns) if c.id == "styringsomraade"), None)
    about = [
        table.unit,
        table.price_level,
        p.municipality.name,
        "; ".join(d.label for d in p.districts),
        p.committee.label if p.committee else "",
        p.kind.label,
        p.status.label,
        str(p.year) if p.year is not None else "",
        TRUE if p.public else FALSE,
    ]
    head = [p.id, p.code or "", str(table.number), TRUE if table.headline else FALSE]
    signs = net_signs(table)
    shown = [
        (r.label, r.type, signs[n], r.cells, r.amounts)
        for n, r in enumerate(table.rows)
        if r.type != "heading"
    ]
    shown += [(t.label, "total", 0, t.cells, t.amounts) for t in table.totals]
    for label, kind, sign, cells, amounts in shown:
        area = cells[area_at] if area_at is not None and area_at < len(cells) else ""
        for i, year in enumerate(table.years):
            cell = amounts[i] if i < len(amounts) else None
            amount = [_printed(cell), kroner(cell, factor)]
            yield head + [label, kind, str(sign), area, year, *amount, *about]


_BOOLEAN = {"trueValues": [TRUE], "falseValues": [FALSE]}
_HEADER = ",".join(name for name, _, _ in CSV_FIELDS) + "\n"


def _csv(lines) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue()


class Piece(bytes):
    """The next piece of a file too large to hold whole (data/proposals.json and
    data/budget_lines.csv, docs/performance.md): a file's pieces come in order,
    and the file is complete when the files have all been given. Pieces of two files may
    alternate."""

    __slots__ = ()


Made = tuple[bytes, tuple[bytes, ...]]  # a proposal's JSON object and its tables' CSV lines


def data_key(p: Proposal, url: str, digest: bytes, audience: str, find: Find) -> tuple:
    """The render store's key of p's data (its JSON object and its tables' CSV lines): its
    file, the audience, its page's URL, and the id each of its relations names now (an earlier
    id names its proposal's id; a relation to one left out is left out); the store's
    fingerprint covers the configuration (labels, units) and the code."""
    now = tuple(getattr(find(r.id), "id", None) for r in p.related)
    return ("data", digest, audience, url, now)


def heads(audience: str, vocab: Vocabulary) -> tuple[bytes, bytes]:
    """What a data file begins with: a JSON file's header object, open (its next key follows a
    comma), and the CSV files' line of column names."""
    return dumps(file_header(audience, vocab))[:-1].encode("utf-8"), _HEADER.encode("utf-8")


def proposal_data(p: Proposal, vocab: Vocabulary, audience: str, url: str, find: Find) -> Made:
    """p's JSON object and each of its tables' CSV lines, as UTF-8 bytes."""
    obj = dumps(proposal_object(p, vocab, audience, url, find)).encode("utf-8")
    return obj, tuple(_csv(table_lines(p, t, vocab)).encode("utf-8") for t in p.budget)


def datapackage_bytes(vocab: Vocabulary, audience: str) -> bytes:
    package = json.dumps(datapackage(vocab, audience), ensure_ascii=False, indent=2)
    return (package + "\n").encode("utf-8")


def data_files(
    archive,
    audience: str,
    url_of: Callable[[Proposal], str],
) -> Iterator[tuple[str, bytes]]:
    """(path, UTF-8 bytes) of every data file of the archive, each as soon as it is made;
    url_of(p): p's page from the site's root. Each proposal's JSON object and each table's CSV
    lines are made once, written into the proposal's files and given as the next Piece of the
    archive's files: holding the parts to join them last was the largest part of the whole
    build's peak memory (docs/performance.md). (With the render store: opendata_kept.py.)"""
    vocab = archive.vocab
    head, header = heads(audience, vocab)
    yield ARCHIVE_JSON, Piece(head + b',"proposals":[')
    yield ARCHIVE_CSV, Piece(header)
    comma = b""
    for p in archive.proposals:
        obj, parts = proposal_data(p, vocab, audience, url_of(p), archive.find)
        yield proposal_json_path(p), head + b',"proposal":' + obj + b"}\n"
        yield ARCHIVE_JSON, Piece(comma + obj)
        comma = b","
        for table, part in zip(p.budget, parts, strict=True):
            yield table_csv_path(p, table), header + part
            yield ARCHIVE_CSV, Piece(part)
    yield ARCHIVE_JSON, Piece(b"]}\n")
    yield DATAPACKAGE, datapackage_bytes(vocab, audience)


def table_schema(fields: tuple[tuple[str, str, str], ...]) -> dict:
    """The Frictionless Table Schema of a CSV with these (name, type, title) columns."""
    return {
        "fields": [
            {"name": name, "type": kind, "title": title} | (_BOOLEAN if kind == "boolean" else {})
            for name, kind, title in fields
        ],
        "missingValues": [""],
    }


def datapackage(vocab: Vocabulary, audience: str) -> dict:
    """The Frictionless Data Package of data/ (paths relative to data/)."""
    return {
        "name": "proposal-archive" + ("-intranet" if audience == "intranet" else ""),
        "title": vocab.site.get("name"),
        "description": (
            "Budgetforslagenes metadata og budgettabeller. Beløb som trykt og som tal; '-' (intet "
            "budgetteret) holdes adskilt fra 0. Beløb i forskellige enheder og prisniveauer må "
            "ikke lægges sammen, og heller ikke vedtagne og ikke vedtagne forslags beløb."
        ),
        "version": f"{FORMAT_VERSION}.0.0",
        "resources": [
            {
                "name": "budget_lines",
                "path": "budget_lines.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Budgetlinjer: et forslag × tabel × række × år pr. linje",
                "schema": table_schema(CSV_FIELDS),
            },
            {
                "name": "proposals",
                "path": "proposals.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "title": "Forslagene med metadata og budgettabeller (formatet: docs/data.md)",
            },
        ],
    }
