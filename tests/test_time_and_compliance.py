"""When terms are in force, and who alleges (and denies) that they were broken: kg in-force, kg violations.

Each outcome of a command runs `kg` in a subprocess once; its further cases (other dates) run the same command
in this process (conftest.kg_main: the same exit code, stdout and stderr).
"""

from __future__ import annotations

import pytest
from conftest import kg_main, run_kg


def test_in_force_on_a_date_within_the_pause(seed_out):
    result = run_kg("in-force", "2025-03-20", "--from", seed_out)
    assert result.returncode == 0
    assert result.stdout == (
        "In force on 2025-03-20, according to the graph:\n"
        "  30-day pause on attacks on Ukraine’s energy infrastructure — from 2025-03-18 until 2025-04-17 "
        "(exclusive); certain\n"
        "    term: No attacks on Ukraine’s energy infrastructure for 30 days\n"
        "    term: No targeting of critical infrastructure, especially energy infrastructure\n"
    )


@pytest.mark.parametrize("day", ["2025-05-01", "2025-04-17", "2024-12-31"])
def test_nothing_in_force_outside_every_window(seed_out, day):
    result = (run_kg if day == "2025-05-01" else kg_main)("in-force", day, "--from", seed_out)
    assert (result.returncode, result.stdout) == (0, f"Nothing in the graph was in force on {day}.\n")


@pytest.mark.parametrize("bad", ["2025-02-30", "20 March 2025", "soon"])
def test_a_malformed_date_is_a_clear_error(seed_out, bad):
    result = (run_kg if bad == "soon" else kg_main)("in-force", bad, "--from", seed_out)
    assert result.returncode == 2
    assert f"'date' must be a date like 2025-03-20, not '{bad}'" in result.stderr
    assert "fix: write the date as YYYY-MM-DD" in result.stderr


def test_violations_of_the_seed(seed_out):
    result = run_kg("violations", "--from", seed_out)
    assert result.returncode == 0
    assert result.stdout == (
        "30-day pause on attacks on Ukraine’s energy infrastructure\n"
        "  term:        No attacks on Ukraine’s energy infrastructure for 30 days\n"
        "  alleged by:  Ukraine\n"
        "  accused:     no one named, in the graph\n"
        "  event:       Fresh attacks on Ukraine’s energy infrastructure\n"
        "  when:        possibly before it began or during it (the event and the beginning are known to the day "
        "only, and may be on the same day)\n"
        "  evidence:    “as per claims made by Ukraine, its energy infrastructure has also been targeted in fresh "
        "attacks”\n"
        "  source:      TDI (Astana): Tokayev welcomes the Trump–Putin call and the 30-day energy pause\n"
        "  denied by:   no one, in the graph\n"
    )
    none = kg_main("violations", "--proposal", "Complete ceasefire", "--from", seed_out)
    assert none.stdout == "No alleged violation in the graph for Complete ceasefire.\n"


def test_a_denied_allegation(mini_out):
    result = kg_main("violations", "--from", mini_out)
    assert result.returncode == 0
    assert "  alleged by:  Northland\n" in result.stdout
    assert result.stdout.endswith("  denied by:   Southland\n")


def test_in_force_from_python(seed_out):
    import kg

    g = kg.load(seed_out)
    frame = g.in_force("2025-03-20")
    assert list(frame["kind"]) == ["proposal", "term", "term"]
    assert set(frame["certainty"]) == {"certain"}
    assert g.in_force("2025-05-01").empty
