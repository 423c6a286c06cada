"""The stores give the same answers: rdflib in memory, the default store, Oxigraph on disk, and a real SPARQL
endpoint.

One build of the seed (the session fixture ``seed_out``) is opened four ways:

* ``MemoryStore``: rdflib (its joins ordered by ``kg.join_order``);
* ``HybridStore``, the default (``kg.load``): Oxigraph in memory for the project's own queries, rdflib for the
  rest (tests/test_loading.py checks that its answers are rdflib's term for term);
* ``OxigraphStore``: pyoxigraph in a temporary folder;
* ``EndpointStore``: ``oxigraph serve-read-only`` on a free loopback port.

Each binds params the same way, as a checked ``VALUES`` block first in the query's WHERE group.

Every named query is run with no params, and with one representative value for each declared param; the
answers must have the same variables and the same rows, as multisets. Params are also checked to be bound as
RDF terms, never as query text: a value crafted to break out of a string changes nothing.
"""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import InputError
from kg.namespaces import ID
from kg.query.graph import KnowledgeGraph, load
from kg.query.named import NamedQuery, named_queries
from kg.store import EndpointStore, MemoryStore, OxigraphStore, Result, Store, open_store
from kg.store.serve import ServeError, free_port, prepare_store, start_server, stop_server

STORES = ("memory", "default", "oxigraph", "endpoint")
QUERIES = named_queries()

# One value for each declared param of each named query, named as a user names it (label, alias or id);
# each gives a non-empty answer on the seed article.
PARAM_VALUES: dict[tuple[str, str], str] = {
    ("positions", "holder"): "Putin",
    ("positions", "target"): "Complete ceasefire",
    ("proposal-terms", "proposal"): "energy pause",
    ("proposers", "proposal"): "China–Brazil six-point peace plan",
    ("agreed-and-rejected", "actor"): "Russia",
    ("conditions", "target"): "Complete ceasefire",
    ("in-effect", "proposal"): "energy pause",
    ("alleged-violations", "proposal"): "energy pause",
    ("event-participants", "event"): "Trump–Putin phone call",
    ("no-position", "actor"): "Russia",
    ("claims", "claimant"): "Ukraine",
    ("evidence-sentence", "node"): "Putin",
    ("in-force", "date"): "2025-03-20",
    ("disagreements", "proposal"): "energy pause",
    ("disagreements", "kind"): "stance",
    ("windows", "proposal"): "energy pause",
}

#: queries with no answer on the seed alone (one source disagrees with no other): tests/test_disagreements.py
#: compares their answers on every store with a corpus of several sources
EMPTY_ON_SEED = {"disagreements"}

# Nodes of the seed graph to bind when a param's column should come back empty (the first one that is not
# among the param's values in the unbound answer is used).
OTHER_NODES = ("Complete ceasefire", "Vladimir Putin", "Ukraine", "energy pause", "Trump–Putin phone call")

#: queries whose every param narrows the answer (node params); a query with another param needs it
OPTIONAL_PARAMS = {name for name, q in QUERIES.items() if all(p.kind == "iri" for p in q.params.values())}
CASES = [(name, None) for name in QUERIES if name in OPTIONAL_PARAMS] + [
    (name, p) for name, q in QUERIES.items() for p in q.params
]


def _case_id(case: tuple[str, str | None]) -> str:
    name, param = case
    return f"{name}[{param}]" if param else f"{name}[no params]"


# -- the stores -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stores(seed_out: Path, tmp_path_factory) -> dict[str, Store]:
    """The seed build in memory (rdflib, and the default store), in an Oxigraph store, and behind a real
    read-only Oxigraph server."""
    tmp = tmp_path_factory.mktemp("stores")
    memory = MemoryStore.from_out(seed_out)
    oxigraph = open_store(seed_out, "oxigraph:" + str(tmp / "oxigraph"))
    assert isinstance(oxigraph, OxigraphStore)
    served = prepare_store(seed_out, tmp / "served")
    process = None
    for _attempt in range(3):  # a free port can be taken by someone else between free_port() and the bind
        port = free_port()
        try:
            process = start_server(served, port)  # stops its own process when it fails
            break
        except ServeError:
            continue
    assert process is not None, "could not start `oxigraph serve-read-only` on a free loopback port"
    try:
        yield {
            "memory": memory,
            "default": load(seed_out).store,
            "oxigraph": oxigraph,
            "endpoint": EndpointStore(f"http://127.0.0.1:{port}/query", timeout=20),
        }
    finally:
        stop_server(process)
        assert process.poll() is not None


