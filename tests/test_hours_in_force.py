"""Times to the hour, end to end (issue #13, points 1, 4, 5, 6 and 8): an invented article annotated with times of
day and zones (tests/data/hours/easter.*) is built with ``kg build``; ``kg in-force`` at given instants and
``kg violations`` answer from what the annotation says, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, kg_main

import kg

EASTER = DATA / "hours" / "easter.yaml"
WINDOW = "Easter truce — from 2025-04-19T18:00:00+03:00 until 2025-04-22T00:00:00+03:00 (exclusive); certain"


@pytest.fixture(scope="module")
def easter_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("easter") / "out"
    kg.build_to([EASTER], out, progress=None)
    return out


def test_the_article_is_invented():
    assert EASTER.with_suffix(".txt").read_text(encoding="utf-8").startswith("INVENTED TEXT")
    assert EASTER.read_text(encoding="utf-8").startswith("# INVENTED")


def test_its_times_to_the_minute(easter_out):
    rows = kg.load(easter_out).query(
        "SELECT ?t ?first ?last WHERE { ?t cfo:earliestInstant ?first ; cfo:latestInstant ?last } ORDER BY ?t"
    )
    prefix = "https://w3id.org/ceasefire-kg/id/time/vesna-post-2025-04-easter-truce/"
    assert [(str(r.t).removeprefix(prefix), str(r.first), str(r.last)) for r in rows] == [
        ("drone-strike/hasTime", "2025-04-19T17:15:00+03:00", "2025-04-19T17:15:00+03:00"),
        ("easter-truce/inEffect-begins", "2025-04-19T18:00:00+03:00", "2025-04-19T18:00:00+03:00"),
        ("easter-truce/inEffect-ends", "2025-04-22T00:00:00+03:00", "2025-04-22T00:00:00+03:00"),
        ("port-shelling/hasTime", "2025-04-20T23:40:00+03:00", "2025-04-20T23:40:00+03:00"),
        ("tuesday-fire/hasTime", "2025-04-22T00:00:00+03:00", "2025-04-22T12:00:00+03:00"),
    ]


@pytest.mark.parametrize(
    ("when", "answer"),
    [
        # 45 minutes before the truce began (it begins at 6:00 p.m. Moscow time, UTC+03:00)
        ("2025-04-19T17:15+03:00", "Nothing in the graph was in force on 2025-04-19T17:15+03:00.\n"),
        ("2025-04-19T18:00+03:00", f"In force on 2025-04-19T18:00+03:00, according to the graph:\n  {WINDOW}\n"),
        # the same instant in UTC
        ("2025-04-19T15:00Z", f"In force on 2025-04-19T15:00Z, according to the graph:\n  {WINDOW}\n"),
        ("2025-04-21T23:59+03:00", f"In force on 2025-04-21T23:59+03:00, according to the graph:\n  {WINDOW}\n"),
        # "until Monday midnight": the end of Monday, exclusive
        ("2025-04-22T00:00+03:00", "Nothing in the graph was in force on 2025-04-22T00:00+03:00.\n"),
    ],
)
def test_in_force_at_an_instant(easter_out, when, answer):
    done = kg_main("in-force", when, "--from", easter_out)
    assert (done.returncode, done.stdout, done.stderr) == (0, answer, "")


def test_each_violation_placed_against_the_window(easter_out):
    done = kg_main("violations", "--from", easter_out)
    block = (
        "Easter truce\n  alleged by:  {by}\n  accused:     {accused}\n  event:       {event}\n  when:        {when}\n"
        "  evidence:    “{quote}”\n  source:      Vesna Post: the Easter truce\n  denied by:   no one, in the graph\n"
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "".join(
        block.format(by=by, accused=accused, event=event, when=when, quote=quote)
        for by, accused, event, when, quote in [
            (
                "Northland",
                "Southland",
                "Fire on Northland's positions",
                "after it ended",
                "Northland said Southland fired on its positions early on Tuesday",
            ),
            (
                "Southland",
                "Northland",
                "Drones strike Vesna",
                "before it began",
                "Southland said Northland drones struck Vesna at 17:15 on Saturday, before the truce began",
            ),
            (
                "Southland",
                "Northland",
                "Shelling of the port",
                "during it",
                "and that Northland shelled the port at 23:40 on Sunday",
            ),
        ]
    )
