"""The graph as NetworkX sees it: a readable projection for path queries, exports and plots.

Unlike rdflib's own converter, which makes every literal a node and keeps the predicate only as an edge key,
this projection keeps what people talk about as nodes (actors, offices, places, proposals, terms, conditions,
events, claims), their literal values and times as attributes, and each position as a direct edge from its
holder to its target, carrying the stance, the evidence quote and the source.

Provenance on nodes and edges, kept GraphML-exportable (strings, not lists): a node or a stance edge stated by
several articles keeps all its quotes, in ``quote``, joined by `` | ``, and beside it, in the same order, the
article each quote comes from in ``source`` (its IRI) and that article's outlet in ``outlet`` (its label): the
i-th part of ``quote``, ``source`` and ``outlet`` go together. Any other edge (a participant, a location...)
has ``source`` and ``outlet``: the articles whose named graph states it, joined the same way. Where sources
give a node different values (another name, another day for the same call, another duration), none is
dropped: ``label`` is the first of its names in sorted order and ``other_labels`` the others, and a value
attribute holds every distinct value, joined the same way.

Examples
--------
>>> import kg
>>> from kg.network.projection import to_networkx
>>> G = to_networkx(kg.build(["seeds/000_331be8963d56cd33.yaml"]).dataset)
>>> G.nodes["https://w3id.org/ceasefire-kg/id/actor/putin"]["label"]
'Vladimir Putin'
>>> sorted(d["stance"] for _, _, d in G.out_edges("https://w3id.org/ceasefire-kg/id/actor/putin", data=True)
...        if "stance" in d)
['accepts only on condition', 'agrees to', 'rejects']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, SKOS, TIME
from rdflib.term import Node

from kg.namespaces import BASE, CFO, OA
from kg.rdf import ordered
from kg.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.base import Store


class HoldsDataset(Protocol):
    """What holds a built dataset: a :class:`~kg.builder.BuildResult`."""

    @property
    def dataset(self) -> Dataset: ...


class HoldsStore(Protocol):
    """What holds a store: a :class:`~kg.query.graph.KnowledgeGraph`."""

    @property
    def store(self) -> Store: ...


#: what can be projected: an rdflib Dataset or Graph, a build result or a KnowledgeGraph
Source: TypeAlias = Graph | HoldsDataset | HoldsStore

#: time properties whose value becomes attributes of the node (wording, earliest, latest) under these names
TIME_PROPERTIES = {TIME.hasTime: "time", CFO.declared: "declared", CFO.referenceDate: "reference_date"}


#: the separator of the parallel lists held in one attribute (``quote``, ``source``, ``outlet``)
SEP = " | "

#: the named graphs of a build (its articles', the ontology's, the derived ones): a store may hold others (Virtuoso
#: keeps its own system graphs, a shared store other datasets), which are no part of the projection
OURS = f'STRSTARTS(STR(?g), "{BASE}")'

_STATED_IN = f"""SELECT DISTINCT ?s ?p ?o ?article WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER({OURS} && isIRI(?o) && ?p != rdf:type && ?p != cfo:evidence)
  ?g prov:wasDerivedFrom ?article . ?article a schema:NewsArticle .
}}"""


def _stated_in(source: Source) -> dict[tuple[Node, Node, Node], list[Node]]:
    """For each asserted triple between IRIs (no types, no evidence links): the articles whose named graph
    states it. Empty for a plain Graph (no named graphs)."""
    out: dict[tuple[Node, Node, Node], list[Node]] = {}
    held = None if isinstance(source, Graph) else getattr(source, "dataset", None)
    if isinstance(held, Dataset):
        source = held
    store = None if isinstance(source, Graph) else getattr(source, "store", None)
    held = getattr(store, "dataset", None)
    if isinstance(held, Dataset):
        source = held
    elif store is not None:
        from kg.namespaces import with_prefixes

        for s, p, o, a in store.select(with_prefixes(_STATED_IN)).rows:
            if s is not None and p is not None and o is not None and a is not None:
                out.setdefault((s, p, o), []).append(a)
        return {k: sorted(set(v), key=str) for k, v in out.items()}
    if isinstance(source, Dataset):
        for g in source.graphs():
            articles = [a for a in g.objects(g.identifier, PROV.wasDerivedFrom) if (a, RDF.type, SDO.NewsArticle) in g]
            if not articles:
                continue
            for s, p, o in g:
                if isinstance(o, URIRef) and p not in (RDF.type, CFO.evidence):
                    out.setdefault((s, p, o), []).extend(articles)
    return {k: sorted(set(v), key=str) for k, v in out.items()}


def _from_quads(source: Source) -> tuple[Graph, Graph, Graph, dict[tuple[Node, Node, Node], list[Node]]] | None:
    """(asserted, derived, both, stated_in) read straight from a store that lists its quads as rdflib terms
    (the default store: ``rdflib_quads``), into rdflib's plain in-memory graphs: for a corpus of 100 articles,
    a few seconds fewer than through an rdflib Dataset. None for any other source."""
    store = None if isinstance(source, Graph) else getattr(source, "store", None)
    quads_of = getattr(store, "rdflib_quads", None)
    if not callable(quads_of):
        return None
    by_graph: dict[Node | None, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in quads_of():
        by_graph.setdefault(g, []).append((s, p, o))
    asserted, derived, both = (Graph(store="SimpleMemory") for _ in range(3))
    stated: dict[tuple[Node, Node, Node], list[Node]] = {}
    for g, triples in by_graph.items():
        target = derived if str(g).endswith("/derived") else asserted
        target.addN((s, p, o, target) for s, p, o in triples)
        both.addN((s, p, o, both) for s, p, o in triples)
        if g is None:
            continue
        here = set(triples)
        articles = [
            o for s, p, o in triples if s == g and p == PROV.wasDerivedFrom and (o, RDF.type, SDO.NewsArticle) in here
        ]
        if articles:
            for s, p, o in triples:
                if isinstance(o, URIRef) and p not in (RDF.type, CFO.evidence):
                    stated.setdefault((s, p, o), []).extend(articles)
    return asserted, derived, both, {k: sorted(set(v), key=str) for k, v in stated.items()}


def _graphs(source: Source) -> tuple[Graph, Graph]:
    """(asserted, derived) triples of a Dataset, a BuildResult, a KnowledgeGraph or a plain Graph.

    Told apart by what they hold (``.dataset``, ``.store``), so that this layer imports neither the builder
    nor the query API that sit above it.
    """
    held = None if isinstance(source, Graph) else getattr(source, "dataset", None)
    if isinstance(held, Dataset):  # a BuildResult
        source = held
    store = None if isinstance(source, Graph) else getattr(source, "store", None)  # a KnowledgeGraph's
    held = getattr(store, "dataset", None)
    if isinstance(held, Dataset):  # on rdflib
        source = held
    elif getattr(store, "name", None) == "endpoint":  # rows, which an endpoint that cuts its answers says it cut
        return _selected(store, "!"), _selected(store, "")
    elif store is not None:  # on Oxigraph
        asserted = store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({OURS} && !STRENDS(STR(?g), '/derived')) }}"
        )
        derived = store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({OURS} && STRENDS(STR(?g), '/derived')) }}"
        )
        return asserted, derived
    if isinstance(source, Dataset):
        asserted, derived = Graph(), Graph()
        for g in source.graphs():
            target = derived if str(g.identifier).endswith("/derived") else asserted
            for t in g:
                target.add(t)
        return asserted, derived
    if isinstance(source, Graph):
        return source, Graph()
    raise TypeError(f"cannot project {type(source).__name__}: give a Dataset, a Graph or a KnowledgeGraph")


def _selected(store: Any, derived: str) -> Graph:
    """The triples of the build's asserted (``derived="!"``) or derived (``""``) graphs of an endpoint, each once:
    asked as SELECT rows, since a store that cuts a long answer (Virtuoso: 10,000 rows by default) says so of
    SELECT rows (the endpoint store then fails with that advice) but not of a CONSTRUCT's triples."""
    g = Graph()
    sparql = (
        "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER({OURS} && {derived}STRENDS(STR(?g), '/derived')) }}"
    )
    for s, p, o in store.select(sparql).rows:
        g.add((s, p, o))
    return g


