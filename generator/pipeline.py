"""Wiring the stages: read → validate → model → render → write → build.

Stops before rendering when there are errors. Only reading (reader.py) and writing (write.py,
the site swap here) touch the filesystem.
"""
from __future__ import annotations

import collections
import gc
import multiprocessing
import os
import pickle
import shutil
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .archive import Archive
from .assemble import proposal_from
from .store import Store, digest_of, finish_writing, fingerprint, stamp_of
from .diagnostics import ArchiveError, Diagnostic, Severity, error, has_errors, sort_key
from .reader import read_source
from .render import Renderer
from .rules import SchemaRules, archive_rules, file_rules, header_of, rule_printed_totals, table_rules
from .search_index import merge, shard_files
from .configuration import load_vocabulary
from .vocabulary import Vocabulary
from .write import UnsafePath, Writer, WriteReport

AUDIENCES = ("public", "intranet")


@dataclass(frozen=True)
class Project:
    """Where an archive's parts live, all relative to its root (the folder of mkdocs.yml)."""

    root: Path

    @property
    def proposals(self) -> Path:
        return self.root / "proposals"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def pages(self) -> Path:
        return self.root / "build" / "pages"

    @property
    def search_index(self) -> Path:
        """The search index's files, linked into the site after MkDocs has built it."""
        return self.root / "build" / "search-index"

    @property
    def check_store(self) -> Path:
        """What earlier runs found checking each file (store.py)."""
        return self.root / "build" / "cache" / "checked"

    def render_store(self, audience: str, offline: bool) -> Path:
        """What earlier runs rendered for each proposal, for one audience and kind of site."""
        return self.root / "build" / "cache" / f"rendered-{audience}{'-offline' if offline else ''}"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


@dataclass(frozen=True)
class Loaded:
    vocab: Vocabulary
    proposals: tuple  # every valid proposal, public or not
    diagnostics: tuple[Diagnostic, ...]
    digests: dict | None = None  # with the check store: proposal id → the digest of its file


@dataclass(frozen=True)
class _Checker:
    """What checking one file needs; made once, before worker processes are forked."""

    project: Project
    vocab: Vocabulary
    schema: SchemaRules

    def check_files(self, paths: list[Path], cache: "CheckCache | None" = None) -> tuple[list[Diagnostic], list, list]:
        """(diagnostics, headers, proposals) of some proposal files, in their order. A cache
        (kept by a long-running preview) answers for files unchanged since it last saw them."""
        diagnostics: list[Diagnostic] = []
        headers, proposals = [], []
        for path in paths:
            result = cache.get(path) if cache else None
            if result is None:
                result = self.check_file(path)
                if cache:
                    cache.put(path, result)
            found, header, proposal = result
            diagnostics.extend(found)
            if header:
                headers.append(header)
            if proposal is not None:
                proposals.append(proposal)
        return diagnostics, headers, proposals

    def check_chunk(self, paths: list[Path], store: Store | None, pickled: bool) -> tuple[list, list, bytes | None, dict | None]:
        """Some files for load(), by their display names: (same, checked, blob, results).
        With a store, each file is read and its digest taken first: a file whose bytes the store
        already holds is only listed in `same` (display, stamp); the others are checked and, unless
        they are symbolic links (whose target may change under an unchanged link), listed in
        `checked` (display, stamp, digest). blob is the checked files' {display: result} pickled
        (for the store, and for the parent when this runs in a worker: `pickled`, then results is
        None); results is that dict itself otherwise."""
        same, checked, results = [], [], {}
        for path in paths:
            display = self.project.display(path)
            raw = stamp = digest = None
            if store is not None:
                try:
                    st = os.lstat(path)
                    if not stat.S_ISLNK(st.st_mode):
                        raw = path.read_bytes()
                        stamp, digest = stamp_of(st), digest_of(raw)
                except OSError:
                    raw = None  # (check_file reports it)
                if digest is not None and (store.meta(display) or (None, None))[1] == digest:
                    same.append((display, stamp))
                    continue
            results[display] = self.check_file(path, raw)
            if digest is not None:
                checked.append((display, stamp, digest))
        blob = pickle.dumps(results, pickle.HIGHEST_PROTOCOL) if pickled or (store is not None and checked) else None
        return same, checked, blob, None if pickled else results

    def check_file(self, path: Path, raw: bytes | None = None) -> tuple[list[Diagnostic], object, object]:
        """(diagnostics, header, proposal) of one file (raw: its bytes, if already read); the
        proposal is None when it has errors."""
        display = self.project.display(path)
        if path.is_symlink() and self.project.proposals.resolve() not in path.resolve().parents:
            # a pull request must not be able to publish a file from elsewhere on the server
            return [error(display, 1, 1, "symlink", f"symbolic link to {os.readlink(path)!r} points outside proposals/; put the file itself in proposals/")], None, None
        source, diagnostics = read_source(path, display, raw)
        if source is None:
            return diagnostics, None, None
        data = source.front.data
        header = header_of(source)
        structural = self.schema.check(source)
        if isinstance(data, dict):
            structural += file_rules(source, data)
        diagnostics.extend(structural)
        if has_errors(structural) or has_errors(list(source.front.problems)):
            return diagnostics, header, None  # the model needs a valid structure; what was found is reported
        semantic = table_rules(source, data, self.vocab)
        diagnostics.extend(semantic)
        if has_errors(semantic):
            return diagnostics, header, None
        proposal = proposal_from(source, data, self.vocab)
        diagnostics.extend(rule_printed_totals(proposal))
        return diagnostics, header, proposal


