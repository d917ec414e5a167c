"""The generated pages' names, and the addresses the site gives them.

A page is named by its path in the docs folder (forslag/x.md); the engine makes it forslag/x/
(or forslag/x.html in the offline build, whose links must work from file://).
"""

from __future__ import annotations

from dataclasses import dataclass

from .facets import Term
from .model import Proposal

PROPOSALS_DIR = "forslag"


def proposal_page(p: Proposal) -> str:
    return f"{PROPOSALS_DIR}/{p.id}.md"


SOURCES_DIR = "kilder"  # the served copies of original documents


def source_copy(p: Proposal) -> str:
    """Where the site serves p's original document: kilder/<id>/<file> (a folder per proposal,
    so two proposals' files of one name never meet)."""
    if p.source is None:
        raise ValueError(f"{p.id} names no original document")
    return f"{SOURCES_DIR}/{p.id}/{p.source.file}"


def site_path(page: str, offline: bool) -> str:
    """Where the site puts a page: forslag/x.md → forslag/x/ (or forslag/x.html offline)."""
    stem = page.removesuffix(".md")
    if offline:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") or "./"
    return stem + "/"


def relpath(target: str, start: str) -> str:
    """posixpath.relpath for the generator's own paths (relative, normalised), by comparing
    folder names: posixpath.relpath makes both paths absolute first, and a large archive's
    rendering calls this hundreds of thousands of times."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    here = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    for a, b in zip(here, to, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list is among its pages (the first is the term's own page)."""

    number: int  # 1-based
    pages: tuple[str, ...]
    first: int  # the 0-based position of the page's first item in the whole list
    total: int  # items in the whole list

    @property
    def count(self) -> int:
        return len(self.pages)


def term_pages(term: Term, total: int, size: int) -> tuple[str, ...]:
    """The term's page, then kommuner/koebenhavn/side-2.md, … for the rest of a long list of
    `size` proposals a page (site.term_page_size in config/archive.yml: without it a
    municipality's page in a large archive lists thousands, megabytes of HTML, too much for a
    phone)."""
    count = max(1, -(-total // size))
    return (
        term.page,
        *(f"{term.page.removesuffix('.md')}/side-{k}.md" for k in range(2, count + 1)),
    )
