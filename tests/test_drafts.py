"""Draft records (issue #15): a record ``kg draft`` wrote carries ``draft: {rule, cue, confidence}`` until a person
reviews it; ``kg build`` refuses such records (one error naming each, exit 2, nothing written) unless told to take
them (``--accept-drafts``), and then marks each one's node in the graph (``cfo:draftRule``, ``cfo:draftConfidence``,
``cfo:draftCue``).

The fixture is tests/data/drafts/bay.yaml (an invented article, bay.txt): two of its records are drafts, the actor
``mira-hollis`` (a block mapping) and the position ``veska-agrees-fishing-truce`` (a flow mapping).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, kg_main, run_kg

FIXTURE = DATA / "drafts"
DRAFTED = (FIXTURE / "bay.yaml").read_text(encoding="utf-8")
#: the draft marker of mira-hollis (a block mapping, four lines) and that of the position (one line)
ACTOR_DRAFT = '    draft:\n      rule: actor.new-person\n      cue: "envoy"\n      confidence: 0.6\n'
POSITION_DRAFT = '    draft: {rule: position.stance-cue, cue: "agreed", confidence: 0.8}\n'
#: the annotation once a person has reviewed it and accepted both drafts (their `draft:` lines deleted)
REVIEWED = DRAFTED.replace(ACTOR_DRAFT, "").replace(POSITION_DRAFT, "")
HINT = (
    "  fix: review each, then delete its `draft:` line to accept it, or delete the record; "
    "`kg build --accept-drafts` takes them as they are"
)
DRAFTS_QUERY = """SELECT ?id ?rule ?confidence ?cue WHERE {
  ?node cfo:draftRule ?rule ; cfo:draftConfidence ?confidence .
  OPTIONAL { ?node cfo:draftCue ?cue }
  BIND(REPLACE(STR(?node), "^.*/", "") AS ?id)
} ORDER BY ?id"""


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A folder with the invented article, its drafted annotation (bay.yaml), and in out/ a good build of the
    reviewed annotation (the last good outputs)."""
    shutil.copy(FIXTURE / "bay.txt", tmp_path / "bay.txt")
    (tmp_path / "bay.yaml").write_text(REVIEWED, encoding="utf-8")
    assert kg_main("build", "bay.yaml", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "bay.yaml").write_text(DRAFTED, encoding="utf-8")
    return tmp_path


def _write(workspace: Path, old: str, new: str) -> str:
    assert DRAFTED.count(old) == 1, old
    text = DRAFTED.replace(old, new)
    (workspace / "bay.yaml").write_text(text, encoding="utf-8")
    return text


def _build_fails(workspace: Path, *options: str, run=kg_main) -> list[str]:
    before = _snapshot(workspace / "out")
    result = run("build", "bay.yaml", "--out", "out", *options, cwd=workspace)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert _snapshot(workspace / "out") == before, "a refused build changed the last good outputs"
    return result.stderr.splitlines()


def _drafts(workspace: Path, build: str = "out") -> str:
    result = kg_main("query", "-", "--from", build, "--format", "csv", cwd=workspace, stdin=DRAFTS_QUERY)
    assert result.returncode == 0, result.stderr
    return result.stdout.replace("\r\n", "\n")  # (CSV ends its lines with CRLF)


# ---------------------------------------------------------------- kg build refuses drafts


def test_build_refuses_the_drafts_in_one_error_naming_each_and_writes_nothing(workspace):
    err = _build_fails(workspace, run=run_kg)
    actor, position = _line_of(DRAFTED, ACTOR_DRAFT), _line_of(DRAFTED, POSITION_DRAFT)
    assert err == [
        "building 1 annotation file: bay.yaml",
        "kg build: 2 records are still drafts that no one has reviewed; nothing was written:",
        f"  bay.yaml:{actor}: actors 'mira-hollis' (rule actor.new-person, confidence 0.6)",
        f"  bay.yaml:{position}: positions 'veska-agrees-fishing-truce' (rule position.stance-cue, confidence 0.8)",
        HINT,
    ]
    assert _drafts(workspace) == "id,rule,confidence,cue\n"  # the last good build, reviewed, is still there


