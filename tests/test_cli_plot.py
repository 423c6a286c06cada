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


def test_out_is_a_file_in_a_folder_that_exists(seed_out, tmp_path):
    """--out names a file: a folder is refused, and a folder that is not there is not made (only the file is)."""
    for command in ("plot", "timeline", "export"):
        folder = kg_main(command, "--out", tmp_path, "--from", seed_out)
        assert folder.returncode == 2
        assert folder.stderr.splitlines()[0] == f"kg {command}: {tmp_path}: is a folder, not a file to write"
        missing = tmp_path / "nowhere" / "deeper" / "x.svg"
        nowhere = kg_main(command, "--out", missing, "--from", seed_out)
        assert nowhere.returncode == 2
        assert nowhere.stderr.splitlines() == [
            f"kg {command}: {missing}: the folder {missing.parent} does not exist",
            f"  fix: create it first (mkdir -p {missing.parent})",
        ]
        assert list(tmp_path.iterdir()) == []


def test_the_python_api_still_makes_the_folder_of_a_picture(seed_graph, tmp_path):
    """From Python, as the notebooks do (figures/ in the build folder), the picture's folder is made."""
    import kg

    written = kg.plot_timeline(seed_graph, tmp_path / "figures" / "t.svg")
    assert written == tmp_path / "figures" / "t.svg" and written.read_bytes().startswith(b"<?xml")
