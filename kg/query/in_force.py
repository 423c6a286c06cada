"""What was in force when: a day or an instant, with the certainty and its reason (``kg in-force``).

The named query ``in-force`` answers for a day. For an instant ("2025-04-19T17:15+03:00") this module asks it for
the day before, the day and the day after (a local day in the proposal's zone can be another day than in the
asker's), and decides each window at the instant from its bounds:

* a bound with ``cfo:earliestInstant``/``cfo:latestInstant`` is known to the instant; one with only
  ``cfo:earliest``/``cfo:latest`` days is known to the day: a whole local day in an unknown zone (UTC+14 to
  UTC-12), so at an hour it is uncertain;
* a beginning known to the day can be any moment of that day; an exclusive end (``cfo:inclusive`` absent or
  false) stops the window at the end's earliest moment (for a day: the start of that day), an inclusive one
  (``cfo:inclusive true``) at its latest moment (for a day: the end of that day);
* a duration of "at least" (``cfo:atLeast true``) and no end: certain until the beginning plus the duration,
  possibly after.

Examples
--------
>>> parse_when("2025-04-19")
datetime.date(2025, 4, 19)
>>> parse_when("2025-04-19T17:15+03:00")
datetime.datetime(2025, 4, 19, 17, 15, tzinfo=datetime.timezone(datetime.timedelta(seconds=10800)))
>>> print(duration_of("PT30H"), duration_of("P30D"), duration_of("P1DT6H"))
1 day, 6:00:00 30 days, 0:00:00 1 day, 6:00:00
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.query.graph import KnowledgeGraph, Row

__all__ = ["Answer", "duration_of", "in_force", "parse_when", "place_event", "place_in_window", "window_of", "windows"]

#: the earliest and the latest offsets a local day can have: a day known only as a date spans these
EARLIEST_ZONE = dt.timezone(dt.timedelta(hours=14))
LATEST_ZONE = dt.timezone(dt.timedelta(hours=-12))

_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_HAS_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def parse_when(text: str) -> dt.date | dt.datetime:
    """A day ('2025-04-19') or an instant with its UTC offset ('2025-04-19T17:15+03:00', '...Z')."""
    text = text.strip()
    if not _HAS_TIME.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"'date' must be a date like 2025-03-20, not {text!r}",
                hint="write the date as YYYY-MM-DD, or a date and time with its offset, such as 2025-04-19T17:15+03:00",
            ) from None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"'{text}' is not a date and time like 2025-04-19T17:15+03:00",
            hint="write YYYY-MM-DDTHH:MM and the UTC offset (+03:00, -05:00, or Z for UTC)",
        ) from None
    if when.tzinfo is None or not _OFFSET.search(text):
        raise InputError(
            f"'{text}' has no UTC offset, so it does not name one instant",
            hint=f"add the offset of the time zone it is in, such as {text}+03:00 (or {text}Z for UTC)",
        )
    return when


def duration_of(text: str) -> dt.timedelta | None:
    """An xsd:duration of weeks, days, hours, minutes, seconds ('P30D', 'PT30H'); None for one of months or years."""
    m = _DURATION.match(text.strip())
    if not m or text.strip() in ("P", "PT"):
        return None
    w, d, h, mi, s = (int(x) if x else 0 for x in m.groups())
    return dt.timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=s)


def _py(value: Any) -> Any:
    return None if value is None else value.toPython()


def _instant(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    v = value.toPython()
    if isinstance(v, dt.datetime):
        return v
    return dt.datetime.fromisoformat(str(value))


def _day(value: Any) -> dt.date:
    v = value.toPython()
    return v if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else dt.date.fromisoformat(str(value))


def _start(day: dt.date, zone: dt.timezone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), zone)


@dataclass(frozen=True)
class Window:
    """A window as moments: the beginning in [begin_min, begin_max], the end (when there is one) in
    [end_min, end_max] (in force before it), or certain until ``certain_until`` and possibly after ('at least')."""

    begin_min: dt.datetime
    begin_max: dt.datetime
    begin_to_the_day: bool
    end_min: dt.datetime | None
    end_max: dt.datetime | None
    end_to_the_day: bool
    inclusive: bool
    certain_until: dt.datetime | None = None
    at_least: str | None = None


def window_of(row: Row) -> Window:
    """The moments a row of the named query ``in-force`` bounds its window with."""
    begins = _day(row.begins)
    begins_latest = _day(row.beginsLatest) if row.beginsLatest is not None else begins
    b_at, b_at_latest = _instant(row.beginsAt), _instant(row.beginsAtLatest)
    if b_at is not None:
        begin_min, begin_max, begin_day = b_at, b_at_latest or b_at, False
    else:  # any moment of the day(s), in any zone
        begin_min = _start(begins, EARLIEST_ZONE)
        begin_max = _start(begins_latest + dt.timedelta(days=1), LATEST_ZONE)
        begin_day = True
    inclusive = bool(_py(row.inclusive))
    end_min = end_max = None
    end_day = False
    if row.ends is not None:
        e_at, e_at_latest = _instant(row.endsAt), _instant(row.endsAtLatest)
        if e_at is not None:
            end_min = end_max = (e_at_latest or e_at) if inclusive else e_at
        else:
            ends = _day(row.ends)
            ends_latest = _day(row.endsLatest) if row.endsLatest is not None else ends
            shift = dt.timedelta(days=1 if inclusive else 0)  # inclusive: through the end of the day
            end_min, end_max, end_day = (
                _start(ends + shift, EARLIEST_ZONE),
                _start(ends_latest + shift, LATEST_ZONE),
                True,
            )
    certain_until = at_least = None
    if row.atLeast is not None and row.ends is None:
        at_least = str(row.duration) if row.duration is not None else "a duration"
        length = duration_of(str(row.duration)) if row.duration is not None else None
        certain_until = begin_max + length if length is not None else begin_max
    return Window(begin_min, begin_max, begin_day, end_min, end_max, end_day, inclusive, certain_until, at_least)


def place_in_window(window: Window, t: dt.datetime) -> tuple[str, list[str]]:
    """Where the instant ``t`` falls: 'before', 'during' or 'after' the window, or 'possibly-before',
    'possibly-after' (the bounds do not decide; both when they allow either), with the reasons."""
    reasons: list[str] = []
    if t < window.begin_min:
        return "before", []
    before = "during"
    if t < window.begin_max:
        before = "possibly-before"
        reasons.append(
            "the beginning is known to the day only"
            if window.begin_to_the_day
            else f"the beginning is known only between {window.begin_min.isoformat()} and {window.begin_max.isoformat()}"
        )
    after = "during"
    if window.end_min is not None and window.end_max is not None:
        past = t > window.end_max if window.inclusive and not window.end_to_the_day else t >= window.end_max
        if past:
            return ("after" if before == "during" else "possibly-before"), reasons
        in_doubt = t > window.end_min if window.inclusive and not window.end_to_the_day else t >= window.end_min
        if in_doubt:
            after = "possibly-after"
            reasons.append(
                "the end is known to the day only"
                if window.end_to_the_day
                else f"the end is known only between {window.end_min.isoformat()} and {window.end_max.isoformat()}"
            )
    elif window.certain_until is not None and t >= window.certain_until:
        after = "possibly-after"
        reasons.append(f"it lasts at least {window.at_least} from its beginning, with no end known")
    if before != "during" and after != "during":
        return "possibly-before-or-after", reasons
    return (before if before != "during" else after), reasons


@dataclass(frozen=True)
class Answer:
    """A row of the named query ``in-force`` with its certainty at the time asked about, and why."""

    row: Row
    certainty: str  # 'certain' or 'possible'
    reasons: tuple[str, ...]


def _day_answer(row: Row, day: dt.date) -> Answer:
    reasons: list[str] = []
    begins = _day(row.begins)
    begins_latest = _day(row.beginsLatest) if row.beginsLatest is not None else begins
    if day < begins_latest:
        reasons.append(f"the beginning is known only between {begins} and {begins_latest}")
    if row.ends is not None:
        ends = _day(row.ends)
        inclusive = bool(_py(row.inclusive))
        if (inclusive and day > ends) or (not inclusive and day >= ends):
            latest = _day(row.endsLatest) if row.endsLatest is not None else ends
            reasons.append(f"the end is known only between {ends} and {latest}")
    certainty = "certain" if not reasons else "possible"
    if row.atLeast is not None and row.ends is None:
        length = duration_of(str(row.duration)) if row.duration is not None else None
        if length is None or day >= begins_latest + dt.timedelta(days=length.days):
            reasons.append(f"it lasts at least {row.duration or 'a duration'} from its beginning, with no end known")
            certainty = "possible"
        else:
            certainty = "certain" if not reasons else "possible"
    return Answer(row, certainty, tuple(reasons))


def in_force(graph: KnowledgeGraph, when: dt.date | dt.datetime) -> list[Answer]:
    """The rows of the named query ``in-force`` for a day, or for an instant (with its offset), each with its
    certainty and the reasons it is only possible; in the order of the named query."""
    if not isinstance(when, dt.datetime):
        return [_day_answer(row, when) for row in graph.run("in-force", date=when)]
    if when.tzinfo is None:
        raise InputError(f"'{when.isoformat()}' has no UTC offset", hint="give the instant with its offset")
    local = when.date()
    seen: dict[tuple[Any, ...], Row] = {}
    for day in (local, local - dt.timedelta(days=1), local + dt.timedelta(days=1)):  # the day's own rows first
        for row in graph.run("in-force", date=day):
            seen.setdefault((row.item, row.source), row)
    answers = []
    for row in sorted(seen.values(), key=lambda r: (str(r.proposal), str(r.kind), str(r.item), str(r.source))):
        place, reasons = place_in_window(window_of(row), when)
        if place in ("before", "after"):
            continue
        answers.append(Answer(row, "certain" if place == "during" else "possible", tuple(reasons)))
    return answers


#: the places of an instant against a window, as a range over before (0), during (1), after (2)
_SPAN = {
    "before": (0, 0),
    "possibly-before": (0, 1),
    "during": (1, 1),
    "possibly-after": (1, 2),
    "after": (2, 2),
    "possibly-before-or-after": (0, 2),
}
_PLACES = ("before it began", "during it", "after it ended")


def windows(graph: KnowledgeGraph, proposal: Any = None) -> dict[Any, list[Row]]:
    """Each proposal's windows (the named query ``windows``: one row per article that states one)."""
    found: dict[Any, list[Row]] = {}
    for row in graph.run("windows", proposal=proposal):
        found.setdefault(row.proposal, []).append(row)
    return found


