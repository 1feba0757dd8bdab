"""The house keeps its shape: imports point one way and close no circle.

The import graph is read from the source (every ``import`` and ``from ... import``, at the top
of a module or inside a function: a lazy import is a dependency all the same), with the
repository's folders named as the installed package names them (``rules/`` is ``derive.rules``,
``cli.py`` is ``derive.cli``).

Run as a script, it prints the graph's circles and the largest modules of any checkout:

    python tests/test_layout.py [CHECKOUT]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[0] == "rules":
        parts.insert(0, "derive")
    if parts == ["cli"]:
        parts = ["derive", "cli"]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(root: Path) -> dict[str, Path]:
    """Every module of the project: derive/, rules/ and cli.py (derive/cli.py is a link to cli.py)."""
    found = {module_name(root / "cli.py", root): root / "cli.py"}
    for folder in ("derive", "rules"):
        for path in sorted((root / folder).rglob("*.py")):
            if not path.is_symlink():
                found[module_name(path, root)] = path
    return found


def normal(name: str) -> str:
    """An import's name as installed: the old layout's top-level ``rules`` and ``cli`` too."""
    if name == "rules" or name.startswith("rules."):
        return "derive." + name
    return "derive.cli" if name == "cli" else name


def imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """The project modules that ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [normal(alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = normal(node.module)
            # "from pkg import mod" imports the module pkg.mod; "from mod import name", the module mod
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # import a.b.c: the deepest project module named
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = sources(root)
    return {name: imports(name, path, set(files)) for name, path in files.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def largest(root: Path = ROOT, count: int = 10) -> list[tuple[int, str]]:
    sized = [(len(path.read_text(encoding="utf-8").splitlines()), str(path.relative_to(root)))
             for path in sources(root).values()]
    return sorted(sized, reverse=True)[:count]


# --------------------------------------------------------------------------------------------
# The tests

EDGES = graph()


def test_the_import_graph_closes_no_circle():
    assert circles(EDGES) == []


def test_the_rules_import_nothing_above_them():
    """rules/ knows SymPy and itself (and the leaf module of the library's error types) only."""
    for name, targets in EDGES.items():
        if name.startswith("derive.rules"):
            above = {t for t in targets if not t.startswith("derive.rules") and t != "derive.errors"}
            assert not above, (name, above)


def test_nothing_in_the_library_imports_the_command_line():
    assert not [name for name, targets in EDGES.items() if "derive.cli" in targets]


def test_the_records_and_the_sentence_builder_import_no_printer():
    for name in ("derive.engine.records", "derive.show"):
        assert not {t for t in EDGES[name] if t.startswith("derive.printers")}, name


def test_the_printers_never_derive_or_check():
    """A printer tells the story from the record: it never runs the engine or the checker's comparisons."""
    doing = {"derive.engine.run", "derive.engine.routes", "derive.checker.checks", "derive.checker.compare",
             "derive.checker.plan", "derive.checker.digits", "derive.checker.floats"}
    for name, targets in EDGES.items():
        if name.startswith("derive.printers"):
            assert not targets & doing, (name, targets & doing)


def test_the_reader_of_the_graph_sees_a_circle_where_there_is_one(tmp_path):
    """The test above could not fail if the graph were read wrong: a circle made on purpose is found."""
    for folder in ("derive", "rules"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "cli.py").write_text("import derive\n")
    (tmp_path / "derive" / "a.py").write_text("from .b import thing\n")
    (tmp_path / "derive" / "b.py").write_text("def f():\n    from derive import a\n")
    (tmp_path / "rules" / "c.py").write_text("from derive.a import x\n")
    edges = graph(tmp_path)
    assert circles(edges) == [["derive.a", "derive.b"]]
    assert edges["derive.rules.c"] == {"derive.a"}


if __name__ == "__main__":
    checkout = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    edges = graph(checkout)
    found = circles(edges)
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} imports between them, "
          f"{len(found)} circle{'s' if len(found) != 1 else ''}")
    for component in found:
        print("  circle:", " <-> ".join(component))
    print("largest modules (lines):")
    for lines, path in largest(checkout):
        print(f"  {lines:5d}  {path}")
