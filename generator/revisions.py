"""Reading an archive's files at git revisions, from git's objects: nothing is checked out and
the working tree is never touched. Which files changed between two revisions comes from one
`git diff --raw`; their contents from one `git cat-file --batch`, so a one-file change reads
two files, however large the archive.

Paths are relative to the archive's root (the folder of mkdocs.yml), which may be a folder
inside the repository.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

WORKING_TREE = "arbejdskopien"  # how the reports name the files on disk
_SYMLINK = "120000"


class RevisionError(Exception):
    """A revision git does not know, or no repository: a usage error (exit 2), not a bug."""


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a commit, or the working tree (commit None)."""

    label: str  # as the user wrote it, or WORKING_TREE
    commit: str | None


@dataclass(frozen=True)
class FileChange:
    """One file that differs between the two sides. A blob of None is read from the working tree
    (for the head side) or does not exist (old of an added file, new of a removed one)."""

    status: str  # "A" added, "D" removed, "M" modified, "R" renamed (git's rename detection)
    old: str | None  # path at the base side
    new: str | None  # path at the head side
    old_blob: str | None
    new_blob: str | None
    symlink: bool = False  # either side is a symbolic link (its blob is the link's target)


class Repository:
    """The git repository an archive lives in."""

    def __init__(self, root: Path):
        self.root = root
        self._git_ok()

    def _run(self, *args: str, input: bytes | None = None) -> bytes:
        try:
            result = subprocess.run(
                ["git", "-C", str(self.root), *args], input=input, capture_output=True
            )
        except OSError as exc:
            raise RevisionError(f"cannot run git: {exc.strerror}") from None
        if result.returncode != 0:
            said = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RevisionError(
                f"git {args[0]} failed: {said[-1] if said else 'exit ' + str(result.returncode)}"
            )
        return result.stdout

    def _git_ok(self) -> None:
        try:
            inside = self._run("rev-parse", "--is-inside-work-tree").strip()
        except RevisionError:
            inside = b""
        if inside != b"true":
            raise RevisionError(
                f"{self.root} is not inside a git repository; diff compares git revisions"
            )

    def commit(self, rev: str) -> str:
        """The commit a revision names; RevisionError for one git does not know."""
        if not rev or rev.startswith("-"):
            raise RevisionError(f"'{rev}' is not a revision")
        try:
            return (
                self._run(
                    "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
                )
                .decode()
                .strip()
            )
        except RevisionError:
            raise RevisionError(
                f"unknown revision '{rev}': not a commit, branch or tag in this repository"
            ) from None

    def sides(self, base: str | None, head: str | None) -> tuple[Side, Side]:
        """The two sides of `diff [BASE [HEAD]]`: BASE defaults to HEAD, HEAD to the working
        tree; 'A...B' compares B with its merge base with A, 'A..B' compares A with B."""
        if head is None and base is not None and ".." in base:
            left, dots, right = base.partition("...") if "..." in base else base.partition("..")
            left, right = left or "HEAD", right or "HEAD"
            head_commit = self.commit(right)
            head_side = Side(right, head_commit)
            if dots == "...":
                try:
                    merge_base = (
                        self._run("merge-base", self.commit(left), head_commit).decode().strip()
                    )
                except RevisionError:
                    raise RevisionError(f"'{left}' and '{right}' have no common ancestor") from None
                return Side(f"{left}...{right}", merge_base), head_side
            return Side(left, self.commit(left)), head_side
        base = base or "HEAD"
        base_side = Side(base, self.commit(base))
        return base_side, (
            Side(head, self.commit(head)) if head is not None else Side(WORKING_TREE, None)
        )

    def changes(self, base: Side, head: Side, folders: tuple[str, ...]) -> list[FileChange]:
        """The files under folders that differ between base and head, in path order."""
        revs = [_commit_of(base)] + ([head.commit] if head.commit else [])
        raw = self._run("diff", "--raw", "-z", "-M", "--relative", *revs, "--", *folders)
        found = _parse_raw(raw, head.commit is None)
        if head.commit is None:  # files git does not know yet are new in the working tree
            untracked = self._run(
                "ls-files", "-z", "--others", "--exclude-standard", "--", *folders
            )
            found += [
                FileChange("A", None, p, None, None)
                for p in untracked.decode("utf-8").split("\0")
                if p
            ]
        return sorted(found, key=lambda c: (c.new or c.old, c.old or ""))

    def tree(self, side: Side, folder: str) -> dict[str, str]:
        """path → blob of the regular files under folder at a commit."""
        out = self._run("ls-tree", "-r", "-z", _commit_of(side), "--", folder)
        files = {}
        for entry in out.decode("utf-8").split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, blob = meta.split()
            if kind == "blob" and mode != _SYMLINK:
                files[path] = blob
        return files

    def blobs(self, ids) -> dict[str, bytes]:
        """The contents of blobs, all read by one git process."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        out = self._run("cat-file", "--batch", input="".join(f"{i}\n" for i in ids).encode())
        found, at = {}, 0
        for blob in ids:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) != 3:
                raise RevisionError(f"git has no object {blob}")
            size = int(header[2])
            found[blob] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
        return found


def _commit_of(side: Side) -> str:
    """The commit of a side that has to be one: the base side always is (sides() makes it so)."""
    if side.commit is None:
        raise RevisionError(f"{side.label} is not a commit")
    return side.commit


def _parse_raw(raw: bytes, to_working_tree: bool) -> list[FileChange]:
    """`git diff --raw -z` records: ':old_mode new_mode old new status\\0path\\0[path\\0]'."""
    parts = raw.decode("utf-8").split("\0")
    found = []
    i = 0
    while i < len(parts) - 1:
        old_mode, new_mode, old, new_object, status = parts[i].lstrip(":").split()
        kind = status[0]
        if kind in "RC":
            old_path, new_path, i = parts[i + 1], parts[i + 2], i + 3
        else:
            old_path = new_path = parts[i + 1]
            i += 2
        # the working tree's side is read from disk (git names a blob only where the file
        # matches the index, which may itself differ from the file)
        new = None if to_working_tree else new_object
        symlink = _SYMLINK in (old_mode, new_mode)
        if kind == "A":
            found.append(FileChange("A", None, new_path, None, new, symlink))
        elif kind == "D":
            found.append(FileChange("D", old_path, None, old, None, symlink))
        elif kind == "C":  # a copy: the original is unchanged, the copy is new
            found.append(FileChange("A", None, new_path, None, new, symlink))
        else:  # M, R, T (type change)
            found.append(
                FileChange("R" if kind == "R" else "M", old_path, new_path, old, new, symlink)
            )
    return found
