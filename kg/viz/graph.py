"""Pictures of the graph: the whole graph, a node's neighbourhood, or one proposal with the stances on it.

:func:`plot_graph` draws a projection made by :func:`kg.network.to_networkx` to a PNG, SVG or PDF file.
Nodes are coloured and shaped by kind (see :data:`KIND_STYLES`); stance edges are coloured by polarity
(see :data:`POLARITY_COLOURS`) and labelled with the stance; parallel edges are curved apart. The layout is
deterministic (a stress-majorisation layout from shortest-path distances, then an overlap-removal pass on the
measured label boxes), so the same graph gives a byte-identical file, and no two labels overlap.

Three pictures:

* the whole graph (edge labels only on stance edges, to stay readable);
* ``focus=IRI, hops=N``: every node within N hops of the focus, ignoring direction, and the edges among them;
* ``proposal=IRI``: the proposal, its terms, every stance taken on them (with the holders), and the conditions
  attached (to a term, or to a position: then drawn as a dashed "under condition" link from the holder).

Examples
--------
>>> import kg, tempfile
>>> from pathlib import Path
>>> from kg.network.projection import to_networkx
>>> from kg.viz.graph import plot_graph
>>> G = to_networkx(kg.build(kg.annotation_files()).dataset)
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = plot_graph(G, Path(tmp) / "pause.svg", proposal="https://w3id.org/ceasefire-kg/id/proposal/energy-pause")
...     (out.name, out.read_text(encoding="utf-8").count("<svg") >= 1)
('pause.svg', True)
"""

from __future__ import annotations

import math
import os
import secrets
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = ("png", "svg", "pdf")

#: kind -> (fill colour, matplotlib marker, marker area in pt²)
KIND_STYLES: dict[str, tuple[str, str, float]] = {
    "actor": ("#4e79a7", "o", 220),
    "office": ("#b07aa1", "p", 200),
    "place": ("#9c755f", "h", 200),
    "proposal": ("#edc948", "s", 240),
    "term": ("#f3dd8a", "s", 90),
    "condition": ("#76b7b2", "8", 190),
    "event": ("#ff9da7", "D", 130),
    "claim": ("#bab0ac", "^", 190),
    "position": ("#d4d4d4", "d", 120),
    "article": ("#a0cbe8", "v", 160),
    "concept": ("#d4a6c8", "d", 120),
}
OTHER_KIND = ("#cccccc", "o", 120)
KIND_ORDER = list(KIND_STYLES)

#: polarity of a stance -> edge colour; edges that are not stances are drawn in EDGE_GREY
POLARITY_COLOURS = {"favourable": "#2ca02c", "unfavourable": "#d62728", "conditional": "#ff7f0e", "neutral": "#7f7f7f"}
#: darker shades for the stance labels, so that they read on white
POLARITY_TEXT = {"favourable": "#1b6e1b", "unfavourable": "#a31d1d", "conditional": "#b35900", "neutral": "#4d4d4d"}
EDGE_GREY = "#a6a6a6"
EDGE_TEXT_GREY = "#595959"
POLARITY_ORDER = ["favourable", "unfavourable", "conditional", "neutral"]

WRAP = 18  # characters per line of a label
MIN_FONT = 7.0  # points; no label is smaller
LEGEND_WIDTH = 2.7  # inches kept on the right for the legends
RING = 2.4  # the ring around the focus or the proposal, as a multiple of its marker's area
SAVE_CREATOR = "ceasefire-kg"


# ---------------------------------------------------------------------------------------------------------------
# what a picture shows
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Edge:
    u: str
    v: str
    key: str
    data: dict
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


def _label(G, n) -> str:
    return str(G.nodes[n].get("label", n))


def _is_term_of(data: dict, key) -> bool:
    return str(key) == "termOf" or str(data.get("predicate", "")).endswith("termOf") or data.get("label") == "term of"


def _is_condition_edge(data: dict, key) -> bool:
    pred = str(data.get("predicate", ""))
    return (
        str(key) in ("hasCondition", "underCondition")
        or pred.endswith(("hasCondition", "underCondition"))
        or data.get("label") in ("has condition", "under condition")
    )


