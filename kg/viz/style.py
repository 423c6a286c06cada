"""How every picture looks and how it is written: one colour and one marker per kind of node, the stance colours,
the greys, and :func:`save_figure` (reproducible and atomic). The graph and the timeline both take their styles
from here, so that a kind is drawn in the same colour and shape in both.

The kinds' colours keep clear of the stance colours (green, red, orange), so that a node is never mistaken for a
stance; a colour too light to read as text on white (the proposals' yellow) is written in its :func:`ink`.

No matplotlib at import: it is imported inside :func:`save_figure` only.

Examples
--------
>>> kind_style("proposal").marker, kind_style("no such kind") == OTHER_KIND
('s', True)
>>> kind_style("proposal").colour, kind_style("proposal").ink
('#edc948', '#a68d32')
>>> picture_format(Path("timeline.SVG"), None), picture_format(Path("x.png"), "pdf")
('svg', 'pdf')
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kg.resources import output_file

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("png", "svg", "pdf")
SAVE_CREATOR = "ceasefire-kg"


def contrast(colour: str, background: str = "#ffffff") -> float:
    """The contrast ratio of two colours (WCAG 2: from 1, the same, to 21, black on white)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink(colour: str, minimum: float = 3.0) -> str:
    """``colour`` for text and outlines on white: itself when its contrast with white is at least ``minimum``
    (3:1, WCAG's least for large text and graphics), else darkened in steps of 5 % until it is."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    shade, out = 1.0, colour.lower()
    while contrast(out) < minimum and shade > 0:
        shade = round(shade - 0.05, 2)
        out = "#" + "".join(f"{round(c * shade):02x}" for c in rgb)
    return out


class KindStyle(NamedTuple):
    """How a kind of node is drawn: fill colour, matplotlib marker, marker area in pt² (the graph), and the
    heading of its group (the timeline)."""

    colour: str
    marker: str
    size: float
    heading: str

    @property
    def ink(self) -> str:
        """The colour for text and outlines in this kind's colour (see :func:`ink`)."""
        return ink(self.colour)


#: kind -> its style, for every picture; the graph's legend lists the kinds in this order
KIND_STYLES: dict[str, KindStyle] = {
    "actor": KindStyle("#4e79a7", "o", 220, "Actors"),
    "office": KindStyle("#b07aa1", "p", 200, "Offices"),
    "place": KindStyle("#9c755f", "h", 200, "Places"),
    "proposal": KindStyle("#edc948", "s", 240, "Proposals"),
    "term": KindStyle("#f3dd8a", "s", 90, "Terms"),
    "condition": KindStyle("#76b7b2", "8", 190, "Conditions"),
    "event": KindStyle("#d37295", "D", 130, "Events"),
    "claim": KindStyle("#79706e", "^", 190, "Claims"),
    "position": KindStyle("#499894", "d", 120, "Positions"),
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


def check_size(width: float, height: float | None, dpi: int) -> None:
    """A picture's size: width and height in inches (``height=None``: fitted to the content) and dots per inch,
    each a finite positive number, else a :class:`ValueError` that says which.

    >>> check_size(14, None, 150)
    >>> check_size(float("inf"), 8, 150)
    Traceback (most recent call last):
    ...
    ValueError: width must be a positive number, not inf
    """
    for name, value in (("width", width), ("height", height), ("dpi", dpi)):
        if value is None and name == "height":
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
            raise ValueError(f"{name} must be a positive number, not {value!r}")


def picture_format(out: Path, fmt: str | None) -> str:
    """The format to write ``out`` in: ``fmt``, else ``out``'s suffix; ValueError unless one of :data:`FORMATS`."""
    fmt = (fmt or Path(out).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        shown = fmt or f"(none: '{Path(out).name}' has no suffix)"
        raise ValueError(f"unknown format '{shown}': use one of {', '.join(FORMATS)}")
    return fmt


def save_figure(fig: Figure, out: Path, *, fmt: str, title: str = "") -> Path:
    """Write a figure reproducibly (no dates, a fixed SVG hash salt) and atomically (a temporary file in the
    same folder, then :func:`os.replace`)."""
    import matplotlib

    out = output_file(out, make_folder=True)  # not a folder; its folder made if missing
    metadata: dict[str, str | None]
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
    "contrast",
    "ink",
    "kind_style",
    "picture_format",
    "save_figure",
]
