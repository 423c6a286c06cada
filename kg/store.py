"""Where the graph lives and how SPARQL reaches it: in memory (rdflib), on disk (Oxigraph), or any endpoint.

All three answer SELECT queries with the same result shape (variables and rows of rdflib terms), query the
union of the named graphs as their default graph, and bind parameters as RDF terms, never as query text:

* a ``VALUES`` block placed first in the query's WHERE group, each value written as a checked, escaped RDF
  term, the same on every store, so that a query means the same everywhere (rdflib's ``initBindings`` and
  pyoxigraph's substitutions each differ: the first lets a BIND overwrite a bound variable, the second
  takes only projected variables).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, KgError
from kg.ntriples import split_lines
from kg.paths import display


@dataclass
class Result:
    """The answer to a SELECT query: its variables and rows (``None`` where a variable is unbound)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]

    def __len__(self) -> int:
        return len(self.rows)


class QuerySyntaxError(InputError):
    """A SPARQL syntax error, with line and column."""


class StoreError(KgError):
    """The store or endpoint could not answer."""


def check_syntax(sparql: str, source: str = "query") -> None:
    """Parse a query with rdflib's SPARQL parser; raise :class:`QuerySyntaxError` with line and column."""
    from pyparsing import ParseException

    try:
        _parse(sparql)
    except ParseException as exc:
        line_text = sparql.splitlines()[exc.lineno - 1] if 0 < exc.lineno <= len(sparql.splitlines()) else ""
        raise QuerySyntaxError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n"
            f"    {line_text}\n    {' ' * (exc.col - 1)}^", file=source, line=exc.lineno,
            hint="check the query near that position") from None


@lru_cache(maxsize=256)
def _parse(sparql: str):
    """rdflib's parse of a query text, kept: the named queries run again and again in a session."""
    from rdflib.plugins.sparql.parser import parseQuery
    return parseQuery(sparql)


@lru_cache(maxsize=256)
def _prepared(sparql: str):
    from rdflib.plugins.sparql import prepareQuery
    return prepareQuery(sparql)


class Store:
    """A place to run SPARQL SELECT queries."""

    name = "store"

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        raise NotImplementedError

    def construct(self, sparql: str):
        """Run a CONSTRUCT query; return an rdflib Graph."""
        raise NotImplementedError


class MemoryStore(Store):
    """An rdflib Dataset in memory, its named graphs' union as default graph."""

    name = "memory"

    def __init__(self, dataset: Dataset) -> None:
        from kg.join_order import enable
        self.dataset = dataset
        enable(dataset)  # rdflib joins each pattern's triples in an order chosen from the data

    @classmethod
    def from_out(cls, out_dir: Path) -> "MemoryStore":
        from kg.output import load_dataset
        return cls(load_dataset(out_dir))

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        # the same binding as on the other stores (a VALUES block first in the WHERE group), so that every
        # store gives a query the same meaning; prepared queries are kept, rdflib's parse being slow
        res = self.dataset.query(_prepared(bind_values(sparql, bindings)))
        names = [str(v) for v in res.vars]
        return Result(names, [tuple(row[v] for v in res.vars) for row in res])

    def construct(self, sparql: str):
        return self.dataset.query(sparql).graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib(term) -> Node | None:
    import pyoxigraph as ox
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a plain literal, as rdflib and the JSON results give it
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported term from Oxigraph: {term!r}")


@lru_cache(maxsize=2**16)
def _to_rdflib_kept(term) -> Node | None:
    """:func:`_to_rdflib`, remembered: the same values recur across rows and across the queries of a session."""
    return _to_rdflib(term)


def _to_oxigraph(term: Node):
    import pyoxigraph as ox
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot bind {term!r}")


def oxigraph_quads(graphs: dict) -> list:
    """The triples of each rdflib graph of ``graphs`` (name -> Graph; ``None`` for the default graph) as
    pyoxigraph quads, which keep every datatype as written (a store folds xsd:positiveInteger into xsd:integer)."""
    import pyoxigraph as ox
    cache: dict = {}

    def conv(term):
        found = cache.get(term)
        if found is None:
            found = cache[term] = _to_oxigraph(term)
        return found

    quads = []
    for name, g in graphs.items():
        graph = conv(name) if name is not None else ox.DefaultGraph()
        quads += [ox.Quad(conv(s), conv(p), conv(o), graph) for s, p, o in g]
    return quads


def oxigraph_from_graphs(graphs: dict):
    """An in-memory pyoxigraph store holding each rdflib graph of ``graphs`` as a named graph."""
    import pyoxigraph as ox
    store = ox.Store()
    store.extend(oxigraph_quads(graphs))
    return store


