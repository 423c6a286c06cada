"""SHACL validation of a built graph, with violations a person can act on.

Each violation names the node (label and IRI), the property path, the message, and the annotation file and
line where the node was written, so the fix starts where the data came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, overload

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.namespaces import CFO, ONTOLOGY_IRI, SH, bind_prefixes
from kg.rdf import number
from kg.resources import SHAPES_FILE, resource

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.validate.shacl_sparql import Check


@dataclass(frozen=True)
class Violation:
    """One SHACL result, made readable."""

    severity: str
    node: str
    label: str | None
    kind: str | None
    path: str | None
    message: str
    value: str | None
    shape: str | None
    file: str | None
    line: int | None
    record: str | None

    def format(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        who = f"[{self.record}] " if self.record else ""
        name = f"{self.kind + ' ' if self.kind else ''}'{self.label}' ({self.node})" if self.label else self.node
        path = f" {self.path}:" if self.path else ":"
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}{who}{self.severity}: {name}{path} {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of validating a graph against the shapes."""

    conforms: bool
    violations: list[Violation]
    nodes_checked: int

    def format(self) -> str:
        if self.conforms:
            return f"valid: {self.nodes_checked} nodes conform to the SHACL shapes"
        lines = [f"{len(self.violations)} SHACL violation{'s' if len(self.violations) != 1 else ''}:"]
        lines += ["  " + v.format() for v in self.violations]
        return "\n".join(lines)


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    """The SHACL shapes graph."""
    g = Graph()
    g.parse(resource(path) if path == SHAPES_FILE else path, format="turtle")
    return g


@lru_cache(maxsize=1)
def packaged_checks() -> tuple[Check, ...]:
    """The shapes that ship with the package, compiled to SPARQL once per process (they do not change)."""
    from kg.validate.shacl_sparql import compile_shapes

    return tuple(compile_shapes(load_shapes()))


def split_dataset(ds: Dataset) -> tuple[Graph, Graph]:
    """(data, ontology): the union of the article graphs, and the ontology graph, of a built dataset."""
    data, onto = Graph(), Graph()
    bind_prefixes(data)
    for g in ds.graphs():
        target = onto if g.identifier == URIRef(ONTOLOGY_IRI) else data
        for t in g:
            target.add(t)
    return data, onto


#: the name of the one source of :func:`validate_graph`'s data
ONE_SOURCE = URIRef("urn:ceasefire-kg:validated-data")


def dataset_sources(ds: Dataset) -> tuple[dict[URIRef, Graph], Graph]:
    """(sources, ontology) of a built dataset: each source is an article's asserted graph together with its
    derived graph (the graph that says it is ``prov:wasDerivedFrom`` the article's graph, a ``prov:Bundle``),
    keyed by the asserted graph's name; every other named graph is a source of its own."""
    onto = Graph()
    graphs = {g.identifier: g for g in ds.graphs() if len(g)}
    bundles = {name for name, g in graphs.items() if (name, RDF.type, PROV.Bundle) in g}
    sources: dict[URIRef, Graph] = {}
    for name, g in graphs.items():
        if name == URIRef(ONTOLOGY_IRI):
            onto += g
            continue
        up = g.value(name, PROV.wasDerivedFrom)
        key = up if up in bundles else name
        target = sources.setdefault(URIRef(str(key)), Graph())
        for t in g:
            target.add(t)
    for g in sources.values():
        bind_prefixes(g)
    return sources, onto


ENGINES = ("sparql", "pyshacl")


def validate_graph(
    data: Graph, ontology: Graph, shapes: Graph | None = None, engine: str = "sparql"
) -> ValidationReport:
    """Validate ``data`` (with the ontology: its class tree, concept schemes and rules) against the shapes.

    ``data`` is one source: every constraint holds within it. ``engine="sparql"`` (the default) runs the
    shapes compiled to SPARQL on Oxigraph (:mod:`kg.validate.shacl_sparql`), fast enough for a large corpus;
    ``engine="pyshacl"`` runs the reference implementation.
    """
    return validate_sources({ONE_SOURCE: data}, ontology, shapes, engine)


def validate_sources(
    sources: dict[URIRef, Graph], ontology: Graph, shapes: Graph | None = None, engine: str = "sparql"
) -> ValidationReport:
    """Validate a corpus of ``sources`` (each an article's graphs) against the shapes, with the ontology.

    The constraints on how many values a property has, or between two values of a node
    (:data:`~kg.validate.shacl_sparql.PER_SOURCE`), hold within each source: two articles may give the same
    time two wordings, each its own. Everything else (classes, references, required values) is checked on the
    union of the sources, so a record may point to one defined in another article.
    """
    union = Graph()
    bind_prefixes(union)
    for g in sources.values():
        union += g
    if engine == "pyshacl":
        violations = _pyshacl(sources, union, ontology, shapes if shapes is not None else load_shapes())
    elif engine == "sparql":
        violations = _sparql(sources, union, ontology, shapes)  # None: the packaged shapes, compiled once
    else:
        raise ValueError(f"unknown validation engine {engine!r}; use one of {ENGINES}")
    violations = sorted(
        set(violations), key=lambda v: (v.file or "", v.line or 0, v.node, v.path or "", v.message, v.value or "")
    )
    nodes = len({s for s in union.subjects() if isinstance(s, URIRef)})
    return ValidationReport(not violations, violations, nodes)


