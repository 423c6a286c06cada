"""Where the project's files are: the ontology, the seeds, the default output folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
SEEDS_DIR = ROOT / "seeds"
OUT_DIR = Path("out")


def display(path: Path) -> str:
    """A path as users should see it: relative to the project, else to the working directory, else absolute.

    Project files get the same name wherever the command runs, so outputs do not depend on the cwd.
    """
    path = Path(path).resolve()
    for base in (ROOT, Path.cwd()):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)
