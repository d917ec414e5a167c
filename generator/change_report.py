"""A Comparison (changes.py) said in Danish: Markdown for a pull-request comment or GitHub's job
summary, plain text for a terminal, JSON for machines (docs/diff.md describes it).

What changes a proposal's audience comes first, then addresses that would break; a Markdown
report longer than GitHub allows is cut, item by item, with a count of what was left out.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal

from .changes import CellChange, Comparison, Effect, ProposalChange, Ref, TableChange
from .danish import format_cell, number
from .diagnostics import Diagnostic

GITHUB_LIMIT = 65_536  # characters in a pull-request comment (and a job summary's step)
PROPOSAL_PATH = "forslag/{id}/"


def _cell(cell) -> str:
    return format_cell(cell) or "(tom)"


def _signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + number(value)


def _year(change: CellChange) -> str:
    return change.year if change.year is not None else "I alt"


def table_name(number: int, title: str) -> str:
    """'Tabel 2 – Udgifter' as printed; a title that does not say its number gets it in front."""
    return title if title.casefold().startswith("tabel") else f"Tabel {number}: {title}"


def url_of(site_url: str | None, id_: str) -> str | None:
    return site_url.rstrip("/") + "/" + PROPOSAL_PATH.format(id=id_) if site_url else None


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(text: str) -> str:
    """Text as literal Markdown: no markup, link, HTML or table cell boundary can come of it."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_ref(ref: Ref, site_url: str | None) -> str:
    url = url_of(site_url, ref.id)
    name = f"[`{ref.id}`]({url})" if url else f"`{ref.id}`"
    return f"{name}: {md(ref.title)}" + ("" if ref.public else " *(ikke offentlig)*")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(change: TableChange) -> Iterator[tuple[str, int]]:
    unit, level = change.unit[1], change.price_level[1]
    if change.status != "changed":
        yield f"- **{md(table_name(change.number, change.title))}** ({md(unit)}, {md(level)}) er {'tilføjet' if change.status == 'added' else 'fjernet'}.", 1
        return
    yield f"- **{md(table_name(change.number, change.title))}** ({md(unit)}, {md(level)})", 0
    if change.unit[0] != unit:
        yield f"  - **Enheden er ændret:** {md(change.unit[0])} → {md(unit)}. Beløbene kan ikke sammenlignes.", 1
    if change.price_level[0] != level:
        yield f"  - **Prisniveauet er ændret:** {md(change.price_level[0])} → {md(level)}. Beløbene kan ikke sammenlignes.", 1
    if change.rows_added:
        yield f"  - Rækker tilføjet: {', '.join(md(r) for r in change.rows_added)}", 1
    if change.rows_removed:
        yield f"  - Rækker fjernet: {', '.join(md(r) for r in change.rows_removed)}", 1
    for title, cells in (("Beløb", change.cells), ("Trykte totaler", change.totals)):
        if cells:
            yield f"\n  {title}:\n\n  " + _row("Række", "År", "Før", "Efter", "Forskel") + "\n  |---|---|--:|--:|--:|", 0
            for c in cells:
                yield "  " + _row(md(c.row), md(_year(c)), _cell(c.old), _cell(c.new), _signed(c.difference)), 1
            yield "", 0


def _md_proposal(change: ProposalChange, site_url: str | None) -> Iterator[tuple[str, int]]:
    yield f"\n#### {_md_ref(change.ref, site_url)}\n", 0
    if change.fields:
        yield _row("Felt", "Før", "Efter") + "\n|---|---|---|", 0
        for f in change.fields:
            yield _row(md(f.label), md(f.old) or "(tom)", md(f.new) or "(tom)"), 1
        yield "", 0
    for table in change.tables:
        yield from _md_table(table)


def _md_effects(title: str, where: str, effects: tuple[Effect, ...]) -> Iterator[tuple[str, int]]:
    if not effects:
        return
    yield f"\n#### {title}\n\n" + _row("Kommune", where, "År", "Ændring", "Enhed", "P/l") + "\n|---|---|---|--:|---|---|", 0
    for e in effects:
        yield _row(md(e.municipality), md(e.where), md(e.year), _signed(e.difference), md(e.unit), md(e.price_level)), 1


def _md_findings(title: str, findings: tuple[Diagnostic, ...]) -> Iterator[tuple[str, int]]:
    if findings:
        yield f"\n**{title} ({len(findings)})**\n", 0
        for d in findings:
            yield f"- `{d.path}:{d.line}:{d.column}` {d.severity.value}: {md(d.message)} \\[{d.code}\\]", 1


