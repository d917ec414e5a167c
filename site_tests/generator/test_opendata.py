"""Open data (generator/opendata.py, docs/data.md): the JSON validates against its published
schema, the CSV and the Data Package against Frictionless, every amount equals the page's, `-`
stays apart from 0, and the public data holds public proposals and no internal field."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import frictionless
import jsonschema
import pytest

from generator.check import for_audience, load
from generator.opendata import (
    ARCHIVE_CSV,
    ARCHIVE_JSON,
    CSV_FIELDS,
    DATAPACKAGE,
    Piece,
    data_files,
)
from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import REPO, make_archive

SCHEMA = json.loads((REPO / "schema" / "data.schema.json").read_text(encoding="utf-8"))


def texts(files) -> dict[str, str]:
    """data_files' (path, bytes) as {path: text}, a file given in pieces joined."""
    out: dict[str, bytes] = {}
    for path, data in files:
        assert isinstance(data, Piece) or path not in out, f"{path} given twice"
        out[path] = out.get(path, b"") + data
    return {path: data.decode("utf-8") for path, data in out.items()}


def seeds_archive(root: Path) -> Path:
    return make_archive(
        root, proposals={p.name: p.read_bytes() for p in (REPO / "proposals").glob("*.md")}
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The repository's proposals: their generated pages and their public data files."""
    root = seeds_archive(tmp_path_factory.mktemp("seeds") / "a")
    project = Project(root)
    prepare(project)
    archive = for_audience(load(project), "public")
    return project, archive, texts(data_files(archive, "public", lambda p: f"forslag/{p.id}/"))


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_json_file_validates_against_the_published_schema(seeds):
    _, archive, files = seeds
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    jsons = {
        path: json.loads(text)
        for path, text in files.items()
        if path.endswith(".json") and path != DATAPACKAGE
    }
    assert len(jsons) == len(archive.proposals) + 1
    for path, data in jsons.items():
        errors = [
            f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)
        ]
        assert not errors, "\n".join(errors)
    everything = jsons[ARCHIVE_JSON]
    assert (everything["format_version"], everything["audience"]) == (1, "public")
    assert [p["id"] for p in everything["proposals"]] == [p.id for p in archive.proposals]
    for p in everything["proposals"]:  # each proposal's own file holds the same object
        assert jsons[p["data"]]["proposal"] == p


def test_a_schema_violation_is_found():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(
        {"format": "proposal-archive-data", "format_version": 2, "audience": "public"}
    )


def page_tables(page: str) -> dict[int, list[tuple[str, list[str]]]]:
    """A generated proposal page's budget tables: number → [(row label, its cells as shown)]."""
    tables = {}
    for match in re.finditer(r'<caption id="[^"]+-tabel-(\d+)">.*?</table>', page, re.S):
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(0), re.S):
            label = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row)
            if label and "beregnet af arkivet" not in label.group(1):
                rows.append(
                    (label.group(1), re.findall(r'<td class="pa-num[^"]*"[^>]*>(.*?)</td>', row))
                )
        tables[int(match.group(1))] = rows
    return tables


def test_every_amount_of_every_seed_equals_its_page(seeds):
    project, archive, files = seeds
    lines = csv_rows(files[ARCHIVE_CSV])
    everything = json.loads(files[ARCHIVE_JSON])["proposals"]
    compared = 0
    for p in everything:
        page = (project.pages / "forslag" / f"{p['id']}.md").read_text(encoding="utf-8")
        shown = page_tables(page)
        assert sorted(shown) == [t["number"] for t in p["budget"]]
        for t in p["budget"]:
            years = len(t["years"])
            expected = [(r["label"], r["printed"]) for r in t["rows"] if r["type"] != "heading"]
            expected += [(r["label"], r["printed"]) for r in t["totals"]]
            on_page = [(label, cells[:years]) for label, cells in shown[t["number"]]]
            assert [(label.replace("&amp;", "&"), cells) for label, cells in on_page] == expected
            from_csv = [
                r["amount_printed"]
                for r in lines
                if r["proposal_id"] == p["id"] and r["table"] == str(t["number"])
            ]
            assert from_csv == [c for _, cells in expected for c in cells]
            own = csv_rows(files[f"forslag/{p['id']}-tabel-{t['number']}.csv"])
            assert own == [
                r for r in lines if r["proposal_id"] == p["id"] and r["table"] == str(t["number"])
            ]
            compared += len(from_csv)
    assert compared > 80  # the five seeds print 85 amounts in their tables


