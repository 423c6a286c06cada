"""Asking the graph: the :class:`KnowledgeGraph` API that notebooks and the CLI use (:mod:`~kg.query.graph`),
the named competency questions of ``ontology/queries/`` (:mod:`~kg.query.named`), finding a node by what
people call it (:mod:`~kg.query.names`), results as tables, CSV, TSV or JSON (:mod:`~kg.query.results`), and
counts and summaries (:mod:`~kg.query.stats`).

Layer: may import the foundation, :mod:`kg.store`, and :mod:`kg.network` (lazily, for
``KnowledgeGraph.to_networkx``, ``.path`` and ``.neighbors``); never the builder or pictures, but for one door:
``KnowledgeGraph.view`` imports the Jupyter widget of :mod:`kg.viz.widget` when a view is made.
"""

from __future__ import annotations

from kg.query.graph import KnowledgeGraph, load
from kg.query.named import NamedQuery, get_query, named_queries
from kg.query.stats import Stats, compute_stats, summary

__all__ = ["KnowledgeGraph", "NamedQuery", "Stats", "compute_stats", "get_query", "load", "named_queries", "summary"]
