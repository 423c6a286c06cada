"""Write a built dataset in standard formats, switched in as one set, and read it back.

All files are first written to a staging folder beside the outputs (``.staging-PID-*``) and flushed to disk;
a failure up to there (a read-only folder, a full disk) is a clear :class:`~kg.errors.InputError` and leaves
the last good outputs untouched, with no staging folder left. Then the set is switched in:

1. a journal, ``.switch.json`` (written to a temporary name, flushed, renamed), names the staging folder and
   every file with its size and SHA-256;
2. each file is renamed from the staging folder over the previous one (``os.replace``), ``manifest.json``
   (the set: names, sizes, SHA-256, build time, kg version) last;
3. the journal is removed, then the staging folder.

A process killed in step 2 leaves a journal: the next ``kg build`` or reader (:func:`finish_switch`, called by
:func:`read_quads` and the stores) completes the renames from the staging folder, which is kept while the
journal exists, or, if that cannot be done, reports the build folder as incomplete. No reader takes a mixed set.
Writers hold a lock on the build folder during the switch (``flock`` of the folder itself), so a reader that
finds a journal waits for a live build to finish its renames rather than racing it.

A build is read back from its N-Quads by Oxigraph's parser (:func:`read_quads`), which keeps every literal
as written, and handed to rdflib term by term (:func:`load_dataset`): the same statements as rdflib's own
parse of the TriG, in less than half the time (what is left is rdflib's own work: making its terms, indexing
the triples).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
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
#: the set's list of itself (names, sizes, SHA-256, build time, kg version), switched in last
MANIFEST = "manifest.json"
#: the journal of a switch in progress; while it exists the set in the folder may be mixed
JOURNAL = ".switch.json"
#: every file of a build, in the order they are switched in
OUTPUT_FILES = (*DATASET_FILES, *MERGED_FILES, REPORT, MANIFEST)

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class BuildIncomplete(InputError):
    """A build folder whose switch to a new set of outputs was interrupted and cannot be completed."""


def write_outputs(
    source: Dataset | QuadText,
    out_dir: Path | str,
    report: dict[str, Any],
    nquads: bytes | None = None,
    ntriples: bytes | None = None,
    jobs: int = 1,
) -> list[Path]:
    """Write a dataset, its build report and the manifest of the set into ``out_dir``; return the files written.

    ``source`` is an rdflib Dataset or a :class:`~kg.ntriples.QuadText` (``nquads`` and ``ntriples``, its
    N-Quads and N-Triples, when already made). The N-Quads and N-Triples are written as built; TriG, Turtle and
    JSON-LD by Oxigraph's serializers, from the N-Quads (in ``jobs`` processes side by side for a large dataset).
    The prefixes are the project's; the same input gives the same bytes (the manifest's build time is
    ``SOURCE_DATE_EPOCH`` when that is set). A folder that cannot be made or written, or a disk that fills up,
    is an :class:`~kg.errors.InputError`; the previous outputs are then unchanged.
    """

    from kg.store.ntriples import QuadText

    if isinstance(source, Dataset):
        text = QuadText()
        for g in sorted(source.graphs(), key=lambda g: str(g.identifier)):
            if len(g):
                text.add(g.identifier, sorted(g, key=lambda t: tuple(x.n3() for x in t)))
        source = text
    nquads = nquads if nquads is not None else source.nquads()
    ntriples = ntriples if ntriples is not None else source.ntriples()
    out_dir = _make_folder(Path(out_dir))
    try:
        with _switching(out_dir):
            with contextlib.suppress(BuildIncomplete):  # this build replaces the whole set anyway
                finish_switch(out_dir, locked=True)
            remove_stale_staging(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise _cannot_write(out_dir, out_dir, exc) from None
    prefixes = _prefixes()
    switching = False
    name = NQUADS_FILE
    try:
        try:
            (staging / name).write_bytes(nquads)
            name = f"{STEM}.nt"
            (staging / name).write_bytes(ntriples)
            if jobs > 1 and len(nquads) >= _PARALLEL_ABOVE and "fork" in multiprocessing.get_all_start_methods():
                # in forked processes side by side: the same bytes, each file one serializer's pass over the input
                from concurrent.futures import ProcessPoolExecutor
                from concurrent.futures.process import BrokenProcessPool

                _forked.update(nquads=nquads, ntriples=ntriples, prefixes=prefixes)
                try:
                    with ProcessPoolExecutor(
                        max_workers=min(jobs, len(_SERIALIZED)), mp_context=multiprocessing.get_context("fork")
                    ) as pool:
                        futures = [(n, pool.submit(_serialize_forked, n, str(staging / n))) for n in _SERIALIZED]
                        for n, future in futures:
                            name = n  # for the message, should it fail
                            try:
                                future.result()  # a writer's OSError is raised here
                            except BrokenProcessPool:  # a writer killed (out of memory, a signal)
                                raise OSError("the process writing it stopped before it was done") from None
                finally:
                    _forked.clear()
            else:
                for name in _SERIALIZED:
                    _serialize(name, nquads, ntriples, staging / name, prefixes)
            name = REPORT
            (staging / REPORT).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            files = {n: _describe(staging / n) for n in OUTPUT_FILES if n != MANIFEST}
            name = MANIFEST
            (staging / MANIFEST).write_text(_manifest(files), encoding="utf-8")
            files[MANIFEST] = _describe(staging / MANIFEST)
            _sync_folder(staging)
            name = JOURNAL
            with _switching(out_dir):
                _write_journal(out_dir, {"staging": staging.name, "files": files})
                switching = True  # from here the staging folder belongs to the journal
                finish_switch(out_dir, locked=True)
        except OSError as exc:
            if switching:
                raise _incomplete(out_dir, exc) from None
            _drop_journal(out_dir, staging)  # in case it was renamed in but not flushed: no file was switched
            raise _cannot_write(out_dir, out_dir / name, exc) from None
        return [out_dir / n for n in OUTPUT_FILES]
    finally:
        if not switching:
            shutil.rmtree(staging, ignore_errors=True)


#: the files Oxigraph's serializers write (the longest first), each from the N-Quads or the N-Triples
_SERIALIZED = (f"{STEM}.jsonld", f"{STEM}.trig", f"{STEM}.ttl")
#: bytes of N-Quads from which those are written in worker processes side by side (forking costs about 0.1 s)
_PARALLEL_ABOVE = 8 * 2**20
#: the dataset the forked writers serialize: set before the fork, never sent through a pipe
_forked: dict[str, Any] = {}


def _prefixes() -> dict[str, str]:
    # cfid: is left out: its local names hold '/', which Turtle would escape (cfid:actor\/putin)
    return {p: str(ns) for p, ns in PREFIXES.items() if p != "cfid"}


def _serialize(name: str, nquads: bytes, ntriples: bytes, path: Path, prefixes: dict[str, str]) -> None:
    """Serialize the file ``name`` into ``path``."""
    import pyoxigraph as ox

    if name == f"{STEM}.ttl":
        quads, fmt = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE
    else:
        quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
        fmt = ox.RdfFormat.TRIG if name.endswith(".trig") else ox.RdfFormat.JSON_LD
    ox.serialize(quads, str(path), format=fmt, prefixes=prefixes)


def _serialize_forked(name: str, path: str) -> None:
    from kg.store.timelimit import die_with_parent

    die_with_parent()
    _serialize(name, _forked["nquads"], _forked["ntriples"], Path(path), _forked["prefixes"])


def finish_switch(out_dir: Path | str, *, locked: bool = False) -> bool:
    """Complete the switch to a new set of outputs that a killed ``kg build`` left in ``out_dir``, if any.

    Returns whether there was one to complete. A switch that cannot be completed (its staging folder is gone,
    a file is not the one the journal names, the folder cannot be written) is a :class:`BuildIncomplete`
    that says to build again; nothing is changed then. ``locked``: the caller holds the folder's lock.
    """
    out_dir = Path(out_dir)
    journal = out_dir / JOURNAL
    if not journal.exists():
        return False
    try:
        with contextlib.nullcontext() if locked else _switching(out_dir):
            if not journal.exists():  # a live build finished its switch while this waited for the lock
                return False
            try:
                plan = json.loads(journal.read_text(encoding="utf-8"))
                staging = out_dir / plan["staging"]
                files: dict[str, dict[str, Any]] = plan["files"]
                if (
                    not plan["staging"].startswith(".staging-")
                    or "/" in plan["staging"]
                    or set(files) - set(OUTPUT_FILES)
                ):
                    raise ValueError("not a journal of kg build")
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                raise _incomplete(out_dir, exc) from None
            # first check that every file is in the staging folder or already switched in: then nothing can fail
            # half way for a missing file, and a switch that cannot be completed changes nothing
            for name in OUTPUT_FILES:
                if name in files and not (staging / name).exists() and _describe(out_dir / name) != files[name]:
                    raise _incomplete(out_dir, f"the new {name} is neither in {display(staging)} nor in place")
            try:
                for name in OUTPUT_FILES:
                    if name in files and (staging / name).exists():
                        os.replace(staging / name, out_dir / name)
                _sync_folder(out_dir)
                journal.unlink()
                _sync_folder(out_dir)
            except OSError as exc:
                raise _incomplete(out_dir, exc) from None
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:  # the folder cannot be opened, or a file read
        raise _incomplete(out_dir, exc) from None
    return True


def _make_folder(out_dir: Path) -> Path:
    """``out_dir``, made (with its parents) if it does not exist; a clear error if it cannot be."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            f"cannot write the build to {display(out_dir)}: it is a file, not a folder",
            hint="name a folder with --out DIR",
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the folder {display(out_dir)}: {_reason(exc)}",
            hint="name a folder that you may create with --out DIR, or create it first (mkdir -p DIR)",
        ) from None
    return out_dir


