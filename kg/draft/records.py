"""What a draft is made of: its records (:class:`DraftRecord`), the draft (:class:`Draft`), a proposal or an
event named in the article (:class:`Thing`), and ids made from words (:func:`slug`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.builder.quotes import occurrences

#: the sections of a draft, in the order of the seed's annotation
SECTION_ORDER = ("actors", "places", "events", "proposals", "terms", "conditions", "positions", "claims")


def slug(text: str) -> str:
    """An id from words: lower-case ASCII, words joined by ``-``.

    >>> slug("Inês Varga’s 30-hour Easter truce")
    'ines-vargas-30-hour-easter-truce'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-") or "record"


@dataclass
class DraftRecord:
    """A drafted record: its section and id, the rule, cue and confidence, its fields and its quote's span."""

    section: str
    id: str
    rule: str
    confidence: float
    span: tuple[int, int]
    cue: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    linked: bool = False  # the id is a record of the corpus
    more: list[tuple[int, int]] = field(default_factory=list)  # other mentions, quoted too ("the truce")


@dataclass
class Draft:
    """A draft annotation: the article's text and block, and its records (see :func:`draft_article`)."""

    article_path: Path
    text: str
    article: dict[str, Any]
    records: list[DraftRecord]
    sentences: int
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The number of records per section, in the sections' order."""
        out = dict.fromkeys(SECTION_ORDER, 0)
        for r in self.records:
            out[r.section] = out.get(r.section, 0) + 1
        return {k: v for k, v in out.items() if v}

    def quote(self, record: DraftRecord) -> tuple[str, int | None]:
        """The record's quote, and its occurrence when the words occur more than once in the article."""
        q = self.text[record.span[0] : record.span[1]]
        starts = occurrences(self.text, q)
        return q, (starts.index(record.span[0]) + 1 if len(starts) > 1 else None)

    def to_yaml(self, yaml_path: Path | None = None, generator: str = "kg draft") -> str:
        """The draft as annotation YAML; ``yaml_path`` is where it will be saved (for the article's path)."""
        from kg.draft.writer import draft_yaml

        return draft_yaml(self, yaml_path, generator)


@dataclass
class Thing:
    """A proposal or an event the article names: its record, and where it is named."""

    record: DraftRecord
    spans: list[tuple[int, int]]
    kind: str  # "proposal" | "event"


def as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []
