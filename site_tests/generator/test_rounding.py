"""Rounding differences: a printed total within what rounding each printed figure explains
(half a unit of its last printed digit, per line and for the total) is information
(`total-rounding`, shown by `check --verbose`) and a quiet footnote on the page; a larger
difference stays a `total-mismatch` warning with its note beside the table."""

from __future__ import annotations

from decimal import Decimal

from generator.budget import half_unit
from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import REPO, make_archive, run_cli

PROPOSAL = """\
---
id: zz-rounding-skybrud
title: Skybrudssikring i mio. kr.
kind: investeringsforslag
municipality: koebenhavn
budget_year: 2030
status: forslag
districts: [Valby]
budget:
  - title: Tabel 1 – Investering
    unit: mio. kr.
    price_level: 2030 p/l
    label_heading: Aktivitet
    columns: []
    years: [2030, 2031]
    total_column: true
    rows:
      - label: Anlæg
        amounts: [12.4, 4.0]
        total: 16.4
      - label: Afledt drift
        amounts: [3.3, -0.4]
        total: 2.9
      - label: Projektledelse
        amounts: [0.4, 0.4]
        total: 0.9
    totals:
      - label: I alt
        amounts: [16.2, 4.3]
        total: 20.2
---
Tekst.
"""
# 2030: 12,4 + 3,3 + 0,4 = 16,1, printed 16,2: 0,1 apart, rounding explains 4 × 0,05 = 0,2
# 2031: 4,0 - 0,4 + 0,4 = 4,0, printed 4,3: 0,3 apart, more than 0,2: an error
# 'Projektledelse' i alt: 0,4 + 0,4 = 0,8, printed 0,9: within 3 × 0,05 = 0,15
# I alt i alt: the six lines sum to 20,1, printed 20,2: within 7 × 0,05 = 0,35


def test_half_a_unit_of_the_last_printed_digit():
    assert [half_unit(Decimal(t)) for t in ("700", "1.4", "4.0", "0.25")] == [
        Decimal("0.5"),
        Decimal("0.05"),
        Decimal("0.05"),
        Decimal("0.005"),
    ]
    assert half_unit("-") == 0 and half_unit(None) == 0


def test_rounding_is_information_and_a_real_difference_a_warning(tmp_path):
    root = make_archive(tmp_path / "archive", proposals={"zz-rounding-skybrud.md": PROPOSAL})
    quiet = run_cli(root, "check", "--no-cache")
    assert quiet.returncode == 0
    assert quiet.stdout.splitlines() == [
        "proposals/zz-rounding-skybrud.md:28:1: warning: table 1 (mio. kr.): row 'I alt', 2031: "
        "printed 4,3, but the sum of its lines is 4 [total-mismatch]",
        "0 errors, 1 warning",
    ]
    verbose = run_cli(root, "check", "--no-cache", "--verbose").stdout.splitlines()
    rounding = [line for line in verbose if line.endswith("[total-rounding]")]
    why = "a rounding difference (afrundingsdifference), within the"
    assert rounding == [
        "proposals/zz-rounding-skybrud.md:24:1: info: table 1 (mio. kr.): 'I alt' of row "
        f"'Projektledelse': printed 0,9, but the sum of its lines is 0,8: {why} 0,15 that "
        "rounding each printed figure can explain [total-rounding]",
        "proposals/zz-rounding-skybrud.md:28:1: info: table 1 (mio. kr.): 'I alt' of row 'I alt': "
        f"printed 20,2, but the sum of its lines is 20,1: {why} 0,35 that rounding each printed "
        "figure can explain [total-rounding]",
        "proposals/zz-rounding-skybrud.md:28:1: info: table 1 (mio. kr.): row 'I alt', 2030: "
        f"printed 16,2, but the sum of its lines is 16,1: {why} 0,2 that rounding each printed "
        "figure can explain [total-rounding]",
    ]
    assert verbose[-1] == "0 errors, 1 warning, 3 notes"
    strict = run_cli(root, "check", "--no-cache", "--strict")
    assert strict.returncode == 1 and "total-rounding" not in strict.stdout


def test_seed_004s_103_kroner_stay_a_warning():
    result = run_cli(REPO, "check", "--no-cache", "--verbose")
    lines = [line for line in result.stdout.splitlines() if "htk-2012-charlotteager" in line]
    assert any(
        "printed 1.046.270, but the sum of its lines is 1.046.167 [total-mismatch]" in line
        and ": warning: " in line
        for line in lines
    )
    assert not any("total-rounding" in line for line in lines)


def test_the_page_shows_rounding_as_a_footnote_and_the_error_in_its_box(tmp_path):
    root = make_archive(tmp_path / "archive", proposals={"zz-rounding-skybrud.md": PROPOSAL})
    diagnostics, report = prepare(Project(root))
    assert report is not None, diagnostics
    page = (Project(root).pages / "forslag" / "zz-rounding-skybrud.md").read_text(encoding="utf-8")
    box = page[page.index('<div class="pa-note"') :]
    box = box[: box.index("</div>")]
    assert "I alt, 2031: Opgjort i dokumentet: 4,3" in box
    assert "16,2" not in box and "0,9" not in box  # the rounding differences are not errors
    note = page[page.index('<p class="pa-rounding-note"') :]
    note = note[: note.index("</p>")]
    assert "Afrundingsdifference" in note
    assert (
        "Projektledelse, i alt: 0,9 mod 0,8; I alt, 2030: 16,2 mod 16,1; "
        "I alt, i alt: 20,2 mod 20,1"
    ) in note
    assert page.count('aria-label="afrundingsdifference"') == 3
