"""Charts: bar charts as static SVG, drawn at build time (templates/chart.svg.j2 draws them;
docs/charts.md says why templates and not a charting library).

This module computes what a chart shows (bars, axis, ticks, its text alternative) from the
model, as plain frozen values; the template only writes them out. No script, nothing loaded
from elsewhere: the SVG is inline in the page, its colours come from the page's stylesheet
(theme/assets/archive.css), so it follows the colour scheme and prints in black and white.
A year printed `-` (nothing budgeted) has no bar; a printed 0 has a thin bar on the axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import danish
from .budget import net_by_year
from .model import BudgetTable
from .sums import SumTable

WIDTH = 400  # the viewBox: about the width of a phone, so its text stays readable at 375 px
PLOT_TOP, PLOT_BOTTOM = 12, 172  # the plot's vertical extent
LEFT, RIGHT = 64, 8  # room for the amounts on the axis, and a margin
HEIGHT = 196  # the year labels below the plot
LEGEND_LINE = 18
STYLES = 5  # bar styles (colour and fill pattern) in archive.css: pa-s0 … pa-s4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    style: int
    label: str  # what the bar shows, for its <title>


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Category:
    x: float  # centre
    label: str
    empty: bool  # no bar at all here (a dash): drawn as a dash under the axis


@dataclass(frozen=True)
class Chart:
    id: str  # unique on its page: the ids of its title and description
    title: str
    description: str  # the text alternative: what it shows and the totals
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    zero: float  # the y of the axis at 0
    categories: tuple[Category, ...]
    legend: tuple[tuple[int, str], ...]  # (style, label)
    legend_top: int

    @property
    def styles(self) -> list[int]:
        """The bar styles it uses (their fill patterns are defined in it)."""
        return sorted({b.style for b in self.bars} | {s for s, _ in self.legend})


def _nice_step(span: float) -> float:
    """A step of 1, 2 or 5 × 10^n that divides span into at most 5 parts."""
    raw = span / 4 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _scale(values: Sequence[float], whole: bool = False) -> tuple[float, float, float]:
    """(low, high, step) of the axis: it always shows 0, and ends on a tick (whole: on whole
    numbers only, for counts)."""
    low, high = min([0.0, *values]), max([0.0, *values])
    step = max(_nice_step(high - low), 1.0) if whole else _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step or step, step


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    stacked: bool = False,
    whole: bool = False,
) -> Chart:
    """Bars per category (year), a bar per series (status, kind), side by side or stacked;
    None: no bar. Negative amounts go below the axis."""
    values = [float(v) for _, vs in series for v in vs if v is not None]
    if stacked:
        for i in range(len(categories)):
            values.append(sum(float(vs[i] or 0) for _, vs in series))
    low, high, step = _scale(values, whole)
    plot = PLOT_BOTTOM - PLOT_TOP
    y_of = lambda v: PLOT_TOP + (high - v) / (high - low) * plot  # noqa: E731
    zero = y_of(0)
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(categories))
    groups = 1 if stacked else max(1, len(series))
    bar_width = min(28.0, slot * 0.8 / groups)
    bars, marks = [], []
    for i, category in enumerate(categories):
        left = LEFT + slot * i + (slot - bar_width * groups) / 2
        base = 0.0
        drawn = False
        for s, (name, vs) in enumerate(series):
            v = vs[i]
            if v is None:
                continue
            drawn = True
            x = left if stacked else left + s * bar_width
            start = base if stacked else 0.0
            end = start + float(v)
            top, bottom = y_of(max(start, end)), y_of(min(start, end))
            height = max(bottom - top, 1.0)  # a 0 is a thin bar on the axis, not nothing
            label = f"{name}, {category}: {danish.number(v)}"
            bars.append(
                Bar(
                    round(x, 1),
                    round(min(top, zero - 0.5) if v == 0 else top, 1),
                    round(bar_width - 2, 1),
                    round(height, 1),
                    s % STYLES,
                    label,
                )
            )
            if stacked:
                base = end
        marks.append(Category(round(LEFT + slot * (i + 0.5), 1), category, not drawn))
    ticks = []
    at = low
    while at <= high + step / 2:
        label = danish.number(Decimal(str(round(at, 6))).normalize())
        ticks.append(Tick(round(y_of(at), 1), label))
        at += step
    legend = tuple((s % STYLES, name) for s, (name, _) in enumerate(series))
    legend = legend if len(series) > 1 else ()
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=HEIGHT + LEGEND_LINE * len(legend),
        bars=tuple(bars),
        ticks=tuple(ticks),
        zero=round(zero, 1),
        categories=tuple(marks),
        legend=legend,
        legend_top=HEIGHT,
    )


def _amounts_said(years: Sequence[str], amounts: Sequence[Decimal | None]) -> str:
    said = [
        f"{y}: {danish.number(a)}" if a is not None else f"{y}: intet"
        for y, a in zip(years, amounts, strict=True)
    ]
    return "; ".join(said)


def _total(amounts) -> Decimal:
    return sum((a for a in amounts if a is not None), Decimal(0))


def proposal_chart(table: BudgetTable, chart_id: str) -> Chart | None:
    """The headline table's net amounts by year (from its lines, as the archive's sums take
    them); None when it has no amount at all."""
    net = net_by_year(table)
    if not net:
        return None
    amounts = [net.get(y) for y in table.years]
    what = f"beløb i {table.unit}, {table.price_level}"
    description = (
        f"Søjlediagram over {table.title}, netto pr. år ({what}). "
        f"{_amounts_said(table.years, amounts)} (intet: intet budgetteret). "
        f"I alt {danish.number(_total(amounts))} {table.unit}. "
        "Negative beløb er besparelser og vises under aksen."
    )
    title = f"{table.title}, netto pr. år ({what})"
    return bar_chart(chart_id, title, description, table.years, [("Netto", amounts)])


def sums_chart(table: SumTable, chart_id: str, what: str) -> Chart:
    """A term's sums of one unit and price level by year, a bar per status (what: the term)."""
    basis = f"beløb i {table.unit}, {table.price_level}"
    said = [
        f"{row.status.label} ({row.count} forslag): {_amounts_said(table.years, row.amounts)}; "
        f"i alt {danish.number(_total(row.amounts))}"
        for row in table.rows
    ]
    description = (
        f"Søjlediagram over {what}, summen af forslagenes hovedtabeller pr. år "
        f"efter status ({basis}). "
        + ". ".join(said)
        + ". Beløb med forskellig status er ikke lagt sammen."
    )
    series = [(row.status.label, row.amounts) for row in table.rows]
    title = f"{what}: beløb pr. år efter status ({basis})"
    return bar_chart(chart_id, title, description, table.years, series)


def archive_chart(counts: dict, kinds: Sequence[str], chart_id: str) -> Chart | None:
    """The archive by year and kind (counts: (year, kind label) → proposals), stacked."""
    years = sorted({y for y, _ in counts})
    if not years:
        return None
    series = [
        (kind, [Decimal(counts[(y, kind)]) if (y, kind) in counts else None for y in years])
        for kind in kinds
    ]
    series = [(k, vs) for k, vs in series if any(v is not None for v in vs)]
    per_year = [sum(counts.get((y, k), 0) for k in kinds) for y in years]
    said = "; ".join(f"{y}: {n}" for y, n in zip(years, per_year, strict=True))
    description = (
        f"Søjlediagram over arkivets dokumenter pr. år, delt efter dokumenttype. {said}. "
        f"I alt {sum(per_year)} dokumenter med et år."
    )
    labels = [str(y) for y in years]
    title = "Dokumenter pr. år og type"
    return bar_chart(chart_id, title, description, labels, series, stacked=True, whole=True)
