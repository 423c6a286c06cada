"""The ``kg`` command: a thin layer over the public API.

Exit codes: 0 success, 1 the graph violates the SHACL shapes, 2 a usage or input error.
Nothing heavy is imported before a subcommand runs, so ``kg --help`` is instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DESCRIPTION = """\
Build and explore a provenance-first knowledge graph of ceasefire proposals, their terms and the
positions actors take on them, from annotated news articles. Every asserted fact points to the exact
quote in its source.

typical use:
  kg build              build seeds/*.yaml into out/ (validates, reports coverage)
  kg summary            the proposals, their terms and who stands where
  kg stats              counts by class, statements, evidence spans, coverage
  kg validate           check the built graph against ontology/shapes.ttl
  kg queries            the named competency questions
  kg query positions --param holder=Putin
                        answer one (or a .rq file, or - for a query on stdin)
  kg serve              the graph behind a read-only SPARQL endpoint (Oxigraph) on 127.0.0.1
  kg path Tokayev Putin how two things connect, hop by hop, with the evidence
  kg plot / kg timeline pictures of the graph / of what happened when
  kg in-force 2025-03-20, kg violations
                        what was in force on a day; alleged violations of terms

exit codes: 0 success, 1 SHACL violations, 2 usage or input error"""


def _out_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out", type=Path, default=Path("out"), metavar="DIR", help="the output folder of `kg build` (default: out)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    from kg import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="build the graph from annotation files, validate it, write it",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Build the RDF dataset from annotation files and their articles, validate it with SHACL, report the
sentences no statement cites, and write it to the output folder:
  ceasefire-kg.trig    TriG: the ontology, one named graph per article, one of derived statements each
  ceasefire-kg.nq      the same as N-Quads
  ceasefire-kg.jsonld  the same as JSON-LD
  ceasefire-kg.ttl     all graphs merged, as Turtle
  ceasefire-kg.nt      all graphs merged, as N-Triples
  build-report.json    per article: records, evidence spans, uncited sentences; validation; counts
Files are replaced only when the whole build succeeded: a failed build leaves the last good outputs.
Exit 0 built, 1 SHACL violations (nothing written), 2 bad input (nothing written).""",
    )
    b.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="FILE_OR_DIR",
        help="annotation files (*.yaml) or folders of them (default: seeds/)",
    )
    _out_arg(b)
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes that build the articles (default: the cores available); "
        "the outputs are the same whatever N",
    )

    v = sub.add_parser(
        "validate",
        help="check a built graph against the SHACL shapes",
        description="Validate the built graph (out/ceasefire-kg.trig, or FILE) against "
        "ontology/shapes.ttl and print each violation with the node's label and "
        "id, the property path, the message, and the annotation file and line the "
        "node came from. Exit 0 valid, 1 violations, 2 usage or input error.",
    )
    v.add_argument("file", nargs="?", type=Path, help="a TriG file to validate instead of the built graph")
    v.add_argument(
        "--engine",
        choices=("sparql", "pyshacl"),
        default="sparql",
        help="sparql: the shapes compiled to SPARQL, run on Oxigraph (fast; default); pyshacl: the "
        "reference SHACL implementation (slow on large graphs); both give the same results",
    )
    _out_arg(v)

    s = sub.add_parser(
        "stats",
        help="counts by class, statements, articles, evidence spans, coverage",
        description="Count what the built graph holds: nodes by kind and class, asserted, "
        "derived and ontology statements, articles, evidence spans, and the share "
        "of sentences that some statement cites.",
    )
    _out_arg(s)
    s.add_argument("--json", action="store_true", help="print JSON instead of text")

    m = sub.add_parser(
        "summary",
        help="the proposals with their terms, and the positions",
        description="A short summary of the built graph: counts by kind, each proposal with "
        "its terms, and every position (who, which stance, on what, under which "
        "condition).",
    )
    _out_arg(m)

    qs = sub.add_parser(
        "queries",
        help="list the named queries with their questions",
        description="List the named competency questions of ontology/queries/: name, question, columns and params.",
    )
    qs.add_argument("-v", "--verbose", action="store_true", help="also list each query's columns and params")

    q = sub.add_parser(
        "query",
        help="run a named query, a .rq file or a query from stdin",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Run a SPARQL SELECT query against the built graph: a named query (see `kg queries`), a .rq file,
or - to read the query from standard input. The union of the named graphs is the default graph, and
the project's prefixes (cfo:, cfid:, oa:, time:, skos:, schema:, ...) are declared unless the query
declares its own.

Params bind variables as RDF terms, never as query text: --param holder=Putin binds ?holder. For a
named query's IRI params, a label, alias, handle or id names the node (case-insensitive).

examples:
  kg query positions --param holder=Putin
  kg query proposal-terms --param proposal="energy pause" --format csv
  echo 'SELECT ?p WHERE { ?p a cfo:Proposal }' | kg query - --format json
  kg query positions --store oxigraph:out/oxigraph
  kg query positions --endpoint http://127.0.0.1:7878/query""",
    )
    q.add_argument("query", metavar="NAME|FILE|-", help="a named query, a .rq file, or - for stdin")
    q.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json"),
        default="table",
        help="table for people (labels instead of IRIs, long cells cut); csv, tsv or json: the "
        "SPARQL 1.1 results formats, values whole (default: table)",
    )
    q.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind ?NAME to VALUE (repeatable)"
    )
    _store_args(q)

    inf = sub.add_parser(
        "in-force",
        help="which proposals and terms were in force on a date",
        description="List the proposals and terms in force on DATE according to the graph: "
        "a proposal from the day it takes effect until the day before its end (a "
        "30-day pause from 18 March is in force until 16 April); its terms with "
        "it. An imprecise beginning or end makes the answer 'possible' rather "
        "than 'certain'. The same as `kg query in-force --param date=DATE`.",
    )
    inf.add_argument("date", help="the day, as YYYY-MM-DD")
    _store_args(inf)

    vi = sub.add_parser(
        "violations",
        help="alleged violations of terms, with who alleges and who denies",
        description="List each event alleged to violate a term of a proposal: the term, who "
        "alleges it, the quote and source, and who denies it, if anyone (the "
        "named query alleged-violations).",
    )
    vi.add_argument("--proposal", default=None, metavar="P", help="only this proposal's terms (a name or id)")
    _store_args(vi)

    pa = sub.add_parser(
        "path",
        help="how two things connect, hop by hop, with evidence",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Find the shortest connection between two things named by label, alias, handle or id (case-insensitive)
in the NetworkX projection of the graph, and print it one hop a line with the relation and its evidence
quote. Positions are direct edges from the holder to what it takes a position on.

examples:
  kg path Tokayev Putin
  kg path Tokayev "energy pause" --all --max-hops 4
  kg path Zelenskyy Putin --undirected

exit codes: 0 a path was found, 1 no path, 2 an unknown or ambiguous name""",
    )
    pa.add_argument("a", help="where the path starts")
    pa.add_argument("b", help="where it ends")
    pa.add_argument("--all", action="store_true", help="every simple path, shortest first")
    pa.add_argument("--max-hops", type=int, default=4, metavar="N", help="with --all: longest path (default 4)")
    pa.add_argument("--undirected", action="store_true", help="walk edges in either direction")
    pa.add_argument("--no-quotes", action="store_true", help="leave out the evidence quotes")
    _store_args(pa)

    nb = sub.add_parser(
        "neighbors",
        help="what surrounds a node, within N hops",
        description="List the nodes within N hops of a node (edges in either direction), each "
        "with the relation that reaches it, breadth first.",
    )
    nb.add_argument("x", help="a label, alias, handle or id")
    nb.add_argument("--hops", type=int, default=1, metavar="N", help="how far (default 1)")
    _store_args(nb)

    ex = sub.add_parser(
        "export",
        help="the NetworkX projection as GraphML, GEXF or node-link JSON",
        description="Write the readable NetworkX projection of the built graph (nodes keyed by "
        "IRI with label, kind and literal attributes; positions as stance edges with "
        "their quote) as GraphML or GEXF (Gephi, Cytoscape) or node-link JSON.",
    )
    ex.add_argument("--format", choices=("graphml", "gexf", "json"), default="graphml", help="(default: graphml)")
    ex.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="the file to write (default: ceasefire-kg.FORMAT in the build folder)",
    )
    ex.add_argument(
        "--from",
        dest="build_dir",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="the build folder (default: out)",
    )
    ex.add_argument("--positions-as-nodes", action="store_true", help="keep positions as nodes")
    ex.add_argument("--provenance", action="store_true", help="also the articles, linked from what they support")
    ex.add_argument("--ontology", action="store_true", help="concepts (stances, categories) as nodes")
    ex.add_argument(
        "--kinds",
        default=None,
        metavar="K1,K2",
        help="only these kinds of node: actor, office, place, proposal, term, condition, event, claim",
    )

    pl = sub.add_parser(
        "plot",
        help="draw the graph, a neighbourhood or a proposal as PNG, SVG or PDF",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Draw the NetworkX projection of the built graph: node colour and shape by kind, with a legend; stance
edges coloured (agree and support green, reject red, conditional orange, others grey) and labelled;
parallel edges curved; the same input always gives the same picture; no two labels overlap.

pictures:
  kg plot                                   the whole graph
  kg plot --focus Putin --hops 2            what surrounds a node
  kg plot --proposal "energy pause"         a proposal, its terms, and every stance on it""",
    )
    pl.add_argument("--focus", default=None, metavar="X", help="a node's neighbourhood (a name or id)")
    pl.add_argument("--hops", type=int, default=1, metavar="N", help="with --focus: how far (default 1)")
    pl.add_argument("--proposal", default=None, metavar="P", help="a proposal with its terms and stances")
    _picture_args(pl, "ceasefire-kg[-WHAT].FORMAT")

    tl = sub.add_parser(
        "timeline",
        help="draw what happened when: windows, events, claims, positions",
        description="Draw the proposals' windows as bars (a derived end hatched) and the events, "
        "claims and positions as points on a date axis, imprecise times as ranges, "
        "each labelled with the article's wording; the axis breaks over long gaps. "
        "PNG, SVG or PDF; the same graph always gives the same picture.",
    )
    _picture_args(tl, "ceasefire-kg-timeline.FORMAT")

    sv = sub.add_parser(
        "serve",
        help="serve the graph read-only over SPARQL (Oxigraph) on 127.0.0.1",
        description="Load the built graph into an Oxigraph store and start the Oxigraph SPARQL "
        "1.1 server, read-only, bound to 127.0.0.1. Prints the URL of its query page "
        "(YASGUI) and of the endpoint; Ctrl-C stops it.",
    )
    sv.add_argument("--port", type=int, default=7878, help="the TCP port (default: 7878; 0 picks a free one)")
    sv.add_argument(
        "--store-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to keep the Oxigraph store (default: OUT/oxigraph-serve)",
    )
    _out_arg(sv)
    return parser


def _picture_args(p: argparse.ArgumentParser, default_name: str) -> None:
    p.add_argument(
        "--format", choices=("png", "svg", "pdf"), default=None, help="the image format (default: from --out, else png)"
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"the image to write (default: {default_name} in the build folder)",
    )
    p.add_argument("--title", default=None, help="a title of your own")
    p.add_argument(
        "--from",
        dest="build_dir",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="the build folder (default: out)",
    )


def _picture_target(args: argparse.Namespace, stem: str) -> tuple[str, Path]:
    """(format, file) of a picture: --format, else --out's suffix, else png; --out, else STEM.FORMAT."""
    fmt = args.format or (args.out.suffix.lstrip(".") if args.out and args.out.suffix else "png")
    return fmt, args.out or args.build_dir / f"{stem}.{fmt}"


def _store_args(p: argparse.ArgumentParser) -> None:
    _out_arg(p)
    p.add_argument(
        "--store",
        default=None,
        metavar="memory|oxigraph:DIR",
        help="memory: rdflib, in memory (default); oxigraph:DIR: an Oxigraph store on disk in DIR, "
        "loaded from the build when empty",
    )
    p.add_argument("--endpoint", default=None, metavar="URL", help="query this SPARQL 1.1 endpoint instead")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from kg.errors import KgError

    try:
        return _run(args)
    except KgError as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kg queries | head`: the reader left; say nothing more
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from kg.builder.pipeline import build_to

        build_to(args.paths or None, args.out, progress=None if args.quiet else _progress, jobs=args.jobs)
        return 0
    if args.command == "validate":
        from kg.validate.shacl import validate_dataset

        ds = _load(args)
        report = validate_dataset(ds, engine=args.engine)
        print(report.format())
        return 0 if report.conforms else 1
    if args.command == "stats":
        from kg.query.stats import compute_stats

        st = compute_stats(_load(args))
        print(json.dumps(st.as_dict(), indent=2, ensure_ascii=False) if args.json else st.format())
        return 0
    if args.command == "summary":
        from kg.query.stats import summary

        print(summary(_load(args)))
        return 0
    if args.command == "queries":
        from kg.query.named import named_queries

        for name, nq in named_queries().items():
            print(f"{name:<22} {nq.question}")
            if args.verbose:
                for col, meaning in nq.columns.items():
                    print(f"    ?{col:<12} {meaning}")
                for p in nq.params.values():
                    print(f"    --param {p.name}=... ({p.kind}) {p.help}")
        return 0
    if args.command == "query":
        return _query(args)
    if args.command == "in-force":
        return _in_force(args)
    if args.command == "violations":
        return _violations(args)
    if args.command in ("path", "neighbors"):
        return _connections(args)
    if args.command == "export":
        return _export(args)
    if args.command == "plot":
        return _plot(args)
    if args.command == "timeline":
        return _timeline(args)
    if args.command == "serve":
        from kg.store.serve import free_port, serve

        port = args.port or free_port()
        return serve(args.out, args.store_dir or args.out / "oxigraph-serve", port)
    raise AssertionError(args.command)


def _in_force(args: argparse.Namespace) -> int:
    from kg.query.graph import load

    graph = load(args.out, store=args.store, endpoint=args.endpoint)
    rows = graph.run("in-force", date=args.date)
    if not rows:
        print(f"Nothing in the graph was in force on {args.date}.")
        return 0
    print(f"In force on {args.date}, according to the graph:")
    for row in rows:
        window = f"from {row.begins}" + (f" until {row.ends} (exclusive)" if row.ends is not None else ", no end known")
        if row.kind.toPython() == "proposal":
            print(f"  {graph.label(row.proposal)} — {window}; {row.certainty}")
        else:
            print(f"    term: {graph.label(row.item)}")
    return 0


def _violations(args: argparse.Namespace) -> int:
    from kg.query.graph import load

    graph = load(args.out, store=args.store, endpoint=args.endpoint)
    rows = graph.run("alleged-violations", proposal=args.proposal)
    if not rows:
        print("No alleged violation in the graph" + (f" for {args.proposal}." if args.proposal else "."))
        return 0
    by_claim: dict = {}
    for row in rows:
        by_claim.setdefault(row.claim, []).append(row)
    for claim, group in by_claim.items():
        row = group[0]
        print(f"{graph.label(row.proposal)}")
        if row.term != row.proposal:
            print(f"  term:        {graph.label(row.term)}")
        print(f"  alleged by:  {graph.label(row.claimant)}")
        if row.event is not None:
            print(f"  event:       {graph.label(row.event)}")
        print(f"  evidence:    “{row.quote}”")
        print(f"  source:      {graph.label(row.source)}")
        deniers = sorted({graph.label(r.deniedBy) for r in group if r.deniedBy is not None})
        print(f"  denied by:   {', '.join(deniers) if deniers else 'no one, in the graph'}")
    return 0


def _connections(args: argparse.Namespace) -> int:
    from kg.network.paths import NoPath, describe
    from kg.query.graph import load

    graph = load(args.out, store=args.store, endpoint=args.endpoint)
    G = graph.to_networkx()
    if args.command == "neighbors":
        root = graph.node(args.x, G)
        found = graph.neighbors(args.x, args.hops, G)
        print(
            f"{G.nodes[root]['label']} ({G.nodes[root]['kind']}): {len(found)} node(s) within "
            f"{args.hops} hop{'s' if args.hops != 1 else ''}"
        )
        for depth, hop in found:
            other = hop.object if hop.forward else hop.subject
            print(f"{'  ' * depth}{hop.sentence()}   [{G.nodes[other]['kind']}]")
        return 0
    try:
        paths = graph.path(args.a, args.b, all=args.all, max_hops=args.max_hops, undirected=args.undirected, G=G)
    except NoPath as exc:
        print(f"kg path: {exc}" + ("" if args.undirected else "; try --undirected"), file=sys.stderr)
        return 1
    for hops in paths if args.all else [paths]:
        first, last = hops[0], hops[-1]
        start = first.subject_label if first.forward else first.object_label
        end = last.object_label if last.forward else last.subject_label
        print(f"{start} → {end}: {len(hops)} hop{'s' if len(hops) != 1 else ''}")
        print("\n".join(describe(hops, quotes=not args.no_quotes)))
    return 0


def _plot(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.query.graph import load
    from kg.viz.graph import plot_graph

    if args.focus and args.proposal:
        raise InputError("--focus and --proposal draw different pictures", hint="give one of them")
    graph = load(args.build_dir)
    G = graph.to_networkx()
    focus = graph.node(args.focus, G) if args.focus else None
    proposal = graph.node(args.proposal, G) if args.proposal else None
    what = f"-{(focus or proposal).rsplit('/', 1)[-1]}" if (focus or proposal) else ""
    fmt, target = _picture_target(args, f"ceasefire-kg{what}")
    try:
        written = plot_graph(G, target, fmt=fmt, focus=focus, hops=args.hops, proposal=proposal, title=args.title)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    return 0


def _timeline(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.query.graph import load
    from kg.viz.timeline import plot_timeline

    fmt, target = _picture_target(args, "ceasefire-kg-timeline")
    try:
        written = plot_timeline(load(args.build_dir), target, fmt=fmt, title=args.title)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    print(f"wrote {written}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from kg.network.export import write_network
    from kg.query.graph import load

    graph = load(args.build_dir)
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    G = graph.to_networkx(
        positions_as_nodes=args.positions_as_nodes, provenance=args.provenance, ontology=args.ontology, kinds=kinds
    )
    target = args.out or args.build_dir / f"ceasefire-kg.{args.format}"
    write_network(G, target, args.format)
    print(f"wrote {target}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges ({args.format})")
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.query.graph import load
    from kg.query.named import get_query, parse_query_file
    from kg.query.results import render

    named = None
    if args.query == "-":
        text, source = sys.stdin.read(), "<stdin>"
    elif args.query.endswith(".rq") or "/" in args.query:
        path = Path(args.query)
        if not path.exists():
            raise InputError("no such query file", file=args.query, hint="pass a .rq file or a named query")
        named = parse_query_file(path)
        text, source = named.text, args.query
    else:
        named = get_query(args.query)
        text, source = named.text, str(named.path)
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError(f"--param '{item}' is not NAME=VALUE", hint="write e.g. --param holder=Putin")
        params[name.lstrip("?$")] = value
    graph = load(args.out, store=args.store, endpoint=args.endpoint)
    result = graph.select(text, params, named if named is not None and named.params else None, source=source)
    sys.stdout.write(render(result, args.format, graph.store) + ("\n" if args.format == "table" else ""))
    return 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load(args: argparse.Namespace):
    from kg.store.files import load_dataset

    file = getattr(args, "file", None)
    if file is not None:
        from rdflib import Dataset

        from kg.errors import InputError

        if not file.exists():
            raise InputError("no such file", file=str(file), hint="pass a TriG file written by `kg build`")
        ds = Dataset(default_union=True)
        try:
            ds.parse(file, format="trig")
        except Exception as exc:
            raise InputError(f"not a readable TriG file: {exc}", file=str(file)) from None
        return ds
    return load_dataset(args.out)


if __name__ == "__main__":
    sys.exit(main())
