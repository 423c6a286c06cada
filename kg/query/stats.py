"""Counts and summaries of a built dataset: what is in it, the proposals and their terms, the positions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import CFO, ID, OA, ONTOLOGY_IRI
from kg.rdf import number, ordered
from kg.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from kg.store import Store


@dataclass
class Stats:
    """What a built dataset holds."""

    by_class: dict[str, int]
    by_kind: dict[str, int]
    statements: dict[str, int]
    articles: int
    evidence_spans: int
    sentences: int
    cited_sentences: int
    uncited: list[dict[str, Any]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.cited_sentences / self.sentences if self.sentences else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "statements": self.statements,
            "by_kind": self.by_kind,
            "by_class": self.by_class,
            "evidence_spans": self.evidence_spans,
            "sentences": self.sentences,
            "cited_sentences": self.cited_sentences,
            "coverage": round(self.coverage, 4),
            "uncited": self.uncited,
        }

    def format(self) -> str:
        lines = [
            f"articles: {self.articles}",
            "statements: " + ", ".join(f"{k} {v}" for k, v in self.statements.items()),
            f"evidence spans: {self.evidence_spans}",
            f"coverage: {self.cited_sentences} of {self.sentences} sentences cited ({self.coverage:.0%})",
        ]
        for u in self.uncited:
            lines.append(f"  uncited: {u['article']} sentence {u['ordinal']}: {u['text']}")
        lines.append("nodes by kind:")
        lines += [f"  {k:<16} {v:>4}" for k, v in self.by_kind.items()]
        lines.append("nodes by class:")
        lines += [f"  {k:<16} {v:>4}" for k, v in self.by_class.items()]
        return "\n".join(lines)


STATS_PREFIXES = """PREFIX cfo: <https://w3id.org/ceasefire-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
"""
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ASSERTED_CLASSES = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?c }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/ceasefire-kg/id/graph/") && !STRENDS(STR(?g), "/derived"))
} GROUP BY ?c"""
COUNTS = """SELECT
  (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?evidence) AS ?evidence)
  (COUNT(DISTINCT ?sentence) AS ?sentences) (COUNT(DISTINCT ?cited) AS ?cited) WHERE {
  { ?article a schema:NewsArticle } UNION { ?evidence a cfo:Evidence } UNION { ?sentence a cfo:Sentence }
  UNION { ?e cfo:inSentence ?cited }
}"""
UNCITED = """SELECT ?article ?ordinal ?text WHERE {
  ?s a cfo:Sentence ; oa:hasSource ?article ; cfo:ordinal ?ordinal ; schema:text ?text .
  FILTER NOT EXISTS { ?e cfo:inSentence ?s }
} ORDER BY ?article ?ordinal"""


def compute_stats(source: Dataset | Store, vocab: Vocabulary | None = None) -> Stats:
    """Count the nodes by class and kind, the statements, evidence spans and sentence coverage.

    ``source`` is an rdflib Dataset or a :class:`kg.store.Store` (rdflib, Oxigraph or an endpoint): the
    counts are SPARQL queries, so they run where the graph is.
    """
    from kg.store import MemoryStore, Store

    store: Store = source if isinstance(source, Store) else MemoryStore(source)
    v = vocab or load_vocabulary()
    statements: Counter[str] = Counter()
    for g, n in store.select(GRAPH_SIZES).rows:
        if str(g) == ONTOLOGY_IRI:
            statements["ontology"] += number(n)
        elif str(g).endswith("/derived"):
            statements["derived"] += number(n)
        elif str(g).startswith(str(ID)):
            statements["asserted"] += number(n)
    kinds = v.kinds()
    by_class: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for c, n in store.select(ASSERTED_CLASSES).rows:  # the classes the annotations gave, not superclasses
        if isinstance(c, URIRef) and c in kinds:
            by_class[v.label(c)] += number(n)
            by_kind[v.label(kinds[c])] += number(n)
    ((articles, evidence, sentences, cited),) = store.select(STATS_PREFIXES + COUNTS).rows
    uncited = [
        {"article": str(a).rsplit("/", 1)[-1], "ordinal": number(o), "text": str(t)}
        for a, o, t in store.select(STATS_PREFIXES + UNCITED).rows
    ]
    return Stats(
        by_class=dict(sorted(by_class.items())),
        by_kind=dict(sorted(by_kind.items())),
        statements={k: statements[k] for k in ("asserted", "derived", "ontology") if k in statements},
        articles=number(articles),
        evidence_spans=number(evidence),
        sentences=number(sentences),
        cited_sentences=number(cited),
        uncited=uncited,
    )


def summary(ds: Dataset, vocab: Vocabulary | None = None) -> str:
    """A short text summary: counts by kind, the proposals with their terms, and the positions."""
    v = vocab or load_vocabulary()
    st = compute_stats(ds, v)
    g = ds  # a Dataset answers triple patterns over all its graphs
    label = lambda n: str(next(g.objects(n, RDFS.label), n))  # noqa: E731
    lines = [
        f"{st.articles} article(s), {st.statements.get('asserted', 0)} asserted and "
        f"{st.statements.get('derived', 0)} derived statements, {st.evidence_spans} evidence spans, "
        f"{st.cited_sentences}/{st.sentences} sentences cited",
        "  " + ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in st.by_kind.items()),
        "",
        "Proposals and their terms:",
    ]
    kinds = v.kinds()
    by_label = lambda n: (label(n), str(n))  # noqa: E731 - two nodes may share a label: then by IRI
    proposals = sorted(set(g.subjects(RDF.type, CFO.Proposal)), key=by_label)
    for p in proposals:
        types = set(g.objects(p, RDF.type))
        cls = ", ".join(sorted(v.label(o) for o in types if o in kinds and o != CFO.Proposal) or ["proposal"])
        lines.append(f"  {label(p)} ({cls})")
        terms = sorted(
            set(g.subjects(CFO.termOf, p)), key=lambda t: next((number(o) for o in g.objects(t, CFO.ordinal)), 0)
        )
        for t in terms:
            lines.append(f"    {next(g.objects(t, CFO.ordinal), '-')}. {label(t)}")
    lines += ["", "Positions:"]
    positions = sorted(set(g.subjects(RDF.type, CFO.Position)), key=by_label)
    for pos in positions:
        holders = " and ".join(sorted(label(h) for h in g.objects(pos, CFO.holder)))
        stance = next(g.objects(pos, CFO.stance), None)
        target = next(g.objects(pos, CFO.target), None)
        cond = next(g.objects(pos, CFO.underCondition), None)
        text = f"  {holders} —{v.concept_label(stance) if stance else '?'}→ {label(target) if target else '?'}"
        if cond is not None:
            text += f" (if: {label(cond)})"
        lines.append(text)
        for ev in ordered(g.objects(pos, CFO.evidence)):
            exact = next(g.objects(ev, OA.hasSelector / OA.exact), None)
            if exact is not None:
                lines.append(f"      “{exact}”")
    return "\n".join(lines)
