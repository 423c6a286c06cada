"""A small, fast in-memory graph for the builder: a set of triples with the few lookups it needs.

rdflib's Graph keeps three indices and fires events on every ``add``; the builder writes a thousand triples
per article and reads few of them back, so it uses this instead and hands the triples on to rdflib or
Oxigraph when they are complete.

Examples
--------
>>> from rdflib import URIRef, Literal
>>> from rdflib.namespace import RDFS
>>> g = TripleSet(URIRef("urn:g"))
>>> g.add((URIRef("urn:a"), RDFS.label, Literal("A")))
>>> g.value(URIRef("urn:a"), RDFS.label), len(g), (URIRef("urn:a"), None, None) in g
(rdflib.term.Literal('A'), 1, True)
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node


class TripleSet:
    """Triples indexed by subject-predicate and by predicate-object, in the order they were added."""

    def __init__(self, identifier: Node | None = None) -> None:
        self.identifier = identifier
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._pos: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._size = 0

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        n = len(objects)
        objects.setdefault(o)  # (one hash of o: an rdflib literal computes its hash in Python each time)
        if len(objects) == n:
            return
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = None
        self._size += 1

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for s, by_p in self._spo.items():
            for p, objects in by_p.items():
                for o in objects:
                    yield s, p, o

    def triples(self, pattern: tuple) -> Iterator[tuple[Node, Node, Node]]:
        s, p, o = pattern
        if s is not None:
            by_p = self._spo.get(s, {})
            for pred in [p] if p is not None else list(by_p):
                for obj in by_p.get(pred, {}):
                    if o is None or obj == o:
                        yield s, pred, obj
        elif p is not None:
            by_o = self._pos.get(p, {})
            for obj in [o] if o is not None else list(by_o):
                for subj in by_o.get(obj, {}):
                    yield subj, p, obj
        else:
            for t in self:
                if o is None or t[2] == o:
                    yield t

    def __contains__(self, pattern: tuple) -> bool:
        return next(self.triples(pattern), None) is not None

    def objects(self, s: Node, p: Node) -> Iterator[Node]:
        return iter(list(self._spo.get(s, {}).get(p, {})))

    def subjects(self, p: Node, o: Node) -> Iterator[Node]:
        return iter(list(self._pos.get(p, {}).get(o, {})))

    def subject_objects(self, p: Node) -> Iterator[tuple[Node, Node]]:
        return iter([(s, o) for o, subjects in self._pos.get(p, {}).items() for s in subjects])

    def value(self, s: Node, p: Node) -> Node | None:
        return next(iter(self._spo.get(s, {}).get(p, {})), None)