def _check_node(G, node: str, what: str) -> str:
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


def select(G, *, focus: str | None = None, hops: int = 1, proposal: str | None = None) -> Picture:
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
            raise ValueError(f"'{_label(G, p)}' ({p}) is not a proposal: it is of kind '{kind}'")
        highlight = [p]
        terms = sorted(u for u, _, k, d in G.in_edges(p, keys=True, data=True) if _is_term_of(d, k))
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
            f"Proposal “{_label(G, p)}”: its {len(terms)} term{'s' if len(terms) != 1 else ''}, "
            "the stances taken on them and their conditions"
            if terms
            else f"Proposal “{_label(G, p)}”: the stances taken on it and their conditions"
        )
        label_all = True
    elif focus is not None:
        f = _check_node(G, focus, "focus")
        highlight = [f]
        keep = sorted(nx.ego_graph(G, f, radius=hops, undirected=True))
        what = f"Within {hops} hop{'s' if hops != 1 else ''} of “{_label(G, f)}”"
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
        c = e.data.get("condition_iri")
        if "stance" in e.data and c in kept and c != e.u:
            edges.append(
                Edge(
                    e.u,
                    c,
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


# ---------------------------------------------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------------------------------------------


def _stress_layout(n: int, pairs: list[tuple[int, int]]):
    """Deterministic 2-D layout: classical MDS of the shortest-path distances, refined by stress majorisation.
    Nodes of other components sit at half the longest distance plus one (around the edge of the picture)."""
    import numpy as np

    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    adj: list[set[int]] = [set() for _ in range(n)]
    for a, b in pairs:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    D = np.full((n, n), np.inf)
    for s in range(n):
        D[s, s] = 0
        frontier, d = [s], 0
        while frontier:
            d += 1
            nxt = []
            for a in frontier:
                for b in sorted(adj[a]):
                    if D[s, b] == np.inf:
                        D[s, b] = d
                        nxt.append(b)
            frontier = nxt
    finite = D[np.isfinite(D)]
    far = math.ceil((finite.max() if finite.size else 0) / 2) + 1  # just outside the largest component
    D[~np.isfinite(D)] = far
    # classical MDS
    J = np.eye(n) - 1.0 / n
    B = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(-vals, kind="stable")[:2]
    X = vecs[:, order] * np.sqrt(np.maximum(vals[order], 1e-9))
    # a small deterministic spread, so that nodes at the same distances do not coincide
    X = X + 0.05 * np.column_stack([np.cos(np.arange(n) * 2.399963), np.sin(np.arange(n) * 2.399963)])
    W = np.where(D > 0, 1.0 / np.maximum(D, 1e-9) ** 2, 0.0)
    wsum = W.sum(axis=1)
    for _ in range(300):
        diff = X[:, None, :] - X[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2)) + 1e-9
        target = X[None, :, :] + (D / dist)[:, :, None] * diff
        X = (W[:, :, None] * target).sum(axis=1) / wsum[:, None]
    # principal axis horizontal, signs fixed
    X = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    X = X @ vt.T
    for j in range(2):
        col = X[:, j]
        if col[int(np.argmax(np.abs(col)))] < 0:
            X[:, j] = -col
    return X


def _bezier(p0, p2, rad: float, t: float):
    """The point at ``t`` of matplotlib's ``arc3,rad=rad`` curve from p0 to p2 (isotropic coordinates)."""
    dx, dy = p2[0] - p0[0], p2[1] - p0[1]
    cx, cy = (p0[0] + p2[0]) / 2 + rad * dy, (p0[1] + p2[1]) / 2 - rad * dx
    a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
    return a * p0[0] + b * cx + c * p2[0], a * p0[1] + b * cy + c * p2[1]


def _wrap(text: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=True, break_on_hyphens=True)) or " "


# ---------------------------------------------------------------------------------------------------------------
# drawing
# ---------------------------------------------------------------------------------------------------------------


def _style(kind: str | None) -> tuple[str, str, float]:
    return KIND_STYLES.get(kind or "", OTHER_KIND)


