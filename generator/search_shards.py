"""The search index's shards and meta.json written through the render store: kept whole while
no chunk of documents changed; after a few chunks changed, only the shards of the keys whose
postings changed made again (search_update.py); else merged from every chunk's postings
(search_index.py).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable

from . import keys
from .keys import digest_of, made_stamp
from .search_index import merge, meta_file, shard_file, shard_files
from .search_update import exact_keys, update
from .store import Store
from .write import Writer

Chunk = tuple  # (start, end, the render store's key of its postings: keys.postings, or None)

# Above this share of the documents changed, every shard is made from every chunk's postings:
# nearly every key has a document in them (a proposal added or removed renumbers every later
# document, docs/performance.md).
UPDATE_MAX_SHARE = 0.2


def write_shards(
    writer: Writer,
    chunks: list[Chunk],
    part_of: Callable[[int], str],
    count: int,
    stored: Store | None,
) -> None:
    """The shards and meta.json of `count` documents in chunks; part_of(i): the postings of
    chunk i (search_index.postings_of). With the render store (stored): kept, neither read nor
    compared, while every chunk and every file is as recorded; made again only where the
    changed chunks' keys are, while the files are as recorded (search_update.update)."""
    key = keys.shards([c[2] for c in chunks], count) if stored is not None else None
    recorded = stored.meta(keys.SHARDS) if stored is not None and key is not None else None
    if recorded is not None and _as_recorded(writer, recorded[3]):
        if recorded[0] == key:
            for path, _ in recorded[3]:
                writer.keep(path)
            return
        if _updated(writer, chunks, part_of, count, stored, key, recorded):
            return
    merged = merge([part_of(i) for i in range(len(chunks))])
    written = [
        (path, _stamp(writer.write(path, text, stat=key is not None)))
        for path, text in shard_files(merged, count)
    ]
    if stored is not None and key is not None and all(s is not None for _, s in written):
        exact = _keep_exact(stored, exact_keys(merged), None)
        stored.put(keys.SHARDS, (key, count, tuple(chunks), tuple(written), exact))


def _keep_exact(stored: Store, exact: dict, before: dict | None) -> bytes:
    """The EXACT keys kept in the store, in a blob of their own (tens of thousands of keys,
    which the store's index need not hold: written only when they changed). Their digest."""
    if exact == before:
        return stored.meta(keys.SHARDS_EXACT)
    blob = pickle.dumps({keys.SHARDS_EXACT: exact}, pickle.HIGHEST_PROTOCOL)
    stored.add(blob, [(keys.SHARDS_EXACT, digest_of(blob))])
    return digest_of(blob)


def _as_recorded(writer: Writer, files) -> bool:
    return all(
        (before := writer.stat(path)) is not None and made_stamp(before) == stamp
        for path, stamp in files
    )


def _updated(writer, chunks, part_of, count, stored, key, recorded) -> bool:
    """The shards made again where the changed chunks' keys are (False: too much changed, or
    what the update needs cannot be had; nothing is written then)."""
    _, old_count, old_chunks, files, exact_digest = recorded
    if len(old_chunks) == len(chunks) and all(
        o[:2] == c[:2] for o, c in zip(old_chunks, chunks, strict=True)
    ):
        changed = [i for i, (o, c) in enumerate(zip(old_chunks, chunks, strict=True)) if o != c]
        replaced = [old_chunks[i][:2] for i in changed]
        old, new = [old_chunks[i][2] for i in changed], changed
    else:  # (numbered otherwise from the first chunk that differs on: all later ones replaced)
        differs = next(
            (i for i, (o, c) in enumerate(zip(old_chunks, chunks, strict=False)) if o != c),
            min(len(old_chunks), len(chunks)),
        )
        start = chunks[differs][0] if differs < len(chunks) else count
        replaced = [(start, max(old_count, count))]
        old, new = [c[2] for c in old_chunks[differs:]], list(range(differs, len(chunks)))
    if sum(end - start for start, end in replaced) > UPDATE_MAX_SHARE * max(count, 1):
        return False
    old_parts = [stored.result(k, hold=False) for k in old]
    before = stored.result(keys.SHARDS_EXACT, hold=False)
    if any(part is None for part in old_parts) or before is None:
        return False
    if stored.meta(keys.SHARDS_EXACT) != exact_digest:
        return False
    root = writer.root
    try:
        firsts = json.loads((root / "meta.json").read_bytes())["shards"]
        firsts, remade, exact = update(
            firsts,
            lambda first: (root / shard_file(first)).read_text(encoding="utf-8"),
            before,
            replaced,
            old_parts,
            [part_of(i) for i in new],
        )
    except (OSError, ValueError, KeyError):
        return False
    stamps = dict(files)
    written = [
        ("meta.json", _stamp(writer.write("meta.json", meta_file(firsts, count), stat=True)))
    ]
    for first in firsts:
        path = shard_file(first)
        if first in remade:
            written.append((path, _stamp(writer.write(path, remade[first] + "\n", stat=True))))
        else:
            writer.keep(path)
            written.append((path, stamps[path]))
    if all(stamp is not None for _, stamp in written):
        exact_digest = _keep_exact(stored, exact, before)
        stored.put(keys.SHARDS, (key, count, tuple(chunks), tuple(written), exact_digest))
    else:
        stored.forget(keys.SHARDS)
    return True


def _stamp(after) -> tuple | None:
    return made_stamp(after) if after is not None else None
