"""Meetings beyond the seeds: a committee item as Copenhagen publishes it today, and an agenda
system's export of a whole meeting, split into one proposal per item. The documents in
documents/ are written for these tests in the layouts of real published ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importer.command import convert, convert_all
from generator.importer.dates import find_date
from generator.importer.decode import decode
from generator.importer.document import _Importer
from generator.importer.fields import clock
from generator.importer.report import ImportFailed
from site_tests.archives import make_archive, run_cli
from site_tests.importer.helpers import SEED_FILES, run, split
from site_tests.importer.test_seeds import SETTINGS, VOCAB

DOCUMENTS = Path(__file__).parent / "documents"
ITEM = DOCUMENTS / "kk-udvalg-lommeparker.txt"
EXPORT = DOCUMENTS / "htk-referat-arbejdsmarkedsudvalget.txt"


def test_a_committee_item_keeps_its_points_headings_and_metadata():
    draft = convert(ITEM.read_bytes(), VOCAB, SETTINGS)
    front = draft.front
    assert (front["kind"], front["committee"], front["budget_year"], front["status"]) == (
        "dagsordenpunkt",
        "Teknik- og Miljøudvalget",
        2025,
        "vedtaget",
    )
    assert front["meeting"] == {
        "body": "Teknik- og Miljøudvalget",
        "date": "2024-04-23",
        "time": "15:30",
        "place": "Rådhuset, værelse 56",
    }
    body = draft.body
    points = [line for line in body.splitlines() if line[:2].rstrip(".").isdigit()]
    assert [p.split(" ", 1)[0] for p in points] == [f"{n}." for n in range(1, 8)]
    assert all(p.split(" ", 2)[1] == "at" for p in points)  # one item per point, none run together
    # the document's own sections are one level; a short line inside a section is below it
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [
        "## Indstilling",
        "## Problemstilling",
        "## Løsning",
        "### Træer og beplantning",
        "## Økonomi",
        "## Videre proces",
        "## Beslutning",
    ]
    assert "guessed: committee Teknik- og Miljøudvalget: the first committee the text names" in {
        f"{n.kind.value}: {n.message}" for n in draft.notes
    }


@pytest.mark.parametrize("path", [ITEM, SEED_FILES[0]], ids=lambda p: p.name)
def test_the_front_matter_does_not_need_the_body_read_first(path):
    """The budget tables and the district grid are found while the body is read; asking for
    the front matter first reads the body then, and gives the same."""
    front_first = _Importer(decode(path.read_bytes()), VOCAB, SETTINGS, None)
    body_first = _Importer(decode(path.read_bytes()), VOCAB, SETTINGS, None)
    elements = body_first.elements()
    front = front_first.front()
    assert front == body_first.front() and front_first.elements() == elements
    assert front_first.all_notes() == body_first.all_notes()
    assert ("budget" in front) == bool(front_first.body.tables)


def proposal(root: Path, item: int) -> str:
    return (root / "proposals" / f"htk-2020-06-04-punkt-{item}.md").read_text(encoding="utf-8")


def test_an_exported_meeting_is_one_proposal_per_item(tmp_path, capsys):
    root = make_archive(tmp_path / "archive")
    code, _, stderr = run(capsys, EXPORT, root=root)
    assert code == 0, stderr
    written = sorted(p.name for p in (root / "proposals").glob("htk-2020-06-04-*.md"))
    assert written == [f"htk-2020-06-04-punkt-{n}.md" for n in (49, 50, 51, 52)]
    front, body = split(proposal(root, 52))
    assert "public: false\n" in front and "  case_type: Lukket\n" in front
    assert "Lukket punkt: the proposal is marked public: false" in stderr
    front, body = split(proposal(root, 51))
    assert front.startswith(
        "id: htk-2020-06-04-punkt-51\n"
        'title: "Budget 2021-2024: udvalgets forslag til effektiviseringer"\n'
    )
    assert "budget_year: 2021\ndate: 2020-06-04\n" in front
    assert (
        '  time: "09:00-11:00"\n  place: Høje-Taastrup Rådhus, mødelokale B105\n  item: 51\n'
    ) in front
    assert "    unit: 1.000 kr.\n" in front and "amounts: [-1300, -1500, -1500, -1500]" in front
    # the agenda list and the other items are not in this item's body
    assert "Samling af holdforløb" not in body and "Gadehavegård" not in body
    assert body.startswith("## Sagsgang og sagstype\n")
    assert body.endswith("## Beslutning i Arbejdsmarkedsudvalget den 04-06-2020\n\nAnbefales\n")
    assert "1. udvalget drøfter forslagene til effektiviseringer\n2. udvalget sender" in body
    check = run_cli(root, "check")
    assert check.returncode == 0, check.stdout


def test_an_item_that_fails_does_not_stop_the_others():
    raw = EXPORT.read_text(encoding="utf-8").replace("STARTTIDSPUNKT\n\n04-06-2020 09:00:00", "")
    raw = raw.replace("SLUTTIDSPUNKT\n\n04-06-2020 11:00:00", "")
    results = convert_all(raw.encode("utf-8"), VOCAB, SETTINGS)
    failed = [item.number for item, draft in results if isinstance(draft, ImportFailed)]
    assert failed == [49, 50, 52]  # no date left; item 51 has its budget year in the title
    message = results[0][1].note.message
    assert message == "neither a budget year nor a date found: one of them is needed"


def test_an_unknown_municipality_is_named_with_the_file_that_adds_it():
    raw = (
        "Fjordby Kommune\n\nBudgetnotat om cykelstier\n\n3. marts 2024\n\nBaggrund\n\n"
        "Fjordby Kommune vil bygge cykelstier.\n"
    )
    with pytest.raises(ImportFailed) as caught:
        convert(raw.encode("utf-8"), VOCAB, SETTINGS)
    message = caught.value.note.message
    assert message.startswith(
        "the document names Fjordby Kommune, which is not in config/municipalities/"
    )
    assert "config/municipalities/fjordby.yml" in message


@pytest.mark.parametrize(
    "printed, iso, time",
    [
        ("04-06-2020 09:00:00", "2020-06-04", "09:00"),
        ("23.04.2024, kl. 15:30", "2024-04-23", "15:30"),
        ("Onsdag den 15. august 2012 kl. 16.00", "2012-08-15", "16:00"),
        ("15. aug. 2012", "2012-08-15", None),
    ],
)
def test_dates_and_times_as_documents_print_them(printed, iso, time):
    date = find_date(printed)
    assert date[0] == iso
    assert clock(printed.replace(date[1], " ")) == time


def test_closed_items_and_an_agenda_without_decisions():
    path = DOCUMENTS / "htk-dagsorden-oekonomiudvalget.txt"
    results = convert_all(path.read_bytes(), VOCAB, SETTINGS)
    fronts = {item.number: draft.front for item, draft in results}
    # 'Lukket sag: …' and '… (Lukket)' close an item as 'Lukket punkt: …' does
    assert {n: f.get("public", True) for n, f in fronts.items()} == {
        112: True,
        113: True,
        114: False,
        115: False,
    }
    # an agenda (Dagsorden) records no decision yet: every item is still a proposal
    assert {f["status"] for f in fronts.values()} == {"forslag"}
    assert fronts[112]["meeting"]["time"] == "17:00-19:30"


def test_the_decision_is_the_first_paragraph_that_states_one():
    draft = convert((DOCUMENTS / "kk-udvalg-skolemadsordning.txt").read_bytes(), VOCAB, SETTINGS)
    assert draft.front["status"] == "vedtaget"
    assert "guessed: status vedtaget: the decision reads 'Indstillingen blev godkendt.'" in {
        f"{n.kind.value}: {n.message}" for n in draft.notes
    }
