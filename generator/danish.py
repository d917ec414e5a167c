"""Danish formatting of numbers, amounts and dates, through Babel (CLDR), never string tricks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "da_DK"
DASH = "-"


@lru_cache(maxsize=65536)  # Babel is slow, and budget tables repeat the same figures
def number(value: Decimal | int | float) -> str:
    """1046270 → '1.046.270'; -1000 → '-1.000'; Decimal('1.4') → '1,4'."""
    return format_decimal(value, locale=LOCALE, decimal_quantization=False, group_separator=True)


def format_cell(cell) -> str:
    """A table cell as printed: a number in Danish format, '-' for a dash, '' for an empty cell."""
    if cell is None:
        return ""
    if cell == DASH:
        return DASH
    return number(cell)


@lru_cache(maxsize=4096)  # pages show the same dates again and again (history, meetings)
def long_date(value: dt.date) -> str:
    """2018-11-08 → '8. november 2018'."""
    return format_date(value, format="long", locale=LOCALE)


def millions(kroner: Decimal) -> str:
    """An amount in kroner said in millions with one decimal, as Danish prose does: '1,4 mio. kr.'."""
    return _tenths_of_millions(round(kroner / Decimal(1_000_000), 1))


@lru_cache(maxsize=65536)  # (Babel is slow; rounded to a tenth, the amounts repeat)
def _tenths_of_millions(millions: Decimal) -> str:
    return f"{format_decimal(millions, format='#,##0.0', locale=LOCALE)} mio. kr."
