"""Writing generated pages: only inside the output folder, never the same path twice, a file
whose text is unchanged is left alone (so mtimes and incremental builds stay meaningful), and
files no longer generated are removed.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .keys import made_stamp


class UnsafePath(ValueError):
    pass


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def atomic_write(path: Path, data: bytes, unique: bool = True) -> None:
    """Write through a temporary file and rename, so no reader ever sees half a file.

    unique=False names the temporary file after the target instead of a random name: for one
    writer (the generator, which owns its folder) that is much faster in a folder of thousands
    of files, where mkstemp's exclusive create is costly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if unique:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    else:
        tmp = str(path.with_name(f".{path.name}.tmp"))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create(path: Path, data: bytes, stat: bool) -> tuple[bool, os.stat_result | None]:
    """Create path with data, making its folder if need be: (True, its stat if asked for), or
    (False, None) when something is at path already (a file or a symbolic link: O_EXCL refuses
    both), which the caller then replaces the usual way. One system call to open, instead of the
    failed read, lstat and mkdir that asked first (a sixth of writing 20,000 new files)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        return False, None
    except FileNotFoundError:  # (its folder is not there yet)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, flags, 0o644)
        except FileExistsError:
            return False, None
    try:
        with os.fdopen(fd, "wb", closefd=False) as f:
            f.write(data)
        # (the stat of the written file, taken before it is closed: closing changes none of it)
        return True, os.fstat(fd) if stat else None
    except BaseException:
        path.unlink(missing_ok=True)  # never a half-written page
        raise
    finally:
        os.close(fd)


def _same_bytes(a: Path, b: Path, block: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes (b may be missing), read a block at a time."""
    try:
        if os.stat(a).st_size != os.stat(b).st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while chunk := fa.read(block):
                if chunk != fb.read(block):
                    return False
        return True
    except FileNotFoundError:
        return False


def _plain(relpath: str) -> bool:
    """Whether relpath is a plain relative path: parts that are neither empty, `.` nor `..`
    (what PurePosixPath would leave as it is; a string test, as it runs for every file)."""
    return all(part not in ("", ".", "..") for part in relpath.split("/"))


