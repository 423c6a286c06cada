"""The timeline picture (kg.viz.timeline): real files written from the seed graph, opened and checked — formats,
sizes, byte-for-byte reproducibility, what is drawn where (in data coordinates), the labels, and the errors users
see; and that a kind of node is drawn alike here and in the graph. The timeline is drawn once per module (the
fixtures `fig` and `files`) and shared by the tests that inspect it."""

from __future__ import annotations

import datetime as dt
import struct
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

ID = "https://w3id.org/ceasefire-kg/id/"
PAUSE, BRICS, JEDDAH = ID + "proposal/energy-pause", ID + "event/brics-summit", ID + "event/jeddah-talks"
PAUSE_LABEL = "30-day pause on attacks on Ukraine’s energy infrastructure"
FORMATS = ("png", "svg", "pdf")
SVG_NS = "{http://www.w3.org/2000/svg}"


def flat(text: str) -> str:
    """Text as one line: wrapped lines and no-break spaces made plain spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def graph(seed_out):
    import kg

    return kg.load(seed_out)


@pytest.fixture(scope="module")
def fig(graph):
    from kg.viz.timeline import timeline_figure

    return timeline_figure(graph)


@pytest.fixture(scope="module")
def files(graph, fig, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The timeline in every format, written by two separate runs into two folders: plot_timeline (which draws it
    anew), and the figure `fig` saved by save_figure."""
    from kg.viz.style import save_figure
    from kg.viz.timeline import plot_timeline

    first, second = tmp_path_factory.mktemp("timeline-a"), tmp_path_factory.mktemp("timeline-b")
    written: dict[str, tuple[Path, Path]] = {}
    for fmt in FORMATS:
        out = first / f"timeline.{fmt}"
        assert plot_timeline(graph, out) == out
        written[fmt] = (out, save_figure(fig, second / f"timeline.{fmt}", fmt=fmt, title="What happened when"))
    return written


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [flat(t.get_text()) for t in fig.findobj(Text) if t.get_text().strip()]


def x_dates(patch) -> tuple[dt.date, dt.date]:
    from matplotlib.dates import num2date

    x0 = patch.get_x()
    return num2date(x0).date(), num2date(x0 + patch.get_width()).date()


# -- files ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_written_valid_and_byte_identical_across_runs(files, fig, fmt):
    a, b = files[fmt]
    data = a.read_bytes()
    assert data and data == b.read_bytes(), f"two runs gave different {fmt} files"
    for folder in (a.parent, b.parent):
        assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")], "a temporary file was left"
    width, height = fig.get_size_inches()
    assert width == 14 and height > 0
    if fmt == "png":
        assert png_size(data) == ((14 * 150), round(height * 150))
        assert b"tIME" not in data
    elif fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag == SVG_NS + "svg"
        assert root.get("width") == f"{14 * 72:g}pt"
        assert b"<dc:date>" not in data
    else:
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert b"/CreationDate" not in data and b"/ModDate" not in data


def test_png_size_is_width_times_dpi_by_height_times_dpi_and_fmt_overrides_the_suffix(seed_out, tmp_path):
    from kg.viz.timeline import plot_timeline

    # the graph given as the folder `kg build` wrote (kg.plot_timeline loads it, then draws)
    out = plot_timeline(seed_out, tmp_path / "timeline.img", fmt="PNG", width=10, height=7.5, dpi=80)
    assert out == tmp_path / "timeline.img"
    assert png_size(out.read_bytes()) == (800, 600)


def test_the_figure_is_drawn_from_a_graph_and_reads_no_file(seed_out):
    from kg.viz.timeline import timeline_figure

    with pytest.raises(TypeError, match=r"draws a KnowledgeGraph, not a path .*load it first, kg.load\(path\)"):
        timeline_figure(seed_out)


@pytest.mark.parametrize("name,fmt", [("timeline.gif", None), ("timeline", None), ("timeline.png", "jpeg")])
def test_unknown_format_is_a_value_error_and_writes_nothing(graph, tmp_path, name, fmt):
    from kg.viz.timeline import plot_timeline

    with pytest.raises(ValueError, match=r"unknown format .*use one of png, svg, pdf"):
        plot_timeline(graph, tmp_path / name, fmt=fmt)
    assert list(tmp_path.iterdir()) == []


