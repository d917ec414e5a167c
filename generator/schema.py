"""The JSON Schema of a proposal's front matter, built from the vocabulary.

It is the single source of the file's structure: `check` validates with it, and
`proposal-archive schema` publishes it (schema/proposal.schema.json) for editors.
Rules that a schema cannot express well (sums, cross-file references) live in rules.py and
budget_rules.py.
"""

from __future__ import annotations

import json

from .slugs import SLUG_PATTERN
from .vocabulary import Vocabulary

SCHEMA_ID = "https://github.com/proposal-archive/proposal-archive/schema/proposal.schema.json"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
PRICE_LEVEL = r"^(\d{4} p/l|løbende priser)$"
ROW_KEY = r"^[a-z0-9_]+$"
ID_MAX = 80
# The fields of a budget row and a total besides the table's descriptive columns (whose ids are
# fields of the same objects, so they may not be one of these)
ROW_FIELDS = ("label", "type", "key", "amounts", "total", "of")

AMOUNT = {
    "description": 'An amount as printed: a number (savings negative), "-" where the document prints a dash, null where the cell is empty.',
    "anyOf": [{"type": "number"}, {"const": "-"}, {"type": "null"}],
}


def _columns(vocab: Vocabulary) -> dict:
    return {
        c.id: {"type": "string", "description": f"Column '{c.heading}' as printed."}
        for c in vocab.columns
    }


