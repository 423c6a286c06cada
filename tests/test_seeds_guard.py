"""The suite does not depend on what a user keeps in seeds/, and the guard of conftest.py sees to it.

With no path, `kg build` and ``kg.annotation_files()`` read ``seeds/`` of the working directory (else the
checkout's). A test of that default makes its own ``seeds/`` in a temporary working directory; a test that
would read the checkout's ``seeds/`` is stopped by the guard (conftest.DefaultSeedsRead), and the session fails.
"""

from __future__ import annotations

import pytest
from conftest import MINI_YAML, ROOT, SEED_YAML, DefaultSeedsRead, default_seed_reads, kg_main, own_seeds, run_kg

import kg


@pytest.fixture()
def expect_guard():
    """The guard must stop exactly one read of the checkout's seeds/ in the test (and it is not counted)."""
    before = len(default_seed_reads)
    yield
    assert len(default_seed_reads) == before + 1, "the guard did not stop the read of the checkout's seeds/"
    default_seed_reads.pop()


def test_the_default_is_the_seeds_folder_of_the_working_directory(tmp_path, monkeypatch):
    own_seeds(tmp_path, MINI_YAML)
    monkeypatch.chdir(tmp_path)
    assert [p.name for p in kg.annotation_files()] == ["mini.yaml"]
    assert sorted(p.name for p in (tmp_path / "seeds").iterdir()) == ["mini.txt", "mini.yaml"]


def test_the_guard_stops_a_read_of_the_checkouts_seeds(expect_guard, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(DefaultSeedsRead, match=r"conftest\.own_seeds"):
        kg.annotation_files()


def test_the_guard_stops_it_from_a_folder_without_seeds(expect_guard, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no seeds/ here: the checkout's is the default
    with pytest.raises(DefaultSeedsRead):
        kg.build([])


def test_the_guard_stops_kg_build_without_a_path(expect_guard, tmp_path):
    with pytest.raises(DefaultSeedsRead):
        run_kg("build", "-q", "--jobs", "1", "--out", tmp_path / "out")
    assert not (tmp_path / "out").exists()  # stopped before `kg` ran


def test_the_guard_stops_kg_build_in_process(expect_guard, tmp_path):
    with pytest.raises(DefaultSeedsRead):
        kg_main("build", "-q", "--out", tmp_path / "out", cwd=tmp_path)


def test_paths_and_own_seeds_pass_the_guard(tmp_path):
    assert kg.annotation_files([SEED_YAML]) == [SEED_YAML]
    result = kg_main("build", "-q", "--out", tmp_path / "out", cwd=own_seeds(tmp_path / "work", MINI_YAML))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "ceasefire-kg.trig").exists()
