"""Times to the hour (issue #13, part T): the invented article tests/data/hours/ built with `kg build`, its
normalized times asserted exactly (days, instants with their offsets, zones, precisions, durations, bounds), and
bad input: a clear error with the file and line, exit code 2, and nothing written."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import DATA, run_kg
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import TIME, XSD

from kg.builder.article import build, derived_graph_iri, graph_iri
from kg.errors import InputErrors
from kg.namespaces import CFO, ID

YAML = DATA / "hours" / "hours.yaml"
ARTICLE = "kgn-2025-04-lumen-hours"
PRECISION = "https://w3id.org/ceasefire-kg/precision/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The graphs as `kg build` writes them (read back from its TriG), the article's and the derived one."""
    out = tmp_path_factory.mktemp("hours") / "out"
    run = run_kg("build", YAML, "--out", out)
    assert run.returncode == 0, run.stderr
    ds = Dataset()
    trig = (out / "ceasefire-kg.trig").read_text(encoding="utf-8")
    assert '"PT30H"^^xsd:duration' in trig  # as the contract writes it
    ds.parse(data=trig, format="trig")
    return ds.graph(graph_iri(ARTICLE)), ds.graph(derived_graph_iri(ARTICLE))


def when(record: str, key: str) -> URIRef:
    return ID[f"time/{ARTICLE}/{record}/{key}"]


def values(g, node: URIRef) -> dict[str, str]:
    """The time's normalized values, as text: precision, days, instants, zone, inclusive, relations."""
    props = {
        "precision": CFO.precision,
        "earliest": CFO.earliest,
        "latest": CFO.latest,
        "earliestInstant": CFO.earliestInstant,
        "latestInstant": CFO.latestInstant,
        "instant": TIME.inXSDDateTimeStamp,
        "date": TIME.inXSDDate,
        "zone": CFO.timeZone,
        "inclusive": CFO.inclusive,
    }
    found = {}
    for name, prop in props.items():
        objs = list(g.objects(node, prop))
        assert len(objs) <= 1, (node, prop, objs)
        if objs:
            found[name] = str(objs[0]).removeprefix(PRECISION)
    return found


def test_a_time_of_day_in_a_named_zone(built):
    g, _ = built
    assert values(g, when("northland-truce", "inEffect-begins")) == {
        "precision": "minute",
        "earliest": "2025-04-19",
        "latest": "2025-04-19",
        "earliestInstant": "2025-04-19T18:00:00+03:00",
        "latestInstant": "2025-04-19T18:00:00+03:00",
        "instant": "2025-04-19T18:00:00+03:00",
        "zone": "Europe/Moscow",
    }
    instant = g.value(when("northland-truce", "inEffect-begins"), CFO.earliestInstant)
    assert instant.datatype == XSD.dateTimeStamp


def test_a_time_of_day_in_the_articles_zone_is_45_minutes_before_the_truce(built):
    g, _ = built
    assert values(g, when("drone-strike", "hasTime")) == {
        "precision": "minute",
        "earliest": "2025-04-19",
        "latest": "2025-04-19",
        "earliestInstant": "2025-04-19T17:15:00+03:00",
        "latestInstant": "2025-04-19T17:15:00+03:00",
        "instant": "2025-04-19T17:15:00+03:00",
        "zone": "Europe/Kyiv",
    }


def test_a_30_hour_truce_ends_at_monday_00_00_exclusive(built):
    g, d = built
    duration = when("northland-truce", "inEffect-duration")
    assert g.value(duration, TIME.hasXSDDuration).datatype == XSD.duration
    assert g.value(duration, TIME.hasXSDDuration).toPython() == timedelta(hours=30)  # rdflib reads "P1DT6H"
    assert g.value(duration, TIME.unitType) == TIME.unitHour
    assert str(g.value(duration, TIME.numericDuration)) == "30.0"
    assert g.value(duration, CFO.atLeast) is None
    end = when("northland-truce", "inEffect-end")
    assert values(d, end) == {
        "precision": "minute",
        "earliest": "2025-04-21",
        "latest": "2025-04-21",
        "earliestInstant": "2025-04-21T00:00:00+03:00",
        "latestInstant": "2025-04-21T00:00:00+03:00",
        "instant": "2025-04-21T00:00:00+03:00",
        "zone": "Europe/Moscow",
    }
    assert d.value(end, CFO.derivedBy) == CFO.EndFromDuration
    assert str(d.value(end, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))) == (
        "2025-04-19T18:00:00+03:00 + 30 hours = 2025-04-21T00:00:00+03:00"
    )


def test_monday_midnight_is_the_end_of_monday(built):
    g, _ = built
    assert values(g, when("southland-truce", "inEffect-begins"))["earliestInstant"] == "2025-04-19T18:00:00+03:00"
    assert values(g, when("southland-truce", "inEffect-ends")) == {
        "precision": "hour",
        "earliest": "2025-04-22",
        "latest": "2025-04-22",
        "earliestInstant": "2025-04-22T00:00:00+03:00",
        "latestInstant": "2025-04-22T00:00:00+03:00",
        "instant": "2025-04-22T00:00:00+03:00",
        "zone": "Europe/Kyiv",
    }


