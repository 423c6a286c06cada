"""Draft every article of the evaluation set with `kg draft` and score the drafts (eval/README.md).

Usage::

    python eval/run.py [--set all|test|dev] [--out DIR] [--errors] [--json FILE]

Each ``eval/corpus/NN-slug.txt`` of the set is drafted by the installed ``kg draft`` command, as a user runs it,
against the corpus the gold annotations refer to (the seed, ``seeds/examples`` and ``seeds/examples/sources``),
into ``--out`` (default: a temporary folder, removed afterwards), then scored by ``eval/score.py``. ``make eval``
runs the test set; the figures in eval/README.md are its output.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from eval.score import CORPUS, GOLD_DIR, in_test, main as score  # noqa: E402


def articles(which: str) -> list[Path]:
    """The articles of the set ``which`` (all, test or dev), in order."""
    found = sorted(GOLD_DIR.glob("*.txt"))
    if which == "all":
        return found
    return [p for p in found if in_test(p) == (which == "test")]


def draft_all(which: str, out: Path) -> None:
    """Run ``kg draft`` on each article of the set, writing ``out/NN-slug.yaml``; stop with its message if one
    fails."""
    kg = Path(sys.executable).parent / "kg"
    command = str(kg) if kg.exists() else "kg"
    for n, article in enumerate(articles(which), 1):
        target = out / article.with_suffix(".yaml").name
        run = subprocess.run(
            [command, "draft", str(article), "--corpus", *map(str, CORPUS), "--out", str(target), "--force"],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise SystemExit(f"eval: kg draft {article.name} failed (exit {run.returncode}):\n{run.stderr}")
        print(f"drafted {n} of {len(articles(which))}: {article.name}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python eval/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="which", choices=("all", "test", "dev"), default="test")
    parser.add_argument(
        "--out", type=Path, default=None, help="keep the drafts in this folder (default: a temporary one)"
    )
    parser.add_argument("--errors", action="store_true", help="list each missed gold and spurious draft record")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the figures to FILE as JSON")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    try:
        draft_all(args.which, out)
        extra = (["--errors"] if args.errors else []) + (["--json", str(args.json)] if args.json else [])
        return score([str(out), "--set", args.which, *extra])
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
