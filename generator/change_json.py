"""A Comparison (changes.py) as JSON for machines, version 1 (docs/diff.md describes it)."""

from __future__ import annotations

import json
from decimal import Decimal

from .change_words import url_of
from .changes import CellChange, Comparison, Effect, Ref


def _json_cell(cell):
    return str(cell) if isinstance(cell, Decimal) else cell


def _json_ref(ref: Ref, site_url: str | None) -> dict:
    return {
        "id": ref.id,
        "title": ref.title,
        "path": ref.path,
        "public": ref.public,
        "url": url_of(site_url, ref.id),
    }


def _json_cells(cells: tuple[CellChange, ...]) -> list[dict]:
    return [
        {
            "row": c.row,
            "year": c.year,
            "old": _json_cell(c.old),
            "new": _json_cell(c.new),
            "difference": _json_cell(c.difference),
        }
        for c in cells
    ]


def _json_effects(effects: tuple[Effect, ...], key: str) -> list[dict]:
    return [
        {
            "municipality": e.municipality,
            key: e.where,
            "year": e.year,
            "unit": e.unit,
            "price_level": e.price_level,
            "difference": str(e.difference),
        }
        for e in effects
    ]


def to_json(c: Comparison, site_url: str | None = None) -> str:
    ref = lambda r: _json_ref(r, site_url)  # noqa: E731
    data = {
        "version": 1,
        "base": c.base,
        "head": c.head,
        "files": c.files,
        "breaks": c.breaks,
        "published": [ref(r) for r in c.published],
        "withdrawn": [ref(r) for r in c.withdrawn],
        "lost_addresses": [
            {
                "id": lost.id,
                "path": lost.path,
                "at": dict(zip(("path", "line", "column"), lost.at, strict=True)),
            }
            for lost in c.lost
        ],
        "added": [ref(r) for r in c.added],
        "removed": [ref(r) for r in c.removed],
        "renamed": [{"old_id": r.old_id, "by_alias": r.by_alias, **ref(r.ref)} for r in c.renamed],
        "changed": [
            {
                **ref(p.ref),
                "fields": [
                    {"field": f.field, "label": f.label, "old": f.old, "new": f.new}
                    for f in p.fields
                ],
                "tables": [
                    {
                        "number": t.number,
                        "title": t.title,
                        "status": t.status,
                        "unit": {"old": t.unit[0], "new": t.unit[1]},
                        "price_level": {"old": t.price_level[0], "new": t.price_level[1]},
                        "rows_added": list(t.rows_added),
                        "rows_removed": list(t.rows_removed),
                        "cells": _json_cells(t.cells),
                        "totals": _json_cells(t.totals),
                    }
                    for t in p.tables
                ],
            }
            for p in c.changed
        ],
        "unreadable": list(c.unreadable),
        "net_effect": {
            "by_district": _json_effects(c.by_district, "district"),
            "by_committee": _json_effects(c.by_committee, "committee"),
        },
        "introduced": [d.as_json() for d in c.introduced],
        "fixed": [d.as_json() for d in c.fixed],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
