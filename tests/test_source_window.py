"""``--source``, ``--since`` and ``--until`` on ``kg plot`` and ``kg path`` (issue #14, point 3), as on ``kg view``:
only what the articles they keep state. The corpus is the seed with the four invented example articles of
seeds/examples/sources/, built from those paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML, kg_main
from PIL import Image

import kg
from kg.viz.view import restrict_to

SOURCES = ROOT / "seeds" / "examples" / "sources"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("five") / "out"
    kg.build_to([SEED_YAML, SOURCES], out, progress=None)
    return out


def test_one_outlet_is_what_its_article_alone_gives(corpus, seed_out):
    """TDI's statements in the five-article graph are the seed's graph: the same nodes and edges."""
    g = kg.load(corpus)
    tdi = restrict_to(g, g.to_networkx(), source="TDI")
    alone = kg.load(seed_out).to_networkx()
    assert (set(tdi.nodes), tdi.number_of_edges()) == (set(alone.nodes), alone.number_of_edges())


def test_kg_plot_draws_one_source(corpus, tmp_path):
    done = kg_main("plot", "--from", corpus, "--source", "TDI", "--out", tmp_path / "tdi.png")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"wrote {tmp_path / 'tdi.png'}\n", "")
    with Image.open(tmp_path / "tdi.png") as im:
        assert im.format == "PNG" and im.size[0] > 800


def test_kg_path_keeps_the_hops_of_the_sources_kept(corpus):
    kept = kg_main("path", "Tokayev", "energy pause", "--from", corpus, "--source", "TDI", "--no-quotes")
    assert kept.returncode == 0 and kept.stdout.splitlines()[0] == (
        "Qasym-Jomart Toqayev → 30-day pause on attacks on Ukraine’s energy infrastructure: 2 hops"
    )
    assert all("TDI" in line for line in kept.stdout.splitlines()[2::2])
    gone = kg_main("path", "Tokayev", "energy pause", "--from", corpus, "--source", "Steppe Courier")
    assert (gone.returncode, gone.stdout, gone.stderr) == (
        2,
        "",
        "kg path: 'Tokayev' is in none of the articles that --source, --since and --until keep\n"
        "  fix: widen them, or leave them out\n",
    )


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            ["--source", "Nobody"],
            "no article of the graph is from the source 'Nobody'; the sources: Harbour Review, Lakeside Observer, "
            "Northern Dispatch, Steppe Courier, TDI",
        ),
        (["--since", "2025-03-21", "--until", "2025-03-20"], "--since 2025-03-21 is after --until 2025-03-20"),
        (["--since", "2025-02-30"], "--since '2025-02-30' is not a day"),
    ],
)
@pytest.mark.parametrize("command", [["plot"], ["path", "Putin", "Russia"]])
def test_bad_values_are_clear_errors(corpus, tmp_path, command, options, error):
    done = kg_main(
        *command, "--from", corpus, *options, *(["--out", tmp_path / "x.png"] if command == ["plot"] else [])
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"kg {command[0]}: {error}")
    assert not (tmp_path / "x.png").exists()
