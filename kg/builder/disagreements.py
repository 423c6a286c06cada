"""Where the sources disagree, computed once by the build: the graph ``cfid:graph/disagreements``.

The build runs ``ontology/derivations/disagreements.rq`` on the whole corpus (after the articles are built,
before validation) and writes what it finds as data (the classes of ``ontology/ceasefire.ttl``):

* a ``cfo:Disagreement`` per thing the sources differ about: its kind (``cfo:disagreementKind``, a concept of
  ``ontology/disagreements.ttl``), what it is about (``cfo:disagreesAbout``) and, for a stance or a condition,
  whose it is (``cfo:disagreementActor``);
* a ``cfo:SourceValue`` per value and source (``cfo:sourceValue``): the value (``rdf:value``) or the value the
  source leaves out while it names others (``cfo:doesNotName``), the article (``prov:hadPrimarySource``), the
  evidence of its statement (``cfo:evidence``) and the first of its words (``cfo:quote``);
* a ``cfo:ValuePair`` per two values that differ (``cfo:valuePair``), each pair once, with
  ``cfo:changeOverTime`` for two stances;
* on each source's value and pair, where it comes in the list (``cfo:listOrder``, from 1, in the order of
  ``ontology/derivations/disagreement-order.rq``), so that a listing sorts by one number.

Every node and the graph say ``cfo:derivedBy cfo:SourceComparison``. The named query ``disagreements`` reads
this graph, so that ``kg disagreements`` is a lookup however large the corpus; a corpus of one article has no
such graph (a source does not disagree with itself); a corpus of several has it, if only to say that
they were compared.

Examples
--------
>>> import kg
>>> from kg.builder.disagreements import compare_graphs
>>> result = kg.build(["seeds/000_331be8963d56cd33.yaml"])
>>> len(compare_graphs(result.graphs, len(result.articles)))  # one article: nothing to compare
0
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.namespaces import CFO, DISAGREEMENTS_GRAPH, ID

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.builder.triples import TripleSet

__all__ = ["DISAGREEMENTS_GRAPH", "compare_graphs", "compare_store"]

_COLUMNS = ("k", "about", "actor", "value", "other", "said_change", "ev", "q", "art")

Triple = tuple[Node, Node, Node]


def _query(name: str) -> str:
    from kg.resources import DERIVATIONS_DIR, resource_files

    (path,) = resource_files(DERIVATIONS_DIR, f"{name}.rq")
    return path.read_text(encoding="utf-8")


def _key(*terms: Node | None) -> str:
    """A short stable digest of terms (None: absent), for the IRI of a computed node."""
    text = "\x1f".join("" if t is None else t.n3() for t in terms)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def compare_store(store: ox.Store, articles: int, default_is_union: bool = False) -> list[Triple]:
    """The triples of the graph of disagreements of the corpus of ``articles`` articles in ``store``, sorted: the
    graph's own description and each disagreement; nothing for fewer than two articles. The store holds each
    article's graphs as named graphs and, unless ``default_is_union``, their merged triples in its default graph
    (as :func:`kg.store.oxigraph.load_merged` loads them); the triples are added to it (to the named graph
    ``cfid:graph/disagreements`` and, unless ``default_is_union``, to the default graph)."""
    from kg.store.terms import rdflib_rows, solutions

    if articles < 2:
        return []

    found = solutions(store, _query("disagreements"), use_default_graph_as_union=default_is_union)
    names = [v.value for v in found.variables]
    order = [names.index(c) for c in _COLUMNS]
    raw = [tuple(row[i] for i in order) for row in found]
    rows = rdflib_rows(raw) or []
    triples: set[Triple] = set()
    quotes: dict[URIRef, set[str]] = {}
    for k, about, actor, value, other, said_change, ev, q, art in rows:
        assert isinstance(k, URIRef) and about is not None  # the query binds them on every row
        kind = str(k).rsplit("/", 1)[-1]
        d = ID[f"disagreement/{kind}/{_key(about, actor)}"]
        triples |= {
            (d, RDF.type, CFO.Disagreement),
            (d, CFO.disagreementKind, k),
            (d, CFO.disagreesAbout, about),
            (d, CFO.derivedBy, CFO.SourceComparison),
        }
        if actor is not None:
            triples.add((d, CFO.disagreementActor, actor))
        if art is None:  # two values that differ
            pair = URIRef(f"{d}/pair/{_key(value, other)}")
            triples |= {
                (d, CFO.valuePair, pair),
                (pair, RDF.type, CFO.ValuePair),
                (pair, CFO.derivedBy, CFO.SourceComparison),
            }
            if value is not None:
                triples.add((pair, RDF.value, value))
            if other is not None:
                triples.add((pair, CFO.otherValue, other))
            if said_change is not None:
                triples.add((pair, CFO.changeOverTime, Literal(str(said_change) == "change")))
            continue
        side = URIRef(f"{d}/source/{_key(value, other, art)}")
        triples |= {
            (d, CFO.sourceValue, side),
            (side, RDF.type, CFO.SourceValue),
            (side, PROV.hadPrimarySource, art),
            (side, CFO.derivedBy, CFO.SourceComparison),
        }
        if value is not None:
            triples.add((side, RDF.value, value))
        if other is not None:
            triples.add((side, CFO.doesNotName, other))
        if ev is not None:
            triples.add((side, CFO.evidence, ev))
        if q is not None:
            quotes.setdefault(side, set()).add(str(q))
    # its words: the first of its evidence's quotes (as a listing shows one), so that a listing needs no join
    triples.update((side, CFO.quote, Literal(min(found))) for side, found in quotes.items())
    g = DISAGREEMENTS_GRAPH
    triples |= {
        (g, RDF.type, PROV.Bundle),
        (g, CFO.derivedBy, CFO.SourceComparison),
        (g, RDFS.label, Literal("Where the sources disagree, as the build compared them", lang="en")),
    }
    _number(store, triples, default_is_union)
    return sorted(triples, key=lambda t: tuple(x.n3() for x in t))


def _number(store: ox.Store, triples: set[Triple], default_is_union: bool) -> None:
    """Add to ``triples`` where each source's value and pair comes in the list (``cfo:listOrder``), in the order
    of ``ontology/derivations/disagreement-order.rq``: the store is given the graph for the query, then its
    numbers (so that what the build validates and counts is what it writes)."""
    import pyoxigraph as ox

    from kg.store.terms import solutions, to_oxigraph

    def put(new: Iterable[Triple]) -> None:
        graphs = [to_oxigraph(DISAGREEMENTS_GRAPH)] + ([] if default_is_union else [ox.DefaultGraph()])
        store.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g)  # type: ignore[arg-type]
            for s, p, o in new
            for g in graphs
        )

    put(triples)
    rows = solutions(store, _query("disagreement-order"), use_default_graph_as_union=default_is_union)
    order: list[Triple] = [
        (URIRef(row[0].value), CFO.listOrder, Literal(i, datatype=XSD.positiveInteger)) for i, row in enumerate(rows, 1)
    ]
    put(order)
    triples.update(order)


def compare_graphs(graphs: Mapping[URIRef, Graph | TripleSet], articles: int) -> list[Triple]:
    """:func:`compare_store` of a dataset given as its named graphs (as :func:`kg.build` returns them)."""
    from kg.store.terms import oxigraph_from_graphs

    if articles < 2:
        return []
    return compare_store(oxigraph_from_graphs(dict(graphs)), articles, default_is_union=True)  # type: ignore[arg-type]
