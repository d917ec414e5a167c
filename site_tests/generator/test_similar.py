"""Similar proposals ("Lignende forslag", generator/similar.py): a proposal page lists the others
that share the most distinctive words of title, summary and topics, by Danish stem; never itself,
never one the page already lists as related, never one its audience may not see."""

from __future__ import annotations

import re

from generator import similar
from generator.check import for_audience, load
from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive


def proposal(
    pid: str,
    title: str,
    summary: str,
    tags: list[str],
    public: bool = True,
    related: list[str] = (),
) -> str:
    lines = [
        "---",
        f"id: {pid}",
        f"title: {title}",
        "kind: svar-paa-spoergsmaal",
        "municipality: koebenhavn",
        "date: 2024-05-01",
        "status: afsluttet",
        "districts: [Bydækkende]",
        f"tags: [{', '.join(tags)}]",
        f"summary: {summary}",
        f"public: {'true' if public else 'false'}",
    ]
    if related:
        lines += ["related:"] + [f"  - id: {r}" for r in related]
    return "\n".join(lines + ["---", "", "Teksten.", ""])


# A, B and E are about mentor networks for young unemployed people (in different word forms);
# C is about street lighting; D shares only one word with A.
MENTORS = {
    "a.md": proposal(
        "a",
        "Mentornetværk for unge ledige i Tingbjerg",
        "Frivillige mentorer hjælper unge ledige i job.",
        ["mentor"],
    ),
    "b.md": proposal(
        "b",
        "Udvidelse af mentornetværket for ledige unge",
        "Flere frivillige mentorer til de unge.",
        ["mentor"],
    ),
    "c.md": proposal(
        "c", "Ny vejbelysning på Amager", "LED-lamper sparer strøm på vejene.", ["vejbelysning"]
    ),
    "d.md": proposal(
        "d", "Tingbjerg bibliotek", "Længere åbningstid i biblioteket.", ["bibliotek"]
    ),
    "e.md": proposal(
        "e",
        "Evaluering af mentorordningen",
        "Frivillige mentorer og unge ledige var tilfredse.",
        ["mentor"],
        public=False,
    ),
}


def loaded(root):
    found = load(Project(root))
    assert not found.diagnostics, [d.as_text() for d in found.diagnostics]
    return found


def similar_ids(archive, pid: str, leave_out=frozenset()) -> list[str]:
    return [p.id for p in archive.similar.of(archive.by_id[pid], leave_out)]


def test_proposals_sharing_distinctive_words_are_similar_and_others_are_not(tmp_path):
    project = Project(make_archive(tmp_path / "a", proposals=MENTORS))
    found = loaded(project.root)
    public, intranet = for_audience(found, "public"), for_audience(found, "intranet")
    # "mentornetværket" finds "mentornetværk" (the same stem); C shares nothing; D only "Tingbjerg"
    assert similar_ids(public, "a") == ["b"]
    assert similar_ids(public, "b") == ["a"]
    assert similar_ids(public, "c") == [] and similar_ids(public, "d") == []
    # the internal evaluation is similar on the intranet only
    assert set(similar_ids(intranet, "a")) == {"b", "e"}
    assert similar_ids(public, "a", leave_out=frozenset({"b"})) == []


def test_the_most_alike_come_first_and_at_most_five_are_shown(tmp_path):
    # proposal n shares n of the target's distinctive words (the target has all six), in other
    # forms of the same words: only their stems are the same
    words = ["skolehaver", "kompost", "honningbier", "frugttræer", "drivhus", "regnvand"]
    forms = ["skolehaverne", "komposten", "honningbier", "frugttræerne", "drivhusene", "regnvandet"]
    files = {"t.md": proposal("t", "Grønne skolegårde", " ".join(words) + ".", ["skoler"])}
    for n in range(1, 7):
        files[f"s{n}.md"] = proposal(f"s{n}", f"Forslag {n}", " ".join(forms[:n]) + ".", ["andet"])
    files.update(
        {
            f"x{n}.md": proposal(f"x{n}", f"Andet emne {n}", "Noget helt andet.", ["diverse"])
            for n in range(4)
        }
    )
    archive = for_audience(loaded(make_archive(tmp_path / "a", proposals=files)), "public")
    assert (
        similar_ids(archive, "t") == ["s6", "s5", "s4", "s3", "s2"][: similar.SHOWN]
    )  # s1 shares one word only


