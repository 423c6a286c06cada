"""Is the graph right? SHACL validation (the shapes of ``ontology/shapes.ttl`` compiled to SPARQL and run on
Oxigraph, :mod:`~kg.validate.shacl_sparql`, or pySHACL, the reference), reported with labels, paths and the
annotation line each node came from (:mod:`~kg.validate.shacl`); and the ontology's own quality checks
(``ontology/checks/*.rq``, :mod:`~kg.validate.ontology_checks`).

Layer: may import the foundation and :mod:`kg.store`; never the builder, queries, network or pictures.
"""

from __future__ import annotations

from kg.validate.ontology_checks import CheckFailure, OntologyCheckFailed, run_checks
from kg.validate.shacl import (
    ValidationReport,
    Violation,
    load_shapes,
    validate_dataset,
    validate_graph,
    validate_sources,
    validate_store,
)

__all__ = [
    "CheckFailure",
    "OntologyCheckFailed",
    "ValidationReport",
    "Violation",
    "load_shapes",
    "run_checks",
    "validate_dataset",
    "validate_graph",
    "validate_sources",
    "validate_store",
]
