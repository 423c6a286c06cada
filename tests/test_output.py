"""Output files: every format reads back to the same statements; a failed write leaves the last good files."""

from __future__ import annotations

import sys

import pytest
from conftest import SEED_YAML
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic


def _graphs(ds) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.slow
def test_every_format_reads_back(seed_out, seed_build):
    built = _graphs(seed_build.dataset)
    for name, fmt in (("ceasefire-kg.trig", "trig"), ("ceasefire-kg.nq", "nquads"), ("ceasefire-kg.jsonld", "json-ld")):
        back = Dataset()
        back.parse(seed_out / name, format=fmt)
        graphs = _graphs(back)
        assert sorted(graphs) == sorted(built), name
        for iri, g in built.items():  # the ontology's OWL lists are blank nodes: compare up to renaming
            assert isomorphic(graphs[iri], g), (name, iri)
    merged = Graph()
    for g in built.values():
        merged += g
    for name, fmt in (("ceasefire-kg.ttl", "turtle"), ("ceasefire-kg.nt", "nt")):
        g = Graph()
        g.parse(seed_out / name, format=fmt)
        assert isomorphic(g, merged), name


def test_named_graphs(seed_out):
    back = Dataset()
    back.parse(seed_out / "ceasefire-kg.trig", format="trig")
    names = sorted(str(g.identifier) for g in back.graphs() if len(g))
    assert names == [
        "https://w3id.org/ceasefire-kg/id/graph/tdi-2025-03-tokayev-welcomes-trump-putin-call",
        "https://w3id.org/ceasefire-kg/id/graph/tdi-2025-03-tokayev-welcomes-trump-putin-call/derived",
        "https://w3id.org/ceasefire-kg/ontology",
    ]


@pytest.mark.parametrize("forked", [False, True], ids=["one-process", "forked-writers"])
def test_a_failed_write_keeps_the_last_good_outputs(seed_out, tmp_path, monkeypatch, forked):
    """A file that cannot be written is a clear error naming it, and the last good outputs stay. A large build
    writes TriG, JSON-LD and Turtle in forked processes (``forked``: the seed, with the size from which they are
    used lowered to 0): a writer's failure there is the same error."""
    import shutil

    import pyoxigraph

    import kg.store.files
    from kg.builder.pipeline import build_to
    from kg.errors import InputError

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)  # the last good outputs: a build of the seed
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = pyoxigraph.serialize

    def failing(input, output=None, format=None, **kw):
        if format == pyoxigraph.RdfFormat.TURTLE:
            raise OSError("disk full")
        return real(input, output, format=format, **kw)

    monkeypatch.setattr(pyoxigraph, "serialize", failing)  # the forked writers have it too
    if forked:
        monkeypatch.setattr(kg.store.files, "_PARALLEL_ABOVE", 0)
    with pytest.raises(InputError, match=r"cannot write .*ceasefire-kg\.ttl: disk full"):
        build_to([SEED_YAML], out, progress=None, jobs=2 if forked else 1)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder left either


def test_outputs_are_the_same_for_the_same_input(seed_out, tmp_path):
    """A second build of the seed in this process writes the bytes of the first (the session's seed_out)."""
    from kg.builder.pipeline import build_to

    build_to([SEED_YAML], tmp_path / "b", progress=None)
    for name in ("ceasefire-kg.trig", "ceasefire-kg.nq", "ceasefire-kg.jsonld", "ceasefire-kg.ttl", "ceasefire-kg.nt"):
        assert (seed_out / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.slow
def test_parallel_build_writes_the_same_bytes(tmp_path, monkeypatch):
    """Four articles built by one process or by two give byte-identical outputs (with two, TriG, JSON-LD and
    Turtle are written by forked processes side by side, as for a large build: the size from which they are
    is lowered to 0 here)."""
    import shutil

    from conftest import DATA

    import kg.store.files
    from kg.builder.pipeline import build_to

    monkeypatch.setattr(kg.store.files, "_PARALLEL_ABOVE", 0)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA / "mini" / "mini.txt", corpus / "mini.txt")
    text = (DATA / "mini" / "mini.yaml").read_text(encoding="utf-8")
    for i in range(4):
        (corpus / f"a{i}.yaml").write_text(
            text.replace("id: kgn-2025-05-lumen-pause", f"id: kgn-copy-{i}"), encoding="utf-8"
        )
    one = build_to([corpus], tmp_path / "one", progress=None, jobs=1)
    two = build_to([corpus], tmp_path / "two", progress=None, jobs=2)
    assert (
        [a.article_id for a in one.articles]
        == [a.article_id for a in two.articles]
        == ["kgn-copy-0", "kgn-copy-1", "kgn-copy-2", "kgn-copy-3"]
    )
    for name in (
        "ceasefire-kg.trig",
        "ceasefire-kg.nq",
        "ceasefire-kg.jsonld",
        "ceasefire-kg.ttl",
        "ceasefire-kg.nt",
        "build-report.json",
    ):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.slow
