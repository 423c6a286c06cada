"""Split an article into sentences, and find the sentences that no statement cites.

The split is deliberately simple and predictable: a sentence ends at a line break, or at ``.``, ``?``,
``!`` or ``…`` followed by spaces and a capital letter, a digit, a quote mark, ``@`` or ``#``,
unless the word before the stop is a common abbreviation (Mr., Dr., U.S.).

Examples
--------
>>> [s.text for s in split_sentences("He came. Mr. Li left!\\nThen rain")]
['He came.', 'Mr. Li left!', 'Then rain']
>>> split_sentences("He came. She left.")[1].start
9
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "no", "vs", "etc", "jr", "sr"}
_BOUNDARY = re.compile(r"(?<=[.?!…])\s+(?=[A-Z0-9\"“‘'@#])")


@dataclass(frozen=True)
class Sentence:
    """A sentence: its 1-based ordinal and its span [start, end) in the article."""

    ordinal: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order, without surrounding white space."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        begin = 0
        for m in _BOUNDARY.finditer(line):
            before = line[begin : m.start()]
            last_word = re.split(r"\s+", before.strip())[-1].rstrip(".").lower() if before.strip() else ""
            if last_word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last_word or "-"):
                continue
            spans.append((offset + begin, offset + m.start()))
            begin = m.end()
        spans.append((offset + begin, offset + len(line)))
        offset += len(line) + 1
    result: list[Sentence] = []
    for start, end in spans:
        chunk = text[start:end]
        lstrip = len(chunk) - len(chunk.lstrip())
        rstrip = len(chunk) - len(chunk.rstrip())
        start, end = start + lstrip, end - rstrip
        if end > start:
            result.append(Sentence(len(result) + 1, start, end, text[start:end]))
    return result


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that contains ``offset`` (or the next one, if the offset falls between two)."""
    for s in sentences:
        if offset < s.end:
            return s
    return None


def uncited(sentences: list[Sentence], spans: list[tuple[int, int]]) -> list[Sentence]:
    """The sentences that no span [start, end) overlaps."""
    return [s for s in sentences if not any(a < s.end and b > s.start for a, b in spans)]
