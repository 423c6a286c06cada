"""Query answers written out: SELECT results as a table for people, or as SPARQL 1.1 CSV, TSV or JSON for
programs; an ASK's true or false; a CONSTRUCT's or DESCRIBE's graph as Turtle, N-Triples or JSON-LD."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.store import Result, Store

FORMATS = ("table", "csv", "tsv", "json")
#: the formats of a graph (a CONSTRUCT's or DESCRIBE's answer), by name: rdflib's serializer for each
GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}
CELL = 80  # widest cell of a table; csv, tsv and json give every value whole

LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?label WHERE { { ?node rdfs:label ?label } UNION { ?node skos:prefLabel ?label } }
"""


def labels_for(store: Store, result: Result) -> dict[URIRef, str]:
    """A label for each IRI in ``result`` that has one (rdfs:label, else skos:prefLabel)."""
    iris = sorted({v for row in result.rows for v in row if isinstance(v, URIRef)})
    if not iris:
        return {}
    text = LABELS_QUERY.rstrip().removesuffix("}") + " VALUES ?node { " + " ".join(i.n3() for i in iris) + " } }"
    labels: dict[URIRef, str] = {}
    for node, label in sorted(store.select(text).rows, key=lambda r: (str(r[0]), str(r[1]))):
        if isinstance(node, URIRef):
            labels.setdefault(node, str(label))
    return labels


def _plain(value: Node | None) -> str:
    return "" if value is None else str(value)


def format_table(result: Result, labels: dict[URIRef, str] | None = None) -> str:
    """An aligned text table; IRIs shown by their labels when known."""
    labels = labels or {}

    def cell(v: Node | None) -> str:
        text = labels.get(v, str(v)) if isinstance(v, URIRef) else _plain(v)
        text = " ".join(text.split())
        return text if len(text) <= CELL else text[: CELL - 1] + "…"

    rows = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(result.vars)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(result.vars), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def format_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, IRIs and literals as their text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if v is None else f"_:{v}" if isinstance(v, BNode) else str(v) for v in row])
    return buf.getvalue()


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: every value as an RDF term (N-Triples syntax)."""
    lines = ["\t".join("?" + v for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if v is None else v.n3() for v in row))
    return "\n".join(lines) + "\n"


def term_json(v: Node | None) -> dict[str, str]:
    if isinstance(v, URIRef):
        return {"type": "uri", "value": str(v)}
    if isinstance(v, BNode):
        return {"type": "bnode", "value": str(v)}
    assert isinstance(v, Literal)
    d = {"type": "literal", "value": str(v)}
    if v.language:
        d["xml:lang"] = v.language
    elif v.datatype:
        d["datatype"] = str(v.datatype)
    return d


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (the text of ``json.dumps(..., indent=2, ensure_ascii=False)``, written
    directly: each distinct value's object once, which keeps 40,000 rows under a second)."""

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    blocks: dict[Node, str] = {}  # a value -> its object, as it stands in a binding (at depth 4)

    def block(v: Node) -> str:
        found = blocks.get(v)
        if found is None:
            fields = ",\n".join(f"          {text(k)}: {text(x)}" for k, x in term_json(v).items())
            found = blocks[v] = "{\n" + fields + "\n        }"
        return found

    keys = [f"        {text(v)}: " for v in result.vars]
    bindings = []
    for row in result.rows:
        cells = [k + block(v) for k, v in zip(keys, row, strict=True) if v is not None]
        bindings.append("{\n" + ",\n".join(cells) + "\n      }" if cells else "{}")
    head = ("[\n" + ",\n".join(f"      {text(v)}" for v in result.vars) + "\n    ]") if result.vars else "[]"
    body = ("[\n" + ",\n".join("      " + b for b in bindings) + "\n    ]") if bindings else "[]"
    return f'{{\n  "head": {{\n    "vars": {head}\n  }},\n  "results": {{\n    "bindings": {body}\n  }}\n}}\n'


def render(result: Result, fmt: str, store: Store | None = None) -> str:
    """``result`` in one of :data:`FORMATS`."""
    if fmt == "table":
        return format_table(result, labels_for(store, result) if store is not None else None)
    return {"csv": format_csv, "tsv": format_tsv, "json": format_json}[fmt](result)


def render_boolean(answer: bool, fmt: str) -> str:
    """An ASK's answer: SPARQL 1.1 Query Results JSON for ``json``, else the word ``true`` or ``false``.

    >>> print(render_boolean(True, "json"), end="")
    {"head": {}, "boolean": true}
    """
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}) + "\n"
    return ("true" if answer else "false") + "\n"


def sorted_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` in a stable order (by their N-Triples text)."""
    return sorted(graph, key=lambda t: tuple(term.n3() for term in t))


def render_graph(graph: Graph, fmt: str) -> str:
    """A graph in one of :data:`GRAPH_FORMATS` (``turtle``, ``nt``, ``jsonld``), the project's prefixes bound,
    N-Triples lines sorted so that the same graph is the same text."""
    from kg.namespaces import bind_prefixes

    if fmt == "nt":
        return "".join(" ".join(term.n3() for term in t) + " .\n" for t in sorted_triples(graph))
    bind_prefixes(graph)
    text = graph.serialize(format=GRAPH_FORMATS[fmt])
    return text if text.endswith("\n") else text + "\n"
