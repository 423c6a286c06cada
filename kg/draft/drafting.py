"""The drafter's rules: from an article and its corpus to draft records, each quoting the article and saying which
rule produced it (``draft: {rule, cue, confidence}``).

The rules, by record type (their names are the ``rule`` of each drafted record):

* ``actor.gazetteer.<how>``: an actor of the corpus named by its label, an alias, a handle, its id, its surname,
  a demonym ("Ukrainian") or a metonym ("the Kremlin"); ``actor.new.<why>``: a new name, a person after a title
  ("mediator Ines Varga"), an outlet in the dateline, an organization by its last word ("Council"), a state that
  acts ("Marovia rejected");
* ``proposal.corpus-name``: a proposal of the corpus named by its label or an alias; ``proposal.corpus-match``:
  a proposal phrase ("a 30-day pause on strikes against energy sites") that shares its duration and words with a
  proposal of the corpus; ``proposal.same-as-before``: "the truce", "it", the last proposal named;
  ``proposal.new``: a new one, with its class, extent, duration and occasion;
* ``event.*``: the same for calls, talks, summits, statements and attacks (participants, perpetrators);
* ``position.stance-cue``: holder, stance cue, target, with negation ("did not agree": rejects), passives ("was
  proposed by X"), pronouns ("he", "it"), a condition after it (``position.conditional``: the stance of the
  scheme's conditional branch), a speaker (", X said") and where it was said (expressedAt);
* ``condition.cue``: the clause after "only if", "only when", "contingent upon"... and who must act;
* ``claim.cue``: "claimed", "accused X of", "said ... violated": claimant, what it alleges, what it says was broken;
* ``time.*``: each time wording, normalized by the build's own time normalizer (a wording it cannot read is left
  out), on the proposal (``inEffect``), the event or the position of its sentence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.builder.quotes import occurrences
from kg.builder.sentences import Sentence, split_sentences
from kg.draft.gazetteer import Entry, Gazetteer, Mention
from kg.draft.lexicon import Lexicon, load_lexicon
from kg.draft.mentions import (
    FUNCTION_WORDS,
    CueMatch,
    Dateline,
    TimeMention,
    dateline,
    find_cues,
    find_times,
    new_names,
    noun_phrase,
)
from kg.draft.text import fold, read_article, words

#: the sections of a draft, in the order of the seed's annotation
SECTION_ORDER = ("actors", "places", "events", "proposals", "terms", "conditions", "positions", "claims")
_CONFIDENCE = {"label": 0.95, "alias": 0.9, "handle": 0.95, "id": 0.8, "surname": 0.75, "metonym": 0.7, "demonym": 0.6}
_PRONOUNS = {"he": "Person", "she": "Person", "it": "group", "they": "group", "we": "group"}
_AUXILIARIES = frozenset(
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
_DEFINITE = frozenset(["the", "this", "that", "these", "its", "their"])
_PASSIVE_AUX = frozenset(["was", "were", "is", "are", "been", "be", "being"])


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
class _Thing:
    """A proposal or an event the article names: its record, and where it is named."""

    record: DraftRecord
    spans: list[tuple[int, int]]
    kind: str  # "proposal" | "event"


class _Drafter:
    def __init__(self, text: str, gazetteer: Gazetteer, lexicon: Lexicon, reference: dt.date | None) -> None:
        self.text = text
        self.folded = fold(text)
        self.gaz = gazetteer
        self.lex = lexicon
        self.reference = reference
        self.records: dict[tuple[str, str], DraftRecord] = {}
        self.actor_mentions: list[tuple[int, int, str, str]] = []  # start, end, actor id, type
        self.things: list[_Thing] = []
        self.times: list[TimeMention] = []
        self.used_ids: set[str] = set(gazetteer.ids)
        self.conditional = self._conditional_stance()
        self.holder_only = gazetteer.holder_only()
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

    # -- helpers ----------------------------------------------------------------------------------------------
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

    # -- actors -------------------------------------------------------------------------------------------------
    def actor_record(self, entry: Entry, start: int, end: int, how: str) -> None:
        rec = DraftRecord("actors", entry.id, f"actor.gazetteer.{how}", _CONFIDENCE[how], (start, end), linked=True)
        rec.cue = self.text[start:end]
        kept = self.add(rec)
        if kept is not rec and kept.span[1] < start and not self.text[kept.span[1] : start].strip():
            kept.span = (kept.span[0], end)  # "Russian President" + "Vladimir Putin": one quote
            if _CONFIDENCE[how] > kept.confidence:
                kept.rule, kept.confidence, kept.cue = rec.rule, rec.confidence, rec.cue
        self.actor_mentions.append((start, end, entry.id, entry.type or "Actor"))

    def find_actors(self, sentences: list[Sentence], line: Dateline | None) -> list[tuple[int, int]]:
        taken: list[tuple[int, int]] = []
        for m in self.gaz.find(self.text, self.folded, sections=("actors",)):
            if m.start < self.body:
                continue
            self.actor_record(m.entry, m.start, m.end, m.how)
            taken.append((m.start, m.end))
        for m in self.gaz.find(self.text, self.folded, sections=("places", "events", "proposals", "terms", "offices")):
            taken.append((m.start, m.end))
            if m.entry.section == "places" and m.start >= self.body:
                rec = DraftRecord(
                    "places", m.entry.id, f"place.gazetteer.{m.how}", _CONFIDENCE[m.how], (m.start, m.end)
                )
                rec.cue, rec.linked = self.text[m.start : m.end], True
                self.add(rec)
        for c in find_cues(self.text, self.lex, ("SeatOfGovernment",), self.body, folded=self.folded):
            if any(a <= c.start < b for a, b in taken):
                continue
            taken.append((c.start, c.end))
            entry = self._entry_by_label(c.cue.label or "")
            if entry is not None:
                self.actor_record(entry, c.start, c.end, "metonym")
            else:
                self.new_actor((c.start, c.end), "Organization", "actor.new.seat-of-government", 0.7, c.cue.label)
        if line is not None:
            taken.append(line.city_span)
            if line.outlet and line.outlet_span:
                entry = self._entry_by_label(line.outlet)
                if entry is not None:
                    self.actor_record(entry, *line.outlet_span, "label")
                else:
                    self.new_actor(line.outlet_span, "Organization", "actor.new.dateline-outlet", 0.7)
                self.outlet_id = self.actor_mentions[-1][2]
                taken.append(line.outlet_span)
        for t in self.times:
            taken.append((t.start, t.end))
        cue_kinds = ("TitleCue", "OccasionCue", "ScopeCue", "ProposalCue", "EventCue", "StanceCue", "ClaimCue")
        for c in find_cues(self.text, self.lex, cue_kinds, folded=self.folded):
            if c.cue.kind != "TitleCue" or c.form[:1].islower():
                taken.append((c.start, c.end))
            else:
                taken.append((c.start, c.end))
        titles = find_cues(self.text, self.lex, ("TitleCue",), folded=self.folded)
        organizations = find_cues(self.text, self.lex, ("OrganizationCue",), folded=self.folded)
        acting = find_cues(self.text, self.lex, ("StanceCue", "ClaimCue"), folded=self.folded)
        bodies = find_cues(self.text, self.lex, ("BodyCue",), folded=self.folded)
        candidates = [(s, a, b) for s in sentences for a, b in new_names(self.text, s.start, s.end, taken)]
        title_words = {fold(f) for f in self.lex.forms("TitleCue")}
        demonyms = {fold(f): c.stands_for for c in self.lex.of("Demonym") for f in c.forms}
        singles = []
        for s, a, b in candidates:
            name = self.text[a:b]
            folded = fold(name)
            if folded in FUNCTION_WORDS or (name.isupper() and len(name) > 5) or folded in self.holder_only:
                continue
            if folded in title_words or folded.rstrip("s") in title_words or folded in demonyms:
                continue
            before = self.text[max(s.start, a - 40) : a]
            titled = any(
                t.end <= a and re.fullmatch(r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'\- ]*?)?[\s,]*", self.text[t.end : a])
                for t in titles
            )
            org = any(o.start >= a and o.end <= b for o in organizations)
            acts = any(0 <= c.start - b <= 14 and not self.text[b : c.start].strip(" ’'s") for c in acting)
            first = a == s.start
            if titled and not (len(name.split()) == 1 and re.search(r"\bof\s+(?:the\s+)?$", before)):
                title = next((t for t in titles if t.end <= a and not self.text[t.end : a].strip()), None)
                if len(name.split()) == 1 and title is not None and title.form[:1].isupper():
                    a = title.start  # "Patriarch Kirill", "Pope Francis": a single name keeps its title
                self.new_actor((a, b), "Person", "actor.new.after-title", 0.65)
            elif org:
                self.new_actor((a, b), "Organization", "actor.new.organization-word", 0.5)
            elif len(name.split()) >= 2 and acts and not first:
                self.new_actor((a, b), "Person", "actor.new.name-that-acts", 0.45)
            elif len(name.split()) == 1:
                singles.append((s, a, b, before, acts))
        people = {
            fold(str(r.fields["label"]).split()[-1])
            for r in self.records.values()
            if r.section == "actors" and r.fields.get("type") == "Person" and " " in str(r.fields.get("label", ""))
        }
        from kg.draft.gazetteer import _regular_demonyms

        single_names = {self.text[a:b] for _, a, b, _, _ in singles}
        derived = {fold(d) for n in single_names for d in _regular_demonyms(n)}
        for s, a, b, before, acts in singles:
            name = self.text[a:b]
            if fold(name) in people or fold(name) in derived:
                continue
            if any(fold(name) == fold(d) for d in self._demonyms_of_new_states()):
                continue
            body = any(
                0 <= t.start - b <= 3 or re.fullmatch(r"[’']s\s+", self.text[b : t.start])
                for t in titles + bodies
                if t.start >= b
            )
            after = self.text[b : min(s.end, b + 40)]
            partner = bool(re.match(r"\s*(?:,|and)\s+[A-Z]", after)) and bool(
                re.search(r"(?:,|\band)\s+[A-Z][\w’'\-]+(?:\s+and\s+[A-Z]|\s*,)", self.text[a : min(s.end, a + 80)])
            )
            of_whom = re.search(rf"\b(?:{self.of_words})\s+of\s+(?:the\s+)?$", fold(before))
            after_actor = re.search(r"\band\s*$", before) and any(0 <= a - m[1] <= 6 for m in self.actor_mentions)
            if (
                acts
                or body
                or partner
                or of_whom
                or after_actor
                or re.search(r"\b(?:between|with|by)\s*$", before)
                or re.search(rf"\b{self.accusing}\s*$", fold(before))
            ):
                self.new_actor((a, b), "State", "actor.new.state-that-acts", 0.35)
        self._states_of_demonyms()
        self._all_mentions_of_new_actors()
        self._office_holders()
        self._new_places(candidates)
        return taken

    def _new_places(self, candidates: list[tuple[Sentence, int, int]]) -> None:
        """ "near Pokrovsk", "the village of Orrin", "in Sudzha": a new place, when the name is no actor's."""
        named = {fold(str(r.fields.get("label", ""))) for r in self.records.values()} | {fold(self.dateline_city)}
        for s, a, b in candidates:
            name = self.text[a:b]
            if fold(name) in named or any(m[0] <= a < m[1] for m in self.actor_mentions):
                continue
            if re.search(rf"\b{self.place_words}\s+(?:the\s+)?$", fold(self.text[max(s.start, a - 24) : a])):
                rec = DraftRecord(
                    "places", self.new_id(name), "place.new", 0.4, (a, b), name, {"type": "City", "label": name}
                )
                self.add(rec)
                named.add(fold(name))

    def _states_of_demonyms(self) -> None:
        """ "French President Emmanuel Macron": France, drafted as a new state when no actor is called so."""
        labels = {fold(str(r.fields.get("label", ""))) for r in self.records.values() if r.section == "actors"}
        labels |= {fold(e.label or "") for e in self.gaz.entries.values() if e.section == "actors"}
        for c in find_cues(self.text, self.lex, ("Demonym",), self.body, folded=self.folded):
            if c.cue.stands_for and fold(c.cue.stands_for) not in labels:
                self.new_actor((c.start, c.end), "State", "actor.new.demonym", 0.5, c.cue.stands_for)
                labels.add(fold(c.cue.stands_for))

    def _office_holders(self) -> None:
        """ "Ukraine’s foreign minister said" (no name after it), "Russia’s defence ministry": an actor of its own,
        labelled by those words; not "Kestrel’s government", which is the state."""
        forms = [(fold(f), "Person") for f in self.lex.forms("TitleCue") if f[:1].islower()]
        forms += [(fold(f), "Organization") for c in self.lex.of("BodyCue") if not c.is_the_state for f in c.forms]
        forms.sort(key=lambda f: -len(f[0]))
        bodies = {f for f, what in forms if what == "Organization"}
        seats = [
            (c.start, c.end, c.cue.label)
            for c in find_cues(self.text, self.lex, ("SeatOfGovernment",), self.body, folded=self.folded)
        ]
        starts = [(m[0], m[1], m[3], self.text[m[0] : m[1]]) for m in self.actor_mentions]
        for start, end, kind, words_ in starts + [(a, b, "Seat", w) for a, b, w in seats]:
            rest = self.folded[end : end + 50]
            # "Ukraine’s foreign minister", "Zelenskyy’s office", "The Russian defence ministry", "a Kremlin spokesman"
            m = re.match(
                r"(?:'s)?\s+(?:[a-z]+\s+)?"
                if kind == "State"
                else r"'s\s+(?:[a-z]+\s+)?"
                if kind == "Person"
                else r"\s+(?:[a-z]+\s+)?",
                rest,
            )
            if not m or (kind == "Person" and not any(rest[m.end() :].startswith(f) for f in bodies)):
                continue
            if kind not in ("State", "Person", "Seat"):
                continue
            if kind == "State" and not m.group().startswith("'") and not (words_ or " ")[:1].isupper():
                continue
            for form, what in forms:
                if rest[m.end() :].startswith(form) and not re.match(r"\w", rest[m.end() + len(form) :][:1]):
                    stop = end + m.end() + len(form)
                    if re.match(r",?\s+[A-Z]", self.text[stop : stop + 3]):
                        break  # "Ukraine’s foreign minister, Andrii Sybiha": the person is named
                    self.new_actor((start, stop), what, "actor.new.office-holder", 0.6)
                    break
        self.actor_mentions.sort()

    def _demonyms_of_new_states(self) -> list[str]:
        from kg.draft.gazetteer import _regular_demonyms

        out = []
        for r in self.records.values():
            if r.section == "actors" and not r.linked and r.fields.get("type") == "State":
                label = str(r.fields.get("label", ""))
                out += _regular_demonyms(label)
                out += [f for c in self.lex.of("Demonym") if fold(c.stands_for or "") == fold(label) for f in c.forms]
        return out

    def _all_mentions_of_new_actors(self) -> None:
        """Every other place a new actor is named: its label again, a person's surname, a state's demonyms."""
        for rec in [r for r in self.records.values() if r.section == "actors" and not r.linked]:
            names = [str(rec.fields.get("label", ""))]
            if rec.fields.get("type") == "State":
                from kg.draft.gazetteer import _regular_demonyms

                names += _regular_demonyms(names[0])
                names += [
                    f for c in self.lex.of("Demonym") if fold(c.stands_for or "") == fold(names[0]) for f in c.forms
                ]
            if rec.fields.get("type") == "Person" and len(names[0].split()) > 1 and len(names[0].split()[-1]) > 3:
                names.append(names[0].split()[-1])
            for name in names:
                for m in re.finditer(r"(?<![\w])" + re.escape(fold(name)) + r"(?![\w])", self.folded):
                    if all(m.end() <= x[0] or m.start() >= x[1] for x in self.actor_mentions):
                        self.actor_mentions.append((m.start(), m.end(), rec.id, str(rec.fields.get("type"))))
        self.actor_mentions.sort()

    def _entry_by_label(self, label: str) -> Entry | None:
        f = fold(label)
        for e in self.gaz.entries.values():
            if e.section == "actors" and (fold(e.label or "") == f or any(fold(n) == f for n in e.names)):
                return e
        return None

    def new_actor(
        self, span: tuple[int, int], kind: str, rule: str, confidence: float, label: str | None = None
    ) -> None:
        name = label or self.text[span[0] : span[1]]
        existing = [r for r in self.records.values() if r.section == "actors" and r.fields.get("label") == name]
        rec = existing[0] if existing else None
        if rec is None:
            rec = self.add(
                DraftRecord(
                    "actors",
                    self.new_id(name),
                    rule,
                    confidence,
                    span,
                    cue=self.text[span[0] : span[1]],
                    fields={"type": kind, "label": name},
                )
            )
        self.actor_mentions.append((span[0], span[1], rec.id, str(rec.fields.get("type", kind))))

    # -- proposals and events ------------------------------------------------------------------------------------
    def find_things(self, sentences: list[Sentence]) -> None:
        stance_spans = [(c.start, c.end) for c in find_cues(self.text, self.lex, ("StanceCue",), folded=self.folded)]
        demands = [(c.start, c.end) for c in find_cues(self.text, self.lex, ("Authorship",), folded=self.folded)]
        for s in sentences:
            named = self.gaz.find(self.text[: s.end], self.folded[: s.end], sections=("proposals", "events"))
            named = [m for m in named if m.start >= s.start]
            cues = find_cues(self.text, self.lex, ("ProposalCue", "EventCue"), s.start, s.end, self.folded)
            phrases: list[tuple[int, int, CueMatch | None, Mention | None]] = []
            for c in cues:
                if any(a <= c.start < b for a, b in stance_spans):
                    continue
                if c.cue.kind == "EventCue" and any(a <= c.start < b for a, b in demands):
                    continue  # "the call for monitors": a demand, not a phone call
                times = [t.start for t in self.times if not t.duration and t.start > c.end]
                a, b = noun_phrase(self.text, c.start, c.end, self.lex, s.end)
                for t in times:  # "a 30-hour truce on Saturday": the day is not the truce's name
                    if t < b:
                        lead = re.search(r"\s+(?:on|at|from|until|since|by|in)\s+$", self.text[c.end : t])
                        b = c.end + lead.start() if lead else t
                        b = max(b, c.end)
                        break
                if any(p[0] <= c.start < p[1] for p in phrases):
                    continue
                phrases.append((a, b, c, None))
            for m in named:
                inside = [p for p in phrases if p[0] <= m.start < p[1] or m.start <= p[0] < m.end]
                for p in inside:
                    phrases.remove(p)
                a = min([m.start] + [p[0] for p in inside])
                b = max([m.end] + [p[1] for p in inside])
                phrases.append((a, b, inside[0][2] if inside else None, m))
            for a, b, cue, mention in sorted(phrases, key=lambda p: p[0]):
                for name in self.actor_mentions:  # never end a phrase inside a name
                    if name[0] < b < name[1]:
                        b = name[1]
                self.thing(a, b, cue, mention, s)
            self._verb_extensions(s)

    def thing(self, a: int, b: int, cue: CueMatch | None, mention: Mention | None, s: Sentence) -> None:
        kind = (
            "proposal"
            if (mention and mention.entry.section == "proposals") or (cue and cue.cue.kind == "ProposalCue")
            else "event"
        )
        section = "proposals" if kind == "proposal" else "events"
        phrase = self.text[a:b]
        content = self._content(phrase)
        if mention is not None:
            if (
                cue is not None
                and cue.cue.relates_by
                and cue.end <= mention.start
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", self.text[cue.end : mention.start])
            ):  # "a 14-day extension of the Sarn truce": a proposal of its own, linked to the one named
                self._link(kind, mention.entry, (mention.start, mention.end), f"{kind}.corpus-name", 0.9, mention.how)
                self._new_thing(kind, "proposals", cue, a, b, s, {cue.cue.relates_by: mention.entry.id})
                return
            self._link(kind, mention.entry, (a, b), f"{kind}.corpus-name", 0.9, mention.how)
            return
        assert cue is not None
        inner = find_cues(
            self.text, self.lex, ("ProposalCue",) if kind == "proposal" else ("EventCue",), a, b, self.folded
        )
        head = cue
        inner = [
            c
            for c in inner
            if c.start == head.start
            or re.fullmatch(
                r"\s+(?:on|of|for)\s+(?:(?:a|an|the)\s+)?(?:[\w\-]+\s+){0,2}", self.text[head.end : c.start]
            )
        ]  # "an agreement on an immediate ceasefire": a ceasefire; "a proposal to ... oversee the pause": a proposal
        cue = max(inner, key=lambda c: c.cue.confidence, default=cue)
        cls = cue.cue.signals or ("Ceasefire" if kind == "proposal" else "Event")
        # "the truce", "the call": the last one named
        restrictive = re.match(r"\s+(?:\w+ed\s+by|that|which|of)\b", self.text[b : b + 30])
        of_idea = re.search(rf"(?:{self.reference_nouns}|\b\w+)\s+of\s+$", fold(self.text[max(s.start, a - 40) : a]))
        of_idea = of_idea if of_idea and re.search(rf"(?:{self.reference_nouns})\s+of\s+$", of_idea.group()) else None
        such = re.search(r"\bsuch\s+$", fold(self.text[max(s.start, a - 6) : a]))
        if (fold(self.text[a:b]).split()[0] in _DEFINITE or of_idea or such) and not restrictive:
            before = [t for t in self.things if t.kind == kind and t.spans[-1][0] < a]
            same = [t for t in before if self._class_of(t) == cls]
            extra = content - self._content(cue.form)
            if extra:  # "the Easter truce" after "a 30-hour Easter truce": its words are the earlier one's
                same = [t for t in same if extra <= self._thing_words(t)]
            word = [
                t
                for t in same
                if any(fold(cue.form) in fold(self.text[x:y]) for x, y in t.spans)
                or self._content(cue.form) <= self._thing_words(t)
            ]
            kin = [
                t for t in same if any(f in fold(self.text[x:y]) for x, y in t.spans for f in map(fold, cue.cue.forms))
            ]
            if word or kin:  # "the truce" after "a truce", "the pause" after "a ceasefire"; not "the corridor"
                (word or kin)[-1].spans.append((a, b))
                return
            related = [t for t in before if cue.cue.relates_by and t.record.fields.get(cue.cue.relates_by)]
            if related and not extra:  # "The extension was welcomed": the extension proposed before
                related[-1].spans.append((a, b))
                return
            if cue.cue.any_proposal and not extra and before:  # "the deal": the last proposal, of any kind
                before[-1].spans.append((a, b))
                return
            names = self._name_words(a, b, s)
            kin_all = [
                t
                for t in before
                if self._class_of(t) == cls
                and any(f in fold(self.text[x:y]) for x, y in t.spans for f in map(fold, cue.cue.forms))
                and names <= self._thing_names(t)
            ]
            if kin_all:  # "the 72-hour truce" after "a ceasefire for Victory Day": no name of its own, the same one
                kin_all[-1].spans.append((a, b))
                return
        if re.search(r"\bto\s+$", self.text[max(s.start, a - 4) : a]):
            here = [
                t
                for t in self.things
                if t.kind == kind and self._class_of(t) == cls and any(s.start <= x < a for x, _ in t.spans)
            ]
            if here:  # "declared an Easter truce, ordering his forces to halt all military action": the same truce
                here[-1].spans.append((a, b))
                return
        names = self._name_words(a, b, s)
        if names:  # "the Black Sea initiative" after "the Black Sea deal": the same proposal, by its name
            named = [t for t in self.things if t.kind == kind and names <= self._thing_names(t)]
            if named:
                named[-1].spans.append((a, b))
                return
        entry, score = self._best_match(kind, cls, phrase, content, s)
        if entry is not None:
            self._link(kind, entry, (a, b), f"{kind}.corpus-match", min(0.85, 0.4 + 0.15 * score), cue.form)
            return
        if kind == "event" and cls == "Attack" and not self._attack_is_event(a, b, s):
            return
        self._new_thing(kind, section, cue, a, b, s, {})

    def _new_thing(
        self, kind: str, section: str, cue: CueMatch, a: int, b: int, s: Sentence, extra: dict[str, Any]
    ) -> None:
        """A new proposal or event named by the phrase [a, b) around ``cue``."""
        cls = cue.cue.signals or ("Ceasefire" if kind == "proposal" else "Event")
        phrase = self.text[a:b]
        label = re.sub(r"^(?:a|an|the|its|their|this)\s+", "", phrase, flags=re.IGNORECASE)
        label = label[:1].upper() + label[1:]
        fields: dict[str, Any] = {"type": cls, "label": label, **extra}
        if kind == "proposal":
            scopes = find_cues(self.text, self.lex, ("ScopeCue",), a, b, self.folded)
            extents = {c.cue.extent for c in scopes if c.cue.extent}
            if len(extents) == 1 and cls == "Ceasefire":
                fields["extent"] = extents.pop()
            duration = [t for t in self.times if t.duration and a <= t.start < b]
            if duration:
                fields["inEffect"] = {"duration": self.time_value(duration[0])}
            places = [r.id for r in self.records.values() if r.section == "places" and a <= r.span[0] < b]
            if places:  # "a pause on attacks on Ukraine’s energy infrastructure": what it covers
                fields["appliesTo"] = places[0]
        else:
            participants = self._participants(a, b, s)
            accused = re.search(rf"{self.accusing}\s+(.{{1,40}}?)\s+of\s+$", fold(self.text[max(s.start, a - 60) : a]))
            if accused and cls == "Attack":
                participants = [m[2] for m in self.actor_mentions if a - 60 <= m[0] < a][-1:] or participants
            if not participants and cls == "Attack" and fold(cue.form).endswith(("ed", "struck")):
                # "Ukrainian drones attacked Kursk": who is named just before the verb
                near = [m for m in self.actor_mentions if s.start <= m[0] and m[1] <= a and a - m[1] <= 12]
                participants = [near[-1][2]] if near else []
            if participants and cls == "Attack":
                fields["perpetrator"] = participants if len(participants) > 1 else participants[0]
            elif participants:
                fields["participant"] = participants
        base = " ".join(w for w in label.split() if fold(w) not in FUNCTION_WORDS)
        base = " ".join(base.split()[:5])
        rec = DraftRecord(section, self.new_id(base), f"{kind}.new", cue.cue.confidence, (a, b), cue.form, fields)
        self.add(rec)
        self.things.append(_Thing(rec, [(a, b)], kind))

    def _name_words(self, a: int, b: int, s: Sentence) -> set[str]:
        """The capitalised words of the phrase [a, b) that are no actor's name nor the sentence's first word
        ("Black", "Sea"; "Easter"): the proposal's own name."""
        out = set()
        for w in words(self.text, a, b):
            if w.start == s.start or not w.text[:1].isupper() or fold(w.text) in FUNCTION_WORDS:
                continue
            if any(m[0] <= w.start < m[1] for m in self.actor_mentions):
                continue
            out.add(fold(w.text))
        return out

    def _thing_names(self, thing: _Thing) -> set[str]:
        out: set[str] = set()
        for x, y in thing.spans:
            sentence_start = self.text.rfind("\n", 0, x) + 1
            out |= self._name_words(x, y, Sentence(0, sentence_start, y, ""))
        return out

    def _verb_extensions(self, s: Sentence) -> None:
        """ "proposed to extend the Sarn truce by 14 days": the extension, made when its sentence is read (so that
        "the extension" later names it)."""
        for verb in find_cues(self.text, self.lex, ("StanceCue",), s.start, s.end, self.folded):
            if not verb.cue.relates_by:
                continue
            found = self.thing_at(verb.end, s.end, ("proposal",))
            if found is None or self.words_between(verb.end, found[1][0]) not in ([], ["the"], ["a"]):
                continue
            lasting = [t for t in self.times if t.duration and 0 <= t.start - found[1][1] <= 8 and t.start < s.end]
            if lasting:
                self.extension(found[0], verb, found[1], s)

    def _thing_words(self, thing: _Thing) -> set[str]:
        words_of = set().union(*(self._content(self.text[x:y]) for x, y in thing.spans))
        entry = self.gaz.entries.get(thing.record.id)
        if entry is not None:
            words_of |= self._content(" ".join([entry.label or "", *entry.names]))
        return words_of

    def _class_of(self, thing: _Thing) -> str | None:
        if "type" in thing.record.fields:
            return str(thing.record.fields["type"])
        entry = self.gaz.entries.get(thing.record.id)
        return entry.type if entry else None

    def _attack_is_event(self, a: int, b: int, s: Sentence) -> bool:
        """An attack is an event when the sentence says who made it or when (not "attacks on energy" in a
        proposal's terms)."""
        return bool(self._participants(a, b, s)) or any(
            s.start <= t.start < s.end and not t.duration for t in self.times
        )

    def _participants(self, a: int, b: int, s: Sentence) -> list[str]:
        inside = [m for m in self.actor_mentions if a <= m[0] < b]
        tail = re.search(r"\b(?:between|with|by)\s+$", self.text[a:b]) or re.match(
            r"\s+(?:between|with|by)\s", self.text[b : b + 10]
        )
        if tail or re.search(r"\bbetween\b", self.text[a:b]):
            after = [m for m in self.actor_mentions if b <= m[0] < s.end]
            inside += self._coordinated(after[:2], b)
        return list(dict.fromkeys(m[2] for m in inside))

    def _coordinated(self, mentions: list[tuple[int, int, str, str]], start: int) -> list[tuple[int, int, str, str]]:
        if not mentions:
            return []
        out = [mentions[0]]
        for m in mentions[1:]:
            gap = fold(self.text[out[-1][1] : m[0]]).strip(" ,")
            if gap in ("and", "", "&", ", and") or re.fullmatch(r"(?:'s\s+\w+\s+)?and", gap):
                out.append(m)
        return out

    def _content(self, phrase: str) -> set[str]:
        out: set[str] = set()
        for w in re.findall(r"[\w\-']+", fold(phrase)):
            for part in [w, *w.split("-")] if "-" in w else [w]:
                part = part.removesuffix("'s").rstrip("s") if len(part) > 4 else part.removesuffix("'s")
                if part not in FUNCTION_WORDS and len(part) > 1:
                    out.add(part)
        return out

    def _best_match(
        self, kind: str, cls: str, phrase: str, content: set[str], s: Sentence
    ) -> tuple[Entry | None, float]:
        section = "proposals" if kind == "proposal" else "events"
        generic = set().union(
            *(self._content(f) for c in self.lex.of("ProposalCue") + self.lex.of("EventCue") for f in c.forms)
        )
        best: tuple[float, Entry | None] = (0.0, None)
        participants = set(self._participants(*self._phrase_of(phrase, s), s)) if kind == "event" else set()
        for e in self.gaz.entries.values():
            if e.section != section:
                continue
            names = " ".join([e.label or "", *list(e.names)])
            theirs = self._content(names)
            duration = self._duration_words(e)
            shared = (content & (theirs | duration)) - generic
            score = float(len(shared))
            if kind == "event":
                theirs_p = e.fields.get("participant")
                theirs_p = set(theirs_p if isinstance(theirs_p, list) else [theirs_p] if theirs_p else [])
                same_type = e.type == cls
                if same_type and participants and participants == theirs_p:
                    score += 2
                elif not same_type:
                    score = 0
            elif e.type and e.type != cls and not shared:
                score = 0
            if score > best[0]:
                best = (score, e)
        return (best[1], best[0]) if best[0] >= 2 else (None, 0.0)

    def _phrase_of(self, phrase: str, s: Sentence) -> tuple[int, int]:
        at = self.text.find(phrase, s.start)
        return at, at + len(phrase)

    def _duration_words(self, e: Entry) -> set[str]:
        effect = e.fields.get("inEffect")
        if isinstance(effect, dict) and isinstance(effect.get("duration"), dict):
            return self._content(str(effect["duration"].get("quote", "")))
        return set()

    def _link(self, kind: str, entry: Entry, span: tuple[int, int], rule: str, confidence: float, cue: str) -> None:
        section = "proposals" if kind == "proposal" else "events"
        for t in self.things:
            if t.record.id == entry.id:
                t.spans.append(span)
                return
        rec = DraftRecord(section, entry.id, rule, round(confidence, 2), span, cue, linked=True)
        duration = [t for t in self.times if t.duration and span[0] <= t.start < span[1]]
        if duration and kind == "proposal":
            rec.fields["inEffect"] = {"duration": self.time_value(duration[0])}
        self.add(rec)
        self.things.append(_Thing(rec, [span], kind))

    def thing_at(
        self, a: int, b: int, kinds: tuple[str, ...] = ("proposal", "event")
    ) -> tuple[_Thing, tuple[int, int]] | None:
        """The first proposal or event named in [a, b)."""
        best: tuple[int, _Thing, tuple[int, int]] | None = None
        for t in self.things:
            if t.kind not in kinds:
                continue
            for span in t.spans:
                if a <= span[0] < b and (best is None or span[0] < best[0]):
                    best = (span[0], t, span)
        return (best[1], best[2]) if best else None

    def last_thing(self, before: int, kind: str = "proposal") -> _Thing | None:
        found = [(span[0], t) for t in self.things if t.kind == kind for span in t.spans if span[0] < before]
        return max(found, key=lambda f: f[0])[1] if found else None

    # -- holders --------------------------------------------------------------------------------------------------
    def holder_before(self, at: int, s: Sentence) -> tuple[list[str], int, float] | None:
        """The actor(s) that act at ``at``: the nearest named before it in the sentence (coordinated ones
        too), or what a pronoun just before it stands for. Returns ids, the start of their span, a confidence."""
        before = list(words(self.text, s.start, at))
        lead = [fold(w.text) for w in before]
        while lead and lead[-1] in _AUXILIARIES | {"not", "never", "also", "no", "longer", "did", "does", "yet"}:
            lead.pop()
            before.pop()
        if lead and lead[-1] in _PRONOUNS:
            word = before[-1]
            want = _PRONOUNS[lead[-1]]
            found = self._antecedent(word.start, want, s)
            if found:
                return [found], word.start, 0.7
        relative = [
            (s.start + r.start(), s.start + r.end())
            for r in re.finditer(r",\s+(?:who|which|whose)\b[^,]*,", self.text[s.start : at])
        ]  # "Rustem Umerov, who led Kyiv’s delegation, turned down": not Kyiv
        mentions = [
            m
            for m in self.actor_mentions
            if s.start <= m[0] and m[1] <= at and not any(a <= m[0] < b for a, b in relative)
        ]
        holders_only = (
            [
                (s.start + m.start(), s.start + m.end(), self.holder_only[fold(m.group())].id, "HolderOnly")
                for m in re.finditer(
                    r"\b(?:" + "|".join(re.escape(k) for k in self.holder_only) + r")\b", self.folded[s.start : at]
                )
            ]
            if self.holder_only
            else []
        )
        holders_only = [h for h in holders_only if not any(a <= h[0] < b for a, b in relative)]
        mentions = sorted(mentions + holders_only)
        both = find_cues(self.text, self.lex, ("BothSides",), s.start, at, self.folded)
        if both and (not mentions or both[-1].start > mentions[-1][1]):
            # "the two sides agreed": the last two states named
            states: list[str] = []
            for m in reversed([m for m in self.actor_mentions if m[1] <= both[-1].start and m[3] == "State"]):
                if m[2] not in states:
                    states.append(m[2])
                if len(states) == 2:
                    return sorted(states), both[-1].start, 0.6
            return None
        if not mentions:
            return None
        last = mentions[-1]
        between = find_cues(self.text, self.lex, ("StanceCue", "ClaimCue"), last[1], at, self.folded)
        between = [c for c in between if not re.fullmatch(r"\s+to\s+", self.text[c.end : at])]  # "refused to V"
        requests = find_cues(self.text, self.lex, ("RequestCue",), last[1], at, self.folded)
        between = [c for c in between if not any(0 <= c.start - r.end <= 1 for r in requests)]  # "asked to observe"
        if re.search(r"\b(?:and|but)\s+$", self.text[s.start : at]):
            between = []  # "Moscow denied the claims and accused Kyiv": the verbs share their subject
        if any(c.start > last[1] and not c.cue.reported for c in between):
            # "X did not agree to A and maintained that B ...": X, if X already took a position in this sentence
            shared = [
                r
                for r in self.records.values()
                if r.section == "positions"
                and s.start <= r.span[0] < s.end
                and last[2] in _as_list(r.fields.get("holder"))
            ]
            if not shared:
                return None
            holders = _as_list(shared[-1].fields["holder"])
            return holders, shared[-1].span[0], 0.7
        group = [last]
        listed = False
        for m in reversed(mentions[:-1]):
            gap = fold(self.text[m[1] : group[0][0]]).strip()
            if gap in ("and", "&") or re.fullmatch(r",?\s*and", gap):
                group.insert(0, m)
                listed = True
            elif gap == "," and listed:
                group.insert(0, m)
            elif gap in ("'s", "") or re.fullmatch(r"'s\s+[\w\s-]{0,30},?", gap) or gap == ",":
                # "Valdoria’s foreign minister, Tomas Brel": the person acts
                continue
            else:
                break
        for m in group:
            if m[3] == "HolderOnly":  # "Kyiv said": Ukraine, named by its capital
                self.actor_record(self.gaz.entries[m[2]], m[0], m[1], "metonym")
        ids = list(dict.fromkeys(m[2] for m in group))
        return ids, group[0][0], 0.9

    def _antecedent(self, at: int, want: str, s: Sentence) -> str | None:
        candidates = [m for m in self.actor_mentions if m[1] <= at]
        if want != "Person" and self.holder_only:  # "Kyiv said it would": the capital named before
            capitals = [
                (s.start + m.start(), s.start + m.end(), self.holder_only[fold(m.group())].id, "HolderOnly")
                for m in re.finditer(
                    r"\b(?:" + "|".join(re.escape(k) for k in self.holder_only) + r")\b", self.folded[s.start : at]
                )
            ]
            candidates = sorted(candidates + capitals)
        for m in reversed(candidates):
            is_person = m[3] == "Person"
            if (want == "Person") == is_person:
                if m[3] == "HolderOnly":
                    self.actor_record(self.gaz.entries[m[2]], m[0], m[1], "metonym")
                return m[2]
        return None

    def holder_after_by(self, at: int, s: Sentence) -> tuple[list[str], int] | None:
        m = re.match(r"\s+(?:made\s+|issued\s+|voiced\s+)?by\s+", self.text[at : s.end])
        if not m:
            return None
        after = [x for x in self.actor_mentions if at + m.end() <= x[0] < s.end]
        if not after or after[0][0] > at + m.end() + 5:
            return None
        group = self._coordinated(after, at)
        if len(group) == 1 and len(after) > 1:
            named = re.fullmatch(r"[’']s\s+[\w\s\-]{1,40},\s*", self.text[group[0][1] : after[1][0]])
            if named and after[1][3] == "Person":  # "by Kestrel’s defence minister, Oskar Lind": the person
                group = [after[1]]
        return list(dict.fromkeys(x[2] for x in group)), group[-1][1]

    # -- positions, conditions, claims ------------------------------------------------------------------------------
    def positions(self, sentences: list[Sentence]) -> None:
        for s in sentences:
            self.claims(s)
            stance_cues = find_cues(self.text, self.lex, ("StanceCue",), s.start, s.end, self.folded)
            conditions = find_cues(self.text, self.lex, ("ConditionCue",), s.start, s.end, self.folded)
            used_conditions: set[int] = set()
            skip: set[int] = set()
            cross: dict[int, CueMatch] = {}
            for first, second in itertools.pairwise(stance_cues):
                if not self._chained(first, second):
                    continue
                if self._negation_at(first):
                    skip.add(first.start)  # "refused to extend": the second verb, negated
                else:
                    skip.add(second.start)  # "agreed to halt", "urged Russia to accept": the first verb's stance
                    cross[first.start] = second
            for before, after in itertools.pairwise(stance_cues):
                if len(self.words_between(before.end, after.start)) <= 1 and not self._chained(before, after):
                    skip.add(after.start)  # "rejected calls for a ceasefire": the calls are what is rejected
            for cond in conditions:  # "only if Valdoria agreed to an exchange": what a condition asks, not a stance
                skip.update(c.start for c in stance_cues if c.start > cond.end)
            for request in find_cues(self.text, self.lex, ("RequestCue",), s.start, s.end, self.folded):
                skip.update(c.start for c in stance_cues if 0 <= c.start - request.end <= 1)  # "asked to observe"
            for c in stance_cues:
                if c.start not in skip:
                    self.position(c, s, conditions, used_conditions, cross.get(c.start))
            for cond in conditions:
                if cond.start in used_conditions or fold(cond.form) in ("if", "unless"):
                    continue
                self.bare_condition(cond, s)
            for author in find_cues(self.text, self.lex, ("Authorship",), s.start, s.end, self.folded):
                self.authorship(author, s)

    def authorship(self, cue: CueMatch, s: Sentence) -> None:
        """ "Kestrel’s offer", "a proposal by France and Britain for a truce": the actor proposes it."""
        holder: list[str] = []
        begin, end = cue.start, cue.end
        owner = re.search(r"[’']s\s+(?:[\w\-]+\s+){0,2}$", self.text[max(s.start, cue.start - 40) : cue.start])
        if owner:
            at = cue.start - len(owner.group())
            mine = [m for m in self.actor_mentions if m[1] == at]
            if mine:
                holder, begin = [mine[-1][2]], mine[-1][0]
        if not holder:  # "the US proposal", "A Ukrainian proposal": an actor's name just before it
            mine = [m for m in self.actor_mentions if 0 <= cue.start - m[1] <= 1 and s.start <= m[0]]
            if mine:
                holder, begin = [mine[-1][2]], mine[-1][0]
        if not holder:  # "a proposal by France", "an appeal for a Christmas truce by Patriarch Kirill"
            by = re.search(r"\s(?:by|from)\s+", self.text[cue.end : min(s.end, cue.end + 60)])
            if by:
                made = self.holder_after_by(cue.end + by.start(), s)
                if made:
                    holder, end = made
        if not holder or cue.cue.signals is None:
            return
        target = self.thing_at(cue.start, min(s.end, end + 40), ("proposal",)) or self.proposal_reference(begin - 1, s)
        if target is None:
            last = self.last_thing(cue.start)
            target = (last, (cue.start, cue.end)) if last is not None else None
        if target is None:
            return
        thing = target[0]
        fields: dict[str, Any] = {
            "holder": holder if len(holder) > 1 else holder[0],
            "stance": cue.cue.signals,
            "target": thing.record.id,
        }
        if any(
            r.section == "positions"
            and r.fields.get("holder") == fields["holder"]
            and r.fields.get("target") == thing.record.id
            and r.fields.get("stance") == fields["stance"]
            for r in self.records.values()
        ):
            return
        end = max(end, target[1][1]) if target[1][0] >= begin else end
        base = f"{'-'.join(holder)}-{cue.cue.signals}-{thing.record.id}"
        rec = DraftRecord(
            "positions", self.new_id(base), "position.authorship", cue.cue.confidence, (begin, end), cue.form, fields
        )
        self.add(rec)

    def _chained(self, first: CueMatch, second: CueMatch) -> bool:
        """ "V1 to V2" or "V1 X to V2": the second verb completes the first."""
        between = fold(self.text[first.end : second.start])
        return bool(re.fullmatch(r"\s+(?:[\w'’\- ]{1,60}\s+)?to\s+", between)) and between.count(" to ") <= 1

    def _negation_at(self, cue: CueMatch) -> bool:
        """Whether a negation cue ("refused to") starts where ``cue`` does."""
        return any(
            n.start == cue.start
            for n in find_cues(self.text, self.lex, ("NegationCue",), cue.start, cue.end + 4, self.folded)
        )

    def position(
        self, c: CueMatch, s: Sentence, conditions: list[CueMatch], used: set[int], then: CueMatch | None = None
    ) -> None:
        """The position of the stance cue ``c`` (``then``: a verb after it that completes it, "agreed to halt")."""
        stance = c.cue.signals
        if stance is None:
            return
        confidence = c.cue.confidence
        rule = "position.stance-cue"

        pre = self.words_between(max(s.start, c.start - 30), c.start)[-3:]
        negations = find_cues(self.text, self.lex, ("NegationCue",), max(s.start, c.start - 30), c.start, self.folded)
        negated = any(
            not self.text[n.end : c.start].strip(" ") or len(self.words_between(n.end, c.start)) <= 2 for n in negations
        )
        if negated:
            if c.cue.negated is None:
                return
            stance, rule, confidence = c.cue.negated, "position.negated-stance-cue", confidence - 0.05
        passive = c.cue.passive and ((bool(pre) and pre[-1] in _PASSIVE_AUX) or self.thing_ends_at(c.start))
        holder: list[str] | None = None
        target: tuple[_Thing, tuple[int, int]] | None = None
        begin = c.start
        end = c.end
        if passive:
            by = self.holder_after_by(c.end, s)
            if by is None:
                return
            holder, end = by
            target = self.thing_before(c.start, s)
            if target is None and c.cue.on_claims:  # "The charge was denied by Valdoria"
                target = self.last_claim(c.start)
            rule = "position.passive-stance-cue"
            if target is not None:
                begin = target[1][0]
        else:
            found = self.holder_before(c.start, s)
            if found is None:
                return
            holder, begin, sure = found
            confidence = confidence * sure
            bound = min([x.start for x in conditions if x.start > c.end] + [s.end])
            clause = re.search(
                rf"[;]|,\s+(?:and|but|while|after|before|as)\s|,\s+(?:[\w'\-]+\s+){{0,3}}(?:{self.saying}|added)\b",
                fold(self.text[c.end : bound]),
            )
            near = c.end + clause.start() if clause else bound
            target = (
                self.proposal_reference(c.end, s)
                or self.claim_after(c.end, s)
                or self.condition_after(c.end, s)
                or self.thing_at(c.end, near, ("proposal",))
                or self.thing_at(c.end, bound)
            )
            if target is not None:
                blocking = find_cues(self.text, self.lex, ("StanceCue", "ClaimCue"), c.end, target[1][0], self.folded)
                blocking = [x for x in blocking if len(self.words_between(c.end, x.start)) > 1]  # "rejected calls for"
                if [x for x in blocking if then is None or x.start != then.start]:
                    target = None
            if c.cue.on_claims and (
                target is None or re.match(r"\s+(?:it|them|this|that)\b", self.text[c.end : s.end])
            ):
                target = self.last_claim(c.end) or target
            if target is None:
                target = self.claim_after(c.end, s) or self.proposal_reference(c.end, s)
            if target is None:
                target = self.relative_target(begin, s)
            if target is None:
                it = re.match(r"\s+(?:it|them)\b", self.text[c.end : s.end])
                same = [
                    r
                    for r in self.records.values()
                    if r.section == "positions"
                    and s.start <= r.span[0] < c.start
                    and r.fields.get("holder") == (holder if len(holder) > 1 else holder[0])
                ]
                if it and same:
                    return  # "had yet to accept the offer and was studying it": the position already drafted
                last = self.last_thing(c.start)
                if it and last is not None:
                    target = (last, (c.end, c.end + it.end()))
                    confidence -= 0.15
        if target is None or not holder:
            return
        thing, tspan = target
        verb = then if then is not None and then.cue.relates_by else c
        lasting = [t for t in self.times if t.duration and 0 <= t.start - tspan[1] <= 8 and t.start < s.end]
        extended = any(t.record.fields.get(verb.cue.relates_by or "") == thing.record.id for t in self.things)
        if verb.cue.relates_by and thing.kind == "proposal" and tspan[0] >= verb.end and (lasting or extended):
            # "proposed to extend the Sarn truce by 14 days": an extension, a proposal of its own
            thing, tspan = self.extension(thing, verb, tspan, s)
        end = max(end, tspan[1])
        fields: dict[str, Any] = {
            "holder": holder if len(holder) > 1 else holder[0],
            "stance": stance,
            "target": thing.record.id,
        }
        condition = next((x for x in conditions if x.start >= tspan[1] - 1 and x.start not in used), None)
        if condition is not None and self.conditional and self.polarity(stance) != "conditional":
            made = self.condition(condition, s)
            used.add(condition.start)
            fields["stance"] = self.conditional
            rule = "position.conditional"
            if made is not None:
                fields["underCondition"] = made.id
                end = max(end, made.span[1])
        speaker = self.speaker(end, s, holder) or self.speaker_before(begin, s, holder)
        if speaker:
            fields["speaker"] = speaker
        at = self.thing_at(s.start, s.end, ("event",))
        if at is not None and at[0] is not thing and at[0].record.fields.get("type") != "Attack":
            fields["expressedAt"] = at[0].record.id
        when = [t for t in self.times if not t.duration and (begin <= t.start < end or 0 <= t.start - c.end <= 4)] or [
            t
            for t in self.times
            if not t.duration
            and s.start <= t.start < s.end
            and not any(a <= t.start < b for a, b in self.dateline_spans)
            and not any(sp[0] <= t.start < sp[1] for x in self.things for sp in x.spans)
        ]
        if when:
            fields["hasTime"] = self.time_value(when[0])
        base = f"{'-'.join(holder)}-{fields['stance']}-{thing.record.id}"
        if any(
            r.section == "positions"
            and r.fields.get("holder") == fields["holder"]
            and r.fields.get("target") == thing.record.id
            and r.fields.get("stance") == fields["stance"]
            and s.start <= r.span[0] < s.end
            for r in self.records.values()
        ):
            return
        self.add(
            DraftRecord(
                "positions", self.new_id(base), rule, round(max(0.1, confidence), 2), (begin, end), c.form, fields
            )
        )

    def proposal_reference(self, at: int, s: Sentence) -> tuple[_Thing, tuple[int, int]] | None:
        """ "had yet to accept the offer": the last proposal named before."""
        refs = find_cues(self.text, self.lex, ("ProposalReference",), at, s.end, self.folded)
        if not refs or self.text[at : refs[0].start].strip():
            # "the Russian offer", "Kestrel’s proposal": a determiner, a word or two, the noun of a reference
            nouns = {fold(f).split()[-1]: c for c in self.lex.of("ProposalReference") for f in c.forms}
            found = list(re.finditer(r"[\w'\-]+", self.folded[at : min(s.end, at + 60)]))[:4]
            lead = bool(found) and not self.folded[at : at + found[0].start()].strip()
            first = found[0].group() if found else ""
            if not lead or not (first in _DEFINITE or first.endswith("'s")):
                return None
            m = next((w for w in found[1:] if w.group() in nouns), None)
            if m is None:
                return None
            refs = [CueMatch(nouns[m.group()], m.group(), at + m.start(), at + m.end())]
        offered = [
            r.fields.get("target")
            for r in sorted(self.records.values(), key=lambda r: r.span[0])
            if r.section == "positions" and r.fields.get("stance") == refs[0].cue.signals and r.span[0] < at
        ]
        things = {t.record.id: t for t in self.things}
        last = things.get(str(offered[-1])) if offered else None
        last = last or self.last_thing(at)
        return (last, (refs[0].start, refs[0].end)) if last is not None else None

    def relative_target(self, holder_start: int, s: Sentence) -> tuple[_Thing, tuple[int, int]] | None:
        """ "The 30-day energy pause that Russia and Ukraine agreed to": the thing just before "that X"."""
        m = re.search(r"\s+(?:that|which)\s+$", self.text[max(s.start, holder_start - 12) : holder_start])
        if not m:
            return None
        before = self.thing_before(holder_start - len(m.group()) + 1, s)
        if before is None or holder_start - len(m.group()) - before[1][1] > 1:
            return None
        return before

    def last_claim(self, at: int) -> tuple[_Thing, tuple[int, int]] | None:
        claims = [r for r in self.records.values() if r.section == "claims" and r.span[1] <= at]
        if not claims:
            return None
        last = max(claims, key=lambda r: r.span[0])
        return _Thing(last, [last.span], "claim"), (at, at)

    def condition_after(self, at: int, s: Sentence) -> tuple[_Thing, tuple[int, int]] | None:
        """ "did not agree to the Russian condition": the last condition drafted before."""
        nouns = {fold(f).split()[-1] for f in self.lex.forms("ConditionReference")}
        found = list(re.finditer(r"[\w'\-]+", self.folded[at : min(s.end, at + 50)]))[:4]
        if (
            not found
            or self.folded[at : at + found[0].start()].strip()
            or found[0].group() not in _DEFINITE | {"these", "those"}
        ):
            return None
        noun = next((w for w in found[1:] if w.group() in nouns), None)
        conditions = [r for r in self.records.values() if r.section == "conditions" and r.span[1] <= at]
        if noun is None or not conditions:
            return None
        last = max(conditions, key=lambda r: r.span[0])
        return _Thing(last, [last.span], "condition"), (at + noun.start(), at + noun.end())

    def claim_after(self, at: int, s: Sentence) -> tuple[_Thing, tuple[int, int]] | None:
        """ "Kestrel denied the accusation": the last claim drafted before."""
        refs = find_cues(self.text, self.lex, ("ClaimReference",), at, s.end, self.folded)
        if not refs or self.text[at : refs[0].start].strip():
            # "her charge", "Kyiv’s accusations": a possessive, then the noun of a claim reference
            nouns = {fold(f).split()[-1] for f in self.lex.forms("ClaimReference")}
            m = re.match(r"\s+(?:his|her|its|their|[\w'\-]+'s)\s+(\w+)\b", self.folded[at : s.end])
            if not m or m.group(1) not in nouns:
                return None
            refs = [CueMatch(self.lex.of("ClaimReference")[0], m.group(1), at + m.start(1), at + m.end(1))]
        claims = [r for r in self.records.values() if r.section == "claims" and r.span[1] <= at]
        if not claims:
            return None
        last = max(claims, key=lambda r: r.span[0])
        return _Thing(last, [last.span], "claim"), (refs[0].start, refs[0].end)

    def extension(
        self, base: _Thing, verb: CueMatch, tspan: tuple[int, int], s: Sentence
    ) -> tuple[_Thing, tuple[int, int]]:
        """The proposal that ``verb`` ("extend") makes of ``base``: linked to it by the verb's ``relatesBy``, with
        the duration written after it ("by 14 days")."""
        assert verb.cue.relates_by is not None
        end = tspan[1]
        more = [t for t in self.times if t.duration and 0 <= t.start - end <= 8 and t.start < s.end]
        if more:
            end = more[0].end
        span = (verb.start, end)
        for t in self.things:
            if t.record.fields.get(verb.cue.relates_by) == base.record.id:
                t.spans.append(span)
                return t, span
        label = base.record.fields.get("label") or (
            self.gaz.entries[base.record.id].label if base.record.id in self.gaz.entries else None
        )
        fields: dict[str, Any] = {
            "type": self._class_of(base) or "Ceasefire",
            "label": f"Extension of {label or self.text[tspan[0] : tspan[1]]}",
            verb.cue.relates_by: base.record.id,
        }
        duration = [t for t in self.times if t.duration and span[0] <= t.start < span[1]]
        if duration:
            fields["inEffect"] = {"duration": self.time_value(duration[0])}
        rec = DraftRecord(
            "proposals", self.new_id(f"{base.record.id} extension"), "proposal.extension", 0.6, span, verb.form, fields
        )
        self.add(rec)
        thing = _Thing(rec, [span], "proposal")
        self.things.append(thing)
        return thing, span

    def thing_ends_at(self, at: int) -> bool:
        return any(0 <= at - span[1] <= 1 for t in self.things for span in t.spans)

    def thing_before(self, at: int, s: Sentence) -> tuple[_Thing, tuple[int, int]] | None:
        found = [(span[1], t, span) for t in self.things for span in t.spans if s.start <= span[0] and span[1] <= at]
        if not found:
            return None
        _, t, span = max(found, key=lambda f: f[0])
        return t, span

    def speaker(self, after: int, s: Sentence, holder: list[str]) -> str | None:
        m = re.match(rf",\s*+(?!and\b|but\b)(?:[\w’'\- ]{{0,40}}?)\s*({self.saying})\b", fold(self.text[after : s.end]))
        if not m:
            return None
        for a, b, who, kind in self.actor_mentions:
            if after <= a and b <= after + m.end() and who not in holder and kind == "Person":
                return who
        return None

    def speaker_before(self, begin: int, s: Sentence, holder: list[str]) -> str | None:
        """ "Zelenskyy said Ukraine would observe ...": the person who says it for the holder."""
        said = [c for c in find_cues(self.text, self.lex, ("ClaimCue",), s.start, begin, self.folded) if c.cue.reported]
        if not said or re.sub(r"\bthat\b", "", self.text[said[-1].end : begin]).strip(" ,"):
            return None
        who = [m for m in self.actor_mentions if s.start <= m[0] and m[1] <= said[-1].start]
        if who and who[-1][3] == "Person" and who[-1][2] not in holder:
            return who[-1][2]
        return None

    def condition(self, cue: CueMatch, s: Sentence) -> DraftRecord | None:
        end = s.end
        while end > cue.end and self.text[end - 1] in '.;!?” "':
            end -= 1
        cut = re.search(
            rf",\s+(?:[A-Z][\w’'\-]+\s+){{1,3}}(?:{self.saying}|added)\b|,\s+adding\b|;", self.text[cue.end : end]
        )
        if cut:
            end = cue.end + cut.start()  # "... if Moscow did the same, Zelenskyy said": the condition ends there
        clause_start = cue.end
        must = [m for m in self.actor_mentions if clause_start <= m[0] < end]
        if not must and self.holder_only:  # "if Moscow did the same"
            for m in re.finditer(
                r"\b(?:" + "|".join(re.escape(k) for k in self.holder_only) + r")\b", self.folded[clause_start:end]
            ):
                entry = self.holder_only[fold(m.group())]
                self.actor_record(entry, clause_start + m.start(), clause_start + m.end(), "metonym")
                must.append((clause_start + m.start(), clause_start + m.end(), entry.id, "State"))
        label = self.text[clause_start:end].strip()
        if not must or not label:
            return None
        ids = list(dict.fromkeys(m[2] for m in self._coordinated(must, clause_start)))
        fields = {"label": label[:1].upper() + label[1:], "mustAct": ids if len(ids) > 1 else ids[0]}
        rec = DraftRecord(
            "conditions",
            self.new_id(" ".join(w for w in label.split() if fold(w) not in FUNCTION_WORDS)[:60]),
            "condition.cue",
            cue.cue.confidence,
            (cue.start, end),
            cue.form,
            fields,
        )
        return self.add(rec)

    def bare_condition(self, cue: CueMatch, s: Sentence) -> None:
        """ "X said a complete ceasefire would be possible only if ...": X takes the conditional stance on what
        is named before the condition."""
        if not self.conditional:
            return
        target = self.thing_before(cue.start, s)
        if target is None:
            return
        found = self.holder_before(target[1][0], s)
        if found is None:
            return
        holder, begin, sure = found
        made = self.condition(cue, s)
        fields: dict[str, Any] = {
            "holder": holder if len(holder) > 1 else holder[0],
            "stance": self.conditional,
            "target": target[0].record.id,
        }
        end = made.span[1] if made is not None else s.end
        while end > cue.end and self.text[end - 1] in '.;!?” "':
            end -= 1
        if made is not None:
            fields["underCondition"] = made.id
        base = f"{'-'.join(holder)}-{self.conditional}-{target[0].record.id}"
        rec = DraftRecord("positions", self.new_id(base), "position.condition-only", round(0.6 * sure, 2), (begin, end))
        rec.cue, rec.fields = cue.form, fields
        self.add(rec)

    def claims(self, s: Sentence) -> None:
        cues = find_cues(self.text, self.lex, ("ClaimCue",), s.start, s.end, self.folded)
        violation = find_cues(self.text, self.lex, ("ViolationCue",), s.start, s.end, self.folded)
        attacks = [
            t
            for t in self.things
            if t.kind == "event"
            and t.record.fields.get("type") == "Attack"
            and any(s.start <= sp[0] < s.end for sp in t.spans)
        ]
        for c in cues:
            weak = c.cue.reported
            later = find_cues(self.text, self.lex, ("StanceCue",), c.end, s.end, self.folded)
            if weak and not violation and later:
                continue  # "Zelenskyy said Ukraine would observe the truce": a position, said by someone
            attack_words = find_cues(self.text, self.lex, ("EventCue",), c.end, s.end, self.folded)
            attack_words = [
                x
                for x in attack_words
                if x.cue.signals == "Attack"
                and not any(sp[0] <= x.start < sp[1] for t in self.things if t.kind == "proposal" for sp in t.spans)
            ]
            if weak and not violation and not attacks and not attack_words:
                continue
            end = s.end
            cut = re.search(r"(?:;|,\s+(?:and|but|while)\s+(?=[A-Z]))", self.text[c.end : s.end])
            if cut:
                end = c.end + cut.start()  # "..., and Ukraine denied it": another clause
            while end > c.end and self.text[end - 1] in '.;!?” "':
                end -= 1
            claimant: list[str] | None = None
            begin = c.start
            made = self.holder_after_by(c.end, s)  # "claims made by Ukraine"
            if made is not None:
                claimant = made[0]
            else:
                found = self.holder_before(c.start, s)
                if found is not None and weak and len(words(self.text, found[1], c.start)) > 6:
                    found = None  # "..., regional officials said": not the actor named at the start
                if found is not None:
                    claimant, begin, _ = found
            if not claimant:
                continue
            fields: dict[str, Any] = {"label": "", "claimant": claimant if len(claimant) > 1 else claimant[0]}
            accused = re.match(r"\s+", self.text[c.end : end])
            if c.cue.names_accused and accused:
                who = [m for m in self.actor_mentions if c.end <= m[0] <= c.end + 3]
                capital = re.match(r"\s+([\w’'\-]+)", self.text[c.end : end])
                if who:
                    fields["accuses"] = who[0][2]
                elif capital and fold(capital.group(1)) in self.holder_only:  # "accused Moscow of"
                    entry = self.holder_only[fold(capital.group(1))]
                    self.actor_record(entry, c.end + capital.start(1), c.end + capital.end(1), "metonym")
                    fields["accuses"] = entry.id
            if "accuses" not in fields and violation:  # "said Russian forces had violated the truce"
                blamed = [
                    m
                    for m in self.actor_mentions
                    if c.end <= m[0] and any(0 <= v.start - m[1] <= 12 for v in violation)
                ]
                if blamed and blamed[-1][2] not in claimant:
                    fields["accuses"] = blamed[-1][2]
            inside = [t for t in attacks if any(c.end <= sp[0] < end for sp in t.spans)]
            if inside:
                fields["alleges"] = inside[0].record.id
            if violation or inside:
                named = self.thing_at(c.end, end, ("proposal",))
                broken = named[0] if named else self.last_thing(c.start)
                if broken is not None:
                    fields["allegesViolationOf"] = broken.record.id
            if len(words(self.text, c.end, end)) < 4 and begin - s.start > 20:
                begin = s.start  # "About 80% ... destroyed, President Zelenskyy claimed last September"
            label = self.text[begin:end].strip()
            fields["label"] = label[:1].upper() + label[1:]
            base = f"{'-'.join(claimant)}-{'accuses' if 'accuses' in fields else 'claims'}-{fields.get('accuses', '')}"
            conf = c.cue.confidence - (0.15 if weak else 0)
            self.add(
                DraftRecord(
                    "claims", self.new_id(base.strip("-")), "claim.cue", round(conf, 2), (begin, end), c.form, fields
                )
            )
            return

    def more_quotes(self) -> None:
        """A proposal or an event named again ("the truce") quotes those words too, when they occur once in the
        article (so that no ``occurrence`` is needed) and are not inside the first quote."""
        for thing in self.things:
            rec, seen = thing.record, {self.text[thing.record.span[0] : thing.record.span[1]]}
            for a, b in thing.spans:
                words_ = self.text[a:b]
                inside = rec.span[0] <= a and b <= rec.span[1]
                if words_ in seen or inside or len(occurrences(self.text, words_)) != 1:
                    continue
                seen.add(words_)
                rec.more.append((a, b))

    # -- times ------------------------------------------------------------------------------------------------------
    def time_value(self, t: TimeMention) -> dict[str, Any]:
        """``{quote: ...}`` of a time, with ``occurrence`` when its words occur more than once."""
        starts = occurrences(self.text, t.wording)
        value: dict[str, Any] = {"quote": t.wording}
        if len(starts) > 1 and t.start in starts:
            value["occurrence"] = starts.index(t.start) + 1
        return value

    def usable_times(self, sentences: list[Sentence]) -> list[TimeMention]:
        from kg.builder.times import TimeParseError, normalize_duration, normalize_instant

        kept = []
        reference = self.reference or dt.date(2000, 1, 1)
        for s in sentences:
            for t in find_times(self.text, s.start, s.end):
                try:
                    if t.duration:
                        normalize_duration(t.wording)
                    else:
                        normalize_instant(t.wording, reference)
                        if self.reference is None and not re.search(r"\d{4}", t.wording):
                            continue
                except (TimeParseError, ValueError):
                    continue
                kept.append(t)
        return kept

    def attach_times(self, sentences: list[Sentence]) -> None:
        for s in sentences:
            here = [
                t
                for t in self.times
                if s.start <= t.start < s.end
                and not t.duration
                and (t.start, t.end) not in self.dateline_spans
                and not any(a <= t.start < b for a, b in self.dateline_spans)
            ]
            if not here:
                continue
            events = [t for t in self.things if t.kind == "event" and any(s.start <= sp[0] < s.end for sp in t.spans)]
            for ev in events[:1]:
                if ("hasTime" not in ev.record.fields and not ev.record.linked) or (
                    ev.record.linked and len(events) == 1
                ):
                    span = next(sp for sp in ev.spans if s.start <= sp[0] < s.end)
                    inside = [t for t in here if span[0] <= t.start < span[1]]
                    ev.record.fields.setdefault("hasTime", self.time_value((inside or here)[0]))
            for p in self.things:
                if p.kind != "proposal":
                    continue
                for span in p.spans:
                    if not s.start <= span[0] < s.end:
                        continue
                    for t in here:
                        lead = fold(self.text[max(s.start, t.start - 25) : t.start])
                        key = (
                            "begins"
                            if re.search(rf"\b{self.beginning}\s+(?:just\s+)?(?:after\s+|on\s+|at\s+)?$", lead)
                            else ("ends" if re.search(rf"\b{self.ending}\s+(?:on\s+|at\s+)?$", lead) else None)
                        )
                        if key is None:
                            continue
                        effect = p.record.fields.setdefault("inEffect", {})
                        if isinstance(effect, dict) and key not in effect:
                            effect[key] = self.time_value(t)
                            if key == "ends" and "duration" in effect and "begins" in effect:
                                del effect["ends"]


