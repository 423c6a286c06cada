"""The namespaces of ceasefire-kg, declared once.

rdflib ships PROV, TIME, SKOS, SDO (schema.org), DCTERMS, FOAF and ORG; Web Annotation (OA) is declared here,
with our own: the ontology (CFO), instance data (ID) and the SKOS concept schemes.

Examples
--------
>>> from kg.namespaces import CFO, ID
>>> str(CFO.Position)
'https://w3id.org/ceasefire-kg/ontology#Position'
>>> str(ID["actor/tokayev"])
'https://w3id.org/ceasefire-kg/id/actor/tokayev'
"""

from __future__ import annotations

from datetime import datetime

import rdflib.term
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

BASE = "https://w3id.org/ceasefire-kg/"
ONTOLOGY_IRI = BASE + "ontology"
CFO = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
#: the named graph where the build writes where the sources disagree (kg/builder/disagreements.py)
DISAGREEMENTS_GRAPH = ID["graph/disagreements"]
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "cfo": CFO,
    "cfid": ID,
    "stance": Namespace(BASE + "stance/"),
    "tc": Namespace(BASE + "term-category/"),
    "oa": OA,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "schema": SDO,
    "org": ORG,
    "foaf": FOAF,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


#: the project's prefixes as a SPARQL prologue
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def with_prefixes(sparql: str) -> str:
    """The query with the project's prefixes declared, unless it declares its own.

    >>> with_prefixes("SELECT * WHERE { ?s a cfo:Proposal }").splitlines()[0]
    'PREFIX cfo: <https://w3id.org/ceasefire-kg/ontology#>'
    """
    return sparql if "PREFIX" in sparql.upper() else PROLOGUE + sparql


def _date_time_stamp(lexical: str) -> datetime:
    """The value of an xsd:dateTimeStamp: a date and time with its zone offset (rdflib does not know the type, so
    that without this its literals would not compare: SHACL's lessThanOrEquals on cfo:earliestInstant)."""
    value = datetime.fromisoformat(lexical)
    if value.tzinfo is None:
        raise ValueError(f"an xsd:dateTimeStamp needs its zone offset: {lexical!r}")
    return value


rdflib.term.bind(
    XSD.dateTimeStamp, datetime, constructor=_date_time_stamp, lexicalizer=datetime.isoformat, datatype_specific=True
)
