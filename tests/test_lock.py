"""kg.store.lock: many readers or one writer per store folder, and who holds it, named."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from kg.store.lock import StoreBusy, holders, holding, lock_file


def test_the_lock_file_is_beside_the_folder_not_in_it(tmp_path):
    assert lock_file(tmp_path / "ox") == tmp_path / "ox.lock"


def test_each_holding_is_named_until_it_ends(tmp_path):
    location = tmp_path / "ox"
    with holding(location, "a notebook's graph", shared=True):
        with holding(location, "another graph", shared=True):
            assert sorted(what for _, what in holders(location)) == ["a notebook's graph", "another graph"]
        assert holders(location) == [(os.getpid(), "a notebook's graph")]
    assert holders(location) == []


def test_a_writer_is_told_who_reads(tmp_path):
    location = tmp_path / "ox"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from kg.store.lock import holding\n"
            f"with holding({str(location)!r}, 'kg serve on port 7878', shared=True):\n"
            "    print('holding', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "holding\n"
        with pytest.raises(StoreBusy) as caught, holding(location, "a reload", shared=False, wait=0.2):
            pass
        assert str(caught.value).splitlines()[0] == (
            f"the Oxigraph store {location} is in use by process {reader.pid} (kg serve on port 7878)"
        )
        with holding(location, "another reader", shared=True):  # readers share it
            pass
    finally:
        reader.kill()
        reader.wait()
    started = time.monotonic()
    with holding(location, "a reload", shared=False, wait=5):  # a killed holder lets go, and is no longer named
        assert [what for _, what in holders(location)] == ["a reload"]
    assert time.monotonic() - started < 5