def _lstat(path: Path | str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


class Writer:
    def __init__(self, root: Path, new_in_place: bool = False):
        """new_in_place: a file that does not exist yet is written directly, not through a
        temporary file and a rename (docs/performance.md). Only for
        a run that no one reads while it writes (a build, not the preview); a changed file is
        always replaced whole, since a built site may hold a hard link to it."""
        self.root = root.resolve()
        self._root = str(self.root)
        self.new_in_place = new_in_place
        self.report = WriteReport()
        self._seen: set[str] = set()
        self._folders: dict[PurePosixPath, Path] = {}  # a folder → where it resolves to
        self._pieces: dict[str, tuple[Path, Path, BinaryIO]] = {}  # append(): path → its file

    def _claim(self, relpath: str) -> None:
        """Note that this run makes relpath: a second claim is two pages at one address."""
        if relpath in self._seen:
            raise UnsafePath(
                f"'{relpath}' would be written twice in one build; two pages claim the same address"
            )
        self._seen.add(relpath)

    def _inside(self, relpath: str) -> PurePosixPath:
        """relpath as a path, refused unless it is a plain relative path inside the folder."""
        if not _plain(relpath):
            raise UnsafePath(
                f"refusing to write '{relpath}': generated paths must stay inside {self.root}"
            )
        return PurePosixPath(relpath)

    def _folder(self, parent: PurePosixPath) -> Path:
        """Where a folder of the output resolves to, refused if outside it. Resolving every path
        costs a system call per part: a folder is resolved once."""
        folder = self._folders.get(parent)
        if folder is None:
            folder = (self.root / parent).resolve()
            if folder != self.root and self.root not in folder.parents:
                raise UnsafePath(
                    f"refusing to write into '{parent}': it resolves outside {self.root}"
                )
            self._folders[parent] = folder
        return folder

    def _target(self, relpath: str) -> Path:
        pure = self._inside(relpath)
        target = self._folder(pure.parent) / pure.name
        if target.is_symlink():  # (only a file that is itself a symbolic link is resolved again)
            target = target.resolve()
        if self.root not in target.parents:
            raise UnsafePath(f"refusing to write '{relpath}': it resolves outside {self.root}")
        return target

    def write(self, relpath: str, text: str, stat: bool = False) -> os.stat_result | None:
        """Write the file unless it has this text already; stat: return the file's stat then."""
        return self.write_bytes(relpath, text.encode("utf-8"), stat)

    def write_bytes(self, relpath: str, data: bytes, stat: bool = False) -> os.stat_result | None:
        """write() for a file that is not text (an original document the site serves)."""
        self._claim(relpath)
        if self.new_in_place:
            # A file that is not there yet is simply created (a build from an empty build/
            # creates every file); anything already there is compared and replaced as below.
            pure = self._inside(relpath)
            created, after = _create(self._folder(pure.parent) / pure.name, data, stat)
            if created:
                self.report.written.append(relpath)
                return after
        target = self._target(relpath)
        try:
            if target.read_bytes() == data:
                self.report.unchanged += 1
                return _lstat(target) if stat else None
        except OSError:
            pass
        atomic_write(target, data, unique=False)
        self.report.written.append(relpath)
        return _lstat(target) if stat else None

    def append(self, relpath: str, data: bytes) -> None:
        """Add data to the end of a file written in pieces, one too large to hold whole (the
        first piece claims the path); finish() completes it. The pieces go into a temporary
        file, which then replaces the file, or is dropped when the file has its bytes already."""
        if relpath not in self._pieces:
            self._claim(relpath)
            target = self._target(relpath)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            self._pieces[relpath] = target, tmp, open(tmp, "wb")  # (closed by finish)
        self._pieces[relpath][2].write(data)

    def finish(self) -> None:
        """Complete every file written in pieces (append)."""
        for relpath, (target, tmp, f) in sorted(self._pieces.items()):
            f.close()
            if _same_bytes(tmp, target):
                tmp.unlink()
                self.report.unchanged += 1
            else:
                os.replace(tmp, target)
                self.report.written.append(relpath)
        self._pieces.clear()

    def stat(self, relpath: str) -> os.stat_result | None:
        """The file's own stat (of a symbolic link, the link's), or None where there is none."""
        if not _plain(relpath):
            self._inside(relpath)  # (refused)
        return _lstat(f"{self._root}/{relpath}")

    def splice(self, relpath: str) -> Spliced:
        """The file relpath made anew of new bytes and ranges of the file as it is (Spliced)."""
        self._claim(relpath)
        return Spliced(self, relpath, self._target(relpath))

    def keep(self, relpath: str) -> None:
        """A file this run makes as it is already (known without making it: the render store)."""
        self._claim(relpath)
        self.report.unchanged += 1

    def kept(self, relpath: str, recorded, key) -> bool:
        """Keep relpath, unmade and unread, when the render store recorded it (recorded: its
        meta, (key, keys.made_stamp)) as made from key and the file still has that stamp."""
        if recorded is None or key is None or recorded[0] != key:
            return False
        before = self.stat(relpath)
        if before is None or made_stamp(before) != recorded[1]:
            return False
        self.keep(relpath)
        return True

    @property
    def seen(self) -> list[str]:
        return sorted(self._seen)

    def adopt(self, report: WriteReport, seen: list[str]) -> None:
        """Take over what another writer (in a worker process) wrote, so that a path written
        twice across writers is still refused and remove_stale keeps their files."""
        for relpath in seen:
            self._claim(relpath)
        self.report.written.extend(report.written)
        self.report.unchanged += report.unchanged

    def remove_stale(self) -> None:
        """Delete generated files that this run did not write (a removed proposal's page), then
        the folders that are left empty. (os.walk, not Path.rglob with a stat() per file: this
        runs while every worker waits.)"""
        if not self.root.exists():
            return
        root = str(self.root)
        stale, folders = [], []
        for folder, dirs, files in os.walk(root):
            under = folder[len(root) + 1 :].replace(os.sep, "/")
            if under:
                folders.append(folder)
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]  # not walked into
            for name in files + links:
                rel = f"{under}/{name}" if under else name
                if rel not in self._seen:
                    stale.append(rel)
        for rel in sorted(stale, key=lambda rel: rel.split("/")):
            os.unlink(os.path.join(root, rel))
            self.report.removed.append(rel)
        for folder in sorted(folders, key=lambda f: -f.count(os.sep)):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                pass


