"""Validation rules. Each rule is a small function, documented by a one-line docstring, that
yields diagnostics and never stops at the first problem. The structural rules come from the
JSON Schema (schema_rules.py), the rules on the body from body_rules.py, the rules on budget
tables from budget_rules.py; the rules on one file's other fields and across the archive's
files are here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .body_rules import rule_body
from .diagnostics import Diagnostic, error, warning
from .reader import SourceFile

# ---------------------------------------------------------------- rules on one proposal's data
# FILE_RULES run on any front matter that is a mapping, even one with structural errors, so a
# reviewer sees every problem at once; the table rules (budget_rules.py) need the structure the
# schema checked.


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def rule_id_matches_filename(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """A proposal's id is its file name, so a page's address can be found from its file."""
    stem = source.path.rsplit("/", 1)[-1].removesuffix(".md")
    if data.get("id") != stem:
        line, col = source.front.where(("id",))
        yield error(
            source.path,
            line,
            col,
            "id-filename",
            f"id '{data.get('id')}' differs from the file name '{stem}.md'; rename one of them",
        )


def rule_dates_exist(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """Dates are real calendar dates."""
    for path in (("date",), ("meeting", "date")):
        value = data.get(path[0]) if len(path) == 1 else _mapping(data.get("meeting")).get("date")
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                line, col = source.front.where(path)
                yield error(
                    source.path,
                    line,
                    col,
                    "bad-date",
                    f"'{value}' is not a date in the calendar; expected YYYY-MM-DD",
                )


def rule_closed_items_not_public(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """A closed agenda item (Sagstype: Lukket) must be marked public: false."""
    meeting = _mapping(data.get("meeting"))
    if meeting.get("case_type") == "Lukket" and data.get("public", True) is not False:
        line, col = source.front.where(("meeting", "case_type"))
        yield error(
            source.path,
            line,
            col,
            "closed-public",
            "a closed agenda item (case_type: Lukket) must have 'public: false'",
        )


def rule_summary_source_needs_summary(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """summary_source describes a summary, so there must be one."""
    if "summary_source" in data and "summary" not in data:
        line, col = source.front.where(("summary_source",))
        yield error(
            source.path,
            line,
            col,
            "summary-source",
            "'summary_source' is given but there is no 'summary'",
        )


FILE_RULES = (
    rule_id_matches_filename,
    rule_dates_exist,
    rule_closed_items_not_public,
    rule_summary_source_needs_summary,
    rule_body,
)


def file_rules(source: SourceFile, data: dict) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in FILE_RULES:
        out.extend(rule(source, data))
    return out


# ---------------------------------------------------------------- rules on the whole archive
# These run on what every file says about itself, valid or not, so that a file with another
# problem still takes part (two files with one id are both reported, whatever else is wrong).


@dataclass(frozen=True)
class Header:
    """What the cross-file rules need to know of one file."""

    path: str
    id: str | None
    id_at: tuple[int, int]  # (line, column) of the id
    code: str | None
    code_line: int
    scope: tuple  # (municipality, year): where a code must be unique
    related: tuple[tuple[str, int], ...]  # (id, line)
    aliases: tuple[
        tuple[str, tuple[int, int]], ...
    ] = ()  # (earlier id, its item's line and column)


def header_of(source: SourceFile) -> Header | None:
    data = source.front.data
    if not isinstance(data, dict):
        return None
    related = []
    for i, item in enumerate(
        data.get("related") or [] if isinstance(data.get("related"), list) else []
    ):
        target = item.get("id") if isinstance(item, dict) else item
        if isinstance(target, str):
            related.append((target, source.front.where(("related", i))[0]))
    aliases = data.get("aliases")
    if not isinstance(aliases, list):
        aliases = []
    year = data.get("budget_year")
    if year is None and isinstance(data.get("date"), str):
        year = data["date"][:4]
    return Header(
        path=source.path,
        id=data.get("id") if isinstance(data.get("id"), str) else None,
        id_at=source.front.where(("id",)),
        code=data.get("code") if isinstance(data.get("code"), str) else None,
        code_line=source.front.where(("code",))[0],
        scope=(str(data.get("municipality")), str(year)),
        related=tuple(related),
        aliases=tuple(
            (a, source.front.where(("aliases", i)))
            for i, a in enumerate(aliases)
            if isinstance(a, str)
        ),
    )


def rule_unique_ids(headers: list[Header]) -> Iterator[Diagnostic]:
    """Ids are unique across the archive."""
    first: dict[str, Header] = {}
    for h in headers:
        if h.id is None:
            continue
        if h.id in first:
            yield error(
                h.path,
                *h.id_at,
                "duplicate-id",
                f"id '{h.id}' is already used by {first[h.id].path}",
            )
        else:
            first[h.id] = h


def rule_related_exist(headers: list[Header]) -> Iterator[Diagnostic]:
    """Every related id names another proposal in the archive, by its id or an earlier one."""
    ids = {h.id: h.id for h in headers if h.id}
    ids.update((a, h.id) for h in headers if h.id for a, _ in h.aliases if a not in ids)
    for h in headers:
        for target, line in h.related:
            if target == h.id or (ids.get(target) == h.id and h.id):
                yield error(h.path, line, 1, "related-self", f"'{h.id}' lists itself as related")
            elif target not in ids:
                yield error(
                    h.path,
                    line,
                    1,
                    "unknown-related",
                    f"related id '{target}' is not a proposal in the archive",
                )


def rule_aliases_unique(headers: list[Header]) -> Iterator[Diagnostic]:
    """An alias (an earlier id) is no proposal's id and no other proposal's alias: each old
    address redirects to one page."""
    ids = {h.id: h for h in headers if h.id}
    first: dict[str, Header] = {}
    for h in headers:
        for alias, at in h.aliases:  # (each said at the alias itself, not at its line's start)
            if alias in ids:
                other = ids[alias]
                whose = "its own id" if other is h else f"the id of {other.path}"
                yield error(
                    h.path,
                    *at,
                    "alias-clash",
                    f"alias '{alias}' is {whose}; an alias is an earlier id that no proposal has now",
                )
            elif alias in first and first[alias] is not h:
                yield error(
                    h.path,
                    *at,
                    "alias-clash",
                    f"alias '{alias}' is also an alias of {first[alias].path}; an old address can redirect to one proposal only",
                )
            else:
                first.setdefault(alias, h)


def rule_codes_unambiguous(headers: list[Header]) -> Iterator[Diagnostic]:
    """A code is used once per municipality and year, so a mention of it links to one proposal."""
    seen: dict[tuple, Header] = {}
    for h in headers:
        if not h.code:
            continue
        key = h.scope + (h.code,)
        if key in seen:
            yield warning(
                h.path,
                h.code_line,
                1,
                "duplicate-code",
                f"code '{h.code}' is also used by {seen[key].path} in {h.scope[1]}; mentions of it will not be linked",
            )
        else:
            seen[key] = h


ARCHIVE_RULES = (rule_unique_ids, rule_aliases_unique, rule_related_exist, rule_codes_unambiguous)


def archive_rules(headers: list[Header]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in ARCHIVE_RULES:
        out.extend(rule(headers))
    return out


__all__ = ["file_rules", "archive_rules", "header_of", "Header"]
