"""``kg push`` against real stores (tests/servers.py): a writable Oxigraph server and a private Virtuoso.

The builds: the seed and the four invented example sources (5 articles, 12 named graphs); the same with one
article's label changed; the same without one article. A store that goes away half way is a real TCP proxy on
loopback in front of the real server that cuts the connection after a number of bytes: the network, not a mock.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from conftest import ROOT, kg_main

pytestmark = pytest.mark.slow

SOURCES = ROOT / "seeds" / "examples" / "sources"
SEED = ROOT / "seeds" / "000_331be8963d56cd33.yaml"
GRAPH = "https://w3id.org/ceasefire-kg/id/graph/"
ONTOLOGY = "https://w3id.org/ceasefire-kg/ontology"
CHANGED = GRAPH + "lakeside-observer-2025-04-17-energy-pause-ended"
REMOVED = GRAPH + "northern-dispatch-2025-03-25-putin-conditions"
#: a few named queries, answered the same by the store after a push as by the build
QUERIES = ("positions", "proposal-terms", "proposers", "conditions", "talks", "in-effect", "timeline")
SUMMARY = re.compile(
    r"^(pushed|would push) (\d+) graphs?, (\d+) unchanged, (?:removed|would remove) (\d+); (?:sent|would send) "
    r"([\d,]+) bytes to (\S+) in \d+\.\d\d s$"
)


LABEL = 'label: "Lakeside Observer (Geneva): the 30-day energy pause has ended"'


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Three builds of the seed and the example sources, from one folder (a graph names its annotation file):
    ``base``; ``changed``, the Lakeside Observer's label changed; ``removed``, without the Northern Dispatch."""
    from kg.builder.pipeline import build_to

    root = tmp_path_factory.mktemp("push-builds")
    corpus = root / "corpus"
    corpus.mkdir()
    for f in (SEED, SEED.with_suffix(".txt"), *SOURCES.iterdir()):
        shutil.copy(f, corpus)
    build_to([corpus], root / "base", progress=None, jobs=1)
    yaml = corpus / "lakeside-observer.yaml"
    original = yaml.read_text(encoding="utf-8")
    assert LABEL in original
    yaml.write_text(original.replace(LABEL, 'label: "Lakeside Observer: the pause has ended"'), encoding="utf-8")
    build_to([corpus], root / "changed", progress=None, jobs=1)
    yaml.write_text(original, encoding="utf-8")
    for f in corpus.glob("northern-dispatch.*"):
        f.unlink()
    build_to([corpus], root / "removed", progress=None, jobs=1)
    return {name: root / name for name in ("base", "changed", "removed")}


def _graphs(build: Path) -> list[str]:
    from kg.store.push import read_build

    return [g.name for g in read_build(build)[1]]


def _push(build: Path, server, *args: str, update: bool = False, env: dict[str, str] | None = None):
    """``kg push`` of ``build`` to ``server`` (its Graph Store endpoint, or its update endpoint): the result, and
    the summary's numbers (pushed, unchanged, removed, bytes) when it succeeded."""
    where = ["--update", server.update_url] if update else ["--graph-store", server.gsp_url]
    done = _run_with_env(env, "push", "--from", build, "--query", server.query_url, *where, *args)
    numbers = None
    if done.returncode == 0:
        match = SUMMARY.match(done.stdout.splitlines()[-1])
        assert match, done.stdout
        numbers = (int(match[2]), int(match[3]), int(match[4]), int(match[5].replace(",", "")))
    return done, numbers


def _run_with_env(env: dict[str, str] | None, *args):
    """``kg ARGS`` in this process with ``env`` set (and ``KG_PUSH_*`` and ``NETRC`` unset unless given)."""
    names = ("KG_PUSH_USER", "KG_PUSH_PASSWORD", "NETRC")
    with pytest.MonkeyPatch.context() as mp:
        for name in names:
            mp.delenv(name, raising=False)
        mp.setenv("HOME", tempfile.mkdtemp(prefix="kg-push-home-"))  # not the ~/.netrc of the machine
        for name, value in (env or {}).items():
            mp.setenv(name, value)
        return kg_main(*args)


