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

from rdflib import Dataset, Graph, URIRef

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


def _oxigraph_quads(ds: Dataset) -> list:
    """The dataset's quads as pyoxigraph quads, sorted, so that every output is the same for the same input."""
    import pyoxigraph as ox

    from kg.store import _to_oxigraph
    cache: dict = {}

    def conv(term):
        found = cache.get(term)
        if found is None:
            found = cache[term] = _to_oxigraph(term)
        return found

    keyed = []
    for g in ds.graphs():
        graph = conv(g.identifier) if isinstance(g.identifier, URIRef) else ox.DefaultGraph()
        gkey = str(g.identifier)
        for s, p, o in g:
            keyed.append(((gkey, str(s), str(p), o.n3()), ox.Quad(conv(s), conv(p), conv(o), graph)))
    keyed.sort(key=lambda item: item[0])
    return [q for _, q in keyed]


def write_outputs(ds: Dataset, out_dir: Path, report: dict) -> list[Path]:
    """Write the dataset and its build report into ``out_dir``; return the files written.

    The serializations are Oxigraph's (fast at any size); prefixes are the project's.
    """
    import pyoxigraph as ox

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    # cfid: is left out: its local names hold '/', which Turtle would escape (cfid:actor\/putin)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "cfid"}
    try:
        quads = _oxigraph_quads(ds)
        seen: set = set()
        triples = []
        for q in quads:
            t = q.triple
            if t not in seen:
                seen.add(t)
                triples.append(t)
        triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        names: list[str] = []
        DATASET_FORMATS, MERGED_FORMATS = _formats()
        for name, fmt in DATASET_FORMATS.items():
            ox.serialize(quads, str(staging / name), format=fmt,
                         prefixes=prefixes if fmt != ox.RdfFormat.N_QUADS else None)
            names.append(name)
        for name, fmt in MERGED_FORMATS.items():
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


def load_dataset(out_dir: Path) -> Dataset:
    """Read a built dataset (TriG) back from ``out_dir``."""
    path = Path(out_dir) / DATASET_FILE
    if not path.exists():
        raise InputError(f"no built graph at {display(path)}", hint="run `kg build` first (or pass --out DIR)")
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    bind_prefixes(ds)
    return ds
