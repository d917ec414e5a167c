"""A Comparison (changes.py) as Markdown, for a pull-request comment or GitHub's job summary
(docs/diff.md). What changes a proposal's audience comes first, then addresses that would break;
a report longer than GitHub allows is cut, item by item, with a count of what was left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .change_words import cell_text, counts, signed, table_name, url_of, year_text
from .changes import Comparison, Effect, ProposalChange, Ref, TableChange
from .danish import number
from .diagnostics import Diagnostic

GITHUB_LIMIT = 65_536  # characters in a pull-request comment (and a job summary's step)

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
        yield (
            f"- **{md(table_name(change.number, change.title))}** ({md(unit)}, {md(level)}) er {'tilføjet' if change.status == 'added' else 'fjernet'}.",
            1,
        )
        return
    yield f"- **{md(table_name(change.number, change.title))}** ({md(unit)}, {md(level)})", 0
    if change.unit[0] != unit:
        yield (
            f"  - **Enheden er ændret:** {md(change.unit[0])} → {md(unit)}. Beløbene kan ikke sammenlignes.",
            1,
        )
    if change.price_level[0] != level:
        yield (
            f"  - **Prisniveauet er ændret:** {md(change.price_level[0])} → {md(level)}. Beløbene kan ikke sammenlignes.",
            1,
        )
    if change.rows_added:
        yield f"  - Rækker tilføjet: {', '.join(md(r) for r in change.rows_added)}", 1
    if change.rows_removed:
        yield f"  - Rækker fjernet: {', '.join(md(r) for r in change.rows_removed)}", 1
    for title, cells in (("Beløb", change.cells), ("Trykte totaler", change.totals)):
        if cells:
            yield (
                f"\n  {title}:\n\n  "
                + _row("Række", "År", "Før", "Efter", "Forskel")
                + "\n  |---|---|--:|--:|--:|",
                0,
            )
            for c in cells:
                yield (
                    "  "
                    + _row(
                        md(c.row),
                        md(year_text(c)),
                        cell_text(c.old),
                        cell_text(c.new),
                        signed(c.difference),
                    ),
                    1,
                )
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
    yield (
        f"\n#### {title}\n\n"
        + _row("Kommune", where, "År", "Ændring", "Enhed", "P/l")
        + "\n|---|---|---|--:|---|---|",
        0,
    )
    for e in effects:
        yield (
            _row(
                md(e.municipality),
                md(e.where),
                md(e.year),
                signed(e.difference),
                md(e.unit),
                md(e.price_level),
            ),
            1,
        )


def _md_findings(title: str, findings: tuple[Diagnostic, ...]) -> Iterator[tuple[str, int]]:
    if findings:
        yield f"\n**{title} ({len(findings)})**\n", 0
        for d in findings:
            yield (
                f"- `{d.path}:{d.line}:{d.column}` {d.severity.value}: {md(d.message)} \\[{d.code}\\]",
                1,
            )


def _md_first(c: Comparison, site_url: str | None) -> list[str]:
    """What is never cut: audience changes and lost addresses."""
    out = [f"## Budgetændringer: `{c.base}` → `{c.head}`", "", counts(c)]
    if c.published or c.withdrawn:
        out += ["", "> [!CAUTION]"]
        if c.published:
            out.append("> **Denne ændring offentliggør lukkede forslag** (`public: false → true`):")
            out += [f"> - {_md_ref(r, site_url)}" for r in c.published]
        if c.withdrawn:
            out += [">"] if c.published else []
            out.append(
                "> **Denne ændring fjerner forslag fra det offentlige site** (`public: true → false`):"
            )
            out += [f"> - {_md_ref(r, site_url)}" for r in c.withdrawn]
    if c.lost:
        out += [
            "",
            "> [!WARNING]",
            "> **Adresser, der holder op med at virke** (id fjernet uden `aliases:`):",
        ]
        out += [f"> - `{lost.id}` (`{lost.place}`)" for lost in c.lost]
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
            note = (
                "den gamle adresse omdirigeres"
                if renamed.by_alias
                else "**uden alias: den gamle adresse holder op med at virke**"
            )
            yield f"- `{renamed.old_id}` → {_md_ref(renamed.ref, site_url)} ({note})", 1
    if c.changed:
        yield f"\n### Ændrede forslag ({len(c.changed)})", 0
        for change in c.changed:
            yield from _md_proposal(change, site_url)
    if c.unreadable:
        yield (
            "\n### Filer med fejl\n\nKan ikke sammenlignes, før fejlene er rettet (se *Check* nedenfor):\n",
            0,
        )
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
