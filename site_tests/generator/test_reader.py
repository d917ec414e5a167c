"""The reader builds values itself for the common scalars (for speed): they must be what
PyYAML's own constructors make of them."""

from __future__ import annotations

import pytest
import yaml

from generator.yaml_positions import _Loader, parse_yaml

SPELLINGS = [
    "yes",
    "No",
    "TRUE",
    "false",
    "off",
    "On",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "NULL",
    "",
    "0",
    "-12",
    "0x1F",
    "1_000",
    "1.5",
    "2018-11-08",
    "'yes'",
    '"null"',
    "!!bool YES",
    "!!null x",
    "!!str 12",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_scalars_are_what_pyyaml_makes_of_them(spelling):
    text = f"a: {spelling}\nb: [{spelling}]\n"
    expected = yaml.load(text, Loader=_Loader)  # PyYAML's constructors, same resolver
    parsed = parse_yaml(text, "x.yml")
    assert not parsed.problems
    assert parsed.data == expected and [type(v) for v in parsed.data.values()] == [
        type(v) for v in expected.values()
    ]
