"""Counts as sources give them: ``violationCount: {quote: "more than 2,000 times", count: 2000, qualifier: more-than}``.

A count is a node of its own (``cfid:count/RECORD/FIELD``, a ``cfo:Count``, a ``schema:QuantitativeValue``) with the
number (``schema:value``), its qualifier from the count-qualifier scheme (``cfo:countQualifier``: exactly, about,
at-least, more-than, at-most, fewer-than; ``exactly`` when not given), the source's words (``cfo:wording``) and the
evidence of its quote. Used by :meth:`kg.builder.article.ArticleBuilder._field` for every property whose range is
``cfo:Count``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, XSD

from kg.namespaces import CFO, ID

if TYPE_CHECKING:
    from kg.builder.article import ArticleBuilder

COUNT_KEYS = ("quote", "occurrence", "count", "qualifier")
QUALIFIER_SCHEME = "count-qualifier"
EXAMPLE = '{quote: "more than 2,000 times", count: 2000, qualifier: more-than}'


def count_value(b: ArticleBuilder, spec: Any, rec_id: str, key: str, line: int) -> URIRef | None:
    """The count node of ``spec`` (written into the article graph), or ``None`` after recording an error."""
    if not isinstance(spec, dict):
        b.error(
            f"'{key}' must be a mapping like {EXAMPLE}, not {spec!r}",
            line,
            rec_id,
            "quote the article's words for the number, and give the number and its qualifier",
        )
        return None
    unknown = [str(k) for k in spec if k not in COUNT_KEYS]
    if unknown:
        b.error(
            f"unknown key(s) {', '.join(unknown)} in the count '{key}'",
            line,
            rec_id,
            "a count has: " + ", ".join(COUNT_KEYS),
        )
        return None
    if "quote" not in spec:
        b.error(f"the count '{key}' has no quote", line, rec_id, f"write {EXAMPLE}")
        return None
    n = spec.get("count")
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        b.error(
            f"'{key}.count' must be a whole number from 0, not {n!r}"
            if "count" in spec
            else f"the count '{key}' has no 'count'",
            line,
            rec_id,
            "write the number in digits without separators: 'count: 2000' for '2,000'",
        )
        return None
    qualifiers = b.v.concepts(QUALIFIER_SCHEME)
    qualifier = str(spec.get("qualifier", "exactly"))
    concept = qualifiers.get(qualifier)
    if concept is None:
        b.error(
            f"'{key}.qualifier: {qualifier}' is not in the scheme {b.v.label(b.v.scheme(QUALIFIER_SCHEME))}",
            line,
            rec_id,
            "qualifier is one of: " + ", ".join(sorted(qualifiers)),
        )
        return None
    wording = str(spec["quote"])
    span = b.locate(wording, spec.get("occurrence"), rec_id, line)
    if span is None:
        return None
    node = ID[f"count/{rec_id}/{key}"]
    g = b.g
    g.add((node, RDF.type, CFO.Count))
    g.add((node, SDO.value, Literal(n, datatype=XSD.nonNegativeInteger)))
    g.add((node, CFO.countQualifier, concept))
    g.add((node, CFO.wording, Literal(wording)))
    g.add((node, RDFS.label, Literal(wording, lang="en")))
    b.add_evidence(node, span, rec_id, line, f"/{key}")
    return node
