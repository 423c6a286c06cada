"""Benchmark of ``kg build --cluster``: an overlapping corpus built locally (``-j 2``) and on a Dask cluster of two
worker processes on this machine, each as a whole process, with its peak memory and the seconds of each stage;
the two outputs compared byte for byte. Prints a Markdown report (bench/README.md, "Building on a Dask cluster").

    .venv/bin/python bench/cluster.py --articles 1000                  # about 3 minutes on 2 cores
    .venv/bin/python bench/cluster.py --articles 1000 --articles 3000 --work /tmp/kg-cluster-bench
    .venv/bin/python bench/cluster.py --articles 1000 --kill-a-worker 15   # a worker killed mid-build

For each size: the corpus (``bench/generate.py --articles N --overlap``, kept in ``--work`` and reused), then

* local: ``build_to`` as ``kg build CORPUS --out OUT -j 2`` runs it, in a fresh process under ``/usr/bin/time -v``
  (``bench/cluster.py _build``: the same call, which also prints ``BuildOutcome.seconds`` as JSON);
* cluster: a ``dask scheduler`` and two ``dask worker --nthreads 1`` started on loopback with a scheduler file
  (their start-up is not in the build's time), then the same build with ``--cluster FILE``; stopped after.

Memory: the build process's max RSS (``/usr/bin/time -v``) and, sampled every 0.2 s, the sum of the proportional
set sizes (PSS) of every process of each session: the build (with its forked writers), the workers (each with
its nanny), the scheduler; the peak of their sum at one instant is the cluster build's peak on this machine.
``--kill-a-worker S`` kills one worker process (not its nanny, which starts another) S seconds into the cluster
build: Dask runs its tasks again elsewhere, and the outputs must still be the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import PY, ROOT, _process_memory, fmt_bytes, fmt_s, load_average, machine, peak_rss  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))  # servers.py: the Dask cluster of the tests
from servers import DaskCluster  # noqa: E402

#: the manifests' build time, the same for both builds so that they may be compared byte for byte
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}
STAGES = ("build", "load", "compare", "validate", "stats", "write")


def _build(argv: list[str]) -> int:
    """``bench/cluster.py _build CORPUS OUT JOBS [CLUSTER]``: ``build_to`` as ``kg build`` runs it; prints the
    stages' seconds, the articles and the statements as JSON."""
    from kg.builder.pipeline import build_to

    corpus, out, jobs = argv[0], argv[1], int(argv[2])
    outcome = build_to([corpus], out, jobs=jobs, cluster=argv[3] if len(argv) > 3 else None)
    print(
        json.dumps(
            {
                "seconds": outcome.seconds,
                "articles": len(outcome.articles),
                "statements": outcome.validation.nodes_checked,
            }
        )
    )
    return 0


