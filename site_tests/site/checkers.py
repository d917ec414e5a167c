"""The independent checkers, besides axe (axe.py): the W3C Nu HTML Checker (vnu), pa11y with
HTML_CodeSniffer (WCAG2AA) and Lighthouse's accessibility category. docs/checkers.md says why
each and what they found.

They come from npm, pinned in package.json and package-lock.json and installed by `make test`
(`npm ci`, which downloads no browser: they drive Debian's Chromium). Each runs in batches, so
that Java and the browser start once per session rather than once per page: vnu over a list of
files, pa11y and Lighthouse over a list of pages (checkers.mjs).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
RUNNER = Path(__file__).with_name("checkers.mjs")
INSTALL = "run `make test` (it installs them with `npm ci`) or `npm ci --ignore-scripts` in the repository"


def _require(program: str, package: str) -> str:
    found = shutil.which(program)
    if not found:
        pytest.fail(
            f"{program} is not installed; the checkers need it: apt-get install {package}",
            pytrace=False,
        )
    return found


def _require_packages() -> None:
    missing = [
        p
        for p in ("vnu-jar", "pa11y", "lighthouse", "puppeteer")
        if not (NODE_MODULES / p / "package.json").is_file()
    ]
    if missing or not VNU_JAR.is_file():
        pytest.fail(
            f"the npm packages {missing or ['vnu-jar']} are missing from {NODE_MODULES}: {INSTALL}",
            pytrace=False,
        )


def vnu(files: list[Path]) -> dict[Path, list[dict]]:
    """The errors the Nu HTML Checker finds in each of the files (one Java process for all)."""
    java = _require("java", "default-jre-headless")
    _require_packages()
    done = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--exit-zero-always",
            "--stdout",
            "--format",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.fail(f"vnu failed ({done.returncode}):\n{done.stderr}{done.stdout}", pytrace=False)
    found: dict[Path, list[dict]] = defaultdict(list)
    for message in json.loads(done.stdout)["messages"]:
        found[Path(unquote(urlsplit(message.get("url", "")).path))].append(message)
    return found


def vnu_report(found: dict[Path, list[dict]], root: Path) -> str:
    """`path:line:col: message` for each error, path relative to `root` where it is inside."""
    lines = []
    for path, messages in sorted(found.items()):
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        for m in messages:
            where = f"{shown}:{m.get('lastLine', 0)}:{m.get('firstColumn', m.get('lastColumn', 0))}"
            lines.append(
                f"{where}: {m['type']}: {m['message']}\n    {m.get('extract', '').strip()[:200]}"
            )
    return "\n".join(lines)


def in_browser(pages: list[dict], form_factor: str = "mobile") -> dict[str, dict]:
    """pa11y (HTML_CodeSniffer, WCAG2AA) and Lighthouse's accessibility category on each page,
    one Chromium for all. `pages`: {"name", "url", "ready": a CSS selector or None}. Lighthouse
    emulates its `form_factor` ("mobile" is its default: a phone, where the header's menu
    button shows). Returns {name: {"pa11y": [issue…], "lighthouse": {"score", "failed"}}}."""
    node = _require("node", "nodejs")
    _require_packages()
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    request = {
        "chromium": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "locale": "da-DK",
        "formFactor": form_factor,
        "pages": pages,
    }
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "CHROME_PATH": str(CHROMIUM)}
    done = subprocess.run(
        [node, str(RUNNER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
        cwd=REPO,
    )
    if done.returncode != 0:
        pytest.fail(
            f"{RUNNER.name} failed ({done.returncode}):\n{done.stderr[-4000:]}", pytrace=False
        )
    return {page["name"]: page for page in json.loads(done.stdout)["pages"]}


def pa11y_report(issues: list[dict]) -> str:
    return "\n".join(
        f"{i['code']}: {i['message']}\n    at {i['selector']}: {i['context'][:200]}" for i in issues
    )


def lighthouse_report(result: dict) -> str:
    lines = [f"accessibility score {round(result['score'] * 100)}"]
    for audit in result["failed"]:
        lines.append(f"{audit['id']}: {audit['title']}")
        for item in audit["items"]:
            lines.append(f"  at {item['selector']}: {(item['snippet'] or '')[:200]}")
    return "\n".join(lines)
