"""Makes the Word and PDF test documents of site_tests/importer/documents/ the way
municipalities make theirs: written in Word's form (heading styles, Word tables, lists, a page
header and footer), exported to PDF by LibreOffice (proportional fonts, a table that runs over
a page break with its header row repeated). The texts are written for these tests.

    .venv/bin/python -m site_tests.importer.make_documents   # needs libreoffice (writer)

The .docx and .pdf files are committed: the tests read them and need no LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DOCUMENTS = Path(__file__).parent / "documents"
WHEN = dt.datetime(2024, 9, 2, 12, 0, 0)

BACKGROUND = (
    "Bispebjerg har færre grønne arealer pr. beboer end resten af byen. Teknik- og "
    "Miljøforvaltningen har fundet tre arealer, hvor der kan anlægges lommeparker med træer, "
    "bænke og et lille legeområde.",
    "Parkerne skal også kunne forsinke regnvand ved skybrud, så de aflaster kloakken i de "
    "gader, der oftest oversvømmes.",
)
POINTS = (
    "Lommeparken ved Tomsgårdsvej anlægges i 2025.",
    "Lommeparken ved Frederikssundsvej anlægges i 2026.",
    "Lommeparken ved Bispebjerg Station anlægges i 2027, når banearbejdet er færdigt.",
)
TABLE_1 = (
    (
        "Aktiviteter i forslaget (1.000 kr. – 2025 p/l)",
        "Styrings-område",
        "2025",
        "2026",
        "2027",
        "2028",
        "I alt",
    ),
    (
        "Anlæg af lommeparker på tre arealer i Nordvest",
        "Anlæg",
        "1.400",
        "1.400",
        "1.400",
        "-",
        "4.200",
    ),
    ("Afledt drift af lommeparkerne, pleje og renhold", "Service", "-", "100", "200", "300", "600"),
    ("Udgifter i alt", "", "1.400", "1.500", "1.600", "300", "4.800"),
)
TABLE_2 = (
    ("(1.000 kr. – 2025 p/l)", "Udvalg", "Bevilling", "2025", "2026", "2027", "2028", "I alt"),
    ("Anlæg af lommeparker", "TMU", "Anlæg", "1.400", "1.400", "1.400", "-", "4.200"),
    ("Drift af lommeparker", "TMU", "Service", "-", "100", "200", "300", "600"),
    ("Udgifter i alt", "TMU", "", "1.400", "1.500", "1.600", "300", "4.800"),
)
DISTRICTS = (
    ("Bydækkende? (Hvis forslaget er bydækkende sættes kun kryds her)", "", "", "", "", ""),
    ("Bispebjerg", "X", "Indre by", "", "Valby", ""),
    ("Nørrebro", "", "Østerbro", "", "Vanløse", ""),
    ("Amager Øst", "", "Amager Vest", "", "Brønshøj/Husum", ""),
)
TREES = (
    "Lind",
    "Eg",
    "Ahorn",
    "Røn",
    "Elm",
    "Avnbøg",
    "Kirsebær",
    "Tjørn",
    "Pil",
    "Birk",
    "Æble",
    "Hassel",
)
PLANTING_HEADER = ("Beplantning (1.000 kr. – 2025 p/l)", "2025", "2026", "2027", "I alt")


def _planting_rows() -> list[tuple[str, ...]]:
    """A table long enough to run over a page break: the cost of trees by kind and park."""
    rows = []
    for n, tree in enumerate(TREES * 3):
        park = ("Tomsgårdsvej", "Frederikssundsvej", "Bispebjerg Station")[n // len(TREES)]
        figures = [(n * 7) % 5 + 1, (n * 3) % 4 + 1, (n * 5) % 6 + 1]
        rows.append((f"{tree}, {park}", *map(str, figures), str(sum(figures))))
    total = [sum(int(r[k]) for r in rows) for k in range(1, 5)]
    return rows + [("Beplantning i alt", *map(str, total))]


def _borders(table) -> None:
    """Single lines around every cell, as Word's 'Table Grid' prints them."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _table(document, rows, widths=None, repeat_header=False) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(table)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
                run.bold = r == 0
            if widths:
                cell.width = Cm(widths[c])
    if repeat_header:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(header)