def test_early_on_monday_and_relations_to_it(built):
    g, _ = built
    assert values(g, when("monday-shelling", "hasTime")) == {
        "precision": "hour",
        "earliest": "2025-04-14",
        "latest": "2025-04-14",
        "earliestInstant": "2025-04-14T00:00:00+03:00",
        "latestInstant": "2025-04-14T12:00:00+03:00",
        "zone": "Europe/Kyiv",
    }
    assert values(g, when("envoys-arrive", "hasTime")) == {
        "precision": "hour",
        "earliest": "2025-04-15",
        "latest": "2025-04-15",
        "earliestInstant": "2025-04-15T00:00:00+03:00",
        "latestInstant": "2025-04-15T12:00:00+03:00",
        "zone": "Europe/Kyiv",
    }
    assert g.value(when("envoys-arrive", "hasTime"), TIME.after) == when("monday-shelling", "hasTime")
    assert values(g, when("northland-warning", "hasTime")) == {
        "precision": "hour",
        "earliest": "2025-04-12",
        "latest": "2025-04-12",
        "earliestInstant": "2025-04-12T00:00:00+03:00",
        "latestInstant": "2025-04-12T12:00:00+03:00",
        "zone": "Europe/Kyiv",
    }
    assert g.value(when("northland-warning", "hasTime"), TIME.before) == when("monday-shelling", "hasTime")


def test_relative_days_have_their_precision_and_range(built):
    g, _ = built
    assert values(g, when("envoys-meet", "hasTime")) == {
        "precision": "days",
        "earliest": "2025-04-07",
        "latest": "2025-04-13",
    }
    assert values(g, when("february-talks", "hasTime")) == {
        "precision": "month",
        "earliest": "2025-02-01",
        "latest": "2025-02-28",
    }


def test_through_sunday_includes_sunday(built):
    g, _ = built
    assert values(g, when("harbour-pause", "inEffect-begins")) == {
        "precision": "day",
        "earliest": "2025-04-19",
        "latest": "2025-04-19",
        "date": "2025-04-19",
    }
    assert values(g, when("harbour-pause", "inEffect-ends")) == {
        "precision": "day",
        "earliest": "2025-04-20",
        "latest": "2025-04-20",
        "date": "2025-04-20",
        "inclusive": "true",
    }


def test_at_least_30_days_has_no_end(built):
    g, d = built
    duration = when("southland-ceasefire", "inEffect-duration")
    assert g.value(duration, CFO.atLeast) == Literal(True)
    assert str(g.value(duration, TIME.hasXSDDuration)) == "P30D"
    interval = when("southland-ceasefire", "inEffect")
    assert g.value(interval, TIME.hasEnd) is None and d.value(interval, TIME.hasEnd) is None


def test_the_extension_clause_is_quoted(built):
    g, _ = built
    truce = ID["proposal/northland-truce"]
    assert g.value(truce, CFO.extensionClause) == Literal("can be extended by mutual agreement")
    quotes = {
        str(g.value(sel, URIRef("http://www.w3.org/ns/oa#exact")))
        for ev in g.objects(truce, CFO.evidence)
        for sel in g.objects(ev, URIRef("http://www.w3.org/ns/oa#hasSelector"))
    }
    assert "can be extended by mutual agreement" in quotes


# ---- bad input -----------------------------------------------------------------------------------------------


def _copy(tmp_path: Path, yaml_edits: list[tuple[str, str]], text_edits: list[tuple[str, str]]) -> Path:
    yaml, text = YAML.read_text(encoding="utf-8"), (DATA / "hours" / "hours.txt").read_text(encoding="utf-8")
    for old, new in yaml_edits:
        assert old in yaml, old
        yaml = yaml.replace(old, new, 1)
    for old, new in text_edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (tmp_path / "hours.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "hours.yaml"
    path.write_text(yaml, encoding="utf-8")
    return path


def _line(path: Path, where: str) -> int:
    """The line of the first ``snippet`` of ``where``, or of the first after the record's ``- id: RECORD`` for
    ``RECORD/snippet`` (a time of an interval is reported at its ``inEffect:``)."""
    record, _, snippet = where.rpartition("/") if where.startswith(("harbour", "northland")) else ("", "", where)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith(f"- id: {record}")) if record else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if snippet in line)


