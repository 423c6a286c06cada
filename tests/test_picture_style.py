"""One style for every picture (kg.viz.style): a kind of node is drawn in the same colour and with the same marker
in the graph and in the timeline — checked on the drawn figures of the seed — and no two kinds look alike."""

from __future__ import annotations

import pytest

from kg.viz.style import KIND_STYLES, OTHER_KIND, POLARITY_COLOURS, contrast, ink, kind_style


@pytest.fixture(scope="module")
def drawn(seed_build):
    """The timeline of the seed, and a graph picture with one item of each kind on the timeline (positions kept as
    nodes, so that the graph can show them too)."""
    import kg
    from kg.network.projection import to_networkx
    from kg.viz.graph import draw_graph
    from kg.viz.timeline import timeline_figure

    timeline = timeline_figure(kg.KnowledgeGraph.from_dataset(seed_build.dataset))
    G = to_networkx(seed_build.dataset, positions_as_nodes=True)
    first = {}
    for lane in timeline.kg_timeline.lanes:
        first.setdefault(lane.kind, lane.item)
    graph = draw_graph(G.subgraph(first.values()).copy(), width=8, height=6, dpi=60)
    return timeline, graph, first


def graph_marker(collection) -> str:
    """The matplotlib marker a scatter of the graph picture was drawn with (found from its path)."""
    import numpy as np
    from matplotlib.markers import MarkerStyle

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


def test_points_and_windows_take_the_kinds_colour(drawn):
    from matplotlib.colors import to_hex

    timeline, _, _ = drawn
    pic = timeline.kg_timeline
    for lane in pic.lanes:
        for artist in pic.artists.get((lane.item, "point"), []):
            assert (to_hex(artist.get_color()), artist.get_marker()) == KIND_STYLES[lane.kind][:2]
        for bar in pic.artists.get((lane.item, "window"), []):
            assert to_hex(bar.get_facecolor()) == KIND_STYLES["proposal"].colour


def test_the_group_headings_are_the_kinds_ink(drawn):
    from matplotlib.colors import to_hex

    timeline, _, _ = drawn
    headings = {t.get_text(): to_hex(t.get_color()) for t in timeline.axes[0].texts}
    for kind in ("proposal", "event", "claim", "position"):
        assert headings[KIND_STYLES[kind].heading] == KIND_STYLES[kind].ink


def test_no_two_kinds_look_alike_and_none_looks_like_a_stance():
    from kg.network.projection import node_kinds

    colours = [s.colour for s in KIND_STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert not set(colours) & set(POLARITY_COLOURS.values())
    assert all(kind_style(kind) != OTHER_KIND for kind in node_kinds())


def test_ink_reads_on_white():
    assert ink("#4e79a7") == "#4e79a7"  # dark enough already
    for style in KIND_STYLES.values():
        assert contrast(style.ink) >= 3.0
    assert round(contrast("#000000"), 1) == 21.0 and contrast("#ffffff") == 1.0
