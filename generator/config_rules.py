"""Rules of config/ across entries and files, each a small function with a one-line docstring
that yields diagnostics (what one key may hold is declared in configuration.py instead)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .diagnostics import Diagnostic
from .options import Checked, earlier
from .schema import ROW_FIELDS
from .slugs import slugify


@dataclass(frozen=True)
class File:
    """A checked file: where its diagnostics point, and its data with every declared key (a
    wrong value is None)."""

    checked: Checked
    data: dict

    def error(self, path: tuple, code: str, message: str) -> Diagnostic:
        return self.checked.error(path, code, message)

    def line(self, path: tuple) -> int:
        return self.checked.line(path)


_ARCHIVE_LISTS = (("kinds", "kind"), ("statuses", "status"), ("relations", "relation"))
_MUNICIPAL_LISTS = (
    ("districts", "district"),
    ("administrations", "administration"),
    ("committees", "committee"),
)


def cross_file_rules(
    archive: File | None, municipalities: list[File], importing: File | None
) -> Iterator[Diagnostic]:
    """Every rule below, on the files that could be read."""
    if archive is not None:
        yield from rule_unique_ids(archive)
        yield from rule_reserved_columns(archive)
        for key, what in _ARCHIVE_LISTS:
            yield from rule_one_entry_per_spelling(archive, key, what)
    yield from rule_unique_municipalities(municipalities)
    for m in municipalities:
        yield from rule_id_is_file_name(m)
        yield from rule_city_wide(m)
        for key, what in _MUNICIPAL_LISTS:
            yield from rule_one_entry_per_spelling(m, key, what)
            yield from rule_distinct_slugs(m, key, what)
    if importing is not None:
        yield from rule_subheading_parents(importing)
        if archive is not None:
            yield from rule_import_references(importing, archive)


def rule_unique_ids(archive: File) -> Iterator[Diagnostic]:
    """A kind, status, relation, unit or column id is given once in its list."""
    for key, what in (*_ARCHIVE_LISTS, ("units", "unit"), ("columns", "column")):
        for i, first, value in earlier(archive.data[key] or [], lambda item: item["id"]):
            yield archive.error(
                (key, i, "id"),
                "duplicate-id",
                f"{what} id {value!r} is already given on line {archive.line((key, first))}; "
                f"each id names one {what}",
            )


def rule_reserved_columns(archive: File) -> Iterator[Diagnostic]:
    """A column id is not one of the fields every budget row has."""
    for i, column in enumerate(archive.data["columns"] or []):
        if column is not None and column["id"] in ROW_FIELDS:
            yield archive.error(
                ("columns", i, "id"),
                "reserved-name",
                f"column id {column['id']!r} is a field of every budget row; "
                f"choose another (not: {', '.join(ROW_FIELDS)})",
            )


def _spellings(item: dict) -> Iterator[tuple[str | None, tuple, bool]]:
    """(spelling, its path below the item, is it an id) of one entry of a list."""
    if "id" in item:
        yield item["id"], ("id",), True
        yield item["label"], ("label",), False
    else:
        yield item["name"], ("name",), False
        for n, alias in enumerate(item["aliases"] or []):
            yield alias, ("aliases", n), False


def rule_one_entry_per_spelling(file: File, key: str, what: str) -> Iterator[Diagnostic]:
    """Each spelling of a list (id, label, name, alias; in any case) names one of its entries."""
    owner: dict[str, tuple[int, bool]] = {}  # a spelling, folded → (its entry, is it an id)
    for i, item in enumerate(file.data[key] or []):
        if item is None:
            continue
        for spelling, below, is_id in _spellings(item):
            if spelling is None:
                continue
            first, first_is_id = owner.setdefault(spelling.casefold(), (i, is_id))
            if first == i or (is_id and first_is_id):
                continue  # (the same entry, or two ids: rule_unique_ids says it)
            yield file.error(
                (key, i, *below),
                "duplicate-value",
                f"{spelling!r} also names the {what} on line {file.line((key, first))}; "
                f"each name, label and alias must name one {what}",
            )


def rule_distinct_slugs(file: File, key: str, what: str) -> Iterator[Diagnostic]:
    """A municipality's districts (administrations, committees) have distinct page addresses."""
    items = file.data[key] or []
    for i, first, slug in earlier(items, lambda item: item["name"] and slugify(item["name"])):
        this, other = items[i]["name"], items[first]["name"]
        if this.casefold() == other.casefold():
            continue  # (the same name twice: rule_one_entry_per_spelling says it)
        yield file.error(
            (key, i, "name"),
            "duplicate-slug",
            f"{what} {this!r} would have the same page address ('{slug}') as {other!r} "
            f"on line {file.line((key, first))}; rename one of them",
        )


def rule_id_is_file_name(m: File) -> Iterator[Diagnostic]:
    """A municipality's id is its file's name."""
    stem = m.checked.display.rsplit("/", 1)[-1].removesuffix(".yml")
    if m.data["id"] is not None and m.data["id"] != stem:
        yield m.error(
            ("id",),
            "id-filename",
            f"id {m.data['id']!r} differs from the file name '{stem}.yml'; rename one of them",
        )


def rule_unique_municipalities(municipalities: list[File]) -> Iterator[Diagnostic]:
    """A municipality id is used by one file."""
    for i, first, value in earlier([m.data for m in municipalities], lambda data: data["id"]):
        yield municipalities[i].error(
            ("id",),
            "duplicate-id",
            f"municipality id {value!r} is already used by {municipalities[first].checked.display}",
        )


def rule_city_wide(m: File) -> Iterator[Diagnostic]:
    """At most one district is city-wide and one outside the municipality, and none is both."""
    seen: dict[str, int] = {}
    for i, district in enumerate(m.data["districts"] or []):
        if district is None:
            continue
        name = district["name"]
        if district["city_wide"] and district["outside"]:
            yield m.error(
                ("districts", i),
                "city-wide",
                f"district {name!r} is both city-wide and outside the municipality; "
                "it can be one of them",
            )
            continue
        for flag, words in (
            ("city_wide", "city-wide district"),
            ("outside", "district outside the municipality"),
        ):
            if district[flag] and (first := seen.setdefault(flag, i)) != i:
                yield m.error(
                    ("districts", i, flag),
                    "city-wide",
                    f"district {name!r} is a second {words} (the first is on line "
                    f"{m.line(('districts', first))}); a municipality has one",
                )


def rule_subheading_parents(importing: File) -> Iterator[Diagnostic]:
    """A heading that has subheadings is one of the headings."""
    headings = {h.casefold() for h in importing.data["headings"] or [] if h is not None}
    for parent in importing.data["subheadings"] or {}:
        if parent.casefold() not in headings:
            yield importing.error(
                ("subheadings", parent),
                "unknown-value",
                f"{parent!r} is not one of the headings; "
                "a heading with subheadings must be in 'headings'",
            )


def rule_import_references(importing: File, archive: File) -> Iterator[Diagnostic]:
    """The kinds, statuses and units that import.yml names are archive.yml's."""
    for key, of, what in (
        ("kind_markers", "kinds", "kind"),
        ("decisions", "statuses", "status"),
        ("units", "units", "unit"),
    ):
        known = list(dict.fromkeys(i["id"] for i in archive.data[of] or [] if i and i["id"]))
        for value in importing.data[key] or {}:
            if value not in known:
                yield importing.error(
                    (key, value),
                    "unknown-value",
                    f"{value!r} is not a {what} of {archive.checked.display}; "
                    f"expected one of: {', '.join(known)}",
                )
