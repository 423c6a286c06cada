"""The timeline at the scale of hours (issue #13, point 7): times with a time of day from the query ``timeline``,
the hour axis, --since/--until and --proposal. The hour data is the invented TriG fixture
tests/data/hours/truce-hours.trig (a 30-hour truce, following the RDF contract of issue #13), loaded with
KnowledgeGraph; the day-level data is the seed, built. Real files are written and opened."""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import pytest
from conftest import kg_main

ID = "https://w3id.org/ceasefire-kg/id/"
TRUCE, HARBOUR = ID + "proposal/easter-truce", ID + "proposal/harbour-pause"
FIXTURE = Path(__file__).parent / "data" / "hours" / "truce-hours.trig"
UTC3 = dt.timezone(dt.timedelta(hours=3))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 4, day, hour, minute, tzinfo=UTC3)


@pytest.fixture(scope="module")
def hours():
    import rdflib

    import kg

    ds = rdflib.Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    return kg.KnowledgeGraph.from_dataset(ds)


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_the_query_gives_the_instants_of_a_time_of_day_and_none_for_a_day(hours):
    rows = {(short(str(r.item)), str(r.what)): r for r in hours.run("timeline")}
    truce = rows[("easter-truce", "in effect")]
    got = [None if x is None else str(x) for x in truce[8:13]]
    assert got == ["2025-04-19T18:00:00+03:00"] * 2 + ["2025-04-21T00:00:00+03:00"] * 2 + [None]
    assert str(truce.derived) == "true" and str(truce.latest) == "2025-04-21"
    shelling = rows[("overnight-shelling", "time")]
    assert (str(shelling.earliestInstant), str(shelling.latestInstant)) == (
        "2025-04-20T00:00:00+03:00",
        "2025-04-20T06:00:00+03:00",
    )
    depot = rows[("depot-strike", "time")]
    assert (depot.earliestInstant, depot.latestInstant, str(depot.precision)) == (None, None, "day")
    assert rows[("harbour-pause", "in effect")].inclusive.toPython() is True


def test_an_inclusive_day_end_is_in_force_through_that_day(hours):
    from kg.viz.timeline_model import timeline_lanes

    (harbour,) = [ln for ln in timeline_lanes(hours) if ln.item == HARBOUR]
    (window,) = harbour.marks
    assert (window.latest, window.last, window.shape) == (dt.date(2025, 6, 14), dt.date(2025, 6, 15), "window")
    assert window.dates == "in force 2025-06-01 → 2025-06-15"


def test_a_proposal_s_story_of_36_hours_is_drawn_on_an_hour_axis(hours):
    from kg.viz.timeline import timeline_picture

    pic = timeline_picture(hours, proposal=TRUCE)
    assert [short(ln.item) for ln in pic.lanes] == [
        "easter-truce",
        "drones-before",
        "overnight-shelling",
        "truce-broken",
        "southland-accepts-truce",
    ]  # the depot strike and the harbour pause are not about the truce
    assert pic.hours == (at(19, 8), at(21, 4))
    assert [label for _, label in pic.ticks] == [
        "Sat 19 Apr 12:00",
        "Sat 19 Apr 18:00",
        "Sun 20 Apr 00:00",
        "Sun 20 Apr 06:00",
        "Sun 20 Apr 12:00",
        "Sun 20 Apr 18:00",
        "Mon 21 Apr 00:00",
    ]


def test_every_mark_says_its_hours(hours):
    from kg.viz.timeline_model import hour_dates, timeline_lanes

    said = {(short(ln.item), m.what): hour_dates(m, UTC3) for ln in timeline_lanes(hours) for m in ln.marks}
    assert said == {
        ("easter-truce", "in effect"): "in force Sat 19 Apr 18:00 → Mon 21 Apr 00:00 (end derived)",
        ("easter-truce", "declared"): "declared Sat 19 Apr 15:00",
        ("drones-before", "time"): "Sat 19 Apr 17:15",
        ("overnight-shelling", "time"): "Sun 20 Apr 00:00 … Sun 20 Apr 06:00",
        ("depot-strike", "time"): "Sun 20 Apr 00:00 … Mon 21 Apr 00:00 (day only)",
        ("truce-broken", "time"): "Sun 20 Apr 09:30",
        ("southland-accepts-truce", "time"): "Sat 19 Apr 12:00",
        ("harbour-pause", "in effect"): "in force Sun 1 Jun 00:00 → Sun 15 Jun 00:00 (to the day only)",
        ("northland-proposes-harbour-pause", "time"): "Wed 28 May 00:00 … Thu 29 May 00:00 (day only)",
    }