def _stored_hashes(server) -> dict[str, str]:
    from kg.store.push import Target

    target = Target(server.query_url, graph_store=server.gsp_url)
    try:
        return target.hashes()
    finally:
        target.close()


def _expected_hashes(build: Path) -> dict[str, str]:
    from kg.store.push import read_build

    return {g.name: g.sha256 for g in read_build(build)[1]}


def _answers(source: list[str]) -> dict[str, str]:
    """What ``kg query NAME`` prints for each of :data:`QUERIES` (full parity of every command that takes
    ``--endpoint`` is tests/test_endpoint_parity.py's, on stores loaded by their bulk loaders)."""
    out = {}
    for name in QUERIES:
        done = kg_main("query", name, *source)
        assert done.returncode == 0, done.stderr
        out[name] = done.stdout
    return out


# ------------------------------------------------------------------------------------------------- Oxigraph
def test_first_push_pushes_every_graph_a_second_none(builds, oxigraph_server):
    graphs = _graphs(builds["base"])
    assert len(graphs) == 12
    done, numbers = _push(builds["base"], oxigraph_server)
    assert done.returncode == 0, done.stderr
    assert numbers is not None and numbers[:3] == (12, 0, 0)
    assert _stored_hashes(oxigraph_server) == _expected_hashes(builds["base"])
    # the progress bar (not a terminal here: a line at each tenth) on standard error, ending at 12 of 12
    assert done.stderr.splitlines()[0].startswith("pushing: 0/12 graphs, 0.0 MiB, ")
    assert done.stderr.splitlines()[-1].startswith("pushing: 12/12 graphs, 0.9 MiB, ")
    again, numbers = _push(builds["base"], oxigraph_server)
    assert again.returncode == 0, again.stderr
    assert numbers == (0, 12, 0, 0)
    assert (
        again.stdout
        == f"pushed 0 graphs, 12 unchanged, removed 0; sent 0 bytes to {oxigraph_server.gsp_url} in "
        + (again.stdout.split(" in ")[-1])
    )
    # the named queries over the store's query endpoint answer as the build does
    assert _answers(["--endpoint", oxigraph_server.query_url]) == _answers(["--from", str(builds["base"])])


