"""`kg summary` of several sources: each names a proposal, dates it and lists its terms in its own way.

The fixture is the seed with two invented articles of tests/data/sources/ (see its README). The example corpus
of seeds/examples/sources/ has its own summary test (tests/test_example_sources.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, SEED_YAML, kg_main, run_kg

WIRE = DATA / "sources" / "wire-readout.yaml"
COURIER = DATA / "sources" / "courier-later.yaml"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    from kg.builder.pipeline import build_to

    folder = tmp_path_factory.mktemp("summary") / "out"
    build_to([SEED_YAML, WIRE, COURIER], folder, progress=None, jobs=1)
    return folder


def test_a_proposal_with_two_names_and_two_windows(out):
    text = kg_main("summary", "--from", out).stdout
    assert (
        "  30-day pause on attacks on Ukraine’s energy infrastructure (ceasefire)\n"
        "    also called “Energy and infrastructure ceasefire” by Meridian Wire, 2025-03-20\n"
        "    in effect from “March 18, 2025” (2025-03-18), “30-day”, until 2025-04-17 (computed) — TDI, 2025-03-18\n"
        "    in effect from “March 19, 2025” (2025-03-19), “14-day”, until 2025-04-02 (computed) — Meridian Wire, "
        "2025-03-20\n"
    ) in text


def test_the_same_text_in_every_process(out):
    """The heading is the earliest source's name for a proposal, whatever order the graph gives its labels in."""
    one = run_kg("summary", "--from", out, env={"PYTHONHASHSEED": "0"}).stdout
    assert run_kg("summary", "--from", out, env={"PYTHONHASHSEED": "1"}).stdout == one


def test_the_network_keeps_every_name_and_value(out):
    """The NetworkX projection (and so the pictures and exports) keeps both sources' values side by side."""
    from kg.network.projection import to_networkx
    from kg.store.files import load_dataset
    from kg.viz.graph_select import drawn_label

    G = to_networkx(load_dataset(out))
    pause = "https://w3id.org/ceasefire-kg/id/proposal/energy-pause"
    node = G.nodes[pause]
    assert (node["label"], node["other_labels"]) == (
        "30-day pause on attacks on Ukraine’s energy infrastructure",
        "Energy and infrastructure ceasefire",
    )
    assert drawn_label(G, pause) == "30-day pause on attacks on Ukraine’s energy infrastructure (+1 other name)"
    assert (node["duration"], node["in_effect_begins_earliest"], node["in_effect_ends_earliest"]) == (
        "30-day | 14-day",
        "2025-03-18 | 2025-03-19",
        "2025-04-17 | 2025-04-02",
    )
    call = G.nodes["https://w3id.org/ceasefire-kg/id/event/trump-putin-call"]
    assert (call["time"], call["time_earliest"]) == ("March 18, 2025 | March 17, 2025", "2025-03-18 | 2025-03-17")
