"""Shared fixtures: the real archive built once per test session."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real proposals/ built with `proposal-archive build` (strict MkDocs, Pagefind)."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(REPO), "build", "--site-dir", str(site)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return site