def _md_first(c: Comparison, site_url: str | None) -> list[str]:
    """What is never cut: audience changes and lost addresses."""
    out = [f"## Budgetændringer: `{c.base}` → `{c.head}`", "", _counts(c)]
    if c.published or c.withdrawn:
        out += ["", "> [!CAUTION]"]
        if c.published:
            out.append("> **Denne ændring offentliggør lukkede forslag** (`public: false → true`):")
            out += [f"> - {_md_ref(r, site_url)}" for r in c.published]
        if c.withdrawn:
            out += [">"] if c.published else []
            out.append("> **Denne ændring fjerner forslag fra det offentlige site** (`public: true → false`):")
            out += [f"> - {_md_ref(r, site_url)}" for r in c.withdrawn]
    if c.lost:
        out += ["", "> [!WARNING]", "> **Adresser, der holder op med at virke** (id fjernet uden `aliases:`):"]
        out += [f"> - `{lost.id}` (`{lost.path}`)" for lost in c.lost]
    return out


def _md_items(c: Comparison, site_url: str | None) -> Iterator[tuple[str, int]]:
    for title, refs in (("Tilføjet", c.added), ("Fjernet", c.removed)):
        if refs:
            yield f"\n### {title} ({len(refs)})\n", 0
            for r in refs:
                yield f"- {_md_ref(r, site_url)}", 1
    if c.renamed:
        yield f"\n### Omdøbt ({len(c.renamed)})\n", 0
        for renamed in c.renamed:
            note = "den gamle adresse omdirigeres" if renamed.by_alias else "**uden alias: den gamle adresse holder op med at virke**"
            yield f"- `{renamed.old_id}` → {_md_ref(renamed.ref, site_url)} ({note})", 1
    if c.changed:
        yield f"\n### Ændrede forslag ({len(c.changed)})", 0
        for change in c.changed:
            yield from _md_proposal(change, site_url)
    if c.unreadable:
        yield "\n### Filer med fejl\n\nKan ikke sammenlignes, før fejlene er rettet (se *Check* nedenfor):\n", 0
        for path in c.unreadable:
            yield f"- `{path}`", 1
    if c.by_district or c.by_committee:
        yield "\n### Nettovirkning\n\n" + _EFFECT_NOTE, 0
        yield from _md_effects("Pr. kommune, bydel og år", "Bydel", c.by_district)
        yield from _md_effects("Pr. udvalg og år", "Udvalg", c.by_committee)
    if c.introduced or c.fixed:
        yield "\n### Check", 0
        yield from _md_findings("Nye fund", c.introduced)
        yield from _md_findings("Rettede fund", c.fixed)


_EFFECT_NOTE = (
    "Ændringen af hvert forslags hovedtabel, beregnet af dens linjer, som bydels- og udvalgssiderne "
    "summerer dem. Beløb i forskellige enheder eller prisniveauer (p/l) lægges aldrig sammen."
)


def _counts(c: Comparison) -> str:
    parts = [f"{c.files} fil{'er' if c.files != 1 else ''} ændret", f"{len(c.added)} tilføjet", f"{len(c.removed)} fjernet"]
    parts += [f"{len(c.renamed)} omdøbt", f"{len(c.changed)} ændret"]
    parts += [f"{len(c.introduced)} {'nyt' if len(c.introduced) == 1 else 'nye'} fund"]
    parts += [f"{len(c.fixed)} {'rettet' if len(c.fixed) == 1 else 'rettede'} fund"]
    return " · ".join(parts)


def to_markdown(c: Comparison, site_url: str | None = None, limit: int = GITHUB_LIMIT) -> str:
    """The report as Markdown of at most limit characters."""
    lines = _md_first(c, site_url)
    size = sum(len(line) + 1 for line in lines)
    items = list(_md_items(c, site_url))
    footer = "\n*… {n} flere linjer er udeladt her (GitHub tillader {limit} tegn); kør `proposal-archive diff --format text` for det hele.*"
    reserve = len(footer) + 20
    for i, (line, _) in enumerate(items):
        if size + len(line) + 1 > limit - reserve:
            left = sum(n for _, n in items[i:])
            lines.append(footer.format(n=number(left), limit=number(limit)))
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- plain text

def _text_ref(ref: Ref, site_url: str | None) -> str:
    url = url_of(site_url, ref.id)
    return f"{ref.id}: {ref.title}" + ("" if ref.public else " (ikke offentlig)") + (f" <{url}>" if url else "")


def _text_cells(title: str, cells: tuple[CellChange, ...]) -> Iterator[str]:
    if cells:
        yield f"      {title}:"
        for c in cells:
            diff = f" ({_signed(c.difference)})" if c.difference is not None else ""
            yield f"        {c.row}, {_year(c)}: {_cell(c.old)} → {_cell(c.new)}{diff}"


