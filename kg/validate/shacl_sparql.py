"""A fast SHACL validator: the shapes of ``ontology/shapes.ttl`` compiled to SPARQL and run on Oxigraph.

pySHACL is the reference implementation, but it is far too slow for a corpus of a thousand articles (about a
million triples). This module compiles the SHACL Core subset the project's shapes use (targets by class;
``minCount``, ``maxCount``, ``class``, ``datatype``, ``nodeKind``, ``minLength``, ``pattern``, ``in``,
``hasValue``, ``node``, ``or``, ``qualifiedValueShape`` with ``qualifiedMin/MaxCount``, ``minInclusive``,
``lessThan``, ``lessThanOrEquals``, ``disjoint``) and SHACL-SPARQL constraints into one SPARQL query per constraint, each
selecting the focus nodes (and values) that violate it. Anything else in a shape is refused, so the two
validators cannot silently disagree; ``tests/test_shacl_sparql.py`` checks that both give the same results on
every shape example, the seed and the test article.

Each source keeps its own values: the constraints that limit how many values a property has, or compare two
values of a node (``maxCount``, ``qualifiedMaxCount``, ``lessThan``, ``lessThanOrEquals``: :data:`PER_SOURCE`),
are checked within each source (an article's asserted named graph together with its derived graph), so two
articles may give a time two wordings; everything else (targets, classes, references, minimum counts) is checked
on the union of the graphs, the whole corpus. A named graph's source is the graph it says it is
``prov:wasDerivedFrom`` when that is a ``prov:Bundle`` (a derived graph and its article's graph), else itself.

Examples
--------
>>> from kg.validate.shacl_sparql import compile_shapes
>>> from kg.validate.shacl import load_shapes
>>> checks = compile_shapes(load_shapes())
>>> len(checks) > 100
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.namespaces import SH
from kg.rdf import iri, number, ordered

if TYPE_CHECKING:
    import pyoxigraph as ox

TYPE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
#: the parameters of a shape that are not constraints: its path, messages, labels and severity
METADATA = {
    SH.path,
    SH.message,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.severity,
    RDF.type,
    RDFS.label,
    RDFS.comment,
}
#: constraint parameters this compiler understands; a shape using any other is refused
SUPPORTED = {
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minLength,
    SH.pattern,
    SH.flags,
    SH["in"],
    SH.hasValue,
    SH.node,
    SH["or"],
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.minInclusive,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.disjoint,
    SH.sparql,
    SH.path,
    SH.property,
    SH.targetClass,
} | METADATA


#: constraint parameters checked within each source (see the module's docstring), not across the corpus
PER_SOURCE = (SH.maxCount, SH.qualifiedMaxCount, SH.lessThan, SH.lessThanOrEquals)

PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
PROV_BUNDLE = "<http://www.w3.org/ns/prov#Bundle>"


def source_of(graph: str, source: str) -> str:
    """SPARQL that binds ``?source`` to the source of the named graph ``?graph`` (see the module's docstring)."""
    up = f"_up_{graph.lstrip('_')}"
    return (
        f"OPTIONAL {{ ?{graph} {PROV_DERIVED} ?{up} . ?{up} a {PROV_BUNDLE} }} "
        f"BIND(COALESCE(?{up}, ?{graph}) AS ?{source})"
    )


class UnsupportedShape(ValueError):
    """A shape uses SHACL features this compiler does not implement."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: the SPARQL that finds its violations, and how to report them."""

    shape: URIRef | BNode  # the node shape with the target
    path: URIRef | None
    component: str  # e.g. "minCount"
    message: str
    sparql: str
    has_value: bool = True
    #: set for a datatype that Oxigraph cannot see (it stores xsd:positiveInteger as xsd:integer): the query
    #: then selects every focus node with the path, and the caller checks the values' datatype in the source
    exact_datatype: URIRef | None = None
    #: checked within each source (an article's graphs), not on the union of all graphs
    per_source: bool = False


def _n3(term: Node) -> str:
    return term.n3()


def _message(g: Graph, *nodes: Node | None) -> str:
    for node in nodes:
        if node is None:
            continue
        m = g.value(node, SH.message)
        if m is not None:
            return str(m)
    return "does not conform"


def _check_supported(g: Graph, node: Node) -> None:
    for p in set(g.predicates(node, None)):
        if p not in SUPPORTED:
            raise UnsupportedShape(f"{node}: {p} is not supported by the SPARQL validator")


def conforms_expr(g: Graph, shape: Node, var: str) -> str:
    """A SPARQL boolean expression that is true when ``?var`` conforms to the (value) ``shape``."""
    _check_supported(g, shape)
    parts = []
    for cls in g.objects(shape, SH["class"]):
        parts.append(f"EXISTS {{ ?{var} {TYPE_OF} {_n3(cls)} }}")
    for dt in g.objects(shape, SH.datatype):
        parts.append(_datatype_expr(dt, var))
    for kind in g.objects(shape, SH.nodeKind):
        parts.append(_kind_expr(kind, var))
    for ps in g.objects(shape, SH.property):
        _check_supported(g, ps)
        path = g.value(ps, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"{shape}: only IRI paths are supported")
        for v in g.objects(ps, SH.hasValue):
            parts.append(f"EXISTS {{ ?{var} {_n3(path)} {_n3(v)} }}")
        for n in g.objects(ps, SH.minCount):
            if number(n) == 1:
                parts.append(f"EXISTS {{ ?{var} {_n3(path)} ?_any }}")
            elif number(n) > 1:
                raise UnsupportedShape(f"{shape}: minCount > 1 inside a value shape")
        extra = set(g.predicates(ps, None)) - {SH.path, SH.hasValue, SH.minCount, SH.message, SH.name}
        if extra:
            raise UnsupportedShape(f"{shape}: {ordered(extra)} inside a value shape's property")
    for head in g.objects(shape, SH["or"]):
        parts.append("(" + " || ".join(conforms_expr(g, s, var) for s in Collection(g, head)) + ")")
    for sub in g.objects(shape, SH.node):
        parts.append(conforms_expr(g, sub, var))
    return " && ".join(parts) if parts else "true"


#: Oxigraph stores the integer types derived from xsd:integer as xsd:integer; their ranges are checked instead
_INTEGER_MIN: dict[Node, int] = {XSD.positiveInteger: 1, XSD.nonNegativeInteger: 0}


def integer_in_range(value: Node | None, dt: URIRef) -> bool:
    """True when an rdflib term is a literal of the integer datatype ``dt`` within its range."""
    return (
        isinstance(value, Literal)
        and value.datatype == dt
        and isinstance(value.toPython(), int)
        and value.toPython() >= _INTEGER_MIN[dt]
    )


def _datatype_expr(dt: Node, var: str) -> str:
    """True when ``?var`` is a literal of datatype ``dt`` (an xsd:integer in the type's range, on Oxigraph)."""
    if dt in _INTEGER_MIN:
        return (
            f"(isLiteral(?{var}) && datatype(?{var}) IN ({_n3(dt)}, {_n3(XSD.integer)}) "
            f"&& ?{var} >= {_INTEGER_MIN[dt]})"
        )
    return f"(isLiteral(?{var}) && datatype(?{var}) = {_n3(dt)})"


def _kind_expr(kind: Node, var: str) -> str:
    expressions: dict[Node, str] = {
        SH.IRI: f"isIRI(?{var})",
        SH.Literal: f"isLiteral(?{var})",
        SH.BlankNode: f"isBlank(?{var})",
        SH.BlankNodeOrIRI: f"(isBlank(?{var}) || isIRI(?{var}))",
        SH.IRIOrLiteral: f"(isIRI(?{var}) || isLiteral(?{var}))",
        SH.BlankNodeOrLiteral: f"(isBlank(?{var}) || isLiteral(?{var}))",
    }
    return expressions[kind]


def _sparql_prefixes(g: Graph, constraint: Node) -> str:
    lines = []
    for decl_owner in g.objects(constraint, SH.prefixes):
        for decl in g.objects(decl_owner, SH.declare):
            lines.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(lines)))