def _edge_colour(e: Edge) -> tuple[str, float, str]:
    """(colour, line width, line style) of an edge."""
    if e.synthetic:
        return POLARITY_COLOURS["conditional"], 1.4, "--"
    if "stance" in e.data:
        pol = e.data.get("polarity") or "neutral"
        return POLARITY_COLOURS.get(pol, POLARITY_COLOURS["neutral"]), 2.2, "-"
    return EDGE_GREY, 0.9, "-"


def draw_graph(
    G,
    *,
    focus: str | None = None,
    hops: int = 1,
    proposal: str | None = None,
    title: str | None = None,
    width: float = 16,
    height: float = 11,
    dpi: int = 150,
):
    """The picture :func:`plot_graph` saves, as a :class:`matplotlib.figure.Figure` on the Agg canvas
    (never shown). ``fig.kg_labels`` lists the label texts, ``fig.kg_edges`` maps (u, v, key) to the edge's
    FancyArrowPatch (its gid is ``"u|key|v"``; the key of a stance edge is the position's id)."""
    _check_size(width, height, dpi)
    picture = select(G, focus=focus, hops=hops, proposal=proposal)
    fig = None
    scale, w, h = 1.0, float(width), float(height)
    for attempt in range(6):
        fig, ok = _render(G, picture, title=title, width=w, height=h, dpi=dpi, font_scale=scale)
        if ok:
            return fig
        if scale > 0.8:  # first smaller type (never under MIN_FONT), then a larger canvas
            scale = max(scale - 0.1, 0.8)
        else:
            w, h = w * 1.15, h * 1.15
    return fig


