"""``kg serve`` cannot be wedged (issue #11): its log is always read, its store is never rebuilt under it, a
query stops at the time limit, SERVICE and other sites are refused.

Real processes throughout: the `kg serve` command as a subprocess, the Oxigraph server it starts, HTTP over
127.0.0.1 (and a little HTTP server of the test's own, to see whether a SERVICE query reaches it).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import KG, run_kg
from test_serve import HOST, _env, _oxigraph_pids, _port_open, _start, _stop, _wait_serving

from kg.store.serve import free_port

#: a query no server can finish: three copies of the graph joined, counted (3,292 triples: 3.6e10 rows)
HEAVY_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: the same rows, streamed to the client as they come
HEAVY_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
GOOD = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


# -- helpers --------------------------------------------------------------------------------------------------
def _http(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request to 127.0.0.1:port, with exactly these headers."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Accept": "application/sparql-results+json", **(headers or {})})
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type", ""), resp.read()
    finally:
        conn.close()


def _get(port: int, query: str, **kwargs) -> tuple[int, str, bytes]:
    return _http(port, "GET", "/query?" + urllib.parse.urlencode({"query": query}), **kwargs)


def _post_form(port: int, query: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    body = urllib.parse.urlencode({"query": query}).encode()
    return _http(
        port,
        "POST",
        "/query",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
    )


def _post_sparql(port: int, query: str) -> tuple[int, str, bytes]:
    return _http(port, "POST", "/query", body=query.encode(), headers={"Content-Type": "application/sparql-query"})


def _count(port: int) -> int:
    status, _ctype, body = _get(port, GOOD)
    assert status == 200, (status, body[:300])
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _cpu_ticks(pid: int) -> int:
    """utime + stime of a process, in clock ticks (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])


def _threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def _store_files(store: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in store.rglob("*") if p.is_file()}


@contextlib.contextmanager
def _serving(out: Path, cwd: Path, *extra: str, store_dir: Path | None = None):
    server = _start(out, store_dir, cwd, extra=tuple(extra))
    try:
        _wait_serving(server)
        yield server
    finally:
        _stop(server)


@pytest.fixture()
def out_copy(seed_out, tmp_path) -> Path:
    """A build folder of the test's own (its default store folder too: out/oxigraph-serve)."""
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    return out


