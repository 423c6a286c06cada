"""``kg view``: the graph as one interactive HTML page that works offline (:mod:`kg.viz.view`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cli.options import add_from, check_out, load_graph

if TYPE_CHECKING:
    import networkx as nx

    from kg.query.graph import KnowledgeGraph

VIEW_DESCRIPTION = """\
Write the graph as one self-contained HTML page that works offline (its JavaScript, Cytoscape.js, and
the data are inside the file; nothing is loaded from the network). Open it in a browser to pan, zoom
and drag; the page has:
  - a search box over names, other names, aliases and handles (Enter: select and centre the node);
  - filters by kind, stance, source (outlet) and date range;
  - a side panel: a click on a node or an edge shows its statements, each quote highlighted in its
    sentence, with its source (outlet, date, headline);
  - the colours and shapes of `kg plot` (nodes by kind, stance edges by polarity).

pages:
  kg view                                     the whole graph, to out/ceasefire-kg.html
  kg view --focus Putin --hops 2              what surrounds a node
  kg view --proposal "energy pause"           a proposal, its terms, and every stance on it
  kg view --source TDI --since 2025-03-01     what one outlet's articles from 1 March 2025 on state
  kg view --from out --out graph.html         the build in out/, written to graph.html"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    vw = sub.add_parser(
        "view",
        help="write the graph as an interactive HTML page (search, filters, quotes) that works offline",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=VIEW_DESCRIPTION,
    )
    vw.add_argument("--focus", default=None, metavar="X", help="a node's neighbourhood (a name or id)")
    vw.add_argument("--hops", type=int, default=1, metavar="N", help="with --focus: how far (default 1)")
    vw.add_argument("--proposal", default=None, metavar="P", help="a proposal with its terms and stances")
    add_sources(vw)
    vw.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="the page to write, an .html file (default: ceasefire-kg[-WHAT].html in the build folder)",
    )
    vw.add_argument("--title", default=None, help="a title of your own")
    add_from(vw, deprecated_out=False)
    vw.set_defaults(func=run_view)


def add_sources(parser: argparse.ArgumentParser) -> None:
    """``--source``, ``--since`` and ``--until`` (of ``kg view``, ``kg plot`` and ``kg path``): only what some
    articles state."""
    parser.add_argument("--source", default=None, metavar="OUTLET", help="only what this outlet's articles state")
    parser.add_argument(
        "--since", default=None, metavar="DAY", help="only articles published on DAY (2025-03-18) or later"
    )
    parser.add_argument("--until", default=None, metavar="DAY", help="only articles published on DAY or earlier")


def source_window(args: argparse.Namespace) -> tuple[dt.date | None, dt.date | None]:
    """The days of ``--since`` and ``--until``, checked (exit 2 for a bad day, or --since after --until)."""
    from kg.errors import InputError

    since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}", hint="give --since before --until")
    return since, until


def restricted(graph: KnowledgeGraph, G: nx.MultiDiGraph[str], args: argparse.Namespace) -> nx.MultiDiGraph[str]:
    """``G`` as the articles that ``--source``, ``--since`` and ``--until`` keep state it (exit 2 for an unknown
    outlet, with the known ones)."""
    from kg.errors import InputError
    from kg.viz.view import restrict_to

    since, until = source_window(args)
    try:
        return restrict_to(graph, G, source=args.source, since=since, until=until)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A value of --since / --until: a day, YYYY-MM-DD."""
    from kg.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value!r} is not a day", hint="give a date such as 2025-03-18") from None


def run_view(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.viz.view import write_view

    if args.focus and args.proposal:
        raise InputError("--focus and --proposal show different pages", hint="give one of them")
    if args.hops < 0:
        raise InputError(f"--hops {args.hops} is negative", hint="give a whole number, 0 or more")
    if args.out is not None and args.out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--out {args.out}: the page is HTML", hint="give a file ending in .html")
    check_out(args)
    since, until = source_window(args)
    graph = load_graph(args)
    G = graph.to_networkx()
    focus = graph.node(args.focus, G) if args.focus else None
    proposal = graph.node(args.proposal, G) if args.proposal else None
    shown = focus or proposal
    target = args.out or args.build_dir / f"ceasefire-kg{'-' + shown.rsplit('/', 1)[-1] if shown else ''}.html"
    try:
        written = write_view(
            graph,
            target,
            title=args.title,
            G=G,
            focus=focus,
            hops=args.hops,
            proposal=proposal,
            source=args.source,
            since=since,
            until=until,
        )
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    return 0