def _check_size(width, height, dpi) -> None:
    for name, value in (("width", width), ("height", height), ("dpi", dpi)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0 or not math.isfinite(value):
            raise ValueError(f"{name} must be a positive number, not {value!r}")


def _render(G, picture: Picture, *, title, width, height, dpi, font_scale):
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)  # data coordinates are inches: isotropic, so arc3 curves can be computed
    ax.set_ylim(0, height)
    ax.set_axis_off()

    n = len(picture.nodes)
    index = {node: i for i, node in enumerate(picture.nodes)}
    node_font = max(MIN_FONT, (11 if n <= 12 else 10 if n <= 25 else 8.5 if n <= 40 else 8.0) * font_scale)
    edge_font = max(MIN_FONT, (10 if n <= 12 else 9 if n <= 25 else 7.5) * font_scale)

    # -- title -----------------------------------------------------------------------------------------------
    source = str(G.graph.get("source") or "unknown source")
    heading = "\n".join(textwrap.wrap(title or picture.what, width=int(8.5 * width))) or " "
    source_line = "\n".join(textwrap.wrap(f"Source: {source}", width=int(11 * (width - LEGEND_WIDTH)))) or " "
    t1 = fig.text(
        0.25 / width,
        1 - 0.2 / height,
        heading,
        ha="left",
        va="top",
        fontsize=13,
        fontweight="bold",
        wrap=False,
        gid="title",
    )
    t2 = fig.text(
        0.25 / width, 1 - 0.2 / height, source_line, ha="left", va="top", fontsize=9.5, color="#404040", gid="subtitle"
    )
    b1 = t1.get_window_extent(renderer)
    t2.set_y((b1.y0 - 0.06 * dpi) / (height * dpi))
    b2 = t2.get_window_extent(renderer)
    top = height - (height * dpi - b2.y0) / dpi - 0.15
    area = (0.25, 0.25, width - LEGEND_WIDTH - 0.15, top)  # x0, y0, x1, y1 in inches

    # -- nodes ------------------------------------------------------------------------------------------------
    kinds = [G.nodes[v].get("kind") for v in picture.nodes]
    styles = [_style(k) for k in kinds]
    ring = {index[v] for v in picture.highlight}
    radius = np.array([math.sqrt(s[2] * (RING if i in ring else 1)) / 2 / 72 for i, s in enumerate(styles)])
    radius = radius.reshape(-1)  # inches
    pairs = [(index[e.u], index[e.v]) for e in picture.edges]
    X = _stress_layout(n, pairs)
    pos = _fit(X, area, n)

    # -- edges: parallel ones curved apart --------------------------------------------------------------------
    groups: dict[tuple[int, int], list[int]] = {}
    for j, e in enumerate(picture.edges):
        a, b = index[e.u], index[e.v]
        groups.setdefault((min(a, b), max(a, b)), []).append(j)
    rad = np.zeros(len(picture.edges))
    group_of = np.zeros(len(picture.edges), dtype=int)
    base_rad = {}
    for g, (pair, members) in enumerate(sorted(groups.items())):
        m = len(members)
        for i, j in enumerate(members):
            group_of[j] = g
            r = 0.0 if m == 1 else 0.32 * (i - (m - 1) / 2)
            # arc3 bends relative to the edge's direction: keep one sense for the pair
            rad[j] = r if index[picture.edges[j].u] == pair[0] else -r
        base_rad[g] = members
    tpar = np.full(len(picture.edges), 0.5)

    # -- label texts (measured once: their size does not depend on where they are) ----------------------------
    texts = []
    items = []  # (type, node or edge index, rel box x0, y0, x1, y1 in inches from the anchor)
    pad_in = 2.5 / 72
    for i, node in enumerate(picture.nodes):
        items.append(("marker", i, -radius[i], -radius[i], radius[i], radius[i]))
    for i, node in enumerate(picture.nodes):
        txt = ax.text(
            0,
            0,
            _wrap(_label(G, node)),
            ha="center",
            va="top",
            fontsize=node_font,
            zorder=5,
            color="#1a1a1a",
            linespacing=1.1,
            gid=f"label:{node}",
            bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85),
        )
        texts.append(txt)
        items.append(("label", i, *_rel_box(txt, renderer, dpi, pad_in)))
    edge_texts: dict[int, Any] = {}
    for j, e in enumerate(picture.edges):
        if not e.labelled:
            continue
        text = e.data.get("stance") or e.data.get("label") or e.key
        cond = e.data.get("condition")
        if "stance" in e.data and cond and e.data.get("condition_iri") not in index:
            text = f"{text} (if: {cond})"
        pol = e.polarity
        colour = POLARITY_TEXT.get(pol, POLARITY_TEXT["neutral"]) if pol else EDGE_TEXT_GREY
        txt = ax.text(
            0,
            0,
            _wrap(text),
            ha="center",
            va="center",
            fontsize=edge_font,
            zorder=4,
            color=colour,
            style="italic",
            linespacing=1.05,
            gid=f"edge-label:{e.gid}",
            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85),
        )
        edge_texts[j] = txt
        items.append(("edge", j, *_rel_box(txt, renderer, dpi, pad_in)))
    gap = 2.0 / 72

    ok = _resolve(items, pos, rad, tpar, picture, index, radius, gap, area, group_of)

    # -- place everything -------------------------------------------------------------------------------------
    for i, txt in enumerate(texts):
        txt.set_position((pos[i, 0], pos[i, 1] - radius[i] - gap))
    kg_edges = {}
    for j, e in enumerate(picture.edges):
        a, b = index[e.u], index[e.v]
        colour, lw, ls = _edge_colour(e)
        patch = FancyArrowPatch(
            tuple(pos[a]),
            tuple(pos[b]),
            arrowstyle="-|>",
            mutation_scale=11 if lw > 1 else 8,
            connectionstyle=f"arc3,rad={rad[j]:.4f}",
            color=colour,
            linewidth=lw,
            linestyle=ls,
            shrinkA=radius[a] * 72 + 1.5,
            shrinkB=radius[b] * 72 + 2.5,
            zorder=2 if lw > 1 else 1,
            gid=e.gid,
        )
        ax.add_patch(patch)
        kg_edges[(e.u, e.v, e.key)] = patch
        if j in edge_texts:
            edge_texts[j].set_position(_bezier(pos[a], pos[b], rad[j], tpar[j]))
    present_kinds = []
    for kind in KIND_ORDER + sorted({k or "" for k in kinds} - set(KIND_ORDER)):
        members = [i for i, k in enumerate(kinds) if (k or "") == kind]
        if not members:
            continue
        present_kinds.append(kind)
        colour, marker, size = _style(kind)
        ax.scatter(
            pos[members, 0],
            pos[members, 1],
            s=size,
            marker=marker,
            c=colour,
            edgecolors="#333333",
            linewidths=0.7,
            zorder=3,
            gid=f"nodes:{kind or 'other'}",
        )
    for node in picture.highlight:
        i = index[node]
        ax.scatter(
            [pos[i, 0]],
            [pos[i, 1]],
            s=styles[i][2] * RING,
            marker=styles[i][1],
            facecolors="none",
            edgecolors="#000000",
            linewidths=1.6,
            zorder=3,
            gid=f"highlight:{node}",
        )
    if n == 0:
        ax.text(
            (area[0] + area[2]) / 2,
            (area[1] + area[3]) / 2,
            "(nothing to show)",
            ha="center",
            va="center",
            fontsize=12,
            color="#666666",
        )

    _legends(fig, renderer, picture, present_kinds, width, height, dpi, top)
    fig.kg_labels = texts + [edge_texts[j] for j in sorted(edge_texts)]
    fig.kg_edges = kg_edges
    fig.kg_picture = picture
    if ok:
        ok = not overlapping_labels(fig)
    return fig, ok


