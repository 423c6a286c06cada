"""References across annotation files (issue #12, point 2, and its "Bad input"): a record names an id defined in
another file of the same build without declaring it again; a record that declares such an id adds to it, with its
own quote, in its own graph; unknown ids name the files where similar ids are; the output does not depend on the
order of the files, nor on the number of worker processes.

The articles are the invented ones of tests/data/sources/ (tests/data/README.md): alpha.yaml defines the actors,
the proposal and the events; beta, gamma and delta name them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, kg_main, run_kg
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS, TIME, XSD

from kg.namespaces import CFO, ID, OA

SOURCES = DATA / "sources"
FILES = [SOURCES / f"{n}.yaml" for n in ("alpha", "beta", "gamma", "delta")]
ALPHA_TEXT = FILES[0].read_text(encoding="utf-8")
ALPHA = "meridian-2025-05-corran-truce"
BETA = "courier-2025-05-southland-rejects"


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture(scope="module")
def corpus():
    from kg.builder.article import build

    return build(FILES).dataset


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    for f in SOURCES.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(folder: Path, name: str, old: str, new: str) -> str:
    text = (folder / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    (folder / name).write_text(text, encoding="utf-8")
    return text


def _fails(folder: Path, *names: str, run=kg_main) -> str:
    out = folder / "out"
    result = run("build", *(folder / n for n in names), "--out", out)
    assert result.returncode == 2, result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()
    return result.stderr


def test_a_record_names_ids_of_another_file_without_declaring_them(corpus):
    beta = corpus.graph(ID[f"graph/{BETA}"])
    position = ID["position/southland-rejects-corran-truce"]
    assert beta.value(position, CFO.target) == ID["proposal/corran-truce"]
    assert beta.value(position, CFO.holder) == ID["actor/southland"]
    # beta says nothing of the proposal itself: that is alpha's
    assert list(beta.predicate_objects(ID["proposal/corran-truce"])) == []
    assert corpus.value(ID["proposal/corran-truce"], RDFS.label) == Literal(
        "10-day truce in the Corran hills", lang="en"
    )
    # its derived label reads the labels alpha gives
    derived = corpus.graph(ID[f"graph/{BETA}/derived"])
    assert derived.value(position, RDFS.label) == Literal(
        "Southland — rejects — 10-day truce in the Corran hills", lang="en"
    )


def test_a_time_after_an_event_of_another_file_starts_at_that_event(corpus):
    beta = corpus.graph(ID[f"graph/{BETA}"])
    t = ID[f"time/{BETA}/reyl-statement/hasTime"]  # each article's times are its own nodes
    assert beta.value(t, CFO.earliest) == Literal("2025-05-03", datatype=XSD.date)
    # the event is alpha's, dated there: after alpha's time of it
    assert beta.value(t, TIME.after) == ID[f"time/{ALPHA}/varga-proposal/hasTime"]


def test_a_record_adds_to_an_id_of_another_file_with_its_own_quote(corpus):
    varga = ID["actor/varga"]
    beta = corpus.graph(ID[f"graph/{BETA}"])
    assert set(beta.objects(varga, SKOS.altLabel)) == {Literal("Minister Varga", lang="en")}
    assert beta.value(varga, RDFS.label) is None  # the label is alpha's: beta gives none
    assert beta.value(varga, RDF.type) == CFO.Actor  # no type written: the section's class
    ev = beta.value(varga, CFO.evidence)
    assert beta.value(ev, OA.hasSource) == ID[f"article/{BETA}"]
    assert str(beta.value(ev, CFO.annotationFile)).endswith("beta.yaml")
    # in the union: the label and type of alpha, the aliases of beta and delta, each with its own evidence
    assert corpus.value(varga, RDFS.label) == Literal("Ilse Varga", lang="en")
    assert (varga, RDF.type, CFO.Person) in corpus
    assert set(corpus.objects(varga, SKOS.altLabel)) == {
        Literal("Minister Varga", lang="en"),
        Literal("the Iron Envoy", lang="en"),
    }
    sources = {str(corpus.value(e, OA.hasSource)).rsplit("/", 1)[1] for e in corpus.objects(varga, CFO.evidence)}
    assert sources == {"meridian-2025-05-corran-truce", BETA, "delta-2025-varga-meets-reyl"}


def test_a_proposer_is_derived_from_a_position_on_a_proposal_of_another_file(corpus):
    derived = corpus.graph(ID["graph/gamma-2025-corran-offer-repeated/derived"])
    assert set(derived.objects(ID["proposal/corran-truce"], CFO.proposedBy)) == {ID["actor/northland"]}
    assert set(corpus.objects(ID["proposal/corran-truce"], CFO.proposedBy)) == {
        ID["actor/northland"],
        ID["actor/varga"],
    }


def test_the_corpus_is_valid(corpus):
    from kg.validate.shacl import validate_dataset

    report = validate_dataset(corpus)
    assert report.conforms, report.format()


def test_the_output_does_not_depend_on_the_order_of_the_files_nor_on_the_workers(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    orders = {
        "given": ([*FILES], "1"),
        "reversed": ([*reversed(FILES)], "1"),
        "shuffled-parallel": ([FILES[2], FILES[0], FILES[3], FILES[1]], "2"),
    }
    outputs = {}
    for name, (files, jobs) in orders.items():
        result = run_kg("build", *files, "--out", tmp_path / name, "--jobs", jobs, env=env)
        assert result.returncode == 0, result.stderr
        outputs[name] = {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}
    assert "4 annotation files" in result.stderr and "(2 processes)" in result.stderr
    assert len(outputs["given"]) >= 6
    assert outputs["reversed"] == outputs["given"]
    assert outputs["shuffled-parallel"] == outputs["given"]


def test_the_index_reaches_the_worker_processes():
    from kg.builder.pipeline import build_all

    _, one = build_all(list(FILES), jobs=1)
    _, two = build_all(list(reversed(FILES)), jobs=2)
    assert two.nquads() == one.nquads()
    assert b"<https://w3id.org/ceasefire-kg/id/graph/gamma-2025-corran-offer-repeated/derived>" in two.nquads()


def test_an_unknown_id_names_the_files_where_similar_ids_are_defined(sources):
    text = _edit(sources, "beta.yaml", "    holder: southland\n", "    holder: southlnd\n")
    err = _fails(sources, "alpha.yaml", "beta.yaml", run=run_kg)
    line = _line_of(text, "    holder: southlnd")
    south, north = _line_of(ALPHA_TEXT, "  - id: southland"), _line_of(ALPHA_TEXT, "  - id: northland")
    assert f"beta.yaml:{line}: [southland-rejects-corran-truce] 'holder' names unknown id 'southlnd'" in err
    assert (
        f"fix: did you mean 'southland' (in {sources / 'alpha.yaml'} line {south}) or "
        f"'northland' (in {sources / 'alpha.yaml'} line {north})?" in err
    )
    assert len(re.findall(r"\.yaml:\d+: ", err)) == 1


def test_an_id_defined_in_no_file_of_the_build_is_an_error(sources):
    err = _fails(sources, "beta.yaml")
    assert "'holder' names unknown id 'southland'" in err
    assert "'target' names unknown id 'corran-truce'" in err
    assert "[varga] no label" in err  # beta's varga gives none, and no file of this build does


def test_the_ids_of_an_unreadable_file_are_said_to_be_unknown_for_that_reason(sources):
    _edit(sources, "alpha.yaml", "    label: Southland\n", "    label: Southland: a state\n")
    err = _fails(sources, "alpha.yaml", "beta.yaml")
    assert "alpha.yaml:" in err and "malformed YAML" in err
    assert f"({sources / 'alpha.yaml'} could not be read: its ids are unknown)" in err


def test_an_id_defined_twice_within_one_file_is_an_error(sources):
    text = _edit(
        sources,
        "beta.yaml",
        "events:\n",
        '  - id: reyl\n    label: Tomas Reyl\n    quote: "Reyl told"\n\nevents:\n',
    )
    err = _fails(sources, "alpha.yaml", "beta.yaml")
    first, again = _line_of(text, "  - id: reyl\n"), _line_of(text, '    quote: "Reyl told"') - 2
    assert f"beta.yaml:{again}: [reyl] duplicate id 'reyl'" in err
    assert f"the first 'reyl' is on line {first}: rename one of them" in err


def test_an_id_in_two_sections_of_two_files_is_an_error(sources):
    text = _edit(
        sources,
        "delta.yaml",
        "events:\n",
        'proposals:\n  - id: southland\n    label: Southland\n    quote: "Port Celadon"\n\nevents:\n',
    )
    err = _fails(sources, "alpha.yaml", "delta.yaml", "beta.yaml")
    line = _line_of(text, "  - id: southland")
    first = _line_of(ALPHA_TEXT, "  - id: southland")
    assert (
        f"delta.yaml:{line}: [southland] the id 'southland' is in 'proposals' here and in 'actors' in "
        f"{sources / 'alpha.yaml'} line {first}" in err
    )
    assert "fix: ids are shared by all the files of a build: the same id is the same record; rename one" in err


def test_a_different_label_for_the_same_id_is_not_an_error(sources):
    # a disagreement between sources (issue #12, point 3), not bad input
    _edit(sources, "delta.yaml", "  - id: varga\n", "  - id: varga\n    label: Minister Ilse Varga\n")
    result = kg_main("build", *(sources / f.name for f in FILES), "--out", sources / "out")
    assert result.returncode == 0, result.stderr
