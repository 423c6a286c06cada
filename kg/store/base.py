"""What every store shares: the answer to a SELECT (:class:`Result`), the errors, the query parse that is
kept, and parameter binding.

Parameters are bound as RDF terms, never as query text: a ``VALUES`` block placed first in the query's WHERE
group, each value written as a checked, escaped RDF term, the same on every store, so that a query means the
same everywhere (rdflib's ``initBindings`` and pyoxigraph's substitutions each differ: the first lets a BIND
overwrite a bound variable, the second takes only projected variables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, KgError
from kg.resources import QUERIES_DIR

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import Query


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
    """Parse a query with rdflib's SPARQL parser; raise :class:`QuerySyntaxError` with line and column.

    A named query the package ships is not parsed again (:func:`shipped_queries`): so a process that runs one
    on Oxigraph never imports rdflib's SPARQL parser (a tenth of a second).
    """
    if sparql in shipped_queries():
        return
    from pyparsing import ParseException

    try:
        _parse(sparql)
    except ParseException as exc:
        line_text = sparql.splitlines()[exc.lineno - 1] if 0 < exc.lineno <= len(sparql.splitlines()) else ""
        raise QuerySyntaxError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n"
            f"    {line_text}\n    {' ' * (exc.col - 1)}^",
            file=source,
            line=exc.lineno,
            hint="check the query near that position",
        ) from None
    _check_prefixes(sparql, source)


def _check_prefixes(sparql: str, source: str) -> None:
    """An undeclared prefix is named, with its line (the stores' own messages are an exception or a wall of
    expected characters); the project's prefixes count as declared when the query declares none."""
    from rdflib.plugins.sparql.algebra import translateQuery

    from kg.namespaces import PREFIXES, with_prefixes

    text = with_prefixes(sparql)
    try:
        translateQuery(_parse(text))
    except Exception as exc:
        found = re.match(r"Unknown namespace prefix : (\S*)", str(exc))
        if found is None:
            return
        prefix = found.group(1)
        at = re.search(rf"(?<![\w:<]){re.escape(prefix)}:", sparql)
        line = sparql[: at.start()].count("\n") + 1 if at else None
        known = ", ".join(f"{p}:" for p in PREFIXES)
        raise QuerySyntaxError(
            f"the prefix '{prefix}:' is not declared",
            file=source,
            line=line,
            hint=f"declare it (PREFIX {prefix}: <...>) or use one of the project's: {known}"
            if "PREFIX" not in sparql.upper()
            else f"declare it (PREFIX {prefix}: <...>): a query that declares its own prefixes gets none of the project's",
        ) from None


class ServiceRefused(InputError):
    """A query names a remote SPARQL service (``SERVICE``), which is refused unless allowed."""


# What a SERVICE keyword may hide in: comments, strings (four forms) and IRIs are skipped whole.
_SKIPPED = (
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
)
_SERVICE = re.compile(
    rf"(?P<skip>{_SKIPPED})|(?<![\w:?$.-])SERVICE(?![\w:-])\s*(?:SILENT\s*)?(?P<where><[^>]*>|[\w.-]*:[\w.-]*|[?$]\w+)?",
    re.IGNORECASE,
)


def services(sparql: str) -> list[str]:
    """The endpoints a query's ``SERVICE`` clauses name (as written), outside comments, strings and IRIs.

    >>> services('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    ['<http://example.org/sparql>']
    >>> services('SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE <y>')
    []
    >>> services(r'SELECT * WHERE { SERVIC\\u0045 <http://example.org/sparql> { ?s ?p ?o } }')
    ['<http://example.org/sparql>']
    """
    text = _CODEPOINT.sub(_codepoint, sparql)  # SPARQL reads \u0045 as E anywhere: SERVIC\u0045 is SERVICE
    return [m.group("where") or "(no endpoint)" for m in _SERVICE.finditer(text) if m.group("skip") is None]


#: SPARQL's code point escapes, read before the query is parsed (\uXXXX, \UXXXXXXXX; rdflib also reads \uXXXXXXXX)
_CODEPOINT = re.compile(r"\\[uU]([0-9A-Fa-f]{4}(?:[0-9A-Fa-f]{4})?)")


def _codepoint(m: re.Match[str]) -> str:
    try:
        return chr(int(m.group(1), 16))
    except (ValueError, OverflowError):
        return m.group(0)


def refuse_service(sparql: str, source: str = "query", *, flag: str = "--allow-service") -> None:
    """Raise :class:`ServiceRefused` when the query calls a remote service: a query could otherwise make the
    machine fetch any URL it names (``file:`` URLs, addresses on the local network)."""
    named = services(sparql)
    if named:
        raise ServiceRefused(
            f"the query calls a remote SPARQL service (SERVICE {named[0]}), which is refused by default: "
            "it would fetch whatever URL the query names, from this machine",
            file=source if source != "query" else None,
            hint=f"if you trust the query and the service, allow it with {flag}",
        )


