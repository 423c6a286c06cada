"""Tests for kg.timeexpr."""

import doctest
from datetime import date, timedelta

import pytest

import kg.builder.times
from kg.builder.times import (
    Duration,
    TimeParseError,
    TimePoint,
    add_duration,
    normalize_duration,
    normalize_instant,
)

REF = date(2025, 3, 18)  # a Tuesday


def test_reference_is_tuesday():
    assert REF.weekday() == 1


# ---- the required cases --------------------------------------------------


def test_last_year():
    p = normalize_instant("last year", REF)
    assert p.year == 2024
    assert p.precision == "year"
    assert p.earliest == date(2024, 1, 1)
    assert p.latest == date(2024, 12, 31)
    assert p.day is None
    assert p.year_month is None


def test_last_september():
    p = normalize_instant("last September", REF)
    assert p.precision == "month"
    assert p.earliest == date(2024, 9, 1)
    assert p.latest == date(2024, 9, 30)
    assert p.year_month == "2024-09"
    assert p.day is None
    assert p.year == 2024


def test_this_sunday():
    p = normalize_instant("this Sunday", REF)
    assert p.precision == "day"
    assert p.day == date(2025, 3, 23)
    assert p.earliest == p.latest == date(2025, 3, 23)
    assert p.year_month is None


def test_absolute_day():
    p = normalize_instant("March 18, 2025", REF)
    assert p.precision == "day"
    assert p.day == date(2025, 3, 18)


def test_30_day():
    d = normalize_duration("30-day")
    assert d.days == 30
    assert d.xsd == "P30D"
    assert d.wording == "30-day"


def test_add_duration():
    assert add_duration(date(2025, 3, 18), Duration("30 days", 30)) == date(2025, 4, 17)
    assert add_duration(REF, normalize_duration("30 days")) == date(2025, 4, 17)


def test_wording_preserved_exactly():
    p = normalize_instant(" Last Year ", REF)
    assert p.wording == " Last Year "
    assert p.year == 2024
    d = normalize_duration("  Thirty-Day ")
    assert d.wording == "  Thirty-Day "
    assert d.days == 30


@pytest.mark.parametrize("wording", ["soon after the call", "next fortnight", ""])
def test_instant_errors(wording):
    with pytest.raises(TimeParseError) as exc:
        normalize_instant(wording, REF)
    err = exc.value
    assert repr(wording) in err.message
    assert repr(wording) in str(err)
    assert err.hint
    assert str(err) == err.message + "\n  fix: " + err.hint
    assert isinstance(err, ValueError)


def test_duration_error_a_month():
    with pytest.raises(TimeParseError) as exc:
        normalize_duration("a month")
    assert "'a month'" in str(exc.value)
    assert "30-day" in exc.value.hint


def test_error_str_format():
    err = TimeParseError("bad", "do this")
    assert str(err) == "bad\n  fix: do this"
    assert err.hint == "do this"


def test_doctests():
    result = doctest.testmod(kg.builder.times)
    assert result.failed == 0
    assert result.attempted > 0


# ---- absolute forms -------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "March 18, 2025",
        "18 March 2025",
        "Mar. 18, 2025",
        "Mar 18, 2025",
        "mar. 18 2025",
        "2025-03-18",
        "MARCH 18, 2025",
        "march  18,  2025",
    ],
)
def test_absolute_day_forms(wording):
    p = normalize_instant(wording, date(2000, 1, 1))
    assert p.precision == "day"
    assert p.day == date(2025, 3, 18)
    assert p.wording == wording


@pytest.mark.parametrize(
    "wording,ym,last",
    [
        ("March 2025", "2025-03", date(2025, 3, 31)),
        ("September 2024", "2024-09", date(2024, 9, 30)),
        ("Feb. 2024", "2024-02", date(2024, 2, 29)),
        ("feb 2025", "2025-02", date(2025, 2, 28)),
    ],
)
def test_absolute_month(wording, ym, last):
    p = normalize_instant(wording, REF)
    assert p.precision == "month"
    assert p.year_month == ym
    assert p.earliest == last.replace(day=1)
    assert p.latest == last


