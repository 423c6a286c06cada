"""The life of a proposal and kg in-force / kg violations to the hour (issue #13, points 4 to 6).

The graph is tests/data/hours/truces.trig: invented and hand-written, following the RDF contract for times of day
(tests/data/README.md), loaded with the ontology as kg.KnowledgeGraph. The answers are the lines kg in-force and
kg violations print (kg.cli.formatting), exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import kg_main

from kg.cli import formatting
from kg.errors import InputError
from kg.query.graph import KnowledgeGraph
from kg.query.in_force import in_force, parse_when, place_event, windows

ROOT = Path(__file__).parent.parent
TRUCES = Path(__file__).parent / "data" / "hours" / "truces.trig"
CFID = "https://w3id.org/ceasefire-kg/id/"


@pytest.fixture(scope="module")
def g() -> KnowledgeGraph:
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(TRUCES, format="trig")
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        ds.parse(f, format="turtle")
    return KnowledgeGraph.from_dataset(ds)


def report(g: KnowledgeGraph, when: str) -> list[str]:
    return formatting.in_force_report(g, when, in_force(g, parse_when(when)))


SPRING = [
    "  Spring truce — from 2025-04-19T18:00:00+03:00 until 2025-04-22T00:00:00+03:00 (exclusive); certain",
    "    (unilateral; accepted or declared by Northland; rejected by Southland)",
]


def test_a_unilateral_truce_rejected_by_the_other_side_is_in_force_for_one_side_only_to_the_hour(g):
    assert report(g, "2025-04-19T17:15+03:00") == ["Nothing in the graph was in force on 2025-04-19T17:15+03:00."]
    assert report(g, "2025-04-19T18:00+03:00") == [
        "Nothing in the graph was in force on 2025-04-19T18:00+03:00.",
        "In force on 2025-04-19T18:00+03:00 according to one side only:",
        *SPRING,
    ]
    assert report(g, "2025-04-21T20:59Z")[2:] == SPRING  # 23:59 in Moscow
    assert report(g, "2025-04-21T21:00Z") == ["Nothing in the graph was in force on 2025-04-21T21:00Z."]


def test_a_bilateral_pause_known_to_the_day_and_a_plan_nobody_accepted(g):
    assert report(g, "2025-05-02") == [
        "In force on 2025-05-02, according to the graph:",
        "  Corran pause — from 2025-05-01 through 2025-05-03 (inclusive); certain",
        "    (bilateral; accepted or declared by Northland, Southland)",
        "Proposed but neither declared nor accepted by then, for a window that includes 2025-05-02:",
        "  Varga plan — from 2025-05-01, no end known; certain",
        "    (proposed by Southland to Northland)",
    ]
    # an inclusive end known to the day: through the whole of 3 May, in whatever zone
    assert report(g, "2025-05-03T12:00+02:00")[1] == (
        "  Corran pause — from 2025-05-01 through 2025-05-03 (inclusive); possibly (the end is known to the day only)"
    )
    # accepted by both on 2 May: on 1 May it was only proposed
    assert report(g, "2025-05-01T06:00+02:00")[:4] == [
        "Nothing in the graph was in force on 2025-05-01T06:00+02:00.",
        "Proposed but neither declared nor accepted by then, for a window that includes 2025-05-01T06:00+02:00:",
        "  Corran pause — from 2025-05-01 through 2025-05-03 (inclusive); possibly (the beginning is known to the "
        "day only)",
        "    (bilateral; accepted only after 2025-05-01T06:00+02:00, by Northland, Southland)",
    ]
    assert report(g, "2025-05-04")[0] == "Nothing in the graph was in force on 2025-05-04."
    # at least 30 days from 1 May: certain through 30 May, possible after
    assert report(g, "2025-05-30")[-2] == "  Varga plan — from 2025-05-01, no end known; certain"
    assert report(g, "2025-05-31")[-2] == (
        "  Varga plan — from 2025-05-01, no end known; possibly (it lasts at least P30D from its beginning, with no "
        "end known)"
    )
    assert report(g, "2025-04-30") == ["Nothing in the graph was in force on 2025-04-30."]


def test_the_python_api_to_the_hour(g):
    frame = g.in_force("2025-05-03T12:00+02:00", labels=False)
    assert list(frame["proposal"]) == [f"{CFID}proposal/corran-pause", f"{CFID}proposal/varga-plan"]
    assert list(frame["certainty"]) == ["possible", "certain"]
    assert list(frame["reason"].fillna("")) == ["the end is known to the day only", ""]
    assert [s.rsplit("/", 1)[-1] for s in frame["status"]] == ["in-force", "proposed"]


def test_violations_are_placed_against_the_window(g):
    rows = g.run("alleged-violations")
    known = windows(g)
    places = {
        r.claim: place_event(known[r.proposal], r.eventEarliest, r.eventLatest, r.eventAt, r.eventAtLatest)
        for r in rows
    }
    lines = formatting.violations_report(g, rows, None, {c: p for c, p in places.items() if p})
    assert lines == [
        "Spring truce",
        "  alleged by:  Southland",
        "  accused:     Northland",
        "  event:       Drones over Southland at 17:15",
        "  when:        before it began",
        "  evidence:    “drones at 17:15”",
        "  source:      Meridian Post: truces by the hour (invented)",
        "  denied by:   no one, in the graph",
        "Spring truce",
        "  alleged by:  Southland",
        "  accused:     Northland",
        "  event:       Shelling on Saturday evening",
        "  when:        possibly before it began or during it (the event's time is known to the day only)",
        "  evidence:    “shelling on Saturday”",
        "  source:      Meridian Post: truces by the hour (invented)",
        "  denied by:   no one, in the graph",
    ]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2025-04-19T17:15", "'2025-04-19T17:15' has no UTC offset"),
        ("2025-04-19T25:00+03:00", "'2025-04-19T25:00+03:00' is not a date and time like 2025-04-19T17:15+03:00"),
        ("19 April", "'date' must be a date like 2025-03-20, not '19 April'"),
    ],
)
def test_a_bad_instant_is_a_clear_error(when, message):
    with pytest.raises(InputError, match=re.escape(message)):
        parse_when(when)  # the message, as a literal text


def test_the_command_refuses_an_instant_without_offset(seed_out):
    result = kg_main("in-force", "2025-03-18T17:00", "--from", seed_out)
    assert result.returncode == 2
    assert result.stderr == (
        "kg in-force: '2025-03-18T17:00' has no UTC offset, so it does not name one instant\n"
        "  fix: add the offset of the time zone it is in, such as 2025-03-18T17:00+03:00 (or 2025-03-18T17:00Z for "
        "UTC)\n"
    )


def test_the_command_to_the_hour_on_the_seed(seed_out):
    result = kg_main("in-force", "2025-03-18T17:00+03:00", "--from", seed_out)
    assert (result.returncode, result.stdout) == (
        0,
        "In force on 2025-03-18T17:00+03:00, according to the graph:\n"
        "  30-day pause on attacks on Ukraine’s energy infrastructure — from 2025-03-18 until 2025-04-17 "
        "(exclusive); possibly (the beginning is known to the day only)\n"
        "    term: No attacks on Ukraine’s energy infrastructure for 30 days\n"
        "    term: No targeting of critical infrastructure, especially energy infrastructure\n",
    )


# -- day-level: an invented annotated article (tests/data/life/harbour.yaml), built -------------------------------

HARBOUR = Path(__file__).parent / "data" / "life" / "harbour.yaml"
ONE_SIDED = [
    "  5-day harbour truce — from 2025-06-03 until 2025-06-08 (exclusive); certain",
    "    (unilateral; accepted or declared by Westmark; rejected by Eastmark; extended by 2-day extension of the "
    "harbour truce)",
]
MARKET = "  3-day market pause — from 2025-06-06 until 2025-06-09 (exclusive); certain"


@pytest.fixture(scope="module")
def harbour_out(tmp_path_factory) -> Path:
    from kg.builder.pipeline import build_to

    out = tmp_path_factory.mktemp("harbour-out")
    build_to([HARBOUR], out, progress=None)
    return out


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2025-06-02", ["Nothing in the graph was in force on 2025-06-02."]),
        (
            "2025-06-04",
            [
                "Nothing in the graph was in force on 2025-06-04.",
                "In force on 2025-06-04 according to one side only:",
                *ONE_SIDED,
            ],
        ),
        (
            "2025-06-06",
            [
                "In force on 2025-06-06, according to the graph:",
                MARKET,
                "    (bilateral; accepted or declared by Eastmark, Westmark)",
                "In force on 2025-06-06 according to one side only:",
                *ONE_SIDED,
            ],
        ),
        (
            "2025-06-07",
            [
                "Nothing in the graph was in force on 2025-06-07.",
                "In force on 2025-06-07 according to one side only:",
                *ONE_SIDED,
                "Collapsed on or before 2025-06-07, within its window:",
                MARKET,
                "    (bilateral; accepted or declared by Eastmark, Westmark; collapsed on 2025-06-07)",
            ],
        ),
        (
            "2025-06-08",
            [
                "In force on 2025-06-08, according to the graph:",
                "  2-day extension of the harbour truce — from 2025-06-08 until 2025-06-10 (exclusive); certain",
                "    (unilateral; accepted or declared by Westmark)",
                "Collapsed on or before 2025-06-08, within its window:",
                MARKET,
                "    (bilateral; accepted or declared by Eastmark, Westmark; collapsed on 2025-06-07)",
            ],
        ),
        (
            "2025-06-09",
            [
                "In force on 2025-06-09, according to the graph:",
                "  2-day extension of the harbour truce — from 2025-06-08 until 2025-06-10 (exclusive); certain",
                "    (unilateral; accepted or declared by Westmark)",
                "Proposed but neither declared nor accepted by then, for a window that includes 2025-06-09:",
                "  River truce — from 2025-06-09, no end known; certain",
                "    (proposed by Westmark to Eastmark)",
            ],
        ),
    ],
)
def test_the_life_of_proposals_known_to_the_day(harbour_out, when, expected):
    result = kg_main("in-force", when, "--from", harbour_out)
    assert (result.returncode, result.stdout) == (0, "\n".join(expected) + "\n")


def test_a_day_level_end_at_an_instant(harbour_out):
    result = kg_main("in-force", "2025-06-07T12:00Z", "--from", harbour_out)
    lines = result.stdout.splitlines()
    # the extension begins on 8 June, which in some zone has begun at 12:00 UTC on the 7th
    assert lines[:2] == [
        "In force on 2025-06-07T12:00Z, according to the graph:",
        "  2-day extension of the harbour truce — from 2025-06-08 until 2025-06-10 (exclusive); possibly (the "
        "beginning is known to the day only)",
    ]
    assert lines[4] == (
        "  5-day harbour truce — from 2025-06-03 until 2025-06-08 (exclusive); possibly (the end is known to the day "
        "only)"
    )


def test_violations_name_the_accused_and_place_the_event(harbour_out):
    result = kg_main("violations", "--from", harbour_out)
    assert (result.returncode, result.stdout) == (
        0,
        "5-day harbour truce\n"
        "  alleged by:  Eastmark\n"
        "  accused:     Westmark\n"
        "  event:       Shelling of the docks\n"
        "  when:        during it\n"
        "  evidence:    “Eastmark rejected the harbour truce and said Westmark shelled the docks on June 4, 2025”\n"
        "  source:      Eastmark Courier: the harbour truce, the market pause and the river truce\n"
        "  denied by:   no one, in the graph\n",
    )