class CheckCache:
    """What checking each file found, for `proposal-archive serve`: a file whose size,
    modification time and inode are unchanged is not read or checked again, and gives the same
    proposal object, so what was rendered from it can be reused while everything a page shows
    is the same (at 1,000 proposals that is most of a preview's regeneration). Emptied when the
    configuration or a template changes."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple, tuple]] = {}
        self._config: tuple | None = None
        # What the renderer made of each proposal, reused while its inputs are the same objects:
        self.search: dict = {}  # (id, audience, offline) → (proposal, document file, weights)
        self.pages: dict = {}  # proposal id → (everything its page shows, the page)
        self.items: dict = {}  # (proposal id, link to its page, note) → (proposal, its line in a list)

    def keep_renders_of(self, proposals) -> None:
        """Forget what was made of proposals that are gone (changed or removed)."""
        live = {id(p) for p in proposals}
        ids = {p.id for p in proposals}
        for key in [k for k, (p, *_) in self.search.items() if id(p) not in live]:
            del self.search[key]
        for key in [k for k, (p, _) in self.items.items() if id(p) not in live]:
            del self.items[key]
        for key in [k for k in self.pages if k not in ids]:
            del self.pages[key]

    @staticmethod
    def _stamp(path: Path) -> tuple:
        st = path.lstat()
        return st.st_mtime_ns, st.st_size, st.st_ino

    def for_config(self, *folders: Path) -> None:
        """Start afresh when a file of the configuration (or of the templates) changed."""
        stamp = tuple(sorted((p.as_posix(), *self._stamp(p)) for f in folders for p in f.rglob("*") if p.is_file()))
        if stamp != self._config:
            for entries in (self._entries, self.search, self.pages, self.items):
                entries.clear()
            self._config = stamp

    def keep_only(self, paths: list[Path]) -> None:
        """Forget files that are gone."""
        for gone in self._entries.keys() - set(paths):
            del self._entries[gone]

    def get(self, path: Path):
        entry = self._entries.get(path)
        try:
            return entry[1] if entry and entry[0] == self._stamp(path) else None
        except OSError:
            return None

    def put(self, path: Path, result: tuple) -> None:
        try:
            self._entries[path] = (self._stamp(path), result)
        except OSError:
            pass


# Forked workers find the checker here (set just before the pool forks, so nothing is pickled
# but the file names going in and the results coming back).
_CHECKER: _Checker | None = None
PARALLEL_MIN_FILES = 400  # below this, starting processes costs more than it saves
# Jobs per process in a parallel step. Where the last job ends the step, the other process
# idles for up to one job's time: with 4 per process that was 0.2-0.9 s per step at 10,000
# proposals, with 12 under 0.3 s.
JOBS_PER_WORKER = 12


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one: they find what they need (the archive, the
    renderer, MkDocs' state) in the memory they share with it, so only the work's arguments and
    results are pickled. gc.freeze() first, so that the workers' garbage collector does not
    visit (and so copy) every shared object: a 10,000-proposal build took about 60 MB less. Every
    caller is a command that exits soon after (never the preview), so it does not matter that
    frozen objects are never collected. A store still being written in the background is
    finished first: no thread but this one runs while the process forks."""
    finish_writing()
    gc.collect()
    gc.freeze()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def run_parallel(function, jobs: list, workers: int) -> list:
    """[function(job) for job in jobs] on `workers` processes: this one and workers - 1 forked
    children, all taking the next job as they become free (the children from the front of the
    list, this process from the back). This process works too, rather than wait for a pool:
    memory is what a forked worker copies of the objects it touches (reference counting writes
    to them), so one child instead of two took a fifth less memory at 10,000 proposals.
    Put the jobs that touch the whole archive last, so that they stay in this process.
    function must be a module-level function (the children receive it by name)."""
    if workers <= 1 or len(jobs) <= 1:
        return [function(job) for job in jobs]
    results: list = [None] * len(jobs)
    todo = collections.deque(range(len(jobs)))  # popleft() and pop() are atomic: no lock needed
    failures: list[BaseException] = []

    with forked_pool(workers - 1) as pool:
        # Fork the children now, from this thread alone (forking from the feeding threads while
        # this one runs Python would copy whatever locks it holds).
        pool.submit(int).result()

        def feed() -> None:  # keeps one child busy
            try:
                while not failures:
                    try:
                        n = todo.popleft()
                    except IndexError:
                        return
                    results[n] = pool.submit(function, jobs[n]).result()
            except BaseException as exc:  # re-raised below, in this thread
                failures.append(exc)

        feeders = [threading.Thread(target=feed, daemon=True) for _ in range(workers - 1)]
        for thread in feeders:
            thread.start()
        try:
            while not failures:
                try:
                    n = todo.pop()
                except IndexError:
                    break
                results[n] = function(jobs[n])
        finally:
            todo.clear()
            for thread in feeders:
                thread.join()
    if failures:
        raise failures[0]
    return results


