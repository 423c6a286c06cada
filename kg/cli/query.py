"""``kg queries``, ``kg query``, ``kg in-force``, ``kg violations`` and ``kg disagreements``: asking the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cli import formatting
from kg.cli.options import add_store, load_graph, seconds

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.query.graph import KnowledgeGraph, ParamValue
    from kg.store.base import Result

QUERY_DESCRIPTION = """\
Run a SPARQL query against the built graph: a named query (see `kg queries`), a .rq file,
or - to read the query from standard input. The union of the named graphs is the default graph, and
the project's prefixes (cfo:, cfid:, oa:, time:, skos:, schema:, ...) are declared unless the query
declares its own. A SELECT prints rows (--format table, csv, tsv or json); an ASK prints true or
false (json: SPARQL 1.1 JSON); a CONSTRUCT or DESCRIBE prints a graph (--format turtle, the default,
nt or jsonld).

Limits: a query is stopped after --timeout seconds (default: 10), and at most --limit rows (or
triples) are printed (default: 1000). A query that calls a remote service (SERVICE <url>) is refused
unless --allow-service is given: it would make this machine fetch whatever the URL names.

Params bind variables as RDF terms, never as query text: --param holder=Putin binds ?holder. For a
named query's IRI params, a label, alias, handle or id names the node (case-insensitive).

examples:
  kg query positions --param holder=Putin
  kg query proposal-terms --param proposal="energy pause" --format csv
  echo 'SELECT ?p WHERE { ?p a cfo:Proposal }' | kg query - --format json
  echo 'ASK { ?p cfo:handle "@TokayevKZ" }' | kg query -
  echo 'DESCRIBE ?x WHERE { ?x cfo:handle "@TokayevKZ" }' | kg query - --format nt
  kg query positions --from out --store oxigraph:out/oxigraph
  kg query positions --endpoint http://127.0.0.1:7878/query"""


#: rows `kg query` prints unless told otherwise (--limit)
DEFAULT_LIMIT = 1000
#: seconds a query may take unless told otherwise (--timeout): the API's (kg.store.timelimit.DEFAULT_TIMEOUT; a test keeps
#: them equal, as importing kg.store here would slow `kg --help`)
DEFAULT_TIMEOUT = 10.0


def add_timeout(parser: argparse.ArgumentParser) -> None:
    """``--timeout SECONDS``: how long the command's query may take (a large corpus may need more than the
    default); :func:`kg.cli.options.load_graph` gives it to the graph."""
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the query after SECONDS and say so (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )


