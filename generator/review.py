"""`proposal-archive diff` and `check --since`: the versions of the changed files at two
revisions, read from git (revisions.py), checked by the same reader, schema and rules as
`check`, and compared (compare.py).

Only the files that changed are read, checked and compared. The archive-wide rules (unique ids,
related ids that exist, unambiguous codes) also need what every other file says about itself;
those files are read only when the change touches an id, code, alias, related id, municipality
or year, since otherwise those rules find the same at both sides.
"""

from __future__ import annotations

import dataclasses
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import TypeGuard

from .changes import Comparison, Lost, Version
from .check import Checker
from .compare import compare, lost_addresses
from .configuration import load_vocabulary
from .diagnostics import Diagnostic, error
from .project import Project
from .reader import read_source
from .revisions import FileChange, Repository, Side
from .rules import Header, archive_rules, header_of
from .schema_rules import SchemaRules

PROPOSALS, CONFIG = "proposals", "config"


def _is_proposal(path: str | None) -> TypeGuard[str]:
    """A file that `check` reads: proposals/*.md, not in a subfolder."""
    return (
        path is not None
        and path.startswith(PROPOSALS + "/")
        and path.endswith(".md")
        and path.count("/") == 1
    )


class _Reading:
    """One side of a comparison: its files' bytes and a checker with that side's configuration."""

    checker: Checker

    def __init__(
        self,
        repo: Repository,
        root: Path,
        side: Side,
        stack: ExitStack,
        like: _Reading | None = None,
    ):
        """like: a reading of the other side, whose configuration this side shares."""
        self.repo, self.side = repo, side
        if side.commit is None:
            self.project = Project(root)
        else:
            # a revision's files are checked as if under a folder that does not exist, so that
            # nothing is read from the working tree (not even whether a path there is a link)
            self.project = Project(
                Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pa-rev-")))
            )
        if like is not None:
            vocab, schema = like.checker.vocab, like.checker.schema
        else:
            if side.commit is None:
                vocab = load_vocabulary(self.project.config)
            else:  # (an earlier revision's site texts are not built: see VOCABULARY)
                vocab = load_vocabulary(self._write_config(), vocabulary_only=True)
            schema = SchemaRules(vocab)
        self.internal = vocab.internal_fields
        self.checker = Checker(self.project, vocab, schema)

    def _write_config(self) -> Path:
        target = self.project.config
        files = self.repo.tree(self.side, CONFIG)
        blobs = self.repo.blobs(files.values())
        for path, blob in files.items():
            out = self.project.root / path
            data = blobs[blob]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        return target

    def contents(self, wanted: dict[str, str | None]) -> dict[str, bytes | None]:
        """path → bytes of files at this side (wanted: path → blob, None to read from disk)."""
        blobs = self.repo.blobs(b for b in wanted.values() if b)
        out: dict[str, bytes | None] = {}
        for path, blob in wanted.items():
            if blob:
                out[path] = blobs[blob]
            else:
                try:
                    out[path] = (self.project.root / path).read_bytes()
                except OSError:
                    out[path] = None  # (check_file reports it)
        return out

    def check(self, wanted: dict[str, str | None]) -> list[Version]:
        raw = self.contents(wanted)
        versions = []
        for path in sorted(wanted):
            diagnostics, header, proposal = self.checker.check_file(
                self.project.root / path, raw[path]
            )
            versions.append(Version(path, tuple(diagnostics), header, proposal))
        return versions

    def all_files(self) -> dict[str, str | None]:
        """path → blob (None: on disk) of every proposal file at this side."""
        if self.side.commit is None:
            return {
                self.project.display(p): None for p in sorted(self.project.proposals.glob("*.md"))
            }
        return {p: b for p, b in self.repo.tree(self.side, PROPOSALS).items() if _is_proposal(p)}

    def headers(self, wanted: dict[str, str | None]) -> list[Header]:
        """What each file says about itself (for the archive-wide rules), read without checking."""
        raw = self.contents(wanted)
        found = []
        for path in sorted(wanted):
            source, _ = (
                read_source(self.project.root / path, path, raw[path])
                if raw[path] is not None
                else (None, [])
            )
            header = header_of(source) if source else None
            if header:
                found.append(header)
        return found


def _signature(h: Header | None) -> tuple:
    """What the archive-wide rules read of a header (not where it stands in the file)."""
    if h is None:
        return ()
    return (h.id, h.code, h.scope, tuple(r for r, _ in h.related), tuple(a for a, _ in h.aliases))


