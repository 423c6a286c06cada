"""``kg build``, ``kg validate``, ``kg stats`` and ``kg summary``: making the graph and checking what it holds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cli.options import DEFAULT_BUILD, add_from

if TYPE_CHECKING:
    from rdflib import Dataset

BUILD_DESCRIPTION = """\
Build the RDF dataset from annotation files and their articles, validate it with SHACL, report the
sentences no statement cites, and write it to the output folder:
  ceasefire-kg.trig    TriG: the ontology, one named graph per article, one of derived statements each
  ceasefire-kg.nq      the same as N-Quads
  ceasefire-kg.jsonld  the same as JSON-LD
  ceasefire-kg.ttl     all graphs merged, as Turtle
  ceasefire-kg.nt      all graphs merged, as N-Triples
  build-report.json    per article: records, evidence spans, uncited sentences; validation; counts
  manifest.json        the set: each file's size and SHA-256, the build time, the kg version
Files are replaced only when the whole build succeeded, as one set: a failed build leaves the last good
outputs, and a build killed while it replaces them is completed by the next build or reader.
A record still marked 'draft:' (written by `kg draft`, not yet reviewed) is refused, each named with its
file, line and rule: review it, then delete its 'draft:' line to accept it (or delete the record), or
build with --accept-drafts to take the drafts as they are.
With --cluster, the articles are built on the workers of a Dask cluster; reading the files, comparing,
validating and writing stay on this machine, and the outputs are the same bytes.
Exit 0 built, 1 SHACL violations (nothing written), 2 bad input or drafts, or a Dask cluster that does
not answer (nothing written)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser(
        "build",
        help="build the graph from annotation files, validate it, write it",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=BUILD_DESCRIPTION,
    )
    b.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="FILE_OR_DIR",
        help="annotation files (*.yaml) or folders of them (default: seeds/)",
    )
    b.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_BUILD,
        metavar="DIR",
        help=f"the folder to write the build to (default: {DEFAULT_BUILD})",
    )
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
    b.add_argument(
        "--max-article-mb",
        type=_megabytes,
        default=None,
        metavar="N",
        help="refuse an article text larger than N MB (default: 5): a larger file is more likely a mistake than "
        "one news article, and would be read into memory whole",
    )
    b.add_argument(
        "--accept-drafts",
        action="store_true",
        help="build the records still marked 'draft:' (written by `kg draft`) as they are, unreviewed: the "
        "build says how many it took, and the graph marks each one's node with the rule that drafted it "
        "(cfo:draftRule, cfo:draftConfidence); without it, such records are an error",
    )
    b.add_argument(
        "--cluster",
        metavar="ADDRESS_OR_FILE",
        default=None,
        help="build the articles on the workers of a Dask cluster: its scheduler's address (tcp://HOST:PORT) or "
        "scheduler file (JSON, from `dask scheduler --scheduler-file FILE`). This machine reads the files and "
        "sends them (the workers need not see them), then compares the sources, validates and writes here; "
        "the outputs are the same bytes as a local build's. The workers need the same ceasefire-kg; Dask is "
        "an extra: pip install 'ceasefire-kg[cluster]'",
    )
    b.add_argument(
        "--cluster-timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="with --cluster: how long to wait for the scheduler to answer and a worker to join (default: 30)",
    )
    b.set_defaults(func=run_build)

    v = sub.add_parser(
        "validate",
        help="check a built graph against the SHACL shapes",
        description="Validate the built graph (ceasefire-kg.nq of the build folder, or FILE) against "
        "the SHACL shapes (ontology/shapes.ttl) and print each violation with the node's label and "
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
    add_from(v)
    v.set_defaults(func=run_validate)

    s = sub.add_parser(
        "stats",
        help="counts by class, statements, articles, evidence spans, coverage",
        description="Count what the built graph holds: nodes by kind and class, asserted, "
        "derived and ontology statements, articles, evidence spans, and the share "
        "of sentences that some statement cites.",
    )
    add_from(s)
    s.add_argument("--json", action="store_true", help="print JSON instead of text")
    s.set_defaults(func=run_stats)

    m = sub.add_parser(
        "summary",
        help="the proposals with their terms, and the positions",
        description="A short summary of the built graph: counts by kind, each proposal with "
        "its terms, and every position (who, which stance, on what, under which "
        "condition).",
    )
    add_from(m)
    m.set_defaults(func=run_summary)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _positive(text: str, what: str) -> float:
    """A positive, finite number, or the message argparse shows: ``not {what}: 'text'``."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"not {what}: {text!r}")
    return value


def _megabytes(text: str) -> int:
    """``--max-article-mb``: a positive number of megabytes, as bytes."""
    return int(_positive(text, "a size in MB") * 2**20)


def _seconds(text: str) -> float:
    """``--cluster-timeout``: a positive number of seconds."""
    return _positive(text, "a number of seconds")


def _quiet_dask() -> None:
    """Dask's own log lines (a lost scheduler's traceback) would come before kg's message, which says it: only
    kg's, on the command line (a program that calls ``kg.build_to`` keeps Dask's logging as it set it)."""
    import logging

    try:
        import distributed  # noqa: F401 - it sets its loggers' levels when imported
    except ImportError:
        return  # kg.builder.cluster says how to install it
    for name in [n for n in logging.root.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def run_build(args: argparse.Namespace) -> int:
    from kg.builder.pipeline import build_to

    if args.cluster is not None:
        _quiet_dask()
    build_to(
        args.paths or None,
        args.out,
        progress=None if args.quiet else _progress,
        jobs=args.jobs,
        max_article_bytes=args.max_article_mb,
        accept_drafts=args.accept_drafts,
        cluster=args.cluster,
        cluster_timeout=args.cluster_timeout,
    )
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from kg.validate.shacl import validate_dataset

    report = validate_dataset(_dataset(args), engine=args.engine)
    print(report.format())
    return 0 if report.conforms else 1


def run_stats(args: argparse.Namespace) -> int:
    from kg.query.stats import compute_stats

    st = compute_stats(_dataset(args))
    print(json.dumps(st.as_dict(), indent=2, ensure_ascii=False) if args.json else st.format())
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from kg.query.stats import summary

    print(summary(_dataset(args)))
    return 0


def _dataset(args: argparse.Namespace) -> Dataset:
    """The dataset to report on: FILE (``kg validate FILE``) or the build in ``--from``."""
    from kg.store.files import load_dataset

    file = getattr(args, "file", None)
    if file is None:
        return load_dataset(args.build_dir)
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
