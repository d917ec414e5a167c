"""`proposal-archive check`: the broken fixture archive breaks every rule, and the exact list of
diagnostics is asserted (an added, lost or reworded diagnostic fails the test)."""

from __future__ import annotations

import re

import pytest

from generator.check import load
from generator.project import Project
from site_tests.archives import REPO, make_archive, run_cli

EXPECTED = [
    "proposals/zz-fixture-alias.md:4:1: error: invalid YAML: anchors and aliases (*name) are not allowed in proposal files; write the value out [yaml-syntax]",
    "proposals/zz-fixture-duplicate-key.md:8:1: error: 'title' is given twice; YAML would silently keep only the last one [duplicate-key]",
    "proposals/zz-fixture-duplicate-key.md:10:3: error: a key must be a plain word, not a list or mapping [yaml-key]",
    "proposals/zz-fixture-duplicate.md:2:1: error: id 'zz-fixture-refs' differs from the file name 'zz-fixture-duplicate.md'; rename one of them [id-filename]",
    "proposals/zz-fixture-fields.md:2:1: error: 'id' 'Wrong_ID' is not valid; expected lower-case letters a-z, digits and single hyphens, e.g. kk-b2018-bi-10 [bad-format]",
    "proposals/zz-fixture-fields.md:2:1: error: id 'Wrong_ID' differs from the file name 'zz-fixture-fields.md'; rename one of them [id-filename]",
    "proposals/zz-fixture-fields.md:3:1: error: 'title' must not be empty [empty-value]",
    "proposals/zz-fixture-fields.md:4:1: error: 'budgetnote' is not a known kind; expected one of: budgetnotat, effektiviseringsforslag, investeringsforslag, svar-paa-spoergsmaal, dagsordenpunkt [unknown-value]",
    "proposals/zz-fixture-fields.md:6:1: error: 'Finansforvaltningen' is not a known administration (forvaltning); expected one of: Økonomiforvaltningen, ØKF, Kultur- og Fritidsforvaltningen, KFF, Børne- og Ungdomsforvaltningen, BUF, Sundheds- og Omsorgsforvaltningen, SUF, Socialforvaltningen, SOF, Teknik- og Miljøforvaltningen, TMF, Beskæftigelses- og Integrationsforvaltningen, BIF [unknown-value]",
    "proposals/zz-fixture-fields.md:7:1: error: 'budget_year' 1850 is out of range; expected a value ≥ 1900 [out-of-range]",
    "proposals/zz-fixture-fields.md:8:1: error: '2018-02-30' is not a date in the calendar; expected YYYY-MM-DD [bad-date]",
    "proposals/zz-fixture-fields.md:9:1: error: 'maybe' is not a known status; expected one of: forslag, vedtaget, forkastet, trukket, afsluttet [unknown-value]",
    "proposals/zz-fixture-fields.md:10:1: error: 'public' must be true or false, got 'no' [wrong-type]",
    "proposals/zz-fixture-fields.md:11:20: error: 'Nordhavn' is not a known district (bydel); expected one of: Indre By, Indre by, Østerbro, Nørrebro, Vesterbro/Kongens Enghave, Vesterbro/kgs. Enghave, Vesterbro/Kgs. Enghave, Vesterbro-Kongens Enghave, Valby, Vanløse, Brønshøj-Husum, Brønshøj/Husum, Bispebjerg, Amager Øst, Amager Vest, Bydækkende, Alle bydele, Udenbys [unknown-value]",
    "proposals/zz-fixture-fields.md:12:15: error: 'tags' lists 'skole' twice (also on line 12) [duplicate-value]",
    "proposals/zz-fixture-fields.md:13:1: error: unknown field 'colour'; expected one of: id, aliases, code, title, kind, municipality, administration, committee, budget_year, date, case_number, document_number, status, public, caseworker, internal_notes, districts, tags, related, summary, summary_source, meeting, source, budget [unknown-field]",
    "proposals/zz-fixture-fields.md:14:11: error: related entry 1 must be text, got 42 (write it in quotes) [wrong-type]",
    "proposals/zz-fixture-latin1.md:3:13: error: byte 0xe6 is not valid UTF-8; save the file as UTF-8 [encoding]",
    "proposals/zz-fixture-missing.md:1:1: error: missing 'budget_year' or 'date': give at least one [missing-field]",
    "proposals/zz-fixture-missing.md:1:1: error: missing required field 'kind' [missing-field]",
    "proposals/zz-fixture-missing.md:1:1: error: missing required field 'status' [missing-field]",
    "proposals/zz-fixture-missing.md:1:1: error: missing required field 'title' [missing-field]",
    "proposals/zz-fixture-missing.md:3:1: error: 'aarhus' is not a known municipality; expected one of: hoeje-taastrup, koebenhavn [unknown-value]",
    "proposals/zz-fixture-missing.md:4:1: error: 'districts' must not be empty; a city-wide proposal uses the city-wide value (e.g. Bydækkende) [empty-value]",
    "proposals/zz-fixture-moved-too.md:6:5: error: 'aliases' lists 'zz-fixture-older' twice (also on line 5) [duplicate-value]",
    "proposals/zz-fixture-moved.md:3:11: error: alias 'zz-fixture-moved' is its own id; an alias is an earlier id that no proposal has now [alias-clash]",
    "proposals/zz-fixture-moved.md:3:29: error: alias 'zz-fixture-ok-code' is the id of proposals/zz-fixture-ok-code.md; an alias is an earlier id that no proposal has now [alias-clash]",
    "proposals/zz-fixture-moved.md:3:49: error: alias 'zz-fixture-earlier' is also an alias of proposals/zz-fixture-moved-too.md; an old address can redirect to one proposal only [alias-clash]",
    "proposals/zz-fixture-no-front-matter.md:1:1: error: file must start with YAML front matter: a line '---', the metadata, and a closing '---' [front-matter]",
    "proposals/zz-fixture-ok-code.md:17:1: warning: table 1 (1.000 kr.): 'I alt' of row 'Wrong row total': printed 1.500, but the sum of its lines is 1.400 [total-mismatch]",
    "proposals/zz-fixture-ok-code.md:21:1: warning: table 1 (1.000 kr.): row 'Wrong column total', 2031: printed 800, but the sum of its lines is 700 [total-mismatch]",
    "proposals/zz-fixture-ok-code.md:35:1: info: table 2 (mio. kr.): row 'Rounded total', 2030: printed 1,8, but the sum of its lines is 1,7: a rounding difference (afrundingsdifference), within the 0,15 that rounding each printed figure can explain [total-rounding]",
    "proposals/zz-fixture-ok-code.md:37:1: error: sources/zz-fixture-original.txt has SHA-256 35dc128a5a4b9f37a905788d4cbb57dda26e5fde68a7d93e5b1fa73a95c31f26, but the source's sha256 is caa2f4dac906aa91c50e10d483c812e7973719e1ac8322a4bfb8ced53a18716b: expected the document the proposal was made from; put that file in sources/, or correct sha256 if this file is the original [source-file]",
    "proposals/zz-fixture-refs.md:2:1: error: id 'zz-fixture-refs' is already used by proposals/zz-fixture-duplicate.md [duplicate-id]",
    "proposals/zz-fixture-refs.md:3:1: warning: code 'ZZ1' is also used by proposals/zz-fixture-ok-code.md in 2030; mentions of it will not be linked [duplicate-code]",
    "proposals/zz-fixture-refs.md:10:1: error: 'summary_source' is given but there is no 'summary' [summary-source]",
    "proposals/zz-fixture-refs.md:12:3: error: a closed agenda item (case_type: Lukket) must have 'public: false' [closed-public]",
    "proposals/zz-fixture-refs.md:14:1: error: 'zz-fixture-refs' lists itself as related [related-self]",
    "proposals/zz-fixture-refs.md:15:1: error: related id 'zz-fixture-nowhere' is not a proposal in the archive [unknown-related]",
    "proposals/zz-fixture-refs.md:18:5: error: 'likes' is not a known relation; expected one of: relateret, evaluerer, opfoelger-paa, erstatter, svarer-paa [unknown-value]",
    "proposals/zz-fixture-refs.md:22:1: error: raw HTML is not allowed in the body: '<b>'; write Markdown [raw-html]",
    "proposals/zz-fixture-refs.md:24:1: error: raw HTML is not allowed in the body: '<script>alert(1)</script>'; write Markdown [raw-html]",
    "proposals/zz-fixture-refs.md:26:1: error: '{: onclick=\"alert(2)\" }' would set HTML attributes on the page, which can run scripts or load from other servers; remove it (write plain Markdown) [attribute-list]",
    "proposals/zz-fixture-refs.md:26:1: error: image 'https://cdn.example.org/logo.png' would be loaded from another server; the site makes no external request: put the image in the archive [external-resource]",
    "proposals/zz-fixture-refs.md:26:1: error: link to 'javascript:alert(1)' is not allowed; link to a web page (https://...) [unsafe-link]",
    "proposals/zz-fixture-refs.md:28:1: error: '<!-- /intern -->' without an opening '<!-- intern -->' [internal-block]",
    "proposals/zz-fixture-refs.md:30:1: error: internal block is never closed; add a line '<!-- /intern -->' [internal-block]",
    "proposals/zz-fixture-table-schema.md:11:5: error: 'dollars' is not a known unit; expected one of: 1.000 kr., kr., mio. kr. [unknown-value]",
    "proposals/zz-fixture-table-schema.md:12:5: error: 'price_level' of table 1 must be text, got 2030 (write it in quotes) [wrong-type]",
    "proposals/zz-fixture-table-schema.md:16:19: error: amount 'ten' in 'amounts' item 1 of row 1 of table 1 is not valid; expected a number (savings negative), \"-\" for a printed dash, or null for an empty cell [bad-amount]",
    "proposals/zz-fixture-table-schema.md:17:9: error: unknown field 'colour'; expected one of: label, type, key, amounts, total, styringsomraade, udvalg, bevilling, funktion, indtaegt_udgift, bevilling_profitcenter [unknown-field]",
    "proposals/zz-fixture-table-schema.md:18:5: error: missing required field 'price_level' in table 2 [missing-field]",
    "proposals/zz-fixture-table-schema.md:18:5: error: missing required field 'unit' in table 2 [missing-field]",
    "proposals/zz-fixture-table-schema.md:19:5: error: 'years' of table 2 must not be empty [empty-value]",
    "proposals/zz-fixture-table-schema.md:20:5: error: 'rows' of table 2 must not be empty [empty-value]",
    "proposals/zz-fixture-tables.md:3:1: warning: code 'ZZ1' is also used by proposals/zz-fixture-ok-code.md in 2030; mentions of it will not be linked [duplicate-code]",
    "proposals/zz-fixture-tables.md:21:9: error: row 'Too few amounts' has 1 amount; expected 2, one per year (2030, 2031) [amounts-per-year]",
    "proposals/zz-fixture-tables.md:23:9: error: heading row 'Group' has amounts; a heading row only labels a group [heading-amounts]",
    "proposals/zz-fixture-tables.md:26:9: error: row 'No total, no column' has no 'styringsomraade'; the table's columns are styringsomraade (use \"\" for an empty cell) [row-columns]",
    "proposals/zz-fixture-tables.md:26:9: error: row 'No total, no column' has no 'total' but the table has an 'I alt' column (total_column: true) [row-total]",
    "proposals/zz-fixture-tables.md:29:9: error: 'Drift' is not a known styringsområde; expected one of: Service, Anlæg, Overførsler, Finansposter [unknown-value]",
    "proposals/zz-fixture-tables.md:30:9: error: row 'Unknown area' has 'udvalg', which is not among the table's columns (styringsomraade) [row-columns]",
    "proposals/zz-fixture-tables.md:42:9: error: row key 'a' is used twice in this table [duplicate-row-key]",
    "proposals/zz-fixture-tables.md:48:17: error: total 'I alt' adds row 'b', but no row has that key; keys: a [unknown-row]",
    "proposals/zz-fixture-tables.md:53:5: error: more than one table is marked 'headline: true'; mark the one that states the proposal's economy [headline]",
    "proposals/zz-fixture-tables.md:57:9: error: row 'Printed total but no total column' has a 'total' but the table has no 'I alt' column; set total_column: true [row-total]",
    "proposals/zz-fixture-unclosed.md:1:1: error: front matter is not closed: expected a line '---' after the metadata [front-matter]",
    "proposals/zz-fixture-yaml-syntax.md:4:1: error: invalid YAML: while parsing a flow sequence (from line 3, column 8): did not find expected ',' or ']' [yaml-syntax]",
]

