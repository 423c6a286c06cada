"""Counts and summaries of a built dataset: what is in it, the proposals and their terms, the positions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, TIME
from rdflib.term import Node

from kg.namespaces import CFO, DISAGREEMENTS_GRAPH, ID, OA, ONTOLOGY_IRI
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
    #: records built from unreviewed drafts (``kg build --accept-drafts``: nodes with ``cfo:draftRule``)
    drafts: int = 0

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
            "drafts": self.drafts,
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
        if self.drafts:
            lines.append(f"drafts: {self.drafts} record(s) built from unreviewed drafts (cfo:draftRule)")
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
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/ceasefire-kg/id/graph/") && !STRENDS(STR(?g), "/derived")
         && ?g != <https://w3id.org/ceasefire-kg/id/graph/disagreements>)
} GROUP BY ?c"""
COUNTS = """SELECT
  (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?evidence) AS ?evidence)
  (COUNT(DISTINCT ?sentence) AS ?sentences) (COUNT(DISTINCT ?cited) AS ?cited)
  (COUNT(DISTINCT ?drafted) AS ?drafts) WHERE {
  { ?article a schema:NewsArticle } UNION { ?evidence a cfo:Evidence } UNION { ?sentence a cfo:Sentence }
  UNION { ?e cfo:inSentence ?cited } UNION { ?drafted cfo:draftRule ?rule }
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
        elif str(g).endswith("/derived") or g == DISAGREEMENTS_GRAPH:  # what the build computed
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
    ((articles, evidence, sentences, cited, drafts),) = store.select(STATS_PREFIXES + COUNTS).rows
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
        drafts=number(drafts),
    )


def summary(ds: Dataset, vocab: Vocabulary | None = None) -> str:
    """A short text summary: counts by kind, the proposals with their terms, and the positions.

    With several articles, what each says stays apart: a proposal's terms are listed under each source that
    lists them, in its numbering; its window (beginning, duration, end) and every other name it is given are
    listed with their sources; a position is listed as each source states it, each quote with its source.
    """
    v = vocab or load_vocabulary()
    st = compute_stats(ds, v)
    g = ds  # a Dataset answers triple patterns over all its graphs
    sources = _sources(ds)
    several = len(sources) > 1

    rank: dict[Node | None, int] = {src.graph.identifier: i for i, src in enumerate(sources)}
    labels: dict[Node, str] = {}

    def label(n: Node) -> str:
        """The label the earliest source gives ``n`` (the others are listed as other names), else the first."""
        if n not in labels:
            given = sorted(
                (rank.get(getattr(c, "identifier", c), len(rank)), str(x))
                for _, _, x, c in ds.quads((n, RDFS.label, None, None))
            )
            labels[n] = given[0][1] if given else str(n)
        return labels[n]

    lines = [
        f"{st.articles} article(s), {st.statements.get('asserted', 0)} asserted and "
        f"{st.statements.get('derived', 0)} derived statements, {st.evidence_spans} evidence spans, "
        f"{st.cited_sentences}/{st.sentences} sentences cited",
        "  " + ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in st.by_kind.items()),
        *(
            [f"  {st.drafts} record(s) built from unreviewed drafts (kg build --accept-drafts): cfo:draftRule"]
            if st.drafts
            else []
        ),
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
        if not several:
            lines += [f"    {t[0]}. {t[1]}" for t in _terms(g, p, label)]
            continue
        lines += _other_names(sources, p, label(p))
        for src in sources:
            window = _window(src.graph, src.derived, p)
            if window:
                lines.append(f"    in effect {window} — {src.name}")
        for src in sources:
            terms = _terms(src.graph, p, lambda t, graph=src.graph: str(graph.value(t, RDFS.label) or label(t)))
            if terms:
                lines.append(f"    {len(terms)} term{'s' if len(terms) != 1 else ''} according to {src.name}:")
                lines += [f"      {t[0]}. {t[1]}" for t in terms]
    lines += ["", "Positions:"]
    if not several:
        for text, quotes in _positions(g, v, label):
            lines.append(text)
            lines += [f"      “{q}”" for q in quotes]
        return "\n".join(lines)
    stated: dict[str, list[str]] = {}
    for src in sources:
        for text, quotes in _positions(src.graph, v, label):
            stated.setdefault(text, []).extend(f"      “{q}” — {src.name}" for q in quotes)
    for text in sorted(stated):
        lines.append(text)
        lines += stated[text]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Source:
    """One article of a build, as the summary names it: 'Outlet, date' (else the article's label or id)."""

    name: str
    graph: Graph
    derived: Graph


def _sources(ds: Dataset) -> list[_Source]:
    """The articles of ``ds``, by date, then name."""
    found = []
    for art in set(ds.subjects(RDF.type, SDO.NewsArticle)):
        asserted = [c for c in ds.subjects(PROV.wasDerivedFrom, art) if str(c).startswith(str(ID) + "graph/")]
        if not asserted:
            continue
        graph_iri = min(asserted, key=str)
        outlet = next((ds.value(pub, RDFS.label) for pub in ds.objects(art, SDO.publisher)), None)
        name = str(outlet or ds.value(art, RDFS.label) or str(art).rsplit("/", 1)[-1])
        day = ds.value(art, SDO.datePublished)
        if day is None:
            ref = ds.value(art, CFO.referenceDate)
            day = ds.value(ref, TIME.inXSDDate) if ref is not None else None
        when = str(day)[:10] if day is not None else ""
        found.append(
            (
                when,
                name,
                _Source(
                    name + (f", {when}" if when else ""),
                    ds.graph(URIRef(str(graph_iri))),
                    ds.graph(URIRef(str(graph_iri) + "/derived")),
                ),
            )
        )
    # (two articles of one outlet on one day: by their IRIs, so that the order is the same in every process)
    return [s for _, _, s in sorted(found, key=lambda x: (x[0], x[1], str(x[2].graph.identifier)))]


def _terms(g: Graph, proposal: Node, label: Any) -> list[tuple[str, str]]:
    """The terms ``g`` gives ``proposal``, in its numbering: (ordinal or '-', label)."""
    terms = sorted(
        set(g.subjects(CFO.termOf, proposal)),
        key=lambda t: (next((number(o) for o in g.objects(t, CFO.ordinal)), 0), label(t), str(t)),
    )
    return [(str(next(g.objects(t, CFO.ordinal), "-")), label(t)) for t in terms]


def _other_names(sources: list[_Source], node: Node, shown: str) -> list[str]:
    """'also called “X” by A; B' for each label a source gives ``node`` other than the one ``shown``."""
    by_name: dict[str, list[str]] = {}
    for src in sources:
        for name in src.graph.objects(node, RDFS.label):
            if str(name) != shown:
                by_name.setdefault(str(name), []).append(src.name)
    return [f"    also called “{name}” by {'; '.join(who)}" for name, who in sorted(by_name.items())]


def _window(g: Graph, derived: Graph, proposal: Node) -> str:
    """A source's window of ``proposal``, as far as it gives it: 'from “March 18, 2025” (2025-03-18), “30-day”,
    until 2025-04-17 (computed)'."""

    def when(t: Node) -> str:
        wording, day = g.value(t, CFO.wording), g.value(t, CFO.earliest)
        return " ".join(x for x in (f"“{wording}”" if wording else "", f"({day})" if day else "") if x)

    parts = []
    for interval in g.objects(proposal, CFO.inEffect):
        begins = g.value(interval, TIME.hasBeginning)
        if begins is not None:
            parts.append(f"from {when(begins)}")
        duration = g.value(interval, TIME.hasDuration)
        if duration is not None:
            parts.append(f"“{g.value(duration, CFO.wording)}”")
        end = g.value(interval, TIME.hasEnd)
        if end is not None:
            parts.append(f"until {when(end)}")
        elif (computed := derived.value(interval, TIME.hasEnd)) is not None:
            parts.append(f"until {derived.value(computed, CFO.earliest)} (computed)")
    return ", ".join(parts)


def _positions(g: Graph, v: Vocabulary, label: Any) -> list[tuple[str, list[str]]]:
    """The positions ``g`` states: (their line, their quotes), by line."""
    out = []
    for pos in set(g.subjects(RDF.type, CFO.Position)):
        holders = " and ".join(sorted(label(h) for h in g.objects(pos, CFO.holder)))
        stance = next(g.objects(pos, CFO.stance), None)
        target = next(g.objects(pos, CFO.target), None)
        cond = next(g.objects(pos, CFO.underCondition), None)
        text = f"  {holders} —{v.concept_label(stance) if stance else '?'}→ {label(target) if target else '?'}"
        if cond is not None:
            text += f" (if: {label(cond)})"
        quotes = [
            str(exact)
            for ev in ordered(g.objects(pos, CFO.evidence))
            if (exact := next(g.objects(ev, OA.hasSelector / OA.exact), None)) is not None
        ]
        out.append((text, quotes, str(pos)))
    return [(text, quotes) for text, quotes, _ in sorted(out)]
