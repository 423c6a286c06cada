"""One name for one thing on the command line: ``--from DIR`` is the build a command reads, ``--out`` what it
writes; the old ``--out DIR`` of the commands that only read a build still works, with a deprecation message."""

from __future__ import annotations

import pytest
from conftest import kg_main, run_kg

from kg.cli.parser import build_parser

#: the commands that read a build, and arguments that make each one do a quick, successful run
READERS = {
    "validate": [],
    "stats": [],
    "summary": [],
    "query": ["positions", "--format", "csv"],
    "in-force": ["2025-03-20"],
    "violations": [],
    "path": ["Tokayev", "Putin"],
    "neighbors": ["Putin"],
    "serve": None,  # a server: its options are checked, it is not started here
    "export": None,  # writes: --out is its file
    "plot": None,
    "timeline": None,
}
#: what each command writes with --out
WRITERS = {"build": "DIR", "draft": "FILE.yaml", "export": "FILE", "plot": "FILE", "timeline": "FILE", "view": "FILE"}


def _options(command: str) -> dict[str, str]:
    """option string -> its metavar, as `kg COMMAND --help` shows them (hidden options left out)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    return {
        s: (a.metavar or "")
        for a in sub._actions
        if a.help != "==SUPPRESS==" and a.option_strings
        for s in a.option_strings
    }


def test_every_command_that_reads_a_build_takes_it_as_from_dir():
    for command in READERS:
        assert _options(command).get("--from") == "DIR", command


def test_out_is_only_ever_what_a_command_writes():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for command in commands:
        shown = _options(command).get("--out")
        assert shown == WRITERS.get(command), (command, shown)


def test_help_says_what_from_and_out_mean():
    result = run_kg("--help")
    assert "  --from DIR            the build folder a command reads (default: out)" in result.stdout
    assert "  --out                 what a command writes" in result.stdout
    assert "--from DIR" in run_kg("query", "--help").stdout


@pytest.mark.parametrize("command", [c for c, args in READERS.items() if args is not None])
def test_from_and_the_old_out_give_the_same_answer(seed_out, command):
    """The old --out DIR parses to the very arguments --from DIR does, so the command runs alike and gives the
    same answer (as test_the_old_out_runs_with_a_warning shows for one), and it adds a deprecation message."""
    args = [command, *READERS[command]]
    new = vars(build_parser().parse_args([*args, "--from", str(seed_out)]))
    old = vars(build_parser().parse_args([*args, "--out", str(seed_out)]))
    assert old.pop("deprecations") == [
        f"--out DIR for the build folder to read is deprecated and will be removed; write --from {seed_out}"
    ]
    assert "deprecations" not in new
    assert old == new


@pytest.mark.parametrize("command", ["summary"])
def test_the_old_out_runs_with_a_warning(seed_out, command):
    new = run_kg(command, "--from", seed_out)
    old = kg_main(command, "--out", seed_out)
    assert new.returncode == old.returncode == 0, (new.stderr, old.stderr)
    assert new.stdout == old.stdout
    assert new.stderr == ""
    assert old.stderr == (
        f"kg {command}: warning: --out DIR for the build folder to read is deprecated and will be removed; "
        f"write --from {seed_out}\n"
    )


@pytest.mark.slow
def test_pictures_read_from_and_write_out(seed_out, tmp_path):
    target = tmp_path / "t.svg"
    result = run_kg("timeline", "--from", seed_out, "--out", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_missing_build_folder_names_the_option(tmp_path):
    result = run_kg("stats", "--from", tmp_path / "nowhere")
    assert result.returncode == 2
    assert "kg stats:" in result.stderr and "Traceback" not in result.stderr
