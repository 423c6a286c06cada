"""``kg serve`` end to end, as a user runs it: the command, its output, HTTP, Ctrl-C.

The `kg` command runs as a subprocess on a copy of the seed build; everything happens on 127.0.0.1, every
wait is bounded, and every test leaves no process behind (the `oxigraph` server is found in /proc by its
store folder, which is unique to the test).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import KG, run_kg
from rdflib import BNode, Literal, URIRef

from kg.query.graph import KnowledgeGraph, with_prefixes
from kg.query.named import named_queries
from kg.store import MemoryStore
from kg.store.serve import free_port

HOST = "127.0.0.1"
QUERIES = named_queries()
START_TIMEOUT = 30.0
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy


# -- running `kg serve` ---------------------------------------------------------------------------------------
class Lines:
    """The lines a stream gives, read by a thread, so that waiting for one can time out."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.closed = False
        self._cv = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._cv:
                self.lines.append(line)
                self._cv.notify_all()
        with self._cv:
            self.closed = True
            self._cv.notify_all()

    def wait_for(self, text: str, timeout: float) -> str | None:
        """The first line holding ``text``, or ``None`` when the stream ends or ``timeout`` passes first."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                for line in self.lines:
                    if text in line:
                        return line
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    return None
                self._cv.wait(remaining)

    def text(self) -> str:
        with self._cv:
            return "".join(self.lines)


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    store_dir: Path
    stdout: Lines
    stderr: Lines
    url: str = ""


def _env(unbuffered: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        # Set here whatever the caller's environment says, so that these tests do not depend on it; a user's
        # shell does not set it: test_urls_are_printed_when_stdout_is_a_pipe runs without it.
        env["PYTHONUNBUFFERED"] = "1"
    return env


def _start(
    out: Path,
    store_dir: Path | None,
    cwd: Path,
    port: int | None = None,
    unbuffered: bool = True,
    extra: tuple[str, ...] = (),
) -> Server:
    """Start `kg serve` on ``out``; ``store_dir`` None: without --store-dir (the default folder in ``out``)."""
    port = port or free_port(HOST)
    store_args = ["--store-dir", str(store_dir)] if store_dir is not None else []
    if store_dir is None:
        store_dir = out / "oxigraph-serve"
    process = subprocess.Popen(
        [str(KG), "serve", "--from", str(out), "--port", str(port), *store_args, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=_env(unbuffered),
    )
    return Server(process, port, store_dir, Lines(process.stdout), Lines(process.stderr))


def _wait_serving(server: Server, timeout: float = START_TIMEOUT) -> str:
    line = server.stdout.wait_for("serving", timeout)
    assert line is not None, (
        f"`kg serve` did not say it is serving within {timeout:.0f} s "
        f"(exit code {server.process.poll()})\nstdout:\n{server.stdout.text()}\n"
        f"stderr:\n{server.stderr.text()}"
    )
    found = re.search(r"https?://\S+", line)
    assert found, line
    server.url = found.group(0)
    # the URLs follow; the last line comes just before it waits for Ctrl-C
    assert server.stdout.wait_for("Ctrl-C", 10) is not None, server.stdout.text()
    return line


def _oxigraph_pids(store_dir: Path, parent: int | None = None) -> list[int]:
    """The running `oxigraph` processes whose command line names ``store_dir`` (and, given ``parent``, whose
    parent is that process, or none: an orphan)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):  # gone meanwhile, or not ours to read
            continue
        ours = parent is None or ppid in (parent, 1)
        if ours and args and Path(os.fsdecode(args[0])).name == "oxigraph" and str(store_dir) in map(os.fsdecode, args):
            pids.append(int(entry.name))
    return pids