def test_nothing_dated_is_a_value_error(tmp_path):
    from rdflib import Dataset

    import kg
    from kg.viz.timeline import plot_timeline

    empty = kg.KnowledgeGraph.from_dataset(Dataset())
    with pytest.raises(ValueError, match="nothing in the graph has a time"):
        plot_timeline(empty, tmp_path / "timeline.png")
    assert list(tmp_path.iterdir()) == []


# -- what is drawn ---------------------------------------------------------------------------------------------------


def test_the_title_names_the_source_article(fig):
    shown = texts(fig)
    assert "What happened when" in shown
    assert any(t.startswith("Source: TDI (Astana): Tokayev welcomes the Trump–Putin call") for t in shown), shown


def test_items_are_labelled_with_their_label_and_the_articles_wording(fig):
    shown = texts(fig)
    assert any(PAUSE_LABEL in t and "March 18, 2025" in t for t in shown), shown
    assert any(t.startswith("BRICS Summit") and "last year" in t for t in shown), shown
    assert any("Resumption of the negotiations in Jeddah" in t and "this Sunday" in t for t in shown), shown
    pic = fig.kg_timeline
    for lane in pic.lanes:  # every lane has exactly one label artist, its text the lane's
        (label,) = pic.artists[(lane.item, "label")]
        assert flat(label.get_text()) == flat(lane.text)


def test_the_legend_names_the_kinds_and_the_ways_times_are_drawn(fig):
    (legend,) = fig.legends
    entries = [t.get_text() for t in legend.get_texts()]
    for entry in ("event", "claim", "position", "proposal in force", "declared"):
        assert entry in entries, entries
    assert any("end derived" in e for e in entries)
    assert any("imprecise" in e for e in entries) and any("no upper bound" in e for e in entries)


def test_labels_do_not_overlap(fig):
    renderer = fig.canvas.get_renderer()
    pic = fig.kg_timeline
    boxes = sorted(
        (pic.artists[(lane.item, "label")][0].get_window_extent(renderer) for lane in pic.lanes), key=lambda b: -b.y1
    )
    for upper, lower in pairwise(boxes):
        assert lower.y1 <= upper.y0 + 0.5, "two lane labels overlap"


def test_lanes_are_grouped_by_kind_and_ordered_by_date(fig):
    lanes = fig.kg_timeline.lanes
    kinds = [lane.kind for lane in lanes]
    assert kinds == sorted(kinds, key=["proposal", "event", "claim", "position"].index)
    for kind in set(kinds):
        starts = [lane.start for lane in lanes if lane.kind == kind]
        assert starts == sorted(starts)
    y = fig.kg_timeline.y
    assert [y[lane.item] for lane in lanes] == sorted(y[lane.item] for lane in lanes)  # top to bottom


def test_the_energy_pause_window_is_a_bar_from_its_beginning_to_its_derived_end(fig):
    from matplotlib.dates import date2num
    from matplotlib.patches import Rectangle

    pic = fig.kg_timeline
    bars = pic.artists[(PAUSE, "window")]  # one bar on each part of the axis it runs across (see below)
    assert [bar.axes for bar in bars] == pic.axes[1:]
    for bar in bars:
        assert isinstance(bar, Rectangle) and bar in fig.findobj(Rectangle)
        assert x_dates(bar) == (dt.date(2025, 3, 18), dt.date(2025, 4, 17))
    (hatched,) = pic.artists[(PAUSE, "derived-end")]  # its end was computed: the final part is hatched
    assert hatched.get_hatch() and x_dates(hatched)[1] == dt.date(2025, 4, 17)
    assert x_dates(hatched)[0] > dt.date(2025, 3, 18)
    assert any("end derived" in t for t in texts(fig))
    (star,) = pic.artists[(PAUSE, "declared")]  # its declaration, a marker on the same lane
    assert list(star.get_xdata()) == [date2num(dt.date(2025, 3, 18))]
    assert list(star.get_ydata()) == [pic.y[PAUSE]]


