"""The body of a proposal: its Markdown, and the blocks in it that are internal.

An internal block sits between two marker lines (the only raw HTML a body may contain):

    <!-- intern -->
    Text for staff only.
    <!-- /intern -->

The public site leaves the block out entirely; the intranet site shows it, marked as internal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = "<!-- intern -->"
CLOSE = "<!-- /intern -->"
_MARKER = re.compile(r"^\s*<!--\s*(/?)intern\s*-->\s*$")

INTRANET_OPEN = (
    '<div class="pa-internal" markdown="1">\n\n'
    '<p class="pa-internal__label">Intern: vises ikke på den offentlige side</p>\n'
)
INTRANET_CLOSE = "</div>"


def is_marker(text: str) -> bool:
    return bool(_MARKER.match(text.strip()))


@dataclass(frozen=True)
class MarkerProblem:
    line: int  # 0-based line in the body
    message: str


def marker_problems(body: str) -> list[MarkerProblem]:
    """Markers must pair up, in order, without nesting."""
    problems, open_line = [], None
    for n, line in enumerate(body.split("\n")):
        match = _MARKER.match(line)
        if not match:
            continue
        closing = bool(match.group(1))
        if not closing and open_line is not None:
            problems.append(
                MarkerProblem(
                    n,
                    f"'{OPEN}' inside another internal block (opened on the body's line {open_line + 1}); close it first with '{CLOSE}'",
                )
            )
        elif closing and open_line is None:
            problems.append(MarkerProblem(n, f"'{CLOSE}' without an opening '{OPEN}'"))
        open_line = None if closing else n
    if open_line is not None:
        problems.append(
            MarkerProblem(open_line, f"internal block is never closed; add a line '{CLOSE}'")
        )
    return problems


def for_audience(body: str, audience: str) -> str:
    """The body as the audience sees it: internal blocks removed (public) or marked (intranet)."""
    if OPEN.split()[1] not in body:  # fast path: no markers at all
        return body
    out, inside = [], False
    for line in body.split("\n"):
        match = _MARKER.match(line)
        if match:
            inside = not match.group(1)
            if audience == "intranet":
                out.append(INTRANET_OPEN if inside else INTRANET_CLOSE)
            continue
        if inside and audience != "intranet":
            continue
        out.append(line)
    return "\n".join(out)
