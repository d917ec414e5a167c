"""The search index's shards after some chunks of documents changed: only the keys whose
postings changed are merged again, and only the shards that hold them are made again.

search_index.py makes every shard from the postings of every chunk, the largest part of a
build after one change before this module (docs/performance.md); after one proposal changed,
a few hundred keys of its chunk have other postings. update() takes the changed chunks' postings as they were and as they are
(the parts of search_index.postings_of, the old ones from the render store), reads the shards
that hold those keys, and cuts again only the stretches of shards that they can change: a shard
begins where a key's hash says so (search_index._cut) or where the one before grew too large,
so the shards from one hash cut to the next depend on the keys between them alone.

A document is numbered by its place in the archive, and its postings hold that number: a
proposal added or removed renumbers every later document, and so every key of theirs (nearly
all keys) changes; generate.py then merges everything again (search_shards.py decides).
"""

from __future__ import annotations

import json
import re
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate
from operator import sub

from . import search_index
from .search_index import EXACT, SearchKeys, _cut, _json, _utf16

# Above this many keys changed, every shard is made afresh: updating costs per key (reading its
# shards, decoding its postings), and past this many it costs more than merging everything
# (measured: docs/performance.md); one proposal's edit changes a few hundred keys, one added or
# removed renumbers every later document and changes every key of theirs.
UPDATE_MAX_KEYS = 3000

Pairs = list  # a key's postings decoded: [(document, weight), …] in document order

_MEMBER = re.compile(r'"([^"\\]*)":\[([^\]]*)\]')  # a shard's key and postings (keys: words)


def _starts_stretch(first: str) -> bool:
    """Whether the shard whose first key this is begins where the hashes cut (or is the first)."""
    return first == "" or zlib.crc32(first.encode()) % search_index.SHARD_EVERY == 0


def _lines(parts: list[str]) -> dict[str, list[str]]:
    """Each key's lines in the parts, in order: 'first last count w1,Δ2,w2,…'."""
    found: dict[str, list[str]] = {}
    for part in parts:
        for line in part.split("\n") if part else ():
            key, rest = line.split(" ", 1)
            found.setdefault(key, []).append(rest)
    return found


def _decode_line(rest: str) -> Pairs:
    first, _, _, text = rest.split(" ")
    return _decode([int(first), *map(int, text.split(","))])


def _decode(flat: list[int]) -> Pairs:
    """[doc, weight, doc delta, weight, …] → [(doc, weight), …]."""
    return list(zip(accumulate(flat[0::2]), flat[1::2], strict=True))


def _encode(pairs: Pairs) -> str:
    """[(doc, weight), …] → 'doc,weight,doc delta,weight,…' (a shard's JSON list, inside)."""
    docs = [doc for doc, _ in pairs]
    flat: list[int] = [0] * (2 * len(pairs))
    flat[0::2] = [docs[0], *map(sub, docs[1:], docs[:-1])]
    flat[1::2] = [weight for _, weight in pairs]
    return ",".join(map(str, flat))


def _without(pairs: Pairs, replaced: list[tuple[int, int]]) -> Pairs:
    """The pairs whose documents are in none of the ranges (start, end)."""
    docs = [doc for doc, _ in pairs]
    out: Pairs = []
    at = 0
    for start, end in sorted(replaced):
        lo = bisect_left(docs, start, at)
        out += pairs[at:lo]
        at = max(lo, bisect_left(docs, end, lo))
    return out + pairs[at:]


class _Shards:
    """The shards as they are on disk, each read and split into its keys when first asked."""

    def __init__(self, firsts: list[str], read: Callable[[str], str]):
        self.firsts = firsts
        self._order = [_utf16(f) for f in firsts]
        self._read = read
        self._members: dict[int, dict[str, str]] = {}
        self.texts: dict[int, str] = {}

    def of(self, key: str) -> int:
        """The shard that holds key, or would: the last one whose first key is not after it."""
        return max(0, bisect_right(self._order, _utf16(key)) - 1)

    def members(self, i: int) -> dict[str, str]:
        """Shard i's keys → their postings as the JSON list's inside ('doc,weight,…')."""
        if i not in self._members:
            text = self.texts[i] = self._read(self.firsts[i]).rstrip("\n")
            found = {k: v for k, v in _MEMBER.findall(text)}
            if len(found) != text.count('":['):  # (a key that _MEMBER cannot read: start afresh)
                raise ValueError(f"shard {self.firsts[i]!r} not understood")
            self._members[i] = found
        return self._members[i]

    def postings(self, key: str) -> str | None:
        return self.members(self.of(key)).get(key)


