"""`proposal-archive new`: a new proposal file that passes `check`, from flags or answers to
questions: municipality, kind, title, year and districts, a fresh id, and an empty budget
table to fill in. Making the text is pure (proposal_text); cli/authoring.py asks and writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .schema import ID_MAX
from .slugs import slugify
from .vocabulary import Vocabulary

YEARS = 4  # budget tables cover the budget year and the three after it (budgetoverslagsår)
_WORD = re.compile(r"[\s\-/]+")


class Refused(ValueError):
    """A value that the configuration does not allow; the message says what it does."""


@dataclass(frozen=True)
class Answers:
    municipality: str  # its id
    kind: str  # its id
    title: str
    year: int
    districts: tuple[str, ...]  # their names as the municipality file spells them


def prefix(name: str) -> str:
    """A municipality's initials as ids begin: 'Københavns Kommune' → 'kk',
    'Høje-Taastrup Kommune' → 'htk'."""
    return "".join(slugify(word)[0] for word in _WORD.split(name) if word and slugify(word) != "x")


def fresh_id(answers: Answers, vocab: Vocabulary, taken: set[str]) -> str:
    """'<initials>-b<year>-<title words>', with -2, -3, … while that is an id or alias already."""
    start = f"{prefix(vocab.municipalities[answers.municipality].name)}-b{answers.year}-"
    words = slugify(answers.title)[: ID_MAX - len(start) - 4].strip("-") or "forslag"
    found, n = start + words, 2
    while found in taken:
        found, n = f"{start}{words}-{n}", n + 1
    return found


def checked(
    vocab: Vocabulary, municipality: str, kind: str, title: str, year: str, districts: list[str]
) -> Answers:
    """The answers as the file will have them; Refused names the first value that is not allowed."""
    found = vocab.municipalities.get(municipality) or next(
        (
            m
            for m in vocab.municipalities.values()
            if municipality.casefold() in (m.name.casefold(), m.short.casefold())
        ),
        None,
    )
    if found is None:
        raise Refused(
            f"'{municipality}' is not a known municipality; expected one of: {', '.join(vocab.municipalities)}"
        )
    entry = vocab.kinds.find(kind)
    if entry is None:
        raise Refused(
            f"'{kind}' is not a known kind; expected one of: {', '.join(vocab.kinds.ids())}"
        )
    if not title.strip():
        raise Refused("the title must not be empty")
    if not (year.isdigit() and 1900 <= int(year) <= 2200):
        raise Refused(f"'{year}' is not a budget year; expected a year such as 2027")
    names = []
    for district in districts:
        d = found.districts.find(district.strip())
        if d is None:
            raise Refused(
                f"'{district.strip()}' is not a district (bydel) of {found.name}; expected one of: {', '.join(found.districts.canonical())}"
            )
        names.append(d.label)
    if not names:
        raise Refused(
            "name at least one district (bydel); a city-wide proposal uses the city-wide value"
        )
    return Answers(
        found.id, entry.id, " ".join(title.split()), int(year), tuple(dict.fromkeys(names))
    )


def proposal_text(answers: Answers, id_: str, vocab: Vocabulary) -> str:
    """The file: front matter with the answers and an empty budget table, and a body to write."""
    years = [answers.year + i for i in range(YEARS)]
    front = {
        "id": id_,
        "title": answers.title,
        "kind": answers.kind,
        "municipality": answers.municipality,
        "budget_year": answers.year,
        "status": "forslag",
        "districts": list(answers.districts),
        "budget": [
            {
                "title": "Tabel 1 – Økonomi",
                "unit": vocab.units[0],
                "price_level": f"{answers.year} p/l",
                "label_heading": "",
                "years": years,
                "rows": [{"label": "Aktivitet", "amounts": [None] * YEARS}],
            }
        ],
    }
    text = yaml.safe_dump(
        front, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
    return f"---\n{text}---\n## Baggrund\n\nSkriv dokumentets tekst her.\n"


def ask(question: str, choices: list[str], read: Callable[[str], str]) -> str:
    """One question, with the allowed values (if few) in the prompt."""
    hint = f" ({', '.join(choices)})" if choices and len(choices) <= 14 else ""
    return read(f"{question}{hint}: ").strip()
