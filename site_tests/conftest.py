"""Shared fixtures: the real archive built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_tests.archives import REPO, build_site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real proposals/ built with `proposal-archive build` (strict MkDocs, Pagefind)."""
    return build_site(REPO, tmp_path_factory.mktemp("real") / "site")
