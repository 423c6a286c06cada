"""A timeline of the graph: what happened when, as the articles word it (the named query ``timeline``).

:func:`plot_timeline` draws every dated thing in the graph to a PNG, SVG or PDF file, one lane per item, lanes
grouped by kind (proposals, events, claims, positions) and ordered by date within a group:

* a proposal's window ("in effect") is a bar from its beginning to its end (the end is exclusive: the first day
  it is no longer in force); an end computed from the beginning and a duration is hatched at the end and marked
  "end derived"; the proposal's declaration is a star on the same lane;
* events, claims and positions are points, with a marker shape per kind (see :data:`kg.viz.style.KIND_STYLES`);
* an imprecise time (a month, a year: the query's ``earliest``..``latest``) is a thin range with end caps from the
  first to the last day it can be, never a point on a made-up day;
* a relative time with no upper bound ("soon after the call") is a marker at its earliest day and a fading range
  ending in an arrow: open-ended;
* every lane is labelled "label — wording", the item's label in the graph and the article's words for its time,
  and every mark is annotated with the dates it stands for.

The date axis is broken where nothing happens for a long stretch, or where only a window runs on (see
:func:`~kg.viz.timeline_model.stretches`): each stretch with things in it gets its own panel, own scale and own
ticks, so that a cluster of days is not squeezed into a few pixels next to a year-long range or into the corner
of a month-long window (whose bar is drawn on every part it crosses). What spans 4 days or less (a 30-hour truce,
or a window asked for with ``since`` / ``until``) is drawn on an hour axis instead, in the articles' own offset:
times with a time of day (``cfo:earliestInstant`` / ``cfo:latestInstant``) to the minute, a time known only to
the day as a range over that whole day, a bound known only within some hours as a faded band. The title names the source articles. The file is the same
byte for byte on every run (no dates in the metadata, a fixed SVG hash salt, the rows sorted), and written
atomically.

What is shown (the lanes, their marks, the parts of the axis) is :mod:`kg.viz.timeline_model`'s; this module draws
it. :func:`timeline_figure` draws a graph it is given and reads no file; :func:`plot_timeline`, the entry point,
also takes the folder ``kg build`` wrote, and loads it before drawing.

Examples
--------
>>> import kg, tempfile
>>> from pathlib import Path
>>> g = kg.KnowledgeGraph.from_dataset(kg.build(["seeds/000_331be8963d56cd33.yaml"]).dataset)
>>> [(lane.kind, lane.text) for lane in timeline_lanes(g) if lane.kind == "proposal"]
[('proposal', '30-day pause on attacks on Ukraine’s energy infrastructure — “March 18, 2025”')]
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = plot_timeline(g, Path(tmp) / "timeline.svg")
...     (out.name, out.read_text(encoding="utf-8").count("<svg") >= 1)
('timeline.svg', True)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from kg.resources import output_file
from kg.viz.style import DARK_GREY, FORMATS, INK, KIND_STYLES, check_size, kind_style, picture_format, save_figure
from kg.viz.timeline_model import (
    ARROW,
    MONTHS,
    OPEN_SHARE,
    TIMELINE_KINDS,
    Lane,
    Mark,
    display_zone,
    fade_days,
    hour_dates,
    hour_step,
    hour_ticks,
    hour_window,
    instants,
    panel_shares,
    panels,
    select_lanes,
    source_labels,
    story_items,
    stretches,
    timeline_lanes,
    under_window,
    zone_name,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.ticker import Formatter, Locator

    from kg.query.graph import KnowledgeGraph

    class TimelineFigure(Figure):
        """What :func:`timeline_figure` draws: a :class:`~matplotlib.figure.Figure` on the Agg canvas, with
        ``kg_timeline`` set on it (for type checkers only: at run time it is a plain Figure)."""

        canvas: FigureCanvasAgg
        kg_timeline: TimelinePicture


DECLARED_COLOUR = INK
TEXT_GREY = "#555555"

FONT = 9.0  # points: lane labels
LINE = 1.35  # a line of label text, as a multiple of the font size
MIN_FONT = 3.5  # points: the smallest label, when a fixed height leaves little room (they may overlap)
PANEL_GAP = 0.4  # inches between the parts of a broken axis


@dataclass
class TimelinePicture:
    """What :func:`timeline_figure` drew: the lanes, the date axis parts, and the artists of each mark."""

    lanes: list[Lane]
    panels: list[tuple[dt.date, dt.date]]
    sources: list[str]
    axes: list[Axes] = field(default_factory=list)
    #: (item IRI, role) -> artists; roles: label, kind (the marker by the label), window, derived-end, declared,
    #: point, range, open
    artists: dict[tuple[str, str], list[Artist]] = field(default_factory=dict)
    y: dict[str, float] = field(default_factory=dict)
    #: an hour axis: the first and last instant it shows (None: a date axis, ``panels``), in the zone ``tz``
    hours: tuple[dt.datetime, dt.datetime] | None = None
    tz: dt.tzinfo = dt.UTC
    #: the ticks of an hour axis: (instant, label)
    ticks: list[tuple[dt.datetime, str]] = field(default_factory=list)

    def add(self, item: str, role: str, artist: Artist) -> None:
        self.artists.setdefault((item, role), []).append(artist)


@dataclass
class _Notes:
    """The dates of a lane's marks on one part of the axis, written next to them: from ``x0`` to ``x1`` (date
    numbers), at ``y``."""

    x0: float
    x1: float
    y: float
    texts: list[str]


def _slug(item: str) -> str:
    tail = item.split("/id/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", tail).strip("_") or "item"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)) or text


def _unbroken(lane: Lane, width: int) -> str:
    """The lane's label with its wording kept on one line when it is short (no-break spaces)."""
    words = lane.wording
    if len(words) <= width // 2:
        words = words.replace(" ", "\u00a0")
    return f"{lane.label} —\u00a0{words}"


