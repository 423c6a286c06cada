"""``kg serve``: the built graph behind the real Oxigraph SPARQL server, read-only, on the loopback interface.

Two processes answer: the Oxigraph server (``oxigraph serve-read-only``) on a free loopback port of its own,
and in front of it, on the user's port, the HTTP front of :mod:`kg.store.serve_front` that checks every request
(host names, other sites, ``SERVICE``, time limits, sizes) before it passes it on.

The Oxigraph server's error output is read all the time into a rotated log beside the store (``DIR.log``):
no pipe is left unread. The store folder is held shared while it is served and exclusive while it is
(re)loaded (:mod:`kg.store.lock`); a store already loaded from this build is not loaded again. The Oxigraph
server is stopped with ``kg serve``, even when that is killed.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import logging
import logging.handlers
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType

from kg.errors import InputError
from kg.resources import display
from kg.store.serve_front import Front, ServeError, port_taken
from kg.store.timelimit import DEFAULT_TIMEOUT as _DEFAULT_SECONDS, die_with_parent

#: a query's time limit in seconds, by default (``kg serve --timeout``): the API's, in whole seconds
DEFAULT_TIMEOUT = int(_DEFAULT_SECONDS)
#: the log beside the store: its size before it is rotated, and how many old logs are kept
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed with the ``oxigraph`` package (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the `oxigraph` command is not installed: `pip install oxigraph` (make setup does it)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def log_path(location: Path) -> Path:
    """The server's log: beside the store folder ``location``, named ``location`` + ``.log``."""
    location = Path(location)
    return location.with_name(location.name + ".log")


def _nquads(out_dir: Path) -> Path:
    from kg.store.files import finish_switch

    finish_switch(out_dir)  # a build killed while it replaced its files: completed, or reported
    nquads = Path(out_dir) / "ceasefire-kg.nq"
    if not nquads.exists():
        raise InputError(
            f"no built graph at {display(nquads)}",
            hint="run `kg build` first, or name the build folder with --from DIR",
        )
    return nquads


def prepare_store(out_dir: Path, location: Path) -> Path:
    """Load the build in ``out_dir`` into an Oxigraph store at ``location`` (replacing what it held)."""
    from kg.store.folder import load_marked

    store = load_marked(location, _nquads(out_dir))
    del store  # release the store's lock: the server opens it next
    return location


