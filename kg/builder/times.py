"""Normalize time wordings quoted from news articles.

Annotators quote time expressions verbatim ("last year", "last September",
"this Sunday", "March 18, 2025", "30-day").  This module turns them into
honest values relative to the article's reference date: an exact day only
when the wording gives one, otherwise a precision plus an
``[earliest, latest]`` range.  Nothing ever invents an exact day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "Duration",
    "TimeParseError",
    "TimePoint",
    "add_duration",
    "normalize_duration",
    "normalize_instant",
]

INSTANT_HINT = (
    "understood forms: 'March 18, 2025', '18 March 2025', 'Mar. 18, 2025', "
    "'2025-03-18', 'March 2025', '2024', 'today', 'yesterday', "
    "'last/this/next year', 'last month', 'last/this/next September', "
    "'last/this/next Sunday'"
)
DURATION_HINT = (
    "understood forms: '30-day', '30 days', 'one day', 'thirty-day', "
    "'a week', 'one week', '2 weeks', 'two-week' "
    "(months and years have no fixed number of days)"
)


class TimeParseError(ValueError):
    """The wording can't be normalized.

    Parameters
    ----------
    message : str
        What went wrong; names the offending wording.
    hint : str
        Which forms are understood.

    Notes
    -----
    ``str(err) == message + "\\n  fix: " + hint``.
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message}\n  fix: {hint}")
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class TimePoint:
    """A normalized instant: a precision and the range of days it can mean.

    Attributes
    ----------
    wording : str
        The original words, unchanged.
    precision : str
        ``"day"``, ``"month"`` or ``"year"``.
    earliest : date
        First day the wording can mean.
    latest : date
        Last day it can mean (equal to `earliest` for precision ``"day"``).
    """

    wording: str
    precision: str
    earliest: date
    latest: date

    @property
    def day(self) -> date | None:
        """The exact day if precision is ``"day"``, else None."""
        return self.earliest if self.precision == "day" else None

    @property
    def year_month(self) -> str | None:
        """``"YYYY-MM"`` if precision is ``"month"``, else None."""
        if self.precision != "month":
            return None
        return f"{self.earliest.year:04d}-{self.earliest.month:02d}"

    @property
    def year(self) -> int:
        """The year of the (earliest) day meant."""
        return self.earliest.year


@dataclass(frozen=True)
class Duration:
    """A duration with a fixed number of days.

    Attributes
    ----------
    wording : str
        The original words, unchanged.
    days : int
        Length in days.
    """

    wording: str
    days: int

    @property
    def xsd(self) -> str:
        """The xsd:duration literal, e.g. ``"P30D"``."""
        return f"P{self.days}D"


# --------------------------------------------------------------------------
# vocabularies

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9  # common news abbreviation ("Sept. 5")

_WEEKDAYS: dict[str, int] = {
    calendar.day_name[_i].lower(): _i for _i in range(7)
}  # monday=0 .. sunday=6, as date.weekday()

_MONTH_RE = r"(?P<month>[a-z]+)\.?"

_NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
for _t, _v in _TENS.items():
    _NUMBER_WORDS[_t] = _v
    for _u in range(1, 10):
        _w = next(k for k, v in _NUMBER_WORDS.items() if v == _u)
        _NUMBER_WORDS[f"{_t}-{_w}"] = _v + _u
        _NUMBER_WORDS[f"{_t} {_w}"] = _v + _u
_NUMBER_WORDS["a"] = 1
_NUMBER_WORDS["an"] = 1


# --------------------------------------------------------------------------
# helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_point(wording: str, year: int, month: int) -> TimePoint:
    return TimePoint(wording, "month", date(year, month, 1), _month_end(year, month))


def _year_point(wording: str, year: int) -> TimePoint:
    return TimePoint(wording, "year", date(year, 1, 1), date(year, 12, 31))


