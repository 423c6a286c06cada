"""Pictures of the graph (kg.viz.graph): real files written with the seed graph, opened and checked — sizes,
formats, byte-for-byte reproducibility, no overlapping labels, legends, stance colours and the errors users see.

Each picture is drawn once per module (the fixtures `figures`, `files`, `complete_svg`) and shared by the tests that
inspect it."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ID = "https://w3id.org/ceasefire-kg/id/"
PUTIN, RUSSIA = ID + "actor/putin", ID + "actor/russia"
PLAN, PAUSE, COMPLETE = (
    ID + "proposal/china-brazil-plan",
    ID + "proposal/energy-pause",
    ID + "proposal/complete-ceasefire",
)
SVG_NS = "{http://www.w3.org/2000/svg}"

#: the three kinds of picture (with the seed's proposals of interest), default size 16 × 11 in at 150 dpi
PICTURES = {
    "whole": {},
    "focus": {"focus": PUTIN, "hops": 2},
    "proposal": {"proposal": PLAN},
}
MORE_PICTURES = {**PICTURES, "energy-pause": {"proposal": PAUSE}, "complete-ceasefire": {"proposal": COMPLETE}}
FORMATS = ("png", "svg", "pdf")
GREEN, RED, ORANGE = "#2ca02c", "#d62728", "#ff7f0e"


@pytest.fixture(scope="module")
def G(seed_build):
    from kg.network.projection import to_networkx

    return to_networkx(seed_build.dataset)


@pytest.fixture(scope="module")
def figures(G):
    """Each picture drawn once (draw_graph), for the tests that inspect the figure."""
    from kg.viz.graph import draw_graph

    return {name: draw_graph(G, **kwargs) for name, kwargs in MORE_PICTURES.items()}


@pytest.fixture(scope="module")
def files(G, figures, tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Path]]:
    """Every picture kind in every format, written by two separate runs: plot_graph (which draws the picture
    anew), and the figure of `figures` saved by save_figure."""
    from kg.viz.graph import plot_graph, save_figure

    first, second = tmp_path_factory.mktemp("plots-a"), tmp_path_factory.mktemp("plots-b")
    written = {}
    for name, kwargs in PICTURES.items():
        for fmt in FORMATS:
            out = first / f"{name}.{fmt}"
            assert plot_graph(G, out, **kwargs) == out
            fig = figures[name]
            again = save_figure(fig, second / f"{name}.{fmt}", fmt=fmt, title=fig.kg_picture.what)
            written[name, fmt] = (out, again)
    return written


@pytest.fixture(scope="module")
def complete_svg(G, tmp_path_factory) -> Path:
    """The complete-ceasefire picture as SVG, its format given apart from the file's suffix."""
    from kg.viz.graph import plot_graph

    return plot_graph(G, tmp_path_factory.mktemp("complete") / "picture.out", fmt="SVG", proposal=COMPLETE)


def stance_key(G, holder: str, stance: str, target: str) -> str:
    keys = [k for _, v, k, d in G.out_edges(holder, keys=True, data=True) if v == target and d.get("stance") == stance]
    assert len(keys) == 1, (holder, stance, target, keys)
    return keys[0]


# -- the files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PICTURES)
def test_png_is_a_png_of_the_expected_size(files, name):
    import matplotlib.image as mpimg

    path = files[name, "png"][0]
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, chunk, width, height = struct.unpack(">I4sII", data[8:24])
    assert (length, chunk) == (13, b"IHDR")
    assert (width, height) == (16 * 150, 11 * 150)
    assert mpimg.imread(path).shape[:2] == (11 * 150, 16 * 150)


@pytest.mark.parametrize("name", PICTURES)
def test_svg_parses_with_an_svg_root_and_a_size(files, name):
    root = ET.parse(files[name, "svg"][0]).getroot()
    assert root.tag == SVG_NS + "svg"
    assert (root.get("width"), root.get("height")) == ("1152pt", "792pt")  # 16 × 72, 11 × 72