@pytest.fixture(scope="module")
def graph(stores) -> KnowledgeGraph:
    """The graph in memory: the one that resolves names to nodes for all the stores."""
    return KnowledgeGraph(stores["memory"])


def _node(graph: KnowledgeGraph, name: str) -> URIRef:
    return graph.resolve(name)


def _param(graph: KnowledgeGraph, query: NamedQuery, param: str):
    """The representative value of a param: a node for a node param, else the text the CLI would pass."""
    value = PARAM_VALUES[(query.name, param)]
    return _node(graph, value) if query.params[param].kind == "iri" else value


def _run(store: Store, query: NamedQuery, params: dict[str, URIRef] | None = None) -> Result:
    # no time limit: rdflib takes seconds for the larger queries, more on a busy machine (the limits have tests
    # of their own)
    return KnowledgeGraph(store, timeout=None).select(query.text, params or {}, query, source=str(query.path))


# -- comparing answers ----------------------------------------------------------------------------------------
def _value(term):
    """A cell as compared across stores.

    IRIs compare as rdflib terms. Literals compare by their Python value (``toPython()``), its type and their
    language tag, not as rdflib terms: Oxigraph stores numbers in canonical form and derived integer types
    as xsd:integer (``"30.0"^^xsd:decimal`` comes back as ``"30"``, ``"3"^^xsd:positiveInteger`` as
    ``"3"^^xsd:integer``), and a string may come back as a plain literal or as ``^^xsd:string`` (the same
    RDF 1.1 literal). The type name keeps ``true`` apart from ``1`` (``True == 1`` in Python). Blank nodes
    have no identity across stores (none of the named queries return one).
    """
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Literal):  # a datatype rdflib does not map to Python: keep the lexical form
            return ("literal", str(term), str(term.datatype), term.language)
        return ("literal", type(value).__name__, value, term.language)
    if isinstance(term, BNode):
        return ("blank node",)
    return term


def _multiset(result: Result) -> Counter:
    return Counter(tuple(_value(t) for t in row) for row in result.rows)


NUMERIC = {
    XSD.integer,
    XSD.positiveInteger,
    XSD.nonNegativeInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.long,
    XSD.int,
    XSD.short,
    XSD.byte,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
    XSD.decimal,
}


def _strict(term):
    """A cell compared as an rdflib term, except for the canonical forms of numbers (see :func:`_value`)."""
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        return ("number", term.toPython())
    return term


# -- the same answers everywhere ------------------------------------------------------------------------------
def test_every_declared_param_has_a_representative_value():
    declared = {(name, p) for name, q in QUERIES.items() for p in q.params}
    assert declared == set(PARAM_VALUES), "add a value to PARAM_VALUES for each new param (and drop old ones)"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_named_queries_answer_alike_on_all_stores(stores, graph, case):
    name, param = case
    query = QUERIES[name]
    params = {param: _param(graph, query, param)} if param else None
    results = {s: _run(stores[s], query, params) for s in STORES}
    expected = results["memory"]
    assert len(expected) > 0 or name in EMPTY_ON_SEED, f"{name} gives no answer on the seed: pick another value"
    for s in STORES[1:]:
        assert results[s].vars == expected.vars, s
        assert len(results[s]) == len(expected), s
        got, want = _multiset(results[s]), _multiset(expected)
        same = got == want
        assert same, (
            f"{s} differs from memory: only in {s}: {list((got - want).elements())[:3]}; "
            f"only in memory: {list((want - got).elements())[:3]}"
        )


