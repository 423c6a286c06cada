"""Real triple stores for the tests: a Virtuoso (Debian's ``virtuoso-opensource``) and a writable Oxigraph server.

Each runs on free loopback ports, in a temporary folder of its own (its database, its configuration, its log),
in a process group of its own, and is told to die with the test process (Linux's PR_SET_PDEATHSIG); ``stop()``
ends the whole group (SIGTERM, then SIGKILL) and is safe to call twice. Use them as context managers, or
through the fixtures of tests/conftest.py (``virtuoso``, ``oxigraph_server``), which stop them even when a test
fails.

* :class:`Virtuoso`: ``virtuoso-t +foreground`` with a copy of Debian's virtuoso.ini pointing at the folder; a
  fresh database has the user ``dba`` with the password ``dba``. ``query_url`` (``/sparql``, anonymous
  read), ``update_url`` (``/sparql-auth``, SPARQL 1.1 Update, HTTP digest auth), ``gsp_url``
  (``/sparql-graph-crud-auth``, the Graph Store HTTP Protocol, digest auth: ``?graph-uri=IRI``), and
  :meth:`Virtuoso.bulk_load`: Virtuoso's bulk loader run through ``isql-vt``, as a user loads a build.
* :class:`OxigraphServer`: ``oxigraph serve --location DIR`` (read-write; the ``oxigraph`` command of the
  ``oxigraph`` package that ``kg serve`` uses): ``query_url`` (``/query``), ``update_url`` (``/update``),
  ``gsp_url`` (``/store``: ``?graph=IRI``, or no parameter for the whole dataset), and :meth:`load`. Its
  queries read the union of the named graphs as the default graph (``--union-default-graph``), as Virtuoso's do.

* :class:`DaskCluster`: a Dask scheduler and single-threaded workers on loopback, for ``kg build --cluster``
  (tests/test_cluster.py, bench/cluster.py).

``make store-setup`` installs Virtuoso (``make test`` runs it); without it, :func:`virtuoso_binary` fails the
test with that advice: CI must run these tests, never skip them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.store.serve import oxigraph_binary

VIRTUOSO_T = Path("/usr/bin/virtuoso-t")
ISQL_VT = Path("/usr/bin/isql-vt")
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_DB = "/var/lib/virtuoso-opensource-7/db"
VIRTUOSO_VAD = "/usr/share/virtuoso-opensource-7/vad"
SETUP_HINT = (
    "Virtuoso is not installed (no {path}): run `make store-setup` (it installs Debian's virtuoso-opensource; "
    "`make test` runs it)"
)


class ServerError(RuntimeError):
    """A store did not start, or refused what the tests asked of it; the message quotes its log."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def virtuoso_binaries() -> tuple[Path, Path]:
    """(virtuoso-t, isql-vt); :class:`ServerError` saying to run ``make store-setup`` when one is missing."""
    for path in (VIRTUOSO_T, ISQL_VT, VIRTUOSO_INI):
        if not path.exists():
            raise ServerError(SETUP_HINT.format(path=path))
    return VIRTUOSO_T, ISQL_VT


def _in_own_group_dying_with(parent: int) -> None:
    """In the child, before exec: a process group of its own (stopped as a whole), killed when ``parent`` dies
    (Linux's PR_SET_PDEATHSIG; elsewhere the group is only stopped by :meth:`_Server.stop`)."""
    os.setsid()
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


