"""Drawing a picture of the graph with matplotlib: :func:`render` measures the labels, has
:mod:`kg.viz.graph_layout` place everything, then draws the nodes (coloured and shaped by kind, see
:mod:`kg.viz.style`), the edges (stance edges coloured by polarity, parallel ones curved apart), the labels, the
title and the legends on an Agg canvas (never shown). Also the helpers that inspect a drawn figure.

matplotlib and numpy are imported inside the functions only.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any, cast

from kg.viz.graph_layout import (
    Box,
    Item,
    LabelGrid,
    bezier,
    curves,
    fit,
    label_spots,
    pivot_layout,
    resolve,
    stress_layout,
)
from kg.viz.graph_select import Edge, Picture, drawn_label
from kg.viz.style import (
    DARK_GREY,
    EDGE_GREY,
    EDGE_TEXT_GREY,
    INK,
    KIND_STYLES,
    POLARITY_COLOURS,
    POLARITY_ORDER,
    POLARITY_TEXT,
    KindStyle,
    kind_style,
)

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox
    from numpy.typing import NDArray

    class GraphFigure(Figure):
        """What :func:`render` draws: a :class:`~matplotlib.figure.Figure` on the Agg canvas, with three attributes
        set on it (for type checkers only: at run time it is a plain Figure)."""

        canvas: FigureCanvasAgg
        kg_labels: list[Text]
        kg_edges: dict[tuple[str, str, str], FancyArrowPatch]
        kg_picture: Picture
        kg_unlabelled: list[str]  # a large picture only: the nodes without a label, most connected first


WRAP = 18  # characters per line of a label
MIN_FONT = 7.0  # points; no label is smaller
LEGEND_WIDTH = 2.7  # inches kept on the right for the legends
RING = 2.4  # the ring around the focus or the proposal, as a multiple of its marker's area
LARGE = 200  # nodes: above this, a linear-time layout and only the labels that fit (the most connected first)
MAX_LABEL_TRIES = 1500  # in a large picture, the labels tried at most (the rest are counted in the note)


def _node_label(ax: Any, G: Any, node: str, fontsize: float) -> Any:
    """A node's label, not yet placed: wrapped, on a white box, named ``label:NODE`` in an SVG."""
    return ax.text(
        0,
        0,
        _wrap(drawn_label(G, node)),
        ha="center",
        va="top",
        fontsize=fontsize,
        zorder=5,
        color=INK,
        linespacing=1.1,
        gid=f"label:{node}",
        bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
    )


def _wrap(text: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=True, break_on_hyphens=True)) or " "


def edge_style(e: Edge) -> tuple[str, float, str]:
    """(colour, line width, line style) of an edge: a stance's by its polarity, a holder's link to a condition
    dashed, other edges thin and grey."""
    if e.synthetic:
        return POLARITY_COLOURS["conditional"], 1.4, "--"
    if "stance" in e.data:
        pol = e.data.get("polarity") or "neutral"
        return POLARITY_COLOURS.get(pol, POLARITY_COLOURS["neutral"]), 2.2, "-"
    return EDGE_GREY, 0.9, "-"