def test_terms_are_the_same_rdf_terms_on_all_stores(stores, graph):
    """Beyond the values: each cell is the same rdflib term (only the canonical form of numbers may differ).

    Callers compare what they get with ``Literal("...")``: a string must come back as a plain literal from
    every store, not as ``Literal("...", datatype=XSD.string)``, which rdflib holds unequal to it.
    """
    differ = {}
    for name, query in QUERIES.items():
        params = {p: _param(graph, query, p) for p in query.params} if name not in OPTIONAL_PARAMS else None
        results = {s: _run(stores[s], query, params) for s in STORES}
        want = Counter(tuple(_strict(t) for t in row) for row in results["memory"].rows)
        for s in STORES[1:]:
            got = Counter(tuple(_strict(t) for t in row) for row in results[s].rows)
            if got != want:
                extra = {t for row in got - want for t in row} - {t for row in want for t in row}
                differ[f"{s} {name}"] = sorted(extra, key=str)[:1]
    assert not differ, f"terms unlike memory's (query: an example term): {differ}"


def _other_node(graph: KnowledgeGraph, unbound: Result, param: str) -> URIRef:
    present = {row[unbound.vars.index(param)] for row in unbound.rows}
    for name in OTHER_NODES:
        node = _node(graph, name)
        if node not in present:
            return node
    return URIRef(str(ID) + "actor/no-such-node")  # every named node has a value here (evidence-sentence)


@pytest.mark.parametrize("case", [c for c in CASES if c[1] and c[0] in OPTIONAL_PARAMS], ids=_case_id)
@pytest.mark.parametrize("which", ["representative", "absent"])
def test_a_bound_param_selects_exactly_its_rows(stores, graph, case, which):
    """Binding ?p to a node gives the unbound answer's rows whose ?p is that node: no more, no fewer."""
    name, param = case
    query = QUERIES[name]
    for s in STORES:
        unbound = _run(stores[s], query)
        assert param in unbound.vars, f"the param ?{param} of {name} is not one of its columns"
        node = (
            _node(graph, PARAM_VALUES[(name, param)])
            if which == "representative"
            else _other_node(graph, unbound, param)
        )
        column = unbound.vars.index(param)
        expected = Counter(tuple(map(_value, row)) for row in unbound.rows if row[column] == node)
        got = _run(stores[s], query, {param: node})
        same = _multiset(got) == expected
        assert same, (
            f"{s}: {name} with {param}={node} gave {len(got)} rows, the unbound answer has {sum(expected.values())} "
            f"with that {param}; values of ?{param} returned: {sorted({str(r[column]) for r in got.rows})}"
        )


# -- an Oxigraph store is reused -------------------------------------------------------------------------------
def test_an_existing_oxigraph_store_is_reused_not_reloaded(seed_out, tmp_path):
    location = tmp_path / "oxigraph"
    first = open_store(seed_out, f"oxigraph:{location}")
    assert isinstance(first, OxigraphStore)
    loaded = len(first.store)
    assert loaded > 0
    import pyoxigraph as ox

    marker = ox.Quad(
        ox.NamedNode("urn:kg-test:s"),
        ox.NamedNode("urn:kg-test:p"),
        ox.Literal("kept"),
        ox.NamedNode("urn:kg-test:graph"),
    )
    talks = len(KnowledgeGraph(first).run("talks"))
    first.close()  # it is open read-only: a quad of our own is added through a read-write open
    with OxigraphStore(location) as writable:
        writable.store.add(marker)  # a reload would clear it
        writable.store.flush()

    # No build next to it: opening can only succeed by reusing what the folder holds (a reload would fail
    # with "run `kg build` first"), and it does not read the N-Quads again, so it opens at once.
    no_build = tmp_path / "no-build"
    no_build.mkdir()
    again = open_store(no_build, f"oxigraph:{location}")
    assert isinstance(again, OxigraphStore)
    assert len(again.store) == loaded + 1
    assert marker in again.store
    assert len(KnowledgeGraph(again).run("talks")) == talks > 0
    del again
    gc.collect()


