"""The seed article's graph: the article kept byte for byte, every fact with evidence, exact answers."""

from __future__ import annotations

import hashlib

from conftest import SEED_ARTICLE, SEED_TEXT, SEED_YAML
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD

from kg.namespaces import CFO, ID

G = ID[f"graph/{SEED_ARTICLE}"]
D = ID[f"graph/{SEED_ARTICLE}/derived"]


def q(ds, sparql: str) -> list[tuple]:
    return [
        tuple(None if v is None else v.toPython() for v in row)
        for row in ds.query(
            "PREFIX cfo: <https://w3id.org/ceasefire-kg/ontology#>\n"
            "PREFIX oa: <http://www.w3.org/ns/oa#>\nPREFIX time: <http://www.w3.org/2006/time#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            + sparql
        )
    ]


def test_seed_article_is_kept_byte_for_byte():
    digest = hashlib.sha256(SEED_TEXT.read_bytes()).hexdigest()
    assert digest == "baad89712fd9fd8cdc6c89a9679e847e1ac887804e8cb36c2aeafc99bf1b6714"


def test_article_metadata(seed_build):
    ds = seed_build.dataset
    art = ID[f"article/{SEED_ARTICLE}"]
    g = ds.graph(G)
    assert g.value(art, CFO.sha256) == Literal("baad89712fd9fd8cdc6c89a9679e847e1ac887804e8cb36c2aeafc99bf1b6714")
    assert g.value(art, URIRef("https://schema.org/publisher")) == ID["actor/tdi"]
    assert g.value(art, URIRef("https://schema.org/dateline")) == Literal("Astana")
    ref = g.value(art, CFO.referenceDate)
    assert g.value(ref, TIME.inXSDDate) == Literal("2025-03-18", datatype=XSD.date)


def test_every_quote_slices_the_article_exactly(seed_build, seed_text):
    ds = seed_build.dataset
    rows = q(
        ds,
        """SELECT ?ev ?exact ?prefix ?suffix ?start ?end WHERE {
        ?qs oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
        ?ev oa:hasSelector ?qs . ?ev oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end . }""",
    )
    assert len(rows) == 89
    for _ev, exact, prefix, suffix, start, end in rows:
        assert seed_text[start:end] == exact
        assert seed_text[max(0, start - 32) : start] == prefix
        assert seed_text[end : end + 32] == suffix


def test_every_asserted_node_has_evidence(seed_build):
    g = seed_build.dataset.graph(G)
    ours = {s for s, o in g.subject_objects(RDF.type) if str(o).startswith(str(CFO)) and o not in (CFO.Evidence,)}
    for cls in (TIME.Instant, TIME.ProperInterval, TIME.Duration):
        ours |= set(g.subjects(RDF.type, cls))
    assert len(ours) == 73 + 9 + 1 + 1  # records, instants, the pause's interval and its duration
    assert [n for n in ours if g.value(n, CFO.evidence) is None] == []


def test_every_sentence_is_cited(seed_build):
    (report,) = seed_build.articles
    assert len(report.sentences) == 18
    assert report.uncited == []


def test_the_six_point_plan(seed_build):
    rows = q(
        seed_build.dataset,
        """SELECT ?n ?label ?cat WHERE {
        ?t cfo:termOf <https://w3id.org/ceasefire-kg/id/proposal/china-brazil-plan> ;
           cfo:ordinal ?n ; rdfs:label ?label ; cfo:category/skos:notation ?cat } ORDER BY ?n""",
    )
    assert rows == [
        (1, "Non-escalation", "non-escalation"),
        (2, "Direct negotiation", "direct-negotiation"),
        (3, "An international peace conference accepted by both Russia and Ukraine", "peace-conference"),
        (4, "Humanitarian assistance", "humanitarian-assistance"),
        (5, "Exchange of prisoners of war", "prisoner-exchange"),
        (6, "No attacks on civilians", "protection-of-civilians"),
    ]


def test_positions(seed_build):
    rows = q(
        seed_build.dataset,
        """SELECT ?pos ?holder ?stance ?target WHERE {
        ?p a cfo:Position ; cfo:holder ?h ; cfo:stance/skos:notation ?stance ; cfo:target ?t .
        BIND(STRAFTER(STR(?p), "/position/") AS ?pos) BIND(STRAFTER(STR(?h), "/actor/") AS ?holder)
        BIND(REPLACE(STR(?t), "^.*/", "") AS ?target) }""",
    )
    assert sorted(rows) == sorted(
        [
            ("tokayev-welcomes-call", "tokayev", "welcomes", "trump-putin-call"),
            ("russia-agrees-energy-pause", "russia", "agrees", "energy-pause"),
            ("tokayev-keen-on-peace-formula", "tokayev", "supports", "peace-formula"),
            ("tokayev-proponent-of-plan", "tokayev", "supports", "china-brazil-plan"),
            ("china-brazil-propose-plan", "china", "proposes", "china-brazil-plan"),
            ("china-brazil-propose-plan", "brazil", "proposes", "china-brazil-plan"),
            ("tokayev-welcomes-call-outcomes", "tokayev", "welcomes", "trump-putin-call"),
            ("trump-presents-ceasefire-to-putin", "trump", "presents", "immediate-ceasefire"),
            ("putin-rejects-complete-ceasefire", "putin", "rejects", "complete-ceasefire"),
            ("putin-conditions-complete-ceasefire", "putin", "conditions", "complete-ceasefire"),
            ("putin-agrees-not-targeting-critical", "putin", "agrees", "energy-pause-no-targeting-critical"),
        ]
    )


