"""`proposal-archive diff`: golden reports of a sequence of commits, in every format; revisions
as git understands them; reading only what changed, from git's objects."""

from __future__ import annotations

import json
import subprocess

import pytest

from generator import check, review
from generator.change_markdown import GITHUB_LIMIT, to_markdown
from site_tests.archives import git, run_cli
from site_tests.review.sequence import GOLDEN, edit, make_history, reports


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return make_history(tmp_path_factory.mktemp("history") / "archive")


def test_reports_of_each_commit_are_golden(history):
    found = reports(history)
    codes = "".join(f"{name} {code}\n" for name, (code, _) in sorted(found.items()))
    assert codes == (GOLDEN / "exit-codes.txt").read_text(encoding="utf-8")
    for name, (_, text) in found.items():
        assert text == (GOLDEN / name).read_text(encoding="utf-8"), (
            f"{name} differs; run `make golden` and review"
        )
    # every format says the same about the audience: json is what the others are checked against
    data = json.loads(found["offentlig.json"][1])
    assert [r["id"] for r in data["published"]] == ["zz-small-ny"]
    assert [r["id"] for r in data["withdrawn"]] == ["zz-small-evaluering"]
    assert found["offentlig.md"][1].index("public: false → true") < found["offentlig.md"][1].index(
        "Ændrede forslag"
    )


def test_a_deleted_proposal_breaks_its_address(history):
    result = run_cli(history, "diff", "tilfojet", "slettet", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["lost_addresses"] == [
        {
            "id": "zz-small-savings",
            "path": "proposals/zz-small-savings.md",
            # (deleted: the alias belongs with whatever replaces it; said at the id it had)
            "at": {"path": "proposals/zz-small-savings.md", "line": 2, "column": 1},
        }
    ]
    assert data["breaks"] is True


def test_merge_base_compares_only_the_branch(history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(history), str(clone)], check=True)
    git(clone, "checkout", "-q", "-b", "feature", "tilfojet")
    edit(clone, "zz-small-ny.md", ("title: Nyt mentorforløb", "title: Mentorforløb for unge"))
    git(clone, "commit", "-q", "-am", "Ny titel", date=20)
    both = run_cli(clone, "diff", "main...feature", "--format", "json")
    assert both.returncode == 0, both.stderr
    data = json.loads(both.stdout)
    # only the branch's own change, not main's later commits undone
    assert [c["id"] for c in data["changed"]] == ["zz-small-ny"]
    assert data["changed"][0]["fields"] == [
        {
            "field": "title",
            "label": "Titel",
            "old": "Nyt mentorforløb",
            "new": "Mentorforløb for unge",
        }
    ]
    assert data["removed"] == [] and data["renamed"] == []
    # two dots: main itself against feature, so main's later changes show too
    direct = json.loads(run_cli(clone, "diff", "main..feature", "--format", "json").stdout)
    assert direct["renamed"] or direct["added"]


def test_default_is_head_against_the_working_tree_untouched(history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(history), str(clone)], check=True)
    edit(clone, "zz-small-cafe.md", ("status: vedtaget", "status: forkastet"))
    (clone / "proposals" / "zz-small-extra.md").write_text(
        (clone / "proposals" / "zz-small-ny.md")
        .read_text(encoding="utf-8")
        .replace("zz-small-ny", "zz-small-extra")
        .replace("ZC3", "ZC4"),
        encoding="utf-8",
    )
    status_before = git(clone, "status", "--porcelain")
    result = run_cli(clone, "diff", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["base"], data["head"]) == ("HEAD", "arbejdskopien")
    assert [r["id"] for r in data["added"]] == [
        "zz-small-extra"
    ]  # untracked, yet part of the change
    assert [(c["id"], [f["new"] for f in c["fields"]]) for c in data["changed"]] == [
        ("zz-small-cafe", ["Ikke vedtaget"])
    ]
    assert git(clone, "status", "--porcelain") == status_before


def test_a_one_file_change_checks_two_files_and_no_other(history, monkeypatch):
    seen = []
    original = check.Checker.check_file
    monkeypatch.setattr(
        check.Checker,
        "check_file",
        lambda self, path, *rest: seen.append(path.name) or original(self, path, *rest),
    )
    headers = []
    original_headers = review._Reading.headers
    monkeypatch.setattr(
        review._Reading,
        "headers",
        lambda self, wanted: headers.append(len(wanted)) or original_headers(self, wanted),
    )
    comparison = review.diff(history, "total-forkert", "total-rettet")
    assert seen == ["zz-small-ny.md", "zz-small-ny.md"]
    assert headers == []  # no id, code or reference changed: the other files are not read
    assert len(comparison.fixed) == 1 and not comparison.introduced
    review.diff(history, "tilfojet", "slettet")  # an id gone: every file's header is read
    assert headers == [4]  # (the four files left at "slettet")


