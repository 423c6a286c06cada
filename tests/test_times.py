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