def test_one_draft_left_is_named_alone(workspace):
    _write(workspace, ACTOR_DRAFT, "")
    position = _line_of(DRAFTED.replace(ACTOR_DRAFT, ""), POSITION_DRAFT)
    assert _build_fails(workspace, "-q") == [
        "kg build: 1 record is still a draft that no one has reviewed; nothing was written:",
        f"  bay.yaml:{position}: positions 'veska-agrees-fishing-truce' (rule position.stance-cue, confidence 0.8)",
        HINT,
    ]


def test_drafts_are_reported_with_the_other_errors_of_the_build(workspace):
    text = _write(workspace, "    holder: veska\n", "    holder: veskaa\n")
    actor, position = _line_of(text, ACTOR_DRAFT), _line_of(text, POSITION_DRAFT)
    assert _build_fails(workspace, "-q") == [
        "kg build: 2 errors in the input; nothing was written:",
        f"bay.yaml:{_line_of(text, '    holder: veskaa')}: [veska-agrees-fishing-truce] 'holder' names unknown id "
        "'veskaa'",
        "  fix: did you mean 'veska'?",
        "2 records are still drafts that no one has reviewed:",
        f"  bay.yaml:{actor}: actors 'mira-hollis' (rule actor.new-person, confidence 0.6)",
        f"  bay.yaml:{position}: positions 'veska-agrees-fishing-truce' (rule position.stance-cue, confidence 0.8)",
        HINT,
    ]


def test_deleting_the_draft_lines_accepts_the_records(workspace):
    (workspace / "bay.yaml").write_text(REVIEWED, encoding="utf-8")
    shutil.rmtree(workspace / "out")
    result = kg_main("build", "bay.yaml", "--out", "out", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("took")]
    assert _drafts(workspace) == "id,rule,confidence,cue\n"


# ---------------------------------------------------------------- --accept-drafts