@pytest.mark.parametrize("name", PICTURES)
def test_pdf_has_the_expected_media_box(files, name):
    data = files[name, "pdf"][0].read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes and all(tuple(map(float, b)) == (0, 0, 16 * 72, 11 * 72) for b in boxes)
    assert b"CreationDate" not in data


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", PICTURES)
def test_two_runs_write_identical_bytes(files, name, fmt):
    first, second = files[name, fmt]
    assert first.read_bytes() == second.read_bytes()


def test_no_temporary_files_are_left_and_a_file_is_replaced(G, files, tmp_path):
    from kg.viz.graph import plot_graph

    for written in files.values():
        for path in written:
            assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    out = tmp_path / "sub" / "pause.png"
    out.parent.mkdir()
    out.write_bytes(b"old")
    plot_graph(G, out, proposal=PAUSE, width=10, height=7, dpi=40)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (400, 280)
    assert [p.name for p in out.parent.iterdir()] == ["pause.png"]


def test_a_canvas_too_small_for_the_labels_is_enlarged_rather_than_cluttered(G):
    from kg.viz.graph import draw_graph, overlapping_labels

    fig = draw_graph(G, proposal=COMPLETE, width=4, height=3, dpi=60)
    assert overlapping_labels(fig) == []
    width, height = fig.get_size_inches()
    assert width > 4 and height > 3 and abs(width / height - 4 / 3) < 0.01


def test_format_can_be_given_apart_from_the_suffix(complete_svg):
    assert complete_svg.name == "picture.out"
    assert ET.parse(complete_svg).getroot().tag == SVG_NS + "svg"


def test_insertion_order_does_not_change_the_picture(G, files, tmp_path):
    import networkx as nx

    from kg.viz.graph import plot_graph

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    reversed_order = plot_graph(H, tmp_path / "focus.svg", focus=PUTIN, hops=2)
    assert reversed_order.read_bytes() == files["focus", "svg"][0].read_bytes()


# -- readability ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", MORE_PICTURES)
def test_no_two_labels_overlap(figures, name):
    from kg.viz.graph import label_boxes

    fig = figures[name]
    assert tuple(fig.get_size_inches()) == (16, 11)  # resolved without enlarging the canvas
    boxes = label_boxes(fig)
    assert len(boxes) >= 3
    overlapping = [
        (a.get_text().replace("\n", " "), b.get_text().replace("\n", " "))
        for i, (a, ba) in enumerate(boxes)
        for b, bb in boxes[i + 1 :]
        if ba.x0 < bb.x1 and bb.x0 < ba.x1 and ba.y0 < bb.y1 and bb.y0 < ba.y1
    ]
    assert overlapping == [], f"{len(overlapping)} overlapping label pairs: {overlapping}"
    inside = fig.bbox
    outside = [
        t.get_text() for t, b in boxes if b.x0 < inside.x0 or b.x1 > inside.x1 or b.y0 < inside.y0 or b.y1 > inside.y1
    ]
    assert outside == []


@pytest.mark.parametrize("name", MORE_PICTURES)
def test_labels_are_wrapped_and_large_enough(figures, name):
    from kg.viz.graph import label_boxes

    for text, _ in label_boxes(figures[name]):
        assert text.get_fontsize() >= 7
        for line in text.get_text().split("\n"):
            assert len(line) <= 18, line


def test_every_node_and_every_stance_is_labelled(G, figures):
    from kg.viz.graph import label_boxes

    texts = [t.get_text().replace("\n", " ") for t, _ in label_boxes(figures["whole"])]
    squeezed = {re.sub(r"\s", "", t) for t in texts}
    for _, data in G.nodes(data=True):
        assert re.sub(r"\s", "", data["label"]) in squeezed
    stances = sorted(d["stance"] for _, _, d in G.edges(data=True) if "stance" in d)
    assert sorted(t for t in texts if t in set(stances)) == stances
    assert "participant" not in texts  # the whole graph labels only the stance edges
    assert "participant" in [t.get_text() for t, _ in label_boxes(figures["focus"])]


