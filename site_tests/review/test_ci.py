"""The example CI workflows (docs/ci/): their commands, run against a temporary archive
repository as GitHub Actions and GitLab CI would run them for a pull (merge) request and for a
push to main (site_tests/review/ci_runner.py)."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from site_tests.archives import git
from site_tests.review.ci_runner import GITHUB, GITLAB, REPO, GitHub, GitLab
from site_tests.review.sequence import committed_archive, edit


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    """An archive repository whose main branch is the fixture archive `small`."""
    return committed_archive(tmp_path_factory.mktemp("origin") / "archive")


def _pull_request(origin, tmp_path, change) -> tuple:
    """A clone with a branch that makes change, committed: (clone, workdir for the runner)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    git(clone, "checkout", "-q", "-b", "forslag")
    change(clone)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "Ændring", date=1)
    work = tmp_path / "work"
    work.mkdir()
    return clone, work


def _raise_amount(root):
    edit(
        root,
        "zz-small-cafe.md",
        (
            'amounts: [700, 0, "-"]\n        total: 700',
            'amounts: [900, 0, "-"]\n        total: 900',
        ),
    )


def _delete(root):
    (root / "proposals" / "zz-small-savings.md").unlink()


def _github_pr(clone) -> dict:
    return {
        "github.event_name": "pull_request",
        "github.base_ref": "main",
        "github.ref": "refs/pull/7/merge",
        "github.event.pull_request.number": "7",
        "vars.PREVIEW_URL": "https://preview.example/pr-7/",
        "github.token": "token",
        "github.sha": git(clone, "rev-parse", "HEAD").strip(),
    }


def test_github_pull_request(origin, tmp_path):
    clone, work = _pull_request(origin, tmp_path, _raise_amount)
    run = GitHub(_github_pr(clone)).run(GITHUB, clone, work)
    assert not run.failed, run.output
    assert run.steps == [
        ("Check", 0),
        ("Diff", 0),
        ("Comment", 0),
        ("Diff verdict", 0),
        ("Build", 0),
    ]
    assert "::warning file=proposals/zz-small-cafe.md" in run.output  # check's annotations
    summary = (work / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Budgetændringer: `origin/main...HEAD` → `HEAD`")
    assert "| Drift | 2030 | 700 | 900 | +200 |" in summary
    assert "[`zz-small-cafe`](https://preview.example/pr-7/forslag/zz-small-cafe/)" in summary
    assert (work / "calls.log").read_text(
        encoding="utf-8"
    ) == "gh pr comment 7 --body-file diff.md --edit-last\n"
    assert (clone / "diff.md").read_text(encoding="utf-8") == summary
    assert (clone / "preview" / "forslag" / "zz-small-cafe" / "index.html").is_file()
    # the cache: read, never written, by a pull request
    assert (
        run.conditions["actions/cache/restore@v4"] is True
        and run.conditions["actions/cache/save@v4"] is False
    )


def test_github_pull_request_that_breaks_an_address_fails_after_commenting(origin, tmp_path):
    clone, work = _pull_request(origin, tmp_path, _delete)
    run = GitHub(_github_pr(clone)).run(GITHUB, clone, work)
    assert run.failed
    assert run.steps == [
        ("Check", 0),
        ("Diff", 0),
        ("Comment", 0),
        ("Diff verdict", 1),
        ("Build", None),
    ]
    assert "Adresser, der holder op med at virke" in (work / "summary.md").read_text(
        encoding="utf-8"
    )
    assert "gh pr comment 7" in (work / "calls.log").read_text(encoding="utf-8")


def test_github_push_to_main_saves_the_cache(origin, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    (tmp_path / "work").mkdir()
    context = {
        "github.event_name": "push",
        "github.base_ref": "",
        "github.ref": "refs/heads/main",
        "github.event.pull_request.number": "",
        "vars.PREVIEW_URL": "",
        "github.token": "token",
        "github.sha": git(clone, "rev-parse", "HEAD").strip(),
    }
    run = GitHub(context).run(GITHUB, clone, tmp_path / "work")
    assert run.steps == [
        ("Check", 0),
        ("Diff", None),
        ("Comment", None),
        ("Diff verdict", None),
        ("Build", 0),
    ], run.output
    assert run.conditions["actions/cache/save@v4"] is True
    assert not (tmp_path / "work" / "calls.log").exists()


def _gitlab_mr(token: str = "") -> dict:
    return {
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_DEFAULT_BRANCH": "main",
        "CI_MERGE_REQUEST_IID": "7",
        "CI_PROJECT_ID": "42",
        "CI_API_V4_URL": "https://gitlab.example/api/v4",
        "REVIEW_TOKEN": token,
    }


def _cache_policy(variables: dict) -> str:
    policy = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["preview"]["cache"]["policy"]
    return variables[policy.removeprefix("$")]


def test_gitlab_merge_request(origin, tmp_path):
    clone, work = _pull_request(origin, tmp_path, _raise_amount)
    jobs = GitLab(_gitlab_mr(token="glpat-test")).run(GITLAB, clone, work)
    assert sorted(jobs) == ["check", "diff", "preview"]
    assert all(code == 0 for code, _, _ in jobs.values()), {
        k: v[1][-2000:] for k, v in jobs.items()
    }
    assert "Drift, 2030: 700 → 900 (+200)" in jobs["diff"][1]  # the text report in the job's log
    assert "| Drift | 2030 | 700 | 900 | +200 |" in (clone / "diff.md").read_text(encoding="utf-8")
    call = (work / "calls.log").read_text(encoding="utf-8")
    assert (
        call.startswith("curl --fail")
        and "body@diff.md" in call
        and "/projects/42/merge_requests/7/notes" in call
    )
    assert (clone / "preview" / "index.html").is_file()
    assert _cache_policy(jobs["preview"][2]) == "pull"


def test_gitlab_merge_request_that_breaks_an_address_fails(origin, tmp_path):
    clone, work = _pull_request(origin, tmp_path, _delete)
    jobs = GitLab(_gitlab_mr()).run(GITLAB, clone, work)
    assert jobs["diff"][0] == 1 and jobs["check"][0] == 0
    assert not (work / "calls.log").exists()  # no token: no comment, the report is an artifact


def test_gitlab_default_branch_writes_the_cache(origin, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    (tmp_path / "work").mkdir()
    jobs = GitLab(
        {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
    ).run(GITLAB, clone, tmp_path / "work")
    assert sorted(jobs) == ["check", "preview"]
    assert _cache_policy(jobs["preview"][2]) == "pull-push"


def test_docs_show_the_workflows_as_they_are_tested():
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for workflow in (GITHUB, GITLAB):
        assert workflow.read_text(encoding="utf-8").rstrip() in doc
