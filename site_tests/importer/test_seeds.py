"""The importer on the five seeds: every number of every table lands in its row and year,
nothing of the text is lost without a word in the report, the committed proposals are exactly
the import plus the reviewed corrections, and the output is reproducible."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.configuration import load_configuration
from generator.importer.command import convert, with_source
from generator.importer.corrections import apply, load_corrections
from generator.importer.emit import proposal_file
from generator.importer.settings import load_settings
from generator.yaml_positions import parse_yaml
from site_tests.archives import REPO
from site_tests.importer.helpers import SEED_FILES, SEEDS, split, words

CONFIGURATION = load_configuration(REPO / "config")
VOCAB, SETTINGS = CONFIGURATION.vocab, load_settings(CONFIGURATION)
CORRECTIONS = load_corrections(SEEDS / "corrections.yml")
AMOUNT = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)$")
YEAR = re.compile(r"^(19|20)\d\d(-\d\d)?$")


def seed_numbers(text: str) -> list[tuple[str, str, Decimal]]:
    """(row label, year or 'I alt', amount) of every amount in the seed's tables, read with no
    help from the importer: a row's cell belongs to the year printed above it in the header."""
    found, header = [], None
    for line in text.splitlines():
        if "\t" not in line:
            if line.strip():
                header = None  # text between two tables
            continue
        cells = [re.sub(r"</?i>", "", c).strip() for c in line.split("\t")]
        if any(YEAR.match(c) for c in cells[1:]):
            header = cells
            continue
        for j, cell in enumerate(cells[1:], start=1):
            if (
                header
                and j < len(header)
                and (YEAR.match(header[j]) or header[j] == "I alt")
                and AMOUNT.match(cell)
            ):
                found.append((cells[0], header[j], Decimal(cell.replace(".", ""))))
    return found


def cell_of(table: dict, row: dict, column: str):
    if column == "I alt":
        return row.get("total")
    years = [str(y) for y in table["years"]]
    return row["amounts"][years.index(column)] if column in years and "amounts" in row else None


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_every_table_number_is_in_its_row_and_year(seed):
    draft = convert(seed.read_bytes(), VOCAB, SETTINGS)
    numbers = seed_numbers(seed.read_text(encoding="utf-8"))
    assert numbers, "no numbers found in the seed's tables"
    tables = draft.front.get("budget", [])
    missing = [
        (label, column, value)
        for label, column, value in numbers
        if not any(
            row["label"] == label and cell_of(t, row, column) == value
            for t in tables
            for row in [*t["rows"], *t.get("totals", [])]
        )
    ]
    assert not missing


def test_the_numbers_of_the_seeds_are_all_counted():
    # counted by hand: 000 has 2 tables of 2 rows with 3 figures each (a dash is no number);
    # 003 has 3 tables of 2 rows × 4 years; 004 has 3 rows × 3, and 160.000 in the 'Heraf' row
    counts = {s.name[:3]: len(seed_numbers(s.read_text(encoding="utf-8"))) for s in SEED_FILES}
    assert counts == {"000": 12, "001": 15, "002": 28, "003": 24, "004": 10}


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_committed_proposal_is_the_import_plus_its_corrections(seed):
    draft = with_source(convert(seed.read_bytes(), VOCAB, SETTINGS), seed.name, seed.read_bytes())
    front, body = draft.front, draft.body
    if seed.name in CORRECTIONS:
        front, body = apply(front, body, CORRECTIONS[seed.name])
    committed = REPO / "proposals" / f"{front['id']}.md"
    assert committed.is_file(), f"{seed.name} imports as {front['id']}, which is not in proposals/"
    assert proposal_file(front, body) == committed.read_text(encoding="utf-8")