@pytest.fixture(scope="module")
def shared_out(seed_out, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("front") / "out"
    shutil.copytree(seed_out, out)
    return out


@pytest.fixture(scope="module")
def front(shared_out):
    """One `kg serve` (default options but a 2 s time limit) for the tests that only send requests."""
    with _serving(shared_out, shared_out.parent, "--timeout", "2") as server:
        yield server


class _Recorder(BaseHTTPRequestHandler):
    """A SPARQL service of the test's own: it notes each request and answers no rows."""

    def do_GET(self) -> None:
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        if self.command == "POST":
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def service():
    """A local HTTP server that records the requests it receives: (url, list of paths)."""
    server = ThreadingHTTPServer((HOST, 0), _Recorder)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/sparql", server.seen  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


# -- 1. the server's error output never fills a pipe ----------------------------------------------------------
@pytest.mark.slow
def test_error_output_past_64_kb_goes_to_the_log_and_the_server_still_answers(out_copy, tmp_path):
    """Today's wedge: Oxigraph's error output filled a pipe nobody read (64 KB), and then it stopped answering.

    A SERVICE call to port 1 fails inside Oxigraph without touching the network, and Oxigraph writes a line
    about it (about 120 bytes) to its error output: 1,500 of them are well over 64 KB."""
    with _serving(out_copy, tmp_path, "--allow-service") as server:
        log = out_copy / "oxigraph-serve.log"
        assert "log: out/oxigraph-serve.log" in server.stdout.text()  # display(): relative to the working folder
        failing = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
        body = urllib.parse.urlencode({"query": failing}).encode()
        conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
        try:
            for _ in range(1500):
                conn.request("POST", "/query", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
                resp = conn.getresponse()
                resp.read()
        finally:
            conn.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the log's reader may be a moment behind
            from_oxigraph = sum(len(line) for line in log.read_text().splitlines() if " oxigraph: " in line)
            if from_oxigraph > 128 * 1024:
                break
            time.sleep(0.2)
        assert from_oxigraph > 128 * 1024, from_oxigraph
        assert "port 1 is not allowed" in log.read_text()
        # and it still answers, at once (the request's own time-out is 30 s; a wedged server never answers)
        assert _count(server.port) > 0
        assert server.process.poll() is None


# -- 2. the store of a live server is never rebuilt under it (the default store folder, no --store-dir) --------
@pytest.mark.slow
def test_a_second_serve_on_the_same_port_leaves_the_default_store_alone(out_copy, tmp_path):
    with _serving(out_copy, tmp_path) as first:
        store = out_copy / "oxigraph-serve"
        before, files = _count(first.port), _store_files(store)
        result = subprocess.run(
            [str(KG), "serve", "--from", str(out_copy), "--port", str(first.port)],
            capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=60,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"kg serve: port {first.port} on 127.0.0.1 is already in use"), result.stderr
        assert "Traceback" not in result.stderr
        assert "loading" not in result.stdout
        assert _store_files(store) == files
        assert _count(first.port) == before
        assert len(_oxigraph_pids(store)) == 1  # the first server's only


@pytest.mark.slow
def test_a_second_serve_of_the_same_build_shares_the_store(out_copy, tmp_path):
    with _serving(out_copy, tmp_path) as first:
        store = out_copy / "oxigraph-serve"
        marker = store / "kg-loaded-from.txt"
        marker_before = marker.stat().st_mtime_ns
        before = _count(first.port)
        with _serving(out_copy, tmp_path) as second:
            assert second.port != first.port
            out = second.stdout.text()
            assert "holds this build already: not loaded again" in out, out
            assert "loading" not in out
            assert _count(second.port) == before
            assert _count(first.port) == before
            assert marker.stat().st_mtime_ns == marker_before
            assert len(_oxigraph_pids(store)) == 2
        assert _count(first.port) == before  # the second one stopped; the first still serves


@pytest.mark.slow
def test_a_second_serve_of_a_changed_build_refuses_and_names_the_running_server(out_copy, tmp_path):
    with _serving(out_copy, tmp_path) as first:
        store = out_copy / "oxigraph-serve"
        before, files = _count(first.port), _store_files(store)
        nquads = out_copy / "ceasefire-kg.nq"
        later = nquads.stat().st_mtime_ns + 5_000_000_000
        os.utime(nquads, ns=(later, later))  # as a new `kg build` leaves it
        port = free_port(HOST)
        result = subprocess.run(
            [str(KG), "serve", "--from", str(out_copy), "--port", str(port)],
            capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=60,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        first_line = result.stderr.splitlines()[0]
        assert first_line.startswith("kg serve: the Oxigraph store "), result.stderr
        assert f"in use by process {first.process.pid} (kg serve on port {first.port})" in first_line, first_line
        assert "Traceback" not in result.stderr
        assert "loading" not in result.stdout
        assert not _port_open(port)
        assert _store_files(store) == files
        assert _count(first.port) == before
    # once the first server has stopped, the changed build is loaded again
    with _serving(out_copy, tmp_path) as again:
        assert "loading" in again.stdout.text()
        assert _count(again.port) == before


@pytest.mark.slow
def test_a_killed_serve_takes_its_oxigraph_server_with_it(out_copy, tmp_path):
    server = _start(out_copy, None, tmp_path)
    try:
        _wait_serving(server)
        (child,) = _oxigraph_pids(server.store_dir)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, os.WNOHANG)  # (not our child: init reaps it)
            if Path(f"/proc/{child}/stat").exists() and " Z " in Path(f"/proc/{child}/stat").read_text():
                break
            time.sleep(0.1)
        alive = Path(f"/proc/{child}/stat").exists() and " Z " not in Path(f"/proc/{child}/stat").read_text()
        assert not alive, "the Oxigraph server outlived a `kill -9` of kg serve"
    finally:
        _stop(server)


# -- 3. time limits ---------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_query_past_the_time_limit_is_a_clear_error(front):
    status, ctype, body = _get(front.port, HEAVY_COUNT)
    assert status == 503, (status, body[:300])
    assert ctype.startswith("text/plain")
    assert body.decode().startswith("kg serve: the query was stopped at the time limit of 2 s"), body
    assert _count(front.port) > 0


@pytest.mark.slow
def test_a_streamed_result_past_the_time_limit_is_cut_short(front):
    """Rows already sent cannot be taken back: the answer ends without its last chunk, which every HTTP
    client reports as an incomplete answer (never as a complete, shorter result)."""
    conn = http.client.HTTPConnection(HOST, front.port, timeout=30)
    try:
        conn.request("GET", "/query?" + urllib.parse.urlencode({"query": HEAVY_ROWS}))
        resp = conn.getresponse()
        assert resp.status == 200
        with pytest.raises(http.client.IncompleteRead):
            while resp.read(1 << 20):
                pass
    finally:
        conn.close()
    assert _count(front.port) > 0


@pytest.mark.slow
@pytest.mark.parametrize("query", [HEAVY_COUNT, HEAVY_ROWS], ids=["count", "rows"])
def test_a_query_whose_client_went_away_stops_using_cpu(front, query):
    (oxigraph,) = _oxigraph_pids(front.store_dir)
    start = _cpu_ticks(oxigraph)
    with socket.create_connection((HOST, front.port), timeout=10) as s:
        path = "/query?" + urllib.parse.urlencode({"query": query})
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{front.port}\r\n\r\n".encode())
        time.sleep(0.5)
        assert _cpu_ticks(oxigraph) > start, "the query did not run at all"
    # the client is gone (without reading a byte)
    time.sleep(2 + 2 + 1.5)  # the limit (2 s) and the front's backstop (2 s more), and a margin
    settled = _cpu_ticks(oxigraph)
    time.sleep(2)
    assert _cpu_ticks(oxigraph) - settled <= 2, "the server still computes for a client that went away"
    assert _count(front.port) > 0


# -- 4. SERVICE, other hosts, other sites -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX r: <{url}#>\nSELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
    ],
    ids=["plain", "lowercase-silent", "prefixed"],
)
def test_a_service_query_is_refused_and_never_sent(front, service, template):
    url, seen = service
    query = template.format(url=url)
    for send in (_get, _post_form, _post_sparql):
        status, ctype, body = send(front.port, query)
        assert status == 400, (send.__name__, status, body[:300])
        assert ctype.startswith("text/plain")
        text = body.decode()
        assert text.startswith("kg serve: the query calls a remote SPARQL service (SERVICE "), text
        assert "kg serve --allow-service" in text
    time.sleep(0.3)
    assert seen == []


