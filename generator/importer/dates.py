"""Danish dates as documents print them → ISO: '8. november 2018', 'Onsdag den 15. august 2012',
'15-08-2012', '15.08.2012'. Month names come from Babel (CLDR), not from a list of our own."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel.dates import get_month_names

_NUMERIC = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./]((?:19|20|21)\d\d)\b")


@cache
def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale="da_DK").items():
                names[name.casefold().rstrip(".")] = number
    return names


@cache
def _long() -> re.Pattern:
    months = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    return re.compile(rf"\b(\d{{1,2}})\.?\s+({months})\.?\s+((?:19|20|21)\d\d)\b", re.IGNORECASE)


def find_date(text: str) -> tuple[str, str] | None:
    """(ISO date, the text as printed) of the first date in text that exists in the calendar."""
    for pattern, order in ((_long(), "dmy-name"), (_NUMERIC, "dmy")):
        for match in pattern.finditer(text):
            day, month, year = match.groups()
            month_number = _months()[month.casefold()] if order == "dmy-name" else int(month)
            try:
                return dt.date(int(year), month_number, int(day)).isoformat(), match.group()
            except ValueError:
                continue
    return None


def is_only_date(text: str) -> bool:
    """Whether a line is nothing but a date (with a weekday, 'den'): a header's date line."""
    found = find_date(text)
    if not found:
        return False
    rest = text.replace(found[1], " ").casefold().split()
    weekdays = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "den", ","}
    return all(word.strip(",") in weekdays for word in rest)
