"""``kg push``: publish a build to a triple store (:func:`kg.store.push.push`); this module only reads the command
line and draws the progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from kg.cli.options import add_from, seconds

PUSH_DESCRIPTION = """\
Publish a build (the folder `kg build` writes, default out/) to a triple store, and keep it current: each
named graph of the build (the ontology's, one per article, one of each article's derived statements, the
disagreements between sources) replaced in the store as a whole, and only those whose content changed
since the last push.

What changed is told by a content hash (SHA-256 of the graph's N-Quads lines, sorted) that each pushed
graph carries in the store itself, as one more triple <graph> schema:sha256 "hex", sent with the graph
in the same request: a push from another machine knows it too, and a push that broke off half way is
resumed by running it again (nothing is pushed twice). Graphs an earlier push wrote that are no longer in
the build are removed (--keep-removed keeps them); graphs without the hash are never touched.

the URLs to give:
  --query URL        the store's SPARQL query endpoint, where the hashes are read back (always)
  --graph-store URL  its SPARQL 1.1 Graph Store HTTP Protocol endpoint: each graph sent with PUT ?graph=IRI
  --update URL       or, for a store with SPARQL 1.1 Update only, its update endpoint: each graph sent as
                     DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } } in one request

examples:
  Oxigraph (a writable server; --union-default-graph lets `kg query --endpoint` see the named graphs):
    oxigraph serve --location store --bind 127.0.0.1:7878 --union-default-graph
    kg push --graph-store http://127.0.0.1:7878/store --query http://127.0.0.1:7878/query
    kg query positions --endpoint http://127.0.0.1:7878/query
  Virtuoso (HTTP Digest authentication; the user dba, or one with the SPARQL_UPDATE role):
    export KG_PUSH_USER=dba KG_PUSH_PASSWORD=...
    kg push --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth --query http://127.0.0.1:8890/sparql
  SPARQL Update only:
    kg push --update http://127.0.0.1:7878/update --query http://127.0.0.1:7878/query

credentials (HTTP Basic or Digest, sent only when the store asks for them), first found wins:
  KG_PUSH_USER and KG_PUSH_PASSWORD in the environment; else the line of the store's host in a netrc file
  (the file NETRC names, else ~/.netrc): machine 127.0.0.1 login dba password ...
  Never on the command line: a URL with user:password@ is refused.

A large build loads faster with the store's bulk loader: `kg push --write-hashes FILE` writes the
hash triples of the build's graphs as N-Quads (it sends nothing); load FILE with the build
(ceasefire-kg.nq), and the next kg push sends only what changed.

A store that refuses a graph (HTTP 4xx/5xx) or goes away ends the push with a message naming the graph,
the store's answer, what to do, what was pushed before it and how many are left; run the same command
again to resume.
Exit 0 pushed (or nothing to push), 2 bad input, or the store refused or could not be reached."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "push",
        help="publish a build to a triple store (Graph Store Protocol or SPARQL Update), only what changed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=PUSH_DESCRIPTION,
    )
    add_from(p, deprecated_out=False)
    p.add_argument("--query", metavar="URL", help="the store's SPARQL query endpoint")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--graph-store", metavar="URL", help="the store's Graph Store HTTP Protocol endpoint (PUT ?graph=IRI)"
    )
    where.add_argument("--update", metavar="URL", help="the store's SPARQL 1.1 Update endpoint")
    p.add_argument(
        "--dry-run", action="store_true", help="read the hashes from the store, send nothing: say what would be pushed"
    )
    p.add_argument(
        "--keep-removed",
        action="store_true",
        help="keep the graphs an earlier push wrote that are no longer in the build (default: remove them)",
    )
    p.add_argument(
        "--timeout",
        type=seconds,
        default=60.0,
        metavar="SECONDS",
        help="wait at most this long for the store's answer to one request (default: 60)",
    )
    p.add_argument(
        "--write-hashes",
        type=Path,
        metavar="FILE",
        help="send nothing: write the hash triples of the build's graphs as N-Quads to FILE, to be loaded with "
        "the build by the store's bulk loader (then the next kg push sends only what changed)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar; only the summary and errors")
    p.set_defaults(func=run_push)


class ProgressBar:
    """A progress bar on standard error: redrawn in place on a terminal, else a line at each tenth."""

    WIDTH = 30

    def __init__(self, stream: TextIO | None = None) -> None:
        stream = stream or sys.stderr  # the one of the moment (a caller may have redirected it)
        self.stream, self.start, self.last_tenth = stream, time.perf_counter(), -1
        self.tty = stream.isatty()
        self.drawn = False
        self.drawn_at = -1.0

    def __call__(self, done: int, total: int, sent: int) -> None:
        if total == 0:
            return
        elapsed = time.perf_counter() - self.start
        text = f"{done}/{total} graphs, {sent / 2**20:.1f} MiB, {elapsed:.1f} s"
        if self.tty:
            if done not in (0, total) and elapsed - self.drawn_at < 0.1:  # at most ten redraws a second
                return
            self.drawn_at = elapsed
            full = self.WIDTH * done // total
            bar = "#" * full + "." * (self.WIDTH - full)
            self.stream.write(f"\rpushing [{bar}] {text}" + ("\n" if done == total else ""))
            self.drawn = done != total
        else:
            tenth = 10 * done // total
            if tenth == self.last_tenth:
                return
            self.last_tenth = tenth
            self.stream.write(f"pushing: {text}\n")
        self.stream.flush()

    def close(self) -> None:
        """End a bar left in place (a push that failed half way), so that the message starts on its own line."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def run_push(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.store.push import push, write_hashes

    if args.write_hashes is not None:
        if args.query or args.graph_store or args.update or args.dry_run or args.keep_removed:
            raise InputError("--write-hashes sends nothing: give it without --query, --graph-store, --update")
        count = write_hashes(args.build_dir, args.write_hashes)
        print(f"wrote the hashes of {count} graphs to {args.write_hashes}: load it with the build")
        return 0
    if not args.query or not (args.graph_store or args.update):
        missing = "--query URL" if not args.query else "--graph-store URL or --update URL"
        raise InputError(
            f"missing {missing}: kg push needs the store's query endpoint and its Graph Store (or update) endpoint",
            hint="Oxigraph: --graph-store http://HOST:PORT/store --query http://HOST:PORT/query; Virtuoso: "
            "--graph-store http://HOST:PORT/sparql-graph-crud-auth --query http://HOST:PORT/sparql "
            "(kg push --help)",
        )

    bar = None if args.quiet or args.dry_run else ProgressBar()
    try:
        summary = push(
            args.build_dir,
            args.query,
            graph_store=args.graph_store,
            update=args.update,
            dry_run=args.dry_run,
            keep_removed=args.keep_removed,
            timeout=args.timeout,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    print(summary.format())
    return 0
