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
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

__all__ = [
    "ZONE_NAMES",
    "Duration",
    "TimeParseError",
    "TimePoint",
    "add_duration",
    "end_of",
    "normalize_duration",
    "normalize_instant",
    "offset_of",
    "shift",
    "zone_named",
]

INSTANT_HINT = (
    "understood forms: 'March 18, 2025', '18 March 2025', 'Mar. 18, 2025', "
    "'2025-03-18', 'March 2025', '2024', 'today', 'yesterday', "
    "'last/this/next year', 'last month', 'last/this/next September', "
    "'last/this/next Sunday', 'on Tuesday', 'May 8', 'last/this week', "
    "'in February', 'in January 2023', 'early/mid/late May'; "
    "with a time of day: '6:00 p.m. Moscow time', '18:00 Kyiv time', '11 a.m. EST', "
    "'at 17:15', 'midnight', 'noon', 'Monday midnight', 'just after midnight on May 8', "
    "'early on Monday', 'overnight', 'Saturday evening' "
    "(an optional 'from', 'at', 'on', 'until', 'through' in front)"
)
DURATION_HINT = (
    "understood forms: '30-day', '30 days', 'one day', 'thirty-day', "
    "'a week', 'one week', '2 weeks', 'two-week', '30-hour', '72 hours', "
    "'at least 30 days' "
    "(months and years have no fixed number of days)"
)

