"""What the installed tool ships for archives: the templates of the generated pages, the theme,
a starting configuration, mkdocs.yml and an example proposal (`proposal-archive init`).

In a wheel they are package data (generator/files/, pyproject.toml); in this repository (an
editable install) they are the repository's own folders, the sample archive's. An archive's own
templates/ and theme (its mkdocs.yml's custom_dir) override them file by file.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def folder(name: str) -> Path:
    """templates, theme, config, proposals, mkdocs.yml or docs/ci as the tool ships them."""
    inside = _PACKAGE / "files" / name
    return inside if inside.exists() else _PACKAGE.parent / name
