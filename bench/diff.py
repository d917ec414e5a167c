"""`proposal-archive diff` in a large archive, beside `check`: a synthetic archive of N proposals
(bench/synth.py) committed to a git repository, cloned afresh (no build/cache/), one proposal
changed in the clone, and each command run once. Writes bench/DIFF.md.

    python -m bench.diff [--n 10000] [--out bench/out/diff]

One run of each, on whatever else the machine is doing: the figures are a rough guide, not a
measurement to compare closely (see docs/performance.md on noise).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.synth import make_archive

REPO = Path(__file__).resolve().parents[1]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.dk",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.dk",
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(root: Path, *args: str) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, exit code, a line of its output) of one `proposal-archive`
    command (CPU: of it and the processes it waited for, git's included)."""
    start, cpu = time.perf_counter(), _cpu()
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}): {result.stderr[-2000:]}")
    return (
        seconds,
        cpu,
        result.returncode,
        (result.stdout.splitlines() or [""])[1 if args[0] == "diff" else -1],
    )


PROBE = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5:\n    pass\n"


def probe() -> tuple[float, float, int, str]:
    """A child that only computes for 0.5 CPU-seconds: its wall time over its CPU time is what
    the machine's other work makes of any CPU time (on a quiet machine 1.0). A command whose
    wall/CPU is about the same waited on nothing but the CPU."""
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-c", PROBE], check=True)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return seconds, cpu, 0, f"wall/CPU {seconds / cpu:.1f}"


_AMOUNT = re.compile(r"(amounts: \[)(-?\d+)")


def change_amount(path: Path) -> None:
    """The first amount of the file's first table, plus 100."""
    text = path.read_text(encoding="utf-8")
    path.write_text(
        _AMOUNT.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 100}", text, count=1),
        encoding="utf-8",
    )


def rename(root: Path, path: Path) -> None:
    """The proposal gets a new id, and its old one as an alias."""
    old = path.stem
    new = f"{old}-ny"
    text = path.read_text(encoding="utf-8").replace(
        f"id: {old}\n", f"id: {new}\naliases: [{old}]\n", 1
    )
    git(root, "mv", f"proposals/{path.name}", f"proposals/{new}.md")
    (root / "proposals" / f"{new}.md").write_text(text, encoding="utf-8")


def run(n: int, out: Path) -> list[tuple]:
    origin, clone = out / "origin", out / "clone"
    if not (origin / ".git").is_dir() or len(list((origin / "proposals").glob("*.md"))) != n:
        shutil.rmtree(origin, ignore_errors=True)
        make_archive(origin, n)
        git(origin, "init", "-q", "-b", "main")
        git(origin, "add", "-A")
        git(origin, "commit", "-q", "-m", f"{n} proposals")
    shutil.rmtree(clone, ignore_errors=True)
    git(out, "clone", "-q", str(origin), str(clone))
    first = sorted((clone / "proposals").glob("*.md"))[n // 2]
    rows = []
    rows.append(("check (fresh clone, no build/cache)", *timed(clone, "check")))
    shutil.rmtree(clone / "build", ignore_errors=True)
    change_amount(first)
    rows.append(("probe: 0.5 s of CPU alone (how loaded the machine is)", *probe()))
    rows.append(("diff: one amount changed (HEAD against the working tree)", *timed(clone, "diff")))
    git(clone, "commit", "-q", "-am", "one amount")
    rows.append(
        (
            "diff HEAD~1 HEAD: the same change, both sides from git",
            *timed(clone, "diff", "HEAD~1", "HEAD"),
        )
    )
    rename(clone, sorted((clone / "proposals").glob("*.md"))[n // 3])
    rows.append(
        (
            "diff: one id changed, with an alias (every file's front matter read)",
            *timed(clone, "diff"),
        )
    )
    rows.append(("check --since HEAD: the same", *timed(clone, "check", "--since", "HEAD")))
    return rows


def _said(seconds: float, cpu: float, said: str) -> str:
    """The command's line of output, then its wall/CPU to hold against the probe's."""
    ratio = f" (wall/CPU {seconds / cpu:.1f})" if cpu and not said.startswith("wall/CPU") else ""
    return said.replace("|", "/")[:80] + ratio


def report(n: int, rows) -> str:
    lines = [
        "# `diff` beside `check`",
        "",
        f"A synthetic archive of {n:,} proposals (bench/synth.py) in a fresh clone, one run of each",
        "command on a shared, noisy machine: a rough guide only. Reproduce: `python -m bench.diff`.",
        "A command whose wall/CPU is near the probe's waited on nothing but a share of the CPU.",
        "",
        "| command | wall s | CPU s | exit | says |",
        "|---|--:|--:|--:|---|",
    ]
    lines += [
        f"| {what} | {seconds:.2f} | {cpu:.2f} | {code} | {_said(seconds, cpu, said)} |"
        for what, seconds, cpu, code, said in rows
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.diff")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "diff")
    parser.add_argument("--report", type=Path, default=REPO / "bench" / "DIFF.md")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    text = report(args.n, run(args.n, args.out))
    args.report.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
