"""The ontology as the builder and the reports read it: classes, annotation fields, concept schemes, labels.

Everything the code needs to know about the model comes from ``ontology/*.ttl``; nothing here lists a
stance, a category or a field name of its own.

Examples
--------
>>> from kg.vocab import load_vocabulary
>>> v = load_vocabulary()
>>> v.concept_label(v.concept("stance", "welcomes"))
'welcomes'
>>> v.field("holder").iri.n3(v.graph.namespace_manager)
'cfo:holder'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import BASE, CFO, bind_prefixes
from kg.rdf import iri
from kg.resources import ONTOLOGY_DIR, SHAPES_FILE, ResourceMissing, resource_files


@dataclass(frozen=True)
class Field:
    """An annotation field: the property it fills and how its values are read."""

    key: str
    iri: URIRef
    kind: str  # "object" | "datatype"
    range: URIRef | None
    scheme: URIRef | None  # for concept-valued properties: the scheme values come from

    @property
    def is_time(self) -> bool:
        return self.range is not None and str(self.range).startswith("http://www.w3.org/2006/time#")


class Vocabulary:
    """Read-only view of the ontology graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        bind_prefixes(graph)
        self.sections: dict[str, URIRef] = {
            str(o): s for s, o in graph.subject_objects(CFO.annotationSection) if isinstance(s, URIRef)
        }
        self.fields: dict[str, Field] = {}
        for prop in (
            set(graph.subjects(RDF.type, OWL.ObjectProperty))
            | set(graph.subjects(RDF.type, OWL.DatatypeProperty))
            | set(graph.subjects(CFO.annotationKey, None))
        ):
            if not isinstance(prop, URIRef):
                continue
            key = graph.value(prop, CFO.annotationKey)
            if key is None and str(prop).startswith(str(CFO)):
                key = Literal(str(prop)[len(str(CFO)) :])
            if key is None:
                continue
            kind = "datatype" if (prop, RDF.type, OWL.DatatypeProperty) in graph else "object"
            rng = graph.value(prop, RDFS.range)
            self.fields[str(key)] = Field(str(key), prop, kind, iri(rng), iri(graph.value(prop, CFO.valuesFrom)))

    # -- classes ---------------------------------------------------------------------------------
    def is_subclass(self, cls: Node, base: URIRef) -> bool:
        """True if ``cls`` is ``base`` or (transitively) a subclass of it."""
        return base in set(self.graph.transitive_objects(cls, RDFS.subClassOf))

    def superclasses(self, cls: Node) -> list[URIRef]:
        """``cls`` and its superclasses in our namespace, in IRI order."""
        return sorted(
            c
            for c in self.graph.transitive_objects(cls, RDFS.subClassOf)
            if isinstance(c, URIRef) and c.startswith(str(CFO))
        )

    def classes_under(self, base: URIRef) -> list[URIRef]:
        """Our classes that are ``base`` or below it, sorted."""
        return sorted(
            c
            for c in self.graph.transitive_subjects(RDFS.subClassOf, base)
            if isinstance(c, URIRef) and c.startswith(str(CFO))
        )

    def local(self, iri: Node) -> str:
        """The local name of one of our IRIs (after '#' or the last '/')."""
        s = str(iri)
        return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]

    def kinds(self) -> dict[URIRef, URIRef]:
        """Each of our classes -> the kind of node it is: the section class it falls under (Actor, Proposal...)."""
        return {c: base for base in self.sections.values() for c in self.classes_under(base)}

    def class_named(self, name: str) -> URIRef | None:
        iri = CFO[name]
        return iri if (iri, RDF.type, OWL.Class) in self.graph else None

    def field(self, key: str) -> Field | None:
        return self.fields.get(key)

    # -- concept schemes ---------------------------------------------------------------------------
    def scheme(self, name: str) -> URIRef:
        return URIRef(BASE + name)

    def concepts(self, scheme: URIRef | str) -> dict[str, URIRef]:
        """Notation -> concept for every concept of a scheme (by IRI or short name like 'stance')."""
        if isinstance(scheme, str) and not scheme.startswith("http"):
            scheme = self.scheme(scheme)
        return {
            str(self.graph.value(c, SKOS.notation)): c
            for c in self.graph.subjects(SKOS.inScheme, URIRef(scheme))
            if isinstance(c, URIRef)
        }

    def concept(self, scheme: URIRef | str, notation: str) -> URIRef | None:
        return self.concepts(scheme).get(notation)

    def required_concept(self, scheme: URIRef | str, notation: str) -> URIRef:
        """A concept the code relies on (the precision 'relative', ...); an error (exit code 3) if the
        ontology lacks it."""
        found = self.concept(scheme, notation)
        if found is None:
            raise ResourceMissing(
                f"the ontology has no concept '{notation}' in the scheme '{scheme}'",
                hint="the code relies on it: restore it in the ontology (or reinstall ceasefire-kg)",
            )
        return found

    def concept_label(self, concept: Node) -> str:
        return str(self.graph.value(concept, SKOS.prefLabel) or self.local(concept))

    def broader_closure(self, concept: Node) -> set[Node]:
        """The concept and all its broader concepts."""
        return {c for c in self.graph.transitive_objects(concept, SKOS.broader) if c is not None}

    def polarity(self, stance: Node) -> str:
        """The top concept of a stance ('favourable', 'unfavourable', 'conditional', 'neutral')."""
        for c in self.broader_closure(stance):
            if (c, SKOS.topConceptOf, None) in self.graph:
                return str(self.graph.value(c, SKOS.notation))
        return "neutral"

    # -- labels and inverses ---------------------------------------------------------------------
    def label(self, iri: Node) -> str:
        for p in (SKOS.prefLabel, RDFS.label):
            v = self.graph.value(iri, p)
            if v is not None:
                return str(v)
        return self.local(iri)

    def inverse_pairs(self) -> list[tuple[URIRef, URIRef]]:
        """(asserted property, its inverse) for every owl:inverseOf of ours."""
        return sorted(
            (s, o)
            for s, o in self.graph.subject_objects(OWL.inverseOf)
            if isinstance(s, URIRef) and isinstance(o, URIRef)
        )

    def symmetric_properties(self) -> list[URIRef]:
        """Our owl:SymmetricProperty properties (``cfo:variantOf``): the builder derives each link's reverse."""
        return sorted(
            p
            for p in self.graph.subjects(RDF.type, OWL.SymmetricProperty)
            if isinstance(p, URIRef) and p.startswith(str(CFO))
        )


def ontology_files(directory: Path = ONTOLOGY_DIR) -> list[Path]:
    """The Turtle files of the ontology proper (shapes are kept apart)."""
    return [
        p for p in resource_files(directory, "*.ttl") if p.resolve() != SHAPES_FILE.resolve() and p.name != "shapes.ttl"
    ]


def load_ontology_graph(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Parse every ontology file into one graph, its blank nodes given canonical labels and its triples a
    fixed order, so that every build writes the ontology the same way."""
    from rdflib.compare import to_canonical_graph

    parsed = Graph()
    for path in ontology_files(directory):
        parsed.parse(path, format="turtle")
    g = Graph()
    for t in sorted(to_canonical_graph(parsed), key=lambda t: tuple(x.n3() for x in t)):
        g.add(t)
    bind_prefixes(g)
    return g


@lru_cache(maxsize=4)
def _cached(directory: str) -> Vocabulary:
    return Vocabulary(load_ontology_graph(Path(directory)))


def load_vocabulary(directory: Path = ONTOLOGY_DIR) -> Vocabulary:
    """The vocabulary of the ontology in ``directory`` (parsed once per process)."""
    return _cached(str(Path(directory).resolve()))
