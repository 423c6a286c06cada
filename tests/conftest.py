"""Shared fixtures and helpers: the seed built once per session, ways to run `kg`, and the guard on seeds/.

The suite never depends on what a user keeps in ``seeds/``: every test builds the seed from its own path
(``SEED_YAML``) or a fixture of ``tests/data/``. A test of the default (no path given: the ``seeds/`` of the
working directory) runs in a temporary working directory holding a ``seeds/`` folder the test made
(:func:`own_seeds`). The guard below fails a test that reads the checkout's ``seeds/`` as that default anyway.

Two ways to run the command:

* :func:`run_kg` runs the installed ``kg`` in a subprocess, as a user does: one per distinct behaviour of
  the command line (exit code, what goes to stdout and stderr, reading stdin, argument errors);
* :func:`kg_main` runs the same ``kg.cli.main`` in this process and captures the same three things, for the
  further cases of a behaviour already checked in a subprocess (another date, another format, another
  wrong input), without paying for a new Python and its imports each time.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from functools import cache, lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED_TEXT = ROOT / "seeds" / "000_331be8963d56cd33.txt"
SEED_YAML = ROOT / "seeds" / "000_331be8963d56cd33.yaml"
SEED_ARTICLE = "tdi-2025-03-tokayev-welcomes-trump-putin-call"
MINI_YAML = DATA / "mini" / "mini.yaml"
KG = Path(sys.executable).parent / "kg"

#: the folder `kg build` reads when it is given no path and its working directory has no seeds/ of its own
CHECKOUT_SEEDS = (ROOT / "seeds").resolve()


# -- the guard: no test builds "whatever is in seeds/" --------------------------------------------------------
class DefaultSeedsRead(BaseException):
    """A test read the checkout's seeds/ folder as the default set of annotation files.

    A BaseException, as KeyboardInterrupt is, so that ``kg``'s own handler of unexpected errors (exit code 3)
    does not turn it into an exit code when a test runs ``kg.cli.main`` in process."""


GUARD_HINT = (
    "a test read the checkout's seeds/ folder as the default set of annotation files, so its answer depends "
    "on what a user keeps there: pass the seed's own path (conftest.SEED_YAML) or a file of tests/data/, or, "
    "to test the default, run in a temporary working directory made with conftest.own_seeds()"
)

#: the tests that read the checkout's seeds/ as the default (one may catch the exception: the session still fails)
default_seed_reads: list[str] = []


def _stopped():
    default_seed_reads.append(os.environ.get("PYTEST_CURRENT_TEST", "(no test)").rsplit(" ", 1)[0])
    raise DefaultSeedsRead(GUARD_HINT)


def _install_guard() -> None:
    """Wrap kg.resources.seeds_dir (and the modules that imported it by name) with the guard."""
    import kg.resources

    real = getattr(kg.resources.seeds_dir, "__wrapped__", kg.resources.seeds_dir)

    def seeds_dir() -> Path:
        found = real()
        if found.resolve() == CHECKOUT_SEEDS:
            _stopped()
        return found

    seeds_dir.__wrapped__ = real  # type: ignore[attr-defined]
    seeds_dir.__doc__ = real.__doc__
    kg.resources.seeds_dir = seeds_dir
    for name, module in list(sys.modules.items()):
        if (name == "kg" or name.startswith("kg.")) and getattr(module, "seeds_dir", None) is real:
            module.seeds_dir = seeds_dir
    import kg.builder.annotations  # the one user of the default; imported now, it takes the guarded one

    assert kg.builder.annotations.seeds_dir is seeds_dir, "the guard does not cover kg.builder.annotations"


def pytest_configure(config: pytest.Config) -> None:
    _install_guard()


@pytest.fixture(autouse=True)
def _no_read_of_the_checkout_seeds():
    """Fail the test that read the checkout's seeds/ as the default, even if it caught DefaultSeedsRead."""
    before = len(default_seed_reads)
    yield
    if len(default_seed_reads) > before:
        pytest.fail(GUARD_HINT, pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if default_seed_reads:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if default_seed_reads:
        terminalreporter.section("reads of the checkout's seeds/ (the session fails)", red=True)
        for test in default_seed_reads:
            terminalreporter.line(test)
        terminalreporter.line(GUARD_HINT)


def own_seeds(cwd: Path, *annotations: Path) -> Path:
    """Make ``cwd/seeds/`` hold just ``annotations`` (each with the article text it names beside it).

    Run there, ``kg build`` with no path builds exactly these: the default folder is ``seeds/`` of the
    working directory (:func:`kg.resources.seeds_dir`). Returns ``cwd``.
    """
    import yaml

    seeds = cwd / "seeds"
    seeds.mkdir(parents=True)
    for annotation in annotations or (SEED_YAML,):
        shutil.copy(annotation, seeds / annotation.name)
        text = yaml.safe_load(annotation.read_text(encoding="utf-8"))["article"]["text"]
        shutil.copy(annotation.parent / text, seeds / text)
    return cwd


# -- running `kg` -----------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _build_value_options() -> frozenset[str]:
    """The options of `kg build` that take a value (its value is no annotation path), from kg's own parser."""
    from kg.cli.parser import build_parser

    parser = build_parser()
    build = next(a for a in parser._actions if a.dest == "command").choices["build"]
    return frozenset(s for a in build._actions if a.option_strings and a.nargs != 0 for s in a.option_strings)


def _builds_the_checkout_seeds(args: list[str], cwd: Path) -> bool:
    if not args or args[0] != "build" or {"-h", "--help"} & set(args):
        return False
    rest, paths = args[1:], []
    while rest:
        arg = rest.pop(0)
        if arg in _build_value_options():
            rest = rest[1:]
        elif not arg.startswith("-"):
            paths.append(arg)
    seeds = cwd / "seeds" if (cwd / "seeds").is_dir() else ROOT / "seeds"
    return not paths and seeds.resolve() == CHECKOUT_SEEDS


def run_kg(
    *args, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the installed `kg` command as a user would (``env``: variables to set in its environment)."""
    argv, cwd = [str(a) for a in args], Path(cwd or ROOT)
    if _builds_the_checkout_seeds(argv, cwd):
        _stopped()
    return subprocess.run(
        [str(KG), *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=300,
        env={**os.environ, **env} if env else None,
    )


def kg_main(*args, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``kg ARGS`` in this process (``kg.cli.main``): its exit code, stdout and stderr, as :func:`run_kg`."""
    from kg.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.chdir(cwd or ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, a usage error
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = old_stdin
    return subprocess.CompletedProcess(["kg", *argv], code, out.getvalue(), err.getvalue())


# -- the seed, built once -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build():
    """The seed built in memory (kg.build); tests only read it."""
    from kg.builder.article import build

    return build([SEED_YAML])


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """An output folder holding a complete build of the seed (via the public API); tests only read it."""
    from kg.builder.pipeline import build_to

    out = tmp_path_factory.mktemp("seed-out")
    build_to([SEED_YAML], out, progress=None)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_out):
    """``kg.load(seed_out)``: the seed's build as a KnowledgeGraph in memory; tests only query it."""
    from kg.query.graph import load

    return load(seed_out)


@pytest.fixture(scope="session")
def mini_out(tmp_path_factory) -> Path:
    """An output folder holding a complete build of the test article tests/data/mini/ (public API)."""
    from kg.builder.pipeline import build_to

    out = tmp_path_factory.mktemp("mini-out")
    build_to([MINI_YAML], out, progress=None)
    return out


# -- the ontology and the shapes, read once; SHACL reports of the example files, made once --------------------
@lru_cache(maxsize=1)
def ontology_graph():
    """The ontology graph (kg.vocab.load_ontology_graph), read once per session; tests only read it."""
    from kg.vocab import load_ontology_graph

    return load_ontology_graph()


@lru_cache(maxsize=1)
def shapes_graph():
    """The SHACL shapes graph (ontology/shapes.ttl), read once per session; tests only read it."""
    from kg.validate.shacl import load_shapes

    return load_shapes()


@cache
def example_report(path: Path, engine: str = "sparql"):
    """(data graph, report) of validating one Turtle example with ``engine``; made once per session."""
    from rdflib import Graph

    from kg.namespaces import bind_prefixes
    from kg.validate.shacl import validate_graph

    data = Graph()
    bind_prefixes(data)
    data.parse(path, format="turtle")
    with reused_sparql_parses() if engine == "pyshacl" else contextlib.nullcontext():
        report = validate_graph(data, ontology_graph(), shapes_graph(), engine=engine)
    return data, report


_PREPARED: dict = {}


@contextlib.contextmanager
def reused_sparql_parses():
    """While pySHACL (the reference engine) runs: parse each SPARQL text once, as an rdflib prepared query.

    pySHACL hands rdflib the text of each SPARQL-based constraint once per focus node, and rdflib parses it
    anew each time: that parsing is most of pySHACL's time (cProfile: 84% on the seed). rdflib documents a
    prepared query (``prepareQuery``) as reusable with other ``initBindings``; here the same text, base and
    namespaces give the same prepared query. The answers do not change; only the parsing is not repeated.
    Used only around pySHACL runs of the tests, never around what ceasefire-kg itself runs.
    """
    from rdflib.plugins.sparql import processor

    real = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            prepared = _PREPARED.get(key)
            if prepared is None:
                prepared = _PREPARED[key] = processor.prepareQuery(strOrQuery, initNs, base)
            strOrQuery = prepared
        return real(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = real


# -- real triple stores (tests/servers.py): Virtuoso and a writable Oxigraph server on loopback ports ---------
def _started(factory, *args, **kwargs):
    """A server of tests/servers.py, or the test fails with the reason (e.g. run `make store-setup`)."""
    from servers import ServerError

    try:
        return factory(*args, **kwargs)
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def _server_factory(kind, folder_name: str, tmp_path_factory):
    """Yield a function that starts a new server of ``kind`` (a class of tests/servers.py) in a folder of its own;
    every one started is stopped when the fixture ends, whatever happened."""
    started: list = []

    def start(**options):
        server = _started(kind, tmp_path_factory.mktemp(folder_name), **options)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def virtuoso_factory(tmp_path_factory):
    """Start a new private Virtuoso (servers.Virtuoso; ``settings=`` as there) in a folder of its own; all are
    stopped at the session's end, whatever happened. No Virtuoso installed: the test fails saying to run `make store-setup`."""
    from servers import Virtuoso

    yield from _server_factory(Virtuoso, "virtuoso", tmp_path_factory)


@pytest.fixture(scope="module")
def virtuoso(virtuoso_factory):
    """An empty Virtuoso for the tests of one module (starting one takes ~5 s); stopped after them."""
    server = virtuoso_factory()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server_factory(tmp_path_factory):
    """Start a new writable Oxigraph server (servers.OxigraphServer; ``union_default_graph=`` as there) in a
    folder of its own; all are stopped at the session's end, whatever happened."""
    from servers import OxigraphServer

    yield from _server_factory(OxigraphServer, "oxigraph-server", tmp_path_factory)


@pytest.fixture
def oxigraph_server(oxigraph_server_factory):
    """An empty writable Oxigraph server for one test (it starts in well under a second); stopped after it."""
    server = oxigraph_server_factory()
    try:
        yield server
    finally:
        server.stop()
