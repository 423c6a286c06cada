"""How every picture looks and how it is written: one colour and one marker per kind of node, the stance colours,
the greys, and :func:`save_figure` (reproducible and atomic). The graph and the timeline take their styles from
here, so that a kind is drawn alike in both.

No matplotlib at import: it is imported inside :func:`save_figure` only.

Examples
--------
>>> kind_style("proposal").marker, kind_style("no such kind") == OTHER_KIND
('s', True)
>>> picture_format(Path("timeline.SVG"), None), picture_format(Path("x.png"), "pdf")
('svg', 'pdf')
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import NamedTuple

FORMATS = ("png", "svg", "pdf")
SAVE_CREATOR = "ceasefire-kg"


class KindStyle(NamedTuple):
    """How a kind of node is drawn: fill colour, matplotlib marker, marker area in pt² (the graph), and the
    heading of its group (the timeline)."""

    colour: str
    marker: str
    size: float
    heading: str


#: kind -> its style; the graph's legend lists the kinds in this order
KIND_STYLES: dict[str, KindStyle] = {
    "actor": KindStyle("#4e79a7", "o", 220, "Actors"),
    "office": KindStyle("#b07aa1", "p", 200, "Offices"),
    "place": KindStyle("#9c755f", "h", 200, "Places"),
    "proposal": KindStyle("#edc948", "s", 240, "Proposals"),
    "term": KindStyle("#f3dd8a", "s", 90, "Terms"),
    "condition": KindStyle("#76b7b2", "8", 190, "Conditions"),
    "event": KindStyle("#ff9da7", "D", 130, "Events"),
    "claim": KindStyle("#bab0ac", "^", 190, "Claims"),
    "position": KindStyle("#d4d4d4", "d", 120, "Positions"),
    "article": KindStyle("#a0cbe8", "v", 160, "Articles"),
    "concept": KindStyle("#d4a6c8", "d", 120, "Concepts"),
}
#: a kind not in KIND_STYLES
OTHER_KIND = KindStyle("#cccccc", "o", 120, "Other")


def kind_style(kind: str | None) -> KindStyle:
    """The style of ``kind`` (:data:`OTHER_KIND` for a kind not in :data:`KIND_STYLES`)."""
    return KIND_STYLES.get(kind or "", OTHER_KIND)


#: polarity of a stance -> its colour (the graph's stance edges); other edges are EDGE_GREY
POLARITY_COLOURS = {"favourable": "#2ca02c", "unfavourable": "#d62728", "conditional": "#ff7f0e", "neutral": "#7f7f7f"}
#: darker shades for text in a polarity's colour, so that it reads on white
POLARITY_TEXT = {"favourable": "#1b6e1b", "unfavourable": "#a31d1d", "conditional": "#b35900", "neutral": "#4d4d4d"}
POLARITY_ORDER = ["favourable", "unfavourable", "conditional", "neutral"]
EDGE_GREY = "#a6a6a6"
EDGE_TEXT_GREY = "#595959"

INK = "#1a1a1a"  # labels, and the star of a declaration
DARK_GREY = "#333333"  # marker outlines, secondary text


def picture_format(out: Path, fmt: str | None) -> str:
    """The format to write ``out`` in: ``fmt``, else ``out``'s suffix; ValueError unless one of :data:`FORMATS`."""
    fmt = (fmt or Path(out).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        shown = fmt or f"(none: '{Path(out).name}' has no suffix)"
        raise ValueError(f"unknown format '{shown}': use one of {', '.join(FORMATS)}")
    return fmt


def save_figure(fig, out: Path, *, fmt: str, title: str = "") -> Path:
    """Write a figure reproducibly (no dates, a fixed SVG hash salt) and atomically (a temporary file in the
    same folder, then :func:`os.replace`)."""
    import matplotlib

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "png":
        metadata = {"Software": SAVE_CREATOR, "Title": title}
    elif fmt == "svg":
        metadata = {"Date": None, "Creator": SAVE_CREATOR, "Title": title}
    else:
        metadata = {
            "CreationDate": None,
            "ModDate": None,
            "Creator": SAVE_CREATOR,
            "Producer": SAVE_CREATOR,
            "Title": title,
        }
    while True:  # like mkstemp, but the file gets the usual permissions (0666 less the umask)
        tmp = str(out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            break
        except FileExistsError:
            continue
    try:
        with (
            os.fdopen(fd, "wb") as handle,
            matplotlib.rc_context({"svg.hashsalt": "ceasefire-kg", "pdf.compression": 6}),
        ):
            fig.savefig(handle, format=fmt, dpi=fig.dpi, metadata=metadata)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out


__all__ = [
    "DARK_GREY",
    "EDGE_GREY",
    "EDGE_TEXT_GREY",
    "FORMATS",
    "INK",
    "KIND_STYLES",
    "OTHER_KIND",
    "POLARITY_COLOURS",
    "POLARITY_ORDER",
    "POLARITY_TEXT",
    "KindStyle",
    "kind_style",
    "picture_format",
    "save_figure",
]
