"""The real archive builds strictly, every number of every seed table is on its page, builds
are atomic and reproducible, and the published schema is current."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.numbers import format_decimal, parse_decimal

from site_tests.archives import REPO, digest, make_archive, run_cli

SEEDS = {
    "000_38a21586278e6fa1.txt": "kk-b2018-bi-10",
    "001_ecaf21bd3aec98cb.txt": "kk-b2016-bi2",
    "002_53272285bb049b5d.txt": "kk-b2019-bc24",
    "003_e1fb3635b9857978.txt": "kk-b2023-faerre-samtaler-ressourceforloeb",
    "004_9ddf433fb8a79686.txt": "htk-2012-charlotteager",
}
# An amount as the documents print it: 700, -1.000, 1.046.270, 6717 (not codes such as 18.10).
AMOUNT = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)$")
# Tab-separated lines of seed 001 that are text tables, not budget tables.
TEXT_TABLE_MARKERS = (
    "Eksekveringsparat",
    "Udvalgsbehandlet",
    "Kan igangsættes",
    "Høringproces",
    "Projekt hørt",
    "(Del)aktivitet",
    "Punkter til dagsorden",
    "1. Afslutning",
)


class Cells(HTMLParser):
    """The text of every table cell of a page."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._depth += 1
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.cells[-1] += data


def seed_amounts(text: str) -> list[tuple[str, str]]:
    """(line label, amount as printed) for every amount in the seed's tab-separated tables."""
    out = []
    for line in text.splitlines():
        if "\t" not in line or line.startswith(TEXT_TABLE_MARKERS) or "Bydækkende" in line:
            continue
        cells = [c.strip() for c in line.split("\t")]
        for cell in cells[1:]:
            if AMOUNT.match(cell) and not re.fullmatch(r"20\d\d", cell):
                out.append((cells[0], cell))
    return out


def page_cells(site: Path, proposal_id: str) -> list[str]:
    parser = Cells()
    parser.feed((site / "forslag" / proposal_id / "index.html").read_text(encoding="utf-8"))
    return [" ".join(c.split()) for c in parser.cells]


@pytest.mark.parametrize("seed, proposal_id", sorted(SEEDS.items()))
def test_every_seed_table_number_is_on_its_page_in_danish_format(real_site, seed, proposal_id):
    amounts = seed_amounts((REPO / "site_tests" / "seeds" / seed).read_text(encoding="utf-8"))
    assert amounts, "the seed's tables were not found"
    cells = page_cells(real_site, proposal_id)
    missing = []
    for label, printed in amounts:
        value = parse_decimal(printed, locale="da_DK")
        formatted = format_decimal(value, locale="da_DK", group_separator=True)
        if formatted not in cells:
            missing.append(f"{label}: {printed} (expected a cell '{formatted}')")
    assert not missing, "\n".join(missing)


def test_dash_and_zero_stay_distinct(real_site):
    cells = page_cells(real_site, "kk-b2018-bi-10")
    assert cells.count("-") >= 4  # 2020 and 2021 print a dash
    assert "0" not in cells
    assert "0" in page_cells(real_site, "kk-b2016-bi2")  # seed 001 prints 0


