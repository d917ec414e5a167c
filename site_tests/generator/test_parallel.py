"""parallel.run_parallel: jobs shared between this process and forked children, results in the
order of the jobs, a failure in any of them or a child's death raised in the caller, no child
left behind."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator.parallel import run_parallel

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def no_child_left():
    yield
    with pytest.raises(ChildProcessError):  # every child was reaped
        os.waitpid(-1, os.WNOHANG)


def pid_of(job: int) -> tuple[int, int]:
    time.sleep(0.02)  # long enough that both processes get jobs
    return job, os.getpid()


def fail_on_three(job: int) -> int:
    if job == 3:
        raise ValueError(f"job {job} failed")
    return job


def test_results_come_in_the_order_of_the_jobs_and_this_process_works_too():
    results = run_parallel(pid_of, list(range(30)), 2)
    assert [job for job, _ in results] == list(range(30))
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() in pids
    # the children take jobs from the front, this process from the back
    assert results[0][1] != os.getpid() and results[-1][1] == os.getpid()


def test_more_children_share_the_front():
    results = run_parallel(pid_of, list(range(45)), 3)
    assert [job for job, _ in results] == list(range(45))
    pids = {pid for _, pid in results}
    assert len(pids) == 3 and os.getpid() in pids
    assert results[0][1] != os.getpid() and results[-1][1] == os.getpid()


def test_one_worker_runs_everything_here():
    assert run_parallel(pid_of, [1, 2], 1) == [(1, os.getpid()), (2, os.getpid())]


@pytest.mark.parametrize(
    "jobs", [[3, 10, 11, 12], [10, 11, 12, 3]]
)  # failing in a child, then here
def test_a_failing_job_fails_the_run(jobs):
    with pytest.raises(ValueError, match="job 3 failed"):
        run_parallel(fail_on_three, jobs, 2)


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")


def fail_in_the_child(kind: str) -> object:
    time.sleep(0.02)
    if os.getpid() == PARENT:
        return kind
    if kind == "error":
        raise KeyError("job error failed")
    if kind == "unpicklable error":
        raise Unpicklable("one", "two")
    if kind == "unpicklable result":
        return lambda: None
    if kind == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "exit":
        os._exit(3)
    return kind


def test_a_childs_failure_comes_with_its_traceback():
    with pytest.raises(KeyError, match="job error failed") as caught:
        run_parallel(fail_in_the_child, ["error", *["fine"] * 50], 2)
    assert "fail_in_the_child" in str(caught.value.__cause__)  # where it failed, in the child


def test_an_exception_that_cannot_come_back_is_told():
    with pytest.raises(RuntimeError, match="Unpicklable: one and two"):
        run_parallel(fail_in_the_child, ["unpicklable error", *["fine"] * 50], 2)


def test_a_result_that_cannot_come_back_fails_the_run():
    with pytest.raises((pickle.PicklingError, AttributeError)):
        run_parallel(fail_in_the_child, ["unpicklable result", *["fine"] * 50], 2)


@pytest.mark.parametrize(
    "kind, said", [("killed", "killed by signal SIGKILL"), ("exit", "with exit code 3")]
)
def test_a_child_that_dies_is_told_and_its_jobs_not_lost_silently(kind, said):
    with pytest.raises(BrokenProcessPool, match=said):
        run_parallel(fail_in_the_child, [kind, *["fine"] * 30], 2)


def fail_here(job: int) -> int:
    time.sleep(0.01)
    if os.getpid() == PARENT and job == 29:
        raise ValueError("the parent's job failed")
    return job


def test_a_failure_here_waits_for_the_children_and_is_raised():
    with pytest.raises(ValueError, match="the parent's job failed"):
        run_parallel(fail_here, list(range(30)), 3)  # (no_child_left: they were reaped)


def test_the_children_end_with_a_killed_parent(tmp_path):
    pids = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(Path(__file__).parents[2])!r})
        from generator.parallel import run_parallel

        def job(n):
            with open({str(pids)!r}, "a") as f:
                f.write(f"{{os.getpid()}}\\n")
            time.sleep(600)

        run_parallel(job, list(range(6)), 3)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while (
        len(set(pids.read_text().split()) if pids.exists() else ()) < 3
        and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    children = set(map(int, pids.read_text().split())) - {process.pid}
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(children) == 2
    deadline = time.monotonic() + 30
    while (alive := [pid for pid in children if running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive


def running(pid: int) -> bool:
    """pid has not ended (a zombie has: it waits only for its parent)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_folder_removed_in_the_background_goes_and_leaves_no_child(tmp_path):
    from generator.engine.building import remove_in_background

    old = tmp_path / ".site-old-1"
    for n in range(200):
        (old / f"d{n % 7}").mkdir(parents=True, exist_ok=True)
        (old / f"d{n % 7}" / f"{n}.html").write_text("x")
    remove_in_background(old)
    deadline = time.monotonic() + 30
    while old.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not old.exists()
    with pytest.raises(ChildProcessError):  # the helper was reaped; its child is not ours
        os.waitpid(-1, os.WNOHANG)
