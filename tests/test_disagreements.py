"""Several sources on the same proposals: each keeps its own values, and where they differ is a disagreement.

The fixture is the seed with two invented articles of tests/data/sources/ (see its README): they declare the
seed's ids again with their own quotes and state other values. Validation keeps the one-value rules within each
article (point 3 of issue #12); ``kg disagreements``, the named query ``disagreements`` and
``KnowledgeGraph.disagreements`` list where the articles differ (point 4), with the same answer on every store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEED_YAML, kg_main, ontology_graph, reused_sparql_parses, shapes_graph
from rdflib import Graph, Literal, URIRef

from kg.namespaces import ID
from kg.query.graph import KnowledgeGraph, disagreement_kinds, load
from kg.store import open_store
from kg.store.memory import MemoryStore
from kg.validate.shacl import validate_dataset, validate_sources
from kg.vocab import load_vocabulary

WIRE = DATA / "sources" / "wire-readout.yaml"
COURIER = DATA / "sources" / "courier-later.yaml"
STORES = ("memory", "default", "oxigraph")

TDI, WIRE_OUT, COURIER_OUT = ("TDI", "2025-03-18"), ("Meridian Wire", "2025-03-20"), ("Northgate Courier", "2025-04-02")
PAUSE, PLAN, CALL, COMPLETE = (
    "proposal/energy-pause",
    "proposal/china-brazil-plan",
    "event/trump-putin-call",
    ("proposal/complete-ceasefire"),
)
#: every row of `disagreements` on the seed with the two invented articles: kind, about, actor, value, other,
#: change, then the source of the value: quote, outlet, date. A row without a source is two values that disagree
#: (each pair once); a row without a value is a source that names others but not the value in `other`
PAIR = (None, None, None)
EXPECTED = [
    ("begins", PAUSE, None, "2025-03-18", None, None, ("March 18, 2025", *TDI)),
    ("begins", PAUSE, None, "2025-03-19", None, None, ("March 19, 2025", *WIRE_OUT)),
    ("condition", COMPLETE, "actor/putin", "condition/allies-cut-off-support", "condition/ukraine-halts-mobilization",
     None, PAIR),
    ("condition", COMPLETE, "actor/putin", "condition/allies-cut-off-support", None, None,
     ("only when Ukraine’s European allies cut off military assistance and intelligence sharing", *TDI)),
    ("condition", COMPLETE, "actor/putin", "condition/ukraine-halts-mobilization", None, None,
     ("only if Ukraine halts mobilization", *WIRE_OUT)),
    ("declared", PAUSE, None, "2025-03-17", None, None, ("March 17, 2025", *WIRE_OUT)),
    ("declared", PAUSE, None, "2025-03-18", None, None, ("March 18, 2025", *TDI)),
    ("duration", PAUSE, None, "P14D", None, None, ("14-day", *WIRE_OUT)),
    ("duration", PAUSE, None, "P30D", None, None, ("30-day", *TDI)),
    # the ends each source's beginning and duration give (derived: no quote)
    ("ends", PAUSE, None, "2025-04-02 (computed)", None, None, (None, *WIRE_OUT)),
    ("ends", PAUSE, None, "2025-04-17 (computed)", None, None, (None, *TDI)),
    ("label", PAUSE, None, "30-day pause on attacks on Ukraine’s energy infrastructure", None, None,
     ("the call between US President Donald Trump and Russian President Vladimir Putin, where Russia agreed to a "
      "30-day cessation of attacks on Ukraine’s energy infrastructure", *TDI)),
    ("label", PAUSE, None, "Energy and infrastructure ceasefire", None, None,
     ("the energy and infrastructure ceasefire would run from March 19, 2025 for a 14-day period", *WIRE_OUT)),
    ("proposed-at", PLAN, None, "event/beijing-meeting", "event/brics-summit", None, PAIR),
    ("proposed-at", PLAN, None, "event/beijing-meeting", None, None,
     ("first put forward by China at a Beijing meeting in May 2023", *WIRE_OUT)),
    ("proposed-at", PLAN, None, "event/brics-summit", None, None,
     ("the peace plan proposed by China and Brazil last year at the BRICS Summit", *TDI)),
    # the readout names China alone: it does not name Brazil
    ("proposed-by", PLAN, None, "actor/brazil", None, None,
     ("the peace plan proposed by China and Brazil last year at the BRICS Summit", *TDI)),
    ("proposed-by", PLAN, None, None, "actor/brazil", None, (None, *WIRE_OUT)),
    ("proposed-when", PLAN, None, "2023-05-01..2023-05-31", None, None, ("May 2023", *WIRE_OUT)),
    ("proposed-when", PLAN, None, "2024-01-01..2024-12-31", None, None, ("last year", *TDI)),
    # two earlier stances and a later one; the two earlier ones (one article gives both) do not disagree
    ("stance", COMPLETE, "actor/putin", "stance/conditions", "stance/supports", "change", PAIR),
    ("stance", COMPLETE, "actor/putin", "stance/rejects", "stance/supports", "change", PAIR),
    ("stance", COMPLETE, "actor/putin", "stance/conditions", None, None,
     ("maintained that a compete ceasefire is possible only when Ukraine’s European allies cut off military "
      "assistance and intelligence sharing", *TDI)),
    ("stance", COMPLETE, "actor/putin", "stance/conditions", None, None,
     ("Vladimir Putin said a complete ceasefire was possible only if Ukraine halts mobilization", *WIRE_OUT)),
    ("stance", COMPLETE, "actor/putin", "stance/rejects", None, None,
     ("the Russian President did not agree to a comprehensive ceasefire", *TDI)),
    ("stance", COMPLETE, "actor/putin", "stance/supports", None, None,
     ("Vladimir Putin said that he now supports a complete ceasefire", *COURIER_OUT)),
    # the same call, as each article dates it (17 March in the readout): a contradiction, not a change
    ("stance", PAUSE, "actor/russia", "stance/rejects", "stance/agrees", "contradiction", PAIR),
    ("stance", PAUSE, "actor/russia", "stance/agrees", None, None,
     ("where Russia agreed to a 30-day cessation of attacks on Ukraine’s energy infrastructure", *TDI)),
    ("stance", PAUSE, "actor/russia", "stance/rejects", None, None, ("Russia rejected the energy pause", *WIRE_OUT)),
    ("term-missing", PLAN, None, "3. An international peace conference accepted by both Russia and Ukraine", None,
     None, ("an international peace conference accepted by both Russia and Ukraine", *TDI)),
    ("term-missing", PLAN, None, "4. Ceasefire in place", None, None, ("a ceasefire in place fourth", *WIRE_OUT)),
    ("term-missing", PLAN, None, "4. Humanitarian assistance", None, None, ("humanitarian assistance", *TDI)),
    ("term-missing", PLAN, None, "6. No attacks on civilians", None, None, ("no attacks on civilians", *TDI)),
    ("term-missing", PLAN, None, None, "3. An international peace conference accepted by both Russia and Ukraine",
     None, (None, *WIRE_OUT)),
    ("term-missing", PLAN, None, None, "4. Ceasefire in place", None, (None, *TDI)),
    ("term-missing", PLAN, None, None, "4. Humanitarian assistance", None, (None, *WIRE_OUT)),
    ("term-missing", PLAN, None, None, "6. No attacks on civilians", None, (None, *WIRE_OUT)),
    ("term-ordinal", PLAN, None, "1. Direct negotiation", "2. Direct negotiation", None, PAIR),
    ("term-ordinal", PLAN, None, "1. Non-escalation", "2. Non-escalation", None, PAIR),
    # paired by their category (prisoner-exchange), not by their records or words
    ("term-ordinal", PLAN, None, "3. Prisoner swaps", "5. Exchange of prisoners of war", None, PAIR),
    ("term-ordinal", PLAN, None, "1. Direct negotiation", None, None, ("direct negotiation first", *WIRE_OUT)),
    ("term-ordinal", PLAN, None, "1. Non-escalation", None, None, ("six points; non-escalation", *TDI)),
    ("term-ordinal", PLAN, None, "2. Direct negotiation", None, None, ("direct negotiation", *TDI)),
    ("term-ordinal", PLAN, None, "2. Non-escalation", None, None, ("non-escalation second", *WIRE_OUT)),
    ("term-ordinal", PLAN, None, "3. Prisoner swaps", None, None, ("prisoner swaps third", *WIRE_OUT)),
    ("term-ordinal", PLAN, None, "5. Exchange of prisoners of war", None, None, ("exchange of prisoners of war", *TDI)),
    ("term-wording", PLAN, None, "Exchange of prisoners of war", "Prisoner swaps", None, PAIR),
    ("term-wording", PLAN, None, "Exchange of prisoners of war", None, None, ("exchange of prisoners of war", *TDI)),
    ("term-wording", PLAN, None, "Prisoner swaps", None, None, ("prisoner swaps third", *WIRE_OUT)),
    ("time", CALL, None, "2025-03-17", None, None, ("March 17, 2025", *WIRE_OUT)),
    ("time", CALL, None, "2025-03-18", None, None, ("March 18, 2025", *TDI)),
]  # fmt: skip


def _short(v):
    if v is None:
        return None
    if isinstance(v, URIRef):
        text = str(v)
        for base in (str(ID), "https://w3id.org/ceasefire-kg/"):
            if text.startswith(base):
                return text[len(base) :]
        return text
    return str(v)


def _rows(result_rows) -> list[tuple]:
    return [
        (
            _short(r.kind), _short(r.about), _short(r.actor), _short(r.value), _short(r.other), _short(r.change),
            (_short(r.quote), _short(r.source), _short(r.date)),
        )
        for r in result_rows
    ]  # fmt: skip


@pytest.fixture(scope="module")
def sources_out(tmp_path_factory) -> Path:
    from kg.builder.pipeline import build_to

    out = tmp_path_factory.mktemp("sources") / "out"
    build_to([SEED_YAML, WIRE, COURIER], out, progress=None, jobs=1)
    return out


@pytest.fixture(scope="module")
def graphs(sources_out, tmp_path_factory) -> dict[str, KnowledgeGraph]:
    ox = tmp_path_factory.mktemp("sources-ox") / "oxigraph"
    return {
        # rdflib takes seconds for this query (about 3 s alone on two cores): no time limit, so that a busy
        # machine does not fail the test (the limit has tests of its own: tests/test_query_limits.py)
        "memory": KnowledgeGraph(MemoryStore.from_out(sources_out), timeout=None),
        "default": load(sources_out),
        "oxigraph": KnowledgeGraph(open_store(sources_out, "oxigraph:" + str(ox))),
    }


# -- point 3: each source keeps its own values -----------------------------------------------------------------
def test_the_invented_articles_say_so():
    for path in (WIRE, COURIER):
        assert path.read_text(encoding="utf-8").startswith("# INVENTED")
        assert path.with_suffix(".txt").read_text(encoding="utf-8").startswith("INVENTED TEXT")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_two_sources_may_give_one_node_different_values(engine):
    """The corpus conforms: a time with two wordings, a term with two ordinals... one in each article."""
    from kg.builder.article import build

    ds = build([SEED_YAML, WIRE, COURIER]).dataset
    with reused_sparql_parses():
        report = validate_dataset(ds, shapes_graph(), engine=engine)
    assert report.conforms, report.format()


TIME = """
@prefix cfo: <https://w3id.org/ceasefire-kg/ontology#> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix precision: <https://w3id.org/ceasefire-kg/precision/> .
<https://w3id.org/ceasefire-kg/id/time/call/hasTime> a time:Instant ; cfo:derivedBy cfo:EndFromDuration ;
    cfo:precision precision:day ; cfo:wording "{wording}" ;
    cfo:earliest "{day}"^^xsd:date ; cfo:latest "{day}"^^xsd:date ; time:inXSDDate "{day}"^^xsd:date .
