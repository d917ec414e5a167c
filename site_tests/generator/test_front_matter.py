"""MkDocs' workers read the generated pages' front matter directly (engine/patches.generated_meta):
the same document and values as PyYAML gives, for anything a front matter may hold."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from generator.engine.patches import _get_data, generated_meta

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_VALUES = st.one_of(
    _TEXT.map(lambda s: json.dumps(s, ensure_ascii=False)),  # as templating.yaml_string writes them
    st.sampled_from(
        [
            "proposal",
            "facet",
            "yes",
            "no",
            "on",
            "null",
            "true",
            "2030",
            "Søg",
            "a b",
            "x: y",
            "'q'",
            '"a\\tb"',
            '"a\\"b"',
            "[1]",
            "",
            "~",
        ]
    ),
)
_KEYS = st.sampled_from(["title", "description", "page_kind", "Title", "a-b"])
_LINES = st.lists(st.tuples(_KEYS, _VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=4)


@settings(max_examples=400, deadline=None)
@given(
    _LINES,
    st.sampled_from(["", "\n", "# Titel\n\nTekst.\n"]),
    st.sampled_from(["---", "---  ", "..."]),
)
def test_generated_meta_reads_as_pyyaml_does(lines, body, end):
    doc = "---\n" + "".join(line + "\n" for line in lines) + end + "\n" + body
    assert generated_meta(doc) == _get_data(doc)


def test_the_pages_the_generator_writes_take_the_direct_way(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "generator.engine.patches._get_data", lambda doc: calls.append(doc) or ("", {})
    )
    doc = '---\ntitle: "BI2: Færre samtaler – 1,4 mio. kr."\ndescription: "Et resumé med \'citat\' og #."\npage_kind: proposal\n---\n\n# BI2\n'
    assert generated_meta(doc) == (
        "# BI2\n",
        {
            "title": "BI2: Færre samtaler – 1,4 mio. kr.",
            "description": "Et resumé med 'citat' og #.",
            "page_kind": "proposal",
        },
    )
    assert calls == []
    assert meta.get_data(doc) == generated_meta(doc)