def _row_limit(text: str) -> int:
    """``--limit``: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of rows: {text!r} (0 prints every row)")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    qs = sub.add_parser(
        "queries",
        help="list the named queries with their questions",
        description="List the named competency questions of ontology/queries/: name, question, columns and params.",
    )
    qs.add_argument("-v", "--verbose", action="store_true", help="also list each query's columns and params")
    qs.set_defaults(func=run_queries)

    q = sub.add_parser(
        "query",
        help="run a named query, a .rq file or a query from stdin",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=QUERY_DESCRIPTION,
    )
    q.add_argument("query", metavar="NAME|FILE|-", help="a named query, a .rq file, or - for stdin")
    q.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "turtle", "nt", "jsonld"),
        default=None,
        help="for a SELECT: table for people (labels instead of IRIs, long cells cut; the default), or csv, tsv "
        "or json, the SPARQL 1.1 results formats, values whole; for an ASK: json, or true/false by default; for "
        "a CONSTRUCT or DESCRIBE: turtle (the default), nt (N-Triples, sorted) or jsonld",
    )
    q.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="bind ?NAME to VALUE (repeatable)"
    )
    q.add_argument(
        "--limit",
        type=_row_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"print at most N rows (or triples), and say so on standard error when there were more (default: "
        f"{DEFAULT_LIMIT}; 0: every row)",
    )
    add_timeout(q)
    q.add_argument(
        "--allow-service",
        action="store_true",
        help="let the query call remote SPARQL services (SERVICE <url>): refused by default, as it makes this "
        "machine fetch whatever URL the query names",
    )
    add_store(q)
    q.set_defaults(func=run_query)

    inf = sub.add_parser(
        "in-force",
        help="which proposals and terms were in force on a date or at an instant",
        description="List the proposals and terms in force on DATE according to the graph: "
        "a proposal from the day it takes effect until the day before its end (a "
        "30-day pause from 18 March is in force until 16 April; an end marked inclusive, "
        "through its day); its terms with it. 'In force' only for what was declared, or "
        "accepted by every party it binds; listed apart: what was in force according to one "
        "side only (rejected by a party, or not accepted by one it binds), what was proposed "
        "and accepted by no one, what had collapsed. An imprecise beginning or end makes the "
        "answer 'possibly' rather than 'certain', with the reason (the query's certainty column "
        "says 'possible'). DATE may be an instant "
        "with its UTC offset (2025-04-19T17:15+03:00): a bound known to the day only is "
        "then uncertain that day. For a day, the same rows as "
        "`kg query in-force --param date=DATE`.",
    )
    inf.add_argument("date", help="the day, as YYYY-MM-DD, or an instant, as YYYY-MM-DDTHH:MM+03:00 (or Z)")
    add_timeout(inf)
    add_store(inf)
    inf.set_defaults(func=run_in_force)

    vi = sub.add_parser(
        "violations",
        help="alleged violations of terms, with who alleges and who denies",
        description="List each event alleged to violate a term of a proposal: the term, who "
        "alleges it, the quote and source, and who denies it, if anyone (the "
        "named query alleged-violations).",
    )
    vi.add_argument("--proposal", default=None, metavar="P", help="only this proposal's terms (a name or id)")
    add_timeout(vi)
    add_store(vi)
    vi.set_defaults(func=run_violations)

    di = sub.add_parser(
        "disagreements",
        help="where the sources disagree: each value with the sources that state it (quote, outlet, date)",
        description="List where two articles give different values for the same thing: a label, the time of an "
        "event, a proposal's dates (declared, begins, ends, duration), its terms (missing, numbered or worded "
        "differently), who proposed it, where and when, an actor's stance on a target (a change over time or a "
        "contradiction) and the condition of a position. Each value once, with every source that states it, then "
        "the values that disagree, each pair once. `kg build` compares the sources once and writes what it finds "
        "into the graph cfid:graph/disagreements, which this reads. The same "
        "as `kg query disagreements`; the kinds are the scheme of ontology/disagreements.ttl.",
    )
    di.add_argument("--proposal", default=None, metavar="P", help="only this proposal (a name or id)")
    di.add_argument("--kind", default=None, metavar="K", help="only this kind, e.g. stance or term-ordinal")
    add_timeout(di)
    add_store(di)
    di.set_defaults(func=run_disagreements)


def run_queries(args: argparse.Namespace) -> int:
    from kg.query.named import named_queries

    print("\n".join(formatting.queries_listing(named_queries(), verbose=args.verbose)))
    return 0


def _params(items: list[str]) -> dict[str, ParamValue]:
    from kg.errors import InputError

    params: dict[str, ParamValue] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError(f"--param '{item}' is not NAME=VALUE", hint="write e.g. --param holder=Putin")
        params[name.lstrip("?$")] = value
    return params


def run_query(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.query.named import get_query, parse_query_file
    from kg.store.base import Result

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
    params = _params(args.param)
    graph = load_graph(args)
    graph.store.allow_service = args.allow_service
    answer = graph.answer(text, params, named, source=source)
    if isinstance(answer, Result):
        _print_rows(answer, args, graph)
    elif isinstance(answer, bool):
        _print_boolean(answer, args)
    else:
        _print_graph(answer, args)
    return 0


def _wrong_format(what: str, fmt: str, formats: str) -> Exception:
    from kg.errors import InputError

    return InputError(f"--format {fmt} does not fit {what}", hint=f"use --format {formats}")


def _print_rows(result: Result, args: argparse.Namespace, graph: KnowledgeGraph) -> None:
    from kg.query.results import render
    from kg.store.base import Result

    fmt = args.format or "table"
    if fmt not in ("table", "csv", "tsv", "json"):
        raise _wrong_format("a SELECT query, which answers with rows", fmt, "table, csv, tsv or json")
    if args.limit and len(result.rows) > args.limit:
        print(
            f"kg query: showing the first {args.limit} of {len(result.rows)} rows; --limit N shows more, "
            "--limit 0 every row",
            file=sys.stderr,
        )
        result = Result(result.vars, result.rows[: args.limit])
    sys.stdout.write(render(result, fmt, graph.store) + ("\n" if fmt == "table" else ""))


def _print_boolean(answer: bool, args: argparse.Namespace) -> None:
    from kg.query.results import render_boolean

    fmt = args.format or "table"
    if fmt not in ("table", "json"):
        raise _wrong_format("an ASK query, which answers true or false", fmt, "json, or none for true/false")
    sys.stdout.write(render_boolean(answer, fmt))


def _print_graph(graph: Graph, args: argparse.Namespace) -> None:
    from rdflib import Graph

    from kg.query.results import render_graph, sorted_triples

    fmt = args.format or "turtle"
    if fmt not in ("turtle", "nt", "jsonld"):
        raise _wrong_format("a CONSTRUCT or DESCRIBE query, which answers with a graph", fmt, "turtle, nt or jsonld")
    if args.limit and len(graph) > args.limit:
        print(
            f"kg query: showing the first {args.limit} of {len(graph)} triples (in N-Triples order); --limit N "
            "shows more, --limit 0 every triple",
            file=sys.stderr,
        )
        kept = Graph()
        for triple in sorted_triples(graph)[: args.limit]:
            kept.add(triple)
        graph = kept
    sys.stdout.write(render_graph(graph, fmt))


def run_in_force(args: argparse.Namespace) -> int:
    from kg.query.in_force import in_force, parse_when

    when = parse_when(args.date)  # before loading the graph
    graph = load_graph(args)
    print("\n".join(formatting.in_force_report(graph, args.date, in_force(graph, when))))
    return 0


def run_violations(args: argparse.Namespace) -> int:
    graph = load_graph(args)
    from kg.query.in_force import place_event, windows

    rows = graph.run("alleged-violations", proposal=args.proposal)
    places = {}
    if any(row.eventEarliest is not None for row in rows):
        known = windows(graph, args.proposal)
        for row in rows:
            if row.eventEarliest is not None and row.claim not in places and row.proposal in known:
                place = place_event(
                    known[row.proposal], row.eventEarliest, row.eventLatest, row.eventAt, row.eventAtLatest
                )
                if place is not None:
                    places[row.claim] = place
    print("\n".join(formatting.violations_report(graph, rows, args.proposal, places)))
    return 0


def run_disagreements(args: argparse.Namespace) -> int:
    from kg.query.graph import check_disagreement_kind

    check_disagreement_kind(args.kind)  # before loading the graph
    graph = load_graph(args)
    rows = graph.run("disagreements", proposal=args.proposal, kind=args.kind)
    print("\n".join(formatting.disagreements_report(graph, rows, args.proposal, args.kind)))
    return 0
