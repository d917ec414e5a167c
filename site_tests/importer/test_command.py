"""`proposal-archive import` as a command: bad input gets a clear `path:line: message` per file,
the other files are still imported, the exit code says whether any file failed, and files are
written atomically, never over an existing one without --force."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_tests.importer.helpers import SEEDS, run, split

BI_10 = SEEDS / "000_38a21586278e6fa1.txt"
BI_10_TEXT = BI_10.read_text(encoding="utf-8")
ROW = "Uformelle cafeer\tService\t700\t700\t-\t-\t1.400"


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "out"


def test_bad_files_get_a_message_each_and_the_others_are_imported(tmp_path, out, capsys):
    files = [
        write(tmp_path, "empty.txt", b""),
        write(tmp_path, "blank.txt", b"\n \n\t\n"),
        write(tmp_path, "binary.bin", bytes(range(256)) * 4),
        write(
            tmp_path,
            "untitled.txt",
            "Jobcenter København har mange borgere.\n\nDet er godt for Beskæftigelses- og Integrationsforvaltningen.\n",
        ),
        BI_10,
        write(tmp_path, "nowhere.txt", "BI_10: En titel\n\nBaggrund\n\nEn tekst uden kommune.\n"),
        tmp_path / "missing.txt",
    ]
    code, stdout, stderr = run(capsys, *files, "--out", out)
    assert code == 1
    assert "Traceback" not in stderr
    assert f"{files[0]}:1: error: the file is empty" in stderr
    assert f"{files[1]}:1: error: the file is empty" in stderr
    assert (
        f"{files[2]}:1: error: contains a NUL byte: a binary file, not a document's text (a PDF must start with %PDF)"
        in stderr
    )
    assert f"{files[3]}:1: error: no recognisable title: expected a code and title line" in stderr
    assert f"{files[5]}:1: error: cannot tell which municipality wrote it" in stderr
    assert f"{files[6]}:1: error: cannot read: No such file or directory" in stderr
    assert "6 of 7 files not imported" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["kk-b2018-bi-10.md"]


def test_a_good_file_alone_exits_zero(out, capsys):
    code, _, stderr = run(capsys, BI_10, "--out", out)
    assert code == 0, stderr
    assert (out / "kk-b2018-bi-10.md").is_file()


def without_source(text: str) -> str:
    """A proposal file without its `source:` block (the file it was imported from)."""
    return re.sub(r"^source:\n(?:  .*\n)+", "", text, flags=re.M)


@pytest.mark.parametrize(
    "name, data",
    [
        ("bom-crlf.txt", ("\ufeff" + BI_10_TEXT.replace("\n", "\r\n")).encode("utf-8")),
        ("cr.txt", BI_10_TEXT.replace("\n", "\r").encode("utf-8")),
        ("windows-1252.txt", BI_10_TEXT.encode("cp1252")),
        ("latin-1.txt", BI_10_TEXT.replace("–", "-").encode("latin-1")),
        ("utf-16.txt", BI_10_TEXT.encode("utf-16")),
    ],
)
def test_encodings_and_line_ends_give_the_same_proposal(tmp_path, out, capsys, name, data):
    run(capsys, BI_10, "--out", tmp_path / "plain")
    expected = (tmp_path / "plain" / "kk-b2018-bi-10.md").read_text(encoding="utf-8")
    if "latin-1" in name:
        expected = expected.replace("–", "-")
    code, _, stderr = run(capsys, write(tmp_path, name, data), "--out", out)
    assert code == 0, stderr
    got = (out / "kk-b2018-bi-10.md").read_text(encoding="utf-8")
    # the same proposal; only the source it names is another file
    assert without_source(got) == without_source(expected)
    assert f"source:\n  file: {name}\n" in got
    if "1252" in name or "latin" in name:
        assert (
            f"{tmp_path / name}:5: note: not UTF-8 (byte 0xf8); decoded as Windows-1252" in stderr
        )


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "Uformelle cafeer\tService\t700\t-\t-\t1.400",
            "row 'Uformelle cafeer' has 6 cells but the header has 7: a cell is missing, so its numbers cannot be placed in their years",
        ),
        (ROW + "\t99", "row 'Uformelle cafeer' has 8 cells but the header has 7: an extra column"),
        (
            "Uformelle cafeer\tService\t700\t7oo\t-\t-\t1.400",
            "cell '7oo' of row 'Uformelle cafeer', 2019, is not an amount",
        ),
    ],
)
def test_a_table_that_cannot_be_read_cell_by_cell_stays_in_the_body(
    tmp_path, out, capsys, row, message
):
    path = write(tmp_path, "broken-table.txt", BI_10_TEXT.replace(ROW, row, 1))
    code, _, stderr = run(capsys, path, "--out", out)
    assert code == 0, stderr
    assert (
        f"{path}:26: not placed: table 'Tabel 1 – Oversigt over ønskets aktiviteter på alle styringsområder – Scenarie 1' kept as text in the body, not as a budget table: {message}"
        in stderr
    )
    front, body = split((out / "kk-b2018-bi-10.md").read_text(encoding="utf-8"))
    assert (
        "**Tabel 1 – Oversigt over ønskets aktiviteter på alle styringsområder – Scenarie 1**"
        in body
    )
    assert "| " + row.replace("\t", " | ") + " |" in body
    assert front.count("  - title:") == 1  # table 2 is still a budget table


def test_a_period_as_year_header_is_kept_as_printed(tmp_path, out, capsys):
    text = BI_10_TEXT.replace(
        "2018\t2019\t2020\t2021\tI alt", "2018-19\t2019-20\t2020-21\t2021-22\tI alt"
    )
    path = write(tmp_path, "periods.txt", text)
    code, _, stderr = run(capsys, path, "--out", out)
    assert code == 0, stderr
    assert f"{path}:25: note: year column '2018-19' is a period; kept as printed" in stderr
    front, _ = split((out / "kk-b2018-bi-10.md").read_text(encoding="utf-8"))
    assert 'years: ["2018-19", "2019-20", "2020-21", "2021-22"]' in front


def test_never_overwrites_without_force(out, capsys):
    out.mkdir()
    target = out / "kk-b2018-bi-10.md"
    target.write_text("edited by hand\n", encoding="utf-8")
    code, _, stderr = run(capsys, BI_10, "--out", out)
    assert code == 1
    assert (
        f"{BI_10}:1: error: {target} exists; not overwritten (use --force to replace it)" in stderr
    )
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    code, _, stderr = run(capsys, BI_10, "--out", out, "--force")
    assert code == 0, stderr
    assert target.read_text(encoding="utf-8").startswith("---\nid: kk-b2018-bi-10\n")
    assert [p.name for p in out.iterdir()] == ["kk-b2018-bi-10.md"]  # no temporary file left


def test_dry_run_prints_and_writes_nothing(out, capsys):
    code, stdout, stderr = run(capsys, BI_10, "--out", out, "--dry-run")
    assert code == 0, stderr
    assert stdout.startswith("---\nid: kk-b2018-bi-10\ncode: BI_10\n")
    assert f"{BI_10}: would write {out / 'kk-b2018-bi-10.md'}" in stderr
    assert not out.exists()


def test_a_closed_agenda_item_is_not_public(tmp_path, out, capsys):
    text = (
        (SEEDS / "004_9ddf433fb8a79686.txt")
        .read_text(encoding="utf-8")
        .replace("Sagstype: Åben", "Sagstype: Lukket")
    )
    path = write(tmp_path, "closed.txt", text)
    code, _, stderr = run(capsys, path, "--out", out)
    assert code == 0, stderr
    front, _ = split(next(out.iterdir()).read_text(encoding="utf-8"))
    assert "\npublic: false\n" in front and "  case_type: Lukket\n" in front


def test_a_forced_municipality_must_exist(out, capsys):
    code, _, stderr = run(capsys, BI_10, "--out", out, "--municipality", "aarhus")
    assert code == 1
    assert (
        f"{BI_10}:1: error: 'aarhus' is not a municipality of config/municipalities/ (known: hoeje-taastrup, koebenhavn)"
        in stderr
    )
