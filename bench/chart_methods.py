"""Measure the two ways of drawing the archive's charts (docs/charts.md): a kept SVG charting
library (pygal, the `bench` extra: pip install '.[bench]') against the archive's own Jinja
template (templates/chart.html.j2 over generator/charts.py). Prints, for N headline tables of
a synthetic shape (4 years, savings and costs, one dash), the time to draw them all and the
bytes of one chart. One run on a shared machine: compare the two within the run.

    .venv/bin/python -m bench.chart_methods [N]
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from generator.charts import bar_chart

ROOT = Path(__file__).resolve().parents[1]


def tables(n: int) -> list[tuple[list[str], list[Decimal | None]]]:
    return [
        (
            ["2023", "2024", "2025", "2026"],
            [Decimal(-500 - k % 97), Decimal(1000 + k % 13), None, Decimal(k % 7)],
        )
        for k in range(n)
    ]


def with_jinja(data) -> list[str]:
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    draw = env.get_template("chart.html.j2").module.chart
    out = []
    for k, (years, amounts) in enumerate(data):
        out.append(
            str(
                draw(
                    bar_chart(
                        f"c{k}",
                        "Tabel 1, netto pr. år",
                        "Søjlediagram ...",
                        years,
                        [("Netto", amounts)],
                    )
                )
            )
        )
    return out


def with_pygal(data) -> list[str]:
    import pygal  # the bench extra only

    out = []
    for years, amounts in data:
        chart = pygal.Bar(
            js=[], disable_xml_declaration=True, show_legend=False, width=400, height=200
        )
        chart.title = "Tabel 1, netto pr. år"
        chart.x_labels = years
        chart.add("Netto", [float(a) if a is not None else None for a in amounts])
        out.append(chart.render(is_unicode=True))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    data = tables(n)
    for name, draw in (("jinja", with_jinja), ("pygal", with_pygal)):
        start = time.perf_counter()
        made = draw(data)
        seconds = time.perf_counter() - start
        print(
            f"{name}: {n} charts in {seconds:.2f} s ({seconds / n * 1000:.2f} ms each); one chart {len(made[0].encode())} bytes"
        )


if __name__ == "__main__":
    main()
