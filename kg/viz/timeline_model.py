"""What the timeline shows, apart from how it is drawn: the lanes (one per dated item, from the named query
``timeline``), the marks on them, and the parts of the broken date axis. No matplotlib here.

* :class:`Mark` — one time of an item: a window, a point, a range (an imprecise time) or an open-ended time;
* :class:`Lane` — an item and its marks; :func:`timeline_lanes` gives them grouped by kind and ordered by date;
* :func:`stretches`, :func:`panels`, :func:`panel_shares`, :func:`fade_days` — where the date axis is broken, the
  days each part shows and the share of the width it gets.

Examples
--------
>>> import datetime as dt
>>> m = Mark("time", "last September", "month", dt.date(2024, 9, 1), None)
>>> m.shape, m.last.isoformat(), m.dates
('range', '2024-09-30', '2024-09-01 … 2024-09-30 (month)')
>>> soon = Mark("time", "soon after the call", "relative", dt.date(2025, 3, 18), None)
>>> soon.shape, soon.dates
('open', 'from 2025-03-18, open-ended')
>>> lanes = [Lane("e1", "event", "An invented event", (m,)), Lane("e2", "event", "Another", (soon,))]
>>> [(a.isoformat(), b.isoformat()) for a, b in stretches(lanes)]
[('2024-09-01', '2024-09-30'), ('2025-03-18', '2025-03-18')]
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from rdflib.term import Literal

    from kg.query.graph import KnowledgeGraph

#: the kinds of item on the timeline, in the order of their groups (top to bottom)
TIMELINE_KINDS = ("proposal", "event", "claim", "position")
GAP_DAYS = 31  # the axis is broken only at a stretch of at least this many days with nothing in it...
GAP_SHARE = 0.10  # ...that is also at least this share of the whole span
UNDER_WINDOW_DAYS = 20  # a stretch is split where only windows run on for at least this many days...
UNDER_WINDOW_SHARE = 0.4  # ...that are also at least this share of the stretch
MAX_PANELS = 4  # at most this many parts of the axis (the smallest gaps are closed first)
MIN_PANEL_DAYS = 14  # a panel shows at least this many days
OPEN_SHARE = 0.2  # an open-ended time fades out over this share of its stretch of days...
ARROW = 1.12  # ...and its arrow reaches this far (as a multiple of the fade)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

ARTICLE_QUERY = "SELECT DISTINCT ?l WHERE { ?a a schema:NewsArticle ; rdfs:label ?l }"


# ---------------------------------------------------------------------------------------------------------------
# what the timeline shows
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One time of an item, as a row of the query ``timeline``."""

    what: str  # 'in effect', 'declared' or 'time'
    wording: str | None  # the article's words
    precision: str  # day, month, year or relative
    earliest: dt.date
    latest: dt.date | None  # a window: its end (exclusive); else the last day it can be; None: no upper bound
    derived: bool = False  # a window's end computed from its beginning and duration
    #: the first and last instant it can be (a window: its beginning's), when it has a time of day
    at: tuple[dt.datetime, dt.datetime] | None = None
    #: a window's end: its first and last instant, when it has a time of day
    until: tuple[dt.datetime, dt.datetime] | None = None
    inclusive: bool = False  # a window's end: in force through the end's latest moment (else until its earliest)

    @property
    def last(self) -> dt.date | None:
        """The last day it can be: ``latest``, else what the precision implies (the day, the month's or the year's
        last day); None for a relative time with no upper bound (and a window with no end). A window: the first
        day it is no longer in force (the day after an inclusive end's)."""
        if self.what == "in effect" and self.latest is not None and self.inclusive and self.until is None:
            return self.latest + dt.timedelta(days=1)
        if self.what == "in effect" and self.until is not None:
            end = self.until[1] if self.inclusive else self.until[0]
            return end.date() if end.time() == dt.time() else end.date() + dt.timedelta(days=1)
        if self.latest is not None or self.what == "in effect":
            return self.latest
        e = self.earliest
        if self.precision == "day":
            return e
        if self.precision == "month":
            return (e.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if self.precision == "year":
            return e.replace(month=12, day=31)
        return None

    @property
    def shape(self) -> str:
        """'window', 'open window', 'range', 'point' or 'open'."""
        if self.what == "in effect":
            return "window" if self.latest is not None else "open window"
        if self.last is None:
            return "open"
        return "range" if self.last > self.earliest else "point"

    @property
    def end(self) -> dt.date:
        """The last day drawn for sure (the earliest, for an open-ended time)."""
        last = self.last
        return last if last is not None and last > self.earliest else self.earliest

    @property
    def words(self) -> str:
        """The article's wording, else the date as precise as it is known."""
        if self.wording:
            return "“" + " ".join(str(self.wording).split()) + "”"
        if self.precision == "year":
            return f"{self.earliest.year}"
        if self.precision == "month":
            return f"{MONTHS[self.earliest.month - 1]} {self.earliest.year}"
        if self.last is None:
            return f"after {self.earliest.isoformat()}"
        return self.earliest.isoformat()

    @property
    def dates(self) -> str:
        """What the mark stands for, in dates (the annotation next to it)."""
        a, b = self.earliest.isoformat(), self.last.isoformat() if self.last else None
        shape = self.shape
        if shape == "window":
            return f"in force {a} → {b} (end derived)" if self.derived else f"in force {a} → {b}"
        if shape == "open window":
            return f"in force from {a}, no end known"
        prefix = "declared " if self.what == "declared" else ""
        if shape == "range":
            return f"{prefix}{a} … {b} ({self.precision})"
        if shape == "open":
            return f"{prefix}from {a}, open-ended"
        return prefix + a


@dataclass
class Lane:
    """One row of the timeline: an item and its times."""

    item: str  # the IRI
    kind: str  # proposal, event, claim or position
    label: str  # its label in the graph
    marks: tuple[Mark, ...]

    @property
    def start(self) -> dt.date:
        return min(m.earliest for m in self.marks)

    @property
    def end(self) -> dt.date:
        return max(m.end for m in self.marks)

    @property
    def wording(self) -> str:
        """The article's words for the lane's times (a proposal: its window's beginning, then its declaration)."""
        order = {"in effect": 0, "declared": 1, "time": 2}
        words: list[str] = []
        for m in sorted(self.marks, key=lambda m: (order.get(m.what, 3), m.earliest)):
            if m.words not in words:
                words.append(m.words)
        if self.kind == "proposal" and len(words) > 1:
            named = []
            for m in sorted(self.marks, key=lambda m: (order.get(m.what, 3), m.earliest)):
                text = ("in effect from " if m.what == "in effect" else "declared ") + m.words
                if text not in named:
                    named.append(text)
            return "; ".join(named)
        return "; ".join(words)

    @property
    def text(self) -> str:
        """The lane's label: 'label — “wording”' (the article's words quoted; a date when it has none)."""
        return f"{self.label} — {self.wording}"


def _py(term: Literal | None) -> object:
    return None if term is None else term.toPython()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _instant(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    try:
        got = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return got if got.tzinfo is not None else None


def _pair(first: Literal | None, last: Literal | None) -> tuple[dt.datetime, dt.datetime] | None:
    """An instant range from the query's two columns (one missing: the other for both; none: None)."""
    a = None if first is None else _instant(_py(first))
    b = None if last is None else _instant(_py(last))
    if a is None and b is None:
        return None
    a, b = a or b, b or a
    assert a is not None and b is not None
    return (a, b) if a <= b else (b, a)


def _labels(graph: KnowledgeGraph, items: list[str]) -> dict[str, str]:
    """The items' labels in the graph, in one query (as :meth:`kg.query.graph.KnowledgeGraph.label` gives them)."""
    from kg.query.results import labels_for

    if not items:
        return {}
    iris = graph.select("SELECT ?n WHERE { VALUES ?n { " + " ".join(f"<{i}>" for i in items) + " } }")
    return {str(k): v for k, v in labels_for(graph.store, iris).items()}


def timeline_lanes(graph: KnowledgeGraph) -> list[Lane]:
    """The lanes of the timeline from the named query ``timeline``: one per item, grouped by kind (proposals,
    events, claims, positions) and ordered by date (then end, label, IRI) within a group."""
    marks: dict[str, set[Mark]] = {}
    kinds: dict[str, set[str]] = {}
    for row in graph.run("timeline"):
        if row.earliest is None:
            continue
        derived = _py(row.derived)
        mark = Mark(
            what=str(row.what),
            wording=None if row.wording is None else str(row.wording),
            precision=str(row.precision),
            earliest=_date(_py(row.earliest)),
            latest=None if row.latest is None else _date(_py(row.latest)),
            derived=bool(derived) and derived != "false",
            at=_pair(row.earliestInstant, row.latestInstant),
            until=_pair(row.endEarliestInstant, row.endLatestInstant),
            inclusive=_py(row.inclusive) is True,
        )
        marks.setdefault(str(row.item), set()).add(mark)
        kinds.setdefault(str(row.item), set()).add(str(row.kind))
    groups = list(TIMELINE_KINDS)
    rank = lambda kind: (groups.index(kind) if kind in groups else len(groups), kind)  # noqa: E731
    labels = _labels(graph, sorted(marks))
    lanes = []
    for item, found in marks.items():
        kind = min(kinds[item], key=rank)  # one lane per item, even if it were of two kinds
        label = " ".join(labels.get(item, item).split())
        ordered = tuple(
            sorted(found, key=lambda m: (m.earliest, m.latest or dt.date.max, m.what, m.words, m.precision, m.derived))
        )
        lanes.append(Lane(item, kind, label, ordered))
    lanes.sort(key=lambda ln: (rank(ln.kind), ln.start, ln.end, ln.label.casefold(), ln.item))
    return lanes


def source_labels(graph: KnowledgeGraph) -> list[str]:
    """The labels of the news articles the graph was built from, sorted."""
    return sorted({" ".join(str(r.l).split()) for r in graph.query(ARTICLE_QUERY)})


# ---------------------------------------------------------------------------------------------------------------
# the date axis
# ---------------------------------------------------------------------------------------------------------------


def stretches(lanes: list[Lane]) -> list[tuple[dt.date, dt.date]]:
    """The stretches of days with something in them, (first, last), left to right: the days covered by something
    (a point, a range, a window, an open-ended time's earliest day), merged across any gap shorter than
    :data:`GAP_DAYS` days or than :data:`GAP_SHARE` of the whole span. A stretch is also split where only
    windows run on, for at least :data:`UNDER_WINDOW_DAYS` days and :data:`UNDER_WINDOW_SHARE` of the
    stretch, between times that begin or end (a dense cluster of days is then not squeezed into the corner of a
    month-long window's panel: the window's bar runs on across the break). At most :data:`MAX_PANELS`
    stretches (the smallest gaps are closed first). The date axis is broken between two stretches."""
    spans = sorted({(m.earliest, m.end) for lane in lanes for m in lane.marks})
    if not spans:
        return []
    whole = max(1, (max(b for _, b in spans) - spans[0][0]).days)
    merged: list[list[dt.date]] = []
    for a, b in spans:
        if merged and (a - merged[-1][1]).days < max(GAP_DAYS, GAP_SHARE * whole):
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    # the days where something begins or ends (a window: its first and last day only)
    ends = sorted(
        {(m.earliest, m.earliest) for lane in lanes for m in lane.marks if m.shape == "window"}
        | {(m.end, m.end) for lane in lanes for m in lane.marks if m.shape == "window"}
        | {(m.earliest, m.end) for lane in lanes for m in lane.marks if m.shape != "window"}
    )
    split: list[list[dt.date]] = []
    for first, last in merged:
        inside = [(a, b) for a, b in ends if first <= a and b <= last]
        span = max(1, (last - first).days)
        parts: list[list[dt.date]] = []
        for a, b in inside:
            gap = (a - parts[-1][1]).days if parts else 0
            if parts and (gap < UNDER_WINDOW_DAYS or gap < UNDER_WINDOW_SHARE * span):
                parts[-1][1] = max(parts[-1][1], b)
            elif parts:
                parts.append([a, b])
            else:
                parts.append([a, b])
        if not parts:
            parts = [[first, last]]
        parts[0][0], parts[-1][1] = first, max(parts[-1][1], last)
        split.extend(parts)
    merged = split
    while len(merged) > MAX_PANELS:  # close the smallest gap
        i = min(range(len(merged) - 1), key=lambda k: ((merged[k + 1][0] - merged[k][1]).days, k))
        merged[i : i + 2] = [[merged[i][0], max(merged[i][1], merged[i + 1][1])]]
    return [(a, b) for a, b in merged]


def under_window(lanes: list[Lane], parts: list[tuple[dt.date, dt.date]]) -> list[bool]:
    """For each break between two of ``parts``: whether a window runs on across it."""
    windows = [(m.earliest, m.end) for lane in lanes for m in lane.marks if m.shape == "window"]
    return [any(a <= parts[i][1] and parts[i + 1][0] <= b for a, b in windows) for i in range(len(parts) - 1)]


def panels(lanes: list[Lane]) -> list[tuple[dt.date, dt.date]]:
    """The parts of the date axis, as (first, last) days shown, left to right: each of the :func:`stretches`,
    widened to :data:`MIN_PANEL_DAYS` days and to room for the open-ended times in it to fade out, and padded."""
    opens = sorted(m.earliest for lane in lanes for m in lane.marks if m.shape in ("open", "open window"))
    out = []
    for a, b in stretches(lanes):
        reach = math.ceil(fade_days((a, b)) * ARROW)
        for o in opens:
            if a <= o <= b:
                b = max(b, o + dt.timedelta(days=reach))
        if (b - a).days < MIN_PANEL_DAYS:  # centre a short stretch
            a = a - dt.timedelta(days=(MIN_PANEL_DAYS - (b - a).days) // 2)
            b = a + dt.timedelta(days=MIN_PANEL_DAYS)
        pad = max(2, round(0.06 * (b - a).days))
        out.append((a - dt.timedelta(days=pad), b + dt.timedelta(days=pad)))
    parts = stretches(lanes)
    for i in range(len(out) - 1):  # a part widened into the gap stops halfway across it
        if out[i][1] >= out[i + 1][0]:
            mid = parts[i][1] + (parts[i + 1][0] - parts[i][1]) / 2
            out[i], out[i + 1] = (out[i][0], mid), (mid + dt.timedelta(days=1), out[i + 1][1])
    return out


def panel_shares(lanes: list[Lane], parts: list[tuple[dt.date, dt.date]]) -> list[float]:
    """The share of the plot's width each part of the axis gets: as the square root of the number of marks in
    it, but at least half the busiest part's, so that a busy cluster of days gets room and a lone far-off mark
    still gets a readable part."""
    counts = [sum(1 for lane in lanes for m in lane.marks if a <= m.earliest <= b) for a, b in parts]
    weights = [math.sqrt(max(c, 1)) for c in counts]
    weights = [max(w, 0.5 * max(weights)) for w in weights]
    return [w / sum(weights) for w in weights]


def fade_days(stretch: tuple[dt.date, dt.date]) -> float:
    """How many days an open-ended time in ``stretch`` fades over (:data:`OPEN_SHARE` of it, at least 3)."""
    return max(3.0, OPEN_SHARE * max((stretch[1] - stretch[0]).days, MIN_PANEL_DAYS))


# ---------------------------------------------------------------------------------------------------------------
# hours: times with a time of day, zooming to a window, one proposal's story
# ---------------------------------------------------------------------------------------------------------------

HOUR_AXIS_DAYS = 4  # a window of at most this many days is drawn on an hour axis
HOUR_STEPS = (1, 2, 3, 6, 12, 24)  # hours between two ticks of an hour axis
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _start_of(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


@dataclass(frozen=True)
class Instants:
    """A mark in instants, in one zone: a time is a point or a range from ``first`` to ``last`` (None: open
    ended); a window is in force from ``begins`` to ``ends``, its beginning somewhere in ``first`` … ``begins``
    and its end in ``end_first`` … ``end_last`` (equal when known to the moment). ``exact``: the times of day
    are known (else a time is its whole day or days, and a window's bounds are local midnights in a zone the
    article does not give)."""

    first: dt.datetime
    begins: dt.datetime
    last: dt.datetime | None
    ends: dt.datetime | None = None
    end_first: dt.datetime | None = None
    end_last: dt.datetime | None = None
    exact: bool = True


def instants(m: Mark, tz: dt.tzinfo) -> Instants:
    """The instants ``m`` stands for, in the zone ``tz``: its own when it has a time of day; else the day(s) it
    can be, from the first day's midnight to the midnight after the last day (a window: midnights)."""
    if m.what == "in effect":
        if m.at is not None:
            b0, b1 = (t.astimezone(tz) for t in m.at)
        else:
            b0 = b1 = _start_of(m.earliest, tz)
        e0: dt.datetime | None
        e1: dt.datetime | None
        end: dt.datetime | None
        if m.until is not None:
            e0, e1 = (t.astimezone(tz) for t in m.until)
            end = e1 if m.inclusive else e0
        elif m.last is not None:
            e0 = e1 = end = _start_of(m.last, tz)
        else:
            e0 = e1 = end = None
        return Instants(b0, b1, end, end, e0, e1, exact=m.at is not None and (m.until is not None or end is None))
    if m.at is not None:
        a, b = (t.astimezone(tz) for t in m.at)
        return Instants(a, a, b)
    last = m.last
    first = _start_of(m.earliest, tz)
    return Instants(first, first, None if last is None else _start_of(last + dt.timedelta(days=1), tz), exact=False)


def display_zone(lanes: list[Lane]) -> dt.tzinfo:
    """The zone an hour axis is drawn in: the offset of the first time of day on the lanes (the articles' own,
    e.g. UTC+03:00); UTC when none has one."""
    for lane in lanes:
        for m in lane.marks:
            for pair in (m.at, m.until):
                if pair is not None and pair[0].utcoffset() is not None:
                    return dt.timezone(cast("dt.timedelta", pair[0].utcoffset()))
    return dt.UTC


def zone_name(tz: dt.tzinfo) -> str:
    """'UTC+03:00', 'UTC'."""
    off = dt.datetime(2000, 1, 1, tzinfo=tz).utcoffset() or dt.timedelta(0)
    if not off:
        return "UTC"
    sign, off = ("+", off) if off > dt.timedelta(0) else ("-", -off)
    hours, rest = divmod(int(off.total_seconds()), 3600)
    return f"UTC{sign}{hours:02d}:{rest // 60:02d}"


def moment(t: dt.datetime) -> str:
    """'Sat 19 Apr 18:00' (in the datetime's own zone)."""
    return f"{WEEKDAYS[t.weekday()]} {t.day} {MONTHS[t.month - 1]} {t:%H:%M}"


def hour_dates(m: Mark, tz: dt.tzinfo) -> str:
    """What the mark stands for, in hours (the annotation next to it on an hour axis)."""
    i = instants(m, tz)
    if m.what == "in effect":
        if m.at is not None and i.first != i.begins:
            begin = f"{moment(i.first)} … {moment(i.begins)}"
        else:
            begin = moment(i.begins)
        if i.ends is None:
            return f"in force from {begin}, no end known"
        end = moment(i.ends)
        if i.end_first != i.end_last and i.end_first is not None and i.end_last is not None:
            end += f" (end {moment(i.end_first)} … {moment(i.end_last)})"
        text = f"in force {begin} → {end}"
        if m.at is None or (m.until is None and not m.derived):
            text += " (to the day only)"
        return text + (" (end derived)" if m.derived else "")
    prefix = "declared " if m.what == "declared" else ""
    if i.last is None:
        return f"{prefix}from {moment(i.first)}, open-ended"
    if i.first == i.last:
        return prefix + moment(i.first)
    suffix = "" if i.exact else f" ({m.precision} only)"
    return f"{prefix}{moment(i.first)} … {moment(i.last)}{suffix}"


def _bounds(m: Mark, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime | None]:
    """The first and last instant a mark covers (None: open-ended)."""
    i = instants(m, tz)
    if m.what == "in effect":
        return i.first, None if i.ends is None else max(x for x in (i.ends, i.end_last) if x is not None)
    return i.first, i.last


def select_lanes(
    lanes: list[Lane],
    *,
    items: set[str] | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[Lane]:
    """The lanes of ``items`` (all when None) with a mark in ``since`` … ``until`` (a lane keeps only those
    marks); their order is kept."""
    tz = display_zone(lanes)
    out = []
    for lane in lanes:
        if items is not None and lane.item not in items:
            continue
        marks = []
        for m in lane.marks:
            a, b = _bounds(m, tz)
            # (an open-ended time is kept when it begins in the window: after it, where it is is not known)
            if (until is None or a <= until) and (since is None or (b if b is not None else a) >= since):
                marks.append(m)
        if marks:
            out.append(Lane(lane.item, lane.kind, lane.label, tuple(marks)))
    return out


def extent(lanes: list[Lane], tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The first and last instant on the lanes (an open-ended time counts its earliest)."""
    firsts, lasts = [], []
    for lane in lanes:
        for m in lane.marks:
            a, b = _bounds(m, tz)
            firsts.append(a)
            lasts.append(b if b is not None else a)
    return min(firsts), max(lasts)


def hour_window(
    lanes: list[Lane], since: dt.datetime | None = None, until: dt.datetime | None = None
) -> tuple[dt.datetime, dt.datetime] | None:
    """The part of the time an hour axis shows, in the display zone, when what is to be shown (``since`` …
    ``until``, else the lanes' extent) spans at most :data:`HOUR_AXIS_DAYS` days; None when it is longer (a
    date axis, as :func:`panels` gives it). A side not given is padded by a tenth of the span (at least an
    hour), and widened to whole hours."""
    if not lanes:
        return None
    tz = display_zone(lanes)
    first, last = extent(lanes, tz)
    a = since.astimezone(tz) if since is not None else first
    b = until.astimezone(tz) if until is not None else last
    if b < a or b - a > dt.timedelta(days=HOUR_AXIS_DAYS):
        return None
    pad = max(dt.timedelta(hours=1), (b - a) / 10)
    if since is None:
        a = (a - pad).replace(minute=0, second=0, microsecond=0)
    if until is None:
        b = b + pad
        b = b.replace(minute=0, second=0, microsecond=0) + (
            dt.timedelta(hours=1) if b.minute or b.second else dt.timedelta(0)
        )
    return a, b


def hour_step(window: tuple[dt.datetime, dt.datetime], inches: float) -> int:
    """The hours between two ticks of an hour axis ``inches`` wide: the smallest of :data:`HOUR_STEPS` that
    leaves at most one tick per 0.75 inch."""
    hours = (window[1] - window[0]).total_seconds() / 3600
    most = max(2, int(inches / 0.75))
    return next((k for k in HOUR_STEPS if hours / k <= most), 24)


def hour_ticks(window: tuple[dt.datetime, dt.datetime], step: int) -> list[tuple[dt.datetime, str]]:
    """The ticks of an hour axis: every ``step`` hours on the hour (local), each labelled 'Sat 19 Apr 18:00'."""
    a, b = window
    t = a.replace(minute=0, second=0, microsecond=0)
    if t < a:
        t += dt.timedelta(hours=1)
    while t.hour % step:
        t += dt.timedelta(hours=1)
    out = []
    while t <= b:
        out.append((t, moment(t)))
        t += dt.timedelta(hours=step)
    return out


def story_items(graph: KnowledgeGraph, proposal: str) -> set[str]:
    """The items of one proposal's story: the proposal, what is linked to it in either direction (positions on
    it, events and claims about it), and the events those positions and claims name (where they were
    expressed, what a claim alleges)."""
    near = graph.select(
        f"SELECT DISTINCT ?x WHERE {{ {{ ?x ?p <{proposal}> }} UNION {{ <{proposal}> ?p ?x }} FILTER(isIRI(?x)) }}"
    )
    items = {proposal} | {str(r[0]) for r in near.rows}
    named = graph.select(
        "SELECT DISTINCT ?e WHERE { VALUES ?x { "
        + " ".join(f"<{i}>" for i in sorted(items))
        + " } { ?x a cfo:Position } UNION { ?x a cfo:Claim } ?x ?p ?e . ?e a cfo:Event }"
    )
    return items | {str(r[0]) for r in named.rows}


__all__ = [
    "HOUR_AXIS_DAYS",
    "TIMELINE_KINDS",
    "Instants",
    "Lane",
    "Mark",
    "display_zone",
    "extent",
    "fade_days",
    "hour_dates",
    "hour_step",
    "hour_ticks",
    "hour_window",
    "instants",
    "moment",
    "panel_shares",
    "panels",
    "select_lanes",
    "source_labels",
    "story_items",
    "stretches",
    "timeline_lanes",
    "under_window",
    "zone_name",
]
