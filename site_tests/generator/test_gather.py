"""Gathering the archive (archive.py): every facet's terms list their proposals in the archive's
order, once each, and a term spelt otherwise by another proposal is the same term."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from generator.archive import Archive
from generator.check import load
from generator.project import Project
from site_tests.archives import make_archive


def test_equal_terms_made_as_other_objects_are_one_term(tmp_path):
    project = Project(make_archive(tmp_path / "a", "small"))
    loaded = load(project)
    # A tag is compared by its folded spelling: "Skole" and "SKOLE" are one term, made as two
    # objects (facets.py makes a term once per spelling).
    spelt = ("SKOLE", "Skole")
    proposals = [replace(p, tags=(spelt[n % 2], *p.tags)) for n, p in enumerate(loaded.proposals)]
    archive = Archive.gather(loaded.vocab, proposals)
    assert len(archive.proposals) >= 3

    for facet, terms in archive.terms.items():
        expected = defaultdict(list)
        for p in archive.proposals:
            for term in archive.terms_of[p.id, facet]:
                expected[term].append(p)
        assert {t: list(ps) for t, ps in terms.items()} == expected, facet
        assert list(terms) == sorted(expected), facet

    (school,) = [t for t in archive.terms["emner"] if t.slug == "skole"]
    assert archive.terms["emner"][school] == archive.proposals  # every one, in order, once
    first = archive.proposals[0]
    assert school.label == first.tags[0]  # the first proposal's spelling names it
    for own in archive.terms_of.values():
        assert len(set(own)) == len(own)  # a proposal under a term once