def test_the_marks_sit_at_their_minute_and_a_day_spans_the_whole_day(hours):
    from matplotlib.dates import date2num

    from kg.viz.timeline import timeline_figure

    fig = timeline_figure(hours, since=dt.date(2025, 4, 19), until=dt.date(2025, 4, 20))
    pic = fig.kg_timeline
    assert pic.hours == (at(19, 0), at(21, 0))  # a date: from its start; through its end
    assert pic.axes[0].get_xlim() == (date2num(at(19, 0)), date2num(at(21, 0)))
    (bar,) = pic.artists[(TRUCE, "window")]
    assert (bar.get_x(), bar.get_x() + bar.get_width()) == pytest.approx((date2num(at(19, 18)), date2num(at(21, 0))))
    (drone,) = pic.artists[(ID + "event/drones-before", "point")]
    assert drone.get_xdata()[0] == pytest.approx(date2num(at(19, 17, 15)))
    (depot,) = pic.artists[(ID + "event/depot-strike", "range")]
    assert (depot.get_x(), depot.get_x() + depot.get_width()) == pytest.approx(
        (date2num(at(20, 0)), date2num(at(21, 0)))
    )
    labels = [" ".join(t.get_text().split()) for t in pic.axes[0].get_xticklabels()]
    assert labels[:2] == ["Sat 19 Apr 00:00", "06:00"] and "Sun 20 Apr 00:00" in labels
    notes = [" ".join(t.get_text().split()) for t in fig.texts]
    assert any(n.startswith("Hours in UTC+03:00") for n in notes)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_hour_picture_is_written(hours, tmp_path, fmt):
    from kg.viz.timeline import plot_timeline

    out = plot_timeline(hours, tmp_path / f"truce.{fmt}", proposal=TRUCE, width=12, dpi=100)
    data = out.read_bytes()
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = struct.unpack(">II", data[16:24])
        assert w == 1200 and h % 50 == 0 and h >= 500
    else:
        text = data.decode("utf-8")
        assert text.startswith("<?xml") and "<svg" in text
        said = {" ".join(c.split()) for c in re.findall(r"<!-- (.*?) -->", text, flags=re.S)}
        # matplotlib names each line of text in a comment: the ticks (the day under the first and each midnight)
        assert {"Sat 19 Apr", "Sun 20 Apr", "Mon 21 Apr", "00:00", "12:00"} <= said
        assert "declared Sat 19 Apr 15:00 · in force Sat 19 Apr 18:00 → Mon 21 Apr 00:00 (end derived)" in said
        assert {"Sat 19 Apr 17:15", "Sun 20 Apr 00:00 … Sun 20 Apr 06:00", "Sun 20 Apr 09:30"} <= said


def test_a_long_span_keeps_the_date_axis(hours):
    from kg.viz.timeline import timeline_picture

    pic = timeline_picture(hours)
    assert pic.hours is None
    assert pic.panels == [(dt.date(2025, 4, 11), dt.date(2025, 4, 29)), (dt.date(2025, 5, 26), dt.date(2025, 6, 17))]


# -- the command, on the seed (days) ----------------------------------------------------------------------------------


def test_since_until_zoom_the_seed_to_a_window(seed_out, tmp_path):
    import kg
    from kg.viz.timeline import timeline_picture

    pic = timeline_picture(kg.load(seed_out), since=dt.date(2025, 3, 10), until=dt.date(2025, 3, 31))
    assert pic.hours is None and pic.panels == [(dt.date(2025, 3, 10), dt.date(2025, 4, 1))]
    assert "event/brics-summit" not in {ln.item.split("/id/")[-1] for ln in pic.lanes}
    out = tmp_path / "march.png"
    result = kg_main("timeline", "--from", seed_out, "--since", "2025-03-10", "--until", "2025-03-31", "--out", out)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"wrote {out}\n", "")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_proposal_names_the_file_after_it(seed_out):
    result = kg_main("timeline", "--from", seed_out, "--proposal", "energy pause")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {seed_out / 'ceasefire-kg-timeline-energy-pause.png'}\n"


