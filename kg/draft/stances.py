"""The rules about positions: a stance verb, its holder and its target, negation, passives, verbs that
complete each other ('agreed to halt'), conditions, authorship ('Kestrel’s offer') and references ('the offer')."""

from __future__ import annotations

import itertools
import re
from typing import Any

from kg.builder.sentences import Sentence
from kg.draft.claims import ClaimRules
from kg.draft.mentions import (
    CueMatch,
    find_cues,
)
from kg.draft.records import DraftRecord, Thing, as_list
from kg.draft.state import DEFINITE, PASSIVE_AUX
from kg.draft.text import fold


class StanceRules(ClaimRules):
    """The rules about positions: a stance verb, its holder and its target, negation, passives, verbs that"""

    def positions(self, sentences: list[Sentence]) -> None:
        for s in sentences:
            self.claims(s)
            stance_cues = find_cues(self.text, self.lex, ("StanceCue",), s.start, s.end, self.folded)
            conditions = [
                c
                for c in find_cues(self.text, self.lex, ("ConditionCue",), s.start, s.end, self.folded)
                if not c.cue.after_negation or self._negated_condition(c, s)
            ]
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
            for named in find_cues(self.text, self.lex, ("Characterization",), s.start, s.end, self.folded):
                self.characterization(named, s)
            self.possessors(s)

    def possessors(self, s: Sentence) -> None:
        """ "Russia’s 72-hour Victory Day truce began": a proposal named as an actor's own is proposed by it."""
        stance = next((c.signals for c in self.lex.of("Authorship") if c.signals), None)
        for thing in [t for t in self.things if t.kind == "proposal"]:
            for a, b in thing.spans:
                if not s.start <= a < s.end:
                    continue
                owner = [
                    m for m in self.actor_mentions if m[0] == a and re.match(r"[’']s\s", self.text[m[1] : m[1] + 3])
                ]
                if not owner or stance is None:
                    continue
                holder = owner[0][2]
                if any(
                    r.section == "positions"
                    and r.fields.get("target") == thing.record.id
                    and holder in as_list(r.fields.get("holder"))
                    for r in self.records.values()
                ):
                    continue
                fields: dict[str, Any] = {"holder": holder, "stance": stance, "target": thing.record.id}
                rec = DraftRecord(
                    "positions",
                    self.new_id(f"{holder}-{stance}-{thing.record.id}"),
                    "position.possessor",
                    0.5,
                    (a, b),
                    self.text[a:b],
                    fields,
                )
                self.add(rec)

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
        if not holder:  # "his offer": whom the pronoun stands for
            pronoun = re.search(
                r"\b(his|her)\s+(?:[\w\-]+\s+){0,2}$", self.text[max(s.start, cue.start - 30) : cue.start]
            )
            if pronoun:
                who = self._antecedent(cue.start, "Person" if pronoun.group(1) in ("his", "her") else "group", s)
                if who:
                    holder = [who]
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

    def _for_state(self, holder: list[str]) -> tuple[list[str], str | None]:
        """A body that speaks for its state ("Russia’s defence ministry") stands for the state as a holder: the
        holder, and the body as the speaker (None when the holder is no such body)."""
        body = holder[0] if len(holder) == 1 and holder[0] in self.body_of else None
        return ([self.body_of[body]] if body is not None else holder), body

    def _drafted_in(self, fields: dict[str, Any], s: Sentence) -> bool:
        """Whether a position of the same holder, stance and target is already drafted in sentence ``s``."""
        return any(
            r.section == "positions"
            and r.fields.get("holder") == fields["holder"]
            and r.fields.get("target") == fields["target"]
            and r.fields.get("stance") == fields["stance"]
            and s.start <= r.span[0] < s.end
            for r in self.records.values()
        )

    def _negated_condition(self, cue: CueMatch, s: Sentence) -> bool:
        """ "would not lift sanctions until Russia ended its war": a negation earlier in the clause, an actor
        named in the clause after the cue, and no time right after it ("until midnight")."""
        clause = max([s.start] + [s.start + m.end() for m in re.finditer(r"[;,]", self.text[s.start : cue.start])])
        negated = find_cues(self.text, self.lex, ("NegationCue",), clause, cue.start, self.folded)
        if not negated or any(0 <= t.start - cue.end <= 6 for t in self.times):
            return False
        stop = next((m.start() for m in re.finditer(r"[;,.]", self.text[cue.end : s.end])), s.end - cue.end)
        return any(cue.end <= m[0] < cue.end + stop for m in self.actor_mentions)

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
        passive = c.cue.passive and ((bool(pre) and pre[-1] in PASSIVE_AUX) or self.thing_ends_at(c.start))
        holder: list[str] | None = None
        target: tuple[Thing, tuple[int, int]] | None = None
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
            awaited = [
                w
                for w in find_cues(self.text, self.lex, ("AwaitCue",), max(s.start, begin - 25), begin, self.folded)
                if not self.text[w.end : begin].strip()
            ]
            if awaited and awaited[-1].cue.signals and self.polarity(stance) == "favourable":
                # "was waiting for Moscow to agree to it": Moscow has not answered yet
                stance, rule = awaited[-1].cue.signals, "position.awaited"
                confidence = min(confidence, awaited[-1].cue.confidence)
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
                or self.thing_at(c.end, near)
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
            if target is None and re.match(r"\s*(?:[.;]|,\s+(?:and|but)\b|$)", self.text[c.end : s.end]):
                last = self.last_thing(c.start)  # "Kestrel flatly refused.": the proposal the article is about
                if last is not None:
                    target = (last, (c.start, c.end))
                    confidence -= 0.2
            if target is None and self.polarity(stance) == "favourable":
                # "urged Kyiv to follow suit", "would urge Putin to keep it alive": someone asked to act on the
                # proposal the article is about, the last one named
                asked = re.match(r"\s+(?:[\w’'\-]+\s+){1,3}to\s+\w+", self.text[c.end : near])
                last = self.last_thing(c.start)
                if asked and last is not None and c.cue.asks_to_act:
                    target = (last, (c.end, c.end + asked.end()))
                    confidence -= 0.2
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
        holder, body = self._for_state(holder)  # "Kestrel’s foreign ministry said it would…": Kestrel holds it
        fields: dict[str, Any] = {
            "holder": holder if len(holder) > 1 else holder[0],
            "stance": stance,
            "target": thing.record.id,
        }
        condition = next((x for x in conditions if x.start >= tspan[1] - 1 and x.start not in used), None)
        if condition is not None and fold(condition.form) == "if" and self.polarity(stance) == "unfavourable":
            condition = None  # "dismissed Putin’s offer to halt fighting if Kyiv pulled out": the offer's condition
        if condition is not None and self.conditional and self.polarity(stance) != "conditional":
            made = self.condition(condition, s)
            used.add(condition.start)
            fields["stance"] = self.conditional
            rule = "position.conditional"
            if made is not None:
                fields["underCondition"] = made.id
                end = max(end, made.span[1])
        speaker = body or self.speaker(end, s, holder) or self.speaker_before(begin, s, holder)
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
        if self._drafted_in(fields, s):
            return
        self.add(
            DraftRecord(
                "positions", self.new_id(base), rule, round(max(0.1, confidence), 2), (begin, end), c.form, fields
            )
        )

    def proposal_reference(self, at: int, s: Sentence) -> tuple[Thing, tuple[int, int]] | None:
        """ "had yet to accept the offer": the last proposal named before."""
        refs = find_cues(self.text, self.lex, ("ProposalReference",), at, s.end, self.folded)
        if not refs or self.text[at : refs[0].start].strip():
            # "the Russian offer", "Kestrel’s proposal": a determiner, a word or two, the noun of a reference
            nouns = {fold(f).split()[-1]: c for c in self.lex.of("ProposalReference") for f in c.forms}
            found = list(re.finditer(r"[\w'\-]+", self.folded[at : min(s.end, at + 60)]))[:4]
            lead = bool(found) and not self.folded[at : at + found[0].start()].strip()
            first = found[0].group() if found else ""
            if not lead or not (first in DEFINITE or first.endswith("'s")):
                return None
            m = next((w for w in found[1:] if w.group() in nouns), None)
            if m is None:
                return None
            refs = [CueMatch(nouns[m.group()], m.group(), at + m.start(), at + m.end())]
        of = re.match(r"\s+(?:of|for)\s+", self.text[refs[0].end : s.end])
        named = self.thing_at(refs[0].end, min(s.end, refs[0].end + 40)) if of else None
        if named is not None and len(self.words_between(refs[0].end, named[1][0])) <= 3:
            return named  # "Trump’s idea of a three-way meeting": the meeting
        offered = [
            r.fields.get("target")
            for r in sorted(self.records.values(), key=lambda r: r.span[0])
            if r.section == "positions" and r.fields.get("stance") == refs[0].cue.signals and r.span[0] < at
        ]
        things = {t.record.id: t for t in self.things}
        last = things.get(str(offered[-1])) if offered else None
        last = last or self.last_thing(at)
        return (last, (refs[0].start, refs[0].end)) if last is not None else None

    def relative_target(self, holder_start: int, s: Sentence) -> tuple[Thing, tuple[int, int]] | None:
        """ "The 30-day energy pause that Russia and Ukraine agreed to": the thing just before "that X"."""
        m = re.search(r"\s+(?:that|which)\s+$", self.text[max(s.start, holder_start - 12) : holder_start])
        if not m:
            return None
        before = self.thing_before(holder_start - len(m.group()) + 1, s)
        if before is None or holder_start - len(m.group()) - before[1][1] > 1:
            return None
        return before

    def characterization(self, cue: CueMatch, s: Sentence) -> None:
        """ "Valdoria called the announcement a ploy", "a proposal Kestrel’s delegation called unacceptable": the
        subject of the naming verb takes the stance the characterization signals on what it names."""
        if cue.cue.signals is None:
            return
        verbs = [
            v
            for v in find_cues(
                self.text, self.lex, ("NamingVerb",), max(s.start, cue.start - 80), cue.start, self.folded
            )
            if len(self.words_between(v.end, cue.start)) <= 6
        ]
        if not verbs:
            return
        verb = verbs[-1]
        found = self.holder_before(verb.start, s)
        if found is None:
            return
        holder, begin, sure = found
        target = (
            self.proposal_reference(verb.end, s) or self.claim_after(verb.end, s) or self.thing_at(verb.end, cue.start)
        )
        if target is None and re.fullmatch(r"\s*", self.text[verb.end : cue.start]):
            target = self.thing_before(begin, s)  # "a proposal Kestrel’s delegation called unacceptable"
        if target is None:
            return
        thing, tspan = target
        holder, body = self._for_state(holder)
        fields: dict[str, Any] = {
            "holder": holder if len(holder) > 1 else holder[0],
            "stance": cue.cue.signals,
            "target": thing.record.id,
        }
        if body is not None:
            fields["speaker"] = body
        if self._drafted_in(fields, s):
            return
        begin, end = min(begin, tspan[0]), cue.end
        base = f"{'-'.join(holder)}-{cue.cue.signals}-{thing.record.id}"
        rec = DraftRecord(
            "positions",
            self.new_id(base),
            "position.characterization",
            round(cue.cue.confidence * sure, 2),
            (begin, end),
            cue.form,
            fields,
        )
        self.add(rec)

    def bare_condition(self, cue: CueMatch, s: Sentence) -> None:
        """ "X said a complete ceasefire would be possible only if ...": X takes the conditional stance on what
        is named before the condition."""
        if not self.conditional:
            return
        target = self.thing_before(cue.start, s)
        at = target[1][0] if target is not None else cue.start
        if target is None:
            # "Kestrel said it would come back to the table only when ...": a commitment under a condition,
            # on the last proposal the article named
            modal = list(re.finditer(r"\b(?:would|will)\b", self.folded[s.start : cue.start]))
            last = self.last_thing(cue.start)
            if not modal or last is None:
                return
            at = s.start + modal[-1].start()
            target = (last, (at, at))
        found = self.holder_before(at, s)
        if found is None:
            return
        holder, begin, sure = found
        holder, body = self._for_state(holder)  # "Kestrel’s foreign ministry said its forces would ...": Kestrel
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
        if body is not None:
            fields["speaker"] = body
        base = f"{'-'.join(holder)}-{self.conditional}-{target[0].record.id}"
        rec = DraftRecord("positions", self.new_id(base), "position.condition-only", round(0.6 * sure, 2), (begin, end))
        rec.cue, rec.fields = cue.form, fields
        self.add(rec)
