"""The benchmark: synthetic archives of N proposals, every stage timed in a fresh process, and
bench/RESULTS.md written with the figures, the floor and the targets.

    python -m bench.run [--sizes 1000 5000 10000] [--out bench/RESULTS.md] [--work bench/out]
                        [--repeat K] [--rev REV] [--serve-size 1000] [--report-from WORK/results.json]

It measures the working tree's generator, templates and theme, or with --rev those of one commit
(so that edits in progress do not mix into the figures).

Per N: `proposal-archive check`; check + generate (the pipeline's prepare()), cold and with
nothing changed; the MkDocs build; the search index and the similar proposals alone (parts of
generate); the whole `proposal-archive build`; the floor (Python-Markdown with the site's
extensions over the bodies); peak memory of each (the child's maximum resident set, from
wait4); the site's sizes; and a search in Chromium (the bytes
downloaded after the search page has loaded, until results show, and the time to results).
At one size (1,000 by default): which files regenerating rewrites after one proposal changed,
and how long `proposal-archive serve` takes to show a change. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from bench import synth
from bench.served import CHROMIUM, chromium, free_port, served, stop, transferred

REPO = Path(__file__).resolve().parents[1]
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "Jinja2",
    "PyYAML",
    "markdown-it-py",
    "jsonschema",
    "PyStemmer",
    "playwright",
)
EPOCH = "1700000000"  # SOURCE_DATE_EPOCH of every build: the same input gives the same site

# The targets of the issue, at the largest size.
TARGET_FLOOR_RATIO = 2.0
TARGET_EXPONENT = 1.05
TARGET_MEMORY_MB = 600
TARGET_PAGE_KB = 40
TARGET_QUERY_KB = 300
TARGET_QUERY_SECONDS = 0.5
TARGET_PREPARE_SECONDS = 5.0
TARGET_SERVE_SECONDS = 3.0
TARGET_PUBLISH_SECONDS = 5.0  # whole build after a one-proposal change (issue 16)

KB, MB = 1000, 1000 * 1000
# What is measured: the repository's files (generator/, templates/, theme/, config/, mkdocs.yml)
# in the working tree, or, with --rev, as of one commit, extracted into WORK/source.
MEASURED = ("generator", "templates", "theme", "config", "mkdocs.yml")
SOURCE = REPO
REV = None


class Trash:
    """Where the benchmark puts the folders it empties (the previous run's build/pages and site,
    the previous archive): moved aside, and deleted only when the run has measured everything.

    Why not delete them when they are emptied: this machine's ext4 has no journal, and without
    one its inode allocator passes over every inode freed in the last 30 seconds, reading each
    one's deletion time (fs/ext4/ialloc.c, find_inode_bit() and recently_deleted()). A whole
    build of 10,000 proposals timed right after deleting the previous one's 42,000 files spent
    up to 9 s more system time creating its own (perf: __ext4_new_inode → find_inode_bit →
    recently_deleted) than the same build after a pause: that was the benchmark's clean-up,
    not the build."""

    # ext4's window, plus 5 s when the inode table block is still dirty
    RECENT_SECONDS = 35

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        if folder.exists():  # an earlier run's, stopped before it ended
            log(f"deleting {folder} (left by an earlier run), then waiting {self.RECENT_SECONDS} s")
            shutil.rmtree(folder, ignore_errors=True)
            time.sleep(self.RECENT_SECONDS)
        folder.mkdir(parents=True)

    def discard(self, path: Path) -> None:
        if path.exists():
            self.count += 1
            path.rename(self.folder / f"{self.count}-{path.name}")

    def empty(self) -> None:
        log(f"deleting {self.folder}")
        shutil.rmtree(self.folder, ignore_errors=True)


TRASH: Trash | None = None


def discard(path: Path) -> None:
    """Empty path: moved into the trash when a run has one, else deleted."""
    if TRASH is not None:
        TRASH.discard(path)
    else:
        shutil.rmtree(path, ignore_errors=True)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ child processes


@dataclass
class Child:
    """What one child process did: wall time, peak memory (of it and its waited-for children)."""

    seconds: float
    cpu: float  # user + system seconds, of it and its children
    system: float  # of which system seconds
    peak_mb: float  # the largest resident set of it or any one of its children
    tree_mb: float  # the most that it and its descendants held together (PSS, sampled)
    load: float  # the machine's 1-minute load average when it started
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout.strip().splitlines()[-1])


def child(argv: list[str], what: str) -> Child:
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=SOURCE, env=child_env())
        tree = TreeMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        tree_mb = tree.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        result = Child(
            seconds,
            cpu,
            usage.ru_stime,
            usage.ru_maxrss * 1024 / MB,
            tree_mb,
            load,
            out.read().decode(),
            err.read().decode(),
        )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{what} failed (exit {proc.returncode}): {result.stderr.strip()[-2000:]}"
        )
    return result


class TreeMemory:
    """Samples, every interval seconds, the memory a process and all its descendants hold together:
    the sum of their proportional set sizes (shared pages counted once), and keeps the peak.
    ru_maxrss cannot give this: it is the largest single process, not the sum of a pool of
    workers."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _descendants(self.pid)))
            self._stop.wait(self.interval)

    def stop(self) -> float:
        """The peak, in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kb * 1024 / MB


def _descendants(root: int) -> list[int]:
    """root and every process below it, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def child_env() -> dict:
    """The environment of every child: the measured generator first on the path (the working
    directory, SOURCE, comes first too), then this repository for the bench package."""
    path = os.pathsep.join(dict.fromkeys([str(SOURCE), str(REPO)]))
    return dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=path)


def checkout(rev: str, target: Path) -> tuple[Path, str]:
    """The measured files as of rev, extracted into target; and the commit's short hash."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", rev],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, *MEASURED],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target, commit


def fastest(argv: list[str], what: str, repeat: int, before=None) -> Child:
    """The fastest of repeat runs (before() prepares each, e.g. empties build/pages)."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(child(argv, what))
    return min(runs, key=lambda r: r.seconds)