Moment = dt.date | dt.datetime  # a day (all of it) or an instant with its offset


def _zoom(lanes: list[Lane], since: Moment | None, until: Moment | None) -> tuple[dt.datetime | None, ...]:
    """``since`` and ``until`` as instants: a day from its first moment (``since``) or through its last
    (``until``: the next midnight), in the zone the timeline is drawn in; an instant as it is."""
    tz = display_zone(lanes)
    out: list[dt.datetime | None] = []
    for value, after in ((since, 0), (until, 1)):
        if value is None or isinstance(value, dt.datetime):
            out.append(value)
        else:
            out.append(dt.datetime.combine(value + dt.timedelta(days=after), dt.time(), tzinfo=tz))
    return tuple(out)


def _shown(value: Moment) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()


def timeline_picture(
    graph: KnowledgeGraph,
    *,
    since: Moment | None = None,
    until: Moment | None = None,
    proposal: str | None = None,
    width: float = 14,
) -> TimelinePicture:
    """What the timeline of ``graph`` shows (nothing drawn yet): the lanes, the sources, and the axis: an hour
    axis (``hours``, ``ticks``) when what is shown spans at most
    :data:`~kg.viz.timeline_model.HOUR_AXIS_DAYS` days, else the parts of a date axis (``panels``).

    ``since`` / ``until`` zoom to a window (a date: all of that day; a datetime with its offset: that instant);
    ``proposal`` (an IRI) keeps one proposal's story: the proposal, the positions on it, the events and claims
    linked to it. Raises ValueError when nothing is left to draw or ``since`` is after ``until``."""
    lanes = timeline_lanes(graph)
    if not lanes:
        raise ValueError(
            "nothing in the graph has a time: the query 'timeline' found no proposal, event, claim "
            "or position with a date"
        )
    first, last = _zoom(lanes, since, until)
    if first is not None and last is not None and first >= last:
        raise ValueError(
            f"--since {_shown(cast('Moment', since))} is not before --until {_shown(cast('Moment', until))}"
        )
    items = None
    if proposal is not None:
        items = story_items(graph, proposal)
        if not any(ln.item == proposal for ln in lanes) and not graph.ask(f"ASK {{ <{proposal}> a cfo:Proposal }}"):
            raise ValueError(f"{proposal.rsplit('/', 2)[-2]}/{proposal.rsplit('/', 1)[-1]} is not a proposal")
    chosen = select_lanes(lanes, items=items, since=first, until=last)
    if not chosen:
        where = []
        if proposal is not None:
            where.append(f"in the story of {proposal.rsplit('/', 1)[-1]}")
        if since is not None:
            where.append(f"from {_shown(since)}")
        if until is not None:
            where.append(f"until {_shown(until)}")
        raise ValueError("nothing in the graph is dated " + " ".join(where))
    pic = TimelinePicture(chosen, [], source_labels(graph))
    window = hour_window(chosen, first, last)
    if window is not None:
        pic.tz = display_zone(chosen)
        pic.hours = window
        pic.panels = [(window[0].date(), window[1].date())]
        inches = max(1.0, width * 0.45)
        pic.ticks = hour_ticks(window, hour_step(window, inches))
        return pic
    parts = panels(chosen)
    if first is not None or last is not None:  # a zoom: the axis stops where it was asked to
        a = first.astimezone(display_zone(chosen)).date() if first is not None else None
        b = last.astimezone(display_zone(chosen)).date() if last is not None else None
        clamped = []
        for x, y in parts:
            x, y = max(x, a) if a else x, min(y, b) if b else y
            if x < y:
                clamped.append((x, y))
        parts = clamped or [(a or parts[0][0], b or parts[-1][1])]
        parts[0] = (a or parts[0][0], parts[0][1])  # and starts where it was asked to
        parts[-1] = (parts[-1][0], b or parts[-1][1])
    pic.panels = parts
    return pic


