"""The proposal file as text: YAML front matter in the style of docs/format.md, then the body.

A small emitter rather than yaml.dump, because the format has a house style that PyYAML cannot
be told: fields in a fixed order, short lists of scalars in flow style (`districts: [Bydækkende]`,
`amounts: [700, 700, "-", "-"]`), the summary folded, codes and case numbers quoted. Whether a
scalar may stay plain is not guessed: it is written plain only if the archive's own YAML loader
reads it back as the same string. Same input, byte-identical output.
"""

from __future__ import annotations

import json
import re
import textwrap
from decimal import Decimal

from ..yaml_positions import parse_yaml

FIELD_ORDER = (
    "id",
    "code",
    "title",
    "kind",
    "municipality",
    "administration",
    "committee",
    "budget_year",
    "date",
    "case_number",
    "document_number",
    "caseworker",
    "status",
    "public",
    "districts",
    "tags",
    "related",
    "summary",
    "summary_source",
    "internal_notes",
    "meeting",
    "source",
    "budget",
)
FLOW_KEYS = {"districts", "tags", "years", "columns", "amounts", "of"}
FOLDED_KEYS = {"summary", "internal_notes"}
WIDTH = 100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Text made of digits and punctuation only ('2018-0266843', '18.10', '12/9746', '-'): other
# YAML readers (YAML 1.2, editors) could take it for a number or a time, so it is quoted.
NUMBER_LIKE = re.compile(r"^[\d\s.,:/+\-−_]*$")


def _reads_back(text: str, flow: bool) -> bool:
    document = f"k: [{text}]" if flow else f"k: {text}"
    parsed = parse_yaml(document, "<emit>")
    expected = [text] if flow else text
    return not parsed.problems and parsed.data == {"k": expected}


def scalar(value, flow: bool = False, key: str = "") -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    if key == "date" and ISO_DATE.match(text):
        return text
    if (
        text
        and not NUMBER_LIKE.match(text)
        and text == text.strip()
        and "\n" not in text
        and _reads_back(text, flow)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar is a JSON string


def _folded(key: str, text: str, indent: str) -> list[str] | None:
    """A long prose value as a folded block (`>-`), if folding gives back exactly the text."""
    if (
        len(indent) + len(key) + 2 + len(text) <= WIDTH
        or "  " in text
        or text != text.strip()
        or "\n" in text
    ):
        return None
    lines = textwrap.wrap(
        text, width=WIDTH - len(indent) - 2, break_long_words=False, break_on_hyphens=False
    )
    if " ".join(lines) != text or any(line.startswith(("#", "-", " ")) for line in lines):
        return None
    return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in lines)]


def _flow(items: list) -> str:
    return "[" + ", ".join(scalar(i, flow=True) for i in items) + "]"


def _is_scalar_list(value) -> bool:
    return isinstance(value, list) and all(not isinstance(i, (dict, list)) for i in value)


def _mapping(data: dict, indent: str, first_prefix: str | None = None) -> list[str]:
    out: list[str] = []
    for n, (key, value) in enumerate(data.items()):
        lead = first_prefix if (n == 0 and first_prefix is not None) else indent
        out.extend(_entry(key, value, lead, indent))
    return out


def _entry(key: str, value, lead: str, indent: str) -> list[str]:
    if isinstance(value, dict):
        return [f"{lead}{key}:", *_mapping(value, indent + "  ")]
    if isinstance(value, list):
        if not value:
            return [f"{lead}{key}: []"]
        if (
            _is_scalar_list(value)
            and key in FLOW_KEYS
            and len(lead) + len(key) + 2 + len(_flow(value)) <= WIDTH
        ):
            return [f"{lead}{key}: {_flow(value)}"]
        out = [f"{lead}{key}:"]
        for item in value:
            if isinstance(item, dict):
                out.extend(_mapping(item, indent + "    ", first_prefix=indent + "  - "))
            else:
                out.append(f"{indent}  - {scalar(item)}")
        return out
    if key in FOLDED_KEYS and isinstance(value, str):
        folded = _folded(key, value, lead)
        if folded:
            return folded
    return [f"{lead}{key}: {scalar(value, key=key)}"]


def ordered(front: dict) -> dict:
    """The fields in the order of docs/format.md; fields it does not list come last, sorted."""
    known = {k: front[k] for k in FIELD_ORDER if k in front}
    return known | {k: front[k] for k in sorted(front) if k not in known}


def front_matter(front: dict) -> str:
    return "\n".join(_mapping(ordered(front), "")) + "\n"


def proposal_file(front: dict, body: str) -> str:
    return f"---\n{front_matter(front)}---\n{body}"
