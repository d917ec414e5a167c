"""The command line: `proposal-archive check|build|serve|diff|new|schema|import|init`.

Exit codes: 0 success, 1 problems in the archive (or the build failed), 2 usage errors,
3 an internal error (a bug).
Whatever the input, a problem is printed as `path:line:column: severity: message [rule]`,
never as a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from .diagnostics import ArchiveError, Diagnostic, has_errors, shown, sort_key, summary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _print(diagnostics: list[Diagnostic], fmt: str, stream=sys.stdout) -> None:
    if fmt == "json":
        from .diagnostics import to_json

        print(to_json(diagnostics), file=stream)
        return
    for d in diagnostics:
        print(d.as_github() if fmt == "github" else d.as_text(), file=stream)
    if fmt == "text":
        print(summary(diagnostics), file=stream)


def _project(args):
    from .project import Project

    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file():
        raise SystemExit(_usage(f"{root} is not an archive: no mkdocs.yml there (use --root)"))
    return Project(root)


def _usage(message: str) -> int:
    print(f"proposal-archive: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_check(args) -> int:
    from .check import load, strictened
    from .parallel import default_workers

    project = _project(args)
    try:
        loaded = load(project, default_workers(), stored=not args.no_cache)
    except ArchiveError as exc:  # (a broken configuration: reported as proposals are)
        _print(exc.diagnostics, args.format)
        return EXIT_PROBLEMS
    diagnostics = strictened(loaded.diagnostics, args.strict)
    if args.since is not None:
        from .review import lost_since
        from .revisions import RevisionError

        ids = {p.id for p in loaded.proposals}
        aliases = {a for p in loaded.proposals for a in p.aliases}
        try:
            diagnostics = sorted(diagnostics + lost_since(project.root, args.since, ids, aliases), key=sort_key)
        except RevisionError as exc:
            return _usage(str(exc))
    _print(shown(diagnostics, args.verbose), args.format)
    return EXIT_PROBLEMS if has_errors(diagnostics) else EXIT_OK


def cmd_build(args) -> int:
    from . import engine
    from .parallel import default_workers
    from .pipeline import Preparing

    project = _project(args)
    options = dict(audience=args.audience, strict=args.strict, offline=args.offline, workers=default_workers(), stored=not args.no_cache)
    # the intranet site goes to its own folder by default, so it is never deployed publicly by mistake
    site_name = args.site_dir or ("site" if args.audience == "public" else "site-intranet")
    site_dir = Path(site_name) if Path(site_name).is_absolute() else project.root / site_name
    with Preparing(project, **options) as preparing:
        if not preparing.pages_written():
            diagnostics, report = preparing.result()  # (a failure of the generator itself raises here)
            _print(shown(diagnostics, False), "text", sys.stderr)
            print("build stopped: the previous site is unchanged", file=sys.stderr)
            return EXIT_PROBLEMS
        # MkDocs starts on the pages while the generator finishes the search index
        try:
            engine.build(project, site_dir, offline=args.offline, workers=default_workers(), ready=preparing.result, stored=not args.no_cache)
        except BaseException:
            with contextlib.suppress(Exception):  # the generator's warnings, if it got that far
                _print(preparing.result()[0], "text", sys.stderr)
            raise
        diagnostics, report = preparing.result()
    assert report is not None, "the pages were written: prepare() reports what it wrote"
    if diagnostics:
        _print(diagnostics, "text", sys.stderr)
    print(f"built {project.display(site_dir)}/ ({len(report.written)} pages regenerated, {report.unchanged} unchanged)", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
    from . import engine
    from .pipeline import prepare

    project = _project(args)
    diagnostics, report = prepare(project, stored=True)
    if diagnostics:
        _print(diagnostics, "text", sys.stderr)
    if report is None:
        return EXIT_PROBLEMS
    engine.serve(project, args.dev_addr)
    return EXIT_OK


def cmd_schema(args) -> int:
    from .configuration import load_vocabulary
    from .schema import schema_json

    project = _project(args)
    text = schema_json(load_vocabulary(project.config))
    target = project.root / args.output
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"{args.output}:1:1: error: out of date with config/; run 'proposal-archive schema' [schema-stale]")
            return EXIT_PROBLEMS
        return EXIT_OK
    from .write import atomic_write

    atomic_write(target, text.encode("utf-8"))
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args) -> int:
    from .change_report import FORMATS
    from .review import diff
    from .revisions import RevisionError

    project = _project(args)
    try:
        comparison = diff(project.root, args.base, args.head)
    except RevisionError as exc:
        return _usage(str(exc))
    print(FORMATS[args.format](comparison, args.site_url), end="")
    return EXIT_PROBLEMS if comparison.breaks else EXIT_OK


def _taken_ids(project) -> set[str]:
    """Every id and alias in the archive: file names, and the aliases of the files that have any
    (only those are parsed)."""
    from .reader import read_source
    from .rules import header_of

    taken = set()
    for path in sorted(project.proposals.glob("*.md")):
        taken.add(path.stem)
        raw = path.read_bytes()
        if b"aliases:" in raw:
            source, _ = read_source(path, project.display(path), raw)
            header = header_of(source) if source else None
            taken.update(a for a, _ in (header.aliases if header else ()))
    return taken


def cmd_new(args) -> int:
    from .configuration import load_vocabulary
    from .new_proposal import Refused, ask, checked, fresh_id, proposal_text

    project = _project(args)
    vocab = load_vocabulary(project.config)
    municipalities = list(vocab.municipalities)
    given = {
        "municipality": args.municipality or (municipalities[0] if len(municipalities) == 1 else None),
        "kind": args.kind,
        "title": args.title,
        "year": args.year,
        "districts": ",".join(args.district) if args.district else None,
    }
    questions = {
        "municipality": ("Kommune", municipalities),
        "kind": ("Dokumenttype", vocab.kinds.ids()),
        "title": ("Titel", []),
        "year": ("Budgetår", []),
        "districts": ("Bydele, adskilt af komma", []),
    }
    for name, value in given.items():
        if value is None:
            label, choices = questions[name]
            if name == "districts" and given["municipality"] in vocab.municipalities:
                choices = vocab.municipalities[given["municipality"]].districts.canonical()
            try:
                given[name] = ask(label, choices, lambda prompt: input(prompt))
            except EOFError:
                return _usage(f"no {label.split(',')[0].lower()} given: pass --{name.removesuffix('s')} or answer the question")
    try:
        answers = checked(vocab, given["municipality"], given["kind"], given["title"], given["year"], given["districts"].split(","))
    except Refused as exc:
        return _usage(str(exc))
    id_ = fresh_id(answers, vocab, _taken_ids(project))
    target = project.proposals / f"{id_}.md"
    project.proposals.mkdir(exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # (a fresh id: never overwrites)
        out.write(proposal_text(answers, id_, vocab))
    print(project.display(target))
    print("fill in the budget table and the text, then run `proposal-archive check`", file=sys.stderr)
    return EXIT_OK


def cmd_init(args) -> int:
    from .init import NotEmpty, init

    folder = Path(args.folder).resolve()  # (where the new archive goes, not --root)
    try:
        made = init(folder)
    except NotEmpty as exc:
        return _usage(str(exc))
    print(f"created the archive {folder}: {', '.join(made)}", file=sys.stderr)
    print(f"next: cd {args.folder} && proposal-archive check && proposal-archive build", file=sys.stderr)
    return EXIT_OK


def cmd_import(args) -> int:
    from .importer import run

    return run(args, _project(args).root)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="proposal-archive", description="Publish an archive of budget proposals as a static website.")
    top.add_argument("--root", default=".", help="the archive's folder, where mkdocs.yml is (default: .)")
    sub = top.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate every proposal and the archive as a whole")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=["text", "github", "json"], default="text", help="output format (github: Actions annotations)")
    check.add_argument("--verbose", action="store_true", help="also show information: totals that differ from their lines by rounding alone [total-rounding]")
    check.add_argument("--since", metavar="REV", default=None, help="also fail when an id that existed in git revision REV is gone without an alias")
    check.add_argument("--no-cache", action="store_true", help="check every file afresh, without build/cache/ (see docs/performance.md)")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="check, generate the pages and build the site (atomically)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--audience", choices=["public", "intranet"], default="public", help="who the site is for (default: public)")
    build.add_argument("--offline", action="store_true", help="a site that works opened from a file share (file://), search included")
    build.add_argument("--site-dir", default=None, help="where to put the site (default: site, or site-intranet for --audience intranet)")
    build.add_argument("--no-cache", action="store_true", help="check every file afresh, without build/cache/ (see docs/performance.md)")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="live preview that regenerates when a proposal or template changes")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(func=cmd_serve)

    diff = sub.add_parser("diff", help="what a change does to the archive: proposals, amounts, audience, findings; see docs/diff.md")
    diff.add_argument("base", nargs="?", default=None, help="the revision to compare from (default: HEAD); 'A...B' compares B with its merge base with A")
    diff.add_argument("head", nargs="?", default=None, help="the revision to compare to (default: the working tree)")
    diff.add_argument("--format", choices=["markdown", "text", "json"], default="text", help="markdown: a pull-request comment or job summary; json: see docs/diff.md")
    diff.add_argument("--site-url", default=None, help="the (preview) site's address: each proposal links to its page there")
    diff.set_defaults(func=cmd_diff)

    schema = sub.add_parser("schema", help="write the JSON Schema of the front matter")
    schema.add_argument("--output", default="schema/proposal.schema.json")
    schema.add_argument("--check", action="store_true", help="only check that the committed schema is up to date")
    schema.set_defaults(func=cmd_schema)

    new = sub.add_parser("new", help="write a new proposal file from flags or questions (a fresh id, an empty budget table)")
    new.add_argument("--municipality", help="municipality id, e.g. koebenhavn")
    new.add_argument("--kind", help="kind id, e.g. budgetnotat")
    new.add_argument("--title", help="the title as printed, without the code")
    new.add_argument("--year", help="the budget year, e.g. 2027")
    new.add_argument("--district", action="append", help="a district (bydel); repeat for several")
    new.set_defaults(func=cmd_new)

    from .importer import add_arguments

    init = sub.add_parser("init", help="make a new archive repository in an empty folder (mkdocs.yml, config/, an example)")
    init.add_argument("folder", help="the new archive's folder (created if missing; it must be empty)")
    init.set_defaults(func=cmd_init)

    imp = sub.add_parser("import", help="turn documents (text or PDF) into proposal files; see docs/import.md")
    add_arguments(imp)
    imp.set_defaults(func=cmd_import)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ArchiveError as exc:
        _print(exc.diagnostics, "text", sys.stderr)
        if args.func is cmd_build:  # (a build is atomic: a failure leaves the site as it was)
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
        print("This is a bug in proposal-archive; please report it with the input that caused it.", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