def timeline_figure(
    graph: KnowledgeGraph,
    *,
    title: str | None = None,
    width: float = 14,
    height: float | None = None,
    dpi: int = 150,
    since: Moment | None = None,
    until: Moment | None = None,
    proposal: str | None = None,
) -> TimelineFigure:
    """The picture :func:`plot_timeline` saves, as a :class:`matplotlib.figure.Figure` on the Agg canvas (no
    window), of ``graph``, a :class:`kg.query.graph.KnowledgeGraph` (it reads no file: load a folder first, with
    :func:`kg.load`). ``fig.kg_timeline`` is the :class:`TimelinePicture`: lanes, axis parts and the artists of
    each mark. ``since``, ``until``, ``proposal``: see :func:`timeline_picture`. Raises ValueError when nothing
    in the graph has a time (or nothing is left in the window or story asked for)."""
    check_size(width, height, dpi)
    if isinstance(graph, (str, os.PathLike)):
        raise TypeError(f"timeline_figure draws a KnowledgeGraph, not a path ({graph!r}): load it first, kg.load(path)")
    pic = timeline_picture(graph, since=since, until=until, proposal=proposal, width=width)
    return _render(pic, title=title, width=width, height=height, dpi=dpi)


def _tick_locator(a: dt.date, b: dt.date, inches: float) -> Locator:
    """Ticks for a part of the axis from ``a`` to ``b`` drawn ``inches`` wide: every day, every other day, every
    Monday or every other Monday on a part spanning up to 120 days; else months (or years), as matplotlib picks."""
    import matplotlib.dates as mdates

    days = (b - a).days
    if days > 120:
        return mdates.AutoDateLocator(minticks=3, maxticks=max(4, int(inches * 1.6)), interval_multiples=True)
    most = max(3, int(inches * 1.4))
    step = next((k for k in (1, 2, 7, 14) if days / k <= most), 28)
    if step >= 7:
        return mdates.WeekdayLocator(byweekday=mdates.MO, interval=step // 7)
    return mdates.DayLocator(interval=step)


def _tick_formatter(days: bool) -> Formatter:
    """Tick labels: '18 Mar' on a part of the axis spanning days, else 'Apr'; the year under the first tick and
    wherever it changes (under each January, on a part spanning months)."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import Formatter

    class TickFormatter(Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return self.format_ticks([x])[0]

        def format_ticks(self, values: list[float]) -> list[str]:
            out: list[str] = []
            year: int | None = None
            for x in values:
                d = mdates.num2date(x).date()
                text = f"{d.day} {MONTHS[d.month - 1]}" if days else MONTHS[d.month - 1]
                if d.year != year or (not days and d.month == 1):
                    text += f"\n{d.year}"
                year = d.year
                out.append(text)
            return out

    return TickFormatter()


def _legend_handles(pic: TimelinePicture) -> list[Artist]:
    """The legend: what each kind's marker and each way of drawing a time means (only those drawn)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    marks = [m for lane in pic.lanes for m in lane.marks]
    shapes = {m.shape for m in marks}
    bounds = False
    if pic.hours is not None:  # on an hour axis a day is a range, and a window's bounds may be imprecise
        shapes = set()
        for m in marks:
            at = instants(m, pic.tz)
            if m.what == "in effect":
                shapes.add("window" if at.ends is not None else "open window")
                bounds = bounds or at.first < at.begins or at.end_first != at.end_last
            else:
                shapes.add("open" if at.last is None else "point" if at.last == at.first else "range")
    kinds = [k for k in TIMELINE_KINDS if any(lane.kind == k for lane in pic.lanes)] + sorted(
        {lane.kind for lane in pic.lanes} - set(TIMELINE_KINDS)
    )
    handles: list[Artist] = []
    proposal = kind_style("proposal")
    if shapes & {"window", "open window"}:
        handles.append(Patch(facecolor=proposal.colour, edgecolor=DARK_GREY, label="proposal in force"))
    if any(m.derived for m in marks):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=proposal.ink,
                hatch="////",
                label="end derived (from the duration)",
            )
        )
    for k in kinds:
        colour, marker = kind_style(k)[:2]
        if k != "proposal" or not shapes & {"window", "open window"}:
            handles.append(Line2D([], [], marker=marker, color=colour, mec="white", ls="none", ms=8, label=k))
    if any(m.what == "declared" for m in marks):
        handles.append(Line2D([], [], marker="*", color=DECLARED_COLOUR, ls="none", ms=11, label="declared"))
    if "range" in shapes:
        handles.append(
            Line2D(
                [],
                [],
                color="#777777",
                lw=5,
                alpha=0.55,
                marker="|",
                ms=11,
                mew=1.6,
                label="imprecise time: first … last possible "
                + ("moment (a day: all of it)" if pic.hours is not None else "day"),
            )
        )
    if bounds:
        handles.append(
            Patch(
                facecolor=proposal.colour,
                edgecolor=DARK_GREY,
                alpha=0.35,
                ls=(0, (2, 1.5)),
                label="imprecise bound: when it began or ended",
            )
        )
    if shapes & {"open", "open window"}:
        handles.append(Patch(facecolor="#777777", alpha=0.4, label="no upper bound: fades out from the earliest"))
    return handles