def _stop_group(process: subprocess.Popen) -> None:
    """Stop ``process`` and its whole process group (SIGTERM, after 20 s SIGKILL) and wait for it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # anything left in its group
    process.wait()


class _Server:
    """A server process in its own group, its output in ``folder/server.log``."""

    name = "server"
    folder: Path
    process: subprocess.Popen | None = None

    def _start(self, argv: list[str], cwd: Path) -> None:
        self.log_path = self.folder / "server.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(os.environ, RUST_BACKTRACE="0"),
                preexec_fn=functools.partial(_in_own_group_dying_with, os.getpid()),
            )

    def log(self) -> str:
        """The end of the server's log."""
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return "(no log)"

    def _wait_http(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} stopped at start (exit code {self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    if resp.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise ServerError(f"{self.name} did not answer {url} within {timeout:.0f} s:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server's whole process group (SIGTERM, after 20 s SIGKILL) and wait for it; idempotent."""
        process, self.process = self.process, None
        if process is not None:
            _stop_group(process)

    def close(self) -> None:
        """:meth:`stop`, then remove the folder when this object made it."""
        self.stop()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    _own_folder = False

    def _folder(self, folder: Path | None, prefix: str) -> Path:
        if folder is None:
            self._own_folder = True
            return Path(tempfile.mkdtemp(prefix=prefix))
        folder.mkdir(parents=True, exist_ok=True)
        return folder.resolve()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Virtuoso(_Server):
    """A private Virtuoso 7 (Debian's package) on free loopback ports, its database in ``folder``."""

    name = "virtuoso"
    user = "dba"
    password = "dba"

    def __init__(
        self, folder: Path | None = None, *, settings: dict[tuple[str, str], str] | None = None, timeout: float = 120.0
    ) -> None:
        """``settings``: values of virtuoso.ini to change, by (section, key), e.g. ``{("SPARQL",
        "ResultSetMaxRows"): "100"}``."""
        self.settings = dict(settings or {})
        virtuoso_t, self.isql_vt = virtuoso_binaries()
        self.folder = self._folder(folder, "kg-virtuoso-")
        self.isql_port, self.http_port = free_port(), free_port()
        while self.http_port == self.isql_port:
            self.http_port = free_port()
        base = f"http://127.0.0.1:{self.http_port}"
        self.query_url = f"{base}/sparql"
        self.update_url = f"{base}/sparql-auth"
        self.gsp_url = f"{base}/sparql-graph-crud-auth"
        ini = self.folder / "virtuoso.ini"
        ini.write_text(self._config(VIRTUOSO_INI.read_text()), encoding="utf-8")
        self._start([str(virtuoso_t), "+configfile", str(ini), "+foreground"], cwd=self.folder)
        try:
            self._wait_http(f"{self.query_url}?query=" + urllib.parse.quote("ASK {}"), timeout)
        except BaseException:
            self.close()
            raise

    def _config(self, text: str) -> str:
        """Debian's virtuoso.ini with the database in ``folder``, its ports, and ``folder`` allowed to load from."""
        text = text.replace(VIRTUOSO_DB, str(self.folder))

        def section(name: str, key: str, value: str, text: str) -> str:
            pattern = re.compile(rf"(^\[{re.escape(name)}\][^\[]*?^{key}\s*=)[^\n]*", re.M | re.S)
            new, count = pattern.subn(lambda m: f"{m.group(1)} {value}", text)
            if count != 1:
                raise ServerError(f"{VIRTUOSO_INI} has no [{name}] {key} to set")
            return new

        text = section("Parameters", "ServerPort", str(self.isql_port), text)
        text = section("HTTPServer", "ServerPort", f"127.0.0.1:{self.http_port}", text)
        text = section("Parameters", "DirsAllowed", f"., {self.folder}, {VIRTUOSO_VAD}", text)
        for (name, key), value in self.settings.items():
            text = section(name, key, value, text)
        return text

    def isql(self, sql: str) -> str:
        """Run ``sql`` (statements ending in ``;``) through ``isql-vt`` as dba; its output, or ServerError."""
        done = subprocess.run(
            [str(self.isql_vt), f"127.0.0.1:{self.isql_port}", self.user, self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0 or "*** Error" in done.stdout or "*** Error" in done.stderr:
            raise ServerError(f"isql-vt failed on {sql!r}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def bulk_load(self, nq_file: Path, fallback_graph: str = "urn:kg:fallback") -> None:
        """Load an N-Quads file with Virtuoso's bulk loader, as a user loads a build: the file copied into the
        database folder (allowed by DirsAllowed), ``ld_dir``, ``rdf_loader_run()``, ``checkpoint``. A file
        the loader refused raises :class:`ServerError` with its error."""
        load_dir = self.folder / "load"
        load_dir.mkdir(exist_ok=True)
        name = Path(nq_file).name
        shutil.copyfile(nq_file, load_dir / name)
        self.isql(f"ld_dir('{load_dir}', '{name}', '{fallback_graph}'); rdf_loader_run(); checkpoint;")
        errors = self.isql(
            f"SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '{load_dir}/%' "
            "AND ll_error IS NOT NULL;"
        )
        if "0 Rows." not in errors:
            raise ServerError(f"Virtuoso's bulk loader refused {nq_file}:\n{errors}")


class OxigraphServer(_Server):
    """``oxigraph serve`` (read-write) on a free loopback port, its store in ``folder``."""

    name = "oxigraph"

    def __init__(self, folder: Path | None = None, *, union_default_graph: bool = True, timeout: float = 30.0) -> None:
        self.folder = self._folder(folder, "kg-oxigraph-")
        self.port = free_port()
        base = f"http://127.0.0.1:{self.port}"
        self.query_url, self.update_url, self.gsp_url = f"{base}/query", f"{base}/update", f"{base}/store"
        argv = [
            oxigraph_binary(),
            "serve",
            "--location",
            str(self.folder / "store"),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        if union_default_graph:
            argv.append("--union-default-graph")
        self._start(argv, cwd=self.folder)
        try:
            self._wait_http(f"{self.query_url}?query=" + urllib.parse.quote("ASK {}"), timeout)
        except BaseException:
            self.close()
            raise

    def load(self, nq_file: Path) -> None:
        """Add an N-Quads file to the store: POST to the Graph Store endpoint with no graph (the whole dataset)."""
        data = Path(nq_file).read_bytes()
        req = urllib.request.Request(
            self.gsp_url, data=data, method="POST", headers={"Content-Type": "application/n-quads"}
        )
        try:
            with urllib.request.urlopen(req, timeout=600) as resp:
                if resp.status not in (200, 201, 204):
                    raise ServerError(f"oxigraph answered {resp.status} to loading {nq_file}")
        except urllib.error.HTTPError as exc:
            raise ServerError(f"oxigraph refused {nq_file}: {exc.code} {exc.read()[:500]!r}") from None


class DaskCluster:
    """A Dask scheduler on a loopback port and ``workers`` single-threaded workers: ``dask scheduler`` and
    ``dask worker`` of this Python's environment, each in a process group of its own (its session id is its pid)
    that dies with this process, each run from a folder of its own under ``folder`` (so that they do not see the
    corpus), its log in ``folder/NAME.log``, with ``env`` added to its environment.

    Once made, the workers have joined: ``address``, ``scheduler_file``, ``scheduler`` and ``workers`` (the
    processes), ``startup_seconds``. :meth:`stop` (or leaving the ``with`` block) ends them all; a cluster that
    does not start stops what it started and raises :class:`ServerError` with the scheduler's log.
    """

    def __init__(
        self, folder: Path, workers: int = 2, *, env: dict[str, str] | None = None, timeout: float = 120.0
    ) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.env = env or {}
        self.scheduler_file = folder / "scheduler.json"
        self.scheduler_file.unlink(missing_ok=True)
        self.processes: list[subprocess.Popen] = []
        t0 = time.perf_counter()
        try:
            self.scheduler = self._start(
                "scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0",
                "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(self.scheduler_file),
            )  # fmt: skip
            deadline = time.monotonic() + timeout
            while not self.scheduler_file.exists():
                if self.scheduler.poll() is not None or time.monotonic() > deadline:
                    log = (folder / "scheduler.log").read_text(errors="replace")[-3000:]
                    raise ServerError(f"the Dask scheduler did not start:\n{log}")
                time.sleep(0.2)
            self.address: str = json.loads(self.scheduler_file.read_text())["address"]
            worker = ("worker", "--scheduler-file", str(self.scheduler_file), "--nthreads", "1", "--no-dashboard")
            self.workers = [
                self._start(f"worker{i}", *worker, "--local-directory", str(folder / f"worker{i}"))
                for i in range(1, workers + 1)
            ]
            from distributed import Client

            with Client(self.address, timeout=60, set_as_default=False) as client:
                client.wait_for_workers(workers, timeout=timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - t0

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        cwd = self.folder / name
        cwd.mkdir(exist_ok=True)
        with open(self.folder / f"{name}.log", "wb") as log:
            process = subprocess.Popen(
                [str(Path(sys.executable).with_name("dask")), *args],
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
                preexec_fn=functools.partial(_in_own_group_dying_with, os.getpid()),
            )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """Stop the workers, then the scheduler (each process group); idempotent."""
        processes, self.processes = self.processes, []
        for process in reversed(processes):
            _stop_group(process)

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