def test_title_names_the_source_and_what_is_shown(G, figures):
    def titles(fig):
        return " ".join(t.get_text() for t in fig.texts)

    source = G.graph["source"]
    assert source and all(source in titles(fig) for fig in figures.values())
    assert "The whole graph" in titles(figures["whole"])
    assert "Within 2 hops of “Vladimir Putin”" in titles(figures["focus"])
    assert "China–Brazil six-point peace plan" in titles(figures["proposal"])


@pytest.mark.parametrize("name", MORE_PICTURES)
def test_legend_lists_the_kinds_and_the_stances_shown(G, figures, name):
    fig = figures[name]
    picture = fig.kg_picture
    legend_texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    kinds = {G.nodes[n]["kind"] for n in picture.nodes}
    assert kinds and kinds <= set(legend_texts)
    polarities = {e.data["polarity"] for e in picture.edges if "stance" in e.data}
    for pol in polarities:
        assert any(t.startswith(pol + ":") for t in legend_texts), (pol, legend_texts)
    assert [leg.get_title().get_text() for leg in fig.legends] == ["Nodes by kind", "Edges by stance"]


def test_node_kinds_have_their_own_colour_and_shape(figures):
    from matplotlib.colors import to_rgba

    from kg.viz.graph import KIND_STYLES

    collections = {c.get_gid(): c for c in figures["whole"].axes[0].collections}
    shapes = set()
    for kind in ("actor", "office", "place", "proposal", "term", "condition", "event", "claim"):
        c = collections[f"nodes:{kind}"]
        assert tuple(c.get_facecolors()[0]) == to_rgba(KIND_STYLES[kind][0])
        shapes.add((KIND_STYLES[kind][1], KIND_STYLES[kind][2]))
    assert len(shapes) == 8


# -- stance colours ---------------------------------------------------------------------------------------------


def test_stance_edges_are_coloured_by_polarity(G, figures):
    from matplotlib.colors import to_rgba

    from kg.viz.graph import EDGE_GREY, edge_patches

    pause = edge_patches(figures["energy-pause"])
    agrees = (RUSSIA, PAUSE, stance_key(G, RUSSIA, "agrees to", PAUSE))
    assert pause[agrees].get_edgecolor() == to_rgba(GREEN)
    assert pause[agrees].get_gid() == f"{RUSSIA}|{agrees[2]}|{PAUSE}"
    complete = edge_patches(figures["complete-ceasefire"])
    rejects = complete[PUTIN, COMPLETE, stance_key(G, PUTIN, "rejects", COMPLETE)]
    conditional = complete[PUTIN, COMPLETE, stance_key(G, PUTIN, "accepts only on condition", COMPLETE)]
    assert rejects.get_edgecolor() == to_rgba(RED)
    assert conditional.get_edgecolor() == to_rgba(ORANGE)
    # other edges are thin and grey
    term_of = [p for (u, v, k), p in edge_patches(figures["proposal"]).items() if k == "termOf"]
    assert len(term_of) == 6 and all(p.get_edgecolor() == to_rgba(EDGE_GREY) for p in term_of)
    assert all(p.get_linewidth() < rejects.get_linewidth() for p in term_of)


def test_parallel_edges_are_curved_apart(G, figures):
    from kg.viz.graph import edge_patches

    patches = [p for (u, v, _), p in edge_patches(figures["complete-ceasefire"]).items() if (u, v) == (PUTIN, COMPLETE)]
    rads = sorted(p.get_connectionstyle().rad for p in patches)
    assert len(rads) == 2 and rads[0] < 0 < rads[1]
    (single,) = [p for (u, v, _), p in edge_patches(figures["energy-pause"]).items() if u == RUSSIA]
    assert single.get_connectionstyle().rad == 0