def _render(pic: TimelinePicture, *, title: str | None, width: float, height: float | None, dpi: int) -> TimelineFigure:
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    wrap_at = max(28, min(70, int(width * 3.6)))
    texts = [_wrap(_unbroken(lane, wrap_at), wrap_at) for lane in pic.lanes]
    # the rows, top to bottom, in line units: a heading for each kind, then its lanes
    rows: list[tuple[str, str | tuple[Lane, str], float, float]] = []  # (row kind, heading or lane, centre, height)
    y = 0.0
    previous: str | None = None
    for lane, text in zip(pic.lanes, texts, strict=True):
        if lane.kind != previous:
            y += 0.4 if previous is not None else 0.0
            rows.append(("heading", lane.kind, y + 0.8, 1.6))
            y += 1.6
            previous = lane.kind
        h = max(2.3, text.count("\n") + 1 + 1.0)
        rows.append(("lane", (lane, text), y + h / 2, h))
        y += h
    total = y + 0.3

    heading = title or "What happened when"
    source = "Source: " + ("; ".join(pic.sources) if pic.sources else "(no news article in the graph)")
    source = _wrap(source, max(40, int(width * 11)))
    handles = _legend_handles(pic)
    legend_cols = max(1, min(len(handles), int(width // 3.2)))
    legend_rows = -(-len(handles) // legend_cols)
    top = 0.22 + 15 * 1.5 / 72 + (source.count("\n") + 1) * 10 * 1.45 / 72 + 0.12 + legend_rows * 0.21 + 0.15
    bottom = 0.85
    font = FONT
    if height is None:
        line_in = font * LINE / 72
        height = top + bottom + total * line_in
        height = -(-height // 0.5) * 0.5  # whole half inches: the PNG is exactly width*dpi × height*dpi pixels
    else:
        line_in = max(0.01, (height - top - bottom) / total)
        font = max(MIN_FONT, min(FONT, 0.85 * line_in * 72))  # a wrapped line takes 1.15 × the font size

    fig = cast("TimelineFigure", Figure(figsize=(width, height), dpi=dpi))
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    n = len(pic.panels)
    axes = [fig.add_axes((0.3, 0.1, 0.6, 0.8))]
    for _ in range(n - 1):
        axes.append(fig.add_axes((0.3, 0.1, 0.6, 0.8), sharey=axes[0]))
    pic.axes = axes
    ax0 = axes[0]
    ax0.set_ylim(total, 0)

    # -- the labels and kind markers, left of the first part -------------------------------------------------------
    gutter = ScaledTranslation(-0.3, 0, fig.dpi_scale_trans)
    dot = ScaledTranslation(-0.14, 0, fig.dpi_scale_trans)
    left_of = blended_transform_factory(ax0.transAxes, ax0.transData)
    label_artists: list[Text] = []
    for _, what, yc, h in rows:
        if isinstance(what, str):  # a heading: the kind
            colour, name = kind_style(what).ink, kind_style(what).heading
            t = ax0.text(
                0,
                yc,
                name,
                transform=left_of + gutter,
                ha="right",
                va="center",
                fontsize=font + 1.5,
                fontweight="bold",
                color=colour,
                clip_on=False,
            )
            label_artists.append(t)
            for ax in axes:
                ax.axhline(yc + h / 2 - 0.1, color=colour, lw=0.8, alpha=0.6, zorder=1)
            continue
        lane, text = what
        colour, marker = kind_style(lane.kind)[:2]
        t = ax0.text(
            0,
            yc,
            text,
            transform=left_of + gutter,
            ha="right",
            va="center",
            fontsize=font,
            color=INK,
            clip_on=False,
            linespacing=1.15,
            gid=f"label-{_slug(lane.item)}",
        )
        label_artists.append(t)
        pic.add(lane.item, "label", t)
        pic.y[lane.item] = yc
        (kind_marker,) = ax0.plot(
            [0],
            [yc],
            marker=marker,
            ms=font * 0.75,
            color=colour,
            mec="white",
            mew=0.5,
            ls="none",
            transform=left_of + dot,
            clip_on=False,
        )
        pic.add(lane.item, "kind", kind_marker)
        shade = "#f3f3f3" if sum(1 for r in rows if r[0] == "lane" and r[2] < yc) % 2 == 0 else "white"
        for ax in axes:
            ax.axhspan(yc - h / 2, yc + h / 2, color=shade, lw=0, zorder=0)

    # -- the layout: measure the labels, then place the parts of the axis ----------------------------------------------
    renderer = fig.canvas.get_renderer()
    label_w = max(t.get_window_extent(renderer).width for t in label_artists) / dpi
    left = min(label_w + 0.45, width * 0.55)
    right = 0.6 if pic.hours is not None else 0.35
    plot_w = max(1.0, width - left - right - PANEL_GAP * (n - 1))
    widths = [plot_w * share for share in panel_shares(pic.lanes, pic.panels)]
    starts = [left + sum(widths[:i]) + PANEL_GAP * i for i in range(n)]
    for ax, x0, pw in zip(axes, starts, widths, strict=True):
        ax.set_position((x0 / width, bottom / height, pw / width, (height - top - bottom) / height))

    # -- each part of the date axis --------------------------------------------------------------------------------
    num = mdates.date2num
    for i, (ax, (a, b), pw) in enumerate(zip(axes, pic.panels, widths, strict=True)):
        if pic.hours is not None:  # one part: hours, ticks on the hour, the day under the first and each midnight
            from matplotlib.ticker import FixedFormatter, FixedLocator

            ax.set_xlim(num(pic.hours[0]), num(pic.hours[1]))
            labels = []
            for k, (tick, _) in enumerate(pic.ticks):
                day = f"{tick:%a} {tick.day} {MONTHS[tick.month - 1]}"
                labels.append(f"{day}\n{tick:%H:%M}" if k == 0 or tick.hour == 0 else f"{tick:%H:%M}")
            ax.xaxis.set_major_locator(FixedLocator([num(tick) for tick, _ in pic.ticks]))
            ax.xaxis.set_major_formatter(FixedFormatter(labels))
        else:
            ax.set_xlim(num(a), num(b))
            ax.xaxis.set_major_locator(_tick_locator(a, b, pw))
            ax.xaxis.set_major_formatter(_tick_formatter(days=(b - a).days <= 120))
        ax.tick_params(axis="x", labelsize=FONT, color="#888888", labelcolor=DARK_GREY)
        ax.tick_params(axis="y", left=False, labelleft=False, right=False)
        ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color("#888888")
        if i < n - 1:  # the break: two short slanted strokes on the axis line, either side of the gap
            inches_x = blended_transform_factory(fig.dpi_scale_trans, ax.transAxes)
            xr = starts[i] + pw
            for xm in (xr - 0.035, xr + PANEL_GAP - 0.035):
                dy = 0.07 / (height - top - bottom)  # 0.07 in, as a share of the axes' height
                ax.add_line(
                    Line2D([xm, xm + 0.07], [-dy, dy], transform=inches_x, color="#555555", lw=1.2, clip_on=False)
                )

    parts = stretches(pic.lanes)

    def axis_of(day: dt.date) -> tuple[Axes, tuple[dt.date, dt.date]]:
        if pic.hours is not None:
            return axes[0], parts[0]
        for ax, (a, b), stretch in zip(axes, pic.panels, parts, strict=True):
            if a <= day <= b:
                return ax, stretch
        return axes[-1], parts[-1]

    # -- the marks ---------------------------------------------------------------------------------------------------
    bar_h, thin_h = 0.9, 0.32
    notes: dict[tuple[int, int], _Notes] = {}  # (lane, axis) -> the dates of the marks

    def note(lane: Lane, ax: Axes, x0: float, x1: float, yc: float, text: str) -> None:
        key = (id(lane), axes.index(ax))
        lo, hi = ax.get_xlim()  # the dates of a mark that runs off its part of the axis: where it is seen
        x0, x1 = min(max(x0, lo), hi), max(min(x1, hi), lo)
        if key in notes:
            got = notes[key]
            got.x0, got.x1 = min(got.x0, x0), max(got.x1, x1)
            got.texts.append(text)
        else:
            notes[key] = _Notes(x0, x1, yc, [text])

    for lane in pic.lanes:
        yc = pic.y[lane.item]
        colour, marker = kind_style(lane.kind)[:2]
        for j, m in enumerate(lane.marks):
            slug = _slug(lane.item) + (f"-{j}" if j else "")  # the SVG ids stay unique
            ax, stretch = axis_of(m.earliest)
            x0 = num(m.earliest)
            shape = m.shape
            x1 = num(m.last) if m.last is not None else x0
            dates = m.dates
            bands: list[tuple[float, float]] = []  # an hour axis: a window's imprecise bounds, faded
            if pic.hours is not None:
                at = instants(m, pic.tz)
                x0, dates = num(at.begins if m.what == "in effect" else at.first), hour_dates(m, pic.tz)
                if m.what == "in effect":
                    shape = "window" if at.ends is not None else "open window"
                    x1 = num(at.ends) if at.ends is not None else x0
                    if at.first < at.begins:
                        bands.append((num(at.first), x0))
                    if at.end_first is not None and at.end_last is not None and at.end_first < at.end_last:
                        bands.append((num(at.end_first), num(at.end_last)))
                else:
                    shape = "open" if at.last is None else "point" if at.last == at.first else "range"
                    x1 = x0 if at.last is None else num(at.last)
            mcolour = DECLARED_COLOUR if m.what == "declared" else colour
            for k, (b0, b1) in enumerate(bands):
                band = Rectangle(
                    (b0, yc - bar_h / 2),
                    b1 - b0,
                    bar_h,
                    facecolor=colour,
                    edgecolor=DARK_GREY,
                    lw=0.6,
                    ls=(0, (2, 1.5)),
                    alpha=0.35,
                    zorder=2.9,
                    gid=f"bound-{slug}-{k}",
                )
                ax.add_patch(band)
                pic.add(lane.item, "imprecise-bound", band)
            if shape == "window":
                # a window runs on across a break of the date axis: its bar is drawn on every part it covers
                targets = [ax]
                if pic.hours is None:
                    targets = [
                        a_ for a_, (pa, pb) in zip(axes, pic.panels, strict=True) if num(pa) <= x1 and x0 <= num(pb)
                    ] or [ax]
                for k, target in enumerate(targets):
                    bar = Rectangle(
                        (x0, yc - bar_h / 2),
                        x1 - x0,
                        bar_h,
                        facecolor=colour,
                        edgecolor=DARK_GREY,
                        lw=0.8,
                        alpha=0.9,
                        zorder=3,
                        gid=f"window-{slug}" + (f"-part{k + 1}" if k else ""),
                    )
                    target.add_patch(bar)
                    pic.add(lane.item, "window", bar)
                ax = targets[-1]  # the end, and the dates, on the part where it ends
                if m.derived:
                    part = 0.25 * (x1 - x0) if pic.hours is not None else max(1.0, 0.25 * (x1 - x0))
                    hatch = Rectangle(
                        (x1 - part, yc - bar_h / 2),
                        part,
                        bar_h,
                        facecolor="white",
                        edgecolor=kind_style(lane.kind).ink,
                        hatch="////",
                        lw=0,
                        zorder=3.5,
                        gid=f"derived-end-{slug}",
                    )
                    ax.add_patch(hatch)
                    ax.add_line(
                        Line2D(
                            [x1, x1],
                            [yc - bar_h * 0.75, yc + bar_h * 0.75],
                            color=DARK_GREY,
                            lw=1.1,
                            ls=(0, (2, 1.5)),
                            zorder=4,
                        )
                    )
                    pic.add(lane.item, "derived-end", hatch)
                note(lane, ax, x0, x1, yc, dates)
            elif shape in ("open", "open window"):
                fade = fade_days(stretch)
                if pic.hours is not None:
                    fade = OPEN_SHARE * (num(pic.hours[1]) - num(pic.hours[0]))
                steps = 12
                height_ = bar_h if shape == "open window" else thin_h
                for k in range(steps):
                    r = Rectangle(
                        (x0 + fade * k / steps, yc - height_ / 2),
                        fade / steps,
                        height_,
                        facecolor=mcolour,
                        lw=0,
                        alpha=0.85 * (1 - k / steps) + 0.05,
                        zorder=3,
                        gid=f"open-{slug}-{k}" if k else f"open-{slug}",
                    )
                    ax.add_patch(r)
                    pic.add(lane.item, "open", r)
                arrow = ax.annotate(
                    "",
                    xy=(x0 + fade * ARROW, yc),
                    xytext=(x0 + fade * 0.95, yc),
                    arrowprops={"arrowstyle": "-|>", "color": mcolour, "alpha": 0.35, "lw": 1.2, "mutation_scale": 10},
                    zorder=3,
                    annotation_clip=False,
                )
                pic.add(lane.item, "open", arrow)
                if shape == "open":
                    pt = ax.plot(
                        [x0],
                        [yc],
                        marker=marker if m.what != "declared" else "*",
                        ms=font * 0.8,
                        color=mcolour,
                        mec="white",
                        mew=0.6,
                        ls="none",
                        zorder=5,
                    )[0]
                    pic.add(lane.item, "open", pt)
                note(lane, ax, x0, x0 + fade * ARROW, yc, dates)
            elif shape == "range":
                r = Rectangle(
                    (x0, yc - thin_h / 2),
                    x1 - x0,
                    thin_h,
                    facecolor=mcolour,
                    edgecolor="none",
                    alpha=0.55,
                    zorder=3,
                    gid=f"range-{slug}" if m.what != "declared" else f"declared-{slug}",
                )
                ax.add_patch(r)
                for xe in (x0, x1):
                    ax.add_line(
                        Line2D(
                            [xe, xe],
                            [yc - bar_h / 2, yc + bar_h / 2],
                            color=mcolour,
                            lw=1.6,
                            zorder=4,
                            solid_capstyle="butt",
                        )
                    )
                pic.add(lane.item, "range" if m.what != "declared" else "declared", r)
                note(lane, ax, x0, x1, yc, dates)
            else:  # a point
                if m.what == "declared":
                    pt = ax.plot(
                        [x0],
                        [yc],
                        marker="*",
                        ms=font * 1.45,
                        color=DECLARED_COLOUR,
                        mec="white",
                        mew=0.6,
                        ls="none",
                        zorder=6,
                        gid=f"declared-{slug}",
                    )[0]
                    pic.add(lane.item, "declared", pt)
                    if pic.hours is not None:
                        begun = {instants(o, pic.tz).begins for o in lane.marks if o.what == "in effect"}
                        same = instants(m, pic.tz).first in begun
                    else:
                        same = any(o.what == "in effect" and o.earliest == m.earliest for o in lane.marks)
                    if not same:
                        note(lane, ax, x0, x0, yc, dates)
                else:
                    pt = ax.plot(
                        [x0],
                        [yc],
                        marker=marker,
                        ms=font * 0.9,
                        color=colour,
                        mec="white",
                        mew=0.6,
                        ls="none",
                        zorder=5,
                        gid=f"point-{slug}",
                    )[0]
                    pic.add(lane.item, "point", pt)
                    note(lane, ax, x0, x0, yc, dates)

    # -- the dates next to each mark: right of it if it fits, else left of it, else over it -------------------------
    above = ScaledTranslation(0, (bar_h / 2) * line_in + 0.025, fig.dpi_scale_trans)
    for (_, i), got in notes.items():
        x0, x1, yc = got.x0, got.x1, got.y
        ax, text = axes[i], " · ".join(got.texts)
        t = ax.text(
            x1,
            yc,
            text,
            fontsize=font * 0.85,
            color=TEXT_GREY,
            va="center",
            ha="left",
            zorder=7,
            clip_on=False,
            transform=ax.transData + ScaledTranslation(0.09, 0, fig.dpi_scale_trans),
        )
        frame = ax.get_window_extent(renderer)
        if t.get_window_extent(renderer).x1 > frame.x1:
            t.set_x(x0)
            t.set_horizontalalignment("right")
            t.set_transform(ax.transData + ScaledTranslation(-0.09, 0, fig.dpi_scale_trans))
            if t.get_window_extent(renderer).x0 < frame.x0:  # over the mark, inside its part of the axis
                t.set_x((x0 + x1) / 2)
                t.set_horizontalalignment("center")
                t.set_verticalalignment("bottom")
                t.set_transform(ax.transData + above)
                box = t.get_window_extent(renderer)
                if box.x1 > frame.x1 or box.x0 < frame.x0:
                    t.set_transform(blended_transform_factory(ax.transAxes, ax.transData) + above)
                    t.set_x(1.0 if box.x1 > frame.x1 else 0.0)
                    t.set_horizontalalignment("right" if box.x1 > frame.x1 else "left")
                    if pic.hours is not None and box.width > frame.width and len(got.texts) > 1:
                        t.set_text("\n".join(got.texts))  # one line per mark, over them, inside the axis
                        t.set_x(0.0)
                        t.set_horizontalalignment("left")

    # -- title, source, legend, the break note ---------------------------------------------------------------------
    fig.text(0.2 / width, 1 - 0.22 / height, heading, fontsize=15, fontweight="bold", ha="left", va="top")
    fig.text(
        0.2 / width,
        1 - (0.22 + 15 * 1.5 / 72) / height,
        source,
        fontsize=10,
        color=DARK_GREY,
        ha="left",
        va="top",
        linespacing=1.3,
    )
    if handles:
        fig.legend(
            handles=handles,
            loc="upper left",
            ncol=min(len(handles), legend_cols),
            frameon=False,
            fontsize=FONT,
            bbox_to_anchor=(0.2 / width, 1 - (top - legend_rows * 0.21 - 0.15) / height),
            handlelength=2.2,
            columnspacing=1.6,
            borderaxespad=0,
        )
    if pic.hours is not None:
        fig.text(
            left / width,
            0.1 / height,
            (
                f"Hours in {zone_name(pic.tz)}, the articles' own offset."
                if any(m.at or m.until for lane in pic.lanes for m in lane.marks)
                else "Hours in UTC: no time shown has a time of day."
            )
            + " A time known only to the day spans that whole day (midnight to midnight): the article does not say"
            " when in it.",
            fontsize=FONT * 0.9,
            color=TEXT_GREY,
            style="italic",
            ha="left",
            va="bottom",
        )
    elif n > 1:
        runs_on = under_window(pic.lanes, parts)
        gaps = ", ".join(
            f"after {parts[i][1].isoformat()} until {parts[i + 1][0].isoformat()}"
            + (" (only a window runs on)" if runs_on[i] else "")
            for i in range(len(parts) - 1)
        )
        fig.text(
            left / width,
            0.1 / height,
            _wrap(
                f"The date axis is broken (//) where nothing in the graph begins or ends: {gaps}. "
                "Each part has its own scale.",
                max(60, int((width - left - 0.3) * 15)),
            ),
            fontsize=FONT * 0.9,
            color=TEXT_GREY,
            style="italic",
            ha="left",
            va="bottom",
        )
    fig.kg_timeline = pic
    return fig


# ---------------------------------------------------------------------------------------------------------------
# the entry point
# ---------------------------------------------------------------------------------------------------------------


def plot_timeline(
    graph: KnowledgeGraph | str | os.PathLike[str],
    out: Path,
    *,
    fmt: str | None = None,
    title: str | None = None,
    width: float = 14,
    height: float | None = None,
    dpi: int = 150,
    since: Moment | None = None,
    until: Moment | None = None,
    proposal: str | None = None,
) -> Path:
    """Draw the timeline of ``graph`` (a :class:`kg.query.graph.KnowledgeGraph`, or a built output folder) to
    ``out`` and return the path written. A folder is loaded first; the drawing itself (:func:`timeline_figure`)
    reads no file.

    Parameters
    ----------
    graph : KnowledgeGraph or Path
        The graph (``kg.load(out)``), or the folder ``kg build`` wrote.
    out : Path
        The file to write (atomically; its folder is made if missing).
    fmt : {"png", "svg", "pdf"}, optional
        The format; by default ``out``'s suffix.
    title : str, optional
        The heading (by default "What happened when"); the source line naming the articles is always added.
    width, height : float
        The size in inches (the PNG is width*dpi × height*dpi pixels). By default the height fits the lanes.
    dpi : int
        Pixels per inch of the PNG.
    since, until : date or datetime, optional
        Zoom to a window: a date is the whole day, a datetime (with its offset) an instant.
    proposal : str, optional
        A proposal's IRI: draw its story only (see :func:`timeline_picture`).

    Raises
    ------
    ValueError
        For an unknown format, a size that is not a positive number, or a graph where nothing has a time.
    """
    out = Path(out)
    fmt = picture_format(out, fmt)
    output_file(out, make_folder=True)  # before drawing: a folder given as the file is said at once
    check_size(width, height, dpi)
    if isinstance(graph, (str, os.PathLike)):  # the folder `kg build` wrote: loaded here, before any drawing
        from kg.query.graph import load

        graph = load(Path(graph))
    fig = timeline_figure(
        graph, title=title, width=width, height=height, dpi=dpi, since=since, until=until, proposal=proposal
    )
    return save_figure(fig, out, fmt=fmt, title=title or "What happened when")


__all__ = [
    "FORMATS",
    "KIND_STYLES",
    "TIMELINE_KINDS",
    "Lane",
    "Mark",
    "TimelinePicture",
    "fade_days",
    "panel_shares",
    "panels",
    "plot_timeline",
    "source_labels",
    "stretches",
    "timeline_figure",
    "timeline_lanes",
    "timeline_picture",
]