def compile_shapes(g: Graph) -> list[Check]:
    """One :class:`Check` per constraint of every node shape with a target class."""
    checks: list[Check] = []
    shapes = {s for s in g.subjects(SH.targetClass, None) if isinstance(s, URIRef | BNode)}
    for shape in sorted(shapes, key=str):
        if g.value(shape, SH.deactivated) == Literal(True):
            continue
        _check_supported(g, shape)
        classes = " ".join(_n3(c) for c in ordered(g.objects(shape, SH.targetClass)))
        target = f"VALUES ?_tc {{ {classes} }} ?this {TYPE_OF} ?_tc ."
        checks += _node_checks(g, shape, target)
        for ps in sorted(g.objects(shape, SH.property), key=lambda p: str(g.value(p, SH.path))):
            if g.value(ps, SH.deactivated) == Literal(True):
                continue
            checks += _property_checks(g, shape, ps, target)
    return checks


def _select(target: str, body: str, distinct_value: bool = True) -> str:
    return f"SELECT DISTINCT ?this {'?value ' if distinct_value else ''}WHERE {{\n  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n  {body}\n}}"


def _node_checks(g: Graph, shape: URIRef | BNode, target: str) -> list[Check]:
    out: list[Check] = []
    msg = _message(g, shape)
    for head in g.objects(shape, SH["or"]):
        expr = "(" + " || ".join(conforms_expr(g, s, "this") for s in Collection(g, head)) + ")"
        out.append(Check(shape, None, "or", msg, _select(target, f"FILTER(!{expr})", False), False))
    for cls in g.objects(shape, SH["class"]):
        out.append(
            Check(
                shape,
                None,
                "class",
                msg,
                _select(target, f"FILTER NOT EXISTS {{ ?this {TYPE_OF} {_n3(cls)} }}", False),
                False,
            )
        )
    for sub in g.objects(shape, SH.node):
        out.append(
            Check(
                shape, None, "node", msg, _select(target, f"FILTER(!({conforms_expr(g, sub, 'this')}))", False), False
            )
        )
    for constraint in g.objects(shape, SH.sparql):
        out.append(_sparql_check(g, shape, None, constraint, target, msg))
    return out


