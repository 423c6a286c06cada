"""Benchmarks of ceasefire-kg: start-up, build, validation, named queries on each store, and scale.

Prints a Markdown report (and writes it to ``bench/results.md`` with ``--write``). Every figure is a median of
several runs, and every ratio compares figures taken in the same run of this script. Each target is printed
with PASS or FAIL.

    .venv/bin/python bench/run.py            # everything: the seed, 100 and 1,000 generated articles
    .venv/bin/python bench/run.py --quick    # without the 1,000-article corpus
    .venv/bin/python bench/run.py --runs 3 --write
    .venv/bin/python bench/run.py --only startup   # `kg --help` and start-up alone, about a minute
    .venv/bin/python bench/run.py --only plot      # `kg plot` and `kg plot --overview` at 5, 100, 1,000 articles

What is measured (see bench/README.md):

* ``kg --help``: wall time of the command as a subprocess, and which heavy libraries its import path loads;
* ``kg build`` of the seed: wall time as a subprocess, and the time of each stage (``BuildOutcome.seconds``);
* the named queries (``ontology/queries/*.rq``) in a warm process on the seed, on each store: rdflib in memory
  (``MemoryStore``), Oxigraph (``OxigraphStore.select``), the ``KnowledgeGraph.run`` API on Oxigraph (with its
  syntax check), and raw pyoxigraph running the same text (``Store.query(text, use_default_graph_as_union=True)``);
* start-up: ``kg query positions`` as a whole process on the seed (default store, ``--store memory``,
  ``--store oxigraph:DIR``) beside a bare ``python -c "import rdflib, pyoxigraph"``, the commands taken in turn;
* scale, on corpora of 100 and 1,000 articles made by ``bench/generate.py``: loading the N-Quads into Oxigraph
  (``OxigraphStore.load``) against rdflib's parser (``Dataset.parse``), the named queries on each store, and
  ``kg build`` of the corpus (every stage, validation included) with its peak memory, time-boxed.

Slow things are bounded: a query that takes longer than its budget is reported as such and not repeated; a
build that exceeds its time box is stopped, and the report names the stage it had reached.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
KG = str(Path(PY).with_name("kg"))
SEED_DIR = ROOT / "seeds"
HEAVY = ("rdflib", "networkx", "matplotlib", "pyshacl", "pandas", "pyoxigraph", "pyparsing", "yaml")
FORBIDDEN_ON_HELP = ("rdflib", "networkx", "matplotlib")

SEED_QUERY_RUNS_FACTOR = 4  # the seed's named queries take milliseconds: four times --runs of them
STARTUP_RUNS_FACTOR = 3  # start-up: processes of a few tenths of a second, three times --runs of each
BARE_IMPORT = [PY, "-c", "import rdflib, pyoxigraph"]  # what start-up is compared with

TARGETS = {
    "plot_100": 15.0,  # s, `kg plot` of the whole graph of 100 overlapping articles, a whole process
    "help": 0.15,  # s, `kg --help`
    "query_warm": 0.020,  # s, every named query warm on the seed
    "query_process": 0.6,  # s, `kg query positions` on the seed
    "startup_ratio": 2.5,  # `kg query positions` / `python -c "import rdflib, pyoxigraph"`, whole processes
    "load_speedup": 10.0,  # Oxigraph load vs rdflib parse at 1M triples
    "store_ratio": 1.5,  # OxigraphStore vs raw pyoxigraph
    "build_1000": 60.0,  # s, `kg build` of 1,000 articles
    "rss_1000": 3 * 2**30,  # bytes
    "disagreements": 2.0,  # s, `kg disagreements` on a loaded Oxigraph store, 1,000 overlapping articles
    "no_position": 5.0,  # s, `kg query no-position` without an actor, paged (--limit), same corpus
}
QUERY_PROCESS_TIMEOUT = 30.0  # s, --timeout of each `kg query NAME` on the overlapping corpus


# ============================================================================================ helpers


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt_s(seconds: float | None) -> str:
    """Seconds, with a unit that keeps three significant figures."""
    if seconds is None:
        return "–"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    if seconds < 100:
        return f"{seconds:.3g} s"
    return f"{seconds:.0f} s"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "–"
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


def time_command(
    cmd: list[str], runs: int, warmup: int = 1, env: dict | None = None, timeout: float = 600
) -> tuple[list[float], subprocess.CompletedProcess]:
    """Wall times of ``runs`` executions of ``cmd`` (after ``warmup`` untimed ones)."""
    times, last = [], None
    for i in range(warmup + runs):
        t0 = time.perf_counter()
        last = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)
        dt = time.perf_counter() - t0
        if last.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({last.returncode}):\n{last.stderr[-3000:]}")
        if i >= warmup:
            times.append(dt)
    return times, last


def time_side_by_side(cmds: dict[str, list[str]], runs: int, warmup: int = 1) -> dict[str, list[float]]:
    """Wall times of each command of ``cmds`` as a whole process, ``runs`` times (after ``warmup`` untimed
    rounds), the commands taken in turn in every round, so that a busy moment of the machine falls on all alike."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for i in range(warmup + runs):
        for name, cmd in cmds.items():
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
            dt = time.perf_counter() - t0
            if res.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stderr[-3000:]}")
            if i >= warmup:
                times[name].append(dt)
    return times


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    def ver(pkg: str) -> str:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return "not installed"

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "kg", "ontology"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        commit += " (with uncommitted changes in kg/ or ontology/)" if dirty else ""
    except OSError:
        commit = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "rdflib": ver("rdflib"),
        "pyoxigraph": ver("pyoxigraph"),
        "pyshacl": ver("pyshacl"),
        "commit": commit,
    }


# ============================================================================================ workers
# Each measurement that loads data runs in a child process (``run.py _worker ...``), so that a slow one can be
# stopped without losing the others, and so that each starts from a clean heap.


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout()


def _timed_runs(fn, runs: int, budget: float) -> tuple[list[float], int]:
    """One warm-up call, then up to ``runs`` timed ones while the total stays within ``budget`` seconds.

    Returns the timed runs (the warm-up alone when it used up the budget) and the number of rows.
    """
    t0 = time.perf_counter()
    rows = fn()
    first = time.perf_counter() - t0
    if first * 2 > budget:
        return [first], rows
    times: list[float] = []
    spent = first
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        times.append(dt)
        spent += dt
        if spent + dt > budget:
            break
    return times, rows