BAD = [
    pytest.param(
        [('{quote: "at 17:15"', '{quote: "at 25:15"')],
        [("at 17:15", "at 25:15")],
        "at 25:15",
        "[drone-strike] the time 'at 25:15': 'at 25:15' is not a time of day: hours are 0 to 23, minutes 0 to 59",
        "fix: write e.g. '18:00' or '6:00 p.m.'; for the end of a day write 'midnight' after the day "
        "('Monday midnight')",
        id="25:00",
    ),
    pytest.param(
        [('{quote: "in February"}', '{quote: "on February 30"}'), ('quote: "and in February"', 'quote: "and on"')],
        [("and in February", "and on February 30")],
        "February 30",
        "[february-talks] the time 'on February 30': 'on February 30' is not a valid calendar day",
        "fix: understood forms: 'March 18, 2025'",
        id="February 30",
    ),
    pytest.param(
        [('ends: {quote: "through Sunday"}', 'ends: {quote: "in February"}')],
        [],
        "harbour-pause/inEffect:",
        "[harbour-pause] the interval 'inEffect' ends ('in February', 2025-02-01 to 2025-02-28) before it begins "
        "('from Saturday', 2025-04-19)",
        "fix: check the quotes of begins: and ends: and their days ('date:'), zones and the reference date",
        id="end before beginning",
    ),
    pytest.param(
        [('{quote: "30-hour"}', '{quote: "0-hour"}'), ('"Northland declared a 30-hour truce"', '"Northland declared"')],
        [("a 30-hour truce", "a 0-hour truce")],
        "northland-truce/inEffect:",
        "[northland-truce] the duration '0-hour' does not parse: a duration must be positive",
        "fix: understood forms: '30-day'",
        id="zero duration",
    ),
    pytest.param(
        [('"6:00 p.m. Moscow time on Saturday"', '"6:00 p.m. Narnia time on Saturday"')],
        [("6:00 p.m. Moscow time", "6:00 p.m. Narnia time")],
        "northland-truce/inEffect:",
        "[northland-truce] the time '6:00 p.m. Narnia time on Saturday': '6:00 p.m. Narnia time on Saturday' names "
        "the time zone 'narnia time', which is not known",
        "fix: zone names known: Ankara time, Beirut time, Eastern time,",
        id="unknown zone name",
    ),
    pytest.param(
        [("  timezone: Europe/Kyiv", "  timezone: Europe/Kiyv")],
        [],
        "timezone: Europe/Kiyv",
        "[kgn-2025-04-lumen-hours] timezone: 'Europe/Kiyv' is not a time zone of the IANA database",
        "fix: write the IANA name, e.g. Europe/Kyiv, Europe/Moscow, America/New_York, UTC",
        id="unknown IANA zone",
    ),
    pytest.param(
        [("  timezone: Europe/Kyiv\n", "")],
        [],
        '{quote: "at 17:15"',
        "[drone-strike] the time 'at 17:15': the time 'at 17:15' has a time of day but no time zone",
        "fix: add the zone: 'timezone: Europe/Kyiv' under 'article:' (the zone of its times), "
        "or {quote: ..., zone: Europe/Moscow} on this time",
        id="no zone",
    ),
    pytest.param(
        [
            (
                "\nproposals:",
                "  - id: second-strike\n    type: Attack\n    label: Second strike\n"
                '    hasTime: {quote: "at 17:15", date: 2025-04-19, zone: Europe/Moscow}\n'
                '    quote: "drones struck Lumen"\n\nproposals:',
            )
        ],
        [],
        "zone: Europe/Moscow}",
        "[second-strike] two different zones for the time 'at 17:15' in one article: Europe/Kyiv (line 38) and "
        "Europe/Moscow",
        "fix: the same words mean the same instant: give both times the same zone",
        id="two zones for one instant",
    ),
    pytest.param(
        [('{quote: "at 17:15", date: 2025-04-19}', '{quote: "at 17:15", date: 2025-04-19, zone: Moscow}')],
        [],
        "zone: Moscow}",
        "[drone-strike] 'hasTime.zone': 'Moscow' is not a time zone of the IANA database",
        "fix: write the IANA name, e.g. Europe/Kyiv, Europe/Moscow, America/New_York, UTC",
        id="zone: not an IANA name",
    ),
    pytest.param(
        [('begins: {quote: "from Saturday"}', 'begins: {quote: "from Saturday", inclusive: true}')],
        [],
        "harbour-pause/inEffect:",
        "[harbour-pause] 'inclusive:' is only for the end of an interval (ends:), not for 'inEffect-begins'",
        'fix: write ends: {quote: "...", inclusive: true} when the period includes its last day or moment',
        id="inclusive on a beginning",
    ),
    pytest.param(
        [('{quote: "last week"}', '{quote: "before the truce began"}')],
        [],
        '{quote: "before the truce began"}',
        "[envoys-meet] the date 'before the truce began' does not parse",
        "fix: understood forms: 'March 18, 2025', '18 March 2025'",
        id="a form not understood",
    ),
]


@pytest.mark.parametrize(("yaml_edits", "text_edits", "where", "message", "fix"), BAD)
def test_bad_input_is_an_error_with_file_and_line(tmp_path, yaml_edits, text_edits, where, message, fix):
    path = _copy(tmp_path, yaml_edits, text_edits)
    run = run_kg("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert f"hours.yaml:{_line(path, where)}: {message}\n" in run.stderr
    assert f"  {fix}" in run.stderr
    assert "nothing was written" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputErrors):
        build([path])
