"""The id of an imported proposal: `<initials of the municipality>-b<budget year>-<code>`, an
exported meeting's item by its meeting's date and number, else the first words of the title
(docs/import.md)."""

from __future__ import annotations

from ..slugs import slugify
from ..vocabulary import Municipality
from . import names

ID_WORDS = 4  # words of the title in an id without a code
_STOP_WORDS = {
    "og", "i", "på", "af", "for", "til", "med", "om", "de", "den", "det", "en", "et", "fra", "ved",
    "som", "der", "at",
}  # fmt: skip


def proposal_id(m: Municipality, front: dict) -> str:
    """The id of the proposal whose fields (all but the id) are front."""
    prefix = names.id_prefix(m)
    meeting = front.get("meeting", {})
    if not front.get("code") and meeting.get("date") and meeting.get("item") is not None:
        # a meeting's items are known by the meeting's date and the item's number
        return f"{prefix}-{meeting['date']}-punkt-{meeting['item']}"
    year = f"b{front['budget_year']}" if front.get("budget_year") else front["date"][:4]
    if front.get("code"):
        return f"{prefix}-{year}-{slugify(front['code'])}"[:80].strip("-")
    words = [w for w in slugify(front["title"]).split("-") if w not in _STOP_WORDS]
    return f"{prefix}-{year}-{'-'.join(words[:ID_WORDS])}"[:80].strip("-")