def proposal_schema(vocab: Vocabulary) -> dict:
    columns = _columns(vocab)
    row = {
        "type": "object",
        "required": ["label"],
        "additionalProperties": False,
        "properties": {
            "label": {"type": "string", "description": "The row's label as printed."},
            "type": {
                "enum": ["line", "heading", "detail"],
                "description": "line (default, summed), heading (a group label, no amounts), detail (a 'heraf' line: shown, not summed).",
            },
            "key": {
                "type": "string",
                "pattern": ROW_KEY,
                "description": "A name for the row, for totals' `of`.",
            },
            "amounts": {
                "type": "array",
                "items": AMOUNT,
                "description": "One amount per year, in the order of `years`.",
            },
            "total": AMOUNT | {"description": "The row's printed total ('I alt' column)."},
            **columns,
        },
    }
    total = {
        "type": "object",
        "required": ["label", "amounts"],
        "additionalProperties": False,
        "properties": {
            "label": {"type": "string"},
            "amounts": {"type": "array", "items": AMOUNT},
            "total": AMOUNT,
            "of": {
                "type": "array",
                "items": {"type": "string", "pattern": r"^-?[a-z0-9_]+$"},
                "minItems": 1,
                "description": "Terms when the total is not the plain sum of the line rows: row keys, '-' to subtract.",
            },
            **columns,
        },
    }
    table = {
        "type": "object",
        "required": ["title", "unit", "price_level", "years", "rows"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "unit": {"enum": list(vocab.units), "description": "The unit all amounts are in."},
            "price_level": {
                "type": "string",
                "pattern": PRICE_LEVEL,
                "description": "'2018 p/l' or 'løbende priser'.",
            },
            "label_heading": {"type": "string"},
            "columns": {
                "type": "array",
                "items": {"enum": [c.id for c in vocab.columns]},
                "uniqueItems": True,
            },
            "years": {
                "type": "array",
                "minItems": 1,
                "items": {"anyOf": [{"type": "integer"}, {"type": "string", "minLength": 1}]},
            },
            "total_column": {
                "type": "boolean",
                "description": "The table prints an 'I alt' column.",
            },
            "headline": {
                "type": "boolean",
                "description": "This table states the proposal's economy.",
            },
            "rows": {"type": "array", "minItems": 1, "items": row},
            "totals": {"type": "array", "items": total},
        },
    }
    related_item = {
        "anyOf": [
            {"type": "string", "pattern": SLUG_PATTERN},
            {
                "type": "object",
                "required": ["id"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": SLUG_PATTERN},
                    "relation": {"enum": vocab.relations.ids()},
                },
            },
        ]
    }
    meeting = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "body": {"type": "string"},
            "date": {"type": "string", "pattern": ISO_DATE},
            "time": {"type": "string"},
            "place": {"type": "string"},
            "members": {"type": "array", "items": {"type": "string"}},
            "absent": {"type": "array", "items": {"type": "string"}},
            "item": {"type": "integer", "minimum": 1},
            "case_type": {"enum": ["Åben", "Lukket"]},
        },
    }
    source = {
        "type": "object",
        "additionalProperties": False,
        "required": ["file"],
        "description": "The document the proposal was made from; a copy in the archive's sources/ "
        "is served with a public proposal.",
        "properties": {
            "file": {
                "type": "string",
                "pattern": r"^[^/\\.][^/\\]*$",
                "description": "The original file's name (sources/<file> if kept).",
            },
            "sha256": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
                "description": "SHA-256 of the original file's bytes.",
            },
            "pages": {
                "type": "string",
                "pattern": "^[0-9]+(-[0-9]+)?$",
                "description": "The pages of the original it fills, e.g. 3-5.",
            },
            "url": {
                "type": "string",
                "pattern": "^https?://",
                "description": "Where the original was published.",
            },
        },
    }
    per_municipality = [
        {
            "if": {"properties": {"municipality": {"const": m.id}}, "required": ["municipality"]},
            "then": {
                "properties": {
                    "districts": {"items": {"enum": m.districts.accepted()}},
                    "administration": {"enum": m.administrations.accepted()},
                    "committee": {"enum": m.committees.accepted()},
                }
            },
        }
        for m in vocab.municipalities.values()
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Budget proposal (front matter)",
        "description": "Front matter of a proposal file in proposals/. See docs/format.md.",
        "type": "object",
        "required": ["id", "title", "kind", "municipality", "status", "districts"],
        "anyOf": [{"required": ["budget_year"]}, {"required": ["date"]}],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "pattern": SLUG_PATTERN,
                "maxLength": ID_MAX,
                "description": "Stable, unique, URL-safe id.",
            },
            "aliases": {
                "type": "array",
                "uniqueItems": True,
                "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": ID_MAX},
                "description": "Earlier ids: each old address redirects to this proposal.",
            },
            "code": {
                "type": "string",
                "minLength": 1,
                "description": "The code as printed, e.g. BI_10.",
            },
            "title": {"type": "string", "minLength": 1},
            "kind": {"enum": vocab.kinds.ids()},
            "municipality": {"enum": list(vocab.municipalities)},
            "administration": {"type": "string"},
            "committee": {"type": "string"},
            "budget_year": {"type": "integer", "minimum": 1900, "maximum": 2200},
            "date": {
                "type": "string",
                "pattern": ISO_DATE,
                "description": "ISO date, e.g. 2018-11-08.",
            },
            "case_number": {"type": "string"},
            "document_number": {"type": "string"},
            "status": {"enum": vocab.statuses.ids()},
            "public": {"type": "boolean"},
            "caseworker": {
                "type": "string",
                "description": "Sagsbehandler: personal data, never published publicly.",
            },
            "internal_notes": {
                "type": "string",
                "description": "Notes for staff: shown on the intranet only.",
            },
            "districts": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string"},
            },
            "tags": {
                "type": "array",
                "uniqueItems": True,
                "items": {"type": "string", "minLength": 1},
            },
            "related": {"type": "array", "items": related_item},
            "summary": {"type": "string", "minLength": 1},
            "summary_source": {"enum": ["document", "archive"]},
            "meeting": meeting,
            "source": source,
            "budget": {"type": "array", "items": table},
        },
        "allOf": per_municipality,
    }


def schema_json(vocab: Vocabulary) -> str:
    return json.dumps(proposal_schema(vocab), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
