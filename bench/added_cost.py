"""What a change adds to the whole build: `proposal-archive build` of one synthetic archive of
N proposals (bench/synth.py) from an empty build/ and site/, with the generator, templates and
theme of two revisions, alternately (base, head, base, head, ...), and the floor
(Python-Markdown over the bodies) once. Prints wall and CPU seconds of each run and the ratio
of each build to the floor. One run on a shared machine: compare within the run.

    python -m bench.added_cost BASE HEAD [--n 10000] [--rounds 1] [--work bench/out/added]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench import run, synth


def build_once(rev: str, source: Path, root: Path, n: int, seed: int) -> run.Child:
    """One whole build of the archive with rev's files (the archive's own templates, theme
    and configuration are rev's too: synth copies them from source)."""
    run.SOURCE = source
    synth.make_archive(root, n, seed, source, run.discard)
    for folder in ("build", "site"):
        run.discard(root / folder)
    return run.child(run.cli(root, "build", "--site-dir", str(root / "site")), f"build at {rev}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("head")
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=run.REPO / "bench" / "out" / "added")
    args = parser.parse_args(argv)
    run.TRASH = run.Trash(args.work / "trash")
    sources = {
        rev: run.checkout(rev, args.work / f"source-{k}")
        for k, rev in enumerate((args.base, args.head))
    }
    root = args.work / "archive"
    results: dict[str, list[run.Child]] = {rev: [] for rev in sources}
    for _ in range(args.rounds):
        for rev, (source, commit) in sources.items():
            results[rev].append(build_once(commit, source, root, args.n, args.seed))
            done = results[rev][-1]
            run.log(f"{commit}: {done.seconds:.1f} s, {done.cpu:.1f} s CPU, load {done.load:.1f}")
    run.SOURCE = sources[args.head][0]
    floor = run.child(run.stage("floor", str(root)), "floor")
    floor_seconds = floor.json()["seconds"]
    print(
        f"N={args.n}, {os.cpu_count()} cores; floor {floor_seconds:.1f} s (load {floor.load:.1f})"
    )
    for rev, (_, commit) in sources.items():
        for r in results[rev]:
            print(
                f"{rev} ({commit}): build {r.seconds:.1f} s = {r.seconds / floor_seconds:.2f}x the floor; "
                f"CPU {r.cpu:.1f} s; load at start {r.load:.1f}; peak of all processes {r.tree_mb:.0f} MB"
            )
    run.TRASH.empty()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
