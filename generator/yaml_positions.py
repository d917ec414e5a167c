"""YAML parsed safely, with the 1-based line and column of every key and sequence item, so that
every diagnostic can point at its source. Pure: reader.py reads the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from .diagnostics import Diagnostic, error

MAX_DEPTH = 12  # the deepest legitimate value is budget → table → rows → row → amounts → cell

Path_ = tuple  # a path into the data: ("budget", 0, "rows", 2, "amounts", 1)


# libyaml's parser when PyYAML has it (much faster: YAML parsing dominated `check`),
# else the pure-Python one. Either way only nodes are composed here; values are built by
# _node_to_data, which also refuses aliases and absurd nesting.
if TYPE_CHECKING:  # (the checker needs one class; CSafeLoader has SafeLoader's interface)
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """A safe loader without implicit timestamps: dates stay ISO strings that the rules check."""

    def resolve(self, kind, value, implicit):
        # The tag of a plain scalar depends on its text alone (this loader has no path
        # resolvers), and proposal files repeat the same few thousand values (years, amounts,
        # "Service"): remember them, rather than run PyYAML's regular expressions on every
        # scalar (docs/performance.md).
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= _REMEMBERED_LENGTH:
            tag = _resolved.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_resolved) < _REMEMBERED_VALUES:
                    _resolved[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_resolved: dict[str, str] = {}  # a plain scalar's text → its tag
_REMEMBERED_LENGTH = 40  # longer texts (titles, summaries) rarely repeat
_REMEMBERED_VALUES = 200_000


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Refused(Exception):
    def __init__(self, where: tuple[int, int], message: str):
        super().__init__(message)
        self.where = where  # 1-based (line, column), before the line offset
        self.message = message


@dataclass(frozen=True)
class Parsed:
    """YAML data plus the 1-based (line, column) of every key and sequence item."""

    data: object
    positions: dict = field(default_factory=dict)
    problems: tuple[Diagnostic, ...] = ()

    def where(self, path: Path_, default: tuple[int, int] = (1, 1)) -> tuple[int, int]:
        """The position of path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), default)


def _node_to_data(
    node,
    path: Path_,
    line_offset: int,
    positions: dict,
    problems: list,
    display: str,
    loader: _Loader,
    seen: set,
):
    # An alias is the same node met twice. Refusing it stops "billion laughs" documents,
    # which expand a few lines into gigabytes.
    if id(node) in seen:
        # point at where the alias is used: the key holding it (a list item's own mark would be
        # the anchor's, since an alias is the anchored node itself)
        holder = path[:-1] if path and isinstance(path[-1], int) else path
        raise _Refused(
            positions.get(holder, (1 + line_offset, 1)),
            "anchors and aliases (*name) are not allowed in proposal files; write the value out",
        )
    seen.add(id(node))
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if len(path) >= MAX_DEPTH:
            raise _Refused(
                (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1),
                f"values nested deeper than {MAX_DEPTH} levels are not allowed",
            )
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + line_offset
            key_col = key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    error(
                        display,
                        key_line,
                        key_col,
                        "yaml-key",
                        "a key must be a plain word, not a list or mapping",
                    )
                )
                continue
            key = _scalar(key_node, line_offset, loader)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                problems.append(
                    error(
                        display,
                        key_line,
                        key_col,
                        "duplicate-key",
                        f"'{key}' is given twice; YAML would silently keep only the last one",
                    )
                )
            positions[path + (key,)] = (key_line, key_col)
            out[key] = _node_to_data(
                value_node, path + (key,), line_offset, positions, problems, display, loader, seen
            )
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            positions[path + (i,)] = (
                item.start_mark.line + 1 + line_offset,
                item.start_mark.column + 1,
            )
            items.append(
                _node_to_data(
                    item, path + (i,), line_offset, positions, problems, display, loader, seen
                )
            )
        return items
    return _scalar(node, line_offset, loader)


def _scalar(node, line_offset: int, loader: _Loader):
    # Most scalars are plain text, whole numbers, null or true/false: skip the constructor
    # machinery for them, a large part of `check`. YAML's other integer forms (0x1F, 1_000)
    # and other tags take the long way.
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _INT and _DECIMAL.match(node.value):
        return int(node.value)
    if tag == _NULL:
        return None
    if tag == _BOOL and node.value.lower() in _BOOLS:
        return _BOOLS[node.value.lower()]
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception:
        # an explicit tag that the value does not fit ("!!bool maybe", "!!timestamp soon"):
        # PyYAML's constructors fail with whatever error their parsing of the text raised
        raise _Refused(
            (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1),
            f"{node.value!r} is not a valid value for the tag !!{node.tag.rsplit(':', 1)[-1]}; remove the tag or correct the value",
        ) from None


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_BOOLS = yaml.constructor.SafeConstructor.bool_values  # "yes", "on", "true", … (YAML 1.1)
_DECIMAL = re.compile(r"^-?(0|[1-9][0-9]*)$")


def parse_yaml(text: str, display: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document. Never raises for bad YAML: returns a diagnostic instead."""
    try:
        loader = _Loader(text)  # the reader already refuses control characters here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return Parsed(
            None,
            {(): (line, column)},
            (
                error(
                    display,
                    line,
                    column,
                    "yaml-syntax",
                    f"invalid YAML: character {exc.character:#06x} is not allowed; remove it",
                ),
            ),
        )
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None, {(): (1 + line_offset, 1)})
        positions: dict = {(): (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)}
        problems: list[Diagnostic] = []
        data = _node_to_data(node, (), line_offset, positions, problems, display, loader, set())
        return Parsed(data, positions, tuple(problems))
    except _Refused as exc:
        line, column = exc.where
        return Parsed(
            None,
            {(): (line, column)},
            (error(display, line, column, "yaml-syntax", f"invalid YAML: {exc.message}"),),
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            start = exc.context_mark
            since = (
                f" (from line {start.line + 1 + line_offset}, column {start.column + 1})"
                if start and start is not mark
                else ""
            )
            what = f"{exc.context}{since}: {exc.problem}"
        return Parsed(
            None,
            {(): (line, column)},
            (error(display, line, column, "yaml-syntax", f"invalid YAML: {what}"),),
        )
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        return Parsed(
            None,
            {(): (line, 1)},
            (
                error(
                    display,
                    line,
                    1,
                    "yaml-syntax",
                    f"invalid YAML: character {exc.character:#06x} is not allowed; remove it",
                ),
            ),
        )
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        line = 1 + line_offset
        return Parsed(
            None, {(): (line, 1)}, (error(display, line, 1, "yaml-syntax", f"invalid YAML: {exc}"),)
        )
    finally:
        loader.dispose()
