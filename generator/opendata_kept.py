"""The open data's files (opendata.py) written with the render store: what an earlier run
wrote is kept without being made, read or compared, as pages are (generate._write_plans).

- A proposal's own files (forslag/<id>.json and its tables' CSV) are kept while the key of its
  data (opendata.data_key) and the file's stamp are as the store recorded: one stat each.
- An archive-wide file (data/proposals.json, data/budget_lines.csv) is kept whole while every
  proposal's key, in order, and the file's stamp are as recorded. Otherwise it is spliced
  (write.Spliced): a proposal whose key is the same has its piece copied from the file as it
  is, at the offsets the store recorded (keys.data_layout); only the others' data is made (or
  taken from the store's blobs), and a file whose bytes come out the same is not written.

What a file shows depends on nothing but these keys and the store's fingerprint (the
configuration, the code): the files are byte for byte those of a run without the store
(site_tests/generator/test_render_store.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from . import keys
from .keys import made_stamp
from .model import Proposal
from .opendata import (
    ARCHIVE_CSV,
    ARCHIVE_JSON,
    DATAPACKAGE,
    Made,
    data_key,
    datapackage_bytes,
    heads,
    proposal_data,
    proposal_json_path,
    table_csv_path,
)
from .write import Spliced, Writer


class _Archive:
    """One archive-wide file being written: kept whole, or spliced from its pieces."""

    def __init__(self, writer: Writer, stored, path: str, sequence: bytes | None):
        self.path, self.sequence = path, sequence
        meta = stored.meta(path)
        before = writer.stat(path)
        valid = meta is not None and before is not None and made_stamp(before) == meta[1]
        self.out: Spliced | None = None
        self.layout: dict = {}  # data_file() → (start, end, after a comma) in the file as it is
        self.laid: dict = {}  # the same for the file as this run writes it
        if valid and sequence is not None and meta[0] == sequence:
            writer.keep(path)  # (the layout recorded with it holds as well)
            return
        if valid:
            self.layout = stored.result(keys.data_layout(path)) or {}
        self.out = writer.splice(path)

    def piece(self, kd: bytes | None, comma: bool, make: Callable[[], bytes]) -> None:
        """A proposal's piece: kd its data_file() key, comma whether a comma goes before it,
        make() its bytes."""
        out = self.out
        if out is None:
            return
        where = self.layout.get(kd) if kd is not None else None
        if where is None:
            if comma:
                out.write(b",")
            start = out.pos
            out.write(make())
        else:
            old_start, old_end, had_comma = where
            if comma and had_comma:
                out.copy(old_start - 1, old_end)
            else:
                if comma:
                    out.write(b",")
                out.copy(old_start, old_end)
            start = out.pos - (old_end - old_start)
        if kd is not None:
            self.laid[kd] = (start, out.pos, comma)

    def finish(self, kept: list, layouts: dict) -> None:
        if self.out is None:
            return
        after = self.out.finish()
        if after is not None:
            kept.append((self.path, (self.sequence, made_stamp(after))))
            layouts[keys.data_layout(self.path)] = self.laid


def write_data(
    writer: Writer,
    archive,
    audience: str,
    url_of: Callable[[Proposal], str],
    stored,
    digests: dict,
    keep: Callable[[tuple, Made], None],
) -> tuple[list[tuple], dict]:
    """Write every data file of the archive (opendata.data_files) through the render store
    (stored; digests: proposal id → its file's digest). What is made anew is given to keep(key,
    made), for a blob of the store. Returns the store's new (file, (key, stamp)) entries and the
    layouts of the archive-wide files that were written ({keys.data_layout(): layout})."""
    vocab = archive.vocab
    head, header = heads(audience, vocab)
    proposals = []
    for p in archive.proposals:
        url = url_of(p)
        digest = digests.get(p.id)
        key = data_key(p, url, digest, audience, archive.find) if digest else None
        proposals.append((p, url, key, keys.data_file(key) if key is not None else None))
    sequence = keys.data_archive([kd for _, _, _, kd in proposals])
    whole = _Archive(writer, stored, ARCHIVE_JSON, sequence)
    lines = _Archive(writer, stored, ARCHIVE_CSV, sequence)
    if whole.out is not None:
        whole.out.write(head + b',"proposals":[')
    if lines.out is not None:
        lines.out.write(header)
    kept: list[tuple] = []

    def write(path: str, kd: bytes | None, data: bytes) -> None:
        after = writer.write_bytes(path, data, stat=kd is not None)
        if after is not None:
            kept.append((path, (kd, made_stamp(after))))

    for n, (p, url, key, kd) in enumerate(proposals):
        found: list[Made] = []

        def got(p=p, url=url, key=key, found=found) -> Made:
            """p's data: from the store, else made (and kept in made)."""
            if not found:
                value = stored.result(key, hold=False) if key is not None else None
                if value is None:
                    value = proposal_data(p, vocab, audience, url, archive.find)
                    if key is not None:
                        keep(key, value)
                found.append(value)
            return found[0]

        path = proposal_json_path(p)
        if kd is None or not writer.kept(path, stored.meta(path), kd):
            write(path, kd, head + b',"proposal":' + got()[0] + b"}\n")
        for k, table in enumerate(p.budget):
            path = table_csv_path(p, table)
            if kd is None or not writer.kept(path, stored.meta(path), kd):
                write(path, kd, header + got()[1][k])
        whole.piece(kd, n > 0, partial(_object, got))
        lines.piece(kd, False, partial(_lines, got))
    if whole.out is not None:
        whole.out.write(b"]}\n")
    layouts: dict = {}
    whole.finish(kept, layouts)
    lines.finish(kept, layouts)
    writer.write_bytes(DATAPACKAGE, datapackage_bytes(vocab, audience))
    return kept, layouts


def _object(got: Callable[[], Made]) -> bytes:
    return got()[0]


def _lines(got: Callable[[], Made]) -> bytes:
    return b"".join(got()[1])