def update(
    firsts: list[str],
    read: Callable[[str], str],
    exact: dict[str, tuple[str, ...]],
    replaced: list[tuple[int, int]],
    old_parts: list[str],
    new_parts: list[str],
) -> tuple[list[str], dict[str, str], dict[str, tuple[str, ...]]]:
    """The shards after the documents of the replaced ranges (start, end) changed.

    firsts: every shard's first key as meta.json lists them; read(first): that shard's file;
    exact: every EXACT key of the index (kept or left out of the shards, search_index._needed)
    by its folded key; old_parts/new_parts: the postings of the replaced documents as they were
    and as they are. Returns the shards' first keys now, the shards made anew {first: JSON}
    (those not in it are as they were) and the EXACT keys now. Raises ValueError where a shard
    cannot be read as this module writes them, or too many keys changed (UPDATE_MAX_KEYS): the
    caller makes every shard then."""
    shards = _Shards(firsts, read)
    old, new = _lines(old_parts), _lines(new_parts)
    changed = {k: new.get(k, []) for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    if len(changed) > UPDATE_MAX_KEYS:
        raise ValueError(f"{len(changed)} keys changed")  # (merged whole: cheaper then)
    keys = SearchKeys()
    exact = dict(exact)

    def folded(key: str) -> str:
        return keys(key[1:])

    def old_pairs(key: str) -> Pairs:
        text = shards.postings(key)
        if text is not None:
            return _decode(json.loads(f"[{text}]"))
        if key[:1] == EXACT and key in exact.get(folded(key), ()):
            return old_pairs(folded(key))  # (left out of the shards: its folded key's own)
        return []

    made: dict[str, Pairs] = {}

    def pairs(key: str) -> Pairs:
        if key not in made:
            if key in changed:
                kept = _without(old_pairs(key), replaced)
                for rest in changed[key]:
                    kept += _decode_line(rest)
                made[key] = sorted(kept)
            else:
                made[key] = old_pairs(key)
        return made[key]

    # the keys to decide again: the changed ones, and the EXACT keys of a changed folded key
    # (whether an EXACT key is kept depends on its folded key's postings)
    decide = set(changed)
    for key in changed:
        if key[:1] != EXACT:
            decide.update(exact.get(key, ()))
    now: dict[str, str | None] = {}  # key → its postings in the shards now (None: not there)
    for key in decide:
        found = pairs(key)
        if key[:1] == EXACT and key in changed:
            others = set(exact.get(folded(key), ())) - {key}
            if found:
                others.add(key)
            exact[folded(key)] = tuple(sorted(others))
            if not others:
                del exact[folded(key)]
        needed = bool(found) and (key[:1] != EXACT or found != pairs(folded(key)))
        text = _encode(found) if needed else None
        if text != shards.postings(key):
            now[key] = text
    if not now:
        return firsts, {}, exact

    # the stretches of shards (from one hash cut to the next) that hold a key that changed
    stretches: set[int] = set()
    for key, text in now.items():
        i = shards.of(key)
        stretches.add(i)
        if text is None and firsts[i] == key and _starts_stretch(key) and i > 0:
            stretches.add(i - 1)  # (its stretch may join the one before)
    starts = sorted({max(j for j in range(i + 1) if _starts_stretch(firsts[j])) for i in stretches})
    new_firsts: list[str] = []
    remade: dict[str, str] = {}
    i = 0
    at: dict[int, list[str]] = {}  # shard → the keys that changed in it
    for key in now:
        at.setdefault(shards.of(key), []).append(key)

    def stretch(start: int) -> int:
        """Where the stretch of shards from start ends (a stretch whose first key is gone is
        one with the stretch before)."""
        end = start + 1
        while end < len(firsts) and (
            not _starts_stretch(firsts[end]) or now.get(firsts[end], "") is None
        ):
            end += 1
        return end

    for start in starts:
        if start < i:
            continue
        new_firsts += firsts[i:start]
        members: dict[str, str] = {}
        end = start
        # (the first shard holds the first key, whatever its hash: while nothing is left in
        # the first stretch, the next one is the first)
        while end == start or (start == 0 and not members and end < len(firsts)):
            start_of_next, end = end, stretch(end)
            for j in range(start_of_next, end):
                members.update(shards.members(j))
                for key in at.get(j, ()):
                    text = now[key]
                    if text is None:
                        members.pop(key, None)
                    else:
                        members[key] = text
        cut = _cut(
            (k, f"{_json(k)}:[{members[k]}]", (members[k].count(",") + 1) // 2)
            for k in sorted(members, key=_utf16)
        )
        if start == 0:
            cut = [("", cut[0][1]), *cut[1:]] if cut else [("", "{}")]
        for first, text in cut:
            new_firsts.append(first)
            was = firsts.index(first, start, end) if first in firsts[start:end] else None
            if was is None or shards.texts[was] != text:
                remade[first] = text
        i = end
    new_firsts += firsts[i:]
    return new_firsts, remade, exact


def exact_keys(keys_found) -> dict[str, tuple[str, ...]]:
    """Every EXACT key among keys_found, by its folded key (as search_index._needed folds)."""
    keys = SearchKeys()
    exact = [key for key in keys_found if key[:1] == EXACT]
    keys.learn({key[1:] for key in exact})  # (stemmed together: one call for all)
    found: dict[str, list[str]] = {}
    for key in exact:
        found.setdefault(keys.known[key[1:]], []).append(key)
    return {f: tuple(sorted(e)) for f, e in found.items()}
