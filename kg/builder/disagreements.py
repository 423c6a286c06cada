"""Where the sources disagree, computed once by the build: the graph ``cfid:graph/disagreements``.

The build runs ``ontology/derivations/disagreements.rq`` on the whole corpus (after the articles are built,
before validation) and writes what it finds as data (the classes of ``ontology/ceasefire.ttl``):

* a ``cfo:Disagreement`` per thing the sources differ about: its kind (``cfo:disagreementKind``, a concept of
  ``ontology/disagreements.ttl``), what it is about (``cfo:disagreesAbout``) and, for a stance or a condition,
  whose it is (``cfo:disagreementActor``);
* a ``cfo:SourceValue`` per value and source (``cfo:sourceValue``): the value (``rdf:value``) or the value the
  source leaves out while it names others (``cfo:doesNotName``), the article (``prov:hadPrimarySource``) and the
  evidence of its statement (``cfo:evidence``);
* a ``cfo:ValuePair`` per two values that differ (``cfo:valuePair``), each pair once, with
  ``cfo:changeOverTime`` for two stances.

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
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.namespaces import CFO, ID

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.builder.triples import TripleSet

#: the named graph of the disagreements between sources
DISAGREEMENTS_GRAPH = ID["graph/disagreements"]

_COLUMNS = ("k", "about", "actor", "value", "other", "said_change", "ev", "art")

Triple = tuple[Node, Node, Node]


def _query() -> str:
    from kg.resources import DERIVATIONS_DIR, resource_files

    (path,) = resource_files(DERIVATIONS_DIR, "disagreements.rq")
    return path.read_text(encoding="utf-8")


def _key(*terms: Node | None) -> str:
    """A short stable digest of terms (None: absent), for the IRI of a computed node."""
    text = "\x1f".join("" if t is None else t.n3() for t in terms)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def compare_store(store: ox.Store, articles: int, default_is_union: bool = False) -> list[Triple]:
    """The triples of the graph of disagreements of the corpus of ``articles`` articles in ``store``, sorted: the
    graph's own description and each disagreement; nothing for fewer than two articles. The store holds each
    article's graphs as named graphs and, unless ``default_is_union``, their merged triples in its default graph
    (as :func:`kg.store.oxigraph.load_merged` loads them)."""
    from kg.store.terms import rdflib_rows, solutions

    if articles < 2:
        return []

    found = solutions(store, _query(), use_default_graph_as_union=default_is_union)
    names = [v.value for v in found.variables]
    order = [names.index(c) for c in _COLUMNS]
    raw = [tuple(row[i] for i in order) for row in found]
    rows = rdflib_rows(raw) or []
    triples: set[Triple] = set()
    for k, about, actor, value, other, said_change, ev, art in rows:
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
    g = DISAGREEMENTS_GRAPH
    triples |= {
        (g, RDF.type, PROV.Bundle),
        (g, CFO.derivedBy, CFO.SourceComparison),
        (g, RDFS.label, Literal("Where the sources disagree, as the build compared them", lang="en")),
    }
    return sorted(triples, key=lambda t: tuple(x.n3() for x in t))


def compare_graphs(graphs: Mapping[URIRef, Graph | TripleSet], articles: int) -> list[Triple]:
    """:func:`compare_store` of a dataset given as its named graphs (as :func:`kg.build` returns them)."""
    from kg.store.terms import oxigraph_from_graphs

    if articles < 2:
        return []
    return compare_store(oxigraph_from_graphs(dict(graphs)), articles, default_is_union=True)  # type: ignore[arg-type]