HINT = "  fix: give a date (2025-04-19) or a date-time with its offset (2025-04-19T18:00+03:00, or Z for UTC)\n"


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["--since", "2025-02-30"], "kg timeline: --since '2025-02-30' is not a date\n" + HINT),
        (
            ["--until", "2025-04-19T25:00+03:00"],
            "kg timeline: --until '2025-04-19T25:00+03:00' is not a date or a date-time\n" + HINT,
        ),
        (
            ["--since", "2025-04-19T18:00"],
            "kg timeline: --since '2025-04-19T18:00' has no offset: the same clock time is a different instant in "
            "each zone\n" + HINT,
        ),
        (
            ["--since", "2025-04-01", "--until", "2025-03-01"],
            "kg timeline: --since 2025-04-01 is not before --until 2025-03-01\n",
        ),
        (["--since", "2026-01-01"], "kg timeline: nothing in the graph is dated from 2026-01-01\n"),
        (["--proposal", "Putin"], "kg timeline: actor/putin is not a proposal\n"),
    ],
)
def test_bad_values_are_clear_errors_and_write_nothing(seed_out, tmp_path, args, stderr):
    out = tmp_path / "t.png"
    result = kg_main("timeline", "--from", seed_out, "--out", out, *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", stderr)
    assert not out.exists()


def test_help_explains_the_axis_and_the_options():
    result = kg_main("timeline", "--help")
    text = " ".join(result.stdout.split())
    assert result.returncode == 0
    for said in (
        "--since WHEN",
        "--until WHEN",
        "--proposal P",
        "drawn on an hour axis",
        'kg timeline --proposal "energy pause" one proposal\'s story',
    ):
        assert said in text, said


# -- readability with several sources (seed + seeds/examples/sources) ---------------------------------------------


def test_the_dense_days_of_several_sources_get_a_part_of_their_own(tmp_path):
    """Built from the seed and the four invented example articles, the days around the call (18 to 24 March 2025,
    where most times fall) are a part of the axis of their own, about half the width, not the corner of the
    energy pause's month-long part; the pause's bar runs on across the break to its ends."""
    from conftest import SEED_YAML

    import kg
    from kg.viz.timeline import timeline_figure
    from kg.viz.timeline_model import panel_shares, stretches

    sources = Path(__file__).parent.parent / "seeds" / "examples" / "sources"
    out = tmp_path / "out"
    kg.build_to([SEED_YAML, *sorted(sources.glob("*.yaml"))], out, progress=None)
    fig = timeline_figure(kg.load(out))
    pic = fig.kg_timeline
    assert len(pic.lanes) == 20
    assert stretches(pic.lanes) == [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 3, 18), dt.date(2025, 3, 24)),
        (dt.date(2025, 4, 16), dt.date(2025, 4, 17)),
    ]
    assert [round(s, 2) for s in panel_shares(pic.lanes, pic.panels)] == [0.26, 0.49, 0.25]
    a, b = pic.panels[1]
    assert (dt.date(2025, 3, 18) - a).days >= 5 and (b - dt.date(2025, 3, 24)).days >= 5  # room on both sides
    bars = pic.artists[(ID + "proposal/energy-pause", "window")]  # two windows (the sources differ), each in two parts
    assert [bar.axes for bar in bars] == pic.axes[1:] * 2


# an invented truce whose bounds are known only within some hours ("early on Monday" until "overnight"), as the
# contract writes them: its window is a bar from the last moment it can have begun to the first it can have
# ended (the exclusive rule), each imprecise bound a faded band
IMPRECISE = """
@prefix cfo: <https://w3id.org/ceasefire-kg/ontology#> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <https://schema.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix id: <https://w3id.org/ceasefire-kg/id/> .
<https://w3id.org/ceasefire-kg/precision/hour> skos:notation "hour" .
id:a a schema:NewsArticle ; rdfs:label "An invented article" .
id:g { id:g prov:wasDerivedFrom id:a .
  id:t a cfo:Proposal ; rdfs:label "Invented hill truce" ; cfo:inEffect id:w .
  id:w time:hasBeginning id:b ; time:hasEnd id:e .
  id:b cfo:wording "early on Monday" ; cfo:precision <https://w3id.org/ceasefire-kg/precision/hour> ;
    cfo:earliest "2025-04-21"^^xsd:date ; cfo:latest "2025-04-21"^^xsd:date ;
    cfo:earliestInstant "2025-04-21T00:00:00+03:00"^^xsd:dateTimeStamp ;
    cfo:latestInstant "2025-04-21T12:00:00+03:00"^^xsd:dateTimeStamp .
  id:e cfo:wording "overnight" ; cfo:precision <https://w3id.org/ceasefire-kg/precision/hour> ;
    cfo:earliest "2025-04-22"^^xsd:date ; cfo:latest "2025-04-22"^^xsd:date ;
    cfo:earliestInstant "2025-04-22T00:00:00+03:00"^^xsd:dateTimeStamp ;
    cfo:latestInstant "2025-04-22T06:00:00+03:00"^^xsd:dateTimeStamp . }
"""


def test_imprecise_bounds_of_a_window_are_faded_bands():
    import rdflib
    from matplotlib.dates import date2num

    import kg
    from kg.viz.timeline import timeline_figure
    from kg.viz.timeline_model import hour_dates

    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=IMPRECISE, format="trig")
    fig = timeline_figure(kg.KnowledgeGraph.from_dataset(ds))
    pic = fig.kg_timeline
    truce = "https://w3id.org/ceasefire-kg/id/t"
    ((window,),) = [ln.marks for ln in pic.lanes]
    assert hour_dates(window, UTC3) == (
        "in force Mon 21 Apr 00:00 … Mon 21 Apr 12:00 → Tue 22 Apr 00:00 (end Tue 22 Apr 00:00 … Tue 22 Apr 06:00)"
    )
    (bar,) = pic.artists[(truce, "window")]
    assert (bar.get_x(), bar.get_x() + bar.get_width()) == pytest.approx((date2num(at(21, 12)), date2num(at(22, 0))))
    bands = [x for b in pic.artists[(truce, "imprecise-bound")] for x in (b.get_x(), b.get_x() + b.get_width())]
    assert bands == pytest.approx([date2num(at(21, 0)), date2num(at(21, 12)), date2num(at(22, 0)), date2num(at(22, 6))])
    assert all(b.get_alpha() < 0.5 for b in pic.artists[(truce, "imprecise-bound")])
    assert "imprecise bound: when it began or ended" in [t.get_text() for t in fig.legends[0].get_texts()]
