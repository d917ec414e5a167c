"""Generating: render → write, every page of the site and the search index beside it.

Each job renders and writes whole pages (or a chunk of the search index) and reports what it
wrote; the render store (store.py) lets a job keep a file whose inputs are as when an earlier
run wrote it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

from . import keys, parallel, search_filters
from .archive import Archive
from .diagnostics import ArchiveError, error
from .keys import fingerprint, made_stamp, stamp_of
from .opendata import ARCHIVE_CSV, ARCHIVE_JSON, Piece
from .originals import kept_file
from .project import Project
from .render import Renderer
from .search_shards import write_shards
from .store import Store
from .templating import KeptTemplates
from .termdata import ENTRY_BUCKETS
from .urls import source_copy
from .write import UnsafePath, Writer, WriteReport

# Forked render workers find the renderer, the output folders and the render store here.
_RENDER: tuple | None = None


def _render_job(job: tuple) -> tuple[WriteReport, list[str], str | None, tuple]:
    """_job(job), then the render store's results read for it let go: no other job reads them
    (each search or files job reads its own blobs; pages read metas alone), and a worker that
    held every blob it had read held most of the store by the end (docs/performance.md)."""
    assert _RENDER is not None, "generate() sets it before it starts the jobs"
    try:
        return _job(job)
    finally:
        if _RENDER[4] is not None:
            _RENDER[4].let_go()


def _job(job: tuple) -> tuple[WriteReport, list[str], str | None, tuple]:
    """One job of Renderer.jobs(), its files written; a search job also returns its postings
    (None for the others). Last, what the render store is to keep: ([(blob, [(key, meta), …]),
    …], [(key, meta), …]), the blobs (written by the job itself) holding a search or files
    job's new results, then the entries that are all meta."""
    assert _RENDER is not None, "generate() sets it before it starts the jobs"
    renderer, pages, search_index, files, stored, digests, new_in_place = _RENDER
    if job[0] == "files" and job[1] == "terms" and stored is not None:
        writer = Writer(files, new_in_place)  # (a file per term, kept as pages are)
        plans, entries = renderer.term_plans(digests, stored)
        kept = _write_bytes_plans(writer, plans, stored)
        written = [_blob_of(stored, {key: found}) for key, found in entries.kept().items()]
        return writer.report, writer.seen, None, ([b for b in written if b[0] is not None], kept)
    if job[0] == "files" and job[1] == "feeds" and stored is not None:
        writer = Writer(files, new_in_place)  # (a file per feed, kept as pages are)
        kept = _write_bytes_plans(writer, renderer.feed_plans(digests), stored)
        return writer.report, writer.seen, None, ([], kept)
    if job[0] == "files" and job[1] == "data" and stored is not None and digests is not None:
        writer = Writer(files, new_in_place)
        made: dict = {}  # what the render store is to keep: proposals' data made anew, by key
        blobs = []

        def keep(key: tuple, value) -> None:
            made[key] = value
            if len(made) >= _BLOB_RESULTS:
                blobs.append(_blob_of(stored, made))
                made.clear()

        kept, layouts = renderer.write_data(writer, stored, digests, keep)
        if made:
            blobs.append(_blob_of(stored, made))
        if layouts:
            blobs.append(laid := _blob_of(stored, layouts))
            if laid[0] is None:  # (a file's stamp must never name a layout other than its own)
                kept = [
                    (path, meta) for path, meta in kept if path not in (ARCHIVE_JSON, ARCHIVE_CSV)
                ]
        return writer.report, writer.seen, None, ([b for b in blobs if b[0] is not None], kept)
    if job[0] == "files":
        writer = Writer(files, new_in_place)
        for path, data in renderer.files(job[1]):
            if isinstance(data, Piece):
                writer.append(path, data)
            else:
                writer.write_bytes(path, data)
        writer.finish()
        return writer.report, writer.seen, None, ([], [])
    if job[0] == "search":
        writer = Writer(search_index, new_in_place)
        if stored is None:
            files, part = renderer.index.part(job[1], job[2])
            for page, text in files:
                writer.write(page, text)
            return writer.report, writer.seen, part, ([], [])
        plans, part, made = renderer.index.plans(job[1], job[2], stored, digests)
        kept = _write_plans(writer, plans, stored)
        # (the job writes its blob itself: it need not travel to the parent, which never reads it)
        blob = _blob_of(stored, made) if made else (None, [])
        return writer.report, writer.seen, part, ([blob] if blob[0] is not None else [], kept)
    writer = Writer(pages, new_in_place)
    if stored is None:
        for page, text in renderer.render_job(job):
            writer.write(page, text)
        return writer.report, writer.seen, None, ([], [])
    kept = _write_plans(writer, renderer.plans(job, digests, stored), stored)
    kept += renderer.similar_found
    renderer.similar_found = []
    return writer.report, writer.seen, None, ([], kept)