def cli(root: Path, *args: str) -> list[str]:
    """The command `proposal-archive --root root ...` of this Python."""
    return [sys.executable, "-m", "generator.cli", "--root", str(root), *args]


def stage(*args: str) -> list[str]:
    return [sys.executable, "-m", "bench.stages", *args]


# ------------------------------------------------------------------------------ one size


@dataclass
class Size:
    n: int
    synth_seconds: float = 0.0
    body_words: float = 0.0
    vocabulary: int = 0
    tables: int = 0
    warnings: int = 0
    times: dict = field(default_factory=dict)  # stage → seconds
    cpu: dict = field(default_factory=dict)  # stage → CPU seconds (user + system)
    system: dict = field(
        default_factory=dict
    )  # stage → of which system seconds (the whole process)
    loads: list = field(default_factory=list)  # load averages when the stages started
    memory: dict = field(default_factory=dict)  # stage → MB, the largest single process (maxrss)
    tree_memory: dict = field(
        default_factory=dict
    )  # stage → MB, all processes of the stage together
    split: dict = field(default_factory=dict)  # load / generate seconds inside prepare
    sizes: dict = field(default_factory=dict)
    search: dict = field(default_factory=dict)


def measure(n: int, root: Path, seed: int, repeat: int = 1) -> Size:
    result = Size(n)
    log(f"N={n}: writing the synthetic archive into {root}")
    t0 = time.perf_counter()
    synth.make_archive(root, n, seed, SOURCE, discard)
    result.synth_seconds = time.perf_counter() - t0
    result.body_words, result.vocabulary, result.tables = describe(root)

    def keep(key: str, run: Child) -> Child:
        result.times[key], result.cpu[key], result.memory[key] = run.seconds, run.cpu, run.peak_mb
        result.tree_memory[key], result.system[key] = run.tree_mb, run.system
        result.loads.append(run.load)
        return run

    def keep_own(key: str, run: Child) -> Child:
        """A stage that times itself inside its process (bench/stages.py prints its seconds and
        CPU seconds, without the interpreter's start-up), with the memory of the process."""
        own = run.json()
        result.times[key], result.cpu[key] = own["seconds"], own["cpu"]
        result.memory[key], result.tree_memory[key] = run.peak_mb, run.tree_mb
        result.system[key] = run.system  # (of the whole process: with the interpreter's start-up)
        return run

    def empty(*folders: str):
        return lambda: [discard(root / f) for f in folders]

    log(f"N={n}: proposal-archive check, from an empty build/")
    run = keep("check", fastest(cli(root, "check"), "check", repeat, empty("build")))
    counts = re.search(r"(\d+) errors?, (\d+) warnings?", run.stdout)
    result.warnings = int(counts.group(2)) if counts else 0

    log(f"N={n}: proposal-archive check again, nothing changed")
    keep("check_stored", fastest(cli(root, "check"), "check (unchanged)", repeat))

    log(f"N={n}: check + generate (prepare), from an empty build/")
    run = keep(
        "prepare",
        fastest(stage("prepare", str(root), "--stored"), "prepare", repeat, empty("build")),
    )
    result.split = run.json()

    log(f"N={n}: check + generate again, nothing changed")
    keep(
        "prepare_unchanged",
        fastest(stage("prepare", str(root), "--stored"), "prepare (unchanged)", repeat),
    )

    log(f"N={n}: check + generate again, one proposal changed")
    edits = Edits(root)
    keep(
        "prepare_changed",
        fastest(
            stage("prepare", str(root), "--stored"), "prepare (one changed)", repeat, edits.next
        ),
    )
    edits.undo()
    child(stage("prepare", str(root), "--stored"), "prepare")  # build/pages as the archive is

    stage_site = root / "site-stages"
    log(f"N={n}: MkDocs build")
    keep(
        "mkdocs",
        fastest(
            stage("mkdocs", str(root), str(stage_site)),
            "MkDocs build",
            repeat,
            empty("site-stages"),
        ),
    )

    discard(stage_site)

    log(f"N={n}: the search index alone, on one process")
    result.loads.append(
        keep_own(
            "search_index", fastest(stage("search_index", str(root)), "search index", repeat)
        ).load
    )

    log(f"N={n}: similar proposals alone, on one process")
    result.loads.append(
        keep_own("similar", fastest(stage("similar", str(root)), "similar proposals", repeat)).load
    )

    log(f"N={n}: the whole proposal-archive build, from an empty build/")
    keep(
        "build",
        fastest(
            cli(root, "build", "--site-dir", str(root / "site")),
            "proposal-archive build",
            repeat,
            empty("build", "site"),
        ),
    )

    log(f"N={n}: the whole proposal-archive build again, one proposal changed")
    keep(
        "build_changed",
        fastest(
            cli(root, "build", "--site-dir", str(root / "site")),
            "proposal-archive build (one changed)",
            repeat,
            edits.next,
        ),
    )
    edits.undo()
    child(
        cli(root, "build", "--site-dir", str(root / "site")), "proposal-archive build"
    )  # the site as the archive is

    log(f"N={n}: the floor (Python-Markdown over the bodies)")
    keep_own("floor", keep("floor_process", fastest(stage("floor", str(root)), "floor", repeat)))

    result.sizes = site_sizes(root / "site")
    log(f"N={n}: search in Chromium")
    result.search = measure_search(root / "site", synth.SEARCH_QUERIES)
    return result


