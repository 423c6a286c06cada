"""Reading a build back: Oxigraph's parser reads the N-Quads (not rdflib's the TriG), and the default store
answers with Oxigraph, and with rdflib wherever Oxigraph's answer could differ. What users get is what rdflib
gave on the TriG before, term for term: the same statements, the same answers in the same order, every
literal as written. A missing or damaged build is a clear error, never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, run_kg
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from test_stores import CASES, PARAM_VALUES, QUERIES, _case_id

from kg.errors import InputError
from kg.namespaces import with_prefixes
from kg.query.graph import KnowledgeGraph, load
from kg.store import HybridStore, MemoryStore, load_dataset, open_store


@pytest.fixture(scope="module")
def trig(seed_out: Path) -> Dataset:
    """The build as rdflib's own parser reads its TriG: what every command read before."""
    ds = Dataset(default_union=True)
    ds.parse(seed_out / "ceasefire-kg.trig", format="trig")
    return ds


@pytest.fixture(scope="module")
def before(trig: Dataset) -> KnowledgeGraph:
    """The graph as `kg query` opened it before: rdflib in memory, from the TriG (no time limit: rdflib takes
    seconds for the larger queries, more on a busy machine)."""
    return KnowledgeGraph(MemoryStore(trig), timeout=None)


@pytest.fixture(scope="module")
def default(seed_out: Path) -> KnowledgeGraph:
    """The graph as `kg query` opens it now (no --store), without a time limit (some answers are rdflib's)."""
    graph = load(seed_out, timeout=None)
    assert isinstance(graph.store, HybridStore)
    return graph


def _graphs(ds: Dataset) -> dict[str, object]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def _literals(ds: Dataset) -> Counter:
    return Counter(o for _, _, o, _ in ds.quads((None, None, None, None)) if isinstance(o, Literal))


def _exact(term):
    """A cell as a user sees it: its kind, lexical form, datatype and language (blank nodes by label)."""
    if term is None:
        return None
    return (type(term).__name__, str(term), getattr(term, "datatype", None), getattr(term, "language", None))


def _cells(result) -> list[tuple]:
    return [tuple(_exact(t) for t in row) for row in result.rows]


# -- the same statements ------------------------------------------------------------------------------------
def test_load_dataset_holds_the_statements_of_the_trig_graph_by_graph(seed_out, trig):
    ds = load_dataset(seed_out)
    got, want = _graphs(ds), _graphs(trig)
    assert sorted(got) == sorted(want)
    for name, graph in want.items():
        assert len(got[name]) == len(graph), name
        assert isomorphic(got[name], graph), name  # the ontology's OWL lists are blank nodes
    assert _literals(ds) == _literals(trig)  # every literal the same term, as written
    assert Literal("30.0", datatype=XSD.decimal) in _literals(ds)
    assert Literal("1", datatype=XSD.positiveInteger) in _literals(ds)
    assert len(ds) == len((seed_out / "ceasefire-kg.nq").read_text(encoding="utf-8").splitlines())


def test_the_default_store_holds_the_same_statements(seed_out, trig, default):
    """Its rdflib side (what the NetworkX projection reads) is the TriG's dataset, graph by graph."""
    got = _graphs(default.store.dataset)
    for name, graph in _graphs(trig).items():
        assert isomorphic(got[name], graph), name


# -- the same answers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_every_named_query_answers_as_rdflib_did_on_the_trig(before, default, case):
    """The same columns and rows, in the same order, each cell the same term (datatype and lexical form)."""
    name, param = case
    query = QUERIES[name]
    params = {param: PARAM_VALUES[(name, param)]} if param else {}  # as the CLI passes them: names, text
    want = before.select(query.text, params, query, source=str(query.path))
    got = default.select(query.text, params, query, source=str(query.path))
    assert got.vars == want.vars
    assert _cells(got) == _cells(want)


def test_numbers_come_back_as_written(default):
    """Oxigraph stores "1"^^xsd:positiveInteger as "1"^^xsd:integer and "30.0" as "30": those answers are rdflib's."""
    ordinals = {row.ordinal for row in default.run("proposal-terms") if row.ordinal is not None}
    assert ordinals and {o.datatype for o in ordinals} == {XSD.positiveInteger}
    (row,) = default.run("in-effect")
    assert row.days == Literal("30.0", datatype=XSD.decimal) and str(row.days) == "30.0"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?o (DATATYPE(?o) AS ?t) WHERE { ?x cfo:ordinal ?o } ORDER BY ?o",
        "SELECT (DATATYPE(?o) AS ?t) WHERE { ?x cfo:ordinal ?o } ORDER BY ?t",
        "SELECT (STR(?d) AS ?s) WHERE { ?x time:numericDuration ?d }",
        "SELECT (?d + 0 AS ?n) WHERE { ?x time:numericDuration ?d }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?s ?o WHERE { ?s oa:start ?o } ORDER BY ?o ?s LIMIT 5",
        "SELECT ?x WHERE { ?x cfo:ordinal 1 } ORDER BY ?x",
        "SELECT ?x WHERE { ?x cfo:ordinal ?o FILTER(?o > 1) } ORDER BY ?x",
    ],
)
def test_queries_on_numbers_answer_as_rdflib_does(before, default, text):
    """Numbers returned, their lexical forms and datatypes, numbers computed or compared: rdflib's answers."""
    assert _cells(default.select(text)) == _cells(before.select(text))