def _errno(exc: OSError) -> int | None:
    """The error number of an OSError, also of one that Oxigraph raises with it only in its text."""
    if exc.errno is None and (found := re.search(r"\(os error (\d+)\)", str(exc))):
        return int(found.group(1))
    return exc.errno


def _reason(exc: OSError | str) -> str:
    if isinstance(exc, str):
        return exc
    number = _errno(exc)
    return exc.strerror or (os.strerror(number) if number else str(exc))


def _cannot_write(out_dir: Path, path: Path, exc: OSError) -> InputError:
    """The error of a write that failed before the switch: the previous outputs are as they were."""
    kept = f"the previous outputs in {display(out_dir)} are unchanged"
    what = f"in the folder {display(path)}" if path == out_dir else display(path)
    number = _errno(exc)
    if number == errno.EFBIG:
        hint = (
            f"a limit on the size of files (ulimit -f) stopped it: raise it, or write elsewhere with --out DIR; {kept}"
        )
    elif number in _FULL:
        hint = f"free some space on that disk, or write elsewhere with --out DIR; {kept}"
    elif number in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = f"make {display(out_dir)} writable (chmod u+w), or write elsewhere with --out DIR; {kept}"
    else:
        hint = f"write elsewhere with --out DIR; {kept}"
    return InputError(f"cannot write {what}: {_reason(exc)}", hint=hint)