def _plain(value: Literal) -> Any:
    py = value.toPython()
    if hasattr(py, "isoformat"):
        return py.isoformat()
    if isinstance(py, (int, float, bool, str)):
        return py
    return str(value)


def _attr(v: Vocabulary, prop: URIRef) -> str:
    key = v.graph.value(prop, CFO.annotationKey)
    return str(key) if key is not None else v.local(prop)


def to_networkx(
    source: Source,
    *,
    positions_as_nodes: bool = False,
    provenance: bool = False,
    ontology: bool = False,
    kinds: Iterable[str] | None = None,
    construct: str | None = None,
    vocab: Vocabulary | None = None,
) -> nx.MultiDiGraph[str]:
    """Project the graph onto a :class:`networkx.MultiDiGraph` people can read.

    Parameters
    ----------
    source : Dataset, BuildResult, KnowledgeGraph or Graph
        The built graph.
    positions_as_nodes : bool
        Keep positions as nodes (holder -holds-> position -on-> target) instead of direct stance edges.
    provenance : bool
        Also keep the articles and the evidence spans as nodes, linked from what they support.
    ontology : bool
        Also keep concepts (stances, term categories...) as nodes instead of attributes.
    kinds : iterable of str, optional
        Keep only nodes of these kinds (``{"actor", "proposal"}``; see :func:`node_kinds`).
    construct : str, optional
        A SPARQL CONSTRUCT query (over a KnowledgeGraph) whose triples are the only edges kept.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI with ``label``, ``kind``, ``cls`` and literal attributes (``quote``, ``source``,
        ``time``...); edges with ``label`` and ``predicate``; stance edges also with ``stance``,
        ``polarity``, ``quote``, ``source`` and ``position``.
    """
    import networkx as nx

    v = vocab or load_vocabulary()
    fast = _from_quads(source) if construct is None else None
    if fast is not None:
        asserted, derived, everything, stated_in = fast
    else:
        asserted, derived = _graphs(source)
        everything = asserted + derived
        stated_in = _stated_in(source)
    if construct is not None:
        from kg.namespaces import with_prefixes
        from kg.store.base import check_syntax

        store = None if isinstance(source, Graph) else getattr(source, "store", None)
        if store is None:
            raise TypeError("construct= needs a KnowledgeGraph (kg.load())")
        check_syntax(construct, "construct")
        kept_edges = set(store.construct(with_prefixes(construct)))
    else:
        kept_edges = None
    kinds_of = v.kinds()
    wanted = {k.lower() for k in kinds} if kinds is not None else None
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    articles = sorted(
        {
            str(everything.value(a, RDFS.label))
            for a in everything.subjects(RDF.type, URIRef("https://schema.org/NewsArticle"))
        }
    )
    G.graph["source"] = "; ".join(articles)
    G.graph["articles"] = len(set(everything.subjects(RDF.type, URIRef("https://schema.org/NewsArticle"))))
    G.graph["name"] = "ceasefire-kg"

    def kind_of(node: Node) -> tuple[str, str] | None:
        for t in ordered(asserted.objects(node, RDF.type)):  # in IRI order: the same class from run to run
            if isinstance(t, URIRef) and t in kinds_of:
                return v.label(kinds_of[t]), v.label(t)
        return None

    def labels_of(node: Node) -> list[str]:
        """Every name the sources give ``node``, sorted: the first is its ``label``, the others ``other_labels``."""
        found = sorted({str(x) for x in everything.objects(node, RDFS.label)})
        if not found:
            found = sorted({str(x) for x in everything.objects(node, SKOS.prefLabel)})
        return found or [v.local(node)]

    def label_of(node: Node) -> str:
        return labels_of(node)[0]

    outlets = {
        a: str(everything.value(everything.value(a, SDO.publisher), RDFS.label) or "")
        for a in everything.subjects(RDF.type, SDO.NewsArticle)
    }

    def quoted(node: Node) -> list[tuple[str, str]]:
        """Every quote of the node with its article, by article (a merged node has several)."""
        found = [
            (str(everything.value(sel, OA.exact)), str(everything.value(ev, OA.hasSource) or ""))
            for ev in ordered(asserted.objects(node, CFO.evidence))
            for sel in asserted.objects(ev, OA.hasSelector)
            if everything.value(sel, OA.exact) is not None
        ]
        return sorted(dict.fromkeys(found), key=lambda qa: qa[1])  # by article, each in the evidence's order

    def quotes(node: Node) -> list[str]:
        return [q for q, _ in quoted(node)]

    def provenance_attrs(pairs: list[tuple[str, str]]) -> dict[str, str]:
        """``quote``, ``source`` and ``outlet``: parallel lists joined by SEP (module docstring)."""
        return {
            "quote": SEP.join(q for q, _ in pairs),
            "source": SEP.join(a for _, a in pairs),
            "outlet": SEP.join(outlets.get(URIRef(a), "") for _, a in pairs),
        }

    # -- nodes ------------------------------------------------------------------------------------
    members: dict[Node, tuple[str, str]] = {}
    for node in set(asserted.subjects(RDF.type, None)):
        k = kind_of(node)
        if k is None or (k[0] == "position" and not positions_as_nodes):
            continue
        if wanted is not None and k[0] not in wanted:
            continue
        members[node] = k
    for node, (kind, cls) in ordered(members.items()):
        names = labels_of(node)
        attrs: dict[str, Any] = {"label": names[0], "kind": kind, "cls": cls, "iri": str(node)}
        if len(names) > 1:  # sources that name it differently: every name is kept
            attrs["other_labels"] = SEP.join(names[1:])
        aliases = sorted(str(a) for a in asserted.objects(node, SKOS.altLabel))
        if aliases:
            attrs["aliases"] = "; ".join(aliases)
        qs = quoted(node)
        if qs:
            attrs.update(provenance_attrs(qs))
        for p, o in ordered(asserted.predicate_objects(node)):
            if (
                not isinstance(p, URIRef)
                or p in (RDFS.label, SKOS.altLabel, RDF.type, CFO.evidence)
                or p.startswith(str(OA))
            ):
                continue
            if isinstance(o, Literal):
                _put(attrs, _attr(v, p), _plain(o))
            elif p in TIME_PROPERTIES:
                _time_attrs(attrs, TIME_PROPERTIES[p], o, everything)
            elif p == CFO.inEffect:
                _interval_attrs(attrs, o, everything)
            elif (o, SKOS.inScheme, None) in v.graph and not ontology:
                key = _attr(v, p)
                attrs[key] = "; ".join(filter(None, [attrs.get(key), v.concept_label(o)]))
        G.add_node(str(node), **attrs)

    # -- edges ------------------------------------------------------------------------------------
    def keep(s: Node, p: Node, o: Node) -> bool:
        return kept_edges is None or (s, p, o) in kept_edges

    for s, p, o in ordered(asserted):
        if s not in members or p in (RDF.type, CFO.evidence) or str(p).startswith(str(OA)):
            continue
        if o in members and keep(s, p, o):
            arts = stated_in.get((s, p, o), [])
            G.add_edge(
                str(s),
                str(o),
                key=v.local(p),
                label=v.label(p),
                predicate=str(p),
                source=SEP.join(str(a) for a in arts),
                outlet=SEP.join(outlets.get(a, "") for a in arts),
            )
        elif ontology and (o, SKOS.inScheme, None) in v.graph and keep(s, p, o):
            G.add_node(str(o), label=v.concept_label(o), kind="concept", cls="concept", iri=str(o))
            G.add_edge(str(s), str(o), key=v.local(p), label=v.label(p), predicate=str(p))
    if not positions_as_nodes:
        for pos in ordered(set(asserted.subjects(RDF.type, CFO.Position))):
            stance = asserted.value(pos, CFO.stance)
            target = asserted.value(pos, CFO.target)
            if stance is None or target not in members:
                continue
            attrs = {
                "label": v.concept_label(stance),
                "stance": v.concept_label(stance),
                "stance_iri": str(stance),
                "polarity": v.polarity(stance),
                "position": str(pos),
                "predicate": str(CFO.stance),
                **provenance_attrs(quoted(pos)),
            }
            # the first in IRI order when sources give a position different conditions (Graph.value would pick
            # one by hash order, so that the projection, kg plot and kg view changed from one run to the next)
            condition = next(iter(ordered(asserted.objects(pos, CFO.underCondition))), None)
            if condition is not None:
                attrs["condition"] = label_of(condition)
                attrs["condition_iri"] = str(condition)
            for holder in ordered(asserted.objects(pos, CFO.holder)):
                if holder in members and keep(pos, CFO.holder, holder):
                    G.add_edge(str(holder), str(target), key=str(pos).rsplit("/", 1)[-1], **attrs)
    if provenance:
        for node in list(members):
            for ev in ordered(asserted.objects(node, CFO.evidence)):
                art = asserted.value(ev, OA.hasSource)
                if art is None:
                    continue
                G.add_node(str(art), label=label_of(art), kind="article", cls="news article", iri=str(art))
                G.add_edge(
                    str(node),
                    str(art),
                    key="wasDerivedFrom",
                    label="quoted from",
                    predicate=str(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
                    quote=SEP.join(q for q, a in quoted(node) if a == str(art)),
                    source=str(art),
                    outlet=outlets.get(art, ""),
                )
    return G


def _put(attrs: dict[str, Any], key: str, value: Any) -> None:
    """Set ``attrs[key]``; a second, different value (another source's: a time, an ordinal) is joined to the
    first with SEP, never put in its place."""
    if key not in attrs or attrs[key] == value:
        attrs[key] = value
    elif str(value) not in str(attrs[key]).split(SEP):
        attrs[key] = f"{attrs[key]}{SEP}{value}"


def _time_attrs(attrs: dict[str, Any], key: str, node: Node, g: Graph) -> None:
    wording = g.value(node, CFO.wording)
    if wording is not None:
        _put(attrs, key, str(wording))
    for suffix, prop in (("earliest", CFO.earliest), ("latest", CFO.latest)):
        value = g.value(node, prop)
        if isinstance(value, Literal):
            _put(attrs, f"{key}_{suffix}", _plain(value))


def _interval_attrs(attrs: dict[str, Any], interval: Node, g: Graph) -> None:
    begin, end, duration = (
        g.value(interval, TIME.hasBeginning),
        g.value(interval, TIME.hasEnd),
        g.value(interval, TIME.hasDuration),
    )
    if begin is not None:
        _time_attrs(attrs, "in_effect_begins", begin, g)
    if end is not None:
        _time_attrs(attrs, "in_effect_ends", end, g)
        _put(attrs, "in_effect_ends_derived", (end, CFO.derivedBy, None) in g)
    if duration is not None:
        _put(attrs, "duration", str(g.value(duration, CFO.wording)))


def node_kinds(vocab: Vocabulary | None = None) -> list[str]:
    """The kinds of node a projection can keep: ``actor``, ``office``, ``place``, ``proposal``, ``term``..."""
    v = vocab or load_vocabulary()
    return sorted(v.label(base) for base in v.sections.values())


def position_triples(G: nx.MultiDiGraph[str]) -> set[tuple[str, str, str]]:
    """The (position, property, value) triples that the stance edges of a projection carry: holder, stance
    and target, as IRIs — enough to rebuild what the RDF says of each position."""
    out: set[tuple[str, str, str]] = set()
    for holder, target, data in G.edges(data=True):
        if "position" in data:
            out |= {
                (data["position"], str(CFO.holder), holder),
                (data["position"], str(CFO.stance), data["stance_iri"]),
                (data["position"], str(CFO.target), target),
            }
    return out


__all__ = ["SEP", "TIME_PROPERTIES", "node_kinds", "position_triples", "to_networkx"]
