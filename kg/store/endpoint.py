"""Any SPARQL 1.1 endpoint, reached over the SPARQL 1.1 Protocol; the literals it answers with in the form the
local store shows (:mod:`kg.store.canonical`)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.store.base import Result, Store, StoreError, bind_values
from kg.store.canonical import canonical_literal, literal, quiet_literals


def _from_json(value: dict[str, Any] | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    # a literal ("typed-literal": SPARQL 1.0's JSON, which Virtuoso still gives), its form made canonical
    return literal(value["value"], value.get("datatype"), value.get("xml:lang"))


class EndpointStore(Store):
    """Any SPARQL 1.1 endpoint, over the SPARQL 1.1 Protocol (HTTP POST, JSON results)."""

    name = "endpoint"

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url, self.timeout = url, timeout

    def _post(self, sparql: str, accept: str) -> bytes:
        data = urllib.parse.urlencode({"query": sparql}).encode()
        req = urllib.request.Request(
            self.url,
            data=data,
            method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                cut = resp.headers.get("X-SPARQL-MaxRows")
                if cut is not None:  # Virtuoso: the answer reached its ResultSetMaxRows and was cut there
                    raise StoreError(
                        f"the endpoint {self.url} cut its answer at {cut} rows (its X-SPARQL-MaxRows), so it "
                        "may be incomplete: raise the limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section "
                        "of virtuoso.ini, then restart it), or ask for fewer rows"
                    )
                return resp.read()
        except urllib.error.HTTPError as exc:
            raise StoreError(
                f"the endpoint {self.url} answered {exc.code}: {exc.read().decode(errors='replace')[:500]}"
            ) from None
        except TimeoutError:
            from kg.store.timelimit import timed_out

            raise timed_out(f"the endpoint {self.url}", self.timeout) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                from kg.store.timelimit import timed_out

                raise timed_out(f"the endpoint {self.url}", self.timeout) from None
            raise StoreError(f"cannot reach the endpoint {self.url}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot reach the endpoint {self.url}: {exc}") from None

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        self.guard(sparql)
        payload = self._json(bind_values(sparql, bindings))
        try:
            names = payload["head"]["vars"]
            rows = [tuple(_from_json(b.get(n)) for n in names) for b in payload["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise StoreError(f"the endpoint {self.url} did not answer with SELECT results") from None
        return Result(names, rows)

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool:
        self.guard(sparql)
        payload = self._json(bind_values(sparql, bindings))
        if not isinstance(payload, dict) or not isinstance(payload.get("boolean"), bool):
            raise StoreError(f"the endpoint {self.url} did not answer with an ASK result")
        return payload["boolean"]

    def answer_within(
        self, seconds: float | None, sparql: str, bindings: dict[str, Node] | None = None, what: str = "the query"
    ) -> Result | bool | Graph:
        """:meth:`answer`, waiting at most ``seconds`` for the endpoint (which may go on working: it is not ours
        to stop)."""
        before = self.timeout
        self.timeout = seconds or before
        try:
            return self.answer(sparql, bindings)
        finally:
            self.timeout = before

    def _json(self, sparql: str) -> Any:
        body = self._post(sparql, "application/sparql-results+json")
        try:
            return json.loads(body)
        except ValueError:
            raise StoreError(f"the endpoint {self.url} did not answer in JSON: {body[:200]!r}") from None

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        self.guard(sparql)
        parsed = Graph()
        with quiet_literals():
            parsed.parse(data=self._post(bind_values(sparql, bindings), "application/n-triples").decode(), format="nt")
        g = Graph()
        for s, p, o in parsed:
            g.add((s, p, canonical_literal(o) if isinstance(o, Literal) else o))
        return g
