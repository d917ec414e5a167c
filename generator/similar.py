"""Similar proposals ("Lignende forslag"): for each proposal, the few others that share the most
distinctive words of their titles, summaries and topics.

Why these fields and not the whole text: a title, a summary and the topics say what a proposal
is about; the body repeats the same administrative language in every proposal ("forvaltningen",
"indsatsen", "borgere"), which makes everything look alike. Words are compared by their Danish
stems (the search index's stemmer), so "jobcentret" and "jobcentre" match.

The score of another proposal is the sum, over the stems both have, of the stem's rarity,
ln(N / proposals with the stem): two proposals about "mentornetværk" are more alike than two
that both say "kommune". A stem in more than COMMON_SHARE of the proposals says too little to
count. A proposal is shown as similar only when it shares at least MIN_SHARED such stems, so one
shared word never makes a match.

The work per proposal is bounded, so that it does not grow with the archive: only the ASKED
rarest stems of a proposal are looked up (it has about 16 distinctive ones), and each stem leads
to at most the CHAMPIONS newest proposals that have it.

Everything is computed from the archive of one audience, so a public page never points at a
proposal the public cannot see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from .keys import digest_of
from .model import Proposal
from .search_index import Stemmer, words

SHOWN = 5  # similar proposals listed on a page
ASKED = (
    10  # a proposal's most distinctive stems that find its similar ones (its rarest: short lists)
)
CHAMPIONS = 100  # proposals looked at per stem: the newest that have it
MIN_SHARED = 2  # distinctive stems two proposals must share to count as similar
COMMON_SHARE = 0.05  # a stem in more than this share of the proposals is not distinctive…
COMMON_FLOOR = 50  # …unless the archive is so small that this many is still a few

# Danish function words (Snowball's Danish stop-word list): they carry no subject. Rarity alone
# would not drop them from a small archive, where "og" and "til" can look rare enough.
STOP_WORDS = frozenset(
    """ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din
    disse dog du efter eller en end er et for fra ham han hans har havde have hende hendes her hos
    hun hvad hvis hvor i ikke ind jeg jer jo kunne man mange med meget men mig min mine mit mod ned
    noget nogle nu når og også om op os over på selv sig sin sine sit skal skulle som sådan thi til
    ud under var vi vil ville vor være været""".split()
)


def subject_text(p: Proposal) -> str:
    """What a proposal is about, as text: its title, summary and topics."""
    return " ".join((p.title, p.summary or "", *p.tags))


@dataclass(frozen=True)
class SimilarIndex:
    """Which proposals have each distinctive stem; built once for the whole archive, asked per
    page. Made when first asked (made()): a build with the render store takes every page's
    similar proposals from it while the digest is the same, and needs none."""

    proposals: tuple[Proposal, ...]  # the archive's order: ties go to the earlier (newer) one
    digest: bytes  # of everything the index is made of (the proposals' ids and subjects, in order)

    @classmethod
    def build(cls, proposals: tuple[Proposal, ...]) -> SimilarIndex:
        subjects = [(p.id, subject_text(p)) for p in proposals]
        return cls(proposals, digest_of(repr(subjects).encode()))

    @property
    def stems_of(self) -> dict:
        """proposal id → its ASKED most distinctive stems with their rarity, ((stem, idf), …)"""
        return self.made()[0]

    @property
    def having(self) -> dict:
        """stem → positions in `proposals` of the (newest CHAMPIONS) proposals that have it"""
        return self.made()[1]

    def made(self) -> tuple[dict, dict]:
        """(stems_of, having), made once."""
        return self._index

    @cached_property
    def _index(self) -> tuple[dict, dict]:
        proposals = self.proposals
        stem = Stemmer()
        found: list[set[str]] = []
        for p in proposals:
            subject = {w for w in words(subject_text(p)) if w not in STOP_WORDS and not w.isdigit()}
            stem.learn(subject)
            found.append({stem.known[w] for w in subject})
        having: dict[str, list[int]] = {}
        for n, stems in enumerate(found):
            for s in stems:
                having.setdefault(s, []).append(n)
        limit = max(COMMON_FLOOR, int(len(proposals) * COMMON_SHARE))
        # a stem only one proposal has cannot make two alike; a common one says too little
        kept = {
            s: positions
            for s, positions in having.items()
            if 1 < len(positions) <= limit and len(positions) < len(proposals)
        }
        total = len(proposals)
        idf = {s: math.log(total / len(positions)) for s, positions in kept.items()}
        # each stem leads to at most CHAMPIONS proposals (with whole lists, the work per
        # proposal grew with the archive: quadratic in all)
        kept = {s: positions[:CHAMPIONS] for s, positions in kept.items()}
        stems_of = {
            p.id: tuple(
                sorted(((s, idf[s]) for s in stems if s in kept), key=lambda si: (-si[1], si[0]))[
                    :ASKED
                ]
            )
            for p, stems in zip(proposals, found, strict=True)
        }
        return stems_of, {s: tuple(positions) for s, positions in kept.items()}

    def of(self, p: Proposal, leave_out: frozenset[str] = frozenset()) -> tuple[Proposal, ...]:
        """Up to SHOWN proposals most like p, most alike first; never p itself or those whose id
        is in leave_out (those the page already lists as related)."""
        scores: dict[int, float] = {}
        shared: dict[int, int] = {}
        stems_of, having = self.made()
        for s, weight in stems_of.get(p.id, ()):
            for n in having[s]:
                scores[n] = scores.get(n, 0.0) + weight
                shared[n] = shared.get(n, 0) + 1
        ranked = sorted(
            (n for n, count in shared.items() if count >= MIN_SHARED), key=lambda n: (-scores[n], n)
        )
        out: list[Proposal] = []
        for n in ranked:
            other = self.proposals[n]
            if other.id != p.id and other.id not in leave_out:
                out.append(other)
                if len(out) == SHOWN:
                    break
        return tuple(out)
