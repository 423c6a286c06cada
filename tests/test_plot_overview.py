"""`kg plot --overview`: the actors × proposals stance matrix of the 5-article corpus (the seed and the four
invented sources), cell by cell, and the heat map drawn from it (a real PNG, opened)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_kg

EXAMPLES = ROOT / "seeds" / "examples" / "sources"


@pytest.fixture(scope="module")
def five_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("five") / "out"
    done = run_kg("build", ROOT / "seeds", EXAMPLES, "--out", out)
    assert done.returncode == 0, done.stderr
    return out


def test_the_matrix_cell_by_cell(five_out):
    from kg.query.graph import load
    from kg.viz.overview import stance_matrix

    m = stance_matrix(load(five_out).to_networkx())
    assert m.rows == [
        "Vladimir Putin",
        "Qasym-Jomart Toqayev",
        "Russia",
        "Brazil",
        "China",
        "Donald Trump",
        "United States",
    ]
    assert m.columns == [
        "30-day pause on attacks on Ukraine’s energy infrastructure",
        "China–Brazil six-point peace plan",
        "Complete ceasefire",
        "Immediate ceasefire across land, air and sea",
        "Peace formula for long-term peace in Eurasia",
    ]
    cells = {(m.rows[r], m.columns[c][:12]): (cell.stances, cell.sources) for (r, c), cell in m.cells.items()}
    assert cells == {
        ("Vladimir Putin", "30-day pause"): ([("favourable", "agrees to")], 1),  # on a term of the pause
        ("Vladimir Putin", "Complete cea"): (
            [("unfavourable", "rejects"), ("conditional", "accepts only on condition")],
            2,
        ),
        ("Qasym-Jomart Toqayev", "China–Brazil"): ([("favourable", "supports")], 1),
        ("Qasym-Jomart Toqayev", "Peace formul"): ([("favourable", "supports")], 1),
        ("Russia", "30-day pause"): ([("favourable", "agrees to"), ("unfavourable", "rejects")], 3),
        ("Brazil", "China–Brazil"): ([("favourable", "proposes")], 2),
        ("China", "China–Brazil"): ([("favourable", "proposes")], 2),
        ("Donald Trump", "Immediate ce"): ([("neutral", "presents")], 1),
        ("United States", "30-day pause"): ([("favourable", "proposes")], 1),
    }
    assert (m.rows_left_out, m.columns_left_out, m.positions_left_out, m.positions) == (0, 0, 0, 11)


def test_rows_and_columns_are_capped_and_what_is_left_out_is_counted(five_out):
    from kg.query.graph import load
    from kg.viz.overview import stance_matrix

    m = stance_matrix(load(five_out).to_networkx(), max_rows=2, max_columns=1)
    assert m.rows == ["Vladimir Putin", "Qasym-Jomart Toqayev"]
    assert m.columns == ["30-day pause on attacks on Ukraine’s energy infrastructure"]
    assert (m.rows_left_out, m.columns_left_out, m.positions_left_out, m.positions) == (5, 4, 10, 11)


def test_the_command_draws_the_heat_map_in_the_stance_colours(five_out, tmp_path):
    import matplotlib.image as mpimg
    import numpy as np

    from kg.viz.style import POLARITY_COLOURS

    out = tmp_path / "overview.png"
    done = run_kg("plot", "--overview", "--from", five_out, "--out", out)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"wrote {out}\n", "")
    img = (mpimg.imread(out)[:, :, :3] * 255).round().astype(int)
    colours = {tuple(c) for c in img.reshape(-1, 3)}
    for pol, hex_colour in POLARITY_COLOURS.items():
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, pol
    assert img.shape[:2] == (1146, 1500)

    from kg.query.graph import load
    from kg.viz.overview import draw_overview

    fig = draw_overview(load(five_out).to_networkx())
    written = {t.get_gid(): t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("count:")}
    assert written == {
        "count:0:0": "1",
        "count:0:2": "2",
        "count:1:1": "1",
        "count:1:4": "1",
        "count:2:0": "3",
        "count:3:1": "2",
        "count:4:1": "2",
        "count:5:3": "1",
        "count:6:0": "1",
    }
    assert np.asarray(fig.get_size_inches()).tolist() == [10.0, 7.64]


def test_overview_with_focus_is_a_clear_error(five_out):
    done = run_kg("plot", "--overview", "--focus", "Putin", "--from", five_out)
    assert done.returncode == 2
    assert "--overview draws the whole corpus" in done.stderr
    assert "Traceback" not in done.stderr
