"""`proposal-archive new`: a proposal file from flags or questions, with a fresh id and an empty
budget table, that passes `check`."""

from __future__ import annotations

import subprocess
import sys

from site_tests.archives import make_archive, new_flags, run_cli

FLAGS = new_flags("Flere cykelstier: 'ny' plan #1", 2027, "Valby", "indre by")


def _check_findings(root, path: str) -> list[str]:
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stdout
    return [line for line in result.stdout.splitlines() if line.startswith(path)]


def test_from_flags_a_file_that_passes_check(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    result = run_cli(root, "new", *FLAGS)
    assert result.returncode == 0, result.stderr
    path = result.stdout.strip()
    assert path == "proposals/kk-b2027-flere-cykelstier-ny-plan-1.md"
    text = (root / path).read_text(encoding="utf-8")
    assert "title: 'Flere cykelstier: ''ny'' plan #1'" in text
    assert "districts: [Valby, Indre By]" in text  # as the municipality file spells them
    assert "amounts: [null, null, null, null]" in text and "years: [2027, 2028, 2029, 2030]" in text
    assert _check_findings(root, path) == []


def test_the_id_is_fresh(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    first = run_cli(root, "new", *FLAGS).stdout.strip()
    # an alias counts as taken too
    (root / first).write_text(
        (root / first)
        .read_text(encoding="utf-8")
        .replace("\ntitle:", "\naliases: [kk-b2027-flere-cykelstier-ny-plan-1-2]\ntitle:"),
        encoding="utf-8",
    )
    second = run_cli(root, "new", *FLAGS).stdout.strip()
    assert second == "proposals/kk-b2027-flere-cykelstier-ny-plan-1-3.md"
    assert _check_findings(root, second) == []


def test_from_answers_to_questions(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    answers = (
        "hoeje-taastrup\ninvesteringsforslag\nNy skole i Hedehusene\n2028\nHedehusene, Fløng\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "new"],
        input=answers,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Kommune (hoeje-taastrup, koebenhavn): " in result.stdout
    path = result.stdout.strip().rsplit(" ", 1)[-1]
    assert path == "proposals/htk-b2028-ny-skole-i-hedehusene.md"
    assert "districts: [Hedehusene, Fløng]" in (root / path).read_text(encoding="utf-8")
    assert _check_findings(root, path) == []


def _new(root, answers: str, *flags: str) -> subprocess.CompletedProcess[str]:
    """`proposal-archive new` with its questions answered through a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "new", *flags],
        input=answers,
        capture_output=True,
        text=True,
    )


def test_a_refused_answer_is_asked_again(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    wrong_then_right = [
        ("aarhus", "koebenhavn"),
        ("notat", "budgetnotat"),
        (" ", "Cykler på Valby Langgade"),
        ("27", "2027"),
        ("Valby, Nordhavn", "Valby, indre by"),
    ]
    result = _new(root, "".join(f"{a}\n{b}\n" for a, b in wrong_then_right))
    assert result.returncode == 0, result.stderr
    kinds = "budgetnotat, effektiviseringsforslag, investeringsforslag, svar-paa-spoergsmaal, dagsordenpunkt"
    districts = (
        "Indre By, Østerbro, Nørrebro, Vesterbro/Kongens Enghave, Valby, Vanløse, "
        "Brønshøj-Husum, Bispebjerg, Amager Øst, Amager Vest, Bydækkende, Udenbys"
    )
    assert result.stderr.splitlines() == [
        "proposal-archive: 'aarhus' is not a known municipality; expected one of: hoeje-taastrup, koebenhavn; try again",
        f"proposal-archive: 'notat' is not a known kind; expected one of: {kinds}; try again",
        "proposal-archive: the title must not be empty; expected the title as printed; try again",
        "proposal-archive: '27' is not a budget year; expected a year such as 2027; try again",
        f"proposal-archive: 'Nordhavn' is not a district (bydel) of Københavns Kommune; expected one of: {districts}; try again",
        "fill in the budget table and the text, then run `proposal-archive check`",
    ]
    # each question twice (asked again after the refused answer), then the new file's path
    prompts = [
        "Kommune (hoeje-taastrup, koebenhavn): ",
        f"Dokumenttype ({kinds}): ",
        "Titel: ",
        "Budgetår: ",
        f"Bydele, adskilt af komma ({districts}): ",
    ]
    path = "proposals/kk-b2027-cykler-paa-valby-langgade.md"
    assert result.stdout == "".join(p * 2 for p in prompts) + path + "\n"
    assert "districts: [Valby, Indre By]" in (root / path).read_text(encoding="utf-8")
    assert _check_findings(root, path) == []


def test_it_gives_up_after_five_refused_answers(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    result = _new(
        root, "2O27\n" * 6, "--municipality", "koebenhavn", "--kind", "budgetnotat", "--title", "x"
    )
    assert result.returncode == 2
    assert result.stdout == "Budgetår: " * 5
    assert result.stderr.splitlines() == [
        "proposal-archive: '2O27' is not a budget year; expected a year such as 2027; try again"
    ] * 4 + [
        "proposal-archive: error: '2O27' is not a budget year; expected a year such as 2027 (no allowed answer in 5 tries)"
    ]


def test_refused_values_and_missing_answers_are_usage_errors(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    bad = run_cli(root, "new", *FLAGS[:-4], "--district", "Nordhavn")
    assert (
        bad.returncode == 2
        and "'Nordhavn' is not a district (bydel) of Københavns Kommune" in bad.stderr
    )
    missing = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "new", "--title", "x"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert (
        missing.returncode == 2
        and "pass --municipality" in missing.stderr
        and "Traceback" not in missing.stderr
    )
    assert sorted(p.name for p in (root / "proposals").glob("*.md")) == sorted(
        p.name for p in (make_archive(tmp_path / "b", "small") / "proposals").glob("*.md")
    )
