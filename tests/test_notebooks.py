"""The notebooks of notebooks/: stored without outputs, readable (a markdown cell before each code cell), and
each runs from start to end on a real Jupyter kernel without writing into the repository.

Each notebook runs as Jupyter runs it, on the ``python3`` kernel (ipykernel, installed in the venv), with the
build folder ``KG_OUT`` in a temporary folder. Its working directory is a temporary stand-in for notebooks/
(beside it ``seeds/examples/``, a copy of the repository's), holding a ``seeds/`` folder with the seed alone:
the notebooks build ``kg.annotation_files()``, the ``seeds/`` of the working directory, and the answers they
are checked for must not depend on what a user keeps in the repository's ``seeds/``.
``make notebooks`` runs them in notebooks/ itself and keeps the executed copies in ``out/notebooks/``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, SEED_YAML, own_seeds

NOTEBOOKS = ROOT / "notebooks"
NAMES = [
    "01-tour.ipynb",
    "02-positions-and-conditions.ipynb",
    "03-extend.ipynb",
    "04-sources.ipynb",
    "05-draft.ipynb",
]
TIMEOUT = 180  # seconds per cell
STRIP = (
    '.venv/bin/python -c "import nbformat,sys; [nbformat.write(nb, p) for p in sys.argv[1:] for nb in '
    "[nbformat.read(p, 4)] if not [c.update(outputs=[], execution_count=None) for c in nb.cells "
    "if c.cell_type == 'code'] or True]\" notebooks/*.ipynb"
)


def read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_notebooks_are_the_expected_ones():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name):
    nb = read(name)
    nbformat.validate(nb)
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.get("outputs") != [] or c.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{name}: code cells {dirty} are stored with outputs or execution counts; notebooks "
        f"are kept stripped (clear the outputs before saving, or run: {STRIP})"
    )


@pytest.mark.parametrize("name", NAMES)
def test_readable(name):
    """A markdown cell first, and a markdown cell saying why before every code cell; the python3 kernel."""
    nb = read(name)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds[0] == "markdown" and nb.cells[0].source.startswith("# ")
    assert not [i for i in range(1, len(kinds)) if kinds[i] == kinds[i - 1] == "code"], (
        f"{name}: two code cells in a row; put a markdown cell between them"
    )
    assert all(c.source.strip() for c in nb.cells), f"{name}: an empty cell"
    assert nb.metadata.kernelspec.name == "python3"


def test_the_kernel_is_this_python(kernel_env):
    """The python3 kernel the notebooks name is ipykernel's, run by this venv's Python (jupyter_client
    replaces its ``python`` by ``sys.executable``), also when the user has a python3 kernel of their own."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.language == "python"
    assert spec.argv[0] in ("python", "python3", sys.executable), spec.argv


def _snapshot() -> dict[str, float | None]:
    """What running a notebook must not touch: the files of notebooks/, seeds/ and out/ (with their times), and
    the names at the top level (others may be editing the package meanwhile: its folder's time is not looked at).
    """
    seen: dict[str, float | None] = {p.name: None for p in ROOT.iterdir()}
    for folder in ("notebooks", "seeds", "out"):
        for p in (ROOT / folder).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts:
                seen[str(p.relative_to(ROOT))] = p.stat().st_mtime
    return seen


def _changes(before: dict, after: dict) -> list[str]:
    return sorted(
        [f"new: {k}" for k in after.keys() - before.keys()]
        + [f"gone: {k}" for k in before.keys() - after.keys()]
        + [f"changed: {k}" for k in before.keys() & after.keys() if before[k] != after[k]]
    )


def execute(name: str, cwd: Path):
    """Run a notebook as Jupyter does (in the folder ``cwd``) on the python3 kernel; return the executed copy."""
    from nbclient import NotebookClient

    nb = read(name)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _files(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workdir(tmp_path) -> Path:
    """The stand-in for notebooks/: its own seeds/ (the seed alone), and ../seeds/examples/ as in the repository."""
    stand_in = own_seeds(tmp_path / "work" / "notebooks", SEED_YAML)
    shutil.copytree(ROOT / "seeds" / "examples", tmp_path / "work" / "seeds" / "examples")
    return stand_in


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """The kernel inherits this environment: the venv's Python first on PATH, KG_OUT in a temporary folder.
    JUPYTER_PATH puts the venv's kernel specs before the user's, so that ``python3`` is the venv's kernel."""
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv(
        "JUPYTER_PATH",
        str(Path(sys.prefix) / "share" / "jupyter")
        + (os.pathsep + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else ""),
    )
    monkeypatch.setenv("KG_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return tmp_path / "out"


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def _text(nb) -> str:
    parts = []
    for o in _outputs(nb):
        if o.output_type == "stream":
            parts.append(o.text)
        elif "data" in o and "text/plain" in o.data:
            parts.append(o.data["text/plain"])
    return "\n".join(parts)


def _images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for o in _outputs(nb))


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_runs_without_error(name, kernel_env, workdir):
    before, around = _snapshot(), _files(workdir.parent)
    nb = execute(name, workdir)
    changes = _changes(before, _snapshot())
    assert not changes, f"running the notebook changed the repository: {changes}"
    changes = _changes(around, _files(workdir.parent))
    assert not changes, f"running the notebook wrote into its working directory: {changes}"
    errors = [o for o in _outputs(nb) if o.output_type == "error"]
    assert not errors
    text = _text(nb)
    if name == "01-tour.ipynb":
        assert (kernel_env / "ceasefire-kg.trig").exists()  # built from the seeds, into KG_OUT
        assert "1 article(s), 89 evidence spans, 18 of 18 sentences cited" in text  # the seed alone
        assert "Qasym-Jomart Toqayev —welcomes→ Trump–Putin phone call" in text
        assert _images(nb) == 2  # the whole graph and one proposal
        assert {p.name for p in (kernel_env / "figures").iterdir()} == {"graph.png", "complete-ceasefire.png"}
    elif name == "02-positions-and-conditions.ipynb":
        assert _images(nb) == 2  # the heat map and the timeline
        assert "accepts only on condition; rejects" in text  # Putin's split cell
        assert "Ukraine’s European allies" in text
        assert "2025-04-17" in text and "deniedBy" in text  # in force until, and who denies
    elif name == "04-sources.ipynb":
        assert "steppe-courier-2025-03-19-energy-pause" in text  # the four invented articles built with the seed
        assert "term-missing" in text and "proposed-at" in text and "condition" in text  # their disagreements
        assert "China–Brazil meeting in Beijing, May 2024" in text
        assert "keep nuclear power plants safe" in text  # a term only one source lists
    elif name == "05-draft.ipynb":
        assert _images(nb) == 1  # the extension and who stands where
        assert "# DRAFT annotation of vesna-truce.txt" in text  # the draft as kg draft writes it
        assert "are still drafts that no one has reviewed" in text  # the build refuses it
        assert "14-day extension of the Sarn truce" in text and "Oskar Lind" in text  # the reviewed source built
        assert "plan-advance-orrin" in text  # offered again by --diff after the reviewer deleted it
    else:
        assert "Valdoria shelled Orrin" in text
        assert "2025-06-10" in text  # the truce's derived end
        assert "quote not found in the article: “Valdoria's foreign minister”" in text
        assert "U+0027 APOSTROPHE" in text and "U+2019 RIGHT SINGLE QUOTATION MARK" in text
        assert "sarn-truce.yaml:" in text and "[valdoria-foreign-minister]" in text
        assert "nothing written: True" in text
