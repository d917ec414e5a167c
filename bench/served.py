"""A built site served on this machine and opened in Debian's Chromium, for the benchmarks that
measure the search page as a reader meets it (bench/run.py, bench/search_filters.py). Python's
http.server serves the files as they are, without compression, so the bytes counted are the
files' own."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {limit} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The folder site served by Python's http.server on a free local port while the block
    runs: its address, "http://127.0.0.1:PORT/"."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    server = subprocess.Popen(
        command + ["--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(server)


@contextmanager
def chromium() -> Iterator:
    """Debian's headless Chromium, driven by Playwright, while the block runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def transferred(requests) -> dict:
    """The bytes (body and headers) and the number of Playwright's finished requests."""
    total = 0
    for r in requests:
        sizes = r.sizes()
        body = sizes["responseBodySize"]
        response = r.response()
        if not body and response is not None:
            # Chromium may give no body size (a worker's script, a cached response); without
            # compression, as here, the Content-Length is what was transferred
            body = int(response.headers.get("content-length") or 0)
        total += body + sizes["responseHeadersSize"]
    return {"bytes": total, "requests": len(requests)}
