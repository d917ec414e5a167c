"""Names in the text → the vocabulary of config/municipalities/: which municipality wrote the
document, which administrations, committees and districts it names. Aliases of four letters or
fewer (BIF, SOF, BIU) are abbreviations and match only in capitals; longer names match in any
case, also in the genitive ('Høje-Taastrup Kommunes'), never inside another word ('Taastrup'
in 'Høje-Taastrup')."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..slugs import slugify
from ..vocabulary import Entry, Municipality, Named, Vocabulary
from .report import ImportFailed, Note, error, guessed


@cache
def _pattern(name: str) -> re.Pattern:
    flags = 0 if len(name) <= 4 and name.isupper() else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"s?(?![\w])", flags)


def count(name: str, text: str) -> int:
    return len(_pattern(name).findall(text))


def first(name: str, text: str) -> int | None:
    """Where name first occurs in text, or None."""
    match = _pattern(name).search(text)
    return match.start() if match else None


def _spellings(entry: Entry) -> list[str]:
    return list(dict.fromkeys((entry.label, *entry.aliases)))


def mentions(named: Named, text: str) -> Counter:
    """How often each entry is named in text (a spelling inside a longer one counts once)."""
    counts: Counter = Counter()
    for entry in named:
        spellings = sorted(_spellings(entry), key=len, reverse=True)
        rest = text
        for spelling in spellings:
            n = count(spelling, rest)
            if n:
                counts[entry.label] += n
                rest = _pattern(spelling).sub(" ", rest)
    return counts


def lookup(named: Named, value: str) -> Entry | None:
    """The entry a printed name stands for; spaces the extraction put inside a word do not
    matter ('Sundheds- og Om sorgsforvaltningen')."""
    value = " ".join(value.split()).strip(" .:?")
    found = named.find(value)
    if found:
        return found
    squeezed = re.sub(r"\s+", "", value).casefold()
    return next(
        (e for e in named for s in _spellings(e) if re.sub(r"\s+", "", s).casefold() == squeezed),
        None,
    )


def _distinctive(m: Municipality, others: list[Municipality]) -> list[str]:
    """The names that only this municipality uses."""
    theirs = {
        s.casefold()
        for o in others
        for named in (o.districts, o.administrations, o.committees)
        for e in named
        for s in _spellings(e)
    }
    mine = [m.name, m.short]
    for named in (m.districts, m.administrations, m.committees):
        for entry in named:
            if entry.city_wide or entry.outside:
                continue
            mine.extend(s for s in _spellings(entry) if s.casefold() not in theirs)
    return list(dict.fromkeys(mine))


def municipality_scores(vocab: Vocabulary, text: str) -> list[tuple[int, str]]:
    """(score, id) of every municipality, best first: how often its distinctive names occur."""
    scores = []
    for m in vocab.municipalities.values():
        others = [o for o in vocab.municipalities.values() if o.id != m.id]
        scores.append((sum(count(name, text) for name in _distinctive(m, others)), m.id))
    return sorted(scores, key=lambda s: (-s[0], s[1]))


def id_prefix(m: Municipality) -> str:
    """The municipality's part of an id: the initials of its name ('Københavns Kommune' → 'kk',
    'Høje-Taastrup Kommune' → 'htk'), as the archive's ids have it."""
    return "".join(word[0] for word in slugify(m.name).split("-") if word)


_ROLE = re.compile(r"(forvaltning|udvalg)(en|et)?s?$", re.IGNORECASE)


def same_stem(administration: str, committee: str) -> bool:
    """'Socialforvaltningen' and 'Socialudvalget' belong together."""
    a, c = _ROLE.sub("", administration.strip()), _ROLE.sub("", committee.strip())
    return bool(a) and a.casefold() == c.casefold()


def _unknown(text: str, vocab: Vocabulary) -> str:
    """Why no municipality is known: the one the document names ('Fjordby Kommune') with the
    file that would add it, else that it names none."""
    named = re.findall(r"\b([A-ZÆØÅ][\w-]+)\s+Kommunes?\b", text)
    known = {m.name.casefold() for m in vocab.municipalities.values()}
    for name in dict.fromkeys(named):
        if f"{name} kommune".casefold() not in known:
            return (
                f"the document names {name} Kommune, which is not in config/municipalities/: "
                f"add config/municipalities/{slugify(name)}.yml (id, name, short, districts, "
                "administrations, committees; see docs/format.md), or give --municipality"
            )
    return (
        "cannot tell which municipality wrote it: it names none of config/municipalities/ "
        "clearly; give --municipality"
    )


def municipality(
    text: str, vocab: Vocabulary, forced: str | None, notes: list[Note]
) -> Municipality:
    """The municipality that wrote text: the one given, else the one whose names occur most
    (a guess, noted). Raises ImportFailed when none is clear."""
    if forced:
        if forced not in vocab.municipalities:
            known = ", ".join(vocab.municipalities)
            raise ImportFailed(
                error(
                    1,
                    f"'{forced}' is not a municipality of "
                    f"config/municipalities/ (known: {known}); add "
                    f"config/municipalities/{forced}.yml",
                )
            )
        return vocab.municipalities[forced]
    scores = municipality_scores(vocab, text)
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        raise ImportFailed(error(1, _unknown(text, vocab)))
    best = vocab.municipalities[scores[0][1]]
    runner_up = f" (next: {scores[1][1]}, {scores[1][0]})" if len(scores) > 1 else ""
    why = f"its names occur {scores[0][0]} times{runner_up}"
    notes.append(guessed(1, f"municipality {best.id}: {why}"))
    return best