def _rel_box(txt, renderer, dpi, pad):
    """A text's box relative to its anchor, in inches, with ``pad`` around."""
    txt.set_position((0, 0))
    bb = txt.get_window_extent(renderer)
    ox, oy = txt.axes.transData.transform((0, 0))
    return ((bb.x0 - ox) / dpi - pad, (bb.y0 - oy) / dpi - pad, (bb.x1 - ox) / dpi + pad, (bb.y1 - oy) / dpi + pad)


def _fit(X, area, n):
    """Scale a layout into the drawing area (small graphs use the middle of it)."""
    import numpy as np

    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    frac = min(1.0, 0.5 + 0.08 * math.sqrt(max(n, 1)))
    hw, hh = (x1 - x0) / 2 * frac * 0.85, (y1 - y0) / 2 * frac * 0.8
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    span = X.max(axis=0) - X.min(axis=0)
    mid = (X.max(axis=0) + X.min(axis=0)) / 2
    for j, (c, half) in enumerate(((cx, hw), (cy, hh))):
        pos[:, j] = c if span[j] < 1e-9 else c + (X[:, j] - mid[j]) / span[j] * 2 * half
    return pos


def _resolve(items, pos, rad, tpar, picture, index, radius, gap, area, group_of, iterations: int = 2000) -> bool:
    """Move nodes (and curve parallel edges further) until no two boxes — node markers, node labels, edge
    labels — intersect and all lie in ``area``. Deterministic (Jacobi steps over sorted pairs). In place."""
    import numpy as np

    K = len(items)
    if K == 0:
        return True
    typ = [it[0] for it in items]
    ref = np.array([it[1] for it in items])
    rel = np.array([it[2:] for it in items], dtype=float)
    is_edge = np.array([t == "edge" for t in typ])
    ends = {j: (index[e.u], index[e.v]) for j, e in enumerate(picture.edges)}
    x0, y0, x1, y1 = area
    # pairs that may touch: a node's marker and its own label
    node_item = np.where(~is_edge, ref, -1)
    same_node = (node_item[:, None] == node_item[None, :]) & (node_item[:, None] >= 0)
    upper = np.triu(np.ones((K, K), dtype=bool), 1)
    allowed = upper & ~same_node
    n = len(pos)
    # the label hangs under the node; the marker is centred on it
    label_dy = np.array([-(radius[r] + gap) if t == "label" else 0.0 for t, r in zip(typ, ref)])
    node_rel = np.zeros((n, 4))  # the union of a node's marker and label boxes, relative to the node
    node_rel[:, :2], node_rel[:, 2:] = np.inf, -np.inf
    for k in range(K):
        if not is_edge[k]:
            r = ref[k]
            box = rel[k] + np.array([0, label_dy[k], 0, label_dy[k]])
            node_rel[r, :2] = np.minimum(node_rel[r, :2], box[:2])
            node_rel[r, 2:] = np.maximum(node_rel[r, 2:], box[2:])

    def coeffs(k) -> dict[int, float]:
        if is_edge[k]:
            a, b = ends[ref[k]]
            t = tpar[ref[k]]
            if a == b:
                return {a: 1.0}
            return {a: 1 - t, b: t}
        return {int(ref[k]): 1.0}

    def anchors():
        A = np.zeros((K, 2))
        for k in range(K):
            if is_edge[k]:
                j = ref[k]
                a, b = ends[j]
                A[k] = _bezier(pos[a], pos[b], rad[j], tpar[j])
            else:
                A[k] = pos[ref[k]]
                A[k, 1] += label_dy[k]
        return A

    def clamp():
        lo_x, hi_x = x0 - node_rel[:, 0], x1 - node_rel[:, 2]
        lo_y, hi_y = y0 - node_rel[:, 1], y1 - node_rel[:, 3]
        pos[:, 0] = np.where(lo_x <= hi_x, np.clip(pos[:, 0], lo_x, np.maximum(lo_x, hi_x)), (x0 + x1) / 2)
        pos[:, 1] = np.where(lo_y <= hi_y, np.clip(pos[:, 1], lo_y, np.maximum(lo_y, hi_y)), (y0 + y1) / 2)

    def _own_edge(a, b):
        """(the end, the other end) when one item is an edge's label and the other belongs to one of its ends."""
        e, o = (a, b) if is_edge[a] else (b, a)
        p, q = ends[ref[e]]
        if p == q:
            return None
        if ref[o] == p:
            return p, q
        if ref[o] == q:
            return q, p
        return None

    seen: dict[tuple[int, int], int] = {}
    best = [math.inf, 0]
    clamp()
    step = 0.5
    max_move = 0.25
    for it in range(iterations):
        A = anchors()
        B = np.concatenate([A, A], axis=1) + rel
        ox = np.minimum(B[:, None, 2], B[None, :, 2]) - np.maximum(B[:, None, 0], B[None, :, 0])
        oy = np.minimum(B[:, None, 3], B[None, :, 3]) - np.maximum(B[:, None, 1], B[None, :, 1])
        hits = np.argwhere((ox > 0) & (oy > 0) & allowed)
        outside = [k for k in np.flatnonzero(is_edge) if B[k, 0] < x0 or B[k, 2] > x1 or B[k, 1] < y0 or B[k, 3] > y1]
        if not len(hits) and not outside:
            return True
        count = len(hits) + len(outside)
        if count < best[0]:
            best[:] = [count, it]
        elif it - best[1] > 300:  # no progress for a while: give up (the caller enlarges the canvas)
            return False
        disp = np.zeros((n, 2))
        for a, b in hits:
            ca, cb = A[a] + (rel[a, :2] + rel[a, 2:]) / 2, A[b] + (rel[b, :2] + rel[b, 2:]) / 2
            d = np.zeros(2)
            seen[(a, b)] = seen.get((a, b), 0) + 1
            axis = 0 if ox[a, b] < oy[a, b] else 1
            if seen[(a, b)] > 40 and (seen[(a, b)] // 20) % 2:  # a stubborn pair: try the other way
                axis = 1 - axis
            amount = (ox[a, b] if axis == 0 else oy[a, b]) + 0.01
            delta = ca[axis] - cb[axis]
            sign = 1.0 if delta > 1e-9 else -1.0 if delta < -1e-9 else (1.0 if (a + b + it) % 2 else -1.0)
            d[axis] = sign * amount
            own = _own_edge(a, b) if is_edge[a] != is_edge[b] else None
            if own is not None:
                # an edge's label on one of its own ends: lengthen the edge
                (near, far) = own
                along = pos[far] - pos[near]
                norm = float(np.hypot(*along))
                if norm > 1e-9:
                    along = along / norm
                    m = min(ox[a, b] / max(abs(along[0]), 1e-3), oy[a, b] / max(abs(along[1]), 1e-3)) + 0.01
                    m = min(m, 0.5)
                    disp[far] += along * m / 2
                    disp[near] -= along * m / 2
                    continue
            c = coeffs(a)
            for node, w in coeffs(b).items():
                c[node] = c.get(node, 0.0) - w
            s = sum(w * w for w in c.values())
            if s < 0.05 and is_edge[a] and is_edge[b]:
                # two labels of parallel edges: curve the pair's edges further apart and lengthen them
                for k in (a, b):
                    for j in np.flatnonzero(group_of == group_of[ref[k]]):
                        rad[j] = float(np.clip(rad[j] * 1.06, -0.9, 0.9))
                p, q = ends[ref[a]]
                along = pos[q] - pos[p]
                norm = float(np.hypot(*along)) or 1.0
                disp[q] += along / norm * 0.02
                disp[p] -= along / norm * 0.02
                continue
            if s < 1e-9:
                continue
            for node, w in c.items():
                disp[node] += w * d / s
        for k in outside:
            d = np.zeros(2)
            d[0] = max(x0 - B[k, 0], 0) - max(B[k, 2] - x1, 0)
            d[1] = max(y0 - B[k, 1], 0) - max(B[k, 3] - y1, 0)
            c = coeffs(k)
            s = sum(w * w for w in c.values())
            for node, w in c.items():
                disp[node] += w * (d + np.sign(d) * 0.01) / s
            j = ref[k]  # and straighten a curve that bulges out
            rad[j] *= 0.97
        disp *= step
        norms = np.hypot(disp[:, 0], disp[:, 1])
        too_far = norms > max_move
        disp[too_far] *= (max_move / norms[too_far])[:, None]
        pos += disp
        clamp()
    return False


def _legends(fig, renderer, picture: Picture, present_kinds, width, height, dpi, top) -> None:
    from matplotlib.lines import Line2D

    x = (width - LEGEND_WIDTH + 0.05) / width
    handles = []
    for kind in present_kinds:
        colour, marker, size = _style(kind)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=math.sqrt(size) * 0.75,
                markerfacecolor=colour,
                markeredgecolor="#333333",
                label=kind or "other",
            )
        )
    leg1 = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(x, top / height),
        fontsize=9,
        title="Nodes by kind",
        title_fontsize=10,
        frameon=True,
        borderaxespad=0.0,
    )
    leg1.set_gid("legend-kinds")
    stances: dict[str, set[str]] = {}
    other = conditional_link = False
    for e in picture.edges:
        if e.synthetic:
            conditional_link = True
        elif "stance" in e.data:
            stances.setdefault(e.data.get("polarity") or "neutral", set()).add(str(e.data["stance"]))
        else:
            other = True
    handles = []
    for pol in POLARITY_ORDER + sorted(set(stances) - set(POLARITY_ORDER)):
        if pol in stances:
            text = "\n".join(textwrap.wrap(f"{pol}: {', '.join(sorted(stances[pol]))}", 30))
            handles.append(
                Line2D([], [], color=POLARITY_COLOURS.get(pol, POLARITY_COLOURS["neutral"]), lw=2.2, label=text)
            )
    if conditional_link:
        handles.append(
            Line2D(
                [],
                [],
                color=POLARITY_COLOURS["conditional"],
                lw=1.4,
                linestyle="--",
                label="under condition\n(holder → condition)",
            )
        )
    if other:
        handles.append(Line2D([], [], color=EDGE_GREY, lw=0.9, label="other relation"))
    if handles:
        below = leg1.get_window_extent(renderer).y0 / dpi - 0.2
        leg2 = fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(x, below / height),
            fontsize=9,
            title="Edges by stance",
            title_fontsize=10,
            frameon=True,
            borderaxespad=0.0,
            handlelength=2.2,
        )
        leg2.set_gid("legend-stances")


