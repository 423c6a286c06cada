"""RDF terms between rdflib and Oxigraph: the same values, datatypes kept as written; a parsed file as an
rdflib Dataset."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias, overload

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.store.base import StoreError

if TYPE_CHECKING:
    import pyoxigraph as ox

    #: the terms pyoxigraph gives and takes
    OxTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@overload
def to_rdflib(term: None) -> None: ...
@overload
def to_rdflib(term: OxTerm) -> Node: ...
def to_rdflib(term: OxTerm | None) -> Node | None:
    """An Oxigraph term as the rdflib term of the same value (``None`` stays ``None``)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a plain literal, as rdflib and the JSON results give it
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported term from Oxigraph: {term!r}")


@lru_cache(maxsize=2**16)
def to_rdflib_kept(term: OxTerm | None) -> Node | None:
    """:func:`to_rdflib`, remembered: the same values recur across rows and across the queries of a session."""
    return to_rdflib(term)


@overload
def to_oxigraph(term: URIRef) -> ox.NamedNode: ...
@overload
def to_oxigraph(term: BNode) -> ox.BlankNode: ...
@overload
def to_oxigraph(term: Literal) -> ox.Literal: ...
@overload
def to_oxigraph(term: Node) -> OxTerm: ...
def to_oxigraph(term: Node) -> OxTerm:
    """An rdflib term as the Oxigraph term of the same value, datatype kept as written."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot bind {term!r}")


def solutions(store: ox.Store, sparql: str, **options: Any) -> ox.QuerySolutions:
    """The solutions of a SELECT query on a pyoxigraph store (``options`` as for ``Store.query``)."""
    import pyoxigraph as ox

    found = store.query(sparql, **options)
    if not isinstance(found, ox.QuerySolutions):
        raise StoreError("not a SELECT query")
    return found


def rdflib_rows(
    rows: list[tuple[Any, ...]],
    replace: Callable[[int, set[Any]], dict[Any, Any] | None] | None = None,
) -> list[tuple[Node | None, ...]] | None:
    """Oxigraph's ``rows`` (``None`` where a value is unbound) as rdflib terms, column by column:
    each distinct value of a column converted once (40,000 rows of 8 values: about 0.2 s, against 1 s or more
    value by value). ``replace(i, values)``, given the distinct values of column ``i``, may name other Oxigraph
    terms to convert instead of some of them, or return ``None``: then so does this function.

    >>> import pyoxigraph as ox
    >>> rdflib_rows([(ox.NamedNode("urn:a"), None), (ox.NamedNode("urn:a"), ox.Literal("x"))])
    [(rdflib.term.URIRef('urn:a'), None), (rdflib.term.URIRef('urn:a'), rdflib.term.Literal('x'))]
    """
    if not rows:
        return []
    columns: list[list[Node | None]] = []
    for i, values in enumerate(zip(*rows, strict=True)):
        distinct = set(values)
        distinct.discard(None)
        terms = {v: to_rdflib_kept(v) for v in distinct}
        if replace is not None:
            other = replace(i, distinct)
            if other is None:
                return None
            terms.update((v, to_rdflib_kept(w)) for v, w in other.items())
        columns.append(list(map(terms.get, values)))
    return list(zip(*columns, strict=True)) if columns else [() for _ in rows]


def oxigraph_quads(graphs: dict[Any, Graph]) -> list[ox.Quad]:
    """The triples of each rdflib graph of ``graphs`` (name -> Graph; ``None`` for the default graph) as
    pyoxigraph quads, which keep every datatype as written (a store folds xsd:positiveInteger into xsd:integer)."""
    import pyoxigraph as ox

    cache: dict[Node, Any] = {}

    def conv(term: Node) -> Any:  # a subject, predicate, object or graph: ox.Quad checks which
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_oxigraph(term)
        return found

    quads = []
    for name, g in graphs.items():
        graph = conv(name) if name is not None else ox.DefaultGraph()
        quads += [ox.Quad(conv(s), conv(p), conv(o), graph) for s, p, o in g]
    return quads


def oxigraph_from_graphs(graphs: dict[Any, Graph]) -> ox.Store:
    """An in-memory pyoxigraph store holding each rdflib graph of ``graphs`` as a named graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(oxigraph_quads(graphs))
    return store


def rdflib_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset (its default graph the union of the named graphs) holding pyoxigraph ``quads``.

    Each term is converted as :func:`to_rdflib` converts it: every literal as written (pyoxigraph's parser,
    unlike its stores, keeps ``"3"^^xsd:positiveInteger`` and ``"30.0"^^xsd:decimal``), a blank node under
    the label it has in the quads. Without rdflib's parser: 3,300 quads take a few hundredths of a second.
    """
    import pyoxigraph as ox

    ds = Dataset(default_union=True)
    terms: dict[Any, Node] = {}
    graphs: dict[Any, Graph] = {}

    def conv(term: OxTerm) -> Node:
        found = terms.get(term)
        if found is None:
            found = terms[term] = to_rdflib(term)
        return found

    for q in quads:
        graph = graphs.get(q.graph_name)
        if graph is None:
            name = q.graph_name
            if isinstance(name, ox.DefaultGraph):
                graph = ds.default_graph
            else:
                graph = ds.graph(URIRef(name.value) if isinstance(name, ox.NamedNode) else BNode(name.value))
            graphs[name] = graph
        graph.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    return ds
