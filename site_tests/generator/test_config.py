"""Configuration is checked like proposals: the broken configuration fixture
(fixtures/broken-config/config/) breaks every rule of docs/config.md, and the exact list of
diagnostics is asserted; `check` prints them in each format, and `build` stops with them before
touching the site."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest

from generator.configuration import load_configuration
from generator.diagnostics import ArchiveError
from generator.schema import ROW_FIELDS, proposal_schema
from site_tests.archives import FIXTURES, REPO, build_site, make_archive, run_cli

EXPECTED = [
    "config/archive.yml:4:3: error: 'site.name' must not be empty [empty-value]",
    "config/archive.yml:6:3: error: 'site.publisher' must be text, got 2024 (write it in quotes) [wrong-type]",
    "config/archive.yml:7:3: error: 'site.contact_email' 'arkiv.example.dk' is not valid; expected an e-mail address, e.g. arkiv@example.dk [bad-format]",
    "config/archive.yml:8:3: error: 'site.term_page_size' 0 is out of range; expected a whole number ≥ 1 [out-of-range]",
    "config/archive.yml:9:3: error: unknown key 'colour' in 'site'; expected one of: name, description, publisher, contact_email, term_page_size [unknown-key]",
    "config/archive.yml:13:3: error: 'website' is given twice; YAML would silently keep only the last one [duplicate-key]",
    "config/archive.yml:14:3: error: 'næsten' is not a known compliance status; expected one of: fuldt, delvist, ikke [unknown-value]",
    "config/archive.yml:15:3: error: 'accessibility.prepared' '2026-02-30' is not a date in the calendar; expected YYYY-MM-DD [bad-date]",
    "config/archive.yml:16:3: error: 'accessibility.method' has no value; expected text [empty-value]",
    "config/archive.yml:18:3: error: 'accessibility.response_days' must be a whole number, got 'fjorten' [wrong-type]",
    "config/archive.yml:20:3: error: 'caseworkr' is not a known internal field; expected one of: caseworker, internal_notes [unknown-value]",
    "config/archive.yml:22:5: error: 'kinds[1].id' 'Budget_Notat' is not valid; expected lower-case letters a-z, digits and single hyphens, e.g. svar-paa-spoergsmaal [bad-format]",
    "config/archive.yml:26:5: error: kind id 'zz-notat' is already given on line 24; each id names one kind [duplicate-id]",
    "config/archive.yml:29:5: error: 'notat' also names the kind on line 24; each name, label and alias must name one kind [duplicate-value]",
    "config/archive.yml:33:5: error: missing required key 'id' in 'statuses[2]' [missing-key]",
    "config/archive.yml:34:1: error: 'relations' must not be empty [empty-value]",
    "config/archive.yml:37:5: error: 'units[1].factor' 0 is out of range; expected a whole number ≥ 1 [out-of-range]",
    "config/archive.yml:38:26: error: 'control_areas' lists 'service' twice (also on line 38) [duplicate-value]",
    "config/archive.yml:40:5: error: column id 'total' is a field of every budget row; choose another (not: label, type, key, amounts, total, of) [reserved-name]",
    "config/archive.yml:42:5: error: missing required key 'heading' in 'columns[2]' [missing-key]",
    "config/archive.yml:43:3: error: a key must be a plain word, not a list or mapping [yaml-key]",
    "config/import.yml:3:1: error: unknown key 'heading_prefix'; expected one of: headings, heading_prefixes, subheadings, district_headings, district_grid_labels, header_fields, form_fields, meeting_fields, kind_markers, contents_headings, total_words, detail_words, total_column_headings, units, decisions, agenda_lists, closed_markers [unknown-key]",
    "config/import.yml:5:3: error: 'Bilag' is not one of the headings; a heading with subheadings must be in 'headings' [unknown-value]",
    "config/import.yml:6:22: error: 'total_words' lists 'I alt' twice (also on line 6) [duplicate-value]",
    "config/import.yml:7:1: error: 'total_column_headings' must not be empty [empty-value]",
    "config/import.yml:10:3: error: 'memo' is not a kind of config/archive.yml; expected one of: zz-notat, zz-svar [unknown-value]",
    "config/import.yml:12:3: error: 'vedtaget' is not a status of config/archive.yml; expected one of: zz-forslag [unknown-value]",
    "config/municipalities/zz-latin1.yml:2:8: error: byte 0xf8 is not valid UTF-8; save the file as UTF-8 [encoding]",
    "config/municipalities/zz-list.yml:1:1: error: the file is a list, not a mapping of keys; expected the keys: id, name, short, districts, administrations, committees [wrong-type]",
    "config/municipalities/zz-one.yml:5:6: error: 'nord' also names the district on line 4; each name, label and alias must name one district [duplicate-value]",
    "config/municipalities/zz-one.yml:7:6: error: district 'Syd/Vest' would have the same page address ('syd-vest') as 'Syd-Vest' on line 6; rename one of them [duplicate-slug]",
    "config/municipalities/zz-one.yml:9:25: error: district 'Alle bydele' is a second city-wide district (the first is on line 8); a municipality has one [city-wide]",
    "config/municipalities/zz-one.yml:9:52: error: 'Nord' also names the district on line 4; each name, label and alias must name one district [duplicate-value]",
    "config/municipalities/zz-one.yml:10:5: error: district 'Udenfor' is both city-wide and outside the municipality; it can be one of them [city-wide]",
    "config/municipalities/zz-one.yml:11:17: error: 'districts[8].city_wide' must be true or false, got 'ja' [wrong-type]",
    "config/municipalities/zz-one.yml:12:1: error: 'committees' must be a list, got a mapping [wrong-type]",
    "config/municipalities/zz-syntax.yml:3:10: error: invalid YAML: while parsing a flow sequence (from line 2, column 7): did not find expected ',' or ']' [yaml-syntax]",
    "config/municipalities/zz-two.yml:1:1: error: municipality id 'zz-one' is already used by config/municipalities/zz-one.yml [duplicate-id]",
    "config/municipalities/zz-two.yml:1:1: error: id 'zz-one' differs from the file name 'zz-two.yml'; rename one of them [id-filename]",
    "config/municipalities/zz-two.yml:1:1: error: missing required key 'name' [missing-key]",
    "config/municipalities/zz-two.yml:3:1: error: 'districts' must not be empty [empty-value]",
]

# Rules that need a configuration the fixture cannot also be (no file at all, a file that
# cannot be read); each has its own test below, and ELSEWHERE holds their messages.
ELSEWHERE = {
    "missing-file": [
        "config/archive.yml:1:1: error: config/archive.yml is missing: the archive's vocabulary "
        "and site are read from it [missing-file]",
        "config/municipalities:1:1: error: no municipality: add a file config/municipalities/<id>.yml [missing-file]",
    ],
    "read": [
        "config/municipalities/zz-folder.yml:1:1: error: cannot read file: Is a directory [read]"
    ],
}


def problems(config, vocabulary_only: bool = False) -> list[str]:
    with pytest.raises(ArchiveError) as caught:
        load_configuration(config, vocabulary_only=vocabulary_only)
    return [d.as_text() for d in caught.value.diagnostics]


def test_broken_configuration_gives_exactly_these_diagnostics():
    assert problems(FIXTURES / "broken-config" / "config") == EXPECTED


def documented() -> dict[str, str]:
    """docs/config.md's rules: {rule: its example message}."""
    text = (REPO / "docs" / "config.md").read_text(encoding="utf-8").split("\n## Rules\n", 1)[1]
    return dict(re.findall(r"^\| `([a-z-]+)` \| .*? \| `(.+)` \|$", text, re.M))


