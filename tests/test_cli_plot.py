"""`kg plot` and `kg timeline` as users run them: files where promised, clear errors for bad names.

The first picture of each command runs the installed `kg` as a process; the other cases run the same
``kg.cli.main`` in this process (:func:`conftest.kg_main`: the same exit code, stdout and stderr), so that the
suite does not start matplotlib afresh for each.
"""

from __future__ import annotations

from conftest import kg_main, run_kg


def test_plot_writes_each_kind_of_picture(seed_out, tmp_path):
    for args, name in (
        ((), "whole.png"),
        (("--focus", "Putin", "--hops", "2"), "putin.svg"),
        (("--proposal", "energy pause"), "pause.pdf"),
    ):
        target = tmp_path / name
        run = run_kg if name == "whole.png" else kg_main
        result = run("plot", *args, "--out", target, "--from", seed_out)
        assert (result.returncode, result.stdout) == (0, f"wrote {target}\n"), result.stderr
        head = target.read_bytes()[:5]
        assert head == {"png": b"\x89PNG\r", "svg": b"<?xml", "pdf": b"%PDF-"}[name.rsplit(".", 1)[1]]


def test_plot_default_path_names_the_picture(seed_out):
    result = kg_main("plot", "--proposal", "complete-ceasefire", "--format", "svg", "--from", seed_out)
    assert result.returncode == 0
    assert result.stdout == f"wrote {seed_out / 'ceasefire-kg-complete-ceasefire.svg'}\n"


def test_plot_bad_input(seed_out, tmp_path):
    not_a_proposal = kg_main("plot", "--proposal", "Putin", "--out", tmp_path / "x.png", "--from", seed_out)
    assert not_a_proposal.returncode == 2
    assert "'Vladimir Putin' (https://w3id.org/ceasefire-kg/id/actor/putin) is not a proposal" in not_a_proposal.stderr
    unknown = kg_main("plot", "--focus", "Putn", "--out", tmp_path / "x.png", "--from", seed_out)
    assert unknown.returncode == 2 and "closest matches: Vladimir Putin (actor/putin)" in unknown.stderr
    both = kg_main("plot", "--focus", "Putin", "--proposal", "energy pause", "--from", seed_out)
    assert both.returncode == 2 and "give one of them" in both.stderr
    assert not (tmp_path / "x.png").exists()


def test_timeline_command(seed_out, tmp_path):
    target = tmp_path / "timeline.svg"
    result = run_kg("timeline", "--out", target, "--from", seed_out)
    assert (result.returncode, result.stdout) == (0, f"wrote {target}\n"), result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    default = kg_main("timeline", "--from", seed_out)
    assert default.stdout == f"wrote {seed_out / 'ceasefire-kg-timeline.png'}\n"
    bad = kg_main("timeline", "--out", tmp_path / "t.gif", "--from", seed_out)
    assert bad.returncode == 2 and "unknown format 'gif'" in bad.stderr
