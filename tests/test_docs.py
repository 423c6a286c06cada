"""``make docs``: the HTML reference of the ontology names every term of it.

The generator (docs/build.py) runs as ``make docs`` runs it, into a temporary folder; every owl:Class,
owl:ObjectProperty and owl:DatatypeProperty of cfo: and every skos:Concept of the project's schemes must be in
the pages, by its IRI, with its label.
"""

from __future__ import annotations

import html
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import OWL, SKOS

from kg.namespaces import CFO
from kg.vocab import load_vocabulary

BASE = "https://w3id.org/ceasefire-kg/"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("docs") / "ontology"
    run = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "build.py"), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["concepts.html", "index.html"]
    return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


def _text(page: str) -> str:
    """The page as text, entities decoded (so that IRIs and labels compare as written in the ontology)."""
    return html.unescape(page)


def _terms() -> list[URIRef]:
    g = load_vocabulary().graph
    terms = [
        s
        for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, cls)
        if str(s).startswith(str(CFO))
    ]
    return sorted(set(terms))


def _concepts() -> list[URIRef]:
    g = load_vocabulary().graph
    return sorted({c for c in g.subjects(RDF.type, SKOS.Concept) if str(c).startswith(BASE)})


def test_there_is_something_to_check():
    assert len(_terms()) > 50 and len(_concepts()) > 50


@pytest.mark.slow
def test_pylode_page_has_every_class_and_property(pages):
    """index.html (pyLODE) describes each cfo: class and property under its IRI, with its label."""
    text = _text(pages["index.html"])
    g = load_vocabulary().graph
    missing = [t for t in _terms() if str(t) not in text]
    assert not missing, f"not on index.html: {missing}"
    unlabelled = [t for t in _terms() if str(g.value(t, RDFS.label)) not in text]
    assert not unlabelled, f"labels missing from index.html: {unlabelled}"


@pytest.mark.slow
def test_concepts_page_has_every_concept_with_its_notation_and_label(pages):
    text = _text(pages["concepts.html"])
    g = load_vocabulary().graph
    missing = [c for c in _concepts() if str(c) not in text]
    assert not missing, f"not on concepts.html: {missing}"
    for c in _concepts():
        assert str(g.value(c, SKOS.prefLabel)) in text, c
        assert f"<code>{g.value(c, SKOS.notation)}</code>" in text, c


@pytest.mark.slow
def test_concepts_page_lists_every_term_with_its_annotation_key(pages):
    """concepts.html also has each cfo: term: its key in the annotation files and its mappings."""
    text = _text(pages["concepts.html"])
    assert not [t for t in _terms() if str(t) not in text]
    assert "<code>stance:</code>" in text and "section <code>positions:</code>" in text
    assert "<code>type: Ceasefire</code> in <code>proposals:</code>" in text
    # a mapping: rejects is an exact match of PLOVER REJECT
    row = text[text.index('id="c-stance-rejects"') :]
    row = row[: row.index("</tr>")]
    assert "exact:" in row and "REJECT" in row


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])


def _links(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    return parser


@pytest.mark.slow
def test_the_pages_link_each_other_and_their_anchors_exist(pages):
    index, concepts = _links(pages["index.html"]), _links(pages["concepts.html"])
    assert "concepts.html" in index.hrefs
    assert "index.html" in concepts.hrefs
    broken = [h for h in concepts.hrefs if h.startswith("#") and h[1:] not in concepts.ids]
    broken += [h for h in concepts.hrefs if h.startswith("index.html#") and h.split("#", 1)[1] not in index.ids]
    assert not broken, f"links to no anchor: {sorted(set(broken))}"


@pytest.fixture(scope="module")
def generator():
    """docs/build.py as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_build", ROOT / "docs" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_term_links_to_its_section_on_the_pylode_page(pages, generator):
    anchors = generator.pylode_anchors(pages["index.html"])
    assert not [t for t in _terms() if str(t) not in anchors]
    index = _links(pages["index.html"])
    assert set(anchors.values()) <= index.ids


def test_make_docs_writes_into_docs_ontology(generator):
    """The target the README names (docs/ontology/, ignored by git) is where the generator writes by default."""
    assert Path(generator.DEFAULT_OUT) == ROOT / "docs" / "ontology"
    assert "docs/ontology/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