def test_every_rule_is_documented_with_a_message_it_really_gives():
    given = EXPECTED + [line for lines in ELSEWHERE.values() for line in lines]
    messages: dict[str, set[str]] = {}
    for line in given:
        message, rule = re.match(r"^\S+:\d+:\d+: error: (.*) \[([a-z-]+)\]$", line).groups()
        messages.setdefault(rule, set()).add(message)
    rules = documented()
    assert set(rules) == set(messages)
    for rule, example in rules.items():
        assert example in messages[rule], rule


def test_an_earlier_revision_is_held_to_the_rules_of_its_vocabulary_only(tmp_path):
    """`diff` checks an earlier revision's proposals with that revision's configuration, whose
    site texts (then missing or different) are never built: they, and import.yml, are left
    out; the rest is checked as always."""

    def site_text(line: str) -> bool:
        path, number = line.split(":")[:2]
        in_archive = path == "config/archive.yml" and 4 <= int(number) <= 18
        return path == "config/import.yml" or in_archive

    broken = FIXTURES / "broken-config" / "config"
    still = "[duplicate-key]"  # (the file is still parsed whole)
    assert problems(broken, vocabulary_only=True) == [
        line for line in EXPECTED if not site_text(line) or line.endswith(still)
    ]
    config = shutil.copytree(REPO / "config", tmp_path / "config")
    archive = config / "archive.yml"
    text = archive.read_text(encoding="utf-8")
    archive.write_text(text[text.index("# Fields that are internal") :], encoding="utf-8")
    assert problems(config) == [
        "config/archive.yml:1:1: error: missing required key 'accessibility' [missing-key]",
        "config/archive.yml:1:1: error: missing required key 'site' [missing-key]",
    ]
    vocab = load_configuration(config, vocabulary_only=True).vocab
    assert vocab.kinds == load_configuration(REPO / "config").vocab.kinds
    assert vocab.site == {"accessibility": {}}


