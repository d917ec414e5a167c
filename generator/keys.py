"""The keys of the incremental store (store.py): what each result a run keeps depends on, made
here and nowhere else.

`check`, `build` and `serve` keep what they made in build/cache/, one store per kind of result:

- build/cache/checked: what checking each proposal file found, by the file's name in the
  archive (`proposals/x.md`); its meta is the file's stamp and the digest of its bytes. A file
  is the same when its stamp is, or failing that (a fresh clone, `touch`) its digest, and the
  original document its `source:` names in sources/ has the stamp it had (else it is checked
  again: rule `source-file` compares the original's SHA-256 with the proposal's).
- build/cache/rendered-<audience>[-offline]: for each generated file (`forslag/x.md`,
  `d/7.json`), the key of what it shows and the stamp it was written with, so that a file whose
  key and stamp are unchanged is kept; the stem weights of each proposal's search document
  (search_document()), the postings of each chunk of the search index (postings()), and the
  similar proposals found for each page (similar()); each proposal's data files by data_file(),
  and the archive's data files by data_archive() and data_layout(); the proposals' entries
  in the terms' data files by term_entries(); each feed by feed(); the search index's shards by shards().
- build/cache/built-<site folder>: for each HTML page the engine built outside the navigation,
  what it was built from (built_page(), links_found()) and the stamp of its file in the site
  (engine/reuse.py), so that the next build links the file into the new site instead of
  rendering it again; its fingerprint is site_fingerprint().

Every key is built from the digests of the proposal files it depends on (digests: proposal id
→ the digest of its file) and what the configuration makes of them; whatever else every result
depends on (the configuration's files, the templates, the generator's code, the libraries'
versions) is a store's fingerprint(): another fingerprint and the whole store is void.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

FORMAT = 7  # raise when a store's layout or any key changes
# The libraries whose behaviour a check or a page depends on: their versions are in the fingerprint.
LIBRARIES = (
    "PyYAML",
    "fastjsonschema",
    "markdown-it-py",
    "babel",
    "Jinja2",
    "MarkupSafe",
    "PyStemmer",
)

Stamp = tuple  # (mtime_ns, ctime_ns, size, inode) of a file


def stamp_of(stat: os.stat_result) -> Stamp:
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino


def made_stamp(stat: os.stat_result) -> Stamp:
    """A file the generator made, as the render store knows it: not its status change time,
    which the engine changes by linking the file into the site it builds (and again when the
    previous site is removed), so that every linked file (search index, data files, feeds)
    would be made again at the next build (docs/performance.md). The generator never changes
    a file in place: a file it makes again has a new inode or modification time."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def fingerprint(*folders: Path, settings: str = "", libraries=LIBRARIES) -> bytes:
    """What every result in a store depends on besides its own inputs: the generator's code
    (every file of this package), the files of the given folders (configuration, templates),
    the libraries' versions, Python's version, the stores' format and any other settings."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT}\n{sys.version}\n{settings}\n".encode())
    for name in libraries:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    package = Path(__file__).resolve().parent
    labelled = [("generator", package), *((f"folder {n}", f) for n, f in enumerate(folders))]
    for label, folder in labelled:
        if not folder.is_dir():
            h.update(f"{label} missing\n".encode())
            continue
        files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            name = path.relative_to(folder).as_posix()
            h.update(f"{label} {name} {path.stat().st_size}\n".encode())
            h.update(path.read_bytes())
    return h.digest()


def checked_file(
    display: str, stamp: Stamp, digest: bytes, original: tuple | None
) -> tuple[str, tuple]:
    """The check store's (key, meta) of a file: its name in the archive; its stamp and digest,
    and the state of the original document in sources/ its check read (originals.kept_state)."""
    return display, (stamp, digest, original)


def proposal_page(
    digests: dict,
    p,
    audience: str,
    offline: bool,
    related,
    backlinks,
    similar,
    codes,
    terms,
    history=(),
    source: bool = False,
) -> bytes | None:
    """Everything p's page shows: the digests of the files of p and of every proposal it lists
    (related: (proposal, relation); backlinks; similar), which proposal each code its body
    mentions links to (codes: (code, id or None)), its terms as they are spelt, its file's
    history as the page shows it (history.history_of), and whether the site serves its original
    document (source). None where a file's digest is not known (a symbolic link: always
    rendered)."""
    try:
        inputs = (
            digests[p.id],
            audience,
            offline,
            # (the relations themselves are in the files: p's own list, a backlink's source)
            tuple((o.id, digests[o.id]) for o, _ in related),
            tuple((b.source.id, digests[b.source.id]) for b in backlinks),
            tuple((o.id, digests[o.id]) for o in similar),
            tuple(codes),
            tuple((t.facet, t.slug, t.label, t.description) for t in terms),
            history,
            source,
        )
    except KeyError:
        return None
    return digest_of(repr(inputs).encode())


def term_page(
    digests: dict, term, pager, audience: str, offline: bool, listed, summed
) -> bytes | None:
    """Everything a page of a term's list shows: the term as it is spelt, where the page is
    among the term's pages, and the digests of the proposals it lists and of those it sums."""
    shown = (term.facet, term.slug, term.label, term.description, pager, audience, offline)
    try:
        # (joined, not repr()'d: a large term's first page sums thousands; a digest's length
        # is fixed, and the counts are in shown)
        listed_digests = b"".join([digests[p.id] for p in listed])
        summed_digests = b"".join([digests[p.id] for p in summed])
    except KeyError:
        return None
    counted = repr((shown, len(listed), len(summed))).encode()
    return digest_of(b"\0".join([counted, listed_digests, summed_digests]))


