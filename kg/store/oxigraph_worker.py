"""Time limits on an Oxigraph store on disk: its queries run in a worker process that can be killed.

A forked child cannot use an open on-disk store (RocksDB's threads are not copied by ``fork``, and the child
hangs on their locks), so a store on disk gets a worker of its own: a fresh process (``spawn``) that opens the
store read-only once and answers query after query. When a query passes its time limit the worker is killed,
which stops the query at once, and the next query starts a new one.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store.timelimit import die_with_parent, timed_out

#: how long a new worker may take to start and open the store before a query is sent to it
STARTUP_SECONDS = 120

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from rdflib.term import Node


def _work(location: str, parent: int, conn: Connection) -> None:
    """The worker: open the store read-only, then answer each (sparql, bindings, allow_service) it is sent."""
    die_with_parent(parent)
    from kg.store.oxigraph import OxigraphStore

    try:
        store: Any = OxigraphStore(Path(location), read_only=True)
    except BaseException as exc:  # sent to the parent, which raises it for the query that waits
        store = exc
    try:
        conn.send(("ready", None))  # the time limit of the first query starts now, not while Python starts
    except (EOFError, OSError):
        return
    while True:
        try:
            sparql, bindings, allow_service = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        try:
            if isinstance(store, BaseException):
                raise store
            store.allow_service = allow_service
            reply: tuple[str, Any] = ("ok", store.answer(sparql, bindings))
        except BaseException as exc:  # the parent raises it
            reply = ("error", exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an answer or error that does not pickle
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class Worker:
    """A worker process answering queries on the store at ``location``, started on first need."""

    def __init__(self, location: Path) -> None:
        self.location = Path(location)
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None

    def answer(
        self, seconds: float, sparql: str, bindings: dict[str, Node] | None, allow_service: bool, what: str
    ) -> Any:
        import os

        if self.process is None or not self.process.is_alive() or self.conn is None:
            self.stop()
            context = multiprocessing.get_context("spawn")
            self.conn, theirs = context.Pipe()
            self.process = context.Process(
                target=_work, args=(str(self.location), os.getpid(), theirs), daemon=True, name="kg-oxigraph-query"
            )
            self.process.start()
            theirs.close()
            self._started(what)
        assert self.conn is not None
        self.conn.send((sparql, bindings, allow_service))
        try:
            ready = self.conn.poll(seconds)
        except BaseException:
            self.stop()
            raise
        if not ready:
            self.stop()  # killing the worker stops the query
            raise timed_out(what, seconds)
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            from kg.store.base import StoreError

            raise StoreError(f"{what} stopped the worker that answers it on {self.location}") from None
        if kind == "error":
            raise value
        return value

    def _started(self, what: str) -> None:
        """Wait for a new worker to have opened the store (a fresh Python process: a fraction of a second, more on
        a busy machine), so that a query's time limit counts the query alone."""
        from kg.store.base import StoreError

        assert self.conn is not None
        try:
            up = self.conn.poll(STARTUP_SECONDS) and self.conn.recv() == ("ready", None)
        except (EOFError, OSError):
            up = False
        if not up:
            self.stop()
            raise StoreError(
                f"the worker that answers {what} on {self.location} did not start within {STARTUP_SECONDS} s"
            )

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None
