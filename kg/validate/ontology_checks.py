"""Quality checks of the ontology, as SPARQL queries in ``ontology/checks/*.rq`` (in the manner of the OBO
ontology kit): each query selects what is wrong, so a check passes when it returns no rows. ``kg build``
runs them first and stops on any failure.

Examples
--------
>>> from kg.validate.ontology_checks import run_checks
>>> from kg.vocab import load_ontology_graph
>>> run_checks(load_ontology_graph())
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError
from kg.resources import CHECKS_DIR, display, resource_files


@dataclass(frozen=True)
class CheckFailure:
    """A check that returned rows: its file, what it checks, and the offending rows."""

    check: str
    purpose: str
    rows: list[tuple[str, ...]]

    def format(self) -> str:
        lines = [f"{self.check}: {self.purpose}"]
        lines += ["    " + " | ".join(row) for row in self.rows]
        return "\n".join(lines)


class OntologyCheckFailed(KgError):
    """The ontology fails its own quality checks (exit code 2: the input is wrong)."""

    def __init__(self, failures: list[CheckFailure]) -> None:
        self.failures = failures
        super().__init__(
            "the ontology fails its quality checks (ontology/checks/):\n"
            + "\n".join("  " + f.format() for f in failures)
        )


def check_files(directory: Path = CHECKS_DIR) -> list[Path]:
    return resource_files(Path(directory), "*.rq")


def _purpose(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.startswith("#")), "# (no description)")
    return first.lstrip("# ").removeprefix("Check: ")


def run_checks(graph: Graph, directory: Path = CHECKS_DIR) -> list[CheckFailure]:
    """Run every check on ``graph``; return the failed ones (an empty list means all pass).

    The checks run on an in-memory Oxigraph copy of the graph: each ``kg build`` runs them, and rdflib took a
    fifth of a second to parse and answer them, Oxigraph a hundredth. A value is given as rdflib writes it.
    """
    import pyoxigraph as ox

    from kg.store.terms import oxigraph_from_graphs, to_rdflib

    store = oxigraph_from_graphs({None: graph})
    failures = []
    for path in check_files(directory):
        text = path.read_text(encoding="utf-8")
        answer = store.query(text)
        if not isinstance(answer, ox.QuerySolutions):
            raise KgError(f"{display(path)}: an ontology check must be a SELECT query")
        names = [v.value for v in answer.variables]
        rows = [tuple(str(to_rdflib(row[name])) for name in names) for row in answer]
        if rows:
            failures.append(CheckFailure(display(path), _purpose(text), rows))
    return failures
