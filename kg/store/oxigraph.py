"""The graph in an Oxigraph store (pyoxigraph), on disk or in memory, and its fast parallel load."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib.term import Node

from kg.resources import display
from kg.store.base import Result, Store, StoreError, bind_values
from kg.store.ntriples import split_lines
from kg.store.terms import solutions, to_rdflib, to_rdflib_kept

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.store.oxigraph_worker import Worker


class OxigraphStore(Store):
    """An Oxigraph store: on disk (pyoxigraph), loaded from a build's N-Quads, or one already open."""

    name = "oxigraph"

    def __init__(self, location: Path | None, read_only: bool = False, store: ox.Store | None = None) -> None:
        import pyoxigraph as ox

        self.location = Path(location) if location is not None else None
        self._worker: Worker | None = None
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
            except OSError as exc:
                if "lock" not in str(exc).lower() or attempt == 39:
                    raise StoreError(
                        f"cannot open the Oxigraph store at {display(Path(location))}: {exc}"
                        + ("; is another program (kg serve?) using it?" if "lock" in str(exc).lower() else "")
                    ) from None
                time.sleep(0.05)

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
        store.store.clear()
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
        store.store.flush()
        return store

    def is_empty(self) -> bool:
        return len(self.store) == 0

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        # pyoxigraph's substitutions only take projected variables: bind with a checked VALUES block instead
        self.guard(sparql)
        text = bind_values(sparql, bindings)
        found = solutions(self.store, text, use_default_graph_as_union=True)
        names = [v.value for v in found.variables]
        return Result(names, [tuple(to_rdflib_kept(s[n]) for n in names) for s in found])

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
        answer = self.store.query(bind_values(sparql, bindings), use_default_graph_as_union=True)
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError("not an ASK query")
        return bool(answer)

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        self.guard(sparql)
        triples = self.store.query(bind_values(sparql, bindings), use_default_graph_as_union=True)
        if not isinstance(triples, ox.QueryTriples):
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in triples:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g


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