def render(
    G: nx.MultiDiGraph[str],
    picture: Picture,
    *,
    title: str | None,
    width: float,
    height: float,
    dpi: int,
    font_scale: float,
) -> tuple[GraphFigure, bool]:
    """Draw ``picture`` of ``G`` on a new figure ``width`` × ``height`` inches, its fonts scaled by
    ``font_scale``: (the figure, whether no two labels overlap). ``fig.kg_labels`` lists the label texts,
    ``fig.kg_edges`` maps (u, v, key) to each edge's FancyArrowPatch, ``fig.kg_picture`` is ``picture``."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = cast("GraphFigure", Figure(figsize=(width, height), dpi=dpi))
    FigureCanvasAgg(fig)
    renderer: RendererAgg = fig.canvas.get_renderer()
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
    articles = source.split("; ")
    if len(articles) > 3:  # a corpus: its size and the first two, not a page of titles
        count = int(G.graph.get("articles") or len(articles))  # two articles may share a title
        source = f"{count:,} articles: {articles[0]}; {articles[1]}; and {count - 2:,} more"
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
    styles = [kind_style(k) for k in kinds]
    ring = {index[v] for v in picture.highlight}
    radius = np.array([math.sqrt(s[2] * (RING if i in ring else 1)) / 2 / 72 for i, s in enumerate(styles)])
    radius = radius.reshape(-1)  # inches
    ends = [(index[e.u], index[e.v]) for e in picture.edges]
    large = n > LARGE
    pos = fit(pivot_layout(n, ends) if large else stress_layout(n, ends), area, n)
    rad, group_of = curves(ends)  # parallel edges curved apart
    tpar = np.full(len(picture.edges), 0.5)

    # -- label texts (measured once: their size does not depend on where they are) ----------------------------
    texts: list[Text] = []
    items: list[Item] = []  # (type, node or edge index, rel box x0, y0, x1, y1 in inches from the anchor)
    pad_in = 2.5 / 72
    gap = 2.0 / 72
    if large:
        return _render_large(
            G,
            picture,
            fig,
            ax,
            renderer,
            pos,
            radius,
            rad,
            kinds,
            styles,
            top,
            area,
            width=width,
            height=height,
            dpi=dpi,
            node_font=node_font,
            pad_in=pad_in,
            gap=gap,
        )
    for i in range(n):
        items.append(("marker", i, -radius[i], -radius[i], radius[i], radius[i]))
    for i, node in enumerate(picture.nodes):
        txt = _node_label(ax, G, node, node_font)
        texts.append(txt)
        items.append(("label", i, *_rel_box(txt, renderer, dpi, pad_in)))
    edge_texts: dict[int, Text] = {}
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
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        edge_texts[j] = txt
        items.append(("edge", j, *_rel_box(txt, renderer, dpi, pad_in)))

    ok = resolve(items, pos, rad, tpar, ends, radius, gap, area, group_of)

    # -- place everything -------------------------------------------------------------------------------------
    for i, txt in enumerate(texts):
        txt.set_position((pos[i, 0], pos[i, 1] - radius[i] - gap))
    kg_edges, present_kinds = _draw(ax, G, picture, pos, rad, radius, kinds, styles, index, area, edge_texts, tpar)

    _legends(fig, renderer, picture, present_kinds, width, height, dpi, top)
    fig.kg_labels = texts + [edge_texts[j] for j in sorted(edge_texts)]
    fig.kg_edges = kg_edges
    fig.kg_picture = picture
    if ok:
        ok = not overlapping_labels(fig)
    return fig, ok


def _draw(
    ax: Axes,
    G: nx.MultiDiGraph[str],
    picture: Picture,
    pos: NDArray[np.float64],
    rad: NDArray[np.float64],
    radius: NDArray[np.float64],
    kinds: list[Any],
    styles: list[KindStyle],
    index: dict[str, int],
    area: Box,
    edge_texts: dict[int, Text],
    tpar: NDArray[np.float64],
) -> tuple[dict[tuple[str, str, str], FancyArrowPatch], list[str]]:
    """Draw the edges (and place their labels), the node markers and the rings: (the edge patches, the kinds shown)."""
    from matplotlib.patches import FancyArrowPatch

    n = len(picture.nodes)
    kg_edges: dict[tuple[str, str, str], FancyArrowPatch] = {}
    for j, e in enumerate(picture.edges):
        a, b = index[e.u], index[e.v]
        colour, lw, ls = edge_style(e)
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
        ax.add_artist(patch) if n > LARGE else ax.add_patch(patch)  # the limits are set: no need to update them
        kg_edges[(e.u, e.v, e.key)] = patch
        if j in edge_texts:
            edge_texts[j].set_position(bezier(pos[a], pos[b], rad[j], tpar[j]))
    present_kinds: list[str] = []
    for kind in list(KIND_STYLES) + sorted({k or "" for k in kinds} - set(KIND_STYLES)):
        members = [i for i, k in enumerate(kinds) if (k or "") == kind]
        if not members:
            continue
        present_kinds.append(kind)
        colour, marker, size, _ = kind_style(kind)
        ax.scatter(
            pos[members, 0],
            pos[members, 1],
            s=size,
            marker=marker,
            c=colour,
            edgecolors=DARK_GREY,
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
    return kg_edges, present_kinds


def _render_large(
    G: nx.MultiDiGraph[str],
    picture: Picture,
    fig: GraphFigure,
    ax: Axes,
    renderer: RendererAgg,
    pos: NDArray[np.float64],
    radius: NDArray[np.float64],
    rad: NDArray[np.float64],
    kinds: list[Any],
    styles: list[KindStyle],
    top: float,
    area: Box,
    *,
    width: float,
    height: float,
    dpi: int,
    node_font: float,
    pad_in: float,
    gap: float,
) -> tuple[GraphFigure, bool]:
    """A picture of more than :data:`LARGE` nodes: every node and edge drawn, but labels only where they fit.

    The nodes are taken by how connected they are (the focus or proposal first); each label is tried under its
    node, above, right and left, and kept at the first spot whose box is inside the drawing area and meets no
    other label and no other node's marker (a :class:`~kg.viz.graph_layout.LabelGrid` of the boxes placed, so
    each check looks only at its neighbours). Stances are told by colour (no edge labels). A note says how many
    nodes are labelled and what to draw to read the rest."""
    import numpy as np

    n = len(picture.nodes)
    index = {node: i for i, node in enumerate(picture.nodes)}
    degree = np.zeros(n, dtype=int)
    for e in picture.edges:
        degree[index[e.u]] += 1
        degree[index[e.v]] += 1
    ringed = set(picture.highlight)
    order = sorted(
        range(n), key=lambda i: (picture.nodes[i] not in ringed, -degree[i], drawn_label(G, picture.nodes[i]))
    )
    grid = LabelGrid()  # the labels placed, and the markers of the nodes labelled (no label hides them)
    rad = rad.copy()  # many parallel edges (one per source) stay within a narrow bundle
    for members in _groups(picture, index).values():
        widest = max(abs(rad[j]) for j in members)
        if widest > 0.3:
            rad[members] *= 0.3 / widest
    texts: list[Text] = []
    placed: set[int] = set()
    for i in order[:MAX_LABEL_TRIES]:
        node = picture.nodes[i]
        txt = _node_label(ax, G, node, node_font)
        rel = _rel_box(txt, renderer, dpi, pad_in)
        for ax_, ay in label_spots(pos[i, 0], pos[i, 1], radius[i], gap, rel):
            box = (ax_ + rel[0], ay + rel[1], ax_ + rel[2], ay + rel[3])
            inside = area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1] and box[3] <= area[3]
            if inside and grid.free(box, i):
                grid.add(box, -1 - i)  # a label's owner is not its node: other labels avoid it too
                x, y, r = pos[i, 0], pos[i, 1], radius[i]
                grid.add((x - r, y - r, x + r, y + r), i)
                txt.set_position((ax_, ay))
                texts.append(txt)
                placed.add(i)
                break
        else:
            txt.remove()
    edge_texts: dict[int, Text] = {}
    tpar = np.full(len(picture.edges), 0.5)
    kg_edges, present_kinds = _draw(ax, G, picture, pos, rad, radius, kinds, styles, index, area, edge_texts, tpar)
    _legends(fig, renderer, picture, present_kinds, width, height, dpi, top)
    note = (
        f"{len(texts):,} of {n:,} nodes labelled (the most connected that fit); stances by colour. "
        "To read the rest: kg plot --focus X or --proposal P."
    )
    fig.text(0.25 / width, 0.08 / height, note, ha="left", va="bottom", fontsize=8.5, color="#404040", gid="note")
    fig.kg_labels = texts
    fig.kg_edges = kg_edges
    fig.kg_picture = picture
    fig.kg_unlabelled = [picture.nodes[i] for i in order if i not in placed]
    return fig, not overlapping_labels(fig)


def _groups(picture: Picture, index: dict[str, int]) -> dict[tuple[int, int], list[int]]:
    """The edges of each pair of nodes (parallel edges), by the pair."""
    groups: dict[tuple[int, int], list[int]] = {}
    for j, e in enumerate(picture.edges):
        a, b = index[e.u], index[e.v]
        groups.setdefault((min(a, b), max(a, b)), []).append(j)
    return groups


def _rel_box(txt: Text, renderer: RendererAgg, dpi: float, pad: float) -> Box:
    """A text's box relative to its anchor, in inches, with ``pad`` around."""
    txt.set_position((0, 0))
    bb = txt.get_window_extent(renderer)
    ox, oy = txt.get_transform().transform((0, 0))  # the axes' data coordinates (ax.text's default)
    return ((bb.x0 - ox) / dpi - pad, (bb.y0 - oy) / dpi - pad, (bb.x1 - ox) / dpi + pad, (bb.y1 - oy) / dpi + pad)


