"""Write a built dataset in standard formats, atomically, and read it back.

All files are first written to a staging folder beside the outputs; only when every one is complete do
they replace the previous outputs (``os.replace``, atomic per file). A failure before that point leaves the
last good outputs untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.namespaces import PREFIXES, bind_prefixes
from kg.paths import display

STEM = "ceasefire-kg"

def _formats():
    import pyoxigraph as ox
    return ({f"{STEM}.trig": ox.RdfFormat.TRIG, f"{STEM}.nq": ox.RdfFormat.N_QUADS,
             f"{STEM}.jsonld": ox.RdfFormat.JSON_LD},
            {f"{STEM}.ttl": ox.RdfFormat.TURTLE, f"{STEM}.nt": ox.RdfFormat.N_TRIPLES})


#: the files written: the dataset with its named graphs, then all graphs merged
DATASET_FILES = (f"{STEM}.trig", f"{STEM}.nq", f"{STEM}.jsonld")
MERGED_FILES = (f"{STEM}.ttl", f"{STEM}.nt")
REPORT = "build-report.json"
DATASET_FILE = f"{STEM}.trig"


def merged_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of the dataset in one graph."""
    g = Graph()
    bind_prefixes(g)
    for sub in ds.graphs():
        for t in sub:
            g.add(t)
    return g


def write_outputs(source, out_dir: Path, report: dict) -> list[Path]:
    """Write a dataset (an rdflib Dataset, or a list of pyoxigraph quads) and its build report into ``out_dir``.

    The serializations are Oxigraph's (fast at any size); the prefixes are the project's. The same input
    gives the same bytes. Returns the files written.
    """
    import pyoxigraph as ox

    from kg.store import oxigraph_quads
    quads = oxigraph_quads({g.identifier: g for g in source.graphs() if len(g)}) \
        if isinstance(source, Dataset) else list(source)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    # cfid: is left out: its local names hold '/', which Turtle would escape (cfid:actor\/putin)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "cfid"}
    try:
        quads.sort(key=_quad_key)  # a fixed order: graph, subject, predicate, object
        names: list[str] = []
        dataset_formats, merged_formats = _formats()
        for name, fmt in dataset_formats.items():
            ox.serialize(quads, str(staging / name), format=fmt,
                         prefixes=prefixes if fmt != ox.RdfFormat.N_QUADS else None)
            names.append(name)
        triples = list(dict.fromkeys(sorted((q.triple for q in quads), key=_triple_key)))
        for name, fmt in merged_formats.items():
            ox.serialize(triples, str(staging / name), format=fmt,
                         prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
            names.append(name)
        (staging / REPORT).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        names.append(REPORT)
        for name in names:
            os.replace(staging / name, out_dir / name)
        return [out_dir / n for n in names]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _triple_key(t) -> tuple[str, str, str]:
    return str(t.subject), str(t.predicate), str(t.object)


def _quad_key(q) -> tuple[str, str, str, str]:
    return str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)


def load_dataset(out_dir: Path) -> Dataset:
    """Read a built dataset (TriG) back from ``out_dir``."""
    path = Path(out_dir) / DATASET_FILE
    if not path.exists():
        raise InputError(f"no built graph at {display(path)}", hint="run `kg build` first (or pass --out DIR)")
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    bind_prefixes(ds)
    return ds