def search_document(digests: dict, p, audience: str, offline: bool) -> tuple | None:
    """A proposal's search document file and its stem weights: its file's digest."""
    return ("search", digests[p.id], audience, offline) if p.id in digests else None


def postings(digests: dict, start: int, chunk, audience: str) -> tuple | None:
    """The postings of the proposals of a chunk of the search index, numbered from start: their
    numbers and the digests of their files (None where one is not known)."""
    if not all(p.id in digests for p in chunk):
        return None
    return ("postings", start, audience, digest_of(repr([digests[p.id] for p in chunk]).encode()))


def data_file(key: tuple) -> bytes:
    """A proposal's own data files (forslag/<id>.json, its tables' CSV): the digest of its
    data's key (opendata.data_key); beside it, in the meta, the stamp of the file as written."""
    return digest_of(repr(key).encode())


def data_archive(files: list) -> bytes | None:
    """An archive-wide data file (data/proposals.json, data/budget_lines.csv): every
    proposal's data_file() in order (None where one is not known)."""
    if any(f is None for f in files):
        return None
    return digest_of(b"".join(files))


def data_layout(path: str) -> tuple:
    """Where each proposal's piece is in an archive-wide data file as last written: by its
    data_file(), its offsets (opendata_kept.py)."""
    return ("data-layout", path)


def term_entries(bucket: int) -> tuple:
    """The entries of the terms' data files (termdata.py) of the proposals of one bucket
    (termdata.entry_bucket), each with the digest of its proposal's file and its page's
    address it was made with."""
    return ("term-entries", bucket)


def feed(path: str, title: str, page_url: str, entries: list) -> bytes:
    """A feed (feeds.py): its file, its title, its page's address, and for each proposal it
    lists, its id, the digest of its file and when it was last changed (its history)."""
    return digest_of(repr((path, title, page_url, entries)).encode())


SHARDS = ("shards",)  # the search index's shards: their shards() and each file's stamp
SHARDS_EXACT = ("shards-exact",)  # every EXACT key of the shards, by its folded key (a blob)


def shards(chunks: list, count: int) -> bytes | None:
    """The search index's shards and meta.json: the postings() key of every chunk, in order,
    and how many documents there are (None where a chunk's is not known)."""
    if any(chunk is None for chunk in chunks):
        return None
    return digest_of(repr((chunks, count)).encode())


def similar(p) -> tuple:
    """The similar proposals found for p's page; its meta, similar_asked() and the ids found."""
    return ("similar", p.id)


def similar_asked(similar_digest: bytes, listed) -> tuple:
    """What the similar proposals of a page depend on: the similar index (a digest of every
    proposal's subject) and the proposals the page lists already (left out)."""
    return similar_digest, tuple(sorted(listed))


def site_fingerprint(folders, settings: str) -> bytes:
    """What every page of a built site depends on besides its own Markdown and the navigation:
    the generator's code (the engine's plugin, the page shell, hyphenation), the folders given
    (the configuration, the templates, the theme's folders outside the installed packages:
    the tool's theme and an archive's custom_dir), the engine's settings (mkdocs.yml as read,
    the build's overrides) and the version of every installed distribution (MkDocs, Material,
    Python-Markdown and its extensions, Jinja2, any plugin: too many to name one by one)."""
    installed = sorted(f"{d.metadata['Name']} {d.version}" for d in metadata.distributions())
    return fingerprint(*folders, settings="\n".join([settings, *installed]), libraries=())


def built_page(markdown: bytes, src_uri: str, navigation: bytes) -> bytes:
    """An HTML page outside the navigation: the digest of its Markdown file (digest_of: its
    front matter too), where it is in the site, and the navigation every page shows
    (navigation())."""
    return digest_of(repr((markdown, src_uri, navigation)).encode())


def navigation(items, homepage_url: str | None) -> bytes:
    """The navigation as every page shows it: each entry's kind, title and address, nested."""

    def walk(entries) -> tuple:
        return tuple(
            (type(e).__name__, e.title, getattr(e, "url", None), walk(e.children or ()))
            for e in entries
        )

    return digest_of(repr((walk(items), homepage_url)).encode())


def links_found(found) -> bytes:
    """What a page's links were resolved to, as it was built: for each file it looked up (in
    the order it did), that file's address and whether it was left out of the site, or None."""
    return digest_of(repr(list(found)).encode())