def _stop(server: Server) -> None:
    """Stop `kg serve` (Ctrl-C, then harder), and any `oxigraph` it left on our store folder."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
    for pid in _oxigraph_pids(server.store_dir, server.process.pid):  # only this `kg serve`'s, or an orphan
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.stdout.thread.join(timeout=5)
    server.stderr.thread.join(timeout=5)


def _port_open(port: int, host: str = HOST) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


# -- HTTP -----------------------------------------------------------------------------------------------------
def _request(
    server: Server,
    method: str,
    path: str,
    *,
    query: dict | None = None,
    form: dict | None = None,
    body: str | None = None,
    content_type: str | None = None,
    accept: str = "application/sparql-results+json",
) -> tuple[int | None, str, bytes]:
    """(status, content type, body); status ``None`` when the server refused the connection."""
    url = f"http://{HOST}:{server.port}{path}" + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = {"Accept": accept}
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = body.encode()
        headers["Content-Type"] = content_type or "text/plain"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with HTTP.open(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ConnectionRefusedError):
            return None, "", b""
        raise


def _term(binding: dict | None):
    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    return Literal(binding["value"], datatype=URIRef(binding["datatype"]) if "datatype" in binding else None)


def _value(term):
    """Compared by value: a server writes numbers in canonical form and derived integer types as
    xsd:integer (``"30.0"^^xsd:decimal`` comes back ``"30"``), and a string with or without ^^xsd:string;
    ``toPython()`` values (with their type, to keep ``true`` apart from ``1``) are the same."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Literal):
            return ("literal", str(term), str(term.datatype), term.language)
        return ("literal", type(value).__name__, value, term.language)
    if isinstance(term, BNode):
        return ("blank node",)
    return term


def _select_json(status: int | None, ctype: str, body: bytes) -> tuple[list[str], Counter]:
    assert status == 200, (status, body[:500])
    assert "json" in ctype, ctype
    payload = json.loads(body)
    names = payload["head"]["vars"]
    rows = Counter(tuple(_value(_term(b.get(n))) for n in names) for b in payload["results"]["bindings"])
    return names, rows