def test_rename_without_alias_is_a_lost_address(history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(history), str(clone)], check=True)
    git(clone, "mv", "proposals/zz-small-ny.md", "proposals/zz-small-mentor.md")
    edit(clone, "zz-small-mentor.md", ("id: zz-small-ny", "id: zz-small-mentor"))
    result = run_cli(clone, "diff", "--format", "text")
    assert result.returncode == 1
    assert "zz-small-ny → zz-small-mentor: ZC3: Nyt mentorforløb (UDEN ALIAS)" in result.stdout
    # said where the alias belongs: at the id that took the old one's place
    assert (
        "!!! ADRESSER, DER HOLDER OP MED AT VIRKE (id fjernet uden aliases:):\n  zz-small-ny (proposals/zz-small-mentor.md:2:1)"
        in result.stdout
    )
    since = run_cli(clone, "check", "--since", "HEAD")
    assert since.returncode == 1
    assert [line for line in since.stdout.splitlines() if "[lost-address]" in line] == [
        "proposals/zz-small-mentor.md:2:1: error: id 'zz-small-ny' existed in HEAD and is gone: its address "
        "forslag/zz-small-ny/ would break; list it under 'aliases:' of the proposal that replaces it [lost-address]"
    ]


@pytest.mark.parametrize(
    "args, said",
    [
        (["no-such-branch"], "unknown revision 'no-such-branch'"),
        (["start", "HEAD~99"], "unknown revision 'HEAD~99'"),
        (["--", "-x"], "'-x' is not a revision"),
    ],
)
def test_unknown_revisions_are_usage_errors(history, args, said):
    result = run_cli(history, "diff", *args)
    assert result.returncode == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr


def test_outside_git_is_a_usage_error(tmp_path):
    from site_tests.archives import make_archive

    root = make_archive(tmp_path / "plain", "small")
    result = run_cli(root, "diff")
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr and "Traceback" not in result.stderr


def _changes_shown(markdown: str) -> int:
    """The report's items: list entries and table rows, but not headings of lists and tables."""
    lines = [line.strip() for line in markdown.splitlines()]
    return sum(
        1
        for line in lines
        if line.startswith(("- ", "| "))
        and not line.startswith(("- **Tabel", "| Række", "| Felt", "| Kommune |"))
    )


def test_markdown_is_cut_to_the_limit_with_a_count(history):
    comparison = review.diff(history, "start", "total-rettet")
    whole = to_markdown(comparison)
    assert len(whole) < GITHUB_LIMIT and "udeladt" not in whole
    for limit in (1500, 2500):
        cut = to_markdown(comparison, limit=limit)
        assert len(cut) <= limit
        # what changes the audience, and lost addresses, are never cut
        assert (
            "public: true → false" in cut
            and "`zz-small-savings` (`proposals/zz-small-savings.md:2:1`)" in cut
        )
        left = int(cut.rsplit("*… ", 1)[1].split()[0])
        assert left > 0 and _changes_shown(cut) + left == _changes_shown(whole)


def test_a_configuration_change_compares_every_file(history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(history), str(clone)], check=True)
    config = clone / "config" / "archive.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    label: Budgetnotat\n", "    label: Budgetnotat (notat)\n", 1
        ),
        encoding="utf-8",
    )
    result = run_cli(clone, "diff", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # no proposal file changed, yet the one budget note reads differently now
    assert [(c["id"], c["fields"]) for c in data["changed"]] == [
        (
            "zz-small-cafe",
            [
                {
                    "field": "kind",
                    "label": "Type",
                    "old": "Budgetnotat",
                    "new": "Budgetnotat (notat)",
                }
            ],
        )
    ]
    assert data["files"] == 0 and not data["introduced"] and not data["fixed"]


def test_a_source_document_named_is_a_changed_field(history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(history), str(clone)], check=True)
    digest = "ab" * 32
    source = f"status: vedtaget\nsource:\n  file: referat.pdf\n  sha256: {digest}\n  pages: 3-4"
    edit(clone, "zz-small-cafe.md", ("status: vedtaget", source))
    result = run_cli(clone, "diff", "--format", "json")
    assert result.returncode == 0, result.stderr
    (changed,) = json.loads(result.stdout)["changed"]
    assert [(f["label"], f["old"], f["new"]) for f in changed["fields"]] == [
        ("Kilde", "", "referat.pdf, s. 3-4, SHA-256 abababababab…")
    ]
