"""Cells of budget tables: Danish amounts ('1.046.270', '-1.000', '1,5'), dashes, years and
periods ('2018', '2018-19'). Numbers are parsed by Babel (CLDR, da_DK), never by string tricks."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

DASH = "-"
_DASHES = {"-", "–", "—", "−"}
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
_AMOUNT_SHAPE = re.compile(r"^[-+]?\d[\d.]*(,\d+)?$")
YEAR = re.compile(r"^(19|20|21)\d\d$")
PERIOD = re.compile(r"^((?:19|20|21)\d\d)\s*[-–/]\s*(\d\d|(?:19|20|21)\d\d)$")


class NotAnAmount(ValueError):
    pass


def plain(cell: str) -> str:
    """A cell without inline markup (<i>160.000</i>) and surrounding space."""
    return _MARKUP.sub("", cell).strip()


def amount(cell: str) -> Decimal | str | None:
    """'1.400' → Decimal(1400); '-' → '-'; '' → None. Raises NotAnAmount for anything else."""
    text = plain(cell).replace("−", "-").replace(" ", "")
    if not text:
        return None
    if text in _DASHES:
        return DASH
    if not _AMOUNT_SHAPE.match(text):
        raise NotAnAmount(cell)
    try:
        return parse_decimal(text, locale="da_DK", strict=True)
    except NumberFormatError:  # a misplaced separator: '1.00' is neither 1,00 nor 1.000
        raise NotAnAmount(cell) from None


def year(cell: str) -> int | str | None:
    """'2018' → 2018; '2018-19' → '2018-19' (a period, kept as printed); else None."""
    text = plain(cell)
    if YEAR.match(text):
        return int(text)
    if PERIOD.match(text):
        return text
    return None


def as_yaml_number(value: Decimal) -> int | Decimal:
    """1400 as an int; 1,5 and 4,0 stay Decimals with their printed decimals (written 1.5, 4.0)."""
    exponent = value.as_tuple().exponent  # a letter only for NaN and infinity
    return int(value) if isinstance(exponent, int) and exponent >= 0 else value