def _furniture(document, header: str) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.text = "Side "
    # a PAGE field, as Word writes a page number
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def _new(header: str):
    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = WHEN
    document.core_properties.author = "proposal-archive tests"
    document.styles["Normal"].font.name = "Liberation Serif"
    _furniture(document, header)
    return document


def budget_note() -> docx.Document:
    d = _new("Teknik- og Miljøforvaltningen")
    d.add_paragraph("2. september 2024")
    for label, value in (("Sagsnr.", "2024-0412345"), ("Dokumentnr.", "2024-0412345-7")):
        d.add_paragraph(label)
        d.add_paragraph(value)
    d.add_heading("TMU12: Tre lommeparker på Bispebjerg", level=1)
    d.add_heading("Baggrund", level=2)
    for text in BACKGROUND:
        d.add_paragraph(text)
    d.add_heading("Indhold", level=2)
    d.add_paragraph("Parkerne anlægges én ad gangen:")
    for text in POINTS:
        d.add_paragraph(text, style="List Bullet")
    d.add_heading("Økonomi", level=2)
    d.add_paragraph("Forslaget koster i alt 4,8 mio. kr. over fire år.")
    d.add_paragraph("Tabel 1 – Oversigt over forslagets aktiviteter")
    _table(d, TABLE_1, widths=(6.5, 2.0, 1.4, 1.4, 1.4, 1.4, 1.6))
    d.add_heading("Beplantning", level=3)
    d.add_paragraph("Forvaltningen planter disse træer i de tre parker:")
    d.add_paragraph("Tabel 2 – Udgifter til træer i de tre parker")
    _table(d, [PLANTING_HEADER, *_planting_rows()], repeat_header=True)
    d.add_heading("Bevillingstekniske oplysninger", level=2)
    d.add_paragraph("Tabel 3 – Udgifter til service og anlæg")
    _table(d, TABLE_2, widths=(4.5, 1.5, 1.8, 1.4, 1.4, 1.4, 1.4, 1.6))
    d.add_heading("Øvrige tekniske oplysninger", level=2)
    d.add_heading("Bydel og adresse", level=3)
    _table(d, DISTRICTS)
    return d


def committee_item() -> docx.Document:
    """The committee item of kk-udvalg-lommeparker.txt as a Word document."""
    d = _new("Københavns Kommune")
    text = (DOCUMENTS / "kk-udvalg-lommeparker.txt").read_text(encoding="utf-8")
    headings = {
        "Indstilling",
        "Problemstilling",
        "Løsning",
        "Økonomi",
        "Videre proces",
        "Beslutning",
    }
    for block in text.split("\n\n"):
        block = block.strip()
        if block in headings:
            d.add_heading(block, level=2)
        elif block == "Træer og beplantning":
            d.add_heading(block, level=3)
        else:
            for line in block.split("\n"):
                d.add_paragraph(line)
    return d


def exported_meeting() -> docx.Document:
    """The meeting of htk-referat-arbejdsmarkedsudvalget.txt as an agenda system exports it to
    Word: the meeting's fields and the list of items on the first page, then the items (each
    number and title in bold), a table of figures as a Word table."""
    d = _new("Høje-Taastrup Kommune")
    text = (DOCUMENTS / "htk-referat-arbejdsmarkedsudvalget.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("PUNKTER") + 1
    end = lines.index("", start + 1)
    listed = [line for line in lines[start:end] if line.strip()]
    rows: list[tuple[str, ...]] = []
    for k, line in enumerate([*lines, ""]):
        if "\t" in line:
            rows.append(tuple(line.split("\t")))
            continue
        if rows:
            _table(d, rows)
            rows = []
        if not line.strip():
            continue
        paragraph = d.add_paragraph()
        heading = k >= end and line in listed
        # the items follow on from each other after the first, so that pages break inside them
        paragraph.paragraph_format.page_break_before = heading and line == listed[0]
        paragraph.add_run(line.strip()).bold = heading or line.isupper()
    return d


def _pdf(path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        sys.exit("libreoffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(path.parent),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )


def main() -> None:
    for name, make in (
        ("tmf-budgetnotat-lommeparker", budget_note),
        ("kk-udvalg-lommeparker", committee_item),
        ("htk-referat-arbejdsmarkedsudvalget", exported_meeting),
    ):
        path = DOCUMENTS / f"{name}.docx"
        make().save(path)
        _pdf(path)
        print(f"wrote {path} and {path.with_suffix('.pdf')}")


if __name__ == "__main__":
    main()
