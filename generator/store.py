"""The incremental store: what earlier runs made, kept between runs in build/cache/ (what
checking each proposal file found, and what rendering each proposal gave), for `check`, `build`
and `serve` alike. What each result depends on (its key) is made in keys.py.

Checking a file (reading it, its YAML with the position of every key, the schema, the rules,
the model) and rendering its page and search entry cost milliseconds each, which a large
archive multiplies into tens of CPU-seconds (docs/performance.md). Between two runs most files
are unchanged (a pull request touches a few), so a run takes what the last one made for
everything whose inputs are the same, as Sphinx keeps its environment between builds.

A store with another fingerprint (keys.fingerprint: configuration, templates, the generator's
code, the libraries' versions) is not used at all. A store that cannot be read is said in one
line on standard error and made again; it never changes what a run finds or makes.

The index of entries (tens of thousands of keys in a large archive, costly to pickle whole:
docs/performance.md) is written whole only now and then: a run that changed a few entries writes them into a
journal beside it, read on top of the index it names (docs/performance.md).

Results are kept as pickles, in blobs: each blob is one job's results pickled together (a
worker process sends its results to the parent pickled anyway, and the same bytes go into the
store), unpickled only when a run needs one of them. A pickle can run code when loaded: a store
is trusted as the generator's own files are (it lives in the archive's build/ folder, written
by the generator); do not restore build/cache/ from a source you would not run code from.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .keys import FORMAT, digest_of
from .write import atomic_write

COMPACT_MIN = 200  # dead results a store may hold before its live ones are written anew
JOURNAL_SHARE = 10  # a journal with more than one entry in this many is folded into the index


# An entry of the index, (meta, blob): meta tells that the result still holds (a file's stamp and
# digest, …); blob is the name of the blob that holds the result (None: the meta is all there
# is). A plain tuple: an index holds tens of thousands, and a named tuple's Python __new__ was a
# third of unpickling the render store's index (docs/performance.md).
Entry = tuple
META, BLOB = 0, 1


INDEX = "index.pickle"
JOURNAL = "journal.pickle"


@dataclass
class Store:
    """Results of one fingerprint, in a folder: index.pickle holds the entries by key and how
    many results each blob holds (journal.pickle, what changed since); each blob is a file of its own (a pickled {key: result},
    named by its digest), read only when a result in it is asked for. A run that changed a few
    results writes one small blob and the index, not everything again."""

    folder: Path
    fingerprint: bytes
    name: str = ""  # how messages name the store (its folder in the archive)
    entries: dict = field(default_factory=dict)
    blobs: dict = field(default_factory=dict)  # blob name → how many results it was made with
    changed: bool = False
    _new: dict = field(default_factory=dict)  # blob name → its bytes, until saved
    _unpickled: dict = field(default_factory=dict)  # blob name → its results
    _passing: tuple = (None, {})  # the last blob read by result(hold=False), its results
    _said: bool = False  # (one line per store and run)
    _base: bytes | None = None  # the index on disk the entries were read from (JOURNAL names it)
    _journal: dict = field(default_factory=dict)  # key → Entry, or None (gone), since _base
    _touched: set = field(default_factory=set)  # keys changed since opened

    @classmethod
    def open(cls, folder: Path, fingerprint: bytes, name: str = "") -> Store:
        """The store in folder if it has this fingerprint, else an empty one (replaced on save).
        One that cannot be read (damaged; a folder without its index; of an earlier format) is
        said (name: the folder's name in messages)."""
        if not folder.exists():
            return cls(folder, fingerprint, name)
        try:
            with (folder / INDEX).open("rb") as f:
                head = _Head(f).load()
                if not isinstance(head, dict) or head.get("format") != FORMAT:
                    found = head.get("format") if isinstance(head, dict) else None
                    raise ValueError(f"format {found}, this version's is {FORMAT}")
                if head["fingerprint"] == fingerprint:
                    kept = pickle.load(f)
                    store = cls(folder, fingerprint, name, kept["entries"], kept["blobs"])
                    store._base = head["base"]
                    store._read_journal()
                    return store
        except Exception as exc:  # (a store is only ever a shortcut: any trouble means afresh)
            store = cls(folder, fingerprint, name, changed=True)
            store._say(exc, "rebuilding")
            return store
        # (another fingerprint's: the configuration, templates or code changed; replaced silently)
        return cls(folder, fingerprint, name, changed=True)

    def _read_journal(self) -> None:
        """The entries changed since the index was written, on top of it (a journal of another
        index, or none, is not read)."""
        try:
            with (self.folder / JOURNAL).open("rb") as f:
                journal = pickle.load(f)
        except FileNotFoundError:
            return
        if journal["base"] != self._base:
            return
        self._journal = journal["entries"]
        for key, entry in self._journal.items():
            if entry is None:
                self.entries.pop(key, None)
            else:
                self.entries[key] = entry
        self.blobs = journal["blobs"]

    def _say(self, exc: Exception, then: str) -> None:
        """`build/cache/checked: unreadable store (UnpicklingError: …): rebuilding`, once."""
        if self._said:
            return
        self._said = True
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        reason = reason if len(reason) <= 100 else reason[:99] + "…"
        print(f"{self.name or self.folder}: unreadable store ({reason}): {then}", file=sys.stderr)

    def meta(self, key):
        entry = self.entries.get(key)
        return entry[META] if entry is not None else None

    def holds(self, key) -> bool:
        """Whether there is a stored result of key (not read: its blob may prove unreadable)."""
        entry = self.entries.get(key)
        return entry is not None and entry[BLOB] is not None

    def result(self, key, hold: bool = True):
        """The stored result of key; None if there is none, or its blob cannot be read after all
        (then the caller makes it again). hold=False: of the blobs read this way, only the last
        stays unpickled, for a caller that goes through its results blob by blob (the open data
        job, which would otherwise hold every proposal's data at once)."""
        entry = self.entries.get(key)
        if entry is None or entry[BLOB] is None:
            return None
        if not hold and entry[BLOB] not in self._unpickled:
            if self._passing[0] != entry[BLOB]:
                self._passing = (entry[BLOB], self._unpickle(entry[BLOB]))
            return self._passing[1].get(key)
        results = self._unpickled.get(entry[BLOB])
        if results is None:
            results = self._unpickled[entry[BLOB]] = self._unpickle(entry[BLOB])
        return results.get(key)

    def let_go(self) -> None:
        """Forget the results unpickled so far (they are read again if asked for)."""
        self._unpickled.clear()
        self._passing = (None, {})

    def _unpickle(self, blob: str) -> dict:
        try:
            data = self._new.get(blob)
            return pickle.loads(data if data is not None else (self.folder / blob).read_bytes())
        except Exception as exc:
            self._say(exc, "making again what it held")
            return {}

    def forget(self, key) -> None:
        if self.entries.pop(key, None) is not None:
            self.changed = True
            self._touched.add(key)

    def set_meta(self, key, meta) -> None:
        entry = self.entries[key]
        if entry[META] != meta:
            self.entries[key] = (meta, entry[BLOB])
            self.changed = True
            self._touched.add(key)

    def put(self, key, meta) -> None:
        """An entry without a result: its meta is all there is to keep."""
        if self.entries.get(key) != (meta, None):
            self.entries[key] = (meta, None)
            self.changed = True
            self._touched.add(key)

    def add(self, blob: bytes | None, metas: list[tuple]) -> None:
        """New results, pickled together in blob as {key: result}: (key, meta) of each."""
        if not metas:
            return
        assert blob is not None, "the results of entries come pickled together with them"
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
            self.entries[key] = (meta, name)
        self._touched.update(key for key, _ in metas)
        self.changed = True

    def keep_only(self, keys) -> None:
        """Forget the entries of everything else (files that are gone, pages no longer made)."""
        for gone in self.entries.keys() - set(keys):
            del self.entries[gone]
            self.changed = True
            self._touched.add(gone)

    def save(self, background: bool = False) -> None:
        """Write what changed: the new blobs, then the entries changed since the index was
        written as its journal, or the whole index when that is no longer small (atomically,
        so that neither names a blob that is not there), then delete the blobs no entry
        names. When the blobs hold more dead results (replaced since) than live ones, the live
        ones go into one blob (and the whole index is written).
        background: the files are written by a thread while the caller goes on (writing a
        large file gives up the interpreter's lock); finish_writing() waits for it."""
        if not self.changed:
            return
        live = {entry[BLOB] for entry in self.entries.values() if entry[BLOB] is not None}
        alive = sum(1 for entry in self.entries.values() if entry[BLOB] is not None)
        if sum(self.blobs[name] for name in live) - alive > max(alive, COMPACT_MIN):
            results = {
                key: self.result(key)
                for key, entry in self.entries.items()
                if entry[BLOB] is not None
            }
            kept = {key: result for key, result in results.items() if result is not None}
            self.entries = {k: e for k, e in self.entries.items() if e[BLOB] is None or k in kept}
            self.blobs, self._new, self._unpickled = {}, {}, {}
            self.add(
                pickle.dumps(kept, pickle.HIGHEST_PROTOCOL),
                [(k, self.entries[k][META]) for k in kept],
            )
            live = set(self._new)
            self._base = None
        self.blobs = {name: count for name, count in self.blobs.items() if name in live}
        files = [(name, data) for name, data in self._new.items() if name in live]
        self._journal.update((key, self.entries.get(key)) for key in self._touched)
        if self._base is not None and len(self._journal) * JOURNAL_SHARE <= len(self.entries):
            journal = {"base": self._base, "entries": self._journal, "blobs": self.blobs}
            files.append((JOURNAL, pickle.dumps(journal, pickle.HIGHEST_PROTOCOL)))
        else:  # (the whole index, named anew: a journal of the one before is not read)
            self._base, self._journal = os.urandom(16), {}
            head = {"format": FORMAT, "fingerprint": self.fingerprint, "base": self._base}
            index = {"entries": self.entries, "blobs": self.blobs}
            files.append(
                (
                    INDEX,
                    pickle.dumps(head, pickle.HIGHEST_PROTOCOL)
                    + pickle.dumps(index, pickle.HIGHEST_PROTOCOL),
                )
            )
        self._new, self._touched = {}, set()
        self.changed = False
        if background:
            thread = threading.Thread(
                target=_write, args=(self.folder, files, live), name="store writer"
            )
            thread.start()
            _writing.append(thread)
        else:
            _write(self.folder, files, live)


class _Head(pickle.Unpickler):
    """The index's head (its format, fingerprint and name), read before its entries: a pickle
    of plain values. The index of an earlier layout was one pickle whose entries name classes
    that may have changed since; it is said as of an earlier format, not as the error that
    unpickling them would raise."""

    def find_class(self, module, name):
        raise ValueError(f"an earlier format, this version's is {FORMAT}")


def _blob_name(blob: bytes) -> str:
    return digest_of(blob).hex() + ".pickle"


_writing: list[threading.Thread] = []


def finish_writing() -> None:
    """Wait until the stores saved in the background are written."""
    while _writing:
        _writing.pop().join()


def _write(folder: Path, files: list[tuple[str, bytes]], live: set) -> None:
    """The blobs, then the index or its journal last; then the blobs no entry names are
    deleted."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for (
            name,
            data,
        ) in files:  # (a blob even where a file of its name is there: it may be damaged)
            atomic_write(folder / name, data)
        for path in folder.iterdir():
            if path.name not in (INDEX, JOURNAL) and path.name not in live:
                path.unlink()
            elif path.name == JOURNAL and files[-1][0] == INDEX:
                path.unlink()  # (of the index before: never read again)
    except OSError:
        pass  # a store that cannot be written only makes the next run slower
