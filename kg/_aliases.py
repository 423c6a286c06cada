"""The module names of ceasefire-kg before its sub-packages (``kg.graph``, ``kg.plot``, ``kg.builder``...),
kept importable: each is the module it became, with a :class:`DeprecationWarning` naming the new place.

Examples
--------
>>> import sys, warnings
>>> _ = sys.modules.pop("kg.connections", None)  # the warning comes with the first import in a process
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from kg.connections import describe
>>> describe.__module__, str(caught[0].message)
('kg.network.paths', 'kg.connections is now kg.network.paths; import it from there')
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

#: old module -> where it lives now
MOVED = {
    "kg.annotations": "kg.builder.annotations",
    "kg.checks": "kg.validate.ontology_checks",
    "kg.connections": "kg.network.paths",
    "kg.graph": "kg.query.graph",
    "kg.join_order": "kg.store.join_order",
    "kg.names": "kg.query.names",
    "kg.ntriples": "kg.store.ntriples",
    "kg.output": "kg.store.files",
    "kg.paths": "kg.resources",
    "kg.pipeline": "kg.builder.pipeline",
    "kg.plot": "kg.viz.graph",
    "kg.queries": "kg.query.named",
    "kg.quotes": "kg.builder.quotes",
    "kg.results": "kg.query.results",
    "kg.sentences": "kg.builder.sentences",
    "kg.serve": "kg.store.serve",
    "kg.shacl_sparql": "kg.validate.shacl_sparql",
    "kg.stats": "kg.query.stats",
    "kg.timeexpr": "kg.builder.times",
    "kg.timeline": "kg.viz.timeline",
    "kg.triples": "kg.builder.triples",
}


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:  # the target module is already executed
        pass


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        warnings.warn(f"{fullname} is now {new}; import it from there", DeprecationWarning, stacklevel=3)
        return importlib.machinery.ModuleSpec(fullname, _Alias(new))


def install() -> None:
    """Let ``import kg.graph`` and its kind find the modules' new homes (idempotent)."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.append(_AliasFinder())
