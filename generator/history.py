"""A proposal's history in the archive: the dates (and commit messages) of the commits that
changed its file, from ONE `git log` over proposals/ (not a git process per page: 10,000 pages
must stay within the build's time). A proposal that changed id keeps the history of its
earlier ids' files (its aliases). Outside git, or where git fails, there is no history and no
error: the pages simply leave it out.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .model import Proposal

_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Change:
    """One commit that changed a proposal's file."""

    date: dt.date
    message: str  # its subject line: may hold internal remarks (the intranet shows it)
    commit: str
    order: int  # its place in the log, 0 the newest


def read_log(root: Path) -> dict[str, tuple[Change, ...]]:
    """proposal file name (without .md) → the commits that changed it, newest first. Empty
    outside git."""
    try:
        result = subprocess.run(
            # %cs: the committer's date as the commit records it (no time zone of this machine)
            [
                "git",
                "-C",
                str(root),
                "-c",
                "core.quotepath=off",
                "log",
                "--no-merges",
                "--relative",
                f"--format={_RECORD}%cs{_FIELD}%H{_FIELD}%s",
                "--name-only",
                "--",
                "proposals",
            ],
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout.decode("utf-8", "replace"))


def parse_log(text: str) -> dict[str, tuple[Change, ...]]:
    """What read_log makes of `git log`'s output (pure)."""
    found: dict[str, list[Change]] = {}
    for order, record in enumerate(text.split(_RECORD)[1:]):
        head, _, files = record.partition("\n")
        date, _, rest = head.partition(_FIELD)
        commit, _, message = rest.partition(_FIELD)
        try:
            change = Change(dt.date.fromisoformat(date.strip()), message.strip(), commit, order)
        except ValueError:
            continue
        for path in files.split("\n"):
            name = path.strip()
            if name.startswith("proposals/") and name.endswith(".md") and name.count("/") == 1:
                found.setdefault(name[len("proposals/") : -3], []).append(change)
    return {name: tuple(changes) for name, changes in found.items()}


def history_of(p: Proposal, log: dict[str, tuple[Change, ...]]) -> tuple[Change, ...]:
    """p's changes, newest first: of its own file and of its earlier ids' files. A commit that
    renamed the file (old and new name) counts once."""
    changes = {c.commit: c for name in (p.id, *p.aliases) for c in log.get(name, ())}
    return tuple(sorted(changes.values(), key=lambda c: c.order))
