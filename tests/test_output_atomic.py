"""The outputs of `kg build` are switched in as one set: a build killed between two renames leaves no mixed set.

How the crash is made: a real `kg build` runs in a child Python (``python -c HOOK N build ...``, the same
``kg.cli.main`` as the `kg` command, through ``python -m kg``) whose ``os.replace`` is wrapped by the test's
own code, ``HOOK`` below: after the N-th rename out of a staging folder (``.staging-*``) the child kills itself
with SIGKILL, as ``kill -9`` would. Nothing in kg knows about the test: no variable, no hook in the package.

What is checked: the killed build leaves a truly mixed set on disk (the first two files new, the rest old) and
its journal (``.switch.json``); each reader (``kg stats --from``, ``kg.load``, ``kg.load_dataset``, an Oxigraph
store) and the next ``kg build`` then completes the switch from the staging folder, and the folder equals a
clean build byte for byte (``SOURCE_DATE_EPOCH`` fixes the manifest's build time); a reader that cannot
complete it says the build folder is incomplete (exit 2) and changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_YAML, SEED_YAML, kg_main, run_kg
from test_output_errors import read_only_child

ENV = {"SOURCE_DATE_EPOCH": "1700000000"}  # the manifest's build time: two builds of one input give one set

#: run `kg ARGS` (``python -c HOOK N ARGS``) and kill the process right after its N-th rename of an output file
HOOK = """
import os, runpy, signal, sys

after = int(sys.argv.pop(1))
real_replace = os.replace
done = 0


def replace(src, dst, *args, **kwargs):
    global done
    real_replace(src, dst, *args, **kwargs)
    if "/.staging-" in os.fspath(src):
        done += 1
        if done == after:
            os.kill(os.getpid(), signal.SIGKILL)


