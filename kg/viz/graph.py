"""Pictures of the graph: the whole graph, a node's neighbourhood, or one proposal with the stances on it.

:func:`plot_graph` draws a projection made by :func:`kg.network.to_networkx` to a PNG, SVG or PDF file.
Nodes are coloured and shaped by kind (see :data:`kg.viz.style.KIND_STYLES`); stance edges are coloured by polarity
(see :data:`kg.viz.style.POLARITY_COLOURS`) and labelled with the stance; parallel edges are curved apart. The layout is
deterministic (a stress-majorisation layout from shortest-path distances, then an overlap-removal pass on the
measured label boxes), so the same graph gives a byte-identical file, and no two labels overlap.

:func:`draw_graph` gives the same picture as a figure. Each is three steps, a module each:
:mod:`~kg.viz.graph_select` (what to show), :mod:`~kg.viz.graph_layout` (where it goes) and
:mod:`~kg.viz.graph_render` (drawing it); the colours and markers are :mod:`kg.viz.style`'s.

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
>>> G = to_networkx(kg.build(["seeds/000_331be8963d56cd33.yaml"]).dataset)
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = plot_graph(G, Path(tmp) / "pause.svg", proposal="https://w3id.org/ceasefire-kg/id/proposal/energy-pause")
...     (out.name, out.read_text(encoding="utf-8").count("<svg") >= 1)
('pause.svg', True)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.resources import output_file
from kg.viz.graph_render import edge_patches, label_boxes, overlapping_labels, render
from kg.viz.graph_select import Edge, Picture, select
from kg.viz.style import (
    EDGE_GREY,
    EDGE_TEXT_GREY,
    FORMATS,
    KIND_STYLES,
    OTHER_KIND,
    POLARITY_COLOURS,
    POLARITY_ORDER,
    POLARITY_TEXT,
    check_size,
    picture_format,
    save_figure,
)

if TYPE_CHECKING:
    import networkx as nx

    from kg.viz.graph_render import GraphFigure


def draw_graph(
    G: nx.MultiDiGraph[str],
    *,
    focus: str | None = None,
    hops: int = 1,
    proposal: str | None = None,
    title: str | None = None,
    width: float = 16,
    height: float = 11,
    dpi: int = 150,
) -> GraphFigure:
    """The picture :func:`plot_graph` saves, as a :class:`matplotlib.figure.Figure` on the Agg canvas
    (never shown). ``fig.kg_labels`` lists the label texts, ``fig.kg_edges`` maps (u, v, key) to the edge's
    FancyArrowPatch (its gid is ``"u|key|v"``; the key of a stance edge is the position's id)."""
    check_size(width, height, dpi)
    picture = select(G, focus=focus, hops=hops, proposal=proposal)
    scale, w, h = 1.0, float(width), float(height)
    for _attempt in range(6):
        fig, ok = render(G, picture, title=title, width=w, height=h, dpi=dpi, font_scale=scale)
        if ok:
            return fig
        if scale > 0.8:  # first smaller type (never under MIN_FONT), then a larger canvas
            scale = max(scale - 0.1, 0.8)
        else:
            w, h = w * 1.15, h * 1.15
    return fig


def plot_graph(
    G: nx.MultiDiGraph[str],
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
    fmt = picture_format(out, fmt)
    output_file(out, make_folder=True)  # before drawing: a folder given as the file is said at once
    fig = draw_graph(G, focus=focus, hops=hops, proposal=proposal, title=title, width=width, height=height, dpi=dpi)
    return save_figure(fig, out, fmt=fmt, title=fig.kg_picture.what)


__all__ = [
    "EDGE_GREY",
    "EDGE_TEXT_GREY",
    "FORMATS",
    "KIND_STYLES",
    "OTHER_KIND",
    "POLARITY_COLOURS",
    "POLARITY_ORDER",
    "POLARITY_TEXT",
    "Edge",
    "Picture",
    "draw_graph",
    "edge_patches",
    "label_boxes",
    "overlapping_labels",
    "plot_graph",
    "save_figure",
    "select",
]
