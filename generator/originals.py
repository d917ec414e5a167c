"""The original documents an archive keeps in sources/ (a proposal's `source.file`): which file
is a proposal's, whether it is the document its `source:` block names (rule `source-file`), and
what the check store keeps of it, so that a changed original makes its proposal be checked
again although the proposal's own file is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .diagnostics import Diagnostic, error
from .keys import Stamp, stamp_of
from .model import Proposal

CHUNK = 1 << 20  # (an original may be a PDF of many megabytes: hashed a piece at a time)


def kept_file(sources: Path, name: str) -> Path | None:
    """sources/name if it is a file there (not a symbolic link: a link could make the site
    serve any file of the machine that builds it), else None."""
    path = sources / name
    try:
        return path if stat.S_ISREG(os.lstat(path).st_mode) else None
    except OSError:
        return None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def rule_kept_source(
    sources: Path, display: str, proposal: Proposal, where: tuple[int, int]
) -> list[Diagnostic]:
    """An original kept in sources/ is the document the `source:` block names: a regular file
    of that exact name, whose SHA-256 is the block's `sha256` (where: the block's position)."""
    problem = _problem(sources, proposal)
    return [] if problem is None else [error(display, *where, "source-file", problem)]


def _problem(sources: Path, proposal: Proposal) -> str | None:
    s = proposal.source
    if s is None:
        return None
    path = sources / s.file
    shown = f"sources/{s.file}"
    if os.path.islink(path):
        return (
            f"{shown} is a symbolic link ({os.readlink(path)!r}): the site serves only "
            "files kept in sources/ themselves; put the document itself there"
        )
    if kept_file(sources, s.file) is None:
        twin = _same_but_case(sources, s.file)
        if twin is None:
            return None  # (keeping the original is optional)
        return (
            f"sources/{twin} differs from the source's file name '{s.file}' in case only, "
            f"so the site would not serve it; expected {shown}: rename one of them"
        )
    try:
        digest = sha256_of(path)
    except OSError as exc:
        return f"{shown} cannot be read: {exc.strerror or type(exc).__name__}"
    if s.sha256 and digest != s.sha256:
        return (
            f"{shown} has SHA-256 {digest}, but the source's sha256 is {s.sha256}: "
            "expected the document the proposal was made from; put that file in sources/, "
            "or correct sha256 if this file is the original"
        )
    return None


def _same_but_case(sources: Path, name: str) -> str | None:
    try:
        names = os.listdir(sources)
    except OSError:
        return None
    folded = name.casefold()
    return next((n for n in sorted(names) if n.casefold() == folded and n != name), None)


def kept_state(sources: Path, proposal: Proposal | None) -> tuple | None:
    """What the check of a proposal found depends on in sources/ (kept in the check store
    beside the proposal file's own stamp): None for a proposal without a source (or one not
    modelled: the rule did not run); else the file's name and stamp, or, when there is no such
    file, the folder's stamp (a file added or renamed there changes it)."""
    if proposal is None or proposal.source is None:
        return None
    name = proposal.source.file
    folder = _stamp(sources) if kept_file(sources, name) is None else None
    return name, _stamp(sources / name), folder


def _stamp(path: Path) -> Stamp | None:
    try:
        return stamp_of(os.lstat(path))
    except OSError:
        return None


def unchanged(sources: Path, state: tuple | None) -> bool:
    """Whether sources/ is as it was when a check found `state` (kept_state)."""
    if state is None:
        return True
    name, file_stamp, folder_stamp = state
    if _stamp(sources / name) != file_stamp:
        return False
    return folder_stamp is None or _stamp(sources) == folder_stamp
