"""Documents the seeds do not show: another municipality (added as a configuration file, no
code), another committee and administration, other years, other spellings of the unit and
the total column. The importer reads them by their structure and the vocabulary."""

from __future__ import annotations

import subprocess
import sys

from site_tests.archives import make_archive
from site_tests.importer.helpers import run, split

ODENSE = """\
id: odense
name: Odense Kommune
short: Odense
districts:
  - {name: Vollsmose}
  - {name: Bolbro}
  - {name: Dalum}
  - {name: Hjallese}
  - {name: Hele kommunen, city_wide: true, aliases: [Alle bydele]}
administrations:
  - {name: Børn- og Ungeforvaltningen, aliases: [BUF]}
  - {name: Ældre- og Handicapforvaltningen, aliases: [ÆHF]}
committees:
  - {name: Børn- og Ungeudvalget, aliases: [BUU]}
  - {name: Ældre- og Handicapudvalget, aliases: [ÆHU]}
"""

ODENSE_NOTE = """\
Odense Kommune

3. september 2024

Sagsnr.
24/12345

Sagsbehandler
Ole Hansen

BUU-7: Flere pædagoger i dagtilbud i Vollsmose og Bolbro

Baggrund

Børn- og Ungeforvaltningen foreslår at ansætte flere pædagoger i Vollsmose og Bolbro, hvor mange børn har brug for sprogstøtte. Børn- og Ungeforvaltningen vil følge indsatsen tæt.

Økonomi

Tabel 1: Udgifter til dagtilbud

(t.kr. – 2025 p/l)\tUdvalg\tStyringsområde\t2025\t2026\t2027\t2028\tTotal
Pædagoger\tBUU\tService\t2.500\t2.500\t2.500\t2.500\t10.000
Sprogmaterialer\tBUU\tService\t300\t–\t–\t–\t300
Heraf engangsudgifter\tBUU\tService\t300\t\t\t\t300
Udgifter i alt\t\t\t2.800\t2.500\t2.500\t2.500\t10.300

Risikovurdering

Der er risiko for, at det er svært at rekruttere pædagoger.
"""

CPH_INVESTMENT = """\
INVESTERINGSFORSLAG

BUDGET 2021

Forslagets titel: Ny skybrudssikring af Enghaveparken

Kort resumé: Forvaltningen foreslår at investere i skybrudssikring, som giver lavere driftsudgifter.

Fremstillende forvaltning: Teknik- og Miljøforvaltningen

Tabel 1. Investering og afledt drift

mio. kr. 2021 p/l\tStyringsområde\t2021\t2022\t2023\t2024\tI alt
Anlægsinvestering\tAnlæg\t12,5\t4,0\t-\t-\t16,5
Afledt drift\tService\t-\t-0,4\t-0,4\t-0,4\t-1,2
Samlet økonomisk påvirkning\t\t12,5\t3,6\t-0,4\t-0,4\t15,3

1. Baggrund og formål

Teknik- og Miljøforvaltningen har kortlagt skybrudsrisikoen på Vesterbro. Teknik- og Miljøudvalget har bedt om et forslag.

Bydel og adresse

Vesterbro/Kgs. Enghave
"""


def test_another_municipality_is_a_configuration_file(tmp_path, capsys):
    root = make_archive(tmp_path / "archive")
    (root / "config" / "municipalities" / "odense.yml").write_text(ODENSE, encoding="utf-8")
    source = tmp_path / "buu-7.txt"
    source.write_text(ODENSE_NOTE, encoding="utf-8")
    code, _, stderr = run(capsys, source, root=root)
    assert code == 0, stderr
    written = root / "proposals" / "ok-b2025-buu-7.md"
    front, body = split(written.read_text(encoding="utf-8"))
    assert front.startswith(
        "id: ok-b2025-buu-7\ncode: BUU-7\ntitle: Flere pædagoger i dagtilbud i Vollsmose og Bolbro\nkind: budgetnotat\n"
        "municipality: odense\nadministration: Børn- og Ungeforvaltningen\ncommittee: Børn- og Ungeudvalget\n"
        'budget_year: 2025\ndate: 2024-09-03\ncase_number: "24/12345"\ncaseworker: Ole Hansen\nstatus: forslag\n'
        "districts: [Vollsmose, Bolbro]\n"
    )
    assert (
        """    unit: 1.000 kr.
    price_level: 2025 p/l
    label_heading: ""
    columns: [udvalg, styringsomraade]
    years: [2025, 2026, 2027, 2028]
    total_column: true
    headline: true
    rows:
      - label: Pædagoger
        udvalg: BUU
        styringsomraade: Service
        amounts: [2500, 2500, 2500, 2500]
        total: 10000
      - label: Sprogmaterialer
        udvalg: BUU
        styringsomraade: Service
        amounts: [300, "-", "-", "-"]
        total: 300
      - label: Heraf engangsudgifter
        type: detail
        udvalg: BUU
        styringsomraade: Service
        amounts: [300, null, null, null]
        total: 300
    totals:
      - label: Udgifter i alt
        udvalg: ""
        styringsomraade: ""
        amounts: [2800, 2500, 2500, 2500]
        total: 10300
"""
        in front
    )
    assert body.startswith("Odense Kommune\n\n## Baggrund\n")
    assert "guessed: districts Vollsmose, Bolbro: named in the text" in stderr
    check = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert "ok-b2025-buu-7.md" not in check.stdout  # clean: the totals add up


def test_another_administration_kind_and_year_in_copenhagen(tmp_path, capsys):
    source = tmp_path / "skybrud.txt"
    source.write_text(CPH_INVESTMENT, encoding="utf-8")
    code, stdout, stderr = run(capsys, source, "--dry-run")
    assert code == 0, stderr
    front, body = split(stdout)
    assert front.startswith(
        "id: kk-b2021-ny-skybrudssikring-enghaveparken\ntitle: Ny skybrudssikring af Enghaveparken\nkind: investeringsforslag\n"
        "municipality: koebenhavn\nadministration: Teknik- og Miljøforvaltningen\nbudget_year: 2021\nstatus: forslag\n"
        "districts: [Vesterbro/Kongens Enghave]\n"
        "summary: Forvaltningen foreslår at investere i skybrudssikring, som giver lavere driftsudgifter.\nsummary_source: document\n"
    )
    assert (
        """    unit: mio. kr.
    price_level: 2021 p/l
    label_heading: ""
    columns: [styringsomraade]
    years: [2021, 2022, 2023, 2024]
    total_column: true
    headline: true
    rows:
      - label: Anlægsinvestering
        styringsomraade: Anlæg
        amounts: [12.5, 4.0, "-", "-"]
        total: 16.5
      - label: Afledt drift
        styringsomraade: Service
        amounts: ["-", -0.4, -0.4, -0.4]
        total: -1.2
    totals:
      - label: Samlet økonomisk påvirkning
"""
        in front
    )
    assert (
        "## 1. Baggrund og formål" in body
        and "## Bydel og adresse\n\nVesterbro/Kgs. Enghave\n" in body
    )
