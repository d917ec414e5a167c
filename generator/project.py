"""Where an archive's parts are: the folders and files every stage reads or writes."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import shipped

AUDIENCES = ("public", "intranet")


@dataclass(frozen=True)
class Project:
    """Where an archive's parts live, all relative to its root (the folder of mkdocs.yml)."""

    root: Path

    @property
    def proposals(self) -> Path:
        return self.root / "proposals"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def templates(self) -> Path:
        """The archive's own templates: each overrides the tool's template of its name."""
        return self.root / "templates"

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Where templates are looked for, first found first: the archive's, then the tool's."""
        tools = shipped.folder("templates")
        return (
            (self.templates,)
            if tools.resolve() == self.templates.resolve()
            else (self.templates, tools)
        )

    @property
    def sources(self) -> Path:
        """Original documents kept in the repository (a proposal's `source.file`): the site
        serves those of the proposals it shows."""
        return self.root / "sources"

    @property
    def pages(self) -> Path:
        return self.root / "build" / "pages"

    @property
    def search_index(self) -> Path:
        """The search index's files, linked into the site after MkDocs has built it."""
        return self.root / "build" / "search-index"

    @property
    def files(self) -> Path:
        """The open data and feeds (opendata.py, feeds.py), put into the site after MkDocs has
        built it, like the search index: MkDocs would copy their thousands of files one by one."""
        return self.root / "build" / "files"

    @property
    def check_store(self) -> Path:
        """What earlier runs found checking each file (store.py)."""
        return self.root / "build" / "cache" / "checked"

    @property
    def compiled_templates(self) -> Path:
        """The templates as Jinja compiled them (templating.KeptTemplates)."""
        return self.root / "build" / "cache" / "templates"

    def render_store(self, audience: str, offline: bool) -> Path:
        """What earlier runs rendered for each proposal, for one audience and kind of site."""
        return self.root / "build" / "cache" / f"rendered-{audience}{'-offline' if offline else ''}"

    def site_store(self, site_dir: Path) -> Path:
        """What the last build of the site in site_dir rendered each page from (engine/reuse.py)."""
        return self.root / "build" / "cache" / f"built-{site_dir.name}"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def source_date_epoch(project: Project) -> str:
    """The build's timestamp (sitemap dates, gzip headers), fixed by the input so that two builds
    of the same input are byte-identical: SOURCE_DATE_EPOCH if set (the reproducible-builds
    convention), else the time of the last git commit, else the newest proposal file's mtime."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(
            ["git", "-C", str(project.root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    mtimes = [p.stat().st_mtime for p in project.proposals.glob("*.md")]
    return str(int(max(mtimes, default=0)))
