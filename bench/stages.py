"""One stage of the benchmark, run in a fresh Python process by bench/run.py; prints JSON.

python -m bench.stages prepare ROOT [--stored] check + generate (the pipeline's prepare()), split; with the stores
python -m bench.stages mkdocs ROOT SITE        MkDocs build (its post-build hook links the generated search index in)
python -m bench.stages search_index ROOT       the search index alone, built on one process (part of generate)
python -m bench.stages similar ROOT            similar proposals alone, on one process (part of generate)
python -m bench.stages floor ROOT              Python-Markdown with the site's extensions over the bodies
python -m bench.stages parts ROOT OUT          CPU per proposal of each part of check + generate, on one process
python -m bench.stages profile STAGE ROOT [SITE]   cProfile of prepare (on one process) or mkdocs: the top functions
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import re
import sys
import time
from pathlib import Path

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _entry(*names: str):
    """The measured generator's function or class of one of these names, wherever its layout
    keeps it: in the stages' modules (since issue 16), or all in pipeline.py (before)."""
    import importlib

    modules = ("project", "check", "parallel", "pipeline", "engine")
    for module in (f"generator.{name}" for name in modules):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        for name in names:
            if hasattr(found, name):
                return getattr(found, name)
    raise AttributeError(f"the measured generator has none of {names}")


def prepare(root: Path, serial: bool = False, stored: bool = False) -> dict:
    """The pipeline's prepare() as `proposal-archive build` calls it (with its worker processes,
    where it has them; serial: on one process, for the profiler; stored: with the stores of
    build/cache/, where the measured commit has them), timing load() inside it."""
    import inspect

    import generator.pipeline as pipeline

    marks = {}
    original = pipeline.load

    def timed_load(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            marks["load"] = time.perf_counter() - t

    pipeline.load = timed_load
    options = {}
    if "workers" in inspect.signature(pipeline.prepare).parameters:
        options["workers"] = 1 if serial else _entry("default_workers")()
    if stored and "stored" in inspect.signature(pipeline.prepare).parameters:
        options["stored"] = True
    t0 = time.perf_counter()
    diagnostics, report = pipeline.prepare(_entry("Project")(root), **options)
    seconds = time.perf_counter() - t0
    if report is None:
        raise SystemExit("the archive has errors")
    return {
        "load": marks["load"],
        "generate": seconds - marks["load"],
        "written": len(report.written),
        "unchanged": report.unchanged,
        "workers": options.get("workers", 1),
        "stored": options.get("stored", False),
    }


def mkdocs(root: Path, site: Path, serial: bool = False) -> dict:
    """The MkDocs build as `proposal-archive build` runs it (on its worker processes, where the
    measured commit has them; serial: on one process, for the profiler, through the same build
    steps where the measured commit has them)."""
    import inspect

    build = _entry("build_into", "mkdocs_build")
    options = {}
    if "workers" in inspect.signature(build).parameters:
        options["workers"] = 1 if serial else _entry("default_workers")()
    if serial and "replacing" in inspect.signature(build).parameters:
        # the pages built as `proposal-archive build` builds them, on one process (reused
        # Markdown, the page shell…; nothing kept): for one process, build_into runs MkDocs' own
        options.update(replacing=site, stored=False)
    t0 = time.perf_counter()
    build(_entry("Project")(root), site, **options)
    return {"seconds": time.perf_counter() - t0}


def search_index(root: Path) -> dict:
    """The search index of the whole archive on one process (generate builds it in parts on its
    workers, beside the pages): documents, postings, shards, as text; nothing written."""
    from generator.render import Renderer
    from generator.search_index import index_files

    project = _entry("Project")(root)
    archive = _entry("for_audience")(_entry("load")(project, _entry("default_workers")()), "public")
    renderer = Renderer(project.templates, archive)
    t0, c0 = time.perf_counter(), time.process_time()
    # (the search documents: Renderer.index since issue 16)
    documents = (
        renderer.index.documents() if hasattr(renderer, "index") else renderer.search_documents()
    )
    files = index_files(documents)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": seconds,
        "cpu": cpu,
        "files": len(files),
        "bytes": sum(len(text.encode()) for _, text in files),
    }


