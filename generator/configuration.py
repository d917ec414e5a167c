"""Reading and checking config/: what each file may hold, declared as typed options
(options.py); the rules across entries and files are config_rules.py's. Every problem of every
file is reported at once, at its line and column, before anything is built; the values
themselves go to vocabulary.py (and, for import.yml, to the importer's settings).

Files: archive.yml (the archive's vocabulary and site), municipalities/<id>.yml (one per
municipality), import.yml (what `import` recognises; needed by `import` only, checked whenever
it is there). docs/config.md describes them and every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config_rules import File, cross_file_rules
from .diagnostics import ArchiveError, Diagnostic, error, sort_key
from .options import (
    Anything,
    Checked,
    Flag,
    IsoDate,
    ListOf,
    MapOf,
    OneOf,
    Section,
    Text,
    Whole,
    check_file,
)
from .reader import read_yaml
from .slugs import SLUG_PATTERN
from .vocabulary import (
    ACCESSIBILITY_STATUSES,
    INTERNAL_CAPABLE,
    TERM_PAGE_SIZE,
    Vocabulary,
    vocabulary_from,
)


def _id(required: bool = False) -> Text:
    """An id that proposal files use and page addresses show."""
    hint = "lower-case letters a-z, digits and single hyphens, e.g. svar-paa-spoergsmaal"
    return Text(pattern=SLUG_PATTERN, hint=hint, required=required)


def _email(required: bool = False) -> Text:
    # (the accessibility statement makes a mailto link of it)
    pattern = r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}$"
    return Text(pattern=pattern, hint="an e-mail address, e.g. arkiv@example.dk", required=required)


def _column_id() -> Text:
    """A column's id: a field of budget rows in proposal files."""
    hint = "lower-case letters a-z, digits and '_', e.g. bevilling"
    return Text(pattern=r"^[a-z][a-z0-9_]*$", hint=hint, required=True)


def _entries(**more) -> ListOf:
    """A list of archive.yml's values: each an id (used in proposal files) and a Danish label."""
    entry = Section({"id": _id(required=True), "label": Text(required=True), **more})
    return ListOf(entry, required=True, empty=False)


def _names(required: bool = False, **more) -> ListOf:
    """A list of a municipality's names, each with the other spellings documents use."""
    item = Section({"name": Text(required=True), "aliases": ListOf(Text()), **more})
    return ListOf(item, required=required, empty=not required)


def _texts(required: bool = False) -> ListOf:
    return ListOf(Text(), required=required, empty=not required, unique=True)


ARCHIVE = Section(
    {
        "site": Section(
            {
                "name": Text(required=True),
                "description": Text(required=True),
                "publisher": Text(),
                "contact_email": _email(),
                "term_page_size": Whole(minimum=1, default=TERM_PAGE_SIZE),
            },
            required=True,
        ),
        "accessibility": Section(
            {
                "organisation": Text(required=True),
                "website": Text(required=True),
                "status": OneOf(ACCESSIBILITY_STATUSES, "compliance status", required=True),
                "known_issues": ListOf(Text()),
                "prepared": IsoDate(required=True),
                "method": Text(required=True),
                "contact_email": _email(required=True),
                "response_days": Whole(minimum=1, required=True),
            },
            required=True,
        ),
        "internal_fields": MapOf(
            Text(required=True), keys=OneOf(INTERNAL_CAPABLE, "internal field")
        ),
        "kinds": _entries(plural=Text(default="")),
        "statuses": _entries(description=Text(default="")),
        "relations": _entries(),
        "units": ListOf(
            Section({"id": Text(required=True), "factor": Whole(minimum=1, default=1)}),
            required=True,
            empty=False,
        ),
        "control_areas": _texts(required=True),
        "columns": ListOf(Section({"id": _column_id(), "heading": Text(required=True)})),
    }
)

# What checking proposals needs of archive.yml: an earlier revision's file, whose site and
# accessibility statement are never built, is not held to today's rules for them (`diff`).
VOCABULARY = Section(ARCHIVE.options | {"site": Anything(), "accessibility": Anything()})

MUNICIPALITY = Section(
    {
        "id": _id(required=True),
        "name": Text(required=True),
        "short": Text(),
        "districts": _names(required=True, city_wide=Flag(), outside=Flag()),
        "administrations": _names(),
        "committees": _names(),
    }
)

_GROUPS = MapOf(_texts())  # a name → its spellings

IMPORT = Section(
    {
        "headings": _texts(required=True),
        "heading_prefixes": _texts(),
        "subheadings": _GROUPS,
        "district_headings": _texts(),
        "district_grid_labels": _texts(),
        "header_fields": _GROUPS,
        "form_fields": _GROUPS,
        "meeting_fields": _GROUPS,
        "kind_markers": _GROUPS,
        "contents_headings": _texts(),
        "total_words": _texts(required=True),
        "detail_words": _texts(),
        "total_column_headings": _texts(required=True),
        "units": _GROUPS,
        "decisions": _GROUPS,
        "agenda_lists": _texts(),
        "closed_markers": _texts(),
    }
)


@dataclass(frozen=True)
class Configuration:
    vocab: Vocabulary
    importing: dict | None  # config/import.yml, checked; None when the archive has none


def _read(path: Path, display: str, declaration: Section, problems: list) -> File | None:
    """A file checked against its declaration, its problems added to problems; None if it
    could not be read or is not a mapping of keys (reported: nothing more to check)."""
    parsed = read_yaml(path, display)
    checked = Checked(display, parsed, problems)
    problems.extend(parsed.problems)
    if parsed.data is None and parsed.problems:
        return None
    data = check_file(declaration, checked)
    return File(checked, data) if data is not None else None


def load_configuration(config_dir: Path, *, vocabulary_only: bool = False) -> Configuration:
    """Every file of config/, checked; raises ArchiveError with every problem of all of them.
    vocabulary_only: what checking proposals needs, for an earlier revision of the archive
    (neither the site's texts, which the vocabulary then leaves out, nor import.yml)."""
    problems: list[Diagnostic] = []

    def read(path: Path, declaration: Section, needed: str = "") -> File | None:
        display = path.relative_to(config_dir.parent).as_posix()
        if path.exists():
            return _read(path, display, declaration, problems)
        if needed:
            problems.append(error(display, 1, 1, "missing-file", needed))
        return None

    archive = read(
        config_dir / "archive.yml",
        VOCABULARY if vocabulary_only else ARCHIVE,
        "config/archive.yml is missing: the archive's vocabulary and site are read from it",
    )
    folder = config_dir / "municipalities"
    paths = sorted(folder.glob("*.yml"))
    municipalities = [m for m in (read(p, MUNICIPALITY) for p in paths) if m is not None]
    if not paths:
        problems.append(
            error(
                folder.relative_to(config_dir.parent).as_posix(),
                1,
                1,
                "missing-file",
                "no municipality: add a file config/municipalities/<id>.yml",
            )
        )
    importing = None if vocabulary_only else read(config_dir / "import.yml", IMPORT)
    problems.extend(cross_file_rules(archive, municipalities, importing))
    if problems or archive is None:  # (no archive.yml is a problem too)
        raise ArchiveError(sorted(set(problems), key=sort_key))
    data = archive.data | ({"site": {}, "accessibility": {}} if vocabulary_only else {})
    vocab = vocabulary_from(data, [m.data for m in municipalities])
    return Configuration(vocab, importing.data if importing else None)


def load_vocabulary(config_dir: Path, *, vocabulary_only: bool = False) -> Vocabulary:
    return load_configuration(config_dir, vocabulary_only=vocabulary_only).vocab
