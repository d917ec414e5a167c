"""A Comparison (changes.py) as plain text for a terminal (docs/diff.md): audience changes and
addresses that would break first, in capitals.
"""

from __future__ import annotations

from collections.abc import Iterator

from .change_words import cell_text, counts, signed, table_name, url_of, year_text
from .changes import CellChange, Comparison, Ref, TableChange


def _text_ref(ref: Ref, site_url: str | None) -> str:
    url = url_of(site_url, ref.id)
    return (
        f"{ref.id}: {ref.title}"
        + ("" if ref.public else " (ikke offentlig)")
        + (f" <{url}>" if url else "")
    )


def _text_cells(title: str, cells: tuple[CellChange, ...]) -> Iterator[str]:
    if cells:
        yield f"      {title}:"
        for c in cells:
            diff = f" ({signed(c.difference)})" if c.difference is not None else ""
            yield f"        {c.row}, {year_text(c)}: {cell_text(c.old)} → {cell_text(c.new)}{diff}"


def to_text(c: Comparison, site_url: str | None = None) -> str:
    out = [f"Budgetændringer: {c.base} → {c.head}", counts(c)]
    for title, refs in (
        ("OFFENTLIGGØRES (public: false → true)", c.published),
        ("FJERNES FRA DET OFFENTLIGE SITE (public: true → false)", c.withdrawn),
    ):
        if refs:
            out += ["", f"!!! {title}:"] + [f"  {_text_ref(r, site_url)}" for r in refs]
    if c.lost:
        out += ["", "!!! ADRESSER, DER HOLDER OP MED AT VIRKE (id fjernet uden aliases:):"]
        out += [f"  {lost.id} ({lost.place})" for lost in c.lost]
    for title, refs in (("Tilføjet", c.added), ("Fjernet", c.removed)):
        if refs:
            out += ["", f"{title}:"] + [f"  {_text_ref(r, site_url)}" for r in refs]
    if c.renamed:
        out += ["", "Omdøbt:"]
        out += [
            f"  {r.old_id} → {_text_ref(r.ref, site_url)}" + ("" if r.by_alias else " (UDEN ALIAS)")
            for r in c.renamed
        ]
    if c.changed:
        out += ["", "Ændrede forslag:"]
        for change in c.changed:
            out.append(f"  {_text_ref(change.ref, site_url)}")
            out += [
                f"    {f.label}: {f.old or '(tom)'} → {f.new or '(tom)'}" for f in change.fields
            ]
            for t in change.tables:
                out += list(_text_table(t))
    if c.unreadable:
        out += ["", "Filer med fejl (kan ikke sammenlignes):"] + [f"  {p}" for p in c.unreadable]
    for title, effects in (
        ("Nettovirkning pr. kommune, bydel og år", c.by_district),
        ("Nettovirkning pr. udvalg og år", c.by_committee),
    ):
        if effects:
            out += ["", f"{title}:"]
            out += [
                f"  {e.municipality}, {e.where}, {e.year}: {signed(e.difference)} {e.unit} ({e.price_level})"
                for e in effects
            ]
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
