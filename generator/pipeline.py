"""Wiring the stages: read → validate → model (check.py) → render → write (generate.py); the
site is then built by the engine (engine/). Stops before rendering when there are errors.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from contextlib import nullcontext

from .check import for_audience, load, strictened
from .diagnostics import Diagnostic, has_errors
from .generate import generate
from .history import read_log
from .parallel import collector_paused, forked_pool
from .project import Project
from .store import finish_writing
from .write import WriteReport


def prepare(
    project: Project,
    audience: str = "public",
    strict: bool = False,
    offline: bool = False,
    workers: int = 1,
    pages_done: Callable[[], object] | None = None,
    stored: bool = False,
    preview: bool = False,
) -> tuple[list[Diagnostic], WriteReport | None]:
    """check + generate. Returns the diagnostics and, when there were no errors, what was
    written. stored: with the incremental store (store.py), which skips the files and pages
    whose inputs are unchanged (see load() and generate()). preview: for the engine's live
    preview, which regenerates again and again in one process (see generate()).
    pages_done: see generate() (never called when there are errors)."""
    command = workers > 1 and not preview  # (a command that exits when done: see below)
    try:
        with collector_paused(freeze=True) if command else nullcontext():
            loaded = load(project, workers, stored, background=True)
            diagnostics = strictened(loaded.diagnostics, strict)
            if has_errors(diagnostics):
                return diagnostics, None
            if command:
                # As forked_pool says, the model lives until the command exits. The collector stays
                # off through generating too: its full collections there (over the pages' texts,
                # the postings) found no cycles to free, and the peak memory was the same without
                # it. Frozen now, so that the collection forked_pool makes does not visit the
                # model (docs/performance.md).
                gc.freeze()
            archive = for_audience(loaded, audience)
            history = read_log(project.root)  # (one git process for every page)
            report = generate(
                project,
                archive,
                audience,
                offline,
                workers,
                pages_done,
                loaded.digests,
                background=True,
                history=history,
                preview=preview,
            )
            return diagnostics, report
    finally:
        finish_writing()


class Preparing:
    """prepare() in a child process (its own workers below it), for `proposal-archive build`.

    Apart: the memory the archive's model and its rendering took (hundreds of MB for a large
    archive) goes back to the system before MkDocs' workers fork, instead of staying in the
    process they are forked from. Beside: the child says when the docs folder is complete
    (pages_written()), so that MkDocs starts on the pages while the child merges the search
    index's postings into shards and exits (on one core).
    Use it as a context manager: leaving it waits for the child.

    The child exits as soon as its result has come (the pool is shut down then, from the pool's
    own thread): idle, it held all it had taken (Python does not give freed memory back) for
    the rest of MkDocs' build (docs/performance.md).
    While MkDocs' workers fork, this pool's two threads are alive in the parent. They wait (on
    the child's result connection, on an empty queue) or take the result and end the child,
    which holds no lock MkDocs' workers use."""

    def __init__(self, project: Project, **options):
        self._pool = forked_pool(1)
        read, write = os.pipe()
        self._read: int | None = read
        try:
            self._future = self._pool.submit(_prepare_telling, write, project, **options)
        finally:
            os.close(write)  # the child has its copy; end of file here = the child is done
        self._future.add_done_callback(lambda _: self._pool.shutdown(wait=False))
        self._outcome: tuple | None = None

    def pages_written(self) -> bool:
        """Wait until the docs folder is complete (True) or prepare() has ended without writing
        it (False: there were errors; or it failed, which result() raises)."""
        said, self._read = self._read, None
        assert said is not None, "asked once"
        with os.fdopen(said, "rb") as pipe:
            return pipe.read(1) == _PAGES_DONE

    def result(self) -> tuple[list[Diagnostic], WriteReport | None]:
        """prepare()'s diagnostics and report, when the child has finished (its errors raised)."""
        if self._outcome is None:
            self._outcome = self._future.result()
        return self._outcome

    def __enter__(self) -> Preparing:
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
