"""Browser tests: the real archive, built once, served by nginx as it is deployed, driven by
Debian's Chromium through Playwright.

Nothing is downloaded: Playwright uses /usr/bin/chromium, and a missing nginx or Chromium fails
the session with the apt-get command that installs it (never a silent skip).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from bench import served
from site_tests.archives import REPO, build_site

SCREENSHOTS = REPO / "screenshots"
CHROMIUM = Path(served.CHROMIUM)
CHROMIUM_ARGS = served.CHROMIUM_ARGS  # (one set of flags for the tests and the benchmark)
MIME_TYPES = Path("/etc/nginx/mime.types")


# --- the site ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(real_site) -> Path:
    """The real proposals/ built with `proposal-archive build` (MkDocs, then the search index
    linked in): the session's one build of the real archive (site_tests/conftest.py)."""
    if not (real_site / "search-index" / "meta.json").is_file():
        pytest.fail(f"the build made no search index in {real_site}/search-index", pytrace=False)
    return real_site


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The real proposals/ built with `proposal-archive build --offline`: a site to open from a
    file share (file://), with its search index in a script (file:// pages cannot fetch)."""
    site = build_site(REPO, tmp_path_factory.mktemp("offline") / "site", "--offline")
    if not (site / "assets" / "offline-index.js").is_file():
        pytest.fail(f"the offline build made no search index in {site}/assets", pytrace=False)
    return site


# --- nginx -------------------------------------------------------------------------------------


def _nginx() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )
    if not found:
        pytest.fail(
            "nginx is not installed; the browser tests serve the site as deployed: apt-get install nginx-light",
            pytrace=False,
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_conf(work: Path, root: Path, port: int) -> str:
    # Run as root (e.g. in a container), nginx's workers would run as `nobody`, which cannot read
    # pytest's temporary folders (mode 0700): every request would fail with "Permission denied".
    # The `user` directive is only meaningful (and only accepted quietly) when run as root.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""\
{user}worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 128; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    # as the README's deployment example: text, scripts and the search index (JSON) compressed
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml;
    access_log {work}/access.log;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        # tells linkchecker (test_links.py) that this server is ours: it may ask faster than 10/s
        add_header LinkChecker test-server;
        location / {{
            try_files $uri $uri/ =404;
        }}
        error_page 404 /404.html;
    }}
}}
"""


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: nginx's fast shutdown, workers included
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def nginx_serving(site: Path, work: Path):
    """nginx serving a built site on 127.0.0.1 (index.html, directory URLs, the 404 page).
    Yields the base URL, "http://127.0.0.1:PORT/"."""
    nginx = _nginx()
    for attempt in range(3):  # the free port may be taken between choosing it and binding it
        port = _free_port()
        conf = work / "nginx.conf"
        conf.write_text(_nginx_conf(work, site, port), encoding="utf-8")
        process = subprocess.Popen(
            [nginx, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process.poll() is None and not _answers(base):
            time.sleep(0.05)
        if process.poll() is None and _answers(base):
            break
        _stop(process)
        stderr = process.stderr.read() if process.stderr else ""
        log = (
            (work / "error.log").read_text(encoding="utf-8", errors="replace")
            if (work / "error.log").exists()
            else ""
        )
        if "Address already in use" not in stderr + log or attempt == 2:
            pytest.fail(
                f"nginx did not serve {base}:\n{stderr}\n{log}\nconfig:\n{conf.read_text()}",
                pytrace=False,
            )
    try:
        yield base
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def server(built_site, tmp_path_factory):
    """nginx serving the real archive's site; the base URL."""
    with nginx_serving(built_site, tmp_path_factory.mktemp("nginx")) as base:
        yield base


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """Debian's Chromium, headless. Playwright never downloads a browser here."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing; the browser tests use Debian's Chromium: apt-get install chromium",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Pages:
    """Opens pages on the test server and records every request any of them makes."""

    browser: object
    base: str
    requests: list[str] = field(default_factory=list)
    responses: list[tuple[int, str]] = field(default_factory=list)  # (status, URL)
    errors: list[str] = field(default_factory=list)  # uncaught JavaScript exceptions
    _contexts: list = field(default_factory=list)

    def url(self, path: str) -> str:
        return urljoin(self.base, path.lstrip("/"))

    def new(self, width: int = 1280, height: int = 900):
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, locale="da-DK"
        )
        context.set_default_timeout(15_000)
        self._contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", lambda response: self.responses.append((response.status, response.url)))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page

    def foreign_requests(self) -> list[str]:
        """Every request that did not go to the test server (data: and blob: stay in the page)."""
        ours = urlsplit(self.base).netloc
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != ours
        ]

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def pages(browser, server):
    opener = Pages(browser, server)
    try:
        yield opener
    finally:
        opener.close()


@pytest.fixture
def file_pages(browser, offline_site):
    """Opens pages of the offline build from file:// URLs, recording every request."""
    opener = Pages(browser, offline_site.as_uri() + "/")
    try:
        yield opener
    finally:
        opener.close()


@pytest.fixture
def page(pages):
    """A new 1280 px wide page; `pages.requests` records every URL it requests."""
    return pages.new()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