class OxigraphStore(Store):
    """An Oxigraph store: on disk (pyoxigraph), loaded from a build's N-Quads, or one already open."""

    name = "oxigraph"

    def __init__(self, location: Path | None, read_only: bool = False, store=None) -> None:
        import pyoxigraph as ox
        self.location = Path(location) if location is not None else None
        if store is not None:
            self.store = store
            return
        import time
        for attempt in range(40):  # a store just closed (here or by a stopping server) may hold its lock a moment
            try:
                self.store = ox.Store.read_only(str(location)) if read_only else ox.Store(str(location))
                return
            except OSError as exc:
                if "lock" not in str(exc).lower() or attempt == 39:
                    raise StoreError(f"cannot open the Oxigraph store at {display(self.location)}: {exc}"
                                     + ("; is another program (kg serve?) using it?" if "lock" in str(exc).lower()
                                        else "")) from None
                time.sleep(0.05)

    @classmethod
    def load(cls, location: Path, nquads: Path, parts: int | None = None) -> "OxigraphStore":
        """Create (or replace the content of) the store at ``location`` with the quads of ``nquads``.

        Oxigraph's bulk loader sorts and writes on one core; a large file is cut at line ends into ``parts``
        pieces (default: one per core, at most 8) that are bulk loaded side by side (pyoxigraph lets go of
        the GIL while it reads a file): about twice as fast on two cores. The pieces add up to the same
        quads (see :func:`split_lines` for blank nodes); they go to /dev/shm or the temporary folder,
        whichever has room, and are deleted after. With no room, the file is loaded whole.
        """
        import pyoxigraph as ox
        store = cls(location)
        store.store.clear()
        size = Path(nquads).stat().st_size
        if parts is None:
            parts = load_pieces(size)
        scratch_dir = _scratch_dir(size) if parts > 1 else None
        try:
            if scratch_dir is None:  # one piece, or no room to cut the file: one bulk load
                store.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            else:
                with tempfile.TemporaryDirectory(prefix="kg-load-", dir=scratch_dir) as scratch:
                    pieces = split_lines(Path(nquads), parts, Path(scratch))  # blank nodes kept whole
                    errors: list[BaseException] = []

                    def load_piece(piece: Path) -> None:
                        try:
                            store.store.bulk_load(path=str(piece), format=ox.RdfFormat.N_QUADS)
                        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                            errors.append(exc)

                    threads = [threading.Thread(target=load_piece, args=(p,)) for p in pieces]
                    for t in threads:
                        t.start()
                    for t in threads:
                        t.join()
                    if errors:
                        raise errors[0]
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {display(Path(nquads))} into the Oxigraph store at "
                             f"{display(store.location)}: {exc}") from None
        store.store.flush()
        return store

    def is_empty(self) -> bool:
        return len(self.store) == 0

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        # pyoxigraph's substitutions only take projected variables: bind with a checked VALUES block instead
        text = bind_values(sparql, bindings)
        solutions = self.store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return Result(names, [tuple(_to_rdflib_kept(s[n]) for n in names) for s in solutions])

    def construct(self, sparql: str):
        from rdflib import Graph
        g = Graph()
        for t in self.store.query(sparql, use_default_graph_as_union=True):
            g.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
        return g


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG_TAG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")


def _iri_text(iri: str) -> str:
    if _NOT_IN_IRI.search(iri):
        raise InputError(f"not an IRI: {iri!r}", hint="an IRI has no spaces, quotes, <, >, {, }, |, ^, ` or \\")
    return f"<{iri}>"


def _term_text(term: Node) -> str:
    """An RDF term as SPARQL text; IRIs and language tags are checked, strings escaped."""
    if isinstance(term, URIRef):
        return _iri_text(str(term))
    if isinstance(term, Literal):
        text = Literal(str(term)).n3()  # the lexical form alone, escaped
        if term.language:
            if not _LANG_TAG.match(term.language):
                raise InputError(f"not a language tag: {term.language!r}")
            return f"{text}@{term.language}"
        return text if term.datatype is None else f"{text}^^{_iri_text(str(term.datatype))}"
    raise InputError(f"cannot bind {term!r}", hint="bind an IRI or a literal")


def _values_block(bindings: dict[str, Node]) -> str:
    """A VALUES clause binding each variable to one RDF term, each checked and escaped (:func:`_term_text`)."""
    names = list(bindings)
    terms = " ".join(_term_text(bindings[n]) for n in names)
    return " VALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") } "


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: dict[str, Node] | None) -> str:
    """The query with its params bound by a VALUES block placed first in its outer WHERE group, so that the
    group's patterns and FILTERs see the values (as with rdflib's initBindings); comment lines are skipped.

    >>> from rdflib import Literal
    >>> from rdflib import Literal
    >>> bind_values("SELECT ?x WHERE { ?x ?p ?n }", {"n": Literal("a")})
    'SELECT ?x WHERE { VALUES (?n) { ("a") }  ?x ?p ?n }'
    """
    if not bindings:
        return sparql
    offset = 0
    for line in sparql.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            m = _WHERE.search(line) or (re.search(r"\{", line) if "SELECT" not in line.upper()
                                        and "PREFIX" not in line.upper() else None)
            if m is not None:
                at = offset + m.end()
                return sparql[:at] + _values_block(bindings) + sparql[at:]
        offset += len(line)
    raise InputError("cannot bind params: the query has no WHERE group", hint="write SELECT ... WHERE { ... }")


