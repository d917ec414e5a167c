"""The table of contents written in Python (generator/engine/page_shell.toc_html) is Material's partial,
character for character, for any shape of table of contents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator.engine import page_shell
from site_tests.archives import REPO


class _Page:
    def __init__(self, toc):
        self.toc = toc


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    """Material's partial, rendered as the site's pages render it, and the title it gives."""
    # (the site's settings; its docs folder, build/pages, need not have been generated)
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path_factory.mktemp("pages"))
    )
    config = config.plugins.on_config(config)  # (as a build does: the plugin adds the tool's theme)
    env = config.theme.get_env()
    page_shell.install(env)
    lang = env.get_template("partials/language.html").make_module({"config": config})
    template = env.get_template("pa-toc.html")

    def render(toc):
        return template.render({"config": config, "page": _Page(toc), "lang": lang})

    empty = render(TableOfContents([]))
    return render, (lang.t("toc"), empty[: empty.find("<nav")])


_TITLES = st.sampled_from(
    [
        "Baggrund",
        "Økonomi &amp; drift",
        "<code>BI2</code> i tal",
        "Tabel 1 – beløb",
        "&lt;x&gt;",
        '"citat"',
    ]
)


def _entries(level: int, depth: int):
    leaf = st.builds(
        lambda t, i: AnchorLink(t, i, level),
        _TITLES,
        st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
    )
    if depth == 0:
        return st.lists(leaf, max_size=3)

    def with_children(link, children):
        link.children = children
        return link

    return st.lists(st.builds(with_children, leaf, _entries(level + 1, depth - 1)), max_size=3)


@st.composite
def _tocs(draw):
    if draw(st.booleans()):  # a page with a title (h1), as every generated page has
        top = AnchorLink(draw(_TITLES), "titel", 1)
        top.children = draw(_entries(2, 2))
        return TableOfContents([top])
    return TableOfContents(draw(_entries(2, 2)))


@settings(max_examples=150, deadline=None)
@given(_tocs())
def test_toc_html_is_materials_partial(material, toc):
    render, settings = material
    assert page_shell.toc_html(toc, *settings) == render(toc)


def test_the_probe_covers_nesting_and_escaping(material):
    render, settings = material
    for toc in page_shell._toc_probe():
        assert page_shell.toc_html(toc, *settings) == render(toc)
    html = page_shell.toc_html(page_shell._toc_probe()[0], *settings)
    assert 'aria-label="Økonomi &amp; tal"' in html  # a child list's label: tags stripped, escaped
    assert "<code>tal</code>" in html  # the entry itself: the title's HTML as it is
