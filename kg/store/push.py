"""``kg push``: publish a build to a triple store, graph by graph, sending only what changed.

A build (the folder ``kg build`` writes) holds named graphs: the ontology's, one per article, one of the
statements derived from each article, and the disagreements between sources. ``kg push`` replaces each of them
in the store as a whole: an HTTP ``PUT`` of the SPARQL 1.1 Graph Store HTTP Protocol, or, on a store that only
has SPARQL 1.1 Update, one request of ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``.

What changed is told by a content hash, recorded in the store itself, so that a push from another machine (or
another clone of the build) knows it too. The design, and why:

* The hash of a graph is the SHA-256 of its N-Quads lines as the build wrote them, sorted by their bytes, each
  ending in a newline (:func:`graph_hash`). The build writes its N-Quads in a canonical way (N-Triples terms,
  the same escapes; the ontology's blank nodes, the only ones, labelled by :func:`rdflib.compare.
  to_canonical_graph`, which depends only on the content), so the same content always gives the same hash,
  whatever the order or the machine; the store's own labels of those blank nodes never matter, since the hash
  is never computed from what the store holds.
* Each pushed graph carries one more triple, ``<graph> schema:sha256 "hex"`` (the schema.org property, "the
  SHA-256 hash of the content of the item", declared in ontology/ceasefire.ttl), sent in the same request as
  the content, after it (the last line). Content and hash arrive together or not at all: a store that applies
  a request in one transaction (Oxigraph) keeps the old graph with its old hash or takes the new one with its
  new hash; one that could stop half way through a request has dropped the old graph and its hash first and
  would lack the new hash, the last line, so the graph is sent again. A push that breaks off half way is
  resumed by the next one, which reads the hashes back, pushing nothing twice. A separate record (a "push log" graph) would need a second write per graph, and could
  disagree with the content after a failure between the two.
* The hashes are read back with one SELECT on the store's query endpoint, ``SELECT ?g ?h { GRAPH ?g { ?g
  schema:sha256 ?h } }``, and a COUNT beside it: a store that caps the rows of an answer (Virtuoso: 10,000, so
  from 5,000 articles on) is asked again by the hashes' first hex digits. The triple is about the graph's name,
  which no named query asks about, so the named queries give the same answers over the store as on the build.
* A graph that carries the hash (an earlier ``kg push`` wrote it) but is no longer in the build (an article
  removed, renamed) is deleted and reported, so that the store holds what the build holds; ``keep_removed``
  (``--keep-removed``) keeps them and reports them. Graphs without the hash (loaded by other means, other
  data in the same store) are never touched, unless the build has a graph of the same name, which then
  replaces it.
* A large build is loaded faster by the store's bulk loader than graph by graph. :func:`write_hashes` (``kg push
  --write-hashes FILE``) writes the hash triples of the build's graphs as N-Quads, to be bulk-loaded with it:
  then the store holds what a push would have written, and the next push sends only what changed.

A store that refuses a request (an HTTP status 4xx or 5xx) or goes away (connection refused, reset, no answer
within the time limit) ends the push with a :class:`PushFailed` naming the graph, the status and the store's
message, what to do, the graphs pushed before it and how many are left; a re-run resumes.

Layer: the store layer; imports only the foundation (:mod:`kg.errors`, :mod:`kg.resources`) and the store's own
modules (:mod:`kg.store.files`, :mod:`kg.store.http_client`).
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.store.base import StoreError
from kg.store.http_client import CREDENTIALS_HELP, Credentials, HttpClient, Response, Unreachable, check_url

#: the property of the triple ``<graph> schema:sha256 "hex"`` that each pushed graph carries (written out, not
#: taken from :mod:`kg.namespaces`, so that ``kg push`` does not import rdflib; tests/test_push.py checks that it
#: is ``schema:sha256`` and declared in the ontology)
HASH_PROPERTY = "https://schema.org/sha256"
#: called after each graph pushed or removed: (graphs done, graphs to do, bytes sent so far)
Progress = Callable[[int, int, int], None]


@dataclass
class Graph:
    """One named graph of a build: its name, where its lines are in the N-Quads file, and its hash."""

    name: str
    runs: list[tuple[int, int]] = field(default_factory=list)  # (offset, length) of each run of its lines
    lines: int = 0
    sha256: str = ""


@dataclass
class PushSummary:
    """What a push did (or, with ``dry_run``, would do): the graphs by name, the bytes sent, the time taken."""

    target: str
    pushed: list[str]
    unchanged: list[str]
    removed: list[str]
    kept: list[str]
    bytes: int
    seconds: float
    dry_run: bool = False

    def format(self) -> str:
        """The summary in a few lines: each graph to push or remove when ``dry_run``, then the counts."""
        lines = []
        if self.dry_run:
            lines += [f"would push {g}" for g in self.pushed]
            lines += [f"would remove {g}" for g in self.removed]
            verb = ("would push", "would remove", "would send")
        else:
            verb = ("pushed", "removed", "sent")
        lines += [f"kept {g} (no longer in the build; --keep-removed)" for g in self.kept]
        lines.append(
            f"{verb[0]} {_n(len(self.pushed), 'graph')}, {len(self.unchanged)} unchanged, {verb[1]} "
            f"{len(self.removed)}; {verb[2]} {self.bytes:,} bytes to {self.target} in {self.seconds:.2f} s"
        )
        return "\n".join(lines)


class PushFailed(StoreError):
    """The store refused a request or went away: what was pushed, what failed, what is left."""


class PushInterrupted(PushFailed):
    """Ctrl-C during a push: what was pushed and what is left (exit code 130, as for any interrupted command)."""

    exit_code = 130


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


# ------------------------------------------------------------------------------------------- the build's graphs
def read_build(build_dir: Path | str) -> tuple[Path, list[Graph]]:
    """The N-Quads file of the build in ``build_dir`` and its named graphs, in the order the build wrote them,
    each with its hash (:func:`open_build`)."""
    f, graphs = open_build(build_dir)
    f.close()
    return Path(f.name), graphs


def open_build(build_dir: Path | str) -> tuple[BinaryIO, list[Graph]]:
    """The N-Quads file of the build in ``build_dir``, open, and its named graphs, in the order the build wrote
    them, each with its hash. The graphs are read from that open file to the end of a push, so a ``kg build`` that
    replaces the file meanwhile cannot mix two builds: the push sends the build it hashed. A folder that is not a
    build, or whose N-Quads file is not the one its manifest names (changed or cut short since), is an
    :class:`InputError`."""
    from kg.resources import display
    from kg.store.files import MANIFEST, NQUADS_FILE, finish_switch

    folder = Path(build_dir)
    if not folder.is_dir():
        raise InputError(
            f"no build folder {display(folder)}", hint="run `kg build` first, or name the build folder with --from DIR"
        )
    finish_switch(folder)
    manifest, path = folder / MANIFEST, folder / NQUADS_FILE
    if not manifest.is_file() or not path.is_file():
        missing = manifest if not manifest.is_file() else path
        raise InputError(
            f"{display(folder)} is not a build folder: it has no {missing.name}",
            hint="name the folder `kg build --out DIR` wrote with --from DIR, or run `kg build` first",
        )
    try:
        expected = json.loads(manifest.read_text(encoding="utf-8"))["files"][NQUADS_FILE]["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"not a readable manifest of kg build ({type(exc).__name__}: {exc})",
            file=display(manifest),
            hint="run `kg build` to write the build again",
        ) from None
    graphs: dict[str, Graph] = {}
    whole = hashlib.sha256()
    try:
        f = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}", file=display(path)) from None
    try:
        offset, current, start = 0, None, 0
        for number, line in enumerate(f, 1):
            whole.update(line)
            cut = line.rfind(b" <")
            if not line.endswith(b"> .\n") or cut < 0:
                raise InputError(
                    "not a line of N-Quads with a named graph",
                    file=display(path),
                    line=number,
                    hint="the file was changed since `kg build` wrote it: run `kg build` to write it again",
                )
            name = line[cut + 2 : -4].decode("utf-8")
            if name != current:
                if current is not None:
                    graphs[current].runs.append((start, offset - start))
                current, start = name, offset
                graphs.setdefault(name, Graph(name))
            graphs[name].lines += 1
            offset += len(line)
        if current is not None:
            graphs[current].runs.append((start, offset - start))
        if whole.hexdigest() != expected:
            raise InputError(
                f"{display(path)} is not the file its manifest names (changed or cut short since `kg build` wrote it)",
                hint="run `kg build` to write the build again",
            )
        for g in graphs.values():
            g.sha256 = graph_hash(_lines(f, g))
    except BaseException:
        f.close()
        raise
    return f, list(graphs.values())


def _lines(f: BinaryIO, graph: Graph) -> list[bytes]:
    """The N-Quads lines of ``graph``, read from the open file ``f``."""
    out: list[bytes] = []
    for offset, length in graph.runs:
        f.seek(offset)
        out += f.read(length).splitlines(keepends=True)
    return out


def graph_hash(lines: list[bytes]) -> str:
    """The content hash of a graph: SHA-256 of its N-Quads lines (each ending in a newline), sorted by bytes.

    >>> graph_hash([b'<urn:b> <urn:p> "2" <urn:g> .\\n', b'<urn:a> <urn:p> "1" <urn:g> .\\n'])[:16]
    'a92b0af19f1fd535'
    """
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(line)
    return h.hexdigest()


def _ntriples(lines: list[bytes]) -> bytes:
    """The N-Triples of N-Quads lines: each line without its graph."""
    return b"".join(line[: line.rfind(b" <")] + b" .\n" for line in lines)


def _hash_triple(graph: Graph) -> bytes:
    return f'<{graph.name}> <{HASH_PROPERTY}> "{graph.sha256}" .\n'.encode()


def write_hashes(build_dir: Path | str, path: Path | str) -> int:
    """Write to ``path`` the N-Quads of the hash triples of the build's graphs (``<g> schema:sha256 "hex" <g> .``),
    for a store loaded with the build by its bulk loader: loaded with them, the store holds what ``kg push``
    would have written, and the next push sends only what changed. Returns the number of graphs."""
    from kg.resources import display

    f, graphs = open_build(build_dir)
    f.close()
    target = Path(path)
    text = "".join(f'<{g.name}> <{HASH_PROPERTY}> "{g.sha256}" <{g.name}> .\n' for g in graphs).encode()
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(text)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write it: {exc.strerror or exc}", file=display(target)) from None
    return len(graphs)


# ------------------------------------------------------------------------------------------------- the store
class Target:
    """Where a build goes: a Graph Store endpoint or an update endpoint, and the query endpoint that reads the
    hashes back."""

    def __init__(
        self,
        query: str,
        graph_store: str | None = None,
        update: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        if (graph_store is None) == (update is None):
            raise InputError(
                "give the store's Graph Store endpoint (--graph-store URL) or its update endpoint (--update URL)",
                hint="Oxigraph: --graph-store http://HOST:PORT/store; Virtuoso: --graph-store "
                "http://HOST:PORT/sparql-graph-crud-auth; a store with SPARQL Update only: --update URL",
            )
        check_url(query, "the query endpoint (--query)")
        if graph_store is not None:
            check_url(graph_store, "the Graph Store endpoint (--graph-store)")
        if update is not None:
            check_url(update, "the update endpoint (--update)")
        self.query, self.graph_store, self.update = query, graph_store, update
        self.client = HttpClient(timeout)

    @property
    def url(self) -> str:
        return self.graph_store or self.update or ""

    def close(self) -> None:
        self.client.close()

    def credentials(self, url: str) -> Credentials | None:
        """The credentials sent to the host of ``url``, if any were."""
        return self.client.credentials.get(urllib.parse.urlsplit(url).hostname or "")

    def _graph_url(self, graph: str) -> str:
        assert self.graph_store is not None
        sep = "&" if urllib.parse.urlsplit(self.graph_store).query else "?"
        return f"{self.graph_store}{sep}{urllib.parse.urlencode({'graph': graph})}"

    def hashes(self) -> dict[str, str]:
        """Each graph of the store that carries a hash, with its hash (two different hashes: the empty string).

        One SELECT, with a COUNT beside it: a store that caps the rows of an answer (Virtuoso: 10,000 by
        default, and no ORDER BY with an OFFSET past them) is asked again by the hashes' first hex digits,
        split further while an answer still comes back capped.
        """
        total = int(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {self._PATTERN} }}")[0]["n"]["value"])
        rows = self._select(f"SELECT ?g ?h WHERE {{ {self._PATTERN} }}")
        if len(rows) < total:
            cap, rows, prefixes = len(rows), [], list("0123456789abcdef")
            while prefixes:
                prefix = prefixes.pop()
                part = self._select(f'SELECT ?g ?h WHERE {{ {self._PATTERN} FILTER(STRSTARTS(STR(?h), "{prefix}")) }}')
                if len(part) >= cap and len(prefix) < 64:
                    prefixes += [prefix + c for c in "0123456789abcdef"]
                else:
                    rows += part
        found: dict[str, str] = {}
        try:
            for r in rows:
                g, h = r["g"]["value"], r["h"]["value"]
                found[g] = h if found.get(g, h) == h else ""
        except (KeyError, TypeError):
            raise self._not_results() from None
        return found

    _PATTERN = f"GRAPH ?g {{ ?g <{HASH_PROPERTY}> ?h }}"

    def _not_results(self, response: Response | None = None) -> PushFailed:
        said = f" ({response.message(120)!r})" if response is not None else ""
        return PushFailed(
            f"the query endpoint {self.query} did not answer with SPARQL JSON results{said}\n"
            f"  fix: check --query: {_QUERY_HELP}\n  nothing was pushed"
        )

    def _select(self, sparql: str) -> list[dict]:
        body = urllib.parse.urlencode({"query": sparql}).encode()
        response = self._send(
            "POST",
            self.query,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        )
        if not response.ok:
            raise PushFailed(
                f"the query endpoint {self.query} answered {response.status} {response.reason} to the query "
                f"that reads the graphs' hashes: {response.message() or '(no message)'}\n"
                f"  fix: {_advice(response.status, query=True, credentials=self.credentials(self.query))}\n"
                "  nothing was pushed"
            )
        try:
            rows = json.loads(response.body)["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise self._not_results(response) from None
        if not isinstance(rows, list) or (not rows and "COUNT" in sparql):
            raise self._not_results(response)
        return rows

    def put(self, graph: Graph, content: bytes) -> tuple[Response, int]:
        """Replace ``graph`` in the store by ``content`` (N-Triples lines) and its hash triple."""
        body = content + _hash_triple(graph)
        if self.graph_store is not None:
            return self._send("PUT", self._graph_url(graph.name), body, {"Content-Type": "application/n-triples"}), len(
                body
            )
        update = (
            f"DROP SILENT GRAPH <{graph.name}> ;\nINSERT DATA {{ GRAPH <{graph.name}> {{\n".encode() + body + b"} }\n"
        )
        form = b"update=" + urllib.parse.quote_from_bytes(update, safe="").encode()
        return self._send("POST", self.update or "", form, {"Content-Type": "application/x-www-form-urlencoded"}), len(
            update
        )

    def delete(self, graph: str) -> Response:
        if self.graph_store is not None:
            return self._send("DELETE", self._graph_url(graph), b"", {})
        form = urllib.parse.urlencode({"update": f"DROP SILENT GRAPH <{graph}>"}).encode()
        return self._send("POST", self.update or "", form, {"Content-Type": "application/x-www-form-urlencoded"})

    def _send(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> Response:
        return self.client.request(method, url, body, headers)


_QUERY_HELP = "Oxigraph: http://HOST:PORT/query; Virtuoso: http://HOST:PORT/sparql"


def _advice(status: int, *, query: bool = False, credentials: Credentials | None = None) -> str:
    """What to do about an HTTP status from the store (``credentials``: those sent, for a 401)."""
    if status == 401:
        if credentials is None:
            return f"the store asks for a user name and password, and none were found: {CREDENTIALS_HELP}"
        return (
            f"the store refused the user {credentials.user!r} and its password, read from {credentials.source}: "
            f"correct them there ({CREDENTIALS_HELP})"
        )
    if status == 403:
        return "the user may not write to this store: give the credentials of a user who may (Virtuoso: dba, or "
        "a user with the SPARQL_UPDATE role)"
    if status in (404, 405):
        if query:
            return f"check the query endpoint's URL (--query): {_QUERY_HELP}"
        return (
            "check the endpoint's URL: Oxigraph: --graph-store http://HOST:PORT/store (a writable `oxigraph serve`, "
            "not `serve-read-only`); Virtuoso: --graph-store http://HOST:PORT/sparql-graph-crud-auth; "
            "or --update URL for a store with SPARQL Update only"
        )
    if status == 413:
        return "the store refuses requests this large: raise its limit on the size of a request"
    if status >= 500:
        return "the store failed: its log says why; run the same kg push again once it is fixed"
    return "check the store's URL and its log"


# ---------------------------------------------------------------------------------------------------- the push
def push(
    build_dir: Path | str,
    query: str,
    *,
    graph_store: str | None = None,
    update: str | None = None,
    dry_run: bool = False,
    keep_removed: bool = False,
    timeout: float = 60.0,
    progress: Progress | None = None,
) -> PushSummary:
    """Publish the build in ``build_dir`` to a store: each named graph that changed since the last push (by its
    content hash, recorded in the store) replaced as a whole; the graphs an earlier push wrote that are no longer
    in the build deleted (``keep_removed``: kept).

    ``graph_store``: the store's SPARQL 1.1 Graph Store HTTP Protocol endpoint (``PUT ...?graph=IRI``); or
    ``update``: its SPARQL 1.1 Update endpoint (``DROP SILENT GRAPH`` and ``INSERT DATA`` in one request);
    ``query``: its SPARQL query endpoint, where the hashes are read back. Credentials, when the store asks for
    them (HTTP Basic or Digest), come from ``KG_PUSH_USER`` and ``KG_PUSH_PASSWORD`` or a netrc file.
    ``dry_run``: read the hashes, send nothing; the summary says what would be pushed.

    Raises :class:`PushFailed` (what was pushed, which graph failed and why, how many are left) when the store
    refuses a request or goes away; :class:`~kg.errors.InputError` for a folder that is not a build.
    """
    t0 = time.perf_counter()
    target = Target(query, graph_store=graph_store, update=update, timeout=timeout)
    f, graphs = open_build(build_dir)
    try:
        try:
            remote = target.hashes()
        except Unreachable as exc:
            raise PushFailed(
                f"cannot reach the query endpoint {exc.url}: {exc.reason}\n  nothing was pushed\n"
                "  fix: start the store, or check --query"
            ) from None
        names = {g.name for g in graphs}
        todo = [g for g in graphs if remote.get(g.name) != g.sha256]
        unchanged = [g.name for g in graphs if remote.get(g.name) == g.sha256]
        gone = sorted(g for g in remote if g not in names)
        removed, kept = ([], gone) if keep_removed else (gone, [])
        if dry_run:
            size = sum(len(_ntriples(_lines(f, g))) + len(_hash_triple(g)) for g in todo)
            return PushSummary(
                target.url, [g.name for g in todo], unchanged, removed, kept, size, time.perf_counter() - t0, True
            )
        total, sent = len(todo) + len(removed), 0
        pushed: list[str] = []
        dropped: list[str] = []
        if progress is not None:
            progress(0, total, 0)
        i = j = 0
        try:
            for i, g in enumerate(todo):
                content = _ntriples(_lines(f, g))
                try:
                    response, size = target.put(g, content)
                except Unreachable as exc:
                    raise _went_away(exc, g.name, pushed, todo[i + 1 :], removed) from None
                if not response.ok:
                    raise _refused(response, g.name, pushed, todo[i + 1 :], removed, target)
                sent += size
                pushed.append(g.name)
                if progress is not None:
                    progress(len(pushed), total, sent)
            for j, name in enumerate(removed):
                try:
                    response = target.delete(name)
                except Unreachable as exc:
                    raise _went_away(exc, name, pushed, [], removed[j + 1 :], dropped) from None
                if not response.ok and response.status != 404:
                    raise _refused(response, name, pushed, [], removed[j + 1 :], target, dropped)
                dropped.append(name)
                if progress is not None:
                    progress(len(pushed) + len(dropped), total, sent)
        except KeyboardInterrupt:  # Ctrl-C: say what the store holds, as for a failure
            if len(pushed) == len(todo) and len(dropped) == len(removed):
                raise  # all was done
            if len(pushed) < len(todo):
                name, left, removing, done = todo[i].name, todo[i + 1 :], removed, None
            else:
                name, left, removing, done = removed[j], [], removed[j + 1 :], dropped
            raise PushInterrupted(
                f"interrupted while it pushed the graph <{name}>\n"
                "  the store holds either its previous version of that graph or the new one whole, with its hash\n"
                + _state(pushed, left, removing, done)
            ) from None
    finally:
        f.close()
        target.close()
    return PushSummary(target.url, pushed, unchanged, dropped, kept, sent, time.perf_counter() - t0)


def _state(pushed: list[str], left: list[Graph], removing: list[str], dropped: list[str] | None = None) -> str:
    """What the store holds now, and what a re-run does: the lines after the first of a failure's message."""
    lines = []
    if pushed:
        shown = pushed if len(pushed) <= 10 else [*pushed[:5], f"... {len(pushed) - 10} more ...", *pushed[-5:]]
        lines.append(f"  pushed before it ({len(pushed)}, each whole, with its hash): " + ", ".join(shown))
    else:
        lines.append("  no graph was pushed before it")
    if dropped:
        lines.append(f"  removed before it ({len(dropped)}): " + ", ".join(dropped))
    more = [*(g.name for g in left), *removing]
    lines.append(f"  left: this graph and {len(more)} more" + (f" ({len(removing)} to remove)" if removing else ""))
    lines.append("  run the same kg push again: it resumes, sending only the graphs whose hash the store lacks")
    return "\n".join(lines)


