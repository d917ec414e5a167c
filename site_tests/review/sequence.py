"""A git repository of the fixture archive `small` with one commit per kind of change a pull
request makes, and the golden reports of `proposal-archive diff` between each commit and the
one before it, in every format.

    python -m site_tests.review.sequence     (or: make golden)

regenerates site_tests/golden/diff/ after an intended change; review `git diff` before
committing. site_tests/review/test_diff.py fails on any difference.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from site_tests.archives import committed, git, make_archive

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "diff"
FORMATS = {"markdown": "md", "text": "txt", "json": "json"}
SITE_URL = "https://preview.example/pr-7/"


def edit(root: Path, name: str, *replacements: tuple[str, str]) -> None:
    path = root / "proposals" / name
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, (name, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


NEW = """---
id: zz-small-ny
code: ZC3
title: Nyt mentorforløb
kind: investeringsforslag
municipality: koebenhavn
committee: Socialudvalget
budget_year: 2031
status: forslag
public: false
districts: [Nørrebro]
budget:
  - title: Investering
    unit: 1.000 kr.
    price_level: 2031 p/l
    years: [2031, 2032]
    rows:
      - label: Mentorer
        amounts: [250, 250]
    totals:
      - label: I alt
        amounts: [250, 250]
---
## Baggrund

Et forsøg med mentorer.
"""


def _amounts(root):
    edit(
        root,
        "zz-small-cafe.md",
        (
            'amounts: [700, 0, "-"]\n        total: 700',
            'amounts: [900, 0, "-"]\n        total: 900',
        ),
        (
            'amounts: [500, 500, "-"]\n        total: 1000',
            'amounts: [700, 500, "-"]\n        total: 1200',
        ),
    )


def _add(root):
    (root / "proposals" / "zz-small-ny.md").write_text(NEW, encoding="utf-8")


def _delete(root):
    (root / "proposals" / "zz-small-savings.md").unlink()


def _rename(root):
    git(root, "mv", "proposals/zz-small-evaluation.md", "proposals/zz-small-evaluering.md")
    edit(
        root,
        "zz-small-evaluering.md",
        ("id: zz-small-evaluation\n", "id: zz-small-evaluering\naliases: [zz-small-evaluation]\n"),
        ("status: afsluttet", "status: vedtaget"),
    )


def _flip(root):
    edit(root, "zz-small-ny.md", ("public: false\n", ""))
    edit(
        root, "zz-small-evaluering.md", ("status: vedtaget\n", "status: vedtaget\npublic: false\n")
    )


def _unit(root):
    edit(
        root,
        "zz-small-ny.md",
        ("unit: 1.000 kr.", "unit: kr."),
        ("amounts: [250, 250]\n    totals", "amounts: [250000, 250000]\n    totals"),
        ("amounts: [250, 250]\n---", "amounts: [250000, 250000]\n---"),
    )


def _break(root):
    edit(
        root, "zz-small-ny.md", ("amounts: [250000, 250000]\n---", "amounts: [250000, 205000]\n---")
    )


def _fix(root):
    edit(
        root, "zz-small-ny.md", ("amounts: [250000, 205000]\n---", "amounts: [250000, 250000]\n---")
    )


# (tag, commit message, change): each commit's report is golden/diff/<tag>.<format>
STEPS = (
    ("belob", "Drift 2030 hævet", _amounts),
    ("tilfojet", "Nyt forslag om mentorer", _add),
    ("slettet", "Besparelsen trukket ud af arkivet", _delete),
    ("omdobt", "Evalueringen får et dansk id", _rename),
    ("offentlig", "Mentorforslaget offentliggøres, evalueringen lukkes", _flip),
    ("enhed", "Mentorforslaget i kroner", _unit),
    ("total-forkert", "Tastefejl i totalen", _break),
    ("total-rettet", "Totalen rettet", _fix),
)


def committed_archive(root: Path, fixture: str = "small") -> Path:
    """A git repository (branch main) of a fixture archive, in one commit."""
    return committed(make_archive(root, fixture))


def make_history(root: Path) -> Path:
    """The archive with its history: tag 'start', then one tag per step."""
    committed_archive(root)
    git(root, "tag", "start")
    for day, (tag, message, change) in enumerate(STEPS, 1):
        change(root)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, date=day)
        git(root, "tag", tag)
    return root


def reports(root: Path) -> dict[str, tuple[int, str]]:
    """golden file name → (exit code, output) of diff between each step and the one before."""
    from site_tests.archives import run_cli

    out = {}
    before = "start"
    for tag, _, _ in STEPS:
        for fmt, ext in FORMATS.items():
            result = run_cli(root, "diff", before, tag, "--format", fmt, "--site-url", SITE_URL)
            assert result.returncode in (0, 1), result.stderr
            out[f"{tag}.{ext}"] = (result.returncode, result.stdout)
        before = tag
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        found = reports(make_history(Path(tmp) / "archive"))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    GOLDEN.mkdir(parents=True)
    for name, (_code, text) in found.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    (GOLDEN / "exit-codes.txt").write_text(
        "".join(f"{name} {code}\n" for name, (code, _) in sorted(found.items())), encoding="utf-8"
    )
    print(f"regenerated {GOLDEN}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
