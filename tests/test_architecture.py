"""The package layout stays takeable-over: no import cycles, the library never imports a front end, no
module grows past 450 lines, and the front ends (the bot, the CLI) use only the library's public API."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "bot")
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """Every module of ours that `path` imports, at any depth (type-checking and deferred imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for imported in names:
            # `from index.x import y`: y may be a module or a name in index.x; take the longest module.
            name = imported
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(path, known) - {name} for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_are_no_import_cycles() -> None:
    """No two modules of ours import each other, directly or round a longer loop."""
    assert cycles(import_graph()) == []


def test_the_library_never_imports_a_front_end() -> None:
    """Nothing in `index` imports `bot`: the library runs without the Telegram front end."""
    graph = import_graph()
    offenders = {name: sorted(t for t in targets if t.startswith("bot")) for name, targets in graph.items()}
    assert {name: t for name, t in offenders.items() if name.startswith("index") and t} == {}


def test_the_front_ends_use_only_the_public_api() -> None:
    """`bot` imports only `index` itself (and `index.cli`, the terminal chat it falls back to); the CLI
    only `index`, its own modules, and the evaluation harness its eval commands run."""
    graph = import_graph()

    def private(front_end: str, target: str) -> bool:
        if front_end.startswith("bot"):
            return target.startswith("index") and target not in {"index", "index.cli"}
        return target.startswith("index.") and not target.startswith(("index.cli", "index.evaluate"))

    reached = {
        name: sorted(t for t in targets if private(name, t))
        for name, targets in graph.items()
        if name.startswith(("bot", "index.cli"))
    }
    assert {name: t for name, t in reached.items() if t} == {}


def test_no_module_is_over_450_lines() -> None:
    """Every module of `index` and `bot` stays at 450 lines or fewer."""
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


if __name__ == "__main__":
    for component in cycles(import_graph()):
        print("cycle:", " <-> ".join(component))
