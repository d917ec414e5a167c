"""What earlier runs made, kept between runs in build/cache/: what checking each proposal file
found, and what rendering each proposal gave.

Checking a file (reading it, its YAML with the position of every key, the schema, the rules,
the model) and rendering its page and search entry cost milliseconds each, which a large
archive multiplies into tens of CPU-seconds (docs/performance.md). Between two runs most files
are unchanged (a pull request touches a few), so a run takes what the last one made for
everything whose inputs are the same, as Sphinx keeps its environment between builds.

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
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

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


class Entry(NamedTuple):
    """(A tuple: an index holds tens of thousands, and a frozen dataclass with slots unpickles
    through fields() for each; see model._quick_pickle.)"""

    meta: object  # what tells that the result still holds (a file's stamp and digest, …)
    blob: str | None  # the name of the blob that holds the result; None: the meta is all there is


INDEX = "index.pickle"


@dataclass
class Store:
    """Results of one fingerprint, in a folder: index.pickle holds the entries by key and how
    many results each blob holds; each blob is a file of its own (a pickled {key: result},
    named by its digest), read only when a result in it is asked for. A run that changed a few
    results writes one small blob and the index, not everything again."""

    folder: Path
    fingerprint: bytes
    entries: dict = field(default_factory=dict)
    blobs: dict = field(default_factory=dict)  # blob name → how many results it was made with
    changed: bool = False
    _new: dict = field(default_factory=dict)  # blob name → its bytes, until saved
    _unpickled: dict = field(default_factory=dict)  # blob name → its results

    @classmethod
    def open(cls, folder: Path, fingerprint: bytes) -> "Store":
        """The store in folder if it has this fingerprint, else an empty one. A store that cannot
        be read (damaged, from another version) is as good as none: it is replaced on save."""
        try:
            with (folder / INDEX).open("rb") as f:
                kept = pickle.load(f)
            if kept["format"] == FORMAT and kept["fingerprint"] == fingerprint:
                return cls(folder, fingerprint, kept["entries"], kept["blobs"])
        except Exception:  # (a store is only ever a shortcut: any trouble means starting afresh)
            pass
        return cls(folder, fingerprint, changed=folder.exists())

    def meta(self, key):
        entry = self.entries.get(key)
        return entry.meta if entry is not None else None

    def result(self, key):
        """The stored result of key; None if there is none, or its blob cannot be read after all
        (then the caller makes it again)."""
        entry = self.entries.get(key)
        if entry is None or entry.blob is None:
            return None
        results = self._unpickled.get(entry.blob)
        if results is None:
            try:
                data = self._new.get(entry.blob)
                results = pickle.loads(data if data is not None else (self.folder / entry.blob).read_bytes())
            except Exception:
                results = {}
            self._unpickled[entry.blob] = results
        return results.get(key)

    def forget(self, key) -> None:
        if self.entries.pop(key, None) is not None:
            self.changed = True

    def set_meta(self, key, meta) -> None:
        entry = self.entries[key]
        if entry.meta != meta:
            self.entries[key] = Entry(meta, entry.blob)
            self.changed = True

    def put(self, key, meta) -> None:
        """An entry without a result: its meta is all there is to keep."""
        if self.entries.get(key) != Entry(meta, None):
            self.entries[key] = Entry(meta, None)
            self.changed = True

    def add(self, blob: bytes | None, metas: list[tuple]) -> None:
        """New results, pickled together in blob as {key: result}: (key, meta) of each."""
        if not metas:
            return
        name = _blob_name(blob)
        self._new[name] = blob
        self.adopt(name, metas)

    def write_blob(self, blob: bytes) -> str | None:
        """Write a blob now (by a worker process, which then tells adopt() its name); None if
        it cannot be written (then its results are not kept)."""
        name = _blob_name(blob)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / name, blob)
        except OSError:
            return None
        return name

    def adopt(self, name: str, metas: list[tuple]) -> None:
        """New results in the blob of that name (written by write_blob(), or by save() for
        add()): (key, meta) of each."""
        self.blobs[name] = self.blobs.get(name, 0) + len(metas)
        for key, meta in metas:
            self.entries[key] = Entry(meta, name)
        self.changed = True

    def keep_only(self, keys) -> None:
        """Forget the entries of everything else (files that are gone, pages no longer made)."""
        for gone in self.entries.keys() - set(keys):
            del self.entries[gone]
            self.changed = True

    def save(self, background: bool = False) -> None:
        """Write what changed: the new blobs, then the index (atomically, so that it never names
        a blob that is not there), then delete the blobs no entry names. When the blobs hold
        more dead results (replaced since) than live ones, the live ones go into one blob.
        background: the files are written by a thread while the caller goes on (writing a
        large file gives up the interpreter's lock); finish_writing() waits for it."""
        if not self.changed:
            return
        live = {entry.blob for entry in self.entries.values() if entry.blob is not None}
        alive = sum(1 for entry in self.entries.values() if entry.blob is not None)
        if sum(self.blobs[name] for name in live) - alive > max(alive, COMPACT_MIN):
            results = {key: self.result(key) for key, entry in self.entries.items() if entry.blob is not None}
            kept = {key: result for key, result in results.items() if result is not None}
            self.entries = {k: e for k, e in self.entries.items() if e.blob is None or k in kept}
            self.blobs, self._new, self._unpickled = {}, {}, {}
            self.add(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL), [(k, self.entries[k].meta) for k in kept])
            live = set(self._new)
        self.blobs = {name: count for name, count in self.blobs.items() if name in live}
        index = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": self.entries, "blobs": self.blobs}
        files = [(name, data) for name, data in self._new.items() if name in live]
        files.append((INDEX, pickle.dumps(index, pickle.HIGHEST_PROTOCOL)))
        self._new = {}
        self.changed = False
        if background:
            thread = threading.Thread(target=_write, args=(self.folder, files, live), name="store writer")
            thread.start()
            _writing.append(thread)
        else:
            _write(self.folder, files, live)


def _blob_name(blob: bytes) -> str:
    return digest_of(blob).hex() + ".pickle"


_writing: list[threading.Thread] = []


def finish_writing() -> None:
    """Wait until the stores saved in the background are written."""
    while _writing:
        _writing.pop().join()


def _write(folder: Path, files: list[tuple[str, bytes]], live: set) -> None:
    """The blobs, then the index last; then the blobs no entry names are deleted."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files:  # (a blob even where a file of its name is there: it may be damaged)
            atomic_write(folder / name, data)
        for path in folder.iterdir():
            if path.name != INDEX and path.name not in live:
                path.unlink()
    except OSError:
        pass  # a store that cannot be written only makes the next run slower