os.replace = replace
sys.argv[0] = "kg"
runpy.run_module("kg", run_name="__main__", alter_sys=True)
"""

NEW_FIRST = ["ceasefire-kg.trig", "ceasefire-kg.nq"]  # the two files the killed build switched in
OLD_REST = ["ceasefire-kg.jsonld", "ceasefire-kg.ttl", "ceasefire-kg.nt", "build-report.json", "manifest.json"]


def contents(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder`` (hidden ones too): a file's bytes, a folder as "folder"."""
    return {p.name: p.read_bytes() if p.is_file() else "folder" for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """``old``: a clean build of the test article (mini); ``new``: a clean build of the seed; ``crashed``: the
    old build over which a build of the seed was killed right after its second rename."""
    base = tmp_path_factory.mktemp("atomic")
    for name, source in (("old", MINI_YAML), ("new", SEED_YAML)):
        result = run_kg("build", "-q", source, "--out", base / name, env=ENV)
        assert result.returncode == 0, result.stderr
    shutil.copytree(base / "old", base / "crashed")
    killed = subprocess.run(
        [sys.executable, "-c", HOOK, "2", "build", "-q", str(SEED_YAML), "--out", str(base / "crashed")],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    return {"old": base / "old", "new": base / "new", "crashed": base / "crashed"}


@pytest.fixture()
def crashed(builds, tmp_path) -> Path:
    """A copy of the folder the killed build left (each test changes its own)."""
    shutil.copytree(builds["crashed"], tmp_path / "out")
    return tmp_path / "out"


def test_the_killed_build_left_a_mixed_set_and_its_journal(builds):
    """The crash is real: on disk, two new files beside five old ones, the journal and the staging folder."""
    old, new, crashed = contents(builds["old"]), contents(builds["new"]), contents(builds["crashed"])
    assert [n for n in NEW_FIRST if crashed[n] == new[n] != old[n]] == NEW_FIRST
    assert [n for n in OLD_REST if crashed[n] == old[n] != new[n]] == OLD_REST
    journal = json.loads(crashed[".switch.json"])
    assert crashed[journal["staging"]] == "folder"
    assert sorted(crashed) == sorted([*new, ".switch.json", journal["staging"]])


def test_a_reader_completes_the_switch(builds, crashed):
    """`kg stats --from` finds the journal, completes the renames, and reads the new build: the folder is then
    the clean build byte for byte, with no journal and no staging folder."""
    result = run_kg("stats", "--from", crashed, "--json")
    clean = run_kg("stats", "--from", builds["new"], "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == json.loads(clean.stdout)
    assert json.loads(result.stdout)["articles"] == 1  # the seed's one article, not the test article
    assert contents(crashed) == contents(builds["new"])


def test_the_python_api_completes_the_switch(builds, crashed, tmp_path):
    """``kg.load`` (in memory), ``kg.load`` with an Oxigraph store and ``kg.load_dataset`` read the new build."""
    import kg

    other = tmp_path / "other"
    shutil.copytree(crashed, other)
    third = tmp_path / "third"
    shutil.copytree(crashed, third)
    clean = len(kg.load_dataset(builds["new"]))
    assert len(kg.load_dataset(crashed)) == clean
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    expected = kg.load(builds["new"]).query(query)
    assert kg.load(other).query(query) == expected
    assert kg.load(third, store=f"oxigraph:{tmp_path / 'store'}").query(query) == expected
    for folder in (crashed, other, third):
        assert contents(folder) == contents(builds["new"]), folder


def test_the_next_build_completes_the_switch(builds, crashed):
    """The next `kg build` (of the seed again) writes exactly what a clean build does."""
    result = run_kg("build", "-q", SEED_YAML, "--out", crashed, env=ENV)
    assert (result.returncode, result.stderr) == (0, "")
    assert contents(crashed) == contents(builds["new"])


def test_a_build_of_other_input_after_the_crash_writes_a_clean_set(builds, crashed):
    """A build of the test article over the crashed folder gives the clean build of the test article."""
    result = run_kg("build", "-q", MINI_YAML, "--out", crashed, env=ENV)
    assert (result.returncode, result.stderr) == (0, "")
    assert contents(crashed) == contents(builds["old"])


def test_a_switch_that_cannot_be_completed_is_a_clear_error(crashed):
    """The staging folder is gone (removed by hand): the reader says the build is incomplete and how to fix it,
    changes nothing, and never answers from the mixed set."""
    journal = json.loads((crashed / ".switch.json").read_text())
    shutil.rmtree(crashed / journal["staging"])
    before = contents(crashed)
    result = run_kg("stats", "--from", "out", cwd=crashed.parent)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "kg stats: the build in out is incomplete: a `kg build` stopped while it replaced the output files, and "
        f"the switch cannot be completed (the new ceasefire-kg.jsonld is neither in out/{journal['staging']} "
        "nor in place)"
    )
    assert lines[1:] == ["  fix: run `kg build --out out` again to write a complete build"]
    assert contents(crashed) == before
    again = kg_main("summary", "--from", "out", cwd=crashed.parent)  # in process, the same answer
    assert (again.returncode, again.stderr.splitlines()[0]) == (2, "kg summary: " + lines[0].removeprefix("kg stats: "))
    assert contents(crashed) == before


def test_a_reader_that_may_not_write_the_folder_reports_it_incomplete(builds, crashed):
    """A reader that may not complete the switch (the folder is read-only to it) says so, and changes nothing; a
    reader that may then completes it."""
    options = read_only_child()
    before = contents(crashed)
    crashed.chmod(0o555)
    try:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "kg"), "stats", "--from", "out"],
            capture_output=True,
            text=True,
            cwd=crashed.parent,
            timeout=300,
            **options,
        )
    finally:
        crashed.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "kg stats: the build in out is incomplete: a `kg build` stopped while it replaced the output files, and "
        "the switch cannot be completed (Permission denied)"
    )
    assert contents(crashed) == before
    assert run_kg("stats", "--from", crashed).returncode == 0
    assert contents(crashed) == contents(builds["new"])
