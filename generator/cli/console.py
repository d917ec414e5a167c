"""What every command shares: its exit codes, diagnostics printed in the chosen format, usage
errors, and the archive named by --root."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostic, summary
from ..project import Project

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def print_diagnostics(diagnostics: list[Diagnostic], fmt: str, stream=None) -> None:
    """text: one line each and a summary; github: Actions annotations; json: one document."""
    stream = stream or sys.stdout
    if fmt == "json":
        from ..diagnostics import to_json

        print(to_json(diagnostics), file=stream)
        return
    for d in diagnostics:
        print(d.as_github() if fmt == "github" else d.as_text(), file=stream)
    if fmt == "text":
        print(summary(diagnostics), file=stream)


def usage(message: str) -> int:
    """Say what was wrong with the command line; the usage error's exit code."""
    print(f"proposal-archive: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def project_of(args) -> Project:
    """The archive at --root; a usage error (exit 2) where there is none."""
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file():
        raise SystemExit(usage(f"{root} is not an archive: no mkdocs.yml there (use --root)"))
    return Project(root)


def add_checking_options(command) -> None:
    """The options of every command that checks the archive (`check`, `build`)."""
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file afresh, without build/cache/ (see docs/performance.md)",
    )


class CommandParser(argparse.ArgumentParser):
    """A command's parser that may add its arguments only when that command is run (arguments=):
    what `import` needs to declare them costs every other command a third of a second's import
    (docs/diff.md, the speed of `diff`)."""

    def __init__(
        self, *args, arguments: Callable[[argparse.ArgumentParser], None] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self._arguments = arguments

    def parse_known_args(self, args=None, namespace=None):
        if self._arguments is not None:
            arguments, self._arguments = self._arguments, None
            arguments(self)
        return super().parse_known_args(args, namespace)
