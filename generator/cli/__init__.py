"""The command line: `proposal-archive check|build|serve|diff|new|schema|import|init`, its
commands grouped by what they do: checking.py (check, diff, schema), site.py (build, serve),
authoring.py (new, init, import); console.py holds what they share.

Exit codes: 0 success, 1 problems in the archive (or the build failed), 2 usage errors,
3 an internal error (a bug).
Whatever the input, a problem is printed as `path:line:column: severity: message [rule]`,
never as a traceback.
"""

from __future__ import annotations

import argparse
import sys

from ..diagnostics import ArchiveError
from . import authoring, checking, site
from .console import EXIT_INTERNAL, EXIT_PROBLEMS, CommandParser, print_diagnostics


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="proposal-archive",
        description="Publish an archive of budget proposals as a static website.",
    )
    top.add_argument(
        "--root", default=".", help="the archive's folder, where mkdocs.yml is (default: .)"
    )
    sub = top.add_subparsers(dest="command", required=True, parser_class=CommandParser)
    checking.add_commands(sub)
    site.add_commands(sub)
    authoring.add_commands(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ArchiveError as exc:
        print_diagnostics(exc.diagnostics, "text", sys.stderr)
        if args.command == "build":  # (a build is atomic: a failure leaves the site as it was)
            print("build stopped: the previous site is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted: nothing already built was changed", file=sys.stderr)
        return 130
    except SystemExit as exc:  # also MkDocs' Abort, which carries a message instead of a code
        if isinstance(exc.code, str):
            print(f"proposal-archive: {exc.code}", file=sys.stderr)
            return EXIT_PROBLEMS
        return int(exc.code or 0)
    except Exception as exc:  # a bug, not bad input: still no traceback for the user
        print(f"proposal-archive: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "This is a bug in proposal-archive; please report it with the input that caused it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
