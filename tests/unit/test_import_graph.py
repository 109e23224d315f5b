"""The arrows between the project's modules (issue 20, item 4): read from the source (every import, at the top
of a module or inside a function), they form no circle, between packages or between modules; the statistics
have one public import path (claims.stats); and the engine names no family (claims.engine imports no module of
claims.catalogue: the registry moves above the engine on branch plugins)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the packages whose arrows must all point one way, bottom first
PACKAGES = ("models", "claims.spec", "claims.engine", "claims.catalogue", "claims.report")


def _modules() -> dict[str, Path]:
    out = {}
    for top in ("claims", "models"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _is_main_block(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test).replace("'", '"') == '__name__ == "__main__"'


def _imports(name: str, path: Path) -> set[str]:
    """The project's modules that ``name`` imports (``from pkg import mod`` counts as importing pkg.mod; the
    packages that hold ``name`` are not counted: they load before it whatever it imports)."""
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(), str(path))
    for block in [n for n in tree.body if _is_main_block(n)]:  # runs only as a script, where name is __main__
        tree.body.remove(block)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])]
                )
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:  # a name inside a module: the module
                t = t.rpartition(".")[0]
            if t and t != name and not name.startswith(t + "."):  # a module's own packages load before it
                out.add(t)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _package(module: str) -> str | None:
    return next((p for p in PACKAGES if module == p or module.startswith(p + ".")), None)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of ``graph`` (a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _package_graph(skip=lambda module, target: False) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {p: set() for p in PACKAGES}
    for module, targets in GRAPH.items():
        a = _package(module)
        for t in targets:
            b = _package(t)
            if a and b and a != b and not skip(module, t):
                out[a].add(b)
    return out


def _engine_to_catalogue() -> list[str]:
    return sorted(
        f"{m} → {t}"
        for m, ts in GRAPH.items()
        if _package(m) == "claims.engine"
        for t in ts
        if _package(t) == "claims.catalogue"
    )


def test_no_circle_between_packages():
    """models ← claims.spec ← claims.engine ← claims.catalogue ← claims.report, with no arrow back (apart from the
    engine's registry, checked on its own below)."""
    graph = _package_graph(skip=lambda m, t: m == "claims.registry" and _package(t) == "claims.catalogue")
    assert _cycle(graph) is None, _cycle(graph)
    assert not graph["models"], f"models imports {graph['models']}: mathematics only, at the bottom"


def test_no_circle_between_modules():
    assert _cycle(GRAPH) is None, " → ".join(_cycle(GRAPH))


def test_the_statistics_have_one_public_path():
    """Only the engine's own modules (and claims.stats, the public path) import claims.engine.stats."""
    outside = sorted(
        m
        for m, ts in GRAPH.items()
        if "claims.engine.stats" in ts and _package(m) != "claims.engine" and m != "claims.stats"
    )
    assert not outside, f"import claims.stats, not claims.engine.stats, in {outside}"


def test_the_engine_names_no_family():
    assert not _engine_to_catalogue(), _engine_to_catalogue()
