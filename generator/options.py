"""Typed options for configuration files, declared in the spirit of MkDocs' config_options: each
option names its type, whether it is required, its default and, in words, what is expected.

Checking a file against a declaration reports every problem at once, each at the line and
column of the key or list item it concerns, and gives the file's data with every declared key
present: the value as written, its default when it is left out, or None when it is wrong (so
that rules across files can skip what is already reported). Pure: reading is reader.py's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .diagnostics import Diagnostic, error
from .yaml_positions import Parsed

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def name_of(path: tuple) -> str:
    """How a message names a place in a file: ('kinds', 2, 'id') → kinds[3].id (items from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


def shown(value) -> str:
    """A wrong value as a message shows it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


@dataclass(frozen=True)
class Checked:
    """A configuration file being checked: its path as diagnostics show it, its YAML with the
    position of every key and item, and the diagnostics found so far."""

    display: str
    parsed: Parsed
    problems: list

    def line(self, path: tuple) -> int:
        return self.parsed.where(path)[0]

    def report(self, path: tuple, code: str, message: str) -> None:
        self.problems.append(self.error(path, code, message))

    def error(self, path: tuple, code: str, message: str) -> Diagnostic:
        # the file as a whole (a missing top-level key) is at its start, as for proposals
        line, column = self.parsed.where(path) if path else (1, 1)
        return error(self.display, line, column, code, message)


class Option:
    """One value of a configuration file. Subclasses say what they expect and check it."""

    expected = "a value"

    def __init__(self, *, required: bool = False, default=None):
        self.required = required
        self.default = default

    def clean(self, value, path: tuple, file: Checked):
        """The value if it is right, else None with a diagnostic per problem in file."""
        if not self._is_type(value):
            quoted = isinstance(self, Text) and isinstance(value, (int, float))
            file.report(
                path,
                "wrong-type",
                f"'{name_of(path)}' must be {self.expected}, got {shown(value)}"
                + (" (write it in quotes)" if quoted else ""),
            )
            return None
        return self._check(value, path, file)

    def _is_type(self, value) -> bool:
        return True

    def _check(self, value, path: tuple, file: Checked):
        return value


class Text(Option):
    """Text, not empty unless allowed; with a pattern, in that format (hint: what it looks like)."""

    expected = "text"

    def __init__(self, *, pattern: str | None = None, hint: str = "", empty: bool = False, **kw):
        super().__init__(**kw)
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint
        self.empty = empty

    def _is_type(self, value) -> bool:
        return isinstance(value, str)

    def _check(self, value: str, path: tuple, file: Checked):
        if not value.strip():
            if self.empty:
                return value
            file.report(path, "empty-value", f"'{name_of(path)}' must not be empty")
            return None
        if self.pattern and not self.pattern.match(value):
            message = f"'{name_of(path)}' {value!r} is not valid; expected {self.hint}"
            file.report(path, "bad-format", message)
            return None
        return value


class IsoDate(Text):
    """A date in the calendar, written YYYY-MM-DD."""

    def __init__(self, **kw):
        hint = "an ISO date, YYYY-MM-DD, e.g. 2026-11-23"
        super().__init__(pattern=r"^\d{4}-\d{2}-\d{2}$", hint=hint, **kw)

    def _check(self, value: str, path: tuple, file: Checked):
        value = super()._check(value, path, file)
        if value is None:
            return None
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            file.report(
                path,
                "bad-date",
                f"'{name_of(path)}' {value!r} is not a date in the calendar; expected YYYY-MM-DD",
            )
            return None
        return value


class OneOf(Text):
    """Text that is one of the given values (what: the word for one of them in messages)."""

    def __init__(self, choices, what: str, **kw):
        super().__init__(**kw)
        self.choices = tuple(choices)
        self.what = what

    def _check(self, value: str, path: tuple, file: Checked):
        if value not in self.choices:
            file.report(
                path,
                "unknown-value",
                f"{value!r} is not a known {self.what}; expected one of: {', '.join(self.choices)}",
            )
            return None
        return value


class Whole(Option):
    """A whole number, at least minimum."""

    expected = "a whole number"

    def __init__(self, *, minimum: int, **kw):
        super().__init__(**kw)
        self.minimum = minimum

    def _is_type(self, value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def _check(self, value: int, path: tuple, file: Checked):
        if value < self.minimum:
            file.report(
                path,
                "out-of-range",
                f"'{name_of(path)}' {value} is out of range; "
                f"expected a whole number ≥ {self.minimum}",
            )
            return None
        return value


class Flag(Option):
    expected = "true or false"

    def __init__(self, **kw):
        super().__init__(default=False, **kw)

    def _is_type(self, value) -> bool:
        return isinstance(value, bool)


class Anything(Option):
    """Any value, not checked: a part of a file that the command at hand does not read."""

    expected = "any value"


class ListOf(Option):
    """A list whose items are each the given option; not empty unless allowed; with unique,
    no text item twice (in any case)."""

    expected = "a list"

    def __init__(self, item: Option, *, empty: bool = True, unique: bool = False, **kw):
        kw.setdefault("default", [])
        super().__init__(**kw)
        self.item, self.empty, self.unique = item, empty, unique

    def _is_type(self, value) -> bool:
        return isinstance(value, list)

    def _check(self, value: list, path: tuple, file: Checked):
        if not value and not self.empty:
            file.report(path, "empty-value", f"'{name_of(path)}' must not be empty")
            return None
        items = [self.item.clean(v, path + (i,), file) for i, v in enumerate(value)]
        if self.unique:
            folded = lambda item: item.casefold() if isinstance(item, str) else None  # noqa: E731
            for i, first, _ in earlier(items, folded):
                file.report(
                    path + (i,),
                    "duplicate-value",
                    f"'{name_of(path)}' lists {items[i]!r} twice "
                    f"(also on line {file.line(path + (first,))})",
                )
        return items


class MapOf(Option):
    """A mapping of free keys (each checked by keys, if given) to values of one option."""

    expected = "a mapping of keys to values"

    def __init__(self, value: Option, *, keys: Option | None = None, **kw):
        kw.setdefault("default", {})
        super().__init__(**kw)
        self.value, self.keys = value, keys

    def _is_type(self, value) -> bool:
        return isinstance(value, dict)

    def _check(self, value: dict, path: tuple, file: Checked):
        out = {}
        for key, item in value.items():
            if self.keys is not None and self.keys.clean(key, path + (key,), file) is None:
                continue
            out[key] = required_value(self.value, item, path + (key,), file)
        return out


class Section(Option):
    """A mapping of declared keys, each with its option; any other key is an error."""

    expected = "a mapping of keys"

    def __init__(self, options: dict[str, Option], **kw):
        super().__init__(**kw)
        self.options = options

    def _is_type(self, value) -> bool:
        return isinstance(value, dict)

    def _check(self, value: dict, path: tuple, file: Checked):
        where = f" in '{name_of(path)}'" if path else ""
        for key in value:
            if key not in self.options:
                file.report(
                    path + (key,),
                    "unknown-key",
                    f"unknown key {key!r}{where}; expected one of: {', '.join(self.options)}",
                )
        out = {}
        for key, option in self.options.items():
            if key in value:
                out[key] = required_value(option, value[key], path + (key,), file)
            elif option.required:
                file.report(path, "missing-key", f"missing required key {key!r}{where}")
                out[key] = None
            else:
                out[key] = option.default
        return out


def required_value(option: Option, value, path: tuple, file: Checked):
    """A written key's value: an empty one (`key:`) is its default, or an error if required."""
    if value is None:
        if option.required:
            file.report(
                path, "empty-value", f"'{name_of(path)}' has no value; expected {option.expected}"
            )
            return None
        return option.default
    return option.clean(value, path, file)


def check_file(declaration: Section, file: Checked) -> dict | None:
    """A whole file against its declaration; None if it is not a mapping at all."""
    data = file.parsed.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{shown(data)}, not a mapping of keys"
        keys = ", ".join(declaration.options)
        file.report((), "wrong-type", f"the file is {what}; expected the keys: {keys}")
        return None
    return declaration.clean(data, (), file)


def earlier(items: list, key) -> Iterator[tuple[int, int, object]]:
    """(index, index of the first item with the same key, key) for each item whose key (a
    function of the item, None to skip it) an earlier item of the list has."""
    seen: dict = {}
    for i, item in enumerate(items):
        k = key(item) if item is not None else None
        if k is None:
            continue
        first = seen.setdefault(k, i)
        if first != i:
            yield i, first, k
