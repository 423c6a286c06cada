"""An Oxigraph store folder (``--store oxigraph:DIR``) that is damaged, or held by another process.

* Damage done with real files (a data file cut short or deleted, bytes overwritten, the manifest or CURRENT
  deleted or emptied, a load killed with SIGKILL): ``kg query`` says which folder and what is wrong in a
  sentence (exit 2), never RocksDB's wall of text, and ``--rebuild-store`` rebuilds it from the build.
* Other processes (real ones, started here): readers share the store, a query runs while another process has
  it open (even read-write, outside kg), a reload waits for a reader with a message and then says who holds it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import kg_main, run_kg

from kg.store import open_store
from kg.store.lock import StoreBusy
from kg.store.oxigraph import OxigraphStore, StoreDamaged

FIX = "  fix: rebuild it from the build: run the command again with --rebuild-store"


@pytest.fixture
def build(seed_out, tmp_path) -> Path:
    """A build folder of the seed's, our own (its N-Quads may be touched)."""
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    return out


@pytest.fixture
def loaded(build, tmp_path) -> Path:
    """An Oxigraph store folder loaded from ``build`` and closed."""
    location = tmp_path / "ox"
    open_store(build, f"oxigraph:{location}").close()
    return location


@pytest.fixture(scope="module")
def talks(seed_out) -> str:
    """What `kg query talks` prints from the seed's build."""
    done = kg_main("query", "talks", "--from", seed_out)
    assert done.returncode == 0 and done.stdout.count("\n") > 2, done.stderr
    return done.stdout


def _query(build: Path, location: Path, *more: str, where=kg_main) -> subprocess.CompletedProcess:
    return where("query", "talks", "--from", build, "--store", f"oxigraph:{location}", *more, cwd=location.parent)


