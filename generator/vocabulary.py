"""The one source of allowed values, read from config/: kinds, statuses, relations, units,
styringsområder, table columns, and each municipality's districts, administrations, committees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import ArchiveError, error
from .reader import load_yaml_file
from .slugs import slugify


TERM_PAGE_SIZE = 200  # proposals a term's list page shows, unless site.term_page_size says otherwise


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

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns if c.id == column_id), None)


def _entries(items, path: Path, key: str, *, label_key: str = "label") -> tuple[Entry, ...]:
    if not isinstance(items, list) or not items:
        raise ArchiveError([error(path, 1, 1, "config", f"'{key}' must be a non-empty list")])
    out = []
    for item in items:
        if not isinstance(item, dict) or ("id" not in item and "name" not in item):
            raise ArchiveError([error(path, 1, 1, "config", f"each entry of '{key}' needs an id or a name, got {item!r}")])
        name = str(item.get("name") or item.get(label_key) or item["id"])
        out.append(
            Entry(
                id=str(item.get("id") or name),
                label=name if "name" in item else str(item.get(label_key, item["id"])),
                plural=str(item.get("plural", "")),
                description=str(item.get("description", "")),
                aliases=tuple(str(a) for a in item.get("aliases", ()) or ()),
                city_wide=bool(item.get("city_wide", False)),
                outside=bool(item.get("outside", False)),
            )
        )
    return tuple(out)


def load_vocabulary(config_dir: Path) -> Vocabulary:
    """Read config/archive.yml and config/municipalities/*.yml."""
    archive_path = config_dir / "archive.yml"
    data = load_yaml_file(archive_path)
    municipalities = {}
    for path in sorted((config_dir / "municipalities").glob("*.yml")):
        m = load_yaml_file(path)
        try:
            municipalities[str(m["id"])] = Municipality(
                id=str(m["id"]),
                name=str(m["name"]),
                short=str(m.get("short", m["name"])),
                districts=Named(_entries(m["districts"], path, "districts")),
                administrations=Named(_entries(m.get("administrations") or [{"name": "-"}], path, "administrations")),
                committees=Named(_entries(m.get("committees") or [{"name": "-"}], path, "committees")),
            )
        except (KeyError, TypeError) as exc:
            raise ArchiveError([error(path, 1, 1, "config", f"municipality file is missing {exc}")]) from None
    page_size = (data.get("site") or {}).get("term_page_size", TERM_PAGE_SIZE)
    if not isinstance(page_size, int) or isinstance(page_size, bool) or page_size < 1:
        raise ArchiveError([error(archive_path, 1, 1, "config", f"site.term_page_size must be a whole number of at least 1, not {page_size!r}")])
    try:
        units = data["units"]
        return Vocabulary(
            site={**dict(data.get("site") or {}), "term_page_size": page_size, "accessibility": dict(data.get("accessibility") or {})},
            kinds=Named(_entries(data["kinds"], archive_path, "kinds")),
            statuses=Named(_entries(data["statuses"], archive_path, "statuses")),
            relations=Named(_entries(data["relations"], archive_path, "relations")),
            units=tuple(str(u["id"]) for u in units),
            unit_factors={str(u["id"]): int(u.get("factor", 1)) for u in units},
            control_areas=tuple(str(a) for a in data["control_areas"]),
            columns=tuple(Column(str(c["id"]), str(c["heading"])) for c in data["columns"]),
            municipalities=municipalities,
            internal_fields={str(k): str(v) for k, v in (data.get("internal_fields") or {}).items()},
        )
    except (KeyError, TypeError) as exc:
        raise ArchiveError([error(archive_path, 1, 1, "config", f"archive config is missing {exc}")]) from None