def split_shapes(shapes: Graph) -> tuple[Graph, Graph]:
    """(corpus, per source): the shapes without the per-source constraints, and the shapes with only those.

    This is how pySHACL, which validates one graph, checks what :mod:`kg.validate.shacl_sparql` checks in one
    pass: the first half on the union of the sources, the second on each source (with the corpus's types)."""
    from kg.validate.shacl_sparql import METADATA, PER_SOURCE

    corpus, per_source = Graph(), Graph()
    corpus += shapes
    per_source += shapes
    property_shapes = set(shapes.objects(None, SH.property))
    for ps in property_shapes:
        for p, o in shapes.predicate_objects(ps):
            if p in PER_SOURCE or (p == SH.qualifiedValueShape and (ps, SH.qualifiedMinCount, None) not in shapes):
                corpus.remove((ps, p, o))
            keep = p in PER_SOURCE or p in METADATA  # metadata: kept in both halves
            keep = keep or (p == SH.qualifiedValueShape and (ps, SH.qualifiedMaxCount, None) in shapes)
            if not keep:
                per_source.remove((ps, p, o))
    for shape in set(shapes.subjects(SH.targetClass, None)):
        for p in (SH["or"], SH["class"], SH.node, SH.sparql):
            per_source.remove((shape, p, None))
    return corpus, per_source


def _pyshacl(sources: dict[URIRef, Graph], union: Graph, ontology: Graph, shapes: Graph) -> list[Violation]:
    import pyshacl

    merged = union + ontology
    bind_prefixes(merged)
    corpus_shapes, source_shapes = split_shapes(shapes)
    types = Graph()
    for t in union.triples((None, RDF.type, None)):
        types.add(t)
    runs = [(merged, corpus_shapes)]
    for g in sources.values():
        one = g + types + ontology
        runs.append((one, source_shapes))
    found: list[Violation] = []
    for data, shapes_graph in runs:
        # the ontology goes in as data: its class tree for sh:targetClass and sh:class, its SKOS schemes for the
        # checks that concept values come from the right scheme, its derivation rules
        _conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=False
        )
        # only the report's own results: a failed sh:node also nests its details, which would count twice
        found += [
            _violation(results, r, merged)
            for r in results.objects(None, SH.result)
            if (None, SH.detail, r) not in results
        ]
    return found


def _sparql(sources: dict[URIRef, Graph], union: Graph, ontology: Graph, shapes: Graph | None) -> list[Violation]:
    from kg.store.terms import oxigraph_from_graphs

    graphs: dict[URIRef, Graph] = {**sources, URIRef(ONTOLOGY_IRI): ontology}
    source = union + ontology
    bind_prefixes(source)
    return validate_store(oxigraph_from_graphs(graphs), shapes, source=source)


ORIGIN_QUERY = """
PREFIX cfo: <https://w3id.org/ceasefire-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?label ?type ?file ?line ?id WHERE {
  { ?node rdfs:label|skos:prefLabel ?label }
  UNION { ?node a ?type }
  UNION { ?node cfo:evidence ?e . ?e cfo:annotationFile ?file ; cfo:annotationLine ?line ; cfo:annotationId ?id }
  UNION { ?node cfo:annotationFile ?file ; cfo:annotationLine ?line ; cfo:annotationId ?id }
  UNION { ?other ?p ?node . FILTER(?p != cfo:evidence)
          ?other cfo:evidence ?e . ?e cfo:annotationFile ?file ; cfo:annotationLine ?line ; cfo:annotationId ?id }
}"""


