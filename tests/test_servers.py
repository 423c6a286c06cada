"""The real stores of the tests (tests/servers.py) start, answer on each of their URLs, load a build's N-Quads as
a user does, and are gone after ``stop()``; without Virtuoso, the test says to run ``make store-setup``."""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import servers

NQ = (
    '<urn:kg:a> <urn:kg:p> "P30D"^^<http://www.w3.org/2001/XMLSchema#duration> <urn:kg:g1> .\n'
    '<urn:kg:a> <urn:kg:q> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> <urn:kg:g2> .\n'
)
IN_GRAPHS = "SELECT ?g ?p WHERE { GRAPH ?g { <urn:kg:a> ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:kg:')) } ORDER BY ?g"


def _opener(server) -> urllib.request.OpenerDirector:
    """Virtuoso's */-auth endpoints ask for HTTP digest auth (dba/dba); Oxigraph's ask for none."""
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, server.query_url.rsplit("/", 1)[0], "dba", "dba")
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))


def _select(url: str, sparql: str) -> list[tuple[str, ...]]:
    req = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': sparql})}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        payload = json.load(resp)
    names = payload["head"]["vars"]
    return [tuple(b[n]["value"] for n in names if n in b) for b in payload["results"]["bindings"]]


def _send(server, url: str, method: str, body: bytes, content_type: str) -> int:
    req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    with _opener(server).open(req, timeout=30) as resp:
        return resp.status


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.slow
def test_virtuoso_bulk_load_update_and_graph_store(virtuoso, tmp_path: Path):
    nq = tmp_path / "two.nq"
    nq.write_text(NQ, encoding="utf-8")
    virtuoso.bulk_load(nq)
    assert _select(virtuoso.query_url, IN_GRAPHS) == [("urn:kg:g1", "urn:kg:p"), ("urn:kg:g2", "urn:kg:q")]
    # the Graph Store protocol replaces one graph (digest auth)
    put = f"{virtuoso.gsp_url}?{urllib.parse.urlencode({'graph-uri': 'urn:kg:g1'})}"
    assert _send(virtuoso, put, "PUT", b"<urn:kg:a> <urn:kg:r> <urn:kg:b> .\n", "application/n-triples") in (
        200,
        201,
        204,
    )
    # SPARQL 1.1 Update (digest auth)
    update = urllib.parse.urlencode({"update": "DROP SILENT GRAPH <urn:kg:g2>"}).encode()
    assert _send(virtuoso, virtuoso.update_url, "POST", update, "application/x-www-form-urlencoded") == 200
    assert _select(virtuoso.query_url, IN_GRAPHS) == [("urn:kg:g1", "urn:kg:r")]


def test_oxigraph_server_load_and_graph_store(oxigraph_server, tmp_path: Path):
    nq = tmp_path / "two.nq"
    nq.write_text(NQ, encoding="utf-8")
    oxigraph_server.load(nq)
    assert _select(oxigraph_server.query_url, IN_GRAPHS) == [("urn:kg:g1", "urn:kg:p"), ("urn:kg:g2", "urn:kg:q")]
    # the union of the named graphs is the default graph, as on Virtuoso
    assert _select(oxigraph_server.query_url, "SELECT ?p { <urn:kg:a> ?p ?o } ORDER BY ?p") == [
        ("urn:kg:p",),
        ("urn:kg:q",),
    ]
    put = f"{oxigraph_server.gsp_url}?{urllib.parse.urlencode({'graph': 'urn:kg:g1'})}"
    assert _send(oxigraph_server, put, "PUT", b"<urn:kg:a> <urn:kg:r> <urn:kg:b> .\n", "application/n-triples") in (
        200,
        201,
        204,
    )
    update = urllib.parse.urlencode({"update": "DROP SILENT GRAPH <urn:kg:g2>"}).encode()
    assert _send(oxigraph_server, oxigraph_server.update_url, "POST", update, "application/x-www-form-urlencoded") in (
        200,
        204,
    )
    assert _select(oxigraph_server.query_url, IN_GRAPHS) == [("urn:kg:g1", "urn:kg:r")]


@pytest.mark.slow
def test_stop_ends_the_process_group_and_is_idempotent(tmp_path: Path):
    for start in (lambda: servers.Virtuoso(tmp_path / "v"), lambda: servers.OxigraphServer(tmp_path / "o")):
        server = start()
        pid = server.process.pid
        assert os.getpgid(pid) == pid  # a group of its own
        server.stop()
        server.stop()
        assert _gone(pid)


def test_no_virtuoso_says_to_run_store_setup(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(servers, "VIRTUOSO_T", tmp_path / "virtuoso-t")
    with pytest.raises(servers.ServerError) as caught:
        servers.Virtuoso(tmp_path / "v")
    assert str(caught.value) == (
        f"Virtuoso is not installed (no {tmp_path / 'virtuoso-t'}): run `make store-setup` (it installs Debian's "
        "virtuoso-opensource; `make test` runs it)"
    )
