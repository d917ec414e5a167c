"""The commands that make the site: `build` (check, generate, and the engine's build, swapped in
atomically) and `serve` (the live preview). The only part of the generator that calls the
engine (generator/engine/)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from ..diagnostics import shown
from .console import EXIT_OK, EXIT_PROBLEMS, add_checking_options, print_diagnostics, project_of


def cmd_build(args) -> int:
    from .. import engine
    from ..parallel import default_workers
    from ..pipeline import Preparing

    project = project_of(args)
    options = dict(
        audience=args.audience,
        strict=args.strict,
        offline=args.offline,
        workers=default_workers(),
        stored=not args.no_cache,
    )
    # the intranet site goes to its own folder by default, so it is never deployed publicly by mistake
    site_name = args.site_dir or ("site" if args.audience == "public" else "site-intranet")
    site_dir = Path(site_name) if Path(site_name).is_absolute() else project.root / site_name
    with Preparing(project, **options) as preparing:
        # The engine prepares what needs no page while the generator works; MkDocs starts on
        # the pages as soon as they are written, while the generator finishes the search index
        try:
            built = engine.build(
                project,
                site_dir,
                offline=args.offline,
                workers=default_workers(),
                ready=preparing.result,
                stored=not args.no_cache,
                written=preparing.pages_written,
            )
        except BaseException:
            with contextlib.suppress(Exception):  # the generator's warnings, if it got that far
                print_diagnostics(preparing.result()[0], "text", sys.stderr)
            raise
        if not built:
            diagnostics, report = (
                preparing.result()
            )  # (a failure of the generator itself raises here)
            print_diagnostics(shown(diagnostics, False), "text", sys.stderr)
            print("build stopped: the previous site is unchanged", file=sys.stderr)
            return EXIT_PROBLEMS
        diagnostics, report = preparing.result()
    assert report is not None, "the pages were written: prepare() reports what it wrote"
    if diagnostics:
        print_diagnostics(diagnostics, "text", sys.stderr)
    print(
        f"built {project.display(site_dir)}/ ({len(report.written)} pages regenerated, {report.unchanged} unchanged)",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_serve(args) -> int:
    from .. import engine
    from ..pipeline import prepare

    project = project_of(args)
    diagnostics, report = prepare(project, stored=True)
    if diagnostics:
        print_diagnostics(diagnostics, "text", sys.stderr)
    if report is None:
        return EXIT_PROBLEMS
    engine.serve(project, args.dev_addr)
    return EXIT_OK


def add_commands(sub) -> None:
    build = sub.add_parser(
        "build", help="check, generate the pages and build the site (atomically)"
    )
    add_checking_options(build)
    build.add_argument(
        "--audience",
        choices=["public", "intranet"],
        default="public",
        help="who the site is for (default: public)",
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="a site that works opened from a file share (file://), search included",
    )
    build.add_argument(
        "--site-dir",
        default=None,
        help="where to put the site (default: site, or site-intranet for --audience intranet)",
    )
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser(
        "serve", help="live preview that regenerates when a proposal or template changes"
    )
    serve.add_argument(
        "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)"
    )
    serve.set_defaults(func=cmd_serve)