def diff(root: Path, base: str | None, head: str | None) -> Comparison:
    """Compare two revisions of the archive at root (see Repository.sides for base and head)."""
    repo = Repository(root)
    base_side, head_side = repo.sides(base, head)
    changes = repo.changes(base_side, head_side, (PROPOSALS, CONFIG))
    config_changed = any(
        c.old and c.old.startswith(CONFIG + "/") or c.new and c.new.startswith(CONFIG + "/")
        for c in changes
    )
    with ExitStack() as stack:
        head_reading = _Reading(repo, root, head_side, stack)
        # the same configuration at both sides: read once
        base_reading = _Reading(
            repo, root, base_side, stack, None if config_changed else head_reading
        )
        differ = sum(1 for c in changes if _is_proposal(c.old) or _is_proposal(c.new))
        if config_changed:  # every file may read differently now: compare them all
            changes = _everything(base_reading, head_reading)
        files = [c for c in changes if _is_proposal(c.old) or _is_proposal(c.new)]
        moved = {
            c.old: c.new for c in files if c.status == "R" and c.old and c.new
        }  # (a rename has both)
        old = base_reading.check(
            {c.old: c.old_blob for c in files if _is_proposal(c.old) and not c.symlink}
        )
        new = head_reading.check(
            {
                c.new: c.new_blob
                for c in files
                if _is_proposal(c.new) and not (c.symlink and c.new_blob)
            }
        )
        base_findings = [d for v in old for d in v.diagnostics]
        head_findings = [d for v in new for d in v.diagnostics]
        known: tuple[set[str], set[str]] = (set(), set())
        before = sorted(_signature(v.header) for v in old)
        after = sorted(_signature(v.header) for v in new)
        if before != after:
            # the archive-wide rules may find something else: they need every file's header
            changed_paths = {v.path for v in new} | {v.path for v in old}
            others = {p: b for p, b in head_reading.all_files().items() if p not in changed_paths}
            rest = head_reading.headers(others)
            by_path = lambda hs: sorted(hs, key=lambda h: h.path)  # noqa: E731 (as `check` orders them)
            base_findings += archive_rules(by_path(rest + [v.header for v in old if v.header]))
            head_findings += archive_rules(by_path(rest + [v.header for v in new if v.header]))
            known = ({h.id for h in rest if h.id}, {a for h in rest for a, _ in h.aliases})
        comparison = compare(
            base_side.label,
            head_side.label,
            old,
            new,
            moved,
            (base_findings, head_findings),
            known,
            head_reading.internal,
        )
        return dataclasses.replace(comparison, files=differ)


def _everything(base: _Reading, head: _Reading) -> list[FileChange]:
    """Every proposal file of either side, as a change (the configuration changed)."""
    old, new = base.all_files(), head.all_files()
    out = []
    for path in sorted(old.keys() | new.keys()):
        status = "M" if path in old and path in new else ("D" if path in old else "A")
        out.append(
            FileChange(
                status,
                path if path in old else None,
                path if path in new else None,
                old.get(path),
                new.get(path),
            )
        )
    return out


def lost_since(root: Path, rev: str, ids: set[str], aliases: set[str]) -> list[Diagnostic]:
    """`check --since REV`: an error for each id that existed at rev and is gone from the working
    tree without an alias. ids, aliases: those of the working tree's valid proposals."""
    repo = Repository(root)
    base_side, head_side = repo.sides(rev, None)
    files = [
        c
        for c in repo.changes(base_side, head_side, (PROPOSALS,))
        if (_is_proposal(c.old) or _is_proposal(c.new)) and not c.symlink
    ]
    with ExitStack() as stack:
        head = _Reading(repo, root, head_side, stack)
        base = _Reading(repo, root, base_side, stack, like=head)
        base_ids = {
            h.id: h for h in base.headers({c.old: c.old_blob for c in files if c.old}) if h.id
        }
        now = {h.path: h for h in head.headers({c.new: None for c in files if c.new})}
    ids = ids | {h.id for h in now.values() if h.id}
    aliases = aliases | {a for h in now.values() for a, _ in h.aliases}
    # (a rename has both paths; a file renamed with a new id is said at that id, where the
    # alias belongs)
    moved = {c.old: now[c.new] for c in files if c.status == "R" and c.old and c.new in now}
    return [lost_address(lost, rev) for lost in lost_addresses(base_ids, ids, aliases, moved)]


def lost_address(lost: Lost, rev: str) -> Diagnostic:
    return error(
        *lost.at,
        "lost-address",
        f"id '{lost.id}' existed in {rev} and is gone: its address forslag/{lost.id}/ would break; "
        f"list it under 'aliases:' of the proposal that replaces it",
    )
