"""The site's search index: Danish word stems → proposals, split into small files.

Why our own index: Pagefind took half a minute and gigabytes to index the built pages of a
large archive (README), and Material's single-file index is tens of MB. The generator already
holds every proposal's text, so it indexes the model directly, in a fraction of that time, and
splits the index so that one query downloads a few small files (theme/assets/search.js):

    search-index/meta.json       the number of documents and the first stem of every shard
    search-index/t/<stem>.json   a shard: consecutive stems (in sorted order) → their postings
    search-index/d/<n>.json      document n: URL, title, a line of facts, summary, plain text

Words are reduced to their Danish Snowball stems here and in the browser (the same algorithm,
theme/assets/search.js), so "samtalerne" finds "samtaler". Shard boundaries are chosen by the
stems themselves (a stem starts a shard when its hash says so), so editing one proposal changes
only the shards of the stems it gains or loses, not the whole index. Postings are flat lists
[doc delta, weight, doc delta, weight, …]; the weight is the stem's count in the document,
title words counted thrice, normalised by the document's length against a fixed reference
length (not the archive's average, which every edit would change); the browser adds BM25's
saturation and the stem's rarity.

The offline build (a site opened from file://, where fetch() is refused) gets the same index as
one script, assets/offline-index.js, with every shard and document inside; above
OFFLINE_FULL_TEXT_LIMIT proposals it indexes titles, summaries, codes and topics only.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, replace

import Stemmer as PyStemmer

FOLDER = "search-index"
OFFLINE_SCRIPT = "assets/offline-index.js"
OFFLINE_FULL_TEXT_LIMIT = 1000
FORMAT_VERSION = 2

TITLE_WEIGHT = 3  # a title word counts as much as three in the text
REFERENCE_LENGTH = 500  # words; a document of this length keeps its raw counts
LENGTH_INFLUENCE = 0.75  # BM25's b
WEIGHT_SCALE = 10  # weights are stored as integers: count × 10 after normalisation
SHARD_EVERY = 64  # on average one stem in this many starts a new shard
SHARD_MAX_BYTES = 40_000  # a shard this large ends early, whatever the hashes say
EXCERPT_TEXT_CHARS = 4_000  # the text kept per document for excerpts
ID_WEIGHT = 30  # an identifier (code, case or document number) as if said three times in the title

# Keys of the index besides the folded stems (see SearchKeys); neither mark is a letter or digit,
# so no word becomes one.
EXACT = "="  # "=" + the stem of the word as spelled, for a word with letters beyond ASCII
IDENTIFIER = "#"  # "#" + an identifier's letters and digits, folded: "BI_10" → "#bi10"

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Words as the browser finds them (JavaScript: /[\\p{L}\\p{N}]+/gu on toLowerCase())."""
    return _WORD.findall(text.lower())


_FOLDED_PAIRS = re.compile(r"aa|oe")


def fold(word: str) -> str:
    """A lower-case word as it is typed without Danish letters or accents: æ → ae, ø → o,
    å → a, é → e (any accent dropped), then aa → a and oe → o, so that "forlob", "forloeb"
    and "forløb" are one word, and "Taastrup" and "Tåstrup". search.js folds the same way."""
    if word.isascii():
        return _FOLDED_PAIRS.sub(_first, word) if ("aa" in word or "oe" in word) else word
    word = word.replace("æ", "ae").replace("ø", "o")
    word = "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.category(c).startswith("M")
    )
    return _FOLDED_PAIRS.sub(_first, word)


def _first(match: re.Match) -> str:
    return match.group(0)[0]


def identifier(text: str) -> str:
    """An identifier as the index keeps it: its words folded and joined, so that "BI_10",
    "BI 10" and "bi10" are one, and "2018-0266843" is "20180266843"."""
    return "".join(fold(w) for w in words(text))


class Stemmer:
    """Danish Snowball stems (libstemmer, through PyStemmer), remembered: an archive repeats the
    same few ten thousand words. The browser's stemmer is theme/assets/search.js."""

    def __init__(self) -> None:
        self._stemmer = PyStemmer.Stemmer("danish")
        self.known: dict[str, str] = {}

    def learn(self, found: set[str]) -> None:
        known = self.known
        new = [
            w for w in found if w not in known
        ]  # (not found - known.keys(): that copies the keys)
        self.known.update(zip(new, self._stemmer.stemWords(new), strict=True))

    def __call__(self, word: str) -> str:
        self.learn({word})
        return self.known[word]