def _day_point(wording: str, day: date) -> TimePoint:
    return TimePoint(wording, "day", day, day)


def _make_day(wording: str, year: int, month: int, dom: int) -> TimePoint:
    try:
        return _day_point(wording, date(year, month, dom))
    except ValueError:
        raise TimeParseError(f"{wording!r} is not a valid calendar day", INSTANT_HINT) from None


def _fail(wording: str, why: str, hint: str) -> TimeParseError:
    return TimeParseError(f"cannot normalize time wording {wording!r}: {why}", hint)


# --------------------------------------------------------------------------
# public functions


def normalize_instant(wording: str, reference: date) -> TimePoint:
    """Normalize a quoted time wording against the article's reference date.

    Parameters
    ----------
    wording : str
        The words as quoted (case-insensitive; surrounding whitespace is
        ignored but kept in the result's ``wording``).
    reference : date
        The article's date, against which relative wordings are resolved.

    Returns
    -------
    TimePoint
        Day precision only when the wording names a day; otherwise month
        or year precision with the full range of days it can mean.

    Raises
    ------
    TimeParseError
        If the wording is not one of the understood forms.

    Notes
    -----
    Relative forms, for reference Tuesday 2025-03-18:

    - ``last/this/next year``: 2024 / 2025 / 2026.
    - ``last <Month>``: most recent such month strictly before the
      reference's month ("last March" -> 2024-03); ``this <Month>``: that
      month in the reference year; ``next <Month>``: first such month
      strictly after the reference's month ("next March" -> 2026-03).
    - ``this <Weekday>``: next occurrence on or after the reference day
      (0-6 days ahead; "this Tuesday" is the reference day itself);
      ``next <Weekday>`` = ``this <Weekday>`` + 7 days;
      ``last <Weekday>``: most recent occurrence strictly before.
    - ``last month``: previous calendar month. ``last week`` is refused
      (a week is neither a day, a month nor a year).

    Examples
    --------
    >>> from datetime import date
    >>> ref = date(2025, 3, 18)
    >>> p = normalize_instant("last September", ref)
    >>> p.precision, p.year_month, p.earliest, p.latest, p.day
    ('month', '2024-09', datetime.date(2024, 9, 1), datetime.date(2024, 9, 30), None)
    >>> normalize_instant("this Sunday", ref).day
    datetime.date(2025, 3, 23)
    >>> normalize_instant("Mar. 18, 2025", ref).day
    datetime.date(2025, 3, 18)
    >>> p = normalize_instant("last year", ref)
    >>> p.precision, p.year, p.earliest, p.latest
    ('year', 2024, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> normalize_instant("soon after the call", ref)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.builder.times.TimeParseError: cannot normalize time wording 'soon after the call': not a recognized form
      fix: understood forms: ...
    """
    if not isinstance(wording, str):
        raise TypeError(f"wording must be str, not {type(wording).__name__}")
    text = re.sub(r"\s+", " ", wording.strip().lower())
    if not text:
        raise _fail(wording, "empty wording", INSTANT_HINT)

    # ISO day: 2025-03-18
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return _make_day(wording, int(m[1]), int(m[2]), int(m[3]))

    # year: 2024
    if re.fullmatch(r"\d{4}", text):
        return _year_point(wording, int(text))

    # March 18, 2025 / Mar. 18 2025
    m = re.fullmatch(_MONTH_RE + r" (?P<dom>\d{1,2}),? (?P<year>\d{4})", text)
    if m and m["month"] in _MONTHS:
        return _make_day(wording, int(m["year"]), _MONTHS[m["month"]], int(m["dom"]))

    # 18 March 2025 / 18 Mar. 2025
    m = re.fullmatch(r"(?P<dom>\d{1,2}) " + _MONTH_RE + r",? (?P<year>\d{4})", text)
    if m and m["month"] in _MONTHS:
        return _make_day(wording, int(m["year"]), _MONTHS[m["month"]], int(m["dom"]))

    # March 2025
    m = re.fullmatch(_MONTH_RE + r",? (?P<year>\d{4})", text)
    if m and m["month"] in _MONTHS:
        return _month_point(wording, int(m["year"]), _MONTHS[m["month"]])

    if text == "today":
        return _day_point(wording, reference)
    if text == "yesterday":
        return _day_point(wording, reference - timedelta(days=1))

    m = re.fullmatch(r"(last|this|next) (.+)", text)
    if m:
        rel, what = m[1], m[2]
        offset = {"last": -1, "this": 0, "next": 1}[rel]
        if what == "year":
            return _year_point(wording, reference.year + offset)
        if what == "month":
            y, mo = divmod(reference.year * 12 + reference.month - 1 + offset, 12)
            return _month_point(wording, y, mo + 1)
        if what == "week":
            raise _fail(
                wording,
                "a week is neither a day, a month nor a year; quote the days",
                INSTANT_HINT,
            )
        month_word = what[:-1] if what.endswith(".") else what
        if month_word in _MONTHS:
            mo = _MONTHS[month_word]
            y = reference.year
            if rel == "last" and mo >= reference.month:
                y -= 1
            elif rel == "next" and mo <= reference.month:
                y += 1
            return _month_point(wording, y, mo)
        if what in _WEEKDAYS:
            ahead = (_WEEKDAYS[what] - reference.weekday()) % 7
            if rel == "this":
                delta = ahead
            elif rel == "next":
                delta = ahead + 7
            else:
                delta = ahead - 7 if ahead else -7
            return _day_point(wording, reference + timedelta(days=delta))

    raise _fail(wording, "not a recognized form", INSTANT_HINT)


