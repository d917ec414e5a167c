"""Golden pages: the Markdown the generator writes for the fixture archive `small`, and its
search index.

    python -m site_tests.golden     (or: make golden)

regenerates site_tests/golden/small/ after an intended change; review `git diff` before
committing. site_tests/generator/test_golden.py fails on any difference.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive

GOLDEN = Path(__file__).resolve().parent / "golden" / "small"
GOLDEN_INDEX = Path(__file__).resolve().parent / "golden" / "small-search-index"


def generate_small(workdir: Path) -> Path:
    """Generate the pages of the fixture archive `small`; returns the pages folder (its search
    index is beside it, in Project.search_index)."""
    root = make_archive(workdir / "archive", "small")
    diagnostics, report = prepare(Project(root))
    if report is None:
        raise SystemExit("\n".join(d.as_text() for d in diagnostics))
    return Project(root).pages


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pages = generate_small(Path(tmp))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(pages, GOLDEN)
        shutil.rmtree(GOLDEN_INDEX, ignore_errors=True)
        shutil.copytree(pages.parent / "search-index", GOLDEN_INDEX)
    print(
        f"regenerated {GOLDEN.relative_to(Path.cwd()) if GOLDEN.is_relative_to(Path.cwd()) else GOLDEN}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
