"""Names in the text → the vocabulary of config/municipalities/: which municipality wrote the
document, which administrations, committees and districts it names. Aliases of four letters or
fewer (BIF, SOF, BIU) are abbreviations and match only in capitals; longer names match in any
case, also in the genitive ('Høje-Taastrup Kommunes'), never inside another word ('Taastrup'
in 'Høje-Taastrup')."""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..vocabulary import Entry, Municipality, Named, Vocabulary


@cache
def _pattern(name: str) -> re.Pattern:
    flags = 0 if len(name) <= 4 and name.isupper() else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"s?(?![\w])", flags)


def count(name: str, text: str) -> int:
    return len(_pattern(name).findall(text))


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
    return next((e for e in named for s in _spellings(e) if re.sub(r"\s+", "", s).casefold() == squeezed), None)


def _distinctive(m: Municipality, others: list[Municipality]) -> list[str]:
    """The names that only this municipality uses."""
    theirs = {s.casefold() for o in others for named in (o.districts, o.administrations, o.committees) for e in named for s in _spellings(e)}
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
    from ..slugs import slugify

    return "".join(word[0] for word in slugify(m.name).split("-") if word)


_ROLE = re.compile(r"(forvaltning|udvalg)(en|et)?s?$", re.IGNORECASE)


def same_stem(administration: str, committee: str) -> bool:
    """'Socialforvaltningen' and 'Socialudvalget' belong together."""
    a, c = _ROLE.sub("", administration.strip()), _ROLE.sub("", committee.strip())
    return bool(a) and a.casefold() == c.casefold()