def normalize_duration(wording: str) -> Duration:
    """Normalize a quoted duration wording to a whole number of days.

    Parameters
    ----------
    wording : str
        E.g. ``"30-day"``, ``"30 days"``, ``"thirty-day"``, ``"a week"``,
        ``"two-week"`` (case-insensitive, surrounding whitespace ignored).

    Returns
    -------
    Duration
        Weeks count 7 days each.

    Raises
    ------
    TimeParseError
        For anything else, including months and years, which have no
        fixed number of days.

    Examples
    --------
    >>> d = normalize_duration("30-day")
    >>> d.days, d.xsd
    (30, 'P30D')
    >>> normalize_duration("two-week").days
    14
    >>> normalize_duration("a month")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.builder.times.TimeParseError: cannot normalize duration wording 'a month': a month has no fixed number of days
      fix: understood forms: ...
    """
    if not isinstance(wording, str):
        raise TypeError(f"wording must be str, not {type(wording).__name__}")
    text = re.sub(r"\s+", " ", wording.strip().lower())

    def fail(why: str) -> TimeParseError:
        return TimeParseError(f"cannot normalize duration wording {wording!r}: {why}", DURATION_HINT)

    if not text:
        raise fail("empty wording")
    m = re.fullmatch(r"(.+?)[ -](day|days|week|weeks|month|months|year|years)", text)
    if not m:
        raise fail("not a recognized form")
    num, unit = m[1], m[2]
    if unit.startswith(("month", "year")):
        raise fail(f"a {unit.rstrip('s')} has no fixed number of days")
    if num.isdigit():
        n = int(num)
    elif num in _NUMBER_WORDS:
        n = _NUMBER_WORDS[num]
    else:
        raise fail(f"unknown number {num!r}")
    if n <= 0:
        raise fail("a duration must be positive")
    return Duration(wording, n * 7 if unit.startswith("week") else n)


def add_duration(start: date, duration: Duration) -> date:
    """Return the day `duration` after `start` (``start + duration.days``).

    Parameters
    ----------
    start : date
        First day.
    duration : Duration
        Length to add.

    Returns
    -------
    date
    """
    return start + timedelta(days=duration.days)