def test_wrong_printed_total_is_shown_with_the_sum(real_site):
    html = (real_site / "forslag" / "htk-2012-charlotteager" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Opgjort i dokumentet: 1.046.270 kr.; summen af linjerne: 1.046.167 kr." in html


def build(root: Path, site: Path, *extra) -> subprocess.CompletedProcess:
    return run_cli(root, "build", "--site-dir", str(site), *extra)


def test_two_builds_are_byte_identical(real_site, tmp_path):
    again = tmp_path / "again"
    assert build(REPO, again).returncode == 0
    assert digest(again) == digest(real_site)


def test_failing_build_leaves_previous_site_untouched(tmp_path):
    root = make_archive(tmp_path / "archive", "small")
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    before = digest(site)

    # an error in a proposal: check stops the build
    (root / "proposals" / "zz-small-savings.md").write_text("---\nid: zz-small-savings\n---\n")
    result = build(root, site)
    assert result.returncode == 1
    assert (
        "proposals/zz-small-savings.md:1:1: error: missing required field 'title' [missing-field]"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert digest(site) == before

    # a failure inside MkDocs (a broken link in a template, caught by strict link validation)
    (root / "proposals" / "zz-small-savings.md").unlink()
    template = root / "templates" / "search.md.j2"
    template.write_text(template.read_text() + "\n[broken](no-such-page.md)\n")
    result = build(root, site)
    assert result.returncode == 1
    assert "MkDocs build failed" in result.stderr and "Traceback" not in result.stderr
    assert digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_published_schema_is_up_to_date():
    result = run_cli(REPO, "schema", "--check")
    assert result.returncode == 0, result.stdout


def descendants(pid: int) -> list[int]:
    """The processes below pid, as Linux lists them now."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:  # the task or process has just ended
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def running(pid: int, marker: str) -> bool:
    """pid is a process that has not ended (a zombie has: it waits only for its parent) and has
    marker in its command line (not a later process given the same number)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z" and marker in command


def test_killed_build_leaves_previous_site_whole(tmp_path):
    import signal
    import time

    root = make_archive(tmp_path / "archive", "small")
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    before = digest(site)
    savings = root / "proposals" / "zz-small-savings.md"
    savings.write_text(savings.read_text().replace("Ingen henvisninger her.", "Ny tekst."))

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "--root",
            str(root),
            "build",
            "--site-dir",
            str(site),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()  # every process seen below the build
    while (
        not list(tmp_path.glob(".site-new-*"))
        and process.poll() is None
        and time.monotonic() < deadline
    ):
        workers.update(descendants(process.pid))
        time.sleep(0.005)
    workers.update(descendants(process.pid))
    process.send_signal(signal.SIGKILL)  # halfway: MkDocs is writing the new site
    process.wait()
    assert digest(site) == before
    # its worker processes end with it (generator/parallel.py), rather than wait for work forever
    deadline = time.monotonic() + 30
    while (
        alive := [pid for pid in workers if running(pid, str(root))]
    ) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers and not alive, f"workers {sorted(workers)}, still running {alive}"

    assert build(root, site).returncode == 0  # the next build cleans up after the killed one
    assert not list(tmp_path.glob(".site-new-*"))
    assert "Ny tekst." in (site / "forslag" / "zz-small-savings" / "index.html").read_text(
        encoding="utf-8"
    )


def test_every_header_cell_on_every_page_has_a_scope(real_site):
    """Budget tables carry scopes from the templates; text tables in bodies get them from the hook."""
    missing = []
    for page in sorted(real_site.rglob("*.html")):
        for th in re.findall(r"<th(?=[\s>])[^>]*>", page.read_text(encoding="utf-8")):
            if "scope=" not in th:
                missing.append(f"{page.relative_to(real_site)}: {th}")
    assert not missing, "\n".join(missing)
    assert "<table" in (real_site / "forslag" / "kk-b2016-bi2" / "index.html").read_text(
        encoding="utf-8"
    )


def test_mkdocs_on_several_processes_builds_the_same_site_and_the_same_checks(tmp_path):
    """generator/engine/parallel_build.py (MkDocs' build split over worker processes, used for large
    archives) makes the site MkDocs' own build makes, byte for byte, and fails on a broken link
    or anchor, on any worker's page, as MkDocs does."""
    from generator.diagnostics import ArchiveError
    from generator.engine import build_into
    from generator.parallel import JOBS_PER_WORKER
    from generator.pipeline import prepare
    from generator.project import Project

    # Proposals with footnotes, more than twice as many as the build has shares of pages (a
    # share takes every n-th page), so that some share converts two of them one after the
    # other: what one page's Markdown left behind (a footnote, a stashed block) would show on
    # the next (parallel_build reuses a Markdown instance within a share).
    savings = (
        REPO / "site_tests" / "fixtures" / "small" / "proposals" / "zz-small-savings.md"
    ).read_text(encoding="utf-8")
    noted = {
        f"zz-note-{n}.md": savings.replace("id: zz-small-savings", f"id: zz-note-{n}").replace(
            "code: ZB2", f"code: ZN{n}"
        )
        + f"\nFodnote nummer {n}.[^n{n}]\n\n[^n{n}]: Noten til side {n}.\n"
        for n in range(2 * 2 * JOBS_PER_WORKER + 1)
    }
    root = make_archive(tmp_path / "archive", "small", noted)
    project = Project(root)
    diagnostics, report = prepare(project)
    assert report is not None, diagnostics
    build_into(project, tmp_path / "serial", workers=1)
    build_into(project, tmp_path / "parallel", workers=2, min_pages=1)
    assert digest(tmp_path / "parallel") == digest(tmp_path / "serial")

    pages = sorted((project.pages / "forslag").glob("*.md"))
    for broken, found in [
        ("[x](../no-such-page.md)", "no-such-page.md"),  # a page that does not exist
        ("[x](../index.md#no-such-anchor)", "no-such-anchor"),  # an anchor on another page
    ]:
        for page in pages:  # on every page, so that each worker meets one
            page.write_text(page.read_text(encoding="utf-8") + f"\n\n{broken}\n", encoding="utf-8")
        with pytest.raises(ArchiveError) as caught:
            build_into(project, tmp_path / "broken", workers=2, min_pages=1)
        assert "MkDocs build failed" in caught.value.diagnostics[0].message
        prepare(project)  # the generator writes the pages back
        assert not any(found in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize("offline, edit_links", [(False, False), (True, False), (False, True)])
def test_pages_rendered_from_a_shell_are_the_pages_material_renders(
    tmp_path, monkeypatch, offline, edit_links
):
    """For the pages outside the navigation, Material's whole page is rendered once per folder
    and filled in per page (generator/engine/page_shell.py). The site is the same, byte for
    byte, as Material's own rendering of every page: index pages (in the navigation, each
    marking itself current), proposal pages, term pages and the further pages of a split list,
    pages with and without a description; and a site whose pages each link to their own source
    for editing (a per-page value the shell does not fill: those pages render in full)."""
    from generator.engine import build_into
    from generator.pipeline import prepare
    from generator.project import Project
    from site_tests.generator.test_term_pages import with_page_size

    undescribed = (
        REPO / "site_tests" / "fixtures" / "small" / "proposals" / "zz-small-closed.md"
    ).read_text(encoding="utf-8")
    assert "summary:" not in undescribed  # a page without a description (no summary)
    # a table of contents three levels deep, with markup and an ampersand in its headings
    savings = (
        REPO / "site_tests" / "fixtures" / "small" / "proposals" / "zz-small-savings.md"
    ).read_text(encoding="utf-8")
    headed = savings.replace("id: zz-small-savings", "id: zz-small-headed").replace(
        "code: ZB2", "code: ZH2"
    ) + (
        "\n## Drift & *anlæg*\n\nTekst.\n\n### Bydel og `kode`\n\nTekst.\n\n#### År 2030\n\nTekst.\n\n### Sidst\n\nTekst.\n"
    )
    root = make_archive(tmp_path / "archive", "small", {"zz-small-headed.md": headed})
    with_page_size(root, 1)  # kommuner/koebenhavn/side-2/ …: pages one folder deeper
    if edit_links:
        mkdocs_yml = root / "mkdocs.yml"
        text = mkdocs_yml.read_text(encoding="utf-8").replace(
            "    - navigation.top\n", "    - navigation.top\n    - content.action.edit\n"
        )
        mkdocs_yml.write_text(
            text
            + "\nrepo_url: https://git.example.org/archive\nedit_uri: edit/main/build/pages/\n",
            encoding="utf-8",
        )
    project = Project(root)
    diagnostics, report = prepare(project, audience="intranet", offline=offline)
    assert report is not None, diagnostics
    assert (project.pages / "kommuner" / "koebenhavn" / "side-2.md").exists()
    build_into(
        project, tmp_path / "shell", offline=offline, workers=2, min_pages=1
    )  # as a large archive is built
    monkeypatch.setenv("PA_PAGE_SHELL", "0")
    build_into(
        project, tmp_path / "every", offline=offline
    )  # MkDocs' own build, Material's own rendering
    assert digest(tmp_path / "shell") == digest(tmp_path / "every")


@pytest.mark.parametrize(
    "min_pages", [1, 10_000]
)  # MkDocs on two processes (parallel_build.py), and its own build
def test_the_site_waits_for_the_search_index_and_a_failing_generator_leaves_the_previous_site(
    tmp_path, min_pages, monkeypatch
):
    """`proposal-archive build` starts MkDocs as soon as the pages are written, while the
    generator still merges the search index: the index goes into the site only after ready()
    says it is complete, and when ready() fails, the previous site stays."""
    from generator import engine, parallel
    from generator.diagnostics import ArchiveError, error
    from generator.pipeline import prepare
    from generator.project import Project

    root = make_archive(tmp_path / "archive", "small")
    project = Project(root)
    diagnostics, report = prepare(project)
    assert report is not None, diagnostics
    # as if the generator had not yet written the index when MkDocs started
    complete = (project.search_index / "meta.json").read_text(encoding="utf-8")
    (project.search_index / "meta.json").unlink()
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", min_pages)
    waited = []

    def ready():
        waited.append(True)
        (project.search_index / "meta.json").write_text(complete, encoding="utf-8")

    site = tmp_path / "site"
    engine.build(project, site, workers=2, ready=ready)
    assert waited == [True]
    assert (site / "search-index" / "meta.json").read_text(encoding="utf-8") == complete
    before = digest(site)

    def failed():
        raise ArchiveError([error("proposals", 1, 1, "test", "the generator failed")])

    with pytest.raises(ArchiveError):
        engine.build(project, site, workers=2, ready=failed)
    assert digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_preparing_says_when_the_pages_are_written(tmp_path):
    from generator.pipeline import Preparing
    from generator.project import Project

    root = make_archive(tmp_path / "archive", "small")
    with Preparing(Project(root), workers=2) as preparing:
        assert preparing.pages_written()
        assert (root / "build" / "pages" / "index.md").is_file()
        diagnostics, report = preparing.result()
    assert report is not None and report.written
    assert (root / "build" / "search-index" / "meta.json").is_file()

    (root / "proposals" / "zz-small-savings.md").write_text(
        "---\nid: zz-small-savings\n---\n", encoding="utf-8"
    )
    with Preparing(Project(root), workers=2) as preparing:
        assert not preparing.pages_written()
        diagnostics, report = preparing.result()
    assert report is None and any(d.code == "missing-field" for d in diagnostics)