def test_a_newer_build_reloads_the_oxigraph_store(seed_out, tmp_path):
    import os
    import shutil

    import pyoxigraph as ox

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    location = tmp_path / "oxigraph"
    first = open_store(out, f"oxigraph:{location}")
    marker = ox.Quad(
        ox.NamedNode("urn:kg-test:s"),
        ox.NamedNode("urn:kg-test:p"),
        ox.Literal("stale"),
        ox.NamedNode("urn:kg-test:graph"),
    )
    first.close()  # it is open read-only: a quad of our own is added through a read-write open
    with OxigraphStore(location) as writable:
        writable.store.add(marker)
        writable.store.flush()
    nq = out / "ceasefire-kg.nq"
    os.utime(nq, ns=(nq.stat().st_atime_ns, nq.stat().st_mtime_ns + 10**9))  # as a rebuild would
    again = open_store(out, f"oxigraph:{location}")
    assert marker not in again.store  # reloaded from the newer build
    del again
    gc.collect()


def test_an_empty_oxigraph_folder_is_loaded_and_no_build_is_a_clear_error(seed_out, tmp_path):
    from kg.errors import InputError

    empty = tmp_path / "empty"
    empty.mkdir()
    store = open_store(seed_out, f"oxigraph:{empty}")
    assert not store.is_empty()
    del store
    gc.collect()
    no_build = tmp_path / "no-build"
    no_build.mkdir()
    with pytest.raises(InputError, match="kg build"):
        open_store(no_build, f"oxigraph:{tmp_path / 'new'}")


# -- a large load is split over the cores -------------------------------------------------------------------
def _dataset(location):
    """What an Oxigraph store holds, as an rdflib Dataset (its blank nodes have new names on each load)."""
    import pyoxigraph as ox
    from rdflib import Dataset

    store = ox.Store.read_only(str(location))
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    del store
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


@pytest.mark.slow
@pytest.mark.parametrize("parts", [2, 5])
def test_a_load_in_pieces_holds_the_same_quads_as_one_in_one_piece(seed_out, tmp_path, parts):
    nq = seed_out / "ceasefire-kg.nq"
    whole, pieces = tmp_path / "whole", tmp_path / "pieces"
    for location, n in ((whole, 1), (pieces, parts)):
        store = OxigraphStore.load(location, nq, parts=n)
        del store
        gc.collect()
    from rdflib.compare import isomorphic

    got, expected = _dataset(pieces), _dataset(whole)
    assert len(expected) == len(nq.read_text(encoding="utf-8").splitlines())
    assert sorted(str(g.identifier) for g in got.graphs()) == sorted(str(g.identifier) for g in expected.graphs())
    for graph in expected.graphs():
        assert isomorphic(graph, got.graph(graph.identifier)), graph.identifier


def test_a_blank_node_cut_across_pieces_stays_one_node(tmp_path):
    nq = tmp_path / "b.nq"
    lines = ["_:shared <urn:p> <urn:first> <urn:g> ."]
    lines += [f"<urn:s{i}> <urn:p> <urn:o> <urn:g> ." for i in range(100)]
    lines += ["_:shared <urn:p> <urn:last> <urn:g> ."]
    nq.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = OxigraphStore.load(tmp_path / "store", nq, parts=4)
    rows = store.select("SELECT ?o WHERE { ?b <urn:p> <urn:first> , ?o . FILTER(isBlank(?b)) } ORDER BY ?o").rows
    assert [str(o) for (o,) in rows] == ["urn:first", "urn:last"]
    del store
    gc.collect()


def test_a_bad_line_in_a_split_load_names_the_file(tmp_path):
    from kg.store import StoreError

    nq = tmp_path / "bad.nq"
    lines = [f"<urn:s{i}> <urn:p> <urn:o> <urn:g> ." for i in range(50)] + ["<urn:s> <urn:p> oops ."]
    nq.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot load .*bad\.nq into the Oxigraph store"):
        OxigraphStore.load(tmp_path / "store", nq, parts=3)
    gc.collect()


# -- params are terms, not text --------------------------------------------------------------------------------
LABEL_QUERIES = {
    # ?name is not a column: the param only filters
    "unprojected": "SELECT ?s WHERE { ?s rdfs:label ?name }",
    "projected": "SELECT ?s ?name WHERE { ?s rdfs:label ?name }",
}
CRAFTED = [
    'x" } UNION { ?s ?p ?o } #',
    'x\\" } UNION { ?s ?p ?o } #',
    'x"""\n} UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    'x" ) } UNION { ?s ?p ?o } VALUES (?z) { ("',
    'x") (UNDEF) ("',
]


