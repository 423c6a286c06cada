"""The overview of a corpus: the actors × proposals stance matrix (``kg plot --overview``).

:func:`stance_matrix` reads the stance edges of a :func:`kg.network.to_networkx` projection: a row per holder (an
actor or an office), a column per proposal (a stance on a term counts for the term's proposal), and in each cell
the stances that holder takes on that proposal, each with the articles that state it. Rows and columns are sorted
by their number of positions (most first, then by name) and capped; what is left out is counted.
:func:`plot_overview` draws it as a heat map: each cell coloured by the polarity of its stances (the colours of
:mod:`kg.viz.style`; a cell with stances of several polarities is split into stripes), with the number of sources
behind it written in it.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(source="an invented example")
>>> G.add_node("a", label="A", kind="actor"); G.add_node("p", label="P", kind="proposal")
>>> _ = G.add_edge("a", "p", key="x", stance="agrees to", polarity="favourable", source="s1 | s2")
>>> m = stance_matrix(G)
>>> m.rows, m.columns, m.cells[0, 0].sources, m.cells[0, 0].stances
(['A'], ['P'], 2, [('favourable', 'agrees to')])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.viz.style import DARK_GREY, INK, POLARITY_COLOURS, POLARITY_ORDER, check_size, picture_format, save_figure

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

MAX_ROWS = 40
MAX_COLUMNS = 30


@dataclass
class Cell:
    """What one holder says of one proposal: its stances (polarity, stance), sorted, and how many articles
    state them (each article counted once)."""

    stances: list[tuple[str, str]]
    sources: int


@dataclass
class Matrix:
    """The stance matrix: row and column labels, cells by (row, column) index, and what was left out."""

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[int, int], Cell]
    rows_left_out: int = 0
    columns_left_out: int = 0
    positions_left_out: int = 0
    positions: int = 0
    row_iris: list[str] = field(default_factory=list)
    column_iris: list[str] = field(default_factory=list)


def _label(G: nx.MultiDiGraph[str], n: str) -> str:
    return str(G.nodes[n].get("label", n))


def _names(G: nx.MultiDiGraph[str], nodes: list[str]) -> list[str]:
    """The nodes' labels; a label two nodes share is followed by each one's id ("Complete ceasefire (cf-2)")."""
    labels = [_label(G, n) for n in nodes]
    return [f"{x} ({n.rsplit('/', 1)[-1]})" if labels.count(x) > 1 else x for x, n in zip(labels, nodes, strict=True)]


def stance_matrix(G: nx.MultiDiGraph[str], *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> Matrix:
    """The holders × proposals matrix of ``G``'s stance edges, the ``max_rows`` holders and ``max_columns``
    proposals with the most positions (ties by name)."""
    from kg.network.projection import SEP

    proposal_of: dict[str, str] = {}
    for u, v, key, d in G.edges(keys=True, data=True):
        is_term_of = str(key) == "termOf" or str(d.get("predicate", "")).endswith("termOf")
        if is_term_of and G.nodes[u].get("kind") == "term" and G.nodes[v].get("kind") == "proposal":
            proposal_of[u] = v
    found: dict[tuple[str, str], dict[tuple[str, str], set[str]]] = {}
    for u, v, d in G.edges(data=True):
        if "stance" not in d:
            continue
        target = v if G.nodes[v].get("kind") == "proposal" else proposal_of.get(v)
        if target is None:
            continue
        sources = {s for s in str(d.get("source") or "").split(SEP) if s}
        stance = (str(d.get("polarity") or "neutral"), str(d["stance"]))
        found.setdefault((u, target), {}).setdefault(stance, set()).update(sources)
    counts_r: dict[str, int] = {}
    counts_c: dict[str, int] = {}
    for (u, p), stances in found.items():
        counts_r[u] = counts_r.get(u, 0) + len(stances)
        counts_c[p] = counts_c.get(p, 0) + len(stances)
    rows = sorted(counts_r, key=lambda n: (-counts_r[n], _label(G, n), n))
    cols = sorted(counts_c, key=lambda n: (-counts_c[n], _label(G, n), n))
    kept_r, kept_c = rows[:max_rows], cols[:max_columns]
    ri, ci = {n: i for i, n in enumerate(kept_r)}, {n: i for i, n in enumerate(kept_c)}
    cells: dict[tuple[int, int], Cell] = {}
    left = 0
    for (u, p), stances in found.items():
        if u not in ri or p not in ci:
            left += len(stances)
            continue
        articles = set().union(*stances.values())
        order = {pol: i for i, pol in enumerate(POLARITY_ORDER)}
        cells[ri[u], ci[p]] = Cell(sorted(stances, key=lambda s: (order.get(s[0], 99), s)), len(articles))
    return Matrix(
        rows=_names(G, kept_r),
        columns=_names(G, kept_c),
        cells=cells,
        rows_left_out=len(rows) - len(kept_r),
        columns_left_out=len(cols) - len(kept_c),
        positions_left_out=left,
        positions=sum(len(s) for s in found.values()),
        row_iris=kept_r,
        column_iris=kept_c,
    )


def draw_overview(
    G: nx.MultiDiGraph[str],
    *,
    title: str | None = None,
    width: float | None = None,
    height: float | None = None,
    dpi: int = 150,
) -> Figure:
    """The heat map of :func:`stance_matrix` as a figure (never shown); ``fig.kg_matrix`` is the matrix and
    ``fig.kg_cells`` maps (row, column) to the text written in the cell."""
    import textwrap

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    m = stance_matrix(G)
    nr, nc = len(m.rows), len(m.columns)
    cell = 0.42  # inches
    left, top_room, bottom, right = 3.2, 3.4, 1.3, 2.9
    width = width or max(10.0, left + nc * cell + right)
    height = height or max(6.0, top_room + nr * cell + bottom)
    check_size(width, height, dpi)
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / width, bottom / height, nc * cell / width or 0.01, nr * cell / height or 0.01))
    ax.set_xlim(0, max(nc, 1))
    ax.set_ylim(max(nr, 1), 0)
    texts: dict[tuple[int, int], str] = {}
    for (r, c), content in sorted(m.cells.items()):
        pols = list(dict.fromkeys(p for p, _ in content.stances))
        for k, pol in enumerate(pols):
            ax.add_patch(
                Rectangle(
                    (c + k / len(pols), r),
                    1 / len(pols),
                    1,
                    facecolor=POLARITY_COLOURS.get(pol, POLARITY_COLOURS["neutral"]),
                    edgecolor="none",
                    gid=f"cell:{r}:{c}:{pol}",
                )
            )
        texts[r, c] = str(content.sources)
        ax.text(
            c + 0.5,
            r + 0.5,
            texts[r, c],
            ha="center",
            va="center",
            fontsize=8,
            color="white",
            fontweight="bold",
            gid=f"count:{r}:{c}",
        )
    ax.set_xticks([c + 0.5 for c in range(nc)])
    ax.set_xticklabels(
        [textwrap.shorten(x, 40, placeholder="…") for x in m.columns],
        rotation=55,
        ha="left",
        fontsize=8,
        rotation_mode="anchor",
    )
    ax.xaxis.tick_top()
    ax.set_yticks([r + 0.5 for r in range(nr)])
    ax.set_yticklabels([textwrap.shorten(x, 44, placeholder="…") for x in m.rows], fontsize=8)
    ax.set_xticks(range(nc + 1), minor=True)
    ax.set_yticks(range(nr + 1), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.6)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_color(DARK_GREY)
    source = str(G.graph.get("source") or "unknown source")
    count = int(G.graph.get("articles") or len(source.split("; ")))
    heading = title or f"Who takes which stance on which proposal: {nr} holders × {nc} proposals"
    fig.text(
        0.25 / width,
        1 - 0.2 / height,
        heading,
        ha="left",
        va="top",
        fontsize=13,
        fontweight="bold",
        color=INK,
        gid="title",
    )
    shown = f"{len(m.cells)} cells; the number in a cell is how many articles state its stances."
    left_out = (
        f" Left out (fewest positions): {m.rows_left_out} holders, {m.columns_left_out} proposals, "
        f"{m.positions_left_out} of {m.positions} stances."
        if m.rows_left_out or m.columns_left_out
        else ""
    )
    note = f"Source: {count} article{'s' if count != 1 else ''}. {shown}{left_out}"
    fig.text(
        0.25 / width,
        1 - 0.55 / height,
        "\n".join(textwrap.wrap(note, int(11 * width))),
        ha="left",
        va="top",
        fontsize=9,
        color="#404040",
        gid="note",
    )
    used = [p for p in POLARITY_ORDER if any(p == s[0] for c in m.cells.values() for s in c.stances)]
    handles = []
    for pol in used:
        names = sorted({s for c in m.cells.values() for p, s in c.stances if p == pol})
        handles.append(
            Line2D(
                [],
                [],
                color=POLARITY_COLOURS[pol],
                lw=8,
                label="\n".join(textwrap.wrap(f"{pol}: {', '.join(names)}", 30)),
            )
        )
    if handles:
        leg = fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=((width - right + 0.2) / width, 1 - top_room / height),
            fontsize=8,
            title="Stances",
            title_fontsize=9,
            frameon=True,
        )
        leg.set_gid("legend-stances")
    if not m.cells:
        ax.text(0.5, 0.5, "(no stance on a proposal)", ha="center", va="center", fontsize=12, color="#666666")
    fig.kg_matrix = m  # type: ignore[attr-defined]
    fig.kg_cells = texts  # type: ignore[attr-defined]
    return fig


def plot_overview(
    G: nx.MultiDiGraph[str],
    out: Path,
    *,
    fmt: str | None = None,
    title: str | None = None,
    width: float | None = None,
    height: float | None = None,
    dpi: int = 150,
) -> Path:
    """Draw :func:`draw_overview` to ``out`` (PNG, SVG or PDF; atomically) and return the path written."""
    out = Path(out)
    fmt = picture_format(out, fmt)
    fig = draw_overview(G, title=title, width=width, height=height, dpi=dpi)
    return save_figure(fig, out, fmt=fmt, title="the actors × proposals stance matrix")


__all__ = ["Cell", "Matrix", "draw_overview", "plot_overview", "stance_matrix"]
