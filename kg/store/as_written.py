"""Oxigraph's answers with the literals as written: what the default store (:mod:`kg.store.hybrid`) needs to
answer a query whose rows hold a number without asking rdflib again.

Oxigraph's stores fold some literals into a canonical form (``"3"^^xsd:positiveInteger`` is stored as
``"3"^^xsd:integer``, ``"30.0"^^xsd:decimal`` as ``"30"``); rdflib keeps them as written. A row of Oxigraph's
that holds a folded form can still be given as rdflib gives it when it is clear which literal of the build the
form stands for: a column that a query fills from triple patterns only (``?term cfo:ordinal ?ordinal``, never
from ``BIND``, ``VALUES`` or an aggregate) holds objects of those patterns' predicates, and when, among the
objects of those predicates in the build, only one literal folds into that form, that literal is rdflib's
value. (Then no two literals of the column fold into one form either, so Oxigraph's rows are rdflib's rows,
one for one.) A query is read once, with rdflib's SPARQL parser, to know which predicates fill each column.

Every other case (a column computed by the query, a form that two literals of the same predicates fold into)
has no such answer: :meth:`AsWritten.restore` then returns ``None`` and the store asks rdflib.

>>> import pyoxigraph as ox
>>> X = "http://www.w3.org/2001/XMLSchema#"
>>> lit = lambda v, t: ox.Literal(v, datatype=ox.NamedNode(X + t))
>>> s, g = ox.NamedNode("urn:s"), ox.NamedNode("urn:g")
>>> ordinal, start = ox.NamedNode("urn:ordinal"), ox.NamedNode("urn:start")
>>> w = AsWritten([ox.Quad(s, ordinal, lit("1", "positiveInteger"), g), ox.Quad(s, start, lit("1", "nonNegativeInteger"), g)])
>>> folded = lit("1", "integer")
>>> folded in w.changed
True
>>> w.restore("SELECT ?o WHERE { ?x <urn:ordinal> ?o }", ["o"], [(folded,)])
[(<Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#positiveInteger>>,)]
>>> w.restore("SELECT ?o WHERE { { ?x <urn:ordinal> ?o } UNION { ?x <urn:start> ?o } }", ["o"], [(folded,)]) is None
True
>>> w.restore("SELECT ?o WHERE { ?x <urn:ordinal> ?n BIND(?n AS ?o) }", ["o"], [(folded,)]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph as ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: a column the query computes (BIND, VALUES, an aggregate...): its folded forms cannot be traced to the data
COMPUTED = None
#: a column filled from triple patterns whose predicates are not all known (a variable or a complex path)
ANY_PREDICATE = "*"


class AsWritten:
    """The literals of a build that Oxigraph's store keeps in another form, and the way back.

    :attr:`changed`: for each literal that a store folds, its stored form, that form's lexical form as a plain
    string (what ``STR()`` gives) and its datatype (``DATATYPE()``): an answer that holds none of them is
    rdflib's as it is.
    """

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        import pyoxigraph as ox

        string, literal = ox.NamedNode(_XSD_STRING), ox.Literal
        pairs = {(q.predicate, o) for q in quads if type(o := q.object) is literal and o.datatype != string}
        literals = list({lit for _, lit in pairs})
        stored = _stored_forms(literals)
        folded = {stored[lit] for lit in literals if stored[lit] != lit}
        changed: set[Any] = set()
        for form in folded:
            changed |= {form, ox.Literal(form.value), form.datatype}
        self.changed: frozenset[Any] = frozenset(changed)
        self.folded: frozenset[Any] = frozenset(folded)
        # (predicate, stored form) -> the literals written under that predicate that a store keeps in that form
        self._by_predicate: dict[tuple[Any, Any], set[Any]] = {}
        self._anywhere: dict[Any, set[Any]] = {}
        for p, lit in pairs:
            form = stored[lit]
            if form in folded:
                self._by_predicate.setdefault((p, form), set()).add(lit)
                self._anywhere.setdefault(form, set()).add(lit)

    def restore(self, sparql: str, names: Sequence[str], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]] | None:
        """``rows``, Oxigraph's answer to ``sparql`` (columns ``names``), with each folded literal as written;
        ``None`` when that cannot be known for sure (rdflib must answer)."""
        out = [list(row) for row in rows]
        for i, name in enumerate(names):
            found = {row[i] for row in rows} & self.changed
            if not found:
                continue
            back = self.written_forms(sparql, name, found)
            if back is None:
                return None
            for row in out:
                row[i] = back.get(row[i], row[i])
        return [tuple(row) for row in out]

    def written_forms(self, sparql: str, name: str, values: Iterable[Any]) -> dict[Any, Any] | None:
        """For the ``values`` of :attr:`changed` found in column ``name`` of Oxigraph's answer to ``sparql``: each
        folded literal -> the literal as written (the others are as written already); ``None`` when that cannot be
        known for sure (rdflib must answer)."""
        import pyoxigraph as ox

        try:
            predicates = column_sources(sparql).get(name, COMPUTED)
        except Exception:  # a query rdflib cannot read: rdflib's error, from rdflib
            return None
        if predicates is COMPUTED:
            return None
        back: dict[Any, Any] = {}
        for v in values:
            if v not in self.folded:
                # the lexical form or datatype of a folded literal, found in the data as it is, where a store keeps
                # plain strings and IRIs as written
                if isinstance(v, ox.NamedNode) or (isinstance(v, ox.Literal) and v.datatype.value == _XSD_STRING):
                    continue
                return None
            written = self._written(v, predicates)
            if len(written) != 1:
                return None
            back[v] = next(iter(written))
        return back

    def _written(self, form: Any, predicates: frozenset[str] | str) -> set[Any]:
        if predicates == ANY_PREDICATE:
            return self._anywhere.get(form, set())
        import pyoxigraph as ox

        found: set[Any] = set()
        for p in predicates:
            found |= self._by_predicate.get((ox.NamedNode(p), form), set())
        return found


def _stored_forms(literals: list[Any]) -> dict[Any, Any]:
    """Each literal -> the form in which Oxigraph's store keeps it (found by storing each once in a scratch
    store and reading it back)."""
    import pyoxigraph as ox

    if not literals:
        return {}
    scratch = ox.Store()
    p = ox.NamedNode("urn:kg:as-written")
    scratch.bulk_extend(ox.Quad(ox.NamedNode(f"urn:kg:literal:{i}"), p, lit) for i, lit in enumerate(literals))
    return {literals[int(q.subject.value.rsplit(":", 1)[1])]: q.object for q in scratch}


@lru_cache(maxsize=256)
def column_sources(sparql: str) -> dict[str, frozenset[str] | str | None]:
    """For each variable of ``sparql``: the predicates (IRIs) of the triple patterns that bind it as their
    object, :data:`ANY_PREDICATE` when one of them has a variable or complex path as predicate, or
    :data:`COMPUTED` when anything else binds it (BIND, VALUES, a SELECT expression, an aggregate, a graph
    name). Variables of subqueries and EXISTS count with the same names: the answer can only be wider."""
    from rdflib import URIRef, Variable
    from rdflib.paths import AlternativePath, SequencePath
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    predicates: dict[str, set[str]] = {}
    wide: set[str] = set()
    computed: set[str] = set()

    def last_predicates(p: Any) -> set[str] | None:
        """The predicates of the triples whose objects a path's end binds; ``None``: any term of the graph."""
        if isinstance(p, URIRef):
            return {str(p)}
        if isinstance(p, SequencePath):
            return last_predicates(p.args[-1])
        if isinstance(p, AlternativePath):
            found: set[str] = set()
            for arg in p.args:
                one = last_predicates(arg)
                if one is None:
                    return None
                found |= one
            return found
        return None  # a variable, an inverse, negated or repeated path

    def walk(node: Any) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for _, p, o in node.triples:  # a subject is never a literal: only objects are traced
                    if not isinstance(o, Variable):
                        continue
                    last = last_predicates(p)
                    if last is None:
                        wide.add(str(o))
                    else:
                        predicates.setdefault(str(o), set()).update(last)
                return
            if node.name == "Extend":
                computed.add(str(node.var))
            elif node.name == "values":
                for binding in node.res or []:
                    computed.update(str(v) for v in binding)
            elif node.name == "Graph" and isinstance(node.term, Variable):
                computed.add(str(node.term))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    query = translateQuery(parseQuery(sparql))
    walk(query.algebra)
    out: dict[str, frozenset[str] | str | None] = {}
    for name in set(predicates) | wide | computed:
        if name in computed:
            out[name] = COMPUTED
        elif name in wide:
            out[name] = ANY_PREDICATE
        else:
            out[name] = frozenset(predicates[name])
    return out