@pytest.mark.parametrize("shape", list(LABEL_QUERIES))
@pytest.mark.parametrize("store", STORES)
def test_a_real_label_selects_its_node(stores, graph, store, shape):
    """The control for the next test: bound to a real label, the same query finds the node."""
    g = KnowledgeGraph(stores[store])
    assert len(g.select(LABEL_QUERIES[shape])) > 1
    result = g.select(LABEL_QUERIES[shape], {"name": Literal("Vladimir Putin", lang="en")})
    assert [row[0] for row in result.rows] == [_node(graph, "Putin")]
    # bound as a term: the plain string (no language tag) is another literal, and matches no label
    assert len(g.select(LABEL_QUERIES[shape], {"name": Literal("Vladimir Putin")})) == 0


@pytest.mark.parametrize("shape", list(LABEL_QUERIES))
@pytest.mark.parametrize("store", STORES)
def test_a_crafted_string_param_changes_nothing(stores, store, shape):
    """Quotes, braces and a `} UNION {` in a string param stay inside the literal: no label matches it."""
    g = KnowledgeGraph(stores[store])
    for crafted in CRAFTED:
        for value in (Literal(crafted), Literal(crafted, lang="en")):
            rows = len(g.select(LABEL_QUERIES[shape], {"name": value}))
            assert rows == 0, f"{store}: ?name bound to {value.n3()} gave {rows} rows"


@pytest.mark.parametrize("store", STORES)
def test_a_crafted_iri_cannot_widen_the_answer(stores, store):
    """An IRI (or a literal's datatype IRI) that is not a valid IRI is refused on every store (exit code 2).

    Written into a VALUES block unchecked, ``<http://x>) (UNDEF) ("b"^^<http://y>`` would add an UNDEF row,
    unbinding ?name and answering with every label.
    """
    g = KnowledgeGraph(stores[store])
    text = LABEL_QUERIES["projected"]
    escape = 'http://x>) (UNDEF) ("b"^^<http://y'
    for value in (URIRef(escape), Literal("a", datatype=URIRef(escape))):
        with pytest.raises(InputError, match=r"^not an IRI: 'http://x>\) \(UNDEF\)"):
            g.select(text, {"name": value})


def test_the_pieces_go_where_there_is_room():
    from kg.store.oxigraph import _scratch_dir

    assert _scratch_dir(1) is not None
    assert _scratch_dir(2**62) is None  # no room anywhere: OxigraphStore.load then loads the file whole


def test_a_reload_that_dies_is_never_taken_as_fresh(seed_out, tmp_path, monkeypatch):
    """The "loaded from" marker is cleared before a reload and written after it: a reload that dies half way
    (here a fault injected into the load) leaves a store that the next open loads again."""
    import os
    import shutil

    from kg.store import SOURCE_MARKER, OxigraphStore

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    location = tmp_path / "oxigraph"
    first = open_store(out, f"oxigraph:{location}")
    del first
    gc.collect()
    assert (location / SOURCE_MARKER).exists()
    nq = out / "ceasefire-kg.nq"
    os.utime(nq, ns=(nq.stat().st_atime_ns, nq.stat().st_mtime_ns + 10**9))  # a rebuild: the store is stale

    real_load = OxigraphStore.load

    def dies(cls, location, nquads, parts=None):
        store = cls(location)
        store.store.clear()  # what a load does first; then the process dies
        del store
        raise KeyboardInterrupt

    monkeypatch.setattr(OxigraphStore, "load", classmethod(dies))
    with pytest.raises(KeyboardInterrupt):
        open_store(out, f"oxigraph:{location}")
    gc.collect()
    assert not (location / SOURCE_MARKER).exists()
    monkeypatch.setattr(OxigraphStore, "load", real_load)
    again = open_store(out, f"oxigraph:{location}")
    proposals = "SELECT ?p WHERE { ?p a <https://w3id.org/ceasefire-kg/ontology#Proposal> }"
    assert len(again.select(proposals)) == 7  # loaded whole again
    del again
    gc.collect()