def _processes() -> Iterator[tuple[Path, list[str]]]:
    """Each process now: its /proc folder and the fields of its ``stat`` after the command name (state, ppid,
    pgrp, session...); processes that end meanwhile are left out."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            yield entry, stat[stat.rindex(")") + 2 :].split()


def _sessions() -> dict[int, int]:
    """The memory (PSS, else RSS) of every process, summed by session id."""
    found: dict[int, int] = {}
    for entry, fields in _processes():
        sid = int(fields[3])
        found[sid] = found.get(sid, 0) + _process_memory(entry)
    return found


class Sampler:
    """Every 0.2 s, the memory of some sessions by group (``{"client": [sid], "workers": [sid, sid]}``): the
    peak of each group and the peak of their sum."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups, self.peaks, self.total = groups, dict.fromkeys(groups, 0), 0
        #: (time.perf_counter(), {group: bytes}) of every sample
        self.samples: list[tuple[float, dict[str, int]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            by_session = _sessions()
            now, sample = 0, {}
            for name, sids in self.groups.items():
                m = sample[name] = sum(by_session.get(s, 0) for s in sids)
                self.peaks[name] = max(self.peaks[name], m)
                now += m
            self.total = max(self.total, now)
            self.samples.append((time.perf_counter(), sample))
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def timed_build(corpus: Path, out: Path, jobs: int, cluster: Path | None, groups: dict, kill_after: float | None,
                workers: list[subprocess.Popen]) -> dict:  # fmt: skip
    """One build as a whole process under /usr/bin/time -v, its memory sampled with the cluster's."""
    time_file = Path(tempfile.mkstemp(prefix="bench-time-")[1])
    cmd = ["/usr/bin/time", "-v", "-o", str(time_file), PY, __file__, "_build", str(corpus), str(out), str(jobs)]
    cmd += [str(cluster)] if cluster else []
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            start_new_session=True, cwd=ROOT)  # fmt: skip
    sampler = Sampler({"client": [proc.pid], **groups})
    said: list[tuple[float, str]] = []  # each line of the build's progress, when it came

    def read_progress() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            said.append((time.perf_counter(), line))

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    killed = None
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            killed = _kill_a_worker(workers[0])
    stdout = proc.stdout.read() if proc.stdout else ""
    proc.wait()
    reader.join()
    wall = time.perf_counter() - t0
    sampler.stop()
    stderr = "".join(line for _, line in said)
    result = {"wall": wall, "rc": proc.returncode, "stderr": stderr, "rss": peak_rss(time_file), "killed": killed}
    result["peaks"], result["total"] = sampler.peaks, sampler.total
    result["stage_peaks"] = stage_peaks(said, sampler.samples)
    time_file.unlink(missing_ok=True)
    if proc.returncode == 0:
        result.update(json.loads(stdout.strip().splitlines()[-1]))
    return result


#: the progress line that starts each stage of ``build_to`` (the next one's ends it)
STAGE_STARTS = (
    ("build", "building "),
    ("load", "built "),
    ("compare", "comparing the "),
    ("validate", r"[0-9,]+ disagreements? between sources"),
    ("stats", r"valid \("),
    ("write", "coverage: "),
    ("end", "wrote "),
)


def stage_peaks(said: list[tuple[float, str]], samples: list[tuple[float, dict[str, int]]]) -> dict[str, dict]:
    """The peak memory of each group during each stage, the stages told apart by the build's progress lines
    (``build`` from "building ..." to "built N statements", ... ``write`` from "coverage" to "wrote")."""
    starts: dict[str, float] = {}
    for stage, prefix in STAGE_STARTS:
        for when, line in said:
            if re.match(prefix, line):
                starts[stage] = when
                break
    order = [s for s, _ in STAGE_STARTS if s in starts]
    peaks: dict[str, dict] = {}
    for stage, after in itertools.pairwise(order):
        window = [m for t, m in samples if starts[stage] <= t < starts[after]]
        peaks[stage] = {g: max((m[g] for m in window), default=0) for g in (window[0] if window else {})}
    return peaks


def _kill_a_worker(nanny: subprocess.Popen) -> str:
    """SIGKILL the worker process under ``nanny`` (``dask worker`` runs each worker in a child process)."""
    for entry, fields in _processes():
        if int(fields[1]) != nanny.pid:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            os.kill(int(entry.name), signal.SIGKILL)
            return f"The worker process {entry.name} (under its nanny, {nanny.pid}) was killed (SIGKILL)"
    return "No worker process was found to kill"


def digests(out: Path) -> dict[str, tuple[int, str]]:
    found = {}
    for p in sorted(out.iterdir()):
        h = hashlib.sha256()
        with open(p, "rb") as f:
            while block := f.read(1 << 22):
                h.update(block)
        found[p.name] = (p.stat().st_size, h.hexdigest())
    return found


def lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 22):
            n += block.count(b"\n")
    return n


