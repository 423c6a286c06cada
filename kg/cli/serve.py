"""``kg serve``: the graph behind the real Oxigraph SPARQL server, read-only, on 127.0.0.1."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.options import add_from


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        help="where to keep the Oxigraph store (default: oxigraph-serve/ in the build folder)",
    )
    add_from(sv)
    sv.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from kg.store.serve import free_port, serve

    port = args.port or free_port()
    return serve(args.build_dir, args.store_dir or args.build_dir / "oxigraph-serve", port)
