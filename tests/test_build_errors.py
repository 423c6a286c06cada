"""Bad input: each case is a clear error naming file, line and id, exit code 2, and the last good outputs stay.

Each case is a `kg build` of a broken copy of the seed's annotation over a folder of good outputs. The cases
that show how the command behaves (exit 2 for bad input, exit 1 for a SHACL violation, several errors at once,
a missing article) run `kg` in a subprocess; the other wrong inputs run the same command in this process
(conftest.kg_main): the same exit code, stdout and stderr, without starting a new Python for each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED_TEXT, SEED_YAML, kg_main, run_kg

GOOD = SEED_YAML.read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture()
def workspace(tmp_path: Path, seed_out: Path) -> Path:
    """A folder with the seed article, its annotation, and a good build of it in out/ (a copy of the session's)."""
    shutil.copy(SEED_TEXT, tmp_path / SEED_TEXT.name)
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    shutil.copytree(seed_out, tmp_path / "out")
    return tmp_path


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _break(workspace: Path, old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    text = GOOD.replace(old, new)
    (workspace / "a.yaml").write_text(text, encoding="utf-8")
    return text


def _build_fails(workspace: Path, code: int = 2, run=kg_main) -> str:
    before = _snapshot(workspace / "out")
    result = run("build", workspace / "a.yaml", "--out", workspace / "out")
    assert result.returncode == code, result.stderr
    assert _snapshot(workspace / "out") == before, "a failed build changed the outputs"
    assert result.stdout == ""
    return result.stderr


def test_malformed_yaml(workspace):
    text = _break(workspace, "    label: Russia\n", "    label: Russia: the state\n")
    err = _build_fails(workspace, run=run_kg)
    line = _line_of(text, "    label: Russia: the state")
    assert f"a.yaml:{line}: malformed YAML, column 18: mapping values are not allowed" in err
    assert "fix: check the indentation and quoting there" in err


def test_unknown_id(workspace):
    text = _break(workspace, "    holder: putin\n    stance: rejects", "    holder: putn\n    stance: rejects")
    err = _build_fails(workspace)
    line = _line_of(text, "    holder: putn")
    assert f"a.yaml:{line}: [putin-rejects-complete-ceasefire] 'holder' names unknown id 'putn'" in err
    assert "fix: did you mean 'putin'?" in err


def test_a_record_of_unknown_type_is_one_error_not_also_an_unknown_id_where_it_is_named(workspace):
    text = _break(workspace, "  - id: putin\n    type: Person\n", "  - id: putin\n    type: Persona\n")
    err = _build_fails(workspace)
    line = _line_of(text, "  - id: putin\n    type: Persona")
    assert err.splitlines()[-3:] == [
        "kg build: 1 error in the input; nothing was written:",
        f"{workspace / 'a.yaml'}:{line}: [putin] unknown type 'Persona' for a record of 'actors'",
        "  fix: types here are: Actor, Delegation, InformalGroup, Organization, Person, State",
    ]
    assert "unknown id 'putin'" not in err  # the positions that name putin are not errors of their own


def test_duplicate_id(workspace):
    text = _break(workspace, "  - id: brazil\n", "  - id: china\n")
    err = _build_fails(workspace)
    line = text.index("  - id: china\n", text.index("  - id: china\n") + 1)
    line = text[:line].count("\n") + 1
    first = _line_of(text, "  - id: china\n")
    assert f"a.yaml:{line}: [china] duplicate id 'china'" in err
    assert f"the first 'china' is on line {first}" in err


def test_date_that_does_not_parse(workspace):
    text = _break(workspace, 'hasTime: {quote: "this Sunday"}', 'hasTime: {quote: "the negotiations"}')
    err = _build_fails(workspace)
    line = _line_of(text, 'hasTime: {quote: "the negotiations"}')
    assert f"a.yaml:{line}: [jeddah-talks] the date 'the negotiations' does not parse" in err
    assert "fix: understood forms: 'March 18, 2025'" in err and "'last/this/next year'" in err


def test_quote_not_in_article_shows_nearest_text_and_first_difference(workspace):
    text = _break(workspace, 'quote: "claims made by Ukraine"', 'quote: "Ukraine\'s energy infrastructure"')
    err = _build_fails(workspace)
    line = _line_of(text, 'quote: "Ukraine\'s energy infrastructure"')  # the line of the quote itself
    assert f"a.yaml:{line}: [ukraine] quote not found in the article: “Ukraine's energy infrastructure”" in err
    assert "nearest text at 211: “Ukraine’s energy infrastructure”" in err
    assert (
        "first difference at character 8 of the quote: the quote has '\\'' (U+0027 APOSTROPHE) "
        "where the article has '’' (U+2019 RIGHT SINGLE QUOTATION MARK)"
    ) in err


def test_quote_that_occurs_twice(workspace):
    text = _break(
        workspace, '    quote: "direct negotiation"\n    occurrence: 2\n', '    quote: "direct negotiation"\n'
    )
    err = _build_fails(workspace)
    line = _line_of(text, '    quote: "direct negotiation"\n')
    assert f"a.yaml:{line}: [plan-direct-negotiation] the quote occurs 2 times in the article" in err
    assert "occurrence: K" in err


def test_unknown_stance_lists_the_ontologys_stances(workspace):
    _break(workspace, "    stance: rejects", "    stance: refuses")
    err = _build_fails(workspace)
    assert "'stance: refuses' is not in the scheme Stance types" in err
    assert (
        "stance is one of: agrees, conditional, conditions, declares, denies, dismisses, favourable, neutral, pending, "
        "presents, proposes, rejects, supports, unfavourable, welcomes" in err
    )


def test_unknown_field(workspace):
    _break(workspace, "    stance: rejects", "    stance: rejects\n    targt: complete-ceasefire")
    err = _build_fails(workspace)
    assert "[putin-rejects-complete-ceasefire] unknown field 'targt'" in err
    assert "did you mean 'target'" in err


def test_several_errors_are_reported_together(workspace):
    text = GOOD.replace("    holder: putin\n    stance: rejects", "    holder: putn\n    stance: rejects")
    text = text.replace(
        "    stance: rejects\n    target: complete-ceasefire", "    stance: rejects\n    target: complet"
    )
    (workspace / "a.yaml").write_text(text, encoding="utf-8")
    err = _build_fails(workspace, run=run_kg)
    assert "kg build: 2 errors in the input; nothing was written:" in err.splitlines()


def test_shacl_violation_exits_1_and_writes_nothing(workspace):
    text = _break(workspace, "    stance: rejects\n    target: complete-ceasefire\n", "    stance: rejects\n")
    err = _build_fails(workspace, code=1, run=run_kg)
    line = _line_of(text, "  - id: putin-rejects-complete-ceasefire")
    assert f"a.yaml:{line}: [putin-rejects-complete-ceasefire]" in err
    assert "cfo:target" in err
    assert "nothing was written" in err


def test_missing_article_text(workspace):
    (workspace / SEED_TEXT.name).unlink()
    err = _build_fails(workspace, run=run_kg)
    assert "the article text '000_331be8963d56cd33.txt' is not there" in err


# -- YAML that reads, but not as an annotation: each a clear error at its line (was a traceback) --------------------
def test_an_unquoted_date_that_does_not_exist(workspace):
    text = _break(
        workspace,
        "    note: The news outlet that published the article.\n",
        "    note: The news outlet that published the article.\n    date: 2025-02-30\n",
    )
    err = _build_fails(workspace)
    line = _line_of(text, "    date: 2025-02-30")
    assert f"a.yaml:{line}: the value of 'date' cannot be read: day is out of range for month" in err
    assert "fix: a date is YYYY-MM-DD and must exist; put the value in double quotes" in err


def test_an_article_text_that_is_a_folder(workspace):
    text = _break(workspace, "  text: 000_331be8963d56cd33.txt\n", "  text: .\n")
    err = _build_fails(workspace)
    line = _line_of(text, "article:\n") + 1
    assert (
        f"a.yaml:{line}: [tdi-2025-03-tokayev-welcomes-trump-putin-call] the article text '.' cannot be read (" in err
    )
    assert "Is a directory" in err and "fix: 'text:' names the article's UTF-8 text file" in err


def test_a_yaml_complex_key(workspace):
    text = _break(workspace, "    label: TDI\n", "    ? [a, b]\n    : c\n    label: TDI\n")
    err = _build_fails(workspace)
    line = _line_of(text, "    ? [a, b]")
    assert f"a.yaml:{line}: a key must be a plain name, not a list or a mapping" in err


def test_an_id_with_a_final_newline_is_not_a_slug(workspace):
    text = _break(workspace, "  - id: tdi\n", '  - id: "tdi\\n"\n')
    err = _build_fails(workspace)
    line = _line_of(text, '  - id: "tdi\\n"')
    assert f"a.yaml:{line}: bad id 'tdi\\n'" in err


def test_a_yaml_alias_bomb_is_refused_at_once(workspace):
    """Ten levels of nine aliases (9**10 values once expanded) reaching a label: refused, not a build without end."""
    bomb = "".join(f"    n{i}: &a{i} [" + ",".join([f"*a{i - 1}" if i else "x"] * 9) + "]\n" for i in range(10))
    text = _break(workspace, "    label: TDI\n", bomb + "    label: *a9\n")
    err = _build_fails(workspace)
    line = _line_of(text, "    n1: ")  # the first alias (*a0), where the expansion starts
    assert f"a.yaml:{line}: the file holds more than 1,000,000 values once its YAML aliases (*name) are expanded" in err
    assert "fix: write each value out instead of repeating anchors (&name) with aliases (*name)" in err


def test_an_article_over_the_size_limit_is_refused(workspace):
    """An article text over the limit (5 MB unless told otherwise) is refused before it is read."""
    size = (workspace / SEED_TEXT.name).stat().st_size
    before = _snapshot(workspace / "out")
    result = kg_main("build", workspace / "a.yaml", "--out", workspace / "out", "--max-article-mb", "0.001")
    assert result.returncode == 2
    line = _line_of(GOOD, "article:\n") + 1
    assert (
        f"a.yaml:{line}: [tdi-2025-03-tokayev-welcomes-trump-putin-call] the article text '{SEED_TEXT.name}' is "
        f"{size:,} bytes, over the limit of 1,048 bytes"
    ) in result.stderr
    assert "fix: is it really one article? if so, raise the limit: kg build --max-article-mb N" in result.stderr
    assert _snapshot(workspace / "out") == before
    assert kg_main("build", workspace / "a.yaml", "--out", workspace / "o2", "--max-article-mb", "x").returncode == 2


# -- found by the fuzz test (tests/test_fuzz_annotations.py): each was exit 3, a hang or an error without a line --
def test_a_control_character_is_named_with_its_line_and_column(workspace):
    """A character YAML refuses (here U+0013) was reported with no line, and a position in bytes."""
    text = _break(workspace, "    label: Kazakhstan\n", "    label: Kazä\x13khstan\n")
    err = _build_fails(workspace)
    line = _line_of(text, "    label: Kazä")
    assert (
        f"a.yaml:{line}: malformed YAML, column 16: the character U+0013 is not allowed in YAML "
        "(control characters are not allowed)"
    ) in err
    assert 'in "<unicode string>"' not in err


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("!!timestamp x", "'x' is not a valid !!timestamp"),  # was: internal error, AttributeError
        ("!!bool maybe", "'maybe' is not a valid !!bool"),  # was: internal error, KeyError
    ],
)
def test_a_value_its_yaml_tag_cannot_make(workspace, value, detail):
    text = _break(workspace, "    label: Kazakhstan\n", f"    label: {value}\n")
    err = _build_fails(workspace)
    line = _line_of(text, f"    label: {value}")
    assert f"a.yaml:{line}: the value of 'label' cannot be read: {detail}" in err


