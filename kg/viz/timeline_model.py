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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Literal

    from kg.query.graph import KnowledgeGraph

#: the kinds of item on the timeline, in the order of their groups (top to bottom)
TIMELINE_KINDS = ("proposal", "event", "claim", "position")
GAP_DAYS = 31  # the axis is broken only at a stretch of at least this many days with nothing in it...
GAP_SHARE = 0.10  # ...that is also at least this share of the whole span
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

    @property
    def last(self) -> dt.date | None:
        """The last day it can be: ``latest``, else what the precision implies (the day, the month's or the year's
        last day); None for a relative time with no upper bound (and a window with no end)."""
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
    :data:`GAP_DAYS` days or than :data:`GAP_SHARE` of the whole span; at most :data:`MAX_PANELS` stretches (the
    smallest gaps are closed first). The date axis is broken between two stretches."""
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
    while len(merged) > MAX_PANELS:  # close the smallest gap
        i = min(range(len(merged) - 1), key=lambda k: ((merged[k + 1][0] - merged[k][1]).days, k))
        merged[i : i + 2] = [[merged[i][0], max(merged[i][1], merged[i + 1][1])]]
    return [(a, b) for a, b in merged]


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


__all__ = [
    "TIMELINE_KINDS",
    "Lane",
    "Mark",
    "fade_days",
    "panel_shares",
    "panels",
    "source_labels",
    "stretches",
    "timeline_lanes",
]