# ---------------------------------------------------------------------------------------------------------------
# inspection helpers (used by the tests)
# ---------------------------------------------------------------------------------------------------------------


def label_boxes(fig) -> list[tuple[Any, Any]]:
    """(text, bbox in display pixels) of every node and edge label of a figure made by :func:`draw_graph`."""
    renderer = fig.canvas.get_renderer()
    return [(t, t.get_window_extent(renderer)) for t in getattr(fig, "kg_labels", [])]


def overlapping_labels(fig) -> list[tuple[str, str]]:
    """The pairs of labels whose boxes intersect (an empty list when the picture is readable)."""
    boxes = label_boxes(fig)
    out = []
    for i, (ta, ba) in enumerate(boxes):
        for tb, bb in boxes[i + 1 :]:
            if ba.x0 < bb.x1 and bb.x0 < ba.x1 and ba.y0 < bb.y1 and bb.y0 < ba.y1:
                out.append((ta.get_text().replace("\n", " "), tb.get_text().replace("\n", " ")))
    return out


def edge_patches(fig) -> dict[tuple[str, str, str], Any]:
    """(u, v, key) -> the FancyArrowPatch drawing that edge (the key of a stance edge is its position's id)."""
    return dict(getattr(fig, "kg_edges", {}))


# ---------------------------------------------------------------------------------------------------------------
# the entry point
# ---------------------------------------------------------------------------------------------------------------


