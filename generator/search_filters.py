"""The search page's filters: for every proposal, its year, municipality, districts, committee,
administration, kind and status, in one small file (search-index/filters.json) that the
browser reads to narrow a search, to count each value's matches, and to list every match of
filters chosen without words (theme/assets/search.js).

The values are the facets' own terms (generator/facets.py, gathered in Archive.terms): the same
slugs as the index pages' addresses and the same labels. The file is columnar, one string per
facet with a fixed-width code per document (documents in the index's order, newest first), so
that a large archive's file is some tens of KB rather than a list of numbers per value
(docs/search.md):

    {"version": 1, "documents": N, "filters": [
      {"param": "aar", "legend": "År", "values": [[slug, label], …],
       "sets": [[value, …], …], "width": 1, "column": "…"}, …]}

A document's code in "column" (width characters, digits of ALPHABET, most significant first)
is the index of its set of values in "sets" (a district facet's proposal may name several).
"""

from __future__ import annotations

import json

from .archive import Archive
from .facets import FACETS

FILE = "filters.json"
VERSION = 1

# The facets offered as filters, in the page's order, and the name of each in the address
# (/sog/?q=skole&aar=2024&bydel=amager-vest): singular Danish, as a reader would write it.
PARAMS = (
    ("aar", "aar"),
    ("kommuner", "kommune"),
    ("bydele", "bydel"),
    ("udvalg", "udvalg"),
    ("forvaltninger", "forvaltning"),
    ("typer", "type"),
    ("status", "status"),
)

# printable ASCII without '"' and '\\', the characters a JSON string holds as they are
ALPHABET = "".join(chr(c) for c in range(35, 127) if chr(c) != "\\")


def _code(n: int, width: int) -> str:
    digits = []
    for _ in range(width):
        n, digit = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _facet(archive: Archive, facet_id: str, param: str) -> dict:
    facet = next(f for f in FACETS if f.id == facet_id)
    terms = list(archive.terms[facet_id])
    number = {t: i for i, t in enumerate(terms)}
    sets: dict[tuple[int, ...], int] = {}
    of_document = []
    for p in archive.proposals:
        values = tuple(number[t] for t in archive.terms_of[(p.id, facet_id)])
        of_document.append(sets.setdefault(values, len(sets)))
    width = 1
    while len(ALPHABET) ** width < len(sets):
        width += 1
    return {
        "param": param,
        "legend": facet.title,
        "values": [[t.slug, t.label] for t in terms],
        "sets": [list(values) for values in sets],
        "width": width,
        "column": "".join(_code(n, width) for n in of_document),
    }


def filter_file(archive: Archive) -> str:
    """filters.json for the archive (the audience's: a public build's archive holds the public
    proposals only), its documents numbered as the search index numbers them."""
    data = {
        "version": VERSION,
        "documents": len(archive.proposals),
        "filters": [_facet(archive, facet_id, param) for facet_id, param in PARAMS],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
