"""ASK, CONSTRUCT and DESCRIBE queries: on every store, through the API and `kg query`, in their formats."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef

import kg
from kg.errors import InputError
from tests.conftest import kg_main

TOKAYEV = URIRef("https://w3id.org/ceasefire-kg/id/actor/tokayev")
PUTIN = URIRef("https://w3id.org/ceasefire-kg/id/actor/putin")
HANDLES = "CONSTRUCT { ?x cfo:handle ?h } WHERE { ?x cfo:handle ?h }"


@pytest.fixture(scope="module", params=["default", "memory", "oxigraph"])
def graph(request, seed_out, tmp_path_factory):
    store = {"default": None, "memory": "memory", "oxigraph": f"oxigraph:{tmp_path_factory.mktemp('ox')}"}
    return kg.load(seed_out, store=store[request.param])


def test_ask_is_true_or_false_with_params_bound(graph):
    assert graph.ask("ASK { ?p cfo:handle ?h }", h="@TokayevKZ") is True
    assert graph.ask("ASK { ?p cfo:handle ?h }", h="@nobody") is False


def test_construct_gives_the_graph_it_builds(graph):
    built = graph.construct(HANDLES)
    assert isinstance(built, Graph)
    assert sorted((str(s), str(o)) for s, _, o in built) == [
        ("https://w3id.org/ceasefire-kg/id/actor/putin", "@KremlinRussia_E"),
        ("https://w3id.org/ceasefire-kg/id/actor/ruslan-zheldibay", "@RuslanZheldibay"),
        ("https://w3id.org/ceasefire-kg/id/actor/tokayev", "@TokayevKZ"),
        ("https://w3id.org/ceasefire-kg/id/actor/trump", "@realDonaldTrump"),
    ]


def test_construct_binds_params_in_its_where_group_not_its_template(graph):
    built = graph.construct("CONSTRUCT {\n  ?x cfo:handle ?h\n}\nWHERE {\n  ?x cfo:handle ?h\n}", h="@TokayevKZ")
    assert set(built) == {(TOKAYEV, URIRef("https://w3id.org/ceasefire-kg/ontology#handle"), Literal("@TokayevKZ"))}


def test_describe_gives_what_the_graph_says_of_the_node(graph):
    described = graph.construct("DESCRIBE ?x WHERE { ?x cfo:handle ?h }", h="@TokayevKZ")
    assert {s for s, _, _ in described} >= {TOKAYEV}
    assert (
        TOKAYEV,
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Qasym-Jomart Toqayev", lang="en"),
    ) in (described)


def test_the_api_says_which_method_fits_a_query(graph):
    with pytest.raises(InputError, match="not a SELECT query but ASK"):
        graph.query("ASK { ?s ?p ?o }")
    with pytest.raises(InputError, match="not an ASK query but CONSTRUCT"):
        graph.ask(HANDLES)
    with pytest.raises(InputError, match="not a CONSTRUCT or DESCRIBE query but SELECT"):
        graph.construct("SELECT * WHERE { ?s ?p ?o }")


def test_kg_query_prints_an_ask_answer(seed_out):
    r = kg_main("query", "-", "--from", seed_out, stdin='ASK { ?p cfo:handle "@TokayevKZ" }')
    assert (r.returncode, r.stdout, r.stderr) == (0, "true\n", "")
    r = kg_main("query", "-", "--from", seed_out, "--format", "json", stdin='ASK { ?p cfo:handle "@nobody" }')
    assert (r.returncode, json.loads(r.stdout)) == (0, {"head": {}, "boolean": False})


def test_kg_query_prints_a_graph_as_turtle_by_default(seed_out):
    r = kg_main("query", "-", "--from", seed_out, stdin=HANDLES)
    assert r.returncode == 0, r.stderr
    parsed = Graph().parse(data=r.stdout, format="turtle")
    assert len(parsed) == 4
    assert r.stdout.startswith("@prefix cfo: <https://w3id.org/ceasefire-kg/ontology#> .")


def test_kg_query_prints_a_graph_as_sorted_n_triples(seed_out):
    r = kg_main("query", "-", "--from", seed_out, "--format", "nt", stdin=HANDLES)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        '<https://w3id.org/ceasefire-kg/id/actor/putin> <https://w3id.org/ceasefire-kg/ontology#handle> "@KremlinRussia_E" .',
        "<https://w3id.org/ceasefire-kg/id/actor/ruslan-zheldibay> <https://w3id.org/ceasefire-kg/ontology#handle> "
        '"@RuslanZheldibay" .',
        '<https://w3id.org/ceasefire-kg/id/actor/tokayev> <https://w3id.org/ceasefire-kg/ontology#handle> "@TokayevKZ" .',
        '<https://w3id.org/ceasefire-kg/id/actor/trump> <https://w3id.org/ceasefire-kg/ontology#handle> "@realDonaldTrump" .',
    ]


def test_kg_query_prints_a_graph_as_json_ld(seed_out):
    r = kg_main("query", "-", "--from", seed_out, "--format", "jsonld", stdin=HANDLES)
    assert r.returncode == 0, r.stderr
    parsed = Graph().parse(data=r.stdout, format="json-ld")
    assert (PUTIN, URIRef("https://w3id.org/ceasefire-kg/ontology#handle"), Literal("@KremlinRussia_E")) in parsed


def test_kg_query_caps_the_triples_it_prints(seed_out):
    r = kg_main("query", "-", "--from", seed_out, "--format", "nt", "--limit", "1", stdin=HANDLES)
    assert r.returncode == 0
    assert r.stdout.splitlines() == [
        '<https://w3id.org/ceasefire-kg/id/actor/putin> <https://w3id.org/ceasefire-kg/ontology#handle> "@KremlinRussia_E" .'
    ]
    assert r.stderr.splitlines()[0] == (
        "kg query: showing the first 1 of 4 triples (in N-Triples order); --limit N shows more, --limit 0 every triple"
    )


@pytest.mark.parametrize(
    ("query", "fmt", "first_line"),
    [
        ("ASK { ?s ?p ?o }", "csv", "kg query: --format csv does not fit an ASK query, which answers true or false"),
        (
            HANDLES,
            "table",
            "kg query: --format table does not fit a CONSTRUCT or DESCRIBE query, which answers with a graph",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
            "nt",
            "kg query: --format nt does not fit a SELECT query, which answers with rows",
        ),
    ],
)
def test_a_format_that_does_not_fit_the_answer_is_a_usage_error(seed_out, query, fmt, first_line):
    r = kg_main("query", "-", "--from", seed_out, "--format", fmt, stdin=query)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.splitlines()[0] == first_line