def _count_quads(server: Server) -> int:
    status, _ctype, body = _request(
        server, "GET", "/query", query={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    )
    assert status == 200, (status, body[:300])
    (binding,) = json.loads(body)["results"]["bindings"]
    return int(binding["n"]["value"])


def _ask(server: Server, text: str) -> bool:
    status, _ctype, body = _request(server, "GET", "/query", query={"query": text})
    assert status == 200, (status, body[:300])
    return json.loads(body)["boolean"]


# -- one server for the HTTP tests ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def out_copy(seed_out, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "out"
    shutil.copytree(seed_out, out)
    return out


@pytest.fixture(scope="module")
def served(out_copy, tmp_path_factory):
    work = tmp_path_factory.mktemp("served")
    server = _start(out_copy, work / "store", work)
    try:
        _wait_serving(server)
        yield server
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def in_process(out_copy) -> KnowledgeGraph:
    return KnowledgeGraph(MemoryStore.from_out(out_copy))


def test_prints_the_loopback_url_and_serves_the_query_page(served):
    assert served.url == f"http://127.0.0.1:{served.port}/"
    out = served.stdout.text()
    assert f"http://127.0.0.1:{served.port}/query" in out
    status, ctype, body = _request(served, "GET", "/", accept="text/html")
    assert status == 200
    assert ctype.startswith("text/html")
    page = body.decode(errors="replace").lower()
    assert "<html" in page and "yasgui" in page


@pytest.mark.parametrize("name", list(QUERIES))
def test_named_queries_over_http_answer_as_in_process(served, in_process, name):
    from kg.store import bind_values

    query = QUERIES[name]
    # a query whose params are not node filters needs them: bind them as any client would, in the text
    params = {"date": "2025-03-20"} if "date" in query.params else {}
    expected = in_process.select(query.text, params, query)
    assert len(expected) > 0 or name == "disagreements"  # one source: none (tests/test_disagreements.py)
    want = Counter(tuple(_value(t) for t in row) for row in expected.rows)
    text = with_prefixes(bind_values(query.text, in_process.bind(params, query)))
    requests = [("GET", {"query": {"query": text}}), ("POST", {"form": {"query": text}})]
    if len(urllib.parse.quote(text)) > 7000:  # the server takes at most 8 kB of headers: a long query is POSTed
        requests = requests[1:]
    for method, kwargs in requests:
        names, got = _select_json(*_request(served, method, "/query", **kwargs))
        assert names == expected.vars, method
        same = got == want  # (not in the assert: pytest would print both multisets whole)
        assert same, (
            f"{method} /query answers {name} otherwise than in process: only over HTTP "
            f"{list((got - want).elements())[:2]}; only in process {list((want - got).elements())[:2]}"
        )


def test_updates_are_refused(served):
    before = _count_quads(served)
    assert before > 0
    triple = "<urn:kg-test:s> <urn:kg-test:p> <urn:kg-test:o>"
    insert = f"INSERT DATA {{ {triple} }}"
    attempts = {
        "POST /update (form)": _request(served, "POST", "/update", form={"update": insert}),
        "POST /update (sparql-update)": _request(
            served, "POST", "/update", body=insert, content_type="application/sparql-update"
        ),
        "PUT /store?default": _request(
            served, "PUT", "/store?default", body=triple + " .", content_type="application/n-triples"
        ),
        "POST /store?default": _request(
            served, "POST", "/store?default", body=triple + " .", content_type="application/n-triples"
        ),
    }
    for what, (status, _ctype, body) in attempts.items():
        assert status is None or 400 <= status < 500, f"{what} answered {status}: {body[:200]!r}"
    # an update sent as a query is not a query
    status, _ctype, body = _request(served, "POST", "/query", form={"query": insert})
    assert status is not None and 400 <= status < 500, (status, body[:200])
    status, _ctype, body = _request(served, "GET", "/query", query={"query": insert})
    assert status is not None and 400 <= status < 500, (status, body[:200])
    # nothing changed
    assert _count_quads(served) == before
    assert not _ask(served, "ASK { <urn:kg-test:s> ?p ?o }")
    assert not _ask(served, "ASK { GRAPH ?g { <urn:kg-test:s> ?p ?o } }")


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                if len(address) == 8:  # IPv4, little-endian
                    found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
                else:
                    found.add("ipv6:" + address)
    return found


def test_listens_on_the_loopback_address_only(served):
    assert _listening_addresses(served.port) == {"127.0.0.1"}
    # bound to 0.0.0.0 it would also answer on 127.0.0.2 (the whole of 127/8 is this host)
    assert not _port_open(served.port, "127.0.0.2")


# -- starting and stopping ------------------------------------------------------------------------------------
@pytest.mark.slow
def test_ctrl_c_stops_the_server_and_leaves_no_process(out_copy, tmp_path):
    server = _start(out_copy, tmp_path / "store", tmp_path)
    try:
        _wait_serving(server)
        children = _oxigraph_pids(server.store_dir)
        assert len(children) == 1, children
        ppid = int((Path("/proc") / str(children[0]) / "stat").read_text().rpartition(")")[2].split()[1])
        assert ppid == server.process.pid
        assert _port_open(server.port)
        # As a user does: Ctrl-C some time after the URLs appear. (Right at the last line it can land before
        # `kg serve` starts waiting for it; test_ctrl_c_while_starting_leaves_no_process covers that.)
        time.sleep(0.3)

        started = time.monotonic()
        server.process.send_signal(signal.SIGINT)
        code = server.process.wait(timeout=10)
        assert code == 0, (server.stdout.text(), server.stderr.text())
        assert time.monotonic() - started < 5
        server.stdout.thread.join(timeout=5)
        assert server.stdout.text().rstrip().endswith("stopped"), server.stdout.text()
        assert not _port_open(server.port)
        assert _oxigraph_pids(server.store_dir) == []
        assert not Path(f"/proc/{children[0]}").exists()  # gone, and reaped by `kg serve`
    finally:
        _stop(server)


@pytest.mark.slow
def test_ctrl_c_while_starting_leaves_no_process(out_copy, tmp_path):
    """Ctrl-C (or a supervisor's SIGINT) the moment the Oxigraph server starts listening, before `kg serve`
    says it serves: `kg serve` stops, without a traceback, and takes its Oxigraph server with it."""
    server = _start(out_copy, tmp_path / "store", tmp_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _port_open(server.port) and time.monotonic() < deadline and server.process.poll() is None:
            time.sleep(0.001)
        assert _port_open(server.port), server.stderr.text()
        # `kg serve` looks at the port every 50 ms: it is still starting (it has not said "serving")
        server.process.send_signal(signal.SIGINT)
        code = server.process.wait(timeout=10)
        server.stderr.thread.join(timeout=5)
        assert code in (0, 130), server.stderr.text()
        assert "Traceback" not in server.stderr.text()
        time.sleep(0.2)
        left = _oxigraph_pids(server.store_dir)
        assert left == [], f"`kg serve` exited {code} and left its oxigraph server running: pid {left}"
        assert not _port_open(server.port)
    finally:
        _stop(server)


@pytest.mark.slow
def test_urls_are_printed_when_stdout_is_a_pipe(out_copy, tmp_path):
    """Run under a supervisor, through `| tee`, or from a notebook, stdout is a pipe, and Python holds what
    is printed until its buffer fills: the URLs must be flushed when the server is up, not at exit."""
    server = _start(out_copy, tmp_path / "store", tmp_path, unbuffered=False)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _port_open(server.port) and time.monotonic() < deadline and server.process.poll() is None:
            time.sleep(0.05)
        assert _port_open(server.port), server.stderr.text()
        line = server.stdout.wait_for("serving", 5)
        assert line is not None, "the URLs are not printed while it serves (only when it stops)"
    finally:
        _stop(server)


def test_without_a_build_says_to_run_kg_build(tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    out.mkdir()
    result = run_kg("serve", "--from", out, "--port", free_port(HOST), "--store-dir", store, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "run `kg build` first" in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()
    assert _oxigraph_pids(store) == []


@pytest.fixture()
def taken_port():
    """A port on 127.0.0.1 that something else listens on."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        s.listen()
        yield s.getsockname()[1]


def test_a_taken_port_is_a_clear_error(out_copy, tmp_path, taken_port):
    store = tmp_path / "store"
    result = subprocess.run(
        [str(KG), "serve", "--from", str(out_copy), "--port", str(taken_port), "--store-dir", str(store)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=60,
    )
    try:
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert re.search(rf"in use|{taken_port}", result.stderr, re.IGNORECASE), result.stderr
        assert _oxigraph_pids(store) == []
        assert _port_open(taken_port)  # still the other listener's
    finally:
        for pid in _oxigraph_pids(store):
            os.kill(pid, signal.SIGKILL)


def test_a_taken_port_is_never_announced_as_served(out_copy, tmp_path, taken_port):
    """The other listener answering a connect does not mean the Oxigraph server is up."""
    store = tmp_path / "store"
    result = subprocess.run(
        [str(KG), "serve", "--from", str(out_copy), "--port", str(taken_port), "--store-dir", str(store)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=60,
    )
    try:
        assert result.returncode == 2
        assert "serving" not in result.stdout, result.stdout
    finally:
        for pid in _oxigraph_pids(store):
            os.kill(pid, signal.SIGKILL)


def test_a_second_serve_on_a_live_servers_port_leaves_its_store_alone(served, out_copy, tmp_path):
    """The port is checked before the store is loaded: a second `kg serve` on the same port and store folder
    stops at once, and the live server keeps answering from a store nobody rebuilt under it."""
    before = _count_quads(served)
    files = {p: p.stat().st_mtime_ns for p in served.store_dir.rglob("*") if p.is_file()}
    result = subprocess.run(
        [str(KG), "serve", "--from", str(out_copy), "--port", str(served.port), "--store-dir", str(served.store_dir)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"kg serve: port {served.port} on 127.0.0.1 is already in use")
    assert "loading" not in result.stdout + result.stderr
    assert {p: p.stat().st_mtime_ns for p in served.store_dir.rglob("*") if p.is_file()} == files
    assert _count_quads(served) == before