@lru_cache(maxsize=1)
def shipped_queries() -> frozenset[str]:
    """The texts of the named queries the package ships (``ontology/queries/*.rq``), as they are read.

    rdflib's parser reads every one of them (the tests run each), so their syntax is known good. (None at all
    when the installation lost them: then every query is checked.)
    """
    return frozenset(path.read_text(encoding="utf-8") for path in sorted(QUERIES_DIR.glob("*.rq")))


@lru_cache(maxsize=256)
def _parse(sparql: str) -> Any:
    """rdflib's parse of a query text, kept: the named queries run again and again in a session."""
    from rdflib.plugins.sparql.parser import parseQuery

    return parseQuery(sparql)


@lru_cache(maxsize=256)
def prepared(sparql: str) -> Query:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(sparql)


#: the four forms of a SPARQL query
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_FORM = re.compile(rf"(?P<skip>{_SKIPPED})|\b(?P<form>SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """The form of a query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first such keyword outside
    comments, strings and IRIs; ``SELECT`` when there is none, so that the parser reports the error).

    >>> query_form("PREFIX ex: <http://ex.org/ask#> # SELECT\\nASK { ?s ?p ?o }")
    'ASK'
    """
    for m in _FORM.finditer(sparql):
        if m.group("form"):
            return m.group("form").upper()
    return "SELECT"


class Store:
    """A place to run SPARQL queries: SELECT (:meth:`select`), ASK (:meth:`ask`), CONSTRUCT and DESCRIBE
    (:meth:`construct`). A query that calls a remote service (``SERVICE``) is refused unless
    :attr:`allow_service` is set."""

    name = "store"
    #: whether a query may call remote SPARQL services (``SERVICE <url>``): off by default on every store
    allow_service = False

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        raise NotImplementedError

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool:
        """Run an ASK query."""
        raise NotImplementedError

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; return an rdflib Graph."""
        raise NotImplementedError

    def guard(self, sparql: str) -> None:
        """Refuse a query that calls a remote service, unless :attr:`allow_service` (:func:`refuse_service`)."""
        if not self.allow_service:
            refuse_service(sparql, flag="--allow-service (API: kg.load(..., allow_service=True))")

    def answer(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result | bool | Graph:
        """Run a query of any form: a SELECT's :class:`Result`, an ASK's bool, a CONSTRUCT's or DESCRIBE's Graph."""
        form = query_form(sparql)
        if form == "ASK":
            return self.ask(sparql, bindings)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self.construct(sparql, bindings)
        return self.select(sparql, bindings)

    def answer_within(
        self, seconds: float | None, sparql: str, bindings: dict[str, Node] | None = None, what: str = "the query"
    ) -> Result | bool | Graph:
        """:meth:`answer`, stopped after ``seconds`` (None: no limit) with
        :class:`~kg.store.timelimit.QueryTimeout`: in a forked child process (:func:`~kg.store.timelimit.within`)."""
        from kg.store.timelimit import within

        self.guard(sparql)  # refused at once, not in a child
        return within(seconds, lambda: self.answer(sparql, bindings), what, warm=self.warm)

    def warm(self) -> None:
        """Build now whatever answering may need later (before a query runs in a child process, which would
        build it and lose it: :mod:`kg.store.timelimit`). Nothing by default."""


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


#: what a param's name may be: a plain SPARQL variable name (it is written into the query, so nothing else)
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _values_block(bindings: dict[str, Node]) -> str:
    """A VALUES clause binding each variable to one RDF term, each checked and escaped (:func:`_term_text`);
    each name must be a plain variable name.

    >>> _values_block({"x) (?p": Literal("a")})
    Traceback (most recent call last):
    ...
    kg.errors.InputError: not a variable name: 'x) (?p'
      fix: a param's name is a SPARQL variable name: a letter or _, then letters, digits or _ (e.g. holder)
    """
    names = list(bindings)
    for name in names:
        if not _VAR_NAME.fullmatch(name):
            raise InputError(
                f"not a variable name: {name!r}",
                hint="a param's name is a SPARQL variable name: a letter or _, then letters, digits or _ (e.g. holder)",
            )
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
    if query_form(sparql) != "SELECT":  # ASK { }, CONSTRUCT { template } WHERE { }, DESCRIBE ?x WHERE { }
        m = _WHERE.search(sparql) or re.search(r"\bASK\s*\{", sparql, re.IGNORECASE)
        if m is None:
            raise InputError("cannot bind params: the query has no WHERE group", hint="write ... WHERE { ... }")
        return sparql[: m.end()] + _values_block(bindings) + sparql[m.end() :]
    offset = 0
    for line in sparql.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            m = _WHERE.search(line) or (
                re.search(r"\{", line) if "SELECT" not in line.upper() and "PREFIX" not in line.upper() else None
            )
            if m is not None:
                at = offset + m.end()
                return sparql[:at] + _values_block(bindings) + sparql[at:]
        offset += len(line)
    raise InputError("cannot bind params: the query has no WHERE group", hint="write SELECT ... WHERE { ... }")
