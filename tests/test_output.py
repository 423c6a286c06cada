"""Output files: every format reads back to the same statements; a failed write leaves the last good files."""

from __future__ import annotations

import pytest
from conftest import SEED_YAML
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic


def _graphs(ds) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.slow
def test_every_format_reads_back(seed_out, seed_build):
    built = _graphs(seed_build.dataset)
    for name, fmt in (("ceasefire-kg.trig", "trig"), ("ceasefire-kg.nq", "nquads"), ("ceasefire-kg.jsonld", "json-ld")):
        back = Dataset()
        back.parse(seed_out / name, format=fmt)
        graphs = _graphs(back)
        assert sorted(graphs) == sorted(built), name
        for iri, g in built.items():  # the ontology's OWL lists are blank nodes: compare up to renaming
            assert isomorphic(graphs[iri], g), (name, iri)
    merged = Graph()
    for g in built.values():
        merged += g
    for name, fmt in (("ceasefire-kg.ttl", "turtle"), ("ceasefire-kg.nt", "nt")):
        g = Graph()
        g.parse(seed_out / name, format=fmt)
        assert isomorphic(g, merged), name


def test_named_graphs(seed_out):
    back = Dataset()
    back.parse(seed_out / "ceasefire-kg.trig", format="trig")
    names = sorted(str(g.identifier) for g in back.graphs() if len(g))
    assert names == [
        "https://w3id.org/ceasefire-kg/id/graph/tdi-2025-03-tokayev-welcomes-trump-putin-call",
        "https://w3id.org/ceasefire-kg/id/graph/tdi-2025-03-tokayev-welcomes-trump-putin-call/derived",
        "https://w3id.org/ceasefire-kg/ontology",
    ]


def test_a_failed_write_keeps_the_last_good_outputs(seed_out, tmp_path, monkeypatch):
    import shutil

    from kg.builder.pipeline import build_to

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)  # the last good outputs: a build of the seed
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import pyoxigraph

    real = pyoxigraph.serialize

    def failing(input, output=None, format=None, **kw):
        if format == pyoxigraph.RdfFormat.TURTLE:
            raise OSError("disk full")
        return real(input, output, format=format, **kw)

    monkeypatch.setattr(pyoxigraph, "serialize", failing)
    with pytest.raises(OSError, match="disk full"):
        build_to([SEED_YAML], out, progress=None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder left either


def test_outputs_are_the_same_for_the_same_input(seed_out, tmp_path):
    """A second build of the seed in this process writes the bytes of the first (the session's seed_out)."""
    from kg.builder.pipeline import build_to

    build_to([SEED_YAML], tmp_path / "b", progress=None)
    for name in ("ceasefire-kg.trig", "ceasefire-kg.nq", "ceasefire-kg.jsonld", "ceasefire-kg.ttl", "ceasefire-kg.nt"):
        assert (seed_out / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.slow
def test_parallel_build_writes_the_same_bytes(tmp_path):
    """Four articles built by one process or by two give byte-identical outputs."""
    import shutil

    from conftest import DATA

    from kg.builder.pipeline import build_to

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA / "mini" / "mini.txt", corpus / "mini.txt")
    text = (DATA / "mini" / "mini.yaml").read_text(encoding="utf-8")
    for i in range(4):
        (corpus / f"a{i}.yaml").write_text(
            text.replace("id: kgn-2025-05-lumen-pause", f"id: kgn-copy-{i}"), encoding="utf-8"
        )
    one = build_to([corpus], tmp_path / "one", progress=None, jobs=1)
    two = build_to([corpus], tmp_path / "two", progress=None, jobs=2)
    assert (
        [a.article_id for a in one.articles]
        == [a.article_id for a in two.articles]
        == ["kgn-copy-0", "kgn-copy-1", "kgn-copy-2", "kgn-copy-3"]
    )
    for name in (
        "ceasefire-kg.trig",
        "ceasefire-kg.nq",
        "ceasefire-kg.jsonld",
        "ceasefire-kg.ttl",
        "ceasefire-kg.nt",
        "build-report.json",
    ):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.slow
def test_outputs_are_the_same_across_processes(seed_out, tmp_path):
    """The ontology's blank nodes get canonical labels, so two separate runs write the same bytes: `kg build`
    in a new process, and the session's build of the seed in this one."""
    from conftest import run_kg

    assert run_kg("build", "-q", SEED_YAML, "--out", tmp_path / "b").returncode == 0
    for name in ("ceasefire-kg.trig", "ceasefire-kg.nq", "ceasefire-kg.ttl", "ceasefire-kg.jsonld"):
        assert (seed_out / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
