"""Synthetic archives for the benchmark: N proposals shaped like the real ones.

The text is Danish: sentences are drawn from a word-bigram chain trained on the seed documents
(site_tests/seeds/), with new compound words mixed in so that the vocabulary keeps growing with
the archive as a real one does, plus sentences made from the proposal's own metadata. The seeds
are employment documents; the other administrations' proposals turn most nouns into compounds
of their own (samtaler → ældresamtaler), so that, as in a real archive, a word is frequent in
some topics only. A body has
about 650 words; each proposal has 1-3 budget tables (a few with a wrong printed total), districts
and tags, related ids that exist, and some bodies mention other proposals' codes.

Everything comes from one random.Random(seed): the same (n, seed) gives the same files.

    python -m bench.synth ROOT N [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import textwrap
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "site_tests" / "seeds"

# Word forms that never occur in a synthetic archive, so that a search for them can only find
# pages through Danish stemming: (typed form, form written instead).
RESERVED_FORMS = {
    "samtalerne": "samtaler",
    "ressourceforløbene": "ressourceforløb",
    "virksomhedskonsulenterne": "virksomhedskonsulenter",
}
# The search queries the benchmark types: each a word form that occurs in no synthetic page.
SEARCH_QUERIES = tuple(RESERVED_FORMS)

BODY_WORDS = 650
# the last paragraph overshoots the target by about this many words
_OVERSHOOT = 45

KINDS = (
    ("budgetnotat", 40),
    ("effektiviseringsforslag", 20),
    ("investeringsforslag", 15),
    ("svar-paa-spoergsmaal", 10),
    ("dagsordenpunkt", 15),
)
STATUSES = (("forslag", 45), ("vedtaget", 25), ("forkastet", 15), ("trukket", 5), ("afsluttet", 10))
RELATIONS = ("relateret", "evaluerer", "opfoelger-paa", "erstatter", "svarer-paa")

# Code prefixes of Copenhagen's administrations (as in BI_10, BC24).
CODE_PREFIX = {
    "Beskæftigelses- og Integrationsforvaltningen": "BI",
    "Børne- og Ungdomsforvaltningen": "BU",
    "Kultur- og Fritidsforvaltningen": "KF",
    "Socialforvaltningen": "SO",
    "Sundheds- og Omsorgsforvaltningen": "SU",
    "Teknik- og Miljøforvaltningen": "TM",
    "Økonomiforvaltningen": "ØK",
}
COMMITTEE_OF = {
    "Beskæftigelses- og Integrationsforvaltningen": (
        "Beskæftigelses- og Integrationsudvalget",
        "BIU",
    ),
    "Børne- og Ungdomsforvaltningen": ("Børne- og Ungdomsudvalget", "BUU"),
    "Kultur- og Fritidsforvaltningen": ("Kultur- og Fritidsudvalget", "KFU"),
    "Socialforvaltningen": ("Socialudvalget", "SUD"),
    "Sundheds- og Omsorgsforvaltningen": ("Sundheds- og Omsorgsudvalget", "SUU"),
    "Teknik- og Miljøforvaltningen": ("Teknik- og Miljøudvalget", "TMU"),
    "Økonomiforvaltningen": ("Økonomiudvalget", "ØU"),
}

ACTIONS = (
    "Forsøg med",
    "Styrket indsats for",
    "Etablering af",
    "Udvidelse af",
    "Færre",
    "Flere",
    "Nedlæggelse af",
    "Ny organisering af",
    "Digitalisering af",
    "Fremskudt indsats for",
    "Omlægning af",
    "Reduktion af",
    "Øget kapacitet i",
    "Renovering af",
    "Opfølgning på",
    "Evaluering af",
    "Partnerskab om",
    "Sammenlægning af",
    "Tidlig indsats for",
    "Bedre",
)
SUBJECTS = (
    "samtaler for borgere i ressourceforløb",
    "uformelle cafeer på jobcentrene",
    "mentorstøtte til unge ledige",
    "virksomhedspraktik for kontanthjælpsmodtagere",
    "sprogundervisning for nyankomne",
    "jobklubber i lokalområdet",
    "misbrugsbehandling",
    "visitation til fleksjob",
    "cykelstier og fortove",
    "skolernes faglokaler",
    "daginstitutionspladser",
    "hjemmeplejens ruter",
    "biblioteksfilialer",
    "idrætsfaciliteter",
    "gadebelysning",
    "affaldssortering i boligområder",
    "legepladser",
    "ældreboliger",
    "rengøring på plejecentre",
    "sagsbehandlingen i Ydelsescentret",
    "koordinerende sagsbehandlere",
    "task-force for udsatte borgere",
    "opsøgende arbejde over for sanktionstruede borgere",
    "brobygning til uddannelse",
    "lokale jobcenterkontorer",
    "rusmiddelbehandling i kombination med beskæftigelse",
    "praktikpladser for unge",
    "boligsociale helhedsplaner",
    "trafiksikkerhed ved skoler",
    "klimatilpasning af veje",
    "vedligehold af kommunale bygninger",
    "fritidsjob til udsatte unge",
    "tandpleje for hjemløse",
    "genoptræning efter sygehusophold",
    "digital selvbetjening",
    "tolkebistand",
    "vejledning om førtidspension",
    "sommerferieaktiviteter",
)
TAGS = (
    "kontanthjælp",
    "ressourceforløb",
    "fleksjob",
    "førtidspension",
    "jobcenter",
    "jobsamtale",
    "mentor",
    "virksomhedspraktik",
    "fremskudt indsats",
    "misbrugsbehandling",
    "rusmiddelbehandling",
    "sagsbehandler",
    "integration",
    "uddannelse",
    "unge",
    "ældre",
    "hjemmepleje",
    "plejecentre",
    "daginstitutioner",
    "skoler",
    "folkeskole",
    "fritid",
    "idræt",
    "kultur",
    "biblioteker",
    "trafik",
    "cykelstier",
    "klima",
    "affald",
    "boligsocial indsats",
    "hjemløshed",
    "psykiatri",
    "sundhed",
    "forebyggelse",
    "digitalisering",
    "administration",
    "anlæg",
    "vedligehold",
    "byfornyelse",
    "tryghed",
    "sprog",
    "revalidering",
    "sanktioner",
    "ledighed",
    "erhverv",
    "partnerskaber",
    "frivillige",
    "evaluering",
    "effektivisering",
    "besparelse",
)
LIST_LEADS = (
    "Indsatsen består af følgende elementer:",
    "Forvaltningen foreslår derfor at igangsætte følgende:",
    "Målene med forslaget er:",
    "Forslaget indeholder disse aktiviteter:",
)
# The stems of each administration's own compounds. The seeds are documents of the employment
# administrations (Copenhagen's BIF, Høje-Taastrup's), whose proposals keep the seeds' words.
TOPIC_STEMS = {
    "Børne- og Ungdomsforvaltningen": (
        "skole",
        "elev",
        "dagtilbuds",
        "børne",
        "ungdoms",
        "fritidshjems",
    ),
    "Kultur- og Fritidsforvaltningen": (
        "kultur",
        "idræts",
        "biblioteks",
        "forenings",
        "fritids",
        "musik",
    ),
    "Socialforvaltningen": ("social", "bostøtte", "misbrugs", "herbergs", "udsatte", "handicap"),
    "Sundheds- og Omsorgsforvaltningen": (
        "sundheds",
        "pleje",
        "ældre",
        "omsorgs",
        "genoptrænings",
        "hjemme",
    ),
    "Teknik- og Miljøforvaltningen": ("vej", "trafik", "miljø", "park", "klima", "bygge"),
    "Økonomiforvaltningen": ("budget", "økonomi", "digitaliserings", "personale", "indkøbs", "it"),
}
# The share of long words another administration makes its own compounds, and the endings of
# words that are most likely verbs, adjectives or adverbs, which make no compounds.
TOPIC_SHARE = 0.9
NOT_NOUNS = (
    "es",
    "ås",
    "te",
    "ede",
    "ende",
    "dt",
    "eret",
    "ig",
    "ige",
    "igt",
    "lig",
    "ligt",
    "lige",
    "isk",
    "iske",
    "vis",
    "ere",
)
SECTIONS = (
    "Baggrund",
    "Indhold",
    "Målgruppe",
    "Effekt",
    "Organisering",
    "Implementering",
    "Risikovurdering",
)
ABBREVIATIONS = {
    "mio.",
    "kr.",
    "bl.a.",
    "f.eks.",
    "mv.",
    "m.v.",
    "pt.",
    "ca.",
    "jf.",
    "evt.",
    "dvs.",
    "fx.",
    "nr.",
    "pr.",
    "ift.",
    "inkl.",
    "ekskl.",
    "vedr.",
    "mht.",
    "m.m.",
    "bl.",
    "ift",
    "hhv.",
    "iht.",
    "stk.",
    "kl.",
}
FIRST_NAMES = (
    "Anne",
    "Lars",
    "Mette",
    "Søren",
    "Hanne",
    "Jens",
    "Birgitte",
    "Peter",
    "Louise",
    "Mads",
    "Sofie",
    "Ahmed",
)
LAST_NAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
)

_UNSAFE = re.compile(r"[<>*_\[\]`|\\#{}~]")


@dataclass
class Municipality:
    id: str
    prefix: str  # of ids: kk, htk
    districts: list  # (name, city_wide)
    administrations: list
    committees: list
    weight: int


@dataclass
class Meta:
    id: str
    municipality: Municipality
    kind: str
    year: int
    code: str | None
    title: str
    administration: str | None
    committee: str | None
    districts: list
    tags: list
    related: list = field(default_factory=list)


# ------------------------------------------------------------------------------ the language


class Language:
    """A word-bigram chain over the seed documents' prose, with invented compounds."""

    def __init__(self, texts: list[str]):
        self.follow: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        words: set[str] = set()
        for text in texts:
            for paragraph in _prose(_without_reserved(text)):
                tokens = [t for t in (_UNSAFE.sub("", raw) for raw in paragraph.split()) if t]
                for a, b in zip(tokens, tokens[1:], strict=False):
                    self.follow[a].append(b)
                for i, t in enumerate(tokens):
                    if (i == 0 or _ends_sentence(tokens[i - 1])) and re.match(
                        r"^[A-ZÆØÅ][a-zæøå]+$", t
                    ):
                        self.starts.append(t)
                    stem = t.strip(_PUNCTUATION).lower()
                    if len(stem) >= 7 and stem.isalpha():
                        words.add(stem)
        # compound parts, weighted like a Zipf distribution so compounds repeat across documents
        self.parts = sorted(words)
        self.part_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.parts))))

    def compound(self, rng: random.Random) -> str:
        r = rng.random() * self.part_weights[-1]
        a = self.parts[bisect(self.part_weights, r)]
        b = self.parts[rng.randrange(len(self.parts))]
        return a + ("s" if rng.random() < 0.4 else "") + b

    def voice(self, administration: str, seed: int) -> Voice:
        """The language as one administration writes it. The seeds are employment documents, so
        the employment administrations keep their words; another administration makes most long
        words compounds with its own stems (samtaler → ældresamtaler), a fixed choice per word.
        Each topic then has its own words, as an archive over many subjects has, instead of every
        page sharing the seeds' vocabulary."""
        stems = TOPIC_STEMS.get(administration)
        if not stems:
            return Voice(self, {})
        rng = random.Random(f"{seed}:{administration}")
        words_of = {}
        for word in self.parts:
            if rng.random() < TOPIC_SHARE and not word.endswith(NOT_NOUNS):
                words_of[word] = rng.choice(stems) + word
        return Voice(self, words_of)

    def sentence(
        self, rng: random.Random, low: int = 8, high: int = 28, words_of: dict | None = None
    ) -> str:
        words = [rng.choice(self.starts)]
        while True:
            nxt = self.follow.get(words[-1])
            if not nxt:
                break
            token = rng.choice(nxt)
            if rng.random() < 0.02 and token.isalpha() and token.islower():
                token = self.compound(rng)
            words.append(token)
            if _ends_sentence(token) and len(words) >= low:
                break
            if len(words) >= high:
                break
        if words_of:
            words = [_exchange(w, words_of) for w in words]
        text = " ".join(words).rstrip(",;:–-")
        if not _ends_sentence(text.split()[-1]):
            text = text.rstrip(".") + "."
        return text