#: The zone names news use, lower case, and the IANA zone each means (the one table of them). A name's offset
#: is the IANA zone's on the day in question: "EST" in July is read as New York time, -04:00.
ZONE_NAMES: dict[str, str] = {
    "moscow time": "Europe/Moscow",
    "msk": "Europe/Moscow",
    "kyiv time": "Europe/Kyiv",
    "kiev time": "Europe/Kyiv",
    "ukrainian time": "Europe/Kyiv",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern time": "America/New_York",
    "washington time": "America/New_York",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "gmt": "UTC",
    "utc": "UTC",
    "bst": "Europe/London",
    "london time": "Europe/London",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "eet": "Europe/Kyiv",
    "eest": "Europe/Kyiv",
    "israel time": "Asia/Jerusalem",
    "jerusalem time": "Asia/Jerusalem",
    "gaza time": "Asia/Gaza",
    "beirut time": "Asia/Beirut",
    "tehran time": "Asia/Tehran",
    "istanbul time": "Europe/Istanbul",
    "ankara time": "Europe/Istanbul",
}


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
        ``"day"``, ``"month"``, ``"year"``, ``"days"`` (a range of days: "last week", "early May"),
        ``"hour"`` or ``"minute"`` (with a time of day).
    earliest : date
        First (local) day the wording can mean.
    latest : date
        Last day it can mean (equal to `earliest` for precision ``"day"``).
    start, stop : datetime or None
        With a time of day (precision ``"hour"`` or ``"minute"``): the first and last instant meant.
    zone : str or None
        The IANA zone of `start` and `stop`.
    inclusive : bool or None
        True when the wording includes its end ("through Sunday").
    """

    wording: str
    precision: str
    earliest: date
    latest: date
    #: with a time of day: the first and last instant meant (aware datetimes in `zone`), else None
    start: datetime | None = None
    stop: datetime | None = None
    #: the IANA zone name of `start` and `stop`
    zone: str | None = None
    #: True when the wording includes its end ("through Sunday"), None when it does not say
    inclusive: bool | None = None

    @property
    def exact(self) -> bool:
        """Whether the wording means one instant (a time of day such as "6:00 p.m. Moscow time")."""
        return self.start is not None and self.start == self.stop

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
    """A duration with a fixed length: a number of days, or of hours.

    Attributes
    ----------
    wording : str
        The original words, unchanged.
    days : int
        Length in days (0 for a duration in hours).
    hours : int
        Length in hours (0 for a duration in days or weeks).
    at_least : bool
        "at least 30 days": the length is a lower bound, the end is open.
    """

    wording: str
    days: int
    hours: int = 0
    at_least: bool = False

    @property
    def xsd(self) -> str:
        """The xsd:duration literal, e.g. ``"P30D"`` or ``"PT30H"``."""
        return f"PT{self.hours}H" if self.hours else f"P{self.days}D"

    @property
    def delta(self) -> timedelta:
        """The length as a timedelta."""
        return timedelta(days=self.days, hours=self.hours)


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


def normalize_instant(
    wording: str,
    reference: date,
    zone: str | None = None,
    *,
    default_zone: str | None = None,
    day: date | None = None,
    forward_from: date | None = None,
) -> TimePoint:
    """Normalize a quoted time wording against the article's reference date.

    Parameters
    ----------
    wording : str
        The words as quoted (case-insensitive; surrounding whitespace is
        ignored but kept in the result's ``wording``).
    reference : date
        The article's date, against which relative wordings are resolved.
    zone : str, optional
        The IANA zone the annotation gives this time (``{quote: ..., zone: Europe/Moscow}``); a zone the
        wording names ("Moscow time") must agree with it.
    default_zone : str, optional
        The article's zone (``timezone:`` under ``article:``), for a time of day that names none.
    day : date, optional
        The day the annotation gives (``date: YYYY-MM-DD``): a time of day in the wording is read on it.
    forward_from : date, optional
        For the end of an interval: a bare weekday ("until Monday") is the first such day on or after this
        day (the beginning's) instead of the most recent one on or before the reference date.

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
    - ``last month``: previous calendar month. ``last/this/next week``: that
      calendar week, Monday to Sunday (precision ``"days"``).
    - A bare weekday ("on Saturday", "Monday"): the most recent such day on
      or before the reference day (the reference day itself included).
    - A bare month ("in February"): the most recent such month on or before
      the reference's month; "early/mid/late May": days 1-10 / 11-20 /
      21-end of that month (precision ``"days"``).
    - A day without a year ("May 8"): in the reference's year.
    - A time of day ("6:00 p.m. Moscow time on Saturday", "at 17:15") needs
      its day (in the wording or `day`) and a zone (named in the wording,
      `zone` or `default_zone`); "<day> midnight" is the end of that day,
      "midnight (on <day>)" its beginning.

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
    if day is None and zone is None:
        point = _day_level(wording, text, reference)
        if point is not None:
            return point
    point = _extended(wording, text, reference, zone, default_zone, day, forward_from)
    if point is None:
        raise _fail(wording, "not a recognized form", INSTANT_HINT)
    return point


def _day_level(wording: str, text: str, reference: date) -> TimePoint | None:
    """The forms known to the day (or coarser) that need no preposition; None if ``text`` is none of them."""

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

    return None


_PREFIX_RE = re.compile(r"(from|at|on|until|till|til|through|thru|to|by|starting|beginning|effective|in|as of) (.+)")
_CLOCK12_RE = re.compile(r"(?<![\d:])(\d{1,2})(?::(\d{2}))? ?(a\.m\.?|p\.m\.?|am|pm)(?![a-z])")
_CLOCK24_RE = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?: ?(?:hours|hrs|h)(?![a-z]))?(?![\d:])")
_PARTS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24)}
_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _zone_hint() -> str:
    names = sorted({n for n in ZONE_NAMES if " " in n}) + sorted({n.upper() for n in ZONE_NAMES if " " not in n})
    return (
        "zone names known: "
        + ", ".join(n[:1].upper() + n[1:] if " " in n else n for n in names)
        + ", local time; or give the IANA name: {quote: ..., zone: Europe/Moscow}, or timezone: under 'article:'"
    )


