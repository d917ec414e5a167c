"""What the tests share: where the repository, the fixtures and the seed texts are; small
archives (the repository's configuration, templates and theme, with the proposals of a fixture
folder or given as text); the files of a folder, to compare two of them; git repositories
made the same way on every machine."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parent / "seeds"  # the texts of the real seed documents


def tree(root: Path) -> dict[str, bytes]:
    """{path below root: bytes} of every file below root."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def digest(root: Path) -> dict[str, str]:
    """{path below root: SHA-256} of every file below root (a built site, too large to keep)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def make_archive(
    root: Path, fixture: str | None = None, proposals: dict[str, str | bytes] | None = None
) -> Path:
    """An archive in root: config/, templates/, theme/, mkdocs.yml from the repository (or
    the fixture's own), and the proposals of fixtures/<fixture>/proposals plus any given
    {file name: text}."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("config", "templates", "theme"):
        # a fixture's own config/ replaces the repository's (fixtures/broken-config)
        own = FIXTURES / fixture / name if fixture else None
        shutil.copytree(own if own and own.is_dir() else REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    target = root / "proposals"
    if fixture and (FIXTURES / fixture / "proposals").is_dir():
        shutil.copytree(FIXTURES / fixture / "proposals", target)
        if (FIXTURES / fixture / "sources").is_dir():  # original documents kept beside them
            shutil.copytree(FIXTURES / fixture / "sources", root / "sources")
    target.mkdir(exist_ok=True)
    for name, text in (proposals or {}).items():
        (target / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`proposal-archive --root ROOT ARGS...` as a user runs it, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
    )


def build_site(root: Path, site: Path, *args: str) -> Path:
    """Build an archive into site with `proposal-archive build`; fails the test with its stderr."""
    result = run_cli(root, "build", "--site-dir", str(site), *args)
    assert result.returncode == 0, result.stderr
    return site


def new_flags(title: str, year: int, *districts: str) -> list[str]:
    """The flags of `proposal-archive new` for a budget note (budgetnotat) of København."""
    flags = ["--municipality", "koebenhavn", "--kind", "budgetnotat", "--title", title]
    flags += ["--year", str(year)]
    for district in districts:
        flags += ["--district", district]
    return flags


# The author and committer of every commit a test makes, and no user's or system's git
# configuration: a repository made by a test is the same on every machine.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktionen",
    "GIT_AUTHOR_EMAIL": "arkiv@example.dk",
    "GIT_COMMITTER_NAME": "Redaktionen",
    "GIT_COMMITTER_EMAIL": "arkiv@example.dk",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str, date: int = 0) -> str:
    """`git ARGS` in root as GIT_ENV's author, dated `date` days after a fixed day; its output."""
    stamp = f"{1_900_000_000 + date * 86_400} +0100"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def committed(root: Path, message: str = "Arkivet oprettet") -> Path:
    """root made a git repository (branch main) holding all its files in one commit."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return root