# A files job writes what the render store keeps of the proposals' data in blobs of this many
# results: in one blob, every proposal's data was held until the job's end, then pickled whole
# (as much again): a large part of the whole build's peak memory (docs/performance.md).
_BLOB_RESULTS = 1000


def _blob_of(stored: Store | None, made: dict) -> tuple[str | None, list[tuple]]:
    """A blob of the results made, written now: (its name, [(key, None), …]); (None, []) when
    it could not be written (then they are not kept) or there is no store."""
    if stored is None:
        return None, []
    name = stored.write_blob(pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
    return name, [(key, None) for key in made] if name is not None else []


def _write_bytes_plans(writer: Writer, plans, stored: Store) -> list[tuple]:
    """_write_plans for files that are bytes, not text."""
    return _write_plans(writer, plans, stored, writer.write_bytes)


def _write_plans(writer: Writer, plans, stored: Store, write=None) -> list[tuple]:
    """Make and write the files of plans (Renderer.plans), but for those the render store says
    are as this run would make them: what each shows is as when an earlier run wrote it, and so
    is the file (the other audience's build writes the same folders). Returns the store's new
    (file, (key, stat)) entries."""
    kept = []
    for page, key, make in plans:
        if key is not None and writer.kept(page, stored.meta(page), key):
            continue
        after = (write or writer.write)(page, make(), stat=key is not None)
        if after is not None:
            kept.append((page, (key, made_stamp(after))))
    return kept


def _copy_original(writer: Writer, page: str, original: Path, stored: Store | None) -> None:
    """An original document the site serves, copied beside its page: kept, neither read nor
    compared, while the original and the copy have the stamps the render store recorded."""
    try:
        source = ("original", stamp_of(os.stat(original))) if stored is not None else None
    except OSError:
        source = None
    if stored is not None and writer.kept(page, stored.meta(page), source):
        return
    after = writer.write_bytes(page, original.read_bytes(), stat=source is not None)
    if stored is not None and source is not None and after is not None:
        stored.put(page, (source, made_stamp(after)))


def _similar_needed(archive: Archive, stored: Store | None) -> bool:
    """Whether the pages will ask the similar index: rendered without the render store, or its
    similar proposals were found with another index (a proposal's subject changed, or the
    store is new). (A page whose related proposals changed asks it all the same.)"""
    if stored is None or not archive.proposals:
        return stored is None
    found = stored.meta(keys.similar(archive.proposals[0]))
    return found is None or found[0] != archive.similar.digest


def kept_sources(project: Project, archive: Archive) -> dict[str, Path]:
    """The original documents in the archive's sources/ of the proposals shown: id → file."""
    out = {}
    for p in archive.proposals:
        if p.source is not None and (kept := kept_file(project.sources, p.source.file)):
            out[p.id] = kept
    return out


def generate(
    project: Project,
    archive: Archive,
    audience: str = "public",
    offline: bool = False,
    workers: int = 1,
    pages_done: Callable[[], object] | None = None,
    digests: dict | None = None,
    background: bool = False,
    history: dict | None = None,
    preview: bool = False,
) -> WriteReport:
    """Render every page into the generated docs folder and the search index beside it,
    rewriting only what changed; on `workers` processes for a large archive (each renders and
    writes whole pages, or the index's document files and postings of a chunk of proposals).
    pages_done() is called as soon as the docs folder is complete, before the search index's
    postings are merged into shards (MkDocs can start on the pages meanwhile).
    digests (proposal id → the digest of its file, from load(stored=True)): use the render
    store, for pages and search entries of proposals whose inputs are as an earlier run saw them
    (background: the store is written while the caller goes on, see load()). history: each
    file's commits (history.read_log), for the pages' "Historik". preview: the engine's preview
    reads the pages while they are written, so each is written whole (through a temporary file
    and a rename), and on one process."""
    global _RENDER
    originals = kept_sources(project, archive)
    stored = compiled = None
    if digests is not None:
        folder = project.render_store(audience, offline)
        stored = Store.open(
            folder, fingerprint(project.config, *project.template_folders), project.display(folder)
        )
        compiled = KeptTemplates(project.compiled_templates, stored.fingerprint.hex())
    renderer = Renderer(
        project.template_folders,
        archive,
        audience,
        offline,
        history,
        frozenset(originals),
        compiled,
    )
    new_in_place = not preview
    writer, index_writer = (
        Writer(project.pages, new_in_place),
        Writer(project.search_index, new_in_place),
    )
    files_writer = Writer(project.files, new_in_place)
    in_parallel = (
        workers > 1 and len(archive.proposals) >= parallel.PARALLEL_MIN_FILES and not preview
    )
    jobs = renderer.jobs(
        chunk=-(-len(archive.proposals) // (workers * parallel.JOBS_PER_WORKER))
        if in_parallel
        else max(1, len(archive.proposals))
    )
    _RENDER = (
        renderer,
        project.pages,
        project.search_index,
        project.files,
        stored,
        digests,
        new_in_place,
    )
    if _similar_needed(archive, stored):
        archive.similar.made()  # (once, here, rather than in every worker that asks it)
    try:
        results = parallel.run_parallel(_render_job, jobs, workers if in_parallel else 1)
        parts = []  # each search job's postings (None: the render store holds them)
        for job, (report, seen, part, (blobs, kept)) in zip(jobs, results, strict=True):
            mine = {"files": files_writer, "search": index_writer}.get(job[0], writer)
            mine.adopt(report, seen)
            if job[0] == "search":
                parts.append(part)
            if stored is not None:  # (without a render store the jobs keep nothing)
                for blob, made in blobs:
                    stored.adopt(blob, made)
                for key, meta in kept:
                    stored.put(key, meta)
        for p in archive.proposals:  # (only those of this audience: a closed item's stays out)
            if p.id in originals:
                _copy_original(writer, source_copy(p), originals[p.id], stored)
        writer.remove_stale()
        files_writer.remove_stale()
        if pages_done is not None:
            pages_done()
        if not offline:
            searched = [j for j in jobs if j[0] == "search"]
            chunks = [
                (j[1], j[2], renderer.index.postings_key(j[1], j[2], digests) if digests else None)
                for j in searched
            ]

            def part_of(i: int) -> str:
                """(read from the render store, or made here if it cannot be read after all)"""
                found = parts[i]
                if found is None and stored is not None:
                    found = stored.result(chunks[i][2])
                return found if found is not None else renderer.index.part(*searched[i][1:])[1]

            write_shards(index_writer, chunks, part_of, len(archive.proposals), stored)
            index_writer.write(search_filters.FILE, search_filters.filter_file(archive))
    except UnsafePath as exc:
        raise ArchiveError(
            [error(project.display(project.pages), 1, 1, "unsafe-path", str(exc))]
        ) from None
    finally:
        _RENDER = None
    if not offline:  # (the offline build leaves the served index of an earlier build alone)
        index_writer.remove_stale()
    if stored is not None and digests is not None:  # (a render store is opened with digests)
        live: list[str | tuple | None] = [
            *writer.seen,
            *index_writer.seen,
            *files_writer.seen,  # (the terms' data files: their keys are their paths)
            *(keys.similar(p) for p in archive.proposals),
        ]
        live += renderer.data_keys(digests)
        live += [keys.term_entries(n) for n in range(ENTRY_BUCKETS)]
        if not offline:
            live += [keys.SHARDS, keys.SHARDS_EXACT]
            live += [keys.search_document(digests, p, audience, offline) for p in archive.proposals]
            live += [key for _, _, key in chunks]  # (the search chunks' postings)
        stored.keep_only(key for key in live if key is not None)
        stored.save(background)
    return writer.report