def test_positions_is_answered_without_rdflib_sparql(seed_out):
    """The fast path: `kg query positions` never imports rdflib's SPARQL engine (nor its parser)."""
    code = (
        "import sys\nfrom kg.cli.main import main\n"
        f"code = main(['query', 'positions', '--from', {str(seed_out)!r}])\n"
        "print([m for m in sys.modules if m.startswith(('rdflib.plugins.sparql', 'pyparsing'))], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "(11 rows)"
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_who_answers(seed_out):
    """Oxigraph answers the named queries and the API's own (labels, names), numbers given back as written;
    rdflib every other query."""
    graph = load(seed_out)
    store = graph.store
    graph.positions(holder="Putin")  # the name index, the query, the labels of the frame
    assert store.answered_by == {"oxigraph": 3, "rdflib": 0}
    terms = graph.run("proposal-terms")  # its ordinals are xsd:positiveInteger, which Oxigraph stores as xsd:integer
    assert store.answered_by == {"oxigraph": 4, "rdflib": 0}  # ... given back as written
    assert {r.ordinal.datatype for r in terms} == {XSD.positiveInteger}
    assert terms == KnowledgeGraph(store.memory).run("proposal-terms")  # rdflib's answer, term for term
    graph.query("SELECT ?p WHERE { ?p a cfo:Proposal }")  # a query of the user's own
    assert store.answered_by == {"oxigraph": 4, "rdflib": 1}
    text = "SELECT DISTINCT (STR(?n) AS ?s) WHERE { ?t a cfo:Term ; cfo:ordinal ?n }"  # a lexical form Oxigraph changed
    store.trust(with_prefixes(text))
    assert sorted(str(r.s) for r in graph.query(text)) == ["1", "2", "3", "4", "5", "6"]
    assert store.answered_by == {"oxigraph": 4, "rdflib": 2}


@pytest.mark.parametrize(
    ("text", "engine"),
    [
        ("SELECT ?x ?o WHERE { ?x cfo:ordinal ?o } ORDER BY ?x ?o", "oxigraph"),  # each number traced to its triple
        ("SELECT ?x ?o WHERE { ?x cfo:annotationLine|cfo:ordinal ?o } ORDER BY ?x ?o", "oxigraph"),  # one datatype
        ("SELECT ?x (?o AS ?n) WHERE { ?x cfo:ordinal ?o } ORDER BY ?x ?n", "rdflib"),  # computed: not traced
        ("SELECT ?x ?o WHERE { { ?x cfo:ordinal ?o } UNION { ?x oa:start ?o } } ORDER BY ?x ?o", "rdflib"),  # 1 or 1
    ],
)
def test_a_trusted_query_gets_its_numbers_as_written_or_goes_to_rdflib(seed_out, before, text, engine):
    """Oxigraph's rows hold "1"^^xsd:integer for "1"^^xsd:positiveInteger: the store gives the literal as written
    when the query's triple patterns say which it is, else rdflib answers. The answer is rdflib's either way."""
    from kg.namespaces import with_prefixes

    store = open_store(seed_out)
    store.trust(with_prefixes(text))
    got = store.select(with_prefixes(text))
    assert store.answered_by == {"oxigraph": int(engine == "oxigraph"), "rdflib": int(engine == "rdflib")}
    assert _cells(got) == _cells(before.select(text))


def test_blank_nodes_are_the_same_nodes_on_both_sides(seed_out):
    """Oxigraph and rdflib hold the file's blank node labels: an answer names the same nodes from either."""
    store = open_store(seed_out)
    text = "SELECT ?b ?p ?o WHERE { ?b ?p ?o FILTER(isBlank(?b)) }"
    store.trust(text)
    from_oxigraph = Counter(store.select(text).rows)
    assert store.answered_by["oxigraph"] == 1
    from_rdflib = Counter(store.memory.select(text).rows)
    in_dataset = Counter(
        (s, p, o) for s, p, o, _ in store.dataset.quads((None, None, None, None)) if isinstance(s, BNode)
    )
    assert from_oxigraph == from_rdflib == in_dataset
    assert any(isinstance(o, BNode) for _, _, o in from_oxigraph)  # the ontology's lists: nodes linked to nodes


def test_memory_is_still_rdflib(seed_out):
    assert type(open_store(seed_out, "memory")) is MemoryStore


def test_a_construct_keeps_literals_as_written(before, default):
    text = "CONSTRUCT { ?x cfo:ordinal ?o } WHERE { ?x cfo:ordinal ?o }"
    from kg.namespaces import with_prefixes

    got, want = default.store.construct(with_prefixes(text)), before.store.construct(with_prefixes(text))
    assert set(got) == set(want) and {o.datatype for _, _, o in got} == {XSD.positiveInteger}


def test_every_shipped_query_reads_with_rdflibs_parser():
    """The syntax check skips the shipped named queries (kg.store.base.shipped_queries): each one is good."""
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.store.base import shipped_queries

    texts = shipped_queries()
    assert texts == {q.text for q in QUERIES.values()}
    for text in texts:
        parseQuery(text)


def test_sparql_1_2_syntax_is_refused_as_before(seed_out):
    """Oxigraph reads SPARQL 1.2 (triple terms...), rdflib does not: such a query still gets rdflib's error."""
    result = run_kg("query", "-", "--from", seed_out, stdin="SELECT ?s WHERE {\n  ?s ?p <<( ?s ?p ?o )>>\n}\n")
    assert result.returncode == 2
    assert "SPARQL syntax error at line 2" in result.stderr
    assert "Traceback" not in result.stderr


# -- a missing or damaged build ---------------------------------------------------------------------------------
COMMANDS = {
    "query": ["query", "positions"],
    "stats": ["stats"],
    "summary": ["summary"],
    "validate": ["validate"],
    "path": ["path", "Tokayev", "Putin"],
    "export": ["export", "--format", "json", "--out", "{tmp}/graph.json"],
    "plot": ["plot", "--out", "{tmp}/graph.svg"],
    "timeline": ["timeline", "--out", "{tmp}/timeline.svg"],
}


def _run(name: str, build: Path, tmp: Path):
    args = [a.replace("{tmp}", str(tmp)) for a in COMMANDS[name]]
    return run_kg(*args, "--from", build)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_build_is_a_clear_error(tmp_path, name):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run(name, empty, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"no built graph at {empty / 'ceasefire-kg.nq'}" in result.stderr
    assert "run `kg build` first" in result.stderr


def _damaged(seed_out: Path, tmp_path: Path) -> tuple[Path, int]:
    """A copy of the build whose N-Quads stop in the middle of a line (as a copy cut short would); its line."""
    out = tmp_path / "damaged"
    shutil.copytree(seed_out, out)
    nq = out / "ceasefire-kg.nq"
    data = nq.read_bytes()
    cut = data.index(b"\n", len(data) // 2) - 10  # inside a line
    nq.write_bytes(data[:cut])
    return out, data[:cut].count(b"\n") + 1


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_damaged_build_is_a_clear_error(seed_out, tmp_path, name):
    out, line = _damaged(seed_out, tmp_path)
    result = _run(name, out, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{out / 'ceasefire-kg.nq'} is not a readable N-Quads file" in result.stderr
    assert f"line {line}" in result.stderr
    assert "run `kg build` to write it again" in result.stderr


def test_a_damaged_build_is_an_input_error_from_python(seed_out, tmp_path):
    out, _ = _damaged(seed_out, tmp_path)
    with pytest.raises(InputError, match="not a readable N-Quads file"):
        load_dataset(out)
    with pytest.raises(InputError, match="not a readable N-Quads file"):
        open_store(out)
    with pytest.raises(InputError, match="not a readable N-Quads file"):
        open_store(out, "memory")


def test_a_damaged_trig_file_to_validate_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("@prefix ex: <urn:ex:> .\nex:a ex:b \n", encoding="utf-8")
    result = run_kg("validate", bad)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "not a readable TriG file" in result.stderr and str(bad) in result.stderr


def test_a_bad_iri_in_a_build_is_a_clear_error(seed_out, tmp_path):
    out = tmp_path / "edited"
    shutil.copytree(seed_out, out)
    with open(out / "ceasefire-kg.nq", "ab") as f:
        f.write(b"<urn:a> <urn:b> <not an iri> <urn:g> .\n")
    result = run_kg("query", "positions", "--from", out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is not a readable N-Quads file" in result.stderr


def test_a_term_the_quads_hold_is_the_term_rdflib_parses(seed_out):
    """Language tags, plain strings and IRIs convert as rdflib's parser gives them (not ^^xsd:string)."""
    ds = load_dataset(seed_out)
    labels = {
        o for o in ds.objects(URIRef("https://w3id.org/ceasefire-kg/id/actor/putin"), None) if isinstance(o, Literal)
    }
    assert Literal("Vladimir Putin", lang="en") in labels
    assert all(o.datatype != XSD.string for o in _literals(ds))
