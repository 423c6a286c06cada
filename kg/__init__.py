"""ceasefire-kg: a provenance-first knowledge graph of ceasefire proposals, their terms and the positions
actors take on them, built from news articles.

The public API (imported lazily, so that ``kg --help`` stays instant):

* :func:`build` — annotation files -> an in-memory RDF dataset (:class:`kg.builder.BuildResult`);
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
* :class:`InputError`, :class:`KgError` — the errors users see.

Examples
--------
>>> import kg
>>> result = kg.build(kg.annotation_files())
>>> [a.article_id for a in result.articles]
['tdi-2025-03-tokayev-welcomes-trump-putin-call']
>>> kg.validate_dataset(result.dataset).conforms
True
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

from kg import _aliases

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
    "to_networkx": "kg.network.projection",
    "write_network": "kg.network.export",
    "plot_graph": "kg.viz.graph",
    "plot_timeline": "kg.viz.timeline",
    "InputError": "kg.errors",
    "InputErrors": "kg.errors",
    "KgError": "kg.errors",
}

__all__ = [*sorted(_API), "__version__"]

_aliases.install()  # kg.graph, kg.plot, ...: the module names before the sub-packages, with a warning


def __getattr__(name: str):
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
