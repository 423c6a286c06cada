"""The graph in an Oxigraph store (pyoxigraph), on disk or in memory, and its fast parallel load."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib.term import Node

from kg.errors import InputError
from kg.resources import display
from kg.store.base import Result, Store, StoreError, bind_values
from kg.store.ntriples import split_lines
from kg.store.terms import rdflib_rows, solutions, to_rdflib

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.store.oxigraph_worker import Worker


class StoreDamaged(InputError):
    """An Oxigraph store folder that RocksDB cannot read: files missing, cut short or holding damaged bytes (a
    crash, a full disk, a copy that stopped half way). It is rebuilt from the build with ``--rebuild-store``."""


def rebuild_hint(location: Path) -> str:
    return (
        f"rebuild it from the build: run the command again with --rebuild-store (it deletes the store's files in "
        f"{display(Path(location))} and loads them again from the build; in Python: open_store(..., rebuild=True))"
    )


_NAMED = re.compile(r"\b(\d+\.(?:sst|log|blob)|MANIFEST-\d+|CURRENT|OPTIONS-\d+|IDENTITY)\b")


def _kind(name: str) -> str:
    if name.endswith(".sst"):
        return f"data file {name}"
    if name.startswith("MANIFEST"):
        return f"manifest {name} (the list of its data files)"
    if name == "CURRENT":
        return "file CURRENT (which names its manifest)"
    return f"file {name}"


def damage(text: str) -> str:
    """What RocksDB's error ``text`` says is wrong with a store folder, in a sentence.

    >>> damage("Corruption: Sst file size mismatch between expected 69569 and file system 34784 sstable: "
    ...        "/s/000012.sst  The file /s/MANIFEST-000005 may be corrupted.")
    'its data file 000012.sst is 34784 bytes where the store wrote 69569 (cut short or overwritten)'
    >>> damage("IO error: No such file or directory: While opening a file for sequentially reading: "
    ...        "/s/MANIFEST-000005: No such file or directory")
    'its manifest MANIFEST-000005 (the list of its data files) is missing'
    """
    named = _NAMED.findall(text)
    what = _kind(named[0]) if named else "files"
    size = re.search(r"size mismatch between expected (\d+) and file system (\d+)", text)
    if size:
        return f"its {what} is {size.group(2)} bytes where the store wrote {size.group(1)} (cut short or overwritten)"
    if "No such file" in text:
        return f"its {what} is missing"
    if "checksum mismatch" in text or "magic number" in text or "bad block" in text.lower():
        return f"its {what} holds damaged bytes"
    if "CURRENT" in text or "Column family not found" in text or "existing log file" in text:
        return "its file CURRENT (which names its manifest) is missing or damaged"
    if "Corruption" in text and named:
        return f"its {what} is damaged"
    first = text.strip().splitlines()[0] if text.strip() else type(text).__name__
    return f"RocksDB cannot read it ({first[:160]})"


def damaged(location: Path, exc: BaseException) -> StoreDamaged:
    """The error to raise for the store at ``location`` that RocksDB refused with ``exc``."""
    return StoreDamaged(
        f"the Oxigraph store {display(Path(location))} is damaged: {damage(str(exc))}",
        hint=rebuild_hint(location),
    )


def _is_damage(exc: BaseException) -> bool:
    text = str(exc)
    return text.startswith("Corruption") or "Corruption:" in text or "No such file" in text


class OxigraphStore(Store):
    """An Oxigraph store: on disk (pyoxigraph), loaded from a build's N-Quads, or one already open.

    A store opened by :func:`~kg.store.factory.open_store` holds the store's lock (:mod:`kg.store.lock`) until
    :meth:`close` (or until it is garbage collected).
    """

    name = "oxigraph"

    def __init__(self, location: Path | None, read_only: bool = False, store: ox.Store | None = None) -> None:
        import pyoxigraph as ox

        self.location = Path(location) if location is not None else None
        self._worker: Worker | None = None  # answers with a time limit (answer_within), started on first need
        self.hold = contextlib.ExitStack()  # what the store holds while it is open: its lock
        if store is not None:
            self.store = store
            return
        if location is None:
            raise TypeError("OxigraphStore needs the location of a store, or a store")
        import time

        for attempt in range(40):  # a store just closed (here or by a stopping server) may hold its lock a moment
            try:
                self.store = ox.Store.read_only(str(location)) if read_only else ox.Store(str(location))
                return
            except (OSError, RuntimeError) as exc:
                locked = "lock" in str(exc).lower() and not _is_damage(exc)
                if locked and attempt < 39:
                    time.sleep(0.05)
                    continue
                if locked:
                    raise StoreError(
                        f"cannot open the Oxigraph store at {display(Path(location))}: another program holds it "
                        "for writing (an `oxigraph` command, or an older kg)"
                    ) from None
                raise damaged(Path(location), exc) from None

    def close(self) -> None:
        """Close the store and let go of its lock (the store closed first, and its query worker stopped)."""
        if self.__dict__.get("_worker") is not None:
            self._worker.stop()  # type: ignore[union-attr]
            self._worker = None
        self.__dict__.pop("store", None)
        self.hold.close()

    def __del__(self) -> None:  # a store dropped unclosed (del g) lets go of its lock too
        with contextlib.suppress(Exception):
            self.close()

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def load(cls, location: Path, nquads: Path, parts: int | None = None) -> OxigraphStore:
        """Create (or replace the content of) the store at ``location`` with the quads of ``nquads``.

        Oxigraph's bulk loader sorts and writes on one core; a large file is cut at line ends into ``parts``
        pieces (default: one per core, at most 8) that are bulk loaded side by side (pyoxigraph lets go of
        the GIL while it reads a file): about twice as fast on two cores. The pieces add up to the same
        quads (see :func:`split_lines` for blank nodes); they go to /dev/shm or the temporary folder,
        whichever has room, and are deleted after. With no room, the file is loaded whole.
        """
        import pyoxigraph as ox

        store = cls(location)
        try:
            store.store.clear()
        except (OSError, RuntimeError) as exc:
            raise damaged(Path(location), exc) from None
        size = Path(nquads).stat().st_size
        if parts is None:
            parts = load_pieces(size)
        scratch_dir = _scratch_dir(size) if parts > 1 else None
        try:
            if scratch_dir is None:  # one piece, or no room to cut the file: one bulk load
                store.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            else:
                with tempfile.TemporaryDirectory(prefix="kg-load-", dir=scratch_dir) as scratch:
                    pieces = split_lines(Path(nquads), parts, Path(scratch))  # blank nodes kept whole
                    errors: list[BaseException] = []

                    def load_piece(piece: Path) -> None:
                        try:
                            store.store.bulk_load(path=str(piece), format=ox.RdfFormat.N_QUADS)
                        except BaseException as exc:
                            errors.append(exc)

                    threads = [threading.Thread(target=load_piece, args=(p,)) for p in pieces]
                    for t in threads:
                        t.start()
                    for t in threads:
                        t.join()
                    if errors:
                        raise errors[0]
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(
                f"cannot load {display(Path(nquads))} into the Oxigraph store at {display(Path(location))}: {exc}"
            ) from None
        merge_default_graph(store.store)
        store.store.flush()
        return store

    @property
    def union(self) -> bool:
        """Whether queries read the union of the named graphs (a store loaded before its default graph held the
        merged triples, or one made elsewhere); else they read the default graph, each triple once
        (:func:`merge_default_graph`)."""
        return not has_merged_default_graph(self.store)

    def is_empty(self) -> bool:
        # the first quad, not len(): len counts every quad (0.3 s at a million quads on disk)
        with self._reading():
            return next(iter(self.store.quads_for_pattern(None, None, None, None)), None) is None

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Damage that RocksDB finds only when a query reads it (a data block whose checksum does not match)
        is reported as :class:`StoreDamaged`."""
        try:
            yield
        except (OSError, RuntimeError) as exc:
            if self.location is None or not _is_damage(exc):
                raise
            raise damaged(self.location, exc) from None

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        # pyoxigraph's substitutions only take projected variables: bind with a checked VALUES block instead
        self.guard(sparql)
        text = bind_values(sparql, bindings)
        with self._reading():
            found = solutions(self.store, text, use_default_graph_as_union=self.union)
            names = [v.value for v in found.variables]
            rows = rdflib_rows([tuple(s) for s in found])  # each solution's values, in variable order
            assert rows is not None  # (nothing to replace)
            return Result(names, rows)

    def answer_within(
        self, seconds: float | None, sparql: str, bindings: dict[str, Node] | None = None, what: str = "the query"
    ) -> Result | bool | Graph:
        """As every store's; a store on disk answers in a worker process of its own
        (:mod:`kg.store.oxigraph_worker`: a forked child cannot use it)."""
        if not seconds or self.location is None:
            return super().answer_within(seconds, sparql, bindings, what)
        from kg.store.oxigraph_worker import Worker

        self.guard(sparql)
        if self._worker is None:
            self._worker = Worker(self.location)
        return self._worker.answer(seconds, sparql, bindings, self.allow_service, what)

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool:
        import pyoxigraph as ox

        self.guard(sparql)
        with self._reading():
            answer = self.store.query(bind_values(sparql, bindings), use_default_graph_as_union=self.union)
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError("not an ASK query")
        return bool(answer)

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        self.guard(sparql)
        with self._reading():
            triples = self.store.query(bind_values(sparql, bindings), use_default_graph_as_union=self.union)
            if not isinstance(triples, ox.QueryTriples):
                raise StoreError("not a CONSTRUCT or DESCRIBE query")
            g = Graph()
            for t in triples:
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return g


