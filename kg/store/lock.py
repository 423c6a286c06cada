"""Who may use an Oxigraph store folder: many readers at once, or one writer, and who holds it.

A store folder ``DIR`` has a lock file beside it, ``DIR.lock`` (beside, not inside: a reload empties the
folder). Readers (a query, ``kg serve``) hold it shared; a load or reload holds it exclusive. Each holder also
writes a line about itself (what it does) into ``DIR.lock.d/PID-N`` (one file per holding), so that a process that
finds the store busy can say who holds it. A holder that was killed leaves its line behind; lines of processes
that are gone are ignored (and removed).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> with holding(folder, "a query", shared=True):
...     with holding(folder, "another query", shared=True):
...         print("two readers at once")
two readers at once
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.resources import display

#: numbers the holdings of this process (one process may hold a store twice: two open graphs)
_HOLDINGS = itertools.count(1)


class StoreBusy(InputError):
    """Another process holds the store in a way that excludes what was asked."""


def lock_file(location: Path) -> Path:
    """The lock file of the store folder ``location``: ``location`` + ``.lock``, beside it."""
    location = Path(location)
    return location.with_name(location.name + ".lock")


def _holders_dir(location: Path) -> Path:
    return lock_file(location).with_name(lock_file(location).name + ".d")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def holders(location: Path) -> list[tuple[int, str]]:
    """The live processes that say they hold the store at ``location``: (pid, what it does)."""
    found = []
    folder = _holders_dir(location)
    for entry in sorted(folder.glob("*")) if folder.is_dir() else []:
        try:
            pid = int(entry.name.split("-")[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            entry.unlink(missing_ok=True)
            continue
        try:
            found.append((pid, entry.read_text(encoding="utf-8").strip()))
        except OSError:
            continue
    return found


def describe_holders(location: Path) -> str:
    """``process 123 (kg serve on port 7878)``, or a sentence saying no holder could be named."""
    found = [(pid, what) for pid, what in holders(location) if pid != os.getpid()]
    if not found:
        return "a process that did not say who it is"
    return ", ".join(f"process {pid} ({what})" for pid, what in found)


@contextlib.contextmanager
def holding(
    location: Path,
    purpose: str,
    *,
    shared: bool,
    wait: float = 0.0,
    say: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the store at ``location`` (shared for reading, exclusive for loading) while the block runs.

    When another process holds it in a way that excludes this, wait up to ``wait`` seconds (telling ``say``
    once who we wait for), then raise :class:`StoreBusy` naming the holders and what to do.
    """
    path = lock_file(location)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"the Oxigraph store {display(Path(location))} is in use by {describe_holders(location)}",
                        hint="wait for it to finish or stop it, or use another store folder "
                        "(--store oxigraph:DIR, or --store-dir DIR for kg serve)",
                    ) from None
                if say is not None and not told:
                    say(f"waiting for {describe_holders(location)} to release {display(Path(location))} ...")
                    told = True
                time.sleep(0.1)
        me: Path | None = _holders_dir(location) / f"{os.getpid()}-{next(_HOLDINGS)}"
        try:
            me.parent.mkdir(exist_ok=True)  # type: ignore[union-attr]
            me.write_text(purpose + "\n", encoding="utf-8")  # type: ignore[union-attr]
        except OSError:  # naming ourselves is a courtesy, never a reason to fail
            me = None
        try:
            yield
        finally:
            if me is not None:
                me.unlink(missing_ok=True)
    finally:
        os.close(fd)  # releases the lock