# Rules that a committed fixture file cannot break portably; each has its own test below.
TESTED_ELSEWHERE = {"file-too-large", "symlink"}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return make_archive(tmp_path_factory.mktemp("broken") / "archive", "broken")


def run(*args, root=REPO):
    return run_cli(root, *args)


def test_broken_fixture_gives_exactly_these_diagnostics(broken):
    assert [d.as_text() for d in load(Project(broken)).diagnostics] == EXPECTED


def test_every_documented_rule_is_broken_by_the_fixture():
    documented = set(
        re.findall(r"^\| `([a-z-]+)` \|", (REPO / "docs" / "rules.md").read_text(), re.M)
    )
    exercised = {line.rsplit("[", 1)[1].rstrip("]") for line in EXPECTED}
    assert documented - TESTED_ELSEWHERE == exercised


def test_cli_prints_all_problems_then_a_count_and_exits_1(broken):
    result = run("check", root=broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        line for line in EXPECTED if ": info: " not in line
    ]  # --verbose shows them
    assert lines[-1] == "63 errors, 4 warnings"
    verbose = run("check", "--verbose", root=broken).stdout.splitlines()
    assert verbose[:-1] == EXPECTED and verbose[-1] == "63 errors, 4 warnings, 1 note"
    assert "Traceback" not in result.stderr


