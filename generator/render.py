"""Rendering: Markdown pages from the model, through the Jinja templates in templates/ (their
environment, filters and escaping: templating.py).

Templates receive typed objects (Proposal, Term, Archive) and a `link` function that makes
relative links from the page being rendered.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from markupsafe import Markup

from . import keys, templating, views
from .archive import Archive
from .body import for_audience as body_for_audience
from .budget_view import cost_sentence, table_view
from .facets import FACETS, Facet
from .history import history_of
from .links import code_pattern, link_codes
from .model import Proposal
from .search_filters import filter_file
from .search_index import offline_script
from .search_render import SearchRenderer
from .urls import PROPOSALS_DIR, Pager, proposal_page, relpath, site_path, source_copy, term_pages

HOME_TERMS = 8  # terms per facet on the home page


# A page to write: (path, its render store key or None, what renders it)
Plan = tuple[str, bytes | None, Callable[[], str]]


def _returning(text: str) -> Callable[[], str]:
    """make() of a page rendered already."""
    return lambda: text


class Renderer:
    def __init__(
        self,
        templates: Path | tuple[Path, ...],
        archive: Archive,
        audience: str = "public",
        offline: bool = False,
        history=None,
        kept_sources: frozenset[str] = frozenset(),
        kept_templates: templating.KeptTemplates | None = None,
    ):
        self.archive = archive
        self.history = history or {}  # file name → its commits (history.read_log): "Historik"
        # the ids of the proposals whose original document the site serves (sources/)
        self.kept_sources = kept_sources
        self.audience = audience
        self.offline = offline  # file:// site: pages are name.html, not name/ (no directory URLs)
        self.index = SearchRenderer(archive, audience, offline)  # the search index's part
        self.env = templating.environment(templates, archive, audience, kept_templates)
        known_codes = [c for c, ps in archive.by_code.items()]
        self._code_pattern = code_pattern(known_codes)
        # (proposal id, link to its page, note) → (proposal, its list item)
        self._items: dict = {}
        self.numbers = views.Numbers(archive)  # the sums and charts of the term pages and home
        self._anchors: dict = {}  # (terms' facet, slug and label, folder) → their links
        self.similar_found: list = []  # for the render store: see _listed()

    def _render(self, template: str, page: str, **context) -> str:
        here = posixpath.dirname(page) or "."

        def link(target: str) -> str:
            """A Markdown link to another page (MkDocs checks it and makes it a URL)."""
            return relpath(target, here)

        origin = posixpath.dirname(self.site_path(page)) or "."  # where the page's URLs start

        def url(target: str) -> str:
            """The URL of another page, for raw HTML, which MkDocs leaves alone."""
            to = self.site_path(target)
            relative = relpath(to, origin)
            return relative + "/" if to.endswith("/") and not relative.endswith("/") else relative

        def file(target: str) -> str:
            """The URL of a file that is not a page (data, feeds), for raw HTML."""
            return relpath(target, origin)

        def li(p: Proposal, note: str = "") -> Markup:
            """A proposal's line in a list, by the macro proposal_li: rendered once per link to
            its page (the same from every page at the same depth: the facets' pages together
            list each proposal about ten times in a large archive, and every proposal page
            links to another as ../its-id/). (Not keyed by `origin`: that is a folder of its own
            for every proposal page, so nothing would be shared between them.)"""
            key = (p.id, url(proposal_page(p)), note)
            hit = self._items.get(key)
            if hit is None or hit[0] is not p:
                # (Jinja's TemplateModule declares no attributes: its macros are set at run time)
                macro = self.env.get_template("macros.j2").module.proposal_li  # type: ignore[attr-defined]
                hit = self._items[key] = (p, macro(p, url, note))
            return hit[1]

        def anchors(terms: tuple) -> Markup:
            """Links to terms' pages, by the macro term_anchors: rendered once per folder, since
            thousands of proposal pages name the same districts, years and statuses."""
            # (what the macro shows of each term: equal Terms can differ in label, "Unge"/"unge")
            key = (tuple((t.facet, t.slug, t.label) for t in terms), here)
            hit = self._anchors.get(key)
            if hit is None:
                macro = self.env.get_template("macros.j2").module.term_anchors  # type: ignore[attr-defined]
                hit = self._anchors[key] = macro(terms, url)
            return hit

        return self.env.get_template(template).render(
            page=page, link=link, url=url, file=file, li=li, anchors=anchors, **context
        )

    def site_path(self, page: str) -> str:
        return site_path(page, self.offline)

    # ------------------------------------------------------------------ proposal pages
    def body(self, p: Proposal) -> str:
        page = proposal_page(p)

        def target(code: str) -> str | None:
            other = self.archive.resolve_code(code, p)
            return relpath(proposal_page(other), posixpath.dirname(page)) if other else None

        return link_codes(body_for_audience(p.body, self.audience), self._code_pattern, target)

    def _listed(self, p: Proposal, stored=None) -> tuple[list, tuple, tuple]:
        """The proposals p's page lists: related (with the relation), backlinks, similar. With a
        render store (stored), the similar ones are taken from it when the similar index and
        the proposals left out are as when they were found (SimilarIndex.of is the costliest
        part of keying a page), and what was found is remembered in similar_found."""
        related = [
            (found, r.relation) for r in p.related if (found := self.archive.find(r.id)) is not None
        ]
        backlinks = self.archive.backlinks.get(p.id, ())
        listed = frozenset(o.id for o, _ in related) | {b.source.id for b in backlinks}
        if stored is None:
            return related, backlinks, self.archive.similar.of(p, leave_out=listed)
        asked = keys.similar_asked(self.archive.similar.digest, listed)
        found = stored.meta(keys.similar(p))
        if (
            found is not None
            and found[:2] == asked
            and all(i in self.archive.by_id for i in found[2])
        ):
            similar = tuple(self.archive.by_id[i] for i in found[2])
        else:
            similar = self.archive.similar.of(p, leave_out=listed)
        self.similar_found.append((keys.similar(p), (*asked, tuple(o.id for o in similar))))
        return related, backlinks, similar

    def page_key(self, p: Proposal, digests: dict, stored=None) -> tuple[bytes | None, tuple]:
        """The render store's key of p's page (keys.proposal_page; digests: proposal id → the
        digest of its file), and what _listed gave, for proposal()."""
        listed = related, backlinks, similar = self._listed(p, stored)
        # (the mentions of the whole body, internal blocks too: more than a public page links,
        # which can only make the key change when the page does not)
        text = p.body
        mentioned = (
            sorted(self._code_pattern.found(text))
            if self._code_pattern is not None and text
            else []
        )
        codes = [
            (code, getattr(self.archive.resolve_code(code, p), "id", None)) for code in mentioned
        ]
        terms = [t for f in FACETS for t in self.archive.terms_of[(p.id, f.id)]]
        history = history_of(p, self.history)
        source = p.id in self.kept_sources
        key = keys.proposal_page(
            digests,
            p,
            self.audience,
            self.offline,
            related,
            backlinks,
            similar,
            codes,
            terms,
            history,
            source,
        )
        return key, listed

    def proposal(self, p: Proposal, listed: tuple | None = None) -> tuple[str, str]:
        """p's page (listed: what _listed gives, if already known)."""
        page = proposal_page(p)
        related, backlinks, similar = listed or self._listed(p)
        return page, self._proposal_text(p, page, related, backlinks, similar)

    def _proposal_text(self, p: Proposal, page: str, related: list, backlinks, similar) -> str:
        tables = [table_view(t) for t in p.budget]
        return self._render(
            "proposal.md.j2",
            page,
            p=p,
            body=Markup(self.body(p).strip()),
            tables=tables,
            cost=cost_sentence(p.headline_table, self.archive.vocab.unit_factors),
            chart=views.proposal_figure(p),
            related=related,
            backlinks=backlinks,
            similar=similar,
            terms=lambda facet_id: self.archive.terms_of[(p.id, facet_id)],
            history=history_of(p, self.history),
            original=self._original(p, page),
        )

    def _original(self, p: Proposal, page: str) -> str | None:
        """The address of the copy of p's original document that the site serves, if any."""
        if p.source is None or p.id not in self.kept_sources:
            return None
        origin = posixpath.dirname(self.site_path(page)) or "."
        return relpath(source_copy(p), origin)

    # ------------------------------------------------------------------ facet pages
    def facet_pages(self, facet: Facet) -> list[tuple[str, str]]:
        """The overview page of one facet and a page per term: the same code for every facet."""
        return [(page, make()) for page, _, make in self.facet_plans(facet)]

    def facet_plans(self, facet: Facet, digests: dict | None = None) -> list[Plan]:
        """The facet's pages as (page, key, make): make() renders the page; key (with digests:
        proposal id → the digest of its file) is a digest of everything a term's page shows,
        for the render store: None for the overview, which shows every term of the facet."""
        terms = self.archive.terms[facet.id]
        plans: list[Plan] = [
            (
                facet.page,
                None,
                lambda: self._render("facet.md.j2", facet.page, facet=facet, terms=terms),
            )
        ]
        # (checked, its default filled in: vocabulary.py)
        size = self.archive.vocab.site["term_page_size"]
        for term, proposals in terms.items():
            paths = term_pages(term, len(proposals), size)
            for k, path in enumerate(paths):
                pager = Pager(k + 1, paths, k * size, len(proposals))
                listed = proposals[k * size : (k + 1) * size]
                # the sums of the whole term on its first page only
                summed = proposals if k == 0 and facet.show_sums else ()
                key: bytes | None = None
                if digests is not None:
                    key = keys.term_page(
                        digests, term, pager, self.audience, self.offline, listed, summed
                    )

                def make(path=path, term=term, listed=listed, pager=pager, summed=summed) -> str:
                    shown = self.numbers.term(facet, term, summed)
                    return self._render(
                        "term.md.j2",
                        path,
                        facet=facet,
                        term=term,
                        proposals=listed,
                        pager=pager,
                        **shown,
                    )

                plans.append((path, key, make))
        return plans

    def home(self) -> tuple[str, str]:
        # per facet its largest terms: a large archive has hundreds of topics
        overview = []
        for facet in FACETS:
            terms = self.archive.terms[facet.id]
            if terms:
                top = sorted(
                    ((t, len(ps)) for t, ps in terms.items()), key=lambda tc: (-tc[1], tc[0])
                )[:HOME_TERMS]
                overview.append((facet, sorted(top, key=lambda tc: tc[0]), len(terms)))
        shown = self.numbers.home()
        return "index.md", self._render(
            "home.md.j2", "index.md", latest=self.archive.proposals[:10], overview=overview, **shown
        )

    def search(self) -> tuple[str, str]:
        return "sog.md", self._render("search.md.j2", "sog.md")

    def redirects(self) -> list[tuple[str, str]]:
        """A page at each earlier address of a proposal (its aliases) that sends the reader on
        to its page. A static HTML file in the docs folder, which MkDocs copies as it is: at the
        old page's place (forslag/<alias>/index.html, offline forslag/<alias>.html)."""
        out = []
        for alias, p in sorted(self.archive.redirects.items()):
            page = (
                f"{PROPOSALS_DIR}/{alias}.html"
                if self.offline
                else f"{PROPOSALS_DIR}/{alias}/index.html"
            )
            target = relpath(self.site_path(proposal_page(p)), posixpath.dirname(page)) + (
                "" if self.offline else "/"
            )
            out.append(
                (
                    page,
                    self.env.get_template("redirect.html.j2").render(
                        p=p, target=target, site=self.archive.vocab.site
                    ),
                )
            )
        return out

    def accessibility(self) -> tuple[str, str]:
        statement = dict(self.archive.vocab.site.get("accessibility") or {})
        statement["prepared_date"] = dt.date.fromisoformat(
            str(statement.get("prepared", "2026-01-01"))
        )
        return "tilgaengelighed.md", self._render(
            "accessibility.md.j2", "tilgaengelighed.md", site_accessibility=statement
        )

    def jobs(self, chunk: int) -> list[tuple]:
        """The rendering split into independent jobs, for worker processes: the proposals in
        chunks (each chunk's pages, then its part of the search index: the same proposals), then
        each facet and the site's own pages, which read the whole archive (parallel.run_parallel
        keeps those in the parent process)."""
        n = len(self.archive.proposals)
        jobs: list[tuple] = []
        for i in range(0, n, chunk):
            jobs.append(("proposals", i, min(i + chunk, n)))
            if not self.offline:  # the offline site carries its index in a script (the "site" job)
                jobs.append(("search", i, min(i + chunk, n)))
        return (
            jobs
            + [("files", kind) for kind in views.FILE_KINDS]
            + [("facet", f.id) for f in FACETS]
            + [("site",)]
        )

    def files(self, kind: str) -> Iterable[tuple[str, bytes]]:
        """The files of a ("files", kind) job: the open data, or the feeds (views.files)."""
        found = (self.archive, self.audience, self.site_path, self.history, self.numbers)
        return views.files(kind, *found)

    def write_data(self, writer, stored, digests: dict, keep) -> tuple[list, dict]:
        """The open data written through the render store (views.write_data)."""
        found = (self.archive, self.audience, self.site_path, stored, digests, keep)
        return views.write_data(writer, *found)

    def term_plans(self, digests: dict, stored):
        """The terms' data files as plans, for the render store, and the entries it is to keep
        (termdata.term_plans; their sums are the terms' pages')."""
        found = (self.archive, self.audience, self.site_path, digests, self.numbers, stored)
        return views.term_plans(*found)

    def feed_plans(self, digests: dict):
        """The feeds as plans, for the render store (views.feed_plans)."""
        return views.feed_plans(self.archive, self.site_path, self.history, digests)

    def data_keys(self, digests: dict) -> list:
        """The render store's keys of the proposals' data (views.data_keys)."""
        return views.data_keys(self.archive, self.audience, self.site_path, digests)

    def render_job(self, job: tuple) -> list[tuple[str, str]]:
        return [(page, make()) for page, _, make in self.plans(job)]

    def plans(self, job: tuple, digests: dict | None = None, stored=None) -> list[Plan]:
        """The pages of a job of jobs() (not a search job) as (page, key, make): make() renders
        the page; key (with digests: proposal id → the digest of its file, and the render store)
        is a digest of all it shows, for the render store, or None (always rendered)."""
        if job[0] == "site":
            pages = [self.home, self.search, self.accessibility] + (
                [lambda: offline_script(self.index.documents(), filter_file(self.archive))]
                if self.offline
                else []
            )
            made = [make() for make in pages] + self.redirects()
            return [(page, None, _returning(text)) for page, text in made]
        if job[0] == "facet":
            return self.facet_plans(next(f for f in FACETS if f.id == job[1]), digests)
        plans: list[Plan] = []
        for p in self.archive.proposals[job[1] : job[2]]:
            key, listed = self.page_key(p, digests, stored) if digests is not None else (None, None)

            def make(p: Proposal = p, listed=listed) -> str:
                return self.proposal(p, listed)[1]

            plans.append((proposal_page(p), key, make))
        return plans


__all__ = ["Renderer"]
