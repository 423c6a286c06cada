"""``kg path``, ``kg neighbors`` and ``kg export``: the graph as a network."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli import formatting
from kg.cli.options import add_from, add_store, check_out, load_graph
from kg.cli.view import add_sources, restricted, source_window

PATH_DESCRIPTION = """\
Find the shortest connection between two things named by label, alias, handle or id (case-insensitive)
in the NetworkX projection of the graph, and print it one hop a line with the relation and its evidence
quote. Positions are direct edges from the holder to what it takes a position on.

examples:
  kg path Tokayev Putin
  kg path Tokayev "energy pause" --all --max-hops 4
  kg path Zelenskyy Putin --undirected

exit codes: 0 a path was found, 1 no path, 2 an unknown or ambiguous name"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pa = sub.add_parser(
        "path",
        help="how two things connect, hop by hop, with evidence",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=PATH_DESCRIPTION,
    )
    pa.add_argument("a", help="where the path starts")
    pa.add_argument("b", help="where it ends")
    pa.add_argument("--all", action="store_true", help="every simple path, shortest first")
    pa.add_argument("--max-hops", type=int, default=4, metavar="N", help="with --all: longest path (default 4)")
    pa.add_argument("--undirected", action="store_true", help="walk edges in either direction")
    pa.add_argument("--no-quotes", action="store_true", help="leave out the evidence quotes")
    add_sources(pa)
    add_store(pa)
    pa.set_defaults(func=run_path)

    sh = sub.add_parser(
        "show",
        help="a node and every statement about it, each with its quote and source",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Print a node (named by label, alias, handle or id, as kg path does) and every statement "
        "about it, as subject and as object, grouped by source (article, outlet, date), each with its quote "
        "in the sentence it is in (the quote marked [[ ]]).\n"
        "examples:\n  kg show Putin\n  kg show energy-pause --format json\n"
        "exit codes: 0 shown, 2 an unknown or ambiguous name (the closest matches are named)",
    )
    sh.add_argument("name", help="a label, alias, handle or id")
    sh.add_argument("--format", choices=("text", "json"), default="text", help="(default: text)")
    add_store(sh)
    sh.set_defaults(func=run_show)

    nb = sub.add_parser(
        "neighbors",
        help="what surrounds a node, within N hops",
        description="List the nodes within N hops of a node (edges in either direction), each "
        "with the relation that reaches it, breadth first.",
    )
    nb.add_argument("x", help="a label, alias, handle or id")
    nb.add_argument("--hops", type=int, default=1, metavar="N", help="how far (default 1)")
    add_store(nb)
    nb.set_defaults(func=run_neighbors)

    ex = sub.add_parser(
        "export",
        help="the NetworkX projection as GraphML, GEXF or node-link JSON",
        description="Write the readable NetworkX projection of the built graph (nodes keyed by "
        "IRI with label, kind and literal attributes; positions as stance edges with "
        "their quote) as GraphML or GEXF (Gephi, Cytoscape) or node-link JSON.",
    )
    ex.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="the file to write (default: ceasefire-kg.FORMAT in the build folder)",
    )
    ex.add_argument("--format", choices=("graphml", "gexf", "json"), default="graphml", help="(default: graphml)")
    add_from(ex, deprecated_out=False)
    ex.add_argument("--positions-as-nodes", action="store_true", help="keep positions as nodes")
    ex.add_argument("--provenance", action="store_true", help="also the articles, linked from what they support")
    ex.add_argument("--ontology", action="store_true", help="concepts (stances, categories) as nodes")
    ex.add_argument(
        "--kinds",
        default=None,
        metavar="K1,K2",
        help="only these kinds of node: actor, office, place, proposal, term, condition, event, claim",
    )
    ex.set_defaults(func=run_export)


def run_path(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.network.paths import NoPath

    source_window(args)  # bad days before the graph is loaded
    graph = load_graph(args)
    G = restricted(graph, graph.to_networkx(), args)
    if args.source or args.since or args.until:
        for name in (args.a, args.b):
            if str(graph.resolve(name)) not in G:
                raise InputError(
                    f"'{name}' is in none of the articles that --source, --since and --until keep",
                    hint="widen them, or leave them out",
                )
    try:
        paths = graph.path(args.a, args.b, all=args.all, max_hops=args.max_hops, undirected=args.undirected, G=G)
    except NoPath as exc:
        print(f"kg path: {exc}" + ("" if args.undirected else "; try --undirected"), file=sys.stderr)
        return 1
    print("\n".join(formatting.paths_report(paths if args.all else [paths], quotes=not args.no_quotes)))
    return 0


def run_show(args: argparse.Namespace) -> int:
    import json

    graph = load_graph(args)
    node = graph.resolve(args.name)
    df = graph.statements(args.name)
    records = df.to_dict(orient="records")
    if args.format == "json":
        print(
            json.dumps(
                {"node": str(node), "label": graph.label(node), "statements": records}, ensure_ascii=False, indent=2
            )
        )
        return 0
    print(f"{graph.label(node)} ({node}): {len(records)} statements")
    current = None
    for r in records:
        where = (r["source"], r["outlet"], r["date"])
        if where != current:
            current = where
            print(f"\n{r['outlet'] or '(no outlet)'}, {r['date'] or 'undated'}: {r['source']}")
        print(f"  {r['subject']} —{r['predicate']}→ {r['object']}")
        if r["sentence"] or r["quote"]:
            print(f"      {r['sentence'] or '“' + r['quote'] + '”'}")
    return 0


def run_neighbors(args: argparse.Namespace) -> int:
    graph = load_graph(args)
    G = graph.to_networkx()
    root = graph.node(args.x, G)
    found = graph.neighbors(args.x, args.hops, G)
    print("\n".join(formatting.neighbors_report(G, root, args.hops, found)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from kg.network.export import write_network

    check_out(args)

    graph = load_graph(args)
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    G = graph.to_networkx(
        positions_as_nodes=args.positions_as_nodes, provenance=args.provenance, ontology=args.ontology, kinds=kinds
    )
    target = args.out or args.build_dir / f"ceasefire-kg.{args.format}"
    write_network(G, target, args.format)
    print(f"wrote {target}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({args.format})")
    return 0
