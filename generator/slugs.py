"""URL-safe slugs for Danish names (æ→ae, ø→oe, å→aa, as Danish URLs conventionally spell them)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@lru_cache(maxsize=65536)  # an archive slugs the same few thousand names over and over
def slugify(text: str) -> str:
    """'Vesterbro/Kongens Enghave' → 'vesterbro-kongens-enghave'."""
    text = str(text).translate(_DANISH)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", text).strip("-") or "x"
