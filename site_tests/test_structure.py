"""The generator's shape: modules that import one way (no cycle), none longer than a reader can
hold (400 lines), and one package, generator/engine/, that knows the site engine (MkDocs and
Material). Read from the source with ast: nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

from site_tests.archives import REPO

MAX_LINES = 400
ENGINE = "generator.engine"
ENGINE_LIBRARIES = {"mkdocs", "material", "properdocs"}  # (ProperDocs: docs/engine.md)


def modules(root: Path, package: str = "generator") -> dict[str, Path]:
    """{dotted name: file} of every module of a package (a package by its __init__.py)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: dict) -> set[str]:
    """What a module imports, anywhere in it (a function's import too): each a module of
    `known` where the import names one, else the name as written."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                member = f"{target}.{alias.name}"
                found.add(member if member in known else target)
    return found


def graph(root: Path) -> dict[str, set[str]]:
    """{module: the package's modules it imports}."""
    known = modules(root)
    return {
        name: (imported(name, path, known) & known.keys()) - {name} for name, path in known.items()
    }


def cycles(root: Path) -> list[list[str]]:
    """Every import cycle among the package's modules, each as a path that ends where it starts
    (one per group of modules that import each other)."""
    edges = graph(root)
    found, done = [], set()
    for start in sorted(edges):
        if start in done:
            continue
        # depth first, with the path: a module met again on the path closes a cycle
        stack = [(start, iter(sorted(edges[start])))]
        on_path = [start]
        while stack:
            node, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                stack.pop()
                on_path.pop()
                done.add(node)
            elif nxt in on_path:
                cycle = on_path[on_path.index(nxt) :] + [nxt]
                if not any(set(cycle) == set(c) for c in found):
                    found.append(cycle)
            elif nxt not in done:
                stack.append((nxt, iter(sorted(edges[nxt]))))
                on_path.append(nxt)
    return found


def too_long(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}: {lines} lines"
        for path in modules(root).values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


def engine_outside(root: Path) -> list[str]:
    """Modules outside generator/engine/ that import MkDocs or Material."""
    known = modules(root)
    return [
        f"{name} imports {target}"
        for name, path in known.items()
        if name != ENGINE and not name.startswith(f"{ENGINE}.")
        for target in sorted(imported(name, path, known))
        if target.split(".")[0] in ENGINE_LIBRARIES
    ]


def test_no_import_cycle():
    assert cycles(REPO) == []


def test_no_module_over_400_lines():
    assert too_long(REPO) == []


def test_only_the_engine_knows_mkdocs_and_material():
    assert engine_outside(REPO) == []


def test_the_engine_is_imported_only_by_the_command_line():
    """The stages never call the engine; the command line calls both (pipeline, then engine)."""

    def in_engine(name: str) -> bool:
        return name == ENGINE or name.startswith(ENGINE + ".")

    edges = graph(REPO)
    users = [name for name in edges if not in_engine(name) and any(map(in_engine, edges[name]))]
    assert users == ["generator.cli.site"]  # (the command line's build and serve)


def test_the_checks_find_what_they_look_for(tmp_path):
    """The checks above on a package made to break each rule."""
    package = tmp_path / "generator"
    (package / "engine").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from .c import x\n")  # (inside a function)
    (package / "c.py").write_text("from generator.a import y\nimport mkdocs.config\n")
    (package / "d.py").write_text("from material import templates\n" + "x = 1\n" * MAX_LINES)
    (package / "engine" / "__init__.py").write_text("from ..d import templates\n")
    hooks = "from mkdocs.exceptions import PluginError\nfrom .. import a\n"
    (package / "engine" / "hooks.py").write_text(hooks)
    assert cycles(tmp_path) == [["generator.a", "generator.b", "generator.c", "generator.a"]]
    assert too_long(tmp_path) == ["generator/d.py: 401 lines"]
    leaks = ["generator.c imports mkdocs.config", "generator.d imports material"]
    assert engine_outside(tmp_path) == leaks
    assert graph(tmp_path)["generator.engine"] == {"generator.d"}
    assert graph(tmp_path)["generator.engine.hooks"] == {"generator.a"}