def worker_queries(args) -> int:
    """Run the named queries on one kind of store, printing a JSON line per query."""
    from kg.query.named import named_queries

    queries = named_queries()
    names = args.only.split(",") if args.only else list(queries)
    if args.engine == "memory":
        from rdflib import Dataset

        from kg.store import MemoryStore

        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(args.nq, format="nquads")
        _emit({"event": "parse", "seconds": time.perf_counter() - t0, "triples": len(ds)})
        for _ in range(args.parse_runs - 1):
            t0 = time.perf_counter()
            Dataset(default_union=True).parse(args.nq, format="nquads")
            _emit({"event": "parse", "seconds": time.perf_counter() - t0})
        store = MemoryStore(ds)
        signal.signal(signal.SIGALRM, _alarm)
        t_queries = time.perf_counter()
        for name in names:
            text = queries[name].text
            if time.perf_counter() - t_queries > args.total_budget:
                _emit({"event": "query", "query": name, "skipped": True})
                continue
            _emit({"event": "start", "query": name})
            signal.setitimer(signal.ITIMER_REAL, args.budget * 1.5)
            try:
                times, rows = _timed_runs(lambda text=text: len(store.select(text)), args.runs, args.budget)
                _emit({"event": "query", "query": name, "memory": times, "rows": {"memory": rows}})
            except _Timeout:
                _emit({"event": "query", "query": name, "timeout": {"memory": args.budget * 1.5}})
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return 0

    if args.engine == "merged":
        # a diagnosis: pyoxigraph in memory, the named graphs and, in its default graph, the build's merged triples
        # (ceasefire-kg.nt: each triple once), queried without the union of the named graphs, which repeats a
        # triple once per graph that states it
        import pyoxigraph as ox

        merged = ox.Store()
        merged.bulk_load(path=args.nq, format=ox.RdfFormat.N_QUADS)
        merged.bulk_load(
            path=str(Path(args.nq).with_suffix(".nt")), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph()
        )
        for name in names:
            text = queries[name].text
            _emit({"event": "start", "query": name})
            times, rows = _timed_runs(lambda text=text: sum(1 for _ in merged.query(text)), args.runs, args.budget)
            _emit({"event": "query", "query": name, "merged": times, "rows": {"merged": rows}})
        return 0

    # Oxigraph: raw pyoxigraph, OxigraphStore.select and KnowledgeGraph.run on the same store, interleaved
    import pyoxigraph as ox

    from kg.query.graph import KnowledgeGraph
    from kg.store import OxigraphStore

    store = OxigraphStore(Path(args.store_dir))
    raw = store.store
    graph = KnowledgeGraph(store)
    in_memory = ox.Store()  # for comparison: the same quads in pyoxigraph's in-memory store
    in_memory.bulk_load(path=args.nq, format=ox.RdfFormat.N_QUADS)
    for name in names:
        text = queries[name].text
        _emit({"event": "start", "query": name})
        fns = {
            "raw": lambda text=text: sum(1 for _ in raw.query(text, use_default_graph_as_union=True)),
            "oxigraph": lambda text=text: len(store.select(text)),
            "api": lambda name=name: len(graph.run(name)),
            "raw_mem": lambda text=text: sum(1 for _ in in_memory.query(text, use_default_graph_as_union=True)),
        }
        out: dict = {"event": "query", "query": name, "rows": {}, "first": {}}
        for engine, fn in fns.items():  # warm-up, and a first time to size the number of runs
            t0 = time.perf_counter()
            out["rows"][engine] = fn()
            out["first"][engine] = time.perf_counter() - t0
            _emit({"event": "first", "query": name, "engine": engine, "seconds": out["first"][engine]})
        round_time = sum(out["first"].values())
        runs = args.runs if round_time * args.runs <= args.budget else int(args.budget / round_time)
        for engine in fns:
            out[engine] = [] if runs else [out["first"][engine]]  # too slow to repeat: the first run
        for _ in range(runs):
            for engine, fn in fns.items():
                t0 = time.perf_counter()
                fn()
                out[engine].append(time.perf_counter() - t0)
            _emit({"event": "round", "query": name})
        _emit(out)
    return 0


def worker_load(args) -> int:
    """Load the N-Quads into a fresh Oxigraph store ``runs`` times; print the times."""
    from kg.store import OxigraphStore

    base = Path(args.store_dir)
    base.mkdir(parents=True, exist_ok=True)
    for i in range(args.runs):
        location = base / f"load-{i}"
        shutil.rmtree(location, ignore_errors=True)
        t0 = time.perf_counter()
        store = OxigraphStore.load(location, Path(args.nq))
        dt = time.perf_counter() - t0
        n = len(store.store)
        del store
        _emit({"event": "load", "kind": "disk", "seconds": dt, "quads": n})
        if i == args.runs - 1:  # opening the store just loaded, as `kg query --store oxigraph:DIR` does
            t0 = time.perf_counter()
            reopened = OxigraphStore(location)
            reopened.is_empty()
            _emit({"event": "load", "kind": "open", "seconds": time.perf_counter() - t0})
            del reopened
        shutil.rmtree(location, ignore_errors=True)
    location = base / "load-one-piece"  # for comparison: one bulk load of the whole file, on one core
    shutil.rmtree(location, ignore_errors=True)
    t0 = time.perf_counter()
    store = OxigraphStore.load(location, Path(args.nq), parts=1)
    _emit({"event": "load", "kind": "one_piece", "seconds": time.perf_counter() - t0, "quads": len(store.store)})
    del store
    shutil.rmtree(location, ignore_errors=True)
    import pyoxigraph as ox

    for _ in range(args.runs):  # for comparison: pyoxigraph's in-memory store
        t0 = time.perf_counter()
        mem = ox.Store()
        mem.bulk_load(path=args.nq, format=ox.RdfFormat.N_QUADS)
        _emit({"event": "load", "kind": "memory", "seconds": time.perf_counter() - t0, "quads": len(mem)})
        del mem
    return 0


def worker_build(args) -> int:
    """``build_to`` (what ``kg build`` runs), with a time-stamped progress on stderr and JSON on stdout."""
    t_start = time.perf_counter()
    from kg.builder.pipeline import build_to

    t_import = time.perf_counter() - t_start

    marks: list[tuple[float, str]] = []  # (seconds since build_to was called, the first words of a message)

    def progress(message: str) -> None:
        marks.append((time.perf_counter() - t_call, message[:40]))
        if message.startswith("coverage: every"):
            return
        print(f"[{time.perf_counter() - t_start:7.1f} s] {message[:300]}", file=sys.stderr, flush=True)

    paths = [Path(p) for p in args.paths] or None
    if args.profile:
        import cProfile
        import inspect
        import pstats

        prof = cProfile.Profile()
        kwargs = {"jobs": 1} if "jobs" in inspect.signature(build_to).parameters else {}
        t0 = t_call = time.perf_counter()
        outcome = prof.runcall(build_to, paths, Path(args.out), progress, **kwargs)
        total = time.perf_counter() - t0
        prof.dump_stats(args.profile)
        stats = pstats.Stats(args.profile)
        stats.sort_stats("cumulative")
    else:
        t0 = t_call = time.perf_counter()
        outcome = build_to(paths, Path(args.out), progress)
        total = time.perf_counter() - t0
    st = outcome.stats.as_dict()
    _emit(
        {
            "event": "build",
            "seconds": outcome.seconds,
            "total": total,
            "import": t_import,
            "gaps": _gaps(marks, outcome.seconds, total),
            "statements": sum(st["statements"].values()),
            "by_statements": st["statements"],
            "articles": st["articles"],
            "coverage": st["coverage"],
            "conforms": bool(outcome.validation.conforms),
        }
    )
    return 0


def _gaps(marks: list[tuple[float, str]], seconds: dict, total: float) -> dict:
    """The time ``build_to`` spends outside its timed stages, located by when its progress messages came.

    ``build_to`` reports "building ..." after the ontology checks, "valid" after validation, "coverage ..."
    after the statistics, and "wrote" after writing; ``seconds`` times build, validate and write only.
    """

    def first(prefix: str) -> float | None:
        return next((t for t, m in marks if m.startswith(prefix)), None)

    gaps: dict = {}
    building, valid, coverage = first("building"), first("valid"), first("coverage")
    if building is not None:
        gaps["vocabulary and ontology checks (before `build`)"] = building
    if "stats" not in seconds and valid is not None and coverage is not None:
        gaps["statistics (`compute_stats`, after `validate`)"] = coverage - valid
    other = total - sum(seconds.values()) - sum(gaps.values())
    gaps["other (not in `seconds`)"] = max(0.0, other)
    return gaps


def worker(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="run.py _worker")
    p.add_argument("kind", choices=("queries", "load", "build"))
    p.add_argument("--engine", choices=("memory", "oxigraph", "merged"))
    p.add_argument("--nq")
    p.add_argument("--store-dir")
    p.add_argument("--only", default="")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--parse-runs", type=int, default=1)
    p.add_argument("--budget", type=float, default=10.0)
    p.add_argument("--total-budget", type=float, default=1e9)
    p.add_argument("--out")
    p.add_argument("--profile")
    p.add_argument("paths", nargs="*")
    args = p.parse_intermixed_args(argv)
    return {"queries": worker_queries, "load": worker_load, "build": worker_build}[args.kind](args)