"""


def _time(wording: str, day: str) -> Graph:
    return Graph().parse(data=TIME.replace("{wording}", wording).replace("{day}", day), format="turtle")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_within_one_source_the_one_value_rules_stand(engine):
    one, other = _time("March 18, 2025", "2025-03-18"), _time("on Tuesday", "2025-03-17")
    apart = validate_sources({URIRef("urn:a"): one, URIRef("urn:b"): other}, ontology_graph(), shapes_graph(), engine)
    assert apart.conforms, apart.format()
    together = validate_sources({URIRef("urn:a"): one + other}, ontology_graph(), shapes_graph(), engine)
    found = {(v.path, v.message.split(",")[0]) for v in together.violations}
    assert found == {
        ("cfo:wording", "A time has at most one wording"),
        ("cfo:earliest", "A time has at most one earliest day"),  # two values, and 18 March is after 17 March
        ("cfo:latest", "A time has at most one latest day"),
        ("time:inXSDDate", "A time has at most one date (time:inXSDDate)"),
    }


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_references_are_checked_across_sources(engine):
    """A class constraint sees the types of the whole corpus; a missing value is still missing."""
    a = Graph().parse(
        data="""@prefix cfo: <https://w3id.org/ceasefire-kg/ontology#> .
        <urn:t> a cfo:Term ; cfo:derivedBy cfo:InverseLinks ; <http://www.w3.org/2000/01/rdf-schema#label> "t" ;
            cfo:termOf <urn:p> .""",
        format="turtle",
    )
    b = Graph().parse(
        data="""@prefix cfo: <https://w3id.org/ceasefire-kg/ontology#> .
        <urn:p> a cfo:Proposal ; cfo:derivedBy cfo:InverseLinks .""",
        format="turtle",
    )
    report = validate_sources({URIRef("urn:a"): a, URIRef("urn:b"): b}, ontology_graph(), shapes_graph(), engine)
    # the term's proposal is a proposal (in the other source); the proposal has no label in either
    assert {(v.node, v.path) for v in report.violations} == {("<urn:p>", "rdfs:label")}


# -- point 4: disagreements -----------------------------------------------------------------------------------
def test_the_kinds_come_from_the_ontology():
    scheme = load_vocabulary().concepts("disagreement")
    assert list(disagreement_kinds()) == sorted(scheme)
    assert {row[0] for row in EXPECTED} == set(scheme)  # the fixture shows every kind


@pytest.mark.parametrize("store", STORES)
def test_every_disagreement_of_the_fixture(graphs, store):
    assert _rows(graphs[store].run("disagreements")) == EXPECTED


@pytest.mark.parametrize("store", STORES)
def test_disagreements_of_one_proposal_and_kind(graphs, store):
    g = graphs[store]
    assert _rows(g.run("disagreements", proposal="energy pause")) == [r for r in EXPECTED if r[1] == PAUSE]
    assert _rows(g.run("disagreements", kind="stance")) == [r for r in EXPECTED if r[0] == "stance"]
    both = g.run("disagreements", proposal="six-point plan", kind="term-ordinal")
    assert _rows(both) == [r for r in EXPECTED if r[0] == "term-ordinal"]


def test_the_dataframe(graphs):
    df = graphs["default"].disagreements(kind="duration")
    assert list(df.columns) == [
        "kind", "about", "actor", "value", "other", "change", "quote", "source", "date", "article",
    ]  # fmt: skip
    assert [(r.kind, r.about, r.value, r.quote, r.source, str(r.date)) for r in df.itertuples()] == [
        ("duration", "30-day pause on attacks on Ukraine’s energy infrastructure", "P14D", "14-day", "Meridian Wire",
         "2025-03-20"),
        ("duration", "30-day pause on attacks on Ukraine’s energy infrastructure", "P30D", "30-day", "TDI",
         "2025-03-18"),
    ]  # fmt: skip
    assert len(graphs["memory"].disagreements()) == len(EXPECTED)
    with pytest.raises(Exception, match="unknown kind of disagreement 'stanse'"):
        graphs["memory"].disagreements(kind="stanse")


@pytest.mark.parametrize("store", STORES)
def test_one_source_does_not_disagree_with_itself(seed_out, store, tmp_path):
    g = {
        "memory": lambda: KnowledgeGraph(MemoryStore.from_out(seed_out)),
        "default": lambda: load(seed_out),
        "oxigraph": lambda: KnowledgeGraph(open_store(seed_out, "oxigraph:" + str(tmp_path / "ox"))),
    }[store]()
    assert g.run("disagreements") == []
    assert g.disagreements().empty


def test_the_command(sources_out):
    done = kg_main("disagreements", "--from", sources_out, "--proposal", "energy pause", "--kind", "stance")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "1 disagreement:",
        "stance: 30-day pause on attacks on Ukraine’s energy infrastructure (Russia)",
        "  agrees to:",
        "    TDI, 2025-03-18  “where Russia agreed to a 30-day cessation of attacks on Ukraine’s energy infrastructure”",
        "  rejects:",
        "    Meridian Wire, 2025-03-20  “Russia rejected the energy pause”",
        "  rejects / agrees to: a contradiction",
    ]
    done = kg_main("disagreements", "--from", sources_out, "--kind", "proposed-by")
    assert done.stdout.splitlines()[2:] == [
        "  Brazil:",
        "    TDI, 2025-03-18  “the peace plan proposed by China and Brazil last year at the BRICS Summit”",
        "  not Brazil:",
        "    Meridian Wire, 2025-03-20",
    ]
    done = kg_main("disagreements", "--from", sources_out, "--proposal", "complete ceasefire", "--kind", "stance")
    assert done.stdout.splitlines()[-2:] == [
        "  accepts only on condition → supports: a change over time",
        "  rejects → supports: a change over time",
    ]


def test_the_command_refuses_an_unknown_kind(sources_out):
    done = kg_main("disagreements", "--from", sources_out, "--kind", "stanse")
    assert done.returncode == 2
    assert "unknown kind of disagreement 'stanse'" in done.stderr
    assert "use one of: begins, condition, declared" in done.stderr


def test_the_command_on_the_seed_alone(seed_out):
    done = kg_main("disagreements", "--from", seed_out)
    assert (done.returncode, done.stdout) == (0, "No disagreement between sources in the graph.\n")


def test_values_are_literals_or_nodes(graphs):
    """A value is text (a label, a day, a duration, a numbered term) or a node (an actor, event, stance, condition)."""
    for row in graphs["memory"].run("disagreements"):
        for v in (row.value, row.other):
            assert v is None or isinstance(v, Literal | URIRef)


def test_the_query_is_what_its_script_writes():
    """The build's query (ontology/derivations/disagreements.rq) repeats blocks that SPARQL cannot name:
    tools/disagreements_query.py writes it, and the two never drift apart."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    written = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "disagreements_query.py")], capture_output=True, text=True, check=True
    ).stdout
    assert written == (ROOT / "ontology" / "derivations" / "disagreements.rq").read_text(encoding="utf-8"), (
        "edit tools/disagreements_query.py, then: python tools/disagreements_query.py > "
        "ontology/derivations/disagreements.rq"
    )