def zone_named(name: str) -> str:
    """``name`` if it is an IANA zone name ("Europe/Kyiv"), else a :class:`TimeParseError`."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    ok = isinstance(name, str) and re.fullmatch(r"[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*", name) is not None
    if ok:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            ok = False
    if not ok:
        raise TimeParseError(
            f"{name!r} is not a time zone of the IANA database",
            "write the IANA name, e.g. Europe/Kyiv, Europe/Moscow, America/New_York, UTC",
        )
    return name


def _named_zone(wording: str, text: str) -> tuple[str, str | None, bool]:
    """``text`` without the zone it names, the IANA zone of that name, and whether it said "local time"."""
    found: list[tuple[str, str]] = []
    for name in sorted(ZONE_NAMES, key=len, reverse=True):
        m = re.search(rf"(?:^|[ ,(]){re.escape(name)}(?=$|[ ,)])", text)
        if m:
            found.append((name, ZONE_NAMES[name]))
            text = (text[: m.start()] + " " + text[m.end() :]).strip(" ,()")
    local = False
    m = re.search(r"(?:^|[ ,(])local time(?=$|[ ,)])", text)
    if m:
        local = True
        text = (text[: m.start()] + " " + text[m.end() :]).strip(" ,()")
    m = re.search(r"(?:^|[ ,(])([A-Z][a-z]+) time(?=$|[ ,)])", wording)  # "Narnia time", not "the same time"
    if m and f"{m[1].lower()} time" not in ZONE_NAMES and m[1] != "Local":
        name = m[1].lower()
        raise TimeParseError(f"{wording!r} names the time zone '{name} time', which is not known", _zone_hint())
    zones = {z for _, z in found}
    if len(zones) > 1:
        raise TimeParseError(
            f"{wording!r} names two different time zones ({', '.join(n for n, _ in found)})",
            "one time has one zone: quote the time in one of them",
        )
    return re.sub(r"\s+", " ", text).strip(), (zones.pop() if zones else None), local


def _unknown_abbreviation(wording: str) -> None:
    for m in re.finditer(r"(?<![A-Za-z.])([A-Z]{2,5})(?![A-Za-z.])", wording):
        if m[1].lower() not in ZONE_NAMES and m[1] not in ("AM", "PM"):
            raise TimeParseError(f"{wording!r} names the time zone {m[1]!r}, which is not known", _zone_hint())


def _clock(wording: str, hour: int, minute: int, twelve: str | None) -> int:
    """Minutes after the day's midnight of a clock time; an error for "25:00" or "13 p.m."."""
    if twelve is not None:
        if not 1 <= hour <= 12 or minute > 59:
            raise TimeParseError(
                f"{wording!r} is not a time of day: a.m. and p.m. hours are 1 to 12, minutes 0 to 59",
                "write e.g. '6:00 p.m.' or '18:00'",
            )
        hour = hour % 12 + (12 if twelve.startswith("p") else 0)
    elif hour > 23 or minute > 59:
        raise TimeParseError(
            f"{wording!r} is not a time of day: hours are 0 to 23, minutes 0 to 59",
            "write e.g. '18:00' or '6:00 p.m.'; for the end of a day write 'midnight' after the day ('Monday midnight')",
        )
    return hour * 60 + minute