def test_strict_makes_warnings_errors(tmp_path):
    root = make_archive(tmp_path / "a")
    for f in (REPO / "site_tests/fixtures/broken/proposals").glob("zz-fixture-ok-code.md"):
        (root / "proposals" / f.name).write_text(f.read_text())
    assert run("check", root=root).returncode == 0
    strict = run("check", "--strict", root=root)
    assert strict.returncode == 1
    assert (
        "error: table 1 (1.000 kr.): 'I alt' of row 'Wrong row total': printed 1.500, but the sum of its lines is 1.400 [total-mismatch]"
        in strict.stdout
    )


def test_github_format(broken):
    result = run("check", "--format", "github", root=broken)
    assert result.returncode == 1
    assert (
        "::warning file=proposals/zz-fixture-ok-code.md,line=21,col=1,title=total-mismatch::"
        "table 1 (1.000 kr.): row 'Wrong column total', 2031: printed 800, but the sum of its lines is 700"
    ) in result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in result.stdout.splitlines())


def test_usage_error_exits_2():
    result = run("check", "--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_oversized_file_is_refused(tmp_path):
    root = make_archive(
        tmp_path / "a", proposals={"zz-big.md": "---\nid: zz-big\n---\n" + "x" * 1_100_000}
    )
    result = run("check", root=root)
    assert result.returncode == 1
    assert (
        "proposals/zz-big.md:1:1: error: file is 1,100,019 bytes; a proposal file may be at most 1,000,000 bytes [file-too-large]"
        in result.stdout
    )


def test_real_archive_is_clean_but_for_the_printed_total_in_seed_004():
    result = run("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "proposals/htk-2012-charlotteager.md:61:1: warning: table 1 (kr.): 'I alt' of row 'Forbrug': "
        "printed 1.046.270, but the sum of its lines is 1.046.167 [total-mismatch]",
        "proposals/htk-2012-charlotteager.md:66:1: warning: table 1 (kr.): row 'I alt', 2012: "
        "printed 6.717, but the sum of its lines is -6.717 [total-mismatch]",
        "0 errors, 2 warnings",
    ]


def test_parallel_check_gives_the_same_diagnostics(broken, monkeypatch):
    from generator import parallel as processes

    monkeypatch.setattr(processes, "PARALLEL_MIN_FILES", 1)
    parallel = load(Project(broken), workers=2)
    assert [d.as_text() for d in parallel.diagnostics] == EXPECTED
    assert [p.id for p in parallel.proposals] == [p.id for p in load(Project(broken)).proposals]
