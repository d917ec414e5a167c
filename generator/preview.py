"""What `proposal-archive serve` keeps between regenerations of its preview."""
from __future__ import annotations

from pathlib import Path


class CheckCache:
    """What checking each file found, for `proposal-archive serve`: a file whose size,
    modification time and inode are unchanged is not read or checked again, and gives the same
    proposal object, so what was rendered from it can be reused while everything a page shows
    is the same (at 1,000 proposals that is most of a preview's regeneration). Emptied when the
    configuration or a template changes."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple, tuple]] = {}
        self._config: tuple | None = None
        # What the renderer made of each proposal, reused while its inputs are the same objects:
        self.search: dict = {}  # (id, audience, offline) → (proposal, document file, weights)
        self.pages: dict = {}  # proposal id → (everything its page shows, the page)
        self.items: dict = {}  # (proposal id, link to its page, note) → (proposal, its line in a list)

    def keep_renders_of(self, proposals) -> None:
        """Forget what was made of proposals that are gone (changed or removed)."""
        live = {id(p) for p in proposals}
        ids = {p.id for p in proposals}
        for key in [k for k, (p, *_) in self.search.items() if id(p) not in live]:
            del self.search[key]
        for key in [k for k, (p, _) in self.items.items() if id(p) not in live]:
            del self.items[key]
        for key in [k for k in self.pages if k not in ids]:
            del self.pages[key]

    @staticmethod
    def _stamp(path: Path) -> tuple:
        st = path.lstat()
        return st.st_mtime_ns, st.st_size, st.st_ino

    def for_config(self, *folders: Path) -> None:
        """Start afresh when a file of the configuration (or of the templates) changed."""
        stamp = tuple(sorted((p.as_posix(), *self._stamp(p)) for f in folders for p in f.rglob("*") if p.is_file()))
        if stamp != self._config:
            for entries in (self._entries, self.search, self.pages, self.items):
                entries.clear()
            self._config = stamp

    def keep_only(self, paths: list[Path]) -> None:
        """Forget files that are gone."""
        for gone in self._entries.keys() - set(paths):
            del self._entries[gone]

    def get(self, path: Path):
        entry = self._entries.get(path)
        try:
            return entry[1] if entry and entry[0] == self._stamp(path) else None
        except OSError:
            return None

    def put(self, path: Path, result: tuple) -> None:
        try:
            self._entries[path] = (self._stamp(path), result)
        except OSError:
            pass
