"""Output files: every format reads back to the same statements; a failed write leaves the last good files."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph

from conftest import SEED_YAML


def test_every_format_reads_back(seed_out, seed_build):
    ds = seed_build.dataset
    quads = {q for q in ds.quads()}
    triples = {(s, p, o) for s, p, o, _ in quads}
    for name, fmt in (("ceasefire-kg.trig", "trig"), ("ceasefire-kg.nq", "nquads"), ("ceasefire-kg.jsonld", "json-ld")):
        back = Dataset()
        back.parse(seed_out / name, format=fmt)
        assert {(s, p, o, c) for s, p, o, c in back.quads() if c is not None} == {
            (s, p, o, c) for s, p, o, c in quads}, name
        assert len(list(back.graphs())) >= 3
    for name, fmt in (("ceasefire-kg.ttl", "turtle"), ("ceasefire-kg.nt", "nt")):
        g = Graph()
        g.parse(seed_out / name, format=fmt)
        assert set(g) == triples, name


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

    real = Graph.serialize

    def failing(self, destination=None, format="turtle", **kw):
        if format == "nt":
            raise OSError("disk full")
        return real(self, destination, format=format, **kw)

    monkeypatch.setattr(Graph, "serialize", failing)
    with pytest.raises(OSError, match="disk full"):
        build_to([SEED_YAML], out, progress=None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder left either
