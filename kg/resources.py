"""Where ceasefire-kg finds its files: the ontology that ships inside the package, and the user's own folders.

The ontology, the SHACL shapes, the named queries and the quality checks are package data
(``kg/ontology/``, read with :mod:`importlib.resources`): they travel with the wheel, so ``kg`` works the same
from any directory. In a source checkout ``kg/ontology`` is a link to the repository's top-level
``ontology/``, the one place they are edited. A missing resource is a loud :class:`ResourceMissing`, never an
empty list.

Examples
--------
>>> from kg.resources import ONTOLOGY_DIR, resource_files
>>> [p.name for p in resource_files(ONTOLOGY_DIR / "queries", "*.rq")][:2]
['01-positions.rq', '02-proposal-terms.rq']
>>> resource_files(ONTOLOGY_DIR / "queries", "*.owl")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.resources.ResourceMissing: no *.owl file in the package's ontology/queries/...
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from kg.errors import InputError

#: what to do about a file missing from the package
REINSTALL = (
    "reinstall ceasefire-kg (pip install --force-reinstall ceasefire-kg); if it is still missing, the "
    "package was built without its ontology: report it to the project's issue tracker with `kg --version`"
)


class ResourceMissing(InputError):
    """A file that ships with the package is not there: the installation is incomplete (exit code 3)."""

    exit_code = 3


def _package_ontology() -> Path:
    found = resources.files("kg") / "ontology"
    if not isinstance(found, Path):  # a zip import: the files are not on disk
        raise ResourceMissing(
            f"kg's ontology is not a folder on disk ({found})",
            hint="install ceasefire-kg from its wheel or a source checkout",
        )
    return found


#: the ontology folder inside the installed package (``ontology/`` of the repository)
ONTOLOGY_DIR = _package_ontology()
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
CHECKS_DIR = ONTOLOGY_DIR / "checks"
DERIVATIONS_DIR = ONTOLOGY_DIR / "derivations"


#: the repository checkout the package runs from, if it runs from one (None for an installed wheel)
def _project_root() -> Path | None:
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "ontology").is_dir() else None


PROJECT_ROOT = _project_root()

OUT_DIR = Path("out")


def seeds_dir() -> Path:
    """The default folder of annotation files: ``seeds/`` in the working directory, else the checkout's."""
    here = Path("seeds")
    if here.is_dir() or PROJECT_ROOT is None:
        return here
    return PROJECT_ROOT / "seeds"


def resource(path: Path) -> Path:
    """``path`` (a file of the package's ontology folder) if it exists, else a loud :class:`ResourceMissing`."""
    if not Path(path).is_file():
        raise ResourceMissing(f"{_shown(path)} is missing: the installation is incomplete", hint=REINSTALL)
    return Path(path)


def resource_files(directory: Path, pattern: str) -> list[Path]:
    """The files of a package folder matching ``pattern``, sorted; none at all is a loud error."""
    found = sorted(Path(directory).glob(pattern))
    if not found:
        raise ResourceMissing(
            f"no {pattern} file in {_shown(directory)}: the installation is incomplete", hint=REINSTALL
        )
    return found


def _shown(path: Path) -> str:
    try:
        rel = Path(path).relative_to(ONTOLOGY_DIR).as_posix()
    except ValueError:
        return display(path)
    return "the package's ontology/" + ("" if rel == "." else rel + ("/" if Path(path).is_dir() else ""))


def output_file(path: Path | str, make_folder: bool = False) -> Path:
    """``path`` as a file that may be written: not a folder, in a folder that exists (with ``make_folder``: made
    if missing, as the Python API does for ``figures/...``) and can be written.

    The command line asks for the folder to exist: it creates only the file the user named, never a chain of
    folders from the root down.

    >>> output_file("/")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: /: is a folder, not a file to write
      fix: name a file in it: /NAME.EXT
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(
            "is a folder, not a file to write",
            file=str(path),
            hint=f"name a file in it: {path / 'NAME.EXT'}",
        )
    folder = path.parent
    if make_folder and not folder.exists():
        folder.mkdir(parents=True)
    if not folder.is_dir():
        raise InputError(
            f"the folder {folder} does not exist", file=str(path), hint=f"create it first (mkdir -p {folder})"
        )
    if not os.access(folder, os.W_OK):
        raise InputError(f"the folder {folder} cannot be written", file=str(path), hint="write somewhere else")
    return path


def display(path: Path) -> str:
    """A path as users should see it: relative to the checkout, else to the working directory, else absolute.

    The project's own files get the same name wherever the command runs, so outputs do not depend on the cwd.
    """
    path = Path(path).resolve()
    for base in (PROJECT_ROOT, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)