def test_putins_condition_and_who_must_act(seed_build):
    rows = q(
        seed_build.dataset,
        """SELECT ?cond ?who ?cat WHERE {
        ?p cfo:underCondition ?c . ?c rdfs:label ?cond ; cfo:mustAct/rdfs:label ?who ;
        cfo:category/skos:notation ?cat } ORDER BY ?cat""",
    )
    assert rows == [
        (
            "Ukraine’s European allies cut off military assistance and intelligence sharing",
            "Ukraine’s European allies",
            "end-intelligence-sharing",
        ),
        (
            "Ukraine’s European allies cut off military assistance and intelligence sharing",
            "Ukraine’s European allies",
            "end-military-assistance",
        ),
    ]


def test_energy_pause_window_and_derived_end(seed_build):
    ds = seed_build.dataset
    g, d = ds.graph(G), ds.graph(D)
    interval = g.value(ID["proposal/energy-pause"], CFO.inEffect)
    begin = g.value(interval, TIME.hasBeginning)
    assert g.value(begin, TIME.inXSDDate) == Literal("2025-03-18", datatype=XSD.date)
    duration = g.value(interval, TIME.hasDuration)
    assert g.value(duration, TIME.hasXSDDuration) == Literal("P30D", datatype=XSD.duration)
    assert g.value(duration, CFO.wording) == Literal("30-day")
    # the end is computed, so it lives in the derived graph, marked with the rule that made it
    assert g.value(interval, TIME.hasEnd) is None
    end = d.value(interval, TIME.hasEnd)
    assert d.value(end, TIME.inXSDDate) == Literal("2025-04-17", datatype=XSD.date)
    assert d.value(end, CFO.derivedBy) == CFO.EndFromDuration
    assert set(d.objects(end, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))) == {begin, duration}


def test_relative_times_keep_their_wording(seed_build):
    rows = q(
        seed_build.dataset,
        """SELECT ?wording ?precision ?earliest ?latest WHERE {
        ?t cfo:wording ?wording ; cfo:precision/skos:notation ?precision .
        OPTIONAL { ?t cfo:earliest ?earliest } OPTIONAL { ?t cfo:latest ?latest }
        FILTER(?wording IN ("last year", "last September", "this Sunday", "Soon after the Trump-Putin call")) }""",
    )
    import datetime as dt

    assert sorted(set(rows)) == sorted(
        {
            ("last year", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            ("last September", "month", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
            ("this Sunday", "day", dt.date(2025, 3, 23), dt.date(2025, 3, 23)),
            ("Soon after the Trump-Putin call", "relative", dt.date(2025, 3, 18), None),
        }
    )


def test_alleged_violation(seed_build):
    rows = q(
        seed_build.dataset,
        """SELECT ?who ?term ?quote WHERE {
        ?c cfo:allegesViolationOf ?t ; cfo:claimant/rdfs:label ?who ; cfo:evidence/oa:hasSelector/oa:exact ?quote .
        ?t rdfs:label ?term }""",
    )
    assert rows == [
        (
            "Ukraine",
            "No attacks on Ukraine’s energy infrastructure for 30 days",
            "as per claims made by Ukraine, its energy infrastructure has also been targeted in fresh attacks",
        )
    ]


def test_derived_links_are_kept_apart(seed_build):
    ds = seed_build.dataset
    g, d = ds.graph(G), ds.graph(D)
    plan = ID["proposal/china-brazil-plan"]
    assert len(list(d.objects(plan, CFO.hasTerm))) == 6 and not list(g.objects(plan, CFO.hasTerm))
    assert set(d.objects(plan, CFO.proposedBy)) == {ID["actor/china"], ID["actor/brazil"]}
    assert set(d.objects(plan, CFO.proposedAt)) == {ID["event/brics-summit"]}
    assert d.value(ID["position/china-brazil-propose-plan"], RDFS.label) == Literal(
        "China and Brazil — proposes — China–Brazil six-point peace plan", lang="en"
    )


def test_same_annotation_same_iris():
    from kg.builder.article import build

    a, b = build([SEED_YAML]).dataset, build([SEED_YAML]).dataset
    assert set(a.quads()) == set(b.quads())
