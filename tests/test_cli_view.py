"""`kg view`: the page it writes (one self-contained HTML file, the data inside), its options and its errors.
What the page does in a browser is tested in tests/test_view_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kg
from kg.network.projection import SEP
from tests.conftest import ROOT, SEED_YAML, kg_main, run_kg

SOURCES = ROOT / "seeds" / "examples" / "sources"
PUTIN = "https://w3id.org/ceasefire-kg/id/actor/putin"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view-cli") / "out"
    built = kg_main("build", SEED_YAML, SOURCES, "--out", out)
    assert built.returncode == 0, built.stderr
    return out


def page_data(page: Path) -> dict:
    """The data the page carries (the JSON after ``const DATA =``)."""
    text = page.read_text(encoding="utf-8")
    (raw,) = re.findall(r"^const DATA = (.*);$", text, flags=re.M)
    return json.loads(raw.replace("<\\/", "</"))


def test_kg_view_writes_one_page_with_the_projection_and_each_quote_in_its_sentence(corpus):
    r = kg_main("view", "--from", corpus)
    page = corpus / "ceasefire-kg.html"
    assert (r.returncode, r.stdout, r.stderr) == (0, f"wrote {page}\n", "")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<script src" not in text and "<link" not in text
    assert "cytoscape" in text and "Copyright (c) 2016-2026, The Cytoscape Consortium." in text
    G = kg.load(corpus).to_networkx()
    data = page_data(page)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(G)
    assert data["outlets"] == ["Harbour Review", "Lakeside Observer", "Northern Dispatch", "Steppe Courier", "TDI"]
    assert data["dates"] == ["2025-03-18", "2025-04-17"]
    putin = next(n for n in data["nodes"] if n["id"] == PUTIN)
    assert putin["label"] == "Vladimir Putin" and putin["kind"] == "actor"
    assert putin["names"] == ["Vladimir Putin", "Putin", "Russian President", "@KremlinRussia_E"]
    assert [s["quote"] for s in putin["statements"]] == G.nodes[PUTIN]["quote"].split(SEP)
    first = putin["statements"][0]
    assert first["outlet"] == "TDI" and first["date"] == "2025-03-18"
    assert first["quote"] in first["sentence"] and first["sentence"].startswith("Astana (TDI): President of Kazakhstan")
    # the style is kg.viz.style's
    from kg.viz.style import KIND_STYLES, POLARITY_COLOURS

    assert data["style"]["kinds"]["proposal"]["colour"] == KIND_STYLES["proposal"].colour
    assert data["style"]["kinds"]["proposal"]["shape"] == "rectangle"
    assert data["style"]["polarities"] == POLARITY_COLOURS
    # a stance edge: its quotes, one per source
    stance = next(e for e in data["edges"] if e["id"].endswith("|putin-conditions-complete-ceasefire|" + e["target"]))
    assert [s["outlet"] for s in stance["statements"]] == ["Northern Dispatch", "TDI"]
    assert stance["polarity"] == "conditional" and stance["stance"] == "accepts only on condition"


def test_kg_view_focus_proposal_and_the_default_names(corpus):
    r = kg_main("view", "--from", corpus, "--focus", "Putin", "--hops", "1")
    page = corpus / "ceasefire-kg-putin.html"
    assert (r.returncode, r.stdout) == (0, f"wrote {page}\n")
    assert page_data(page)["what"].startswith("Within 1 hop of “Vladimir Putin”")
    r = kg_main("view", "--from", corpus, "--proposal", "energy pause")
    page = corpus / "ceasefire-kg-energy-pause.html"
    assert (r.returncode, r.stdout) == (0, f"wrote {page}\n")
    assert page_data(page)["what"].startswith("Proposal “30-day pause on attacks on Ukraine’s energy infrastructure”")


def test_kg_view_source_since_until_keep_what_those_articles_state(corpus, tmp_path):
    page = tmp_path / "courier.html"
    assert kg_main("view", "--from", corpus, "--source", "steppe courier", "--out", page).returncode == 0
    data = page_data(page)
    G = kg.load(corpus).to_networkx()
    expected = sorted(n for n, d in G.nodes(data=True) if "Steppe Courier" in d["outlet"].split(SEP))
    assert sorted(n["id"] for n in data["nodes"]) == expected
    assert data["outlets"] == ["Steppe Courier"]
    assert {s["outlet"] for n in data["nodes"] for s in n["statements"]} == {"Steppe Courier"}
    page = tmp_path / "march.html"
    assert (
        kg_main("view", "--from", corpus, "--since", "2025-03-19", "--until", "2025-03-25", "--out", page).returncode
        == 0
    )
    assert page_data(page)["outlets"] == ["Harbour Review", "Northern Dispatch", "Steppe Courier"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "Putin", "--proposal", "energy pause"], "kg view: --focus and --proposal show different pages"),
        (["--out", "x.png"], "kg view: --out x.png: the page is HTML"),
        (["--since", "March"], "kg view: --since 'March' is not a day"),
        (["--since", "2025-04-01", "--until", "2025-03-01"], "kg view: --since 2025-04-01 is after --until 2025-03-01"),
        (["--hops", "-1", "--focus", "Putin"], "kg view: --hops -1 is negative"),
        (["--source", "Pravda"], "kg view: no article of the graph is from the source 'Pravda'; the sources: "),
        (["--focus", "nobody at all"], "kg view: "),
        (["--proposal", "Putin"], "kg view: 'Vladimir Putin' ("),
    ],
)
def test_kg_view_says_what_is_wrong_with_exit_2(corpus, tmp_path, args, message):
    r = kg_main("view", "--from", corpus, *args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(message) and "Traceback" not in r.stderr
    assert not list(tmp_path.glob("*.html")) and not list(corpus.glob("*.png"))


def test_kg_view_help_explains_the_page():
    r = kg_main("view", "--help")
    assert r.returncode == 0
    for words in (
        "self-contained HTML page that works offline",
        "search box",
        "filters by kind, stance, source",
        "--focus X",
        "--proposal P",
        "--source OUTLET",
        "--since DAY",
        "--out FILE",
    ):
        assert words in r.stdout
    assert "kg view" in kg_main("--help").stdout


def test_the_page_is_the_same_bytes_from_run_to_run(corpus, tmp_path):
    """Two sources give Putin's conditional position different conditions: the projection takes the first in IRI
    order (it took one by hash order before), so the page, as the picture, is the same whatever the hash seed."""
    pages = []
    for seed in ("1", "2", "3"):
        page = tmp_path / f"view-{seed}.html"
        r = run_kg("view", "--from", corpus, "--out", page, env={"PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        pages.append(page.read_bytes())
    assert pages[0] == pages[1] == pages[2]
    edges = page_data(tmp_path / "view-1.html")["edges"]
    dashed = [e["target"] for e in edges if e["dashed"]]
    assert dashed == ["https://w3id.org/ceasefire-kg/id/condition/allies-cut-off-support"]
