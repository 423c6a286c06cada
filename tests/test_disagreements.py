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
#: every row of `disagreements` on the seed with the two invented articles: kind, about, actor, then each side's
#: (value, quote, source, date), then change; the earlier side first
EXPECTED = [
    (
        "begins",
        PAUSE,
        None,
        ("March 18, 2025 (2025-03-18)", "March 18, 2025", *TDI),
        ("March 19, 2025 (2025-03-19)", "March 19, 2025", *WIRE_OUT),
        None,
    ),
    (
        "condition",
        COMPLETE,
        "actor/putin",
        (
            "condition/allies-cut-off-support",
            "only when Ukraine’s European allies cut off military assistance and intelligence sharing",
            *TDI,
        ),
        ("condition/ukraine-halts-mobilization", "only if Ukraine halts mobilization", *WIRE_OUT),
        None,
    ),
    (
        "declared",
        PAUSE,
        None,
        ("March 18, 2025 (2025-03-18)", "March 18, 2025", *TDI),
        ("March 17, 2025 (2025-03-17)", "March 17, 2025", *WIRE_OUT),
        None,
    ),
    ("duration", PAUSE, None, ("30-day (P30D)", "30-day", *TDI), ("14-day (P14D)", "14-day", *WIRE_OUT), None),
    (
        "ends",
        PAUSE,
        None,
        ("end of the 30-day period (2025-04-17)", None, *TDI),
        ("end of the 14-day period (2025-04-02)", None, *WIRE_OUT),
        None,
    ),
    (
        "label",
        PAUSE,
        None,
        (
            "30-day pause on attacks on Ukraine’s energy infrastructure",
            "the call between US President Donald Trump and Russian President Vladimir Putin, where Russia agreed to a "
            "30-day cessation of attacks on Ukraine’s energy infrastructure",
            *TDI,
        ),
        (
            "Energy and infrastructure ceasefire",
            "the energy and infrastructure ceasefire would run from March 19, 2025 for a 14-day period",
            *WIRE_OUT,
        ),
        None,
    ),
    (
        "proposed-at",
        PLAN,
        None,
        ("event/brics-summit", "the peace plan proposed by China and Brazil last year at the BRICS Summit", *TDI),
        ("event/beijing-meeting", "first put forward by China at a Beijing meeting in May 2023", *WIRE_OUT),
        None,
    ),
    (
        "proposed-by",
        PLAN,
        None,
        ("actor/brazil", "the peace plan proposed by China and Brazil last year at the BRICS Summit", *TDI),
        (None, None, *WIRE_OUT),
        None,
    ),
    (
        "proposed-when",
        PLAN,
        None,
        ("last year (2024-01-01..2024-12-31)", "last year", *TDI),
        ("May 2023 (2023-05-01..2023-05-31)", "May 2023", *WIRE_OUT),
        None,
    ),
    (
        "stance",
        COMPLETE,
        "actor/putin",
        (
            "stance/conditions",
            "maintained that a compete ceasefire is possible only when Ukraine’s European allies cut off military "
            "assistance and intelligence sharing",
            *TDI,
        ),
        ("stance/supports", "Vladimir Putin said that he now supports a complete ceasefire", *COURIER_OUT),
        "change",
    ),
    (
        "stance",
        COMPLETE,
        "actor/putin",
        (
            "stance/conditions",
            "Vladimir Putin said a complete ceasefire was possible only if Ukraine halts mobilization",
            *WIRE_OUT,
        ),
        ("stance/supports", "Vladimir Putin said that he now supports a complete ceasefire", *COURIER_OUT),
        "change",
    ),
    (
        "stance",
        COMPLETE,
        "actor/putin",
        ("stance/rejects", "the Russian President did not agree to a comprehensive ceasefire", *TDI),
        ("stance/supports", "Vladimir Putin said that he now supports a complete ceasefire", *COURIER_OUT),
        "change",
    ),
    # the same call, as each article dates it (17 March in the readout): a contradiction, not a change
    (
        "stance",
        PAUSE,
        "actor/russia",
        ("stance/rejects", "Russia rejected the energy pause", *WIRE_OUT),
        (
            "stance/agrees",
            "where Russia agreed to a 30-day cessation of attacks on Ukraine’s energy infrastructure",
            *TDI,
        ),
        "contradiction",
    ),
    (
        "term-missing",
        PLAN,
        None,
        (None, None, *TDI),
        ("4. Ceasefire in place", "a ceasefire in place fourth", *WIRE_OUT),
        None,
    ),
    (
        "term-missing",
        PLAN,
        None,
        (
            "3. An international peace conference accepted by both Russia and Ukraine",
            "an international peace conference accepted by both Russia and Ukraine",
            *TDI,
        ),
        (None, None, *WIRE_OUT),
        None,
    ),
    (
        "term-missing",
        PLAN,
        None,
        ("4. Humanitarian assistance", "humanitarian assistance", *TDI),
        (None, None, *WIRE_OUT),
        None,
    ),
    (
        "term-missing",
        PLAN,
        None,
        ("6. No attacks on civilians", "no attacks on civilians", *TDI),
        (None, None, *WIRE_OUT),
        None,
    ),
    (
        "term-ordinal",
        PLAN,
        None,
        ("1. Non-escalation", "six points; non-escalation", *TDI),
        ("2. Non-escalation", "non-escalation second", *WIRE_OUT),
        None,
    ),
    (
        "term-ordinal",
        PLAN,
        None,
        ("2. Direct negotiation", "direct negotiation", *TDI),
        ("1. Direct negotiation", "direct negotiation first", *WIRE_OUT),
        None,
    ),
    # paired by their category (prisoner-exchange), not by their records or words
    (
        "term-ordinal",
        PLAN,
        None,
        ("5. Exchange of prisoners of war", "exchange of prisoners of war", *TDI),
        ("3. Prisoner swaps", "prisoner swaps third", *WIRE_OUT),
        None,
    ),
    (
        "term-wording",
        PLAN,
        None,
        ("Exchange of prisoners of war", "exchange of prisoners of war", *TDI),
        ("Prisoner swaps", "prisoner swaps third", *WIRE_OUT),
        None,
    ),
    (
        "time",
        CALL,
        None,
        ("March 18, 2025 (2025-03-18)", "March 18, 2025", *TDI),
        ("March 17, 2025 (2025-03-17)", "March 17, 2025", *WIRE_OUT),
        None,
    ),
]


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
    out = []
    for r in result_rows:
        a = (_short(r.value_a), _short(r.quote_a), _short(r.source_a), _short(r.date_a))
        b = (_short(r.value_b), _short(r.quote_b), _short(r.source_b), _short(r.date_b))
        out.append((_short(r.kind), _short(r.about), _short(r.actor), a, b, _short(r.change)))
    return out


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
        "kind", "about", "actor", "value_a", "quote_a", "source_a", "date_a",
        "value_b", "quote_b", "source_b", "date_b", "change", "article_a", "article_b",
    ]  # fmt: skip
    row = df.iloc[0]
    assert (row.kind, row.about, row.value_a, row.source_a, row.value_b, row.source_b) == (
        "duration", "30-day pause on attacks on Ukraine’s energy infrastructure", "30-day (P30D)", "TDI",
        "14-day (P14D)", "Meridian Wire",
    )  # fmt: skip
    assert len(df) == 1 and str(row.date_a) == "2025-03-18" and str(row.date_b) == "2025-03-20"
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
        "stance: 30-day pause on attacks on Ukraine’s energy infrastructure (Russia) — a contradiction",
        "  Meridian Wire, 2025-03-20: rejects  “Russia rejected the energy pause”",
        "  TDI, 2025-03-18: agrees to  “where Russia agreed to a 30-day cessation of attacks on Ukraine’s energy "
        "infrastructure”",
    ]
    done = kg_main("disagreements", "--from", sources_out, "--kind", "proposed-by")
    assert done.stdout.splitlines()[2:] == [
        "  TDI, 2025-03-18: Brazil  “the peace plan proposed by China and Brazil last year at the BRICS Summit”",
        "  Meridian Wire, 2025-03-20: (not in this source)",
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
    """A value is text (a label, a time, a numbered term) or a node (an actor, event, stance, condition)."""
    for row in graphs["memory"].run("disagreements"):
        for v in (row.value_a, row.value_b):
            assert v is None or isinstance(v, Literal | URIRef)
