"""Shared fixtures: the seed build (once per session), a built output folder, and a way to run `kg`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED_TEXT = ROOT / "seeds" / "000_331be8963d56cd33.txt"
SEED_YAML = ROOT / "seeds" / "000_331be8963d56cd33.yaml"
SEED_ARTICLE = "tdi-2025-03-tokayev-welcomes-trump-putin-call"
KG = Path(sys.executable).parent / "kg"


def run_kg(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed `kg` command as a user would."""
    return subprocess.run(
        [str(KG), *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, input=stdin, timeout=300
    )


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build():
    from kg.builder.article import build

    return build([SEED_YAML])


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """An output folder holding a complete build of the seed (via the public API)."""
    from kg.builder.pipeline import build_to

    out = tmp_path_factory.mktemp("seed-out")
    build_to([SEED_YAML], out, progress=None)
    return out
