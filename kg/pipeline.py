"""The build as users run it: find annotation files, build, validate, measure coverage, write outputs."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.errors import InputError, KgError
from kg.paths import SEEDS_DIR, display

Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class ValidationFailed(KgError):
    """The built graph violates the SHACL shapes; nothing was written (exit code 1)."""

    exit_code = 1

    def __init__(self, report) -> None:
        self.report = report
        super().__init__(report.format() + "\nnothing was written; the previous outputs are unchanged")


def annotation_files(paths: list[Path] | None = None) -> list[Path]:
    """The annotation files to build: the given files, the ``*.yaml`` of given folders, or the seeds.

    Examples
    --------
    >>> [p.name for p in annotation_files()]
    ['000_331be8963d56cd33.yaml']
    """
    if not paths:
        paths = [SEEDS_DIR]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such annotation file or folder", file=display(p), hint="check the path")
    if not files:
        raise InputError("no annotation files (*.yaml) found", file=", ".join(display(Path(p)) for p in paths),
                         hint="pass annotation files or a folder that holds them")
    return files


@dataclass
class BuildOutcome:
    """What ``build_to`` did: the build, its validation, its statistics and the files written."""

    result: object
    validation: object
    stats: object
    files: list[Path]
    seconds: dict[str, float]


def build_to(paths: list[Path] | None, out_dir: Path, progress: Progress | None = _stderr) -> BuildOutcome:
    """Build, validate and write; raise :class:`~kg.errors.InputErrors` or :class:`ValidationFailed`.

    On any error nothing in ``out_dir`` changes.
    """
    from kg.builder import build
    from kg.output import write_outputs
    from kg.stats import compute_stats
    from kg.store import OxigraphStore, oxigraph_from_graphs, oxigraph_quads
    from kg.validate import ValidationReport, validate_store

    from kg.checks import OntologyCheckFailed, run_checks
    from kg.vocab import load_vocabulary

    say = progress or (lambda _m: None)
    files = annotation_files(paths)
    failures = run_checks(load_vocabulary().graph)
    if failures:
        raise OntologyCheckFailed(failures)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    say(f"building {len(files)} annotation file{'s' if len(files) != 1 else ''}: "
        + ", ".join(display(f) for f in files[:3]) + (" ..." if len(files) > 3 else ""))
    result = build(files)
    seconds["build"] = time.perf_counter() - t0
    say(f"built {len(result)} statements in {seconds['build']:.2f} s; validating with SHACL ...")
    t1 = time.perf_counter()
    quads = oxigraph_quads(result.graphs)  # written as they are; the store serves validation and counts
    store = oxigraph_from_graphs(result.graphs, quads)
    seconds["load"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    report = ValidationReport(False, validate_store(store), len(result))
    report.conforms = not report.violations
    seconds["validate"] = time.perf_counter() - t1
    if not report.conforms:
        raise ValidationFailed(report)
    say(f"valid ({seconds['validate']:.2f} s)")
    t1 = time.perf_counter()
    stats = compute_stats(OxigraphStore(None, store=store))
    seconds["stats"] = time.perf_counter() - t1
    for art in result.articles:
        if art.uncited:
            say(f"coverage: {len(art.uncited)} sentence(s) of {art.article_id} cited by no statement:")
            for s in art.uncited:
                say(f"  sentence {s.ordinal} [{s.start}:{s.end}]: {s.text}")
    if len(result.articles) <= 5:
        for art in result.articles:
            if not art.uncited:
                say(f"coverage: every one of the {len(art.sentences)} sentences of {art.article_id} is cited")
    else:
        say(f"coverage: {stats.cited_sentences} of {stats.sentences} sentences cited")
    t2 = time.perf_counter()
    build_report = {
        "articles": [{"id": a.article_id, "annotation": a.annotation_file, "text": a.text_file,
                      "records": a.records, "evidence_spans": a.evidence_spans, "sentences": len(a.sentences),
                      "uncited": [{"ordinal": s.ordinal, "start": s.start, "end": s.end, "text": s.text}
                                  for s in a.uncited]} for a in result.articles],
        "validation": {"conforms": True, "statements_checked": len(result)},
        "stats": stats.as_dict(),
    }
    written = write_outputs(quads, out_dir, build_report)
    seconds["write"] = time.perf_counter() - t2
    say(f"wrote {', '.join(display(p) for p in written)} ({seconds['write']:.2f} s)")
    return BuildOutcome(result, report, stats, written, seconds)
