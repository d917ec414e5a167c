"""Hostile and broken input: every outcome is a diagnostic or a success, never an exception,
and nothing is written outside the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import load
from generator.diagnostics import ArchiveError
from generator.pipeline import prepare
from generator.project import Project
from generator.write import UnsafePath, Writer
from site_tests.archives import FIXTURES, make_archive

VALID = (FIXTURES / "small" / "proposals" / "zz-small-savings.md").read_text(encoding="utf-8")


def codes(root: Path) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in load(Project(root)).diagnostics]


def test_billion_laughs_is_refused(tmp_path):
    bomb = (
        "---\n"
        + "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(20)
        )
        + "---\n"
    )
    root = make_archive(tmp_path / "a", proposals={"zz-bomb.md": bomb})
    assert codes(root) == [("proposals/zz-bomb.md", 3, "yaml-syntax")]


def test_deep_nesting_is_refused_without_recursion_error(tmp_path):
    root = make_archive(
        tmp_path / "a", proposals={"zz-deep.md": "---\nid: " + "[" * 5000 + "]" * 5000 + "\n---\n"}
    )
    assert [c for _, _, c in codes(root)] == ["yaml-syntax"]


@pytest.mark.parametrize("value", ["!!bool maybe", "!!int x", "!!float x", "!!timestamp soon"])
def test_an_explicit_tag_the_value_does_not_fit_is_a_diagnostic(tmp_path, value):
    # PyYAML's constructors raise KeyError, AttributeError or ValueError for these
    root = make_archive(
        tmp_path / "a",
        proposals={
            "zz-small-savings.md": VALID.replace("budget_year: 2030", f"budget_year: {value}")
        },
    )
    found = load(Project(root)).diagnostics
    assert [(d.path, d.line, d.column, d.code) for d in found] == [
        ("proposals/zz-small-savings.md", 8, 14, "yaml-syntax")
    ]
    assert repr(value.split()[1]) in found[0].message and value.split()[0] in found[0].message


def test_an_explicit_tag_on_a_key_the_key_does_not_fit_is_a_diagnostic(tmp_path):
    root = make_archive(
        tmp_path / "a",
        proposals={
            "zz-small-savings.md": VALID.replace(
                "budget_year: 2030", "budget_year: 2030\n!!bool maybe: 1"
            )
        },
    )
    assert codes(root) == [("proposals/zz-small-savings.md", 9, "yaml-syntax")]


def test_id_that_escapes_the_output_folder_is_refused(tmp_path):
    text = VALID.replace("id: zz-small-savings", "id: ../../etc/passwd")
    root = make_archive(tmp_path / "a", proposals={"zz-small-savings.md": text})
    assert ("proposals/zz-small-savings.md", 2, "bad-format") in codes(root)


@pytest.mark.parametrize("new_in_place", [False, True])
def test_writer_never_writes_outside_its_folder(tmp_path, new_in_place):
    writer = Writer(tmp_path / "out", new_in_place)
    for bad in ("../x.md", "/etc/x.md", "a/../../x.md", ""):
        with pytest.raises(UnsafePath):
            writer.write(bad, "x")
    writer.write("a.md", "x")
    with pytest.raises(UnsafePath):
        writer.write("a.md", "y")  # two pages claiming one address
    assert not (tmp_path / "x.md").exists()
    # a folder or a file in the output that is a symbolic link to elsewhere is not followed
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "out" / "linked").symlink_to(outside)
    (tmp_path / "out" / "b.md").symlink_to(outside / "b.md")
    writer.write("c/ok.md", "x")  # a folder resolved once is remembered; a new one is resolved
    for bad in ("linked/x.md", "b.md"):
        with pytest.raises(UnsafePath):
            writer.write(bad, "x")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("new_in_place", [False, True])
def test_a_changed_file_is_a_new_file_so_a_hard_link_to_the_old_one_keeps_it(
    tmp_path, new_in_place
):
    """A built site holds hard links to the search index's files (engine.placing.install_search_index):
    regenerating must never change a file under it, whether the file is new or rewritten."""
    first = Writer(tmp_path / "out", new_in_place)
    first.write("d/1.json", "old")
    (tmp_path / "site.json").hardlink_to(tmp_path / "out" / "d" / "1.json")
    again = Writer(tmp_path / "out", new_in_place)
    again.write("d/1.json", "new")
    again.write("d/2.json", "two")
    assert (tmp_path / "site.json").read_text() == "old"
    assert (tmp_path / "out" / "d" / "1.json").read_text() == "new" and (
        tmp_path / "out" / "d" / "2.json"
    ).read_text() == "two"
    assert again.report.written == ["d/1.json", "d/2.json"] and not list(
        (tmp_path / "out" / "d").glob(".*")
    )


def test_symlink_out_of_proposals_is_refused(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(VALID.replace("zz-small-savings", "zz-secret"))
    root = make_archive(tmp_path / "a")
    os.symlink(secret, root / "proposals" / "zz-secret.md")
    os.symlink("../mkdocs.yml", root / "proposals" / "zz-config.md")
    assert sorted(codes(root)) == [
        ("proposals/zz-config.md", 1, "symlink"),
        ("proposals/zz-secret.md", 1, "symlink"),
    ]


def test_bom_and_crlf_are_read_like_plain_utf8(tmp_path):
    plain = make_archive(tmp_path / "plain", proposals={"zz-small-savings.md": VALID})
    windows = make_archive(
        tmp_path / "windows",
        proposals={"zz-small-savings.md": "\ufeff" + VALID.replace("\n", "\r\n")},
    )
    for root in (plain, windows):
        diagnostics, report = prepare(Project(root))
        assert report is not None, diagnostics
    page = "forslag/zz-small-savings.md"
    assert (Project(plain).pages / page).read_bytes() == (
        Project(windows).pages / page
    ).read_bytes()


def test_binary_file_is_refused(tmp_path):
    root = make_archive(tmp_path / "a", proposals={"zz-bin.md": b"---\nid: x\x00\xff\n---\n"})
    assert codes(root) == [("proposals/zz-bin.md", 2, "encoding")]


# ---------------------------------------------------------------- fuzzing


def _mutations():
    lines = VALID.split("\n")
    junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
        [
            "---",
            "- ",
            ": ",
            "[",
            "]",
            "{",
            "}",
            "&a",
            "*a",
            "!!python/object:os.system",
            "|",
            ">",
            "\t",
            '"',
            "'",
            "null",
            "-1e999",
            "<script>",
            "\x00",
        ]
    )

    @st.composite
    def mutate(draw):
        out = list(lines)
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(out) - 1))
            kind = draw(st.sampled_from(["replace", "insert", "delete", "append"]))
            if kind == "replace":
                out[i] = draw(junk)
            elif kind == "insert":
                out.insert(i, draw(junk))
            elif kind == "delete" and len(out) > 1:
                del out[i]
            else:
                out[i] = out[i] + draw(junk)
        return "\n".join(out)

    return mutate()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=_mutations() | st.text(max_size=300) | st.binary(max_size=300))
def test_fuzz_any_file_gives_diagnostics_or_pages(tmp_path_factory, text):
    root = make_archive(tmp_path_factory.mktemp("fuzz") / "a")
    (root / "proposals" / "zz-small-savings.md").write_bytes(
        text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    )
    try:
        diagnostics, report = prepare(Project(root))
    except ArchiveError as exc:  # a refusal is an outcome too, as long as it is a diagnostic
        diagnostics, report = exc.diagnostics, None
    assert report is not None or any(d.severity.value == "error" for d in diagnostics)
    for d in diagnostics:
        assert d.path.startswith("proposals/") and d.line >= 1 and d.message
    for path in root.rglob("*"):
        assert not path.is_symlink()


@pytest.mark.parametrize(
    "line",
    [
        "Tekst \\<script>alert(1)\\</script>",  # text to markdown-it, a tag to Python-Markdown
        "Et billede \\<img src=x onerror=alert(1)>",
        "<span>inline</span>",
        "<!-- en kommentar -->",
    ],
)
def test_body_html_in_any_spelling_is_refused(tmp_path, line):
    text = VALID.replace("Ingen henvisninger her.", f"Ingen henvisninger her.\n\n{line}")
    root = make_archive(tmp_path / "a", proposals={"zz-small-savings.md": text})
    assert [c for _, _, c in codes(root)] == ["raw-html"]


def test_body_autolinks_and_code_are_not_html(tmp_path):
    text = VALID.replace(
        "Ingen henvisninger her.", "Se <https://www.kk.dk> og <arkiv@kk.dk>, `<b>` og 3 < 4."
    )
    root = make_archive(tmp_path / "a", proposals={"zz-small-savings.md": text})
    assert codes(root) == []


@pytest.mark.parametrize(
    ("lines", "code", "at"),
    [
        # Python-Markdown's attr_list would put these attributes on the page
        ('Se [her](https://www.kk.dk){: onclick="alert(1)" }.', "attribute-list", 0),
        (
            'Et afsnit.\n{: style="background:url(https://evil.example/x.png)" }',
            "attribute-list",
            1,
        ),
        # a browser drops tabs and line breaks from a URL: these are javascript: links
        ("Se [her](java\tscript:alert(1)).", "unsafe-link", 0),
        ("Et afsnit.\nSe [her](java\nscript:alert(1)).", "unsafe-link", 1),
        ("Se [her](java&#9;script:alert(1)).", "unsafe-link", 0),
        ("Se [her](&#106;avascript:alert(1)).", "unsafe-link", 0),
        (
            "Se [her][ref].\n\n[ref]: java&#x09;script:alert(1)",
            "unsafe-link",
            0,
        ),  # where it is used
    ],
)
def test_body_that_would_run_script_on_the_page_is_refused(tmp_path, lines, code, at):
    text = VALID.replace("Ingen henvisninger her.", f"Ingen henvisninger her.\n\n{lines}")
    root = make_archive(tmp_path / "a", proposals={"zz-small-savings.md": text})
    first = text.split("\n").index(lines.split("\n")[0]) + 1
    assert codes(root) == [("proposals/zz-small-savings.md", first + at, code)]


def test_body_braces_footnotes_and_code_are_not_refused(tmp_path):
    text = VALID.replace(
        "Ingen henvisninger her.",
        "Ingen henvisninger her.[^1] Mængden {a, b} og `[x](javascript:alert(1))` er tekst.\n\n[^1]: En fodnote: data: 2024.",
    )
    root = make_archive(tmp_path / "a", proposals={"zz-small-savings.md": text})
    assert codes(root) == []


@pytest.mark.parametrize("new_in_place", [False, True])
def test_the_stat_a_write_returns_is_the_written_files(tmp_path, new_in_place):
    """The render store keeps each page's stat as write(stat=True) returns it, and later keeps
    the page only while its lstat is the same: for a new file, a rewritten one and an unchanged one."""
    writer = Writer(tmp_path / "out", new_in_place)
    assert writer.write("f/new.md", "one") is None  # (no stat unless asked for)
    made = writer.write("f/a.md", "one", stat=True)
    assert made.st_ino == os.lstat(tmp_path / "out" / "f" / "a.md").st_ino
    again = Writer(tmp_path / "out", new_in_place)
    changed = again.write("f/a.md", "two, longer", stat=True)
    same = again.write("f/new.md", "one", stat=True)
    for result, name in ((changed, "a.md"), (same, "new.md")):
        now = os.lstat(tmp_path / "out" / "f" / name)
        assert (result.st_mtime_ns, result.st_ctime_ns, result.st_size, result.st_ino) == (
            now.st_mtime_ns,
            now.st_ctime_ns,
            now.st_size,
            now.st_ino,
        )
    assert (
        made.st_size == 3
        and changed.st_size == len("two, longer")
        and changed.st_ino != made.st_ino
    )
    assert again.report.written == ["f/a.md"] and again.report.unchanged == 1


def test_a_file_written_in_pieces_is_whole_new_or_unchanged_and_never_outside(tmp_path):
    """Writer.append (the archive-wide data files, too large to hold whole): a new file, a file
    with the same bytes (left alone: a hard link to it keeps seeing it), a changed one (a new
    file), and the same refusals as write()."""
    first = Writer(tmp_path / "out", True)
    first.append("data/a.csv", b"x,")
    first.write("data/b.json", "{}")
    first.append("data/a.csv", b"y\n")
    first.finish()
    assert (tmp_path / "out" / "data" / "a.csv").read_bytes() == b"x,y\n"
    assert first.report.written == ["data/b.json", "data/a.csv"]
    (tmp_path / "linked.csv").hardlink_to(tmp_path / "out" / "data" / "a.csv")
    same = Writer(tmp_path / "out", True)
    for piece in (b"x", b",y", b"\n"):
        same.append("data/a.csv", piece)
    same.finish()
    assert same.report.written == [] and same.report.unchanged == 1
    changed = Writer(tmp_path / "out", True)
    changed.append("data/a.csv", b"x,z\n")
    changed.finish()
    assert changed.report.written == ["data/a.csv"]
    assert (tmp_path / "linked.csv").read_bytes() == b"x,y\n"
    assert (tmp_path / "out" / "data" / "a.csv").read_bytes() == b"x,z\n"
    assert not list((tmp_path / "out" / "data").glob(".*"))
    with pytest.raises(UnsafePath):
        changed.append("../x.csv", b"x")
    with pytest.raises(UnsafePath):
        changed.write("data/a.csv", "twice")  # a path written in pieces is claimed too