def test_a_changed_article_pushes_only_its_graphs(builds, oxigraph_server):
    assert _push(builds["base"], oxigraph_server)[0].returncode == 0
    before, after = _expected_hashes(builds["base"]), _expected_hashes(builds["changed"])
    differ = sorted(g for g in after if before[g] != after[g])
    assert differ == [CHANGED]  # the label is stated in the article's own graph alone
    dry, numbers = _push(builds["changed"], oxigraph_server, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[:-1] == [f"would push {g}" for g in _graphs(builds["changed"]) if g in differ]
    assert numbers is not None and numbers[:3] == (len(differ), 12 - len(differ), 0)
    assert dry.stderr == ""
    done, pushed = _push(builds["changed"], oxigraph_server)
    assert done.returncode == 0, done.stderr
    assert pushed is not None and pushed[:3] == (len(differ), 12 - len(differ), 0)
    assert pushed[3] == numbers[3]  # the bytes the dry run said
    assert _stored_hashes(oxigraph_server) == after
    assert _answers(["--endpoint", oxigraph_server.query_url]) == _answers(["--from", str(builds["changed"])])


def test_a_removed_article_is_removed_or_kept(builds, oxigraph_server):
    assert _push(builds["base"], oxigraph_server)[0].returncode == 0
    gone = sorted(set(_graphs(builds["base"])) - set(_graphs(builds["removed"])))
    assert gone == [REMOVED, REMOVED + "/derived"]
    kept, numbers = _push(builds["removed"], oxigraph_server, "--keep-removed")
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.splitlines()[:-1] == [f"kept {g} (no longer in the build; --keep-removed)" for g in gone]
    assert set(_stored_hashes(oxigraph_server)) == set(_graphs(builds["base"]))
    done, numbers = _push(builds["removed"], oxigraph_server)
    assert done.returncode == 0, done.stderr
    assert numbers is not None and numbers[:3] == (0, 10, 2)
    assert _stored_hashes(oxigraph_server) == _expected_hashes(builds["removed"])
    assert _answers(["--endpoint", oxigraph_server.query_url]) == _answers(["--from", str(builds["removed"])])


def test_the_update_only_path(builds, oxigraph_server):
    done, numbers = _push(builds["base"], oxigraph_server, update=True)
    assert done.returncode == 0, done.stderr
    assert numbers is not None and numbers[:3] == (12, 0, 0)
    assert done.stdout.endswith(f"to {oxigraph_server.update_url} in " + done.stdout.split(" in ")[-1])
    assert _stored_hashes(oxigraph_server) == _expected_hashes(builds["base"])
    assert _push(builds["base"], oxigraph_server, update=True)[1] == (0, 12, 0, 0)
    changed, numbers = _push(builds["removed"], oxigraph_server, update=True)
    assert changed.returncode == 0, changed.stderr
    assert numbers is not None and numbers[2] == 2
    assert _stored_hashes(oxigraph_server) == _expected_hashes(builds["removed"])
    assert _answers(["--endpoint", oxigraph_server.query_url]) == _answers(["--from", str(builds["removed"])])


# ----------------------------------------------------------------------------- a store that goes away half way
class CuttingProxy:
    """A TCP proxy on loopback in front of ``upstream``: it forwards ``budget`` bytes from the client, then
    closes every connection and stops listening (the store went away); ``stall``: then forwards nothing more but
    keeps the connection open (the store hangs) until :meth:`close`."""

    def __init__(self, upstream: tuple[str, int], budget: int, *, stall: bool = False) -> None:
        self.upstream, self.budget, self.stall = upstream, budget, stall
        self.stalled = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.cut = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, counted: bool) -> None:
        try:
            while data := src.recv(65536):
                if counted:
                    with self.lock:
                        allowed = max(0, min(len(data), self.budget))
                        self.budget -= allowed
                    if allowed:
                        dst.sendall(data[:allowed])
                    if allowed < len(data):
                        if self.stall:  # the store stops answering, the connection stays open
                            self.stalled.set()
                            self.cut.wait()
                        self.close()
                        return
                else:
                    dst.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.cut.set()
        for s in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def test_a_store_that_goes_away_half_way_then_a_rerun_finishes(builds, oxigraph_server):
    from kg.store.push import _hash_triple, _lines, _ntriples, read_build

    path, graphs = read_build(builds["base"])
    with path.open("rb") as f:
        sizes = [len(_ntriples(_lines(f, g))) + len(_hash_triple(g)) for g in graphs]
    # the cut: in the middle of the body of the fourth graph (the two queries and each request's head: < 4 KB)
    budget = 4096 + sum(sizes[:3]) + sizes[3] // 2
    assert sizes[3] > 2 * 4096
    proxy = CuttingProxy(("127.0.0.1", oxigraph_server.port), budget)
    url = f"http://127.0.0.1:{proxy.port}"
    try:
        done = _run_with_env(
            None, "push", "--from", builds["base"], "--query", f"{url}/query", "--graph-store", f"{url}/store"
        )
    finally:
        proxy.close()
    assert done.returncode == 2
    message = done.stderr[done.stderr.index("kg push:") :]
    assert message == (
        f"kg push: the store went away while kg pushed the graph <{graphs[3].name}>: the store closed the "
        "connection before it answered; then connection refused (is the store running, and is its port right?) "
        f"({url}/store)\n"
        "  the store holds either its previous version of that graph or the new one whole, with its hash\n"
        "  pushed before it (3, each whole, with its hash): " + ", ".join(g.name for g in graphs[:3]) + "\n"
        "  left: this graph and 8 more\n"
        "  run the same kg push again: it resumes, sending only the graphs whose hash the store lacks\n"
    )
    assert set(_stored_hashes(oxigraph_server)) == {g.name for g in graphs[:3]}
    rerun, numbers = _push(builds["base"], oxigraph_server)
    assert rerun.returncode == 0, rerun.stderr
    assert numbers is not None and numbers[:3] == (9, 3, 0)  # nothing pushed twice
    assert numbers[3] == sum(sizes[3:])
    assert _stored_hashes(oxigraph_server) == _expected_hashes(builds["base"])


