"""The commands that write an archive's files: `new` (a proposal from flags or questions),
`init` (a new archive repository) and `import` (documents made into proposal files)."""

from __future__ import annotations

import sys
from pathlib import Path

from .console import EXIT_OK, project_of, usage


def _taken_ids(project) -> set[str]:
    """Every id and alias in the archive: file names, and the aliases of the files that have any
    (only those are parsed)."""
    from ..reader import read_source
    from ..rules import header_of

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
    from ..configuration import load_vocabulary
    from ..new_proposal import Refused, Unanswered, answers_from, fresh_id, proposal_text

    project = project_of(args)
    vocab = load_vocabulary(project.config)
    municipalities = list(vocab.municipalities)
    given = {
        "municipality": args.municipality
        or (municipalities[0] if len(municipalities) == 1 else None),
        "kind": args.kind,
        "title": args.title,
        "year": args.year,
        "districts": ",".join(args.district) if args.district else None,
    }
    try:
        answers = answers_from(
            vocab, given, input, lambda said: print(f"proposal-archive: {said}", file=sys.stderr)
        )
    except (Refused, Unanswered) as exc:
        return usage(str(exc))
    id_ = fresh_id(answers, vocab, _taken_ids(project))
    target = project.proposals / f"{id_}.md"
    project.proposals.mkdir(exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # (a fresh id: never overwrites)
        out.write(proposal_text(answers, id_, vocab))
    print(project.display(target))
    print(
        "fill in the budget table and the text, then run `proposal-archive check`", file=sys.stderr
    )
    return EXIT_OK


def cmd_init(args) -> int:
    from ..init import NotEmpty, init

    folder = Path(args.folder).resolve()  # (where the new archive goes, not --root)
    try:
        made = init(folder)
    except NotEmpty as exc:
        return usage(str(exc))
    print(f"created the archive {folder}: {', '.join(made)}", file=sys.stderr)
    print(
        f"next: cd {args.folder} && proposal-archive check && proposal-archive build",
        file=sys.stderr,
    )
    return EXIT_OK


def _import_arguments(parser) -> None:
    from ..importer import add_arguments  # (the importer and its PDF and Word readers)

    add_arguments(parser)


def cmd_import(args) -> int:
    from ..importer import run

    return run(args, project_of(args).root)


def add_commands(sub) -> None:
    new = sub.add_parser(
        "new",
        help="write a new proposal file from flags or questions (a fresh id, an empty budget table)",
    )
    new.add_argument("--municipality", help="municipality id, e.g. koebenhavn")
    new.add_argument("--kind", help="kind id, e.g. budgetnotat")
    new.add_argument("--title", help="the title as printed, without the code")
    new.add_argument("--year", help="the budget year, e.g. 2027")
    new.add_argument("--district", action="append", help="a district (bydel); repeat for several")
    new.set_defaults(func=cmd_new)

    init = sub.add_parser(
        "init",
        help="make a new archive repository in an empty folder (mkdocs.yml, config/, an example)",
    )
    init.add_argument(
        "folder", help="the new archive's folder (created if missing; it must be empty)"
    )
    init.set_defaults(func=cmd_init)

    imp = sub.add_parser(
        "import",
        help="turn documents (text or PDF) into proposal files; see docs/import.md",
        arguments=_import_arguments,
    )
    imp.set_defaults(func=cmd_import)
