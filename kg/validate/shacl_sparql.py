"""A fast SHACL validator: the shapes of ``ontology/shapes.ttl`` compiled to SPARQL and run on Oxigraph.

pySHACL is the reference implementation, but it is far too slow for a corpus of a thousand articles (about a
million triples). This module compiles the SHACL Core subset the project's shapes use (targets by class;
``minCount``, ``maxCount``, ``class``, ``datatype``, ``nodeKind``, ``minLength``, ``pattern``, ``in``,
``hasValue``, ``node``, ``or``, ``qualifiedValueShape`` with ``qualifiedMin/MaxCount``, ``minInclusive``,
``maxInclusive``, ``lessThan``, ``lessThanOrEquals``, ``disjoint``) and SHACL-SPARQL constraints into one SPARQL query per constraint, each
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
    SH.maxInclusive,
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
    #: with ``exact_datatype``: the focus nodes and values that are not an integer of the type's range in the
    #: store (Oxigraph's folded datatype or the exact one), the only ones whose datatype the caller need check
    #: when it has no source to look at (checking every value in Python took most of the build's validation)
    suspects: str | None = None


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


#: one way a value conforms to a shape: graph patterns (which bind the value) and filters, all of which hold
Alternative = tuple[list[str], list[str]]


def conforming_alternatives(g: Graph, shape: Node, var: str, fresh: list[int] | None = None) -> list[Alternative]:
    """The ways ``?var`` conforms to the (value) ``shape``, in disjunctive form: ``?var`` conforms when all the patterns and filters of one alternative hold (no alternative: never;
    an empty one: always). The checks join these patterns, or remove them with ``MINUS``, rather than test
    ``EXISTS`` row by row: Oxigraph evaluates an ``EXISTS`` once per row, hundreds of times slower than one join
    when many rows share a few values (thousands of positions held by the same leaders)."""
    fresh = fresh if fresh is not None else [0]

    def new_var() -> str:
        fresh[0] += 1
        return f"?_c{fresh[0]}"

    _check_supported(g, shape)
    alts: list[Alternative] = [([], [])]

    def both(more: list[Alternative]) -> None:
        nonlocal alts
        alts = [(p1 + p2, f1 + f2) for p1, f1 in alts for p2, f2 in more]

    for cls in g.objects(shape, SH["class"]):
        both([([f"?{var} {TYPE_OF} {_n3(cls)} ."], [])])
    for dt in g.objects(shape, SH.datatype):
        both([([], [_datatype_expr(dt, var)])])
    for kind in g.objects(shape, SH.nodeKind):
        both([([], [_kind_expr(kind, var)])])
    for ps in g.objects(shape, SH.property):
        _check_supported(g, ps)
        path = g.value(ps, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"{shape}: only IRI paths are supported")
        for v in g.objects(ps, SH.hasValue):
            both([([f"?{var} {_n3(path)} {_n3(v)} ."], [])])
        for n in g.objects(ps, SH.minCount):
            if number(n) == 1:
                both([([f"?{var} {_n3(path)} {new_var()} ."], [])])
            elif number(n) > 1:
                raise UnsupportedShape(f"{shape}: minCount > 1 inside a value shape")
        extra = set(g.predicates(ps, None)) - {SH.path, SH.hasValue, SH.minCount, SH.message, SH.name}
        if extra:
            raise UnsupportedShape(f"{shape}: {ordered(extra)} inside a value shape's property")
    for head in g.objects(shape, SH["or"]):
        both([a for s in Collection(g, head) for a in conforming_alternatives(g, s, var, fresh)])
    for sub in g.objects(shape, SH.node):
        both(conforming_alternatives(g, sub, var, fresh))
    return alts


def _group(patterns: list[str], filters: list[str]) -> str:
    return " ".join(patterns) + (f" FILTER({' && '.join(filters)})" if filters else "")


def not_conforming(alts: list[Alternative]) -> str:
    """Graph pattern text, after the pattern that binds the value, that keeps the rows whose value conforms to
    none of ``alts``: the alternatives that are only filters in one FILTER, the others removed by one MINUS."""
    pure = [f for p, f in alts if not p]
    if any(not f for f in pure):  # an alternative with no condition: every value conforms
        return "FILTER(false)"
    parts = []
    if pure:
        parts.append("FILTER(!(" + " || ".join("(" + " && ".join(f) + ")" for f in pure) + "))")
    joined = [(p, f) for p, f in alts if p]
    if joined:
        parts.append("MINUS { " + " UNION ".join("{ " + _group(p, f) + " }" for p, f in joined) + " }")
    return " ".join(parts)


def conforming(alts: list[Alternative], binding: str) -> str:
    """Graph pattern text that binds the values ``binding`` binds that conform to one of ``alts`` (a value
    may come out more than once: count it with DISTINCT)."""
    if not alts:
        return f"{binding} FILTER(false)"
    return " UNION ".join("{ " + binding + " " + _group(p, f) + " }" for p, f in alts)


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
    if dt == XSD.dateTimeStamp:  # Oxigraph stores an xsd:dateTimeStamp as the xsd:dateTime it is: it needs its zone
        return f'(isLiteral(?{var}) && datatype(?{var}) IN ({_n3(dt)}, {_n3(XSD.dateTime)}) && tz(?{var}) != "")'
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
        alts = [a for s in Collection(g, head) for a in conforming_alternatives(g, s, "this")]
        out.append(Check(shape, None, "or", msg, _select(target, not_conforming(alts), False), False))
    for cls in g.objects(shape, SH["class"]):
        out.append(
            Check(shape, None, "class", msg, _select(target, f"MINUS {{ ?this {TYPE_OF} {_n3(cls)} }}", False), False)
        )
    for sub in g.objects(shape, SH.node):
        alts = conforming_alternatives(g, sub, "this")
        out.append(Check(shape, None, "node", msg, _select(target, not_conforming(alts), False), False))
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

    def counted_per_source(component: str, bound: int, shape_of_values: Node | None = None) -> None:
        # the nodes with more than ``bound`` values in the union first (cheap, and rare), then per source
        if shape_of_values is None:
            union_values, source_values = f"?this {p} ?_v0 .", f"GRAPH ?_g {{ ?this {p} ?_v }}"
        else:  # only the values that conform to the shape count
            union_values = conforming(conforming_alternatives(g, shape_of_values, "_v0"), f"?this {p} ?_v0 .")
            source_values = f"GRAPH ?_g {{ ?this {p} ?_v }} " + conforming(
                conforming_alternatives(g, shape_of_values, "_v"), f"?this {p} ?_v ."
            )
        candidates = (
            f"{{ SELECT ?this WHERE {{\n    {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n"
            f"    {union_values}\n"
            f"  }} GROUP BY ?this HAVING (COUNT(DISTINCT ?_v0) > {bound}) }}"
        )
        out.append(
            Check(
                shape,
                path,
                component,
                msg,
                f"SELECT DISTINCT ?this WHERE {{\n  {{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{\n"
                f"  {candidates}\n  {source_values}\n  {source_of('_g', '_s')}\n"
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
        counted_per_source("maxCount", number(n))
    for cls in g.objects(ps, SH["class"]):
        add("class", f"{values} MINUS {{ ?value {TYPE_OF} {_n3(cls)} }}")
    for dt in g.objects(ps, SH.datatype):
        if dt in _INTEGER_MIN:
            suspects = _select(target, f"{values} FILTER(!COALESCE({_datatype_expr(dt, 'value')}, false))", True)
            out.append(
                Check(
                    shape,
                    path,
                    "datatype",
                    msg,
                    _select(target, f"?this {p} ?_v .", False),
                    False,
                    iri(dt),
                    suspects=suspects,
                )
            )
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
        add("node", f"{values} {not_conforming(conforming_alternatives(g, sub, 'value'))}")
    for head in g.objects(ps, SH["or"]):
        fresh = [0]
        alts = [a for s in Collection(g, head) for a in conforming_alternatives(g, s, "value", fresh)]
        add("or", f"{values} {not_conforming(alts)}")
    q = g.value(ps, SH.qualifiedValueShape)
    if q is not None:
        lo, hi = g.value(ps, SH.qualifiedMinCount), g.value(ps, SH.qualifiedMaxCount)
        if lo is not None and number(lo) > 0:
            # the targets less those with enough conforming values (one join, not a test per value)
            enough = conforming(conforming_alternatives(g, q, "_v"), f"?this {p} ?_v .")
            add(
                "qualifiedValueShape",
                f"MINUS {{ SELECT ?this WHERE {{ {enough} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) >= {number(lo)}) }}",
                False,
            )
        if hi is not None:
            counted_per_source("qualifiedValueShape", number(hi), q)
    for x in g.objects(ps, SH.minInclusive):
        add("minInclusive", f"{values} FILTER(!(?value >= {_n3(x)}))")
    for x in g.objects(ps, SH.maxInclusive):
        add("maxInclusive", f"{values} FILTER(!(?value <= {_n3(x)}))")
    for other in g.objects(ps, SH.lessThan):
        compared_per_source("lessThan", other, "?value < ?_o")
    for other in g.objects(ps, SH.lessThanOrEquals):
        compared_per_source("lessThanOrEquals", other, "?value <= ?_o")
    for other in g.objects(ps, SH.disjoint):
        add("disjoint", f"{values} ?this {_n3(other)} ?value .")
    for constraint in g.objects(ps, SH.sparql):
        out.append(_sparql_check(g, shape, path, constraint, target, msg))
    return out


def run_checks(
    store: ox.Store, checks: Sequence[Check], suspects: bool = False, workers: int | None = None
) -> list[tuple[Check, Any, Any]]:
    """Run compiled checks on a pyoxigraph store (its default graph when it holds the merged triples, else the
    union of its named graphs): (check, focus, value) per violation, in the order of ``checks``,
    focus and value as pyoxigraph terms (``None`` for a check of the node itself).

    ``suspects``: a check with an :attr:`~Check.exact_datatype` runs its :attr:`~Check.suspects` query and gives
    each suspect value (which the caller checks), rather than every focus node with the path.
    ``workers`` threads run the queries side by side (pyoxigraph lets go of the GIL while it evaluates one);
    default: the cores this process may use."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.store.oxigraph import has_merged_default_graph
    from kg.store.terms import solutions

    union = not has_merged_default_graph(store)  # each triple once when the store has them merged

    def run(check: Check) -> list[tuple[Check, Any, Any]]:
        if suspects and check.suspects is not None:
            return [
                (check, row["this"], row["value"])
                for row in solutions(store, check.suspects, use_default_graph_as_union=union)
            ]
        return [
            (check, row["this"], row["value"] if check.has_value else None)
            for row in solutions(store, check.sparql, use_default_graph_as_union=union)
        ]

    workers = workers or _cores()
    if workers <= 1 or len(checks) <= 1:
        return [found for check in checks for found in run(check)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [found for part in pool.map(run, checks) for found in part]


def _cores() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