def _ssts(location: Path) -> list[Path]:
    return sorted(location.glob("*.sst"), key=lambda f: (f.stat().st_size, f.name))


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def _truncate_largest(location: Path) -> str:
    sst = _ssts(location)[-1]
    size = sst.stat().st_size
    os.truncate(sst, size // 2)
    return f"its data file {sst.name} is {size // 2} bytes where the store wrote {size} (cut short or overwritten)"


def _delete_largest(location: Path) -> str:
    sst = _ssts(location)[-1]
    sst.unlink()
    return f"its data file {sst.name} is missing"


def _overwrite_end(location: Path) -> str:
    sst = _ssts(location)[-1]  # the footer (its last bytes) names the table's magic number
    _overwrite(sst, sst.stat().st_size - 48, bytes(range(48)))
    return f"its data file {sst.name} holds damaged bytes"


def _delete_manifest(location: Path) -> str:
    (manifest,) = location.glob("MANIFEST-*")
    manifest.unlink()
    return f"its manifest {manifest.name} (the list of its data files) is missing"


def _overwrite_manifest(location: Path) -> str:
    (manifest,) = location.glob("MANIFEST-*")
    _overwrite(manifest, 20, b"\x00\xff" * 8)
    return f"its manifest {manifest.name} (the list of its data files) holds damaged bytes"


def _empty_manifest(location: Path) -> str:
    (manifest,) = location.glob("MANIFEST-*")
    os.truncate(manifest, 0)
    return f"its manifest {manifest.name} (the list of its data files) is damaged"


def _delete_current(location: Path) -> str:
    (location / "CURRENT").unlink()
    return "its file CURRENT (which names its manifest) is missing"


def _empty_current(location: Path) -> str:
    (location / "CURRENT").write_bytes(b"")
    return "its file CURRENT (which names its manifest) is missing or damaged"


DAMAGE = {
    "a data file cut short": _truncate_largest,
    "a data file deleted": _delete_largest,
    "a data file's footer overwritten": _overwrite_end,
    "the manifest deleted": _delete_manifest,
    "bytes of the manifest overwritten": _overwrite_manifest,
    "the manifest emptied": _empty_manifest,
    "CURRENT deleted": _delete_current,
    "CURRENT emptied": _empty_current,
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_store_is_reported_and_rebuilt(kind, build, loaded, talks):
    """Each kind of damage: exit 2, the folder and what is wrong in one line, the fix; then --rebuild-store
    rebuilds it and the answer is the build's, and the next query uses the rebuilt store as it is."""
    what = DAMAGE[kind](loaded)
    done = _query(build, loaded)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == f"kg query: the Oxigraph store ox is damaged: {what}"
    assert lines[1].startswith(FIX)
    assert len(lines) == 2 and "Traceback" not in done.stderr

    again = _query(build, loaded, "--rebuild-store")
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout == talks
    assert _query(build, loaded).stdout == talks


def test_damage_found_only_when_a_query_reads_it_is_reported_too(build, loaded, talks):
    """Bytes overwritten inside the data blocks of the large files: the store opens, and RocksDB finds the
    damage (a checksum that does not match) when a query reads those blocks. That is the same clear error."""
    for sst in _ssts(loaded):
        if sst.stat().st_size > 20_000:
            _overwrite(sst, 0, bytes(range(64)))
    every_quad = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    with pytest.raises(StoreDamaged) as caught, open_store(build, f"oxigraph:{loaded}") as store:
        store.select(every_quad)
    assert str(caught.value).startswith(f"the Oxigraph store {loaded} is damaged: its data file ")
    assert "holds damaged bytes" in str(caught.value).splitlines()[0]
    done = kg_main("query", "-", "--from", build, "--store", f"oxigraph:{loaded}", stdin=every_quad)
    assert done.returncode == 2 and done.stderr.startswith("kg query: the Oxigraph store "), done.stderr
    assert "Traceback" not in done.stderr
    assert _query(build, loaded, "--rebuild-store").stdout == talks


def test_the_damage_message_in_a_real_process(build, loaded):
    """As a user sees it: the installed `kg`, the message and exit 2, no traceback."""
    what = _truncate_largest(loaded)
    done = _query(build, loaded, where=run_kg)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == f"kg query: the Oxigraph store ox is damaged: {what}"
    assert "Traceback" not in done.stderr and "RocksDB" not in done.stderr


def test_rebuild_deletes_only_the_store_files(build, loaded, talks):
    """--rebuild-store deletes RocksDB's files and the "loaded from" marker, nothing else of the folder."""
    (loaded / "server.log").write_text("a log a server keeps beside the store\n")
    _delete_largest(loaded)
    assert _query(build, loaded, "--rebuild-store").stdout == talks
    assert (loaded / "server.log").read_text() == "a log a server keeps beside the store\n"


def test_rebuild_needs_a_build_and_deletes_nothing_without_one(loaded, tmp_path):
    _delete_largest(loaded)
    before = sorted(f.name for f in loaded.iterdir())
    no_build = tmp_path / "no-build"
    no_build.mkdir()
    done = _query(no_build, loaded, "--rebuild-store")
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "kg query: no built graph at no-build/ceasefire-kg.nq"
    assert sorted(f.name for f in loaded.iterdir()) == before


def test_rebuild_needs_an_oxigraph_store(build):
    done = kg_main("query", "talks", "--from", build, "--rebuild-store")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "kg query: --rebuild-store rebuilds an Oxigraph store on disk, and no such store was named",
        "  fix: use it with --store oxigraph:DIR",
    ]


def test_a_folder_of_other_files_is_not_made_a_store(build, tmp_path):
    """A folder that holds files and no store is refused, with or without --rebuild-store; nothing is written."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    for more in ((), ("--rebuild-store",)):
        done = _query(build, folder, *more)
        assert done.returncode == 2
        assert done.stderr.splitlines()[0] == (
            "kg query: --store oxigraph: notes holds other files (notes.txt) and no Oxigraph store; "
            "kg does not put a store among them"
        )
        assert [f.name for f in folder.iterdir()] == ["notes.txt"]
    a_file = tmp_path / "a-file"
    a_file.write_text("x\n")
    done = _query(build, a_file)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "kg query: --store oxigraph: a-file is a file, not a folder"


def _big_build(build: Path, quads: int) -> Path:
    """``build`` with filler quads (in a graph of their own) after the seed's: a load that takes a while."""
    nq = build / "ceasefire-kg.nq"
    with open(nq, "a", encoding="utf-8") as f:
        for i in range(quads):
            f.write(f'<urn:kg-test:filler:{i}> <urn:kg-test:p> "filler {i} of a big build" <urn:kg-test:filler> .\n')
    return build


def _text(path: Path) -> str:
    """A file's text, or "" when it is gone (a holder's file goes when its holding ends)."""
    try:
        return path.read_text()
    except OSError:
        return ""


@pytest.mark.slow
def test_a_load_killed_half_way_is_loaded_again(build, tmp_path, talks):
    """`kg query` killed with SIGKILL while it loads the store: the next one loads it again, whole."""
    _big_build(build, 400_000)
    location = tmp_path / "ox"
    holders = tmp_path / "ox.lock.d"
    child = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "kg"),
            "query",
            "talks",
            "--from",
            str(build),
            "--store",
            f"oxigraph:{location}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until it loads, and has written some data files
        entries = list(holders.glob(f"{child.pid}-*"))  # one file per holding: PID-N
        loading = any("loads the store" in _text(e) for e in entries)
        if loading and len(list(location.glob("*.sst"))) > 0:
            break
        assert child.poll() is None, "the load ended before it could be killed"
        time.sleep(0.02)
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not (location / "kg-loaded-from.txt").exists()  # never taken as fresh

    done = _query(build, location, where=run_kg)
    assert (done.returncode, done.stdout, done.stderr) == (0, talks, "")
    with open_store(build, f"oxigraph:{location}") as store:
        filler = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kg-test:filler> { ?s ?p ?o } }")
        assert int(filler.rows[0][0]) == 400_000