class SearchKeys:
    """A word's keys in the index: the Danish stem of the word folded (fold()), so that a word
    typed without Danish letters finds it; and, for a word with letters beyond ASCII, also
    EXACT + the stem of the word as spelled, so that a search spelled the Danish way ranks the
    documents that spell it so first. Remembered per word, as Stemmer."""

    def __init__(self) -> None:
        self.stem = Stemmer()
        self.known: dict[str, str] = {}  # word → the stem of its folded form
        self.exact: dict[str, str] = {}  # word beyond ASCII → EXACT + its own stem

    def learn(self, found: set[str]) -> None:
        new = [w for w in found if w not in self.known]
        if not new:
            return
        folded = [fold(w) for w in new]
        self.stem.learn(set(new) | set(folded))
        stems = self.stem.known
        self.known.update(zip(new, (stems[f] for f in folded), strict=True))
        self.exact.update((w, EXACT + stems[w]) for w in new if not w.isascii())

    def __call__(self, word: str) -> str:
        self.learn({word})
        return self.known[word]


# Markdown → the text a reader sees, for excerpts and for indexing. Not a Markdown parser (that
# would cost seconds over a large archive): the few marks a proposal body uses are dropped.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M)
_LINE_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
_EDGE_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")  # emphasis, not BI_10
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|<>])")


def plain_text(markdown: str) -> str:
    text = markdown
    if "<" in text:
        text = _TAG.sub(" ", _HTML_COMMENT.sub(" ", text))
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "---" in text:
        text = _TABLE_RULE.sub(" ", text)
    text = _LINE_MARKS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub("", text)
    if "_" in text:
        text = _EDGE_UNDERSCORES.sub("", text)
    # (str.replace: str.translate with a table is ten times slower here)
    return " ".join(text.replace("*", "").replace("`", "").replace("|", " ").split())


@dataclass(frozen=True)
class SearchDocument:
    """One proposal as search sees it."""

    url: str  # from the site root, as the page is linked ("forslag/x/")
    title: str
    facts: str  # one line under the title: kind, year, where
    summary: str
    keywords: str  # code, topics, districts: indexed, not shown
    text: str  # the plain text of the body (empty when the index holds no full text)
    ids: tuple[str, ...] = ()  # code, case number, document number: found exactly (identifier())


def document_weights(doc: SearchDocument, keys: SearchKeys) -> dict[str, int]:
    """The document's keys (SearchKeys: folded stems, exact stems of Danish words) and their
    weights (count, title words thrice, normalised by length), and its identifiers."""
    known, exact = keys.known, keys.exact
    text_words = words(" ".join((doc.summary, doc.keywords, doc.text)))
    title_words = words(doc.title) * TITLE_WEIGHT
    keys.learn(set(text_words) | set(title_words))
    counts = Counter(map(known.__getitem__, text_words))
    counts.update(map(known.__getitem__, title_words))
    counts.update(exact[w] for w in text_words if w in exact)
    counts.update(exact[w] for w in title_words if w in exact)
    length = len(text_words) + len(title_words) // TITLE_WEIGHT
    scale = WEIGHT_SCALE / (1 - LENGTH_INFLUENCE + LENGTH_INFLUENCE * length / REFERENCE_LENGTH)
    weight = [max(1, round(scale * c)) for c in range(max(counts.values(), default=0) + 1)]
    weighted = {s: weight[c] for s, c in counts.items()}
    for found in doc.ids:
        if identifier(found):
            weighted[IDENTIFIER + identifier(found)] = ID_WEIGHT
    return weighted


# A part of the postings (the documents of one worker's chunk) travels to the process that
# merges them as text, a line per stem: "stem first last count w1,Δ2,w2,Δ3,w3,…" (its documents'
# numbers after the first as the difference from the one before, and weights: the shard's
# JSON numbers already): as lists of Python ints they took ten times the memory in the merging
# process (docs/performance.md).
Run = tuple  # a stem's postings, merged: (first document, last document, count, "w1,Δ2,w2,…")


def postings_of(weights: list[dict[str, int]], first: int = 0) -> str:
    """The postings of documents numbered from `first`, as a part for merge()."""
    found: dict[str, list[int]] = {}
    for n, weighted in enumerate(weights, first):
        for s, w in weighted.items():
            entry = found.get(s)
            if entry is None:
                found[s] = [n, w]
            else:
                entry += (n, w)
    return "\n".join(f"{s} {flat[0]} {_run(flat)}" for s, flat in found.items())


def _run(flat: list[int]) -> str:
    """[doc, weight, doc, weight, …] → 'last count w1,Δ2,w2,…'."""
    out, previous = [str(flat[1])], flat[0]
    for i in range(2, len(flat), 2):
        out += (str(flat[i] - previous), str(flat[i + 1]))
        previous = flat[i]
    return f"{previous} {len(flat) // 2} {','.join(out)}"


def postings(documents: list[SearchDocument], first: int = 0) -> str:
    keys = SearchKeys()
    return postings_of([document_weights(doc, keys) for doc in documents], first)


