"""Write a built dataset in standard formats, atomically, and read it back.

All files are first written to a staging folder beside the outputs; only when every one is complete do
they replace the previous outputs (``os.replace``, atomic per file). A failure before that point leaves the
last good outputs untouched.

A build is read back from its N-Quads by Oxigraph's parser (:func:`read_quads`), which keeps every literal
as written, and handed to rdflib term by term (:func:`load_dataset`): the same statements as rdflib's own
parse of the TriG, in less than half the time (what is left is rdflib's own work: making its terms, indexing
the triples).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset

from kg.errors import InputError
from kg.namespaces import PREFIXES, bind_prefixes
from kg.resources import display

if TYPE_CHECKING:
    from kg.store.ntriples import QuadText

STEM = "ceasefire-kg"

#: the files written: the dataset with its named graphs, then all graphs merged
DATASET_FILES = (f"{STEM}.trig", f"{STEM}.nq", f"{STEM}.jsonld")
MERGED_FILES = (f"{STEM}.ttl", f"{STEM}.nt")
REPORT = "build-report.json"
DATASET_FILE = f"{STEM}.trig"
NQUADS_FILE = f"{STEM}.nq"  # what a build is read back from


def write_outputs(
    source: Dataset | QuadText, out_dir: Path | str, report: dict[str, Any], nquads: bytes | None = None
) -> list[Path]:
    """Write a dataset and its build report into ``out_dir``; return the files written.

    ``source`` is an rdflib Dataset or a :class:`~kg.ntriples.QuadText` (``nquads``, its N-Quads, when
    already made). The N-Quads and N-Triples are written as built; TriG, Turtle and JSON-LD by Oxigraph's
    serializers, from the N-Quads. The prefixes are the project's; the same input gives the same bytes.
    """
    import pyoxigraph as ox

    from kg.store.ntriples import QuadText

    if isinstance(source, Dataset):
        text = QuadText()
        for g in sorted(source.graphs(), key=lambda g: str(g.identifier)):
            if len(g):
                text.add(g.identifier, sorted(g, key=lambda t: tuple(x.n3() for x in t)))
        source = text
    nquads = nquads if nquads is not None else source.nquads()
    ntriples = source.ntriples()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=out_dir))
    # cfid: is left out: its local names hold '/', which Turtle would escape (cfid:actor\/putin)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "cfid"}
    try:
        (staging / f"{STEM}.nq").write_bytes(nquads)
        (staging / f"{STEM}.nt").write_bytes(ntriples)
        for name, fmt in ((f"{STEM}.trig", ox.RdfFormat.TRIG), (f"{STEM}.jsonld", ox.RdfFormat.JSON_LD)):
            ox.serialize(
                ox.parse(nquads, format=ox.RdfFormat.N_QUADS), str(staging / name), format=fmt, prefixes=prefixes
            )
        ox.serialize(
            ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
            str(staging / f"{STEM}.ttl"),
            format=ox.RdfFormat.TURTLE,
            prefixes=prefixes,
        )
        (staging / REPORT).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        names = list(DATASET_FILES) + list(MERGED_FILES) + [REPORT]
        for name in names:
            os.replace(staging / name, out_dir / name)
        return [out_dir / n for n in names]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove the staging folders (``.staging-PID-*``) that a build killed before it could clean up left in
    ``out_dir``: those of a process that is gone (or of a name without a process id). A live build's is kept.
    Returns the folders removed."""
    removed = []
    for folder in sorted(out_dir.glob(".staging-*")):
        pid_text = folder.name.removeprefix(".staging-").split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):  # a running build's (this one's too)
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def read_quads(out_dir: Path | str) -> tuple[Path, list[Any]]:
    """The N-Quads file of the build in ``out_dir`` and its quads (pyoxigraph's, parsed by Oxigraph).

    Blank nodes keep the labels of the file, literals their datatypes as written. A missing, unreadable or
    damaged file is an :class:`InputError` that names it and says to build again.
    """
    import pyoxigraph as ox

    path = Path(out_dir) / NQUADS_FILE
    if not path.exists():
        raise InputError(
            f"no built graph at {display(path)}", hint="run `kg build` first, or name the build folder with --from DIR"
        )
    try:
        quads = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.N_QUADS))
    except OSError as exc:
        raise InputError(
            f"cannot read {display(path)}: {exc.strerror or exc}", hint="run `kg build` to write it again"
        ) from None
    except SyntaxError as exc:  # pyoxigraph's word for a parse error, with its line and column
        raise InputError(
            f"{display(path)} is not a readable N-Quads file: {exc}",
            hint="it was changed or cut short since `kg build` wrote it: run `kg build` to write it again",
        ) from None
    return path, quads


def load_dataset(out_dir: Path | str) -> Dataset:
    """Read a built dataset back from ``out_dir``: its N-Quads, parsed by Oxigraph, as an rdflib Dataset whose
    default graph is the union of the named graphs (isomorphic, graph by graph, to rdflib's parse of the TriG)."""
    from kg.store.terms import rdflib_dataset

    _, quads = read_quads(out_dir)
    ds = rdflib_dataset(quads)
    bind_prefixes(ds)
    return ds
