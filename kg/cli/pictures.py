"""``kg plot`` and ``kg timeline``: pictures of the graph and of what happened when."""

from __future__ import annotations

import argparse
import datetime as dt

from kg.cli.options import add_picture, add_store, check_out, load_graph, picture_target
from kg.cli.view import add_sources, restricted, source_window

PLOT_DESCRIPTION = """\
Draw the NetworkX projection of the built graph: node colour and shape by kind, with a legend; stance
edges coloured (agree and support green, reject red, conditional orange, others grey) and labelled;
parallel edges curved; the same input always gives the same picture; no two labels overlap.

pictures:
  kg plot                                   the whole graph
  kg plot --focus Putin --hops 2            what surrounds a node
  kg plot --proposal "energy pause"         a proposal, its terms, and every stance on it
  kg plot --overview                        who takes which stance on which proposal (a heat map)
  kg plot --from out --out graph.svg        the build in out/, drawn to graph.svg"""

TIMELINE_DESCRIPTION = """\
Draw the proposals' windows as bars (a derived end hatched) and the events, claims and positions as
points, imprecise times as ranges, each labelled with the article's wording. PNG, SVG or PDF; the same
graph always gives the same picture.

the axis:
  What spans more than 4 days is drawn on a date axis, broken over long gaps and where only a window
  runs on for weeks (each part with its own scale; a window's bar runs on across the break). What spans 4 days or less (a 30-hour truce, or a window asked for with --since/--until) is
  drawn on an hour axis, in the articles' own offset: a time with a time of day is placed to the
  minute, one known only to the day spans that whole day, and a bound known only within a range of
  hours ("overnight") is a faded range.

pictures:
  kg timeline                                        everything dated in the graph
  kg timeline --since 2025-03-01 --until 2025-04-30  March and April 2025
  kg timeline --since 2025-04-19T12:00+03:00 --until 2025-04-21T06:00+03:00
                                                     those 42 hours, on an hour axis
  kg timeline --proposal "energy pause"              one proposal's story
  kg timeline --from out --out timeline.svg          the build in out/, drawn to timeline.svg"""


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
    pl.add_argument(
        "--overview",
        action="store_true",
        help="the actors × proposals stance matrix (a heat map; the number of sources in each cell): for a corpus",
    )
    add_sources(pl)
    add_picture(pl, "ceasefire-kg[-WHAT].FORMAT")
    add_store(pl, with_from=False)
    pl.set_defaults(func=run_plot)

    tl = sub.add_parser(
        "timeline",
        help="draw what happened when: windows, events, claims, positions",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=TIMELINE_DESCRIPTION,
    )
    tl.add_argument(
        "--since",
        default=None,
        metavar="WHEN",
        help="draw from WHEN on: a date (2025-04-19: from its start) or a date-time with its offset "
        "(2025-04-19T12:00+03:00)",
    )
    tl.add_argument(
        "--until",
        default=None,
        metavar="WHEN",
        help="draw up to WHEN: a date (2025-04-21: through its end) or a date-time with its offset",
    )
    tl.add_argument(
        "--proposal",
        default=None,
        metavar="P",
        help="one proposal's story (a name or id): its window, the positions on it, the events and claims about it",
    )
    add_picture(tl, "ceasefire-kg-timeline[-WHAT].FORMAT")
    add_store(tl, with_from=False)
    tl.set_defaults(func=run_timeline)


def run_plot(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.resources import output_file
    from kg.viz.graph import draw_graph
    from kg.viz.style import picture_format, save_figure

    check_out(args)

    if args.focus and args.proposal:
        raise InputError("--focus and --proposal draw different pictures", hint="give one of them")
    if args.overview and (args.focus or args.proposal):
        raise InputError("--overview draws the whole corpus", hint="leave out --focus and --proposal")
    source_window(args)  # bad days before the graph is loaded
    graph = load_graph(args)
    G = restricted(graph, graph.to_networkx(), args)
    if args.overview:
        from kg.viz.overview import plot_overview

        fmt, target = picture_target(args, "ceasefire-kg-overview")
        try:
            written = plot_overview(G, target, fmt=fmt, title=args.title)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        print(f"wrote {written}")
        return 0
    focus = graph.node(args.focus, G) if args.focus else None
    proposal = graph.node(args.proposal, G) if args.proposal else None
    shown = focus or proposal
    what = f"-{shown.rsplit('/', 1)[-1]}" if shown else ""
    fmt, target = picture_target(args, f"ceasefire-kg{what}")
    try:
        fmt = picture_format(target, fmt)
        output_file(target, make_folder=True)  # before drawing: a folder given as the file is said at once
        fig = draw_graph(G, focus=focus, hops=args.hops, proposal=proposal, title=args.title)
        written = save_figure(fig, target, fmt=fmt, title=fig.kg_picture.what)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    unlabelled = getattr(fig, "kg_unlabelled", None)  # a large picture: labels only where they fit
    if unlabelled is not None:
        n = len(fig.kg_picture.nodes)
        print(f"labelled {n - len(unlabelled)} of {n} nodes (the most connected that fit)")
    return 0


def parse_when(value: str, option: str) -> dt.date | dt.datetime:
    """A value of --since / --until: a date, or a date-time with its offset (``Z`` for UTC)."""
    import datetime as dt

    from kg.errors import InputError

    text = value.strip()
    hint = "give a date (2025-04-19) or a date-time with its offset (2025-04-19T18:00+03:00, or Z for UTC)"
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"{option} {value!r} is not a date", hint=hint) from None
    try:
        when = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date or a date-time", hint=hint) from None
    if when.tzinfo is None:
        raise InputError(
            f"{option} {value!r} has no offset: the same clock time is a different instant in each zone", hint=hint
        )
    return when


def run_timeline(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.viz.timeline import plot_timeline

    check_out(args)

    since = parse_when(args.since, "--since") if args.since is not None else None
    until = parse_when(args.until, "--until") if args.until is not None else None
    graph = load_graph(args)
    proposal = str(graph.resolve(args.proposal)) if args.proposal is not None else None
    what = f"-{proposal.rsplit('/', 1)[-1]}" if proposal else ""
    fmt, target = picture_target(args, f"ceasefire-kg-timeline{what}")
    try:
        written = plot_timeline(graph, target, fmt=fmt, title=args.title, since=since, until=until, proposal=proposal)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    return 0
