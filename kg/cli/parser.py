"""The ``kg`` command line: its description, and one sub-command parser a command, each registered by the
module of its group (:mod:`~kg.cli.build`, :mod:`~kg.cli.draft`, :mod:`~kg.cli.query`, :mod:`~kg.cli.network`,
:mod:`~kg.cli.pictures`, :mod:`~kg.cli.serve`) with the function that runs it (``set_defaults(func=...)``).
"""

from __future__ import annotations

import argparse

DESCRIPTION = """\
Build and explore a provenance-first knowledge graph of ceasefire proposals, their terms and the
positions actors take on them, from annotated news articles. Every asserted fact points to the exact
quote in its source.

typical use:
  kg build              build seeds/*.yaml into out/ (validates, reports coverage)
  kg draft new.txt      draft the annotation of a new article, for a person to review
  kg summary            the proposals, their terms and who stands where
  kg stats              counts by class, statements, evidence spans, coverage
  kg validate           check the built graph against the SHACL shapes
  kg queries            the named competency questions
  kg query positions --param holder=Putin
                        answer one (or a .rq file, or - for a query on stdin)
  kg serve              the graph behind a read-only SPARQL endpoint (Oxigraph) on 127.0.0.1
  kg push --graph-store URL --query URL
                        publish the build to a triple store, only the graphs that changed
  kg path Tokayev Putin how two things connect, hop by hop, with the evidence
  kg plot / kg timeline pictures of the graph / of what happened when
  kg view               the graph as an interactive HTML page (search, filters, quotes), offline
  kg in-force 2025-03-20, kg violations
                        what was in force on a day; alleged violations of terms
  kg disagreements      where the sources disagree, each side with its quote, source and date

options that mean the same everywhere:
  --from DIR            the build folder a command reads (default: out)
  --out                 what a command writes: the build folder (kg build), the file (plot, timeline, export)

exit codes: 0 success, 1 SHACL violations (kg path: no path), 2 usage or input error,
3 an internal error (KG_DEBUG=1 shows its traceback) or an incomplete installation"""


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``kg`` and every sub-command."""
    from kg import __version__
    from kg.cli import build, draft, network, pictures, push, query, serve, view

    parser = argparse.ArgumentParser(
        prog="kg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (build, draft, query, network, pictures, view, serve, push):
        group.register(sub)
    return parser
