"""``kg build --cluster``: the articles built on a real local Dask cluster (a scheduler and two worker processes,
started here on loopback with a scheduler file, stopped for sure) give the same bytes as a local build, for
every output file; and the failures a user meets (no scheduler, no Dask installed) are clear, exit 2, and
leave the last good outputs."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store.files import OUTPUT_FILES
from tests.conftest import KG, ROOT, SEED_TEXT, SEED_YAML
from tests.servers import DaskCluster

pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SOURCES = ROOT / "seeds" / "examples" / "sources"
OUTPUTS = list(OUTPUT_FILES)
#: the manifest's build time: the same in both builds, so that the manifests may be compared byte for byte
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}
#: a Python that cannot import Dask, as on a machine without the `cluster` extra; then it runs `kg`
NO_DASK = (
    "import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
    "from kg.cli import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory) -> Iterator[DaskCluster]:
    """A scheduler and two workers, for the tests of this module."""
    with DaskCluster(tmp_path_factory.mktemp("dask")) as cluster:
        yield cluster


def _kg(*args: object, cwd: Path, python: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*(python or [str(KG)]), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=ENV, timeout=600
    )


def _five(where: Path) -> Path:
    """The 5-article corpus (the seed and seeds/examples/sources), copied into ``where/corpus``."""
    corpus = where / "corpus"
    shutil.copytree(SOURCES, corpus)
    shutil.copy(SEED_YAML, corpus)
    shutil.copy(SEED_TEXT, corpus)
    return corpus


def _sixty(corpus: Path) -> Path:
    """60 overlapping generated articles (``bench/generate.py --overlap``) written into ``corpus``."""
    made = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--articles", "60", "--overlap", "--out", str(corpus)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    return corpus


def _same_outputs(one: Path, two: Path) -> None:
    assert sorted(p.name for p in one.iterdir()) == sorted(OUTPUTS)
    assert sorted(p.name for p in two.iterdir()) == sorted(OUTPUTS)
    for name in OUTPUTS:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_five_articles_by_address_and_by_scheduler_file(dask_cluster, tmp_path):
    corpus = _five(tmp_path)
    local = _kg("build", corpus, "--out", "local", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    for name, where in (("by-address", dask_cluster.address), ("by-file", dask_cluster.scheduler_file)):
        done = _kg("build", corpus, "--out", name, "--cluster", where, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        lines = done.stderr.splitlines()
        assert lines[0] == (
            "building 5 annotation files: corpus/000_331be8963d56cd33.yaml, corpus/harbour-review.yaml, "
            f"corpus/lakeside-observer.yaml ... (on the Dask cluster at {dask_cluster.address}: 2 workers, "
            "2 threads)"
        )
        assert lines[1:6] == [f"  built {i} of 5 annotation files" for i in range(1, 6)]
        _same_outputs(tmp_path / "local", tmp_path / name)


def test_sixty_generated_articles_through_the_api(dask_cluster, tmp_path):
    """60 overlapping articles (records defined in one file and named in another): local ``-j 2`` and the
    cluster (``kg.build_to(..., cluster=...)``) write the same bytes."""
    corpus = _sixty(tmp_path / "corpus")
    local = _kg("build", corpus, "--out", "local", "-j", "2", "-q", cwd=tmp_path)
    assert (local.returncode, local.stdout, local.stderr) == (0, "", "")
    code = (
        "import sys, kg; told = []; "
        "o = kg.build_to([sys.argv[1]], 'cluster', progress=told.append, jobs=2, cluster=sys.argv[2]); "
        "print(len(o.articles), sorted(o.seconds)); print(told[0]); print([t for t in told if t.startswith('  built')])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(dask_cluster.scheduler_file)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENV,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "60 ['build', 'compare', 'load', 'stats', 'validate', 'write']",
        "building 60 annotation files: corpus/0001_synthetic.yaml, corpus/0002_synthetic.yaml, "
        f"corpus/0003_synthetic.yaml ... (on the Dask cluster at {dask_cluster.address}: 2 workers, 2 threads)",
        str([f"  built {n} of 60 annotation files" for n in (8, 16, 24, 32, 40, 48, 56, 60)]),
    ]
    _same_outputs(tmp_path / "local", tmp_path / "cluster")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_scheduler_is_exit_2_and_keeps_the_last_outputs(tmp_path):
    corpus = _five(tmp_path)
    assert _kg("build", corpus, "--out", "out", "-q", cwd=tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    port = _free_port()
    done = _kg(
        "build", corpus, "--out", "out", "--cluster", f"tcp://127.0.0.1:{port}", "--cluster-timeout", "1", cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"kg build: no Dask scheduler answered at tcp://127.0.0.1:{port} within 1 s (Timed out trying to connect "
        f"to tcp://127.0.0.1:{port} after 1 s)\n"
        "  fix: start one (dask scheduler), check the address, or wait longer: --cluster-timeout SECONDS\n"
    )
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_bad_scheduler_files_and_addresses(tmp_path):
    corpus = _five(tmp_path)
    (tmp_path / "empty.json").write_text("{}")
    hint = "  fix: give the file `dask scheduler --scheduler-file FILE` writes, or the address tcp://HOST:PORT\n"
    for where, message in (
        ("none.json", "kg build: none.json: no such Dask scheduler file\n" + hint),
        ("empty.json", "kg build: empty.json: not a Dask scheduler file: it has no 'address'\n" + hint),
        (
            "tcp://127.0.0.1",
            "kg build: not a Dask scheduler address or scheduler file: 'tcp://127.0.0.1'\n"
            "  fix: give the address tcp://HOST:PORT, or the JSON file `dask scheduler --scheduler-file FILE` "
            "writes\n",
        ),
    ):
        done = _kg("build", corpus, "--out", "out", "--cluster", where, cwd=tmp_path)
        assert (done.returncode, done.stderr) == (2, message)
    assert not (tmp_path / "out").exists()


def test_without_dask_the_cluster_says_how_to_install_it_and_local_builds_work(tmp_path):
    corpus = _five(tmp_path)
    python = [sys.executable, "-c", NO_DASK]
    done = _kg("build", corpus, "--out", "out", "--cluster", "tcp://127.0.0.1:8786", cwd=tmp_path, python=python)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "kg build: building on a Dask cluster needs Dask, which is not installed\n"
        "  fix: pip install 'ceasefire-kg[cluster]' (or build without --cluster)\n"
    )
    assert not (tmp_path / "out").exists()
    local = _kg("build", corpus, "--out", "out", "-q", "-j", "2", cwd=tmp_path, python=python)
    assert (local.returncode, local.stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUTS)


def test_workers_with_another_kg_are_refused(tmp_path):
    """A worker that imports another kg (here a copy of this one with one line added, first on its PYTHONPATH)
    is named, with both versions, before anything is sent; nothing is written."""
    from kg.builder.cluster import kg_fingerprint

    other = tmp_path / "other"
    shutil.copytree(ROOT / "kg", other / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    with open(other / "kg" / "builder" / "article.py", "a", encoding="utf-8") as f:
        f.write("# another kg\n")
    env = {"PYTHONPATH": str(other)}
    theirs = subprocess.run(
        [sys.executable, "-c", "from kg.builder.cluster import kg_fingerprint; print(kg_fingerprint())"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    mine = kg_fingerprint()
    assert theirs != mine and theirs.split()[0] == mine.split()[0]
    corpus = _five(tmp_path)
    with DaskCluster(tmp_path / "dask", workers=1, env=env) as cluster:
        done = _kg("build", corpus, "--out", "out", "--cluster", cluster.scheduler_file, cwd=tmp_path)
    assert done.returncode == 2
    assert re.fullmatch(
        f"kg build: the Dask workers do not run this kg: this client has ceasefire-kg {re.escape(mine)}, "
        f"tcp://127\\.0\\.0\\.1:[0-9]+ has {re.escape(theirs)}\n"
        "  fix: install the same ceasefire-kg on the workers \\(the same release, or the same checkout\\)\n",
        done.stderr,
    ), done.stderr
    assert not (tmp_path / "out").exists()


def test_a_scheduler_that_goes_away_mid_build_is_exit_2_and_writes_nothing(tmp_path):
    """The scheduler killed once the first chunk came back (the build held still meanwhile, so that it cannot
    finish first): a message without Dask's traceback, exit 2, the last good outputs kept."""
    corpus = _five(tmp_path)
    assert _kg("build", corpus, "--out", "out", "-q", cwd=tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    _sixty(corpus)
    with DaskCluster(tmp_path / "dask") as cluster:
        build = subprocess.Popen(
            [str(KG), "build", str(corpus), "--out", "out", "--cluster", str(cluster.scheduler_file)],
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=ENV,
        )
        try:
            assert build.stderr is not None
            lines = [build.stderr.readline()]
            while not lines[-1].startswith("  built") and lines[-1]:
                lines.append(build.stderr.readline())
            build.send_signal(signal.SIGSTOP)
            scheduler = cluster.address
            os.killpg(cluster.scheduler.pid, signal.SIGKILL)
            build.send_signal(signal.SIGCONT)
            rest = build.stderr.read()
            assert build.wait(timeout=120) == 2
        finally:
            if build.poll() is None:
                build.kill()
                build.wait()
    assert lines[-1] == "  built 9 of 65 annotation files\n", lines
    assert re.fullmatch(
        f"kg build: (lost the Dask scheduler at {re.escape(scheduler)} while building chunk [2-8] of 8 chunks "
        f"\\(.*\\)|the Dask scheduler at {re.escape(scheduler)} went away or cancelled the build of chunk [2-8] of "
        "8 chunks \\(was it stopped or restarted\\?\\)); nothing was written\n",
        rest,
    ), rest
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
