"""Permanent addresses: aliases redirect, relations through an alias find the new id, and
`check --since REV` fails when an id of REV is gone without one."""

from __future__ import annotations

import pytest

from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive, run_cli
from site_tests.review.sequence import make_history


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return make_history(tmp_path_factory.mktemp("history") / "archive")


def _renamed(root):
    old = root / "proposals" / "zz-small-evaluation.md"
    text = old.read_text(encoding="utf-8").replace(
        "id: zz-small-evaluation\n", "id: zz-small-evaluering\naliases: [zz-small-evaluation]\n"
    )
    (root / "proposals" / "zz-small-evaluering.md").write_text(text, encoding="utf-8")
    old.unlink()
    return root


@pytest.mark.parametrize(
    "offline, redirect, target",
    [
        (False, "forslag/zz-small-evaluation/index.html", "../zz-small-evaluering/"),
        (True, "forslag/zz-small-evaluation.html", "zz-small-evaluering.html"),
    ],
)
def test_each_alias_gets_a_redirect_page(tmp_path, offline, redirect, target):
    root = _renamed(make_archive(tmp_path / "archive", "small"))
    diagnostics, report = prepare(Project(root), offline=offline)
    assert report is not None, [d.as_text() for d in diagnostics]
    page = (Project(root).pages / redirect).read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert '<html lang="da">' in page and "Evaluering i Valby" in page
    # the cafe's related entry still names the old id: its link goes to the new page
    cafe = (Project(root).pages / "forslag" / "zz-small-cafe.md").read_text(encoding="utf-8")
    assert "zz-small-evaluering" in cafe and "zz-small-evaluation" not in cafe
    # and the renamed proposal lists the cafe among the pages that refer to it
    renamed = (Project(root).pages / "forslag" / "zz-small-evaluering.md").read_text(
        encoding="utf-8"
    )
    assert "Henvist fra" in renamed and "zz-small-cafe" in renamed


def test_a_removed_alias_removes_its_redirect(tmp_path):
    root = _renamed(make_archive(tmp_path / "archive", "small"))
    prepare(Project(root))
    path = root / "proposals" / "zz-small-evaluering.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("aliases: [zz-small-evaluation]\n", ""),
        encoding="utf-8",
    )
    cafe = root / "proposals" / "zz-small-cafe.md"
    cafe.write_text(
        cafe.read_text(encoding="utf-8").replace(
            "id: zz-small-evaluation", "id: zz-small-evaluering"
        ),
        encoding="utf-8",
    )
    diagnostics, report = prepare(Project(root))
    assert report is not None, [d.as_text() for d in diagnostics]
    assert not (Project(root).pages / "forslag" / "zz-small-evaluation").exists()


def test_check_since_fails_for_an_id_gone_without_an_alias(history):
    # since "tilfojet", zz-small-savings was deleted; zz-small-evaluation lives on as an alias
    result = run_cli(history, "check", "--since", "tilfojet")
    assert result.returncode == 1
    lost = [line for line in result.stdout.splitlines() if "[lost-address]" in line]
    assert lost == [
        "proposals/zz-small-savings.md:2:1: error: id 'zz-small-savings' existed in tilfojet and is gone: its address "
        "forslag/zz-small-savings/ would break; list it under 'aliases:' of the proposal that replaces it [lost-address]"
    ]
    assert run_cli(history, "check", "--since", "slettet").returncode == 0


def test_check_since_an_unknown_revision_is_a_usage_error(history):
    result = run_cli(history, "check", "--since", "ingen-saadan")
    assert result.returncode == 2
    assert "unknown revision 'ingen-saadan'" in result.stderr and "Traceback" not in result.stderr
