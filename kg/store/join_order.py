"""The order in which rdflib joins the triple patterns of a basic graph pattern, chosen from the data.

rdflib evaluates a basic graph pattern as nested loops over its triple patterns, in an order it fixes when the
query is parsed, from the query text alone. On the seed, ``evidence-sentence`` then starts from every selector
and pairs each with every other selector of the same evidence before dropping the wrong pairs: 4,400 lookups
for 90 rows. This module picks the order when the pattern is evaluated, knowing which variables are already
bound (by a ``VALUES`` block, an outer pattern or a lazy join) and how many triples each predicate has in the
store: greedily, the cheapest next pattern among those that share a variable with what is bound.

It is an rdflib evaluation hook (``rdflib.plugins.sparql.CUSTOM_EVALS``), installed once, that acts only on
datasets passed to :func:`enable` (``kg.store.MemoryStore`` does) and leaves every other query to rdflib.
Answers are the same: a basic graph pattern is a conjunction, and only the order of the loops changes.

Example
-------
>>> from rdflib import Dataset, Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(URIRef("urn:g"))
>>> for i in range(50):
...     _ = g.add((URIRef(f"urn:x{i}"), RDF.type, URIRef("urn:Thing")))
>>> _ = g.add((URIRef("urn:x7"), RDFS.label, Literal("seven")))
>>> enable(ds)
>>> q = "SELECT ?x WHERE { ?x a <urn:Thing> . ?x <http://www.w3.org/2000/01/rdf-schema#label> 'seven' }"
>>> [str(row.x) for row in ds.query(q)]
['urn:x7']
>>> planner(ds).order_of(q)  # the label first: one triple, then one check
['?x rdfs:label "seven"', '?x rdf:type <urn:Thing>']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef, Variable

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import FrozenBindings, QueryContext

_HOOK = "ceasefire-kg: join order"
_ATTRIBUTE = "_kg_join_planner"
_UNKNOWN_PATH_COST = 1e9  # a property path with neither end bound: assume the worst
_KEPT_ORDERS = 4096  # join orders remembered per dataset


class JoinPlanner:
    """Join orders for one dataset, from per-predicate counts gathered as patterns need them.

    The counts are taken once; triples added to the dataset later can make an order less good, never an
    answer wrong.
    """

    def __init__(self, dataset: Graph) -> None:
        self.dataset = dataset
        self._predicates: dict[Any, tuple[int, int, int]] = {}  # p -> (triples, subjects, objects)
        self._exact: dict[tuple, int] = {}  # a pattern with constants only -> its number of triples
        self._orders: dict[tuple, tuple[Any, list]] = {}  # (id(bgp), bound variables) -> (bgp, order)
        self._size: int | None = None

    # -- statistics ---------------------------------------------------------------------------------------
    def _predicate(self, p: Any) -> tuple[int, int, int]:
        found = self._predicates.get(p)
        if found is None:
            subjects: set[Any] = set()
            objects: set[Any] = set()
            n = 0
            for s, _, o in self.dataset.triples((None, p, None)):
                subjects.add(s)
                objects.add(o)
                n += 1
            found = self._predicates[p] = (n, max(len(subjects), 1), max(len(objects), 1))
        return found

    def _count(self, pattern: tuple) -> int:
        found = self._exact.get(pattern)
        if found is None:
            found = self._exact[pattern] = sum(1 for _ in self.dataset.triples(pattern))
        return found

    def _total(self) -> int:
        if self._size is None:
            self._size = max(len(self.dataset), 1)
        return self._size

    def estimate(self, triple: tuple, bound: set) -> float:
        """How many triples ``triple`` is expected to match for one binding of the variables in ``bound``."""
        s, p, o = triple
        s_var, o_var = _is_var(s), _is_var(o)
        s_known = not s_var or s in bound
        o_known = not o_var or o in bound
        if _is_var(p):
            if p in bound:
                return 1.0 if (s_known and o_known) else 10.0
            return 0.5 if (s_known and o_known) else (10.0 if (s_known or o_known) else float(self._total()))
        if not isinstance(p, URIRef):  # a property path: cheap from a bound end, dear otherwise
            return 5.0 if (s_known or o_known) else _UNKNOWN_PATH_COST
        if s_known and o_known:
            return 0.5  # a check: it can only keep or drop the solution
        n, subjects, objects = self._predicate(p)
        if s_known:
            return float(self._count((s, p, None))) if not s_var else n / subjects
        if o_known:
            return float(self._count((None, p, o))) if not o_var else n / objects
        return float(n)

    # -- ordering -----------------------------------------------------------------------------------------
    def order(self, triples: list, bound: Iterable) -> list:
        """``triples`` in the order to evaluate them when the variables in ``bound`` already have values."""
        known = set(bound)  # grows, in place, as each chosen triple binds its variables
        remaining = list(triples)
        ordered = []

        def cost(item: tuple[int, tuple]) -> tuple[bool, float, int]:
            position, triple = item
            variables = _variables(triple)
            joined = not variables or bool(variables & known) or not known
            return (not joined, self.estimate(triple, known), position)

        while remaining:
            _, best = min(enumerate(remaining), key=cost)
            remaining.remove(best)
            ordered.append(best)
            known.update(_variables(best))
        return ordered

    def planned(self, bgp: CompValue, bound: frozenset[Any]) -> list[Any]:
        """The order for ``bgp`` (an rdflib algebra ``BGP``), worked out once per set of bound variables."""
        key = (id(bgp), bound)
        found = self._orders.get(key)
        if found is None:
            if len(self._orders) >= _KEPT_ORDERS:  # one-off queries each bring new patterns: start afresh
                self._orders.clear()
            found = self._orders[key] = (bgp, self.order(bgp.triples, bound))  # keep bgp: its id stays unique
        return found[1]

    def order_of(self, sparql: str) -> list[str]:
        """The order chosen for the first basic graph pattern of ``sparql``, with nothing bound (to explain)."""
        from rdflib.plugins.sparql import prepareQuery

        bgp = next(_bgps(prepareQuery(sparql).algebra))
        return [" ".join(_show(t, self.dataset) for t in triple) for triple in self.order(bgp.triples, ())]


def enable(dataset: Graph) -> None:
    """Let SPARQL queries on ``dataset`` (an rdflib Dataset or Graph) join their patterns in a data-based order."""
    from rdflib.plugins.sparql import CUSTOM_EVALS

    if not isinstance(getattr(dataset, _ATTRIBUTE, None), JoinPlanner):
        setattr(dataset, _ATTRIBUTE, JoinPlanner(dataset))
    CUSTOM_EVALS.setdefault(_HOOK, _evaluate)


def planner(dataset: Graph) -> JoinPlanner:
    """The planner :func:`enable` gave ``dataset``."""
    return getattr(dataset, _ATTRIBUTE)


def _evaluate(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    """rdflib's hook: evaluate a BGP of an enabled dataset in the planned order; decline anything else."""
    if part.name != "BGP" or len(part.triples) < 2:
        raise NotImplementedError
    target: Graph | None
    try:
        target = ctx.dataset
    except Exception:  # rdflib's word for a query on a single graph
        target = ctx.graph
    found = getattr(target, _ATTRIBUTE, None)
    if found is None:
        raise NotImplementedError
    bound = frozenset(v for triple in part.triples for v in triple if _is_var(v) and ctx[v] is not None)
    return _solutions(ctx, found.planned(part, bound))


