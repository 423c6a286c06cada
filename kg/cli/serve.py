"""``kg serve``: the graph behind the real Oxigraph SPARQL server, read-only, on 127.0.0.1."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.options import add_from

#: as kg.store.serve.DEFAULT_TIMEOUT (not imported: `kg --help` stays light)
DEFAULT_TIMEOUT = 10


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of seconds") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 second, not {value}")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sv = sub.add_parser(
        "serve",
        help="serve the graph read-only over SPARQL (Oxigraph) on 127.0.0.1",
        description="Load the built graph into an Oxigraph store (unless it holds this build already) and start "
        "the Oxigraph SPARQL 1.1 server, read-only, bound to 127.0.0.1, behind a front that answers only for "
        "this server's own addresses (not for another site's pages: Host, Origin) and refuses SERVICE queries. "
        "Prints the URL of its query page (YASGUI) and of the endpoint; Ctrl-C stops it. The server's log is "
        "DIR.log beside the store folder DIR (rotated: 1 MB, 3 old ones kept).",
    )
    sv.add_argument("--port", type=int, default=7878, help="the TCP port (default: 7878; 0 picks a free one)")
    sv.add_argument(
        "--store-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to keep the Oxigraph store (default: oxigraph-serve/ in the build folder; "
        "its log: oxigraph-serve.log beside it)",
    )
    sv.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query that runs longer, with an error (default: {DEFAULT_TIMEOUT})",
    )
    sv.add_argument(
        "--allow-service",
        action="store_true",
        help="run queries that call remote SPARQL services (SERVICE): the server then fetches whatever URL a "
        "query names (refused by default)",
    )
    sv.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests for NAME (a Host header, or an Origin, of NAME or NAME:PORT), as a reverse "
        "proxy in front of it sends them; repeat for several names",
    )
    add_from(sv)
    sv.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from kg.store.serve import serve

    if not 0 <= args.port <= 65535:
        from kg.errors import InputError

        raise InputError(f"--port {args.port} is not a TCP port", hint="use a number from 1 to 65535 (0: a free one)")
    return serve(
        args.build_dir,
        args.store_dir or args.build_dir / "oxigraph-serve",
        args.port,
        timeout=args.timeout,
        allow_service=args.allow_service,
        allow_hosts=args.allow_host,
    )
