"""Time limits for queries: the work runs in a forked child process that is killed when its time is up.

Neither engine can be stopped from Python while it evaluates: Oxigraph evaluates in Rust and does not look at
Python's signals, and a thread cannot be stopped at all. A child process can: :func:`within` forks, the child
answers and sends its answer back through a pipe (pickled), and the parent kills it when the time is up. So a
query past its limit stops using the CPU at once, and the parent goes on. The child sees the parent's graph as
it is (the memory is shared, copied only where written); what it builds for itself is lost with it, so a
store that builds something on first need does so in the parent (:class:`WarmFirst`).

Without ``fork`` (Windows), queries run without a limit.

>>> within(5, lambda: 6 * 7, "a sum")
42
>>> within(0.5, lambda: __import__("time").sleep(3), "a nap")
Traceback (most recent call last):
...
kg.store.timelimit.QueryTimeout: a nap took longer than 0.5 s and was stopped
  fix: make it more selective, or allow more time with --timeout SECONDS (0: no limit; API: timeout=...)
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import TypeVar, cast

from kg.errors import InputError

T = TypeVar("T")

#: seconds a query may take unless told otherwise (``kg query --timeout``, ``kg.load(timeout=...)``)
DEFAULT_TIMEOUT = 10.0

_IN_CHILD = False


class QueryTimeout(InputError):
    """A query took longer than its time limit and was stopped."""


def timed_out(what: str, seconds: float) -> QueryTimeout:
    """The error of ``what`` stopped after ``seconds``."""
    return QueryTimeout(
        f"{what} took longer than {seconds:g} s and was stopped",
        hint="make it more selective, or allow more time with --timeout SECONDS (0: no limit; API: timeout=...)",
    )


class WarmFirst(Exception):  # a request, not an error
    """Raised in a child that needs something built in the parent first (it would be lost with the child)."""


def in_child() -> bool:
    """Whether this process is a child of :func:`within` (which then should build nothing it must keep)."""
    return _IN_CHILD


def die_with_parent(parent: int | None = None, signum: int = signal.SIGKILL) -> None:
    """In a child process: be sent ``signum`` (by default killed) when the parent dies, even by ``kill -9``
    (Linux's PR_SET_PDEATHSIG), so that a killed ``kg`` leaves no worker behind. Elsewhere nothing is done.

    ``parent``: the parent's process id, when known (a child of a pool is told by ``os.getppid() == 1``)."""
    import ctypes

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signum)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # no prctl here: workers then end when their pipe closes
        return
    if os.getppid() != (parent if parent is not None else os.getppid()) or os.getppid() == 1:
        os._exit(1)  # the parent died before prctl took effect


def within(seconds: float | None, work: Callable[[], T], what: str, warm: Callable[[], object] | None = None) -> T:
    """``work()``, stopped after ``seconds`` (``None`` or 0: no limit) with :class:`QueryTimeout`.

    ``work`` runs in a forked child; its answer (or its error) must pickle. When the child raises
    :class:`WarmFirst`, ``warm()`` runs here and the work runs again, once.
    """
    if not seconds or seconds <= 0 or _IN_CHILD or not hasattr(os, "fork"):
        return work()
    for attempt in (1, 2):
        kind, value = _run_forked(seconds, work, what)
        if kind == "ok":
            return cast(T, value)
        if kind == "warm" and warm is not None and attempt == 1:
            warm()
            continue
        if kind == "warm":
            return work()  # nothing to warm: run it here, unbounded rather than not at all
        raise cast(BaseException, value)
    raise AssertionError("unreachable")


def _run_forked(seconds: float, work: Callable[[], object], what: str) -> tuple[str, object]:
    read_end, write_end = os.pipe()
    parent = os.getpid()
    with warnings.catch_warnings():  # 3.12+ warns of fork in a threaded process: the child only computes
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: answer, send, and leave without running the parent's exit handlers
        os.close(read_end)
        global _IN_CHILD
        _IN_CHILD = True
        code = 0
        try:
            die_with_parent(parent)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            try:
                payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
            except WarmFirst:
                payload = pickle.dumps(("warm", None))
            except BaseException as exc:  # sent to the parent, which raises it
                try:
                    payload = pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
                    pickle.loads(payload)  # an error that pickles but cannot be rebuilt goes as text
                except Exception:
                    payload = pickle.dumps(("text", f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:  # the parent reports a child that sent nothing
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    try:
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([pipe], [], [], left)[0]:
                    _kill(pid)
                    raise timed_out(what, seconds)
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:
        _kill(pid)
        raise
    _, status = os.waitpid(pid, 0)
    if not chunks:
        from kg.store.base import StoreError

        return "error", StoreError(f"{what} stopped without an answer (exit status {status})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "text":
        from kg.store.base import StoreError

        return "error", StoreError(str(value))
    return kind, value


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