@dataclass(frozen=True)
class Voice:
    """A Language with one topic's exchange of words."""

    language: Language
    words_of: dict

    def sentence(self, rng: random.Random, low: int = 8, high: int = 28) -> str:
        return self.language.sentence(rng, low, high, self.words_of)

    def paragraph(self, rng: random.Random, sentences: int) -> str:
        return " ".join(self.sentence(rng) for _ in range(sentences))


_PUNCTUATION = ".,;:()”“\"'-–"


def _exchange(token: str, words_of: dict) -> str:
    """token with its word exchanged by words_of, keeping punctuation and an initial capital."""
    core = token.strip(_PUNCTUATION)
    other = words_of.get(core.lower())
    if not other:
        return token
    if core[0].isupper():
        other = other.capitalize()
    return token.replace(core, other, 1)


def _prose(text: str) -> list[str]:
    """The paragraphs of a seed that are running text: no table rows, no form fields."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if (
            len(line) >= 60
            and "\t" not in line
            and "<" not in line
            and not line.startswith(("-", "•", "*"))
        ):
            out.append(line)
    return out


def _ends_sentence(token: str) -> bool:
    return (
        token.endswith((".", "?", "!"))
        and token.lower() not in ABBREVIATIONS
        and not re.match(r"^\d+\.$", token)
    )


def _without_reserved(text: str) -> str:
    """text with every reserved word form replaced (keeping an initial capital)."""
    for form, instead in RESERVED_FORMS.items():
        text = re.sub(
            rf"\b{form}\b",
            lambda m, instead=instead: instead.capitalize() if m.group(0)[0].isupper() else instead,
            text,
            flags=re.I,
        )
    return text


# ------------------------------------------------------------------------------ metadata


def municipalities(source: Path = REPO) -> list[Municipality]:
    out = []
    for path in sorted((source / "config" / "municipalities").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        districts = [
            (d["name"], bool(d.get("city_wide"))) for d in data["districts"] if not d.get("outside")
        ]
        out.append(
            Municipality(
                id=data["id"],
                prefix="kk"
                if data["id"] == "koebenhavn"
                else "".join(w[0] for w in re.split(r"[-\s]", data["id"])) + "k",
                districts=districts,
                administrations=[a["name"] for a in data["administrations"]],
                committees=[c["name"] for c in data["committees"]],
                weight=85 if data["id"] == "koebenhavn" else 15,
            )
        )
    return out


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _metadata(n: int, rng: random.Random, munis: list[Municipality]) -> list[Meta]:
    metas: list[Meta] = []
    numbers: dict[tuple, int] = defaultdict(int)
    ids: set[str] = set()
    for _i in range(n):
        m = rng.choices(munis, [x.weight for x in munis])[0]
        kind = (
            _weighted(rng, KINDS)
            if m.id == "koebenhavn"
            else rng.choice(
                ("dagsordenpunkt", "dagsordenpunkt", "svar-paa-spoergsmaal", "budgetnotat")
            )
        )
        year = rng.randint(2010, 2026)
        administration = rng.choice(m.administrations)
        committee = (
            COMMITTEE_OF[administration][0]
            if administration in COMMITTEE_OF
            else rng.choice(m.committees)
        )
        subject = rng.choice(SUBJECTS)
        named = [d for d, wide in m.districts if not wide]
        wide = [d for d, w in m.districts if w]
        if rng.random() < 0.35:
            districts = [wide[0]]
        else:
            districts = rng.sample(named, rng.choice((1, 1, 1, 2, 3)))
        title = f"{rng.choice(ACTIONS)} {subject}"
        if rng.random() < 0.3 and districts[0] not in wide:
            title += f" i {districts[0]}"
        code = None
        if m.id == "koebenhavn" and kind in (
            "budgetnotat",
            "effektiviseringsforslag",
            "investeringsforslag",
        ):
            prefix = CODE_PREFIX.get(administration, "XX")
            numbers[(m.id, year, prefix)] += 1
            number = numbers[(m.id, year, prefix)]
            code = f"{prefix}_{number}" if year % 3 == 0 else f"{prefix}{number}"
            base = f"{m.prefix}-b{year}-{_slug(code)}"
        else:
            words = [w for w in _slug(subject).split("-") if len(w) > 3][:3]
            base = f"{m.prefix}-{year}-{'-'.join(words)}"
        pid, k = base, 1
        while pid in ids:
            k += 1
            pid = f"{base}-{k}"
        ids.add(pid)
        tags = rng.sample(TAGS, rng.randint(1, 6))
        metas.append(
            Meta(pid, m, kind, year, code, title, administration, committee, districts, tags)
        )
    for meta in metas:
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            other = metas[rng.randrange(n)]
            if other.id != meta.id and other.id not in [r for r, _ in meta.related]:
                meta.related.append((other.id, rng.choice(RELATIONS)))
    return metas


def _slug(text: str) -> str:
    from generator.slugs import slugify

    return slugify(text)


# ------------------------------------------------------------------------------ budget tables


def _amount_cells(rng: random.Random, years: int, sign: int) -> list:
    base = rng.choice((50, 100, 200, 250, 300, 500, 700, 1000, 1500, 2400, 5000))
    cells = []
    for y in range(years):
        if y >= 2 and rng.random() < 0.25:
            cells.append("-")
        else:
            cells.append(sign * base * rng.choice((1, 1, 1, 2)))
    return cells


def _sum(cells: list):
    numbers = [c for c in cells if not isinstance(c, str) and c is not None]
    if numbers:
        return sum(numbers)
    return "-" if "-" in cells else None


def _tables(rng: random.Random, meta: Meta, voice: Voice) -> list[dict]:
    year = meta.year
    years = list(range(year, year + rng.choice((2, 3, 4, 4))))
    sign = -1 if meta.kind == "effektiviseringsforslag" else 1
    area = "Anlæg" if meta.kind == "investeringsforslag" else "Service"
    unit = (
        "kr."
        if meta.municipality.id != "koebenhavn"
        else rng.choice(("1.000 kr.", "1.000 kr.", "1.000 kr.", "mio. kr."))
    )
    price = f"{year} p/l" if rng.random() < 0.9 else "løbende priser"
    tables = []
    for t in range(rng.choice((1, 1, 2, 2, 3))):
        total_column = rng.random() < 0.6
        if t == 0:
            columns = ["styringsomraade"]
            title = f"Tabel {t + 1} – Oversigt over forslagets økonomi på alle styringsområder"
            heading = "Aktiviteter i forslaget"
        elif t == 1:
            columns = ["udvalg", "bevilling"]
            title = f"Tabel {t + 1} – Udgifter til {area.lower()} fordelt på bevillinger"
            heading = ""
        else:
            columns = []
            title = f"Tabel {t + 1} – Afledte konsekvenser"
            heading = "Konsekvens"
        rows = []
        if sign < 0 and t == 0 and rng.random() < 0.5:
            rows.append({"label": "Varige ændringer", "type": "heading"})
        for _ in range(rng.randint(1, 5)):
            amounts = _amount_cells(rng, len(years), sign)
            label = _UNSAFE.sub("", voice.sentence(rng, 3, 9).rstrip("."))
            row = {"label": label[:1].upper() + label[1:]}
            for c in columns:
                row[c] = {
                    "styringsomraade": area,
                    "udvalg": COMMITTEE_OF.get(meta.administration or "", ("", "AMU"))[1],
                    "bevilling": rng.choice(("Service", "35.10", "32.10", "Anlæg")),
                }[c]
            row["amounts"] = amounts
            if total_column:
                row["total"] = _sum(amounts)
            rows.append(row)
        lines = [r for r in rows if r.get("type") != "heading"]
        per_year = [_sum([r["amounts"][i] for r in lines]) for i in range(len(years))]
        total = {
            "label": rng.choice(
                ("Udgifter i alt", "I alt", "Samlet ændring", "Samlet varig ændring")
            )
        }
        for c in columns:
            total[c] = ""
        total["amounts"] = per_year
        if total_column:
            total["total"] = _sum(per_year)
        if rng.random() < 0.04:  # a printed total that does not add up, as real documents have
            i = rng.randrange(len(years))
            total["amounts"] = list(per_year)
            total["amounts"][i] = (per_year[i] if isinstance(per_year[i], int) else 0) + rng.choice(
                (-100, 1, 100)
            )
        table = {
            "title": title,
            "unit": unit,
            "price_level": price,
            "label_heading": heading,
            "columns": columns,
            "years": years,
            "total_column": total_column,
        }
        if t == 0:
            table["headline"] = True
        table["rows"] = rows
        if rng.random() < 0.95:
            table["totals"] = [total]
        tables.append(table)
    return tables


# ------------------------------------------------------------------------------ the body


def _body(rng: random.Random, meta: Meta, voice: Voice, others: dict) -> str:
    target = max(300, min(1100, int(rng.gauss(BODY_WORDS - _OVERSHOOT, 120))))
    blocks: list[str] = []
    words = 0
    footnotes = []

    def add(block: str) -> None:
        nonlocal words
        blocks.append(block)
        words += len(block.split())

    if meta.kind == "svar-paa-spoergsmaal":
        add(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} har bedt {meta.administration} om at besvare spørgsmål om {meta.title[0].lower() + meta.title[1:]}."
        )
    sections = ["Baggrund", *rng.sample(SECTIONS[1:], 3)]
    mentions = _mentions(rng, meta, others)
    where = ", ".join(meta.districts)
    for s, section in enumerate(sections):
        add(f"## {section}")
        for p in range(rng.randint(1, 3)):
            text = voice.paragraph(rng, rng.randint(2, 5))
            if s == 0 and p == 0:
                text = f"Forslaget vedrører {where}. " + text
            if rng.random() < 0.08 and len(footnotes) < 2:
                footnotes.append(voice.sentence(rng, 6, 16))
                text += f"[^{len(footnotes)}]"
            add(text)
        if section == "Indhold" and rng.random() < 0.5:
            items = "\n".join(f"- {voice.sentence(rng, 5, 14)}" for _ in range(rng.randint(3, 5)))
            add(f"{rng.choice(LIST_LEADS)}\n\n{items}")
        if words > target * 0.75:
            break
    add("## Økonomi")
    first, last = meta.year, meta.year + rng.randint(1, 3)
    millions = f"{rng.randint(1, 40)},{rng.randint(0, 9)}"
    verb = "spare" if meta.kind == "effektiviseringsforslag" else "bruge"
    economy = f"Med dette forslag foreslår {meta.administration} at {verb} i alt {millions} mio. kr. i perioden {first}-{last}."
    if mentions:
        economy += " " + " ".join(
            f"Forslaget skal ses i sammenhæng med {code}." for code in mentions
        )
    add(economy)
    while words < target:
        add(voice.paragraph(rng, rng.randint(2, 5)))
        if rng.random() < 0.15 and words < target - 60:
            add(
                f"## {rng.choice(('Risikovurdering', 'Bevillingstekniske oplysninger', 'Øvrige oplysninger', 'Tidsplan'))}"
            )
    add("### Bydel og adresse")
    add(f"{where}.")
    for i, note in enumerate(footnotes, 1):
        add(f"[^{i}]: {note}")
    return _without_reserved("\n\n".join(blocks)) + "\n"


def _mentions(rng: random.Random, meta: Meta, others: dict) -> list[str]:
    """Codes of other proposals of the same municipality and year that the body mentions."""
    if rng.random() >= 0.3:
        return []
    same = [code for code in others.get((meta.municipality.id, meta.year), ()) if code != meta.code]
    return rng.sample(same, min(len(same), rng.randint(1, 2)))


# ------------------------------------------------------------------------------ the file


def _scalar(value) -> str:
    """A YAML scalar: plain where that is safe, else a JSON string (valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(
        r"[A-Za-zÆØÅæøå][^:#\[\]{},\"'\n]*[^\s:]|[A-Za-zÆØÅæøå]", text
    ) and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(values) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _front_matter(rng: random.Random, meta: Meta, voice: Voice) -> str:
    lines = ["---", f"id: {meta.id}"]
    if meta.code:
        lines.append(f"code: {meta.code}")
    lines += [
        f"title: {_scalar(meta.title)}",
        f"kind: {meta.kind}",
        f"municipality: {meta.municipality.id}",
    ]
    if meta.administration:
        lines.append(f"administration: {_scalar(meta.administration)}")
    if meta.committee:
        lines.append(f"committee: {_scalar(meta.committee)}")
    dated = (
        meta.kind in ("dagsordenpunkt", "svar-paa-spoergsmaal")
        or meta.municipality.id != "koebenhavn"
    )
    if not dated:
        lines.append(f"budget_year: {meta.year}")
    date = f"{meta.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if dated else None
    if date or rng.random() < 0.4:
        date = date or f"{meta.year - 1}-{rng.randint(8, 10):02d}-{rng.randint(1, 28):02d}"
        lines.append(f"date: {date}")
    if rng.random() < 0.5:
        lines.append(f'case_number: "{meta.year}-{rng.randint(100000, 999999):07d}"')
    public = rng.random() >= 0.03
    closed = meta.kind == "dagsordenpunkt" and not public
    lines.append(f"status: {_weighted(rng, STATUSES)}")
    if not public:
        lines.append("public: false")
    if rng.random() < 0.3:
        lines.append(f"caseworker: {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
    lines.append(f"districts: {_flow(meta.districts)}")
    lines.append(f"tags: {_flow(meta.tags)}")
    if meta.related:
        lines.append("related:")
        for rid, relation in meta.related:
            lines += [f"  - id: {rid}", f"    relation: {relation}"]
    summary = _without_reserved(
        " ".join(voice.sentence(rng, 8, 22) for _ in range(rng.randint(2, 3)))
    )
    lines.append("summary: >-")
    lines += ["  " + line for line in textwrap.wrap(summary, 95)]
    lines.append(f"summary_source: {rng.choice(('archive', 'archive', 'document'))}")
    if meta.kind == "dagsordenpunkt":
        members = [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({rng.choice('ABCFOV')})"
            for _ in range(rng.randint(5, 9))
        ]
        lines += [
            "meeting:",
            f"  body: {_scalar(meta.committee)}",
            f"  date: {date}",
            '  time: "16:00-17:30"',
            f"  place: Mødelokale {rng.choice('ABC')}{rng.randint(100, 400)}",
            "  members:",
        ]
        lines += [f"    - {_scalar(m)}" for m in members]
        lines += [f"  item: {rng.randint(1, 20)}", f"  case_type: {'Lukket' if closed else 'Åben'}"]
    tables = (
        []
        if meta.kind == "svar-paa-spoergsmaal" and rng.random() < 0.5
        else _tables(rng, meta, voice)
    )
    if tables:
        lines.append("budget:")
        for table in tables:
            lines += _table_yaml(table)
    lines.append("---")
    return "\n".join(lines) + "\n"


def _table_yaml(table: dict) -> list[str]:
    out = [f"  - title: {_scalar(table['title'])}"]
    for key in ("unit", "price_level", "label_heading"):
        out.append(f"    {key}: {_scalar(table[key])}")
    out.append(f"    columns: {_flow(table['columns'])}")
    out.append(f"    years: {_flow(table['years'])}")
    out.append(f"    total_column: {_scalar(table['total_column'])}")
    if table.get("headline"):
        out.append("    headline: true")
    for kind in ("rows", "totals"):
        if kind not in table:
            continue
        out.append(f"    {kind}:")
        for row in table[kind]:
            first = True
            for key, value in row.items():
                text = _flow(value) if isinstance(value, list) else _scalar(value)
                out.append(f"      {'- ' if first else '  '}{key}: {text}")
                first = False
    return out


# ------------------------------------------------------------------------------ the archive


def copy_site_files(root: Path, source: Path = REPO) -> None:
    """config/, templates/, theme/, mkdocs.yml and the MkDocs hooks of source (the repository),
    as site_tests/archives.py does."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("config", "templates", "theme"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(source / name, root / name)
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    # mkdocs.yml names its hooks by path; that path must point at the package's hooks
    for hook in (
        yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8")).get("hooks") or ()
    ):
        (root / hook).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / hook, root / hook)


def proposals(n: int, seed: int, source: Path = REPO) -> dict[str, str]:
    """{file name: text} of n synthetic proposals, for the municipalities of source's config/."""
    rng = random.Random(seed)
    language = Language([p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))])
    metas = _metadata(n, rng, municipalities(source))
    codes: dict[tuple, list[str]] = defaultdict(list)
    for meta in metas:
        if meta.code:
            codes[(meta.municipality.id, meta.year)].append(meta.code)
    voices: dict[str, Voice] = {}
    out = {}
    for meta in metas:
        if meta.administration not in voices:
            voices[meta.administration] = language.voice(meta.administration, seed)
        voice = voices[meta.administration]
        out[f"{meta.id}.md"] = _front_matter(rng, meta, voice) + _body(rng, meta, voice, codes)
    return out


def make_archive(root: Path, n: int, seed: int = 1, source: Path = REPO, discard=None) -> Path:
    """A complete archive in root with n synthetic proposals (any proposals there are replaced,
    the folder given to discard(), default: deleted), with the configuration, templates and theme
    of source (default: this repository)."""
    root = Path(root)
    copy_site_files(root, source)
    target = root / "proposals"
    if discard is not None:
        discard(target)
    else:
        shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for name, text in proposals(n, seed, source).items():
        (target / name).write_text(text, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic archive of N proposals.")
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    make_archive(args.root, args.n, args.seed)
    print(f"wrote {args.n} proposals into {args.root / 'proposals'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