def _legends(
    fig: Figure,
    renderer: RendererAgg,
    picture: Picture,
    present_kinds: list[str],
    width: float,
    height: float,
    dpi: float,
    top: float,
) -> None:
    """The legends on the right: the kinds of node shown, then the stances shown (by polarity) and other edges."""
    from matplotlib.lines import Line2D

    x = (width - LEGEND_WIDTH + 0.05) / width
    handles: list[Line2D] = []
    for kind in present_kinds:
        colour, marker, size, _ = kind_style(kind)
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=math.sqrt(size) * 0.75,
                markerfacecolor=colour,
                markeredgecolor=DARK_GREY,
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


def label_boxes(fig: GraphFigure) -> list[tuple[Text, Bbox]]:
    """(text, bbox in display pixels) of every node and edge label of a figure made by :func:`draw_graph`."""
    renderer = fig.canvas.get_renderer()
    labels: list[Text] = getattr(fig, "kg_labels", [])
    return [(t, t.get_window_extent(renderer)) for t in labels]


def overlapping_labels(fig: GraphFigure) -> list[tuple[str, str]]:
    """The pairs of labels whose boxes intersect (an empty list when the picture is readable)."""
    boxes = label_boxes(fig)
    out: list[tuple[str, str]] = []
    for i, (ta, ba) in enumerate(boxes):
        for tb, bb in boxes[i + 1 :]:
            if ba.x0 < bb.x1 and bb.x0 < ba.x1 and ba.y0 < bb.y1 and bb.y0 < ba.y1:
                out.append((ta.get_text().replace("\n", " "), tb.get_text().replace("\n", " ")))
    return out


def edge_patches(fig: GraphFigure) -> dict[tuple[str, str, str], FancyArrowPatch]:
    """(u, v, key) -> the FancyArrowPatch drawing that edge (the key of a stance edge is its position's id)."""
    patches: dict[tuple[str, str, str], FancyArrowPatch] = getattr(fig, "kg_edges", {})
    return dict(patches)


__all__ = ["edge_patches", "edge_style", "label_boxes", "overlapping_labels", "render"]