def test_an_imprecise_time_is_a_range_not_a_point(fig):
    pic = fig.kg_timeline
    (brics,) = pic.artists[(BRICS, "range")]
    assert x_dates(brics) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert (BRICS, "point") not in pic.artists
    (sept,) = pic.artists[(ID + "claim/zelenskyy-80-percent-destroyed", "range")]  # "last September"
    assert x_dates(sept) == (dt.date(2024, 9, 1), dt.date(2024, 9, 30))


def test_a_day_is_a_point_and_a_relative_time_with_no_end_is_open_ended(fig):
    from matplotlib.dates import date2num
    from matplotlib.patches import Rectangle

    pic = fig.kg_timeline
    (jeddah,) = pic.artists[(JEDDAH, "point")]
    assert list(jeddah.get_xdata()) == [date2num(dt.date(2025, 3, 23))]
    open_lanes = [lane for lane in pic.lanes if any(m.shape == "open" for m in lane.marks)]
    assert {lane.wording for lane in open_lanes} == {"“Soon after the Trump-Putin call”"}
    for lane in open_lanes:  # a fading range from the earliest day, in steps, then an arrow
        steps = [a for a in pic.artists[(lane.item, "open")] if isinstance(a, Rectangle)]
        assert len(steps) > 1
        assert min(x_dates(r)[0] for r in steps) == dt.date(2025, 3, 18)
        assert max(x_dates(r)[1] for r in steps) > dt.date(2025, 3, 18)
        alphas = [r.get_alpha() for r in sorted(steps, key=lambda r: r.get_x())]
        assert alphas == sorted(alphas, reverse=True) and alphas[0] > alphas[-1]


def test_the_date_axis_is_broken_between_2024_and_march_2025(fig):
    from matplotlib.dates import date2num

    from kg.viz.timeline import stretches

    pic = fig.kg_timeline
    # broken where nothing is dated (2025 before the call), and where only the energy pause's window runs on (from
    # the Jeddah talks on 23 March to its end): the days of the call get a part of their own, not the corner of a
    # month-long one
    assert stretches(pic.lanes) == [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 3, 18), dt.date(2025, 3, 23)),
        (dt.date(2025, 4, 17), dt.date(2025, 4, 17)),
    ]
    assert len(pic.axes) == len(pic.panels) == 3
    first, second, third = pic.axes
    assert pic.artists[(BRICS, "range")][0].axes is first
    assert pic.artists[(JEDDAH, "point")][0].axes is second
    assert [bar.axes for bar in pic.artists[(PAUSE, "window")]] == [second, third]
    assert pic.artists[(PAUSE, "derived-end")][0].axes is third
    for ax, (a, b) in zip(pic.axes, pic.panels, strict=True):
        assert ax.get_xlim() == (date2num(a), date2num(b))
        assert a < stretches(pic.lanes)[pic.axes.index(ax)][0]  # padded: nothing sits on the edge
    assert pic.panels[1][1] < pic.panels[2][0]
    assert any(
        "after 2025-03-23 until 2025-04-17 (only a window runs on)" in t and "after 2024-12-31 until 2025-03-18" in t
        for t in texts(fig)
    )


# -- one style for both pictures (kg.viz.style) ----------------------------------------------------------------------
# a kind of node is drawn in the same colour and with the same marker in the graph and in the timeline (checked on
# the drawn figures), and no two kinds look alike


@pytest.fixture(scope="module")
def drawn(graph, fig):
    """The timeline, and a picture of the graph with one item of each kind on the timeline (positions kept as
    nodes, so that the graph can show them too)."""
    from kg.viz.graph import draw_graph

    G = graph.to_networkx(positions_as_nodes=True)
    first = {}
    for lane in fig.kg_timeline.lanes:
        first.setdefault(lane.kind, lane.item)
    return fig, draw_graph(G.subgraph(first.values()).copy(), width=8, height=6, dpi=60), first


def graph_marker(collection) -> str:
    """The matplotlib marker a scatter of the graph picture was drawn with (found from its path)."""
    import numpy as np
    from matplotlib.markers import MarkerStyle

    from kg.viz.style import KIND_STYLES

    drawn = collection.get_paths()[0].vertices
    found = []
    for marker in {s.marker for s in KIND_STYLES.values()} | {"o"}:
        style = MarkerStyle(marker)
        path = style.get_path().transformed(style.get_transform())
        if path.vertices.shape == drawn.shape and np.allclose(path.vertices, drawn):
            found.append(marker)
    assert len(found) == 1, found
    return found[0]