def test_absolute_year():
    p = normalize_instant("2024", REF)
    assert (p.precision, p.earliest, p.latest) == ("year", date(2024, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize("wording", ["February 30, 2025", "2025-13-01", "Smarch 18, 2025", "18 2025"])
def test_invalid_absolute(wording):
    with pytest.raises(TimeParseError, match=repr(wording)):
        normalize_instant(wording, REF)


# ---- relative forms -------------------------------------------------------


def test_today_yesterday():
    assert normalize_instant("today", REF).day == REF
    assert normalize_instant("Yesterday", REF).day == date(2025, 3, 17)
    assert normalize_instant("yesterday", date(2025, 3, 1)).day == date(2025, 2, 28)


def test_this_next_year():
    assert normalize_instant("this year", REF).year == 2025
    assert normalize_instant("next year", REF).year == 2026
    assert normalize_instant("next year", REF).precision == "year"


@pytest.mark.parametrize(
    "wording,ym",
    [
        ("last September", "2024-09"),
        ("last March", "2024-03"),
        ("last February", "2025-02"),
        ("last Jan.", "2025-01"),
        ("last December", "2024-12"),
        ("this September", "2025-09"),
        ("this March", "2025-03"),
        ("this January", "2025-01"),
        ("next March", "2026-03"),
        ("next April", "2025-04"),
        ("next February", "2026-02"),
        ("next Sept.", "2025-09"),
        ("last month", "2025-02"),
        ("this month", "2025-03"),
        ("next month", "2025-04"),
    ],
)
def test_relative_months(wording, ym):
    p = normalize_instant(wording, REF)
    assert p.precision == "month"
    assert p.year_month == ym


def test_last_month_across_year():
    assert normalize_instant("last month", date(2025, 1, 10)).year_month == "2024-12"
    assert normalize_instant("next month", date(2025, 12, 10)).year_month == "2026-01"


@pytest.mark.parametrize(
    "wording,day",
    [
        ("this Sunday", date(2025, 3, 23)),
        ("this Tuesday", date(2025, 3, 18)),
        ("this Wednesday", date(2025, 3, 19)),
        ("this Monday", date(2025, 3, 24)),
        ("next Sunday", date(2025, 3, 30)),
        ("next Tuesday", date(2025, 3, 25)),
        ("last Sunday", date(2025, 3, 16)),
        ("last Monday", date(2025, 3, 17)),
        ("last Tuesday", date(2025, 3, 11)),
        ("last Wednesday", date(2025, 3, 12)),
    ],
)
def test_relative_weekdays(wording, day):
    p = normalize_instant(wording, REF)
    assert p.precision == "day"
    assert p.day == day


def test_weekday_invariants():
    for offset in range(14):
        ref = REF + timedelta(days=offset)
        for wd in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]:
            this = normalize_instant(f"this {wd}", ref).day
            nxt = normalize_instant(f"next {wd}", ref).day
            last = normalize_instant(f"last {wd}", ref).day
            assert 0 <= (this - ref).days <= 6
            assert nxt == this + timedelta(days=7)
            assert 1 <= (ref - last).days <= 7
            assert this.strftime("%A") == nxt.strftime("%A") == last.strftime("%A") == wd


@pytest.mark.parametrize("wording", ["last decade", "this morning", "next Sundays", "last", "in 20245"])
def test_other_relative_errors(wording):
    with pytest.raises(TimeParseError):
        normalize_instant(wording, REF)


def test_timepoint_frozen():
    p = normalize_instant("today", REF)
    assert isinstance(p, TimePoint)
    with pytest.raises(AttributeError):
        p.precision = "year"  # type: ignore[misc]


# ---- durations ------------------------------------------------------------


@pytest.mark.parametrize(
    "wording,days",
    [
        ("30-day", 30),
        ("30 days", 30),
        ("30 day", 30),
        ("one day", 1),
        ("a week", 7),
        ("one week", 7),
        ("2 weeks", 14),
        ("two-week", 14),
        ("10-day", 10),
        ("thirty-day", 30),
        ("Thirty Days", 30),
        ("twenty-one days", 21),
        ("seven-day", 7),
        ("90-day", 90),
        ("an eleven-day", None),
    ],
)
def test_durations(wording, days):
    if days is None:
        with pytest.raises(TimeParseError):
            normalize_duration(wording)
        return
    d = normalize_duration(wording)
    assert d.days == days
    assert d.xsd == f"P{days}D"


@pytest.mark.parametrize(
    "wording",
    ["a month", "3 months", "one year", "", "soon", "0 days", "several days", "day"],
)
def test_duration_errors(wording):
    with pytest.raises(TimeParseError) as exc:
        normalize_duration(wording)
    assert repr(wording) in str(exc.value)
    assert exc.value.hint


# ---- times of day, zones, hours, bounds and relative days (issue #13) -----------------------------------

from kg.builder.times import ZONE_NAMES, end_of, offset_of, shift, zone_named  # noqa: E402

EASTER = date(2025, 4, 19)  # a Saturday


def _values(p: TimePoint) -> tuple:
    return (
        p.precision,
        p.earliest.isoformat(),
        p.latest.isoformat(),
        p.start.isoformat() if p.start else None,
        p.stop.isoformat() if p.stop else None,
        p.zone,
        p.inclusive,
    )


@pytest.mark.parametrize(
    ("wording", "kw", "expected"),
    [
        (
            "6:00 p.m. Moscow time",
            {"day": EASTER},
            (
                "minute",
                "2025-04-19",
                "2025-04-19",
                "2025-04-19T18:00:00+03:00",
                "2025-04-19T18:00:00+03:00",
                "Europe/Moscow",
                None,
            ),
        ),
        (
            "from 6:00 p.m. Moscow time on Saturday",
            {},
            (
                "minute",
                "2025-04-19",
                "2025-04-19",
                "2025-04-19T18:00:00+03:00",
                "2025-04-19T18:00:00+03:00",
                "Europe/Moscow",
                None,
            ),
        ),
        (
            "18:00 Kyiv time",
            {"day": EASTER},
            (
                "minute",
                "2025-04-19",
                "2025-04-19",
                "2025-04-19T18:00:00+03:00",
                "2025-04-19T18:00:00+03:00",
                "Europe/Kyiv",
                None,
            ),
        ),
        (
            "18:00 Kyiv time",
            {"day": date(2025, 1, 18)},  # winter: +02:00
            (
                "minute",
                "2025-01-18",
                "2025-01-18",
                "2025-01-18T18:00:00+02:00",
                "2025-01-18T18:00:00+02:00",
                "Europe/Kyiv",
                None,
            ),
        ),
        (
            "11:00 a.m. EST",
            {"day": date(2025, 1, 10)},
            (
                "minute",
                "2025-01-10",
                "2025-01-10",
                "2025-01-10T11:00:00-05:00",
                "2025-01-10T11:00:00-05:00",
                "America/New_York",
                None,
            ),
        ),
        (
            "11 a.m. EST",
            {"day": date(2025, 7, 10)},  # the IANA zone's offset on that day
            (
                "hour",
                "2025-07-10",
                "2025-07-10",
                "2025-07-10T11:00:00-04:00",
                "2025-07-10T11:00:00-04:00",
                "America/New_York",
                None,
            ),
        ),
        (
            "midnight",
            {"day": EASTER, "zone": "Europe/Moscow"},
            (
                "hour",
                "2025-04-19",
                "2025-04-19",
                "2025-04-19T00:00:00+03:00",
                "2025-04-19T00:00:00+03:00",
                "Europe/Moscow",
                None,
            ),
        ),
        (
            "just after midnight on May 8",
            {"default_zone": "Europe/Moscow"},
            (
                "hour",
                "2025-05-08",
                "2025-05-08",
                "2025-05-08T00:00:00+03:00",
                "2025-05-08T01:00:00+03:00",
                "Europe/Moscow",
                None,
            ),
        ),
        (
            "until Monday midnight",
            {"default_zone": "Europe/Moscow", "forward_from": EASTER},
            (
                "hour",
                "2025-04-22",
                "2025-04-22",
                "2025-04-22T00:00:00+03:00",
                "2025-04-22T00:00:00+03:00",
                "Europe/Moscow",
                None,
            ),
        ),
        (
            "early on Monday",
            {"default_zone": "Europe/Kyiv"},
            (
                "hour",
                "2025-04-14",
                "2025-04-14",
                "2025-04-14T00:00:00+03:00",
                "2025-04-14T12:00:00+03:00",
                "Europe/Kyiv",
                None,
            ),
        ),
        (
            "overnight",
            {"day": EASTER, "default_zone": "Europe/Kyiv"},
            (
                "hour",
                "2025-04-19",
                "2025-04-19",
                "2025-04-19T00:00:00+03:00",
                "2025-04-19T06:00:00+03:00",
                "Europe/Kyiv",
                None,
            ),
        ),
        (
            "Saturday evening",
            {"default_zone": "UTC"},
            ("hour", "2025-04-19", "2025-04-19", "2025-04-19T18:00:00+00:00", "2025-04-20T00:00:00+00:00", "UTC", None),
        ),
        (
            "at 17:15",
            {"day": EASTER, "default_zone": "Europe/Kyiv"},
            (
                "minute",
                "2025-04-19",
                "2025-04-19",
                "2025-04-19T17:15:00+03:00",
                "2025-04-19T17:15:00+03:00",
                "Europe/Kyiv",
                None,
            ),
        ),
        ("on Tuesday", {}, ("day", "2025-04-15", "2025-04-15", None, None, None, None)),
        ("Saturday", {}, ("day", "2025-04-19", "2025-04-19", None, None, None, None)),
        ("until Monday", {"forward_from": EASTER}, ("day", "2025-04-21", "2025-04-21", None, None, None, None)),
        ("through Sunday", {"forward_from": EASTER}, ("day", "2025-04-20", "2025-04-20", None, None, None, True)),
        ("May 8 inclusive", {}, ("day", "2025-05-08", "2025-05-08", None, None, None, True)),
        ("last week", {}, ("days", "2025-04-07", "2025-04-13", None, None, None, None)),
        ("this week", {}, ("days", "2025-04-14", "2025-04-20", None, None, None, None)),
        ("in February", {}, ("month", "2025-02-01", "2025-02-28", None, None, None, None)),
        ("in January 2023", {}, ("month", "2023-01-01", "2023-01-31", None, None, None, None)),
        ("in 2024", {}, ("year", "2024-01-01", "2024-12-31", None, None, None, None)),
        ("early April", {}, ("days", "2025-04-01", "2025-04-10", None, None, None, None)),
        ("mid-April", {}, ("days", "2025-04-11", "2025-04-20", None, None, None, None)),
        ("late February 2024", {}, ("days", "2024-02-21", "2024-02-29", None, None, None, None)),
        ("early May", {}, ("days", "2024-05-01", "2024-05-10", None, None, None, None)),  # on or before the date
        ("May 8", {}, ("day", "2025-05-08", "2025-05-08", None, None, None, None)),  # the reference's year
        ("Saturday, April 19, 2025", {}, ("day", "2025-04-19", "2025-04-19", None, None, None, None)),
    ],
)
def test_times_of_day_and_relative_days(wording, kw, expected):
    assert _values(normalize_instant(wording, EASTER, **kw)) == expected


def test_exact_only_for_one_instant():
    assert normalize_instant("6 p.m. GMT", EASTER, day=EASTER).exact
    assert not normalize_instant("overnight", EASTER, day=EASTER, zone="UTC").exact
    assert not normalize_instant("Saturday", EASTER).exact


@pytest.mark.parametrize(
    ("wording", "kw", "message"),
    [
        ("25:00", {"day": EASTER, "zone": "UTC"}, "'25:00' is not a time of day: hours are 0 to 23, minutes 0 to 59"),
        ("18:60", {"day": EASTER, "zone": "UTC"}, "'18:60' is not a time of day: hours are 0 to 23, minutes 0 to 59"),
        (
            "13 p.m.",
            {"day": EASTER, "zone": "UTC"},
            "'13 p.m.' is not a time of day: a.m. and p.m. hours are 1 to 12, minutes 0 to 59",
        ),
        ("February 30", {}, "'February 30' is not a valid calendar day"),
        ("February 30, 2025", {}, "'February 30, 2025' is not a valid calendar day"),
        (
            "6 p.m. Narnia time",
            {"day": EASTER},
            "'6 p.m. Narnia time' names the time zone 'narnia time', which is not known",
        ),
        ("6 p.m. XST", {"day": EASTER}, "'6 p.m. XST' names the time zone 'XST', which is not known"),
        (
            "6 p.m. Moscow time",
            {"day": EASTER, "zone": "Europe/Kyiv"},
            "two different zones for the time '6 p.m. Moscow time': the wording says Europe/Moscow, the annotation "
            "zone: Europe/Kyiv",
        ),
        (
            "6 p.m. Moscow time (18:00 GMT)",
            {"day": EASTER},
            "'6 p.m. Moscow time (18:00 GMT)' names two different time zones (moscow time, gmt)",
        ),
        ("at 17:15", {"day": EASTER}, "the time 'at 17:15' has a time of day but no time zone"),
        ("at 17:15", {"zone": "UTC"}, "the time 'at 17:15' has a time of day but no day"),
        (
            "Sunday, April 19, 2025",
            {},
            "cannot normalize time wording 'Sunday, April 19, 2025': 2025-04-19 is not a Sunday",
        ),
    ],
)
def test_time_of_day_errors(wording, kw, message):
    with pytest.raises(TimeParseError) as exc:
        normalize_instant(wording, EASTER, **kw)
    assert exc.value.message == message


def test_an_unknown_zone_lists_the_known_ones():
    with pytest.raises(TimeParseError) as exc:
        normalize_instant("6 p.m. Narnia time", EASTER, day=EASTER)
    assert exc.value.hint.startswith("zone names known: Ankara time, Beirut time, Eastern time, Gaza time,")
    assert "Moscow time" in exc.value.hint and "EST" in exc.value.hint and "local time" in exc.value.hint


def test_the_zone_table_names_iana_zones():
    for name, zone in ZONE_NAMES.items():
        assert zone_named(zone) == zone, name
    with pytest.raises(TimeParseError) as exc:
        zone_named("Europe/Kiyv")
    assert exc.value.message == "'Europe/Kiyv' is not a time zone of the IANA database"
    with pytest.raises(TimeParseError):
        zone_named("../etc/passwd")


def test_an_unknown_form_lists_the_forms_understood():
    with pytest.raises(TimeParseError) as exc:
        normalize_instant("soon after the talks", EASTER)
    assert exc.value.message == "cannot normalize time wording 'soon after the talks': not a recognized form"
    for form in ("'6:00 p.m. Moscow time'", "'on Tuesday'", "'last/this week'", "'early/mid/late May'", "'overnight'"):
        assert form in exc.value.hint


@pytest.mark.parametrize(
    ("wording", "days", "hours", "at_least", "xsd"),
    [
        ("30-hour", 0, 30, False, "PT30H"),
        ("72-hour", 0, 72, False, "PT72H"),
        ("72 hours", 0, 72, False, "PT72H"),
        ("three-day", 3, 0, False, "P3D"),
        ("two weeks", 14, 0, False, "P14D"),
        ("at least 30 days", 30, 0, True, "P30D"),
        ("for at least 30 days", 30, 0, True, "P30D"),
    ],
)
def test_durations_in_hours_and_open(wording, days, hours, at_least, xsd):
    d = normalize_duration(wording)
    assert (d.days, d.hours, d.at_least, d.xsd) == (days, hours, at_least, xsd)


@pytest.mark.parametrize("wording", ["0-hour", "0 days", "-3 days", "at least 0 hours"])
def test_a_duration_of_zero_or_less_is_an_error(wording):
    with pytest.raises(TimeParseError) as exc:
        normalize_duration(wording)
    assert exc.value.message == f"cannot normalize duration wording {wording!r}: a duration must be positive"


def test_a_30_hour_truce_from_saturday_18_00_ends_monday_00_00():
    start = normalize_instant("6:00 p.m. Moscow time on Saturday", EASTER)
    end = end_of(start, normalize_duration("30-hour"))
    assert _values(end) == (
        "minute",
        "2025-04-21",
        "2025-04-21",
        "2025-04-21T00:00:00+03:00",
        "2025-04-21T00:00:00+03:00",
        "Europe/Moscow",
        None,
    )


def test_hours_across_a_change_of_the_clocks_are_elapsed_time():
    start = normalize_instant("6 p.m. Kyiv time", EASTER, day=date(2025, 3, 29))  # clocks go forward on the 30th
    end = end_of(start, normalize_duration("24 hours"))
    assert end.start.isoformat() == "2025-03-30T19:00:00+03:00"


def test_ends_from_day_level_beginnings():
    day = normalize_instant("March 18, 2025", REF)
    assert _values(end_of(day, normalize_duration("30-day"))) == (
        "day",
        "2025-04-17",
        "2025-04-17",
        None,
        None,
        None,
        None,
    )
    # known to the day only: a 30-hour period ends on one of two days
    assert _values(end_of(day, normalize_duration("30-hour"))) == (
        "relative",
        "2025-03-19",
        "2025-03-20",
        None,
        None,
        None,
        None,
    )


def test_relations_to_another_time():
    assert offset_of("one day after the talks") == (Duration("one day", 1), 1)
    assert offset_of("two days before the shelling") == (Duration("two days", 2), -1)
    assert offset_of("a day later") == (Duration("a day", 1), 1)
    assert offset_of("after the talks") is None
    talks = normalize_instant("March 18, 2025", REF)
    assert _values(shift(talks, Duration("one day", 1), 1, "one day after the talks")) == (
        "day",
        "2025-03-19",
        "2025-03-19",
        None,
        None,
        None,
        None,
    )
    month = normalize_instant("last September", REF)
    assert _values(shift(month, Duration("two days", 2), -1, "two days before")) == (
        "days",
        "2024-08-30",
        "2024-09-28",
        None,
        None,
        None,
        None,
    )
    early = normalize_instant("early on Monday", EASTER, default_zone="Europe/Kyiv")
    assert _values(shift(early, Duration("one day", 1), 1, "one day after")) == (
        "hour",
        "2025-04-15",
        "2025-04-15",
        "2025-04-15T00:00:00+03:00",
        "2025-04-15T12:00:00+03:00",
        "Europe/Kyiv",
        None,
    )