def plot_graph(
    G,
    out: Path,
    *,
    fmt: str | None = None,
    focus: str | None = None,
    hops: int = 1,
    proposal: str | None = None,
    title: str | None = None,
    width: float = 16,
    height: float = 11,
    dpi: int = 150,
) -> Path:
    """Draw ``G`` (a :func:`kg.network.to_networkx` projection) to ``out`` and return the path written.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection.
    out : Path
        The file to write (atomically; its folder is made if missing).
    fmt : {"png", "svg", "pdf"}, optional
        The format; by default ``out``'s suffix.
    focus : str, optional
        An IRI: draw the nodes within ``hops`` hops of it (ignoring direction) and the edges among them.
    hops : int
        How far from ``focus`` to go (default 1).
    proposal : str, optional
        An IRI of a proposal: draw it, its terms, the stances on them with their holders, and the conditions.
    title : str, optional
        The heading (by default, what is shown); the source line is always added.
    width, height : float
        The size in inches (the PNG is width*dpi × height*dpi pixels; the SVG and PDF width*72 × height*72 pt).
    dpi : int
        Pixels per inch of the PNG.

    Raises
    ------
    ValueError
        For an unknown format, a focus or proposal not in ``G``, or a proposal node that is not a proposal.
    """
    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        shown = fmt or f"(none: '{out.name}' has no suffix)"
        raise ValueError(f"unknown format '{shown}': use one of {', '.join(FORMATS)}")
    fig = draw_graph(G, focus=focus, hops=hops, proposal=proposal, title=title, width=width, height=height, dpi=dpi)
    return save_figure(fig, out, fmt=fmt, title=fig.kg_picture.what)