def test_outputs_are_the_same_across_processes(seed_out, tmp_path):
    """The ontology's blank nodes get canonical labels, so two separate runs write the same bytes: `kg build`
    in a new process, and the session's build of the seed in this one."""
    from conftest import run_kg

    assert run_kg("build", "-q", SEED_YAML, "--out", tmp_path / "b").returncode == 0
    for name in ("ceasefire-kg.trig", "ceasefire-kg.nq", "ceasefire-kg.ttl", "ceasefire-kg.jsonld"):
        assert (seed_out / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_build_removes_the_staging_folders_a_killed_build_left(seed_out, tmp_path):
    """A build killed with kill -9 leaves its staging folder (.staging-PID-*): the next build removes those of
    processes that are gone, and keeps a live build's."""
    import os
    import shutil
    import subprocess
    import sys

    from kg.store.files import remove_stale_staging

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = out / f".staging-{gone.stdout.strip()}-abc123"
    old = out / ".staging-k2j4h5"  # the name before process ids
    live = out / f".staging-{os.getppid()}-xyz789"  # a process that is running (pytest's parent)
    for folder in (dead, old, live):
        folder.mkdir()
        (folder / "ceasefire-kg.nq").write_bytes(b"x" * 1000)
    assert remove_stale_staging(out) == sorted([dead, old])
    assert sorted(p.name for p in out.glob(".staging-*")) == [live.name]


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (Linux's /proc)."""
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_workers_of_a_killed_build_die_with_it():
    """kill -9 of `kg build` kills its busy pool workers too (they were left running)."""
    import os
    import signal
    import subprocess
    import time

    code = (
        "import os, time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from kg.builder.pipeline import die_with_parent\n"
        "with ProcessPoolExecutor(max_workers=1, initializer=die_with_parent) as pool:\n"
        "    print(pool.submit(os.getpid).result(), flush=True)\n"
        "    pool.submit(time.sleep, 60)\n"  # the worker is busy, as one building articles is
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        worker = int(parent.stdout.readline())
        time.sleep(0.3)  # the worker has taken the sleep
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _running(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(worker), "the worker outlived the killed build"
    finally:
        parent.kill()
        parent.wait()


def test_a_forked_writer_that_is_killed_is_a_clear_error(seed_out, tmp_path, monkeypatch):
    """A writer killed before it is done (the out-of-memory killer, a signal) is the error of a file that could
    not be written, naming one the writers had not finished, and the last good outputs stay."""
    import os
    import shutil
    import signal

    import pyoxigraph

    import kg.store.files
    from kg.builder.pipeline import build_to
    from kg.errors import InputError

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = pyoxigraph.serialize

    def killed(input, output=None, format=None, **kw):
        if format == pyoxigraph.RdfFormat.TURTLE:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(input, output, format=format, **kw)

    monkeypatch.setattr(pyoxigraph, "serialize", killed)
    monkeypatch.setattr(kg.store.files, "_PARALLEL_ABOVE", 0)
    with pytest.raises(InputError, match=r"cannot write .*ceasefire-kg\.\w+: the process writing it stopped"):
        build_to([SEED_YAML], out, progress=None, jobs=2)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
