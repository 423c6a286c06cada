"""Find a node by what people call it: its label, an alias, a handle, its id or its IRI (case-insensitive)."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from rdflib import URIRef

from kg.errors import InputError
from kg.namespaces import ID, PREFIXES

if TYPE_CHECKING:
    from kg.store import Store

INDEX_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX cfo: <https://w3id.org/ceasefire-kg/ontology#>
SELECT DISTINCT ?node ?name WHERE {
  ?node cfo:evidence ?evidence .
  ?node a ?type . FILTER(STRSTARTS(STR(?type), STR(cfo:)))
  { ?node rdfs:label ?name } UNION { ?node skos:altLabel ?name } UNION { ?node cfo:handle ?name }
}
"""


class NameIndex:
    """The names of a graph's nodes (those with evidence: actors, proposals, terms, events, claims...)."""

    def __init__(self, pairs: list[tuple[URIRef, str]]) -> None:
        self.by_name: dict[str, set[URIRef]] = {}
        self.labels: dict[URIRef, str] = {}
        for node, name in pairs:
            self.by_name.setdefault(name.casefold(), set()).add(node)
            self.labels.setdefault(node, name)
        for node in list(self.labels):
            self.by_name.setdefault(str(node).rsplit("/", 1)[-1].casefold(), set()).add(node)

    @classmethod
    def of(cls, store: Store) -> NameIndex:
        result = store.select(INDEX_QUERY)
        return cls([(row[0], str(row[1])) for row in result.rows if isinstance(row[0], URIRef)])

    def resolve(self, text: str, what: str = "name") -> URIRef:
        """The one node called ``text``; an unknown or ambiguous name lists the closest matches."""
        text = text.strip()
        if text.startswith("<") and text.endswith(">"):
            return URIRef(text[1:-1])
        if text.startswith(("http://", "https://")):
            return URIRef(text)
        prefix, _, local = text.partition(":")
        if local and prefix in PREFIXES and " " not in text:
            return URIRef(PREFIXES[prefix] + local)
        nodes = self.by_name.get(text.casefold(), set())
        if len(nodes) == 1:
            return next(iter(nodes))
        if len(nodes) > 1:
            listed = "; ".join(f"{self.labels.get(n, n)} ({self._short(n)})" for n in sorted(nodes))
            raise InputError(
                f"the {what} '{text}' is ambiguous: it names {len(nodes)} things: {listed}",
                hint="use the id (the last part of the IRI) to pick one",
            )
        close = difflib.get_close_matches(text.casefold(), list(self.by_name), n=5, cutoff=0.6)
        if not close:
            close = [k for k in self.by_name if text.casefold() in k][:5]
        nodes_close = list(dict.fromkeys(n for k in close for n in sorted(self.by_name[k])))
        hint = (
            "closest matches: " + "; ".join(f"{self.labels.get(n, n)} ({self._short(n)})" for n in nodes_close)
            if close
            else "give a label, an alias or an id of a node of the graph"
        )
        raise InputError(f"no {what} '{text}' in the graph", hint=hint)

    @staticmethod
    def _short(node: URIRef) -> str:
        return str(node).removeprefix(str(ID))
