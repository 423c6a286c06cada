"""The store a user asked for: in memory (by default Oxigraph and rdflib, or rdflib alone), an Oxigraph folder
kept fresh with the build, or an endpoint."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.resources import display
from kg.store.base import Store
from kg.store.endpoint import EndpointStore
from kg.store.hybrid import HybridStore
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

#: a file in an Oxigraph store folder that names the build it was loaded from, so a rebuild reloads it
SOURCE_MARKER = "kg-loaded-from.txt"


def _fingerprint(path: Path) -> str:
    st = Path(path).stat()
    return f"{Path(path).resolve()} {st.st_size} {st.st_mtime_ns}\n"


def loaded_from(location: Path, nquads: Path) -> bool:
    """Whether the Oxigraph store folder ``location`` says it holds ``nquads`` as the file is now (its marker)."""
    try:
        return (Path(location) / SOURCE_MARKER).read_text() == _fingerprint(nquads)
    except OSError:  # no marker, or no build
        return False


def load_marked(location: Path, nquads: Path) -> OxigraphStore:
    """(Re)load the store at ``location`` from ``nquads``; its marker is cleared first and written last, so a
    load that dies half way is never taken as fresh (the caller holds the store exclusive: kg.store.lock)."""
    marker = Path(location) / SOURCE_MARKER
    marker.unlink(missing_ok=True)
    loaded = OxigraphStore.load(location, nquads)
    marker.write_text(_fingerprint(nquads))
    return loaded


def open_store(out_dir: Path = Path("out"), store: str | None = None, endpoint: str | None = None) -> Store:
    """The store a user asked for.

    ``store`` is ``None`` (the default: the build of ``out_dir`` in memory, the project's own queries
    answered by Oxigraph, every other query, and every answer Oxigraph could give otherwise, by rdflib:
    :class:`HybridStore`), ``"memory"`` (rdflib alone, from ``out_dir``), or ``"oxigraph:DIR"`` (an Oxigraph
    store in DIR, loaded from ``out_dir`` when empty or when the build is newer than what it holds);
    ``endpoint`` is the URL of a SPARQL endpoint.
    """
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
        from kg.store.files import NQUADS_FILE, finish_switch

        finish_switch(out_dir)  # a switch to a new set of outputs that a killed build left: completed or reported
        nquads = Path(out_dir) / NQUADS_FILE
        marker = location / SOURCE_MARKER
        if location.exists() and any(location.iterdir()):
            fresh = not nquads.exists() or (marker.exists() and marker.read_text() == _fingerprint(nquads))
            ox_store = OxigraphStore(location)
            if fresh and not ox_store.is_empty():
                return ox_store
            del ox_store  # stale: reload it from the newer build
        if not nquads.exists():
            raise InputError(
                f"no built graph at {display(nquads)}",
                hint="run `kg build` first, or name the build folder with --from DIR",
            )
        return load_marked(location, nquads)
    raise InputError(f"unknown store '{store}'", hint="use --store memory or --store oxigraph:DIR")
