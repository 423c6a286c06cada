"""The default store: a build in memory, the project's own queries answered by Oxigraph, every answer the one
rdflib gives.

Oxigraph's stores keep some literals as a canonical form of their value rather than as written: the derived
integer types become xsd:integer (``"3"^^xsd:positiveInteger`` comes back as ``"3"^^xsd:integer``) and a
decimal loses its trailing zeros (``"30.0"`` comes back as ``"30"``); rdflib keeps every literal as written.
So Oxigraph's answer can differ from rdflib's in the terms it returns, and, for a query that compares numbers
as terms, in its rows: ``?t cfo:ordinal 1`` matches ``"1"^^xsd:positiveInteger`` on Oxigraph, not on rdflib.

:class:`HybridStore` holds the build's quads twice over: in pyoxigraph's in-memory ``Store()`` (where each
triple is also kept once in the default graph, which the queries read: :func:`~kg.store.oxigraph.merge_default_graph`),
and, made on first need, in rdflib (a :class:`~kg.store.memory.MemoryStore`). Oxigraph answers only *trusted* queries: the
named queries the package ships and the queries the API makes itself (labels, the name index), none of which
compares a number as a term; and it knows which literals of the build Oxigraph changes, and how (it asks
Oxigraph when it loads them): an answer that holds one of the changed forms (or its lexical form as a string,
or its datatype) gets the literals as written back when it is sure which literal each form stands for (a
column filled from triple patterns whose predicates have only one literal of that form:
:mod:`kg.store.as_written`), and is answered again by rdflib otherwise. Every other query is rdflib's. So every answer is the one
``--store memory`` gives, term for term (tests/test_loading.py); blank nodes keep the labels of the file in
both engines.

``kg query positions`` as a whole process then imports neither rdflib's SPARQL engine nor its parser: 1.4 to
1.7 × a bare ``python -c "import rdflib, pyoxigraph"`` on the seed, against about 3.5 × with ``--store memory``
and about 4 × when rdflib read the TriG (``bench/run.py --only startup``). A million quads load in about 9 s.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph
from rdflib.term import Node

from kg.store.as_written import AsWritten
from kg.store.base import Result, Store, bind_values, shipped_queries
from kg.store.oxigraph import merge_default_graph
from kg.store.terms import rdflib_dataset, rdflib_rows, solutions

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.store.memory import MemoryStore


class HybridStore(Store):
    """A build's quads in pyoxigraph's in-memory store, and in rdflib for every answer Oxigraph's could change."""

    name = "default"

    def __init__(self, quads: list[ox.Quad]) -> None:
        """``quads``: pyoxigraph quads as parsed (:func:`kg.store.files.read_quads`), literals as written."""
        import pyoxigraph as ox

        from kg.namespaces import with_prefixes

        self._quads = quads
        self.store = ox.Store()
        self.store.bulk_extend(quads)  # in memory: blank nodes keep their labels (a file load would rename them)
        merge_default_graph(self.store)  # queries read each triple once (a fact N articles state is not N rows)
        self.as_written = AsWritten(quads)  # the literals Oxigraph keeps in another form, and the way back
        self.changed = self.as_written.changed
        self._trusted = {with_prefixes(text) for text in shipped_queries()}  # as KnowledgeGraph sends them
        self._trusted_prefixes: list[str] = []
        self._dataset: Dataset | None = None
        self._memory: MemoryStore | None = None
        self.answered_by = {"oxigraph": 0, "rdflib": 0}  # how many answers each engine gave

    @classmethod
    def from_out(cls, out_dir: Path) -> HybridStore:
        from kg.store.files import read_quads

        _, quads = read_quads(out_dir)
        return cls(quads)

    def trust(self, text: str, prefix: bool = False) -> None:
        """Let Oxigraph answer the query ``text`` (with ``prefix``: any query that starts with ``text``, such as
        a query the API completes with a VALUES list of IRIs): a query of the project's own, which compares no
        number as a term. Its answers still go to rdflib when they hold a literal Oxigraph changed."""
        if prefix:
            self._trusted_prefixes.append(text)
        else:
            self._trusted.add(text)

    def trusts(self, sparql: str) -> bool:
        return sparql in self._trusted or any(sparql.startswith(p) for p in self._trusted_prefixes)

    @property
    def dataset(self) -> Dataset:
        """The same quads as an rdflib Dataset, made on first use (what the NetworkX projection reads)."""
        if self._dataset is None:
            from kg.namespaces import bind_prefixes

            dataset = rdflib_dataset(self._quads)
            bind_prefixes(dataset)
            self._dataset, self._quads = dataset, []  # the dataset holds them now
        return self._dataset

    def rdflib_quads(self) -> list[tuple[Node, Node, Node, Node | None]]:
        """Every quad as rdflib terms (s, p, o, graph name; ``None`` for the default graph), literals as written,
        without making the rdflib Dataset (which takes seconds for a corpus): what the NetworkX projection reads."""
        if self._dataset is not None:
            return [
                (s, p, o, None if g is None else getattr(g, "identifier", g))
                for s, p, o, g in self._dataset.quads((None, None, None, None))
            ]
        import pyoxigraph as ox

        from kg.store.terms import to_rdflib

        terms: dict[Any, Node] = {}

        def conv(term: Any) -> Node:
            found = terms.get(term)
            if found is None:
                found = terms[term] = to_rdflib(term)
            return found

        return [
            (
                conv(q.subject),
                conv(q.predicate),
                conv(q.object),
                None if isinstance(q.graph_name, ox.DefaultGraph) else conv(q.graph_name),
            )
            for q in self._quads
        ]

    @property
    def memory(self) -> MemoryStore:
        """The same quads in rdflib (a :class:`~kg.store.memory.MemoryStore`), made on first use."""
        if self._memory is None:
            from kg.store.memory import MemoryStore
            from kg.store.timelimit import WarmFirst, in_child

            if in_child():  # made here, it would be lost with the child: the parent makes it first
                raise WarmFirst

            self._memory = MemoryStore(self.dataset)
        return self._memory

    def answer_within(
        self, seconds: float | None, sparql: str, bindings: dict[str, Node] | None = None, what: str = "the query"
    ) -> Result | bool | Graph:
        """As every store's, and :attr:`answered_by` counts the answer a child process gave."""
        from kg.store.timelimit import within

        self.guard(sparql)
        answer, counts = within(
            seconds, lambda: (self.answer(sparql, bindings), dict(self.answered_by)), what, warm=self.warm
        )
        self.answered_by.update(counts)
        return answer

    def warm(self) -> None:
        self.memory  # noqa: B018 (made now, in this process)
        self.memory.allow_service = self.allow_service

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        self.guard(sparql)
        text = bind_values(sparql, bindings)  # the same binding as on every store; an unbindable value fails here
        if not self.trusts(sparql):
            return self._rdflib(sparql, bindings)
        try:
            found = solutions(self.store, text)  # the merged default graph; not a SELECT: StoreError
            names = [v.value for v in found.variables]
            rows = [tuple(s) for s in found]  # each solution's values in the order of the variables
        except Exception:  # Oxigraph could not answer: rdflib's answer, or rdflib's error
            return self._rdflib(sparql, bindings)
        changed, written = self.changed, self.as_written.written_forms

        def as_written(i: int, values: set[Any]) -> dict[Any, Any] | None:  # a folded number given back as written
            found = values & changed
            return written(text, names[i], found) if found else {}

        converted = rdflib_rows(rows, as_written)
        if converted is None:
            return self._rdflib(sparql, bindings)
        self.answered_by["oxigraph"] += 1
        return Result(names, converted)

    def _rdflib(self, sparql: str, bindings: dict[str, Node] | None) -> Result:
        self.answered_by["rdflib"] += 1
        self.memory.allow_service = self.allow_service
        return self.memory.select(sparql, bindings)

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool:
        self.guard(sparql)
        self.memory.allow_service = self.allow_service
        return self.memory.ask(sparql, bindings)  # rdflib's, as every answer

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        self.guard(sparql)
        self.memory.allow_service = self.allow_service
        return self.memory.construct(sparql, bindings)  # rdflib's: the triples' literals as written


def changed_forms(quads: Iterable[ox.Quad]) -> frozenset[Any]:
    """What Oxigraph's store makes of the literals of ``quads`` that it does not keep as written: for each such
    literal, its stored form, that form's lexical form as a plain string (``STR()``), and its datatype
    (``DATATYPE()``) (:attr:`kg.store.as_written.AsWritten.changed`)."""
    return AsWritten(quads).changed
