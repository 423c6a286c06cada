"""`make eval` (eval/run.py): every article of the evaluation set is drafted by the real `kg draft` and scored,
and the figures written in eval/README.md are the ones it prints now."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
README = ROOT / "eval" / "README.md"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "eval" / "run.py"), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


@pytest.mark.parametrize("which", ["test", "dev"])
def test_the_figures_in_eval_readme_are_what_make_eval_prints(which, tmp_path):
    result = run("--set", which, "--json", str(tmp_path / "figures.json"), "--out", str(tmp_path / "drafts"))
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("\n\n")[1].strip()
    written = re.search(rf"<!-- figures:{which} -->\n(.*?)\n<!-- /figures -->", README.read_text("utf-8"), re.S)
    assert written, f"eval/README.md: no figures block for the {which} set"
    assert written.group(1).strip() == table, (
        f"update the {which} figures in eval/README.md (python eval/run.py --set {which})"
    )
    figures = json.loads((tmp_path / "figures.json").read_text("utf-8"))
    assert figures["per_type"]["positions"]["gold"] > 0
    drafts = sorted(p.name for p in (tmp_path / "drafts").glob("*.yaml"))
    numbers = range(61, 77) if which == "test" else range(1, 61)  # the held-out test set and the dev set
    assert [p[:2] for p in drafts] == [f"{n:02d}" for n in numbers]


def test_an_unknown_set_is_refused_with_the_choices():
    result = run("--set", "bogus")
    assert result.returncode == 2
    assert "invalid choice: 'bogus'" in result.stderr
