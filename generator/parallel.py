"""Work shared between processes: the forked pool, the jobs per process, and the garbage
collector's policy while a command checks and generates."""

from __future__ import annotations

import ctypes
import fcntl
import gc
import math
import mmap
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import BinaryIO, NoReturn

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
    _before_forking()
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )


def _before_forking() -> None:
    """See forked_pool. The standard streams are flushed too, so that a child does not write what
    this process had buffered again."""
    finish_writing()
    gc.collect()
    gc.freeze()
    for stream in sys.stdout, sys.stderr:
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass


def _end_with_parent(parent: int) -> None:
    """A worker whose command is killed (SIGKILL, the out-of-memory killer, a cancelled job that
    signals only the main process) would wait on its pipe for work forever: Linux ends it with
    its parent instead. The signal follows the thread that forked the worker: for a fork pool,
    the command's main thread (the pool launches all its processes at the first submit); for
    run_parallel's children, the thread that calls it, which waits for them before it returns.
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
    The results come in the order of the jobs. A job's exception is raised here (its type and
    message; a child's traceback as its cause); a child that dies (killed, out of memory) is
    reported here as BrokenProcessPool, once this process's current job is done.

    A child takes its next job itself, from numbers in memory shared with this process, and
    writes its results to a file of its own that this process reads at the end: no thread of
    this process, which holds the interpreter lock while it works, is needed between a child's
    jobs (docs/performance.md, "The hand-over of jobs")."""
    if workers <= 1 or len(jobs) <= 1:
        return [function(job) for job in jobs]
    results: list = [None] * len(jobs)
    queue = _Queue(len(jobs))
    children: list[_Child] = []
    try:
        _before_forking()
        for _ in range(min(workers, len(jobs)) - 1):
            children.append(_Child.fork(function, jobs, queue))
        while (n := queue.take(front=False)) is not None:
            results[n] = function(jobs[n])
            if any(child.ended() for child in children):  # (died, or found no job left)
                queue.stop()
    except BaseException:
        queue.stop()
        for child in children:
            child.end()
        raise
    finally:
        queue.close()
    failures: list[tuple[int, BaseException]] = []
    for child in children:
        child.collect(results, failures)
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    return results


# The shared numbers: the next job from the front, one past the next from the back, stop (not 0)
_FRONT, _BACK, _STOP = 0, 1, 2


class _Queue:
    """The numbers of the jobs no process has taken yet (front to back - 1), in memory that this
    process and its forked children share. Taken under a lock on the file that memory is mapped
    from: a POSIX record lock (fcntl.lockf) is the holder's own and goes with it, so a child
    killed while it holds the lock cannot leave the others waiting for it, as a semaphore would."""

    def __init__(self, count: int):
        self._file = _file_in_memory("jobs")
        self._file.truncate(3 * 8)
        self._memory = mmap.mmap(self._file.fileno(), 3 * 8)  # (shared: every process sees one)
        self._numbers = memoryview(self._memory).cast("q")
        self._numbers[_BACK] = count

    def take(self, front: bool) -> int | None:
        """The number of the next job from the front or the back; None when none is left or the
        run has stopped."""
        with self._locked() as numbers:
            if numbers[_STOP] or numbers[_FRONT] >= numbers[_BACK]:
                return None
            if front:
                numbers[_FRONT] += 1
                return numbers[_FRONT] - 1
            numbers[_BACK] -= 1
            return numbers[_BACK]

    def stop(self) -> None:
        """No process takes another job (a job failed)."""
        with self._locked() as numbers:
            numbers[_STOP] = 1

    def close(self) -> None:
        """This process's view (the children have their own)."""
        self._numbers.release()
        self._memory.close()
        self._file.close()

    @contextmanager
    def _locked(self):
        fcntl.lockf(self._file, fcntl.LOCK_EX)
        try:
            yield self._numbers
        finally:
            fcntl.lockf(self._file, fcntl.LOCK_UN)


