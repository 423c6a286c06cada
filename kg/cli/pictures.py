"""``kg plot`` and ``kg timeline``: pictures of the graph and of what happened when."""

from __future__ import annotations

import argparse

from kg.cli.options import add_picture, check_out, load_graph, picture_target

PLOT_DESCRIPTION = """\
Draw the NetworkX projection of the built graph: node colour and shape by kind, with a legend; stance
edges coloured (agree and support green, reject red, conditional orange, others grey) and labelled;
parallel edges curved; the same input always gives the same picture; no two labels overlap.

pictures:
  kg plot                                   the whole graph
  kg plot --focus Putin --hops 2            what surrounds a node
  kg plot --proposal "energy pause"         a proposal, its terms, and every stance on it
  kg plot --from out --out graph.svg        the build in out/, drawn to graph.svg"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pl = sub.add_parser(
        "plot",
        help="draw the graph, a neighbourhood or a proposal as PNG, SVG or PDF",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=PLOT_DESCRIPTION,
    )
    pl.add_argument("--focus", default=None, metavar="X", help="a node's neighbourhood (a name or id)")
    pl.add_argument("--hops", type=int, default=1, metavar="N", help="with --focus: how far (default 1)")
    pl.add_argument("--proposal", default=None, metavar="P", help="a proposal with its terms and stances")
    add_picture(pl, "ceasefire-kg[-WHAT].FORMAT")
    pl.set_defaults(func=run_plot)

    tl = sub.add_parser(
        "timeline",
        help="draw what happened when: windows, events, claims, positions",
        description="Draw the proposals' windows as bars (a derived end hatched) and the events, "
        "claims and positions as points on a date axis, imprecise times as ranges, "
        "each labelled with the article's wording; the axis breaks over long gaps. "
        "PNG, SVG or PDF; the same graph always gives the same picture.",
    )
    add_picture(tl, "ceasefire-kg-timeline.FORMAT")
    tl.set_defaults(func=run_timeline)


def run_plot(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.viz.graph import plot_graph

    check_out(args)

    if args.focus and args.proposal:
        raise InputError("--focus and --proposal draw different pictures", hint="give one of them")
    graph = load_graph(args)
    G = graph.to_networkx()
    focus = graph.node(args.focus, G) if args.focus else None
    proposal = graph.node(args.proposal, G) if args.proposal else None
    shown = focus or proposal
    what = f"-{shown.rsplit('/', 1)[-1]}" if shown else ""
    fmt, target = picture_target(args, f"ceasefire-kg{what}")
    try:
        written = plot_graph(G, target, fmt=fmt, focus=focus, hops=args.hops, proposal=proposal, title=args.title)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    return 0


def run_timeline(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.viz.timeline import plot_timeline

    check_out(args)

    fmt, target = picture_target(args, "ceasefire-kg-timeline")
    try:
        written = plot_timeline(load_graph(args), target, fmt=fmt, title=args.title)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    return 0
