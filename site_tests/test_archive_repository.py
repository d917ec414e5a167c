"""An archive is a repository of its own: `proposal-archive init` makes one, its mkdocs.yml names
the tool's MkDocs plugin, templates and theme come from the installed tool, and the archive's
own files override them one by one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import yaml

from generator.cli import main
from site_tests.archives import REPO, committed, new_flags, run_cli

NEW = ["new", *new_flags("Nye bænke i parken", 2027, "Valby")]


def test_init_makes_an_archive_and_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    archive = tmp_path / "arkiv"
    assert main(["init", str(archive)]) == 0
    assert sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file()) == [
        ".github/workflows/archive.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "config/archive.yml",
        "config/import.yml",
        "config/municipalities/koebenhavn.yml",
        "mkdocs.yml",
        "proposals/kk-b2016-bi2.md",
        "requirements.txt",
    ]
    assert "  - proposal-archive\n" in (archive / "mkdocs.yml").read_text(encoding="utf-8")
    # the CI workflow of docs/ci.md, and pre-commit running the tool that requirements.txt pins
    workflow = (archive / ".github" / "workflows" / "archive.yml").read_bytes()
    assert workflow == (REPO / "docs" / "ci" / "github-actions.yml").read_bytes()
    (hook,) = yaml.safe_load((archive / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert (hook["entry"], hook["language"]) == ("proposal-archive check", "system")
    assert (archive / "requirements.txt").read_text().startswith("proposal-archive==")
    capsys.readouterr()
    assert main(["init", str(archive)]) == 2
    assert "is not an empty folder" in capsys.readouterr().err
    occupied = tmp_path / "other"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine")
    assert main(["init", str(occupied)]) == 2
    assert (occupied / "notes.txt").read_text() == "mine" and not (occupied / "mkdocs.yml").exists()


def test_the_archive_overrides_a_template_and_the_css_file_by_file(tmp_path):
    archive = tmp_path / "arkiv"
    assert main(["init", str(archive)]) == 0
    # a template of its own: the proposal page with a line of the archive's
    (archive / "templates").mkdir()
    proposal = (REPO / "templates" / "proposal.md.j2").read_text(encoding="utf-8")
    (archive / "templates" / "proposal.md.j2").write_text(
        proposal + "\nKOMMUNENS-EGEN-SKABELON\n", encoding="utf-8"
    )
    # the theme's CSS of its own, through MkDocs' custom_dir
    (archive / "overrides" / "assets").mkdir(parents=True)
    (archive / "overrides" / "assets" / "archive.css").write_text(
        "/* KOMMUNENS-EGEN-CSS */\n", encoding="utf-8"
    )
    mkdocs_yml = archive / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8").replace(
            "  language: da\n", "  language: da\n  custom_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    result = run_cli(archive, "build")
    assert result.returncode == 0, result.stderr
    site = archive / "site"
    assert "KOMMUNENS-EGEN-SKABELON" in (
        site / "forslag" / "kk-b2016-bi2" / "index.html"
    ).read_text(encoding="utf-8")
    assert "KOMMUNENS-EGEN-SKABELON" not in (site / "index.html").read_text(
        encoding="utf-8"
    )  # (home.md.j2: the tool's)
    assert (site / "assets" / "archive.css").read_text(
        encoding="utf-8"
    ) == "/* KOMMUNENS-EGEN-CSS */\n"
    # the rest of the theme is the tool's
    shipped = REPO / "theme" / "assets" / "search.js"
    assert (site / "assets" / "search.js").read_bytes() == shipped.read_bytes()


def test_a_wheel_installed_in_a_fresh_environment_makes_checks_and_builds_an_archive(tmp_path):
    """The wheel of this repository, installed into a new virtual environment, is all an archive
    needs: the command, its plugin (by entry point) and what it ships (templates, theme,
    configuration, an example). The libraries it depends on are this environment's (the test
    builds nothing from the network): the new environment reads them through a .pth file."""
    source = tmp_path / "source"  # (building writes build/ and *.egg-info beside the sources)
    for name in ("generator", "templates", "theme", "config", "docs/ci"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "mkdocs.yml"):
        shutil.copy(REPO / name, source / name)
    (source / "proposals").mkdir()
    shutil.copy(REPO / "proposals" / "kk-b2016-bi2.md", source / "proposals")
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("proposal_archive-*.whl")

    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run(
        [python, "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(purelib)), (
        where.stdout + where.stderr
    )  # the wheel's, not this checkout's

    command = env / "bin" / "proposal-archive"
    archive = tmp_path / "arkiv"

    def run(*args: str, cwd: Path = archive) -> subprocess.CompletedProcess:
        return subprocess.run([command, *args], cwd=cwd, capture_output=True, text=True)

    made = run("init", str(archive), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    # the archive is a git repository of its own: its first commit is what init made
    committed(archive)
    added = run(*NEW)
    assert added.returncode == 0, added.stderr
    assert (archive / "proposals" / "kk-b2027-nye-baenke-i-parken.md").is_file()
    checked = run("check")
    assert checked.returncode == 0 and checked.stdout.splitlines()[-1] == "0 errors, 0 warnings", (
        checked.stdout + checked.stderr
    )
    built_site = run("build")
    assert built_site.returncode == 0, built_site.stderr
    # the change against the first commit: the new proposal, not yet committed
    compared = run("diff", "--format", "json")
    assert compared.returncode == 0, compared.stderr
    report = json.loads(compared.stdout)
    assert [r["id"] for r in report["added"]] == ["kk-b2027-nye-baenke-i-parken"]
    assert report["changed"] == [] and report["removed"] == []
    page = (archive / "site" / "forslag" / "kk-b2027-nye-baenke-i-parken" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Nye bænke i parken" in page
    assert (archive / "site" / "search-index" / "meta.json").is_file()  # (linked in by the plugin)
    assert (
        archive / "site" / "assets" / "archive.css"
    ).is_file()  # (the theme shipped in the wheel)
