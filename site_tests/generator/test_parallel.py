"""parallel.run_parallel: jobs shared between this process and forked children, results in the
order of the jobs, a failure in any of them raised in the caller."""

from __future__ import annotations

import os
import time

import pytest

from generator.parallel import run_parallel


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


def test_one_worker_runs_everything_here():
    assert run_parallel(pid_of, [1, 2], 1) == [(1, os.getpid()), (2, os.getpid())]


@pytest.mark.parametrize(
    "jobs", [[3, 10, 11, 12], [10, 11, 12, 3]]
)  # failing in a child, then here
def test_a_failing_job_fails_the_run(jobs):
    with pytest.raises(ValueError, match="job 3 failed"):
        run_parallel(fail_on_three, jobs, 2)


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
