"""The graph as notebooks and scripts use it: SPARQL with bound parameters, DataFrames, named questions.

Examples
--------
>>> import kg
>>> g = kg.KnowledgeGraph.from_dataset(kg.build(["seeds/000_331be8963d56cd33.yaml"]).dataset)
>>> [r.term for r in g.run("proposal-terms", proposal="energy pause")]  # doctest: +NORMALIZE_WHITESPACE
[rdflib.term.URIRef('https://w3id.org/ceasefire-kg/id/term/energy-pause-no-attacks-on-energy'),
 rdflib.term.URIRef('https://w3id.org/ceasefire-kg/id/term/energy-pause-no-targeting-critical')]
>>> g.label(g.resolve("Putin"))
'Vladimir Putin'
>>> rows = g.query("SELECT ?name WHERE { ?x cfo:handle ?name } ORDER BY ?name")
>>> [str(r.name) for r in rows]
['@KremlinRussia_E', '@RuslanZheldibay', '@TokayevKZ', '@realDonaldTrump']
"""

from __future__ import annotations

import datetime as dt
import typing
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, cast, overload

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import InputError
from kg.namespaces import with_prefixes
from kg.query.named import NamedQuery, get_query, named_queries
from kg.query.names import NameIndex
from kg.store import MemoryStore, Result, Store, check_syntax, open_store
from kg.store.base import query_form
from kg.store.timelimit import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import Dataset, Graph

    from kg.network.paths import Hop

__all__ = ["KnowledgeGraph", "Row", "disagreement_kinds", "load", "with_prefixes"]

#: a node named in a query's params: a label, alias, handle, id or IRI (case-insensitive), or an RDF term
NodeName: TypeAlias = str | Node
#: a value bound to a query's variable: turned into the RDF term of the param's declared kind
ParamValue: TypeAlias = str | int | float | dt.date | Node | None


class Row(Protocol):
    """One answer of a SELECT query: a named tuple of RDF terms (``None`` where a variable is unbound) whose
    fields are the query's variables. Those are known only when the query runs, so a type checker sees each
    field as ``Any``."""

    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, index: int) -> Node | None: ...
    def __iter__(self) -> Iterator[Node | None]: ...
    def __len__(self) -> int: ...
    def _asdict(self) -> dict[str, Node | None]: ...


#: every statement about ?node in an article's own graph, with the quote of the record that states it
STATEMENTS = """SELECT DISTINCT ?source ?outlet ?date ?role ?s ?p ?o ?quote ?sentence WHERE {
  { GRAPH ?g { ?node ?p ?o } BIND(?node AS ?s) BIND("subject" AS ?role) }
  UNION { GRAPH ?g { ?s ?p ?node } BIND(?node AS ?o) BIND("object" AS ?role) }
  FILTER(?p != cfo:evidence && ?p != prov:wasDerivedFrom && ?p != rdf:type)
  ?g prov:wasDerivedFrom ?source . ?source a schema:NewsArticle .
  OPTIONAL { ?source schema:publisher/rdfs:label ?outlet }
  # (each article's dates found first: Virtuoso 7 loses them on some rows when they are OPTIONALs here)
  { SELECT DISTINCT ?source ?published ?reference WHERE { ?source a schema:NewsArticle .
    OPTIONAL { ?source schema:datePublished ?published }
    OPTIONAL { ?source cfo:referenceDate/time:inXSDDate ?reference } } }
  BIND(COALESCE(?published, ?reference) AS ?date)
  OPTIONAL { GRAPH ?g { ?s cfo:evidence ?ev } ?ev oa:hasSelector/oa:exact ?quote .
             OPTIONAL { ?ev cfo:inSentence/schema:text ?sentence } }
}
ORDER BY ?date ?source ?role ?p ?s ?o ?quote"""


def _sorted_lists(result: Result, lists: frozenset[str]) -> Result:
    """``result`` with the values of each list column (space-separated, from ``GROUP_CONCAT``) sorted: SPARQL
    leaves their order to the store, and two stores concatenate the same values in two orders.

    >>> r = _sorted_lists(Result(["who", "n"], [(Literal("urn:b urn:a"), Literal(1)), (None, Literal(2))]), frozenset({"who"}))
    >>> [str(row[0]) for row in r.rows]
    ['urn:a urn:b', 'None']
    """
    at = [i for i, name in enumerate(result.vars) if name in lists]
    if not at:
        return result

    def sort(value: Node | None) -> Node | None:
        if not isinstance(value, Literal) or " " not in str(value):
            return value
        return Literal(" ".join(sorted(str(value).split(" "))), lang=value.language, datatype=value.datatype)

    rows = [tuple(sort(v) if i in at else v for i, v in enumerate(row)) for row in result.rows]
    return Result(result.vars, rows)


