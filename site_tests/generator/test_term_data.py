"""The terms' JSON files (generator/termdata.py, docs/data.md) validate against their published
JSON Schema, schema/term-data.schema.json, in the public and the intranet build; and the
schema refuses a file with a field missing or of the wrong type."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from generator.facets import FACETS
from generator.pipeline import prepare
from generator.project import Project
from generator.termdata import TERM_FORMAT, TERM_FORMAT_VERSION
from site_tests.archives import REPO, make_archive

SCHEMA = json.loads((REPO / "schema" / "term-data.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def schema_errors(path: str, data: dict) -> list[str]:
    return [
        f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(data)
    ]


@pytest.fixture(scope="module")
def term_files(tmp_path_factory) -> dict[str, dict[str, dict]]:
    """audience → {path: the term's JSON}, of the small fixture generated for each audience
    (the files MkDocs' build puts into the site as they are, engine/placing.install_files)."""
    out = {}
    for audience in ("public", "intranet"):
        project = Project(make_archive(tmp_path_factory.mktemp(audience) / "a", "small"))
        diagnostics, report = prepare(project, audience=audience)
        assert report is not None, diagnostics
        out[audience] = {
            str(path.relative_to(project.files)): json.loads(path.read_text(encoding="utf-8"))
            for facet in FACETS
            for path in sorted((project.files / facet.id).glob("*.json"))
        }
    return out


@pytest.mark.parametrize("audience", ["public", "intranet"])
def test_every_terms_json_validates_against_the_published_schema(term_files, audience):
    files = term_files[audience]
    assert {path.split("/")[0] for path in files} == {f.id for f in FACETS}
    errors = [e for path, data in files.items() for e in schema_errors(path, data)]
    assert not errors, "\n".join(errors)
    for path, data in files.items():
        assert (data["format"], data["format_version"]) == (TERM_FORMAT, TERM_FORMAT_VERSION)
        assert (data["audience"], data["term"]["json"]) == (audience, path)


def test_the_files_validated_hold_what_the_schema_allows_for(term_files):
    """Sums, a proposal without a headline table, one shared with other terms, a year without
    an amount; and the fixture's closed proposal in the intranet's files, not the public's."""
    every = {
        audience: [p for data in files.values() for p in data["proposals"]]
        for audience, files in term_files.items()
    }
    both = every["public"] + every["intranet"]
    assert all(any(data["sums"] for data in files.values()) for files in term_files.values())
    assert any(p["headline"] is None for p in both) and any(p["shared"] for p in both)
    assert any(None in p["headline"]["net"].values() for p in both if p["headline"])
    listed = {audience: {p["id"] for p in found} for audience, found in every.items()}
    assert listed["public"] < listed["intranet"]


def test_the_schema_names_every_facet():
    assert SCHEMA["properties"]["term"]["properties"]["facet"]["enum"] == [f.id for f in FACETS]


def test_a_file_with_a_missing_or_wrongly_typed_field_is_refused(term_files):
    path, good = next(
        (path, data)
        for path, data in term_files["public"].items()
        if data["sums"] and any(p["headline"] for p in data["proposals"])
    )
    assert schema_errors(path, good) == []
    broken = copy.deepcopy(good)
    del broken["proposals"][0]["shared"]
    broken["sums"][0]["statuses"][0]["count"] = "1"
    entry = next(p for p in broken["proposals"] if p["headline"])
    entry["headline"]["net"][next(iter(entry["headline"]["net"]))] = "500"
    found = schema_errors(path, broken)
    assert len(found) == 3, found
    assert any("proposals/0: 'shared' is a required property" in e for e in found), found
    assert any("sums/0/statuses/0/count: '1' is not of type 'integer'" in e for e in found), found
    assert any("headline" in e for e in found), found
    for key in ("term", "sums", "proposals"):  # and a file without one of its parts
        assert schema_errors(path, {k: v for k, v in good.items() if k != key})
