"""Where the graph lives and how SPARQL reaches it: in memory (by default Oxigraph for the project's own
queries and rdflib for the rest, every answer rdflib's; or rdflib alone, its joins ordered from the data), on
disk (Oxigraph), or any SPARQL 1.1 endpoint; the build's files written atomically and read back; the N-Quads
text that feeds Oxigraph; and ``kg serve``, the Oxigraph server.

All stores answer SELECT queries with the same :class:`Result` (variables and rows of rdflib terms), query the
union of the named graphs as their default graph, and bind parameters as RDF terms, never as query text
(:func:`bind_values`).

Layer: imports only the foundation (:mod:`kg.errors`, :mod:`kg.namespaces`, :mod:`kg.resources`,
:mod:`kg.vocab`), never the builder, validation, queries, network or pictures.
"""

from __future__ import annotations

from kg.store.base import QuerySyntaxError, Result, Store, StoreError, bind_values, check_syntax
from kg.store.endpoint import EndpointStore
from kg.store.factory import SOURCE_MARKER, open_store
from kg.store.files import load_dataset, read_quads, write_outputs
from kg.store.hybrid import HybridStore
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore, load_pieces
from kg.store.terms import oxigraph_from_graphs, oxigraph_quads, rdflib_dataset, to_oxigraph, to_rdflib

__all__ = [
    "SOURCE_MARKER",
    "EndpointStore",
    "HybridStore",
    "MemoryStore",
    "OxigraphStore",
    "QuerySyntaxError",
    "Result",
    "Store",
    "StoreError",
    "bind_values",
    "check_syntax",
    "load_dataset",
    "load_pieces",
    "open_store",
    "oxigraph_from_graphs",
    "oxigraph_quads",
    "rdflib_dataset",
    "read_quads",
    "to_oxigraph",
    "to_rdflib",
    "write_outputs",
]