@pytest.mark.slow
def test_allow_service_lets_a_service_query_through(out_copy, tmp_path, service):
    url, seen = service
    with _serving(out_copy, tmp_path, "--allow-service") as server:
        assert "SERVICE allowed" in server.stdout.text()
        status, _ctype, body = _post_form(server.port, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        assert status == 200, body[:300]
        assert json.loads(body)["results"]["bindings"] == []
    assert len(seen) == 1 and seen[0].startswith("/sparql"), seen


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.2:{port}", "localhost:1"])
def test_another_host_is_refused(front, host):
    host = host.format(port=front.port)
    status, ctype, body = _get(front.port, GOOD, headers={"Host": host})
    assert status == 403, (status, body[:300])
    assert ctype.startswith("text/plain")
    assert body.decode().startswith("kg serve: this server answers only for its own address"), body
    assert "--allow-host" in body.decode()
    status, _ctype, _body = _http(front.port, "GET", "/", headers={"Host": host, "Accept": "text/html"})
    assert status == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"])
def test_its_own_names_are_answered(front, host):
    status, _ctype, body = _get(front.port, GOOD, headers={"Host": host.format(port=front.port)})
    assert status == 200, body[:300]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
    ids=["other-site", "null", "other-port", "fetch-cross-site"],
)
def test_a_request_from_another_site_is_refused(front, headers):
    before = _count(front.port)
    status, ctype, body = _post_form(front.port, GOOD, headers=headers)
    assert status == 403, (status, body[:300])
    assert ctype.startswith("text/plain")
    assert body.decode().startswith("kg serve: requests from another site"), body
    assert _count(front.port) == before


