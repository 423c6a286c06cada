"""A query's time limit (stopped, reported, its CPU released) and the refusal of remote fetches (SERVICE, and
rdflib's FROM <url>), on every store, through the API and `kg query`."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest

import kg
from kg.store.base import ServiceRefused
from kg.store.timelimit import DEFAULT_TIMEOUT, QueryTimeout
from tests.conftest import kg_main, run_kg

#: a query no store answers in seconds: a cross join of every triple with itself, three times
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
STORES = ["default", "memory", "oxigraph"]


def _store(name: str, tmp_path: Path) -> str | None:
    return {"default": None, "memory": "memory", "oxigraph": f"oxigraph:{tmp_path / 'ox'}"}[name]


def _children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (Linux's /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    alive = set()
    for child in found:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(child)
    return alive


@pytest.mark.parametrize("store", STORES)
def test_a_query_past_its_time_limit_is_stopped_and_reported(seed_out, tmp_path, store):
    g = kg.load(seed_out, store=_store(store, tmp_path), timeout=1)
    g.query("SELECT ?s WHERE { ?s a cfo:Proposal } LIMIT 1")  # a worker, if the store has one, is up
    before = _children(os.getpid())
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        g.query(ENDLESS)
    assert str(caught.value).splitlines()[0] == "the query took longer than 1 s and was stopped"
    assert time.monotonic() - started < 30  # stopped, not waited for (the query itself runs for hours)
    assert _children(os.getpid()) <= before  # nothing left working on it
    # and the graph goes on answering
    assert len(g.query("SELECT ?s WHERE { ?s a cfo:Proposal }")) == 7


def test_kg_query_reports_a_query_past_its_time_limit(seed_out):
    r = run_kg("query", "-", "--from", seed_out, "--timeout", "1", stdin=ENDLESS)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.splitlines() == [
        "kg query: the query took longer than 1 s and was stopped",
        "  fix: make it more selective, or allow more time with --timeout SECONDS (0: no limit; API: timeout=...)",
    ]


def test_a_named_query_is_named_when_it_is_stopped(seed_out):
    g = kg.load(seed_out, timeout=1e-9)
    with pytest.raises(QueryTimeout, match=r"^the query 'positions' took longer than 1e-09 s and was stopped"):
        g.run("positions")


def test_a_query_within_its_limit_answers_as_without_one(seed_out):
    limited, unlimited = kg.load(seed_out), kg.load(seed_out, timeout=None)
    assert limited.timeout == DEFAULT_TIMEOUT
    assert limited.run("positions") == unlimited.run("positions")


def test_the_commands_and_the_api_have_the_same_default_limit():
    from kg.cli import query, serve
    from kg.store.serve import DEFAULT_TIMEOUT as SERVE_DEFAULT

    assert query.DEFAULT_TIMEOUT == DEFAULT_TIMEOUT == serve.DEFAULT_TIMEOUT == SERVE_DEFAULT


@pytest.mark.parametrize("value", ["-1", "soon", "inf", "nan"])
def test_a_timeout_that_is_not_seconds_is_a_usage_error(seed_out, value):
    r = kg_main("query", "positions", "--from", seed_out, "--timeout", value)
    assert r.returncode == 2
    assert (
        r.stderr.splitlines()[-1]
        == f"kg query: error: argument --timeout: not a number of seconds: '{value}' (0 or more)"
    )


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A local web server that records each request and answers as a SPARQL endpoint with one row."""

    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        body = json.dumps(
            {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:fetched"}}]}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def web():
    """A web server on 127.0.0.1: its URL, and the paths it was asked for."""
    handler = type("Recorder", (_Recorder,), {"seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("store", STORES)
def test_service_is_refused_by_default_and_nothing_is_fetched(seed_out, tmp_path, web, store):
    url, seen = web
    g = kg.load(seed_out, store=_store(store, tmp_path))
    with pytest.raises(ServiceRefused) as caught:
        g.query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}")
    assert str(caught.value).splitlines()[0] == (
        f"the query calls a remote SPARQL service (SERVICE <{url}/sparql>), which is refused by default: "
        "it would fetch whatever URL the query names, from this machine"
    )
    with pytest.raises(ServiceRefused):
        g.ask(f"ASK {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}")
    with pytest.raises(ServiceRefused):
        g.store.select(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}")  # the store itself too
    assert seen == []


def test_kg_query_refuses_service_and_says_how_to_allow_it(seed_out, web):
    url, seen = web
    r = kg_main("query", "-", "--from", seed_out, stdin="SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.splitlines() == [
        "kg query: the query calls a remote SPARQL service (SERVICE <file:///etc/passwd>), which is refused by "
        "default: it would fetch whatever URL the query names, from this machine",
        "  fix: if you trust the query and the service, allow it with --allow-service (API: kg.load(..., "
        "allow_service=True))",
    ]
    r = kg_main("query", "-", "--from", seed_out, stdin=f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}")
    assert r.returncode == 2
    assert seen == []


@pytest.mark.parametrize("keyword", [r"SERVIC\u0045", r"\u0053ERVICE", r"servic\U00000065"])
def test_service_written_with_code_point_escapes_is_refused_too(seed_out, web, keyword):
    url, seen = web
    g = kg.load(seed_out, store="memory")  # rdflib reads the escapes before it parses
    with pytest.raises(ServiceRefused):
        g.query(f"SELECT * WHERE {{ {keyword} <{url}/sparql> {{ ?s ?p ?o }} }}")
    assert seen == []


def test_service_in_a_string_or_comment_is_no_service(seed_out):
    g = kg.load(seed_out)
    assert g.query('SELECT ?x WHERE { BIND("SERVICE <http://example.org/>" AS ?x) } # SERVICE <x>')[0].x.value == (
        "SERVICE <http://example.org/>"
    )


def test_allow_service_lets_the_query_fetch(seed_out, web):
    url, seen = web
    r = kg_main(
        "query", "-", "--from", seed_out, "--store", "memory", "--allow-service", "--format", "csv",
        stdin=f"SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    )  # fmt: skip
    assert (r.returncode, r.stdout) == (0, "s\r\nurn:fetched\r\n"), r.stderr
    assert [path.split("?")[0] for path in seen] == ["/sparql"]


def test_from_names_a_graph_of_the_build_and_fetches_nothing(seed_out, web):
    url, seen = web
    g = kg.load(seed_out, store="memory")
    assert g.query(f"SELECT ?s FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}") == []
    assert seen == []


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["disagreements"], "disagreements"),
        (["in-force", "2025-03-20"], "in-force"),
        (["violations"], "alleged-violations"),
    ],
)
def test_the_commands_that_run_a_named_query_take_a_time_limit(seed_out, command, name):
    """A large corpus may need more than the default 10 s: `--timeout` (0: no limit) on the commands too."""
    stopped = kg_main(*command, "--from", seed_out, "--timeout", "1e-9")
    assert (stopped.returncode, stopped.stdout) == (2, "")
    assert (
        stopped.stderr.splitlines()[0]
        == f"kg {command[0]}: the query '{name}' took longer than 1e-09 s and was stopped"
    )
    assert kg_main(*command, "--from", seed_out, "--timeout", "0").returncode == 0