def test_the_written_svg_keeps_the_stance_colours(G, complete_svg):
    root = ET.parse(complete_svg).getroot()
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}

    def stroke(key):
        path = next(by_id[f"{PUTIN}|{key}|{COMPLETE}"].iter(SVG_NS + "path"))
        return re.search(r"stroke:\s*(#[0-9a-f]{6})", path.get("style")).group(1)

    assert stroke(stance_key(G, PUTIN, "rejects", COMPLETE)) == RED
    assert stroke(stance_key(G, PUTIN, "accepts only on condition", COMPLETE)) == ORANGE


def test_proposal_picture_shows_terms_holders_and_conditions(G, figures):
    plan = figures["proposal"].kg_picture
    kinds = {}
    for n in plan.nodes:
        kinds.setdefault(G.nodes[n]["kind"], set()).add(G.nodes[n]["label"])
    assert kinds["actor"] == {"China", "Brazil", "Qasym-Jomart Toqayev"}
    assert len(kinds["term"]) == 6 and kinds["proposal"] == {"China–Brazil six-point peace plan"}
    assert kinds["condition"] == {"Both Russia and Ukraine accept the peace conference"}
    complete = figures["complete-ceasefire"].kg_picture
    (link,) = [e for e in complete.edges if e.synthetic]
    assert (link.u, G.nodes[link.v]["kind"], link.data["label"]) == (PUTIN, "condition", "under condition")
    pause = figures["energy-pause"].kg_picture
    assert {G.nodes[n]["label"] for n in pause.nodes if G.nodes[n]["kind"] == "actor"} == {"Russia", "Vladimir Putin"}


# -- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"fmt": "gif"}, "unknown format 'gif': use one of png, svg, pdf"),
        ({"focus": ID + "actor/nobody"}, f"the focus '{ID}actor/nobody' is not a node of the graph"),
        ({"focus": "Putin"}, f"the focus 'Putin' is not a node of the graph; did you mean {PUTIN}?"),
        ({"proposal": ID + "proposal/nothing"}, f"the proposal '{ID}proposal/nothing' is not a node of the graph"),
        ({"proposal": PUTIN}, f"'Vladimir Putin' ({PUTIN}) is not a proposal: it is of kind 'actor'"),
        ({"focus": PUTIN, "proposal": PLAN}, "give either focus= or proposal=, not both"),
        ({"focus": PUTIN, "hops": -1}, "hops must be a whole number >= 0"),
        ({"width": 0}, "width must be a positive number"),
    ],
)
def test_bad_input_raises_a_clear_value_error(G, tmp_path, kwargs, message):
    from kg.viz.graph import plot_graph

    with pytest.raises(ValueError) as caught:
        plot_graph(G, tmp_path / "x.png", **kwargs)
    assert str(caught.value).startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_a_path_without_a_suffix_needs_a_format(G, tmp_path):
    from kg.viz.graph import plot_graph

    with pytest.raises(ValueError, match=r"unknown format .*has no suffix"):
        plot_graph(G, tmp_path / "picture")


# -- the layer --------------------------------------------------------------------------------------------------


def test_kg_viz_imports_only_its_layer_and_no_plotting_library_at_import():
    import ast
    import subprocess
    import sys

    import kg.viz

    allowed = ("kg.errors", "kg.namespaces", "kg.resources", "kg.vocab", "kg.network", "kg.query", "kg.viz")
    folder = Path(kg.viz.__file__).parent
    for source in sorted(folder.glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        top_level = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                top_level.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                top_level.add(node.module.split(".")[0])
        assert not top_level & {"matplotlib", "numpy", "networkx", "rdflib"}, (source.name, top_level)
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name == "kg" or name.startswith("kg."):
                    assert name.startswith(allowed), f"{source.name} imports {name}"
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, kg.viz; print(sorted({m.split('.')[0] for m in sys.modules}))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for heavy in ("matplotlib", "numpy", "networkx"):
        assert f"'{heavy}'" not in loaded, f"import kg.viz loads {heavy}"
