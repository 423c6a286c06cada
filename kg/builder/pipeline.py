"""The build as users run it: find annotation files, build, validate, measure coverage, write outputs."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.builder.annotations import annotation_files
from kg.errors import KgError
from kg.resources import display
from kg.store.timelimit import die_with_parent

if TYPE_CHECKING:
    from kg.builder.article import ArticleReport, Sources, Texts
    from kg.builder.cluster import Cluster
    from kg.builder.corpus import CorpusIndex
    from kg.query.stats import Stats
    from kg.store.ntriples import QuadText
    from kg.validate.shacl import ValidationReport

Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class ValidationFailed(KgError):
    """The built graph violates the SHACL shapes; nothing was written (exit code 1)."""

    exit_code = 1

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.format() + "\nnothing was written; the previous outputs are unchanged")


@dataclass
class BuildOutcome:
    """What ``build_to`` did: the articles' reports, the validation, the statistics, the files written and
    the seconds each stage took (build, load, compare, validate, stats, write; compare: the sources compared,
    with more than one article)."""

    articles: list[ArticleReport]
    validation: ValidationReport
    stats: Stats
    files: list[Path]
    seconds: dict[str, float]


def _chunks(files: list[Path], jobs: int) -> list[list[Path]]:
    """Contiguous runs of files, several per worker so that uneven files balance out, in file order."""
    n = min(len(files), jobs * 4)
    size = -(-len(files) // n)
    return [files[i : i + size] for i in range(0, len(files), size)]


#: the corpus index of the build, in a worker process (set once per worker by :func:`_start_worker`)
_worker_index: CorpusIndex | None = None


def _start_worker(index: CorpusIndex | None = None) -> None:
    global _worker_index
    die_with_parent()
    _worker_index = index


def _index_chunk(files: list[Path], sources: Sources | None = None) -> tuple[list, list[str], bytes, dict[str, str]]:
    """A worker's share of the corpus index, its files as parsed (pickled here, in the worker: the parent
    hands the bytes on to the worker that builds them, which unpickles them in a fifth of the time it took to
    parse the YAML), and the article text each file names (by file). ``sources``: the files as read by the
    client of a Dask cluster (``kg build --cluster``), whose workers may not see its files."""
    import pickle

    from kg.builder.annotations import AnnotationDoc
    from kg.builder.article import index_part, read_all
    from kg.vocab import load_vocabulary

    docs = read_all(files, load_vocabulary(), sources)
    entries, bad = index_part(files, docs, sources)
    texts = {p: d.article.text for p, d in docs.items() if isinstance(d, AnnotationDoc)}
    return entries, bad, pickle.dumps(docs, protocol=pickle.HIGHEST_PROTOCOL), texts


def _build_chunk(
    files: list[Path],
    parsed: bytes | None,
    max_article_bytes: int,
    index: CorpusIndex | None = None,
    texts: Texts | None = None,
) -> tuple[list[ArticleReport], list, QuadText]:
    """A worker's share of the build: ``files`` as parsed by :func:`_index_chunk` (pickled), with the corpus
    index (given, or the worker process's own); ``texts``: their article texts as read by the client of a Dask
    cluster."""
    import pickle

    from kg.builder.article import build_text

    docs = pickle.loads(parsed) if parsed is not None else None
    return build_text(files, max_article_bytes, index if index is not None else _worker_index, docs, texts)


def build_all(
    files: list[Path],
    jobs: int = 1,
    progress: Progress | None = None,
    max_article_bytes: int | None = None,
    accept_drafts: bool = False,
    cluster: Cluster | None = None,
) -> tuple[list[ArticleReport], QuadText]:
    """Build annotation files into ``(reports, QuadText)``: the ontology graph first, then each article's
    graphs in the order of their paths (:func:`~kg.builder.article.in_order`: the output does not depend on
    the order the files were given in), whatever the number of worker processes. Raises :class:`InputErrors`,
    which names every record still marked as a draft unless ``accept_drafts``.

    Each file is parsed once, for the ids it defines (the corpus index, by which a record may name an id of
    another file); then each is built with the index (which each worker process is given once). In worker
    processes, the files a worker parsed come back to the parent pickled, and go on to the worker that builds
    them. With ``cluster`` (a connected :class:`~kg.builder.cluster.Cluster`), the same two steps run on its
    Dask workers instead, in as many chunks as it has threads, and come back in the same order.
    """
    from functools import partial

    from rdflib import URIRef

    from kg.builder.article import (
        MAX_ARTICLE_BYTES,
        build_text,
        check_article_ids,
        corpus_index,
        in_order,
        read_all,
    )
    from kg.builder.corpus import CorpusIndex
    from kg.errors import InputErrors
    from kg.namespaces import ONTOLOGY_IRI
    from kg.store.ntriples import QuadText
    from kg.vocab import load_vocabulary

    files = in_order(files)
    limit = max_article_bytes or MAX_ARTICLE_BYTES
    text = QuadText()
    # rdflib iterates a graph in an order that varies between processes: sort the ontology's triples
    text.add(URIRef(ONTOLOGY_IRI), sorted(load_vocabulary().graph, key=lambda t: tuple(x.n3() for x in t)))
    if cluster is not None:
        jobs = cluster.threads
    chunks = _chunks(files, jobs if jobs > 1 else 1) if len(files) >= 40 or jobs > 1 else [files]
    parts: list[tuple[list[ArticleReport], list, QuadText]] = []
    done = 0
    docs: dict | None = None
    parallel = jobs > 1 and len(files) >= 2 * jobs and cluster is None
    if parallel:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as pool:
            found = list(pool.map(_index_chunk, chunks))
        index = CorpusIndex.merge((entries for entries, *_ in found), (f for _, bad, *_ in found for f in bad))
        parsed = [blob for _, _, blob, _ in found]
        del found
    elif cluster is None:  # (on a cluster the index is made there, with the parts)
        docs = read_all(files, load_vocabulary())
        index = corpus_index(docs)

    def tell(part_files: list[Path]) -> None:
        nonlocal done
        done += len(part_files)
        if progress is not None and len(chunks) > 1:
            progress(f"  built {done} of {len(files)} annotation files")

    if cluster is not None:
        index, parts = cluster.build_parts(chunks, limit, tell)
    elif parallel:
        from concurrent.futures import ProcessPoolExecutor

        build_chunk = partial(_build_chunk, max_article_bytes=limit)
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(index,)) as pool:
            for chunk, part in zip(chunks, pool.map(build_chunk, chunks, parsed), strict=True):
                parts.append(part)
                tell(chunk)
        del parsed
    else:
        for chunk in chunks:
            parts.append(build_text(chunk, limit, index, docs))
            tell(chunk)
    reports, errors = [], list(index.check())
    for part_reports, part_errors, part_text in parts:
        reports += part_reports
        errors += part_errors
        text.extend(part_text)
    errors += check_article_ids(reports)
    if not accept_drafts:
        errors += index.check_drafts()
    if errors:
        raise InputErrors(errors)
    return reports, text


def default_jobs() -> int:
    """Worker processes for a build: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def build_to(
    paths: Sequence[Path | str] | None,
    out_dir: Path | str,
    progress: Progress | None = _stderr,
    jobs: int | None = None,
    max_article_bytes: int | None = None,
    accept_drafts: bool = False,
    cluster: str | os.PathLike[str] | None = None,
    cluster_timeout: float | None = None,
) -> BuildOutcome:
    """Check the ontology, build, validate, count and write; raise :class:`~kg.errors.InputErrors` or
    :class:`ValidationFailed`. On any error nothing in ``out_dir`` changes.

    A record still marked as a draft (``draft:``, written by ``kg draft``) is an input error unless
    ``accept_drafts``: then it is built as it is, its node says it is an unreviewed draft (``cfo:draftRule``,
    ``cfo:draftConfidence``), and the build says how many it took.

    ``jobs`` worker processes build the articles, as many threads validate and as many processes write the
    serialized files (default: the cores available); the outputs are the same bytes whatever the number. An
    article text over ``max_article_bytes`` (default :data:`~kg.builder.article.MAX_ARTICLE_BYTES`, 5 MB) is
    an input error.

    ``cluster``: build the articles on the workers of a Dask cluster, given by its scheduler's address
    (``tcp://HOST:PORT``) or scheduler file (:class:`~kg.builder.cluster.Cluster`; needs the ``cluster`` extra);
    the client reads the files and sends them, then compares, validates and writes here, with ``jobs``
    threads and processes; the outputs are the same bytes as a local build's. ``cluster_timeout``: seconds to
    wait for its scheduler and a first worker (default 30); :class:`~kg.builder.cluster.ClusterError` if it
    does not answer, has no worker, runs another ``kg`` or loses a worker for good (nothing is written).
    """
    import pyoxigraph as ox
    from rdflib.namespace import RDF

    from kg.builder.disagreements import DISAGREEMENTS_GRAPH, compare_store
    from kg.namespaces import CFO
    from kg.query.stats import compute_stats
    from kg.store import OxigraphStore
    from kg.store.files import write_outputs
    from kg.store.ntriples import QuadText
    from kg.store.oxigraph import load_merged
    from kg.validate.ontology_checks import OntologyCheckFailed, run_checks
    from kg.validate.shacl import ValidationReport, validate_store
    from kg.vocab import load_vocabulary

    say = progress or (lambda _m: None)
    files = annotation_files(paths)
    failures = run_checks(load_vocabulary().graph)
    if failures:
        raise OntologyCheckFailed(failures)
    jobs = jobs or default_jobs()
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    if cluster is not None:
        from kg.builder.cluster import DEFAULT_TIMEOUT, Cluster

        on = Cluster(cluster, DEFAULT_TIMEOUT if cluster_timeout is None else cluster_timeout)
        where = (
            f" (on the Dask cluster at {on.address}: {on.workers} worker{'s' if on.workers != 1 else ''}, "
            f"{on.threads} thread{'s' if on.threads != 1 else ''})"
        )
    else:
        where = f" ({jobs} processes)" if jobs > 1 and len(files) >= 2 * jobs else ""
    say(
        f"building {len(files)} annotation file{'s' if len(files) != 1 else ''}: "
        + ", ".join(display(f) for f in files[:3])
        + (" ..." if len(files) > 3 else "")
        + where
    )
    if cluster is not None:
        with on:
            reports, text = build_all(files, jobs, say, max_article_bytes, accept_drafts, cluster=on)
    else:
        reports, text = build_all(files, jobs, say, max_article_bytes, accept_drafts)
    seconds["build"] = time.perf_counter() - t0
    drafted = [a for a in reports if a.drafts]
    if drafted:
        n, m = sum(a.drafts for a in drafted), len(drafted)
        say(
            f"took {n} draft record{'s' if n != 1 else ''} from {m} file{'s' if m != 1 else ''} as "
            f"{'they are' if n != 1 else 'it is'}, unreviewed (--accept-drafts): the graph marks "
            f"{'each' if n != 1 else 'it'} with cfo:draftRule"
        )
    say(f"built {len(text)} statements in {seconds['build']:.2f} s; validating with SHACL ...")
    t1 = time.perf_counter()
    nquads, ntriples = text.nquads(), text.ntriples()
    store = ox.Store()  # in memory: it serves validation and the counts
    # the default graph holds each triple once: a fact many articles state is not joined once per article
    load_merged(store, nquads, ntriples)
    seconds["load"] = time.perf_counter() - t1
    if len(reports) > 1:
        t1 = time.perf_counter()
        say(f"comparing the {len(reports)} sources ...")
        found = compare_store(store, len(reports))  # (which adds them to the store)
        added = QuadText()
        added.add(DISAGREEMENTS_GRAPH, found)
        text.extend(added)
        # every triple of the graph is about its own nodes: none is in the merged triples already
        nquads, ntriples = nquads + added.nquads(), ntriples + added.ntriples()
        seconds["compare"] = time.perf_counter() - t1
        count = sum(1 for _s, p, o in found if p == RDF.type and o == CFO.Disagreement)
        say(f"{count} disagreement{'s' if count != 1 else ''} between sources ({seconds['compare']:.2f} s)")
    t1 = time.perf_counter()
    violations = validate_store(store, workers=jobs)
    report = ValidationReport(not violations, violations, len(text))
    seconds["validate"] = time.perf_counter() - t1
    if not report.conforms:
        raise ValidationFailed(report)
    say(f"valid ({seconds['validate']:.2f} s)")
    t1 = time.perf_counter()
    stats = compute_stats(OxigraphStore(None, store=store))
    seconds["stats"] = time.perf_counter() - t1
    for art in reports:
        if art.uncited:
            say(f"coverage: {len(art.uncited)} sentence(s) of {art.article_id} cited by no statement:")
            for s in art.uncited:
                say(f"  sentence {s.ordinal} [{s.start}:{s.end}]: {s.text}")
    if len(reports) <= 5:
        for art in reports:
            if not art.uncited:
                say(f"coverage: every one of the {len(art.sentences)} sentences of {art.article_id} is cited")
    else:
        say(f"coverage: {stats.cited_sentences} of {stats.sentences} sentences cited")
    t2 = time.perf_counter()
    build_report = {
        "articles": [
            {
                "id": a.article_id,
                "annotation": a.annotation_file,
                "text": a.text_file,
                "records": a.records,
                "evidence_spans": a.evidence_spans,
                "sentences": len(a.sentences),
                "uncited": [{"ordinal": s.ordinal, "start": s.start, "end": s.end, "text": s.text} for s in a.uncited],
            }
            for a in reports
        ],
        "validation": {"conforms": True, "statements_checked": len(text)},
        "stats": stats.as_dict(),
    }
    del store  # its memory, before the writers fork
    written = write_outputs(text, out_dir, build_report, nquads=nquads, ntriples=ntriples, jobs=jobs)
    seconds["write"] = time.perf_counter() - t2
    say(f"wrote {', '.join(display(p) for p in written)} ({seconds['write']:.2f} s)")
    return BuildOutcome(reports, report, stats, written, seconds)
