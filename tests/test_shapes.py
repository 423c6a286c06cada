"""Tests of the SHACL shapes (ontology/shapes.ttl).

Every target shape ``cfo:XShape`` (a node shape with a target) has hand-written examples in tests/data/shapes/:

* ``X.valid.ttl``, a small complete data graph that conforms to *all* shapes;
* ``X.invalid.ttl`` (and optionally ``X.invalid-<what>.ttl``), the same graph with one deliberate defect, whose
  header announces the violations it must produce, one block per violation::

      # fails: <shape local name> <property path as prefixed name, or -> : <reason, for people>
      # focus: <the focus node, as a prefixed name of the file>
      # message: <a phrase the violation's message must contain>

The invalid file must produce exactly those violations: the same set of (focus node, path, source shape), where the
source shape of a property shape's result is the target shape it belongs to.

Validation goes through kg.validate.validate_graph, with the ontology of ontology/*.ttl, as ``kg validate`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML, example_report, ontology_graph, shapes_graph
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import CFO, ONTOLOGY_IRI, SH, bind_prefixes
from kg.resources import SHAPES_FILE
from kg.validate.shacl import ValidationReport, Violation, validate_dataset

EXAMPLES = Path(__file__).parent / "data" / "shapes"
SEED = SEED_YAML
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

# the shapes graph and the ontology graph are read once per session (conftest.shapes_graph, .ontology_graph)


def local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def node_shapes() -> list[URIRef]:
    g = shapes_graph()
    return sorted(s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def is_target_shape(node) -> bool:
    g = shapes_graph()
    return any((node, t, None) in g for t in TARGETS)


def target_shapes() -> list[URIRef]:
    return [s for s in node_shapes() if is_target_shape(s)]


def value_shapes() -> list[URIRef]:
    """Node shapes without targets: used through sh:node to say what a value must be."""
    return [s for s in node_shapes() if not is_target_shape(s)]


def example_name(shape: URIRef) -> str:
    """cfo:PositionShape -> 'Position', the stem of its example files."""
    return local(shape).removesuffix("Shape")


def property_shapes(shape) -> list:
    return list(shapes_graph().objects(shape, SH.property))


def owning_target_shape(source) -> URIRef | None:
    """The target shape that a result's source shape is, or whose sh:property it is."""
    g, todo, seen = shapes_graph(), [source], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if is_target_shape(node):
            return node
        todo.extend(g.subjects(SH.property, node))
    return None


# ---------------------------------------------------------------- the examples


@dataclass(frozen=True)
class Expected:
    shape: str
    path: str | None
    reason: str
    focus: str
    message: str


FAILS = re.compile(r"^# fails: (?P<shape>\S+) (?P<path>\S+) : (?P<reason>\S.*)$")
FIELD = re.compile(r"^# (?P<key>focus|message): (?P<value>\S.*)$")