def _sparql_check(
    g: Graph, shape: URIRef | BNode, path: URIRef | None, constraint: Node, target: str, fallback: str
) -> Check:
    inner = str(g.value(constraint, SH.select)).replace("$this", "?this")
    prefixes = _sparql_prefixes(g, constraint)
    text = f"{prefixes}\nSELECT DISTINCT ?this ?value WHERE {{\n  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n  {{ {inner} }}\n}}"
    return Check(shape, path, "sparql", _message(g, constraint) if g.value(constraint, SH.message) else fallback, text)


def _property_checks(g: Graph, shape: URIRef | BNode, ps: Node, target: str) -> list[Check]:
    _check_supported(g, ps)
    path = g.value(ps, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"{shape}: only IRI paths are supported, not {path!r}")
    p = _n3(path)
    msg = _message(g, ps, shape)
    values = f"?this {p} ?value ."
    out: list[Check] = []

    def add(component: str, body: str, with_value: bool = True) -> None:
        out.append(Check(shape, path, component, msg, _select(target, body, with_value), with_value))

    def counted(component: str, pattern: str, having: str) -> None:
        out.append(
            Check(
                shape,
                path,
                component,
                msg,
                f"SELECT ?this WHERE {{\n  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n  {pattern}\n}}"
                f" GROUP BY ?this HAVING ({having})",
                False,
            )
        )

    def counted_per_source(component: str, value_test: str, bound: int) -> None:
        # the nodes with more than ``bound`` values in the union first (cheap, and rare), then per source
        candidates = (
            f"{{ SELECT ?this WHERE {{\n    {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
            f"    ?this {p} ?_v0 . {value_test.replace('?_v', '?_v0')}\n"
            f"  }} GROUP BY ?this HAVING (COUNT(DISTINCT ?_v0) > {bound}) }}"
        )
        out.append(
            Check(
                shape,
                path,
                component,
                msg,
                f"SELECT DISTINCT ?this WHERE {{\n  {{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{\n"
                f"  {candidates}\n  GRAPH ?_g {{ ?this {p} ?_v }} {value_test}\n  {source_of('_g', '_s')}\n"
                f"  }} GROUP BY ?this ?_s }}\n  FILTER(?_n > {bound})\n}}",
                False,
                per_source=True,
            )
        )

    def compared_per_source(component: str, other: Node, test: str) -> None:
        body = (
            f"{values} ?this {_n3(other)} ?_o . FILTER(!({test}))\n"
            f"  GRAPH ?_g1 {{ ?this {p} ?value }} {source_of('_g1', '_s1')}\n"
            f"  GRAPH ?_g2 {{ ?this {_n3(other)} ?_o }} {source_of('_g2', '_s2')}\n"
            f"  FILTER(?_s1 = ?_s2)"
        )
        out.append(Check(shape, path, component, msg, _select(target, body, True), True, per_source=True))

    for n in g.objects(ps, SH.minCount):
        if number(n) == 1:
            add("minCount", f"FILTER NOT EXISTS {{ ?this {p} ?_v }}", False)
        elif number(n) > 1:
            counted("minCount", f"OPTIONAL {{ ?this {p} ?_v }}", f"COUNT(DISTINCT ?_v) < {number(n)}")
    for n in g.objects(ps, SH.maxCount):
        counted_per_source("maxCount", "", number(n))
    for cls in g.objects(ps, SH["class"]):
        add("class", f"{values} FILTER NOT EXISTS {{ ?value {TYPE_OF} {_n3(cls)} }}")
    for dt in g.objects(ps, SH.datatype):
        if dt in _INTEGER_MIN:
            out.append(Check(shape, path, "datatype", msg, _select(target, f"?this {p} ?_v .", False), False, iri(dt)))
        else:
            add("datatype", f"{values} FILTER(!({_datatype_expr(dt, 'value')}))")
    for kind in g.objects(ps, SH.nodeKind):
        add("nodeKind", f"{values} FILTER(!{_kind_expr(kind, 'value')})")
    for n in g.objects(ps, SH.minLength):
        add("minLength", f"{values} FILTER(isBlank(?value) || STRLEN(STR(?value)) < {number(n)})")
    for pat in g.objects(ps, SH.pattern):
        flags = g.value(ps, SH.flags)
        flag_arg = f", {Literal(str(flags)).n3()}" if flags is not None else ""
        add("pattern", f"{values} FILTER(isBlank(?value) || !REGEX(STR(?value), {Literal(str(pat)).n3()}{flag_arg}))")
    for head in g.objects(ps, SH["in"]):
        members = ", ".join(_n3(m) for m in Collection(g, head))
        add("in", f"{values} FILTER(?value NOT IN ({members}))")
    for v in g.objects(ps, SH.hasValue):
        add("hasValue", f"FILTER NOT EXISTS {{ ?this {p} {_n3(v)} }}", False)
    for sub in g.objects(ps, SH.node):
        add("node", f"{values} FILTER(!({conforms_expr(g, sub, 'value')}))")
    for head in g.objects(ps, SH["or"]):
        expr = " || ".join(conforms_expr(g, s, "value") for s in Collection(g, head))
        add("or", f"{values} FILTER(!({expr}))")
    q = g.value(ps, SH.qualifiedValueShape)
    if q is not None:
        lo, hi = g.value(ps, SH.qualifiedMinCount), g.value(ps, SH.qualifiedMaxCount)
        if lo is not None:
            counted(
                "qualifiedValueShape",
                f"OPTIONAL {{ ?this {p} ?_v FILTER({conforms_expr(g, q, '_v')}) }}",
                f"COUNT(DISTINCT ?_v) < {number(lo)}",
            )
        if hi is not None:
            counted_per_source("qualifiedValueShape", f"FILTER({conforms_expr(g, q, '_v')})", number(hi))
    for x in g.objects(ps, SH.minInclusive):
        add("minInclusive", f"{values} FILTER(!(?value >= {_n3(x)}))")
    for other in g.objects(ps, SH.lessThan):
        compared_per_source("lessThan", other, "?value < ?_o")
    for other in g.objects(ps, SH.lessThanOrEquals):
        compared_per_source("lessThanOrEquals", other, "?value <= ?_o")
    for other in g.objects(ps, SH.disjoint):
        add("disjoint", f"{values} ?this {_n3(other)} ?value .")
    for constraint in g.objects(ps, SH.sparql):
        out.append(_sparql_check(g, shape, path, constraint, target, msg))
    return out


def run_checks(store: ox.Store, checks: Sequence[Check]) -> list[tuple[Check, Any, Any]]:
    """Run compiled checks on a pyoxigraph store (its default graph when it holds the merged triples, else the
    union of its named graphs): (check, focus, value) per violation,
    focus and value as pyoxigraph terms (``None`` for a check of the node itself)."""
    from kg.store.oxigraph import has_merged_default_graph
    from kg.store.terms import solutions

    union = not has_merged_default_graph(store)  # each triple once when the store has them merged
    found: list[tuple[Check, Any, Any]] = []
    for check in checks:
        for solution in solutions(store, check.sparql, use_default_graph_as_union=union):
            found.append((check, solution["this"], solution["value"] if check.has_value else None))
    return found
