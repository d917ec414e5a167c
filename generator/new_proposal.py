"""`proposal-archive new`: a new proposal file that passes `check`, from flags or answers to
questions: municipality, kind, title, year and districts, a fresh id, and an empty budget
table to fill in. Making the text is pure (proposal_text); cli/authoring.py asks and writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import yaml

from .schema import ID_MAX
from .slugs import slugify
from .vocabulary import Municipality, Vocabulary

YEARS = 4  # budget tables cover the budget year and the three after it (budgetoverslagsår)
ATTEMPTS = 5  # answers to one question before `new` gives up (a script piping wrong answers ends)
FIELDS = ("municipality", "kind", "title", "year", "districts")  # in the order they are asked
_WORD = re.compile(r"[\s\-/]+")


class Refused(ValueError):
    """A value that the configuration does not allow; the message says what it does."""


class Unanswered(ValueError):
    """A question met the end of the input (no flag gave the value)."""


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


def municipality_of(vocab: Vocabulary, value: str) -> Municipality:
    """The municipality by its id, name or short name."""
    found = vocab.municipalities.get(value) or next(
        (
            m
            for m in vocab.municipalities.values()
            if value.casefold() in (m.name.casefold(), m.short.casefold())
        ),
        None,
    )
    if found is None:
        raise Refused(
            f"'{value}' is not a known municipality; expected one of: {', '.join(vocab.municipalities)}"
        )
    return found


def kind_of(vocab: Vocabulary, value: str) -> str:
    """The kind's id, from its id, label or an alias."""
    entry = vocab.kinds.find(value)
    if entry is None:
        raise Refused(
            f"'{value}' is not a known kind; expected one of: {', '.join(vocab.kinds.ids())}"
        )
    return entry.id


def title_of(value: str) -> str:
    if not value.strip():
        raise Refused("the title must not be empty; expected the title as printed")
    return " ".join(value.split())


def year_of(value: str) -> int:
    if not (value.isdigit() and 1900 <= int(value) <= 2200):
        raise Refused(f"'{value}' is not a budget year; expected a year such as 2027")
    return int(value)


def districts_of(municipality: Municipality, value: str) -> tuple[str, ...]:
    """Comma-separated districts, as the municipality file spells them."""
    given = [d.strip() for d in value.split(",") if d.strip()]
    if not given:
        raise Refused(
            "name at least one district (bydel); a city-wide proposal uses the city-wide value"
        )
    names = []
    for district in given:
        found = municipality.districts.find(district)
        if found is None:
            raise Refused(
                f"'{district}' is not a district (bydel) of {municipality.name}; expected one of: {', '.join(municipality.districts.canonical())}"
            )
        names.append(found.label)
    return tuple(dict.fromkeys(names))


def checked(vocab: Vocabulary, given: dict[str, str]) -> Answers:
    """The answers (FIELDS → text) as the file will have them; Refused names the first value
    that is not allowed."""
    municipality = municipality_of(vocab, given["municipality"])
    return Answers(
        municipality.id,
        kind_of(vocab, given["kind"]),
        title_of(given["title"]),
        year_of(given["year"]),
        districts_of(municipality, given["districts"]),
    )


def check_answer(vocab: Vocabulary, name: str, value: str, given: dict[str, str]) -> None:
    """Refused if one answer (a FIELDS name) is not allowed; given: the answers before it."""
    if name == "municipality":
        municipality_of(vocab, value)
    elif name == "kind":
        kind_of(vocab, value)
    elif name == "title":
        title_of(value)
    elif name == "year":
        year_of(value)
    else:
        districts_of(municipality_of(vocab, given["municipality"]), value)


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


def ask_until_allowed(
    question: str,
    choices: list[str],
    read: Callable[[str], str],
    allowed: Callable[[str], None],
    tell: Callable[[str], None],
) -> str:
    """Ask until the answer is allowed (allowed raises Refused if not), saying what is wrong and
    what is expected after each refused answer; at most ATTEMPTS times, then the last Refused.
    EOFError (no more input) goes to the caller."""
    for _ in range(ATTEMPTS - 1):
        answer = ask(question, choices, read)
        try:
            allowed(answer)
            return answer
        except Refused as exc:
            tell(f"{exc}; try again")
    answer = ask(question, choices, read)
    try:
        allowed(answer)
    except Refused as exc:  # (the last refusal ends the command)
        raise Refused(f"{exc} (no allowed answer in {ATTEMPTS} tries)") from None
    return answer


# Each field's question, in Danish as the rest of what an author reads.
QUESTIONS = {
    "municipality": "Kommune",
    "kind": "Dokumenttype",
    "title": "Titel",
    "year": "Budgetår",
    "districts": "Bydele, adskilt af komma",
}


def answers_from(
    vocab: Vocabulary,
    given: dict[str, str | None],
    read: Callable[[str], str],
    tell: Callable[[str], None],
) -> Answers:
    """The answers from given (FIELDS → a flag's value, None: not given), a given value checked
    at once (Refused), a missing one asked with read until it is allowed, tell saying why an
    answer was refused; Unanswered where read meets the end of the input."""
    answered: dict[str, str] = {}
    for name in FIELDS:
        value = given[name]
        if value is None:
            choices = list(vocab.municipalities) if name == "municipality" else []
            if name == "kind":
                choices = vocab.kinds.ids()
            elif name == "districts":
                choices = vocab.municipalities[answered["municipality"]].districts.canonical()
            try:
                value = ask_until_allowed(
                    QUESTIONS[name],
                    choices,
                    read,
                    partial(check_answer, vocab, name, given=answered),
                    tell,
                )
            except EOFError:
                flag = name.removesuffix("s")
                raise Unanswered(f"no {flag} given: pass --{flag} or answer the question") from None
        check_answer(vocab, name, value, answered)
        answered[name] = municipality_of(vocab, value).id if name == "municipality" else value
    return checked(vocab, answered)
