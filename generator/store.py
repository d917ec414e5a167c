"""What earlier runs made, kept between runs in build/cache/: what checking each proposal file
found, and what rendering each proposal gave.

Checking a file (reading it, its YAML with the position of every key, the schema, the rules,
the model) takes about 0.8 ms of CPU, rendering its page and search entry about 1.2 ms: 20
CPU-seconds at 10,000 proposals. Between two runs most files are unchanged (a pull request
touches a few), so a run takes what the last one made for everything whose inputs are the
same, as Sphinx keeps its environment between builds.

A file is the same when its stat (modification and change time, size, inode) is unchanged,
or, failing that (a fresh clone, a restored CI cache, `touch`), when its bytes have the same
digest. What a check or a page gives depends on more than its file: the configuration, the
templates, the generator's own code and the libraries' versions. All of that makes a store's
fingerprint; a store with another fingerprint is not used at all.

Results are kept as pickles, in blobs: each blob is one job's results pickled together (a
worker process sends its results to the parent pickled anyway, and the same bytes go into the
store), unpickled only when a run needs one of them. A pickle can run code when loaded: a store
is trusted as the generator's own files are (it lives in the archive's build/ folder, written
by the generator); do not restore build/cache/ from a source you would not run code from.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .write import atomic_write

FORMAT = 1  # raise when a store's layout changes
# The libraries whose behaviour a check or a page depends on: their versions are in the fingerprint.
LIBRARIES = ("PyYAML", "fastjsonschema", "markdown-it-py", "babel", "Jinja2", "MarkupSafe", "PyStemmer")
COMPACT_MIN = 200  # dead results a store may hold before its live ones are written anew

Stamp = tuple  # (mtime_ns, ctime_ns, size, inode) of a file


def stamp_of(stat: os.stat_result) -> Stamp:
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def fingerprint(*folders: Path) -> bytes:
    """What every result in a store depends on besides its own inputs: the generator's code
    (every file of this package), the files of the given folders (configuration, templates),
    the libraries' versions, Python's version and the stores' format."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT}\n{sys.version}\n".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    package = Path(__file__).resolve().parent
    for label, folder in (("generator", package), *((f"folder {n}", f) for n, f in enumerate(folders))):
        if not folder.is_dir():
            h.update(f"{label} missing\n".encode())
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(f"{label} {path.relative_to(folder).as_posix()} {path.stat().st_size}\n".encode())
            h.update(path.read_bytes())
    return h.digest()


@dataclass(frozen=True, slots=True)
class Entry:
    meta: object  # what tells that the result still holds (a file's stamp and digest, …)
    blob: int  # which blob holds the result; -1: none (the meta is all there is)


@dataclass
class Store:
    """Results of one fingerprint: entries by key, and the blobs that hold their results (each
    a pickled {key: result}, with how many it holds)."""

    path: Path
    fingerprint: bytes
    entries: dict = field(default_factory=dict)
    blobs: list = field(default_factory=list)  # (count, bytes) or None where none is left
    changed: bool = False
    _unpickled: dict = field(default_factory=dict)  # blob number → its results

    @classmethod
    def open(cls, path: Path, fingerprint: bytes) -> "Store":
        """The store at path if it has this fingerprint, else an empty one. A store that cannot
        be read (damaged, from another version) is as good as none: it is replaced on save."""
        try:
            with path.open("rb") as f:
                kept = pickle.load(f)
            if kept["format"] == FORMAT and kept["fingerprint"] == fingerprint:
                return cls(path, fingerprint, kept["entries"], kept["blobs"])
        except Exception:  # (a store is only ever a shortcut: any trouble means starting afresh)
            pass
        return cls(path, fingerprint, changed=path.exists())

    def meta(self, key):
        entry = self.entries.get(key)
        return entry.meta if entry is not None else None

    def result(self, key):
        """The stored result of key; None if there is none, or its blob cannot be unpickled
        after all (then the caller makes it again)."""
        entry = self.entries.get(key)
        if entry is None or entry.blob < 0:
            return None
        results = self._unpickled.get(entry.blob)
        if results is None:
            try:
                results = pickle.loads(self.blobs[entry.blob][1])
            except Exception:
                results = {}
            self._unpickled[entry.blob] = results
        return results.get(key)

    def set_meta(self, key, meta) -> None:
        entry = self.entries[key]
        if entry.meta != meta:
            self.entries[key] = Entry(meta, entry.blob)
            self.changed = True

    def put(self, key, meta) -> None:
        """An entry without a result: its meta is all there is to keep."""
        if self.entries.get(key) != Entry(meta, -1):
            self.entries[key] = Entry(meta, -1)
            self.changed = True

    def add(self, blob: bytes | None, metas: list[tuple]) -> None:
        """New results, pickled together in blob as {key: result}: (key, meta) of each."""
        if not metas:
            return
        number = len(self.blobs)
        self.blobs.append((len(metas), blob))
        for key, meta in metas:
            self.entries[key] = Entry(meta, number)
        self.changed = True

    def keep_only(self, keys) -> None:
        """Forget the entries of everything else (files that are gone, pages no longer made)."""
        for gone in self.entries.keys() - set(keys):
            del self.entries[gone]
            self.changed = True

    def save(self) -> None:
        """Write the store (atomically) if anything changed. Blobs no entry points to any more
        are dropped; when the blobs hold more dead results (replaced since) than live ones, the
        live results are written as one blob again."""
        if not self.changed:
            return
        live = {entry.blob for entry in self.entries.values() if entry.blob >= 0}
        held = sum(self.blobs[n][0] for n in live)
        alive = sum(1 for entry in self.entries.values() if entry.blob >= 0)
        if held - alive > max(alive, COMPACT_MIN):
            results = {key: self.result(key) for key, entry in self.entries.items() if entry.blob >= 0}
            kept = {key: result for key, result in results.items() if result is not None}
            self.entries = {
                key: Entry(entry.meta, 0 if key in kept else -1) for key, entry in self.entries.items() if entry.blob < 0 or key in kept
            }
            self.blobs = [(len(kept), pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))]
            self._unpickled = {}
        else:  # the live blobs, numbered anew
            number = {old: new for new, old in enumerate(sorted(live))}
            self.entries = {key: Entry(entry.meta, number.get(entry.blob, -1)) for key, entry in self.entries.items()}
            self.blobs = [self.blobs[old] for old in sorted(live)]
            self._unpickled = {number[old]: results for old, results in self._unpickled.items() if old in number}
        kept = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": self.entries, "blobs": self.blobs}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a store that cannot be written only makes the next run slower
        self.changed = False