def _from_json(value: dict[str, Any] | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    if "datatype" in value:
        return Literal(value["value"], datatype=URIRef(value["datatype"]))
    return Literal(value["value"])


class EndpointStore(Store):
    """Any SPARQL 1.1 endpoint, over the SPARQL 1.1 Protocol (HTTP POST, JSON results)."""

    name = "endpoint"

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url, self.timeout = url, timeout

    def _post(self, sparql: str, accept: str) -> bytes:
        data = urllib.parse.urlencode({"query": sparql}).encode()
        req = urllib.request.Request(self.url, data=data, method="POST", headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            raise StoreError(f"the endpoint {self.url} answered {exc.code}: "
                             f"{exc.read().decode(errors='replace')[:500]}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the endpoint {self.url}: {exc}") from None

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        text = bind_values(sparql, bindings)
        payload = json.loads(self._post(text, "application/sparql-results+json"))
        names = payload["head"]["vars"]
        rows = [tuple(_from_json(b.get(n)) for n in names) for b in payload["results"]["bindings"]]
        return Result(names, rows)

    def construct(self, sparql: str):
        from rdflib import Graph
        g = Graph()
        g.parse(data=self._post(sparql, "application/n-triples").decode(), format="nt")
        return g


_SPLIT_ABOVE = 4 * 2**20  # bytes of N-Quads above which a load is split over the cores


def load_pieces(size: int) -> int:
    """How many pieces :meth:`OxigraphStore.load` cuts a file of ``size`` bytes into: one per core (at most
    8) above 4 MiB, else one."""
    return 1 if size < _SPLIT_ABOVE else min(os.cpu_count() or 1, 8)


def _scratch_dir(needed: int) -> str | None:
    """A folder with ``needed`` bytes free for the pieces of a load: memory-backed where there is one (Linux's
    /dev/shm, often small in containers), else the system's temporary folder; ``None`` when neither has room.
    """
    for folder in ("/dev/shm", tempfile.gettempdir()):
        try:
            st = os.statvfs(folder)
        except (OSError, AttributeError):  # no such folder, or no statvfs (Windows)
            continue
        if os.access(folder, os.W_OK) and st.f_bavail * st.f_frsize > needed * 1.2:
            return folder
    return None


#: a file in an Oxigraph store folder that names the build it was loaded from, so a rebuild reloads it
SOURCE_MARKER = "kg-loaded-from.txt"


def _fingerprint(path: Path) -> str:
    st = Path(path).stat()
    return f"{Path(path).resolve()} {st.st_size} {st.st_mtime_ns}\n"


def open_store(out_dir: Path = Path("out"), store: str | None = None, endpoint: str | None = None) -> Store:
    """The store a user asked for.

    ``store`` is ``None`` or ``"memory"`` (rdflib, from ``out_dir``), or ``"oxigraph:DIR"`` (an Oxigraph
    store in DIR, loaded from ``out_dir`` when empty or when the build is newer than what it holds);
    ``endpoint`` is the URL of a SPARQL endpoint.
    """
    if endpoint:
        return EndpointStore(endpoint)
    if store in (None, "memory"):
        return MemoryStore.from_out(out_dir)
    if store.startswith("oxigraph:"):
        location = Path(store.removeprefix("oxigraph:"))
        if not str(location):
            raise InputError("--store oxigraph: needs a folder", hint="write --store oxigraph:out/oxigraph")
        nquads = Path(out_dir) / "ceasefire-kg.nq"
        marker = location / SOURCE_MARKER
        if location.exists() and any(location.iterdir()):
            fresh = not nquads.exists() or (marker.exists() and marker.read_text() == _fingerprint(nquads))
            ox_store = OxigraphStore(location)
            if fresh and not ox_store.is_empty():
                return ox_store
            del ox_store  # stale: reload it from the newer build
        if not nquads.exists():
            raise InputError(f"no built graph at {display(nquads)}", hint="run `kg build` first (or pass --out DIR)")
        loaded = OxigraphStore.load(location, nquads)
        marker.write_text(_fingerprint(nquads))
        return loaded
    raise InputError(f"unknown store '{store}'", hint="use --store memory or --store oxigraph:DIR")
