"""The layers of ``kg`` hold: each sub-package imports only the layers below it (as its docstring says), no
import cycles between packages, no private names of another package, and ``kg --help`` imports nothing heavy.

The layers, bottom up:

* the foundation: ``kg`` itself, ``kg.errors``, ``kg.namespaces``, ``kg.resources``, ``kg.vocab``;
* ``kg.store``; ``kg.validate`` and ``kg.network`` on it; ``kg.query`` on those; ``kg.builder`` (which validates
  and reports); ``kg.viz`` (which draws what ``kg.network`` and ``kg.query`` give it); ``kg.cli`` on everything.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kg

PACKAGE = Path(kg.__file__).parent
FOUNDATION = "foundation"

#: what each layer may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    FOUNDATION: set(),
    "store": {FOUNDATION},
    "validate": {FOUNDATION, "store"},
    "network": {FOUNDATION, "store"},
    "query": {FOUNDATION, "store", "network"},
    "builder": {FOUNDATION, "store", "validate", "query"},
    "viz": {FOUNDATION, "network", "query"},
    "draft": {FOUNDATION, "builder"},
    "cli": {FOUNDATION, "store", "validate", "network", "query", "builder", "viz", "draft"},
}


#: the one door upward: ``KnowledgeGraph.view`` (``g.view()`` in Jupyter) imports the widget of the pictures'
#: layer inside the method, when a view is made, as pandas' ``DataFrame.plot`` imports its plotting. Only there,
#: only lazily (never at import time), only this module: (importing module, imported module, function)
DOORS: set[tuple[str, str, str]] = {("kg.query.graph", "kg.viz.widget", "view")}


def _layer(module: str) -> str:
    """The layer of a ``kg`` module name: its sub-package, or the foundation."""
    parts = module.split(".")
    if module == "kg.__main__":  # `python -m kg`: the command line
        return "cli"
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else FOUNDATION


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names, line) of every ``kg`` import of a file, at any depth (inside functions too); not those of
    the package's ``if TYPE_CHECKING:`` block, which names the lazy API for type checkers and never runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path == PACKAGE / "__init__.py":
        tree.body = [n for n in tree.body if not (isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg" and node.level == 0:
            out.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "kg"]
    return out


def _doors(path: Path, name: str) -> set[tuple[str, int]]:
    """(module, line) of the imports of :data:`DOORS` in ``path``: inside the named function, never at the top."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(d[0] == name and d[2] == node.name for d in DOORS):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (name, inner.module, node.name) in DOORS:
                    found.add((inner.module, inner.lineno))
    return found


def test_the_doors_upward_are_where_they_are_said_to_be():
    """Each door of :data:`DOORS` exists (a stale entry would let another import through unnoticed)."""
    modules = _modules()
    for name, module, function in DOORS:
        assert module in {m for m, _ in _doors(modules[name], name)}, f"{name}.{function} no longer imports {module}"


def test_every_sub_package_says_what_it_holds_and_may_import():
    for layer in ALLOWED:
        if layer == FOUNDATION:
            continue
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "Layer:" in doc and "import" in doc, f"kg/{layer}/__init__.py: say what it may import"


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for name, path in _modules().items():
        mine = _layer(name)
        doors = _doors(path, name)
        for module, _, line in _imports(path):
            theirs = _layer(module)
            if theirs != mine and theirs not in ALLOWED[mine] and (module, line) not in doors:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {mine} imports {module} ({theirs})")
    assert wrong == []


def test_no_private_name_of_another_package_is_imported():
    wrong = []
    for name, path in _modules().items():
        for module, names, line in _imports(path):
            if _layer(module) != _layer(name):
                wrong += [
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {module}.{n}"
                    for n in names
                    if n.startswith("_") and not n.startswith("__")
                ]
    assert wrong == []


def test_no_import_cycle_between_packages():
    import networkx as nx

    G = nx.DiGraph()
    for name, path in _modules().items():
        doors = _doors(path, name)
        for module, _, line in _imports(path):
            if _layer(module) != _layer(name) and (module, line) not in doors:
                G.add_edge(_layer(name), _layer(module))
    assert list(nx.simple_cycles(G)) == []


def test_no_import_cycle_between_modules_at_import_time():
    """Module-level imports only (those inside functions run later): a cycle would make import order matter."""
    import networkx as nx

    modules = _modules()
    G = nx.DiGraph()
    for name, path in modules.items():
        G.add_node(name)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg") and node.level == 0:
                G.add_edge(name, node.module)
    G.remove_edges_from([(a, b) for a, b in G.edges if b == "kg" or a == b])  # the package's lazy API
    # a package's __init__ importing its own modules is how packages re-export; only other cycles count
    cycles = [c for c in nx.simple_cycles(G) if not all(m.startswith(c[0].rsplit(".", 1)[0]) for m in c)]
    assert cycles == []


def test_kg_help_imports_nothing_heavy():
    code = "import sys, kg.cli; kg.cli.parser.build_parser(); print(sorted(m for m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in (
        "rdflib",
        "networkx",
        "matplotlib",
        "pyoxigraph",
        "pyshacl",
        "pandas",
        "numpy",
        "dask",
        "distributed",
    ):
        assert f"'{heavy}'" not in loaded, heavy
