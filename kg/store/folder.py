"""An Oxigraph store folder kept with a build: the marker naming the build it holds, loads and reloads under
the store's lock (:mod:`kg.store.lock`), damage found and rebuilt, and a folder of other files left alone."""

from __future__ import annotations

import collections
import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.resources import display
from kg.store.base import StoreError
from kg.store.lock import StoreBusy, holding
from kg.store.oxigraph import OxigraphStore

#: a file in an Oxigraph store folder that names the build it was loaded from, so a rebuild reloads it
SOURCE_MARKER = "kg-loaded-from.txt"


#: seconds an open waits for another process that holds the store (``--store-wait`` on the command line)
DEFAULT_WAIT = 10.0

#: the files of an Oxigraph (RocksDB) store folder, and our marker: the only files --rebuild-store deletes
_STORE_FILE = re.compile(
    r"(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?|\d+\.(sst|log|blob|dbtmp))"
)


def _fingerprint(path: Path) -> str:
    st = Path(path).stat()
    return f"{Path(path).resolve()} {st.st_size} {st.st_mtime_ns}\n"


def loaded_from(location: Path, nquads: Path) -> bool:
    """Whether the Oxigraph store folder ``location`` says it holds ``nquads`` as the file is now (its marker)."""
    try:
        return (Path(location) / SOURCE_MARKER).read_text() == _fingerprint(nquads)
    except (OSError, UnicodeDecodeError):  # no marker, or no build, or a marker that is not ours
        return False


def load_marked(location: Path, nquads: Path) -> OxigraphStore:
    """(Re)load the store at ``location`` from ``nquads``; its marker is cleared first and written last, so a
    load that dies half way is never taken as fresh (the caller holds the store exclusive: kg.store.lock)."""
    marker = Path(location) / SOURCE_MARKER
    marker.unlink(missing_ok=True)
    loaded = OxigraphStore.load(location, nquads)
    marker.write_text(_fingerprint(nquads))
    return loaded


def store_files(location: Path) -> list[Path]:
    """The files of the Oxigraph store in the folder ``location`` (RocksDB's, and the "loaded from" marker)."""
    if not location.is_dir():
        return []
    return [f for f in location.iterdir() if _STORE_FILE.fullmatch(f.name) or f.name == SOURCE_MARKER]


def _holds_store(location: Path) -> bool:
    """Whether ``location`` holds an Oxigraph store (whole or damaged): a file of RocksDB's besides its log and
    lock, which it writes before anything else."""
    return any(f.name not in (SOURCE_MARKER, "LOCK", "LOG") for f in store_files(location))


def _check_folder(location: Path) -> None:
    """A store folder is a folder that holds an Oxigraph store, or nothing yet."""
    if location.exists() and not location.is_dir():
        raise InputError(
            f"--store oxigraph: {display(location)} is a file, not a folder",
            hint="name a folder for the store (it is made when missing), e.g. --store oxigraph:out/oxigraph",
        )
    if location.is_dir() and not store_files(location):
        others = sorted(f.name for f in location.iterdir())
        if others:
            raise InputError(
                f"--store oxigraph: {display(location)} holds other files ({', '.join(others[:3])}"
                f"{', ...' if len(others) > 3 else ''}) and no Oxigraph store; kg does not put a store among them",
                hint="name an empty or new folder for the store, e.g. --store oxigraph:out/oxigraph",
            )


def _fresh(location: Path, nquads: Path) -> bool:
    """Whether the store holds what the build holds (or there is no build to compare it with)."""
    return not nquads.exists() or loaded_from(location, nquads)


def _no_build(nquads: Path) -> InputError:
    return InputError(
        f"no built graph at {display(nquads)}",
        hint="run `kg build` first, or name the build folder with --from DIR",
    )


def _reload(location: Path, nquads: Path) -> None:
    """Load the build into the store (under the exclusive lock); the marker cleared first, written last: a
    reload that dies is never taken as fresh."""
    loaded = load_marked(location, nquads)
    loaded.close()
    del loaded


def _wipe(location: Path) -> None:
    """Delete the store's own files from ``location`` (nothing else: the folder may hold a server's log)."""
    for f in store_files(location):
        f.unlink(missing_ok=True)


def open_folder(
    location: Path, out_dir: Path, *, rebuild: bool, wait: float, say: Callable[[str], None], purpose: str
) -> OxigraphStore:
    from kg.store.files import NQUADS_FILE, finish_switch

    _check_folder(location)
    finish_switch(out_dir)  # a switch to a new set of outputs that a killed build left: completed or reported
    nquads = out_dir / NQUADS_FILE
    if rebuild:
        if not nquads.exists():  # nothing to rebuild from: refused before anything is deleted
            raise _no_build(nquads)
        with _exclusive(location, f"{purpose}: rebuilds the store", wait, say):
            _wipe(location)
            _reload(location, nquads)
    for attempt in range(3):
        hold = contextlib.ExitStack()
        try:
            hold.enter_context(holding(location, f"{purpose}: reads the store", shared=True, wait=wait, say=say))
            if _holds_store(location) and _fresh(location, nquads):
                opened = OxigraphStore(location, read_only=True)
                if not opened.is_empty() or attempt == 2:
                    opened.hold = hold.pop_all()
                    _open_here[_key(location)] += 1
                    opened.hold.callback(_open_here.subtract, [_key(location)])
                    return opened
                opened.close()
        finally:
            hold.close()
        if not nquads.exists():
            raise _no_build(nquads)
        with _exclusive(location, f"{purpose}: loads the store from {display(nquads)}", wait, say):
            if not (_holds_store(location) and _fresh(location, nquads)):  # another process may have done it
                _reload(location, nquads)
            else:
                with OxigraphStore(location, read_only=True) as check:
                    if check.is_empty():
                        _reload(location, nquads)
    raise StoreError(f"the Oxigraph store {display(location)} could not be opened after it was loaded")


#: the store folders this process has open (a count each): a reload here would wait for itself
_open_here: collections.Counter[str] = collections.Counter()


def _key(location: Path) -> str:
    return str(Path(location).resolve())


def _exclusive(location: Path, purpose: str, wait: float, say: Callable[[str], None]) -> Any:
    """Hold the store exclusive (:func:`holding`). A store this very process still has open (an earlier
    ``kg.load`` or ``open_store`` whose graph is in use) would keep it waiting for itself: that is said at once."""
    if _open_here[_key(location)]:
        raise StoreBusy(
            f"the Oxigraph store {display(location)} must be loaded again, and this process still has it open "
            "(an earlier open_store or kg.load whose graph is in use)",
            hint="close it first (store.close(), or drop the graph: del g), then open it again",
        )
    return holding(location, purpose, shared=False, wait=wait, say=say)