def merge_default_graph(store: ox.Store) -> None:
    """Put each triple of the store's named graphs once in its default graph, which queries then read: the union
    of the named graphs gives a triple once per graph that states it, so a fact N articles state multiplies each
    join by N (see :class:`~kg.store.hybrid.HybridStore`). The named graphs stay for ``GRAPH ?g``."""
    import pyoxigraph as ox

    named = (
        q for q in store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)
    )
    store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in named])


def load_merged(store: ox.Store, nquads: bytes, ntriples: bytes) -> None:
    """Load a dataset's N-Quads with, in the default graph, its triples merged (each once: ``QuadText.ntriples``,
    the N-Triples ``kg build`` writes): the store that loading ``nquads`` and :func:`merge_default_graph` make,
    from one parse by Oxigraph instead of a pass over every quad in Python (a third of the time at a million
    quads). One document, so that a blank node is the same node in a named graph and in the default graph."""
    import pyoxigraph as ox

    store.load(input=nquads + ntriples, format=ox.RdfFormat.N_QUADS)


def has_merged_default_graph(store: ox.Store) -> bool:
    """Whether the default graph of the store holds anything (the merged triples: the build writes none of its
    own there)."""
    import pyoxigraph as ox

    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


_SPLIT_ABOVE = 4 * 2**20  # bytes of N-Quads above which a load is split over the cores


def load_pieces(size: int) -> int:
    """How many pieces :meth:`OxigraphStore.load` cuts a file of ``size`` bytes into: one per core (at most
    8) above 4 MiB, else one."""
    return 1 if size < _SPLIT_ABOVE else min(os.cpu_count() or 1, 8)


def _scratch_dir(needed: int) -> str | None:
    """A folder with ``needed`` bytes free for the pieces of a load: memory-backed where there is one (Linux's
    /dev/shm, often small in containers), else the system's temporary folder; ``None`` when neither has room.
    """
    for folder in ("/dev/shm", tempfile.gettempdir()):
        try:
            st = os.statvfs(folder)
        except (OSError, AttributeError):  # no such folder, or no statvfs (Windows)
            continue
        if os.access(folder, os.W_OK) and st.f_bavail * st.f_frsize > needed * 1.2:
            return folder
    return None
