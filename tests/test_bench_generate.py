"""bench/generate.py --overlap: a corpus whose articles share actors, proposals and events, some restated
differently. Deterministic, every quote in its article, and `kg build` reads it. (Speed lives in bench/.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, run_kg

GENERATE = ROOT / "bench" / "generate.py"


def _generate(out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(GENERATE), "--articles", "5", "--overlap", "--out", str(out), *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _quotes(value, found: list[tuple[str, int]]) -> None:
    """Every quote of an annotation (records, times, durations, the reference date), with its occurrence."""
    if isinstance(value, dict):
        if "quote" in value:
            quotes = value["quote"] if isinstance(value["quote"], list) else [value["quote"]]
            found.extend((str(q), int(value.get("occurrence", 1))) for q in quotes)
        for key, v in value.items():
            if key != "quote":
                _quotes(v, found)
    elif isinstance(value, list):
        for v in value:
            _quotes(v, found)


def _ids(doc: dict) -> set[str]:
    return {r["id"] for section, records in doc.items() if section != "article" for r in records}


def test_overlap_is_deterministic_and_shares_records(tmp_path):
    first = _generate(tmp_path / "one", "--conflicts", "1")
    _generate(tmp_path / "two", "--conflicts", "1")
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(one) == [f"{n:04d}_synthetic.{ext}" for n in range(1, 6) for ext in ("txt", "yaml")]
    assert one == two
    assert first.stderr.splitlines()[0] == f"wrote 5 articles and annotations into {tmp_path / 'one'}"
    assert "of them differ (100%)" in first.stderr  # every restatement of a shared fact differs
    # another seed, another corpus
    _generate(tmp_path / "other", "--conflicts", "1", "--seed", "2")
    assert _files(tmp_path / "other") != one

    docs = [
        yaml.safe_load((tmp_path / "one" / f"{n:04d}_synthetic.yaml").read_text(encoding="utf-8")) for n in range(1, 6)
    ]
    declared = [_ids(doc) for doc in docs]
    shared = set.intersection(*declared)
    assert "w-leader-0" in shared  # the leader that every storyline has, declared by each article
    assert all(i.startswith("w-") for i in shared)
    for i, a in enumerate(declared):  # two articles declare the same id only for a shared record
        for b in declared[i + 1 :]:
            assert all(rid.startswith("w-") for rid in a & b)

    for n, doc in enumerate(docs, 1):
        text = (tmp_path / "one" / f"{n:04d}_synthetic.txt").read_text(encoding="utf-8")
        found: list[tuple[str, int]] = []
        _quotes(doc, found)
        assert len(found) > 30
        for quote, occurrence in found:
            assert text.count(quote) >= occurrence, (n, quote, occurrence)


def test_overlap_without_conflicts_builds(tmp_path):
    _generate(tmp_path / "corpus", "--conflicts", "0", "--refer", "0.5")
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((tmp_path / "corpus").glob("*.yaml"))]

    def named(doc: dict) -> set[str]:
        values = [v for s, records in doc.items() if s != "article" for rec in records for v in rec.values()]
        flat = [x for v in values for x in (v if isinstance(v, list) else [v])]
        return {x for x in flat if isinstance(x, str) and x.startswith("w-")}

    # with --refer, an article may name a shared id that it does not declare: another file does
    assert any(named(doc) - _ids(doc) for doc in docs)
    result = run_kg("build", tmp_path / "corpus", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("valid (") for line in lines), result.stderr
    coverage = [line for line in lines if line.startswith("coverage: ")]
    assert coverage == [
        line for line in coverage if line.startswith("coverage: every one of the ") and line.endswith(" is cited")
    ]
    assert len(coverage) == 5  # one line per article, each with every sentence cited