class Spliced:
    """A file made anew of new bytes (write) and ranges of the file as it is (copy: the bytes
    an earlier run wrote, at offsets the render store recorded), so that a large file of which
    a few pieces changed is neither made whole in memory nor compared whole with the disk.
    While every piece is where it was and has the bytes it had, nothing is written: a new piece
    is compared with the file's bytes at its place (one read of its size), and when the file
    ends there too, finish() leaves the file alone. From the first difference on, the new file
    is written through a temporary file (ranges copied by the kernel) that replaces it."""

    HELD = 1 << 23  # the bytes held before they go to the temporary file

    def __init__(self, writer: Writer, relpath: str, target: Path):
        self.writer, self.relpath, self.target = writer, relpath, target
        try:
            self._old: int | None = os.open(target, os.O_RDONLY)
            self._size = os.fstat(self._old).st_size
        except OSError:
            self._old, self._size = None, -1
        self.same = self._old is not None  # (the file so far has the new bytes)
        self.pos = 0  # how long the new file is so far
        self._parts: list[bytes | tuple[int, int]] = []  # new bytes, or ranges of the old file
        self._held = 0
        self._tmp: io.FileIO | None = None

    def copy(self, start: int, end: int) -> None:
        """The old file's bytes start to end (the caller knows the file is as it wrote it)."""
        if start == end:
            return
        if start != self.pos:
            self.same = False
        self._range(start, end)

    def write(self, data: bytes) -> None:
        if self.same:
            assert self._old is not None
            if os.pread(self._old, len(data), self.pos) == data:
                self._range(self.pos, self.pos + len(data))
                return
            self.same = False
        self._parts.append(data)
        self.pos += len(data)
        self._held += len(data)
        if self._held > self.HELD:
            self._flush()

    def _range(self, start: int, end: int) -> None:
        last = self._parts[-1] if self._parts else None
        if isinstance(last, tuple) and last[1] == start:  # (one copy for adjacent ranges)
            self._parts[-1] = (last[0], end)
        else:
            self._parts.append((start, end))
        self.pos += end - start

    def _flush(self) -> None:
        if self._tmp is None:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            # (unbuffered: the kernel appends the ranges it copies at the file's own offset)
            self._tmp = open(self.target.with_name(f".{self.target.name}.tmp"), "wb", buffering=0)
        fd = self._tmp.fileno()
        for part in self._parts:
            if isinstance(part, bytes):
                view = memoryview(part)
                while view:
                    view = view[os.write(fd, view) :]
            else:
                assert self._old is not None
                _copy_range(self._old, fd, *part)
        self._parts.clear()
        self._held = 0

    def finish(self) -> os.stat_result | None:
        """Complete the file; its stat (None if it cannot be taken)."""
        try:
            if self.same and self.pos == self._size:
                self.writer.report.unchanged += 1
                return _lstat(self.target)
            self._flush()
            assert self._tmp is not None
            self._tmp.close()
            os.replace(self._tmp.name, self.target)
            self.writer.report.written.append(self.relpath)
            return _lstat(self.target)
        finally:
            if self._old is not None:
                os.close(self._old)
            if self._tmp is not None and not self._tmp.closed:
                self._tmp.close()
                Path(self._tmp.name).unlink(missing_ok=True)


def _copy_range(source: int, target: int, start: int, end: int) -> None:
    """Append the bytes start to end of the file source to the file target (open, at its end)."""
    while start < end:
        try:
            copied = os.copy_file_range(source, target, end - start, start)
        except (AttributeError, OSError):  # (not Linux, or a file system that cannot)
            copied = os.write(target, os.pread(source, min(end - start, 1 << 20), start))
        if copied == 0:
            raise OSError(f"{source}: shorter than the range {start}–{end} to copy")
        start += copied
