"""kg.join_order: rdflib joins a pattern's triples in an order chosen from the data, with the same answers."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS

from kg.query.named import named_queries
from kg.store import MemoryStore
from kg.store.files import load_dataset
from kg.store.join_order import enable, planner

EX = "urn:ex:"


def _plain_answers(dataset, sparql: str) -> list[tuple]:
    return [tuple(row) for row in dataset.query(sparql)]


@pytest.fixture(scope="module")
def seed_datasets(seed_out):
    """The seed twice: once as rdflib leaves it, once with the join planner."""
    return load_dataset(seed_out), MemoryStore(load_dataset(seed_out))


@pytest.mark.parametrize("name", named_queries())
def test_named_queries_answer_as_rdflib_does(seed_datasets, name):
    plain, store = seed_datasets
    query = named_queries()[name]
    expected = _plain_answers(plain, query.text)
    got = store.select(query.text).rows
    assert Counter(got) == Counter(expected)
    if "ORDER BY" in query.text:
        assert got == expected


def test_evidence_sentence_starts_from_the_sentences_and_checks_each_selector_once(seed_datasets):
    _, store = seed_datasets
    text = named_queries()["evidence-sentence"].text
    assert planner(store.dataset).order_of(text) == [
        "?s schema:text ?text",
        "?s cfo:ordinal ?sentence",
        "?evidence cfo:inSentence ?s",
        "?evidence oa:hasSource ?source",
        "?node cfo:evidence ?evidence",
        "?evidence oa:hasSelector ?p",
        "?p oa:end ?end",
        "?p oa:start ?start",
        "?evidence oa:hasSelector ?q",
        "?q oa:exact ?quote",
    ]


def test_a_bound_variable_leads(seed_datasets):
    _, store = seed_datasets
    text = named_queries()["evidence-sentence"].text
    from rdflib.plugins.sparql import prepareQuery

    from kg.store.join_order import _bgps

    bgp = next(_bgps(prepareQuery(text).algebra))
    first = planner(store.dataset).order(bgp.triples, {Variable("node")})[0]
    assert first == (Variable("node"), URIRef("https://w3id.org/ceasefire-kg/ontology#evidence"), Variable("evidence"))


@pytest.fixture()
def small():
    """A dataset of two named graphs, fifty things and a few labels, with the planner on."""
    ds = Dataset(default_union=True)
    g1, g2 = ds.graph(URIRef(EX + "g1")), ds.graph(URIRef(EX + "g2"))
    for i in range(50):
        g1.add((URIRef(f"{EX}x{i}"), RDF.type, URIRef(EX + "Thing")))
    g2.add((URIRef(EX + "x7"), RDFS.label, Literal("seven")))
    g2.add((URIRef(EX + "x8"), RDFS.label, Literal("eight", lang="en")))
    g2.add((URIRef(EX + "x8"), URIRef(EX + "same"), URIRef(EX + "x8")))
    g2.add((URIRef(EX + "x7"), URIRef(EX + "same"), URIRef(EX + "x8")))
    g2.add((URIRef(EX + "x7"), URIRef(EX + "next"), URIRef(EX + "x8")))
    plain = Dataset(default_union=True)
    for quad in ds.quads((None, None, None, None)):
        plain.add(quad)
    enable(ds)
    return ds, plain


SMALL_QUERIES = {
    "a variable twice in one pattern": "SELECT ?x WHERE { ?x a <urn:ex:Thing> . ?x <urn:ex:same> ?x }",
    "a variable predicate": "SELECT ?x ?p ?y WHERE { ?x a <urn:ex:Thing> ; ?p ?y . ?y a <urn:ex:Thing> }",
    "a blank node as a variable": "SELECT ?l WHERE { [ a <urn:ex:Thing> ; rdfs:label ?l ] }",
    "a property path": "SELECT ?x ?y WHERE { ?x a <urn:ex:Thing> . ?x (<urn:ex:same>|<urn:ex:next>)+ ?y }",
    "optional and filter": """SELECT ?x ?l WHERE { ?x a <urn:ex:Thing> ; <urn:ex:same> ?y .
                                OPTIONAL { ?x rdfs:label ?l } FILTER(?y != ?x) }""",
    "values first": "SELECT ?x ?l WHERE { VALUES ?x { <urn:ex:x8> } ?x a <urn:ex:Thing> ; rdfs:label ?l }",
    "a named graph": "SELECT ?g ?x WHERE { GRAPH ?g { ?x rdfs:label ?l ; <urn:ex:same> ?y } }",
    "a subquery": """SELECT ?x ?n WHERE { ?x rdfs:label ?l .
                       { SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x a <urn:ex:Thing> ; <urn:ex:same> ?y } GROUP BY ?x } }""",
    "no answer": "SELECT ?x WHERE { ?x a <urn:ex:Thing> ; rdfs:label 'nine' }",
}

SMALL_ANSWERS = {
    "a variable twice in one pattern": [("urn:ex:x8",)],
    "a variable predicate": [
        ("urn:ex:x7", "urn:ex:next", "urn:ex:x8"),
        ("urn:ex:x7", "urn:ex:same", "urn:ex:x8"),
        ("urn:ex:x8", "urn:ex:same", "urn:ex:x8"),
    ],
    "a blank node as a variable": [("eight",), ("seven",)],
    "a property path": [("urn:ex:x7", "urn:ex:x8"), ("urn:ex:x8", "urn:ex:x8")],
    "optional and filter": [("urn:ex:x7", "seven")],
    "values first": [("urn:ex:x8", "eight")],
    "a named graph": [("urn:ex:g2", "urn:ex:x7"), ("urn:ex:g2", "urn:ex:x8")],
    "a subquery": [("urn:ex:x7", "1"), ("urn:ex:x8", "1")],
    "no answer": [],
}


@pytest.mark.parametrize("case", SMALL_QUERIES)
def test_small_queries_answer_as_rdflib_does(small, case):
    ds, plain = small
    got = sorted(tuple(map(str, row)) for row in ds.query(SMALL_QUERIES[case]))
    assert got == SMALL_ANSWERS[case]
    assert got == sorted(tuple(map(str, row)) for row in plain.query(SMALL_QUERIES[case]))


def test_datasets_not_enabled_are_left_to_rdflib(small):
    _, plain = small
    assert not hasattr(plain, "_kg_join_planner")
    assert [str(r.x) for r in plain.query(SMALL_QUERIES["a variable twice in one pattern"])] == ["urn:ex:x8"]


def test_a_plain_graph_can_be_enabled():
    g = Graph()
    for i in range(20):
        g.add((URIRef(f"{EX}x{i}"), RDF.type, URIRef(EX + "Thing")))
    g.add((URIRef(EX + "x3"), RDFS.label, Literal("three")))
    enable(g)
    assert [str(r.x) for r in g.query("SELECT ?x WHERE { ?x a <urn:ex:Thing> ; rdfs:label 'three' }")] == ["urn:ex:x3"]
    assert (
        planner(g).order_of("SELECT ?x WHERE { ?x a <urn:ex:Thing> ; rdfs:label 'three' }")[0]
        == '?x rdfs:label "three"'
    )
