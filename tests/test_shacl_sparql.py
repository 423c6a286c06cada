"""The SPARQL-compiled validator agrees with pySHACL, the reference, on every example, the seed and the test article.

pySHACL runs with its SPARQL texts parsed once each (conftest.reused_sparql_parses); the reports are the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, MINI_YAML, SEED_YAML, example_report, reused_sparql_parses, shapes_graph

from kg.validate.shacl import load_shapes, validate_dataset
from kg.validate.shacl_sparql import UnsupportedShape, compile_shapes

EXAMPLES = sorted((DATA / "shapes").glob("*.ttl"))


def _keys(report) -> set[tuple]:
    return {(v.node, v.path) for v in report.violations}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.removesuffix(".ttl"))
def test_both_engines_agree_on_each_example(path: Path):
    _data, fast = example_report(path, "sparql")  # (test_shapes checks this report against the file's header)
    _data, reference = example_report(path, "pyshacl")
    assert fast.conforms == reference.conforms == (".valid." in path.name)
    assert _keys(fast) == _keys(reference)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.removesuffix(".ttl"))
def test_the_builds_validation_finds_what_the_source_shows(path: Path):
    """`kg build` validates a store whose default graph holds the merged triples, without an rdflib source:
    it reports each example's violations as validating with the source does (the same messages, as many),
    except an xsd:integer where the shape wants an xsd:nonNegativeInteger, which Oxigraph stores alike."""
    from conftest import ontology_graph
    from rdflib import Graph, URIRef

    from kg.namespaces import ONTOLOGY_IRI, bind_prefixes
    from kg.store.oxigraph import merge_default_graph
    from kg.store.terms import oxigraph_from_graphs
    from kg.validate.shacl import ONE_SOURCE, validate_store

    data = Graph()
    bind_prefixes(data)
    data.parse(path, format="turtle")
    store = oxigraph_from_graphs({ONE_SOURCE: data, URIRef(ONTOLOGY_IRI): ontology_graph()})
    source = data + ontology_graph()
    with_source = sorted(v.message for v in validate_store(store, shapes_graph(), source))
    merge_default_graph(store)
    found = validate_store(store, shapes_graph())
    assert len(found) == len({(v.node, v.path, v.value, v.message) for v in found})  # each once
    if path.name == "TextPositionSelector.invalid.ttl":
        assert with_source and not found
    else:
        assert sorted(v.message for v in found) == with_source
        assert bool(found) == (".invalid" in path.name)


@pytest.mark.slow
@pytest.mark.parametrize(
    "annotation", [SEED_YAML, MINI_YAML, DATA / "additions" / "additions.yaml"], ids=["seed", "mini", "additions"]
)
def test_both_engines_find_real_graphs_valid(annotation, seed_build):
    from kg.builder.article import build

    ds = seed_build.dataset if annotation == SEED_YAML else build([annotation]).dataset
    assert validate_dataset(ds, shapes_graph(), engine="sparql").conforms
    with reused_sparql_parses():
        assert validate_dataset(ds, shapes_graph(), engine="pyshacl").conforms


def test_unsupported_shapes_are_refused():
    shapes = load_shapes()
    shapes.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cfo: <https://w3id.org/ceasefire-kg/ontology#> .
        cfo:Odd a sh:NodeShape ; sh:targetClass cfo:Actor ;
            sh:property [ sh:path cfo:holder ; sh:uniqueLang true ] .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="uniqueLang"):
        compile_shapes(shapes)


def test_every_constraint_compiles_to_a_query():
    checks = compile_shapes(load_shapes())
    components = {c.component for c in checks}
    assert components == {
        "class",
        "datatype",
        "disjoint",
        "hasValue",
        "in",
        "lessThan",
        "lessThanOrEquals",
        "maxCount",
        "maxInclusive",
        "minCount",
        "minInclusive",
        "minLength",
        "node",
        "nodeKind",
        "or",
        "pattern",
        "qualifiedValueShape",
        "sparql",
    }