def test_its_own_page_may_post_queries(front):
    """YASGUI, served at /, posts to /query with the page's own Origin."""
    status, ctype, page = _http(front.port, "GET", "/", headers={"Accept": "text/html"})
    assert status == 200 and ctype.startswith("text/html") and b"yasgui" in page.lower()
    origin = {"Origin": f"http://127.0.0.1:{front.port}", "Sec-Fetch-Site": "same-origin"}
    status, _ctype, body = _post_form(front.port, GOOD, headers=origin)
    assert status == 200, body[:300]
    status, _ctype, body = _post_sparql(front.port, GOOD)
    assert status == 200, body[:300]


@pytest.mark.slow
def test_allow_host_lets_a_reverse_proxy_in(out_copy, tmp_path):
    with _serving(out_copy, tmp_path, "--allow-host", "kg.example.org") as server:
        for headers in (
            {"Host": "kg.example.org"},
            {"Host": "kg.example.org:443", "Origin": "https://kg.example.org"},
        ):
            status, _ctype, body = _post_form(server.port, GOOD, headers=headers)
            assert status == 200, (headers, body[:300])
        status, _ctype, _body = _get(server.port, GOOD, headers={"Host": "other.example.org"})
        assert status == 403


def test_a_large_body_is_refused(front):
    status, _ctype, body = _post_sparql(front.port, "#" * 2_000_000)
    assert status == 413, (status, body[:300])
    assert body.decode().startswith("kg serve: the request body is over")


@pytest.mark.slow
def test_clients_that_go_away_leave_no_thread_behind(front):
    kg_pid = front.process.pid
    _count(front.port)
    baseline = _threads(kg_pid)
    for _ in range(20):  # connect and leave at once
        socket.create_connection((HOST, front.port), timeout=5).close()
    path = "/query?" + urllib.parse.urlencode({"query": HEAVY_COUNT})
    for _ in range(5):  # ask a long question and leave
        with socket.create_connection((HOST, front.port), timeout=5) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{front.port}\r\n\r\n".encode())
    for _ in range(5):  # leave in the middle of sending a body
        with socket.create_connection((HOST, front.port), timeout=5) as s:
            s.sendall(b"POST /query HTTP/1.1\r\nContent-Length: 100\r\n\r\nquery=SEL")
    deadline = time.monotonic() + 20
    while _threads(kg_pid) > baseline and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _threads(kg_pid) <= baseline
    assert front.process.poll() is None
    assert _count(front.port) > 0
    assert "Traceback" not in front.stderr.text()


# -- 5. clear messages -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_a_bad_timeout_is_a_usage_error(value, tmp_path):
    result = run_kg("serve", "--from", tmp_path, "--timeout", value, "--port", free_port(HOST), cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --timeout" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "oxigraph-serve").exists()


def test_a_store_folder_that_cannot_be_made_is_a_clear_error(out_copy, tmp_path):
    (tmp_path / "a-file").write_text("not a folder\n")
    port = free_port(HOST)
    result = run_kg("serve", "--from", out_copy, "--port", port, "--store-dir", tmp_path / "a-file" / "store")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("kg serve: cannot serve the store "), result.stderr
    assert str(tmp_path / "a-file") in result.stderr  # what is in the way
    assert "Traceback" not in result.stderr
    assert not _port_open(port)


def test_help_names_the_log_the_time_limit_and_the_flags():
    result = run_kg("serve", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for words in ("oxigraph-serve.log", "--timeout SECONDS", "(default: 10)", "--allow-service", "--allow-host NAME"):
        assert words in text, words


def test_the_server_class_is_not_imported_for_help():
    code = "import sys; from kg.cli.parser import build_parser; build_parser(); print('kg.store.serve' in sys.modules, 'http.server' in sys.modules)"
    result = subprocess.run([str(KG.parent / "python"), "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "False"], result.stderr
