"""The arrows between the project's modules (issue 20, item 4), read from the source: every import, at the top
of a module, inside a function, under ``TYPE_CHECKING`` or in a ``__main__`` block. Each package sits on a layer
and imports only from the layers below it (never from a sibling on its own layer, never upward, not even inside
a function): the engine names neither the registry nor a family nor a tool; the modules form no circle; the
statistics have one public import path (claims.stats)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the layers, bottom first; a package imports from the layers below its own and from itself only
LAYERS = (
    ("models",),
    ("claims.spec",),
    ("claims.engine",),
    ("claims.stats",),  # the statistics' public path, above the engine that holds them
    ("claims.catalogue", "claims.registry"),  # the families, and their finder (by entry point, never by name)
    ("claims.report",),
    ("claims.tools", "claims.pytest_plugin"),  # command lines and the pytest plugin, on the report's machinery
    ("claims", "claims.__main__", "claims.testing"),  # the package's lazy names, the CLI, the claim tests
)
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def _modules() -> dict[str, Path]:
    out = {}
    for top in ("claims", "models"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, source: str, is_package: bool = False) -> set[str]:
    """The project's modules that module ``name`` (its ``source``) imports anywhere in it (``from pkg import mod``
    counts as importing pkg.mod; the packages that hold ``name`` are not counted: they load before it whatever
    it imports)."""
    out: set[str] = set()
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):  # every node: function bodies and __main__ blocks included
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


GRAPH = {name: _imports(name, path.read_text(), path.name == "__init__.py") for name, path in MODULES.items()}


def _package(module: str) -> str | None:
    """The package of LAYERS that holds ``module`` (the longest that does; ``claims`` holds its __init__ only)."""
    if module == "claims":
        return "claims"
    held = [p for p in RANK if p != "claims" and (module == p or module.startswith(p + "."))]
    return max(held, key=len) if held else None


def _upward(graph: dict[str, set[str]]) -> list[str]:
    """Every arrow of ``graph`` that does not point to a lower layer (or within its own package)."""
    out = []
    for module, targets in graph.items():
        a = _package(module)
        for t in targets:
            b = _package(t)
            if a != b and RANK[b] >= RANK[a]:
                out.append(f"{module} ({a}, layer {RANK[a]}) → {t} ({b}, layer {RANK[b]})")
    return sorted(out)


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


def test_every_module_sits_on_a_layer():
    """A new top-level module or package must be placed in LAYERS before its arrows can be checked."""
    assert not [m for m in MODULES if _package(m) is None], [m for m in MODULES if _package(m) is None]


def test_every_arrow_points_down():
    """models ← spec ← engine ← stats ← {catalogue, registry} ← report ← {tools, pytest_plugin} ← {claims,
    __main__, testing}: no import up or sideways, at any depth of a module."""
    assert not _upward(GRAPH), "\n".join(_upward(GRAPH))


def test_the_engine_imports_nothing_above_it():
    """The engine takes claims as arguments: no registry, family, report or tool, not even inside a function
    (the measurement tools' command lines live in claims.tools)."""
    above = sorted(f"{m} → {t}" for m, ts in GRAPH.items() if _package(m) == "claims.engine" for t in ts
                   if RANK[_package(t)] > RANK["claims.engine"])  # fmt: skip
    assert not above, above


def test_an_import_inside_a_function_or_a_main_block_is_an_arrow():
    """The reading itself: an upward import hidden in a function body or a ``__main__`` block is found."""
    source = (
        "def main():\n    from claims import registry\n    return registry\n\n"
        "if __name__ == '__main__':\n    import claims.tools.resolution\n"
    )
    graph = {"claims.engine.fake": _imports("claims.engine.fake", source)}
    assert graph["claims.engine.fake"] == {"claims.registry", "claims.tools.resolution"}
    assert len(_upward(graph)) == 2


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