def _check_chunk(paths: list[Path]):
    return _CHECKER.check_chunk(paths, _STORE, pickled=os.getpid() != _PARENT)


_STORE: Store | None = None  # (for the forked workers, like _CHECKER)
_PARENT: int | None = None


def load(project: Project, workers: int = 1, cache: CheckCache | None = None, stored: bool = False, background: bool = False) -> Loaded:
    """Read, validate and model every proposal, on `workers` processes (or from the cache, for
    unchanged files). stored: take what earlier runs found for unchanged files from the archive's
    check store (store.py), and keep what this run found there (background: written while the
    caller goes on, until store.finish_writing()). Problems are collected,
    never raised (a broken configuration raises ArchiveError: nothing can be checked without it)."""
    with _collector_paused():
        return _load(project, workers, cache, stored, background)


@contextmanager
def _collector_paused(freeze: bool = False):
    """The cyclic garbage collector off meanwhile (unless it was off already). Used while
    proposals are checked: what checking makes and keeps (a million objects at 10,000
    proposals) holds no reference cycles, yet each full collection visited all of it again, more
    often the more there was: a tenth of load()'s time in the process that keeps the results,
    most of it after the other process was done. The few cycles made meanwhile (PyYAML's
    loaders) are collected once it is on again. freeze: what is alive at the end is frozen
    first (see forked_pool), so that the collector never visits it again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _load(project: Project, workers: int, cache: CheckCache | None, stored: bool, background: bool) -> Loaded:
    global _CHECKER, _STORE, _PARENT
    vocab = load_vocabulary(project.config)
    if cache:
        cache.for_config(project.config, project.templates)
    if not project.proposals.is_dir():
        raise ArchiveError([error(project.display(project.proposals), 1, 1, "no-proposals", "no proposals/ folder: create it and add proposal files")])
    checker = _Checker(project, vocab, SchemaRules(vocab))
    paths = sorted(project.proposals.glob("*.md"))
    if cache:
        cache.keep_only(paths)
        found, headers, proposals = checker.check_files(paths, cache)
        return _loaded(vocab, found, headers, proposals)
    store = Store.open(project.check_store, fingerprint(project.config)) if stored else None
    displays = [project.display(p) for p in paths]
    results_of: dict = {}  # display → (diagnostics, header, proposal)
    todo = paths
    if store is not None:
        todo = []
        for path, display in zip(paths, displays):
            try:
                st = os.lstat(path)
            except OSError:
                st = None
            if st is not None and not stat.S_ISLNK(st.st_mode) and (store.meta(display) or (None, None))[0] == stamp_of(st):
                result = store.result(display)
                if result is not None:
                    results_of[display] = result
                    continue
                store.forget(display)  # (its blob is damaged or gone: checked afresh below)
            todo.append(path)
    if workers > 1 and len(todo) >= PARALLEL_MIN_FILES:
        size = -(-len(todo) // (workers * JOBS_PER_WORKER))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        _CHECKER, _STORE, _PARENT = checker, store, os.getpid()
        try:
            parts = run_parallel(_check_chunk, chunks, workers)
        finally:
            _CHECKER = _STORE = _PARENT = None
    else:
        parts = [checker.check_chunk(todo, store, pickled=False)]
    for same, checked, blob, results in parts:
        if results is None:
            results = pickle.loads(blob)
        results_of.update(results)
        if store is None:
            continue
        again = {}
        for display, stamp in same:
            result = store.result(display)
            if result is None:  # (its blob was damaged or gone: check it again)
                result = again[display] = checker.check_file(project.root / display)
            results_of[display] = result
            store.set_meta(display, (stamp, store.meta(display)[1]))
        store.add(blob, [(display, (stamp, digest)) for display, stamp, digest in checked])
        if again:
            store.add(pickle.dumps(again, pickle.HIGHEST_PROTOCOL), [(display, store.meta(display)) for display in again])
    if store is not None:
        store.keep_only(displays)
        store.save(background)
    found, headers, proposals, digests = [], [], [], {}
    for display in displays:
        diagnostics, header, proposal = results_of[display]
        found.extend(diagnostics)
        if header:
            headers.append(header)
        if proposal is not None:
            proposals.append(proposal)
            if store is not None and (meta := store.meta(display)) is not None:
                digests[proposal.id] = meta[1]
    return _loaded(vocab, found, headers, proposals, digests if store is not None else None)


def _loaded(vocab: Vocabulary, found: list, headers: list, proposals: list, digests: dict | None = None) -> Loaded:
    found = list(found)
    found.extend(archive_rules(headers))
    return Loaded(vocab, tuple(proposals), tuple(sorted(found, key=sort_key)), digests)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def strictened(diagnostics, strict: bool) -> list[Diagnostic]:
    return [d.promoted() if strict and d.severity is Severity.WARNING else d for d in diagnostics]


def for_audience(loaded: Loaded, audience: str) -> Archive:
    """The archive as one audience sees it: the public never sees what is not public."""
    proposals = loaded.proposals if audience == "intranet" else tuple(p for p in loaded.proposals if p.public)
    return Archive.gather(loaded.vocab, proposals)


# Forked render workers find the renderer, the output folders and the render store here.
_RENDER: tuple | None = None


def _render_job(job: tuple) -> tuple[WriteReport, list[str], str | None, tuple]:
    """One job of Renderer.jobs(), its files written; a search job also returns its postings
    (None for the others). Last, what the render store is to keep: (blob, [(key, meta), …]),
    the blob (written by the job itself) holding a search job's new entries (else None: the
    metas are all there is)."""
    renderer, pages, search_index, stored, digests = _RENDER
    new_in_place = renderer.cache is None  # (see generate())
    if job[0] == "search":
        writer = Writer(search_index, new_in_place)
        if stored is None:
            files, part = renderer.search_part(job[1], job[2])
            for page, text in files:
                writer.write(page, text)
            return writer.report, writer.seen, part, (None, [], [])
        plans, part, made = renderer.search_plans(job[1], job[2], stored, digests)
        kept = _write_plans(writer, plans, stored)
        # (the job writes its blob itself: it need not travel to the parent, which never reads it)
        blob = stored.write_blob(pickle.dumps(made, pickle.HIGHEST_PROTOCOL)) if made else None
        return writer.report, writer.seen, part, (blob, [(key, None) for key in made] if blob else [], kept)
    writer = Writer(pages, new_in_place)
    if stored is None:
        for page, text in renderer.render_job(job):
            writer.write(page, text)
        return writer.report, writer.seen, None, (None, [], [])
    kept = _write_plans(writer, renderer.plans(job, digests, stored), stored)
    kept += renderer.similar_found
    renderer.similar_found = []
    return writer.report, writer.seen, None, (None, [], kept)


def _write_plans(writer: Writer, plans, stored: Store) -> list[tuple]:
    """Make and write the files of plans (Renderer.plans), but for those the render store says
    are as this run would make them: what each shows is as when an earlier run wrote it, and so
    is the file (the other audience's build writes the same folders). Returns the store's new
    (file, (key, stat)) entries."""
    kept = []
    for page, key, make in plans:
        if key is not None and (meta := stored.meta(page)) is not None and meta[0] == key:
            before = writer.stat(page)
            if before is not None and stamp_of(before) == meta[1]:
                writer.keep(page)
                continue
        after = writer.write(page, make(), stat=key is not None)
        if after is not None:
            kept.append((page, (key, stamp_of(after))))
    return kept


def generate(
    project: Project,
    archive: Archive,
    audience: str = "public",
    offline: bool = False,
    workers: int = 1,
    cache: CheckCache | None = None,
    pages_done: Callable[[], None] | None = None,
    digests: dict | None = None,
    background: bool = False,
) -> WriteReport:
    """Render every page into the generated docs folder and the search index beside it,
    rewriting only what changed; on `workers` processes for a large archive (each renders and
    writes whole pages, or the index's document files and postings of a chunk of proposals).
    pages_done() is called as soon as the docs folder is complete, before the search index's
    postings are merged into shards (MkDocs can start on the pages meanwhile).
    digests (proposal id → the digest of its file, from load(stored=True)): use the render
    store, for pages and search entries of proposals whose inputs are as an earlier run saw them
    (background: the store is written while the caller goes on, see load())."""
    global _RENDER
    renderer = Renderer(project.templates, archive, audience, offline, cache)
    stored = Store.open(project.render_store(audience, offline), fingerprint(project.config, project.templates)) if digests is not None and not cache else None
    new_in_place = cache is None  # (a preview's MkDocs reads the pages while they are written)
    writer, index_writer = Writer(project.pages, new_in_place), Writer(project.search_index, new_in_place)
    parallel = workers > 1 and len(archive.proposals) >= PARALLEL_MIN_FILES and not cache
    jobs = renderer.jobs(chunk=-(-len(archive.proposals) // (workers * JOBS_PER_WORKER)) if parallel else max(1, len(archive.proposals)))
    _RENDER = (renderer, project.pages, project.search_index, stored, digests)
    try:
        results = run_parallel(_render_job, jobs, workers if parallel else 1)
        parts = []
        for report, seen, part, (blob, made, kept) in results:
            (writer if part is None else index_writer).adopt(report, seen)
            if part is not None:
                parts.append(part)
            if blob is not None:
                stored.adopt(blob, made)
            for key, meta in kept:
                stored.put(key, meta)
        writer.remove_stale()
        if pages_done is not None:
            pages_done()
        if not offline:
            for path, text in shard_files(merge(parts), len(archive.proposals)):
                index_writer.write(path, text)
    except UnsafePath as exc:
        raise ArchiveError([error(project.display(project.pages), 1, 1, "unsafe-path", str(exc))]) from None
    finally:
        _RENDER = None
    if cache:
        cache.keep_renders_of(archive.proposals)
    if not offline:  # (the offline build leaves the served index of an earlier build alone)
        index_writer.remove_stale()
    if stored is not None:
        keys = writer.seen + index_writer.seen + [("similar", p.id) for p in archive.proposals]
        if not offline:
            keys += [("search", digests[p.id], audience, offline) for p in archive.proposals if p.id in digests]
            keys += [renderer.postings_key(job[1], job[2], digests) for job in jobs if job[0] == "search"]
        stored.keep_only(keys)
        stored.save(background)
    return writer.report


def prepare(
    project: Project,
    audience: str = "public",
    strict: bool = False,
    offline: bool = False,
    workers: int = 1,
    cache: CheckCache | None = None,
    pages_done: Callable[[], None] | None = None,
    stored: bool = False,
) -> tuple[list[Diagnostic], WriteReport | None]:
    """check + generate. Returns the diagnostics and, when there were no errors, what was
    written. A cache (kept by a preview between regenerations) skips unchanged files.
    pages_done: see generate() (never called when there are errors). stored: see load()."""
    command = workers > 1 and cache is None  # (a command that exits when done: see below)
    try:
        with _collector_paused(freeze=True) if command else nullcontext():
            loaded = load(project, workers, cache, stored, background=True)
            diagnostics = strictened(loaded.diagnostics, strict)
            if has_errors(diagnostics):
                return diagnostics, None
            if command:
                # As forked_pool says, the model lives until the command exits. The collector stays
                # off through generating too: its full collections there (over the pages' texts,
                # the postings) found no cycles to free, and the peak memory at 10,000 proposals
                # was the same without it. Frozen now, so that the collection forked_pool makes
                # does not visit the model (measured: 1.4 s → 1.0 s at 10,000 proposals).
                gc.freeze()
            archive = for_audience(loaded, audience)
            return diagnostics, generate(project, archive, audience, offline, workers, cache, pages_done, loaded.digests, background=True)
    finally:
        finish_writing()


class Preparing:
    """prepare() in a child process (its own workers below it), for `proposal-archive build`.

    Apart: the memory the archive's model and its rendering took (hundreds of MB at 10,000
    proposals) goes back to the system before MkDocs' workers fork, instead of staying in the
    process they are forked from. Beside: the child says when the docs folder is complete
    (pages_written()), so that MkDocs starts on the pages while the child merges the search
    index's postings into shards and exits (about 0.7 s at 10,000 proposals, on one core).
    Use it as a context manager: leaving it waits for the child.

    While MkDocs' workers fork, this pool's two threads are alive in the parent. Both only wait
    (on the child's result connection, on an empty queue), which holds no lock the workers use."""

    def __init__(self, project: Project, **options):
        self._pool = forked_pool(1)
        self._read, write = os.pipe()
        try:
            self._future = self._pool.submit(_prepare_telling, write, project, **options)
        finally:
            os.close(write)  # the child has its copy; end of file here = the child is done
        self._outcome: tuple | None = None

    def pages_written(self) -> bool:
        """Wait until the docs folder is complete (True) or prepare() has ended without writing
        it (False: there were errors; or it failed, which result() raises)."""
        said, self._read = self._read, None
        with os.fdopen(said, "rb") as pipe:
            return pipe.read(1) == _PAGES_DONE

    def result(self) -> tuple[list[Diagnostic], WriteReport | None]:
        """prepare()'s diagnostics and report, when the child has finished (its errors raised)."""
        if self._outcome is None:
            self._outcome = self._future.result()
        return self._outcome

    def __enter__(self) -> "Preparing":
        return self

    def __exit__(self, *exc) -> None:
        if self._read is not None:
            os.close(self._read)
        self._pool.shutdown(wait=True)


_PAGES_DONE = b"p"


def _prepare_telling(write: int, project: Project, **options):
    """In the child: prepare(), writing a byte to the pipe when the pages are complete."""
    try:
        return prepare(project, pages_done=lambda: os.write(write, _PAGES_DONE), **options)
    finally:
        os.close(write)


def source_date_epoch(project: Project) -> str:
    """The build's timestamp (sitemap dates, gzip headers), fixed by the input so that two builds
    of the same input are byte-identical: SOURCE_DATE_EPOCH if set (the reproducible-builds
    convention), else the time of the last git commit, else the newest proposal file's mtime."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(
            ["git", "-C", str(project.root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=10
        )
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    mtimes = [p.stat().st_mtime for p in project.proposals.glob("*.md")]
    return str(int(max(mtimes, default=0)))


def mkdocs_build(
    project: Project,
    site_dir: Path,
    offline: bool = False,
    workers: int = 1,
    min_pages: int | None = None,
    ready: Callable[[], object] | None = None,
) -> None:
    """MkDocs (strict, with link validation) into site_dir; its post-build hook adds the search
    index. On `workers` processes when there are at least min_pages pages (site_build.py).
    ready(), if given, waits until the search index is complete (Preparing.result): the pages
    are, but the index may still be in the making; it is called before the index is needed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import site_build

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project)
    try:
        overrides = {"use_directory_urls": False, "extra": {"offline": True}} if offline else {}
        config = load_config(config_file=str(project.mkdocs_yml), site_dir=str(site_dir), strict=True, **overrides)
        pages = sum(1 for _ in project.pages.rglob("*.md")) if workers > 1 else 0
        if workers > 1 and pages >= (PARALLEL_MIN_FILES if min_pages is None else min_pages):
            site_build.build(config, workers, before_post_build=ready)
        else:
            if ready is not None:
                ready()
            build(config)
    except MkDocsException as exc:
        raise ArchiveError([error(project.display(project.mkdocs_yml), 1, 1, "mkdocs", f"MkDocs build failed: {exc}")]) from None


def install_search_index(project: Project, site_dir: Path) -> None:
    """Put the generated search index into a built site: hard links (instant, no copy) where
    the site is on the same filesystem, else copies. A regenerated index file is a new file
    (the writer renames a new file into place), so a link never changes under a built site."""
    source = project.search_index
    if not (source / "meta.json").is_file():
        raise ArchiveError([error(project.display(source), 1, 1, "search-index", "no search index was generated; run `proposal-archive build`")])
    target = site_dir / source.name
    if target.exists():
        shutil.rmtree(target)
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def remove_in_background(folder: Path) -> None:
    """Remove a folder in a detached process, so that the command need not wait: the previous
    site of a 10,000-proposal archive (21,000 files) took 4 s to remove. Whatever is left (the
    process killed) goes at the start of the next build. A grandchild does the work, so nothing
    is left to reap."""
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    try:
        if os.fork() == 0:
            os.setsid()
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def build_site(project: Project, site_dir: Path, offline: bool = False, workers: int = 1, ready: Callable[[], object] | None = None) -> None:
    """Build into a temporary folder beside site_dir and swap it in only when everything
    succeeded: a failing or interrupted build leaves the previous site untouched. (ready: see
    mkdocs_build.)"""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # from a build that was killed, or an earlier site whose removal (below) has not finished
    for leftover in [*site_dir.parent.glob(f".{site_dir.name}-new-*"), *site_dir.parent.glob(f".{site_dir.name}-old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        mkdocs_build(project, tmp, offline, workers, ready=ready)
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        if site_dir.exists():
            site_dir.rename(old)
        tmp.rename(site_dir)
        if old.exists():
            remove_in_background(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
