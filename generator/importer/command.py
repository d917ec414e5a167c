"""The command: read each file, import it, check the result as `check` would, write it (never
over an existing file without --force, atomically) or print it (--dry-run), and report.
Only this module of the importer touches the filesystem."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from ..budget_rules import table_rules
from ..configuration import load_configuration
from ..diagnostics import Severity
from ..reader import SourceFile, split_front_matter
from ..rules import file_rules
from ..schema_rules import SchemaRules
from ..vocabulary import Vocabulary
from ..write import atomic_write
from ..yaml_positions import parse_yaml
from .corrections import Correction, Stale, apply, load_corrections
from .decode import decode
from .document import Draft, import_document, import_text
from .emit import proposal_file
from .report import ImportFailed, Note, error
from .settings import Settings, load_settings

EXIT_OK, EXIT_FAILED = 0, 1


def add_arguments(parser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="documents: text extracted from a PDF or Word file, or a PDF",
    )
    parser.add_argument(
        "--out", help="folder for the proposal files (default: proposals/ of the archive)"
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite a proposal file that exists"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the proposal files instead of writing them"
    )
    parser.add_argument(
        "--municipality", help="the municipality's id, when the document does not make it clear"
    )
    parser.add_argument(
        "--corrections",
        help="a YAML file of hand corrections by source file name (see docs/import.md)",
    )


def convert(
    raw: bytes, vocab: Vocabulary, settings: Settings, municipality: str | None = None
) -> Draft:
    """One document's bytes → a draft. Raises ImportFailed."""
    return import_text(decode(raw), vocab, settings, municipality)


def check_text(text: str, name: str, vocab: Vocabulary) -> list[str]:
    """The errors `check` would report for this one file (not those across the archive)."""
    front_text, body, body_line, problems = split_front_matter(text, name)
    front = parse_yaml(front_text or "", name, line_offset=1)
    source = SourceFile(name, front, body, body_line)
    found = list(problems) + list(front.problems) + SchemaRules(vocab).check(source)
    if isinstance(front.data, dict) and not found:
        found += file_rules(source, front.data)
        found += table_rules(source, front.data, vocab) if not found else []
    return [
        d.message + f" [{d.code}]"
        for d in found
        if d.severity is Severity.ERROR and d.code != "id-filename"
    ]


def convert_all(raw: bytes, vocab: Vocabulary, settings: Settings, municipality: str | None = None):
    """Every proposal of one document's bytes: [(item or None, Draft or ImportFailed)].
    Raises ImportFailed when the document as a whole cannot be read."""
    return import_document(decode(raw), vocab, settings, municipality)


def _one(
    path: Path,
    out: Path,
    args,
    vocab: Vocabulary,
    settings: Settings,
    corrections: dict[str, Correction],
) -> list[tuple[str | None, list[Note]]]:
    """[(the proposal's target path or None, the notes)], one a proposal of the document."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [(None, [error(1, f"cannot read: {exc.strerror}")])]
    try:
        results = convert_all(raw, vocab, settings, args.municipality)
    except ImportFailed as exc:
        return [(None, [exc.note])]
    done: list[tuple[str | None, list[Note]]] = []
    for item, draft in results:
        if isinstance(draft, ImportFailed):
            done.append((None, [draft.note]))
            continue
        # the corrections of an exported meeting's item are keyed 'file#item'
        key = path.name if item is None else f"{path.name}#{item.number}"
        done.append(
            _write(with_source(draft, path.name, raw), corrections.get(key), out, args, vocab)
        )
    return done


def with_source(draft: Draft, name: str, raw: bytes) -> Draft:
    """The draft with `source`: the file it was read from, the SHA-256 of its bytes, its pages."""
    source = {"file": name, "sha256": hashlib.sha256(raw).hexdigest()}
    if draft.pages:
        first, last = draft.pages
        source["pages"] = str(first) if first == last else f"{first}-{last}"
    return Draft({**draft.front, "source": source}, draft.body, draft.notes, draft.pages)


def _write(
    draft: Draft, correction: Correction | None, out: Path, args, vocab: Vocabulary
) -> tuple[str | None, list[Note]]:
    notes = list(draft.notes)
    front, body = draft.front, draft.body
    if correction:
        try:
            front, body = apply(front, body, correction)
        except Stale as exc:
            return None, notes + [error(1, f"corrections from {args.corrections}: {exc}")]
    text = proposal_file(front, body)
    target = out / f"{front['id']}.md"
    problems = check_text(text, str(target), vocab)
    if problems:
        return None, notes + [error(1, f"the result would not pass check: {p}") for p in problems]
    if args.dry_run:
        sys.stdout.write(text)
        return str(target), notes
    if target.exists() and not args.force:
        return None, notes + [
            error(1, f"{target} exists; not overwritten (use --force to replace it)")
        ]
    atomic_write(target, text.encode("utf-8"))
    return str(target), notes


def run(args, root: Path) -> int:
    config = root / "config"
    configuration = load_configuration(config)
    vocab, settings = configuration.vocab, load_settings(configuration)
    corrections = load_corrections(Path(args.corrections)) if args.corrections else {}
    out = Path(args.out) if args.out else root / "proposals"
    failed = total = 0
    for name in args.files:
        path = Path(name)
        for target, notes in _one(path, out, args, vocab, settings, corrections):
            total += 1
            for n in notes:
                print(n.as_text(name), file=sys.stderr)
            if target is None:
                failed += 1
                print(f"{name}: not imported", file=sys.stderr)
            else:
                print(
                    f"{name}: {'would write' if args.dry_run else 'wrote'} {target}",
                    file=sys.stderr,
                )
    if failed:
        what = "file" if total == len(args.files) else "proposal"
        print(
            f"{failed} of {total} {what}{'s' if total != 1 else ''} not imported", file=sys.stderr
        )
    return EXIT_FAILED if failed else EXIT_OK
