"""The multi-source example corpus of seeds/examples/sources/: four invented short articles about the seed's
proposals, which refer to the seed's records by id and disagree with it. Built with the seed alone (never with
what else is in seeds/), it gives exactly these disagreements."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from tests.conftest import ROOT, SEED_YAML, kg_main

SOURCES = ROOT / "seeds" / "examples" / "sources"
NAMES = ["harbour-review", "lakeside-observer", "northern-dispatch", "steppe-courier"]
PAUSE = "30-day pause on attacks on Ukraine’s energy infrastructure"
PLAN = "China–Brazil six-point peace plan"
TDI, COURIER, REVIEW, DISPATCH, OBSERVER = (
    ("TDI", "2025-03-18"),
    ("Steppe Courier", "2025-03-19"),
    ("Harbour Review", "2025-03-21"),
    ("Northern Dispatch", "2025-03-25"),
    ("Lakeside Observer", "2025-04-17"),
)

#: (kind, about, actor, value a, source a, value b, source b, change): the earlier source first
EXPECTED = [
    ("condition", "Complete ceasefire", "Vladimir Putin",
     "Ukraine’s European allies cut off military assistance and intelligence sharing", TDI,
     "Western arms deliveries to Kyiv come to an end", DISPATCH, ""),
    ("ends", PAUSE, "", "end of the 30-day period (2025-04-17)", TDI, "16 April 2025 (2025-04-16)", OBSERVER, ""),
    ("proposed-at", PLAN, "", "BRICS Summit", TDI, "China–Brazil meeting in Beijing, May 2024", REVIEW, ""),
    ("stance", PAUSE, "Russia", "agrees to", COURIER, "rejects", DISPATCH, "change"),
    ("stance", PAUSE, "Russia", "agrees to", TDI, "rejects", DISPATCH, "change"),
    ("term-missing", PLAN, "", "", TDI, "6. Keep nuclear power plants safe", REVIEW, ""),
    ("term-missing", PLAN, "", "6. No attacks on civilians", TDI, "", REVIEW, ""),
    ("term-ordinal", PAUSE, "", "2. No targeting of critical infrastructure, especially energy infrastructure", TDI,
     "1. No strikes on Ukraine’s power plants and electricity grid", COURIER, ""),
    ("term-wording", PLAN, "", "An international peace conference accepted by both Russia and Ukraine", TDI,
     "A peace conference", REVIEW, ""),
    ("term-wording", PLAN, "", "Direct negotiation", TDI, "Talks between the parties", REVIEW, ""),
    ("term-wording", PLAN, "", "Exchange of prisoners of war", TDI, "Prisoner exchanges", REVIEW, ""),
    ("term-wording", PLAN, "", "Humanitarian assistance", TDI, "More aid", REVIEW, ""),
    ("term-wording", PLAN, "", "Non-escalation", TDI, "De-escalation", REVIEW, ""),
    ("term-wording", PAUSE, "", "No attacks on Ukraine’s energy infrastructure for 30 days", TDI,
     "No strikes on Ukraine’s power plants and electricity grid", COURIER, ""),
    ("term-wording", PAUSE, "", "No targeting of critical infrastructure, especially energy infrastructure", TDI,
     "No strikes on Ukraine’s power plants and electricity grid", COURIER, ""),
]  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


@pytest.fixture(scope="module")
def sources_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example-sources") / "out"
    kg.build_to([SEED_YAML, *(SOURCES / f"{n}.yaml" for n in NAMES)], out, progress=None)
    return out


def test_the_example_articles_say_they_are_invented():
    assert sorted(p.stem for p in SOURCES.glob("*.yaml")) == NAMES
    for name in NAMES:
        assert (SOURCES / f"{name}.txt").read_text(encoding="utf-8").startswith("INVENTED EXAMPLE: this is not a real")
        assert (SOURCES / f"{name}.yaml").read_text(encoding="utf-8").startswith("# INVENTED EXAMPLE.")


def test_they_refer_to_the_seed_without_declaring_its_records_again():
    seed_ids = {
        line.split("id:")[1].strip() for line in SEED_YAML.read_text(encoding="utf-8").splitlines() if "- id:" in line
    }
    declared = {
        line.split("id:")[1].strip()
        for name in NAMES
        for line in (SOURCES / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
        if "- id:" in line
    }
    # only what an article adds to a seed record with its own quote: the call's day, the pause's dates, a condition
    assert declared & seed_ids == {"trump-putin-call", "energy-pause", "putin-conditions-complete-ceasefire"}


@pytest.mark.parametrize("store", [None, "memory"])
def test_the_disagreements_of_the_example_corpus(sources_out, store):
    g = kg.load(sources_out, store=store, timeout=None)
    rows = [
        (
            r.kind, r.about, _text(r.actor), _text(r.value_a), (r.source_a, _text(r.date_a)),
            _text(r.value_b), (r.source_b, _text(r.date_b)), _text(r.change),
        )
        for r in g.disagreements().itertuples(index=False)
    ]  # fmt: skip
    assert rows == EXPECTED


def test_kg_disagreements_of_one_kind(sources_out):
    done = kg_main("disagreements", "--from", sources_out, "--kind", "proposed-at")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "1 disagreement:",
        "proposed-at: China–Brazil six-point peace plan",
        "  TDI, 2025-03-18: BRICS Summit  “the peace plan proposed by China and Brazil last year at the BRICS Summit”",
        "  Harbour Review, 2025-03-21: China–Brazil meeting in Beijing, May 2024  “China and Brazil set out their joint "
        "plan for Ukraine at a meeting in Beijing in May 2024”",
    ]


def test_an_undated_article_builds_with_the_date_of_its_annotation(sources_out):
    text = (SOURCES / "harbour-review.txt").read_text(encoding="utf-8")
    assert "2025" not in text  # the article prints no date of its own
    g = kg.load(sources_out)
    rows = g.query(
        "SELECT ?d ?note WHERE { ?a cfo:sha256 ?h ; schema:datePublished ?d ; cfo:datePublishedNote ?note ."
        " ?a schema:publisher/rdfs:label ?outlet FILTER(STR(?outlet) = 'Harbour Review') }"
    )
    assert [(str(r.d), str(r.note)) for r in rows] == [
        ("2025-03-21", "The text prints no date; this is the date of the outlet's archive page (an invented example).")
    ]


def test_the_proposal_picture_says_its_terms_come_from_several_sources(sources_out):
    from kg.viz.graph_select import select

    g = kg.load(sources_out)
    picture = select(g.to_networkx(), proposal=str(g.resolve(PLAN)))
    assert picture.what.startswith(f"Proposal “{PLAN}”: its 12 terms as 2 sources list them, the stances taken")


@pytest.mark.parametrize("name", sorted(set(kg.KnowledgeGraph.queries()) - {"in-force"}))
def test_the_default_store_answers_as_rdflib_on_several_sources(sources_out, name):
    """A fact several articles state is one triple of the default store's default graph (Oxigraph's union of
    the named graphs would give it once per article, and a join of such facts N^k rows): every named query
    gives the answer of rdflib alone, row for row."""
    default = kg.load(sources_out, timeout=None)
    memory = kg.load(sources_out, store="memory", timeout=None)
    assert sorted(map(tuple, default.run(name)), key=str) == sorted(map(tuple, memory.run(name)), key=str)


def test_the_summary_keeps_each_source_apart(sources_out):
    """`kg summary` of several sources: each source's window and terms under its name, each quote with its source."""
    out = kg_main("summary", "--from", sources_out).stdout
    assert (
        f"  {PAUSE} (ceasefire)\n"
        "    in effect from “March 18, 2025” (2025-03-18), “30-day”, until 2025-04-17 (computed) — TDI, 2025-03-18\n"
        "    in effect from “18 March 2025” (2025-03-18), until “16 April 2025” (2025-04-16) — Lakeside Observer, "
        "2025-04-17\n"
        "    2 terms according to TDI, 2025-03-18:\n"
        "      1. No attacks on Ukraine’s energy infrastructure for 30 days\n"
        "      2. No targeting of critical infrastructure, especially energy infrastructure\n"
        "    1 term according to Steppe Courier, 2025-03-19:\n"
        "      1. No strikes on Ukraine’s power plants and electricity grid\n"
    ) in out
    assert "    6 terms according to Harbour Review, 2025-03-21:\n      1. De-escalation\n" in out
    assert (
        f"  Russia —agrees to→ {PAUSE}\n"
        "      “where Russia agreed to a 30-day cessation of attacks on Ukraine’s energy infrastructure” — TDI, "
        "2025-03-18\n"
        "      “Russia agreed on Tuesday to stop striking Ukraine’s power plants and grid for 30 days” — Steppe "
        "Courier, 2025-03-19\n"
        f"  Russia —rejects→ {PAUSE}\n"
        "      “Russia said it no longer felt bound by the 30-day pause on strikes against energy sites” — Northern "
        "Dispatch, 2025-03-25\n"
    ) in out
    # two conditions of the same position, one from each source, are two lines
    assert out.count("  Vladimir Putin —accepts only on condition→ Complete ceasefire (if: ") == 2