def _refused(
    response: Response,
    graph: str,
    pushed: list[str],
    left: list[Graph],
    removing: list[str],
    target: Target,
    dropped: list[str] | None = None,
) -> PushFailed:
    message = response.message() or "(no message)"
    return PushFailed(
        f"the store {target.url} refused the graph <{graph}>: HTTP {response.status} {response.reason}: {message}\n"
        f"  fix: {_advice(response.status, credentials=target.credentials(target.url))}\n"
        f"  the store {'still holds' if dropped is not None else 'kept its previous version of'} that graph\n"
        + _state(pushed, left, removing, dropped)
    )


def _went_away(
    exc: Unreachable,
    graph: str,
    pushed: list[str],
    left: list[Graph],
    removing: list[str],
    dropped: list[str] | None = None,
) -> PushFailed:
    fate = (
        "the store holds either its previous version of that graph or the new one whole, with its hash"
        if exc.sent
        else "the graph was not sent"
    )
    return PushFailed(
        f"the store went away while kg pushed the graph <{graph}>: {exc.reason} ({exc.url.split('?')[0]})\n"
        f"  {fate}\n" + _state(pushed, left, removing, dropped)
    )


__all__ = [
    "HASH_PROPERTY",
    "Graph",
    "PushFailed",
    "PushInterrupted",
    "PushSummary",
    "Target",
    "graph_hash",
    "open_build",
    "push",
    "read_build",
    "write_hashes",
]