def test_a_dash_stays_apart_from_zero(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    archive = for_audience(load(Project(root)), "public")
    files = texts(data_files(archive, "public", lambda p: f"forslag/{p.id}/"))
    (drift,) = [
        r
        for r in json.loads(files["forslag/zz-small-cafe.json"])["proposal"]["budget"][0]["rows"]
        if r["label"] == "Drift"
    ]
    assert drift["printed"] == ["700", "0", "-"] and drift["amounts"] == [700, 0, None]
    lines = [
        r
        for r in csv_rows(files[ARCHIVE_CSV])
        if r["proposal_id"] == "zz-small-cafe" and r["row"] == "Drift"
    ]
    assert [(r["amount_printed"], r["amount_kr"]) for r in lines] == [
        ("700", "700000"),
        ("0", "0"),
        ("-", ""),
    ]
    assert {r["styringsomraade"] for r in lines} == {"Service"} and {
        r["net_sign"] for r in lines
    } == {"1"}


def test_frictionless_validates_the_data_package(seeds, tmp_path):
    _, _, files = seeds
    for path in (ARCHIVE_CSV, ARCHIVE_JSON, DATAPACKAGE):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(files[path], encoding="utf-8")
    report = frictionless.validate(str(tmp_path / DATAPACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    header = files[ARCHIVE_CSV].splitlines()[0].split(",")
    assert header == [name for name, _, _ in CSV_FIELDS]
    # and a broken file is found: an amount in kroner that is not a whole number
    broken = files[ARCHIVE_CSV].replace(",-500000,", ",-500000.5,", 1)
    assert broken != files[ARCHIVE_CSV]
    (tmp_path / ARCHIVE_CSV).write_text(broken, encoding="utf-8")
    assert not frictionless.validate(str(tmp_path / DATAPACKAGE)).valid


def test_public_data_has_public_proposals_only_and_no_internal_field(tmp_path):
    root = make_archive(tmp_path / "a", "confidential")
    loaded = load(Project(root))
    public = texts(
        data_files(for_audience(loaded, "public"), "public", lambda p: f"forslag/{p.id}/")
    )
    intranet = texts(
        data_files(for_audience(loaded, "intranet"), "intranet", lambda p: f"forslag/{p.id}/")
    )
    assert "forslag/zz-conf-closed.json" not in public and "forslag/zz-conf-closed.json" in intranet
    text = "\n".join(public.values())
    for secret in (
        "zz-conf-closed",
        "HEMMELIGTITEL",
        "Fortrolig Sagsbehandlersen",
        "INTERNNOTE-XYZ",
        '"internal"',
    ):
        assert secret not in text
    opened = json.loads(intranet["forslag/zz-conf-open.json"])["proposal"]
    assert opened["internal"]["caseworker"] == "Fortrolig Sagsbehandlersen"
    closed = json.loads(intranet["forslag/zz-conf-closed.json"])["proposal"]
    assert closed["public"] is False
    assert {
        r["public"] for r in csv_rows(intranet[ARCHIVE_CSV]) if r["proposal_id"] == "zz-conf-closed"
    } == {"nej"}


def test_the_same_archive_gives_the_same_bytes(seeds):
    project, _, files = seeds
    again = texts(
        data_files(for_audience(load(project), "public"), "public", lambda p: f"forslag/{p.id}/")
    )
    assert again == files


def test_the_render_store_keeps_each_proposals_data_while_its_file_is_the_same(
    tmp_path, monkeypatch
):
    """A second run with the stores makes no proposal's data anew, a run after one proposal
    changed only that one's (site_tests/generator/test_render_store.py checks that the files
    are then what a run without stores makes)."""
    from generator import opendata
    from generator.pipeline import prepare

    made = []
    original = opendata.proposal_object
    monkeypatch.setattr(
        opendata, "proposal_object", lambda p, *rest: made.append(p.id) or original(p, *rest)
    )
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    prepare(project, stored=True)
    assert sorted(made) == ["zz-small-cafe", "zz-small-evaluation", "zz-small-savings"]
    made.clear()
    prepare(project, stored=True)
    assert made == []
    path = project.proposals / "zz-small-savings.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Færre samtaler", "Færre møder"), encoding="utf-8"
    )
    prepare(project, stored=True)
    assert made == ["zz-small-savings"]
    assert "Færre møder" in (project.files / "forslag" / "zz-small-savings.json").read_text(
        encoding="utf-8"
    )


def test_a_relation_through_an_earlier_id_names_the_proposals_id_now(tmp_path):
    """A related entry naming an alias is the proposal that has it now, as on the page; the
    render store makes the relating proposal's data anew when its relation's target is renamed
    (its own file unchanged)."""
    from generator.pipeline import prepare

    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    prepare(project, stored=True)
    cafe = project.files / "forslag" / "zz-small-cafe.json"
    before = json.loads(cafe.read_text(encoding="utf-8"))["proposal"]["related"]
    assert {"id": "zz-small-evaluation", "relation": "relateret"} in before
    old = project.proposals / "zz-small-evaluation.md"
    text = old.read_text(encoding="utf-8").replace(
        "id: zz-small-evaluation\n", "id: zz-small-evaluering\naliases: [zz-small-evaluation]\n"
    )
    (project.proposals / "zz-small-evaluering.md").write_text(text, encoding="utf-8")
    old.unlink()
    diagnostics, report = prepare(project, stored=True)
    assert report is not None, [d.as_text() for d in diagnostics]
    after = json.loads(cafe.read_text(encoding="utf-8"))["proposal"]["related"]
    assert after == [
        {"id": "zz-small-evaluering", "relation": r["relation"]}
        if r["id"] == "zz-small-evaluation"
        else r
        for r in before
    ]
    whole = json.loads((project.files / ARCHIVE_JSON).read_text(encoding="utf-8"))["proposals"]
    assert [p["related"] for p in whole if p["id"] == "zz-small-cafe"] == [after]


def test_the_render_store_keeps_each_terms_data_while_its_proposals_are_the_same(
    tmp_path, monkeypatch
):
    """The terms' data files are made again only for the terms of a changed proposal
    (test_render_store.py checks that the files are then what a run without stores makes)."""
    from generator import sums, termdata, views
    from generator.pipeline import prepare

    summed = []
    original = sums.status_sums

    def counted(proposals, *rest):
        summed.append(tuple(p.id for p in proposals))
        return original(proposals, *rest)

    # (made for a term's page and data file at once, views.Numbers.sums; termdata's own for
    # a caller without the pages)
    for module in (termdata, views):
        monkeypatch.setattr(module, "status_sums", counted)
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    prepare(project, stored=True)
    first = len(summed)
    assert first >= 10
    summed.clear()
    prepare(project, stored=True)
    assert summed == []
    path = project.proposals / "zz-small-savings.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[-500,", "[-501,", 1), encoding="utf-8"
    )
    prepare(project, stored=True)
    assert summed and all("zz-small-savings" in ids for ids in summed) and len(summed) < first