# -- computed once, by the build ------------------------------------------------------------------------------
def test_the_build_writes_the_disagreements_as_data(graphs):
    """The build compares the sources once and writes what it finds in cfid:graph/disagreements (the classes of
    ontology/ceasefire.ttl, each node derived by cfo:SourceComparison): the named query is a lookup of it."""
    g = graphs["oxigraph"]
    kinds = g.query(
        """SELECT ?kind (COUNT(?d) AS ?n) WHERE { GRAPH <https://w3id.org/ceasefire-kg/id/graph/disagreements> {
             ?d a cfo:Disagreement ; cfo:disagreementKind ?k ; cfo:derivedBy cfo:SourceComparison } ?k skos:notation ?kind }
           GROUP BY ?kind ORDER BY ?kind"""
    )
    from collections import Counter

    expected = Counter(kind for kind, _about, _actor in {r[:3] for r in EXPECTED})
    assert {str(r.kind): int(r.n) for r in kinds} == expected
    # every source's value says which article gives it; its quote is the evidence of the article's statement
    unsourced = "ASK { ?v a cfo:SourceValue FILTER NOT EXISTS { ?v prov:hadPrimarySource/a schema:NewsArticle } }"
    assert g.ask(unsourced) is False


def test_one_article_has_no_comparison_graph(seed_out):
    assert not load(seed_out).ask("ASK { GRAPH <https://w3id.org/ceasefire-kg/id/graph/disagreements> { ?s ?p ?o } }")