# ------------------------------------------------------------------------------------------ wrong input, no store
def test_a_store_that_is_not_there(builds):
    from servers import free_port

    url = f"http://127.0.0.1:{free_port()}"
    done = kg_main("push", "--from", builds["base"], "--query", f"{url}/query", "--graph-store", f"{url}/store")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"kg push: cannot reach the query endpoint {url}/query: connection refused (is the store running, and is "
        "its port right?)\n  nothing was pushed\n  fix: start the store, or check --query\n"
    )


def test_a_folder_that_is_not_a_build(tmp_path):
    done = kg_main(
        "push", "--from", tmp_path, "--query", "http://127.0.0.1:9/query", "--graph-store", "http://127.0.0.1:9/store"
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"kg push: {tmp_path} is not a build folder: it has no manifest.json\n"
        "  fix: name the folder `kg build --out DIR` wrote with --from DIR, or run `kg build` first\n"
    )


def test_credentials_in_the_url_are_refused(builds):
    done = kg_main(
        "push", "--from", builds["base"], "--query", "http://127.0.0.1:9/q", "--graph-store", "http://u:p@127.0.0.1:9/s"
    )
    assert done.returncode == 2
    assert done.stderr == (
        "kg push: the Graph Store endpoint (--graph-store) holds a user name or password "
        "(http://USER:PASSWORD@...): credentials never go on the command line, where the process list and the "
        "shell's history show them\n"
        "  fix: remove them from the URL and set KG_PUSH_USER and KG_PUSH_PASSWORD in the environment, or add the "
        "line `machine HOST login USER password PASSWORD` to ~/.netrc (or to the file the NETRC variable names)\n"
    )


# ------------------------------------------------------------------------------------------------- Virtuoso
def test_virtuoso_credentials_from_the_environment_and_netrc(builds, virtuoso, tmp_path):
    host = "127.0.0.1"
    # no credentials: the store's 401, and where they are read from
    done, _ = _push(builds["base"], virtuoso)
    assert done.returncode == 2
    message = done.stderr[done.stderr.index("kg push:") :]
    assert message == (
        f"kg push: the store {virtuoso.gsp_url} refused the graph <{ONTOLOGY}>: HTTP 401 Unauthorized: "
        "(no message)\n"
        "  fix: the store asks for a user name and password, and none were found: set KG_PUSH_USER and "
        "KG_PUSH_PASSWORD in the environment, or add the line `machine HOST login USER password PASSWORD` to "
        "~/.netrc (or to the file the NETRC variable names)\n"
        "  the store kept its previous version of that graph\n"
        "  no graph was pushed before it\n"
        "  left: this graph and 11 more\n"
        "  run the same kg push again: it resumes, sending only the graphs whose hash the store lacks\n"
    )
    # wrong ones: which user, read from where
    wrong, _ = _push(builds["base"], virtuoso, env={"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": "wrong"})
    assert wrong.returncode == 2
    assert (
        "  fix: the store refused the user 'dba' and its password, read from the environment (KG_PUSH_USER, "
        "KG_PUSH_PASSWORD): correct them there" in wrong.stderr
    )
    # from the environment (HTTP Digest, as Virtuoso asks)
    good = {"KG_PUSH_USER": virtuoso.user, "KG_PUSH_PASSWORD": virtuoso.password}
    first, numbers = _push(builds["base"], virtuoso, env=good)
    assert first.returncode == 0, first.stderr
    assert numbers is not None and numbers[:3] == (12, 0, 0)
    assert _stored_hashes(virtuoso) == _expected_hashes(builds["base"])
    assert _answers(["--endpoint", virtuoso.query_url]) == _answers(["--from", str(builds["base"])])
    # from a netrc file (NETRC names it): the changed article only
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine {host} login {virtuoso.user} password {virtuoso.password}\n", encoding="utf-8")
    netrc.chmod(0o600)
    before, after = _expected_hashes(builds["base"]), _expected_hashes(builds["changed"])
    differ = [g for g in after if before[g] != after[g]]
    second, numbers = _push(builds["changed"], virtuoso, env={"NETRC": str(netrc)})
    assert second.returncode == 0, second.stderr
    assert numbers is not None and numbers[:3] == (len(differ), 12 - len(differ), 0)
    # a removed article, through Virtuoso's SPARQL Update endpoint
    third, numbers = _push(builds["removed"], virtuoso, update=True, env={"NETRC": str(netrc)})
    assert third.returncode == 0, third.stderr
    assert numbers is not None and numbers[2] == 2
    assert _stored_hashes(virtuoso) == _expected_hashes(builds["removed"])
    _fourth, numbers = _push(builds["removed"], virtuoso, update=True, env={"NETRC": str(netrc)})
    assert numbers == (0, 10, 0, 0)