def test_accept_drafts_builds_them_says_how_many_and_marks_their_nodes(workspace):
    result = run_kg("build", "bay.yaml", "--out", "out", "--accept-drafts", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[:2] == [
        "building 1 annotation file: bay.yaml",
        "took 2 draft records from 1 file as they are, unreviewed (--accept-drafts): the graph marks each with "
        "cfo:draftRule",
    ]
    assert _drafts(workspace) == (
        "id,rule,confidence,cue\n"
        "mira-hollis,actor.new-person,0.6,envoy\n"
        "veska-agrees-fishing-truce,position.stance-cue,0.8,agreed\n"
    )
    stats = kg_main("stats", "--from", "out", cwd=workspace)
    assert "drafts: 2 record(s) built from unreviewed drafts (cfo:draftRule)" in stats.stdout.splitlines()


def test_the_marks_are_typed_and_in_the_drafted_article_s_graph(workspace):
    import kg

    kg.build_to([workspace / "bay.yaml"], workspace / "out", progress=None, accept_drafts=True)
    rows = kg.load(workspace / "out").query(
        """SELECT ?g ?node ?p ?o WHERE { GRAPH ?g { ?node ?p ?o FILTER(?p IN (cfo:draftRule, cfo:draftConfidence)) } }
        ORDER BY ?node ?p"""
    )
    shown = [
        (str(r.g).rsplit("/", 1)[-1], str(r.node).rsplit("/", 1)[-1], str(r.p).rsplit("#")[-1], r.o.n3()) for r in rows
    ]
    decimal = "<http://www.w3.org/2001/XMLSchema#decimal>"
    assert shown == [
        ("bay-2026-07-fishing-truce", "mira-hollis", "draftConfidence", f'"0.6"^^{decimal}'),
        ("bay-2026-07-fishing-truce", "mira-hollis", "draftRule", '"actor.new-person"'),
        ("bay-2026-07-fishing-truce", "veska-agrees-fishing-truce", "draftConfidence", f'"0.8"^^{decimal}'),
        ("bay-2026-07-fishing-truce", "veska-agrees-fishing-truce", "draftRule", '"position.stance-cue"'),
    ]


def test_the_api_refuses_and_accepts_drafts_as_the_command_does(workspace):
    import kg
    from kg.errors import DraftRecords

    with pytest.raises(kg.InputErrors) as caught:
        kg.build([workspace / "bay.yaml"])
    assert [type(e) for e in caught.value.errors] == [DraftRecords]
    assert [r.split(": ", 1)[1] for r in caught.value.errors[0].records] == [
        "actors 'mira-hollis' (rule actor.new-person, confidence 0.6)",
        "positions 'veska-agrees-fishing-truce' (rule position.stance-cue, confidence 0.8)",
    ]
    result = kg.build([workspace / "bay.yaml"], accept_drafts=True)
    assert [(a.records, a.drafts) for a in result.articles] == [(8, 2)]
    outcome = kg.build_to([workspace / "bay.yaml"], workspace / "out", progress=None, accept_drafts=True)
    assert outcome.stats.drafts == 2


def test_drafts_of_several_files_built_in_parallel(workspace):
    """Four files, two worker processes: the ids of the drafts come from the workers' share of the corpus index."""
    for n in range(2, 5):
        text = DRAFTED.replace("id: bay-2026-07-fishing-truce", f"id: bay-2026-07-fishing-truce-{n}")
        (workspace / f"bay{n}.yaml").write_text(text, encoding="utf-8")
    files = ["bay.yaml", "bay2.yaml", "bay3.yaml", "bay4.yaml"]
    before = _snapshot(workspace / "out")
    refused = kg_main("build", *files, "--out", "out", "-j", "2", "-q", cwd=workspace)
    assert refused.returncode == 2
    assert _snapshot(workspace / "out") == before
    lines = refused.stderr.splitlines()
    assert lines[0] == "kg build: 8 records are still drafts that no one has reviewed; nothing was written:"
    assert [line.split(":")[0].strip() for line in lines[1:-1]] == [f for f in files for _ in range(2)]
    taken = kg_main("build", *files, "--out", "out", "-j", "2", "--accept-drafts", cwd=workspace)
    assert taken.returncode == 0, taken.stderr
    assert (
        "took 8 draft records from 4 files as they are, unreviewed (--accept-drafts): the graph marks each with "
        "cfo:draftRule"
    ) in taken.stderr.splitlines()


def test_build_help_explains_the_flag():
    result = kg_main("build", "--help")
    text = " ".join(result.stdout.split())
    assert "--accept-drafts build the records still marked 'draft:' (written by `kg draft`) as they are" in text
    assert "A record still marked 'draft:' (written by `kg draft`, not yet reviewed) is refused" in text


# ---------------------------------------------------------------- malformed draft markers

BAD_MARKERS = {
    "not a mapping": (
        "    draft: yes\n",
        "'draft' must be a mapping like {rule: ..., confidence: ...}, not True",
        "write draft: {rule: position.stance-cue, cue: \"agreed\", confidence: 0.8}, or delete the 'draft:' line "
        "to accept the record as it is",
    ),
    "no rule": (
        '    draft: {cue: "agreed", confidence: 0.8}\n',
        "'draft' has no rule",
        "write draft: {rule: position.stance-cue, cue: \"agreed\", confidence: 0.8}, or delete the 'draft:' line "
        "to accept the record as it is",
    ),
    "rule not a name": (
        "    draft: {rule: 12, confidence: 0.8}\n",
        "the draft's rule must be the name of a rule of `kg draft`, not 12",
        "write draft: {rule: position.stance-cue, cue: \"agreed\", confidence: 0.8}, or delete the 'draft:' line "
        "to accept the record as it is",
    ),
    "no confidence": (
        "    draft: {rule: position.stance-cue}\n",
        "'draft' has no confidence",
        "write draft: {rule: position.stance-cue, cue: \"agreed\", confidence: 0.8}, or delete the 'draft:' line "
        "to accept the record as it is",
    ),
    "confidence above 1": (
        "    draft: {rule: position.stance-cue, confidence: 1.5}\n",
        "the draft's confidence must be a number from 0 to 1, not 1.5",
        "write confidence: 0.8 (how sure the rule is, from 0 to 1)",
    ),
    "confidence below 0": (
        "    draft: {rule: position.stance-cue, confidence: -0.1}\n",
        "the draft's confidence must be a number from 0 to 1, not -0.1",
        "write confidence: 0.8 (how sure the rule is, from 0 to 1)",
    ),
    "confidence a word": (
        "    draft: {rule: position.stance-cue, confidence: high}\n",
        "the draft's confidence must be a number from 0 to 1, not 'high'",
        "write confidence: 0.8 (how sure the rule is, from 0 to 1)",
    ),
    "confidence a boolean": (
        "    draft: {rule: position.stance-cue, confidence: true}\n",
        "the draft's confidence must be a number from 0 to 1, not True",
        "write confidence: 0.8 (how sure the rule is, from 0 to 1)",
    ),
    "confidence not a number": (
        "    draft: {rule: position.stance-cue, confidence: .nan}\n",
        "the draft's confidence must be a number from 0 to 1, not nan",
        "write confidence: 0.8 (how sure the rule is, from 0 to 1)",
    ),
    "cue not words": (
        "    draft: {rule: position.stance-cue, cue: [agreed, to], confidence: 0.8}\n",
        "the draft's cue must be the article's words that triggered the rule, not ['agreed', 'to']",
        'write cue: "..." (in double quotes), or delete it',
    ),
    "unknown key": (
        "    draft: {rule: position.stance-cue, confidence: 0.8, score: 3}\n",
        "unknown key 'score' in 'draft'",
        "a draft marker has: rule, cue, confidence",
    ),
}


@pytest.mark.parametrize("case", list(BAD_MARKERS))
def test_a_malformed_draft_marker_is_an_error_naming_what_is_wrong(workspace, case):
    marker, message, hint = BAD_MARKERS[case]
    text = _write(workspace, POSITION_DRAFT, marker)
    line = _line_of(text, marker)
    assert _build_fails(workspace, "-q") == [
        "kg build: 1 error in the input; nothing was written:",
        f"bay.yaml:{line}: [veska-agrees-fishing-truce] {message}",
        f"  fix: {hint}",
    ]


def test_an_error_in_a_block_marker_points_at_its_line(workspace):
    text = _write(workspace, "      confidence: 0.6\n", "      confidence: 6\n      weight: 1\n")
    assert _build_fails(workspace, "-q") == [
        "kg build: 2 errors in the input; nothing was written:",
        f"bay.yaml:{_line_of(text, '      weight: 1')}: [mira-hollis] unknown key 'weight' in 'draft'",
        "  fix: a draft marker has: rule, cue, confidence",
        f"bay.yaml:{_line_of(text, '      confidence: 6')}: [mira-hollis] the draft's confidence must be a number "
        "from 0 to 1, not 6",
        "  fix: write confidence: 0.8 (how sure the rule is, from 0 to 1)",
    ]


def test_the_article_block_is_never_a_draft(workspace):
    text = _write(workspace, "  language: en\n", "  language: en\n  draft: {rule: article.block, confidence: 1}\n")
    assert _build_fails(workspace, "-q") == [
        "kg build: 1 error in the input; nothing was written:",
        f"bay.yaml:{_line_of(text, '  draft: {rule: article.block')}: the article block is never a draft",
        "  fix: delete 'draft:' from 'article:' (only records are drafts: check the article block against the "
        "article and keep it)",
    ]