def _incomplete(out_dir: Path, exc: OSError | Exception | str) -> BuildIncomplete:
    reason = _reason(exc) if isinstance(exc, OSError | str) else str(exc)
    return BuildIncomplete(
        f"the build in {display(out_dir)} is incomplete: a `kg build` stopped while it replaced the output "
        f"files, and the switch cannot be completed ({reason})",
        hint=f"run `kg build --out {display(out_dir)}` again to write a complete build",
    )


@contextlib.contextmanager
def _switching(out_dir: Path) -> Iterator[None]:
    """Hold the lock of the build folder (an exclusive ``flock`` of the folder itself) for a switch."""
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _describe(path: Path) -> dict[str, Any] | None:
    """A file's size and SHA-256, as the manifest and the journal hold them; None if it does not exist."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
            os.fsync(f.fileno())  # on disk before the journal names it
    except FileNotFoundError:
        return None
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _manifest(files: dict[str, Any]) -> str:
    from kg import __version__

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = time.gmtime(int(epoch) if epoch.isdigit() else None)
    manifest = {"kg_version": __version__, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", when), "files": files}
    return json.dumps(manifest, indent=2) + "\n"


def _write_journal(out_dir: Path, plan: dict[str, Any]) -> None:
    """Write the journal atomically: a temporary file, flushed, renamed, the folder flushed."""
    tmp = out_dir / f"{JOURNAL}.{os.getpid()}.tmp"
    try:
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(plan, f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out_dir / JOURNAL)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(out_dir)


def _drop_journal(out_dir: Path, staging: Path) -> None:
    """Remove the journal if it names ``staging`` (a switch that had not started)."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        if json.loads((out_dir / JOURNAL).read_text(encoding="utf-8"))["staging"] == staging.name:
            (out_dir / JOURNAL).unlink()


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    damaged file is an :class:`InputError` that names it and says to build again. A switch to a new set that a
    killed build left half done is completed first (:func:`finish_switch`), or reported.
    """
    import pyoxigraph as ox

    path = Path(out_dir) / NQUADS_FILE
    finish_switch(out_dir)
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
