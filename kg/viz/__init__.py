"""Pictures: the graph, a neighbourhood or a proposal (:mod:`~kg.viz.graph`), and what happened when
(:mod:`~kg.viz.timeline`), drawn with matplotlib to PNG, SVG or PDF, deterministic and atomic. matplotlib is
imported only inside the functions that draw.

Layer: may import the foundation, :mod:`kg.network` (the projection it draws) and :mod:`kg.query` (labels and
the timeline's rows); it reads no files: callers hand it a graph.
"""

from __future__ import annotations

from kg.viz.graph import plot_graph
from kg.viz.timeline import plot_timeline

__all__ = ["plot_graph", "plot_timeline"]
