"""`kg plot` of a corpus (more nodes than kg.viz.graph_render.LARGE): a linear-time layout, labels only where they
fit (the most connected first) with a note saying how many, no two labels overlapping; and the NetworkX projection
read straight from the default store's quads, the same as through an rdflib Dataset. (Speed lives in bench/.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_kg

EXAMPLES = ROOT / "seeds" / "examples" / "sources"


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory) -> Path:
    """25 generated overlapping articles, built (320 nodes)."""
    tmp = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            "--articles",
            "25",
            "--overlap",
            "--out",
            str(tmp / "in"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    done = run_kg("build", tmp / "in", "--out", tmp / "out")
    assert done.returncode == 0, done.stderr
    return tmp / "out"


@pytest.fixture(scope="module")
def large_figure(corpus_out):
    from kg.query.graph import load
    from kg.viz.graph import draw_graph

    G = load(corpus_out).to_networkx()
    return G, draw_graph(G)


def test_the_command_writes_a_real_png_and_says_how_many_labels(corpus_out, tmp_path):
    import matplotlib.image as mpimg
    import numpy as np

    out = tmp_path / "corpus.png"
    done = run_kg("plot", "--from", corpus_out, "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out}\n")
    assert re.fullmatch(r"labelled \d+ of 320 nodes \(the most connected that fit\)\n", done.stdout.split("\n", 1)[1])
    img = mpimg.imread(out)
    assert img.shape[:2] == (1650, 2400)
    inked = (img[:, :, :3] < 0.95).any(axis=2).mean()
    assert 0.05 < inked < 0.6  # a drawing, neither blank nor a blot
    assert len(np.unique((img[:, :, :3] * 255).astype(int).reshape(-1, 3), axis=0)) > 50


def test_no_two_drawn_labels_overlap_and_the_note_counts_them(large_figure):
    from kg.viz.graph import label_boxes

    G, fig = large_figure
    boxes = label_boxes(fig)
    n = G.number_of_nodes()
    assert n == 320
    assert 20 <= len(boxes) < n
    overlapping = [
        (a.get_text(), b.get_text())
        for i, (a, ba) in enumerate(boxes)
        for b, bb in boxes[i + 1 :]
        if ba.x0 < bb.x1 and bb.x0 < ba.x1 and ba.y0 < bb.y1 and bb.y0 < ba.y1
    ]
    assert overlapping == []
    inside = fig.bbox
    assert all(inside.x0 <= b.x0 and b.x1 <= inside.x1 and inside.y0 <= b.y0 and b.y1 <= inside.y1 for _, b in boxes)
    notes = [t.get_text() for t in fig.texts if t.get_gid() == "note"]
    assert fig.kg_picture.what == "The whole graph: 320 nodes, 596 edges"
    assert notes == [
        f"{len(boxes)} of 320 nodes labelled (the most connected that fit); stances by colour. "
        "To read the rest: kg plot --focus X or --proposal P."
    ]
    assert len(fig.kg_unlabelled) == n - len(boxes)
    labelled = {t.get_gid().removeprefix("label:") for t, _ in boxes}
    assert labelled.isdisjoint(fig.kg_unlabelled)
    most = max(G.nodes, key=lambda v: (G.degree(v), v))
    assert most in labelled  # the most connected node is labelled first
    titles = [t.get_text() for t in fig.texts if t.get_gid() == "subtitle"]
    assert titles[0].startswith("Source: 25 articles: ") and titles[0].endswith("; and 23 more")


def test_label_grid_and_pivot_layout_exactly():
    from kg.viz.graph_layout import LabelGrid, label_spots, pivot_layout

    grid = LabelGrid(cell=0.5)
    grid.add((0.0, 0.0, 1.0, 1.0), 1)
    assert grid.free((1.0, 0.0, 2.0, 1.0), 2)  # touching is not overlapping
    assert not grid.free((0.9, 0.9, 2.0, 2.0), 2)
    assert grid.free((0.9, 0.9, 2.0, 2.0), 1)  # its own box
    spots = label_spots(0.0, 0.0, 0.1, 0.05, (-0.5, -0.3, 0.5, 0.0))  # under, above, right, left
    assert [c for spot in spots for c in spot] == pytest.approx([0.0, -0.15, 0.0, 0.45, 0.65, 0.15, -0.65, 0.15])
    pairs = [(i, i + 1) for i in range(299)]
    X = pivot_layout(300, pairs)
    assert X.shape == (300, 2)
    assert (pivot_layout(300, pairs) == X).all()
    assert X[0, 0] > X[150, 0] > X[299, 0] or X[0, 0] < X[150, 0] < X[299, 0]  # a path stays a line


def test_the_projection_from_the_quads_is_the_one_through_an_rdflib_dataset(tmp_path):
    from kg.network import projection
    from kg.query.graph import load

    out = tmp_path / "five"
    done = run_kg("build", ROOT / "seeds", EXAMPLES, "--out", out)
    assert done.returncode == 0, done.stderr
    fast = load(out).to_networkx()
    graph = load(out)
    slow = projection.to_networkx(graph.store.dataset)  # the Dataset path
    assert fast.graph == slow.graph
    assert sorted(fast.nodes(data=True)) == sorted(slow.nodes(data=True))
    assert sorted(fast.edges(keys=True, data=True)) == sorted(slow.edges(keys=True, data=True))
    assert fast.number_of_nodes() == 81
