"""Soft hyphens in the long words of headings (generator/hyphenate.py)."""

from __future__ import annotations

from generator import hyphenate

SHY = hyphenate.SOFT_HYPHEN


def test_long_words_of_headings_get_danish_hyphenation_points():
    html = '<h1 id="beskaeftigelsesfremmende">Fremskudt beskæftigelsesfremmende indsats</h1>'
    out = hyphenate.headings(html)
    assert (
        out
        == f'<h1 id="beskaeftigelsesfremmende">Fremskudt be{SHY}skæf{SHY}ti{SHY}gel{SHY}ses{SHY}frem{SHY}men{SHY}de indsats</h1>'
    )
    assert out.replace(SHY, "") == html


def test_only_headings_and_only_their_text():
    html = (
        "<p>Arbejdsmarkedsudvalget</p>\n"
        '<h2 title="Arbejdsmarkedsudvalget">Om <a href="../arbejdsmarkedsudvalget/">Arbejdsmarkedsudvalget</a>'
        " &amp;aelig; <code>Arbejdsmarkedsudvalget</code> kort</h2>"
    )
    out = hyphenate.headings(html)
    assert out.startswith("<p>Arbejdsmarkedsudvalget</p>")  # not a heading
    assert (
        'title="Arbejdsmarkedsudvalget"' in out and 'href="../arbejdsmarkedsudvalget/"' in out
    )  # attributes
    assert "<code>Arbejdsmarkedsudvalget</code>" in out and "&amp;aelig;" in out  # code, entities
    assert f">Ar{SHY}bejds{SHY}mar{SHY}keds{SHY}ud{SHY}val{SHY}get</a>" in out  # the link's text
    assert " kort</h2>" in out  # a short word stays whole


def test_words_shorter_than_the_minimum_and_numbers_stay_whole():
    html = f"<h3>Budgetkonto {'9' * 20} BI_10Arbejdsmarkedsudvalget</h3>"
    assert hyphenate.headings(html) == html
