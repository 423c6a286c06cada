"""The package as a user gets it: one version, ``python -m kg``, the ontology read as package data (a missing file
a loud error, never an empty list), and the module names of 0.1 still importable, with a deprecation warning."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from importlib.metadata import version

import pytest

import kg
from kg._aliases import MOVED
from kg.resources import CHECKS_DIR, ONTOLOGY_DIR, QUERIES_DIR, SHAPES_FILE, ResourceMissing, resource, resource_files


def test_one_version_from_the_package_metadata():
    assert kg.__version__ == version("ceasefire-kg")
    out = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"kg {kg.__version__}\n"


def test_python_dash_m_kg_is_the_kg_command():
    out = subprocess.run([sys.executable, "-m", "kg", "queries"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("positions ")
    assert len(out.stdout.splitlines()) == len(kg.named_queries())


def test_the_ontology_is_package_data():
    assert ONTOLOGY_DIR.parent == __import__("pathlib").Path(kg.__file__).parent
    assert [p.name for p in resource_files(QUERIES_DIR, "*.rq")][:1] == ["01-positions.rq"]
    assert len(kg.named_queries()) == len(list(QUERIES_DIR.glob("*.rq"))) == 16
    assert len(resource_files(CHECKS_DIR, "*.rq")) == 8
    assert resource(SHAPES_FILE) == SHAPES_FILE


def test_a_missing_resource_is_a_loud_error(tmp_path):
    from kg.query.named import named_queries
    from kg.validate.ontology_checks import check_files
    from kg.vocab import ontology_files

    for read in (named_queries, check_files, ontology_files):
        with pytest.raises(ResourceMissing, match=r"no \*\.(rq|ttl) file in .*the installation is incomplete") as err:
            read(tmp_path)
        assert err.value.exit_code == 3
        assert "reinstall ceasefire-kg" in str(err.value)
    with pytest.raises(ResourceMissing, match=r"shapes\.ttl is missing: the installation is incomplete"):
        resource(ONTOLOGY_DIR / "nothing" / "shapes.ttl")


@pytest.mark.parametrize("old", sorted(MOVED))
def test_the_old_module_names_still_import_with_a_warning(old):
    had = sys.modules.pop(old, None)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = importlib.import_module(old)
    finally:  # leave sys.modules as found: an import of the old name later (kg/_aliases.py's example) warns again
        sys.modules.pop(old, None)
        if had is not None:
            sys.modules[old] = had
    assert module is importlib.import_module(MOVED[old])
    assert [str(w.message) for w in caught if w.category is DeprecationWarning] == [
        f"{old} is now {MOVED[old]}; import it from there"
    ]


def test_the_public_api_names_resolve():
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    with pytest.raises(AttributeError, match="module 'kg' has no attribute 'nothing_here'"):
        kg.nothing_here  # noqa: B018
