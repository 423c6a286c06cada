"""The `kg` command as users run it: help, build, stats, summary, validate, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SEED_YAML, kg_main, own_seeds, run_kg


def test_help_lists_the_commands():
    result = run_kg("--help")
    assert result.returncode == 0
    for command in ("build", "validate", "stats", "summary"):
        assert f"  {command}" in result.stdout
    assert "exit codes: 0 success, 1 SHACL violations (kg path: no path), 2 usage or input error" in result.stdout


def test_each_subcommand_explains_itself():
    for command, phrase in (
        ("build", "a failed build leaves the last good outputs"),
        ("validate", "the annotation file and line"),
        ("stats", "evidence spans"),
        ("summary", "each proposal with its terms"),
    ):
        result = run_kg(command, "--help")
        assert result.returncode == 0
        assert phrase in " ".join(result.stdout.split()), command


def test_help_imports_nothing_heavy():
    code = (
        "import sys\nfrom kg.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rdflib', 'networkx', 'matplotlib', 'pyshacl', 'yaml') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_no_command_prints_help_and_exits_2():
    result = run_kg()
    assert result.returncode == 2
    assert "usage: kg" in result.stdout


def test_build_reports_progress_coverage_and_files(tmp_path):
    """With no path, `kg build` builds the seeds/ of the working directory (here: one the test made)."""
    own_seeds(tmp_path, SEED_YAML)
    result = run_kg("build", "--out", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert "building 1 annotation file: seeds/000_331be8963d56cd33.yaml" in err
    assert "valid (" in err
    assert "coverage: every one of the 18 sentences of tdi-2025-03-tokayev-welcomes-trump-putin-call is cited" in err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "build-report.json",
        "ceasefire-kg.jsonld",
        "ceasefire-kg.nq",
        "ceasefire-kg.nt",
        "ceasefire-kg.trig",
        "ceasefire-kg.ttl",
        "manifest.json",
    ]
    report = json.loads((tmp_path / "out" / "build-report.json").read_text())
    assert report["articles"][0]["uncited"] == []
    assert report["articles"][0]["evidence_spans"] == 89


def test_stats(seed_out):
    result = run_kg("stats", "--from", seed_out, "--json")
    assert result.returncode == 0
    st = json.loads(result.stdout)
    assert st["articles"] == 1
    assert st["evidence_spans"] == 89
    assert (st["sentences"], st["cited_sentences"], st["coverage"]) == (18, 18, 1.0)
    assert st["by_kind"] == {
        "actor": 16,
        "claim": 6,
        "condition": 2,
        "event": 11,
        "office": 5,
        "place": 7,
        "position": 10,
        "proposal": 7,
        "term": 9,
    }
    assert st["by_class"]["ceasefire"] == 4 and st["by_class"]["person"] == 6
    text = kg_main("stats", "--from", seed_out).stdout
    assert "coverage: 18 of 18 sentences cited (100%)" in text


def test_summary(seed_out):
    result = run_kg("summary", "--from", seed_out, env={"PYTHONHASHSEED": "0"})
    assert result.returncode == 0
    # the same text in every process: positions whose labels tie were once listed in the order of a set
    assert run_kg("summary", "--from", seed_out, env={"PYTHONHASHSEED": "1"}).stdout == result.stdout
    out = result.stdout
    assert "  China–Brazil six-point peace plan (peace plan)\n    1. Non-escalation\n    2. Direct negotiation\n" in out
    assert "    6. No attacks on civilians\n" in out
    assert (
        "  Vladimir Putin —accepts only on condition→ Complete ceasefire (if: Ukraine’s European allies "
        "cut off military assistance and intelligence sharing)" in out
    )
    assert "  Russia —agrees to→ 30-day pause on attacks on Ukraine’s energy infrastructure" in out


def test_validate_built_graph(seed_out):
    result = run_kg("validate", "--from", seed_out)
    assert result.returncode == 0
    assert result.stdout.startswith("valid: ")


def test_validate_reports_where_a_violation_came_from(seed_out, tmp_path):
    trig = (seed_out / "ceasefire-kg.trig").read_text(encoding="utf-8")
    # drop Putin's rejection's stance from the built file, as a hand edit might
    target = "cfo:stance stance:rejects ;"
    assert trig.count(target) == 1
    bad = tmp_path / "bad.trig"
    bad.write_text(trig.replace(target, ""), encoding="utf-8")
    result = run_kg("validate", bad)
    assert result.returncode == 1
    line = [ln for ln in result.stdout.splitlines() if "putin-rejects-complete-ceasefire" in ln]
    assert line, result.stdout
    assert "seeds/000_331be8963d56cd33.yaml:" in line[0]
    assert "cfo:stance" in line[0]


def test_commands_without_a_build_say_what_to_do(tmp_path):
    for command, run in (("stats", run_kg), ("summary", kg_main), ("validate", kg_main)):
        result = run(command, "--from", tmp_path / "nothing")
        assert result.returncode == 2
        assert "run `kg build` first" in result.stderr


def test_unknown_option_is_a_usage_error():
    result = run_kg("build", SEED_YAML, "--bogus")
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr


def test_an_internal_error_is_a_short_message_with_exit_3(seed_out, monkeypatch):
    """A bug of kg's (here one injected into `kg stats`) is not a traceback: exit 3, what failed, where to report it."""
    import kg.query.stats

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(kg.query.stats, "compute_stats", broken)
    result = kg_main("stats", "--from", seed_out)
    assert result.returncode == 3
    assert result.stderr.splitlines()[0] == "kg stats: internal error: RuntimeError: a bug"
    assert "please report it" in result.stderr and "Traceback" not in result.stderr
    monkeypatch.setenv("KG_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        kg_main("stats", "--from", seed_out)