def save_figure(fig, out: Path, *, fmt: str, title: str = "") -> Path:
    """Write a figure reproducibly (no dates, a fixed SVG hash salt) and atomically (a temporary file in the
    same folder, then :func:`os.replace`)."""
    import matplotlib

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "png":
        metadata = {"Software": SAVE_CREATOR, "Title": title}
    elif fmt == "svg":
        metadata = {"Date": None, "Creator": SAVE_CREATOR, "Title": title}
    else:
        metadata = {
            "CreationDate": None,
            "ModDate": None,
            "Creator": SAVE_CREATOR,
            "Producer": SAVE_CREATOR,
            "Title": title,
        }
    while True:  # like mkstemp, but the file gets the usual permissions (0666 less the umask)
        tmp = str(out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            break
        except FileExistsError:
            continue
    try:
        with (
            os.fdopen(fd, "wb") as handle,
            matplotlib.rc_context({"svg.hashsalt": "ceasefire-kg", "pdf.compression": 6}),
        ):
            fig.savefig(handle, format=fmt, dpi=fig.dpi, metadata=metadata)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out


__all__ = [
    "EDGE_GREY",
    "FORMATS",
    "KIND_STYLES",
    "POLARITY_COLOURS",
    "draw_graph",
    "edge_patches",
    "label_boxes",
    "overlapping_labels",
    "plot_graph",
    "save_figure",
    "select",
]
