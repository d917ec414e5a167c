"""Checking: read → validate → model, for every proposal file of an archive.

Problems are collected, never raised; each file is checked on its own (on several processes for
a large archive), then the rules across files run over what every file declared.
"""

from __future__ import annotations

import os
import pickle
import stat
from dataclasses import dataclass
from pathlib import Path

from . import keys, parallel
from .archive import Archive
from .assemble import proposal_from
from .budget_rules import rule_printed_totals, table_rules
from .configuration import load_vocabulary
from .diagnostics import ArchiveError, Diagnostic, Severity, error, has_errors, sort_key
from .keys import digest_of, fingerprint, stamp_of
from .model import Proposal
from .originals import kept_state, rule_kept_source, unchanged
from .project import Project
from .reader import read_source
from .rules import Header, archive_rules, file_rules, header_of
from .schema_rules import SchemaRules
from .store import Store
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Loaded:
    vocab: Vocabulary
    proposals: tuple  # every valid proposal, public or not
    diagnostics: tuple[Diagnostic, ...]
    digests: dict | None = None  # with the check store: proposal id → the digest of its file


@dataclass(frozen=True)
class Checker:
    """What checking one file needs; made once, before worker processes are forked."""

    project: Project
    vocab: Vocabulary
    schema: SchemaRules

    def check_chunk(
        self, paths: list[Path], store: Store | None, pickled: bool
    ) -> tuple[list, list, bytes | None, dict | None]:
        """Some files for load(), by their display names: (same, checked, blob, results).
        With a store, each file is read and its digest taken first: a file whose bytes the store
        already holds, and whose original in sources/ is as it was, is only listed in `same`
        (display, stamp); the others are checked and, unless they are symbolic links (whose target
        may change under an unchanged link), listed in `checked` (display, stamp, digest, the
        state of its original: originals.kept_state). blob is the checked files' {display: result} pickled
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
                meta = store.meta(display) or (None, None, None)
                if (
                    digest is not None
                    and meta[1] == digest
                    and unchanged(self.project.sources, meta[2])
                ):
                    same.append((display, stamp))
                    continue
            results[display] = result = self.check_file(path, raw)
            if digest is not None:
                checked.append(
                    (display, stamp, digest, kept_state(self.project.sources, result[2]))
                )
        blob = (
            pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
            if pickled or (store is not None and checked)
            else None
        )
        return same, checked, blob, None if pickled else results

    def check_file(
        self, path: Path, raw: bytes | None = None
    ) -> tuple[list[Diagnostic], Header | None, Proposal | None]:
        """(diagnostics, header, proposal) of one file (raw: its bytes, if already read); the
        proposal is None when the file has errors (an original in sources/ that is not the
        document its `source:` names is an error too, but the proposal is made: the check store
        must know which original it depends on, originals.kept_state)."""
        display = self.project.display(path)
        if path.is_symlink() and self.project.proposals.resolve() not in path.resolve().parents:
            # a pull request must not be able to publish a file from elsewhere on the server
            return (
                [
                    error(
                        display,
                        1,
                        1,
                        "symlink",
                        f"symbolic link to {os.readlink(path)!r} points outside proposals/; put the file itself in proposals/",
                    )
                ],
                None,
                None,
            )
        source, diagnostics = read_source(path, display, raw)
        if source is None:
            return diagnostics, None, None
        data = source.front.data
        header = header_of(source)
        structural = self.schema.check(source)
        if isinstance(data, dict):
            structural += file_rules(source, data)
        diagnostics.extend(structural)
        if (
            has_errors(structural)
            or has_errors(list(source.front.problems))
            or not isinstance(data, dict)
        ):
            # the model needs a valid structure (the schema reports front matter that is not
            # a mapping); what was found is reported
            return diagnostics, header, None
        semantic = table_rules(source, data, self.vocab)
        diagnostics.extend(semantic)
        if has_errors(semantic):
            return diagnostics, header, None
        proposal = proposal_from(source, data, self.vocab)
        diagnostics.extend(rule_printed_totals(proposal))
        kept = rule_kept_source(
            self.project.sources, display, proposal, source.front.where(("source",))
        )
        diagnostics.extend(kept)
        return diagnostics, header, proposal


# Forked workers find the checker here (set just before the pool forks, so nothing is pickled
# but the file names going in and the results coming back).
_CHECKER: Checker | None = None


def _check_chunk(paths: list[Path]):
    assert _CHECKER is not None, "_load sets the checker before it starts the workers"
    return _CHECKER.check_chunk(paths, _STORE, pickled=os.getpid() != _PARENT)


_STORE: Store | None = None  # (for the forked workers, like _CHECKER)
_PARENT: int | None = None


def load(
    project: Project, workers: int = 1, stored: bool = False, background: bool = False
) -> Loaded:
    """Read, validate and model every proposal, on `workers` processes. stored: take what
    earlier runs found for unchanged files from the archive's check store (store.py), and keep
    what this run found there (background: written while the caller goes on, until
    store.finish_writing()). Problems are collected, never raised (a broken configuration
    raises ArchiveError: nothing can be checked without it)."""
    with parallel.collector_paused():
        return _load(project, workers, stored, background)


def _load(project: Project, workers: int, stored: bool, background: bool) -> Loaded:
    global _CHECKER, _STORE, _PARENT
    vocab = load_vocabulary(project.config)
    if not project.proposals.is_dir():
        raise ArchiveError(
            [
                error(
                    project.display(project.proposals),
                    1,
                    1,
                    "no-proposals",
                    "no proposals/ folder: create it and add proposal files",
                )
            ]
        )
    checker = Checker(project, vocab, SchemaRules(vocab))
    # (names as strings, sorted as the folder's paths are: a Path per file, compared and made
    # relative, cost more than the rest of listing the files)
    folder = project.proposals
    names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".md"))
    store = None
    if stored:
        store = Store.open(
            project.check_store, fingerprint(project.config), project.display(project.check_store)
        )
    prefix = project.display(folder)
    displays = [f"{prefix}/{name}" for name in names]
    results_of: dict = {}  # display → (diagnostics, header, proposal)
    todo = [folder / name for name in names] if store is None else []
    if store is not None:
        # (one lstat and one look-up per file; the sources' folder made once: a Path made for
        # each file was a fifth of this loop)
        sources, at, islink = project.sources, f"{folder}/", stat.S_ISLNK
        for name, display in zip(names, displays, strict=True):
            meta = store.meta(display)
            try:
                st = os.lstat(at + name)
            except OSError:
                st = None
            if (
                meta is not None
                and st is not None
                and not islink(st.st_mode)
                and meta[0] == stamp_of(st)
                and (meta[2] is None or unchanged(sources, meta[2]))
            ):
                result = store.result(display)
                if result is not None:
                    results_of[display] = result
                    continue
                store.forget(display)  # (its blob is damaged or gone: checked afresh below)
            todo.append(folder / name)
    if workers > 1 and len(todo) >= parallel.PARALLEL_MIN_FILES:
        size = -(-len(todo) // (workers * parallel.JOBS_PER_WORKER))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        _CHECKER, _STORE, _PARENT = checker, store, os.getpid()
        try:
            parts = parallel.run_parallel(_check_chunk, chunks, workers)
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
            store.set_meta(display, (stamp, *store.meta(display)[1:]))
        store.add(blob, [keys.checked_file(*c) for c in checked])
        if again:
            store.add(
                pickle.dumps(again, pickle.HIGHEST_PROTOCOL),
                [(display, store.meta(display)) for display in again],
            )
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


def _loaded(
    vocab: Vocabulary, found: list, headers: list, proposals: list, digests: dict | None = None
) -> Loaded:
    found = list(found)
    found.extend(archive_rules(headers))
    return Loaded(vocab, tuple(proposals), tuple(sorted(found, key=sort_key)), digests)


def strictened(diagnostics, strict: bool) -> list[Diagnostic]:
    return [d.promoted() if strict and d.severity is Severity.WARNING else d for d in diagnostics]


def for_audience(loaded: Loaded, audience: str) -> Archive:
    """The archive as one audience sees it: the public never sees what is not public."""
    proposals = (
        loaded.proposals
        if audience == "intranet"
        else tuple(p for p in loaded.proposals if p.public)
    )
    return Archive.gather(loaded.vocab, proposals)
