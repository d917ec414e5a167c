"""The one source of allowed values, read from config/: kinds, statuses, relations, units,
styringsområder, table columns, and each municipality's districts, administrations, committees.
configuration.py reads and checks the files; this module holds what they give.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .slugs import slugify

# proposals a term's list page shows, unless site.term_page_size says otherwise
TERM_PAGE_SIZE = 200
# What an accessibility statement may say of the site's compliance (templates/accessibility.md.j2)
ACCESSIBILITY_STATUSES = ("fuldt", "delvist", "ikke")
# The proposal fields that internal_fields may name: the public site shows them nowhere else
INTERNAL_CAPABLE = ("caseworker", "internal_notes")


@dataclass(frozen=True)
class Entry:
    """One allowed value: the id used in files, its Danish label, and accepted spellings."""

    id: str
    label: str
    plural: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()
    city_wide: bool = False
    outside: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.id)


@dataclass(frozen=True)
class Named:
    """A list of entries looked up by id, label or alias."""

    entries: tuple[Entry, ...]
    _index: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for key in (entry.id, entry.label, *entry.aliases):
                self._index.setdefault(key.casefold(), entry)

    def find(self, value: str) -> Entry | None:
        return self._index.get(str(value).casefold())

    def known(self, value: str) -> Entry:
        """The entry of a value that checking found in the list (KeyError for any other)."""
        return self._index[str(value).casefold()]

    def accepted(self) -> list[str]:
        """Every spelling a file may use (for the JSON Schema's enum)."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            for key in (entry.label, entry.id, *entry.aliases):
                seen.setdefault(key, None)
        return list(seen)

    def canonical(self) -> list[str]:
        return [e.label for e in self.entries]

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def __iter__(self):
        return iter(self.entries)


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    short: str
    districts: Named
    administrations: Named
    committees: Named


@dataclass(frozen=True)
class Column:
    id: str
    heading: str


@dataclass(frozen=True)
class Vocabulary:
    site: dict
    kinds: Named
    statuses: Named
    relations: Named
    units: tuple[str, ...]
    unit_factors: dict
    control_areas: tuple[str, ...]
    columns: tuple[Column, ...]
    municipalities: dict[str, Municipality]
    internal_fields: dict  # field → Danish label; never shown publicly

    def column(self, column_id: str) -> Column:
        """A configured column (the schema lets a table name no other: StopIteration)."""
        return next(c for c in self.columns if c.id == column_id)


def _entry(item: dict, *, municipal: bool) -> Entry:
    if municipal:  # a municipality's names are their own ids
        return Entry(
            id=item["name"],
            label=item["name"],
            aliases=tuple(item["aliases"]),
            city_wide=item.get("city_wide", False),
            outside=item.get("outside", False),
        )
    return Entry(
        id=item["id"],
        label=item["label"],
        plural=item.get("plural", ""),
        description=item.get("description", ""),
    )


def _named(items: list, *, municipal: bool = False) -> Named:
    # a municipality without administrations (committees) still has the value "-"
    return Named(tuple(_entry(i, municipal=municipal) for i in items) or (Entry("-", "-"),))


def vocabulary_from(archive: dict, municipalities: list[dict]) -> Vocabulary:
    """The vocabulary of checked configuration (configuration.py): archive.yml's data and each
    municipality file's, with every declared key present."""
    return Vocabulary(
        site={**archive["site"], "accessibility": archive["accessibility"]},
        kinds=_named(archive["kinds"]),
        statuses=_named(archive["statuses"]),
        relations=_named(archive["relations"]),
        units=tuple(u["id"] for u in archive["units"]),
        unit_factors={u["id"]: u["factor"] for u in archive["units"]},
        control_areas=tuple(archive["control_areas"]),
        columns=tuple(Column(c["id"], c["heading"]) for c in archive["columns"]),
        municipalities={
            m["id"]: Municipality(
                id=m["id"],
                name=m["name"],
                short=m["short"] or m["name"],
                districts=_named(m["districts"], municipal=True),
                administrations=_named(m["administrations"], municipal=True),
                committees=_named(m["committees"], municipal=True),
            )
            for m in municipalities
        },
        internal_fields=dict(archive["internal_fields"]),
    )