def place_event(
    rows: list[Row],
    earliest: Any,
    latest: Any = None,
    at: Any = None,
    at_latest: Any = None,
) -> tuple[str, tuple[str, ...]] | None:
    """Where an event's time falls against a proposal's windows (``rows``: every article's, from
    :func:`windows`): 'before it began', 'during it', 'after it ended', or 'possibly ... or ...' when the bounds do
    not decide, with the reasons; None when the proposal has no window. The event's time is its first and last
    day (``cfo:earliest``, ``cfo:latest``), or its instants when it is known to the hour (``cfo:earliestInstant``,
    ``latestInstant``)."""
    if not rows:
        return None
    if at is None and all(r.beginsAt is None and r.endsAt is None for r in rows):
        return _place_days(rows, _day(earliest), _day(latest) if latest is not None else _day(earliest))
    windows = [window_of(row) for row in rows]
    if at is not None:
        first, last = _instant(at), _instant(at_latest) or _instant(at)
        assert first is not None and last is not None
    else:
        day = _day(earliest)
        last_day = _day(latest) if latest is not None else day
        first = _start(day, EARLIEST_ZONE)
        last = _start(last_day + dt.timedelta(days=1), LATEST_ZONE) - dt.timedelta(microseconds=1)
    lo, hi, reasons = 2, 0, []
    for window in windows:
        for t in (first, last):
            place, why = place_in_window(window, t)
            lo, hi = min(lo, _SPAN[place][0]), max(hi, _SPAN[place][1])
            reasons += [r for r in why if r not in reasons]
    if at is None and lo != hi:
        reasons.insert(0, "the event's time is known to the day only")
    if lo == hi:
        return _PLACES[lo], ()
    return "possibly " + " or ".join(_PLACES[lo : hi + 1]), tuple(reasons)


