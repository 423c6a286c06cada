"""Benchmark of ``kg push``: a build of N generated overlapping articles (default 1,000) pushed to a private
Virtuoso (Debian's ``virtuoso-opensource``, started on loopback ports by tests/servers.py), through its Graph
Store HTTP Protocol endpoint with HTTP Digest authentication:

1. the first push (every graph);
2. a push with nothing changed (the hashes read back, nothing sent);
3. a push after one article changed (its label edited, the corpus built again into the same folder).

Each push is ``kg push`` as a subprocess: its wall time, peak memory, and the summary it prints (graphs pushed,
unchanged, bytes sent). Prints a Markdown report, with the exact commands.

    .venv/bin/python bench/push.py                    # 1,000 articles: ~2 minutes for the build, then the pushes
    .venv/bin/python bench/push.py --articles 100     # quicker
    .venv/bin/python bench/push.py --work /tmp/push   # keep (and reuse) the corpus and the build there
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
KG = str(Path(PY).with_name("kg"))
sys.path.insert(0, str(ROOT / "tests"))  # servers.py: the private Virtuoso of the tests

SUMMARY = re.compile(r"^pushed (\d+) graphs?, (\d+) unchanged, removed (\d+); sent ([\d,]+) bytes")


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str, str]:
    """Run ``argv``: (wall seconds, peak resident memory of the process in MiB, stdout, stderr); exits on failure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"failed ({proc.returncode}): {' '.join(argv)}\n{out}\n{err}")
    return seconds, usage.ru_maxrss // 1024, out, err


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--work", type=Path, default=None, help="keep the corpus and the build here (default: a temp)")
    p.add_argument("-j", "--jobs", type=int, default=2)
    args = p.parse_args()
    from servers import Virtuoso

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-push-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, out = work / "corpus", work / "out"
    commands: list[str] = []
    rows: list[tuple[str, float, int, str]] = []

    def cmd(argv: list[str]) -> list[str]:
        commands.append(" ".join(str(a).replace(str(work), "$WORK").replace(KG, "kg") for a in argv))
        return [str(a) for a in argv]

    if not corpus.exists():
        run(cmd([PY, "bench/generate.py", "--articles", args.articles, "--overlap", "--out", corpus]))
    else:
        commands.append(f"(corpus reused: $WORK/corpus, from bench/generate.py --articles {args.articles} --overlap)")
    build_s, _, _, _ = run(cmd([KG, "build", corpus, "--out", out, "-j", args.jobs, "-q"]))
    size = (out / "ceasefire-kg.nq").stat().st_size
    shutil.rmtree(work / "virtuoso", ignore_errors=True)  # a fresh, empty store
    with Virtuoso(work / "virtuoso") as store:
        env = {"KG_PUSH_USER": store.user, "KG_PUSH_PASSWORD": store.password}
        push = [KG, "push", "--from", out, "--graph-store", store.gsp_url, "--query", store.query_url, "-q"]
        commands.append(f"export KG_PUSH_USER={store.user} KG_PUSH_PASSWORD={store.password}")
        for label in ("first push (every graph)", "again, nothing changed"):
            seconds, peak, stdout, _ = run(cmd(push), env)
            rows.append((label, seconds, peak, stdout.strip().splitlines()[-1]))
        # one article changed: its label, in its annotation; built again into the same folder
        first = sorted(corpus.glob("*.yaml"))[len(list(corpus.glob("*.yaml"))) // 2]
        text = first.read_text(encoding="utf-8")
        edited = re.sub(r"(?m)^(  label: )(['\"]?)(.*?)\2$", r"\1\2\3 (edited)\2", text, count=1)
        assert edited != text, first
        first.write_text(edited, encoding="utf-8")
        commands.append(f"(edit the article label in $WORK/corpus/{first.name})")
        try:
            rebuild_s, _, _, _ = run(cmd([KG, "build", corpus, "--out", out, "-j", args.jobs, "-q"]))
        finally:
            first.write_text(text, encoding="utf-8")
        seconds, peak, stdout, _ = run(cmd(push), env)
        rows.append(("after one article changed", seconds, peak, stdout.strip().splitlines()[-1]))
        count = store.isql("SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } };")
    statements = re.findall(r"^\s*(\d+)\s*$", count, re.M)
    print(f"## kg push of {args.articles:,} articles to Virtuoso\n")
    print(
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Virtuoso 7 (Debian's package) on loopback; "
        f"the build (`-j {args.jobs}`): {build_s:.1f} s, ceasefire-kg.nq {size / 2**20:.0f} MiB; "
        f"the store holds {int(statements[-1]) if statements else 0:,} statements after the pushes.\n"
    )
    print("| push | wall time | peak memory (kg push) | kg push's summary |")
    print("|---|---:|---:|---|")
    for label, seconds, peak, summary in rows:
        short = re.sub(r" to \S+ in ", " in ", summary)
        print(f"| {label} | {seconds:.1f} s | {peak:,} MiB | {short} |")
    print(f"\n(the build after the edit: {rebuild_s:.1f} s)\n\ncommands (WORK={work}):\n")
    print("```sh")
    print("\n".join(commands))
    print("```")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