def test_the_page_lists_similar_proposals_but_not_those_it_already_relates(tmp_path):
    files = dict(MENTORS)
    files["a.md"] = proposal(
        "a",
        "Mentornetværk for unge ledige i Tingbjerg",
        "Frivillige mentorer hjælper unge ledige i job.",
        ["mentor"],
        related=["b"],
    )
    project = Project(make_archive(tmp_path / "a", proposals=files))
    diagnostics, report = prepare(project)
    assert report is not None, diagnostics
    page = lambda pid: (project.pages / "forslag" / f"{pid}.md").read_text(encoding="utf-8")  # noqa: E731

    def section(text: str, heading: str) -> list[str]:
        match = re.search(rf'<h2 id="{heading}">.*?</ul>', text, re.S)
        return re.findall(r'<a href="\.\./([^/]+)/">', match.group(0)) if match else []

    assert section(page("a"), "relaterede-forslag") == ["b"]
    assert section(page("a"), "lignende-forslag") == []  # b is listed once, as related
    assert "Lignende forslag" not in page("a")
    assert section(page("b"), "lignende-forslag") == []  # b's page lists a under "Henvist fra"
    assert section(page("b"), "henvist-fra") == ["a"]
    assert "Lignende forslag" not in page("c")
    # the public page never names the internal evaluation
    assert all(
        "forslag/e/" not in p.read_text(encoding="utf-8")
        and "mentorordningen" not in p.read_text(encoding="utf-8")
        for p in project.pages.rglob("*.md")
    )


def test_a_similar_proposal_is_linked_from_the_page(tmp_path):
    project = Project(make_archive(tmp_path / "a", proposals=MENTORS))
    diagnostics, report = prepare(project, audience="intranet")
    assert report is not None, diagnostics
    text = (project.pages / "forslag" / "a.md").read_text(encoding="utf-8")
    block = text[text.index('<h2 id="lignende-forslag">') :]
    assert sorted(re.findall(r'<li><a href="\.\./([^/]+)/">', block)) == ["b", "e"]
    assert (
        "Udvidelse af mentornetværket for ledige unge</a> – Svar på spørgsmål, 2024, København</li>"
        in block
    )
    assert (
        "Evaluering af mentorordningen</a> – Svar på spørgsmål, 2024, København (intern)</li>"
        in block
    )


def test_each_stem_leads_to_at_most_its_newest_champions(tmp_path, monkeypatch):
    # the work per proposal must not grow with the archive: a stem that many proposals have
    # leads only to the newest CHAMPIONS of them
    monkeypatch.setattr(similar, "CHAMPIONS", 3)
    files = {
        f"r{n}.md": proposal(
            f"r{n}", f"Rosenbed nummer {n}", "Rosenbede og stauder i parken.", ["parker"]
        ).replace("2024-05-01", f"2024-05-{n + 1:02d}")
        for n in range(8)
    }
    files.update(
        {
            f"x{n}.md": proposal(f"x{n}", f"Andet emne {n}", "Noget helt andet.", ["diverse"])
            for n in range(40)
        }
    )
    archive = for_audience(loaded(make_archive(tmp_path / "a", proposals=files)), "public")
    assert max(map(len, archive.similar.having.values())) <= 3
    newest = ["r7", "r6", "r5"]  # newest first
    assert [p.id for p in archive.proposals if p.id.startswith("r")][:3] == newest
    assert similar_ids(archive, "r0") == newest
    assert similar_ids(archive, "r7") == ["r6", "r5"]
