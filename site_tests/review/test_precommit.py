"""`.pre-commit-hooks.yaml`: pre-commit (pinned in the test extra) runs `proposal-archive check`
on a temporary archive repository, refusing a bad file and passing a good one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_tests.archives import GIT_ENV, git, new_flags, run_cli
from site_tests.review.sequence import committed_archive

REPO = Path(__file__).resolve().parents[2]
BAD = """---
id: zz-small-nordhavn
title: Et forslag i en bydel der ikke findes
kind: budgetnotat
municipality: koebenhavn
budget_year: 2031
status: forslag
districts: [Nordhavn]
---
Tekst.
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return committed_archive(tmp_path_factory.mktemp("precommit") / "archive")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """pre-commit's own folder, shared by this module's runs (it installs the hook once)."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _pre_commit(root: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    """pre-commit on the staged files, with the hooks of this repository as they are now."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PATH": path}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("hook", ["proposal-archive-check-installed", "proposal-archive-check"])
def test_a_bad_file_is_refused_and_a_good_one_passes(archive, home, hook):
    bad = archive / "proposals" / "zz-small-nordhavn.md"
    bad.write_text(BAD, encoding="utf-8")
    git(archive, "add", "proposals/zz-small-nordhavn.md")
    refused = _pre_commit(archive, home, hook)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert (
        "proposals/zz-small-nordhavn.md:8:" in refused.stdout
        and "'Nordhavn' is not a known district" in refused.stdout
    )
    git(archive, "rm", "-q", "--cached", "proposals/zz-small-nordhavn.md")
    bad.unlink()

    made = run_cli(archive, "new", *new_flags("Godt forslag", 2031, "Valby"))
    good = made.stdout.strip()
    git(archive, "add", good)
    passed = _pre_commit(archive, home, hook)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    git(archive, "rm", "-q", "--cached", good)
    (archive / good).unlink()


def test_a_change_outside_proposals_and_config_skips_the_check(archive, home):
    (archive / "NOTES.txt").write_text("noter\n", encoding="utf-8")
    git(archive, "add", "NOTES.txt")
    result = _pre_commit(archive, home, "proposal-archive-check-installed")
    assert result.returncode == 0 and "(no files to check)Skipped" in result.stdout
    git(archive, "rm", "-q", "--cached", "NOTES.txt")
