"""The store a user asked for: in memory (by default Oxigraph and rdflib, or rdflib alone), an Oxigraph folder
kept fresh with the build (:mod:`kg.store.folder`), or an endpoint."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.store.base import Store
from kg.store.endpoint import EndpointStore
from kg.store.folder import DEFAULT_WAIT, SOURCE_MARKER, open_folder
from kg.store.hybrid import HybridStore
from kg.store.memory import MemoryStore

__all__ = ["DEFAULT_WAIT", "SOURCE_MARKER", "open_store"]


def open_store(
    out_dir: Path = Path("out"),
    store: str | None = None,
    endpoint: str | None = None,
    *,
    rebuild: bool = False,
    wait: float = DEFAULT_WAIT,
    say: Callable[[str], None] | None = None,
    purpose: str | None = None,
) -> Store:
    """The store a user asked for.

    ``store`` is ``None`` (the default: the build of ``out_dir`` in memory, the project's own queries
    answered by Oxigraph, every other query, and every answer Oxigraph could give otherwise, by rdflib:
    :class:`HybridStore`), ``"memory"`` (rdflib alone, from ``out_dir``), or ``"oxigraph:DIR"`` (an Oxigraph
    store in DIR, loaded from ``out_dir`` when empty or when the build is newer than what it holds);
    ``endpoint`` is the URL of a SPARQL endpoint.

    An Oxigraph store is opened read-only and held shared (:mod:`kg.store.lock`) until it is closed, so that
    any number of processes read it at once; a (re)load holds it exclusive. When another process holds it,
    the open waits up to ``wait`` seconds (telling ``say`` who it waits for; default: standard error), then
    raises :class:`~kg.store.lock.StoreBusy` naming that process. ``rebuild`` deletes the store's files and
    loads them again from the build: the way out of a damaged store (:class:`~kg.store.oxigraph.StoreDamaged`).
    ``purpose`` says what this process does, for the message another process shows while it waits for it.
    """
    if rebuild and not (store or "").startswith("oxigraph:"):
        raise InputError(
            "--rebuild-store rebuilds an Oxigraph store on disk, and no such store was named",
            hint="use it with --store oxigraph:DIR",
        )
    if endpoint:
        return EndpointStore(endpoint)
    if store is None:
        return HybridStore.from_out(out_dir)
    if store == "memory":
        return MemoryStore.from_out(out_dir)
    if store.startswith("oxigraph:"):
        location = Path(store.removeprefix("oxigraph:"))
        if not str(location):
            raise InputError("--store oxigraph: needs a folder", hint="write --store oxigraph:out/oxigraph")
        return open_folder(
            location, Path(out_dir), rebuild=rebuild, wait=wait, say=say or _to_stderr, purpose=purpose or _me()
        )
    raise InputError(f"unknown store '{store}'", hint="use --store memory or --store oxigraph:DIR")


def _to_stderr(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr, flush=True)


def _me() -> str:
    """What this process is, for the message of another that waits for it: ``kg query``, ``python``..."""
    prog = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if prog in ("kg", "__main__.py") and len(sys.argv) > 1 and sys.argv[1].isidentifier():
        return f"kg {sys.argv[1]}"
    return prog or "python"
