"""How well the importer reads each family of documents: for each, the documents tried, the
table numbers placed exactly (in their row and year, as the document's own structure has
them), the words of the document kept (in the front matter or the body), the fields found of
those the family states, and the guesses reported. Also the two PDF readers side by side.

    .venv/bin/python -m site_tests.importer.measure   # prints the tables of docs/import.md

test_measure.py asserts that docs/import.md shows what this prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.configuration import load_configuration
from generator.importer import layout, pdfread
from generator.importer.cells import cell_text
from generator.importer.decode import Text, _pdf_text, decode
from generator.importer.document import import_document
from generator.importer.report import ImportFailed, Kind
from generator.importer.settings import load_settings
from generator.importer.word import docx_lines
from site_tests.archives import REPO
from site_tests.importer.helpers import SEED_FILES, text_pdf, words
from site_tests.importer.test_seeds import cell_of, seed_numbers

DOCUMENTS = Path(__file__).parent / "documents"
CONFIGURATION = load_configuration(REPO / "config")
VOCAB, SETTINGS = CONFIGURATION.vocab, load_settings(CONFIGURATION)

# the fields each family states, as a path into the front matter
FIELDS = {
    "budget note": ("code", "title", "budget_year", "date", "case_number", "districts", "budget"),
    "committee item": (
        "title",
        "kind",
        "committee",
        "budget_year",
        "date",
        "meeting.time",
        "meeting.place",
        "status",
    ),
    "exported meeting": (
        "title",
        "kind",
        "committee",
        "date",
        "meeting.time",
        "meeting.place",
        "meeting.item",
        "status",
    ),
}


@dataclass(frozen=True)
class Document:
    family: str
    name: str
    raw: bytes
    reference: str  # the document's text with its tables tab-separated, as its structure has them
    fields: tuple[str, ...]


def _docx_text(path: Path) -> str:
    return "\n".join(docx_lines(path.read_bytes())[0])


def documents() -> list[Document]:
    seed_fields = ("title", "kind", "districts", "budget")
    out = [
        Document(
            "seeds (text)", s.name[:3], s.read_bytes(), s.read_text(encoding="utf-8"), seed_fields
        )
        for s in SEED_FILES
    ]
    out += [
        Document(
            "seeds (PDF, columns without rules)",
            s.name[:3],
            text_pdf(s.read_text(encoding="utf-8")),
            s.read_text(encoding="utf-8"),
            seed_fields,
        )
        for s in SEED_FILES
    ]
    item = DOCUMENTS / "kk-udvalg-lommeparker"
    note = DOCUMENTS / "tmf-budgetnotat-lommeparker"
    export = DOCUMENTS / "htk-referat-arbejdsmarkedsudvalget.txt"
    item_text = item.with_suffix(".txt").read_text(encoding="utf-8")
    for suffix in (".txt", ".docx", ".pdf"):
        out.append(
            Document(
                "committee item",
                item.name + suffix,
                item.with_suffix(suffix).read_bytes(),
                item_text,
                FIELDS["committee item"],
            )
        )
    school = DOCUMENTS / "kk-udvalg-skolemadsordning.txt"
    out.append(
        Document(
            "committee item",
            school.name,
            school.read_bytes(),
            school.read_text(encoding="utf-8"),
            FIELDS["committee item"],
        )
    )
    for suffix in (".docx", ".pdf"):
        out.append(
            Document(
                "budget note (Word)",
                note.name + suffix,
                note.with_suffix(suffix).read_bytes(),
                _docx_text(note.with_suffix(".docx")),
                FIELDS["budget note"],
            )
        )
    meeting_pdf = (export.with_suffix(".docx"), export.with_suffix(".pdf"))
    for path in (export, *meeting_pdf, DOCUMENTS / "htk-dagsorden-oekonomiudvalget.txt"):
        out.append(
            Document(
                "exported meeting",
                path.name,
                path.read_bytes(),
                export.read_text(encoding="utf-8")
                if path in meeting_pdf
                else path.read_text(encoding="utf-8"),
                FIELDS["exported meeting"],
            )
        )
    return out


def _field(front: dict, path: str):
    value = front
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


@dataclass
class Score:
    documents: int = 0
    proposals: int = 0
    failed: int = 0
    numbers: int = 0
    exact: int = 0
    words: int = 0
    kept: int = 0
    fields: int = 0
    found: int = 0
    guesses: int = 0

    def add(self, doc: Document, text: Text) -> None:
        self.documents += 1
        results = import_document(text, VOCAB, SETTINGS)
        drafts = [d for _, d in results if not isinstance(d, ImportFailed)]
        self.failed += len(results) - len(drafts)
        self.proposals += len(drafts)
        reference = seed_numbers(doc.reference)
        tables = [t for d in drafts for t in d.front.get("budget", [])]
        self.numbers += len(reference)
        self.exact += sum(
            any(
                row["label"] == label and cell_of(t, row, column) == value
                for t in tables
                for row in [*t["rows"], *t.get("totals", [])]
            )
            for label, column, value in reference
        )
        wanted = Counter(words(doc.reference))
        got = Counter(w for d in drafts for w in words(f"{d.front}\n{d.body}"))
        self.words += sum(wanted.values())
        self.kept += sum(min(n, got[w]) for w, n in wanted.items())
        self.fields += len(doc.fields) * max(len(drafts), 1)
        self.found += sum(
            _field(d.front, f) not in (None, "", []) for d in drafts for f in doc.fields
        )
        self.guesses += sum(n.kind is Kind.GUESSED for d in drafts for n in d.notes)


def _row(name: str, s: Score) -> str:
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole}" if whole else "–"

    return (
        f"| {name} | {s.documents} ({s.proposals} proposals"
        f"{f', {s.failed} failed' if s.failed else ''}) | {share(s.exact, s.numbers)} | "
        f"{share(s.kept, s.words)} | {share(s.found, s.fields)} | {s.guesses} |"
    )


def families() -> str:
    scores: dict[str, Score] = {}
    for doc in documents():
        scores.setdefault(doc.family, Score()).add(doc, decode(doc.raw))
    head = (
        "| family | documents | numbers exact | words kept | fields found | guesses |\n"
        "|---|---|---|---|---|---|"
    )
    return "\n".join([head, *(_row(name, s) for name, s in scores.items())])


def _layout_text(raw: bytes) -> Text:
    text = _pdf_text(raw).replace("\u00ad", "").replace("\u00a0", " ")
    return Text(tuple(layout.from_layout(text.split("\n"))), (), True)


def _positions_text(raw: bytes) -> Text:
    placed = pdfread.read(raw, columns=True)
    lines, levels, notes, _ = placed
    return Text(tuple(lines), tuple(notes), True, tuple(levels))


def readers() -> str:
    """Each PDF through each reader; 'unruled columns' where pdfplumber's reader declines."""
    head = "| PDF | reader | numbers exact | words kept | fields found |\n|---|---|---|---|---|"
    rows = [head]
    for doc in documents():
        if not doc.raw.startswith(b"%PDF"):
            continue
        for reader, read in (("pdftotext -layout", _layout_text), ("pdfplumber", _positions_text)):
            text = read(doc.raw)
            if text is None:
                rows.append(
                    f"| {doc.family}: {doc.name} | {reader} | declined: columns without rules | | |"
                )
                continue
            s = Score()
            try:
                s.add(doc, text)
            except ImportFailed as exc:
                rows.append(
                    f"| {doc.family}: {doc.name} | {reader} | not imported: "
                    f"{exc.note.message} | | |"
                )
                continue
            cells = _row("", s).split(" | ")
            rows.append(
                f"| {doc.family}: {doc.name} | {reader} | {cells[2]} | {cells[3]} | {cells[4]} |"
            )
    return "\n".join(rows)


def cell_breaks() -> str:
    """The line breaks inside the ruled table cells of each PDF of documents/, by how
    cells.py decided them: by the characters, by the positions, or reported."""
    import pdfplumber

    head = (
        "| PDF | breaks in table cells | by the characters | at a space, by the positions "
        "| reported |\n|---|---|---|---|---|"
    )
    rows = [head]
    for path in sorted(DOCUMENTS.glob("*.pdf")):
        kinds: Counter[str] = Counter()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                for table in page.find_tables():
                    for row in table.rows:
                        for cell in row.cells:
                            # (the vocabulary only decides how a reported break is read, not its kind)
                            kinds.update(cell_text(page, cell, set()).breaks)
        rows.append(
            f"| {path.name} | {sum(kinds.values())} | {kinds['characters']} "
            f"| {kinds['positions']} | {kinds['reported']} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(families())
    print()
    print(readers())
    print()
    print(cell_breaks())
