"""PDFs: the tests make a PDF of each seed (prose wrapped, tables set in columns, no tabs) and
the importer, through Debian's pdftotext, must find the same proposal in it as in the text."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from generator.importer.command import convert
from generator.importer.report import ImportFailed
from site_tests.importer.helpers import SEED_FILES, run, split, text_pdf, words
from site_tests.importer.test_seeds import SETTINGS, VOCAB

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="needs poppler-utils (scripts/system-deps.sh installs it)",
)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_a_pdf_gives_the_same_proposal_as_its_text(seed):
    text = seed.read_text(encoding="utf-8")
    from_text = convert(text.encode("utf-8"), VOCAB, SETTINGS)
    from_pdf = convert(text_pdf(text), VOCAB, SETTINGS)
    assert from_pdf.front == from_text.front  # every field, every table, every number
    # the same words; only where lines break may differ (a letterhead's lines run together)
    assert Counter(words(from_pdf.body)) == Counter(words(from_text.body))


def test_the_command_reads_a_pdf(tmp_path, capsys):
    path = tmp_path / "bc24.pdf"
    path.write_bytes(text_pdf(SEED_FILES[2].read_text(encoding="utf-8")))
    code, stdout, stderr = run(capsys, path, "--dry-run")
    assert code == 0, stderr
    assert (
        f"{path}:1: note: text extracted from the PDF with pdftotext -layout; check paragraphs and tables"
        in stderr
    )
    front, body = split(stdout)
    assert "amounts: [1200, 1700, 1700]" in front and "## Afsender" in body


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.4\nthis is not really a PDF\n", "not a readable PDF"),
        (text_pdf(""), "the PDF has no text layer (a scanned image? run OCR first)"),
    ],
)
def test_a_broken_or_empty_pdf_is_refused_with_a_reason(data, message):
    with pytest.raises(ImportFailed) as caught:
        convert(data, VOCAB, SETTINGS)
    assert caught.value.note.message.startswith(message)
