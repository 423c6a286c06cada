"""What a picture of the graph shows: :func:`select` picks the nodes and edges of the whole graph, of a node's
neighbourhood, or of one proposal with the stances on it, as a :class:`Picture`. No drawing here.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(source="an invented example")
>>> G.add_node("a", label="A", kind="actor"); G.add_node("p", label="P", kind="proposal")
>>> G.add_node("b", label="B", kind="actor")
>>> _ = G.add_edge("a", "p", key="pos1", stance="agrees to", polarity="favourable")
>>> _ = G.add_edge("b", "a", key="knows", label="knows")
>>> picture = select(G, proposal="p")
>>> picture.nodes, [e.gid for e in picture.edges], picture.what
(['a', 'p'], ['a|pos1|p'], 'Proposal “P”: the stances taken on it and their conditions: 2 nodes, 1 edge')
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Edge:
    """An edge of a picture: its ends, key and data, whether it is labelled, and whether the picture made it
    (a holder's dashed link to the condition of its position)."""

    u: str
    v: str
    key: str
    data: dict[str, Any]
    labelled: bool
    synthetic: bool = False

    @property
    def gid(self) -> str:
        return f"{self.u}|{self.key}|{self.v}"

    @property
    def polarity(self) -> str | None:
        return self.data.get("polarity") if ("stance" in self.data or self.synthetic) else None


@dataclass
class Picture:
    """The nodes and edges one picture shows, and a sentence saying what it is."""

    nodes: list[str]
    edges: list[Edge]
    what: str
    highlight: list[str] = field(default_factory=list)


def label_of(G: nx.MultiDiGraph[str], n: str) -> str:
    """The label of node ``n`` (its IRI when it has none)."""
    return str(G.nodes[n].get("label", n))


def drawn_label(G: nx.MultiDiGraph[str], n: str) -> str:
    """The text drawn for node ``n``: its label, and how many other names its sources give it ("(+1 other
    name)": the picture does not pick one name silently)."""
    from kg.network.projection import SEP

    others = str(G.nodes[n].get("other_labels") or "")
    more = len(others.split(SEP)) if others else 0
    return label_of(G, n) + (f" (+{more} other name{'s' if more != 1 else ''})" if more else "")


def _is_term_of(data: dict[str, Any], key: Hashable) -> bool:
    return str(key) == "termOf" or str(data.get("predicate", "")).endswith("termOf") or data.get("label") == "term of"


def _is_condition_edge(data: dict[str, Any], key: Hashable) -> bool:
    pred = str(data.get("predicate", ""))
    return (
        str(key) in ("hasCondition", "underCondition")
        or pred.endswith(("hasCondition", "underCondition"))
        or data.get("label") in ("has condition", "under condition")
    )


def _check_node(G: nx.MultiDiGraph[str], node: str, what: str) -> str:
    node = str(node)
    if node in G:
        return node
    close = sorted(
        n
        for n in G
        if str(G.nodes[n].get("label", "")).casefold() == node.casefold()
        or str(n).rsplit("/", 1)[-1].casefold() == node.casefold()
    )
    hint = f"; did you mean {' or '.join(close)}?" if close else " (give the node's IRI)"
    raise ValueError(f"the {what} '{node}' is not a node of the graph{hint}")


def select(G: nx.MultiDiGraph[str], *, focus: str | None = None, hops: int = 1, proposal: str | None = None) -> Picture:
    """The content of a picture: all of ``G``, the neighbourhood of ``focus``, or ``proposal`` with its terms,
    the stances on them and their conditions. Raises ValueError for a node not in ``G`` or not a proposal."""
    import networkx as nx

    if focus is not None and proposal is not None:
        raise ValueError("give either focus= or proposal=, not both")
    if not isinstance(hops, int) or isinstance(hops, bool) or hops < 0:
        raise ValueError(f"hops must be a whole number >= 0, not {hops!r}")
    highlight: list[str] = []
    if proposal is not None:
        p = _check_node(G, proposal, "proposal")
        kind = G.nodes[p].get("kind")
        if kind != "proposal":
            raise ValueError(f"'{label_of(G, p)}' ({p}) is not a proposal: it is of kind '{kind}'")
        highlight = [p]
        from kg.network.projection import SEP

        term_edges = [(u, d) for u, _, k, d in G.in_edges(p, keys=True, data=True) if _is_term_of(d, k)]
        terms = sorted({u for u, _ in term_edges})
        sources = {s for _, d in term_edges for s in str(d.get("outlet") or d.get("source") or "").split(SEP) if s}
        targets = [p, *terms]
        nodes = set(targets)
        for t in targets:
            for holder, _, d in G.in_edges(t, data=True):
                if "stance" in d:
                    nodes.add(holder)
                    if d.get("condition_iri") in G:
                        nodes.add(d["condition_iri"])
            for _, c, k, d in G.out_edges(t, keys=True, data=True):
                if _is_condition_edge(d, k):
                    nodes.add(c)
            # positions kept as nodes (to_networkx(positions_as_nodes=True)): the position and its neighbours
            for pos in G.predecessors(t):
                if G.nodes[pos].get("kind") == "position":
                    nodes.add(pos)
                    nodes.update(nx.all_neighbors(G, pos))
        keep = sorted(nodes)
        what = (
            f"Proposal “{label_of(G, p)}”: its {len(terms)} term{'s' if len(terms) != 1 else ''}"
            + (f" as {len(sources)} sources list them" if len(sources) > 1 else "")
            + ", the stances taken on them and their conditions"
            if terms
            else f"Proposal “{label_of(G, p)}”: the stances taken on it and their conditions"
        )
        label_all = True
    elif focus is not None:
        f = _check_node(G, focus, "focus")
        highlight = [f]
        keep = sorted(nx.ego_graph(G, f, radius=hops, undirected=True))
        what = f"Within {hops} hop{'s' if hops != 1 else ''} of “{label_of(G, f)}”"
        label_all = True
    else:
        keep = sorted(G)
        what = "The whole graph"
        label_all = False
    kept = set(keep)
    edges = []
    for u, v, k, d in G.edges(keys=True, data=True):
        if u in kept and v in kept:
            edges.append(Edge(str(u), str(v), str(k), dict(d), label_all or "stance" in d))
    # a position's condition, when it is a node of the picture: a dashed link from the holder
    for e in list(edges):
        condition = e.data.get("condition_iri")
        if "stance" in e.data and condition in kept and condition != e.u:
            edges.append(
                Edge(
                    e.u,
                    condition,
                    f"underCondition:{e.key}",
                    {
                        "label": "under condition",
                        "polarity": "conditional",
                        "condition_of": e.data.get("position", ""),
                        "predicate": "https://w3id.org/ceasefire-kg/ontology#underCondition",
                    },
                    True,
                    synthetic=True,
                )
            )
    edges.sort(key=lambda e: (e.u, e.v, e.key))
    what += f": {len(keep)} node{'s' if len(keep) != 1 else ''}, {len(edges)} edge{'s' if len(edges) != 1 else ''}"
    return Picture(keep, edges, what, highlight)


__all__ = ["Edge", "Picture", "label_of", "select"]
