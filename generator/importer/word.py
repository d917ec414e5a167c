"""A Word document (.docx) → the text form the importer reads, from the document's own
structure rather than from a page's layout: one paragraph a line with blank lines between,
list paragraphs as '- ' or '1. ' lines, tables row by row with their cells joined by tabs (a
cell that a merge repeats is empty, so every row keeps the table's grid), and the level of each
heading from its style ('Heading 2', 'Overskrift 2'), one below the page's title.

Read with python-docx: it gives the body's paragraphs and tables in order, each table as its
grid of cells, and leaves out the page headers and footers (page furniture, not the text).
"""

from __future__ import annotations

import io
import re
import zipfile

from .report import ImportFailed, Note, error, note

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_NUMBERED_STYLE = re.compile(r"number|talformat|nummer", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(?:list|opstilling)", re.IGNORECASE)
_BULLET_FORMATS = {"bullet", "none"}


def is_docx(raw: bytes) -> bool:
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def not_docx(raw: bytes) -> str:
    """Why a ZIP container is not read."""
    try:
        zipfile.ZipFile(io.BytesIO(raw)).close()
    except zipfile.BadZipFile as exc:
        return f"a damaged ZIP container (a Word .docx file cut short?): {exc}"
    return (
        "a ZIP container that is not a Word .docx file (no word/document.xml): save the "
        "document as .docx, PDF or plain text and import that"
    )


class _Numbering:
    """Whether a numbered paragraph's list is numbered or bulleted, and its running number."""

    def __init__(self, document):
        try:
            self.root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            self.root = None
        self.counts: dict[tuple[str, str], int] = {}

    def _format(self, num_id: str, level: str) -> str:
        if self.root is None:
            return "bullet"
        abstract = self.root.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return "bullet"
        found = self.root.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]'
            "/w:numFmt/@w:val"
        )
        return found[0] if found else "bullet"

    def marker(self, paragraph) -> str | None:
        """'- ' or '3. ' for a list paragraph, None for any other."""
        ppr = paragraph._p.pPr
        num = ppr.numPr if ppr is not None else None
        style = paragraph.style.name if paragraph.style is not None else ""
        if num is None or num.numId is None:
            if _LIST_STYLE.match(style):
                return "1. " if _NUMBERED_STYLE.search(style) else "- "
            return None
        num_id = str(num.numId.val)
        level = str(num.ilvl.val) if num.ilvl is not None else "0"
        if self._format(num_id, level) in _BULLET_FORMATS:
            return "- "
        key = (num_id, level)
        self.counts[key] = self.counts.get(key, 0) + 1
        return f"{self.counts[key]}. "


def _cell_text(cell) -> str:
    return " ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip())


def _table_lines(table) -> list[str]:
    seen: set = set()  # the cells' XML elements (kept alive here, so compared by identity)
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            # a merged cell stands in each grid column (and row) it spans: text once
            cells.append("" if cell._tc in seen else _cell_text(cell))
            seen.add(cell._tc)
        # every row keeps its tabs, so a row of one filled cell is still a row
        lines.append("\t".join(cells) if len(cells) > 1 else f"{cells[0]}\t")
    return lines


def docx_lines(raw: bytes) -> tuple[list[str], list[tuple[int, int]], list[Note]]:
    """(lines, (line, heading level) pairs, notes) of a .docx file's body."""
    import docx  # python-docx, imported here: only .docx files need it

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        reason = f"not a readable Word file: {type(exc).__name__}: {exc}"
        raise ImportFailed(error(1, reason)) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    levels: list[tuple[int, int]] = []
    styled = [
        int(m.group(1))
        for p in document.paragraphs
        if p.style is not None and (m := _HEADING_STYLE.match(p.style.name)) and p.text.strip()
    ]
    # a top level used once is the document's title (the page's #), not a section
    title_level = min(styled) if styled and styled.count(min(styled)) == 1 else None
    outline = sorted(set(styled) - {title_level})
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(["", *_table_lines(block), ""])
            continue
        text = " ".join(block.text.replace("\t", " ").split())
        if not text:
            lines.append("")
            continue
        style = block.style.name if block.style is not None else ""
        heading = _HEADING_STYLE.match(style)
        marker = numbering.marker(block)
        if marker:
            # the points of one list stay together: no blank line between them
            if lines and lines[-1] == "" and len(lines) > 1 and lines[-2].startswith(marker[:1]):
                lines.pop()
            lines.extend([marker + text, ""])
            continue
        if heading and int(heading.group(1)) != title_level:
            # the top level of the document's outline is a ## section (the title is the #)
            levels.append((len(lines) + 1, min(6, 2 + outline.index(int(heading.group(1))))))
        lines.extend([text, ""])
    notes = [
        note(
            1,
            "read from the Word file's paragraphs and tables (python-docx); "
            "page headers and footers left out",
        )
    ]
    return lines, levels, notes
