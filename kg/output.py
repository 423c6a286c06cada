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
from kg.namespaces import bind_prefixes
from kg.paths import display

STEM = "ceasefire-kg"
#: file name -> rdflib format, for the dataset (named graphs kept) or the merged graph
DATASET_FORMATS = {f"{STEM}.trig": "trig", f"{STEM}.nq": "nquads", f"{STEM}.jsonld": "json-ld"}
MERGED_FORMATS = {f"{STEM}.ttl": "turtle", f"{STEM}.nt": "nt"}
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


def write_outputs(ds: Dataset, out_dir: Path, report: dict) -> list[Path]:
    """Write the dataset and its build report into ``out_dir``; return the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        names: list[str] = []
        for name, fmt in DATASET_FORMATS.items():
            ds.serialize(staging / name, format=fmt, encoding="utf-8")
            names.append(name)
        merged = merged_graph(ds)
        for name, fmt in MERGED_FORMATS.items():
            merged.serialize(staging / name, format=fmt, encoding="utf-8")
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