def read_header(path: Path) -> list[Expected]:
    """The violations an invalid example announces in its leading comment lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and FAILS.match(lines[0]), (
        f"{path.name}: the first line must be '# fails: <shape> <path or -> : <reason>', not {lines[:1]}"
    )
    blocks: list[dict[str, str]] = []
    for line in lines:
        if not line.startswith("#"):
            break
        if m := FAILS.match(line):
            blocks.append(dict(m.groupdict()))
        elif m := FIELD.match(line):
            assert m["key"] not in blocks[-1], f"{path.name}: two '{m['key']}:' lines for one '# fails:'"
            blocks[-1][m["key"]] = m["value"].strip()
        else:
            pytest.fail(f"{path.name}: unexpected header line {line!r}")
    for b in blocks:
        missing = {"focus", "message"} - set(b)
        assert not missing, f"{path.name}: '# fails: {b['shape']} {b['path']}' has no {', '.join(sorted(missing))} line"
    return [
        Expected(b["shape"], None if b["path"] == "-" else b["path"], b["reason"], b["focus"], b["message"])
        for b in blocks
    ]


def validate_example(path: Path) -> tuple[Graph, ValidationReport]:
    """(data, report) of the example validated as `kg validate` does (made once: test_shacl_sparql uses it too)."""
    return example_report(path, "sparql")


def valid_files() -> list[Path]:
    return [EXAMPLES / f"{example_name(s)}.valid.ttl" for s in target_shapes()]


def invalid_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.invalid*.ttl"))


def _term(g: Graph, text: str | None):
    """A term as kg.validate shortened it (n3 with the project's prefixes) back to an rdflib term."""
    if text is None:
        return None
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    if re.fullmatch(r"[A-Za-z][\w.-]*:\S*", text):
        return g.namespace_manager.expand_curie(text)
    return text  # a literal value, as kg.validate quotes it


def actual_key(v: Violation, merged: Graph) -> tuple:
    """(focus node, path, target shape) of a violation."""
    source = _term(merged, v.shape)
    owner = owning_target_shape(source)
    return _term(merged, v.node), _term(merged, v.path), owner if owner is not None else source


def split_details(violations: list[Violation], merged: Graph) -> tuple[list[Violation], list[Violation]]:
    """(results, details): kg.validate also lists the sh:detail results that pyshacl nests under a failed sh:node.

    A detail's source shape is a value shape (no target, reached only through sh:node) and its focus node is the
    value of the result it explains; each detail must explain one of the results.
    """
    top = [v for v in violations if owning_target_shape(_term(merged, v.shape)) is not None]
    details = [v for v in violations if v not in top]
    values = {_term(merged, v.value) for v in top}
    for d in details:
        assert _term(merged, d.node) in values, f"a violation of no target shape explains no result: {d.format()}"
    return top, details


def _show(keys, g: Graph) -> str:
    def n3(t):
        return "-" if t is None else t.n3(g.namespace_manager) if hasattr(t, "n3") else str(t)

    return ", ".join(sorted("(" + " ".join(n3(t) for t in key) + ")" for key in keys)) or "none"


def expected_key(e: Expected, data: Graph) -> tuple:
    return (
        data.namespace_manager.expand_curie(e.focus),
        None if e.path is None else data.namespace_manager.expand_curie(e.path),
        CFO[e.shape],
    )


# ---------------------------------------------------------------- tests: examples


@pytest.mark.parametrize("path", valid_files(), ids=lambda p: p.name.removesuffix(".valid.ttl"))
def test_valid_example_conforms(path: Path) -> None:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    _, report = validate_example(path)
    assert report.conforms, f"{path.name} should conform to every shape, but:\n{report.format()}"


@pytest.mark.parametrize("path", invalid_files(), ids=lambda p: p.name.removesuffix(".ttl"))
def test_invalid_example_fails_as_announced(path: Path) -> None:
    expected = read_header(path)
    shape_name = path.name.split(".")[0] + "Shape"
    assert shape_name in {e.shape for e in expected}, (
        f"{path.name} is an example of cfo:{shape_name}, but its header expects no violation of it"
    )
    data, report = validate_example(path)
    assert not report.conforms, f"{path.name} should not conform, but it does"

    merged = data + ontology_graph()
    bind_prefixes(merged)
    top, _details = split_details(report.violations, merged)
    actual = {actual_key(v, merged): v for v in top}
    wanted = {expected_key(e, data): e for e in expected}
    assert set(actual) == set(wanted), (
        f"{path.name}: violations differ from its header (focus node, path, shape)\n"
        f"  expected: {_show(wanted, merged)}\n  actual:   {_show(actual, merged)}\n{report.format()}"
    )
    assert len(top) == len(expected), (
        f"{path.name}: {len(top)} violations for {len(expected)} announced\n{report.format()}"
    )
    for key, e in wanted.items():
        assert e.message in actual[key].message, (
            f"{path.name}: the message of {e.shape} {e.path or '-'} lacks {e.message!r}: {actual[key].message!r}"
        )


def test_every_target_shape_has_examples() -> None:
    """A new target shape can't land untested: it needs X.valid.ttl and X.invalid.ttl."""
    missing = [
        f"{example_name(s)}.{kind}.ttl"
        for s in target_shapes()
        for kind in ("valid", "invalid")
        if not (EXAMPLES / f"{example_name(s)}.{kind}.ttl").exists()
    ]
    assert not missing, "target shapes without examples in tests/data/shapes: " + ", ".join(missing)


def test_every_example_belongs_to_a_shape() -> None:
    names = {example_name(s) for s in target_shapes()}
    orphans = sorted(p.name for p in EXAMPLES.glob("*.ttl") if p.name.split(".")[0] not in names)
    assert not orphans, f"examples of no target shape: {orphans}"


# ---------------------------------------------------------------- tests: the shapes file itself


@pytest.mark.parametrize("shape", node_shapes(), ids=local)
def test_shape_is_documented(shape: URIRef) -> None:
    """Every node shape has a label and a message; its property shapes a name and a message."""
    g = shapes_graph()
    assert g.value(shape, RDFS.label), f"{local(shape)} has no rdfs:label"
    assert g.value(shape, SH.message), f"{local(shape)} has no sh:message"
    for ps in property_shapes(shape):
        path = g.value(ps, SH.path)
        where = f"{local(shape)} / {local(path)}"
        assert g.value(ps, SH.name), f"{where} has no sh:name"
        sparql = list(g.objects(ps, SH.sparql))
        # a SPARQL constraint's own message is the message of its results (pyshacl adds the shape's too)
        assert g.value(ps, SH.message) or sparql, f"{where} has no sh:message"
        assert not (g.value(ps, SH.message) and sparql), (
            f"{where}: put the message on its SPARQL constraint only, or results carry both"
        )
    for constraint in list(g.objects(shape, SH.sparql)) + [
        c for ps in property_shapes(shape) for c in g.objects(ps, SH.sparql)
    ]:
        assert g.value(constraint, SH.message), f"a SPARQL constraint of {local(shape)} has no sh:message"


@pytest.mark.parametrize("shape", value_shapes(), ids=local)
def test_value_shape_is_used(shape: URIRef) -> None:
    assert (None, SH.node, shape) in shapes_graph(), f"{local(shape)} has no target and no shape uses it"


def test_prefixes_declared_once_at_the_top() -> None:
    lines = SHAPES_FILE.read_text(encoding="utf-8").splitlines()
    prefixes = [(i, line.split()[1]) for i, line in enumerate(lines) if line.startswith("@prefix")]
    names = [p for _, p in prefixes]
    assert len(names) == len(set(names)), f"prefixes declared twice: {sorted({p for p in names if names.count(p) > 1})}"
    first_statement = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith(("#", "@prefix")))
    assert all(i < first_statement for i, _ in prefixes), "every @prefix must come before the first statement"


