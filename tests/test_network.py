"""The NetworkX projection, path queries, neighbourhoods and exports, on the seed graph, asserted exactly."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest
from conftest import kg_main, run_kg

from kg.namespaces import CFO
from kg.network.projection import position_triples

ID = "https://w3id.org/ceasefire-kg/id/"


@pytest.fixture(scope="module")
def g(seed_graph):
    return seed_graph


@pytest.fixture(scope="module")
def G(g):
    return g.to_networkx()


def test_nodes_are_the_things_people_talk_about(G):
    assert Counter(d["kind"] for _, d in G.nodes(data=True)) == {
        "actor": 16,
        "event": 11,
        "term": 9,
        "place": 7,
        "proposal": 7,
        "claim": 6,
        "office": 5,
        "condition": 2,
    }
    assert all(n.startswith(ID) for n in G)  # literals are attributes, never nodes
    assert G.number_of_edges() == 89
    assert G.graph["source"] == "TDI (Astana): Tokayev welcomes the Trump–Putin call and the 30-day energy pause"


def test_node_attributes(G):
    pause = G.nodes[ID + "proposal/energy-pause"]
    assert pause["label"] == "30-day pause on attacks on Ukraine’s energy infrastructure"
    assert (pause["kind"], pause["cls"], pause["extent"], pause["form"]) == (
        "proposal",
        "ceasefire",
        "partial",
        "verbal",
    )
    assert (pause["in_effect_begins_earliest"], pause["in_effect_ends_earliest"], pause["duration"]) == (
        "2025-03-18",
        "2025-04-17",
        "30-day",
    )
    assert pause["in_effect_ends_derived"] is True
    term = G.nodes[ID + "term/plan-prisoner-exchange"]
    assert (term["ordinal"], term["category"], term["quote"]) == (
        5,
        "exchange of prisoners of war",
        "exchange of prisoners of war",
    )
    putin = G.nodes[ID + "actor/putin"]
    assert (putin["label"], putin["cls"], putin["handle"], putin["aliases"]) == (
        "Vladimir Putin",
        "person",
        "@KremlinRussia_E",
        "Putin; Russian President",
    )


def test_positions_are_stance_edges_with_evidence(G):
    stances = sorted(
        (u.rsplit("/", 1)[-1], d["stance"], v.rsplit("/", 1)[-1], d["polarity"])
        for u, v, d in G.edges(data=True)
        if "stance" in d
    )
    assert stances == [
        ("brazil", "proposes", "china-brazil-plan", "favourable"),
        ("china", "proposes", "china-brazil-plan", "favourable"),
        ("putin", "accepts only on condition", "complete-ceasefire", "conditional"),
        ("putin", "agrees to", "energy-pause-no-targeting-critical", "favourable"),
        ("putin", "rejects", "complete-ceasefire", "unfavourable"),
        ("russia", "agrees to", "energy-pause", "favourable"),
        ("tokayev", "supports", "china-brazil-plan", "favourable"),
        ("tokayev", "supports", "peace-formula", "favourable"),
        ("tokayev", "welcomes", "trump-putin-call", "favourable"),
        ("tokayev", "welcomes", "trump-putin-call", "favourable"),
        ("trump", "presents", "immediate-ceasefire", "neutral"),
    ]
    rejects = G.get_edge_data(ID + "actor/putin", ID + "proposal/complete-ceasefire")[
        "putin-rejects-complete-ceasefire"
    ]
    assert rejects["quote"] == "the Russian President did not agree to a comprehensive ceasefire"
    assert rejects["source"] == ID + "article/tdi-2025-03-tokayev-welcomes-trump-putin-call"
    conditions = G.get_edge_data(ID + "actor/putin", ID + "proposal/complete-ceasefire")[
        "putin-conditions-complete-ceasefire"
    ]
    assert conditions["condition"] == "Ukraine’s European allies cut off military assistance and intelligence sharing"


def test_nothing_of_the_positions_is_lost(G, seed_build):
    ds = seed_build.dataset
    rdf = {(str(s), str(p), str(o)) for p in (CFO.holder, CFO.stance, CFO.target) for s, o in ds.subject_objects(p)}
    assert position_triples(G) == rdf


def test_other_edges_have_readable_labels(G):
    data = G.get_edge_data(ID + "event/trump-putin-call", ID + "actor/putin")
    assert data == {
        "participant": {
            "label": "participant",
            "predicate": str(CFO.participant),
            "source": ID + "article/tdi-2025-03-tokayev-welcomes-trump-putin-call",
            "outlet": "TDI",
        }
    }
    assert G.get_edge_data(ID + "actor/tokayev", ID + "office/president-of-kazakhstan")["holds"]["label"] == "holds"


def test_options(g):
    with_positions = g.to_networkx(positions_as_nodes=True)
    assert Counter(d["kind"] for _, d in with_positions.nodes(data=True))["position"] == 10
    assert not any("stance" in d for _, _, d in with_positions.edges(data=True))
    assert with_positions.has_edge(ID + "position/putin-rejects-complete-ceasefire", ID + "actor/putin")
    prov = g.to_networkx(provenance=True)
    article = ID + "article/tdi-2025-03-tokayev-welcomes-trump-putin-call"
    assert prov.nodes[article]["kind"] == "article" and prov.in_degree(article) == 63
    onto = g.to_networkx(ontology=True)
    assert onto.has_edge(
        ID + "term/plan-prisoner-exchange", "https://w3id.org/ceasefire-kg/term-category/prisoner-exchange"
    )
    actors = g.to_networkx(kinds={"actor", "proposal"})
    assert {d["kind"] for _, d in actors.nodes(data=True)} == {"actor", "proposal"}
    assert actors.number_of_nodes() == 23
    only_stances = g.to_networkx(construct="CONSTRUCT { ?p cfo:holder ?h } WHERE { ?p cfo:holder ?h }")
    assert only_stances.number_of_edges() == 11 and all("stance" in d for _, _, d in only_stances.edges(data=True))


def test_tokayev_to_putin_hop_by_hop(g):
    hops = g.path("Tokayev", "Putin")
    assert [(h.subject_label, h.relation, h.object_label, h.quote) for h in hops] == [
        (
            "Qasym-Jomart Toqayev",
            "welcomes",
            "Trump–Putin phone call",
            "Qasym-Jomart Toqayev, has welcomed the call between US President Donald Trump and Russian President Vladimir Putin",
        ),
        (
            "Trump–Putin phone call",
            "participant",
            "Vladimir Putin",
            "the call between US President Donald Trump and Russian President Vladimir Putin, where Russia agreed to a 30-day cessation",
        ),
    ]


def test_all_paths_and_undirected(g):
    paths = g.path("Tokayev", "Russia", all=True, max_hops=4)
    assert [[h.sentence() for h in p] for p in paths] == [
        [
            "Qasym-Jomart Toqayev —welcomes→ Trump–Putin phone call",
            "Trump–Putin phone call —bears on→ Indirect negotiations between Russia and Ukraine",
            "Indirect negotiations between Russia and Ukraine —participant→ Russia",
        ],
        [
            "Qasym-Jomart Toqayev —welcomes→ Trump–Putin phone call",
            "Trump–Putin phone call —participant→ Vladimir Putin",
            "Vladimir Putin —holds→ President of Russia",
            "President of Russia —post in→ Russia",
        ],
    ]
    assert [len(p) for p in g.path("Tokayev", "Russia", all=True, max_hops=3)] == [3]
    assert len(g.path("Zelenskyy", "Putin", undirected=True)) == 5
    from kg.network.paths import NoPath

    with pytest.raises(NoPath, match="no directed path from Volodymyr Zelenskyy to Vladimir Putin"):
        g.path("Zelenskyy", "Putin")


def test_neighbors(g):
    found = g.neighbors("Putin", hops=1)
    assert [(d, h.sentence()) for d, h in found] == [
        (1, "Vladimir Putin —accepts only on condition→ Complete ceasefire"),
        (1, "Vladimir Putin —agrees to→ No targeting of critical infrastructure, especially energy infrastructure"),
        (1, "Vladimir Putin —holds→ President of Russia"),
        (1, "The two leaders have demonstrated their commitment to achieving a lasting peace —about→ Vladimir Putin"),
        (1, "Trump–Putin phone call —participant→ Vladimir Putin"),
    ]
    assert len(g.neighbors("Putin", hops=2)) > len(found)


@pytest.mark.slow
def test_cli_path(seed_out):
    result = run_kg("path", "tokayev", "@KremlinRussia_E", "--from", seed_out)
    assert result.returncode == 0
    assert result.stdout.splitlines()[:3] == [
        "Qasym-Jomart Toqayev → Vladimir Putin: 2 hops",
        "  1. Qasym-Jomart Toqayev —welcomes→ Trump–Putin phone call",
        "       “Qasym-Jomart Toqayev, has welcomed the call between US President Donald Trump and Russian President "
        "Vladimir Putin” (TDI, article tdi-2025-03-tokayev-welcomes-trump-putin-call)",
    ]
    # the other outcomes of the same command, run in this process (conftest.kg_main)
    none = kg_main("path", "Zelenskyy", "Putin", "--from", seed_out)
    assert none.returncode == 1 and "try --undirected" in none.stderr
    bad = kg_main("path", "Tokayev", "Putn", "--from", seed_out)
    assert bad.returncode == 2 and "closest matches: Vladimir Putin (actor/putin)" in bad.stderr
    position = kg_main("neighbors", "putin-rejects-complete-ceasefire", "--from", seed_out)
    assert position.returncode == 2 and "is not a node of the projection" in position.stderr


def test_cli_neighbors(seed_out):
    result = run_kg("neighbors", "Putin", "--hops", "2", "--from", seed_out)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Vladimir Putin (actor): ") and lines[0].endswith("within 2 hops")
    assert "  Vladimir Putin —holds→ President of Russia   [office]" in lines
    assert "    President of Russia —post in→ Russia   [actor]" in lines


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf), ("json", None)])
def test_exports_read_back(seed_out, tmp_path, fmt, reader):
    target = tmp_path / f"g.{fmt}"
    run = run_kg if fmt == "graphml" else kg_main  # the command once in a subprocess, the other formats in process
    result = run("export", "--format", fmt, "--out", target, "--from", seed_out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {target}: 63 nodes, 89 edges ({fmt})\n"
    if reader is None:
        back = nx.node_link_graph(json.loads(target.read_text(encoding="utf-8")), edges="links")
    else:
        back = reader(target)
    assert back.number_of_nodes() == 63 and back.number_of_edges() == 89
    assert back.nodes[ID + "actor/putin"]["label"] == "Vladimir Putin"
    stance_edges = [d for _, _, d in back.edges(data=True) if "stance" in d]
    assert len(stance_edges) == 11 and all(d["quote"] for d in stance_edges)