def _time_of_day(wording: str, text: str) -> tuple[str, int, int, str] | None:
    """The time of day ``text`` names: ``(rest, first, last, precision)`` with ``first``/``last`` in minutes after
    the midnight that begins the day (1440: the midnight that ends it) and ``rest`` the words about the day."""

    def cut(m: re.Match[str]) -> str:
        return re.sub(r"\s+", " ", (text[: m.start()] + " " + text[m.end() :])).strip(" ,")

    m = re.search(r"(?:^|(?<= ))just after midnight(?= |$)", text)
    if m:
        return cut(m), 0, 60, "hour"
    m = re.search(r"(?:^|(?<= ))just before midnight(?= |$)", text)
    if m:
        rest = cut(m)
        return rest, 23 * 60, 24 * 60, "hour"
    m = re.search(r"(?:^|(?<= ))(?:at )?midnight(?= |$)", text)
    if m:
        before = text[: m.start()].strip(" ,")
        end = before not in ("", "from", "at", "until", "till", "through", "by", "starting")
        return cut(m), (1440 if end else 0), (1440 if end else 0), "hour"
    m = re.search(r"(?:^|(?<= ))(?:at )?(?:noon|midday)(?= |$)", text)
    if m:
        return cut(m), 720, 720, "hour"
    m = re.fullmatch(r"early (?:on )?(.+)", text)
    if m and m[1].rstrip(".").split(" ")[0].rstrip(".") not in _MONTHS:
        return m[1], 0, 720, "hour"
    m = re.search(r"(?:^|(?<= ))overnight(?: (?:on|into|to))?(?= |$)", text)
    if m:
        return cut(m), 0, 360, "hour"
    m = re.search(r"(?:^|(?<= ))(?:in the |on the )?(morning|afternoon|evening)(?= |$)", text)
    if m:
        a, b = _PARTS[m[1]]
        return cut(m), a * 60, b * 60, "hour"
    m = _CLOCK12_RE.search(text)
    if m:
        at = _clock(wording, int(m[1]), int(m[2] or 0), m[3])
        return cut(m), at, at, "minute" if m[2] is not None else "hour"
    m = _CLOCK24_RE.search(text)
    if m:
        at = _clock(wording, int(m[1]), int(m[2]), None)
        return cut(m), at, at, "minute"
    return None