# ----------------------------------------------------------------------------------------------- HTTP Basic
class BasicAuthFront:
    """An HTTP server on loopback in front of ``upstream`` that asks for HTTP Basic authentication (user ``u``,
    password ``p``), as a store behind a reverse proxy does, and forwards what it lets through."""

    def __init__(self, upstream: str) -> None:
        import base64
        import http.server
        import urllib.error
        import urllib.request

        expected = "Basic " + base64.b64encode(b"u:p").decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                req = urllib.request.Request(upstream + self.path, data=body or None, method=self.command)
                for k, v in headers.items():
                    req.add_header(k, v)
                try:
                    with urllib.request.urlopen(req, timeout=60) as resp:
                        status, data, kind = resp.status, resp.read(), resp.headers.get("Content-Type")
                except urllib.error.HTTPError as exc:
                    status, data, kind = exc.code, exc.read(), exc.headers.get("Content-Type")
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                if kind:
                    self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_http_basic_credentials(builds, oxigraph_server):
    front = BasicAuthFront(f"http://127.0.0.1:{oxigraph_server.port}")
    try:
        where = ["--query", f"{front.url}/query", "--graph-store", f"{front.url}/store"]
        refused = _run_with_env(None, "push", "--from", builds["base"], *where)
        assert refused.returncode == 2
        assert refused.stderr.startswith(
            f"kg push: the query endpoint {front.url}/query answered 401 Unauthorized to the query that reads the "
            "graphs' hashes: (no message)\n  fix: the store asks for a user name and password, and none were found"
        )
        done = _run_with_env({"KG_PUSH_USER": "u", "KG_PUSH_PASSWORD": "p"}, "push", "--from", builds["base"], *where)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("pushed 12 graphs, 0 unchanged, removed 0; ")
    finally:
        front.close()
    assert _stored_hashes(oxigraph_server) == _expected_hashes(builds["base"])


# ------------------------------------------------------------------------------ a bulk load, then kg push
def test_a_bulk_loaded_build_with_its_hashes_is_not_pushed_again(builds, virtuoso_factory, tmp_path):
    hashes = tmp_path / "hashes.nq"
    done = kg_main("push", "--from", builds["base"], "--write-hashes", hashes)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote the hashes of 12 graphs to {hashes}: load it with the build\n"
    expected = _expected_hashes(builds["base"])
    assert hashes.read_text(encoding="utf-8") == "".join(
        f'<{g}> <https://schema.org/sha256> "{h}" <{g}> .\n' for g, h in expected.items()
    )
    store = virtuoso_factory()
    try:
        store.bulk_load(builds["base"] / "ceasefire-kg.nq")
        store.bulk_load(hashes)
        env = {"KG_PUSH_USER": store.user, "KG_PUSH_PASSWORD": store.password}
        again, numbers = _push(builds["base"], store, env=env)
        assert again.returncode == 0, again.stderr
        assert numbers == (0, 12, 0, 0)
        changed, numbers = _push(builds["changed"], store, env=env)
        assert changed.returncode == 0, changed.stderr
        after = _expected_hashes(builds["changed"])
        differ = [g for g in after if expected[g] != after[g]]
        assert numbers is not None and numbers[:3] == (len(differ), 12 - len(differ), 0)
        assert _stored_hashes(store) == after
    finally:
        store.stop()