def test_the_repository_configuration_is_clean():
    configuration = load_configuration(REPO / "config")
    assert configuration.importing is not None
    assert set(configuration.vocab.municipalities) == {"hoeje-taastrup", "koebenhavn"}


def test_missing_files(tmp_path):
    (tmp_path / "config").mkdir()
    assert problems(tmp_path / "config") == ELSEWHERE["missing-file"]


def test_a_file_that_cannot_be_read(tmp_path):
    config = shutil.copytree(REPO / "config", tmp_path / "config")
    (config / "municipalities" / "zz-folder.yml").mkdir()
    assert problems(config) == ELSEWHERE["read"]


def test_an_empty_file(tmp_path):
    config = shutil.copytree(REPO / "config", tmp_path / "config")
    (config / "archive.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert problems(config) == [
        "config/archive.yml:1:1: error: the file is empty; expected the keys: site, accessibility, "
        "internal_fields, kinds, statuses, relations, units, control_areas, columns [wrong-type]"
    ]


def test_import_yml_is_optional_for_check_but_not_for_import(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    (root / "config" / "import.yml").unlink()
    assert run_cli(root, "check").returncode == 0
    (tmp_path / "doc.txt").write_text("Budgetnotat\n", encoding="utf-8")
    result = run_cli(root, "import", str(tmp_path / "doc.txt"), "--dry-run")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "config/import.yml:1:1: error: config/import.yml is missing: "
        "the importer reads what it recognises from it [missing-file]"
    )


def test_row_fields_are_the_schemas():
    """A column id may not be a row's or a total's own field: ROW_FIELDS must name them all."""
    vocab = load_configuration(REPO / "config").vocab
    table = proposal_schema(vocab)["properties"]["budget"]["items"]["properties"]
    own = set(table["rows"]["items"]["properties"]) | set(table["totals"]["items"]["properties"])
    assert own - {c.id for c in vocab.columns} == set(ROW_FIELDS)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return make_archive(tmp_path_factory.mktemp("broken-config") / "archive", "broken-config")


def test_check_prints_every_problem_then_a_count_and_exits_1(broken):
    result = run_cli(broken, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED + ["41 errors, 0 warnings"]
    assert result.stderr == ""


def test_check_github_format(broken):
    result = run_cli(broken, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED)
    assert lines[0] == (
        "::error file=config/archive.yml,line=4,col=3,title=empty-value::"
        "'site.name' must not be empty"
    )


def test_check_json_format(broken):
    result = run_cli(broken, "check", "--format", "json")
    assert result.returncode == 1
    shown = [
        f"{d['path']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']} [{d['code']}]"
        for d in json.loads(result.stdout)
    ]
    assert shown == EXPECTED


def digests(folder) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.blake2b(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_stops_before_the_site_and_keeps_it(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    site = build_site(root, tmp_path / "site")
    before = digests(site)
    shutil.rmtree(root / "config")
    shutil.copytree(FIXTURES / "broken-config" / "config", root / "config")
    result = run_cli(root, "build", "--site-dir", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines() == EXPECTED + [
        "41 errors, 0 warnings",
        "build stopped: the previous site is unchanged",
    ]
    assert digests(site) == before
