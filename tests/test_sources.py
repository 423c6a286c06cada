"""Provenance in every answer (issue #12, point 5): the seed and an invented second article that states some of
the same facts (tests/data/sources/ledger.yaml), so that facts have two sources and nodes are merged."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, SEED_YAML, kg_main, run_kg

ID = "https://w3id.org/ceasefire-kg/id/"
TDI = (ID + "article/tdi-2025-03-tokayev-welcomes-trump-putin-call", "TDI")
LEDGER = (ID + "article/ledger-2025-03-energy-pause", "Steppe Ledger")


@pytest.fixture(scope="module")
def two_out(tmp_path_factory):
    from kg.builder.pipeline import build_to

    out = tmp_path_factory.mktemp("two-sources")
    build_to([SEED_YAML, DATA / "sources" / "ledger.yaml"], out, progress=None)
    return out


@pytest.fixture(scope="module", params=["default", "memory"])
def g(request, two_out):
    from kg.query.graph import load

    return load(two_out, store=None if request.param == "default" else "memory")


def rows(g, name, **params):
    return [
        tuple(None if v is None else (str(v) if not hasattr(v, "toPython") else v.toPython()) for v in r)
        for r in g.run(name, **params)
    ]


def test_terms_are_numbered_per_source(g):
    found = [(r[1], r[2], r[3], r[4].rsplit("/", 1)[-1]) for r in rows(g, "proposal-terms", proposal="energy-pause")]
    assert found == [
        (*LEDGER, 1, "energy-pause-no-strikes-on-power-plants"),
        (*TDI, 1, "energy-pause-no-attacks-on-energy"),
        (*TDI, 2, "energy-pause-no-targeting-critical"),
    ]


def test_a_position_stated_twice_has_a_row_per_source(g):
    found = [(r[4], r[5], r[6]) for r in rows(g, "positions", target="complete-ceasefire") if r[1].endswith("rejects")]
    assert found == [
        ("Putin again refused a full ceasefire", *LEDGER),
        ("the Russian President did not agree to a comprehensive ceasefire", *TDI),
    ]


def test_participants_by_source(g):
    found = {(r[1].rsplit("/", 1)[-1], r[4], r[5]) for r in rows(g, "event-participants", event="trump-putin-call")}
    assert found == {("putin", *TDI), ("trump", *TDI), ("putin", *LEDGER), ("trump", *LEDGER)}


def test_merged_node_keeps_every_quote_with_its_source(g):
    G = g.to_networkx()
    russia = G.nodes[ID + "actor/russia"]
    assert russia["quote"] == "Moscow agreed | Russia agreed"
    assert russia["source"] == f"{LEDGER[0]} | {TDI[0]}"
    assert russia["outlet"] == "Steppe Ledger | TDI"
    edge = G.get_edge_data(ID + "event/trump-putin-call", ID + "actor/putin")["participant"]
    assert edge["source"] == f"{LEDGER[0]} | {TDI[0]}" and edge["outlet"] == "Steppe Ledger | TDI"


def test_path_hops_name_their_articles(two_out):
    result = run_kg("path", "Tokayev", "Putin", "--from", two_out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[3:] == [
        "  2. Trump–Putin phone call —participant→ Vladimir Putin",
        "       “In their telephone call, Vladimir Putin told Donald Trump” (Steppe Ledger, article "
        "ledger-2025-03-energy-pause)",
        "       “the call between US President Donald Trump and Russian President Vladimir Putin, where Russia agreed "
        "to a 30-day cessation” (TDI, article tdi-2025-03-tokayev-welcomes-trump-putin-call)",
    ]


def test_kg_show(two_out):
    result = run_kg("show", "Moscow", "--from", two_out)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Russia ({ID}actor/russia): ") and lines[0].endswith(" statements")
    assert "TDI, 2025-03-18: TDI (Astana): Tokayev welcomes the Trump–Putin call and the 30-day energy pause" in lines
    ledger = lines.index(
        "Steppe Ledger, 2025-03-19: Steppe Ledger (Almaty): Putin and Trump agree a 30-day pause on strikes on energy "
        "facilities (invented)"
    )
    assert lines[ledger + 1 : ledger + 3] == [
        "  Russia — agrees to — 30-day pause on attacks on Ukraine’s energy infrastructure —holder→ Russia",
        "      [[Moscow agreed to a 30-day pause on strikes against energy facilities]], the Kremlin said after the call.",
    ]
    data = json.loads(kg_main("show", "russia", "--format", "json", "--from", two_out).stdout)
    assert data["node"] == ID + "actor/russia"
    assert {(s["outlet"], s["date"]) for s in data["statements"]} == {
        ("TDI", "2025-03-18"),
        ("Steppe Ledger", "2025-03-19"),
    }
    bad = kg_main("show", "Rusia", "--from", two_out)
    assert bad.returncode == 2 and "closest matches: Russia (actor/russia)" in bad.stderr


def test_statements_api(g):
    df = g.statements("energy pause")
    assert list(df.columns) == [
        "source",
        "outlet",
        "date",
        "role",
        "subject",
        "predicate",
        "object",
        "quote",
        "sentence",
    ]
    assert sorted(set(df["outlet"])) == ["Steppe Ledger", "TDI"]
