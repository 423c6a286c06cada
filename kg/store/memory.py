"""The graph in memory: an rdflib Dataset, its joins ordered from the data (:mod:`kg.store.join_order`)."""

from __future__ import annotations

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
        res = self.dataset.query(prepared(bind_values(sparql, bindings)))
        variables = res.vars or []
        names = [str(v) for v in variables]
        return Result(names, [tuple(row[v] for v in variables) for row in select_rows(res)])

    def construct(self, sparql: str) -> Graph:
        graph = self.dataset.query(sparql).graph
        if graph is None:
            raise StoreError("not a CONSTRUCT query")
        return graph