def _day_part(wording: str, text: str, reference: date, forward_from: date | None) -> TimePoint | None:
    """The day or days ``text`` names: the day-level forms, and those with a preposition, a bare weekday or month,
    a day without its year, a week, part of a month."""
    text = text.strip(" ,")
    for _ in range(3):
        m = _PREFIX_RE.fullmatch(text)
        if not m:
            break
        text = m[2]
    text = re.sub(r"^(?:the )", "", text)
    point = _day_level(wording, text, reference)
    if point is not None:
        return point
    if text in _WEEKDAYS:
        if forward_from is not None:
            return _day_point(wording, forward_from + timedelta(days=(_WEEKDAYS[text] - forward_from.weekday()) % 7))
        return _day_point(wording, reference - timedelta(days=(reference.weekday() - _WEEKDAYS[text]) % 7))
    m = re.fullmatch(
        r"(?:(?P<wd>[a-z]+),? )?" + _MONTH_RE + r" (?P<dom>\d{1,2})(?:st|nd|rd|th)?", text
    ) or re.fullmatch(r"(?:(?P<wd>[a-z]+),? )?(?P<dom>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE, text)
    if m and m["month"] in _MONTHS and (m["wd"] is None or m["wd"] in _WEEKDAYS):
        point = _make_day(wording, reference.year, _MONTHS[m["month"]], int(m["dom"]))
        if m["wd"] is not None and point.earliest.weekday() != _WEEKDAYS[m["wd"]]:
            raise _fail(wording, f"{point.earliest.isoformat()} is not a {m['wd'].capitalize()}", INSTANT_HINT)
        return point
    m = re.fullmatch(r"(?P<wd>[a-z]+),? (?P<rest>.+)", text)
    if m and m["wd"] in _WEEKDAYS:  # "Saturday, April 19, 2025"
        point = _day_level(wording, m["rest"], reference)
        if point is not None and point.precision == "day":
            if point.earliest.weekday() != _WEEKDAYS[m["wd"]]:
                raise _fail(wording, f"{point.earliest.isoformat()} is not a {m['wd'].capitalize()}", INSTANT_HINT)
            return point
    m = re.fullmatch(r"(last|this|next) week", text)
    if m:
        monday = (
            reference
            - timedelta(days=reference.weekday())
            + timedelta(days=7 * {"last": -1, "this": 0, "next": 1}[m[1]])
        )
        return TimePoint(wording, "days", monday, monday + timedelta(days=6))
    month_word = text[:-1] if text.endswith(".") else text
    if month_word in _MONTHS:
        mo = _MONTHS[month_word]
        return _month_point(wording, reference.year - (mo > reference.month), mo)
    m = re.fullmatch(r"(early|mid|late)[ -]" + _MONTH_RE + r"(?:,? (?P<year>\d{4}))?", text)
    if m and m["month"] in _MONTHS:
        mo = _MONTHS[m["month"]]
        year = int(m["year"]) if m["year"] else reference.year - (mo > reference.month)
        first, last = _THIRDS[m[1]]
        return TimePoint(
            wording,
            "days",
            date(year, mo, first),
            min(date(year, mo, 1) + timedelta(days=last - 1), _month_end(year, mo)),
        )
    return None


def _extended(
    wording: str,
    text: str,
    reference: date,
    zone: str | None,
    default_zone: str | None,
    day: date | None,
    forward_from: date | None,
) -> TimePoint | None:
    inclusive: bool | None = None
    for _ in range(3):
        m = _PREFIX_RE.fullmatch(text)
        if not m:
            break
        if m[1] in ("through", "thru"):
            inclusive = True
        text = m[2]
    if text.endswith(" inclusive"):
        inclusive, text = True, text[: -len(" inclusive")].rstrip(" ,")
    text, named, _local = _named_zone(wording, text)  # "local time": the article's zone
    tod = _time_of_day(wording, text)
    if tod is None:
        if named is not None:
            raise _fail(wording, "it names a time zone but no time of day", INSTANT_HINT)
        if day is not None:
            return TimePoint(wording, "day", day, day, inclusive=inclusive)
        point = _day_part(wording, text, reference, forward_from)
        if point is None:
            return None
        return replace(point, inclusive=inclusive) if inclusive else point
    if named is None:
        _unknown_abbreviation(wording)
    rest, first, last, precision = tod
    rest = re.sub(r"^(?:on|of|the)\b ?", "", rest).strip(" ,")
    if day is None:
        if not rest:
            raise TimeParseError(
                f"the time {wording!r} has a time of day but no day",
                "quote the day with it ('6:00 p.m. on Saturday'), or give it: {quote: ..., date: YYYY-MM-DD}",
            )
        point = _day_part(wording, rest, reference, forward_from)
        if point is None:
            raise _fail(wording, f"the day {rest!r} is not a recognized form", INSTANT_HINT)
        if point.precision != "day":
            raise _fail(wording, f"a time of day needs one day, and {rest!r} is not one", INSTANT_HINT)
        day = point.earliest
    if named is not None and zone is not None and named != zone:
        raise TimeParseError(
            f"two different zones for the time {wording!r}: the wording says {named}, the annotation zone: {zone}",
            "one time has one zone: delete 'zone:' or make it the zone the article names",
        )
    use = named or zone or default_zone
    if use is None:
        raise TimeParseError(
            f"the time {wording!r} has a time of day but no time zone",
            "add the zone: 'timezone: Europe/Kyiv' under 'article:' (the zone of its times), "
            "or {quote: ..., zone: Europe/Moscow} on this time",
        )
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(use)
    midnight = datetime.combine(day, time(0, 0))

    def at(minutes: int) -> datetime:
        local = midnight + timedelta(minutes=minutes)
        return local.replace(tzinfo=tz)

    start, stop = at(first), at(last)
    latest = stop.date() if last == first or last % 1440 else (stop - timedelta(days=1)).date()
    return TimePoint(wording, precision, start.date(), latest, start, stop, use, inclusive)


def offset_of(wording: str) -> tuple[Duration, int] | None:
    """The offset a relation to another time states: ``"one day after the talks"`` -> (1 day, +1), ``"two days
    before X"`` -> (2 days, -1), ``"a day later"`` -> (1 day, +1); None if the wording states no length."""
    text = re.sub(r"\s+", " ", wording.strip().lower())
    m = re.fullmatch(r"(?:(?:on|at|in) )?(.+?) (after|before|later|earlier)(?: .*)?", text)
    if not m:
        return None
    try:
        duration = normalize_duration(m[1])
    except TimeParseError:
        return None
    return duration, (1 if m[2] in ("after", "later") else -1)


def shift(point: TimePoint, duration: Duration, sign: int, wording: str) -> TimePoint:
    """``point`` moved by ``sign * duration`` (a time stated as "one day after" another), with ``wording``."""
    delta = duration.delta * sign
    if point.start is not None and point.stop is not None:
        start, stop = _moved(point.start, delta), _moved(point.stop, delta)
        return TimePoint(wording, point.precision, start.date(), stop.date(), start, stop, point.zone)
    if duration.hours:
        first = datetime.combine(point.earliest, time(0)) + delta
        last = datetime.combine(point.latest, time(0)) + timedelta(days=1) + delta - timedelta(microseconds=1)
        return TimePoint(wording, "days" if first.date() != last.date() else "day", first.date(), last.date())
    return TimePoint(
        wording, point.precision if point.precision == "day" else "days", point.earliest + delta, point.latest + delta
    )


def _moved(at: datetime, delta: timedelta) -> datetime:
    """``at`` + ``delta`` as elapsed time (across a change of the clocks), in ``at``'s zone."""
    return (at.astimezone(UTC) + delta).astimezone(at.tzinfo)


def end_of(start: TimePoint, duration: Duration) -> TimePoint:
    """The (exclusive) end of a period of ``duration`` that begins at ``start``: with a time of day, the instant
    ``start`` + ``duration`` (Saturday 18:00 + 30 hours = Monday 00:00); else the day ``start`` + the days
    (precision "day" when the beginning is a day, else "relative"), or for hours the days the end can fall on."""
    wording = f"{start.wording} + {duration.wording}"
    if start.start is not None and start.stop is not None:
        first, last = _moved(start.start, duration.delta), _moved(start.stop, duration.delta)
        return TimePoint(wording, start.precision, first.date(), last.date(), first, last, start.zone)
    if duration.hours:
        lo = datetime.combine(start.earliest, time(0)) + duration.delta
        hi = datetime.combine(start.latest, time(0)) + timedelta(days=1) + duration.delta - timedelta(microseconds=1)
        return TimePoint(wording, "relative", lo.date(), hi.date())
    return TimePoint(
        wording,
        "day" if start.precision == "day" else "relative",
        add_duration(start.earliest, duration),
        add_duration(start.latest, duration),
    )


def normalize_duration(wording: str) -> Duration:
    """Normalize a quoted duration wording to a whole number of days.

    Parameters
    ----------
    wording : str
        E.g. ``"30-day"``, ``"30 days"``, ``"thirty-day"``, ``"a week"``,
        ``"two-week"``, ``"30-hour"``, ``"at least 30 days"`` (case-insensitive,
        surrounding whitespace ignored).

    Returns
    -------
    Duration
        Weeks count 7 days each; hours stay hours.

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
    at_least = False
    m = re.fullmatch(r"(?:for )?(?:at least|a minimum of|no less than) (.+)", text)
    if m:
        at_least, text = True, m[1]
    m = re.fullmatch(r"(.+?)[ -](hour|hours|day|days|week|weeks|month|months|year|years)(?: long)?", text)
    if not m:
        raise fail("not a recognized form")
    num, unit = m[1], m[2]
    if unit.startswith(("month", "year")):
        raise fail(f"a {unit.rstrip('s')} has no fixed number of days")
    if re.fullmatch(r"[-−]\d+", num):
        raise fail("a duration must be positive")
    if num.isdigit():
        n = int(num)
    elif num in _NUMBER_WORDS:
        n = _NUMBER_WORDS[num]
    else:
        raise fail(f"unknown number {num!r}")
    if n <= 0:
        raise fail("a duration must be positive")
    if unit.startswith("hour"):
        return Duration(wording, 0, hours=n, at_least=at_least)
    return Duration(wording, n * 7 if unit.startswith("week") else n, at_least=at_least)


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
