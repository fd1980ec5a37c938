"""The package's import graph, read from the source (imports inside functions count too): no cycle, each
module imports only from its own layer and the layers below it, and no module is over 400 lines without
a reason stated at its top."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import newsweave

PACKAGE = Path(newsweave.__file__).resolve().parent


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package modules it imports. ``from PKG import sub`` names the submodule only, as
    that is what it loads beyond the package already being imported."""
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
                edges.update(subs if subs else [target] if target in modules else [])
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in modules)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_cycle_finder_sees_a_cycle_through_a_function_level_import(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import x\n")
    (pkg / "b.py").write_text("def f():\n    from .a import y\n")
    (pkg / "c.py").write_text("from . import a\n")
    assert cycles(import_graph(pkg)) == [["pkg.a", "pkg.b"]]


def test_no_import_cycles():
    assert cycles(import_graph()) == []


# The layers, bottom first. A name stands for the module and, for a package, all its submodules ("" is the
# package ``newsweave`` itself); every module must be in exactly one layer.
LAYERS: dict[str, tuple[str, ...]] = {
    "bottom": ("record", "errors", "options", "settings", "settings_fields", "escape", "version", "execution",
               "ray_executor", "atomic_write", "budget", "progress"),
    "per-article": ("ingest", "extract", "htmltext", "html_metadata", "boilerplate", "textlayout", "repeats", "language", "nlp",
                    "fast_pipes", "parse_cache", "article_parse", "entities", "quotes", "numbers", "terms", "loaded_words",
                    "fetch"),
    "store": ("store",),
    "story": ("stories", "brief", "analysis", "dedupe", "outlets"),
    "pipeline": ("", "runner", "pipeline", "outputs", "story_results", "removal", "watch"),
    "top": ("cli", "cli_output", "cli_serve", "cli_watch", "cli_outlets", "web", "evaluate"),
}
# What each layer may import besides itself: per-article stages read records and settings only (a cache is
# handed in, never the store); stories and briefs build on parses and never reach the store, the pipeline,
# the CLI or the web app; the store computes nothing; the pipeline sits over them all; CLI and web app on top.
MAY_IMPORT: dict[str, set[str]] = {
    "bottom": set(),
    "per-article": {"bottom"},
    "store": {"bottom"},
    "story": {"bottom", "per-article"},
    "pipeline": {"bottom", "per-article", "store", "story"},
    "top": set(LAYERS),
}
MAX_LINES = 400
LONG_REASON = "Over 400 lines because"
# Violations in files being changed in other issue 16 work right now: listed so that the tests pass today,
# fail on any new violation, and fail when a listed one is gone (remove it here: the list only shrinks).
KNOWN_VIOLATIONS = {  # being removed in issue 16 work
}


def layer_of(module: str, layers: dict[str, tuple[str, ...]], package: str = "newsweave") -> list[str]:
    """The layers a module is listed in (one, unless the table is wrong)."""
    rest = module[len(package) + 1:] if module.startswith(package + ".") else "" if module == package else None
    if rest is None:
        return []
    found = []
    for layer, names in layers.items():
        if any(rest == n or (n and rest.startswith(n + ".")) for n in names):
            found.append(layer)
    return found


def layer_violations(graph: dict[str, set[str]], layers: dict[str, tuple[str, ...]],
                     may_import: dict[str, set[str]], package: str = "newsweave") -> set[str]:
    """Each import that goes to a layer its importer may not use, and each module in no layer or in two."""
    out = set()
    for module in sorted(graph):
        found = layer_of(module, layers, package)
        if len(found) != 1:
            out.add(f"{module} is in {len(found)} layers {found}: list it in exactly one")
            continue
        for target in sorted(graph[module]):
            other = layer_of(target, layers, package)
            if len(other) == 1 and other[0] != found[0] and other[0] not in may_import[found[0]]:
                out.add(f"{module} imports {target} ({found[0]} -> {other[0]})")
    return out


def long_modules(root: Path = PACKAGE, limit: int = MAX_LINES) -> set[str]:
    """Modules over ``limit`` lines whose docstring gives no line starting "Over 400 lines because" and a reason."""
    out = set()
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) <= limit:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if not any(line.strip().startswith(LONG_REASON) and line.strip()[len(LONG_REASON):].strip(" :.,")
                   for line in doc.splitlines()):
            out.add(f"{module_name(path, root)} is over {limit} lines")
    return out


def test_layer_checker_sees_an_upward_import_and_an_unlisted_module(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "low").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "low" / "__init__.py").write_text("")
    (pkg / "low" / "a.py").write_text("def f():\n    from ..high import g\n")
    (pkg / "high.py").write_text("from .low import a\n")
    (pkg / "stray.py").write_text("")
    layers = {"low": ("low",), "high": ("", "high")}
    found = layer_violations(import_graph(pkg), layers, {"low": set(), "high": {"low"}}, package="pkg")
    assert found == {"pkg.low.a imports pkg.high (low -> high)", "pkg.stray is in 0 layers []: list it in exactly one"}


def test_long_module_check_needs_a_stated_reason(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    body = "x = 1\n" * MAX_LINES
    (pkg / "__init__.py").write_text("")
    (pkg / "short.py").write_text('"""Short."""\n' + "x = 1\n" * (MAX_LINES - 1))
    (pkg / "silent.py").write_text('"""Long, no reason."""\n' + body)
    (pkg / "empty_reason.py").write_text('"""Long.\n\nOver 400 lines because\n"""\n' + body)
    (pkg / "reasoned.py").write_text('"""Long.\n\nOver 400 lines because one table of rules reads best whole.\n"""\n' + body)
    assert long_modules(pkg) == {"pkg.silent is over 400 lines", "pkg.empty_reason is over 400 lines"}


def test_modules_import_only_their_layer_and_those_below():
    found = layer_violations(import_graph(), LAYERS, MAY_IMPORT)
    known = {v for v in KNOWN_VIOLATIONS if " imports " in v or " layers " in v}
    assert sorted(found - known) == [], "new layer violations"
    assert sorted(known - found) == [], "gone: remove them from KNOWN_VIOLATIONS"


def test_no_module_over_400_lines_without_a_reason():
    found = long_modules()
    known = {v for v in KNOWN_VIOLATIONS if v.endswith(f"over {MAX_LINES} lines")}
    assert sorted(found - known) == [], "modules over 400 lines: split them, or state why at the top"
    assert sorted(known - found) == [], "gone: remove them from KNOWN_VIOLATIONS"


def test_version_matches_the_project_file():
    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert newsweave.__version__ == project["project"]["version"]
