"""`kg build --out` that cannot be written: a clear error (exit 2), the previous outputs intact, no staging left.

Each case writes a build of the seed over a folder that holds a good build of the test article (the "previous
outputs") and checks the exit code, the first line of the message (the folder or file, and the reason the
system gave), the fix, and that the folder holds exactly what it held before.

Faults are real where the machine allows: a folder of mode 0555 (the child without the capability to override
permissions when the tests run as root, see :func:`read_only_child`), a limit on file sizes (``RLIMIT_FSIZE``
in the child: writes fail with EFBIG), a small tmpfs when this machine may mount one (skipped otherwise); and
``OSError(ENOSPC)`` raised by the serializer in this process.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_YAML, kg_main

KG = str(Path(sys.executable).parent / "kg")


def _without_dac_override() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (prctl PR_CAPBSET_DROP), so that root obeys
    permission bits. Used where the tests run as root: their Python may live in root's home (pyenv), out of
    reach of another user such as nobody, so the child stays root but loses the power to ignore permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def read_only_child() -> dict:
    """``subprocess.run`` options for a child that may not write in a folder of mode 0555: as root, one without
    the capability to override permissions; as another user, none (the permission bits hold)."""
    if os.geteuid() != 0:
        return {}
    if not sys.platform.startswith("linux"):
        pytest.skip("dropping root's capabilities is Linux's")
    probe = subprocess.run([sys.executable, "-c", ""], preexec_fn=_without_dac_override, capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this root may not drop its capabilities (no CAP_SETPCAP)")
    return {"preexec_fn": _without_dac_override}


def contents(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder`` (hidden ones too: a staging folder left would show): a file's bytes, a folder
    as "folder"."""
    return {p.name: p.read_bytes() if p.is_file() else "folder" for p in sorted(folder.iterdir())}


def kg_build(cwd: Path, out: str, **options) -> subprocess.CompletedProcess:
    """`kg build -q SEED --out OUT` in a subprocess in ``cwd`` (``options``: more for ``subprocess.run``)."""
    return subprocess.run(
        [KG, "build", "-q", str(SEED_YAML), "--out", out],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        **options,
    )


@pytest.fixture()
def previous(tmp_path, mini_out) -> Path:
    """``tmp_path/out``: a good build of the test article, the outputs a failed build must leave as they are."""
    shutil.copytree(mini_out, tmp_path / "out")
    return tmp_path / "out"


def test_a_read_only_out_folder(previous):
    options = read_only_child()
    before = contents(previous)
    previous.chmod(0o555)
    try:
        result = kg_build(previous.parent, "out", **options)
    finally:
        previous.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "kg build: cannot write in the folder out: Permission denied",
        "  fix: make out writable (chmod u+w), or write elsewhere with --out DIR; the previous outputs in out are "
        "unchanged",
    ]
    assert contents(previous) == before


def test_an_out_folder_in_a_read_only_folder_cannot_be_created(tmp_path):
    options = read_only_child()
    (tmp_path / "ro").mkdir(mode=0o555)
    try:
        result = kg_build(tmp_path, "ro/new/deeper", **options)
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "kg build: cannot create the folder ro/new/deeper: Permission denied",
        "  fix: name a folder that you may create with --out DIR, or create it first (mkdir -p DIR)",
    ]
    assert contents(tmp_path / "ro") == {}


def test_an_out_folder_under_a_file_cannot_be_created(tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder\n")
    result = kg_main("build", "-q", SEED_YAML, "--out", "notes/out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "kg build: cannot create the folder notes/out: Not a directory"
    assert contents(tmp_path) == {"notes": b"a file, not a folder\n"}


def test_an_out_that_is_a_file(tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder\n")
    result = kg_main("build", "-q", SEED_YAML, "--out", "notes", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kg build: cannot write the build to notes: it is a file, not a folder",
        "  fix: name a folder with --out DIR",
    ]
    assert contents(tmp_path) == {"notes": b"a file, not a folder\n"}


def test_a_limit_on_file_sizes(previous):
    """RLIMIT_FSIZE in the child (as `ulimit -f`): the first output larger than the limit fails with EFBIG."""
    before = contents(previous)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    result = kg_build(previous.parent, "out", preexec_fn=limit)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "kg build: cannot write out/ceasefire-kg.nq: File too large",
        "  fix: a limit on the size of files (ulimit -f) stopped it: raise it, or write elsewhere with --out DIR; "
        "the previous outputs in out are unchanged",
    ]
    assert contents(previous) == before


@pytest.fixture()
def small_disk(tmp_path):
    """``tmp_path/disk``: a tmpfs of its own, unmounted at the end; skipped where this machine may not mount."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine may not mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk(small_disk, mini_out, seed_out):
    """A real full disk: the previous outputs, then room for the new N-Quads (written first) and half the
    N-Triples (written next)."""
    shutil.copytree(mini_out, small_disk / "out")
    before = contents(small_disk / "out")
    st = os.statvfs(small_disk)
    used = (st.f_blocks - st.f_bfree) * st.f_frsize
    room = (seed_out / "ceasefire-kg.nq").stat().st_size + (seed_out / "ceasefire-kg.nt").stat().st_size // 2
    size_kb = (used + room) // 1024
    subprocess.run(["mount", "-o", f"remount,size={size_kb}k", str(small_disk)], check=True)
    result = kg_build(small_disk, "out")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "kg build: cannot write out/ceasefire-kg.nt: No space left on device",
        "  fix: free some space on that disk, or write elsewhere with --out DIR; the previous outputs in out are "
        "unchanged",
    ]
    assert contents(small_disk / "out") == before


def test_a_full_disk_in_the_serializer(previous, monkeypatch):
    """ENOSPC raised where Oxigraph writes the Turtle file (in this process): the same clear error."""
    import pyoxigraph

    before = contents(previous)
    real = pyoxigraph.serialize

    def full(input, output=None, format=None, **kw):
        if format == pyoxigraph.RdfFormat.TURTLE:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(input, output, format=format, **kw)

    monkeypatch.setattr(pyoxigraph, "serialize", full)
    result = kg_main("build", "-q", SEED_YAML, "--out", "out", cwd=previous.parent)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "kg build: cannot write out/ceasefire-kg.ttl: No space left on device",
        "  fix: free some space on that disk, or write elsewhere with --out DIR; the previous outputs in out are "
        "unchanged",
    ]
    assert contents(previous) == before
