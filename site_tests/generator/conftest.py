"""Fixtures of the generator's tests."""

from __future__ import annotations

import pytest

from generator import check


@pytest.fixture
def checked(monkeypatch):
    """The files this process called check_file for, in order."""
    seen = []
    original = check.Checker.check_file

    def counting(self, path, *rest):
        seen.append(path.name)
        return original(self, path, *rest)

    monkeypatch.setattr(check.Checker, "check_file", counting)
    return seen
