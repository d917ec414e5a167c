"""`proposal-archive serve`: the live preview regenerates when a proposal or a template changes."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bench.served import free_port
from site_tests.archives import make_archive


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, limit: float = 60) -> str:
    deadline = time.monotonic() + limit
    page = None
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(
        f"{text!r} did not appear at {url} within {limit} s; last page: {(page or '')[:300]!r}"
    )


def reloaded_within(port: int, page: str, seconds: float) -> bool:
    """Whether the browser showing page would be told to reload it within seconds: asked as the
    page's live-reload script asks (MkDocs' server answers when a newer build is there)."""
    epoch = re.search(r"livereload\((\d+), \d+\);", page).group(1)
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/livereload/{epoch}/1", timeout=seconds
        ) as response:
            return int(response.read()) > int(epoch)
    except (TimeoutError, urllib.error.URLError):
        return False


def test_serve_regenerates_on_proposal_and_template_change(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "--root",
            str(root),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/forslag/zz-small-savings/"
        wait_for(url, "Ingen henvisninger her.")

        proposal = root / "proposals" / "zz-small-savings.md"
        proposal.write_text(
            proposal.read_text().replace("Ingen henvisninger her.", "Teksten er ændret i preview.")
        )
        page = wait_for(url, "Teksten er ændret i preview.")
        # one build per change: the pages the build writes start no second build (and reload)
        assert not reloaded_within(port, page, 4)

        template = root / "templates" / "proposal.md.j2"
        template.write_text(
            template.read_text().replace(">Kort fortalt</h2>", ">Kort fortalt i preview</h2>")
        )
        wait_for(url, "Kort fortalt i preview")

        # a broken proposal is reported (MkDocs' server then waits for a good build);
        # fixing it brings the preview back
        good = proposal.read_text()
        proposal.write_text("---\nid: zz-small-savings\n---\n")
        time.sleep(3)
        proposal.write_text(good.replace("Teksten er ændret i preview.", "Rettet igen."))
        wait_for(url, "Rettet igen.")
    finally:
        server.terminate()
        try:
            _, err = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert (
        "proposals/zz-small-savings.md:1:1: error: missing required field 'title' [missing-field]"
        in err
    )
    assert "Traceback" not in err