def similar(root: Path) -> dict:
    """Similar proposals for the whole archive on one process (generate computes the index once
    and asks it on its workers, page by page): the index, then every proposal's list."""
    from generator.similar import SimilarIndex

    archive = _entry("for_audience")(
        _entry("load")(_entry("Project")(root), _entry("default_workers")()), "public"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    index = SimilarIndex.build(archive.proposals)
    found = [index.of(p) for p in archive.proposals]
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": seconds,
        "cpu": cpu,
        "listed": sum(map(len, found)),
        "without": sum(1 for f in found if not f),
    }


def parts(root: Path, out: Path) -> dict:
    """Where check + generate spends its CPU: each part over the whole archive on one process,
    one after the other, as CPU seconds. Beside them, what the libraries alone take for the least
    any build of these pages must do: PyYAML's C parser composing each front matter (nodes
    with their positions, which every diagnostic needs) and the system creating and writing the
    page and search files (os.open/write/close, into OUT, which must not exist)."""
    import gc
    import os
    import pickle

    import yaml

    from generator.facets import FACETS
    from generator.reader import decode, split_front_matter

    try:
        from generator.yaml_positions import parse_yaml
    except ImportError:  # (before issue 16's split of reader.py)
        from generator.reader import parse_yaml
    from generator.render import Renderer

    try:
        from generator.schema_rules import SchemaRules
    except ImportError:  # (before issue 16)
        from generator.rules import SchemaRules
    from generator.search_index import document_file, document_weights, postings_of

    try:
        from generator.configuration import load_vocabulary
    except ImportError:  # (before issue 16)
        from generator.vocabulary import load_vocabulary
    from generator.write import Writer

    project = _entry("Project")(root)
    paths = sorted(project.proposals.glob("*.md"))
    cpu: dict[str, float] = {}

    def timed(key: str, function, items, keep: bool = True) -> list:
        # What earlier parts made is frozen for the garbage collector (as the pipeline freezes
        # the checked model), so that a part does not pay for collections that visit it; a part
        # whose results are not needed later drops them one by one.
        gc.collect()
        gc.freeze()
        c0 = time.process_time()
        if keep:
            results = [function(item) for item in items]
        else:
            results = []
            for item in items:
                function(item)
        cpu[key] = time.process_time() - c0
        return results

    raw = timed("read", Path.read_bytes, paths)
    fronts = timed(
        "decode and split", lambda data: split_front_matter(decode(data, "x")[0], "x")[0], raw
    )
    timed(
        "yaml_library", lambda text: yaml.compose(text, Loader=yaml.CSafeLoader), fronts, keep=False
    )
    timed("yaml", lambda text: parse_yaml(text, "x", 1), fronts, keep=False)
    vocab = load_vocabulary(project.config)
    checker = _entry("Checker", "_Checker")(project, vocab, SchemaRules(vocab))
    checked = timed("check", checker.check_file, paths)
    proposals = tuple(p for _, _, p in checked if p is not None)
    timed(
        "pickle",
        lambda p: pickle.loads(pickle.dumps(p, pickle.HIGHEST_PROTOCOL)),
        proposals,
        keep=False,
    )
    gc.collect()
    gc.freeze()
    c0 = time.process_time()
    archive = _entry("for_audience")(_entry("Loaded")(vocab, proposals, ()), "public")
    cpu["gather"] = time.process_time() - c0
    renderer = Renderer(project.templates, archive)
    pages = timed("page", renderer.proposal, archive.proposals)
    index = getattr(
        renderer, "index", None
    )  # (the search documents: Renderer.index since issue 16)
    document, stemmer = (
        (index.document, index.stemmer) if index else (renderer._search_document, renderer._stemmer)
    )
    documents = timed("search_document", document, archive.proposals)
    weights = timed("search_weights", lambda doc: document_weights(doc, stemmer), documents)
    files = timed("search_file", document_file, documents)
    gc.collect()
    gc.freeze()
    c0 = time.process_time()
    postings_of(weights)
    cpu["search_postings"] = time.process_time() - c0
    timed("facets", renderer.facet_pages, FACETS, keep=False)
    writer, index_writer = (
        Writer(out / "pages", new_in_place=True),
        Writer(out / "index", new_in_place=True),
    )
    gc.collect()
    gc.freeze()
    c0 = time.process_time()
    for page, text in pages:
        writer.write(page, text)
    for n, text in enumerate(files):
        index_writer.write(f"d/{n}.json", text)
    cpu["write"] = time.process_time() - c0
    raw_out = out / "raw"
    raw_out.mkdir(parents=True)

    def create(name_data: tuple[str, bytes]) -> None:
        fd = os.open(raw_out / name_data[0], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, name_data[1])
        os.close(fd)

    encoded = [(f"{n}.md", text.encode()) for n, (_, text) in enumerate(pages)] + [
        (f"{n}.json", text.encode()) for n, text in enumerate(files)
    ]
    timed("write_library", create, encoded, keep=False)
    return {"proposals": len(paths), "cpu": cpu}


