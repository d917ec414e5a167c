"""The structural rules: the JSON Schema of the front matter (schema.py), its errors turned into
diagnostics with the line and column of the value and messages that name what is expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .diagnostics import Diagnostic, error
from .reader import SourceFile
from .schema import proposal_schema
from .vocabulary import Vocabulary

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}

# What each field is called in messages.
_FIELD_NAMES = {
    "districts": "district (bydel)",
    "administration": "administration (forvaltning)",
    "committee": "committee (udvalg)",
    "kind": "kind",
    "status": "status",
    "municipality": "municipality",
    "relation": "relation",
    "unit": "unit",
    "columns": "table column",
}

_PATTERN_HINTS = {
    "id": "lower-case letters a-z, digits and single hyphens, e.g. kk-b2018-bi-10",
    "date": "an ISO date, YYYY-MM-DD, e.g. 2018-11-08",
    "price_level": "'<year> p/l' (e.g. '2018 p/l') or 'løbende priser'",
    "key": "lower-case letters, digits and '_'",
    "of": "a row key, with '-' in front to subtract",
    "related": "a proposal id",
}


def _show(value) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _TYPE_WORDS["object" if isinstance(value, dict) else "array"]
    return repr(value) if isinstance(value, str) else str(value)


def _field(path) -> str:
    """The nearest named field of a path, e.g. ('budget', 0, 'rows', 1, 'total') → 'total'."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "front matter"


def _label(path) -> str:
    name = _field(path)
    return _FIELD_NAMES.get(name, name)


class SchemaRules:
    """Structural rules from the JSON Schema, turned into diagnostics with lines.

    A file is first validated by fastjsonschema (the schema compiled to Python code, many
    times faster); only a file that fails is validated again by jsonschema, whose errors carry
    the paths and keywords the messages are made from."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self._schema = proposal_schema(vocab)
        self.validator = Draft202012Validator(self._schema)

    @cached_property
    def _fast(self):
        """Compiled when a file is first checked (0.04 s: a run whose files are all in the check
        store checks none, docs/performance.md)."""
        # fastjsonschema knows draft-07, which has every keyword this schema uses
        return fastjsonschema.compile(
            {**self._schema, "$schema": "http://json-schema.org/draft-07/schema#"}
        )

    def _valid(self, data) -> bool:
        try:
            self._fast(data)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    def check(self, source: SourceFile) -> list[Diagnostic]:
        data = source.front.data
        if not isinstance(data, dict):
            line, col = source.front.where(())
            return [
                error(
                    source.path,
                    line,
                    col,
                    "front-matter",
                    f"front matter must be a mapping of fields, got {_show(data)}",
                )
            ]
        if self._valid(data):
            return []
        out: list[Diagnostic] = []
        for err in self.validator.iter_errors(data):
            out.extend(self._describe(source, err))
        return list(dict.fromkeys(out))  # one schema problem can surface through several keywords

    def _describe(self, source: SourceFile, err) -> Iterator[Diagnostic]:
        path = tuple(err.absolute_path)
        line, col = source.front.where(path) if path else (1, 1)
        v, value = err.validator, err.instance
        name = _field(path)
        where = _where_words(path)
        if v == "required":
            missing = _REQUIRED.match(err.message)
            key = missing.group(1) if missing else err.message
            yield error(
                source.path,
                line,
                col,
                "missing-field",
                f"missing required field '{key}'{' in ' + where if path else ''}",
            )
        elif v == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for key in sorted(set(value) - set(allowed)):
                kline, kcol = source.front.where(path + (key,))
                yield error(
                    source.path,
                    kline,
                    kcol,
                    "unknown-field",
                    f"unknown field '{key}'; expected one of: {', '.join(allowed)}",
                )
        elif v == "type":
            expected = err.validator_value
            words = " or ".join(
                _TYPE_WORDS.get(t) or str(t)
                for t in (expected if isinstance(expected, list) else [expected])
            )
            hint = (
                " (write it in quotes)"
                if expected == "string" and isinstance(value, (int, float))
                else ""
            )
            yield error(
                source.path,
                line,
                col,
                "wrong-type",
                f"{where} must be {words}, got {_show(value)}{hint}",
            )
        elif v in ("enum", "const"):
            options = err.validator_value if v == "enum" else [err.validator_value]
            yield error(
                source.path,
                line,
                col,
                "unknown-value",
                f"{_show(value)} is not a known {_label(path)}; expected one of: {', '.join(map(str, options))}",
            )
        elif v == "pattern":
            hint = _PATTERN_HINTS.get(name, f"text matching {err.validator_value}")
            yield error(
                source.path,
                line,
                col,
                "bad-format",
                f"{where} {_show(value)} is not valid; expected {hint}",
            )
        elif v in ("minItems", "minLength"):
            extra = (
                "; a city-wide proposal uses the city-wide value (e.g. Bydækkende)"
                if name == "districts"
                else ""
            )
            yield error(source.path, line, col, "empty-value", f"{where} must not be empty{extra}")
        elif v == "maxLength":
            yield error(
                source.path,
                line,
                col,
                "bad-format",
                f"{where} is {len(value)} characters; at most {err.validator_value} allowed",
            )
        elif v in ("minimum", "maximum"):
            bound = "≥" if v == "minimum" else "≤"
            yield error(
                source.path,
                line,
                col,
                "out-of-range",
                f"{where} {value} is out of range; expected a value {bound} {err.validator_value}",
            )
        elif v == "uniqueItems":
            # at the repeated item itself, which names the value (a list can be long)
            again = next((i for i, item in enumerate(value) if item in value[:i]), None)
            said = "the same value twice"
            if again is not None:
                line, col = source.front.where(path + (again,))
                first = source.front.where(path + (value.index(value[again]),))[0]
                said = f"{_show(value[again])} twice (also on line {first})"
            yield error(source.path, line, col, "duplicate-value", f"{where} lists {said}")
        elif v == "anyOf" and not path:
            yield error(
                source.path,
                1,
                1,
                "missing-field",
                "missing 'budget_year' or 'date': give at least one",
            )
        elif v == "anyOf" and name in ("amounts", "total"):
            yield error(
                source.path,
                line,
                col,
                "bad-amount",
                f"amount {_show(value)} in {where} is not valid; expected a number (savings negative), "
                f'"-" for a printed dash, or null for an empty cell',
            )
        elif v == "anyOf" and name == "years":
            yield error(
                source.path,
                line,
                col,
                "bad-format",
                f"year {_show(value)} is not valid; expected a year such as 2018 or a period such as '2018-19'",
            )
        elif v == "anyOf" and err.context:
            # several allowed shapes: explain against the shape this value has (a mapping with a
            # bad field is reported at that field, not as "must be text")
            candidates = [e for e in err.context if e.validator != "type"] or list(err.context)
            yield from self._describe(source, best_match(candidates))
        else:  # a schema keyword without a tailored message: still a precise diagnostic
            yield error(source.path, line, col, "schema", f"{where}: {err.message}")


_REQUIRED = re.compile(r"^'(.+)' is a required property$")


def _where_words(path) -> str:
    """A path in words: ('budget', 0, 'rows', 2, 'total') → "'total' of row 3 of table 1"."""
    words: list[str] = []
    parts = list(path)
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(nxt, int):
            noun = {
                "budget": "table",
                "rows": "row",
                "totals": "total row",
                "related": "related entry",
            }.get(part, f"'{part}' item")
            words.append(f"{noun} {nxt + 1}")
            i += 2
        else:
            words.append(f"'{part}'")
            i += 1
    return " of ".join(reversed(words)) or "front matter"
