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

exit codes: 0 success, 1 SHACL violations, 2 usage or input error"""


def _out_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                   help="the output folder of `kg build` (default: out)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the graph from annotation files, validate it, write it",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description="""\
Build the RDF dataset from annotation files and their articles, validate it with SHACL, report the
sentences no statement cites, and write it to the output folder:
  ceasefire-kg.trig    TriG: the ontology, one named graph per article, one of derived statements each
  ceasefire-kg.nq      the same as N-Quads
  ceasefire-kg.jsonld  the same as JSON-LD
  ceasefire-kg.ttl     all graphs merged, as Turtle
  ceasefire-kg.nt      all graphs merged, as N-Triples
  build-report.json    per article: records, evidence spans, uncited sentences; validation; counts
Files are replaced only when the whole build succeeded: a failed build leaves the last good outputs.
Exit 0 built, 1 SHACL violations (nothing written), 2 bad input (nothing written).""")
    b.add_argument("paths", nargs="*", type=Path, metavar="FILE_OR_DIR",
                   help="annotation files (*.yaml) or folders of them (default: seeds/)")
    _out_arg(b)
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    v = sub.add_parser("validate", help="check a built graph against the SHACL shapes",
                       description="Validate the built graph (out/ceasefire-kg.trig, or FILE) against "
                                   "ontology/shapes.ttl and print each violation with the node's label and "
                                   "id, the property path, the message, and the annotation file and line the "
                                   "node came from. Exit 0 valid, 1 violations, 2 usage or input error.")
    v.add_argument("file", nargs="?", type=Path, help="a TriG file to validate instead of the built graph")
    _out_arg(v)

    s = sub.add_parser("stats", help="counts by class, statements, articles, evidence spans, coverage",
                       description="Count what the built graph holds: nodes by kind and class, asserted, "
                                   "derived and ontology statements, articles, evidence spans, and the share "
                                   "of sentences that some statement cites.")
    _out_arg(s)
    s.add_argument("--json", action="store_true", help="print JSON instead of text")

    m = sub.add_parser("summary", help="the proposals with their terms, and the positions",
                       description="A short summary of the built graph: counts by kind, each proposal with "
                                   "its terms, and every position (who, which stance, on what, under which "
                                   "condition).")
    _out_arg(m)
    return parser


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


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from kg.pipeline import build_to
        build_to(args.paths or None, args.out, progress=None if args.quiet else _progress)
        return 0
    if args.command == "validate":
        from kg.validate import validate_dataset
        ds = _load(args)
        report = validate_dataset(ds)
        print(report.format())
        return 0 if report.conforms else 1
    if args.command == "stats":
        from kg.stats import compute_stats
        st = compute_stats(_load(args))
        print(json.dumps(st.as_dict(), indent=2, ensure_ascii=False) if args.json else st.format())
        return 0
    if args.command == "summary":
        from kg.stats import summary
        print(summary(_load(args)))
        return 0
    raise AssertionError(args.command)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load(args: argparse.Namespace):
    from kg.output import load_dataset
    file = getattr(args, "file", None)
    if file is not None:
        from rdflib import Dataset
        from kg.errors import InputError
        if not file.exists():
            raise InputError("no such file", file=str(file), hint="pass a TriG file written by `kg build`")
        ds = Dataset(default_union=True)
        try:
            ds.parse(file, format="trig")
        except Exception as exc:  # noqa: BLE001 - any parser error is the user's input
            raise InputError(f"not a readable TriG file: {exc}", file=str(file)) from None
        return ds
    return load_dataset(args.out)


if __name__ == "__main__":
    sys.exit(main())