def markdown_extensions(mkdocs_yml: Path) -> tuple[list[str], dict]:
    """The markdown_extensions of mkdocs.yml as Python-Markdown's (names, configs)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # MkDocs' !ENV and the like
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            ((name, options),) = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


def floor(root: Path) -> dict:
    """The floor: reading the proposal files and rendering their Markdown bodies with
    Python-Markdown and the site's extensions, nothing else."""
    import markdown

    names, configs = markdown_extensions(root / "mkdocs.yml")
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    t0, c0 = time.perf_counter(), time.process_time()
    documents = html_bytes = 0
    for path in sorted((root / "proposals").glob("*.md")):
        body = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)
        html_bytes += len(md.reset().convert(body))
        documents += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": seconds,
        "cpu": cpu,
        "documents": documents,
        "html_bytes": html_bytes,
        "extensions": names,
    }


def profile(stage: str, root: Path, site: Path | None, top: int = 15) -> dict:
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    if stage == "prepare":
        prepare(root, serial=True)  # the profiler sees one process only
    else:
        mkdocs(root, site, serial=True)  # the profiler sees one process only
    profiler.disable()
    seconds = time.perf_counter() - t0
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_cc, nc, tottime, cumtime, _) in stats.stats.items():
        rows.append(
            {
                "function": _where(filename, line, name),
                "calls": nc,
                "own": tottime,
                "cumulative": cumtime,
            }
        )
    by_own = sorted(rows, key=lambda r: -r["own"])[:top]
    # builtins (exec, method wrappers) only pass the time on: left out of the cumulative list
    by_cumulative = sorted(
        (r for r in rows if not r["function"].startswith("<")), key=lambda r: -r["cumulative"]
    )[:25]
    return {"seconds": seconds, "by_own": by_own, "by_cumulative": by_cumulative}


def _where(filename: str, line: int, name: str) -> str:
    """'markdown/blockprocessors.py:123(run)': the path from the package folder on."""
    if filename == "~":
        return name
    parts = Path(filename).parts
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            parts = parts[len(parts) - parts[::-1].index(anchor) :]
            break
    else:
        parts = parts[-2:]
    return f"{'/'.join(parts)}:{line}({name})"


def main(argv: list[str]) -> int:
    stage, rest = argv[0], argv[1:]
    if stage == "prepare":
        out = prepare(Path(rest[0]), stored="--stored" in rest[1:])
    elif stage == "mkdocs":
        out = mkdocs(Path(rest[0]), Path(rest[1]))
    elif stage == "search_index":
        out = search_index(Path(rest[0]))
    elif stage == "similar":
        out = similar(Path(rest[0]))
    elif stage == "floor":
        out = floor(Path(rest[0]))
    elif stage == "parts":
        out = parts(Path(rest[0]), Path(rest[1]))
    elif stage == "profile":
        out = profile(rest[0], Path(rest[1]), Path(rest[2]) if len(rest) > 2 else None)
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
