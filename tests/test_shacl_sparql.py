"""The SPARQL-compiled validator agrees with pySHACL, the reference, on every example, the seed and the test article."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEED_YAML
from rdflib import Graph

from kg.namespaces import bind_prefixes
from kg.validate.shacl import load_shapes, validate_dataset, validate_graph
from kg.validate.shacl_sparql import UnsupportedShape, compile_shapes
from kg.vocab import load_ontology_graph

EXAMPLES = sorted((DATA / "shapes").glob("*.ttl"))


def _keys(report) -> set[tuple]:
    return {(v.node, v.path) for v in report.violations}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.removesuffix(".ttl"))
def test_both_engines_agree_on_each_example(path: Path):
    data = Graph()
    bind_prefixes(data)
    data.parse(path, format="turtle")
    onto = load_ontology_graph()
    fast = validate_graph(data, onto, engine="sparql")
    reference = validate_graph(data, onto, engine="pyshacl")
    assert fast.conforms == reference.conforms == (".valid." in path.name)
    assert _keys(fast) == _keys(reference)


@pytest.mark.parametrize("annotation", [SEED_YAML, DATA / "mini" / "mini.yaml"], ids=["seed", "mini"])
def test_both_engines_find_real_graphs_valid(annotation):
    from kg.builder.article import build

    ds = build([annotation]).dataset
    assert validate_dataset(ds, engine="sparql").conforms
    assert validate_dataset(ds, engine="pyshacl").conforms


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
        "hasValue",
        "in",
        "lessThan",
        "lessThanOrEquals",
        "maxCount",
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
