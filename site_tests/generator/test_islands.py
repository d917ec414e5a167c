"""HTML islands (generator/engine/islands.py): the generator's finished HTML, taken out of the
Markdown before Python-Markdown converts a page and put back after."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.engine.islands import _PLACEHOLDER, stash_islands

# The definition: an island runs from a line "<!-- pa:html -->" to the next line that starts with
# "<!-- /pa:html -->" (and that line's break); what is not closed stays as it is.
_ISLAND = re.compile(r"^<!-- pa:html -->\n(.*?)^<!-- /pa:html -->\n?", re.M | re.S)


def _by_definition(markdown: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def stash(match: re.Match) -> str:
        found.append(match.group(1))
        return "\n" + _PLACEHOLDER.format(len(found) - 1) + "\n\n"

    return _ISLAND.sub(stash, markdown), found


def test_islands_of_a_page():
    page = "# T\n\n<!-- pa:html -->\n<p>a</p>\n<!-- /pa:html -->\n\nText.\n<!-- pa:html -->\n<ul></ul>\n<!-- /pa:html -->"
    markdown, found = stash_islands(page)
    assert found == ["<p>a</p>\n", "<ul></ul>\n"]
    assert markdown == "# T\n\n\nPAHTMLISLAND0X\n\n\nText.\n\nPAHTMLISLAND1X\n\n"


@given(
    st.lists(
        st.sampled_from(
            [
                "<!-- pa:html -->",
                "<!-- /pa:html -->",
                "\n",
                "x",
                " <!-- pa:html -->\n",
                "<!-- pa:html -->\n",
            ]
        ),
        max_size=16,
    )
)
def test_islands_are_what_the_definition_says(parts):
    markdown = "".join(parts)
    assert stash_islands(markdown) == _by_definition(markdown)