def draft_article(
    article: Path | str,
    corpus: Sequence[Path | str] | None = None,
    published: dt.date | dt.datetime | None = None,
    lexicon: Lexicon | None = None,
) -> Draft:
    """Draft the annotation of ``article`` (a UTF-8 text file) against ``corpus`` (annotation files or folders;
    default ``seeds/``), whose actors, proposals, events and places it links to by id.

    ``published`` is the article's date (else its dateline's, if it prints one): relative times ("on Tuesday")
    are only drafted against a date. Raises InputError for an article that is missing, empty, binary or not
    UTF-8, and for a corpus file that does not read.

    Examples
    --------
    >>> d = draft_article("seeds/examples/sarn-truce.txt", corpus=["seeds/examples/sarn-truce.yaml"])
    >>> sorted({r.section for r in d.records})
    ['actors', 'claims', 'conditions', 'events', 'places', 'positions', 'proposals']
    """
    path = Path(article)
    text = read_article(path)
    lex = lexicon or load_lexicon()
    gaz = Gazetteer.from_files(corpus, lex)
    body = _body_start(text)
    sentences = [s for s in split_sentences(text) if s.start >= body]
    line = next((d for d in (dateline(text, s.start) for s in sentences[:3]) if d is not None), None)
    reference: dt.date | None = None
    article_block: dict[str, Any] = {}
    if published is not None:
        reference = published.date() if isinstance(published, dt.datetime) else published
        article_block["datePublished"] = published
        article_block["datePublishedNote"] = "Given to kg draft with --published."
    elif line is not None and line.date and re.search(r"\d{4}", line.date):
        from kg.builder.times import TimeParseError, normalize_instant

        try:
            point = normalize_instant(line.date, dt.date(2000, 1, 1))
            reference = point.day
        except (TimeParseError, ValueError):
            reference = None
        if reference is not None:
            article_block["referenceDate"] = {"quote": line.date}
    drafter = _Drafter(text, gaz, lex, reference)
    drafter.body = body
    drafter.dateline_city = line.city if line is not None else ""
    drafter.dateline_spans = [x for x in ((line.date_span if line else None),) if x]
    drafter.times = drafter.usable_times(sentences)
    drafter.find_actors(sentences, line)
    drafter.find_things(sentences)
    drafter.positions(sentences)
    drafter.attach_times(sentences)
    if line is not None and line.outlet:
        if drafter.outlet_id:
            article_block["publisher"] = drafter.outlet_id
        city = gaz.entries.get(slug(line.city))
        article_block["dateline"] = (
            slug(line.city) if city is None or city.section == "places" else slug(line.city) + "-city"
        )
    drafter.more_quotes()
    records = sorted(drafter.records.values(), key=lambda r: (SECTION_ORDER.index(r.section), r.span[0]))
    first = sentences[0] if sentences else None
    label = first.text if first else path.stem
    if line is not None and first is not None and first.start == line.city_span[0]:
        label = text[line.outlet_span[1] + 2 if line.outlet_span else first.start : first.end].strip()
        label = f"{line.outlet} ({line.city}): {label}" if line.outlet else label
    label = label if len(label) <= 100 else label[:97].rsplit(" ", 1)[0] + "…"
    block = {
        "id": _article_id(path, gaz.entries.keys() | drafter.used_ids | {r.id for r in records}),
        "text": path.name,
        "label": label,
        "language": "en",
        **article_block,
    }
    if (
        line is not None
        and "dateline" in block
        and not any(r.section == "places" and r.id == block["dateline"] for r in records)
    ):
        place = gaz.entries.get(block["dateline"])
        if place is None or place.section != "places":
            records.insert(
                0,
                DraftRecord(
                    "places",
                    block["dateline"],
                    "place.dateline",
                    0.8,
                    line.city_span,
                    line.city,
                    {"type": "City", "label": line.city},
                ),
            )
        else:
            records.insert(
                0, DraftRecord("places", place.id, "place.dateline", 0.8, line.city_span, line.city, linked=True)
            )
    records = sorted(records, key=lambda r: (SECTION_ORDER.index(r.section), r.span[0]))
    notes = []
    if not any(r.section in ("positions", "claims", "proposals") for r in records):
        notes.append("no sentence the rules understand: the draft holds the article block (and the names found)")
    if reference is None:
        notes.append("no date: give --published YYYY-MM-DD to draft relative times such as 'on Tuesday'")
    return Draft(path, text, block, records, len(sentences), notes)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []


def _body_start(text: str) -> int:
    """Where the article begins: after the first paragraph when it is the marker of an invented example
    ("INVENTED EXAMPLE: this is not a real article..."), which is no part of the article's statements."""
    if text.startswith("INVENTED EXAMPLE"):
        end = text.find("\n\n")
        return end + 2 if end >= 0 else len(text)
    return 0


def _article_id(path: Path, taken: set[str]) -> str:
    base = slug(path.stem)
    return base if base not in taken else base + "-article"
