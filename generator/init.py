"""`proposal-archive init DIR`: a new archive repository, made from what the tool ships
(shipped.py): mkdocs.yml naming the tool's MkDocs plugin, config/ with one municipality to
edit, proposals/ with one example, a .gitignore, the CI workflow of docs/ci.md, a pre-commit
configuration that runs `check`, and a requirements.txt pinning this version of the tool. Templates and theme are not copied: they
come from the installed tool, and an archive overrides any of them by a file of its own
(README, *An archive of your own*).
"""

from __future__ import annotations

import shutil
from importlib.metadata import PackageNotFoundError, version
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


# The installed tool's own hook (docs/ci.md): a `repo: local` entry needs no address of this
# repository and runs the proposal-archive that requirements.txt installed.
PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `proposal-archive check` before each commit that touches
# a proposal or the configuration. Install the tool first: pip install -r requirements.txt
repos:
  - repo: local
    hooks:
      - id: proposal-archive-check
        name: proposal-archive check
        entry: proposal-archive check
        language: system
        pass_filenames: false
        files: ^(proposals/.*\\.md|config/.*\\.ya?ml)$
"""


def _requirements() -> str:
    """requirements.txt: this version of the tool, so the archive builds the same next year."""
    try:
        return f"proposal-archive=={version('proposal-archive')}\n"
    except PackageNotFoundError:  # (run from a checkout that is not installed)
        return "proposal-archive\n"


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
        (shipped.folder("docs") / "ci" / "github-actions.yml", ".github/workflows/archive.yml"),
    ]
    made = []
    for source, name in copies:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / name)
        made.append(name)
    written = {
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        "requirements.txt": _requirements(),
    }
    for name, text in written.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [*made, *written]
