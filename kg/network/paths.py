"""How things connect: shortest and all simple paths, and neighbourhoods, told as sentences with evidence.

Examples
--------
>>> import kg
>>> from kg.network.projection import to_networkx
>>> from kg.network.paths import shortest_path
>>> G = to_networkx(kg.build(["seeds/000_331be8963d56cd33.yaml"]).dataset)
>>> ID = "https://w3id.org/ceasefire-kg/id/"
>>> [h.sentence() for h in shortest_path(G, ID + "actor/tokayev", ID + "actor/putin")]
['Qasym-Jomart Toqayev —welcomes→ Trump–Putin phone call', 'Trump–Putin phone call —participant→ Vladimir Putin']
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


class NoPath(LookupError):
    """No path joins the two nodes (under the given direction and length)."""


#: one piece of a hop's evidence: (quote, source article IRI, outlet label)
Evidence = tuple[str, str, str]


@dataclass(frozen=True)
class Hop:
    """One edge of a path, in the direction the graph states it, with its evidence: one quote per article
    that states it (``evidence``; ``quote`` and ``source`` are its first)."""

    subject: str
    relation: str
    object: str
    subject_label: str
    object_label: str
    quote: str
    source: str
    forward: bool  # False when the path walks the edge against its direction
    evidence: tuple[Evidence, ...] = ()

    def sentence(self) -> str:
        return f"{self.subject_label} —{self.relation}→ {self.object_label}"


def _split(value: str) -> list[str]:
    return value.split(" | ") if value else []


def _node_quotes(G: nx.MultiDiGraph[str], n: str) -> list[Evidence]:
    d = G.nodes[n]
    quotes, sources, outlets = _split(d.get("quote", "")), _split(d.get("source", "")), _split(d.get("outlet", ""))
    sources += [""] * (len(quotes) - len(sources))
    outlets += [""] * (len(quotes) - len(outlets))
    return list(zip(quotes, sources, outlets, strict=False))


def _evidence(G: nx.MultiDiGraph[str], s: str, o: str, data: dict) -> tuple[Evidence, ...]:
    """A stance edge: its own quotes, each with its article; any other edge: for each article that states it,
    the quote of that article about the subject that names the object (else about the object, else its first)."""
    if "stance" in data:
        quotes, sources, outlets = (
            _split(data.get("quote", "")),
            _split(data.get("source", "")),
            _split(data.get("outlet", "")),
        )
        return tuple(zip(quotes, sources + [""] * len(quotes), outlets + [""] * len(quotes), strict=False))
    subject, obj = _node_quotes(G, s), _node_quotes(G, o)
    articles = _split(data.get("source", "")) or sorted({a for _, a, _ in subject}) or [""]
    out = []
    for article in articles:
        mine = [e for e in subject if e[1] == article or not article] or [e for e in obj if e[1] == article]
        if not mine:
            continue
        quote = _quote_about(" | ".join(q for q, _, _ in mine), G.nodes[o].get("label", ""))
        out.append(next(e for e in mine if e[0] == quote))
    return tuple(out)


def _hop(G: nx.MultiDiGraph[str], u: str, v: str) -> Hop:
    """The edge joining u and v (u→v preferred), the stance edges first, then by key."""
    candidates = [(0 if "stance" in d else 1, k, u, v, d, True) for k, d in (G.get_edge_data(u, v) or {}).items()]
    candidates += [(0 if "stance" in d else 1, k, v, u, d, False) for k, d in (G.get_edge_data(v, u) or {}).items()]
    _, _, s, o, data, forward = min(candidates, key=lambda c: (not c[5], c[0], str(c[1])))
    evidence = _evidence(G, s, o, data)
    quote, source = (evidence[0][0], evidence[0][1]) if evidence else ("", "")
    return Hop(
        s,
        data.get("label", "?"),
        o,
        G.nodes[s].get("label", s),
        G.nodes[o].get("label", o),
        quote,
        source,
        forward,
        evidence,
    )


def _quote_about(quotes: str, label: str) -> str:
    """Of a node's quotes, the one that names the other end (by a word of its label), else the first."""
    parts = [q for q in quotes.split(" | ") if q]
    words = [w for w in label.replace("’", "'").split() if len(w) > 3]
    for q in parts:
        if any(w.lower() in q.replace("’", "'").lower() for w in words):
            return q
    return parts[0] if parts else ""


