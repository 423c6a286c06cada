"""Output files: every format reads back to the same statements; a failed write leaves the last good files."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from conftest import SEED_YAML


def _graphs(ds) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


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


def test_a_failed_write_keeps_the_last_good_outputs(tmp_path, monkeypatch):
    from kg.pipeline import build_to
    out = tmp_path / "out"
    build_to([SEED_YAML], out, progress=None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import pyoxigraph

    real = pyoxigraph.serialize

    def failing(input, output=None, format=None, **kw):
        if format == pyoxigraph.RdfFormat.N_TRIPLES:
            raise OSError("disk full")
        return real(input, output, format=format, **kw)

    monkeypatch.setattr(pyoxigraph, "serialize", failing)
    with pytest.raises(OSError, match="disk full"):
        build_to([SEED_YAML], out, progress=None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder left either


def test_outputs_are_the_same_for_the_same_input(tmp_path):
    from kg.pipeline import build_to
    build_to([SEED_YAML], tmp_path / "a", progress=None)
    build_to([SEED_YAML], tmp_path / "b", progress=None)
    for name in ("ceasefire-kg.trig", "ceasefire-kg.nq", "ceasefire-kg.jsonld", "ceasefire-kg.ttl", "ceasefire-kg.nt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
