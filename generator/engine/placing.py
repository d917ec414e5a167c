"""A build put in place of the previous site, when most of its pages are kept.

The new site is the previous one with a few files changed: the pages rendered again, MkDocs'
static and theme files, 404.html and the sitemap, the data files and index files made again.
Making a whole new folder of hard links to the unchanged files (tens of thousands at 10,000
proposals, a folder per page) was most of a build after one change; here the new folder
holds only what changed, and the previous site takes it in during a short swap. How, what an
interruption leaves, and the measurements: docs/engine.md ("Put in place"),
docs/performance.md.

Until the swap the previous site is read, never changed: a build that fails leaves it as it
was. The swap: the site renamed to a temporary name (so that no one sees it half changed),
the stale files removed, the new folder's entries moved in, the site renamed back.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from ..diagnostics import ArchiveError, error
from ..project import Project


def install_files(project: Project, site_dir: Path, copies: bool = False) -> None:
    """Put the generated data files and feeds into a built site, as install_search_index puts
    the index, merged into the site's folders."""
    source = project.files
    if not source.is_dir():
        raise ArchiveError(
            [
                error(
                    project.display(source),
                    1,
                    1,
                    "data-files",
                    "no data files were generated; run `proposal-archive build`",
                )
            ]
        )
    _install(str(source), str(site_dir), exact=False, copies=copies)


def install_search_index(project: Project, site_dir: Path, copies: bool = False) -> None:
    """Put the generated search index into a built site: hard links (instant, no copy) where
    the site is on the same filesystem, else copies. A regenerated index file is a new file
    (the writer renames a new file into place), so a link never changes under a built site.
    copies: copies anyway (the preview's, see _install)."""
    source = project.search_index
    if not (source / "meta.json").is_file():
        raise ArchiveError(
            [
                error(
                    project.display(source),
                    1,
                    1,
                    "search-index",
                    "no search index was generated; run `proposal-archive build`",
                )
            ]
        )
    _install(str(source), str(site_dir / source.name), exact=True, copies=copies)


def _install(source: str, target: str, exact: bool, copies: bool = False) -> None:
    """Make folder target hold source's files: hard links where both are on one filesystem,
    else copies. A file target has already is left as it is when it is source's (a link to
    the same file; across filesystems, a copy of the same size and modification time): the
    preview's rebuilds install into the site of the one before, where most files are as they
    were (docs/performance.md). The generator never changes a file in place, it puts a new one
    in its place, so a changed file is a new file with a new modification time.
    exact: also remove what source does not have. copies: no links (the preview's: chosen
    while the render store still knew a file by its status time, which a new link changes;
    keys.made_stamp leaves it out now, docs/performance.md)."""
    os.makedirs(target, exist_ok=True)
    linked = not copies and os.stat(source).st_dev == os.stat(target).st_dev
    there = {entry.name: entry for entry in os.scandir(target)}
    for entry in os.scandir(source):
        to = os.path.join(target, entry.name)
        old = there.pop(entry.name, None)
        if old is not None and old.is_dir(follow_symlinks=False) != entry.is_dir():
            _remove(old)
            old = None
        if entry.is_dir():
            _install(entry.path, to, exact, copies)
            continue
        if old is not None:
            if _same(entry, old, linked):
                continue
            os.unlink(to)
        if linked:
            try:
                os.link(entry.path, to)
                continue
            except OSError:
                pass
        shutil.copy2(entry.path, to)
    if exact:
        for old in there.values():
            _remove(old)


def _same(made: os.DirEntry, there: os.DirEntry, linked: bool) -> bool:
    if linked:  # (a link to the same file: the directories' entries say, no stat needed)
        return made.inode() == there.inode()
    new, old = made.stat(), there.stat(follow_symlinks=False)
    return (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def files_of(folder: str) -> dict[str, int]:
    """{path below folder ('/'-separated): inode} of every file below it (not the folders);
    the directories' entries say, no stat needed."""
    found = {}
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(os.path.join(folder, rel) if rel else folder) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                else:
                    found[path] = entry.inode()
    return found


def same_filesystem(project: Project, site_dir: Path) -> bool:
    """Whether the generated files can be linked into a site in site_dir's folder: a build
    is put in place only where they are links (a linked file is the same file: its inode
    says whether the previous site has it)."""
    try:
        return os.stat(project.files).st_dev == os.stat(site_dir.parent).st_dev
    except OSError:
        return False


def put_in_place(
    project: Project,
    new: Path,
    site_dir: Path,
    previous: dict[str, int],
    kept_pages: list[str],
    offline: bool,
) -> None:
    """Make site_dir the site built into new, whose kept pages (their paths in the site) are
    only in site_dir (previous: its files, files_of()): the generated data files (and index,
    online) that site_dir has as the same file stay, the others are linked into new; site_dir's
    files that the new site does not have are removed, and new's files moved in, during the
    swap."""
    made = files_of(str(new))
    keep = set(kept_pages)
    sources = [(str(project.files), "")]
    if not offline:  # (the offline build's index is a script among its pages)
        sources.append((str(project.search_index), project.search_index.name + "/"))
    for source, prefix in sources:
        _link_changed(source, str(new), prefix, previous, made, keep)
    stale = [path for path in previous if path not in keep and path not in made]
    swap_in(new, site_dir, stale)


def _link_changed(
    source: str, new: str, prefix: str, previous: dict, made: dict, keep: set
) -> None:
    """Link source's files into new below prefix, except those the previous site has as the
    same file (added to keep). A file MkDocs wrote at the same path is replaced, as the
    whole build's install replaces it."""
    folders: set[str] = set()
    for path, inode in files_of(source).items():
        at = prefix + path
        if at not in made and previous.get(at) == inode:
            keep.add(at)
            continue
        to = os.path.join(new, at)
        folder = os.path.dirname(to)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        if at in made:
            os.unlink(to)
        os.link(os.path.join(source, path), to)
        made[at] = inode


def swap_in(new: Path, site_dir: Path, stale: list[str]) -> None:
    """The swap: site_dir renamed away, its stale files (and the folders they leave empty)
    removed, new's entries moved in (a folder site_dir does not have in one rename), and
    renamed back. Interrupted, it leaves no site_dir but a .<name>-old-* folder, which the
    next build removes before it builds the site whole."""
    # (a folder renamed onto an empty one replaces it)
    away = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    site_dir.rename(away)
    folders = set()
    for path in stale:
        os.unlink(away / path)
        folders.add(os.path.dirname(path))
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        while folder:
            try:
                os.rmdir(away / folder)
            except OSError:  # (not empty, or gone already)
                break
            folder = os.path.dirname(folder)
    _move(str(new), str(away))
    away.rename(site_dir)


def _move(source: str, target: str) -> None:
    with os.scandir(source) as entries:
        for entry in entries:
            to = os.path.join(target, entry.name)
            try:
                there = stat.S_ISDIR(os.lstat(to).st_mode)
            except FileNotFoundError:
                os.rename(entry.path, to)
                continue
            folder = entry.is_dir(follow_symlinks=False)
            if folder and there:
                _move(entry.path, to)
                continue
            if folder or there:
                # (a folder where a file was, or the other way round: the old one is all stale,
                # an empty folder left by hand)
                if there:
                    shutil.rmtree(to)
                else:
                    os.unlink(to)
            os.replace(entry.path, to)
