"""linkchecker (PyPI) over the whole site as nginx serves it: no broken link and no broken
anchor on any page. Links to other hosts are not followed (the tests make no request outside)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

# AnchorCheck: every #fragment must name an id on its page. The rate: the test server sends a
# LinkChecker header (conftest.py), which lifts linkchecker's default limit of 10 requests a second.
LINKCHECKERRC = """\
[checking]
maxrequestspersecond=1000
[AnchorCheck]
"""
# Known-broken addresses checked along with the site: they prove that the run reports a missing
# page and a missing anchor, so that an empty report means something.
PROBES = ["findes-ikke/", "bydele/#findes-ikke"]


def linkchecker(tmp_path: Path, urls: list[str]) -> list[dict]:
    """Runs the venv's linkchecker over `urls` and everything they link to; one row per URL."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKERRC, encoding="utf-8")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "linkchecker"),
            "--config",
            str(config),
            "--no-status",
            "--verbose",
            "--output",
            "csv/utf-8",
            "--threads",
            "4",
            *urls,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode in (0, 1), (
        f"linkchecker failed ({result.returncode}):\n{result.stderr}"
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


def test_no_broken_link_or_anchor(server, built_site, tmp_path):
    probes = [server + p for p in PROBES]
    rows = linkchecker(tmp_path, [server, server + "404.html", *probes])
    problems = {}
    for row in rows:
        if row["valid"] != "True" or row["warningstring"]:
            problems.setdefault(row["url"], []).append(
                f"{row['url']} (linked as {row['urlname']!r} from {row['parentname'] or 'the command line'}"
                f", line {row['line'] or '-'}): {row['result']} {row['warningstring']}".strip()
            )
    assert set(problems) == set(probes), "\n".join(
        p for url, found in problems.items() if url not in probes for p in found
    )

    # the whole site: every page of the build was reached by following links
    checked = {urlsplit(row["url"]).path for row in rows}
    pages = {
        "/" + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in built_site.rglob("*.html")
    }
    assert pages <= checked, f"pages no link leads to: {sorted(pages - checked)}"