def test_a_graph_built_before_the_comparison_says_to_build_again():
    """Several articles without the comparison the build writes (a graph built by an earlier kg): not a silent
    'no disagreement', but what to do."""
    from kg.builder.article import build
    from kg.builder.disagreements import DISAGREEMENTS_GRAPH
    from kg.errors import InputError

    result = build([SEED_YAML, WIRE, COURIER])
    assert DISAGREEMENTS_GRAPH in result.graphs
    del result.graphs[DISAGREEMENTS_GRAPH]
    old = KnowledgeGraph.from_dataset(result.dataset)
    with pytest.raises(InputError, match="built by an earlier version of kg") as raised:
        old.run("disagreements")
    assert raised.value.hint == "run `kg build` again (the same annotation files), then ask again"
    assert old.run("positions")  # the other questions still answer


def test_the_comparison_counts_as_derived(sources_out):
    """The statements of cfid:graph/disagreements are what the build computed, not what the articles assert."""
    import json

    stats = json.loads((sources_out / "build-report.json").read_text(encoding="utf-8"))["stats"]["statements"]
    g = load(sources_out)

    def count(where: str) -> int:
        return int(g.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {where} }}")[0].n)

    articles = "?g prov:wasDerivedFrom ?a . ?a a schema:NewsArticle"
    compared = count("FILTER(?g = <https://w3id.org/ceasefire-kg/id/graph/disagreements>)")
    assert compared > 0
    assert stats["asserted"] == count(articles)
    assert stats["derived"] == count("FILTER(STRENDS(STR(?g), '/derived'))") + compared