def test_every_proposal_comes_from_a_seed():
    ids = set()
    for seed in SEED_FILES:
        draft = convert(seed.read_bytes(), VOCAB, SETTINGS)
        ids.add(
            apply(draft.front, draft.body, CORRECTIONS[seed.name])[0]["id"]
            if seed.name in CORRECTIONS
            else draft.id
        )
    assert {p.stem for p in (REPO / "proposals").glob("*.md")} == ids


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_import_is_byte_identical_twice(seed):
    first = convert(seed.read_bytes(), VOCAB, SETTINGS)
    second = convert(seed.read_bytes(), VOCAB, SETTINGS)
    assert proposal_file(first.front, first.body) == proposal_file(second.front, second.body)


def _label_words() -> set[str]:
    groups = [
        SETTINGS.header_fields,
        SETTINGS.form_fields,
        SETTINGS.meeting_fields,
        SETTINGS.kind_markers,
    ]
    labels = [label for group in groups for ls in group.values() for label in ls]
    return {
        w
        for label in [*labels, *SETTINGS.district_grid_labels, *SETTINGS.contents_headings]
        for w in words(label)
    }


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_no_text_is_dropped_without_a_word_in_the_report(seed):
    """Every word of every text line is in the proposal file, or the line is in the report
    (field labels such as 'Sagsnr.' are not: their values are)."""
    draft = convert(seed.read_bytes(), VOCAB, SETTINGS)
    output = set(words(proposal_file(draft.front, draft.body)))
    reported = set()
    for n in draft.notes:
        reported.add(n.line)
        for a, b in re.findall(r"lines (\d+)–(\d+)", n.message):
            reported.update(range(int(a), int(b) + 1))
    labels = _label_words()
    lost = []
    for number, line in enumerate(seed.read_text(encoding="utf-8").split("\n"), start=1):
        if "\t" in line or number in reported:
            continue
        # a word broken at a line end ('Møl-' 'gaard') is joined in the output
        missing = {w for w in set(words(line)) - output - labels if not any(w in o for o in output)}
        if missing:
            lost.append((number, sorted(missing)))
    assert not lost


def test_the_report_says_what_was_guessed_and_what_was_not_placed():
    draft = convert((SEEDS / "004_9ddf433fb8a79686.txt").read_bytes(), VOCAB, SETTINGS)
    report = [n.as_text("004.txt") for n in draft.notes]
    assert (
        "004.txt:23: not placed: table of contents (lines 23–26) left out: the page lists its own sections"
        in report
    )
    assert (
        "004.txt:34: not placed: field 'Type' is not one the format has; kept in the body" in report
    )
    assert (
        "004.txt:64: guessed: unit kr. of table 'Tilskud og forbrug': the text gives 439.450 kr."
        in report
    )
    assert "004.txt:110: guessed: status vedtaget: the decision reads 'Godkendt.'" in report
    assert "Type: Arbejdsmarkedsudvalget A" in draft.body


def test_metadata_of_the_seeds():
    fronts = {s.name[:3]: convert(s.read_bytes(), VOCAB, SETTINGS).front for s in SEED_FILES}
    bc24 = fronts["002"]
    assert (
        bc24["code"],
        bc24["date"],
        bc24["case_number"],
        bc24["document_number"],
        bc24["caseworker"],
    ) == (
        "BC24",
        "2018-11-08",
        "2018-0266843",
        "2018-0266843-3",
        "Gry Pedersen",
    )
    assert bc24["districts"] == ["Vesterbro/Kongens Enghave"]  # the X after it in the grid
    assert fronts["000"]["districts"] == ["Bydækkende"] and fronts["001"]["districts"] == [
        "Bydækkende"
    ]
    assert (
        fronts["003"]["kind"],
        fronts["003"]["budget_year"],
        fronts["003"]["summary_source"],
    ) == ("effektiviseringsforslag", 2023, "document")
    minutes = fronts["004"]
    assert minutes["meeting"]["members"][5] == "Steffen Mølgaard Hansen (C)"  # hyphenation undone
    assert (minutes["public"], minutes["meeting"]["case_type"], minutes["meeting"]["item"]) == (
        True,
        "Åben",
        1,
    )
    # every committed file's front matter is what the archive's loader reads back
    for path in (REPO / "proposals").glob("*.md"):
        assert not parse_yaml(split(path.read_text(encoding="utf-8"))[0], path.name).problems