class Edits:
    """One proposal changed before each run: a sentence added to the next of a few public
    proposals spread over the archive; undo() puts them back as they were."""

    def __init__(self, root: Path):
        files = public_proposals(root)
        self.files = [files[k * len(files) // 7] for k in range(1, 7)]
        self.originals: dict[Path, str] = {}
        self.count = 0

    def next(self) -> None:
        path = self.files[self.count % len(self.files)]
        self.count += 1
        text = self.originals.setdefault(path, path.read_text(encoding="utf-8"))
        path.write_text(
            text.rstrip("\n") + f"\n\nDenne sætning er tilføjet af benchmarken ({self.count}).\n",
            encoding="utf-8",
        )

    def undo(self) -> None:
        for path, text in self.originals.items():
            path.write_text(text, encoding="utf-8")
        self.originals.clear()


def describe(root: Path) -> tuple[float, int, int]:
    """Mean words per body, distinct words of all bodies, and budget tables of an archive."""
    words, vocabulary, tables, files = 0, set(), 0, 0
    for path in (root / "proposals").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        front, _, body = text[4:].partition("\n---\n")
        tokens = body.split()
        words += len(tokens)
        vocabulary.update(t.strip(".,;:()[]”“\"'-–").lower() for t in tokens)
        tables += len(re.findall(r"^  - title: ", front, re.M))
        files += 1
    return words / max(files, 1), len(vocabulary), tables


def site_sizes(site: Path) -> dict:
    total = files = html = 0
    largest = (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix == ".html":
            html += 1
            largest = max(largest, (size, path.relative_to(site).as_posix()))
    proposals = sorted(p.stat().st_size for p in (site / "forslag").glob("*/index.html"))
    search = site / "search-index"
    index = sum(p.stat().st_size for p in search.rglob("*") if p.is_file())
    return {
        "site_bytes": total,
        "files": files,
        "html_pages": html,
        "proposal_pages": len(proposals),
        "proposal_median": statistics.median(proposals),
        "proposal_max": proposals[-1],
        "largest_html": largest[0],
        "largest_html_path": largest[1],
        "search_bytes": index,
        "search_files": sum(1 for p in search.rglob("*") if p.is_file()),
    }


# ------------------------------------------------------------------------------ search


# In the page: when the first and the last keystroke reached the input, and when the first result
# (its title link, shown once its fragment has loaded) appeared; epoch milliseconds.
_WATCH = """() => {
  const clock = () => performance.timeOrigin + performance.now();
  const state = window.__bench = {firstInput: null, lastInput: null, result: null};
  const input = document.querySelector("#pa-search-q");
  input.addEventListener("input", () => {
    const t = clock();
    if (state.firstInput === null) state.firstInput = t;
    state.lastInput = t;
  });
  const seen = () => {
    if (state.result === null && document.querySelector(".pa-search__link")) state.result = clock();
  };
  new MutationObserver(seen).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def measure_search(site: Path, queries) -> dict:
    """Serve site with Python's http.server and type each query into the search page in a fresh
    Chromium context (empty cache)."""
    literal = literal_occurrences(site, queries)
    rows = []
    with served(site) as base, chromium() as browser:
        for query in queries:
            rows.append(_search_once(browser, f"{base}sog/", query) | {"literal": literal[query]})
    return {"queries": rows}


def _search_once(browser, url: str, query: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        page.wait_for_selector("#pa-search-q")
        page.wait_for_load_state("networkidle")
        load = transferred(finished)
        finished.clear()
        page.evaluate(_WATCH)
        page.locator("#pa-search-q").press_sequentially(query)
        page.wait_for_function("window.__bench.result !== null", timeout=60_000)
        page.wait_for_function(
            "/\\d/.test(document.querySelector('.pa-search__status')?.textContent || '')",
            timeout=60_000,
        )
        marks = page.evaluate("window.__bench")
        message = page.locator(".pa-search__status").inner_text()
        page.wait_for_load_state("networkidle")
        until_results = [r for r in finished if _end(r) <= marks["result"]]
        return {
            "query": query,
            "results": int(re.search(r"\d[\d.]*", message).group(0).replace(".", "")),
            "seconds": (marks["result"] - marks["lastInput"]) / 1000,
            "seconds_from_first_key": (marks["result"] - marks["firstInput"]) / 1000,
            "bytes": transferred(until_results)["bytes"],
            "requests": len(until_results),
            "bytes_settled": transferred(finished)["bytes"],
            "page_load_bytes": load["bytes"],
            "page_load_requests": load["requests"],
            "files": sorted([_kind_of(r.url), transferred([r])["bytes"]] for r in until_results),
        }
    finally:
        context.close()


def _end(request) -> float:
    timing = request.timing
    return timing["startTime"] + timing["responseEnd"]


def _kind_of(url: str) -> str:
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    return re.sub(r"_[0-9a-f]{6,}", "_…", name)


def literal_occurrences(site: Path, queries) -> dict:
    """How many proposal pages contain each query word form literally (0: only stemming finds them)."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, queries)) + r")\b", re.I)
    counts = dict.fromkeys(queries, 0)
    for page in (site / "forslag").glob("*/index.html"):
        for found in set(m.lower() for m in pattern.findall(page.read_text(encoding="utf-8"))):
            counts[found] += 1
    return counts


# ------------------------------------------------------------------------------ changing one proposal


def measure_change(root: Path) -> dict:
    """Edit one proposal's body and another's title, regenerate (prepare) in a fresh process, and
    compare every generated file before and after: only files whose text changed may be rewritten."""
    pages = root / "build" / "pages"
    child(stage("prepare", str(root), "--stored"), "prepare")  # build/pages current
    out = {}
    files = public_proposals(root)
    for what, path, edit in (
        (
            "body",
            files[len(files) // 3],
            lambda text: text.rstrip("\n") + "\n\nDenne sætning er tilføjet af benchmarken.\n",
        ),
        (
            "title",
            files[2 * len(files) // 3],
            lambda text: re.sub(r"^title: (.*)$", r"title: \1 (ændret)", text, count=1, flags=re.M),
        ),
    ):
        before = {
            p: (p.stat().st_mtime_ns, p.read_bytes()) for p in pages.rglob("*") if p.is_file()
        }
        time.sleep(0.05)
        original = path.read_text(encoding="utf-8")
        path.write_text(edit(original), encoding="utf-8")
        run = child(stage("prepare", str(root), "--stored"), "prepare after one change")
        after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in pages.rglob("*") if p.is_file()}
        rewritten = [p for p in after if p not in before or after[p][0] != before[p][0]]
        changed = [p for p in after if p not in before or after[p][1] != before[p][1]]
        needless = [p for p in rewritten if p in before and after[p][1] == before[p][1]]
        missed = [p for p in changed if p not in rewritten]
        out[what] = {
            "proposal": path.name,
            "files": len(after),
            "rewritten": len(rewritten),
            "changed": len(changed),
            "needless": len(needless),
            "missed": len(missed),
            "kept": len(after) - len(rewritten),
            "seconds": run.seconds,
        }
        path.write_text(original, encoding="utf-8")
    child(stage("prepare", str(root), "--stored"), "prepare")  # back to the archive as generated
    return out


def public_proposals(root: Path) -> list[Path]:
    """The proposal files that have a page on the public site."""
    return [
        p
        for p in sorted((root / "proposals").glob("*.md"))
        if "\npublic: false\n" not in p.read_text(encoding="utf-8")
    ]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for_text(url: str, text: str, limit: float) -> float:
    """Seconds until the page at url contains text (polled every 50 ms)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        page = fetch(url)
        if page and text in page:
            return time.monotonic() - t0
        time.sleep(0.05)
    raise RuntimeError(f"{text!r} did not appear at {url} within {limit} s")


def measure_serve(root: Path, edits: int = 3) -> dict:
    """Start `proposal-archive serve`, change one proposal's text, and time until the page shows it."""
    port = free_port()
    log_file = tempfile.TemporaryFile()
    files = public_proposals(root)
    server = subprocess.Popen(
        cli(root, "serve", "--dev-addr", f"127.0.0.1:{port}"),
        cwd=SOURCE,
        env=child_env(),
        stdout=log_file,
        stderr=log_file,
    )
    originals = {}
    try:
        first = files[0]
        url = lambda path: f"http://127.0.0.1:{port}/forslag/{path.stem}/"  # noqa: E731
        startup = wait_for_text(url(first), "</html>", limit=600)
        latencies = []
        for i in range(edits):
            path = files[(i + 1) * len(files) // (edits + 1)]
            originals[path] = path.read_text(encoding="utf-8")
            wait_for_text(url(path), "</html>", limit=60)
            marker = f"Ændret i preview nummer {i + 1}."
            path.write_text(originals[path].rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            latencies.append(wait_for_text(url(path), marker, limit=600))
            time.sleep(1)  # let the server settle before the next change
        return {"startup": startup, "latencies": latencies}
    except RuntimeError as exc:
        log_file.seek(0)
        raise RuntimeError(f"{exc}; the server said: {log_file.read().decode()[-3000:]}") from None
    finally:
        stop(server)
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        log_file.close()


# ------------------------------------------------------------------------------ profile


def measure_profile(root: Path) -> dict:
    log(f"profile: prepare() at N={len(list((root / 'proposals').glob('*.md')))}")
    discard(root / "build")
    prepare = child(stage("profile", "prepare", str(root)), "profile prepare").json()
    log("profile: MkDocs build")
    site = root / "site-profile"
    mkdocs = child(stage("profile", "mkdocs", str(root), str(site)), "profile MkDocs").json()
    discard(site)
    return {"prepare": prepare, "mkdocs": mkdocs}


def measure_parts(root: Path) -> dict:
    """CPU seconds of each part of check + generate, on one process (bench/stages.py parts)."""
    log(
        f"parts of check + generate, on one process, at N={len(list((root / 'proposals').glob('*.md')))}"
    )
    out = root / "parts-out"
    discard(out)
    parts = child(stage("parts", str(root), str(out)), "parts").json()
    discard(out)
    return parts


# The parts of bench/stages.py parts, as the report names them; `library`: the libraries' share
# of the least any build must do (PyYAML composing the front matter, the system creating files).
PARTS = (
    ("check", "checking a file whole (`_Checker.check_file`: read, YAML, schema, rules, model)", 0),
    ("read", "reading it", 1),
    ("decode and split", "decoding it, splitting off the front matter", 1),
    ("yaml", "the front matter's values with their positions (`yaml_positions.parse_yaml`)", 1),
    ("yaml_library", "PyYAML's C parser composing its nodes (**library**)", 2),
    ("pickle", "the checked proposal pickled and unpickled (a worker sends it back)", 0),
    ("gather", "gathering the archive (facets, backlinks, codes, similar proposals' index)", 0),
    ("page", "rendering its page (Jinja; code links, budget tables, similar proposals)", 0),
    ("search_document", "its search document (the plain text of its body)", 0),
    ("search_weights", "its search stems and weights", 0),
    ("search_file", "its search document as JSON", 0),
    ("search_postings", "the search postings of all documents", 0),
    ("facets", "the facet pages", 0),
    ("write", "writing its page and search document (`write.Writer`)", 0),
    (
        "write_library",
        "creating and writing the same files alone (`os.open`, `write`, `close`: **system**)",
        1,
    ),
)
# the parts that add up to the whole (the others are inside one of these, or a library floor)
PARTS_IN_TOTAL = (
    "check",
    "pickle",
    "gather",
    "page",
    "search_document",
    "search_weights",
    "search_file",
    "search_postings",
    "facets",
    "write",
)


def _parts_section(parts: dict) -> list[str]:
    n, cpu = parts["proposals"], parts["cpu"]
    ms = lambda seconds: f"{seconds / n * 1000:.3f}"  # noqa: E731
    total = sum(cpu[k] for k in PARTS_IN_TOTAL)
    library = cpu["yaml_library"] + cpu["write_library"]
    allowed = TARGET_PREPARE_SECONDS * 2 / n * 1000
    return [
        f"## Where check + generate spends its CPU (N = {_n(n)}, one process)",
        "",
        "Each part of check + generate over the whole archive, one after the other on one process "
        "(`python -m bench.stages parts ROOT OUT`), in CPU seconds (user + system) and milliseconds "
        "per proposal. A part marked … is inside the one above it; the **library** and "
        "**system** rows are what PyYAML and the kernel alone take for the least any build must do.",
        "",
        *_table(
            ["part", "CPU (s)", "ms per proposal"],
            [["… " * depth + label, _s(cpu[key]), ms(cpu[key])] for key, label, depth in PARTS],
        ),
        "",
        f"Together (check, pickling, gathering, the page, the search entry, the facet pages, writing): "
        f"{_s(total)} CPU-s, {ms(total)} ms per proposal. Check + generate in under "
        f"{TARGET_PREPARE_SECONDS:g} s on two cores leaves at most {allowed:.2f} ms per proposal for all of it, "
        f"with nothing for starting processes or the steps the parent does alone; the libraries' "
        f"share of the least work (composing the front matter, creating two files) is {ms(library)} ms.",
        "",
    ]


# ------------------------------------------------------------------------------ the report


def exponent(sizes: list[Size], key: str, figures: str = "times") -> float | None:
    """The growth exponent b of time ≈ a·N^b, a least-squares fit of log time on log N."""
    points = [
        (math.log(s.n), math.log(getattr(s, figures)[key]))
        for s in sizes
        if getattr(s, figures).get(key, 0) > 0
    ]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def measured_commit() -> str:
    """What was measured, in words: a commit, or the working tree and whether it differs from HEAD."""
    if SOURCE != REPO:
        return f"commit {REV}"
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", *MEASURED],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"commit {head}" + (" with uncommitted changes (working tree)" if dirty else "")


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb * 1024 / 1e9:.1f} GB"
    except (OSError, AttributeError):
        pass
    system = platform.platform()
    try:
        system = (
            re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
            + f" ({platform.release()})"
        )
    except (OSError, AttributeError):
        pass
    chromium = (
        subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
        if Path(CHROMIUM).exists()
        else "not installed"
    )
    rows = [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", memory),
        ("System", system),
        ("Python", platform.python_version()),
    ]
    rows += [(name, metadata.version(name)) for name in PACKAGES]
    rows += [("Chromium", chromium), ("proposal-archive", measured_commit())]
    return rows


def _s(seconds: float) -> str:
    return (
        f"{seconds:.2f}"
        if seconds < 10
        else f"{seconds:.1f}"
        if seconds < 100
        else f"{seconds:.0f}"
    )


def _n(n: int) -> str:
    return f"{n:,}"


def _kb(b: float) -> str:
    return f"{b / KB:.1f}"


def _mb(b: float) -> str:
    return f"{b / MB:.1f}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|",
    ]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


# The stages timed at every size: (key, label).
STAGES = (
    ("check", "check (`proposal-archive check`), from an empty build/"),
    ("check_stored", "check, nothing changed (the check store of build/cache/)"),
    ("prepare", "check + generate (`prepare()`), from an empty build/"),
    ("prepare_unchanged", "check + generate, nothing changed (the stores)"),
    ("prepare_changed", "check + generate, one proposal changed (a sentence added; the stores)"),
    ("mkdocs", "MkDocs build (the search index linked in by its hook)"),
    ("build", "**whole build** (`proposal-archive build`), from an empty build/ and site/"),
    ("build_changed", "whole build, one proposal changed (the stores, the previous site's pages)"),
    ("floor", "**floor**: Python-Markdown over the bodies"),
    ("search_index", "the search index alone, on one process (a part of check + generate)"),
    ("similar", "similar proposals alone, on one process (a part of check + generate)"),
)


def _per_stage(sizes: list[Size], figures: str, fmt) -> list[list[str]]:
    """One row per stage of one kind of figure (times, cpu, memory) at every size (a stage that
    raw figures from an older benchmark do not have is left out)."""
    return [
        [label, *(fmt(getattr(s, figures)[key]) for s in sizes)]
        for key, label in _stages(sizes, figures)
    ]


def _stages(sizes: list[Size], figures: str = "times") -> list[tuple[str, str]]:
    return [(key, label) for key, label in STAGES if all(key in getattr(s, figures) for s in sizes)]


def _system_time(sizes: list[Size], head: list[str]) -> list[str]:
    """The system seconds within the CPU seconds (none in a report from older raw figures)."""
    if not all(s.system for s in sizes):
        return []
    return [
        "## System time (seconds)",
        "",
        "Of the CPU seconds above, the system seconds: the kernel's work for the processes (creating "
        "and writing files, forking, page faults; for the stages timed inside their process, the "
        "whole process). On this shared virtual machine they vary most from run to run, and a whole "
        "build creates about 40,000 files at N = 10,000. The folders the benchmark empties between "
        "runs are moved aside and deleted only after the last measurement: this machine's ext4 has "
        "no journal, and then creating a file within 30 s of deleting many costs far more system time "
        "(see `Trash` in bench/run.py).",
        "",
        *_table(head, _per_stage(sizes, "system", _s)),
        "",
    ]


def command(args) -> str:
    words = ["python -m bench.run", "--sizes", *map(str, args.sizes)]
    if args.serve_size != 1000:
        words += ["--serve-size", str(args.serve_size)]
    if args.repeat != 1:
        words += ["--repeat", str(args.repeat)]
    if args.rev:
        words += ["--rev", args.rev]
    return " ".join(words)


def report(
    sizes: list[Size],
    change: dict,
    serve: dict,
    profile: dict | None,
    args,
    machine_rows,
    date: str,
    parts: dict | None = None,
) -> str:
    big = sizes[-1]
    head = ["", *(f"N = {_n(s.n)}" for s in sizes)]
    per = lambda f: [f(s) for s in sizes]  # noqa: E731
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command(args)}` on "
        f"{date}. Synthetic archives from `bench/synth.py` (seed {args.seed}); every stage "
        "runs in a fresh process, one after the other"
        + (f", {args.repeat} times, keeping the fastest" if args.repeat > 1 else "")
        + ". Times are wall-clock seconds; 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes.",
        "",
        "## Machine",
        "",
        *_table(
            ["", "version"],
            [list(r) for r in machine_rows]
            + [
                [
                    "load average (1 min) as the stages started",
                    f"{min(min(s.loads) for s in sizes):.1f} to {max(max(s.loads) for s in sizes):.1f}",
                ]
            ],
        ),
        "",
        "The machine is shared: other work running at the same time lengthens wall-clock times (the load "
        "average above says how much there was). CPU seconds, below the times, are less affected.",
        "",
        "## Archives",
        "",
        *_table(
            head,
            [
                ["proposals", *per(lambda s: _n(s.n))],
                ["words per body (mean)", *per(lambda s: f"{s.body_words:.0f}")],
                ["distinct words in the bodies", *per(lambda s: _n(s.vocabulary))],
                ["budget tables", *per(lambda s: _n(s.tables))],
                [
                    "check warnings (wrong printed totals, as intended)",
                    *per(lambda s: _n(s.warnings)),
                ],
                ["writing the synthetic archive (s)", *per(lambda s: _s(s.synth_seconds))],
            ],
        ),
        "",
        "## Time per stage (seconds)",
        "",
        *_table(
            head,
            [
                *_per_stage(sizes, "times", _s),
                [
                    "check + generate: of which `load()` (read, validate, model)",
                    *per(lambda s: _s(s.split["load"])),
                ],
                [
                    "check + generate: of which the rest (render, write)",
                    *per(lambda s: _s(s.split["generate"])),
                ],
                [
                    "whole build ÷ floor",
                    *per(lambda s: f"{s.times['build'] / s.times['floor']:.1f}×"),
                ],
                [
                    "HTML pages built per second (whole build)",
                    *per(lambda s: f"{s.sizes['html_pages'] / s.times['build']:.0f}"),
                ],
                [
                    "proposals per second (whole build)",
                    *per(lambda s: f"{s.n / s.times['build']:.0f}"),
                ],
            ],
        ),
        "",
        "CPU seconds (user + system, of the process and its children):",
        "",
        *_table(
            head,
            [
                *_per_stage(sizes, "cpu", _s),
                ["whole build ÷ floor", *per(lambda s: f"{s.cpu['build'] / s.cpu['floor']:.1f}×")],
            ],
        ),
        "",
        "The floor is the time to read the N proposal files and render their Markdown bodies with "
        "Python-Markdown and the extensions of mkdocs.yml's `markdown_extensions` (one `Markdown` "
        "instance, reset per document), in process; it is the least any build of these pages must spend.",
        "",
        *_system_time(sizes, head),
        "## Peak memory (MB)",
        "",
        "All the processes of a stage together (their proportional set sizes, summed, sampled every "
        "0.2 s): what the machine must have.",
        "",
        *_table(head, _per_stage(sizes, "tree_memory", lambda mb: f"{mb:.0f}")),
        "",
        "The largest single process of the stage (its maximum resident set, from the kernel):",
        "",
        *_table(head, _per_stage(sizes, "memory", lambda mb: f"{mb:.0f}")),
        "",
        "Check and generate run on the process that calls them and forked workers; the whole "
        "build runs them in a child process of its own, then MkDocs in the build's process and "
        "forked workers.",
        "",
        "## Sizes",
        "",
        *_table(
            head,
            [
                ["site (MB)", *per(lambda s: _mb(s.sizes["site_bytes"]))],
                ["files in the site", *per(lambda s: _n(s.sizes["files"]))],
                ["HTML pages", *per(lambda s: _n(s.sizes["html_pages"]))],
                [
                    "one proposal page, median (KB of HTML)",
                    *per(lambda s: _kb(s.sizes["proposal_median"])),
                ],
                [
                    "largest proposal page (KB of HTML)",
                    *per(lambda s: _kb(s.sizes["proposal_max"])),
                ],
                [
                    "largest HTML page (KB)",
                    *per(
                        lambda s: (
                            f"{_kb(s.sizes['largest_html'])} (`{s.sizes['largest_html_path']}`)"
                        )
                    ),
                ],
                [
                    "search index, `search-index/` (MB)",
                    *per(lambda s: _mb(s.sizes["search_bytes"])),
                ],
                ["files in `search-index/`", *per(lambda s: _n(s.sizes["search_files"]))],
            ],
        ),
        "",
        "## Search in Chromium",
        "",
        "The site served by Python's `http.server` on 127.0.0.1 (no compression), Debian's Chromium "
        "driven by Playwright, a fresh browser context (empty cache) per query. After the search page "
        "`/sog/` has loaded, the query is typed into its search box; *bytes* are the transferred "
        "bytes (headers and bodies) of every response that finished after the page load and before the "
        "first result was shown; *time* runs from the last keystroke to the first result on screen "
        "(theme/assets/search.js waits 100 ms after a keystroke before it searches). "
        "Each query is a word form that occurs on no page (*literal* counts the proposal pages that "
        "contain it), so a result shows that Danish word forms are found.",
        "",
        *_table(
            [
                "N",
                "query",
                "results",
                "literal",
                "time (s)",
                "bytes until results (KB)",
                "requests",
                "KB after settling",
                "search page load (KB)",
            ],
            [
                [
                    _n(s.n),
                    f"`{q['query']}`",
                    _n(q["results"]),
                    str(q["literal"]),
                    f"{q['seconds']:.2f}",
                    _kb(q["bytes"]),
                    str(q["requests"]),
                    _kb(q["bytes_settled"]),
                    _kb(q["page_load_bytes"]),
                ]
                for s in sizes
                for q in s.search["queries"]
            ],
        ),
        "",
        f"Files fetched for `{big.search['queries'][0]['query']}` at N = {_n(big.n)}: "
        + ", ".join(_counted(big.search["queries"][0]["files"]))
        + ".",
        "",
    ]
    if len(sizes) > 1:
        lines += [
            f"## Growth from N = {_n(sizes[0].n)} to {_n(big.n)}",
            "",
            "The exponent b of time ≈ a·N^b, fitted (least squares on logarithms) to the sizes above; 1 is linear.",
            "",
            *_table(
                ["stage", "exponent (wall-clock)", "exponent (CPU seconds)"],
                [
                    [label, f"{exponent(sizes, key):.2f}", f"{exponent(sizes, key, 'cpu'):.2f}"]
                    for key, label in _stages(sizes)
                ],
            ),
            "",
        ]
    else:
        lines += ["## Growth", "", "Needs two sizes or more; this run measured one.", ""]
    lines += _change_section(change, serve, args.serve_size)
    lines += _targets(sizes, change, serve, args.serve_size)
    if parts:
        lines += _parts_section(parts)
    if profile:
        lines += _profile_section(profile, big.n)
    lines += [
        "## Reproduce",
        "",
        "```sh",
        "make bench                                   # N = 1,000, 5,000 and 10,000; writes bench/RESULTS.md",
        ".venv/bin/python -m bench.run --sizes 200 --serve-size 200 --out /tmp/RESULTS.md   # a quick run",
        ".venv/bin/python -m bench.synth /tmp/archive 1000   # only the synthetic archive",
        "```",
        "",
        "The archives stay in `bench/out/` (git-ignored) for inspection.",
        "",
    ]
    return "\n".join(lines)


def _counted(files: list) -> list[str]:
    """'`name` ×count (KB)' per kind of file fetched; files are [name, bytes] (or names alone)."""
    counts: dict[str, list[int]] = {}
    for f in files:
        name, size = (f, None) if isinstance(f, str) else f
        name = name.split("?", 1)[0]
        counts.setdefault(name, []).append(size)
    out = []
    for name, sizes in counts.items():
        text = f"`{name}`" + (f" ×{len(sizes)}" if len(sizes) > 1 else "")
        out.append(text if None in sizes else f"{text} ({_kb(sum(sizes))} KB)")
    return out


def _change_section(change: dict, serve: dict, n: int) -> list[str]:
    rows = []
    for what, label in (("body", "a sentence added to the body"), ("title", "the title changed")):
        c = change[what]
        rows.append(
            [
                label,
                f"`{c['proposal']}`",
                _n(c["files"]),
                _n(c["changed"]),
                _n(c["rewritten"]),
                _n(c["needless"]),
                _n(c["kept"]),
                _s(c["seconds"]),
            ]
        )
    return [
        f"## Changing one proposal (N = {_n(n)})",
        "",
        "Regenerating (`prepare()` in a fresh process, with the stores of the previous run) after one edit; every file of build/pages is "
        "compared before and after (modification time and bytes). *Needless* counts files rewritten "
        "with the same text.",
        "",
        *_table(
            [
                "edit",
                "proposal",
                "generated files",
                "text changed",
                "rewritten",
                "needless",
                "mtime kept",
                "regenerate (s)",
            ],
            rows,
        ),
        "",
        f"Live preview: `proposal-archive serve` on 127.0.0.1 took {_s(serve['startup'])} s to serve the first "
        "page. Then, one at a time, a sentence was added to a proposal, and its page polled every 50 ms "
        "until the sentence showed: " + ", ".join(f"{s:.2f} s" for s in serve["latencies"]) + ".",
        "",
    ]


def _targets(sizes: list[Size], change: dict, serve: dict, serve_n: int) -> list[str]:
    big = sizes[-1]
    at = f"N = {_n(big.n)}"
    ratio = big.times["build"] / big.times["floor"]
    growth = exponent(sizes, "build")
    growth_cpu = exponent(sizes, "build", "cpu")
    queries = big.search["queries"]
    worst_bytes = max(q["bytes"] for q in queries)
    worst_time = max(q["seconds"] for q in queries)
    forms = all(q["results"] > 0 and q["literal"] == 0 for q in queries)
    peak = max(big.tree_memory["build"], big.tree_memory.get("build_changed", 0))
    needless = sum(c["needless"] + c["missed"] for c in change.values())
    slowest = max(serve["latencies"])
    rows = [
        [
            f"whole build within {TARGET_FLOOR_RATIO:g}× the floor",
            f"{_s(big.times['build'])} s ÷ {_s(big.times['floor'])} s = {ratio:.1f}× ({at})",
            _met(ratio <= TARGET_FLOOR_RATIO),
        ],
        [
            f"linear from the smallest to the largest N (exponent ≤ {TARGET_EXPONENT})",
            f"whole build: {growth:.2f} (CPU seconds: {growth_cpu:.2f})"
            if growth is not None
            else "needs two sizes",
            _met(growth is not None and growth <= TARGET_EXPONENT),
        ],
        [
            f"peak memory < {TARGET_MEMORY_MB} MB",
            f"{peak:.0f} MB, the whole build's processes together ({at}; from an empty build/ {big.tree_memory['build']:.0f}, "
            f"one proposal changed {big.tree_memory.get('build_changed', 0):.0f}; by stage: check + generate "
            f"{big.tree_memory['prepare']:.0f}, MkDocs {big.tree_memory['mkdocs']:.0f})",
            _met(peak < TARGET_MEMORY_MB),
        ],
        [
            f"a proposal page < {TARGET_PAGE_KB} KB of HTML",
            f"largest {_kb(big.sizes['proposal_max'])} KB, median {_kb(big.sizes['proposal_median'])} KB ({at})",
            _met(big.sizes["proposal_max"] < TARGET_PAGE_KB * KB),
        ],
        [
            f"a search query downloads < {TARGET_QUERY_KB} KB",
            f"{_kb(worst_bytes)} KB, the most of {len(queries)} queries ({at})",
            _met(worst_bytes < TARGET_QUERY_KB * KB),
        ],
        [
            f"a search finds results in < {TARGET_QUERY_SECONDS} s in Chromium",
            f"{worst_time:.2f} s, the slowest of {len(queries)} queries ({at})",
            _met(worst_time < TARGET_QUERY_SECONDS),
        ],
        [
            "search finds Danish word forms",
            ", ".join(
                f"`{q['query']}`: {_n(q['results'])} results, {q['literal']} literal"
                for q in queries
            ),
            _met(forms),
        ],
        [
            f"whole build < {TARGET_PUBLISH_SECONDS:g} s after a one-proposal change",
            f"{_s(big.times['build_changed'])} s ({at}; {_s(big.cpu['build_changed'])} CPU seconds; "
            "the stores of the previous build and the previous site's unchanged pages)",
            _met(big.times["build_changed"] < TARGET_PUBLISH_SECONDS),
        ],
        *_prepare_targets(big, at),
        [
            "regenerating rewrites only files whose text changed",
            f"{needless} needless rewrites or missed changes (N = {_n(serve_n)})",
            _met(needless == 0),
        ],
        [
            f"`proposal-archive serve` shows a change in < {TARGET_SERVE_SECONDS:g} s",
            f"{slowest:.2f} s, the slowest of {len(serve['latencies'])} edits (N = {_n(serve_n)})",
            _met(slowest < TARGET_SERVE_SECONDS),
        ],
    ]
    note = (
        []
        if big.n >= 10_000
        else [
            f"The targets are for N = 10,000 (serve: 1,000); this run's largest size is {_n(big.n)}.",
            "",
        ]
    )
    return ["## Targets", "", *note, *_table(["target", "measured", ""], rows), ""]


def _prepare_targets(big: Size, at: str) -> list[list[str]]:
    """check + generate under the target: after a change (what a build after an edit or a
    pull request does: the stores of the previous build) and from an empty build/ (a first build,
    a fresh clone without a restored build/cache/), each judged on its own."""
    rows = []
    if "prepare_changed" in big.times:
        changed = big.times["prepare_changed"]
        rows.append(
            [
                f"check + generate < {TARGET_PREPARE_SECONDS:g} s, after a change",
                f"{_s(changed)} s with one proposal changed, {_s(big.times['prepare_unchanged'])} s with none ({at}; the stores of the previous build)",
                _met(changed < TARGET_PREPARE_SECONDS),
            ]
        )
    cold = big.times["prepare"]
    rows.append(
        [
            f"check + generate < {TARGET_PREPARE_SECONDS:g} s, from an empty build/",
            f"{_s(cold)} s ({at}, nothing stored yet: every file checked, every page rendered)",
            _met(cold < TARGET_PREPARE_SECONDS),
        ]
    )
    return rows


def _profile_section(profile: dict, n: int) -> list[str]:
    out = [
        f"## Profile (cProfile, N = {_n(n)})",
        "",
        "Where the time goes, to find the bottlenecks: the functions with the most own time (cProfile "
        "makes everything slower, some calls more than others).",
        "",
    ]
    for key, title in (
        ("prepare", "check + generate (`prepare()` on one process, empty build/pages)"),
        ("mkdocs", "MkDocs build"),
    ):
        p = profile[key]
        out += [f"### {title}: {_s(p['seconds'])} s under the profiler", "", "Most own time:", ""]
        out += _table(
            ["function", "calls", "own (s)", "cumulative (s)"],
            [
                [f"`{r['function']}`", _n(r["calls"]), _s(r["own"]), _s(r["cumulative"])]
                for r in p["by_own"]
            ],
        )
        out += ["", "Most cumulative time (the callers that spend it):", ""]
        out += _table(
            ["function", "calls", "own (s)", "cumulative (s)"],
            [
                [f"`{r['function']}`", _n(r["calls"]), _s(r["own"]), _s(r["cumulative"])]
                for r in p["by_cumulative"]
            ],
        )
        out.append("")
    return out


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark proposal-archive on synthetic archives."
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 5000, 10000],
        help="archive sizes N (default: 1000 5000 10000)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "bench" / "RESULTS.md",
        help="the report (default: bench/RESULTS.md)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "bench" / "out",
        help="where the archives go (default: bench/out)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rev",
        default=None,
        help="measure the generator, templates and theme as of this git revision (default: the working tree)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each timed stage this many times and keep the fastest (default: 1)",
    )
    parser.add_argument(
        "--serve-size",
        type=int,
        default=1000,
        help="N of the change and live-preview measurements (default: 1000)",
    )
    parser.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="skip the cProfile runs at the largest N",
    )
    parser.add_argument(
        "--report-from",
        type=Path,
        default=None,
        metavar="JSON",
        help="measure nothing: write the report from the raw figures a run saved (WORK/results.json)",
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes))
    raw_file = args.work / "results.json"
    if args.report_from:
        raw = json.loads(args.report_from.read_text(encoding="utf-8"))
        vars(args).update(raw["args"])
        sizes = [Size(**s) for s in raw["sizes"]]
        args.out.write_text(
            report(
                sizes,
                raw["change"],
                raw["serve"],
                raw["profile"],
                args,
                raw["machine"],
                raw["date"],
                raw.get("parts"),
            ),
            encoding="utf-8",
        )
        log(f"wrote {args.out} from {args.report_from}")
        return 0
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    global SOURCE, REV
    if args.rev:
        SOURCE, REV = checkout(args.rev, args.work / "source")
        args.rev = REV  # the report names the commit, not a name that moves (HEAD)
        log(f"measuring commit {REV} (extracted into {SOURCE})")

    global TRASH
    TRASH = Trash(args.work / "trash")
    sizes, change, serve = [], None, None
    for n in sorted(set(args.sizes) | {args.serve_size}):
        root = args.work / f"n{n}"
        if n in args.sizes:
            sizes.append(measure(n, root, args.seed, args.repeat))
        else:
            log(f"N={n}: writing the synthetic archive for the change measurements")
            synth.make_archive(root, n, args.seed, SOURCE, discard)
        if n == args.serve_size:
            log(f"N={n}: changing one proposal and regenerating")
            change = measure_change(root)
            log(f"N={n}: live preview (proposal-archive serve)")
            serve = measure_serve(root)
    profile = measure_profile(args.work / f"n{args.sizes[-1]}") if args.profile else None
    parts = measure_parts(args.work / f"n{args.sizes[-1]}")
    TRASH.empty()
    raw = {
        "args": {
            "sizes": args.sizes,
            "seed": args.seed,
            "repeat": args.repeat,
            "serve_size": args.serve_size,
            "rev": args.rev,
        },
        "machine": machine(),
        "date": dt.date.today().isoformat(),
        "sizes": [vars(s) for s in sizes],
        "change": change,
        "serve": serve,
        "profile": profile,
        "parts": parts,
    }
    raw_file.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        report(sizes, change, serve, profile, args, raw["machine"], raw["date"], parts),
        encoding="utf-8",
    )
    log(f"wrote {args.out} (raw figures in {raw_file})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
