"""The change history on a proposal's page ("Historik"): from one `git log` over the archive;
commit messages on the intranet only; nothing outside git."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from generator import history
from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive
from site_tests.review.sequence import make_history


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The generated pages of the sequence's archive, per audience."""
    root = make_history(tmp_path_factory.mktemp("history") / "archive")
    out = {}
    for audience in ("public", "intranet"):
        diagnostics, report = prepare(Project(root), audience=audience)
        assert report is not None, [d.as_text() for d in diagnostics]
        out[audience] = {
            p.name: p.read_text(encoding="utf-8")
            for p in (Project(root).pages / "forslag").glob("*.md")
        }
    return out


def _day(n: int) -> str:
    """The Danish date of the sequence's commit of day n (site_tests/review/sequence.py)."""
    from generator.danish import long_date

    return long_date(dt.date(2030, 3, 17) + dt.timedelta(days=n))


def test_the_page_shows_its_last_change_and_earlier_versions(pages):
    page = pages["public"]["zz-small-ny.md"]
    # changed by the steps of days 2 (added), 5 (made public), 6 (unit), 7 and 8 (its total)
    assert f'Senest ændret i arkivet <time datetime="2030-03-25">{_day(8)}</time>.' in page
    assert f'Tidligere versioner: <time datetime="2030-03-24">{_day(7)}</time>, ' in page
    assert page.count("<time ") == 5


def test_commit_messages_are_for_the_intranet_only(pages):
    assert "Totalen rettet" not in pages["public"]["zz-small-ny.md"]
    assert "Tastefejl i totalen" not in "".join(pages["public"].values())
    intranet = pages["intranet"]["zz-small-ny.md"]
    assert "Totalen rettet" in intranet and "Nyt forslag om mentorer" in intranet


def test_a_renamed_proposal_keeps_the_history_of_its_earlier_id(pages):
    page = pages["intranet"]["zz-small-evaluering.md"]
    for message in (
        "Arkivet oprettet",
        "Evalueringen får et dansk id",
        "Mentorforslaget offentliggøres, evalueringen lukkes",
    ):
        assert message in page
    assert (
        page.count("Evalueringen får et dansk id") == 1
    )  # the rename commit touched both names, counts once


def test_outside_git_there_is_no_history_and_no_error(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    diagnostics, report = prepare(Project(root))
    assert report is not None and not [d for d in diagnostics if d.code != "total-mismatch"]
    assert all(
        "Historik" not in p.read_text(encoding="utf-8")
        for p in (Project(root).pages / "forslag").glob("*.md")
    )


def test_one_git_process_for_every_page(tmp_path, monkeypatch):
    root = make_history(tmp_path / "archive")
    calls = []
    original = subprocess.run
    monkeypatch.setattr(
        history.subprocess, "run", lambda args, **kw: calls.append(args) or original(args, **kw)
    )
    prepare(Project(root))
    assert len([a for a in calls if "log" in a]) == 1


def test_parse_log_follows_names_and_skips_what_is_not_a_proposal():
    text = (
        "\x1e2030-03-21\x1fbbb\x1fEvalueringen får et dansk id\n\nproposals/zz-a.md\nproposals/zz-b.md\n"
        "\x1e2030-03-17\x1faaa\x1fArkivet oprettet\n\nproposals/zz-a.md\nconfig/archive.yml\nproposals/sub/x.md\n"
    )
    log = history.parse_log(text)
    assert sorted(log) == ["zz-a", "zz-b"]
    assert [c.message for c in log["zz-a"]] == ["Evalueringen får et dansk id", "Arkivet oprettet"]
    assert log["zz-b"][0].date == dt.date(2030, 3, 21)
