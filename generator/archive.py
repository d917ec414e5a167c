"""The archive as a whole: proposals keyed by id, backlinks, facet indexes, code lookups.
Everything is gathered before anything is rendered, so every page sees the whole archive.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .facets import FACETS
from .model import Proposal, Relation
from .similar import SimilarIndex
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Backlink:
    source: Proposal
    relation: Relation


@dataclass(frozen=True)
class Archive:
    vocab: Vocabulary
    proposals: tuple[Proposal, ...]  # newest first
    by_id: dict
    redirects: dict  # earlier id (alias) → the proposal that has it now
    backlinks: dict  # id → tuple[Backlink]
    terms: dict  # facet id → {Term: tuple[Proposal]} in term order
    terms_of: dict  # (proposal id, facet id) → tuple[Term]
    by_code: dict  # code → tuple[Proposal]
    similar: SimilarIndex

    @classmethod
    def gather(cls, vocab: Vocabulary, proposals) -> Archive:
        ordered = tuple(sorted(proposals, key=Proposal.sort_key))
        qualify = len({p.municipality.id for p in ordered}) > 1
        by_id = {p.id: p for p in ordered}
        # (check refuses an alias that is an id or another's alias; should one slip through,
        # the id wins and the first proposal by id keeps the alias)
        redirects: dict[str, Proposal] = {}
        for p in sorted(ordered, key=lambda p: p.id):
            for alias in p.aliases:
                if alias not in by_id:
                    redirects.setdefault(alias, p)
        backlinks = defaultdict(list)
        for p in ordered:
            for rel in p.related:
                # a relation through an earlier id is a relation to the proposal that has it now
                target = rel.id if rel.id in by_id else getattr(redirects.get(rel.id), "id", rel.id)
                backlinks[target].append(Backlink(p, rel))
        terms: dict = {}
        terms_of: dict = {}
        for facet in FACETS:
            terms[facet.id] = _members(facet, ordered, qualify, terms_of)
        by_code = defaultdict(list)
        for p in ordered:
            if p.code:
                by_code[p.code].append(p)
        return cls(
            vocab=vocab,
            proposals=ordered,
            by_id=by_id,
            redirects=redirects,
            backlinks={k: tuple(v) for k, v in backlinks.items()},
            terms=terms,
            terms_of=terms_of,
            by_code={k: tuple(v) for k, v in by_code.items()},
            similar=SimilarIndex.build(ordered),
        )

    def find(self, id_: str) -> Proposal | None:
        """The proposal with this id now, or with it as an earlier id (an alias)."""
        return self.by_id.get(id_) or self.redirects.get(id_)

    def resolve_code(self, code: str, mentioned_in: Proposal) -> Proposal | None:
        """The proposal a code mention means: the one with that code in the same municipality and
        year, else the only one with that code. None when unknown or ambiguous (or itself)."""
        candidates = [p for p in self.by_code.get(code, ()) if p.id != mentioned_in.id]
        same_year = [
            p
            for p in candidates
            if p.municipality.id == mentioned_in.municipality.id and p.year == mentioned_in.year
        ]
        if len(same_year) == 1:
            return same_year[0]
        if not same_year and len(candidates) == 1:
            return candidates[0]
        return None


def _members(facet, ordered: tuple, qualify: bool, terms_of: dict) -> dict:
    """{Term: tuple[Proposal]} of one facet, in term order (and each proposal's own terms of it
    into terms_of). The proposals are grouped by the term object first: facets.py makes each
    term once and shares it, and a Term's hash is a Python call (its generated __hash__), which
    was a third of gathering (docs/performance.md). Equal terms that are other objects (made
    again once facets' cache is full) are then put together, in the archive's order."""
    fid, terms_for = facet.id, facet.terms_of
    groups: dict[int, tuple] = {}  # id(term) → (term, its proposals): the term holds the id
    for p in ordered:
        own = terms_for(p, qualify)
        if len(own) > 1:
            own = tuple(dict.fromkeys(own))
        terms_of[p.id, fid] = own
        for term in own:
            group = groups.get(id(term))
            if group is None:
                group = groups[id(term)] = (term, [])
            group[1].append(p)
    members: dict = {}
    again = False
    for term, group in groups.values():
        if term in members:
            members[term] = members[term] + group
            again = True
        else:
            members[term] = group
    if again:
        position = {id(p): n for n, p in enumerate(ordered)}
        members = {t: sorted(ps, key=lambda p: position[id(p)]) for t, ps in members.items()}
    # (the key is Term's own order, compared as a tuple: Term's generated __lt__ is slow)
    return {t: tuple(members[t]) for t in sorted(members, key=lambda t: (t.facet, t.sort, t.slug))}
