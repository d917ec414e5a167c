"""Word documents and the PDFs that word processors make of them: the .docx read from its own
paragraphs and tables, its PDF (LibreOffice's export: proportional fonts, a table over page
breaks, a page header and footer) read from the characters' positions, both to the same
proposal. The documents are made by make_documents.py and committed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from generator.importer.command import convert
from generator.importer.report import ImportFailed
from site_tests.archives import REPO
from site_tests.importer import measure
from site_tests.importer.test_seeds import SETTINGS, VOCAB

DOCUMENTS = Path(__file__).parent / "documents"
NOTE = DOCUMENTS / "tmf-budgetnotat-lommeparker"
ITEM = DOCUMENTS / "kk-udvalg-lommeparker"


def test_a_word_budget_note_is_read_from_its_structure():
    draft = convert(NOTE.with_suffix(".docx").read_bytes(), VOCAB, SETTINGS)
    front = draft.front
    assert [t["title"] for t in front["budget"]] == [
        "Tabel 1 – Oversigt over forslagets aktiviteter",
        "Tabel 2 – Udgifter til træer i de tre parker",
        "Tabel 3 – Udgifter til service og anlæg",
    ]
    first = front["budget"][0]
    assert first["columns"] == ["styringsomraade"]
    assert [r["label"] for r in first["rows"]] == [
        "Anlæg af lommeparker på tre arealer i Nordvest",
        "Afledt drift af lommeparkerne, pleje og renhold",
    ]
    assert len(front["budget"][1]["rows"]) == 36
    # the grid marks Bispebjerg; its other names (Valby, ...) are labels, not guesses
    assert front["districts"] == ["Bispebjerg"]
    messages = [n.message for n in draft.notes]
    assert not any(m.startswith("districts ") for m in messages)
    headings = [line for line in draft.body.splitlines() if line.startswith("#")]
    assert headings == [
        "## Baggrund",
        "## Indhold",
        "## Økonomi",
        "### Beplantning",
        "## Bevillingstekniske oplysninger",
        "## Øvrige tekniske oplysninger",
        "### Bydel og adresse",
    ]
    assert "Teknik- og Miljøforvaltningen\n" not in draft.body  # the page header is furniture


def test_its_pdf_gives_the_same_proposal():
    from_word = convert(NOTE.with_suffix(".docx").read_bytes(), VOCAB, SETTINGS)
    from_pdf = convert(NOTE.with_suffix(".pdf").read_bytes(), VOCAB, SETTINGS)
    assert from_pdf.front == from_word.front  # every table over its page breaks, every number
    assert from_pdf.body == from_word.body
    messages = [n.message for n in from_pdf.notes]
    assert "the table's header row, repeated on page 3, left out" in messages
    assert "a table row cut by the page break before page 3 joined" in messages


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_committee_item_in_word_or_pdf_is_the_item_of_the_web_page(suffix):
    from_text = convert(ITEM.with_suffix(".txt").read_bytes(), VOCAB, SETTINGS)
    other = convert(ITEM.with_suffix(suffix).read_bytes(), VOCAB, SETTINGS)
    assert other.front == from_text.front and other.body == from_text.body


def test_a_damaged_word_file_or_another_zip_is_refused_with_a_reason():
    data = NOTE.with_suffix(".docx").read_bytes()
    with pytest.raises(ImportFailed) as caught:
        convert(data[: len(data) // 2], VOCAB, SETTINGS)
    assert caught.value.note.message.startswith("a damaged ZIP container (a Word .docx file cut")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hello.txt", "hej")
    with pytest.raises(ImportFailed) as caught:
        convert(archive.getvalue(), VOCAB, SETTINGS)
    assert caught.value.note.message.startswith("a ZIP container that is not a Word .docx file")


def test_docs_import_md_shows_the_measurement():
    doc = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    assert measure.families() in doc
    assert measure.readers() in doc
    assert measure.cell_breaks() in doc


def test_the_importer_names_the_source_document(tmp_path, capsys):
    import hashlib

    from site_tests.importer.helpers import run, split

    pdf = NOTE.with_suffix(".pdf")
    code, stdout, stderr = run(capsys, pdf, "--dry-run")
    assert code == 0, stderr
    front, _ = split(stdout)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert f'source:\n  file: {pdf.name}\n  sha256: {digest}\n  pages: "1-4"\nbudget:\n' in front
    code, stdout, stderr = run(capsys, NOTE.with_suffix(".docx"), "--dry-run")
    assert "source:\n  file: tmf-budgetnotat-lommeparker.docx\n  sha256: " in stdout
    assert "  pages:" not in stdout.split("source:")[1].split("budget:")[0]  # Word has no pages
