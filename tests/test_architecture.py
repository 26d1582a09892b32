"""The shape of the code (docs/architecture.md): no import cycles, imports
only down the layers, no function too complex to read.

The checks read the source (``ast`` and radon), never import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "generator"
MAX_COMPLEXITY = 25


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name a ``from ... import`` names (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # in a package's __init__, "." is the package itself
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at module level and
    inside functions alike (an import inside a function is still a
    dependency; hiding a cycle there does not remove it)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node)
                # "from . import x" / "from .pkg import mod" name modules; else the names live in base
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for target in targets:
                while target and target not in modules:  # "generator.x.attr" -> "generator.x"
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith(PACKAGE):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan,
    iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.add(frozenset(component))
    return found


def complex_functions() -> dict[str, int]:
    """ "path:function" -> cyclomatic complexity, for every function and
    method of the package above MAX_COMPLEXITY (radon's numbers, as
    ``radon cc`` prints them)."""
    out = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        shown = path.relative_to(ROOT).as_posix()
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for function in getattr(block, "methods", None) or [block]:
                if function.complexity > MAX_COMPLEXITY:
                    name = f"{function.classname}.{function.name}" if function.classname else function.name
                    out[f"{shown}:{name}"] = function.complexity
    return out


def test_the_graph_sees_imports_at_module_level_and_inside_functions():
    graph = import_graph()
    assert "generator.briefs.store" in graph["generator.build"]  # a module-level import
    assert "generator.stories.cluster" in graph["generator.build"]  # an import inside prepare()
    # cli.py imports its commands by name; commands/run.py imports build at module level
    assert "generator.build" in graph["generator.commands.run"]
    # evaluate_project imports the pipeline inside the function
    assert "generator.build" in graph["generator.evaluate"]


def test_cycle_finder_finds_a_cycle_and_no_false_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == set()


def test_no_import_cycles():
    found = [sorted(c) for c in cycles(import_graph())]
    assert not found, f"import cycle(s): {found}; break them (a function-level import still counts)"


def test_no_function_above_the_complexity_limit():
    found = complex_functions()
    assert not found, f"cyclomatic complexity above {MAX_COMPLEXITY}: {found}; split them into named steps"


# What may import what (docs/architecture.md): each layer imports only the
# layers listed for it, so the data flows one way through the packages.
BASE = {"models", "errors", "safety", "yamlio", "i18n", "config", "progress", "memory", "serialise", "__init__"}
LAYERS: dict[str, set[str]] = {
    "text": BASE,
    "briefs": BASE | {"text"},
    "translation": BASE | {"text"},
    "stories": BASE | {"text", "briefs"},
    "site": BASE | {"text", "briefs", "stories"},
    "mail": BASE | {"text", "briefs", "stories", "site"},
}


def _layer(module: str) -> str:
    """generator.briefs.clean -> "briefs"; generator.models -> "models"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_imports_only_go_down_the_layers():
    wrong = []
    for module, targets in import_graph().items():
        layer = _layer(module)
        if layer in BASE - {"__init__"}:
            allowed = BASE | {"text"}  # the base modules may use the text layer (safety romanises names)
        elif layer in LAYERS:
            allowed = LAYERS[layer] | {layer}
        else:
            continue  # build, serve, publish, evaluate, scaffold, cli and commands sit on top
        wrong += [f"{module} -> {t}" for t in sorted(targets) if _layer(t) not in allowed]
    assert not wrong, "imports against the layers of docs/architecture.md: " + "; ".join(wrong)
