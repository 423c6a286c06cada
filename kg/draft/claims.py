"""The rules about claims and conditions: who claims what, whom they accuse, what attack they allege and
what proposal they say was broken; the clause a condition opens and who must act; who speaks for a holder."""

from __future__ import annotations

import re
from typing import Any

from kg.builder.sentences import Sentence
from kg.draft.mentions import (
    FUNCTION_WORDS,
    CueMatch,
    find_cues,
)
from kg.draft.records import DraftRecord, Thing
from kg.draft.state import DEFINITE
from kg.draft.text import fold, words
from kg.draft.things import ThingRules


class ClaimRules(ThingRules):
    """The rules about claims and conditions: who claims what, whom they accuse, what attack they allege and"""

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
            body = claimant[0] if len(claimant) == 1 and claimant[0] in self.body_of else None
            if body is not None:  # "Russia’s defence ministry claimed": Russia claims, the ministry speaks
                claimant = [self.body_of[body]]
            fields: dict[str, Any] = {"label": "", "claimant": claimant if len(claimant) > 1 else claimant[0]}
            if body is not None:
                fields["speaker"] = body
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

    def last_claim(self, at: int) -> tuple[Thing, tuple[int, int]] | None:
        claims = [r for r in self.records.values() if r.section == "claims" and r.span[1] <= at]
        if not claims:
            return None
        last = max(claims, key=lambda r: r.span[0])
        return Thing(last, [last.span], "claim"), (at, at)

    def claim_after(self, at: int, s: Sentence) -> tuple[Thing, tuple[int, int]] | None:
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
        return Thing(last, [last.span], "claim"), (refs[0].start, refs[0].end)

    def condition_after(self, at: int, s: Sentence) -> tuple[Thing, tuple[int, int]] | None:
        """ "did not agree to the Russian condition": the last condition drafted before."""
        nouns = {fold(f).split()[-1] for f in self.lex.forms("ConditionReference")}
        found = list(re.finditer(r"[\w'\-]+", self.folded[at : min(s.end, at + 50)]))[:4]
        if (
            not found
            or self.folded[at : at + found[0].start()].strip()
            or found[0].group() not in DEFINITE | {"these", "those"}
        ):
            return None
        noun = next((w for w in found[1:] if w.group() in nouns), None)
        conditions = [r for r in self.records.values() if r.section == "conditions" and r.span[1] <= at]
        if noun is None or not conditions:
            return None
        last = max(conditions, key=lambda r: r.span[0])
        return Thing(last, [last.span], "condition"), (at + noun.start(), at + noun.end())

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
