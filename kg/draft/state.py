"""What every rule of the drafter shares: the article, the corpus, the lexicon, the records drafted so far,
the mentions found, and the small helpers they use (ids, adding a record, the words between two offsets,
a time's quote)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kg.builder.quotes import occurrences
from kg.draft.gazetteer import Gazetteer
from kg.draft.lexicon import Lexicon
from kg.draft.mentions import (
    TimeMention,
)
from kg.draft.records import DraftRecord, Thing, slug
from kg.draft.text import fold, words

#: how far to trust an actor found by each way of naming it
CONFIDENCE = {"label": 0.95, "alias": 0.9, "handle": 0.95, "id": 0.8, "surname": 0.75, "metonym": 0.7, "demonym": 0.6}
#: the pronouns a holder may be, and whether they stand for a person or a group (a state, a body)
PRONOUNS = {"he": "Person", "she": "Person", "it": "group", "they": "group", "we": "group"}
#: grammar: the words between a subject and its verb ('Russia has also agreed')
AUXILIARIES = frozenset(
    [
        "would",
        "will",
        "has",
        "have",
        "had",
        "also",
        "was",
        "is",
        "are",
        "were",
        "then",
        "later",
        "still",
        "has",
        "had",
        "would",
    ]
)
#: grammar: the determiners of a phrase that names something named before ('the truce')
DEFINITE = frozenset(["the", "this", "that", "these", "its", "their", "his", "her"])
#: grammar: the auxiliaries of a passive ('was proposed by')
PASSIVE_AUX = frozenset(["was", "were", "is", "are", "been", "be", "being"])


class DraftState:
    """The article being drafted and what has been found in it so far."""

    def __init__(self, text: str, gazetteer: Gazetteer, lexicon: Lexicon, reference: dt.date | None) -> None:
        self.text = text
        self.folded = fold(text)
        self.gaz = gazetteer
        self.lex = lexicon
        self.reference = reference
        self.records: dict[tuple[str, str], DraftRecord] = {}
        self.actor_mentions: list[tuple[int, int, str, str]] = []  # start, end, actor id, type
        self.things: list[Thing] = []
        self.times: list[TimeMention] = []
        self.used_ids: set[str] = set(gazetteer.ids)
        self.conditional = self._conditional_stance()
        self.holder_only = gazetteer.holder_only()
        #: bodies that speak for a state ("Russia’s defence ministry": Russia), drafted as speakers
        self.body_of: dict[str, str] = {}
        self.dateline_city_start = -1
        #: the lexicon's words, as regular expressions, for the rules that look for them next to something else
        self.saying = lexicon.alternation("ClaimCue", lambda cue: cue.reported)
        self.accusing = lexicon.alternation("ClaimCue", lambda cue: cue.names_accused)
        self.beginning = lexicon.alternation("BeginCue")
        self.ending = lexicon.alternation("EndCue")
        self.place_words = lexicon.alternation("PlaceCue")
        self.of_words = lexicon.alternation("TitleCue") + "|" + lexicon.alternation("BodyCue")
        self.reference_nouns = lexicon.alternation("ProposalReference") + "|" + lexicon.alternation("Authorship")
        self.outlet_id: str | None = None
        self.dateline_spans: list[tuple[int, int]] = []
        self.dateline_city = ""  # the dateline's place, drafted on its own
        self.body = 0  # where the article's own text begins (after an "INVENTED EXAMPLE" paragraph)

    def _conditional_stance(self) -> str | None:
        from kg.vocab import load_vocabulary

        v = load_vocabulary()
        for notation, concept in sorted(v.concepts("stance").items()):
            if v.polarity(concept) == "conditional" and notation != "conditional":
                return notation
        return None

    def polarity(self, stance: str) -> str:
        from kg.vocab import load_vocabulary

        v = load_vocabulary()
        concept = v.concept("stance", stance)
        return v.polarity(concept) if concept is not None else "neutral"

    def new_id(self, base: str) -> str:
        candidate = slug(base)
        if len(candidate) > 60:
            candidate = candidate[:61].rsplit("-", 1)[0]
        candidate = candidate.strip("-") or "record"
        n, out = 1, candidate
        while out in self.used_ids:
            n += 1
            out = f"{candidate}-{n}"
        self.used_ids.add(out)
        return out

    def add(self, record: DraftRecord) -> DraftRecord:
        key = (record.section, record.id)
        if key in self.records:
            return self.records[key]
        self.records[key] = record
        return record

    def words_between(self, a: int, b: int) -> list[str]:
        return [fold(w.text) for w in words(self.text, a, b)]

    def time_value(self, t: TimeMention) -> dict[str, Any]:
        """``{quote: ...}`` of a time, with ``occurrence`` when its words occur more than once."""
        starts = occurrences(self.text, t.wording)
        value: dict[str, Any] = {"quote": t.wording}
        if len(starts) > 1 and t.start in starts:
            value["occurrence"] = starts.index(t.start) + 1
        return value