def validate_store(
    store: ox.Store, shapes: Graph | None = None, source: Graph | None = None, workers: int | None = None
) -> list[Violation]:
    """The violations of the shapes (compiled to SPARQL) in a pyoxigraph store, the union of its named graphs;
    the constraints on a property's number of values hold within each source (each article's graphs).

    ``source``, when given, is the rdflib graph the store was made from: integer datatypes that Oxigraph
    folds into xsd:integer (xsd:positiveInteger...) are checked there; without it, only the values that are
    not an integer of the type's range in the store (its folded datatype or the exact one) are fetched and
    reported. ``workers``: the threads that run the checks (default: the cores available).
    """
    import pyoxigraph as ox

    from kg.store.terms import solutions, to_oxigraph, to_rdflib
    from kg.validate.shacl_sparql import compile_shapes, integer_in_range, run_checks

    checks = packaged_checks() if shapes is None else compile_shapes(shapes)
    nm = source if source is not None else Graph()  # whose prefixes shorten IRIs in the report
    if source is None:
        bind_prefixes(nm)
    found: list[tuple[Check, Node, Node | None]] = []
    # without a source, a datatype Oxigraph folds is checked on the suspect values alone (see Check.suspects)
    for check, focus_term, value in run_checks(store, checks, suspects=source is None, workers=workers):
        focus = to_rdflib(focus_term)
        if check.exact_datatype is not None and check.path is not None:  # a datatype check has a path
            if source is not None:
                values: list[Node] = list(source.objects(focus, check.path))
            else:  # a suspect value, as stored: Oxigraph's xsd:integer stands for the exact integer type
                stored = to_rdflib(value)
                values = [
                    Literal(str(stored), datatype=check.exact_datatype)
                    if isinstance(stored, Literal) and stored.datatype == XSD.integer
                    else stored
                ]
            found += [(check, focus, v) for v in values if not integer_in_range(v, check.exact_datatype)]
        else:
            found.append((check, focus, to_rdflib(value) if value is not None else None))
    from kg.store.oxigraph import has_merged_default_graph

    union = not has_merged_default_graph(store)
    out = []
    for check, focus, value in found:
        label = kinds = file = line = record = None
        labels, types = [], []
        for row in solutions(
            store,
            ORIGIN_QUERY,
            use_default_graph_as_union=union,
            substitutions={ox.Variable("node"): to_oxigraph(focus)},
        ):
            if row["label"] is not None:
                labels.append(row["label"].value)
            if row["type"] is not None:
                types.append(_short(nm, to_rdflib(row["type"])))
            if row["file"] is not None and file is None:
                file, line, record = row["file"].value, int(row["line"].value), row["id"].value
        label = sorted(labels)[0] if labels else None
        kinds = ", ".join(sorted(set(types))) or None
        message = check.message.replace("{?value}", str(value) if value is not None else "").replace(
            "{$value}", str(value) if value is not None else ""
        )
        out.append(
            Violation(
                severity="Violation",
                node=_short(nm, focus),
                label=label,
                kind=kinds,
                path=_short(nm, check.path),
                message=message,
                value=_short(nm, value) if value is not None else None,
                shape=_short(nm, check.shape),
                file=file,
                line=line,
                record=record,
            )
        )
    out.sort(key=lambda v: (v.file or "", v.line or 0, v.node, v.path or "", v.message))
    return out


def validate_dataset(ds: Dataset, shapes: Graph | None = None, engine: str = "sparql") -> ValidationReport:
    """Validate a built dataset: its article graphs, each article a source, with the ontology graph it carries."""
    sources, onto = dataset_sources(ds)
    return validate_sources(sources, onto, shapes, engine)


@overload
def _short(g: Graph, term: None) -> None: ...
@overload
def _short(g: Graph, term: Node) -> str: ...
def _short(g: Graph, term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return repr(str(term))
    try:
        return term.n3(g.namespace_manager)
    except Exception:
        return str(term)


def _origin(g: Graph, node: Node | None) -> tuple[str | None, int | None, str | None]:
    """Where a node was written: the annotation file and line of its evidence (or of what points to it)."""
    candidates = [node] + [s for s, p in g.subject_predicates(node) if p != CFO.evidence]
    for n in candidates:
        for ev in g.objects(n, CFO.evidence):
            f, line = g.value(ev, CFO.annotationFile), g.value(ev, CFO.annotationLine)
            if f is not None:
                return str(f), number(line) if line is not None else None, _s(g.value(ev, CFO.annotationId))
        f = g.value(n, CFO.annotationFile)
        if f is not None:
            line = g.value(n, CFO.annotationLine)
            return str(f), (number(line) or None) if line is not None else None, _s(g.value(n, CFO.annotationId))
    return None, None, None


def _s(v: Node | None) -> str | None:
    return None if v is None else str(v)


def _violation(results: Graph, r: Node, g: Graph) -> Violation:
    focus = results.value(r, SH.focusNode)
    path = results.value(r, SH.resultPath)
    severity = results.value(r, SH.resultSeverity)
    label = g.value(focus, RDFS.label) or g.value(focus, SKOS.prefLabel)
    kinds = sorted(_short(g, t) for t in g.objects(focus, RDF.type))
    file, line, record = _origin(g, focus)
    messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
    return Violation(
        severity=_short(g, severity).split(":")[-1].split("#")[-1] if severity is not None else "Violation",
        node=_short(g, focus) or "?",  # pySHACL names the focus node of every result
        label=_s(label),
        kind=", ".join(kinds) or None,
        path=_short(g, path),
        message="; ".join(messages) or "does not conform",
        value=_short(g, results.value(r, SH.value)),
        shape=_short(g, results.value(r, SH.sourceShape)),
        file=file,
        line=line,
        record=record,
    )