class _Child:
    """A forked child taking jobs from the front of a _Queue. It writes each job's number and
    result (or failure) to a file of its own, which this process reads when it has no job left,
    and one byte to a pipe when it has no job left either: end of file without that byte means
    it died."""

    def __init__(self, pid: int, done: int, results: BinaryIO):
        self.pid, self._done, self._results = pid, done, results
        self._status: int | None = None  # (its exit code, once it has ended)

    @classmethod
    def fork(cls, function, jobs: list, queue: _Queue) -> _Child:
        results = _file_in_memory("results")
        done, done_here = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except BaseException:
            for fd in done, done_here:
                os.close(fd)
            results.close()
            raise
        if pid == 0:
            os.close(done)
            _work(function, jobs, queue, results, done_here, parent)  # (never returns)
        os.close(done_here)
        return cls(pid, done, results)

    def collect(self, results: list, failures: list) -> None:
        """Waits until the child has no job left; its results into `results` (by job number),
        its failure or its death into `failures` as (job number, exception)."""
        said = self._wait()
        if said:
            self._results.seek(0)
            while True:
                try:
                    record = pickle.load(self._results)
                except EOFError:
                    break
                n, value = record[:2]
                if len(record) == 2:
                    results[n] = value
                else:
                    failures.append((n, _failure(*record[1:])))
        self._results.close()
        status = self._reap()
        if not said:
            how = (
                f"killed by signal {signal.Signals(-status).name}"
                if status < 0
                else f"with exit code {status}"
            )
            failures.append(
                (math.inf, BrokenProcessPool(f"a worker process (pid {self.pid}) ended {how}"))
            )

    def end(self) -> None:
        """Waits until the child has no job left, and forgets its results (this process failed)."""
        self._wait()
        self._results.close()
        self._reap()

    def _wait(self) -> bytes:
        try:
            return os.read(self._done, 1)
        finally:
            os.close(self._done)

    def ended(self) -> bool:
        """Whether the child has ended (without waiting for it)."""
        if self._status is None:
            self._wait_for_end(os.WNOHANG)
        return self._status is not None

    def _reap(self) -> int:
        while self._status is None:
            self._wait_for_end(0)
        return self._status

    def _wait_for_end(self, options: int) -> None:
        try:
            pid, status = os.waitpid(self.pid, options)
        except ChildProcessError:  # (reaped elsewhere)
            pid, status = self.pid, 0
        if pid:
            self._status = os.waitstatus_to_exitcode(status)


def _work(
    function, jobs: list, queue: _Queue, results: BinaryIO, done: int, parent: int
) -> NoReturn:
    """A child's life: the jobs from the front of the queue until none is left or one fails."""
    code = 1
    try:
        _end_with_parent(parent)
        while (n := queue.take(front=True)) is not None:
            try:
                results.write(pickle.dumps((n, function(jobs[n])), pickle.HIGHEST_PROTOCOL))
            except BaseException as exc:
                queue.stop()
                results.write(_failure_record(n, exc))
                break
        results.flush()
        os.write(done, b"d")
        code = 0
    finally:
        for stream in sys.stdout, sys.stderr:
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        os._exit(code)


def _failure_record(n: int, exc: BaseException) -> bytes:
    """A failed job's number, its exception pickled (when it can be), what it says, and the child's
    traceback."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickled = pickle.dumps(exc, pickle.HIGHEST_PROTOCOL)
    except Exception:
        pickled = None
    return pickle.dumps((n, pickled, f"{type(exc).__qualname__}: {exc}", text))


def _failure(pickled: bytes | None, said: str, text: str) -> BaseException:
    """A child's failure as an exception to raise here: its own, if it unpickles."""
    try:
        exc = pickle.loads(pickled) if pickled is not None else None
    except Exception:
        exc = None
    if not isinstance(exc, BaseException):
        exc = RuntimeError(said)
    exc.__cause__ = _ChildTraceback(text)
    return exc


class _ChildTraceback(Exception):
    """Where a job failed in a child (shown as the cause of its exception)."""

    def __str__(self) -> str:
        return "\n" + self.args[0]


def _file_in_memory(name: str) -> BinaryIO:
    """A file without a name, in memory where Linux can (memfd_create), read and written."""
    try:
        return open(os.memfd_create(f"proposal-archive-{name}", os.MFD_CLOEXEC), "w+b")
    except (AttributeError, OSError):
        return tempfile.TemporaryFile()


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
