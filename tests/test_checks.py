"""The ontology's SPARQL quality checks: all pass on ontology/, and each catches its defect."""

from __future__ import annotations

from conftest import DATA
from rdflib import Graph

from kg.validate.ontology_checks import check_files, run_checks
from kg.vocab import load_ontology_graph

C = "https://w3id.org/ceasefire-kg/ontology#"
S = "https://w3id.org/ceasefire-kg/stance/"


def test_the_ontology_passes_every_check():
    assert len(check_files()) == 8
    assert run_checks(load_ontology_graph()) == []


def test_each_check_catches_its_defect():
    g = Graph().parse(DATA / "checks" / "bad-ontology.ttl")
    found = {f.check.rsplit("/", 1)[-1]: f.rows for f in run_checks(g)}
    assert found == {
        "01-term-without-label.rq": [(C + "Unlabelled",)],
        "02-term-without-definition.rq": [(C + "Unlabelled",)],
        "03-property-without-domain-or-range.rq": [(C + "noRange", "rdfs:range")],
        "04-concept-without-notation-or-label.rq": [
            (S + "c", "0 skos:notation values"),
            (S + "d", "in no scheme"),
            (S + "d", "no skos:prefLabel"),
        ],
        "05-duplicate-notation.rq": [("https://w3id.org/ceasefire-kg/stance", "same", S + "a", S + "b")],
        "06-unmapped-concept.rq": [(S + "a",)],
        "07-duplicate-label.rq": [("twin", C + "Twin", C + "twin")],
        "08-dangling-class.rq": [(C + "Undeclared",)],
    }