# -- other processes ---------------------------------------------------------------------------------------------
class Child:
    """A Python process of its own that runs ``script`` and obeys lines on its standard input."""

    def __init__(self, script: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.process.pid

    def said(self) -> str:
        line = self.process.stdout.readline().strip()
        assert line, f"the child said nothing; its stderr: {self.process.stderr.read()}"
        return line

    def tell(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@pytest.fixture
def children():
    started: list[Child] = []

    def start(script: str) -> Child:
        started.append(Child(script))
        return started[-1]

    yield start
    for child in started:
        child.stop()


READER = """
    import sys
    from kg.store import open_store
    store = open_store({build!r}, "oxigraph:{location}", purpose="a test reader")
    print("open", flush=True)
    for line in sys.stdin:
        rows = store.select("SELECT ?p WHERE {{ ?p a <https://w3id.org/ceasefire-kg/ontology#Proposal> }}")
        print(len(rows), flush=True)
"""


def test_a_query_runs_while_another_process_reads_the_store(build, loaded, talks, children):
    """Readers share: `kg query` answers while another process has the store open (read-only, held shared)."""
    reader = children(READER.format(build=str(build), location=loaded))
    assert reader.said() == "open"
    done = _query(build, loaded, where=run_kg)
    assert (done.returncode, done.stdout, done.stderr) == (0, talks, "")
    reader.tell("query")
    assert reader.said() == "7"


def test_a_query_needs_no_write_lock_of_rocksdb(build, loaded, talks, children):
    """Another program has the store open read-write (RocksDB's own lock taken, outside kg): an up-to-date
    store is opened read-only, which needs no such lock, and the query answers."""
    writer = children(
        f"""
        import sys, pyoxigraph
        store = pyoxigraph.Store({str(loaded)!r})
        print("open", flush=True)
        sys.stdin.readline()
        """
    )
    assert writer.said() == "open"
    done = _query(build, loaded, where=run_kg)
    assert (done.returncode, done.stdout, done.stderr) == (0, talks, "")


def test_a_reload_waits_for_a_reader_then_names_it(build, loaded, children):
    """The build is newer, so the store must be reloaded, but another process reads it: the query waits,
    says for whom, then fails with exit 2 naming that process; the reader's store is left as it was."""
    reader = children(READER.format(build=str(build), location=loaded))
    assert reader.said() == "open"
    nq = build / "ceasefire-kg.nq"
    os.utime(nq, ns=(nq.stat().st_atime_ns, nq.stat().st_mtime_ns + 10**9))  # as a rebuild would
    done = _query(build, loaded, "--store-wait", "0.5", where=run_kg)
    assert done.returncode == 2 and done.stdout == ""
    holder = f"process {reader.pid} (a test reader: reads the store)"
    assert done.stderr.splitlines() == [
        f"kg query: waiting for {holder} to release ox ...",
        f"kg query: the Oxigraph store ox is in use by {holder}",
        "  fix: wait for it to finish or stop it, or use another store folder (--store oxigraph:DIR, or "
        "--store-dir DIR for kg serve)",
    ]
    reader.tell("query")
    assert reader.said() == "7"


def test_a_query_waits_for_a_load_to_finish(build, loaded, talks, children):
    """Another process holds the store exclusive (as a load does): the query waits with a message, and
    answers once it is let go."""
    loader = children(
        f"""
        import sys
        from kg.store.lock import holding
        with holding({str(loaded)!r}, "a test load", shared=False):
            print("holding", flush=True)
            sys.stdin.readline()
        print("let go", flush=True)
        """
    )
    assert loader.said() == "holding"
    query = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "kg"),
            "query",
            "talks",
            "--from",
            str(build),
            "--store",
            f"oxigraph:{loaded}",
        ],
        cwd=loaded.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = query.stderr.readline()
        assert first == f"kg query: waiting for process {loader.pid} (a test load) to release ox ...\n"
        loader.tell("go")
        assert loader.said() == "let go"
        out, err = query.communicate(timeout=120)
    finally:
        if query.poll() is None:
            query.kill()
            query.wait()
    assert (query.returncode, out, err) == (0, talks, "")


def test_a_store_still_open_in_this_process_is_named(build, loaded):
    """In Python: a store opened and still in use blocks its own reload; that is said at once, not after a wait."""
    first = open_store(build, f"oxigraph:{loaded}")
    try:
        second = open_store(build, f"oxigraph:{loaded}")  # up to date: a second reader is fine
        second.close()
        nq = build / "ceasefire-kg.nq"
        os.utime(nq, ns=(nq.stat().st_atime_ns, nq.stat().st_mtime_ns + 10**9))
        with pytest.raises(StoreBusy, match="this process still has it open"):
            open_store(build, f"oxigraph:{loaded}", wait=5)
    finally:
        first.close()
    with open_store(build, f"oxigraph:{loaded}") as again:  # closed: it reloads
        assert isinstance(again, OxigraphStore) and not again.is_empty()
