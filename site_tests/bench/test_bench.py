"""The benchmark keeps working: the whole of it at N = 200 (not timed), and its synthetic archives."""

from __future__ import annotations

import re
import subprocess
import sys

from bench import synth
from bench.run import PARTS, STAGES
from site_tests.archives import REPO

SECTIONS = (
    "## Machine",
    "## Archives",
    "## Time per stage (seconds)",
    "## Peak memory",
    "## Sizes",
    "## Search in Chromium",
    "## Growth",
    "## Changing one proposal",
    "## Targets",
    "## Where check + generate spends its CPU",
    "## Profile",
    "## Reproduce",
)
NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?")


def section(report: str, heading: str) -> str:
    start = report.index(heading)
    end = report.find("\n## ", start + 1)
    return report[start : end if end > 0 else None]


def table_rows(text: str) -> list[list[str]]:
    """The cells of the body rows of every Markdown table in text (headers and separators left out)."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if re.fullmatch(r"\|[-:|]+\|", line):
            rows.pop()  # the header above the separator
        elif line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def figure(cell: str) -> float:
    match = NUMBER.search(cell.replace("**", ""))
    assert match, f"no figure in {cell!r}"
    return float(match.group(0).replace(",", ""))


def test_synthetic_archive_is_deterministic_and_varied():
    a = synth.proposals(60, seed=7)
    assert a == synth.proposals(60, seed=7)
    assert a != synth.proposals(60, seed=8)
    bodies = [text.split("\n---\n", 1)[1] for text in a.values()]
    words = sum(len(b.split()) for b in bodies) / len(bodies)
    assert 550 < words < 750, words
    # each administration has its own words: not every page speaks of the seeds' subject
    assert sum(bool(re.search(r"\bsamtal", b, re.I)) for b in bodies) < 0.6 * len(bodies)
    for text in a.values():
        for form in synth.SEARCH_QUERIES:
            assert not re.search(rf"\b{form}\b", text, re.I), form


def test_benchmark_runs_at_200(tmp_path):
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--sizes",
            "200",
            "--serve-size",
            "200",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "work" / "trash").exists(), (
        "what the run emptied is deleted when it ends"
    )
    report = out.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in report, heading

    for heading in ("## Time per stage (seconds)", "## Peak memory", "## Sizes"):
        rows = table_rows(section(report, heading))
        assert rows, heading
        for row in rows:
            assert figure(row[1]) > 0, (heading, row)
    system = table_rows(section(report, "## System time (seconds)"))
    assert [row[0] for row in system] == [label for _, label in STAGES]
    assert all(figure(row[1]) >= 0 for row in system)  # (a short stage's may round to 0.00)
    search = table_rows(section(report, "## Search in Chromium"))
    assert len(search) == len(synth.SEARCH_QUERIES)
    for _n, query, results, literal, *figures in search:
        assert literal == "0", f"{query} occurs literally on {literal} pages"
        assert figure(results) > 0, f"{query}, a word form that occurs on no page, found nothing"
        assert all(figure(cell) > 0 for cell in figures), (query, figures)
    changes = table_rows(section(report, "## Changing one proposal"))
    assert len(changes) == 2 and all(figure(row[2]) > 0 and figure(row[4]) > 0 for row in changes)
    latencies = re.findall(
        r"(\d+\.\d+) s", section(report, "## Changing one proposal").split("Live preview", 1)[1]
    )
    assert len(latencies) == 4 and all(float(x) > 0 for x in latencies)
    parts = {
        row[0]: row
        for row in table_rows(section(report, "## Where check + generate spends its CPU"))
    }
    assert list(parts) == ["… " * depth + label for _, label, depth in PARTS]
    assert all(figure(cpu) >= 0 and figure(ms) >= 0 for _, cpu, ms in parts.values())
    whole_check, composing = (
        figure(parts["… " * depth + label][2])
        for key, label, depth in PARTS
        if key in ("check", "yaml_library")
    )
    assert whole_check > composing > 0, "checking a file includes composing its front matter"
    targets = table_rows(section(report, "## Targets"))
    # (check + generate: after a change, and from an empty build/; the whole build after a change)
    assert len(targets) == 12
    assert any(
        row[0].startswith("whole build < 5 s after a one-proposal change") for row in targets
    )
    assert all(row[-1] in ("**met**", "**not met**") for row in targets)

    # the synthetic archive passes check: no errors, and no warnings but the intended wrong totals
    check = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(tmp_path / "work" / "n200"), "check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout[-3000:]
    diagnostics = [
        line for line in check.stdout.splitlines() if ": warning: " in line or ": error: " in line
    ]
    assert diagnostics and all(line.endswith("[total-mismatch]") for line in diagnostics), (
        diagnostics[:5]
    )


def test_emptied_folders_wait_in_the_trash_until_the_run_ends(tmp_path):
    from bench import run

    archive = tmp_path / "n10"
    (archive / "build" / "pages").mkdir(parents=True)
    (archive / "build" / "pages" / "a.md").write_text("a", encoding="utf-8")
    (archive / "site").mkdir()
    trash = run.Trash(tmp_path / "trash")
    trash.discard(archive / "build")
    trash.discard(archive / "site")
    trash.discard(archive / "nothing-here")
    assert not (archive / "build").exists() and not (archive / "site").exists()
    kept = sorted(p.relative_to(trash.folder).as_posix() for p in trash.folder.rglob("*"))
    assert kept == ["1-build", "1-build/pages", "1-build/pages/a.md", "2-site"]
    trash.empty()
    assert not trash.folder.exists()
