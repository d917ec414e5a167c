"""The commands that look at an archive without building it: `check` (also `--since`, the
addresses a revision had), `diff` (what a change does, docs/diff.md) and `schema`."""

from __future__ import annotations

import sys

from ..diagnostics import ArchiveError, has_errors, shown, sort_key
from .console import (
    EXIT_OK,
    EXIT_PROBLEMS,
    add_checking_options,
    print_diagnostics,
    project_of,
    usage,
)


def cmd_check(args) -> int:
    from ..check import load, strictened
    from ..parallel import default_workers

    project = project_of(args)
    try:
        loaded = load(project, default_workers(), stored=not args.no_cache)
    except ArchiveError as exc:  # (a broken configuration: reported as proposals are)
        print_diagnostics(exc.diagnostics, args.format)
        return EXIT_PROBLEMS
    diagnostics = strictened(loaded.diagnostics, args.strict)
    if args.since is not None:
        from ..review import lost_since
        from ..revisions import RevisionError

        ids = {p.id for p in loaded.proposals}
        aliases = {a for p in loaded.proposals for a in p.aliases}
        try:
            diagnostics = sorted(
                diagnostics + lost_since(project.root, args.since, ids, aliases), key=sort_key
            )
        except RevisionError as exc:
            return usage(str(exc))
    print_diagnostics(shown(diagnostics, args.verbose), args.format)
    return EXIT_PROBLEMS if has_errors(diagnostics) else EXIT_OK


def cmd_diff(args) -> int:
    from ..change_json import to_json
    from ..change_markdown import to_markdown
    from ..change_text import to_text
    from ..review import diff
    from ..revisions import RevisionError

    project = project_of(args)
    try:
        comparison = diff(project.root, args.base, args.head)
    except RevisionError as exc:
        return usage(str(exc))
    report = {"markdown": to_markdown, "text": to_text, "json": to_json}[args.format]
    print(report(comparison, args.site_url), end="")
    return EXIT_PROBLEMS if comparison.breaks else EXIT_OK


def cmd_schema(args) -> int:
    from ..configuration import load_vocabulary
    from ..schema import schema_json

    project = project_of(args)
    text = schema_json(load_vocabulary(project.config))
    target = project.root / args.output
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(
                f"{args.output}:1:1: error: out of date with config/; run 'proposal-archive schema' [schema-stale]"
            )
            return EXIT_PROBLEMS
        return EXIT_OK
    from ..write import atomic_write

    atomic_write(target, text.encode("utf-8"))
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def add_commands(sub) -> None:
    check = sub.add_parser("check", help="validate every proposal and the archive as a whole")
    add_checking_options(check)
    check.add_argument(
        "--format",
        choices=["text", "github", "json"],
        default="text",
        help="output format (github: Actions annotations)",
    )
    check.add_argument(
        "--verbose",
        action="store_true",
        help="also show information: totals that differ from their lines by rounding alone [total-rounding]",
    )
    check.add_argument(
        "--since",
        metavar="REV",
        default=None,
        help="also fail when an id that existed in git revision REV is gone without an alias",
    )
    check.set_defaults(func=cmd_check)

    diff = sub.add_parser(
        "diff",
        help="what a change does to the archive: proposals, amounts, audience, findings; see docs/diff.md",
    )
    diff.add_argument(
        "base",
        nargs="?",
        default=None,
        help="the revision to compare from (default: HEAD); 'A...B' compares B with its merge base with A",
    )
    diff.add_argument(
        "head",
        nargs="?",
        default=None,
        help="the revision to compare to (default: the working tree)",
    )
    diff.add_argument(
        "--format",
        choices=["markdown", "text", "json"],
        default="text",
        help="markdown: a pull-request comment or job summary; json: see docs/diff.md",
    )
    diff.add_argument(
        "--site-url",
        default=None,
        help="the (preview) site's address: each proposal links to its page there",
    )
    diff.set_defaults(func=cmd_diff)

    schema = sub.add_parser("schema", help="write the JSON Schema of the front matter")
    schema.add_argument("--output", default="schema/proposal.schema.json")
    schema.add_argument(
        "--check", action="store_true", help="only check that the committed schema is up to date"
    )
    schema.set_defaults(func=cmd_schema)