class KnowledgeGraph:
    """A built ceasefire graph in a store (rdflib in memory, Oxigraph on disk, or an endpoint)."""

    def __init__(self, store: Store, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self.store = store
        #: seconds a query (:meth:`select`, :meth:`query`, :meth:`run`, :meth:`ask`, :meth:`construct` and
        #: what uses them) may take before it is stopped (:class:`~kg.store.timelimit.QueryTimeout`); None: no limit
        self.timeout = timeout
        self._names: NameIndex | None = None

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> KnowledgeGraph:
        return cls(MemoryStore(dataset))

    # -- names ----------------------------------------------------------------------------------
    @property
    def names(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex.of(self.store)
        return self._names

    def resolve(self, name: str) -> URIRef:
        """The node named by a label, alias, handle, id or IRI (case-insensitive)."""
        return self.names.resolve(name)

    def label(self, node: URIRef) -> str:
        """A node's label (or its IRI when it has none)."""
        from kg.query.results import labels_for

        return labels_for(self.store, Result(["n"], [(node,)])).get(node, str(node))

    # -- params ---------------------------------------------------------------------------------
    def bind(self, params: dict[str, ParamValue], query: NamedQuery | None = None) -> dict[str, Node]:
        """Turn Python values into RDF terms for the query's declared params (names resolved for IRIs)."""
        bound: dict[str, Node] = {}
        declared = query.params if query is not None else {}
        for name, value in params.items():
            if value is None:
                continue
            if query is not None and declared and name not in declared:
                raise InputError(
                    f"the query '{query.name}' has no param '{name}'",
                    hint="its params are: " + (", ".join(declared) or "none"),
                )
            kind = declared[name].kind if name in declared else None
            bound[name] = self._term(name, value, kind)
        missing = [p for p in declared.values() if p.required and p.name not in bound]
        if query is not None and missing:
            first = missing[0]
            meaning = first.help.rstrip(". ").removesuffix("required").rstrip("; ")
            example = {"date": "YYYY-MM-DD", "integer": "N", "iri": "NAME"}.get(first.kind, "VALUE")
            raise InputError(
                f"the query '{query.name}' needs the param '{first.name}': {meaning}",
                hint=f"kg query {query.name} --param {first.name}={example}; in Python "
                f"g.run('{query.name}', {first.name}=...)",
            )
        return bound

    def _term(self, name: str, value: ParamValue, kind: str | None) -> Node:
        if isinstance(value, Node):
            return value
        if kind == "iri":
            return self.names.resolve(str(value), what=name)
        if kind == "date":
            if isinstance(value, dt.date):
                return Literal(value, datatype=XSD.date)
            try:
                return Literal(dt.date.fromisoformat(str(value)), datatype=XSD.date)
            except ValueError:
                raise InputError(
                    f"'{name}' must be a date like 2025-03-20, not {value!r}", hint="write the date as YYYY-MM-DD"
                ) from None
        if kind == "integer":
            try:
                return Literal(int(value) if isinstance(value, int | float) else int(str(value)))
            except (TypeError, ValueError):
                raise InputError(f"'{name}' must be a whole number, not {value!r}") from None
        if isinstance(value, (int, float, dt.date)):
            return Literal(value)
        text = str(value)
        if kind is None and text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        return Literal(text)

    # -- queries --------------------------------------------------------------------------------
    def select(
        self,
        sparql: str,
        params: dict[str, ParamValue] | None = None,
        query: NamedQuery | None = None,
        source: str = "query",
    ) -> Result:
        """Run a SELECT query with params bound as RDF terms; the raw :class:`~kg.store.Result`."""
        answer = self.answer(sparql, params, query, source)
        if not isinstance(answer, Result):
            raise InputError(
                f"not a SELECT query but {query_form(sparql)}: it answers with "
                + ("true or false" if isinstance(answer, bool) else "a graph"),
                file=source if source != "query" else None,
                hint="use ask() for ASK, construct() for CONSTRUCT and DESCRIBE, or answer() for any",
            )
        return answer

    def answer(
        self,
        sparql: str,
        params: dict[str, ParamValue] | None = None,
        query: NamedQuery | None = None,
        source: str = "query",
    ) -> Result | bool | Graph:
        """Run a query of any form, with params bound as RDF terms, within :attr:`timeout`: a SELECT gives a
        :class:`~kg.store.Result`, an ASK a bool, a CONSTRUCT or DESCRIBE an rdflib Graph."""
        check_syntax(sparql, source)  # before the prologue is added, so that lines count in the user's text
        if query is not None and query.name == "disagreements":
            self._check_compared()
        name = query.name if query is not None else Path(source).stem if source not in ("query", "<stdin>") else None
        what = f"the query {name!r}" if name else "the query"
        answer = self.store.answer_within(self.timeout, with_prefixes(sparql), self.bind(params or {}, query), what)
        if query is not None and query.lists and isinstance(answer, Result):
            answer = _sorted_lists(answer, query.lists)
        return answer

    def _check_compared(self) -> None:
        """An :class:`~kg.errors.InputError` when the graph holds several articles but not the comparison of its
        sources that the build writes (``cfid:graph/disagreements``): it was built by a version of kg that did
        not compare them, and ``disagreements`` would silently answer nothing."""
        from kg.namespaces import DISAGREEMENTS_GRAPH

        # compared, or fewer than two articles (the first branch answers at once in a build of this kg)
        fine = (
            f"ASK {{ {{ <{DISAGREEMENTS_GRAPH}> cfo:derivedBy cfo:SourceComparison }} UNION "
            "{ FILTER NOT EXISTS { ?a a schema:NewsArticle . ?b a schema:NewsArticle FILTER(?a != ?b) } } }"
        )
        if self.store.answer_within(self.timeout, with_prefixes(fine), {}, "the query 'disagreements'") is False:
            raise InputError(
                "this graph holds several articles but no comparison of its sources: it was built by an earlier "
                "version of kg, which did not compute where the sources disagree",
                hint="run `kg build` again (the same annotation files), then ask again",
            )

    def ask(self, sparql: str, **params: ParamValue) -> bool:
        """The answer to an ASK query (params bound as in :meth:`query`)."""
        answer = self.answer(sparql, params)
        if not isinstance(answer, bool):
            raise InputError(f"not an ASK query but {query_form(sparql)}", hint="use query() or construct()")
        return answer

    def construct(self, sparql: str, **params: ParamValue) -> Graph:
        """The graph a CONSTRUCT or DESCRIBE query builds (params bound as in :meth:`query`), as an rdflib Graph
        (``.serialize(format="turtle")``, ``"nt"`` or ``"json-ld"`` to write it)."""
        answer = self.answer(sparql, params)
        if isinstance(answer, (bool, Result)):
            raise InputError(f"not a CONSTRUCT or DESCRIBE query but {query_form(sparql)}", hint="use query() or ask()")
        return answer

    def query(self, sparql: str, **params: ParamValue) -> list[Row]:
        """Rows of a SELECT query, as named tuples of RDF terms (``None`` where unbound).

        The project's prefixes (cfo:, cfid:, oa:, time:, skos:, schema: ...) are declared unless the query
        declares its own. Keyword arguments bind variables of the same name, as RDF terms.
        """
        return _rows(self.select(sparql, params))

    def run(self, name: str, **params: ParamValue) -> list[Row]:
        """Rows of a named query (``kg queries`` lists them); IRI params accept names, e.g. ``holder="Putin"``."""
        q = get_query(name)
        return _rows(self.select(q.text, params, q, source=str(q.path)))

    def query_df(self, sparql: str, labels: bool = True, **params: ParamValue) -> pd.DataFrame:
        """A pandas DataFrame of a SELECT query: literals as Python values, IRIs as labels (or IRIs)."""
        return self._frame(self.select(sparql, params), labels)

    def run_df(self, name: str, labels: bool = True, **params: ParamValue) -> pd.DataFrame:
        """A pandas DataFrame of a named query."""
        q = get_query(name)
        return self._frame(self.select(q.text, params, q, source=str(q.path)), labels)

    def _frame(self, result: Result, labels: bool) -> pd.DataFrame:
        import pandas as pd

        from kg.query.results import labels_for

        names = labels_for(self.store, result) if labels else {}

        def py(v: Node | None) -> Any:
            if v is None:
                return None
            if isinstance(v, URIRef):
                return names.get(v, str(v))
            return v.toPython() if isinstance(v, Literal) else str(v)

        return pd.DataFrame([[py(v) for v in row] for row in result.rows], columns=result.vars)

    # -- the common questions, each a named query --------------------------------------------------
    def positions(
        self, holder: NodeName | None = None, target: NodeName | None = None, labels: bool = True
    ) -> pd.DataFrame:
        """Who takes which position on what, with the evidence quote (named query ``positions``)."""
        return self.run_df("positions", labels, holder=holder, target=target)

    def terms(self, proposal: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """The terms of a proposal, in order (``proposal-terms``)."""
        return self.run_df("proposal-terms", labels, proposal=proposal)

    def proposers(self, proposal: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """Who proposed a proposal, when and where (``proposers``)."""
        return self.run_df("proposers", labels, proposal=proposal)

    def agreed_and_rejected(self, actor: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """What an actor agreed to and what it rejected (``agreed-and-rejected``)."""
        return self.run_df("agreed-and-rejected", labels, actor=actor)

    def conditions(self, target: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """The conditions attached to a proposal or term, by whom, and who must act (``conditions``)."""
        return self.run_df("conditions", labels, target=target)

    def in_effect(self, proposal: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """When proposals were declared, take effect and end (``in-effect``)."""
        return self.run_df("in-effect", labels, proposal=proposal)

    def alleged_violations(self, proposal: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """Events alleged to violate terms, by whom, with evidence, and who denies it (``alleged-violations``)."""
        return self.run_df("alleged-violations", labels, proposal=proposal)

    def in_force(self, when: str | dt.date | dt.datetime, labels: bool = True) -> pd.DataFrame:
        """The proposals and terms in force on ``when``, per the graph: a day (a date or 'YYYY-MM-DD') or an
        instant with its offset (an aware datetime or '2025-04-19T17:15+03:00'). The columns of the named query
        ``in-force``, with ``certainty`` at that time and ``reason``: why it is only possible, if it is."""
        import pandas as pd

        from kg.query.in_force import in_force, parse_when

        if isinstance(when, str):
            when = parse_when(when)
        answers = in_force(self, when)
        columns = [*get_query("in-force").columns, "reason"]

        def py(v: Node | None) -> Any:
            if v is None:
                return None
            if isinstance(v, URIRef):
                return self.label(v) if labels else str(v)
            return v.toPython() if isinstance(v, Literal) else str(v)

        rows = []
        for a in answers:
            values = {k: py(v) for k, v in a.row._asdict().items()}
            values["certainty"] = a.certainty
            values["reason"] = "; ".join(a.reasons) or None
            rows.append([values.get(c) for c in columns])
        return pd.DataFrame(rows, columns=columns)

    def participants(self, event: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """Who took part in an event and what came of it (``event-participants``)."""
        return self.run_df("event-participants", labels, event=event)

    def no_position(self, actor: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """Proposals on which an actor has taken no position (``no-position``)."""
        return self.run_df("no-position", labels, actor=actor)

    def talks(self, labels: bool = True) -> pd.DataFrame:
        """Talks, where, and who mediates or hosts them (``talks``)."""
        return self.run_df("talks", labels)

    def claims(self, claimant: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """The claims an actor made, when, about what (``claims``)."""
        return self.run_df("claims", labels, claimant=claimant)

    def evidence(self, node: NodeName | None = None, labels: bool = True) -> pd.DataFrame:
        """The quote and the whole sentence behind a node (``evidence-sentence``)."""
        return self.run_df("evidence-sentence", labels, node=node)

    def statements(self, name: str, labels: bool = True) -> pd.DataFrame:
        """Every statement about the node ``name`` (a label, alias, handle, id or IRI), as subject and as
        object, each with its source: one row per statement, article and quote, grouped by source.

        Columns: ``source`` (the article), ``outlet``, ``date`` (its publication date, else its reference
        date, else empty), ``role`` ('subject' or 'object'), ``subject``, ``predicate``, ``object``, ``quote``
        (the words of the record that states it) and ``sentence`` (the sentence the quote is in, the quote
        marked with [[ ]]). A statement an article's graph holds but no quote supports (derived) is left out.
        """
        import pandas as pd

        from kg.query.results import labels_for

        node = self.resolve(name)
        result = self.select(with_prefixes(STATEMENTS.replace("?node", f"<{node}>")))
        names = labels_for(self.store, result) if labels else {}
        rows = []
        for source, outlet, date, role, s, p, o, quote, sentence in result.rows:
            text = str(sentence) if sentence is not None else ""
            q = str(quote) if quote is not None else ""
            rows.append(
                [
                    names.get(cast(URIRef, source), str(source)),
                    str(outlet) if outlet is not None else "",
                    str(date) if date is not None else "",
                    str(role),
                    names.get(cast(URIRef, s), str(s)),
                    self._predicate_label(cast(URIRef, p)) if labels else str(p),
                    names.get(o, str(o)) if isinstance(o, URIRef) else str(o),
                    q,
                    text.replace(q, f"[[{q}]]", 1) if q else text,
                ]
            )
        cols = ["source", "outlet", "date", "role", "subject", "predicate", "object", "quote", "sentence"]
        return pd.DataFrame(rows, columns=cols)

    def _predicate_label(self, p: Node) -> str:
        from kg.vocab import load_vocabulary

        return load_vocabulary().label(cast(URIRef, p))

    def disagreements(
        self, proposal: NodeName | None = None, kind: str | None = None, labels: bool = True
    ) -> pd.DataFrame:
        """Where the sources disagree (``disagreements``): for each thing the sources give different values of, a
        row for each value and each source that states it (its quote, source (outlet) and date), and a row for
        each two values that disagree (``value`` and ``other``, no source; for a stance, ``change``).

        ``kind`` is one of :func:`disagreement_kinds` (the scheme of ``ontology/disagreements.ttl``)."""
        check_disagreement_kind(kind)
        return self.run_df("disagreements", labels, proposal=proposal, kind=kind)

    # -- NetworkX -------------------------------------------------------------------------------------
    def to_networkx(self, **options: Any) -> nx.MultiDiGraph[str]:
        """The readable NetworkX projection (:func:`kg.network.to_networkx`); options as there."""
        from kg.network.projection import to_networkx

        return to_networkx(self, **options)

    def node(self, name: str, G: nx.MultiDiGraph[str] | None = None) -> str:
        """The projection's node called ``name`` (label, alias, handle, id or IRI)."""
        iri = str(self.resolve(name))
        if G is not None and iri not in G:
            raise InputError(
                f"'{name}' ({iri.rsplit('/', 2)[-2]}) is not a node of the projection",
                hint="positions are edges unless positions_as_nodes=True; evidence and times are attributes",
            )
        return iri

    @overload
    def path(
        self,
        a: str,
        b: str,
        *,
        all: typing.Literal[False] = False,
        max_hops: int = 4,
        undirected: bool = False,
        G: nx.MultiDiGraph[str] | None = None,
    ) -> list[Hop]: ...
    @overload
    def path(
        self,
        a: str,
        b: str,
        *,
        all: typing.Literal[True],
        max_hops: int = 4,
        undirected: bool = False,
        G: nx.MultiDiGraph[str] | None = None,
    ) -> list[list[Hop]]: ...
    @overload
    def path(
        self,
        a: str,
        b: str,
        *,
        all: bool,
        max_hops: int = 4,
        undirected: bool = False,
        G: nx.MultiDiGraph[str] | None = None,
    ) -> list[Hop] | list[list[Hop]]: ...
    def path(
        self,
        a: str,
        b: str,
        *,
        all: bool = False,
        max_hops: int = 4,
        undirected: bool = False,
        G: nx.MultiDiGraph[str] | None = None,
    ) -> list[Hop] | list[list[Hop]]:
        """The shortest path from ``a`` to ``b`` (a list of :class:`kg.connections.Hop`), or with ``all=True``
        every simple path of at most ``max_hops`` hops. Names as for :meth:`resolve`."""
        from kg.network.paths import all_paths, shortest_path

        G = G if G is not None else self.to_networkx()
        u, v = self.node(a, G), self.node(b, G)
        if all:
            return all_paths(G, u, v, max_hops=max_hops, undirected=undirected)
        return shortest_path(G, u, v, undirected=undirected)

    def neighbors(self, x: str, hops: int = 1, G: nx.MultiDiGraph[str] | None = None) -> list[tuple[int, Hop]]:
        """What surrounds ``x`` within ``hops`` edges: (depth, hop) pairs (:func:`kg.connections.neighbors`)."""
        from kg.network.paths import neighbors

        G = G if G is not None else self.to_networkx()
        return neighbors(G, self.node(x, G), hops)

    # -- the interactive view -----------------------------------------------------------------------------
    def view(
        self,
        focus: str | None = None,
        hops: int = 1,
        *,
        proposal: str | None = None,
        source: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        height: int = 650,
        title: str | None = None,
    ) -> Any:
        """The graph as an interactive Jupyter widget: the page ``kg view`` writes (search, filters, each quote in
        its sentence), shown in the notebook. Leave it last in a cell, or ``display`` it.

        ``focus`` (with ``hops``) or ``proposal`` name a node as :meth:`node` does (a label, alias, handle, id or
        IRI); ``source`` (an outlet), ``since`` and ``until`` (days, ``"2025-03-01"`` or :class:`datetime.date`)
        keep what those articles state, as ``kg view --source/--since/--until``. ``height`` is in pixels.

        Needs the ``notebook`` extra (anywidget): ``pip install 'ceasefire-kg[notebook]'``. The pictures' layer is
        imported here, when a view is made: this method is its one door from the query layer, as
        ``DataFrame.plot`` is pandas' (the layer test lists it).

        Examples
        --------
        >>> w = g.view("Putin", hops=1)  # doctest: +SKIP
        >>> w = g.view(proposal="energy pause", source="TDI")  # doctest: +SKIP
        """
        from kg.viz.widget import view

        options: dict[str, Any] = {"hops": hops, "source": source}
        if focus is not None:
            options["focus"] = self.node(focus)
        if proposal is not None:
            options["proposal"] = self.node(proposal)
        for key, day in (("since", since), ("until", until)):
            options[key] = _day(key, day)
        try:
            return view(self, height=height, title=title, **options)
        except ValueError as exc:
            raise InputError(str(exc)) from None

    @staticmethod
    def queries() -> dict[str, NamedQuery]:
        """The named queries, by name."""
        return named_queries()


def disagreement_kinds() -> dict[str, str]:
    """The kinds of disagreement, notation -> label, from the ontology's scheme (ontology/disagreements.ttl)."""
    from kg.vocab import load_vocabulary

    v = load_vocabulary()
    return {n: v.concept_label(c) for n, c in sorted(v.concepts("disagreement").items())}


def check_disagreement_kind(kind: str | None) -> None:
    """An :class:`~kg.errors.InputError` (exit 2) unless ``kind`` is None or a kind of disagreement."""
    if kind is not None and kind not in disagreement_kinds():
        raise InputError(
            f"unknown kind of disagreement {kind!r}",
            hint="use one of: " + ", ".join(disagreement_kinds()) + " (ontology/disagreements.ttl)",
        )


def _day(name: str, value: str | dt.date | None) -> dt.date | None:
    """A day given as a date or as ``YYYY-MM-DD`` (``since``, ``until``); InputError otherwise."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(f"{name}={value!r} is not a day", hint="give a date, or a day as YYYY-MM-DD, e.g. 2025-03-18")


def _rows(result: Result) -> list[Row]:
    # the fields are the query's variables, known only at run time (so mypy cannot type the tuple's class)
    row = namedtuple("Row", result.vars, rename=True)  # type: ignore[misc]
    return cast("list[Row]", [row(*values) for values in result.rows])


def load(
    out: Path | str = "out",
    store: str | None = None,
    endpoint: str | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
) -> KnowledgeGraph:
    """The graph built by ``kg build`` into ``out``: in memory (default), in an Oxigraph store
    (``store="oxigraph:DIR"``), or at a SPARQL endpoint (``endpoint=URL``).

    ``timeout``: seconds a query may take (None: no limit); ``allow_service``: let queries call remote SPARQL
    services (``SERVICE <url>``), which are refused by default."""
    from kg.query.names import INDEX_QUERY
    from kg.query.results import LABELS_QUERY
    from kg.store import HybridStore

    opened = open_store(Path(out), store, endpoint)
    if isinstance(opened, HybridStore):  # the API's own queries, which compare no number as a term
        opened.trust(INDEX_QUERY)
        opened.trust(LABELS_QUERY.rstrip().removesuffix("}"), prefix=True)  # labels_for adds VALUES ?node {...}
    opened.allow_service = allow_service
    return KnowledgeGraph(opened, timeout=timeout)
