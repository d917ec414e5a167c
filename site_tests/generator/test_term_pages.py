"""Long lists are split into pages (site.term_page_size in config/archive.yml): every proposal of
a term is listed exactly once, in order, the pages link to each other, and the sums of the whole
term are on its first page."""

from __future__ import annotations

import re

import pytest

from generator.check import for_audience, load
from generator.diagnostics import ArchiveError
from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive


def with_page_size(root, size) -> None:
    archive_yml = root / "config" / "archive.yml"
    text = archive_yml.read_text(encoding="utf-8")
    archive_yml.write_text(
        re.sub(r"term_page_size: \S+", f"term_page_size: {size}", text), encoding="utf-8"
    )


def listed(page: str) -> list[str]:
    return re.findall(r'<li><a href="[./]*forslag/([^/"]+)/">', page)


def test_a_long_list_is_split_into_linked_pages(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    with_page_size(root, 1)
    project = Project(root)
    _, report = prepare(project)
    assert report is not None
    archive = for_audience(load(project), "public")
    ((term, proposals),) = [
        (t, ps) for t, ps in archive.terms["kommuner"].items() if t.slug == "koebenhavn"
    ]
    assert len(proposals) == 3
    paths = [
        "kommuner/koebenhavn.md",
        "kommuner/koebenhavn/side-2.md",
        "kommuner/koebenhavn/side-3.md",
    ]
    pages = [(project.pages / p).read_text(encoding="utf-8") for p in paths]
    assert [listed(p) for p in pages] == [[p.id] for p in proposals]  # each once, newest first
    assert not (project.pages / "kommuner/koebenhavn/side-4.md").exists()

    first, middle, last = pages
    assert (
        "Beløb pr. år efter status" in first and "efter status" not in middle + last
    )  # the whole term's sums, once
    assert "3 forslag under" in first and "Her er nr. 2–2" in middle
    assert (
        'title: "Københavns Kommune, side 2"' in middle and "# Københavns Kommune, side 2" in middle
    )
    # the pager: previous/next where there is one, every page by number, the current one marked
    assert 'rel="prev"' not in first and 'href="side-2/" rel="next"' in first
    assert 'href="../" rel="prev"' in middle and 'href="../side-3/" rel="next"' in middle
    assert 'rel="next"' not in last
    assert '<a href="./" aria-label="Side 2" aria-current="page">2</a>' in middle
    assert all(p.count('aria-label="Side ') == 3 and p.count("aria-current") == 1 for p in pages)


def test_a_short_list_has_one_page_and_no_pager(tmp_path):
    root = make_archive(tmp_path / "a", "small")
    project = Project(root)
    prepare(project)
    page = (project.pages / "kommuner" / "koebenhavn.md").read_text(encoding="utf-8")
    assert "pa-pager" not in page and len(listed(page)) == 3
    assert not (project.pages / "kommuner" / "koebenhavn").exists()


@pytest.mark.parametrize(
    "size, message",
    [
        (
            "0",
            "'site.term_page_size' 0 is out of range; expected a whole number ≥ 1 [out-of-range]",
        ),
        ("ti", "'site.term_page_size' must be a whole number, got 'ti' [wrong-type]"),
        ("true", "'site.term_page_size' must be a whole number, got true [wrong-type]"),
        (
            "-5",
            "'site.term_page_size' -5 is out of range; expected a whole number ≥ 1 [out-of-range]",
        ),
    ],
)
def test_a_wrong_page_size_is_a_clear_error(tmp_path, size, message):
    root = make_archive(tmp_path / "a", "small")
    with_page_size(root, size)
    with pytest.raises(ArchiveError) as caught:
        load(Project(root))
    assert [d.as_text() for d in caught.value.diagnostics] == [
        f"config/archive.yml:11:3: error: {message}"
    ]


def test_each_proposal_page_names_its_own_spelling_of_a_shared_term(tmp_path):
    """Terms are equal by slug ("Jobcenter" and "jobcenter" are one topic), but a proposal's card
    shows the topic as that proposal writes it, though the links are rendered once per folder."""
    root = make_archive(tmp_path / "a", "small")
    savings = root / "proposals" / "zz-small-savings.md"
    savings.write_text(
        savings.read_text(encoding="utf-8").replace(
            "tags: [jobsamtale]", "tags: [Jobcenter, café & samtaler]"
        ),
        encoding="utf-8",
    )
    project = Project(root)
    _, report = prepare(project)
    assert report is not None

    def card(name: str) -> str:
        page = (project.pages / "forslag" / name).read_text(encoding="utf-8")
        found = re.search(r"<dt>Emner</dt><dd>(.*?)</dd>", page)
        assert found, name
        return found.group(1)

    assert card("zz-small-cafe.md").startswith('<a href="../../emner/jobcenter/">jobcenter</a>, ')
    assert card("zz-small-savings.md").startswith(
        '<a href="../../emner/jobcenter/">Jobcenter</a>, '
    )
