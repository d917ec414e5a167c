"""Work shared between processes: the forked pool, the jobs per process, and the garbage
collector's policy while a command checks and generates."""

from __future__ import annotations

import collections
import ctypes
import gc
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from .store import finish_writing

PARALLEL_MIN_FILES = 400  # below this, starting processes costs more than it saves
# Jobs per process in a parallel step. Where the last job ends the step, the other process
# idles for up to one job's time: more, smaller jobs make that shorter (docs/performance.md).
JOBS_PER_WORKER = 12
_PR_SET_PDEATHSIG = 1  # prctl(2)


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one: they find what they need (the archive, the
    renderer, MkDocs' state) in the memory they share with it, so only the work's arguments and
    results are pickled. gc.freeze() first, so that the workers' garbage collector does not
    visit (and so copy) every shared object. Every
    caller is a command that exits soon after (never the preview), so it does not matter that
    frozen objects are never collected. A store still being written in the background is
    finished first: no thread but this one runs while the process forks."""
    finish_writing()
    gc.collect()
    gc.freeze()
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )


def _end_with_parent(parent: int) -> None:
    """A worker whose command is killed (SIGKILL, the out-of-memory killer, a cancelled job that
    signals only the main process) would wait on its pipe for work forever: Linux ends it with
    its parent instead. The signal follows the thread that forked the worker, which is the
    command's main thread (a fork pool launches all its processes at the first submit).
    Where prctl is missing (not Linux), nothing is asked."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


def run_parallel(function, jobs: list, workers: int) -> list:
    """[function(job) for job in jobs] on `workers` processes: this one and workers - 1 forked
    children, all taking the next job as they become free (the children from the front of the
    list, this process from the back). This process works too, rather than wait for a pool:
    memory is what a forked worker copies of the objects it touches (reference counting writes
    to them), so one child beside this process copies the model once where two would copy it
    twice (docs/performance.md).
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


@contextmanager
def collector_paused(freeze: bool = False):
    """The cyclic garbage collector off meanwhile (unless it was off already). Used while
    proposals are checked: what checking makes and keeps (a million objects in a large archive)
    holds no reference cycles, yet each full collection visited all of it again, more often the
    more there was (docs/performance.md). The few cycles made meanwhile (PyYAML's
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


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
