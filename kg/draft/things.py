"""The rules about proposals and events: the phrases that name them, which are the same one, which are the
corpus', extensions, and the times that go on them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.builder.quotes import occurrences
from kg.builder.sentences import Sentence
from kg.draft.actors import ActorRules
from kg.draft.gazetteer import Entry, Mention
from kg.draft.mentions import (
    FUNCTION_WORDS,
    CueMatch,
    TimeMention,
    find_cues,
    find_times,
    noun_phrase,
)
from kg.draft.records import DraftRecord, Thing
from kg.draft.state import DEFINITE
from kg.draft.text import fold, words


class ThingRules(ActorRules):
    """The rules about proposals and events: the phrases that name them, which are the same one, which are the"""

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
        definite = fold(self.text[a:b]).split()[0] in DEFINITE
        kin = self._kin(kind, cls, cue)
        kin_before = [t for t in kin if t.spans[-1][0] < a]
        if definite and restrictive and not (content - self._content(cue.form)) and len(kin_before) == 1:
            kin_before[0].spans.append((a, b))  # "the pause ordered by Putin" after "the moratorium on strikes"
            return
        if (definite or of_idea or such) and not restrictive:
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
            kin_same = [t for t in kin_before if not extra or extra <= self._thing_words(t)]
            if word or kin_same:  # "the truce" after "a truce", "the pause" after "a ceasefire"; not "the corridor"
                (word or kin_same)[-1].spans.append((a, b))
                return
            related = [t for t in before if cue.cue.relates_by and t.record.fields.get(cue.cue.relates_by)]
            if related and not extra:  # "The extension was welcomed": the extension proposed before
                related[-1].spans.append((a, b))
                return
            if cue.cue.any_proposal and not extra and before:  # "the deal": the last proposal, of any kind
                before[-1].spans.append((a, b))
                return
            names = self._name_words(a, b, s)
            kin_all = [t for t in kin_before if names <= self._thing_names(t)]
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
        bare = not (content - self._content(cue.form)) and not self._name_words(a, b, s)
        if kin and bare and re.search(r"\b(?:to|would|will)\s+$", self.text[max(s.start, a - 6) : a]):
            kin[-1].spans.append((a, b))  # "troops would stop fighting": the truce named before
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

    def _kin(self, kind: str, cls: str | None, cue: CueMatch) -> list[Thing]:
        """The proposals or events (``kind``) of class ``cls`` named, somewhere, by a form of ``cue``'s cue ("a
        ceasefire" for "the pause"), in the order they were first named."""
        forms = [fold(f) for f in cue.cue.forms]
        return [
            t
            for t in self.things
            if t.kind == kind
            and self._class_of(t) == cls
            and any(f in fold(self.text[x:y]) for x, y in t.spans for f in forms)
        ]

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
        self.things.append(Thing(rec, [(a, b)], kind))

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

    def _thing_names(self, thing: Thing) -> set[str]:
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

    def _thing_words(self, thing: Thing) -> set[str]:
        words_of = set().union(*(self._content(self.text[x:y]) for x, y in thing.spans))
        entry = self.gaz.entries.get(thing.record.id)
        if entry is not None:
            words_of |= self._content(" ".join([entry.label or "", *entry.names]))
        return words_of

    def _class_of(self, thing: Thing) -> str | None:
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
        scopes = self._scopes(phrase) if kind == "proposal" else set()
        for e in self.gaz.entries.values():
            if e.section != section:
                continue
            names = " ".join([e.label or "", *list(e.names)])
            theirs = self._content(names)
            duration = self._duration_words(e)
            shared = (content & (theirs | duration)) - generic
            score = float(len(shared))
            if scopes:  # "strikes against energy sites" and "attacks on energy infrastructure": one scope
                score += len(scopes & self._scopes(names))
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

    def _scopes(self, words_: str) -> set[str]:
        """The scope cues (cfl:ScopeCue) ``words_`` name, by name: "energy sites" and "power plants" both name
        the energy scope."""
        return {c.cue.name for c in find_cues(words_, self.lex, ("ScopeCue",), 0, len(words_), fold(words_))}

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
        self.things.append(Thing(rec, [span], kind))

    def thing_at(
        self, a: int, b: int, kinds: tuple[str, ...] = ("proposal", "event")
    ) -> tuple[Thing, tuple[int, int]] | None:
        """The first proposal or event named in [a, b)."""
        best: tuple[int, Thing, tuple[int, int]] | None = None
        for t in self.things:
            if t.kind not in kinds:
                continue
            for span in t.spans:
                if a <= span[0] < b and (best is None or span[0] < best[0]):
                    best = (span[0], t, span)
        return (best[1], best[2]) if best else None

    def last_thing(self, before: int, kind: str = "proposal") -> Thing | None:
        found = [(span[0], t) for t in self.things if t.kind == kind for span in t.spans if span[0] < before]
        return max(found, key=lambda f: f[0])[1] if found else None

    def extension(
        self, base: Thing, verb: CueMatch, tspan: tuple[int, int], s: Sentence
    ) -> tuple[Thing, tuple[int, int]]:
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
        thing = Thing(rec, [span], "proposal")
        self.things.append(thing)
        return thing, span

    def thing_ends_at(self, at: int) -> bool:
        return any(0 <= at - span[1] <= 1 for t in self.things for span in t.spans)

    def thing_before(self, at: int, s: Sentence) -> tuple[Thing, tuple[int, int]] | None:
        found = [(span[1], t, span) for t in self.things for span in t.spans if s.start <= span[0] and span[1] <= at]
        if not found:
            return None
        _, t, span = max(found, key=lambda f: f[0])
        return t, span

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
