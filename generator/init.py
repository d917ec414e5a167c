"""`proposal-archive init DIR`: a new archive repository, made from what the tool ships
(shipped.py): mkdocs.yml naming the tool's MkDocs plugin, config/ with one municipality to
edit, proposals/ with one example, and a .gitignore. Templates and theme are not copied: they
come from the installed tool, and an archive overrides any of them by a file of its own
(README, *An archive of your own*).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import shipped

MUNICIPALITY = "koebenhavn"  # the example proposal's municipality
EXAMPLE = "kk-b2016-bi2.md"
GITIGNORE = """\
# made by `proposal-archive build` and `check`
/build/
/site/
/site-intranet/
/.site-*/
"""


class NotEmpty(Exception):
    pass


def init(folder: Path) -> list[str]:
    """Make a new archive in folder (created if missing; refused if not empty). Returns the
    files made, relative to folder."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NotEmpty(
            f"{folder} is not an empty folder: init makes a new archive in a new or empty one"
        )
    config = shipped.folder("config")
    copies = [
        (shipped.folder("mkdocs.yml"), "mkdocs.yml"),
        (config / "archive.yml", "config/archive.yml"),
        (config / "import.yml", "config/import.yml"),
        (
            config / "municipalities" / f"{MUNICIPALITY}.yml",
            f"config/municipalities/{MUNICIPALITY}.yml",
        ),
        (shipped.folder("proposals") / EXAMPLE, f"proposals/{EXAMPLE}"),
    ]
    made = []
    for source, name in copies:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / name)
        made.append(name)
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return [*made, ".gitignore"]
