"""The graph as NetworkX sees it: a readable projection that keeps what people talk about as nodes and each
position as a stance edge with its evidence (:mod:`~kg.network.projection`), paths and neighbourhoods told
hop by hop with their quotes (:mod:`~kg.network.paths`), and exports for Gephi and Cytoscape
(:mod:`~kg.network.export`). NetworkX itself is imported only inside the functions that need it.

Layer: may import the foundation and :mod:`kg.store`; it takes a dataset, a build result or a
:class:`~kg.query.graph.KnowledgeGraph` by what they hold, so it never imports the query API or the builder.
"""

from __future__ import annotations

from kg.network.export import write_network
from kg.network.paths import Hop, NoPath, all_paths, describe, neighbors, shortest_path
from kg.network.projection import TIME_PROPERTIES, node_kinds, position_triples, to_networkx

__all__ = [
    "TIME_PROPERTIES",
    "Hop",
    "NoPath",
    "all_paths",
    "describe",
    "neighbors",
    "node_kinds",
    "position_triples",
    "shortest_path",
    "to_networkx",
    "write_network",
]
