"""The public API is typed: mypy checks a user's script or notebook code that calls it.

The real mypy (the one the test extra installs) runs, under ``--strict``, on two small scripts written the way
README.md and the notebooks use ``kg``: one it must accept (``assert_type`` pins what each call returns, so an
``Any`` would fail it), one with mistakes it must report, line by line.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg

GOOD = """\
from pathlib import Path
from typing import assert_type

import networkx as nx
import pandas as pd
from rdflib import Dataset, URIRef

import kg
from kg.network import Hop, describe

g = kg.load("out")
assert_type(g, kg.KnowledgeGraph)
assert_type(kg.load(Path("out"), store="oxigraph:out/oxigraph"), kg.KnowledgeGraph)

df = g.positions(holder="Putin")
assert_type(df, pd.DataFrame)
print(list(df.columns), g.terms(proposal="energy pause").shape, g.in_force("2025-03-20").empty)
assert_type(g.query_df("SELECT ?p WHERE { ?p a cfo:Proposal }"), pd.DataFrame)

rows = g.run("alleged-violations", proposal="energy pause")
names = [str(r.h) for r in g.query("SELECT ?h WHERE { ?a cfo:handle ?h }")]
print(len(rows), names, g.query_df("SELECT ?x WHERE { ?x cfo:holder ?h }", h=g.resolve("Putin")))
assert_type(g.resolve("Putin"), URIRef)
assert_type(g.label(g.resolve("Putin")), str)

G = g.to_networkx()
assert_type(G, nx.MultiDiGraph[str])
print(G.number_of_nodes())
hops = g.path("Tokayev", "Putin", G=G)
assert_type(hops, list[Hop])
assert_type(g.path("Tokayev", "Putin", all=True, max_hops=3), list[list[Hop]])
print("\\n".join(describe(hops)), [h.quote for _, h in g.neighbors("Putin", hops=2)])

result = kg.build(kg.annotation_files())
assert_type(result, kg.BuildResult)
assert_type(result.dataset, Dataset)
print([a.article_id for a in result.articles], kg.validate_dataset(result.dataset).conforms)
assert_type(kg.to_networkx(result), nx.MultiDiGraph[str])
kg.write_network(kg.to_networkx(kg.load_dataset("out")), Path("out/graph.graphml"), "graphml")

try:
    outcome = kg.build_to([*kg.annotation_files(), Path("extra.yaml")], Path("out"), progress=print)
    assert_type(outcome.files, list[Path])
except kg.InputErrors as caught:
    assert_type(caught.errors[0].line, int | None)
print(kg.compute_stats(g.store).articles + 1)
"""

BAD = """\
import kg

g = kg.load(42)
g.positions(holder=1)
len(g)
kg.lod("out")
kg.build_to(kg.annotation_files(), "out", jobs="2")
g.path("Tokayev", "Putin", all=True)[0].sentence()
kg.compute_stats(g.store).articles + "1"
"""

EXPECTED = [
    'bad.py:3: error: Argument 1 to "load" has incompatible type "int"; expected "Path | str"  [arg-type]',
    'bad.py:4: error: Argument "holder" to "positions" of "KnowledgeGraph" has incompatible type "int"; '
    'expected "str | Node | None"  [arg-type]',
    'bad.py:5: error: Argument 1 to "len" has incompatible type "KnowledgeGraph"; expected "Sized"  [arg-type]',
    'bad.py:6: error: Module has no attribute "lod"  [attr-defined]',
    'bad.py:7: error: Argument "jobs" to "build_to" has incompatible type "str"; expected "int | None"  [arg-type]',
    'bad.py:8: error: "list[Hop]" has no attribute "sentence"  [attr-defined]',
    'bad.py:9: error: Unsupported operand types for + ("int" and "str")  [operator]',
]


def _mypy(tmp_path: Path, *scripts: str) -> subprocess.CompletedProcess[str]:
    """Run mypy --strict on the scripts in ``tmp_path``, on kg as this interpreter imports it: from
    site-packages (mypy finds it there by its py.typed), or from a checkout (an editable install, whose import
    hook mypy cannot follow: then the checkout goes on MYPYPATH)."""
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\nfollow_imports = silent\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}
    home = Path(kg.__file__).resolve().parent.parent
    if home.name not in ("site-packages", "dist-packages"):
        env["MYPYPATH"] = str(home)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            "mypy.ini",
            "--no-color-output",
            "--no-error-summary",
            *scripts,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow  # mypy --strict from a cold cache: about 8 s of CPU
def test_mypy_accepts_the_documented_use_and_reports_each_mistake(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.py").write_text(BAD, encoding="utf-8")
    run = _mypy(tmp_path, "good.py", "bad.py")
    assert run.stderr == ""
    assert run.stdout.splitlines() == EXPECTED  # nothing about good.py, and each mistake of bad.py
    assert run.returncode == 1


def test_the_names_a_type_checker_sees_are_the_lazy_api() -> None:
    """kg/__init__.py's ``if TYPE_CHECKING:`` imports name every entry of its lazy table, from the same module,
    and nothing else (so that a name added to one is added to the other)."""
    tree = ast.parse(Path(kg.__file__).read_text(encoding="utf-8"))
    (block,) = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
    seen = {
        alias.asname: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module != "kg"
        for alias in node.names
    }
    assert all(isinstance(n, ast.ImportFrom) for n in block.body)
    assert seen == kg._API
