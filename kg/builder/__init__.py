"""From annotation files and their articles to the RDF dataset: reading the YAML (:mod:`~kg.builder.annotations`),
finding each quote in the article (:mod:`~kg.builder.quotes`), splitting sentences (:mod:`~kg.builder.sentences`),
reading times (:mod:`~kg.builder.times`), building one article's graph (:mod:`~kg.builder.article`), and the build
as ``kg build`` runs it: in parallel, validated, written atomically (:mod:`~kg.builder.pipeline`).

Layer: the top of the data layers. It may import the foundation (:mod:`kg.errors`, :mod:`kg.namespaces`,
:mod:`kg.resources`, :mod:`kg.vocab`), :mod:`kg.store` (N-Quads text, Oxigraph, output files),
:mod:`kg.validate` and :mod:`kg.query.stats` (the build report); nothing below imports it.
"""

from __future__ import annotations

from kg.builder.annotations import annotation_files
from kg.builder.article import (
    ArticleBuilder,
    ArticleReport,
    BuildResult,
    build,
    build_text,
    check_article_ids,
    derived_graph_iri,
    graph_iri,
)
from kg.builder.pipeline import BuildOutcome, ValidationFailed, build_to

__all__ = [
    "ArticleBuilder",
    "ArticleReport",
    "BuildOutcome",
    "BuildResult",
    "ValidationFailed",
    "annotation_files",
    "build",
    "build_text",
    "build_to",
    "check_article_ids",
    "derived_graph_iri",
    "graph_iri",
]