# ---------------------------------------------------------------- tests: the real annotation


@pytest.fixture(scope="module")
def seed_dataset(seed_build):
    return seed_build.dataset


def test_seed_conforms(seed_dataset) -> None:
    report = validate_dataset(seed_dataset, shapes_graph())
    assert report.conforms, f"the graph built from {SEED.relative_to(ROOT)} does not conform:\n{report.format()}"


def test_every_seed_property_is_constrained(seed_dataset) -> None:
    """No property of the built data goes unchecked: each is the sh:path of some property shape."""
    g = shapes_graph()
    paths = {p for p in g.objects(None, SH.path) if isinstance(p, URIRef)}
    used = {p for ctx in seed_dataset.graphs() if ctx.identifier != URIRef(ONTOLOGY_IRI) for p in ctx.predicates()}
    unchecked = sorted(used - paths - {RDF.type, RDFS.comment})
    assert not unchecked, f"properties of the seed graph that no shape constrains: {unchecked}"


def test_every_typed_seed_node_is_a_shape_target(seed_dataset) -> None:
    """Every typed node of the built data (but the named graphs themselves) is the focus of some target shape."""
    onto = ontology_graph()
    targets = set(shapes_graph().objects(None, SH.targetClass))
    graphs = {ctx.identifier for ctx in seed_dataset.graphs()}
    classes: dict = {}
    for ctx in seed_dataset.graphs():
        if ctx.identifier != URIRef(ONTOLOGY_IRI):
            for node, cls in ctx.subject_objects(RDF.type):
                classes.setdefault(node, set()).add(cls)
    unchecked = sorted(
        str(node)
        for node, cs in classes.items()
        if node not in graphs and not any(set(onto.transitive_objects(c, RDFS.subClassOf)) & targets for c in cs)
    )
    assert not unchecked, f"typed nodes of the seed graph that no shape targets: {unchecked}"