def _view(G: nx.MultiDiGraph[str], undirected: bool) -> nx.Graph[str]:
    import networkx as nx

    simple: nx.DiGraph[str] = nx.DiGraph()
    simple.add_nodes_from(sorted(G.nodes))
    simple.add_edges_from(sorted({(u, v) for u, v in G.edges()}))
    return simple.to_undirected() if undirected else simple


def shortest_path(G: nx.MultiDiGraph[str], a: str, b: str, undirected: bool = False) -> list[Hop]:
    """The shortest path from ``a`` to ``b`` as hops; raise :class:`NoPath` when there is none."""
    import networkx as nx

    try:
        nodes = nx.shortest_path(_view(G, undirected), a, b)
    except nx.NetworkXNoPath:
        raise NoPath(
            f"no {'' if undirected else 'directed '}path from {G.nodes[a]['label']} to {G.nodes[b]['label']}"
        ) from None
    return [_hop(G, u, v) for u, v in pairwise(nodes)]


def all_paths(
    G: nx.MultiDiGraph[str], a: str, b: str, max_hops: int = 4, undirected: bool = False, limit: int = 1000
) -> list[list[Hop]]:
    """Every simple path from ``a`` to ``b`` of at most ``max_hops`` edges, shortest first (at most ``limit``)."""
    import networkx as nx

    found = list(islice(nx.all_simple_paths(_view(G, undirected), a, b, cutoff=max_hops), limit))
    found.sort(key=lambda p: (len(p), p))
    if not found:
        raise NoPath(
            f"no {'' if undirected else 'directed '}path of at most {max_hops} hops from "
            f"{G.nodes[a]['label']} to {G.nodes[b]['label']}"
        )
    return [[_hop(G, u, v) for u, v in pairwise(p)] for p in found]


def neighbors(G: nx.MultiDiGraph[str], x: str, hops: int = 1) -> list[tuple[int, Hop]]:
    """What surrounds ``x`` within ``hops`` edges (either direction): (depth, the hop that reaches a node),
    breadth first, in a fixed order."""
    view = _view(G, undirected=True)
    seen, frontier, out = {x}, [x], []
    for depth in range(1, hops + 1):
        nxt = []
        for u in frontier:
            for v in sorted(view.neighbors(u), key=lambda n: (G.nodes[n].get("label", n), n)):
                if v not in seen:
                    seen.add(v)
                    nxt.append(v)
                    out.append((depth, _hop(G, u, v)))
        frontier = nxt
    return out


def source_name(source: str, outlet: str = "") -> str:
    """How a hop names its source: ``TDI, article tdi-2025-03-...`` (the outlet, then the article's id)."""
    article = source.rstrip("/").rsplit("/", 1)[-1] if source else ""
    return ", ".join(filter(None, [outlet, f"article {article}" if article else ""]))


def describe(hops: list[Hop], quotes: bool = True) -> list[str]:
    """Lines a person can read: one per hop, its relation, then its evidence: each quote with its source
    (the outlet and the article), or, with ``quotes=False``, the sources alone."""
    lines = []
    for i, h in enumerate(hops, 1):
        lines.append(f"  {i}. {h.sentence()}")
        for quote, source, outlet in h.evidence:
            where = source_name(source, outlet)
            if quotes and quote:
                lines.append(f"       “{quote}”" + (f" ({where})" if where else ""))
            elif where:
                lines.append(f"       ({where})")
    return lines