def test_a_file_that_is_one_value_its_tag_cannot_make(workspace):
    (workspace / "a.yaml").write_text("!!timestamp x\n", encoding="utf-8")
    err = _build_fails(workspace)
    assert "a.yaml:1: the file cannot be read as YAML: a tag it cannot make" in err


def test_a_record_that_is_not_a_mapping_is_named_with_its_line(workspace):
    text = _break(workspace, "claims:\n", "claims:\n  - just some words\n")
    err = _build_fails(workspace)
    line = _line_of(text, "  - just some words")
    assert f"a.yaml:{line}: a record in 'claims' is not a mapping: 'just some words'" in err


@pytest.mark.parametrize(("key", "kind"), [("12", "a number"), ("2025-01-01", "a date"), ("~", "null (no value)")])
def test_a_key_that_yaml_reads_as_no_name(workspace, key, kind):
    """A record's key YAML reads as a number, a date or null: was an internal error (TypeError) in the builder."""
    text = _break(workspace, "    label: Kazakhstan\n", f"    {key}: Kazakhstan\n")
    err = _build_fails(workspace)
    line = _line_of(text, f"    {key}: Kazakhstan")
    assert f"a.yaml:{line}: a key must be a name, and YAML reads '{key}' here as {kind}" in err
    assert "fix: write the field's name (see the ontology), or put the key in double quotes" in err


def test_an_annotation_file_that_is_not_utf8_names_the_line(workspace):
    data = GOOD.encode("utf-8").replace(b"    label: Kazakhstan\n", b"    label: Kaz\xe4khstan\n")
    (workspace / "a.yaml").write_bytes(data)
    err = _build_fails(workspace)
    line = _line_of(GOOD, "    label: Kazakhstan")
    assert f"a.yaml:{line}: not UTF-8 text (invalid continuation byte at byte " in err
    assert ", column 15 in bytes)" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/dev/zero", "the article text '/dev/zero' is not a file (/dev/zero is a device, a pipe or a socket)"),
        ('"a\\0b"', "the article text 'a\\x00b' is not a file name (embedded null byte)"),
    ],
)
def test_an_article_text_that_is_no_file(workspace, text, message):
    """`text: /dev/zero` was read without end (the size limit saw 0 bytes) until memory ran out."""
    _break(workspace, f"  text: {SEED_TEXT.name}\n", f"  text: {text}\n")
    err = _build_fails(workspace)
    line = _line_of(GOOD, "article:\n") + 1
    assert f"a.yaml:{line}: [tdi-2025-03-tokayev-welcomes-trump-putin-call] {message}" in err
