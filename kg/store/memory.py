"""The graph in memory: an rdflib Dataset, its joins ordered from the data (:mod:`kg.store.join_order`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.term import Node

from kg.rdf import select_rows
from kg.store.base import Result, Store, StoreError, bind_values, prepared


class MemoryStore(Store):
    """An rdflib Dataset in memory, its named graphs' union as default graph."""

    name = "memory"

    def __init__(self, dataset: Dataset) -> None:
        from kg.store.join_order import enable

        self.dataset = dataset
        enable(dataset)  # rdflib joins each pattern's triples in an order chosen from the data

    @classmethod
    def from_out(cls, out_dir: Path) -> MemoryStore:
        from kg.store.files import load_dataset

        return cls(load_dataset(out_dir))

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        # the same binding as on the other stores (a VALUES block first in the WHERE group), so that every
        # store gives a query the same meaning; prepared queries are kept, rdflib's parse being slow
        self.guard(sparql)
        with _no_fetching():
            res = self.dataset.query(prepared(bind_values(sparql, bindings)))
            if res.type != "SELECT":
                raise StoreError(f"not a SELECT query but {res.type}")
            variables = res.vars or []
            names = [str(v) for v in variables]
            return Result(names, [tuple(row[v] for v in variables) for row in select_rows(res)])

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool:
        self.guard(sparql)
        with _no_fetching():
            res = self.dataset.query(prepared(bind_values(sparql, bindings)))
        if res.type != "ASK":
            raise StoreError(f"not an ASK query but {res.type}")
        return bool(res.askAnswer)

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        self.guard(sparql)
        with _no_fetching():
            graph = self.dataset.query(prepared(bind_values(sparql, bindings))).graph
        if graph is None:
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        return graph


@contextlib.contextmanager
def _no_fetching() -> Iterator[None]:
    """rdflib loads the graph a ``FROM <url>`` names from the web (or a ``file:`` URL) unless told not to:
    here a FROM names a graph of the build, as on Oxigraph. (rdflib's switch is global: set while it runs.)"""
    import rdflib.plugins.sparql as rdflib_sparql

    before = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = before