def test_every_kind_on_the_timeline_is_drawn_alike_in_the_graph(drawn):
    from matplotlib.colors import to_hex

    from kg.viz.style import KIND_STYLES

    timeline, graph, first = drawn
    assert sorted(first) == ["claim", "event", "position", "proposal"]
    scatters = {c.get_gid(): c for c in graph.axes[0].collections}
    for kind, item in first.items():
        (by_label,) = timeline.kg_timeline.artists[(item, "kind")]
        in_timeline = (to_hex(by_label.get_color()), by_label.get_marker())
        nodes = scatters[f"nodes:{kind}"]
        in_graph = (to_hex(nodes.get_facecolors()[0]), graph_marker(nodes))
        assert in_timeline == in_graph == (KIND_STYLES[kind].colour, KIND_STYLES[kind].marker), kind
    # and the legends say the same
    graph_legend = {
        t.get_text(): h for leg in graph.legends for t, h in zip(leg.get_texts(), leg.legend_handles, strict=True)
    }
    (legend,) = timeline.legends
    timeline_legend = dict(zip([t.get_text() for t in legend.get_texts()], legend.legend_handles, strict=True))
    for kind in ("event", "claim", "position"):
        a, b = graph_legend[kind], timeline_legend[kind]
        assert (to_hex(a.get_markerfacecolor()), a.get_marker()) == (to_hex(b.get_color()), b.get_marker())


def test_points_and_windows_take_the_kinds_colour(fig):
    from matplotlib.colors import to_hex

    from kg.viz.style import KIND_STYLES

    pic = fig.kg_timeline
    for lane in pic.lanes:
        for artist in pic.artists.get((lane.item, "point"), []):
            assert (to_hex(artist.get_color()), artist.get_marker()) == KIND_STYLES[lane.kind][:2]
        for bar in pic.artists.get((lane.item, "window"), []):
            assert to_hex(bar.get_facecolor()) == KIND_STYLES["proposal"].colour


def test_the_group_headings_are_the_kinds_ink(fig):
    from matplotlib.colors import to_hex

    from kg.viz.style import KIND_STYLES

    headings = {t.get_text(): to_hex(t.get_color()) for t in fig.axes[0].texts}
    for kind in ("proposal", "event", "claim", "position"):
        assert headings[KIND_STYLES[kind].heading] == KIND_STYLES[kind].ink


def test_no_two_kinds_look_alike_and_none_looks_like_a_stance():
    from kg.network.projection import node_kinds
    from kg.viz.style import KIND_STYLES, OTHER_KIND, POLARITY_COLOURS, kind_style

    colours = [s.colour for s in KIND_STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert not set(colours) & set(POLARITY_COLOURS.values())
    assert all(kind_style(kind) != OTHER_KIND for kind in node_kinds())


def test_ink_reads_on_white():
    from kg.viz.style import KIND_STYLES, contrast, ink

    assert ink("#4e79a7") == "#4e79a7"  # dark enough already
    for style in KIND_STYLES.values():
        assert contrast(style.ink) >= 3.0
    assert round(contrast("#000000"), 1) == 21.0 and contrast("#ffffff") == 1.0


@pytest.mark.parametrize(
    "size, message",
    [
        ({"width": float("inf")}, "width must be a positive number, not inf"),
        ({"height": float("inf")}, "height must be a positive number, not inf"),
        ({"width": 0}, "width must be a positive number, not 0"),
        ({"dpi": -1}, "dpi must be a positive number, not -1"),
    ],
)
def test_a_size_that_cannot_be_drawn_is_a_value_error_and_writes_nothing(graph, tmp_path, size, message):
    from kg.viz.timeline import plot_timeline

    with pytest.raises(ValueError, match=f"^{message}$"):
        plot_timeline(graph, tmp_path / "t.png", **size)
    assert list(tmp_path.iterdir()) == []