def one_size(articles: int, work: Path, jobs: int, workers: int, kill_after: float | None) -> list[str]:
    md: list[str] = []
    corpus = work / f"overlap{articles}"
    stamp = corpus / ".generated"
    if not stamp.exists():
        t0 = time.perf_counter()
        gen = [PY, str(BENCH / "generate.py"), "--articles", str(articles), "--overlap", "--out", str(corpus)]
        res = subprocess.run(gen, capture_output=True, text=True, check=True)
        stamp.write_text(res.stderr.strip().splitlines()[-1] + f" ({time.perf_counter() - t0:.0f} s)\n")
    md += [f"### {articles:,} overlapping articles", ""]
    md += [f"Corpus: `bench/generate.py --articles {articles} --overlap --out DIR`: {stamp.read_text().strip()}.", ""]
    md += [f"Load average before the local build: {load_average()}.", ""]
    local = timed_build(corpus, work / f"out{articles}-local", jobs, None, {}, None, [])
    if local["rc"] != 0:
        md += [f"The local build failed: ```{local['stderr'][-2000:]}```", ""]
        return md
    md += [f"Load average before the cluster build: {load_average()}.", ""]
    with DaskCluster(work / "dask", workers) as cluster:  # each process in a session of its own: sid = pid
        groups = {"scheduler": [cluster.scheduler.pid], "workers": [w.pid for w in cluster.workers]}
        on = timed_build(
            corpus, work / f"out{articles}-cluster", jobs, cluster.scheduler_file, groups, kill_after, cluster.workers
        )
    startup = cluster.startup_seconds
    (work / f"build{articles}-local.stderr").write_text(local["stderr"])
    (work / f"build{articles}-cluster.stderr").write_text(on["stderr"])
    if on["rc"] != 0:
        md += [f"The cluster build failed: ```{on['stderr'][-2000:]}```", ""]
    a, b = digests(work / f"out{articles}-local"), digests(work / f"out{articles}-cluster") if on["rc"] == 0 else {}
    same = a == b
    nq, nt = work / f"out{articles}-local" / "ceasefire-kg.nq", work / f"out{articles}-local" / "ceasefire-kg.nt"
    md += [
        "| | local, `kg build DIR --out OUT -j 2` | Dask, `kg build DIR --out OUT -j 2 --cluster FILE` |",
        "|---|---:|---:|",
        f"| wall time, whole process | {fmt_s(local['wall'])} | {fmt_s(on['wall'])} |",
    ]
    for stage in STAGES:
        md.append(
            f"| {stage} | {fmt_s(local['seconds'].get(stage))} | "
            f"{fmt_s(on.get('seconds', {}).get(stage)) if on['rc'] == 0 else '–'} |"
        )
    md += [
        "",
        "Peak memory (PSS, sampled every 0.2 s) during each stage, the stages told apart by the progress lines:",
        "",
    ]
    md += [
        "| stage | local: the build | Dask: the client | Dask: the two workers |",
        "|---|---:|---:|---:|",
    ]
    for stage in STAGES:
        lp, cp = local["stage_peaks"].get(stage, {}), on.get("stage_peaks", {}).get(stage, {})
        md.append(
            f"| {stage} | {fmt_bytes(lp.get('client'))} | {fmt_bytes(cp.get('client'))} | "
            f"{fmt_bytes(cp.get('workers'))} |"
        )
    md += ["", "| whole process | local | Dask |", "|---|---:|---:|"]
    md += [
        f"| max RSS of the build process (`/usr/bin/time -v`) | {fmt_bytes(local['rss'])} | {fmt_bytes(on['rss'])} |",
        f"| peak PSS of the build's processes (with its forked writers) | {fmt_bytes(local['peaks']['client'])} | "
        f"{fmt_bytes(on['peaks']['client'])} |",
        f"| peak PSS of the two workers (with their nannies) | – | {fmt_bytes(on['peaks'].get('workers'))} |",
        f"| peak PSS of the scheduler | – | {fmt_bytes(on['peaks'].get('scheduler'))} |",
        f"| peak of the sum, at one instant | {fmt_bytes(local['total'])} | {fmt_bytes(on['total'])} |",
        "",
        f"The cluster's start-up (scheduler and {workers} workers, not in the build's time): {fmt_s(startup)}."
        + (f" {on['killed']} {kill_after:g} s into the cluster build." if on.get("killed") else ""),
        "",
        f"Outputs: {local['articles']:,} articles, {local['statements']:,} statements built and validated; "
        f"ceasefire-kg.nq {lines(nq):,} quads, ceasefire-kg.nt {lines(nt):,} triples; sizes in bytes: "
        + ", ".join(f"{name} {size:,}" for name, (size, _) in a.items())
        + ".",
        "",
        "The two builds' outputs are "
        + (
            "**byte-identical** (every file's SHA-256)."
            if same
            else "**NOT the same bytes**: " + str(sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n)))
        ),
        "",
    ]
    return md


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_build":
        return _build(argv[1:])
    p = argparse.ArgumentParser(description="kg build locally and on a local Dask cluster; prints Markdown.")
    p.add_argument("--articles", type=int, action="append", help="corpus size (repeatable; default 1000)")
    p.add_argument("--work", type=Path, default=None, help="keep corpora and outputs here (default: a temporary one)")
    p.add_argument("--jobs", type=int, default=2, help="-j of both builds (default 2)")
    p.add_argument("--workers", type=int, default=2, help="Dask workers, one thread each (default 2)")
    p.add_argument("--kill-a-worker", type=float, default=None, metavar="S", help="kill a worker S s into the build")
    args = p.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-cluster-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    m = machine()
    print("## Building on a Dask cluster (`bench/cluster.py`)\n")
    print(
        f"`bench/cluster.py {' '.join(argv)}`, commit {m['commit']}; {m['cpu']}, {m['cores']} cores, "
        f"{fmt_bytes(m['ram'])} RAM; Python {m['python']}; load average at the start: {load_average()}.\n",
        flush=True,
    )
    for n in args.articles or [1000]:
        print("\n".join(one_size(n, work, args.jobs, args.workers, args.kill_a_worker)), flush=True)
    print(f"Load average at the end: {load_average()}.")
    if args.work is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
