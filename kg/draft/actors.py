"""The rules about actors: the corpus' actors named in the article, new people, states, organizations,
office holders and places, and who acts (the holder before a verb, after 'by', a pronoun's antecedent)."""

from __future__ import annotations

import itertools
import re

from kg.builder.sentences import Sentence
from kg.draft.gazetteer import Entry
from kg.draft.mentions import (
    FUNCTION_WORDS,
    Dateline,
    find_cues,
    new_names,
)
from kg.draft.records import DraftRecord, as_list
from kg.draft.state import AUXILIARIES, CONFIDENCE, PRONOUNS, DraftState
from kg.draft.text import fold, words


class ActorRules(DraftState):
    """The rules about actors: the corpus' actors named in the article, new people, states, organizations,"""

    def actor_record(self, entry: Entry, start: int, end: int, how: str) -> None:
        rec = DraftRecord("actors", entry.id, f"actor.gazetteer.{how}", CONFIDENCE[how], (start, end), linked=True)
        rec.cue = self.text[start:end]
        kept = self.add(rec)
        if kept is not rec and kept.span[1] < start and not self.text[kept.span[1] : start].strip():
            kept.span = (kept.span[0], end)  # "Russian President" + "Vladimir Putin": one quote
            if CONFIDENCE[how] > kept.confidence:
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
                rec = DraftRecord("places", m.entry.id, f"place.gazetteer.{m.how}", CONFIDENCE[m.how], (m.start, m.end))
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
        unlisted: list[tuple[int, int]] = []
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
            elif len(name.split()) >= 2 and not org:
                unlisted.append((a, b))
            elif len(name.split()) == 1:
                singles.append((s, a, b, before, acts))
        while True:  # "Emmanuel Macron, Keir Starmer, Friedrich Merz and Donald Tusk": names listed with a person's
            listed = [(a, b) for a, b in unlisted if self._listed_with_people(a, b)]
            if not listed:
                break
            for a, b in listed:
                self.new_actor((a, b), "Person", "actor.new.listed-with-people", 0.45)
                unlisted.remove((a, b))
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
        self._capitals_as_actors()
        return taken

    def _listed_with_people(self, a: int, b: int) -> bool:
        """ "Emmanuel Macron, Keir Starmer, Friedrich Merz and Donald Tusk": a name listed next to a person's."""
        people = [m for m in self.actor_mentions if m[3] == "Person"]
        before = any(re.fullmatch(r"\s*(?:,|,?\s+and)\s+", self.text[m[1] : a]) for m in people if m[1] <= a)
        after = any(re.fullmatch(r"\s*(?:,|,?\s+and)\s+", self.text[b : m[0]]) for m in people if m[0] >= b)
        return before or after

    def _capitals_as_actors(self) -> None:
        """ "Washington said", "accused Moscow of": a capital that stands for its government is an actor named,
        unless a preposition makes it a place ("in Moscow")."""
        for name, entry in self.holder_only.items():
            for m in re.finditer(rf"(?<![\w])({re.escape(name)})(?![\w])", self.folded[self.body :]):
                a, b = self.body + m.start(1), self.body + m.end(1)
                before = self.folded[max(0, a - 12) : a]
                if (
                    re.search(r"\b(?:in|at|to|from|into|near|outside|of|via)\s+$", before)
                    or a == self.dateline_city_start
                ):
                    continue
                if any(x[0] <= a < x[1] for x in self.actor_mentions):
                    continue
                self.actor_record(entry, a, b, "metonym")

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
        speaking = {fold(f) for c in self.lex.of("BodyCue") if c.speaks_for for f in c.forms}
        seats = [
            (c.start, c.end, c.cue.label)
            for c in find_cues(self.text, self.lex, ("SeatOfGovernment",), self.body, folded=self.folded)
        ]
        starts = [(m[0], m[1], m[3], self.text[m[0] : m[1]]) for m in self.actor_mentions]
        for start, end, kind, words_ in starts + [(a, b, "Seat", w) for a, b, w in seats]:
            if kind not in ("State", "Person", "Seat"):
                continue
            rest = self.folded[end : end + 50]
            # "Ukraine’s foreign minister", "Zelenskyy’s office", "The Russian defence ministry", "a Kremlin spokesman"
            lead = {"State": r"(?:'s)?\s+", "Person": r"'s\s+", "Seat": r"\s+"}[kind]
            for modifier in ("", r"[a-z]+\s+"):  # "Ukraine’s navy", "Ukraine's energy ministry"
                m = re.match(lead + modifier, rest)
                if not m:
                    continue
                if kind == "Person" and not any(rest[m.end() :].startswith(f) for f in bodies):
                    continue
                if kind == "State" and not m.group().startswith("'") and not (words_ or " ")[:1].isupper():
                    continue
                found = next(
                    (
                        (form, what)
                        for form, what in forms
                        if rest[m.end() :].startswith(form) and not re.match(r"\w", rest[m.end() + len(form) :][:1])
                    ),
                    None,
                )
                if found is None:
                    continue
                stop = end + m.end() + len(found[0])
                if not re.match(r",?\s+[A-Z]", self.text[stop : stop + 3]):  # not "…’s foreign minister, Andrii Sybiha"
                    self.new_actor((start, stop), found[1], "actor.new.office-holder", 0.6)
                    holder = [x for x in self.actor_mentions if x[0] == start and x[1] == stop]
                    state = next((x[2] for x in self.actor_mentions if x[0] == start and x[1] == end), None)
                    if found[0] in speaking and holder and state and kind == "State":
                        self.body_of[holder[-1][2]] = state  # "Russia’s defence ministry" speaks for Russia
                break
        self._pronoun_bodies(forms, speaking)
        self.actor_mentions.sort()

    def _pronoun_bodies(self, forms: list[tuple[str, str]], speaking: set[str]) -> None:
        """ "Kestrel said ... its foreign ministry said", "her monitors": the body of the actor the possessive
        pronoun stands for (its, their: the last state named; his, her: the last person), labelled by its name."""
        bodies = [f for f, what in forms if what == "Organization"]
        if not bodies:
            return
        pattern = r"\b(its|their|his|her)\s+(" + "|".join(re.escape(f) for f in bodies) + r")\b"
        for m in re.finditer(pattern, self.folded[self.body :]):
            start, end = self.body + m.start(), self.body + m.end()
            if any(x[0] <= start < x[1] for x in self.actor_mentions):
                continue
            want = "Person" if m.group(1) in ("his", "her") else "State"
            owner = next((x for x in reversed(self.actor_mentions) if x[1] <= start and x[3] == want), None)
            if owner is None:
                continue
            owner_label = self.text[owner[0] : owner[1]]
            entry = self.gaz.entries.get(owner[2])
            if entry is not None and entry.label:
                owner_label = entry.label
            else:
                rec = self.records.get(("actors", owner[2]))
                owner_label = str(rec.fields.get("label", owner_label)) if rec is not None else owner_label
            label = f"{owner_label}’s {self.text[self.body + m.start(2) : end]}"
            self.new_actor((start, end), "Organization", "actor.new.pronoun-body", 0.5, label)
            if m.group(2) in speaking and want == "State":
                self.body_of[self.actor_mentions[-1][2]] = owner[2]  # "its defence ministry said": the state holds

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

    def holder_before(self, at: int, s: Sentence) -> tuple[list[str], int, float] | None:
        """The actor(s) that act at ``at``: the nearest named before it in the sentence (coordinated ones
        too), or what a pronoun just before it stands for. Returns ids, the start of their span, a confidence."""
        before = list(words(self.text, s.start, at))
        lead = [fold(w.text) for w in before]
        while lead and lead[-1] in AUXILIARIES | {"not", "never", "also", "no", "longer", "did", "does", "yet"}:
            lead.pop()
            before.pop()
        if lead and lead[-1] in PRONOUNS:
            word = before[-1]
            want = PRONOUNS[lead[-1]]
            found = self._antecedent(word.start, want, s)
            if found:
                return [found], word.start, 0.7
        relative = [
            (s.start + r.start(), s.start + r.end())
            for r in re.finditer(r",\s+(?:who|which|whose|the|a|an)\b[^,]*,", self.text[s.start : at])
        ]  # "Rustem Umerov, who led Kyiv’s delegation, turned down", "Medvedev, the deputy head of Russia’s
        # Security Council, dismissed": not Kyiv, not the council
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
            # "the two sides agreed": the last two states named together ("Russia and Ukraine"), else the last two
            named = [m for m in self.actor_mentions if m[1] <= both[-1].start and m[3] == "State"]
            pairs = [
                (x[2], y[2])
                for x, y in itertools.pairwise(named)
                if x[2] != y[2] and fold(self.text[x[1] : y[0]]).strip(" ,") in ("and", "&")
            ]
            if pairs:
                return sorted(pairs[-1]), both[-1].start, 0.6
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
        joined = re.search(r"\sand\s+$", self.text[last[1] : at])
        if joined and len(words(self.text, last[1], at - len(joined.group()))) >= 2:
            # "Merkel and Hollande spoke to Putin and Poroshenko by phone and urged ...": a second verb of the
            # sentence's subject, not of the last name before it
            head = [m for m in mentions if len(words(self.text, s.start, m[0])) <= 3]
            if head:
                first = [head[0]]
                for m in mentions[mentions.index(head[0]) + 1 :]:
                    if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", self.text[first[-1][1] : m[0]]) or m[0] < first[-1][1]:
                        first.append(m)
                    else:
                        break
                if first[-1] is not last:
                    mentions = mentions[: mentions.index(first[-1]) + 1]
                    last = first[-1]
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
                and last[2] in as_list(r.fields.get("holder"))
            ]
            if not shared:
                return None
            holders = as_list(shared[-1].fields["holder"])
            return holders, shared[-1].span[0], 0.7
        group = [last]
        listed = False
        for m in reversed(mentions[:-1]):
            gap = fold(self.text[m[1] : group[0][0]]).strip()
            titled = re.fullmatch(r",?\s*and\s+((?:[A-Z][\w’'\-]*\s+){1,4})", self.text[m[1] : group[0][0]].lstrip(" "))
            if titled and group[0][3] == "Person" and m[3] == "Person":
                gap = "and"  # "Emmanuel Macron and British Prime Minister Keir Starmer": the title is no gap
            elif group[0][3] == "Person" and re.fullmatch(
                r"(?:\s+[A-Z][\w’'\-]*){1,4}\s+", self.text[m[1] : group[0][0]]
            ):
                continue  # "British" in "British Prime Minister Keir Starmer": part of the person's title
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

    def _coordinated(self, mentions: list[tuple[int, int, str, str]], start: int) -> list[tuple[int, int, str, str]]:
        if not mentions:
            return []
        out = [mentions[0]]
        listed = 1  # how many of ``out`` a word "and" has closed: "A, B and C" is a list, "A, B" is not
        for m in mentions[1:]:
            if m[0] < out[-1][1]:  # "Ukraine" inside "Ukraine’s general staff": as the mention it is part of
                out.append(m)
                listed = len(out) if listed == len(out) - 1 else listed
                continue
            raw = fold(self.text[out[-1][1] : m[0]])
            gap = raw.strip(" ,")
            closes = gap in ("and", "&") or bool(re.fullmatch(r"(?:'s\s+\w+\s+)?and", gap))
            if closes or (gap == "" and "," not in raw):
                out.append(m)
                listed = len(out)
            elif gap == "":
                out.append(m)  # "Putin, Ukraine’s general staff said": a list only if an "and" closes it
            else:
                break
        return out[:listed]
