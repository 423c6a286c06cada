"""Typed helpers over rdflib's terms, shared by the layers. rdflib types what a graph lookup or a query row
gives as ``Node`` (or ``None``), which has no order and no value; these say what the code expects of a term,
and check it.

Layer: foundation (imports rdflib only).

Examples
--------
>>> from rdflib import BNode, Literal, URIRef
>>> ordered([URIRef("urn:b"), URIRef("urn:a")])
[rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b')]
>>> number(Literal(3)), iri(BNode("x")), iri(URIRef("urn:a"))
(3, None, rdflib.term.URIRef('urn:a'))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Node

T = TypeVar("T")


def select_rows(result: Result) -> Iterator[ResultRow]:
    """The rows of rdflib's answer to a SELECT query (rdflib types any answer's items as rows, triples or a
    boolean)."""
    return (row for row in result if isinstance(row, ResultRow))


def ordered(items: Iterable[T]) -> list[T]:
    """``sorted(items)`` for rdflib terms and tuples of them (triples...), in rdflib's order of terms: rdflib
    types what a graph gives as ``Node``, which declares no order, though every term it holds has one."""
    return sorted(items)  # type: ignore[type-var]


def iri(node: Node | None) -> URIRef | None:
    """``node`` if it is an IRI, else ``None``."""
    return node if isinstance(node, URIRef) else None


def number(term: Node | None) -> int:
    """The value of an integer literal (a count, an ordinal); a :class:`TypeError` for anything else."""
    if not isinstance(term, Literal):
        raise TypeError(f"not an integer literal: {term!r}")
    return int(term)
