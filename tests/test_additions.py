"""What real articles say that the first ontology could not hold (issue #12, point 6), written in annotation files.

The invented article tests/data/additions/ uses every new field once: relations between proposals (counterProposalTo,
extensionOf, amendmentOf, supersedes, variantOf), a deal that is not a ceasefire, a position taken by a state through
its speaker, a claim with several claimants and the parties it accuses, the stances 'pending' and 'dismisses',
statements, readouts and visits, and a violation count with its qualifier. These tests build it and check the
triples; a bad value is a clear error with the file and the line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, run_kg
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, XSD

from kg.builder.article import build, derived_graph_iri, graph_iri
from kg.errors import InputErrors
from kg.namespaces import CFO, ID
from kg.vocab import load_vocabulary

YAML = DATA / "additions" / "additions.yaml"
ARTICLE = "kgn-2025-06-lumen-talks"
STANCE = "https://w3id.org/ceasefire-kg/stance/"
QUALIFIER = "https://w3id.org/ceasefire-kg/count-qualifier/"


@pytest.fixture(scope="module")
def built():
    result = build([YAML])
    return result.graphs[graph_iri(ARTICLE)], result.graphs[derived_graph_iri(ARTICLE)]


def node(kind: str, name: str) -> URIRef:
    return ID[f"{kind}/{name}"]


def objects(g, s, p) -> set:
    return set(g.objects(s, p))


def test_relations_between_proposals(built):
    g, d = built
    p = lambda n: node("proposal", n)  # noqa: E731
    assert objects(g, p("full-truce"), CFO.counterProposalTo) == {p("energy-infrastructure-ceasefire")}
    assert objects(g, p("easter-truce-extended"), CFO.extensionOf) == {p("easter-truce")}
    assert objects(g, p("revised-truce"), CFO.amendmentOf) == {p("easter-truce")}
    assert objects(g, p("revised-truce"), CFO.supersedes) == {p("march-accord")}
    # variantOf is symmetric: one direction as written, the other derived (InverseLinks)
    assert objects(g, p("energy-pause"), CFO.variantOf) == {p("energy-infrastructure-ceasefire")}
    assert objects(g, p("energy-infrastructure-ceasefire"), CFO.variantOf) == set()
    assert objects(d, p("energy-infrastructure-ceasefire"), CFO.variantOf) == {p("energy-pause")}
    # each relation is a kind of related proposal in the ontology
    onto = load_vocabulary().graph
    for rel in (CFO.counterProposalTo, CFO.extensionOf, CFO.amendmentOf, CFO.supersedes, CFO.variantOf):
        assert (rel, RDFS.subPropertyOf, CFO.relatedProposal) in onto


def test_a_deal_is_a_proposal_but_not_a_ceasefire(built):
    g, d = built
    deal = node("proposal", "minerals-deal")
    assert objects(g, deal, RDF.type) == {CFO.Deal}
    assert objects(d, deal, RDF.type) == {CFO.Proposal}


def test_position_held_by_a_state_said_by_its_speaker(built):
    g, d = built
    pos = node("position", "northland-proposes-ceasefire")
    assert objects(g, pos, CFO.holder) == {node("actor", "northland")}
    assert objects(g, pos, CFO.speaker) == {node("actor", "ada-vela")}
    # the holder proposes, not the speaker
    assert objects(d, node("proposal", "energy-infrastructure-ceasefire"), CFO.proposedBy) == {
        node("actor", "northland")
    }
    assert objects(g, node("position", "southland-pending-deal"), CFO.speaker) == {node("actor", "palace")}


def test_claim_with_several_claimants_and_the_accused(built):
    g, _ = built
    both = {node("actor", "northland"), node("actor", "southland")}
    claim = node("claim", "mutual-accusations")
    assert objects(g, claim, CFO.claimant) == both
    assert objects(g, claim, CFO.accuses) == both
    one = node("claim", "southland-counts-violations")
    assert objects(g, one, CFO.claimant) == {node("actor", "southland")}
    assert objects(g, one, CFO.accuses) == {node("actor", "northland")}


def test_stances_pending_and_dismisses(built):
    g, d = built
    v = load_vocabulary()
    pending = objects(g, node("position", "southland-pending-deal"), CFO.stance)
    dismisses = objects(g, node("position", "northland-dismisses-truce"), CFO.stance)
    assert pending == {URIRef(STANCE + "pending")} and dismisses == {URIRef(STANCE + "dismisses")}
    assert v.polarity(URIRef(STANCE + "pending")) == "neutral"
    assert v.polarity(URIRef(STANCE + "dismisses")) == "unfavourable"
    assert str(d.value(node("position", "southland-pending-deal"), RDFS.label)) == (
        "Southland — has not yet responded to — Minerals deal"
    )


def test_statement_readout_and_visit(built):
    g, d = built
    e = lambda n: node("event", n)  # noqa: E731
    assert objects(g, e("vela-statement"), RDF.type) == {CFO.Statement}
    assert objects(g, e("northland-readout"), RDF.type) == {CFO.Readout}
    assert objects(d, e("northland-readout"), RDF.type) == {CFO.Statement, CFO.Event}
    assert objects(g, e("northland-readout"), CFO.reportsOn) == {e("vela-call")}
    assert objects(g, e("envoy-visit"), RDF.type) == {CFO.Visit}
    assert objects(g, e("envoy-visit"), CFO.host) == {node("actor", "northland")}


def test_violation_count_with_its_qualifier(built):
    g, _ = built
    claim = node("claim", "southland-counts-violations")
    count = ID["count/southland-counts-violations/violationCount"]
    assert objects(g, claim, CFO.violationCount) == {count}
    assert objects(g, count, RDF.type) == {CFO.Count}
    assert objects(g, count, SDO.value) == {Literal(2000, datatype=XSD.nonNegativeInteger)}
    assert objects(g, count, CFO.countQualifier) == {URIRef(QUALIFIER + "more-than")}
    assert objects(g, count, CFO.wording) == {Literal("more than 2,000 times")}
    quotes = {
        str(q)
        for ev in g.objects(count, CFO.evidence)
        for sel in g.objects(ev, URIRef("http://www.w3.org/ns/oa#hasSelector"))
        for q in g.objects(sel, URIRef("http://www.w3.org/ns/oa#exact"))
    }
    assert quotes == {"more than 2,000 times"}


def test_kg_build_of_the_article_is_valid(tmp_path):
    run = run_kg("build", YAML, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert "valid" in run.stdout + run.stderr


# ---------------------------------------------------------------- bad values


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    for f in (DATA / "additions").iterdir():
        shutil.copy(f, tmp_path / f.name)
    path = tmp_path / "additions.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("old", "new", "message", "fix"),
    [
        (
            "qualifier: more-than}",
            "qualifier: over}",
            "[southland-counts-violations] 'violationCount.qualifier: over' is not in the scheme Count qualifier",
            "qualifier is one of: about, at-least, at-most, exactly, fewer-than, more-than",
        ),
        (
            "count: 2000,",
            'count: "2,000",',
            "[southland-counts-violations] 'violationCount.count' must be a whole number from 0, not '2,000'",
            "write the number in digits without separators: 'count: 2000' for '2,000'",
        ),
        (
            "count: 2000,",
            "number: 2000,",
            "[southland-counts-violations] unknown key(s) number in the count 'violationCount'",
            "a count has: quote, occurrence, count, qualifier",
        ),
        (
            'violationCount: {quote: "more than 2,000 times", count: 2000, qualifier: more-than}',
            "violationCount: 2000",
            "[southland-counts-violations] 'violationCount' must be a mapping like",
            "quote the article's words for the number",
        ),
        (
            "stance: pending",
            "stance: yet-to-respond",
            "[southland-pending-deal] 'stance: yet-to-respond' is not in the scheme Stance types",
            "stance is one of: agrees, conditional, conditions, declares, denies, dismisses, favourable, neutral, pending, "
            "presents, "
            "proposes, rejects, supports, unfavourable, welcomes",
        ),
    ],
    ids=["qualifier", "count-text", "count-key", "count-scalar", "stance"],
)
def test_a_bad_value_is_an_error_with_file_and_line(tmp_path, old, new, message, fix):
    path = _copy(tmp_path, old, new)
    run = run_kg("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert f"additions.yaml:{_line(path, new)}: {message}" in run.stderr
    assert f"fix: {fix}" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputErrors):
        build([path])


@pytest.mark.parametrize(
    ("old", "new", "record", "message"),
    [
        (
            "    speaker: ada-vela",
            "    speaker: full-truce",
            "northland-proposes-ceasefire",
            "cfo:speaker: 'speaker' must name the id of an actor in 'actors'",
        ),
        (
            "    speaker: palace",
            "    speaker: southland",
            "southland-pending-deal",
            "The speaker speaks for the holder, so it cannot be a holder too",
        ),
        (
            "    accuses: northland\n",
            "    accuses: easter-truce\n",
            "southland-counts-violations",
            "'accuses' must name the id(s) of the actor(s) in 'actors'",
        ),
        (
            "    variantOf: energy-infrastructure-ceasefire",
            "    variantOf: vela-call",
            "energy-pause",
            "'variantOf' must name the id of another proposal in 'proposals'",
        ),
        (
            "    reportsOn: vela-call",
            "    reportsOn: palace",
            "northland-readout",
            "'reportsOn' must name the id of the event in 'events'",
        ),
    ],
    ids=["speaker-not-actor", "speaker-is-holder", "accuses-not-actor", "variant-not-proposal", "reports-on-actor"],
)
def test_a_value_of_the_wrong_kind_is_a_shacl_violation_with_file_and_line(tmp_path, old, new, record, message):
    path = _copy(tmp_path, old, new)
    run = run_kg("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "1 SHACL violation" in run.stderr
    start = _line(path, f"- id: {record}")
    assert f"additions.yaml:{start}: [{record}] Violation:" in run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr
