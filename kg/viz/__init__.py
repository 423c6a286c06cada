"""Pictures: the graph, a neighbourhood or a proposal, and what happened when, drawn with matplotlib to PNG, SVG
or PDF, deterministic and atomic.

* :mod:`~kg.viz.style` — one colour and marker per kind of node, the stance colours, and :func:`save_figure`;
* :mod:`~kg.viz.graph` — :func:`plot_graph` and :func:`~kg.viz.graph.draw_graph`, in three steps:
  :mod:`~kg.viz.graph_select` (what to show), :mod:`~kg.viz.graph_layout` (where it goes, numpy only) and
  :mod:`~kg.viz.graph_render` (drawing it);
* :mod:`~kg.viz.timeline_model` — the timeline's lanes, marks and broken date axis (no matplotlib), drawn by
  :mod:`~kg.viz.timeline` (:func:`plot_timeline`, :func:`~kg.viz.timeline.timeline_figure`).

Layer: may import the foundation, :mod:`kg.network` (the projection it draws) and :mod:`kg.query` (labels and
the timeline's rows). matplotlib, numpy and networkx are imported only inside the functions that use them. The
drawing reads no files: callers hand it a graph (only the entry point :func:`plot_timeline` also takes the folder
``kg build`` wrote, and loads it before drawing).
"""

from __future__ import annotations

from kg.viz.graph import plot_graph
from kg.viz.style import save_figure
from kg.viz.timeline import plot_timeline

__all__ = ["plot_graph", "plot_timeline", "save_figure"]
