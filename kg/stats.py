"""Counts and summaries of a built dataset: what is in it, the proposals and their terms, the positions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SDO

from kg.namespaces import CFO, ID, OA, ONTOLOGY_IRI
from kg.vocab import Vocabulary, load_vocabulary


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
    uncited: list[dict] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.cited_sentences / self.sentences if self.sentences else 1.0

    def as_dict(self) -> dict:
        return {"articles": self.articles, "statements": self.statements, "by_kind": self.by_kind,
                "by_class": self.by_class, "evidence_spans": self.evidence_spans,
                "sentences": self.sentences, "cited_sentences": self.cited_sentences,
                "coverage": round(self.coverage, 4), "uncited": self.uncited}

    def format(self) -> str:
        lines = [f"articles: {self.articles}",
                 "statements: " + ", ".join(f"{k} {v}" for k, v in self.statements.items()),
                 f"evidence spans: {self.evidence_spans}",
                 f"coverage: {self.cited_sentences} of {self.sentences} sentences cited "
                 f"({self.coverage:.0%})"]
        for u in self.uncited:
            lines.append(f"  uncited: {u['article']} sentence {u['ordinal']}: {u['text']}")
        lines.append("nodes by kind:")
        lines += [f"  {k:<16} {v:>4}" for k, v in self.by_kind.items()]
        lines.append("nodes by class:")
        lines += [f"  {k:<16} {v:>4}" for k, v in self.by_class.items()]
        return "\n".join(lines)


def _kinds(v: Vocabulary) -> dict[URIRef, URIRef]:
    """Each of our classes -> the section base class it falls under (Actor, Proposal, ...)."""
    result = {}
    for base in v.sections.values():
        for c in v.classes_under(base):
            result[c] = base
    return result


def compute_stats(ds: Dataset, vocab: Vocabulary | None = None) -> Stats:
    """Count the dataset's nodes by class and kind, its statements, evidence and sentence coverage."""
    v = vocab or load_vocabulary()
    onto = URIRef(ONTOLOGY_IRI)
    statements = Counter()
    for g in ds.graphs():
        if g.identifier == onto:
            statements["ontology"] += len(g)
        elif str(g.identifier).endswith("/derived"):
            statements["derived"] += len(g)
        elif str(g.identifier).startswith(str(ID)):
            statements["asserted"] += len(g)
    data = [g for g in ds.graphs() if g.identifier != onto]
    asserted = [g for g in data if not str(g.identifier).endswith("/derived")]
    kinds = _kinds(v)
    by_class, by_kind = Counter(), Counter()
    typed: set[tuple] = set()
    for g in asserted:  # the classes the annotations gave, not the superclasses the builder added
        for s, o in g.subject_objects(RDF.type):
            if o in kinds and (s, o) not in typed:
                typed.add((s, o))
                by_class[v.label(o)] += 1
                by_kind[v.label(kinds[o])] += 1
    evidence = {s for g in data for s in g.subjects(RDF.type, CFO.Evidence)}
    articles = {s for g in data for s in g.subjects(RDF.type, SDO.NewsArticle)}
    sentences = {s for g in data for s in g.subjects(RDF.type, CFO.Sentence)}
    cited = {o for g in data for o in g.objects(None, CFO.inSentence)}
    uncited = []
    for s in sorted(sentences - cited):
        g = next(g for g in data if (s, RDF.type, CFO.Sentence) in g)
        art = g.value(s, OA.hasSource)
        uncited.append({"article": str(art).rsplit("/", 1)[-1], "ordinal": int(g.value(s, CFO.ordinal)),
                        "text": str(g.value(s, SDO.text))})
    uncited.sort(key=lambda u: (u["article"], u["ordinal"]))
    return Stats(by_class=dict(sorted(by_class.items())), by_kind=dict(sorted(by_kind.items())),
                 statements=dict(statements), articles=len(articles), evidence_spans=len(evidence),
                 sentences=len(sentences), cited_sentences=len(sentences & cited), uncited=uncited)


def summary(ds: Dataset, vocab: Vocabulary | None = None) -> str:
    """A short text summary: counts by kind, the proposals with their terms, and the positions."""
    v = vocab or load_vocabulary()
    st = compute_stats(ds, v)
    g = ds  # a Dataset answers triple patterns over all its graphs
    label = lambda n: str(next(g.objects(n, RDFS.label), n))  # noqa: E731
    lines = [f"{st.articles} article(s), {st.statements.get('asserted', 0)} asserted and "
             f"{st.statements.get('derived', 0)} derived statements, {st.evidence_spans} evidence spans, "
             f"{st.cited_sentences}/{st.sentences} sentences cited",
             "  " + ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in st.by_kind.items()),
             "", "Proposals and their terms:"]
    kinds = _kinds(v)
    proposals = sorted(set(g.subjects(RDF.type, CFO.Proposal)), key=label)
    for p in proposals:
        types = set(g.objects(p, RDF.type))
        cls = ", ".join(sorted(v.label(o) for o in types if o in kinds and o != CFO.Proposal) or ["proposal"])
        lines.append(f"  {label(p)} ({cls})")
        terms = sorted(set(g.subjects(CFO.termOf, p)), key=lambda t: int(next(g.objects(t, CFO.ordinal), 0)))
        for t in terms:
            lines.append(f"    {next(g.objects(t, CFO.ordinal), '-')}. {label(t)}")
    lines += ["", "Positions:"]
    positions = sorted(set(g.subjects(RDF.type, CFO.Position)), key=label)
    for pos in positions:
        holders = " and ".join(sorted(label(h) for h in g.objects(pos, CFO.holder)))
        stance = next(g.objects(pos, CFO.stance), None)
        target = next(g.objects(pos, CFO.target), None)
        cond = next(g.objects(pos, CFO.underCondition), None)
        text = f"  {holders} —{v.concept_label(stance) if stance else '?'}→ {label(target) if target else '?'}"
        if cond is not None:
            text += f" (if: {label(cond)})"
        lines.append(text)
        for ev in sorted(g.objects(pos, CFO.evidence)):
            exact = next(g.objects(ev, OA.hasSelector / OA.exact), None)
            if exact is not None:
                lines.append(f"      “{exact}”")
    return "\n".join(lines)