@contextlib.contextmanager
def serving_store(out_dir: Path, location: Path, purpose: str, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the store at ``location`` shared while the block runs, loaded from the build in ``out_dir``.

    The store is loaded (exclusive) only when it does not hold this build yet; when another process uses it
    (another ``kg serve`` of an older or newer build), :class:`~kg.store.lock.StoreBusy` names it and nothing
    is touched.
    """
    from kg.store.folder import loaded_from
    from kg.store.lock import holding

    nquads = _nquads(out_dir)
    loaded = False
    for _attempt in range(3):
        with holding(location, purpose, shared=True, wait=60, say=say):
            if loaded_from(location, nquads):
                if not loaded:
                    say(f"the Oxigraph store {display(location)} holds this build already: not loaded again")
                yield
                return
        with holding(location, purpose + ", loading the store", shared=False):
            if not loaded_from(location, nquads):  # (or another process loaded it meanwhile)
                say(f"loading {display(nquads)} into the Oxigraph store {display(location)} ...")
                prepare_store(out_dir, location)
                loaded = True
        # the lock is let go and taken again shared: someone may load another build in between; look again
    raise ServeError(f"the Oxigraph store {display(location)} keeps being reloaded by other processes")


# -- the Oxigraph server and its log ----------------------------------------------------------------------------
class ServerLog:
    """The server's log file (rotated), and the last lines, to quote when the server dies."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.logger = logging.Logger(f"kg.serve.{id(self)}")  # not in the registry: nothing else writes here
        self.handler = logging.handlers.RotatingFileHandler(
            self.path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        self.handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        self.logger.addHandler(self.handler)
        self.last: collections.deque[str] = collections.deque(maxlen=20)

    def write(self, message: str) -> None:
        self.logger.info(message)

    def drain(self, stream: Iterable[bytes], who: str = "oxigraph") -> threading.Thread:
        """Read ``stream`` to its end in a thread, each line into the log: a pipe never fills up."""

        def read() -> None:
            try:
                for raw in stream:
                    line = raw.decode("utf-8", errors="replace").rstrip()
                    self.last.append(line)
                    self.write(f"{who}: {line}")
            except (OSError, ValueError):  # the pipe closed under us: the server is gone
                pass

        thread = threading.Thread(target=read, name="kg-serve-log", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.logger.removeHandler(self.handler)
        self.handler.close()


def wait_until_listening(host: str, port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"the oxigraph server stopped at start (exit code {process.returncode})")
        with socket.socket() as s:
            if s.connect_ex((host, port)) == 0:
                time.sleep(0.05)  # a server that failed to bind exits at once: do not take another's port for it
                if process.poll() is None:
                    return
                continue
        time.sleep(0.05)
    raise ServeError(f"the oxigraph server did not listen on {host}:{port} within {timeout:.0f} s")


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`ServeError` when something already listens on ``host:port``."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is no obstacle
        try:
            s.bind((host, port))
        except OSError as exc:
            raise port_taken(host, port, exc) from None


def _merged(location: Path) -> bool:
    """Whether the store at ``location`` has the merged triples in its default graph (a store loaded by this kg)."""
    from kg.store.oxigraph import OxigraphStore, has_merged_default_graph

    with OxigraphStore(location, read_only=True) as opened:
        return has_merged_default_graph(opened.store)


def start_server(
    location: Path,
    port: int,
    host: str = "127.0.0.1",
    *,
    timeout: int = DEFAULT_TIMEOUT,
    log: ServerLog | None = None,
) -> subprocess.Popen:
    """Start ``oxigraph serve-read-only`` on the store at ``location``; return once it listens.

    Its error output goes to ``log`` (read all the time by a thread), or nowhere."""
    check_port_free(host, port)
    cmd = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        *([] if _merged(location) else ["--union-default-graph"]),  # each triple once: see merge_default_graph
        "--timeout-s",
        str(timeout),
    ]
    env = dict(os.environ, RUST_BACKTRACE="0")  # its errors, not a Rust backtrace
    process = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if log is not None else subprocess.DEVNULL,
        env=env,
        preexec_fn=functools.partial(die_with_parent, os.getpid(), signal.SIGTERM),  # stopped with us
    )
    if log is not None and process.stderr is not None:
        log.drain(process.stderr)
    try:
        wait_until_listening(host, port, process)
    except BaseException:  # ServeError, or Ctrl-C while it starts: never leave the server behind
        stop_server(process)
        raise
    return process


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server and wait for it to be gone."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the front ------------------------------------------------------------------------------------------------
# -- kg serve -------------------------------------------------------------------------------------------------
def _say(message: str) -> None:
    print(message, flush=True)  # a pipe (tee, a supervisor, a notebook) must see the URLs while it serves


def serve(
    out_dir: Path,
    location: Path,
    port: int,
    say: Callable[[str], None] = _say,
    *,
    timeout: int = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    allow_hosts: Iterable[str] = (),
) -> int:
    """Load (when needed), start, print the URLs, and serve until Ctrl-C (or SIGTERM); stop cleanly.

    ``port`` 0 picks a free port. The Oxigraph server's log goes to :func:`log_path` of ``location``."""
    host = "127.0.0.1"
    if timeout < 1:
        raise ServeError(f"--timeout must be at least 1 second (not {timeout})")
    # first: a second `kg serve` on a live server's port stops here, before it looks at any store
    front = Front(host, port, timeout=timeout, allow_service=allow_service, allow_hosts=allow_hosts)
    stopping = {"now": False}

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stopping["now"] = True

    process, died, log = None, False, None
    try:
        with serving_store(out_dir, location, f"kg serve on port {front.port}", say):
            log = front.log = ServerLog(log_path(location))
            log.write(f"kg serve (process {os.getpid()}) on port {front.port}, store {location}")
            # From here on, Ctrl-C or SIGTERM at any moment stops the Oxigraph server (started or starting) with us.
            previous = signal.signal(signal.SIGTERM, _stop)
            try:
                inner = free_port(host)
                process = start_server(location, inner, host, timeout=timeout, log=log)
                front.start((host, inner))
                port = front.port
                say(f"serving the ceasefire graph read-only at http://{host}:{port}/")
                say(f"  query page (YASGUI): http://{host}:{port}/")
                say(
                    f"  SPARQL endpoint:     http://{host}:{port}/query   (the named graphs' union is the default graph)"
                )
                say(f"  time limit per query: {timeout} s; SERVICE {'allowed' if allow_service else 'refused'}")
                say(f"  log: {display(log.path)}")
                say("press Ctrl-C to stop")
                while not stopping["now"] and process.poll() is None:
                    time.sleep(0.2)
                died = not stopping["now"]
            except KeyboardInterrupt:
                pass
            finally:
                signal.signal(signal.SIGTERM, previous)
                front.shutdown_if_serving()
                if process is not None:
                    stop_server(process)
    except OSError as exc:  # the store's folder, its lock or its log cannot be written; the server cannot start
        where = f" ({display(Path(exc.filename))})" if exc.filename else ""
        raise ServeError(f"cannot serve the store {display(location)}: {exc.strerror or exc}{where}") from None
    finally:
        front.server_close()
        if log is not None:
            log.close()
    if died and process is not None:
        last = "; ".join(log.last) if log is not None else ""
        raise ServeError(
            f"the oxigraph server stopped (exit code {process.returncode})"
            + (f": {last[-500:]}" if last else "")
            + (f" (its log: {display(log.path)})" if log is not None else "")
        )
    say("stopped")
    return 0