def merge(parts: list[str]) -> dict[str, Run]:
    """Parts for consecutive chunks of documents, in order, as one run per stem."""
    joined: dict[str, list] = {}
    for part in parts:
        for line in part.split("\n") if part else ():
            s, first, last, count, text = line.split(" ")
            entry = joined.get(s)
            if entry is None:
                joined[s] = [int(first), int(last), int(count), [text]]
            else:
                entry[3].append(f"{int(first) - entry[1]},{text}")
                entry[1] = int(last)
                entry[2] += int(count)
    return {
        s: (first, last, count, ",".join(texts))
        for s, (first, last, count, texts) in joined.items()
    }


def _utf16(s: str) -> bytes:
    # the browser compares strings by UTF-16 code units; sort the same way
    return s.encode("utf-16-be")


def _needed(runs: dict[str, Run]) -> dict[str, Run]:
    """The runs without the EXACT keys that say nothing more than their folded key: those whose
    postings are the folded key's own (every document with the word spells it the Danish way,
    the same number of times): most of them, and of the shards' bytes (docs/search.md). The
    browser reads a missing EXACT key so (search-engine.js: lookups)."""
    keys = SearchKeys()
    return {
        s: run for s, run in runs.items() if not (s[:1] == EXACT and runs.get(keys(s[1:])) == run)
    }


def _shards(runs: dict[str, Run]) -> list[tuple[str, str]]:
    """Consecutive keys grouped into shards: (the first key, '' for the first shard; the
    shard as JSON, {key: [doc, weight, doc delta, weight, …], …})."""
    runs = _needed(runs)
    shards = _cut(
        (s, f"{_json(s)}:[{runs[s][0]},{runs[s][3]}]", runs[s][2]) for s in sorted(runs, key=_utf16)
    )
    return [("", shards[0][1]), *shards[1:]] if shards else [("", "{}")]


def _cut(members) -> list[tuple[str, str]]:
    """Shards of (key, its JSON member, its postings' count) in order: (first key, JSON). A key
    starts a shard when its hash says so (so that a shard's keys decide where it ends, whatever
    the others: search_update.py), or when the shard has grown too large."""
    shards: list[tuple[str, str]] = []
    current: list[str] = []
    first_stem, size = "", 0
    for s, member, count in members:
        cut = zlib.crc32(s.encode()) % SHARD_EVERY == 0 or size > SHARD_MAX_BYTES
        if current and cut:
            shards.append((first_stem, "{" + ",".join(current) + "}"))
            current, size = [], 0
        if not current:
            first_stem = s
        current.append(member)
        size += len(s) + 4 + 8 * count
    if current:
        shards.append((first_stem, "{" + ",".join(current) + "}"))
    return shards


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _document(doc: SearchDocument) -> dict:
    return {
        "u": doc.url,
        "t": doc.title,
        "f": doc.facts,
        "s": doc.summary,
        "x": doc.text[:EXCERPT_TEXT_CHARS],
    }


def shard_file(first_stem: str) -> str:
    return f"t/{first_stem or '_'}.json"


def document_file(doc: SearchDocument) -> str:
    return _json(_document(doc)) + "\n"


def document_files(documents: list[SearchDocument], first: int = 0) -> list[tuple[str, str]]:
    return [(f"d/{n}.json", document_file(doc)) for n, doc in enumerate(documents, first)]


def _meta(shards: list, count: int) -> dict:
    return {"version": FORMAT_VERSION, "documents": count, "shards": [first for first, _ in shards]}


def meta_file(firsts: list[str], count: int) -> str:
    """meta.json: the number of documents and the first key of every shard."""
    return _json({"version": FORMAT_VERSION, "documents": count, "shards": firsts}) + "\n"


def shard_files(merged: dict[str, Run], count: int) -> list[tuple[str, str]]:
    """meta.json and the shards, from the postings of all `count` documents."""
    shards = _shards(merged)
    return [("meta.json", meta_file([first for first, _ in shards], count))] + [
        (shard_file(first), text + "\n") for first, text in shards
    ]


def index_files(documents: list[SearchDocument]) -> list[tuple[str, str]]:
    """The whole index as files (path inside FOLDER, text) for a served site, in one process."""
    return shard_files(merge([postings(documents)]), len(documents)) + document_files(documents)


def offline_script(documents: list[SearchDocument], filters: str) -> tuple[str, str]:
    """The index as one script for the offline build (file:// pages may load scripts only),
    with the filters' file (search_filters.filter_file()) inside."""
    if len(documents) > OFFLINE_FULL_TEXT_LIMIT:
        documents = [replace(d, text="") for d in documents]
    shards = _shards(merge([postings(documents)]))
    data = (
        '{"meta":'
        + _json(_meta(shards, len(documents)))
        + ',"shards":{'
        + ",".join(f"{_json(first)}:{text}" for first, text in shards)
        + "}"
        + ',"documents":'
        + _json([_document(doc) for doc in documents])
        + ',"filters":'
        + filters.strip()
        + "}"
    )
    return OFFLINE_SCRIPT, "window.PA_SEARCH_INDEX = " + data + ";\n"
