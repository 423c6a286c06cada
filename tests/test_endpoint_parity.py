"""Every command that takes ``--endpoint`` prints the same with a real store as with ``--from DIR``.

The 5-article corpus (the seed and seeds/examples/sources, copied into a temporary folder) is built once, with
``kg build``; its N-Quads are loaded into two real stores started on loopback ports (tests/servers.py):

* Virtuoso 7, Debian's ``virtuoso-opensource``, with its bulk loader (``ld_dir``, ``rdf_loader_run``), as a
  user loads a build;
* a writable Oxigraph server (``oxigraph serve``), the file POSTed to its Graph Store endpoint.

Then for each store, every named query (``kg query NAME --format csv --limit 0``: all rows) and every command
that takes ``--endpoint`` (the list is read from kg's own parser and must be covered here) must print exactly
what the local store prints: the same exit code, standard output and standard error. Pictures (``kg plot``,
``kg timeline``) must be the same PNG, byte for byte. A failure names the store and the command.

What the stores do differently, and what kg does about it (README, "Querying an existing store"):

* literals come back in another form (Virtuoso: ``1`` for true, ``30`` for 30.0, a duration as its seconds):
  EndpointStore shows them in canonical form (kg/store/canonical.py);
* Virtuoso gives an xsd:integer for a boolean a query computes (``EXISTS``, ``&&``): the queries cast it with
  ``xsd:boolean(...)``; Virtuoso evaluates ``IF`` of an unbound value as false: the queries test ``BOUND`` first;
* Virtuoso keeps system graphs of its own: the projection to NetworkX reads only the build's graphs;
* Virtuoso loses rows in a join with a grouped sub-select that holds a ``skos:broader*`` path, and the dates of
  some rows in ``kg show`` when they are OPTIONAL beside another OPTIONAL: 13-in-force.rq lists the stances, and
  kg.query.graph.STATEMENTS finds the dates in a sub-select first;
* rows tied on every ORDER BY key came back in another order: 01-positions.rq orders by ?condition too;
* the stores concatenate a GROUP_CONCAT list in different orders: kg sorts the list columns of a named query.

The invented articles of tests/data/hours/ are tried too (instants with their zone, a duration of hours), with a
store of each kind of their own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML, kg_main, run_kg

SOURCES = ROOT / "seeds" / "examples" / "sources"
QUERY_NAMES = [re.sub(r"^\d+-", "", p.stem) for p in sorted((ROOT / "ontology" / "queries").glob("*.rq"))]

#: the commands, with the arguments each is tried with (the named queries are added below)
COMMANDS: list[tuple[str, ...]] = [
    ("query", "in-force", "--param", "date=2025-03-20", "--format", "csv", "--limit", "0"),
    ("query", "in-force", "--param", "date=2025-04-16", "--format", "csv", "--limit", "0"),
    ("query", "positions", "--param", "holder=Putin", "--format", "csv", "--limit", "0"),
    ("query", "in-effect", "--format", "json", "--limit", "0"),
    ("path", "Tokayev", "Putin"),
    ("path", "Tokayev", "Putin", "--all"),
    ("path", "Zelenskyy", "Putin", "--undirected"),
    ("neighbors", "Putin"),
    ("neighbors", "energy pause", "--hops", "2"),
    ("show", "Putin"),
    ("show", "energy pause"),
    ("show", "energy pause", "--format", "json"),
    ("in-force", "2025-03-20"),
    ("in-force", "2025-04-16"),
    ("in-force", "2025-03-01"),
    ("violations",),
    ("violations", "--proposal", "energy pause"),
    ("disagreements",),
    ("disagreements", "--kind", "stance"),
]
#: the named queries that need a param (tried with it above)
NEEDS_PARAMS = {"in-force"}
COMMANDS += [("query", name, "--format", "csv", "--limit", "0") for name in QUERY_NAMES if name not in NEEDS_PARAMS]
PICTURES: list[tuple[str, ...]] = [
    ("plot",),
    ("plot", "--focus", "Putin", "--hops", "2"),
    ("plot", "--proposal", "energy pause"),
    ("plot", "--overview"),
    ("timeline",),
    ("timeline", "--proposal", "energy pause"),
]
STORES = ("virtuoso", "oxigraph")


def _id(args: tuple[str, ...]) -> str:
    return " ".join(args)


# -- the corpus and the stores, once per module ---------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The 5-article corpus built by `kg build` from a copy of its files (the user's seeds/ does not matter)."""
    here = tmp_path_factory.mktemp("parity")
    seeds = here / "in"
    seeds.mkdir()
    for suffix in (".yaml", ".txt"):
        shutil.copy(SEED_YAML.with_suffix(suffix), seeds / SEED_YAML.with_suffix(suffix).name)
    shutil.copytree(SOURCES, seeds / "sources")
    out = here / "out"
    done = run_kg("build", seeds / SEED_YAML.name, seeds / "sources", "--out", out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def endpoints(corpus, virtuoso, oxigraph_server_factory) -> dict[str, str]:
    """The query URL of each store, loaded with the corpus's N-Quads."""
    nq = corpus / "ceasefire-kg.nq"
    virtuoso.bulk_load(nq)
    oxigraph = oxigraph_server_factory()
    try:
        oxigraph.load(nq)
        yield {"virtuoso": virtuoso.query_url, "oxigraph": oxigraph.query_url}
    finally:
        oxigraph.stop()


_LOCAL: dict[tuple[str, ...], tuple[int, str, str]] = {}


def _local(corpus: Path, args: tuple[str, ...]) -> tuple[int, str, str]:
    if args not in _LOCAL:
        done = kg_main(*args, "--from", corpus)
        _LOCAL[args] = (done.returncode, done.stdout, done.stderr)
    return _LOCAL[args]


# -- the tests --------------------------------------------------------------------------------------------------
def test_every_command_with_endpoint_is_covered():
    """The commands tried here are all those whose parser takes --endpoint (kg/cli), no fewer."""
    from kg.cli.parser import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    takes = {name for name, p in sub.choices.items() if any("--endpoint" in a.option_strings for a in p._actions)}
    assert takes == {args[0] for args in COMMANDS + PICTURES}
    assert {args[1] for args in COMMANDS if args[0] == "query"} >= set(QUERY_NAMES)


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("args", COMMANDS, ids=_id)
def test_same_output_as_the_local_store(corpus, endpoints, store, args):
    local = _local(corpus, args)
    assert local[0] == 0, local[2]
    done = kg_main(*args, "--endpoint", endpoints[store])
    assert (done.returncode, done.stdout, done.stderr) == local, f"{store}: kg {_id(args)}"


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("args", PICTURES, ids=_id)
def test_same_picture_as_the_local_store(corpus, endpoints, store, args, tmp_path):
    """The same PNG, byte for byte (matplotlib's Agg writes no date into a PNG)."""
    mine, theirs = tmp_path / "local.png", tmp_path / f"{store}.png"
    local = kg_main(*args, "--from", corpus, "--out", mine)
    assert local.returncode == 0, local.stderr
    done = kg_main(*args, "--endpoint", endpoints[store], "--out", theirs)
    assert (done.returncode, done.stdout.replace(str(theirs), "FILE"), done.stderr) == (
        0,
        local.stdout.replace(str(mine), "FILE"),
        local.stderr,
    ), f"{store}: kg {_id(args)}"
    assert theirs.read_bytes() == mine.read_bytes(), f"{store}: kg {_id(args)} drew another picture"


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
def test_path_in_a_subprocess_has_no_traceback(corpus, endpoints, store):
    """The issue's command, as a user runs it: Virtuoso's duration literal once ended it in a traceback."""
    done = run_kg("path", "Tokayev", "Putin", "--endpoint", endpoints[store])
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == "Qasym-Jomart Toqayev → Vladimir Putin: 2 hops"


LITERALS = """SELECT ?duration ?days ?changed WHERE {
  ?d time:hasXSDDuration ?duration ; time:numericDuration ?days .
  ?pair cfo:changeOverTime ?changed .
} LIMIT 1"""


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
def test_literals_in_canonical_form(corpus, endpoints, store):
    """What each store gives back for the corpus's typed literals (Virtuoso: 2.592e+06, 30 and 1; Oxigraph: P30D,
    30 and true), shown as the local store shows them."""
    done = kg_main("query", "-", "--format", "csv", "--endpoint", endpoints[store], stdin=LITERALS)
    assert (done.returncode, done.stdout, done.stderr) == (0, "duration,days,changed\r\nP30D,30.0,true\r\n", "")


def test_in_force_lists_the_stances_of_the_scheme():
    """13-in-force.rq lists the stances under agrees, rejects and proposes (Virtuoso loses rows with the
    skos:broader* path there): the lists are those of ontology/stances.ttl."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    scheme = Graph().parse(ROOT / "ontology" / "stances.ttl")
    stance = "https://w3id.org/ceasefire-kg/stance/"
    text = (ROOT / "ontology" / "queries" / "13-in-force.rq").read_text(encoding="utf-8")
    listed = {frozenset(re.findall(r"stance:([a-z-]+)", m)) for m in re.findall(r"IN \(([^)]*)\)", text)}
    under = {
        frozenset(str(s).removeprefix(stance) for s in scheme.transitive_subjects(SKOS.broader, URIRef(stance + top)))
        for top in ("agrees", "rejects", "proposes")
    }
    assert listed == under
    assert not [line for line in text.splitlines() if "skos:broader*" in line.split("#", 1)[0]]


@pytest.mark.slow
def test_an_answer_the_store_cut_is_an_error_not_a_wrong_answer(corpus, virtuoso_factory):
    """Virtuoso cuts an answer at ResultSetMaxRows (10,000 in Debian's virtuoso.ini: about ten articles' worth
    of triples for the projection behind kg path) and says so in a header: kg fails with that advice."""
    small = virtuoso_factory(settings={("SPARQL", "ResultSetMaxRows"): "1000"})
    try:
        small.bulk_load(corpus / "ceasefire-kg.nq")
        done = kg_main("path", "Tokayev", "Putin", "--endpoint", small.query_url)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr.splitlines()[0] == (
            f"kg path: the endpoint {small.query_url} cut its answer at 1000 rows (its X-SPARQL-MaxRows), so it "
            "may be incomplete: raise the limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
            "virtuoso.ini, then restart it), or ask for fewer rows"
        )
        done = kg_main("query", "positions", "--format", "csv", "--endpoint", small.query_url)
        assert done.returncode == 0, done.stderr  # a short answer is whole
    finally:
        small.stop()


# -- times to the hour: xsd:dateTimeStamp instants with their zone, an xsd:duration of hours ---------------------
HOURS = ROOT / "tests" / "data" / "hours"
#: what the hours fixtures add: "PT30H"^^xsd:duration (Virtuoso: 108000.0 seconds; Oxigraph and rdflib: P1DT6H),
#: instants with their offset
HOURS_COMMANDS: list[tuple[str, ...]] = [
    ("query", "timeline", "--format", "csv", "--limit", "0"),
    ("query", "windows", "--format", "csv", "--limit", "0"),
    ("query", "in-effect", "--format", "csv", "--limit", "0"),
    ("query", "in-force", "--param", "date=2025-04-20", "--format", "csv", "--limit", "0"),
    ("in-force", "2025-04-19T17:30+03:00"),
    ("in-force", "2025-04-20T12:00+03:00"),
    ("in-force", "2025-04-22T00:30+03:00"),
    ("violations",),
]


@pytest.fixture(scope="module")
def hours_endpoints(tmp_path_factory, virtuoso_factory, oxigraph_server_factory):
    """tests/data/hours/'s two invented articles, built and loaded into a Virtuoso and an Oxigraph server of
    their own: (build folder, query URL of each store)."""
    out = tmp_path_factory.mktemp("parity-hours") / "out"
    done = run_kg("build", HOURS / "hours.yaml", HOURS / "easter.yaml", "--out", out)
    assert done.returncode == 0, done.stderr
    virtuoso, oxigraph = virtuoso_factory(), oxigraph_server_factory()
    try:
        virtuoso.bulk_load(out / "ceasefire-kg.nq")
        oxigraph.load(out / "ceasefire-kg.nq")
        yield out, {"virtuoso": virtuoso.query_url, "oxigraph": oxigraph.query_url}
    finally:
        virtuoso.stop()
        oxigraph.stop()


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("args", HOURS_COMMANDS, ids=_id)
def test_same_output_to_the_hour(hours_endpoints, store, args):
    out, endpoints = hours_endpoints
    local = kg_main(*args, "--from", out)
    assert local.returncode == 0, local.stderr
    done = kg_main(*args, "--endpoint", endpoints[store])
    assert (done.returncode, done.stdout, done.stderr) == (local.returncode, local.stdout, local.stderr), (
        f"{store}: kg {_id(args)}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
def test_hours_literals_in_canonical_form(hours_endpoints, store):
    _, endpoints = hours_endpoints
    sparql = (
        "SELECT DISTINCT ?duration ?instant WHERE { ?d time:hasXSDDuration ?duration ; time:numericDuration 30.0 ; "
        "time:unitType time:unitHour . ?t cfo:earliestInstant ?instant "
        'FILTER(STR(?instant) = "2025-04-19T18:00:00+03:00") }'
    )
    done = kg_main("query", "-", "--format", "csv", "--endpoint", endpoints[store], stdin=sparql)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "duration,instant\r\nP1DT6H,2025-04-19T18:00:00+03:00\r\n",
        "",
    )