def to_text(c: Comparison, site_url: str | None = None) -> str:
    out = [f"Budgetændringer: {c.base} → {c.head}", _counts(c)]
    for title, refs in (
        ("OFFENTLIGGØRES (public: false → true)", c.published),
        ("FJERNES FRA DET OFFENTLIGE SITE (public: true → false)", c.withdrawn),
    ):
        if refs:
            out += ["", f"!!! {title}:"] + [f"  {_text_ref(r, site_url)}" for r in refs]
    if c.lost:
        out += ["", "!!! ADRESSER, DER HOLDER OP MED AT VIRKE (id fjernet uden aliases:):"]
        out += [f"  {lost.id} ({lost.path})" for lost in c.lost]
    for title, refs in (("Tilføjet", c.added), ("Fjernet", c.removed)):
        if refs:
            out += ["", f"{title}:"] + [f"  {_text_ref(r, site_url)}" for r in refs]
    if c.renamed:
        out += ["", "Omdøbt:"]
        out += [f"  {r.old_id} → {_text_ref(r.ref, site_url)}" + ("" if r.by_alias else " (UDEN ALIAS)") for r in c.renamed]
    if c.changed:
        out += ["", "Ændrede forslag:"]
        for change in c.changed:
            out.append(f"  {_text_ref(change.ref, site_url)}")
            out += [f"    {f.label}: {f.old or '(tom)'} → {f.new or '(tom)'}" for f in change.fields]
            for t in change.tables:
                out += list(_text_table(t))
    if c.unreadable:
        out += ["", "Filer med fejl (kan ikke sammenlignes):"] + [f"  {p}" for p in c.unreadable]
    for title, effects in (("Nettovirkning pr. kommune, bydel og år", c.by_district), ("Nettovirkning pr. udvalg og år", c.by_committee)):
        if effects:
            out += ["", f"{title}:"]
            out += [f"  {e.municipality}, {e.where}, {e.year}: {_signed(e.difference)} {e.unit} ({e.price_level})" for e in effects]
    for title, findings in (("Nye fund", c.introduced), ("Rettede fund", c.fixed)):
        if findings:
            out += ["", f"{title}:"] + [f"  {d.as_text()}" for d in findings]
    return "\n".join(out) + "\n"


def _text_table(t: TableChange) -> Iterator[str]:
    unit, level = t.unit[1], t.price_level[1]
    if t.status != "changed":
        yield f"    {table_name(t.number, t.title)} ({unit}, {level}) er {'tilføjet' if t.status == 'added' else 'fjernet'}"
        return
    yield f"    {table_name(t.number, t.title)} ({unit}, {level})"
    if t.unit[0] != unit:
        yield f"      ENHEDEN ER ÆNDRET: {t.unit[0]} → {unit} (beløbene kan ikke sammenlignes)"
    if t.price_level[0] != level:
        yield f"      PRISNIVEAUET ER ÆNDRET: {t.price_level[0]} → {level} (beløbene kan ikke sammenlignes)"
    if t.rows_added:
        yield f"      Rækker tilføjet: {', '.join(t.rows_added)}"
    if t.rows_removed:
        yield f"      Rækker fjernet: {', '.join(t.rows_removed)}"
    yield from _text_cells("Beløb", t.cells)
    yield from _text_cells("Trykte totaler", t.totals)


# ---------------------------------------------------------------- JSON

def _json_cell(cell):
    return str(cell) if isinstance(cell, Decimal) else cell


def _json_ref(ref: Ref, site_url: str | None) -> dict:
    return {"id": ref.id, "title": ref.title, "path": ref.path, "public": ref.public, "url": url_of(site_url, ref.id)}


def _json_cells(cells: tuple[CellChange, ...]) -> list[dict]:
    return [
        {"row": c.row, "year": c.year, "old": _json_cell(c.old), "new": _json_cell(c.new), "difference": _json_cell(c.difference)}
        for c in cells
    ]


def _json_effects(effects: tuple[Effect, ...], key: str) -> list[dict]:
    return [
        {"municipality": e.municipality, key: e.where, "year": e.year, "unit": e.unit, "price_level": e.price_level, "difference": str(e.difference)}
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
        "lost_addresses": [{"id": lost.id, "path": lost.path} for lost in c.lost],
        "added": [ref(r) for r in c.added],
        "removed": [ref(r) for r in c.removed],
        "renamed": [{"old_id": r.old_id, "by_alias": r.by_alias, **ref(r.ref)} for r in c.renamed],
        "changed": [
            {
                **ref(p.ref),
                "fields": [{"field": f.field, "label": f.label, "old": f.old, "new": f.new} for f in p.fields],
                "tables": [
                    {
                        "number": t.number, "title": t.title, "status": t.status,
                        "unit": {"old": t.unit[0], "new": t.unit[1]},
                        "price_level": {"old": t.price_level[0], "new": t.price_level[1]},
                        "rows_added": list(t.rows_added), "rows_removed": list(t.rows_removed),
                        "cells": _json_cells(t.cells), "totals": _json_cells(t.totals),
                    }
                    for t in p.tables
                ],
            }
            for p in c.changed
        ],
        "unreadable": list(c.unreadable),
        "net_effect": {"by_district": _json_effects(c.by_district, "district"), "by_committee": _json_effects(c.by_committee, "committee")},
        "introduced": [d.as_json() for d in c.introduced],
        "fixed": [d.as_json() for d in c.fixed],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"markdown": to_markdown, "text": to_text, "json": to_json}
