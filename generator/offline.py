"""The search index of the offline build, for a site opened from a file share (file://).

Pagefind fetches its index with fetch(), which browsers refuse for file:// pages, so the offline
build carries its own small index as a script (scripts load from file:// everywhere), searched by
theme/assets/offline-search.js. Words are reduced to their Danish Snowball stems here, and the
script stems the typed words with the same algorithm, so "samtalerne" finds "samtaler".
"""
from __future__ import annotations

import json
import re

import snowballstemmer

from .archive import Archive
from .model import Proposal

# Above this many proposals the offline index holds titles, summaries, codes and topics only,
# not the full text: a file share's browser must load the whole index at once.
FULL_TEXT_LIMIT = 1000
_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def stems(text: str) -> set[str]:
    return set(_STEMMER.stemWords(words(text)))


def _searchable(p: Proposal, full_text: bool, body: str) -> str:
    parts = [p.title, p.code or "", p.summary or "", " ".join(p.tags), " ".join(d.label for d in p.districts), p.kind.label]
    if full_text:
        parts.append(body)
    return "\n".join(parts)


def offline_index(archive: Archive, url_of, body_of) -> str:
    """The index as a script: documents (url, title, summary) and, for every stem, the documents
    that contain it. url_of(proposal) gives the page's URL from the site root."""
    full_text = len(archive.proposals) <= FULL_TEXT_LIMIT
    docs, postings = [], {}
    for n, p in enumerate(archive.proposals):
        docs.append({"u": url_of(p), "t": p.display_code_title, "s": (p.summary or "")[:240]})
        for stem in stems(_searchable(p, full_text, body_of(p))):
            postings.setdefault(stem, []).append(n)
    data = {"docs": docs, "terms": dict(sorted(postings.items())), "fullText": full_text}
    return "window.PA_OFFLINE_INDEX = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ";\n"
