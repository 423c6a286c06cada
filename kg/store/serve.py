"""``kg serve``: the built graph behind the real Oxigraph SPARQL server, read-only, on the loopback interface."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from kg.errors import InputError, KgError
from kg.resources import display


class ServeError(KgError):
    """The server could not start."""


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


def prepare_store(out_dir: Path, location: Path) -> Path:
    """Load the build in ``out_dir`` into an Oxigraph store at ``location`` (replacing what it held)."""
    from kg.store import OxigraphStore

    nquads = Path(out_dir) / "ceasefire-kg.nq"
    if not nquads.exists():
        raise InputError(
            f"no built graph at {display(nquads)}",
            hint="run `kg build` first, or name the build folder with --from DIR",
        )
    store = OxigraphStore.load(location, nquads)
    del store  # release the store's lock: the server opens it next
    return location


def wait_until_listening(host: str, port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(
                f"the oxigraph server stopped at start (exit code {process.returncode}); is port {port} free?"
            )
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
            raise ServeError(
                f"port {port} on {host} is already in use ({exc.strerror}): "
                "pick another with --port (--port 0 picks a free one)"
            ) from None


def start_server(location: Path, port: int, host: str = "127.0.0.1") -> subprocess.Popen:
    """Start ``oxigraph serve-read-only`` on the store at ``location``; return once it listens."""
    check_port_free(host, port)
    cmd = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
    ]
    import os

    env = dict(os.environ, RUST_BACKTRACE="0")  # its errors, not a Rust backtrace
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
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


def _say(message: str) -> None:
    print(message, flush=True)  # a pipe (tee, a supervisor, a notebook) must see the URLs while it serves


def serve(out_dir: Path, location: Path, port: int, say: Callable[[str], None] = _say) -> int:
    """Load, start, print the URLs, and serve until Ctrl-C (or SIGTERM); stop the server cleanly."""
    host = "127.0.0.1"
    check_port_free(host, port)  # first: a second `kg serve` on a live server's port must not touch its store
    say(f"loading {display(Path(out_dir) / 'ceasefire-kg.nq')} into the Oxigraph store {display(location)} ...")
    prepare_store(out_dir, location)
    stopping = {"now": False}

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stopping["now"] = True

    # From here on, Ctrl-C or SIGTERM at any moment stops the Oxigraph server (started or starting) with us.
    previous = signal.signal(signal.SIGTERM, _stop)
    process, died = None, False
    try:
        process = start_server(location, port, host)
        say(f"serving the ceasefire graph read-only at http://{host}:{port}/")
        say(f"  query page (YASGUI): http://{host}:{port}/")
        say(f"  SPARQL endpoint:     http://{host}:{port}/query   (the named graphs' union is the default graph)")
        say("press Ctrl-C to stop")
        while not stopping["now"] and process.poll() is None:
            time.sleep(0.2)
        died = not stopping["now"]
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process is not None:
            stop_server(process)
    if died and process is not None:
        err = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise ServeError(f"the oxigraph server stopped (exit code {process.returncode}): {err.strip()[:500]}")
    say("stopped")
    return 0
