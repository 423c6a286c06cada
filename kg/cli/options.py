"""Options that several commands share, spelled one way everywhere.

* ``--from DIR``: the build folder a command reads (default ``out``);
* ``--out``: what a command writes: the build folder of ``kg build``, the file of ``kg plot``, ``kg timeline`` and
  ``kg export``;
* ``--store`` / ``--endpoint``: where the queries run.

Before 0.2 the commands that only read a build took it as ``--out DIR``; that spelling still works there, with a
deprecation message on standard error (:class:`DeprecatedOut`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.query.graph import KnowledgeGraph

DEFAULT_BUILD = Path("out")


class DeprecatedOut(argparse.Action):
    """``--out DIR`` on a command that reads a build: taken as ``--from DIR``, with a deprecation message."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        namespace.build_dir = values
        namespace.deprecations = [
            *getattr(namespace, "deprecations", []),
            f"{option_string} DIR for the build folder to read is deprecated and will be removed; "
            f"write --from {values}",
        ]


def add_from(p: argparse.ArgumentParser, *, deprecated_out: bool = True) -> None:
    """``--from DIR``, the build folder to read; with ``deprecated_out`` the old ``--out DIR`` too (hidden)."""
    p.add_argument(
        "--from",
        dest="build_dir",
        type=Path,
        default=DEFAULT_BUILD,
        metavar="DIR",
        help=f"the build folder to read, written by `kg build` (default: {DEFAULT_BUILD})",
    )
    if deprecated_out:
        p.add_argument("--out", type=Path, action=DeprecatedOut, help=argparse.SUPPRESS)


def add_store(p: argparse.ArgumentParser, *, with_from: bool = True) -> None:
    """``--from``, ``--store`` and ``--endpoint``: where the graph a command asks is (``with_from=False``: a
    command that has its ``--from`` already, a picture's)."""
    if with_from:
        add_from(p)
    p.add_argument(
        "--store",
        default=None,
        metavar="memory|oxigraph:DIR",
        help="memory: rdflib, in memory; oxigraph:DIR: an Oxigraph store on disk in DIR, loaded from the build "
        "when empty; without --store: in memory, the named queries answered by Oxigraph and any other by "
        "rdflib, the answers of memory, faster to start",
    )
    p.add_argument("--endpoint", default=None, metavar="URL", help="query this SPARQL 1.1 endpoint instead")
    p.add_argument(
        "--rebuild-store",
        action="store_true",
        help="with --store oxigraph:DIR: delete the store's files in DIR and load them again from the build "
        "(the way out of a damaged store)",
    )
    p.add_argument(
        "--store-wait",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help="with --store oxigraph:DIR: how long to wait for another process that holds the store before "
        "giving up (default: 10)",
    )


def seconds(text: str) -> float:
    """An option's number of seconds, 0 or more (``--timeout``, ``--store-wait``)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r} (0 or more)")
    return value


def add_picture(p: argparse.ArgumentParser, default_name: str) -> None:
    """The options of a picture: ``--out FILE``, ``--format``, ``--title`` and ``--from DIR``."""
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"the image to write (default: {default_name} in the build folder)",
    )
    p.add_argument(
        "--format", choices=("png", "svg", "pdf"), default=None, help="the image format (default: from --out, else png)"
    )
    p.add_argument("--title", default=None, help="a title of your own")
    add_from(p, deprecated_out=False)


def picture_target(args: argparse.Namespace, stem: str) -> tuple[str, Path]:
    """(format, file) of a picture: --format, else --out's suffix, else png; --out, else STEM.FORMAT.

    >>> ns = argparse.Namespace(format=None, out=None, build_dir=Path("out"))
    >>> picture_target(ns, "ceasefire-kg")
    ('png', PosixPath('out/ceasefire-kg.png'))
    >>> picture_target(argparse.Namespace(format=None, out=Path("g.svg"), build_dir=Path("out")), "x")
    ('svg', PosixPath('g.svg'))
    """
    fmt = args.format or (args.out.suffix.lstrip(".") if args.out and args.out.suffix else "png")
    return fmt, args.out or args.build_dir / f"{stem}.{fmt}"


def check_out(args: argparse.Namespace) -> None:
    """``--out FILE``, before anything is loaded: a file in a folder that exists (only the file is made)."""
    if args.out is not None:
        from kg.resources import output_file

        output_file(args.out)


def load_graph(args: argparse.Namespace) -> KnowledgeGraph:
    """The :class:`~kg.query.graph.KnowledgeGraph` the options name (``--from``, ``--store``, ``--endpoint``)."""
    from kg.query.graph import KnowledgeGraph, load

    store, endpoint = getattr(args, "store", None), getattr(args, "endpoint", None)
    rebuild, wait = getattr(args, "rebuild_store", False), getattr(args, "store_wait", None)
    if rebuild or (store or "").startswith("oxigraph:"):
        from kg.store.factory import DEFAULT_WAIT, open_store

        def say(message: str) -> None:
            print(f"kg {args.command}: {message}", file=sys.stderr, flush=True)

        opened = open_store(
            args.build_dir,
            store,
            endpoint,
            rebuild=rebuild,
            wait=DEFAULT_WAIT if wait is None else wait,
            say=say,
            purpose=f"kg {args.command}",
        )
        graph = KnowledgeGraph(opened)
    else:
        graph = load(args.build_dir, store=store, endpoint=endpoint)
    if getattr(args, "timeout", None) is not None:  # --timeout (0: no limit)
        graph.timeout = args.timeout or None
    return graph
