"""Charts (generator/charts.py, templates/chart.html.j2): bars where the table has amounts, none
for a dash, savings below the axis, a text alternative with the right totals, valid SVG with
its title and description, and colours with 3:1 against the page in both colour schemes."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from jinja2 import Environment, FileSystemLoader

from generator.charts import archive_chart, bar_chart, proposal_chart, sums_chart
from generator.pipeline import Project, for_audience, load
from generator.sums import status_sums
from site_tests.archives import REPO, make_archive

SVG = "{http://www.w3.org/2000/svg}"


def draw(chart) -> ET.Element:
    loader = FileSystemLoader(str(REPO / "templates"))
    env = Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    html = str(env.get_template("chart.html.j2").module.chart(chart))
    return ET.fromstring(html)  # a figure with the svg: well-formed XML


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = make_archive(tmp_path_factory.mktemp("charts") / "a", "small")
    return for_audience(load(Project(root)), "intranet")


def test_a_dash_has_no_bar_a_zero_a_thin_one_and_savings_go_below_the_axis():
    amounts = [Decimal(500), Decimal(-250), None, Decimal(0)]
    chart = bar_chart("c", "T", "D", ["2030", "2031", "2032", "2033"], [("Netto", amounts)])
    assert len(chart.bars) == 3
    cost, saving, zero = chart.bars
    assert cost.y + cost.height == pytest.approx(chart.zero, abs=0.2)  # from the axis up
    assert saving.y == pytest.approx(chart.zero, abs=0.2) and saving.y > cost.y  # axis down
    assert saving.height == pytest.approx(cost.height / 2, abs=0.3)
    assert zero.height == 1.0 and abs(zero.y - chart.zero) <= 0.5
    assert [c.empty for c in chart.categories] == [False, False, True, False]
    ticks = [t.label for t in chart.ticks]
    assert "0" in ticks and ticks[0].startswith("-") and len(ticks) <= 7


def test_a_proposal_chart_says_what_it_shows_and_its_total(small):
    table = small.by_id["zz-small-savings"].headline_table
    chart = proposal_chart(table, "zz-small-savings-diagram")
    assert "2030: -500; 2031: -1.000" in chart.description
    assert "I alt -1.500 1.000 kr." in chart.description and "2030 p/l" in chart.description
    svg = draw(chart).find(f"{SVG}svg")
    assert svg.get("role") == "img"
    ids = svg.get("aria-labelledby").split()
    assert [svg.find(f"{SVG}{tag}").get("id") for tag in ("title", "desc")] == ids
    bars = svg.findall(f"{SVG}g[@class='pa-bars']/{SVG}rect")
    assert len(bars) == 2 and all(float(b.get("y")) >= chart.zero - 0.2 for b in bars)
    # a table of nothing but dashes has no chart
    rows = tuple(dataclasses.replace(r, amounts=("-", "-")) for r in table.rows)
    dashes = dataclasses.replace(table, rows=rows)
    assert proposal_chart(dashes, "x") is None


def test_a_sums_chart_has_a_bar_per_status_and_says_each_total(small):
    cafe = small.by_id["zz-small-cafe"]
    rejected = dataclasses.replace(cafe, id="x", status=small.vocab.statuses.find("forkastet"))
    tables = status_sums(small.proposals + (rejected,), small.vocab.statuses)
    (table,) = [t for t in tables if t.unit == "1.000 kr."]
    chart = sums_chart(table, "valby-1", "Valby")
    assert [label for _, label in chart.legend] == ["Forslag", "Vedtaget", "Ikke vedtaget"]
    assert len(chart.bars) == 6 and {b.style for b in chart.bars} == {0, 1, 2}
    assert "Vedtaget (1 forslag): 2030: 500; 2031: 500; i alt 1.000" in chart.description
    assert "Forslag (1 forslag): 2030: -500; 2031: -1.000; i alt -1.500" in chart.description
    assert "ikke lagt sammen" in chart.description
    figure = draw(chart)
    assert len(figure.findall(f".//{SVG}g[@class='pa-legend']/{SVG}text")) == 3


def test_the_archive_chart_stacks_kinds_by_year(small):
    kinds = ["Budgetnotat", "Effektiviseringsforslag", "Dagsordenpunkt/referat"]
    counts = {(2030, kinds[0]): 2, (2030, kinds[1]): 1, (2031, kinds[0]): 1}
    chart = archive_chart(counts, kinds, "arkiv")
    assert "2030: 3; 2031: 1" in chart.description and "I alt 4 dokumenter" in chart.description
    assert [label for _, label in chart.legend] == ["Budgetnotat", "Effektiviseringsforslag"]
    first, second, third = chart.bars
    # stacked: the second kind's bar sits on the first's
    assert first.x == second.x and second.y + second.height == pytest.approx(first.y, abs=0.2)
    assert [t.label for t in chart.ticks] == ["0", "1", "2", "3"]  # counts: whole numbers
    assert archive_chart({}, [], "x") is None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_bars_and_axis_have_3_to_1_against_the_page_in_both_colour_schemes():
    css = (REPO / "theme" / "assets" / "archive.css").read_text(encoding="utf-8")
    schemes = re.findall(r"(?:^|\n)((?:[^\s{][^\n{]*)?\.pa-chart) \{([^}]*)\}", css)
    assert [s for s, _ in schemes] == [".pa-chart", '[data-md-color-scheme="slate"] .pa-chart']
    for selector, body in schemes:
        colours = dict(re.findall(r"--pa-chart-([a-z0-9]+): (#[0-9a-f]{6})", body))
        assert len(colours) == 9, selector
        for name in ("axis", "text", "0", "1", "2", "3", "4"):
            assert contrast(colours[name], colours["bg"]) >= 3, (selector, name, colours[name])
