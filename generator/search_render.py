"""The search index's part of rendering: each proposal's search document, the document files
and the postings of a chunk of proposals (merged into shards by generate.py).
"""

from __future__ import annotations

from collections.abc import Callable

from . import keys
from .archive import Archive
from .body import for_audience as body_for_audience
from .budget import headline
from .model import Proposal
from .search_index import (
    SearchDocument,
    SearchKeys,
    document_file,
    document_weights,
    plain_text,
    postings_of,
)
from .urls import proposal_page, site_path


class SearchRenderer:
    """The search documents of one audience's archive (offline: for the file:// site)."""

    def __init__(self, archive: Archive, audience: str, offline: bool):
        self.archive = archive
        self.audience = audience
        self.offline = offline
        self.stemmer = SearchKeys()  # (the keys of words: folded stems, see search_index)

    def documents(self) -> list[SearchDocument]:
        """Every proposal as the search index holds it, in the archive's order."""
        return [self.document(p) for p in self.archive.proposals]

    def document(self, p: Proposal) -> SearchDocument:
        places = [d.label for d in p.districts]
        amount = headline(p.headline_table, self.archive.vocab.unit_factors)
        facts = [
            p.kind.label,
            str(p.year) if p.year else "",
            ", ".join(places[:3]) + (" m.fl." if len(places) > 3 else ""),
            p.status.label,
            amount[0] if amount else "",
        ]
        keywords = [p.code or "", *p.tags, *places, p.kind.label, p.municipality.name]
        keywords += [e.label for e in (p.committee, p.administration) if e is not None]
        return SearchDocument(
            url=site_path(proposal_page(p), self.offline),
            title=p.display_code_title,
            facts=" · ".join(f for f in facts if f),
            summary=p.summary or "",
            keywords=" ".join(keywords),
            text=plain_text(body_for_audience(p.body, self.audience)),
            ids=tuple(i for i in (p.code, p.case_number, p.document_number) if i),
        )

    def part(self, start: int, end: int) -> tuple[list[tuple[str, str]], str]:
        """The document files and postings of proposals start..end (numbered by their place in
        the archive); generate.py merges the parts into shards."""
        files, weights = [], []
        for n, p in enumerate(self.archive.proposals[start:end], start):
            doc = self.document(p)
            files.append((f"d/{n}.json", document_file(doc)))
            weights.append(document_weights(doc, self.stemmer))
        return files, postings_of(weights, start)

    def plans(
        self, start: int, end: int, stored, digests: dict
    ) -> tuple[list[tuple[str, object, Callable[[], str]]], str | None, dict]:
        """part() with the render store (stored; digests: proposal id → its file's digest): the
        document files as plans (path, key, make), as Renderer.plans() gives pages, their keys
        what each document is made of; the postings, None while the store holds them (the
        chunk's files are the same: the parent reads them if it needs them, search_shards.py),
        else made from each document's stem weights (taken from the store while its file is the
        same); and what was made anew, by its key."""
        chunk = self.postings_key(start, end, digests)
        held = chunk is not None and stored.holds(chunk)
        plans: list[tuple[str, object, Callable[[], str]]] = []
        weights: list[dict[str, int]] = []
        made: dict[tuple, object] = {}  # key → the document's weights, or the chunk's postings
        documents: dict = {}  # (made once for its file and its weights)

        def document(p: Proposal) -> SearchDocument:
            if p.id not in documents:
                documents[p.id] = self.document(p)
            return documents[p.id]

        for n, p in enumerate(self.archive.proposals[start:end], start):
            key = keys.search_document(digests, p, self.audience, self.offline)

            def make(p: Proposal = p) -> str:
                return document_file(document(p))

            plans.append((f"d/{n}.json", key, make))
            if not held:
                weighted = stored.result(key) if key is not None else None
                if weighted is None:
                    weighted = document_weights(document(p), self.stemmer)
                    if key is not None:
                        made[key] = weighted
                weights.append(weighted)
        if held:
            return plans, None, made
        postings = postings_of(weights, start)
        if chunk is not None:
            made[chunk] = postings
        return plans, postings, made

    def postings_key(self, start: int, end: int, digests: dict) -> tuple | None:
        """The render store's key of the postings of proposals start..end (keys.postings)."""
        return keys.postings(digests, start, self.archive.proposals[start:end], self.audience)