def test_push_needs_both_urls_or_write_hashes_alone(builds, tmp_path):
    done = kg_main("push", "--from", builds["base"], "--query", "http://127.0.0.1:9/query")
    assert done.returncode == 2
    assert done.stderr == (
        "kg push: missing --graph-store URL or --update URL: kg push needs the store's query endpoint and its Graph "
        "Store (or update) endpoint\n"
        "  fix: Oxigraph: --graph-store http://HOST:PORT/store --query http://HOST:PORT/query; Virtuoso: "
        "--graph-store http://HOST:PORT/sparql-graph-crud-auth --query http://HOST:PORT/sparql (kg push --help)\n"
    )
    both = kg_main(
        "push", "--from", builds["base"], "--write-hashes", tmp_path / "h.nq", "--query", "http://127.0.0.1:9/q"
    )
    assert both.returncode == 2
    assert both.stderr == "kg push: --write-hashes sends nothing: give it without --query, --graph-store, --update\n"
    assert not (tmp_path / "h.nq").exists()


def test_a_store_that_caps_its_answers_still_gives_every_hash(builds, tmp_path):
    """Virtuoso answers at most ResultSetMaxRows rows (10,000 by default: 5,000 articles), and refuses an ORDER BY
    with an OFFSET past them: the hashes are then asked for by their first hex digits. Here the cap is 5."""
    from servers import Virtuoso

    env = {"KG_PUSH_USER": "dba", "KG_PUSH_PASSWORD": "dba"}
    with Virtuoso(tmp_path / "capped", settings={("SPARQL", "ResultSetMaxRows"): "5"}) as store:
        first, numbers = _push(builds["base"], store, env=env)
        assert first.returncode == 0, first.stderr
        assert numbers is not None and numbers[:3] == (12, 0, 0)
        again, numbers = _push(builds["base"], store, env=env)
        assert again.returncode == 0, again.stderr
        assert numbers == (0, 12, 0, 0)
        removed, numbers = _push(builds["removed"], store, env=env)
        assert removed.returncode == 0, removed.stderr
        assert numbers is not None and numbers[2] == 2
        assert _stored_hashes(store) == _expected_hashes(builds["removed"])


def test_ctrl_c_says_what_was_pushed(builds, oxigraph_server):
    import signal
    import subprocess

    from conftest import KG

    from kg.store.push import _hash_triple, _lines, _ntriples, read_build

    path, graphs = read_build(builds["base"])
    with path.open("rb") as f:
        sizes = [len(_ntriples(_lines(f, g))) + len(_hash_triple(g)) for g in graphs]
    proxy = CuttingProxy(("127.0.0.1", oxigraph_server.port), 4096 + sum(sizes[:3]) + sizes[3] // 2, stall=True)
    url = f"http://127.0.0.1:{proxy.port}"
    argv = [str(KG), "push", "--from", str(builds["base"]), "--query", f"{url}/query", "--graph-store", f"{url}/store"]
    try:
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
            assert proxy.stalled.wait(60)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
    finally:
        proxy.close()
    assert proc.returncode == 130
    assert out == ""
    assert err[err.index("kg push:") :] == (
        f"kg push: interrupted while it pushed the graph <{graphs[3].name}>\n"
        "  the store holds either its previous version of that graph or the new one whole, with its hash\n"
        "  pushed before it (3, each whole, with its hash): " + ", ".join(g.name for g in graphs[:3]) + "\n"
        "  left: this graph and 8 more\n"
        "  run the same kg push again: it resumes, sending only the graphs whose hash the store lacks\n"
    )
    assert _push(builds["base"], oxigraph_server)[1][:3] == (9, 3, 0)


def test_the_hash_property_is_schema_sha256_declared_in_the_ontology() -> None:
    """The property ``kg.store.push`` writes out (without importing rdflib) is the ontology's schema:sha256."""
    from rdflib import OWL, RDF
    from rdflib.namespace import SDO

    from kg.store.push import HASH_PROPERTY
    from kg.vocab import load_ontology_graph

    assert str(SDO.sha256) == HASH_PROPERTY
    assert (SDO.sha256, RDF.type, OWL.DatatypeProperty) in load_ontology_graph()