class Child:
    """A worker process whose JSON lines are read with a deadline; it can be stopped (its process group)."""

    def __init__(self, argv: list[str], wrap_time: Path | None = None) -> None:
        cmd = [PY, str(Path(__file__).resolve()), "_worker", *argv]
        if wrap_time is not None:
            cmd = ["/usr/bin/time", "-v", "-o", str(wrap_time), *cmd]
        self.stderr_path = Path(tempfile.mkstemp(prefix="bench-stderr-")[1])
        self._stderr = open(self.stderr_path, "w")  # noqa: SIM115 - open while the worker runs; stop() closes it
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=self._stderr, text=True, cwd=ROOT, start_new_session=True
        )
        self.lines: queue.Queue = queue.Queue()
        self.peak_tree_rss = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._sample, daemon=True).start()
        self.started = time.perf_counter()

    def _sample(self) -> None:
        """Every 0.2 s, the memory of all the processes of the worker's session (pool workers, forked writers):
        the sum of their proportional set sizes (``Pss`` of /proc/PID/smaps_rollup: a page that a forked child
        still shares with its parent counts once, not once a process as their resident sizes would), else of
        their resident sizes where the kernel has no smaps_rollup."""
        sid = self.proc.pid
        while self.proc.poll() is None:
            total = 0
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                    fields = stat[stat.rindex(")") + 2 :].split()
                    if int(fields[3]) != sid:  # field 6 of /proc/PID/stat: the session id
                        continue
                    total += _process_memory(entry)
                except (OSError, ValueError, IndexError):
                    continue
            self.peak_tree_rss = max(self.peak_tree_rss, total)
            time.sleep(0.2)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def next(self, timeout: float) -> dict | None:
        """The next JSON line; None at the end; raises queue.Empty after ``timeout`` seconds."""
        line = self.lines.get(timeout=timeout)
        return None if line is None else json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group of the worker this script started
        self.proc.wait()
        self._stderr.close()

    def stderr(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def close(self) -> str:
        self.stop()
        text = self.stderr()
        self.stderr_path.unlink(missing_ok=True)
        return text


#: the value a required param of a named query gets in the bench, by its kind
PARAM_EXAMPLES = {"date": "2024-12-01"}  # within the window of most generated pauses


def _process_memory(proc: Path) -> int:
    """Bytes of memory of the process /proc/PID: its proportional set size, else its resident size."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in (proc / name).read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def peak_rss(time_file: Path) -> int | None:
    """Peak resident memory from ``/usr/bin/time -v``."""
    try:
        for line in time_file.read_text().splitlines():
            if "Maximum resident set size" in line:
                return int(line.split(":")[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


# ============================================================================================ measurements


def run_queries(
    engine: str,
    nq: Path,
    store_dir: Path | None,
    runs: int,
    budget: float,
    first_timeout: float,
    parse_runs: int = 1,
    total_budget: float = 1e9,
) -> dict:
    """Named queries on one engine; a query that hangs (Oxigraph cannot be interrupted) is reported and skipped."""
    from kg.query.named import named_queries

    remaining = list(named_queries())
    results: dict = {"queries": {}, "parse": []}
    hang = 2 * budget  # a query with no answer by then is stopped (its first run may take up to the budget)
    while remaining:
        argv = [
            "queries",
            "--engine",
            engine,
            "--nq",
            str(nq),
            "--runs",
            str(runs),
            "--budget",
            str(budget),
            "--only",
            ",".join(remaining),
            "--parse-runs",
            str(parse_runs),
            "--total-budget",
            str(total_budget),
        ]
        if store_dir is not None:
            argv += ["--store-dir", str(store_dir)]
        child = Child(argv)
        current, timeout = None, first_timeout
        try:
            while True:
                msg = child.next(timeout)
                if msg is None:
                    break
                if msg["event"] == "parse":
                    results["parse"].append(msg["seconds"])
                    results.setdefault("triples", msg.get("triples"))
                elif msg["event"] == "start":
                    current, timeout = msg["query"], hang
                elif msg["event"] in ("first", "round"):
                    pass  # progress: the deadline starts again
                elif msg["event"] == "query":
                    results["queries"][msg["query"]] = msg
                    remaining.remove(msg["query"])
                    current = None
        except queue.Empty:
            if current is None:
                err = child.close()
                results["error"] = f"{engine} worker timed out before its first query\n{err[-2000:]}"
                return results
            results["queries"][current] = {"query": current, "timeout": {"*": hang}}
            remaining.remove(current)
            parse_runs = 0 if engine != "memory" else 1
            child.close()
            if engine == "memory":  # reloading a large graph to continue is not worth it
                for name in remaining:
                    results["queries"][name] = {"query": name, "skipped": True}
                return results
            continue
        err = child.close()
        if remaining and current is None:
            results["error"] = f"{engine} worker ended early\n{err[-2000:]}"
            return results
        if current is not None:  # the worker died inside a query
            results["queries"][current] = {"query": current, "error": err[-500:]}
            remaining.remove(current)
    return results


def run_build(paths: list[Path], out: Path, timebox: float, profile: Path | None = None) -> dict:
    """``build_to`` in a child process, time-boxed, with its peak memory and the last stage it reached."""
    time_file = Path(tempfile.mkstemp(prefix="bench-time-")[1]) if Path("/usr/bin/time").exists() else None
    argv = ["build", "--out", str(out)] + (["--profile", str(profile)] if profile else []) + [str(p) for p in paths]
    t0 = time.perf_counter()
    child = Child(argv, wrap_time=time_file)
    result: dict = {}
    try:
        msg = child.next(timebox)
        if msg is not None:
            result.update(msg)
        child.proc.wait(timeout=max(1.0, timebox - (time.perf_counter() - t0)))
        result["wall"] = time.perf_counter() - t0
    except (queue.Empty, subprocess.TimeoutExpired):
        result["timed_out"] = timebox
        result["wall"] = time.perf_counter() - t0
    err = child.close()
    result["tree_rss"] = child.peak_tree_rss or None
    result["progress"] = [ln for ln in err.splitlines() if ln.startswith("[")]
    if child.proc.returncode not in (0, None) and "timed_out" not in result and "seconds" not in result:
        result["error"] = err[-3000:]
    if time_file is not None:
        result["rss"] = peak_rss(time_file)
        time_file.unlink(missing_ok=True)
    else:
        import resource

        result["rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        result["rss_note"] = "max over all children so far (no /usr/bin/time)"
    return result


def profile_summary(profile: Path, limit: int = 25) -> str:
    """The functions with the most cumulative time, from a cProfile dump."""
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(str(profile), stream=buf)
    stats.sort_stats("cumulative").print_stats(limit)
    text = buf.getvalue()
    start = text.find("   ncalls")
    return text[start:].rstrip() if start >= 0 else text


# ============================================================================================ report


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.targets: list[tuple[str, str, str, bool | None]] = []

    def __call__(self, line: str = "") -> None:
        self.lines.append(line)
        print(line, flush=True)

    def target(self, what: str, goal: str, measured: str, ok: bool | None) -> None:
        self.targets.append((what, goal, measured, ok))
        self(f"- target: {what}: {measured} (goal {goal}) {verdict(ok)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def section_help(r: Report, runs: int) -> None:
    r("## `kg --help`")
    r()
    times, _ = time_command([KG, "--help"], runs)
    code = (
        "import contextlib, io, json, sys\nfrom kg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))"
    )
    loaded = json.loads(subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout)
    imp = subprocess.run(
        [PY, "-X", "importtime", "-c", "import kg.cli.main"], capture_output=True, text=True, cwd=ROOT
    ).stderr.splitlines()
    cum = [ln for ln in imp if ln.rstrip().endswith("kg.cli")]
    r(
        f"Wall time of `kg --help` as a subprocess, median of {len(times)}: **{fmt_s(median(times))}** "
        f"(min {fmt_s(min(times))}, max {fmt_s(max(times))}); importing `kg.cli` alone: "
        + (f"{int(cum[0].split('|')[1]) / 1000:.1f} ms" if cum else "?")
        + "."
    )
    r(f"Heavy libraries imported on the `--help` path: {', '.join(loaded) if loaded else 'none'}.")
    r()
    r.target("`kg --help` wall", f"< {fmt_s(TARGETS['help'])}", fmt_s(median(times)), median(times) < TARGETS["help"])
    bad = [m for m in loaded if m in FORBIDDEN_ON_HELP]
    r.target("no rdflib/networkx/matplotlib on the `--help` path", "none", ", ".join(bad) if bad else "none", not bad)
    r()


def stage_table(r: Report, builds: list[dict], wall: list[float] | None = None) -> None:
    keys: list[str] = []
    for b in builds:
        for k in b.get("seconds", {}):
            if k not in keys:
                keys.append(k)
    r("| stage | median | min | max |")
    r("|---|---:|---:|---:|")
    gap_keys: list[str] = []
    for b in builds:
        for k in b.get("gaps", {}):
            if k not in gap_keys:
                gap_keys.append(k)

    def gap(k: str) -> tuple[str, list[float]]:
        return k, [b["gaps"][k] for b in builds if k in b.get("gaps", {})]

    before = [k for k in gap_keys if k.startswith("vocabulary")]
    middle = [k for k in gap_keys if k.startswith(("statistics", "coverage"))]
    after = [k for k in gap_keys if k not in before and k not in middle]
    rows = [("`import kg.builder.pipeline` (in a started Python)", [b["import"] for b in builds if "import" in b])]
    rows += [gap(k) for k in before]
    for k in keys:
        rows.append((f"`{k}`", [b["seconds"][k] for b in builds if k in b.get("seconds", {})]))
        if k == "validate":
            rows += [gap(k) for k in middle]
            middle = []
    rows += [gap(k) for k in middle + after]
    rows.append(("total in process", [b["total"] for b in builds if "total" in b]))
    if wall:
        rows.append(("**wall, as a process**", wall))
    for name, vals in rows:
        if vals:
            r(f"| {name} | {fmt_s(median(vals))} | {fmt_s(min(vals))} | {fmt_s(max(vals))} |")
    r()


def section_seed_build(r: Report, runs: int, work: Path) -> Path:
    r("## `kg build` of the seed")
    r()
    out = work / "seed-out"
    times, _ = time_command([KG, "build", "--out", str(out), "-q"], runs)
    builds = []
    for _ in range(runs):
        b = run_build([], work / "seed-out-stages", timebox=300)
        if "seconds" not in b:
            raise RuntimeError(f"the seed build failed: {b.get('error') or b}")
        builds.append(b)
    b0 = builds[0]
    r(
        f"{b0['statements']:,} statements ({', '.join(f'{k} {v:,}' for k, v in b0['by_statements'].items())}), "
        f"valid: {b0['conforms']}, coverage {b0['coverage']:.0%}. `kg build -q` wall as a subprocess: median of "
        f"{len(times)}; stages: `build_to` in a fresh process, median of {len(builds)}."
    )
    r()
    stage_table(r, builds, times)
    return out


def query_table(r: Report, mem: dict, ox: dict, budget: float) -> dict:
    """The per-query table; returns what the targets need."""
    from kg.query.named import named_queries

    hang = 2 * budget

    def med(q: dict | None, engine: str) -> float | None:
        return median(q.get(engine) or []) if q else None

    def cell(q: dict | None, engine: str) -> str:
        if q is None:
            return "–"
        if "timeout" in q:
            return f"> {fmt_s(next(iter(q['timeout'].values())))}"
        if q.get("skipped"):
            return "not run"
        if "error" in q:
            return "error"
        m = med(q, engine)
        return fmt_s(m) + ("¹" if len(q.get(engine) or []) == 1 else "")

    def ratio_s(x: float | None, unit: str = "") -> str:
        return "–" if x is None else (f"{x:,.0f}{unit}" if x >= 100 else f"{x:.2f}{unit}")

    r(
        "| query | rows | raw pyoxigraph | OxigraphStore | ratio | `KnowledgeGraph.run` (Oxigraph) | ratio "
        "| rdflib memory | rdflib / raw | pyoxigraph in memory |"
    )
    r("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    out = {"ratios": {}, "api_ratios": {}, "ox": {}, "mem": {}, "unfinished_ox": [], "unfinished_mem": []}
    for name in named_queries():
        q_ox, q_mem = ox["queries"].get(name), mem["queries"].get(name)
        raw, store, api = med(q_ox, "raw"), med(q_ox, "oxigraph"), med(q_ox, "api")
        m = med(q_mem, "memory")
        rows = set()
        for q in (q_ox, q_mem):
            if q and "rows" in q:
                rows |= set(q["rows"].values())
        rows_s = "/".join(f"{x:,}" for x in sorted(rows)) + (" (differ!)" if len(rows) > 1 else "")
        ratio = store / raw if raw and store else None
        api_ratio = api / raw if raw and api else None
        mem_ratio = m / raw if raw and m else None
        r(
            f"| `{name}` | {rows_s} | {cell(q_ox, 'raw')} | {cell(q_ox, 'oxigraph')} | {ratio_s(ratio)} | "
            f"{cell(q_ox, 'api')} | {ratio_s(api_ratio)} | {cell(q_mem, 'memory')} | {ratio_s(mem_ratio, '×')} | "
            f"{cell(q_ox, 'raw_mem')} |"
        )
        if ratio is not None:
            out["ratios"][name] = ratio
        if api_ratio is not None:
            out["api_ratios"][name] = api_ratio
        if store is not None:
            out["ox"][name] = store
        else:
            out["unfinished_ox"].append(name)
        if m is not None:
            out["mem"][name] = m
        else:
            out["unfinished_mem"].append(name)
    r()
    r(
        f"Median of the timed runs after one warm-up run, in one warm process per store (the four Oxigraph columns "
        f"in one process, interleaved); ¹ one run only, too slow to repeat within the per-query budget of "
        f"{fmt_s(budget)}; “> {fmt_s(hang)}”: stopped without an answer. Ratios are of medians taken in the same "
        f"run. `OxigraphStore` is `OxigraphStore.select` on the on-disk store (the query, and the conversion of every "
        f"value to an rdflib term); `KnowledgeGraph.run` adds the param binding (its syntax check, rdflib's SPARQL "
        f"parser, passes over the named queries the package ships); raw pyoxigraph is `Store.query(text, use_default_graph_as_union=True)` on the same on-disk "
        f"store, iterated to the end; the last column is the same query on pyoxigraph's in-memory `Store()` holding "
        f"the same quads (no target; for comparison)."
    )
    for what, res in (("rdflib", mem), ("Oxigraph", ox)):
        if res.get("error"):
            r()
            r(f"{what} worker error: ```{res['error'][-1500:]}```")
    r()
    return out


def _worst(d: dict) -> tuple[str | None, float]:
    return max(d.items(), key=lambda kv: kv[1]) if d else (None, 0.0)


def ratio_target(r: Report, w: dict, where: str) -> None:
    name, worst = _worst(w["ratios"])
    measured = f"worst {worst:.2f} (`{name}`), median {median(list(w['ratios'].values())) or 0:.2f}"
    if w["unfinished_ox"]:
        measured += f"; not measured: {', '.join(f'`{q}`' for q in w['unfinished_ox'])} (no answer in time)"
    r.target(
        f"OxigraphStore / raw pyoxigraph, {where}",
        f"≤ {TARGETS['store_ratio']}",
        measured,
        bool(w["ratios"]) and worst <= TARGETS["store_ratio"],
    )


def section_seed_queries(r: Report, seed_out: Path, runs: int, work: Path) -> None:
    r("## Named queries on the seed, warm")
    r()
    from kg.store import OxigraphStore

    nq = seed_out / "ceasefire-kg.nq"
    store_dir = work / "seed-oxigraph"
    shutil.rmtree(store_dir, ignore_errors=True)
    OxigraphStore.load(store_dir, nq)
    budget = 20.0
    runs = SEED_QUERY_RUNS_FACTOR * runs  # milliseconds each: more runs steady the medians on a shared machine
    mem = run_queries("memory", nq, None, runs, budget, first_timeout=120)
    ox = run_queries("oxigraph", nq, store_dir, runs, budget, first_timeout=60)
    w = query_table(r, mem, ox, budget)
    r(f"On the seed, {runs} timed runs per query and store ({SEED_QUERY_RUNS_FACTOR} × `--runs`).")
    r()
    goal = f"< {fmt_s(TARGETS['query_warm'])}"
    for label, key, unfinished in (
        ("Oxigraph (`OxigraphStore`)", "ox", "unfinished_ox"),
        ("rdflib in memory (`MemoryStore`)", "mem", "unfinished_mem"),
    ):
        name, worst = _worst(w[key])
        over = sorted(q for q, t in w[key].items() if t >= TARGETS["query_warm"]) + w[unfinished]
        r.target(
            f"every named query warm on the seed, {label}",
            goal,
            f"slowest {fmt_s(worst)} (`{name}`)" + (f"; over: {', '.join(f'`{q}`' for q in over)}" if over else ""),
            not over,
        )
    ratio_target(r, w, "on the seed")
    r()


def section_startup(r: Report, seed_out: Path, runs: int, work: Path) -> None:
    """`kg query positions` as a whole process, beside a bare `import rdflib, pyoxigraph`, in turn."""
    from kg.store import OxigraphStore

    r("## Start-up: `kg query positions` beside a bare import")
    r()
    store_dir = work / "seed-oxigraph"
    if not store_dir.exists():
        OxigraphStore.load(store_dir, seed_out / "ceasefire-kg.nq")
    runs = STARTUP_RUNS_FACTOR * runs
    positions = [KG, "query", "positions", "--from", str(seed_out)]
    rows = {
        "bare": ('`python -c "import rdflib, pyoxigraph"`', BARE_IMPORT),
        "default": ("`kg query positions` (default store)", positions),
        "memory": ("`kg query positions --store memory` (rdflib)", [*positions, "--store", "memory"]),
        "oxigraph": (
            "`kg query positions --store oxigraph:DIR` (a store already loaded)",
            [*positions, "--store", f"oxigraph:{store_dir}"],
        ),
    }
    t = time_side_by_side({k: cmd for k, (_, cmd) in rows.items()}, runs)
    bare = median(t["bare"])
    r(
        f"Each command as a whole process (wall time), {runs} runs of each after one untimed round, the four "
        "taken in turn in every round; the ratio is to the bare import's median of the same run."
    )
    r()
    r("| command | median | min | max | median / bare import |")
    r("|---|---:|---:|---:|---:|")
    for key, (label, _) in rows.items():
        vals = t[key]
        r(f"| {label} | {fmt_s(median(vals))} | {fmt_s(min(vals))} | {fmt_s(max(vals))} | {median(vals) / bare:.2f}× |")
    r()
    watched = ["rdflib", "pyoxigraph", "rdflib.plugins.sparql", "pyparsing", "pandas", "networkx", "matplotlib"]
    code = (
        "import contextlib, io, json, sys\nfrom kg.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['query', 'positions', '--from', {str(seed_out)!r}])\n"
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    )
    loaded = json.loads(subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout)
    r(
        "The default store holds the build's N-Quads, read by Oxigraph's parser, in pyoxigraph's in-memory store; "
        "Oxigraph answers the named queries, rdflib (on the same quads, made on first need) any other query and "
        "any answer that holds a number Oxigraph stores in another form (`kg/store/hybrid.py`). Libraries "
        f"`kg query positions` imports: {', '.join(loaded) or 'none'}."
    )
    r()
    default = median(t["default"])
    ratio = default / bare
    r.target(
        '`kg query positions` / `python -c "import rdflib, pyoxigraph"`, whole processes, same run',
        f"≤ {TARGETS['startup_ratio']}×",
        f"{ratio:.2f}× ({fmt_s(default)} / {fmt_s(bare)}, medians of {runs})",
        ratio <= TARGETS["startup_ratio"],
    )
    r.target(
        "`kg query positions` on the seed, default store",
        f"< {fmt_s(TARGETS['query_process'])}",
        fmt_s(default),
        default < TARGETS["query_process"],
    )
    r()


def section_scale(
    r: Report, articles: int, runs: int, work: Path, build_timebox: float, per_article: dict, profile: bool
) -> None:
    r(f"## Scale: {articles:,} generated articles")
    r()
    corpus, out = work / f"corpus{articles}", work / f"out{articles}"
    shutil.rmtree(corpus, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run(
        [PY, str(BENCH / "generate.py"), "--articles", str(articles), "--out", str(corpus)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    gen = time.perf_counter() - t0
    r(f"Corpus: `bench/generate.py --articles {articles}` ({fmt_s(gen)}).")
    r()
    r(f"### `kg build` of {articles:,} articles (every stage, validation included)")
    r()
    build_runs = 1 if articles >= 1000 else max(1, min(runs, 3))
    builds = []
    for _ in range(build_runs):
        b = run_build([corpus], out, timebox=build_timebox)
        builds.append(b)
        if "seconds" not in b:
            break
    done = [x for x in builds if "seconds" in x]
    b = done[0] if len(done) == len(builds) else builds[-1]
    if "seconds" in b:
        walls = [x["wall"] for x in done]
        r(
            f"{b['statements']:,} statements ({', '.join(f'{k} {v:,}' for k, v in b['by_statements'].items())}), "
            f"valid: {b['conforms']}, coverage {b['coverage']:.0%}; `build_to` in a fresh process (as `kg build` runs "
            f"it), median of {len(done)} run{'s' if len(done) > 1 else ''}."
        )
        r()
        stage_table(r, done, walls)
        rss = max(x.get("rss") or 0 for x in done) or None
        tree = max(x.get("tree_rss") or 0 for x in done) or None
        b["peak"] = max(rss or 0, tree or 0) or None
        r(
            f"Peak memory: **{fmt_bytes(b['peak'])}** (the largest of: the biggest single process, max RSS from "
            f"`/usr/bin/time -v`, {fmt_bytes(rss)}; the sum of the proportional set sizes of the build's processes, sampled every 0.2 s, "
            f"{fmt_bytes(tree)}). Per article: {fmt_s(median(walls) / articles)} wall"
            + "".join(f", `{k}` {fmt_s(median([x['seconds'][k] for x in done]) / articles)}" for k in b["seconds"])
            + "."
        )
        per_article[articles] = {
            "wall": median(walls),
            "seconds": {k: median([x["seconds"][k] for x in done]) for k in b["seconds"]},
        }
    elif "timed_out" in b:
        last = b["progress"][-1] if b["progress"] else "(no progress printed)"
        b["peak"] = max(b.get("rss") or 0, b.get("tree_rss") or 0) or None
        r(
            f"**Stopped after the time box of {fmt_s(b['timed_out'])}.** Peak memory until then: "
            f"{fmt_bytes(b['peak'])}. Progress (seconds since the process started):"
        )
        r()
        r("```")
        r("\n".join(b["progress"]) or "(none)")
        r("```")
        r()
        r(f"It had reached: {last}")
        if per_article:
            n0, b0 = max(per_article.items())
            est = {k: v / n0 * articles for k, v in b0["seconds"].items()}
            r(
                f"Linear extrapolation from the {n0:,}-article build: "
                + ", ".join(f"`{k}` {fmt_s(v)}" for k, v in est.items())
                + f", wall {fmt_s(b0['wall'] / n0 * articles)} (a lower bound where a stage grows faster than "
                f"linearly)."
            )
    else:
        r(f"The build failed: ```{b.get('error', b)}```")
    r()
    if articles >= 1000:
        if "seconds" in b:
            r.target(
                f"`kg build` of {articles:,} articles",
                f"< {fmt_s(TARGETS['build_1000'])}",
                fmt_s(b["wall"]),
                b["wall"] < TARGETS["build_1000"],
            )
        else:
            r.target(
                f"`kg build` of {articles:,} articles",
                f"< {fmt_s(TARGETS['build_1000'])}",
                f"> {fmt_s(b.get('wall'))} (stopped)",
                False,
            )
        peak = b.get("peak")
        r.target(
            f"peak memory of `kg build` of {articles:,} articles",
            f"< {fmt_bytes(TARGETS['rss_1000'])}",
            fmt_bytes(peak) + (" (until stopped)" if "timed_out" in b else ""),
            None if peak is None else (peak < TARGETS["rss_1000"] and "timed_out" not in b),
        )
        r()
    if profile:
        prof_path = work / f"build{articles}.prof"
        pb = run_build([corpus], work / f"out{articles}-profiled", timebox=build_timebox, profile=prof_path)
        if prof_path.exists():
            r(
                f"<details><summary>cProfile of one more {articles:,}-article build, in one process (`jobs=1`), "
                f"top 25 functions by cumulative time ({fmt_s(pb.get('total'))} under the profiler)</summary>"
            )
            r()
            r("```")
            r(profile_summary(prof_path))
            r("```")
            r("</details>")
            r()

    nq = out / "ceasefire-kg.nq"
    if not nq.exists() or "seconds" not in b:
        nq = work / f"corpus{articles}.nq"
        r(
            "(The build did not finish: the N-Quads for the load and query measurements come from "
            "`kg.builder` and rdflib's N-Quads serializer instead, not timed.)"
        )
        r()
        code = (
            "import sys; from pathlib import Path; import kg\n"
            f"ds = kg.build(kg.annotation_files([Path({str(corpus)!r})])).dataset\n"
            f"ds.serialize({str(nq)!r}, format='nquads', encoding='utf-8')\n"
        )
        subprocess.run([PY, "-c", code], check=True, cwd=ROOT, timeout=1800)

    r(f"### Loading the N-Quads ({nq.stat().st_size / 2**20:.0f} MiB)")
    r()
    load_runs = max(1, min(runs, 3 if articles >= 1000 else runs))
    child = Child(["load", "--nq", str(nq), "--store-dir", str(work / "load"), "--runs", str(load_runs)])
    loads: dict[str, list[float]] = {"disk": [], "one_piece": [], "open": [], "memory": []}
    quads = None
    while (msg := child.next(1800)) is not None:
        loads[msg["kind"]].append(msg["seconds"])
        quads = msg.get("quads", quads)
    err = child.close()
    if not loads["disk"]:
        r(f"The Oxigraph load failed: ```{err[-1500:]}```")
        r()
    store_dir = work / f"oxigraph{articles}"
    from kg.store import OxigraphStore

    shutil.rmtree(store_dir, ignore_errors=True)
    OxigraphStore.load(store_dir, nq)
    parse_runs = 1 if articles >= 1000 else max(1, min(3, runs))
    budget = 20.0 if articles >= 1000 else 15.0
    mem = run_queries(
        "memory",
        nq,
        None,
        max(1, min(runs, 3)),
        budget,
        first_timeout=1800,
        parse_runs=parse_runs,
        total_budget=240 if articles >= 1000 else 600,
    )
    ox = run_queries(
        "oxigraph", nq, store_dir, max(1, min(runs, 3)) if articles >= 1000 else runs, budget, first_timeout=300
    )
    parse = median(mem["parse"])
    disk = median(loads["disk"])
    r("| loader | median | runs | quads/s |")
    r("|---|---:|---:|---:|")
    if disk:
        from kg.store import load_pieces

        pieces = load_pieces(nq.stat().st_size)
        r(
            f"| `OxigraphStore.load` (pyoxigraph `bulk_load` into the on-disk store, {pieces} "
            f"piece{'s' if pieces > 1 else ''} side by side) | {fmt_s(disk)} | "
            f"{len(loads['disk'])} | {(quads or 0) / disk:,.0f} |"
        )
    if parse:
        r(
            f'| rdflib `Dataset.parse(format="nquads")` | {fmt_s(parse)} | {len(mem["parse"])} | '
            f"{(mem.get('triples') or quads or 0) / parse:,.0f} |"
        )
    if loads["one_piece"]:
        r(
            f"| (for comparison) the same in one piece (`parts=1`: one `bulk_load`, one core) | "
            f"{fmt_s(median(loads['one_piece']))} | {len(loads['one_piece'])} | "
            f"{(quads or 0) / median(loads['one_piece']):,.0f} |"
        )
    if loads["memory"]:
        r(
            f"| (for comparison) pyoxigraph `Store().bulk_load`, in memory | {fmt_s(median(loads['memory']))} | "
            f"{len(loads['memory'])} | {(quads or 0) / median(loads['memory']):,.0f} |"
        )
    if loads["open"]:
        r(
            f"| (for comparison) opening the loaded on-disk store again | {fmt_s(median(loads['open']))} | "
            f"{len(loads['open'])} | |"
        )
    r()
    speedup = parse / disk if parse and disk else None
    if speedup:
        mem_speedup = parse / median(loads["memory"]) if loads["memory"] else None
        r(
            f"{quads:,} quads: the on-disk Oxigraph store loads them {speedup:,.1f}× faster than rdflib parses them"
            + (f"; pyoxigraph's in-memory store {mem_speedup:,.1f}× faster" if mem_speedup else "")
            + "."
        )
    else:
        r("The Oxigraph load or rdflib's parse did not finish.")
    r()
    if articles >= 1000:
        r.target(
            f"Oxigraph load (`OxigraphStore.load`) vs rdflib parse at {quads or 0:,} quads",
            f"≥ {TARGETS['load_speedup']:.0f}×",
            f"{speedup:.1f}×" if speedup else "–",
            speedup is not None and speedup >= TARGETS["load_speedup"],
        )
        r()
    r(f"### Named queries on {articles:,} articles, warm")
    r()
    w = query_table(r, mem, ox, budget)
    ratio_target(r, w, f"{articles:,} articles")
    ox_name, ox_worst = _worst(w["ox"])
    mem_name, mem_worst = _worst(w["mem"])
    r(
        f"- (no target) slowest named query at {articles:,} articles: Oxigraph {fmt_s(ox_worst)} (`{ox_name}`)"
        + (
            f", and {', '.join(f'`{q}`' for q in w['unfinished_ox'])} gave no answer in {fmt_s(2 * budget)}"
            if w["unfinished_ox"]
            else ""
        )
        + f"; rdflib {fmt_s(mem_worst)} (`{mem_name}`)"
        + (
            f", and {', '.join(f'`{q}`' for q in w['unfinished_mem'])} did not finish or were not run"
            if w["unfinished_mem"]
            else ""
        )
        + "."
    )
    r()


def time_process(cmd: list[str], timeout: float) -> dict:
    """One run of ``cmd`` as a whole process: wall time, exit code, the number of CSV rows it printed."""
    t0 = time.perf_counter()
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - t0, "rc": None, "rows": None, "err": f"no answer in {timeout:.0f} s"}
    dt = time.perf_counter() - t0
    lines = res.stdout.splitlines()
    return {
        "seconds": dt,
        "rc": res.returncode,
        "rows": max(0, len(lines) - 1) if res.returncode == 0 else None,
        "err": res.stderr.strip().splitlines()[0] if res.returncode and res.stderr.strip() else "",
    }


def has_command(name: str) -> bool:
    return subprocess.run([KG, name, "--help"], capture_output=True, text=True, cwd=ROOT).returncode == 0


def section_overlap(r: Report, articles: int, runs: int, work: Path, build_timebox: float) -> None:
    """A corpus whose articles share actors, proposals and events (`generate.py --overlap`): the build, the
    disagreements and every named query, each as a user runs it (a whole `kg` process on a loaded Oxigraph store)."""
    from kg.query.named import named_queries

    r(f"## Overlap: {articles:,} articles about shared actors, proposals and events")
    r()
    disagreements = has_command("disagreements")
    conflicts = 0.15 if disagreements else 0.0
    corpus, out, store = work / f"overlap{articles}", work / f"overlap{articles}-out", work / f"overlap{articles}-store"
    for d in (corpus, out, store):
        shutil.rmtree(d, ignore_errors=True)
    gen = [PY, str(BENCH / "generate.py"), "--articles", str(articles), "--overlap", "--conflicts", f"{conflicts:g}"]
    t0 = time.perf_counter()
    res = subprocess.run([*gen, "--out", str(corpus)], check=True, capture_output=True, text=True, cwd=ROOT)
    summary = res.stderr.strip().splitlines()[-1]
    r(
        f"Corpus: `bench/generate.py --articles {articles} --overlap --conflicts {conflicts:g}` "
        f"({fmt_s(time.perf_counter() - t0)}): {summary}."
        + (
            ""
            if disagreements
            else " (`kg disagreements` is not there yet, so sources may not differ: a build with conflicting "
            "values fails validation; `--conflicts 0`.)"
        )
    )
    r()
    b = run_build([corpus], out, timebox=build_timebox)
    if "seconds" in b:
        b["peak"] = max(b.get("rss") or 0, b.get("tree_rss") or 0) or None
        r(
            f"{b['statements']:,} statements ({', '.join(f'{k} {v:,}' for k, v in b['by_statements'].items())}), "
            f"valid: {b['conforms']}, coverage {b['coverage']:.0%}; `build_to` in a fresh process, one run. Peak "
            f"memory {fmt_bytes(b['peak'])} (the larger of the biggest single process's max RSS, "
            f"{fmt_bytes(b.get('rss'))}, and the sum of the proportional set sizes of its processes, sampled every "
            f"0.2 s, {fmt_bytes(b.get('tree_rss'))})."
        )
        r()
        stage_table(r, [b], [b["wall"]])
    else:
        r(f"The build did not finish: ```{b.get('error') or b.get('progress')}```")
        r()
    r.target(
        f"`kg build` of {articles:,} overlapping articles",
        f"< {fmt_s(TARGETS['build_1000'])}",
        fmt_s(b.get("wall")) if "seconds" in b else "did not finish",
        "seconds" in b and b["wall"] < TARGETS["build_1000"],
    )
    r.target(
        f"peak memory of `kg build` of {articles:,} overlapping articles",
        f"< {fmt_bytes(TARGETS['rss_1000'])}",
        fmt_bytes(b.get("peak")),
        None if not b.get("peak") else b["peak"] < TARGETS["rss_1000"],
    )
    r()
    if "seconds" not in b:
        return
    on_store = ["--from", str(out), "--store", f"oxigraph:{store}"]
    t0 = time.perf_counter()
    subprocess.run([KG, "query", "talks", *on_store, "--limit", "1"], capture_output=True, text=True, cwd=ROOT)
    r(f"The Oxigraph store loaded once (`kg query talks --store oxigraph:DIR`, {fmt_s(time.perf_counter() - t0)}).")
    r()
    if disagreements:
        cmd = [KG, "query", "disagreements", *on_store, "--format", "csv", "--limit", "0", "--timeout", "120"]
        times = [time_process(cmd, timeout=120) for _ in range(max(1, runs))]
        ok = [t for t in times if t["rc"] == 0]
        d = median([t["seconds"] for t in ok]) if ok else None
        r(
            f"`kg query disagreements --store oxigraph:DIR --format csv` (the query of `kg disagreements`), whole "
            f"process, median of {len(times)}: "
            f"{fmt_s(d)}, {ok[0]['rows'] if ok else '?'} rows" + ("" if ok else f" ({times[-1]['err']})") + "."
        )
        r()
        r.target(
            f"`kg disagreements` on Oxigraph, {articles:,} overlapping articles",
            f"< {fmt_s(TARGETS['disagreements'])}",
            fmt_s(d) if d else "no answer",
            d is not None and d < TARGETS["disagreements"],
        )
    else:
        r.target(f"`kg disagreements` on Oxigraph, {articles:,} overlapping articles", "< 2 s", "no such command", None)
    r()
    r(
        "Each named query as a user runs it: `kg query NAME --store oxigraph:DIR --format csv --limit 0 "
        f"--timeout {QUERY_PROCESS_TIMEOUT:.0f}` (every row; a whole process, one run; the default time limit is 10 s)."
    )
    r()
    budget = 20.0
    merged = run_queries("merged", out / "ceasefire-kg.nq", None, 1, budget, first_timeout=300)
    r("| query | wall | rows | | merged default graph (diagnosis) |")
    r("|---|---:|---:|---|---:|")
    slow = []
    for name, query in named_queries().items():
        # a required param (in-force's day) gets a value: without one the query is refused
        params = [f"--param={p.name}={PARAM_EXAMPLES.get(p.kind, '')}" for p in query.params.values() if p.required]
        cmd = [
            KG,
            "query",
            name,
            *params,
            *on_store,
            "--format",
            "csv",
            "--limit",
            "0",
            "--timeout",
            f"{QUERY_PROCESS_TIMEOUT:g}",
        ]
        t = time_process(cmd, timeout=QUERY_PROCESS_TIMEOUT + 60)
        answered = t["rc"] == 0 and t["seconds"] < 10
        if not answered:
            slow.append(name)
        rows = f"{t['rows']:,}" if t["rows"] is not None else "–"
        m = merged["queries"].get(name) or {}
        m_cell = (
            f"{fmt_s(median(m['merged']))} ({m['rows']['merged']:,} rows)"
            if m.get("merged")
            else (f"> {fmt_s(2 * budget)}" if "timeout" in m else "–")
        )
        r(f"| `{name}` | {fmt_s(t['seconds'])} | {rows} | {'' if t['rc'] == 0 else t['err']} | {m_cell} |")
    r()
    r(
        "The last column is a diagnosis, not what `kg` runs: the same query text in a warm process, on pyoxigraph's "
        "in-memory store holding the named graphs and, in its default graph, the build's merged triples "
        "(`ceasefire-kg.nt`, each triple once), queried without `use_default_graph_as_union`. Oxigraph's union "
        "default graph repeats a triple once per named graph that states it, so a pattern on a record that N "
        "articles declare gives N rows, and a query that chains k such patterns (OPTIONALs on a shared node) "
        "about N^k before its DISTINCT; the merged default graph gives each triple once."
    )
    if merged.get("error"):
        r()
        r(f"Diagnosis worker error: ```{merged['error'][-1500:]}```")
    r()
    r.target(
        f"every named query answers within the default 10 s, {articles:,} overlapping articles",
        "all",
        "all" if not slow else f"not: {', '.join(f'`{q}`' for q in slow)}",
        not slow,
    )
    cmd = [KG, "query", "no-position", *on_store, "--format", "csv", "--limit", "100"]
    t = time_process(cmd, timeout=QUERY_PROCESS_TIMEOUT + 60)
    r.target(
        "`kg query no-position` without an actor, first 100 rows (`--limit 100`)",
        f"< {fmt_s(TARGETS['no_position'])}",
        fmt_s(t["seconds"]) + ("" if t["rc"] == 0 else f" ({t['err']})"),
        t["rc"] == 0 and t["seconds"] < TARGETS["no_position"],
    )
    r()


def section_plot(r: Report, runs: int, work: Path, sizes: tuple[int, ...] = (5, 100, 1000)) -> None:
    """`kg plot` (the whole graph) and `kg plot --overview` as whole processes, on the 5-article corpus (the seed
    and the invented sources) and on overlapping corpora of 100 and 1,000 generated articles: the median of
    ``runs`` runs (one run at 1,000 articles), each after one untimed run."""
    r("## Pictures: `kg plot` and `kg plot --overview`")
    r()
    r(
        "Whole processes (`kg plot --from OUT --out FILE.png`, which loads the build, projects it to NetworkX, lays "
        "it out, places the labels and writes the PNG), after one untimed run; the median of "
        f"{runs} runs at 5 and 100 articles, one run at 1,000. The 5-article corpus is `kg build seeds "
        "seeds/examples/sources`; the others `bench/generate.py --articles N --overlap`. `kg view --from OUT --out "
        "FILE.html` writes the interactive page (– where the command is not there)."
    )
    r()
    view = has_command("view")
    r("| articles | nodes labelled | `kg plot` | `kg plot --overview` | `kg view` |")
    r("|---|---|---|---|---|")
    plot100 = None
    for n in sizes:
        out = work / f"plot{n}-out"
        shutil.rmtree(out, ignore_errors=True)
        if n == 5:
            build = [KG, "build", str(SEED_DIR), str(SEED_DIR / "examples" / "sources"), "--out", str(out), "-q"]
        else:
            corpus = work / f"plot{n}"
            shutil.rmtree(corpus, ignore_errors=True)
            gen = [PY, str(BENCH / "generate.py"), "--articles", str(n), "--overlap", "--out", str(corpus)]
            subprocess.run(gen, check=True, capture_output=True, text=True, cwd=ROOT)
            build = [KG, "build", str(corpus), "--out", str(out), "-q"]
        subprocess.run(build, check=True, capture_output=True, text=True, cwd=ROOT, timeout=1800)
        k = runs if n < 1000 else 1
        w = 1 if n < 1000 else 0
        graph, res = time_command(
            [KG, "plot", "--from", str(out), "--out", str(work / f"plot{n}.png")], runs=k, warmup=w
        )
        labelled = next((line for line in res.stdout.splitlines() if line.startswith("labelled")), "all")
        overview, _ = time_command(
            [KG, "plot", "--overview", "--from", str(out), "--out", str(work / f"overview{n}.png")], runs=k, warmup=w
        )
        page = None
        if view:
            page, _ = time_command(
                [KG, "view", "--from", str(out), "--out", str(work / f"view{n}.html")], runs=k, warmup=w
            )
        r(f"| {n:,} | {labelled} | {fmt_s(median(graph))} | {fmt_s(median(overview))} | {fmt_s(median(page or []))} |")
        if n == 100:
            plot100 = median(graph)
    r()
    r.target(
        "`kg plot` of the whole graph of 100 overlapping articles",
        f"< {fmt_s(TARGETS['plot_100'])}",
        fmt_s(plot100),
        None if plot100 is None else plot100 < TARGETS["plot_100"],
    )
    r()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_worker":
        return worker(argv[1:])
    p = argparse.ArgumentParser(description="Benchmarks of ceasefire-kg; prints a Markdown report.")
    p.add_argument("--quick", action="store_true", help="skip the 1,000-article corpus")
    p.add_argument(
        "--runs", type=int, default=5, help="timed runs per measurement (default 5; fewer for the large corpora)"
    )
    p.add_argument("--write", action="store_true", help="also write the report to bench/results.md")
    p.add_argument(
        "--timebox",
        type=float,
        default=600,
        help="seconds after which the 1,000-article build is stopped (default 600)",
    )
    p.add_argument(
        "--profile", action="store_true", help="run the 100-article build under cProfile and print its top functions"
    )
    p.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one, removed)")
    p.add_argument(
        "--only",
        choices=("startup", "overlap", "plot"),
        default=None,
        help="startup: only `kg --help` and `kg query positions` beside a bare import, on a build of the seed "
        "(about a minute); overlap: only the corpus of --articles overlapping articles (bench/generate.py "
        "--overlap): its build, `kg disagreements` and every named query on Oxigraph; plot: `kg plot` and "
        "`kg plot --overview` at 5, 100 and 1,000 articles (--quick: 5 and 100). The report is printed, "
        "never written to results.md",
    )
    p.add_argument("--articles", type=int, default=1000, help="with --only overlap: how many articles (default 1000)")
    args = p.parse_args(argv)
    if args.only and args.write:
        p.error("--write rewrites results.md, the report of a whole run: not with --only")

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    r = Report()
    m = machine()
    r("# ceasefire-kg benchmarks")
    r()
    r(
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, commit {m['commit']}; "
        f"`bench/run.py {' '.join(argv)}`.".replace(" `.", "`.")
    )
    r()
    r(
        f"Machine: {m['cpu']}, {m['cores']} cores, {fmt_bytes(m['ram'])} RAM; {m['os']}; Python {m['python']}, "
        f"rdflib {m['rdflib']}, pyoxigraph {m['pyoxigraph']}, pyshacl {m['pyshacl']}. Load average at the start: "
        f"{load_average()} (other processes on the machine add noise to every figure)."
    )
    r()
    try:
        section_help(r, args.runs)
        if args.only == "startup":
            seed_out = work / "seed-out"
            time_command([KG, "build", "--out", str(seed_out), "-q"], runs=0)
            section_startup(r, seed_out, args.runs, work)
            return 0 if all(ok is not False for *_, ok in r.targets) else 1
        if args.only == "plot":
            section_plot(r, min(args.runs, 3), work, sizes=(5, 100) if args.quick else (5, 100, 1000))
            return 0 if all(ok is not False for *_, ok in r.targets) else 1
        if args.only == "overlap":
            section_overlap(r, args.articles, args.runs, work, build_timebox=args.timebox)
            return 0 if all(ok is not False for *_, ok in r.targets) else 1
        seed_out = section_seed_build(r, args.runs, work)
        section_seed_queries(r, seed_out, args.runs, work)
        section_startup(r, seed_out, args.runs, work)
        per_article: dict = {}
        section_scale(
            r, 100, args.runs, work, build_timebox=max(args.timebox, 300), per_article=per_article, profile=args.profile
        )
        if not args.quick:
            section_scale(r, 1000, args.runs, work, build_timebox=args.timebox, per_article=per_article, profile=False)
            section_overlap(r, 1000, args.runs, work, build_timebox=args.timebox)
    finally:
        r("## Targets")
        r()
        r("| target | goal | measured | |")
        r("|---|---|---|---|")
        for what, goal, measured, ok in r.targets:
            r(f"| {what} | {goal} | {measured} | {verdict(ok)} |")
        r()
        r(f"Benchmark run time: {fmt_s(time.perf_counter() - started)}; load average at the end: {load_average()}.")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        if args.write:
            (BENCH / "results.md").write_text(r.text(), encoding="utf-8")
            print(f"\n(written to {BENCH / 'results.md'})", file=sys.stderr)
    return 0 if all(ok is not False for *_, ok in r.targets) else 1


if __name__ == "__main__":
    sys.exit(main())