def _place_days(rows: list[Row], first: dt.date, last: dt.date) -> tuple[str, tuple[str, ...]]:
    """An event known to the day against windows known to the day: both days are taken in the same (unknown)
    zone, the zone of the place they are about, so a day after the beginning's day is after the beginning."""
    lo, hi, reasons = 2, 0, []
    for row in rows:
        begins = _day(row.begins)
        begins_latest = _day(row.beginsLatest) if row.beginsLatest is not None else begins
        for day in (first, last):
            if day < begins:
                place = (0, 0)
            elif day <= begins_latest:
                place = (0, 1)
                why = "the event and the beginning are known to the day only, and may be on the same day"
                reasons += [why] if why not in reasons else []
            else:
                place = (1, 1)
            if place[1] == 1 and row.ends is not None:
                ends = _day(row.ends)
                ends_latest = _day(row.endsLatest) if row.endsLatest is not None else ends
                inclusive = bool(_py(row.inclusive))
                over = day > ends_latest if inclusive else day >= ends_latest
                maybe = day > ends if inclusive else day >= ends
                if over and place == (1, 1):
                    place = (2, 2)
                elif maybe or over:
                    place = (place[0], 2)
                    why = f"the end is known only between {ends} and {ends_latest}"
                    reasons += [why] if why not in reasons else []
            elif place[1] == 1 and row.atLeast is not None:
                length = duration_of(str(row.duration)) if row.duration is not None else None
                if length is None or day >= begins_latest + dt.timedelta(days=length.days):
                    place = (place[0], 2)
                    why = f"it lasts at least {row.duration or 'a duration'} from its beginning, with no end known"
                    reasons += [why] if why not in reasons else []
            lo, hi = min(lo, place[0]), max(hi, place[1])
    if lo == hi:
        return _PLACES[lo], ()
    return "possibly " + " or ".join(_PLACES[lo : hi + 1]), tuple(reasons)