def _solutions(ctx: QueryContext, order: list[Any]) -> Iterator[FrozenBindings]:
    """The solutions of the triple patterns ``order``, joined in that order by nested loops.

    What rdflib's ``evalBGP`` does, with the bindings kept in plain dicts rather than a new query context
    per partial solution: a variable that occurs twice in a pattern must match the same term twice.
    """
    from rdflib.plugins.sparql.sparql import FrozenBindings

    graph = ctx.graph
    if graph is None:  # (rdflib sets it before it evaluates a pattern)
        raise NotImplementedError
    steps = [tuple((term, _is_var(term)) for term in triple) for triple in order]
    last = len(steps)

    def join(i: int, bindings: dict[Any, Any]) -> Iterator[FrozenBindings]:
        if i == last:
            yield FrozenBindings(ctx, bindings)
            return
        (s, s_var), (p, p_var), (o, o_var) = steps[i]
        qs = bindings.get(s) if s_var else s
        qp = bindings.get(p) if p_var else p
        qo = bindings.get(o) if o_var else o
        for ts, tp, to in graph.triples((qs, qp, qo)):
            new = dict(bindings)
            if qs is None:
                new[s] = ts
            if qp is None:
                if new.get(p, tp) != tp:
                    continue
                new[p] = tp
            if qo is None:
                if new.get(o, to) != to:
                    continue
                new[o] = to
            yield from join(i + 1, new)

    return join(0, dict(ctx.bindings.items()))


def _is_var(term: object) -> bool:
    return isinstance(term, (Variable, BNode))


def _variables(triple: tuple) -> set:
    return {t for t in triple if _is_var(t)}


def _bgps(node: object) -> Iterator[CompValue]:
    """Every BGP in an algebra tree, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "BGP":
            yield node
        for value in node.values():
            yield from _bgps(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _bgps(value)


def _show(term: object, dataset: Graph) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, (URIRef, Literal)):
        return term.n3(dataset.namespace_manager)
    return str(term)
