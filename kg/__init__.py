"""ceasefire-kg: a provenance-first knowledge graph of ceasefire proposals, their terms and the positions
actors take on them, built from news articles.

The public API (imported lazily, so that ``kg --help`` stays instant):

* :func:`build` — annotation files -> an in-memory RDF dataset (:class:`kg.builder.BuildResult`);
* :func:`draft_article` — a new article -> a draft annotation for a person to review (``kg draft``);
  :func:`diff_draft` — what a re-draft would add to a reviewed annotation;
* :func:`build_to` — build, validate and write TriG, Turtle, JSON-LD, N-Triples and N-Quads atomically;
* :func:`load_dataset` — read a built dataset back from an output folder;
* :func:`validate_dataset` — SHACL validation with readable violations;
* :func:`compute_stats`, :func:`summary` — what a dataset holds;
* :func:`load` — the built graph as a :class:`KnowledgeGraph`: ``.query(sparql, **params)``, ``.query_df``,
  ``.run(name, **params)`` for the named queries, and helpers such as ``.positions(holder="Putin")``;
* :func:`named_queries` — the competency questions of ``ontology/queries/``;
* :func:`to_networkx`, :func:`write_network` — the readable NetworkX projection, and its GraphML, GEXF or
  JSON export; ``KnowledgeGraph.path`` and ``.neighbors`` walk it;
* :func:`plot_graph`, :func:`plot_timeline` — pictures of the graph and of what happened when;
* :func:`write_view`, :func:`view_html` — the graph as one interactive HTML page that works offline (``kg view``);
  ``g.view()`` (or :func:`view`, ``kg.view(g)``) — the same page as a Jupyter widget;
* :func:`push` — publish a build to a triple store (SPARQL 1.1 Graph Store Protocol or Update), only the graphs
  whose content changed (``kg push``), returning a :class:`PushSummary`;
* :class:`InputError`, :class:`KgError` — the errors users see.

Examples
--------
>>> import kg
>>> result = kg.build(["seeds/000_331be8963d56cd33.yaml"])  # annotation files, or folders of them
>>> [a.article_id for a in result.articles]
['tdi-2025-03-tokayev-welcomes-trump-putin-call']
>>> kg.validate_dataset(result.dataset).conforms
True
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from kg import _aliases

# What a type checker sees: the public names, each from its module (at run time __getattr__ imports them when
# first used). `import X as X` re-exports a name explicitly, as mypy --strict wants.
if TYPE_CHECKING:
    from kg import (
        builder as builder,
        cli as cli,
        draft as draft,
        network as network,
        query as query,
        store as store,
        validate as validate,
        viz as viz,
    )
    from kg.builder.annotations import annotation_files as annotation_files
    from kg.builder.article import BuildResult as BuildResult, build as build
    from kg.builder.pipeline import ValidationFailed as ValidationFailed, build_to as build_to
    from kg.draft.diff import diff_draft as diff_draft
    from kg.draft.drafting import draft_article as draft_article
    from kg.errors import InputError as InputError, InputErrors as InputErrors, KgError as KgError
    from kg.network.export import write_network as write_network
    from kg.network.projection import to_networkx as to_networkx
    from kg.query.graph import KnowledgeGraph as KnowledgeGraph, load as load
    from kg.query.named import named_queries as named_queries
    from kg.query.stats import compute_stats as compute_stats, summary as summary
    from kg.store.factory import open_store as open_store
    from kg.store.files import load_dataset as load_dataset, write_outputs as write_outputs
    from kg.store.push import PushFailed as PushFailed, PushSummary as PushSummary, push as push
    from kg.validate.shacl import ValidationReport as ValidationReport, validate_dataset as validate_dataset
    from kg.viz.graph import plot_graph as plot_graph
    from kg.viz.timeline import plot_timeline as plot_timeline
    from kg.viz.view import view_html as view_html, write_view as write_view
    from kg.viz.widget import view as view
    from kg.vocab import load_vocabulary as load_vocabulary

try:
    __version__ = version("ceasefire-kg")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

_API = {
    "build": "kg.builder.article",
    "BuildResult": "kg.builder.article",
    "build_to": "kg.builder.pipeline",
    "annotation_files": "kg.builder.annotations",
    "ValidationFailed": "kg.builder.pipeline",
    "draft_article": "kg.draft.drafting",
    "diff_draft": "kg.draft.diff",
    "load_dataset": "kg.store.files",
    "write_outputs": "kg.store.files",
    "validate_dataset": "kg.validate.shacl",
    "ValidationReport": "kg.validate.shacl",
    "compute_stats": "kg.query.stats",
    "summary": "kg.query.stats",
    "load_vocabulary": "kg.vocab",
    "load": "kg.query.graph",
    "KnowledgeGraph": "kg.query.graph",
    "named_queries": "kg.query.named",
    "open_store": "kg.store.factory",
    "push": "kg.store.push",
    "PushSummary": "kg.store.push",
    "PushFailed": "kg.store.push",
    "to_networkx": "kg.network.projection",
    "write_network": "kg.network.export",
    "plot_graph": "kg.viz.graph",
    "plot_timeline": "kg.viz.timeline",
    "view_html": "kg.viz.view",
    "write_view": "kg.viz.view",
    "view": "kg.viz.widget",
    "InputError": "kg.errors",
    "InputErrors": "kg.errors",
    "KgError": "kg.errors",
}

__all__ = [*sorted(_API), "__version__"]

_aliases.install()  # kg.graph, kg.plot, ...: the module names before the sub-packages, with a warning


if not TYPE_CHECKING:  # hidden from type checkers, so that a misspelt kg.lod(...) is an error there too

    def __getattr__(name: str) -> Any:
        if name in _API:
            return getattr(import_module(_API[name]), name)
        try:  # a submodule or sub-package: kg.network, kg.query, ... (or an old name such as kg.connections)
            return import_module(f"kg.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"kg.{name}":  # the module exists but needs something missing: say so
                raise
            raise AttributeError(f"module 'kg' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return __all__
