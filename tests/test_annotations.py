"""Reading annotation files: shape checks with file, line and id."""

from __future__ import annotations

import pytest

from kg.builder.annotations import parse_annotations
from kg.errors import InputError, InputErrors

HEAD = 'article: {id: a1, text: a1.txt, label: A, referenceDate: {quote: "1 May 2025"}}\n'


def errors_of(text: str) -> list[str]:
    with pytest.raises((InputError, InputErrors)) as info:
        parse_annotations(text, "x.yaml", sections=("actors", "positions"))
    exc = info.value
    return [str(e) for e in getattr(exc, "errors", [exc])]


def test_records_keep_their_lines():
    doc = parse_annotations(
        HEAD + "actors:\n  - id: alice\n    label: Alice\n    quote: Alice\n"
        "  - id: bob\n    label: Bob\n    quote: [Bob, Bobby]\n",
        "x.yaml",
    )
    assert [(r.id, r.line, r.quotes) for r in doc.records] == [("alice", 3, ["Alice"]), ("bob", 6, ["Bob", "Bobby"])]


def test_key_given_twice():
    (err,) = errors_of(HEAD + "actors:\n  - id: alice\n    label: Alice\n    label: Al\n    quote: Alice\n")
    assert (
        err == "x.yaml:5: the key 'label' appears twice in one record\n  fix: keep one 'label' (the first is on line 4)"
    )


def test_unknown_section():
    (err,) = errors_of(HEAD + "actorz:\n  - id: alice\n")
    assert err.startswith("x.yaml:2: unknown section 'actorz'\n  fix: sections are: actors, positions")


def test_bad_id_and_missing_quote():
    errs = errors_of(HEAD + "actors:\n  - id: Alice Smith\n    quote: x\n  - id: bob\n    label: Bob\n")
    assert errs[0].startswith("x.yaml:3: bad id 'Alice Smith'")
    assert errs[1].startswith("x.yaml:5: [bob] no quote: every record must cite the words of the article")


def test_missing_article_block():
    (err,) = errors_of("actors: []\n")
    assert err.startswith("x.yaml:1: an annotation file must be a mapping with an 'article' block")


def test_occurrence_must_be_a_number():
    (err,) = errors_of(HEAD + "actors:\n  - id: a\n    quote: x\n    occurrence: second\n")
    assert err.startswith("x.yaml:5: [a] occurrence must be a whole number, not 'second'")
