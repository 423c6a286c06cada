"""Generate a synthetic corpus of annotated articles shaped like the seed, for benchmarks.

Each article is a text file built from generated sentences and a YAML annotation of it in the format of
``seeds/*.yaml`` (see ``kg/annotations.py``): actors, offices, places, events, proposals with their terms,
conditions, positions with stances of the ontology, claims, and times with the wordings the seed uses
("March 18, 2025", "last year", "this Sunday", "last September", "Soon after the call" after an event,
"30-day" durations). Every quote is a span the generator itself wrote into the text, so it occurs in the
article; when the same words occur more than once, the annotation says ``occurrence: N`` for the intended
one. Every sentence is quoted by at least one record, so the build reports full coverage.

Ids are unique in the corpus: each is prefixed with the article number (``a0042-...``), so N articles give
N times the records (nothing is shared between articles, as with N unrelated news articles), unless
``--overlap`` is given (below).

The same ``--articles`` and ``--seed`` always give byte-identical files.

Usage::

    python bench/generate.py --articles 100 --out /tmp/corpus100
    kg build /tmp/corpus100 --out /tmp/out100
    python bench/generate.py --articles 1000 --overlap --out /tmp/overlap1000   # shared records, 15% differ

``--overlap`` makes a corpus like a real one, where the same leaders appear in most articles and a few
proposals are discussed again and again. The articles tell six storylines (the first in about 40% of them, the
sixth in about 7%) about one pool of ten states and their leaders and presidential offices, thirty outlets, and
per storyline a phone call (with its day), the talks it bears on, a partial pause (with its duration and
term), a peace plan (its two proposing states, the summit and month where it was proposed, three to five terms
and a conference under a condition), a complete ceasefire and the condition set for it. These shared records
have ids of their own (``w-leader-0``, ``w-s2-pause``, ``w-s2-plan-peace-conference``); each article declares
again the shared records it mentions, with its own quote, while its other records (positions, claims, attacks,
talks, posts) keep ids of its own. With ``--refer R`` (default 0.3), a share R of the mentions of a state or an
office that an earlier file declared only name its id: the record is defined in another file.

``--conflicts P`` (default 0.15; 0 for none) is the share of the restatements of a shared fact that differ, as
sources do: another label wording (a leader by surname alone, the pause under another name), another day or
another wording of the day for the call ("18 March 2025"), another duration (so another end) for the pause,
another numbering of the plan's terms (two swapped) or a term left out, the plan proposed by one of its two
states, the same leader agreeing to the complete ceasefire the others say he rejected (at the call) or
agreeing to it at a later date, and another condition attached to his conditional stance. The counts are
printed at the end (``N restatements of shared facts, M of them differ``). Before sources could keep their
own values, a build of such a corpus failed validation ("A term has at most one 'ordinal'"); ``--conflicts 0``
builds with any version.

The size of an article is set by ``--scenes``, the mean number of story blocks after the opening one (plan,
talks, rejection, attacks, social-media post; the opening alone is about 600 statements, a block 140 to 430).
The default, 1.5, gives about 1,000 statements per article, so 100 articles make about 100k statements and
1,000 about 1M; ``--scenes 5`` gives articles of the seed's size (about 2,000 statements).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

# ----------------------------------------------------------------------------------------------- names

_ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "gr",
    "kr",
    "st",
    "tr",
    "sh",
    "kh",
    "ch",
    "zh",
    "vl",
    "pr",
    "sl",
    "h",
    "j",
    "y",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "y"]
_CODAS = ["", "", "", "n", "r", "l", "s", "k", "m", "t", "v", "sh", "nd", "rt"]
_STATE_SUFFIXES = ["ia", "land", "stan", "ova", "ora", "ania", "uria", "eda"]
_CITY_SUFFIXES = ["grad", "burg", "polis", "abad", "ovo", "ani", "ino", "ville", "mouth", "sk"]
_FIRST_NAMES = [
    "Alia",
    "Boris",
    "Carmen",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hamid",
    "Irina",
    "Jonas",
    "Kamila",
    "Lev",
    "Marta",
    "Nikolai",
    "Olga",
    "Pavel",
    "Rustam",
    "Sofia",
    "Timur",
    "Ursula",
    "Viktor",
    "Yara",
    "Zoran",
    "Amir",
    "Bianca",
    "Cyrus",
    "Dana",
    "Emil",
    "Fatima",
    "Goran",
    "Hana",
    "Igor",
    "Jamila",
    "Karim",
    "Lidia",
    "Milan",
    "Nadia",
    "Oleg",
    "Petra",
    "Ruslan",
]
_OUTLET_WORDS = [
    "Daily",
    "Herald",
    "Courier",
    "Tribune",
    "Observer",
    "Gazette",
    "Monitor",
    "Chronicle",
    "Dispatch",
    "Ledger",
    "Post",
    "Times",
    "Bulletin",
    "Review",
    "Wire",
]
_REGIONS = [
    "Eurasia",
    "the Caucasus",
    "the Black Sea region",
    "Central Asia",
    "the Baltic region",
    "the Balkans",
    "the Levant",
    "the Sahel",
    "the Horn of Africa",
    "the Great Lakes region",
]
_SUMMITS = [
    "BRICS Summit",
    "G20 Summit",
    "SCO Summit",
    "UN General Assembly",
    "OSCE Ministerial Council",
    "Non-Aligned Movement Summit",
    "ASEAN Summit",
    "African Union Summit",
    "Arab League Summit",
]
_ALLIES = ["European", "Western", "regional", "Nordic", "Gulf", "Atlantic", "northern", "southern"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: duration wordings kg.timeexpr reads, as an article prints them
_DURATIONS = [
    "30-day",
    "two-week",
    "seven-day",
    "14-day",
    "60-day",
    "90-day",
    "three-day",
    "ten-day",
    "45-day",
    "one-week",
]
#: the plan terms: (wording in the text, label, category)
_PLAN_TERMS = [
    ("non-escalation", "Non-escalation", "non-escalation"),
    ("direct negotiation", "Direct negotiation", "direct-negotiation"),
    ("humanitarian assistance", "Humanitarian assistance", "humanitarian-assistance"),
    ("exchange of prisoners of war", "Exchange of prisoners of war", "prisoner-exchange"),
    ("no attacks on civilians", "No attacks on civilians", "protection-of-civilians"),
    ("the withdrawal of heavy weapons", "Withdrawal of heavy weapons", "security"),
    ("safe corridors for aid convoys", "Safe corridors for aid convoys", "humanitarian"),
    ("an end to arms deliveries by third parties", "An end to arms deliveries by third parties", "external-support"),
    ("a timetable for further rounds of talks", "A timetable for further rounds of talks", "process"),
]


class Names:
    """Random but pronounceable proper names, never the same twice in a corpus."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _word(self, syllables: int) -> str:
        r = self.rng
        return "".join(r.choice(_ONSETS) + r.choice(_VOWELS) for _ in range(syllables)) + r.choice(_CODAS)

    def _fresh(self, make) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of names")

    def state(self) -> str:
        return self._fresh(
            lambda: (
                self._word(self.rng.randint(1, 2)).rstrip("aeiouy") + self.rng.choice(_STATE_SUFFIXES)
            ).capitalize()
        )

    def city(self) -> str:
        return self._fresh(lambda: (self._word(self.rng.randint(1, 2)) + self.rng.choice(_CITY_SUFFIXES)).capitalize())

    def person(self) -> str:
        return self._fresh(lambda: f"{self.rng.choice(_FIRST_NAMES)} {self._word(self.rng.randint(2, 3)).capitalize()}")

    def outlet(self) -> tuple[str, str]:
        def make() -> str:
            a, b = self.rng.sample(_OUTLET_WORDS, 2)
            return f"The {self._word(1).capitalize()} {a} {b}"

        name = self._fresh(make)
        return name, "".join(w[0] for w in name.split()[1:]).upper()


# ----------------------------------------------------------------------------------------------- text


@dataclass
class Sentence:
    """A sentence under construction: its text, and where it starts in the article once placed."""

    parts: list[str] = field(default_factory=list)
    size: int = 0
    start: int = -1

    def add(self, text: str) -> Sentence:
        self.parts.append(text)
        self.size += len(text)
        return self

    def q(self, text: str) -> Quote:
        """Add ``text`` and return it as a quote of this very span."""
        start = self.size
        self.add(text)
        return Quote(self, start, text)

    def mark(self) -> int:
        return self.size

    def since(self, mark: int) -> Quote:
        """A quote of everything added since ``mark``."""
        return Quote(self, mark, self.text[mark:])

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class Quote:
    """A span of a sentence that a record quotes."""

    sentence: Sentence
    offset: int
    text: str

    def __post_init__(self) -> None:
        assert self.text and self.text == self.text.strip(), repr(self.text)

    @property
    def start(self) -> int:
        return self.sentence.start + self.offset


def _occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of ``quote`` in ``text``, overlapping ones included (as kg.quotes counts them)."""
    found, pos = [], text.find(quote)
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


# ----------------------------------------------------------------------------------------------- records


class Article:
    """One synthetic article: its sentences and the records that annotate them."""

    SECTIONS = ("actors", "offices", "places", "events", "proposals", "terms", "conditions", "positions", "claims")

    def __init__(self, number: int, rng: random.Random, names: Names) -> None:
        self.n = number
        self.rng = rng
        self.names = names
        self.prefix = f"a{number:04d}"
        self.sentences: list[Sentence] = []
        self.records: dict[str, list[dict]] = {s: [] for s in self.SECTIONS}
        self.scene = 0
        self.world: World | None = None  # the shared pool, in --overlap mode

    # -- helpers ----------------------------------------------------------------------------------
    def sentence(self) -> Sentence:
        s = Sentence()
        self.sentences.append(s)
        return s

    def id(self, slug: str) -> str:
        return f"{self.prefix}-{slug}" if not self.scene else f"{self.prefix}-s{self.scene}-{slug}"

    def rec(self, section: str, slug: str, quote, **fields) -> str:
        rid = self.id(slug)
        record = {"id": rid}
        record.update({k: v for k, v in fields.items() if v is not None})
        record["quote"] = quote
        self.records[section].append(record)
        return rid

    def actor(self, slug, kind, label, quote, **fields) -> str:
        return self.rec("actors", slug, quote, type=kind, label=label, **fields)

    # -- the text and the annotation ------------------------------------------------------------
    def text(self) -> str:
        offset, lines = 0, []
        for s in self.sentences:
            s.start = offset
            lines.append(s.text)
            offset += len(s.text) + 1
        return "\n".join(lines) + "\n"

    def resolve(self, text: str) -> None:
        """Replace each Quote by its words, adding ``occurrence: N`` where the words occur more than once."""

        def occurrence(q: Quote) -> int | None:
            starts = _occurrences(text, q.text)
            assert q.start in starts, (q.text, q.start)
            return None if len(starts) == 1 else starts.index(q.start) + 1

        def fix(value):
            if isinstance(value, dict):
                if isinstance(value.get("quote"), Quote):  # a time or a duration
                    q = value["quote"]
                    value["quote"] = q.text
                    if (occ := occurrence(q)) is not None:
                        value["occurrence"] = occ
                for k, v in value.items():
                    if k != "quote":
                        fix(v)
            elif isinstance(value, list):
                for v in value:
                    fix(v)

        fix(self.article)
        for section in self.SECTIONS:
            for record in self.records[section]:
                quotes = record.pop("quote")
                quotes = quotes if isinstance(quotes, list) else [quotes]
                # one 'occurrence' applies to all quotes of a record: keep the quotes that need none, or the
                # first quote with its occurrence
                unique = [q for q in quotes if occurrence(q) is None]
                if unique:
                    record["quote"] = unique[0].text if len(unique) == 1 else [q.text for q in unique]
                else:
                    record["quote"] = quotes[0].text
                    record["occurrence"] = occurrence(quotes[0])
                for k, v in list(record.items()):
                    if k not in ("quote", "occurrence"):
                        fix(v)


# ----------------------------------------------------------------------------------------------- scenes


@dataclass
class Cast:
    """Who and what the opening scene introduced, for later scenes to refer to."""

    states: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (id, name)
    leaders: dict[str, tuple[str, str]] = field(default_factory=dict)
    publisher: str = ""
    call: str = ""
    call_date: str = ""
    pause: str = ""
    pause_term: str = ""
    infrastructure: str = ""
    reference: date = date(2025, 3, 18)


def _day(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def opening(a: Article, cast: Cast) -> None:
    """The dateline, a leader welcoming a call between two others, and the partial pause agreed in it."""
    r, nm = a.rng, a.names
    outlet, abbrev = nm.outlet()
    city = nm.city()
    for role in "ABCD":
        cast.states[role] = (a.id(f"state-{role.lower()}"), nm.state())
    for role in "ABC":
        cast.leaders[role] = (a.id(f"leader-{role.lower()}"), nm.person())
    (sa, A), (sb, B), (sc, C), (sd, D) = (cast.states[k] for k in "ABCD")
    (la, LA), (lb, LB), (lc, LC) = (cast.leaders[k] for k in "ABC")
    duration = r.choice(_DURATIONS)
    verb = r.choice(["welcomed", "praised", "hailed"])

    s = a.sentence()
    dateline = s.q(f"{city} ({abbrev})")
    s.add(": ")
    m_pos = s.mark()
    office_a = s.q(f"President of {A}")
    s.add(f", {LA}")
    leader_a = s.since(m_pos)
    s.add(f", has {verb} ")
    m_call = s.mark()
    s.add("the call between ")
    m_b = s.mark()
    s.add(f"{B} President ")
    q_lb_name = s.q(LB)
    leader_b = s.since(m_b)
    s.add(" and ")
    m_c = s.mark()
    s.add(f"{C} President ")
    s.q(LC)
    leader_c = s.since(m_c)
    welcome = s.since(m_pos)
    s.add(", where ")
    m_agree = s.mark()
    agree_state = s.q(f"{C} agreed")
    s.add(" to a ")
    m_term = s.mark()
    q_duration = s.q(duration)
    s.add(" cessation of attacks on ")
    infra = s.q(f"{D}’s energy infrastructure")
    pause_term_q = s.since(m_term)
    agree = s.since(m_agree)
    pause_q = s.since(m_call)
    s.add(".")
    del q_lb_name

    cast.reference = date(2023, 1, 1) + timedelta(days=r.randrange(3 * 365))
    cast.call_date = _day(cast.reference)
    s2 = a.sentence()
    when = s2.q(f"The call took place on {cast.call_date}")
    s2.add(", ")
    q_date = Quote(s2, len("The call took place on "), cast.call_date)
    s2.add(
        r.choice(["officials in both capitals said", "according to both governments", "the two offices confirmed"])
        + "."
    )
    s3 = a.sentence()
    direct = s3.q(f"The direct talk between {LB} and {LC} was much-anticipated")
    s3.add(" to determine the future direction of ")
    m_neg = s3.mark()
    s3.add(f"indirect negotiations between {C} and {D}")
    negotiations = s3.since(m_neg)
    s3.add(".")

    cast.publisher = a.actor(
        "publisher", "Organization", outlet, dateline, note="The news outlet that published the article."
    )
    a.actor("state-a", "State", A, office_a)
    a.actor("leader-a", "Person", LA, [leader_a, welcome], holds=a.id("office-a"), aliases=[LA.split()[-1]])
    a.actor("state-b", "State", B, leader_b)
    a.actor("leader-b", "Person", LB, leader_b, holds=a.id("office-b"), aliases=[LB.split()[-1]])
    a.actor("state-c", "State", C, agree_state)
    a.actor("leader-c", "Person", LC, leader_c, holds=a.id("office-c"), aliases=[LC.split()[-1]])
    a.actor("state-d", "State", D, infra)
    a.rec("offices", "office-a", office_a, label=f"President of {A}", postIn=sa)
    a.rec("offices", "office-b", leader_b, label=f"President of {B}", postIn=sb)
    a.rec("offices", "office-c", leader_c, label=f"President of {C}", postIn=sc)
    a.rec("places", "dateline", dateline, type="City", label=city, containedIn=sa)
    cast.infrastructure = a.rec(
        "places", "energy-infrastructure", infra, type="Infrastructure", label=f"{D}’s energy infrastructure", owner=sd
    )
    cast.call = a.rec(
        "events",
        "call",
        [pause_q, direct],
        type="PhoneCall",
        label=f"{LB}–{LC} phone call",
        participant=[lb, lc],
        directness="direct",
        bearsOn=a.id("negotiations"),
        outcome=[a.id("pause"), a.id("state-c-agrees-pause")],
        hasTime={"quote": q_date},
    )
    a.rec(
        "events",
        "negotiations",
        negotiations,
        type="Talks",
        label=f"Indirect negotiations between {C} and {D}",
        participant=[sc, sd],
        directness="indirect",
    )
    cast.pause = a.rec(
        "proposals",
        "pause",
        pause_q,
        type="Ceasefire",
        label=f"{duration} pause on attacks on {D}’s energy infrastructure",
        aliases=["energy pause"],
        extent="partial",
        form="verbal",
        appliesTo=cast.infrastructure,
        declared={"event": cast.call},
        inEffect={"begins": {"event": cast.call}, "duration": {"quote": q_duration}},
    )
    cast.pause_term = a.rec(
        "terms",
        "pause-no-attacks",
        pause_term_q,
        label=f"No attacks on {D}’s energy infrastructure for the {duration} pause",
        termOf=cast.pause,
        ordinal=1,
        category="infrastructure-protection",
        appliesTo=cast.infrastructure,
    )
    a.rec(
        "positions", "state-c-agrees-pause", agree, holder=sc, stance="agrees", target=cast.pause, expressedAt=cast.call
    )
    a.rec("positions", "leader-a-welcomes-call", welcome, holder=la, stance="welcomes", target=cast.call)
    a.rec(
        "claims",
        "call-took-place",
        when,
        label=f"The call took place on {cast.call_date}",
        claimant=cast.publisher,
        about=cast.call,
    )
    a.article = {
        "id": a.id("article"),
        "label": f"{outlet}: {LA} {verb} the {LB}–{LC} call",
        "publisher": cast.publisher,
        "dateline": a.id("dateline"),
        "language": "en",
        "referenceDate": {"quote": q_date},
    }


def plan(a: Article, cast: Cast) -> None:
    """A peace plan proposed by two states last year at a summit, its terms, one with a condition."""
    r, nm = a.rng, a.names
    E, F = nm.state(), nm.state()
    summit = r.choice(_SUMMITS)
    region = r.choice(_REGIONS)
    la, LA = cast.leaders["A"]
    when = r.choice(["last year", "last month", "this year", f"last {r.choice(_MONTHS)}"])
    terms = r.sample(_PLAN_TERMS, r.randint(3, 5))

    s1 = a.sentence()
    s1.add(f"{LA} has remained keen on ")
    formula = s1.q(f"a peace formula that ensures long-term peace in {region}")
    region_q = Quote(s1, formula.offset + len("a peace formula that ensures long-term peace in "), region)
    s1.add(".")
    s2 = a.sentence()
    m_sup = s2.mark()
    s2.add("He has also been a strong proponent of ")
    m_plan = s2.mark()
    m_prop = s2.mark()
    s2.add("the peace plan proposed by ")
    e_q = s2.q(E)
    s2.add(" and ")
    f_q = s2.q(F)
    plan_q = s2.since(m_plan)
    s2.add(" ")
    when_q = s2.q(when)
    s2.add(" at the ")
    summit_q = s2.q(summit)
    propose = s2.since(m_prop)
    support = s2.since(m_sup)
    s2.add(".")
    s3 = a.sentence()
    n_words = ["three", "four", "five", "six", "seven"][len(terms) - 2]
    points = s3.q(f"The plan was based on {n_words} points")
    s3.add("; ")
    term_quotes = []
    conf_i = r.randrange(len(terms) + 1)
    cond_q = None
    items = []
    for wording, label, cat in terms:
        items.append((wording, label, cat, None))
    items.insert(
        conf_i,
        (
            "an international peace conference",
            f"An international peace conference accepted by both {E} and {F}",
            "peace-conference",
            f"accepted by both {E} and {F}",
        ),
    )
    for i, (wording, _label, _cat, cond) in enumerate(items):
        if i:
            s3.add(", and " if i == len(items) - 1 else ", ")
        if cond:
            m = s3.mark()
            s3.add(wording + " ")
            cond_q = s3.q(cond)
            term_quotes.append(s3.since(m))
        else:
            term_quotes.append(s3.q(wording))
    s3.add(".")

    se, sf = a.id("state-e"), a.id("state-f")
    a.actor("state-e", "State", E, e_q)
    a.actor("state-f", "State", F, f_q)
    a.rec("places", "region", region_q, type="Region", label=region[4:] if region.startswith("the ") else region)
    formula_id = a.rec(
        "proposals",
        "peace-formula",
        formula,
        type="PeacePlan",
        label=f"Peace formula for long-term peace in {region}",
        aim=f"ensures long-term peace in {region}",
        appliesTo=a.id("region"),
    )
    summit_id = a.rec("events", "summit", summit_q, type="Summit", label=summit, hasTime={"quote": when_q})
    plan_id = a.rec(
        "proposals",
        "plan",
        [plan_q, points],
        type="PeacePlan",
        label=f"{E}–{F} peace plan",
        aliases=[f"{n_words}-point plan"],
        sidedness="bilateral",
    )
    for i, ((_wording, label, cat, cond), q) in enumerate(zip(items, term_quotes, strict=True), 1):
        slug = "term-" + str(i)
        a.rec(
            "terms",
            slug,
            q,
            label=label,
            termOf=plan_id,
            ordinal=i,
            category=cat,
            hasCondition=a.id("conference-accepted") if cond else None,
        )
    a.rec(
        "conditions",
        "conference-accepted",
        cond_q,
        label=f"Both {E} and {F} accept the peace conference",
        mustAct=[se, sf],
    )
    a.rec(
        "positions",
        "leader-a-supports-formula",
        s1.since(0),
        holder=la,
        stance="supports",
        strength="strong",
        target=formula_id,
    )
    a.rec(
        "positions", "leader-a-supports-plan", support, holder=la, stance="supports", strength="strong", target=plan_id
    )
    a.rec(
        "positions",
        "states-propose-plan",
        propose,
        holder=[se, sf],
        stance="proposes",
        target=plan_id,
        expressedAt=summit_id,
        hasTime={"quote": when_q},
    )


def talks(a: Article, cast: Cast) -> None:
    """Talks planned for this Sunday, a delegation led by an envoy, and the last round's immediate ceasefire."""
    r, nm = a.rng, a.names
    (sb, B), (sd, D) = cast.states["B"], cast.states["D"]
    G, city, envoy = nm.state(), nm.city(), nm.person()
    region = r.choice(_REGIONS).removeprefix("the ")
    day = r.choice(_WEEKDAYS)
    when = f"this {day}"

    s1 = a.sentence()
    s1.add(f"Negotiators of {B} and {D} ")
    m = s1.mark()
    s1.add("are set to meet again in ")
    city_q = s1.q(f"{city}, {G}")
    s1.add(" ")
    when_q = s1.q(when)
    talks_q = s1.since(m)
    s1.add(".")
    s2 = a.sentence()
    m_all = s2.mark()
    m_team = s2.mark()
    s2.add(f"{B} team led by its ")
    m_office = s2.mark()
    s2.add(f"Special Envoy on {region}")
    office_q = s2.since(m_office)
    s2.add(", ")
    s2.add(envoy)
    team_q = s2.since(m_team)
    s2.add(f", is holding talks with {D} in {city} to decide ")
    m_plan = s2.mark()
    s2.add("terms of a ceasefire plan")
    plan_q = s2.since(m_plan)
    all_q = s2.since(m_all)
    s2.add(".")
    s3 = a.sentence()
    m = s3.mark()
    s3.add("The last round of talks brought about ")
    m_ic = s3.mark()
    s3.add("an agreement on ")
    m_term = s3.mark()
    s3.add("an immediate ceasefire across land, air, and sea")
    term_q = s3.since(m_term)
    ic_q = s3.since(m_ic)
    round_q = s3.since(m)
    s3.add(".")

    sg = a.actor("state-g", "State", G, city_q)
    team = a.actor("team", "Delegation", f"{B} team", team_q, represents=sb)
    a.actor("envoy", "Person", envoy, team_q, holds=a.id("envoy-office"), headOf=team, aliases=[envoy.split()[-1]])
    a.rec("offices", "envoy-office", office_q, label=f"{B} Special Envoy on {region}", postIn=sb)
    city_id = a.rec("places", "talks-city", city_q, type="City", label=city, containedIn=sg)
    plan_id = a.rec(
        "proposals", "talks-plan", plan_q, type="Ceasefire", label=f"Ceasefire plan under negotiation in {city}"
    )
    ic = a.rec(
        "proposals",
        "immediate-ceasefire",
        ic_q,
        type="Ceasefire",
        label="Immediate ceasefire across land, air and sea",
        extent="full",
    )
    a.rec(
        "terms",
        "immediate-ceasefire-term",
        term_q,
        label="Ceasefire across land, air and sea, immediately",
        termOf=ic,
        ordinal=1,
        category="cessation-of-hostilities",
    )
    a.rec(
        "events",
        "talks-planned",
        talks_q,
        type="Talks",
        label=f"Talks in {city}",
        location=city_id,
        participant=[sb, sd],
        modality="expected",
        hasTime={"quote": when_q},
    )
    talks_id = a.rec(
        "events",
        "talks",
        all_q,
        type="Talks",
        label=f"{B}–{D} talks in {city}",
        participant=[team, sd],
        location=city_id,
        discusses=plan_id,
    )
    a.rec("events", "last-round", round_q, type="Talks", label="Last round of talks", partOf=talks_id, outcome=ic)


def rejection(a: Article, cast: Cast) -> None:
    """One leader presents the immediate ceasefire; another rejects a complete one, then sets a condition."""
    r = a.rng
    (lb, LB), (lc, LC) = cast.leaders["B"], cast.leaders["C"]
    (sd, D) = cast.states["D"]
    allies = r.choice(_ALLIES)

    s = a.sentence()
    m_pres = s.mark()
    s.add(f"In a direct call with {LC}, {LB} was supposed to bring the proposal of a full ceasefire before {LC}")
    present = s.since(m_pres)
    s.add(" but ")
    m_rej = s.mark()
    s.add(f"{LC} did not agree to ")
    full1 = s.q("a comprehensive ceasefire")
    reject = s.since(m_rej)
    s.add(" and ")
    m_cond = s.mark()
    s.add("maintained that ")
    full2 = s.q("a complete ceasefire")
    s.add(" is possible ")
    m_c = s.mark()
    s.add("only when ")
    allies_q = s.q(f"{D}’s {allies} allies")
    s.add(" cut off military assistance and intelligence sharing")
    cond_q = s.since(m_c)
    conditions = s.since(m_cond)
    s.add(".")

    group = a.actor("allies", "InformalGroup", f"{D}’s {allies} allies", allies_q, alliesOf=sd)
    full = a.rec(
        "proposals",
        "complete-ceasefire",
        [full1, full2],
        type="Ceasefire",
        label="Complete ceasefire",
        aliases=["comprehensive ceasefire"],
        extent="full",
    )
    cond = a.rec(
        "conditions",
        "allies-cut-off",
        cond_q,
        label=f"{D}’s {allies} allies cut off military assistance and intelligence sharing",
        mustAct=group,
        category=["end-military-assistance", "end-intelligence-sharing"],
    )
    a.rec(
        "positions",
        "presents-ceasefire",
        present,
        holder=lb,
        stance="presents",
        target=full,
        addressee=lc,
        expressedAt=cast.call,
        modality="expected",
    )
    a.rec("positions", "rejects-complete", reject, holder=lc, stance="rejects", target=full, expressedAt=cast.call)
    a.rec(
        "positions",
        "conditions-complete",
        conditions,
        holder=lc,
        stance="conditions",
        target=full,
        underCondition=cond,
        expressedAt=cast.call,
    )


def attacks(a: Article, cast: Cast) -> None:
    """Attacks soon after the call, a claim that they violate the pause, an earlier bombing and a retaliation."""
    r, nm = a.rng, a.names
    (sc, C), (sd, D) = cast.states["C"], cast.states["D"]
    official = nm.person()
    percent = r.randrange(20, 95)
    month = r.choice(_MONTHS)

    s1 = a.sentence()
    m_air = s1.mark()
    soon = s1.q("Soon after the call")
    s1.add(f", {C} and {D} engaged in aerial attacks")
    air_q = s1.since(m_air)
    s1.add(", and ")
    m_claim = s1.mark()
    s1.add(f"as per claims made by {D}, ")
    fresh = s1.q("its energy infrastructure has also been targeted in fresh attacks")
    claim_q = s1.since(m_claim)
    s1.add(".")
    s2 = a.sentence()
    jeopardy = s2.q("These claims have again put the negotiations in jeopardy")
    s2.add(".")
    s3 = a.sentence()
    m_z = s3.mark()
    s3.add(f"About {percent}% of {D}’s energy infrastructure has been destroyed by ")
    bombs = s3.q(f"{C}’s bombs")
    s3.add(", ")
    m_off = s3.mark()
    s3.add(f"Energy Minister {official}")
    official_q = s3.since(m_off)
    s3.add(" claimed ")
    when_q = s3.q(f"last {month}")
    z_q = s3.since(m_z)
    s3.add(".")
    s4 = a.sentence()
    retal = s4.q(f"In retaliation, {D} has also targeted {C}’s oil and gas facilities deep into its territory")
    facilities = Quote(s4, len(f"In retaliation, {D} has also targeted "), f"{C}’s oil and gas facilities")
    s4.add(".")

    minister = a.actor("minister", "Person", official, official_q, holds=a.id("minister-office"))
    a.rec("offices", "minister-office", official_q, label=f"Energy Minister of {D}", postIn=sd)
    fac = a.rec(
        "places",
        "oil-gas-facilities",
        facilities,
        type="Infrastructure",
        label=f"{C}’s oil and gas facilities",
        owner=sc,
        containedIn=sc,
    )
    air = a.rec(
        "events",
        "aerial-attacks",
        air_q,
        type="Attack",
        label="Aerial attacks after the call",
        perpetrator=[sc, sd],
        attackMode="aerial",
        hasTime={"quote": soon, "after": cast.call},
    )
    fresh_id = a.rec(
        "events",
        "fresh-attacks",
        fresh,
        type="Attack",
        label=f"Fresh attacks on {D}’s energy infrastructure",
        attackTarget=cast.infrastructure,
        hasTime={"quote": soon, "after": cast.call},
    )
    bomb = a.rec(
        "events",
        "bombing",
        bombs,
        type="Attack",
        label=f"{C}’s bombing of {D}’s energy infrastructure",
        perpetrator=sc,
        attackTarget=cast.infrastructure,
        attackMode="aerial",
    )
    a.rec(
        "events",
        "retaliation",
        retal,
        type="Attack",
        label=f"{D}’s strikes on {C}’s oil and gas facilities",
        perpetrator=sd,
        attackTarget=fac,
        inRetaliationFor=bomb,
    )
    claim = a.rec(
        "claims",
        "infrastructure-targeted",
        claim_q,
        label=f"{D}’s energy infrastructure has been targeted in fresh attacks",
        claimant=sd,
        alleges=fresh_id,
        allegesViolationOf=cast.pause_term,
        about=cast.infrastructure,
    )
    a.rec(
        "claims",
        "jeopardy",
        jeopardy,
        label="The claims have put the negotiations in jeopardy",
        claimant=cast.publisher,
        about=[claim, cast.pause, air],
    )
    a.rec(
        "claims",
        "percent-destroyed",
        z_q,
        label=f"About {percent}% of {D}’s energy infrastructure has been destroyed",
        claimant=minister,
        alleges=bomb,
        about=cast.infrastructure,
        hasTime={"quote": when_q},
    )


def post(a: Article, cast: Cast) -> None:
    """A journalist's social media post: the leader welcomes the call and believes in the leaders' commitment."""
    r, nm = a.rng, a.names
    (la, LA) = cast.leaders["A"]
    (lb, LB), (lc, LC) = cast.leaders["B"], cast.leaders["C"]
    journalist = nm.person()
    handle = "@" + journalist.replace(" ", "")
    post_day = r.choice(["yesterday", "today", f"last {r.choice(_WEEKDAYS)}", cast.call_date])

    s1 = a.sentence()
    m_w = s1.mark()
    s1.add(f"President {LA.split()[-1]} has welcomed the outcomes of the phone call between {LB} and {LC}")
    welcome = s1.since(m_w)
    s1.add(".")
    s2 = a.sentence()
    belief = s2.q(
        "He believes the leaders of the two countries have demonstrated their commitment to achieving a lasting peace"
    )
    s2.add("…")
    s3 = a.sentence()
    m_p = s3.mark()
    s3.add("— ")
    m_j = s3.mark()
    s3.add(f"{journalist} ({handle})")
    journalist_q = s3.since(m_j)
    s3.add(" ")
    when_q = s3.q(post_day)
    post_q = s3.since(m_j)
    del m_p

    author = a.actor("journalist", "Person", journalist, journalist_q, handle=handle)
    post_id = a.rec(
        "events",
        "post",
        post_q,
        type="SocialMediaPost",
        label=f"{journalist}’s post on {LA.split()[-1]} and the call",
        author=author,
        hasTime={"quote": when_q},
    )
    a.rec(
        "positions", "welcomes-outcomes", welcome, holder=la, stance="welcomes", target=cast.call, expressedAt=post_id
    )
    a.rec(
        "claims",
        "leaders-committed",
        belief,
        label="The two leaders have demonstrated their commitment to achieving a lasting peace",
        claimant=la,
        about=[lb, lc],
        expressedAt=post_id,
    )


SCENES = [plan, talks, rejection, attacks, post]


# ----------------------------------------------------------------------------------------------- overlap
# ``--overlap``: the articles tell a few storylines about one pool of states, leaders, outlets, proposals and
# events (ids ``w-...``, shared by every article that mentions them), each article redeclaring the shared records
# it mentions with its own quote. A share of the restatements of a shared fact (``--conflicts``) differ.

#: the kinds of shared facts an article restates, and how a conflicting restatement differs
CONFLICT_KINDS = {
    "label": "another label wording for a shared leader or proposal",
    "call-day": "another day for the call",
    "call-wording": "another wording for the call's day",
    "duration": "another duration (so another end) for the pause",
    "ordinal": "another numbering of the plan's terms (two swapped)",
    "term-missing": "one of the plan's terms left out",
    "proposer": "the plan proposed by one of its two states only",
    "stance-later": "the same leader's stance on the complete ceasefire, at a later date",
    "stance-contradiction": "the same leader agrees to the complete ceasefire the others say he rejected",
    "condition": "another condition attached to the leader's conditional stance",
}
#: how often each storyline is told (Zipf-like: the first in about 40% of the articles)
_STORY_WEIGHTS = [1 / k for k in range(1, 7)]


@dataclass
class Storyline:
    """One chain of events about the shared pool: who talks to whom, the pause, the plan, the complete ceasefire."""

    k: int
    roles: dict[str, int]  # role (A, B, C, D) -> index of a state (and of its leader) in World.states
    plan_states: tuple[int, int]
    call_day: date
    duration: str
    summit: str
    summit_when: str  # "May 2024": an absolute month, the same for every article
    region: str
    terms: list[tuple[str, str, str, str | None]]  # (wording, label, category, condition) in canonical order
    allies: str

    def id(self, slug: str) -> str:
        return f"w-s{self.k}-{slug}"


class World:
    """The shared pool, the storylines, and the count of restated and conflicting shared facts."""

    def __init__(self, rng: random.Random, names: Names, conflicts: float, refer: float) -> None:
        self.rng, self.conflicts, self.refer = rng, conflicts, refer
        self.states = [names.state() for _ in range(10)]
        self.leaders = [names.person() for _ in range(10)]
        self.outlets = [names.outlet() for _ in range(30)]
        self.stories: list[Storyline] = []
        for k in range(len(_STORY_WEIGHTS)):
            others = rng.sample(range(3, 10), 4)
            roles = {"A": others[0], "B": 0, "C": 1 if k % 3 != 2 else 2, "D": others[1]}
            conference = (
                "an international peace conference",
                f"An international peace conference accepted by both {self.states[others[2]]} and "
                f"{self.states[others[3]]}",
                "peace-conference",
                f"accepted by both {self.states[others[2]]} and {self.states[others[3]]}",
            )
            terms = [(w, lb, c, None) for w, lb, c in rng.sample(_PLAN_TERMS, rng.randint(3, 5))]
            terms.insert(rng.randrange(len(terms) + 1), conference)
            self.stories.append(
                Storyline(
                    k=k,
                    roles=roles,
                    plan_states=(others[2], others[3]),
                    call_day=date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365)),
                    duration=rng.choice(_DURATIONS),
                    summit=rng.choice(_SUMMITS),
                    summit_when=f"{rng.choice(_MONTHS)} {rng.choice([2021, 2022])}",
                    region=rng.choice(_REGIONS),
                    terms=terms,
                    allies=rng.choice(_ALLIES),
                )
            )
        self.defined: set[str] = set()  # shared ids some earlier article declared
        self.restated = 0  # shared facts restated (slots where a conflict could be)
        self.conflicting: dict[str, int] = dict.fromkeys(CONFLICT_KINDS, 0)

    def story(self) -> Storyline:
        return self.rng.choices(self.stories, weights=_STORY_WEIGHTS)[0]

    def differs(self, *kinds: str) -> str | None:
        """Whether this restatement of a shared fact differs, and how (one of ``kinds``)."""
        self.restated += 1
        if self.rng.random() >= self.conflicts:
            return None
        kind = self.rng.choice(kinds)
        self.conflicting[kind] += 1
        return kind

    def state(self, i: int) -> tuple[str, str]:
        return f"w-state-{i}", self.states[i]

    def leader(self, i: int) -> tuple[str, str]:
        return f"w-leader-{i}", self.leaders[i]


def share(a: Article, section: str, rid: str, quote, optional: bool = False, **fields) -> str:
    """Declare the shared record ``rid`` in this article with its own quote (once per article: a second mention
    adds its quote). ``optional``: a record only referred to, which an article may leave to another file that
    declares it (``--refer``)."""
    world: World = a.world
    for record in a.records[section]:
        if record["id"] == rid:
            quotes = record["quote"] if isinstance(record["quote"], list) else [record["quote"]]
            if all(q.text != quote.text for q in quotes):
                record["quote"] = [*quotes, quote]
            return rid
    if optional and rid in world.defined and world.refer and a.rng.random() < world.refer:
        return rid
    record = {"id": rid}
    record.update({k: v for k, v in fields.items() if v is not None})
    record["quote"] = quote
    a.records[section].append(record)
    world.defined.add(rid)
    return rid


def ov_opening(a: Article, cast: Cast, story: Storyline) -> None:
    """The opening of :func:`opening`, told about a storyline's shared leaders, call and pause."""
    r, w = a.rng, a.world
    outlet_i = r.randrange(len(w.outlets))
    outlet, abbrev = w.outlets[outlet_i]
    city = a.names.city()
    for role in "ABCD":
        cast.states[role] = w.state(story.roles[role])
    for role in "ABC":
        cast.leaders[role] = w.leader(story.roles[role])
    (sa, A), (sb, B), (sc, C), (sd, D) = (cast.states[k] for k in "ABCD")
    (la, LA), (lb, LB), (lc, LC) = (cast.leaders[k] for k in "ABC")
    ia, ib, ic = (story.roles[k] for k in "ABC")
    duration = story.duration
    if w.differs("duration") == "duration":
        duration = r.choice([d for d in _DURATIONS if d != story.duration])
    verb = r.choice(["welcomed", "praised", "hailed"])

    s = a.sentence()
    dateline = s.q(f"{city} ({abbrev})")
    s.add(": ")
    m_pos = s.mark()
    office_a = s.q(f"President of {A}")
    s.add(f", {LA}")
    leader_a = s.since(m_pos)
    s.add(f", has {verb} ")
    m_call = s.mark()
    s.add("the call between ")
    m_b = s.mark()
    s.add(f"{B} President {LB}")
    leader_b = s.since(m_b)
    s.add(" and ")
    m_c = s.mark()
    s.add(f"{C} President {LC}")
    leader_c = s.since(m_c)
    welcome = s.since(m_pos)
    s.add(", where ")
    m_agree = s.mark()
    agree_state = s.q(f"{C} agreed")
    s.add(" to a ")
    m_term = s.mark()
    q_duration = s.q(duration)
    s.add(" cessation of attacks on ")
    infra = s.q(f"{D}’s energy infrastructure")
    pause_term_q = s.since(m_term)
    agree = s.since(m_agree)
    pause_q = s.since(m_call)
    s.add(".")

    day, wording = story.call_day, _day(story.call_day)
    how = w.differs("call-day", "call-wording")
    if how == "call-day":
        day = story.call_day + timedelta(days=r.choice([-1, 1, 2]))
        wording = _day(day)
    elif how == "call-wording":
        wording = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    cast.reference = day
    cast.call_date = wording
    s2 = a.sentence()
    when = s2.q(f"The call took place on {wording}")
    s2.add(", ")
    q_date = Quote(s2, len("The call took place on "), wording)
    s2.add(
        r.choice(["officials in both capitals said", "according to both governments", "the two offices confirmed"])
        + "."
    )
    s3 = a.sentence()
    direct = s3.q(f"The direct talk between {LB} and {LC} was much-anticipated")
    s3.add(" to determine the future direction of ")
    m_neg = s3.mark()
    s3.add(f"indirect negotiations between {C} and {D}")
    negotiations = s3.since(m_neg)
    s3.add(".")

    cast.publisher = share(
        a, "actors", f"w-outlet-{outlet_i}", dateline, type="Organization", label=outlet, note="A news outlet."
    )

    renamed = story.roles[r.choice("ABC")] if w.differs("label") else None  # one leader by surname alone

    def leader_label(i: int) -> str:
        return w.leaders[i].split()[-1] if i == renamed else w.leaders[i]

    share(a, "actors", la, leader_a, type="Person", label=leader_label(ia), holds=f"w-office-{ia}")
    share(a, "actors", sa, office_a, optional=True, type="State", label=A)
    share(a, "actors", sb, leader_b, optional=True, type="State", label=B)
    share(a, "actors", lb, leader_b, type="Person", label=leader_label(ib), holds=f"w-office-{ib}")
    share(a, "actors", sc, agree_state, type="State", label=C)
    share(a, "actors", lc, leader_c, type="Person", label=leader_label(ic), holds=f"w-office-{ic}")
    share(a, "actors", sd, infra, optional=True, type="State", label=D)
    for i, (role, q) in zip((ia, ib, ic), (("A", office_a), ("B", leader_b), ("C", leader_c)), strict=True):
        share(
            a,
            "offices",
            f"w-office-{i}",
            q,
            optional=True,
            label=f"President of {w.states[i]}",
            postIn=cast.states[role][0],
        )
    a.rec("places", "dateline", dateline, type="City", label=city, containedIn=sa)
    cast.infrastructure = share(
        a,
        "places",
        f"w-infra-{story.roles['D']}",
        infra,
        type="Infrastructure",
        label=f"{D}’s energy infrastructure",
        owner=sd,
    )
    cast.call = share(
        a,
        "events",
        story.id("call"),
        pause_q,
        type="PhoneCall",
        label=f"{LB}–{LC} phone call",
        participant=[lb, lc],
        directness="direct",
        bearsOn=story.id("negotiations"),
        outcome=[story.id("pause")],
        hasTime={"quote": q_date},
    )
    share(a, "events", cast.call, direct)
    share(
        a,
        "events",
        story.id("negotiations"),
        negotiations,
        type="Talks",
        label=f"Indirect negotiations between {C} and {D}",
        participant=[sc, sd],
        directness="indirect",
    )
    pause_label = f"{story.duration} pause on attacks on {D}’s energy infrastructure"
    if w.differs("label"):
        pause_label = f"Energy ceasefire between {C} and {D}"
    cast.pause = share(
        a,
        "proposals",
        story.id("pause"),
        pause_q,
        type="Ceasefire",
        label=pause_label,
        aliases=["energy pause"],
        extent="partial",
        form="verbal",
        appliesTo=cast.infrastructure,
        declared={"event": cast.call},
        inEffect={"begins": {"event": cast.call}, "duration": {"quote": q_duration}},
    )
    cast.pause_term = share(
        a,
        "terms",
        story.id("pause-no-attacks"),
        pause_term_q,
        label=f"No attacks on {D}’s energy infrastructure during the pause",
        termOf=cast.pause,
        ordinal=1,
        category="infrastructure-protection",
        appliesTo=cast.infrastructure,
    )
    a.rec(
        "positions", "state-c-agrees-pause", agree, holder=sc, stance="agrees", target=cast.pause, expressedAt=cast.call
    )
    a.rec("positions", "leader-a-welcomes-call", welcome, holder=la, stance="welcomes", target=cast.call)
    a.rec(
        "claims",
        "call-took-place",
        when,
        label=f"The call took place on {wording}",
        claimant=cast.publisher,
        about=cast.call,
    )
    a.article = {
        "id": a.id("article"),
        "label": f"{outlet}: {LA} {verb} the {LB}–{LC} call",
        "publisher": cast.publisher,
        "dateline": a.id("dateline"),
        "language": "en",
        "referenceDate": {"quote": q_date},
    }


def ov_plan(a: Article, cast: Cast, story: Storyline) -> None:
    """The plan of :func:`plan`, the storyline's shared one: its proposers, summit and terms."""
    r, w = a.rng, a.world
    la, LA = cast.leaders["A"]
    (se, E), (sf, F) = (w.state(i) for i in story.plan_states)
    items = list(story.terms)
    how = w.differs("ordinal", "term-missing")
    if how == "ordinal":
        i = r.randrange(len(items) - 1)
        items[i], items[i + 1] = items[i + 1], items[i]
    elif how == "term-missing":
        items.pop(r.choice([i for i, t in enumerate(items) if t[3] is None]))
    both = w.differs("proposer") is None

    s1 = a.sentence()
    s1.add(f"{LA} has remained keen on ")
    formula = s1.q(f"a peace formula that ensures long-term peace in {story.region}")
    region_q = Quote(s1, formula.offset + len("a peace formula that ensures long-term peace in "), story.region)
    s1.add(".")
    s2 = a.sentence()
    m_sup = s2.mark()
    s2.add("He has also been a strong proponent of ")
    m_plan = s2.mark()
    m_prop = s2.mark()
    s2.add("the peace plan proposed by ")
    e_q = s2.q(E)
    f_q = None
    if both:
        s2.add(" and ")
        f_q = s2.q(F)
    plan_q = s2.since(m_plan)
    s2.add(" in ")
    when_q = s2.q(story.summit_when)
    s2.add(" at the ")
    summit_q = s2.q(story.summit)
    propose = s2.since(m_prop)
    support = s2.since(m_sup)
    s2.add(".")
    s3 = a.sentence()
    n_words = ["three", "four", "five", "six", "seven"][len(items) - 3]
    points = s3.q(f"The plan was based on {n_words} points")
    s3.add("; ")
    term_quotes, cond_q = [], None
    for i, (wording, _label, _cat, cond) in enumerate(items):
        if i:
            s3.add(", and " if i == len(items) - 1 else ", ")
        if cond:
            m = s3.mark()
            s3.add(wording + " ")
            cond_q = s3.q(cond)
            term_quotes.append(s3.since(m))
        else:
            term_quotes.append(s3.q(wording))
    s3.add(".")

    share(a, "actors", se, e_q, type="State", label=E)
    if f_q is None:  # a source that names E alone as the proposer: F is still named in the conference's condition
        f_q = Quote(cond_q.sentence, cond_q.offset + len(f"accepted by both {E} and "), F)
    share(a, "actors", sf, f_q, type="State", label=F)
    region = story.region.removeprefix("the ")
    share(a, "places", story.id("region"), region_q, type="Region", label=region)
    formula_id = share(
        a,
        "proposals",
        story.id("peace-formula"),
        formula,
        type="PeacePlan",
        label=f"Peace formula for long-term peace in {story.region}",
        aim=f"ensures long-term peace in {story.region}",
        appliesTo=story.id("region"),
    )
    summit_id = share(
        a, "events", story.id("summit"), summit_q, type="Summit", label=story.summit, hasTime={"quote": when_q}
    )
    plan_id = share(
        a,
        "proposals",
        story.id("plan"),
        [plan_q, points],
        type="PeacePlan",
        label=f"{E}–{F} peace plan",
        aliases=[f"{n_words}-point plan"],
        sidedness="bilateral",
    )
    for i, ((_wording, label, cat, cond), q) in enumerate(zip(items, term_quotes, strict=True), 1):
        share(
            a,
            "terms",
            story.id(f"plan-{cat}"),
            q,
            label=label,
            termOf=plan_id,
            ordinal=i,
            category=cat,
            hasCondition=story.id("conference-accepted") if cond else None,
        )
    share(
        a,
        "conditions",
        story.id("conference-accepted"),
        cond_q,
        label=f"Both {E} and {F} accept the peace conference",
        mustAct=[se, sf],
    )
    a.rec(
        "positions",
        "leader-a-supports-formula",
        s1.since(0),
        holder=la,
        stance="supports",
        strength="strong",
        target=formula_id,
    )
    a.rec(
        "positions", "leader-a-supports-plan", support, holder=la, stance="supports", strength="strong", target=plan_id
    )
    a.rec(
        "positions",
        "states-propose-plan",
        propose,
        holder=[se, sf] if both else se,
        stance="proposes",
        target=plan_id,
        expressedAt=summit_id,
        hasTime={"quote": when_q},
    )


def ov_rejection(a: Article, cast: Cast, story: Storyline) -> None:
    """The rejection of :func:`rejection`, about the storyline's shared complete ceasefire and its condition; a
    conflicting source has the leader agree to it (at the call, or at a later date), or sets another condition."""
    r, w = a.rng, a.world
    (lb, LB), (lc, LC) = cast.leaders["B"], cast.leaders["C"]
    sd, D = cast.states["D"]
    stance = w.differs("stance-later", "stance-contradiction")
    other_condition = w.differs("condition") is not None

    s = a.sentence()
    m_pres = s.mark()
    s.add(f"In a direct call with {LC}, {LB} was supposed to bring the proposal of a full ceasefire before {LC}")
    present = s.since(m_pres)
    s.add(" but ")
    m_rej = s.mark()
    s.add(f"{LC} agreed to " if stance == "stance-contradiction" else f"{LC} did not agree to ")
    full1 = s.q("a comprehensive ceasefire")
    reject = s.since(m_rej)
    s.add(" and ")
    m_cond = s.mark()
    s.add("maintained that ")
    full2 = s.q("a complete ceasefire")
    s.add(" is possible ")
    m_c = s.mark()
    s.add("only when ")
    if other_condition:
        s.add(f"{D} withdraws its forces from the front line")
        actor_q = Quote(s, m_c + len("only when "), D)
    else:
        actor_q = s.q(f"{D}’s {story.allies} allies")
        s.add(" cut off military assistance and intelligence sharing")
    cond_q = s.since(m_c)
    conditions = s.since(m_cond)
    s.add(".")
    later_q = later = None
    if stance == "stance-later":
        later_day = cast.reference + timedelta(days=r.randrange(7, 60))
        s2 = a.sentence()
        m_later = s2.mark()
        s2.add("On ")
        later_q = s2.q(_day(later_day))
        s2.add(f", {LC} agreed to ")
        full3 = s2.q("a complete ceasefire")
        later = s2.since(m_later)
        s2.add(".")

    full = share(
        a,
        "proposals",
        story.id("complete-ceasefire"),
        [full1, full2] + ([full3] if later else []),
        type="Ceasefire",
        label="Complete ceasefire",
        aliases=["comprehensive ceasefire"],
        extent="full",
    )
    if other_condition:
        share(a, "actors", sd, actor_q, type="State", label=D)
        cond = share(
            a,
            "conditions",
            story.id("forces-withdrawn"),
            cond_q,
            label=f"{D} withdraws its forces from the front line",
            mustAct=sd,
            category="security",
        )
    else:
        group = share(
            a,
            "actors",
            story.id("allies"),
            actor_q,
            type="InformalGroup",
            label=f"{D}’s {story.allies} allies",
            alliesOf=sd,
        )
        if sd not in {x["id"] for x in a.records["actors"]}:
            share(a, "actors", sd, Quote(s, actor_q.offset, D), type="State", label=D)
        cond = share(
            a,
            "conditions",
            story.id("allies-cut-off"),
            cond_q,
            label=f"{D}’s {story.allies} allies cut off military assistance and intelligence sharing",
            mustAct=group,
            category=["end-military-assistance", "end-intelligence-sharing"],
        )
    a.rec(
        "positions",
        "presents-ceasefire",
        present,
        holder=lb,
        stance="presents",
        target=full,
        addressee=lc,
        expressedAt=cast.call,
        modality="expected",
    )
    a.rec(
        "positions",
        "agrees-complete" if stance == "stance-contradiction" else "rejects-complete",
        reject,
        holder=lc,
        stance="agrees" if stance == "stance-contradiction" else "rejects",
        target=full,
        expressedAt=cast.call,
    )
    a.rec(
        "positions",
        "conditions-complete",
        conditions,
        holder=lc,
        stance="conditions",
        target=full,
        underCondition=cond,
        expressedAt=cast.call,
    )
    if later:
        a.rec(
            "positions",
            "agrees-complete-later",
            later,
            holder=lc,
            stance="agrees",
            target=full,
            hasTime={"quote": later_q},
        )


def generate_article(
    number: int, rng: random.Random, names: Names, scenes: float, world: World | None = None
) -> tuple[str, dict]:
    """The text and the annotation (a YAML-ready mapping) of article ``number``.

    ``scenes`` is the mean number of scenes after the opening: 1.5 gives half the articles one, half two.
    With a ``world`` (``--overlap``), the article tells one of its storylines about its shared records.
    """
    a = Article(number, rng, names)
    cast = Cast()
    scenes_of = SCENES
    if world is None:
        opening(a, cast)
    else:
        a.world = world
        story = world.story()
        ov_opening(a, cast, story)
        told = {plan: ov_plan, rejection: ov_rejection}
        scenes_of = [(lambda a, cast, f=told[s]: f(a, cast, story)) if s in told else s for s in SCENES]
    count = int(scenes) + (1 if rng.random() < scenes - int(scenes) else 0)
    order = [scenes_of[(number + i) % len(SCENES)] for i in range(count)]
    rng.shuffle(order)
    for i, scene in enumerate(order, 1):
        a.scene = i if len(order) > len(SCENES) else 0  # a scene told twice needs ids of its own
        scene(a, cast)
    a.scene = 0
    text = a.text()
    a.resolve(text)
    doc = {
        "article": {
            "id": a.article["id"],
            "text": None,
            "label": a.article["label"],
            "publisher": a.article["publisher"],
            "dateline": a.article["dateline"],
            "language": "en",
            "referenceDate": a.article["referenceDate"],
        }
    }
    for section in Article.SECTIONS:
        if a.records[section]:
            doc[section] = a.records[section]
    return text, doc


class _Flow(dict):
    """A mapping written in flow style: ``{quote: last year}``."""


class _FlowList(list):
    """A list written in flow style: ``[a, b]``."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _styled(doc: dict) -> dict:
    """The layout of the seed's annotation: records in block style, their small values in flow style."""

    def value(key: str, v):
        if isinstance(v, dict):
            return {k: _Flow(x) if isinstance(x, dict) else x for k, x in v.items()} if key == "inEffect" else _Flow(v)
        if isinstance(v, list) and key != "quote":
            return _FlowList(v)
        return v

    out = {"article": {k: value(k, v) for k, v in doc["article"].items()}}
    for section, records in doc.items():
        if section != "article":
            out[section] = [{k: value(k, v) for k, v in r.items()} for r in records]
    return out


def generate(
    out: Path,
    articles: int,
    seed: int = 1,
    scenes: float = 1.5,
    overlap: bool = False,
    conflicts: float = 0.15,
    refer: float = 0.3,
    summary: dict | None = None,
) -> list[Path]:
    """Write ``articles`` text files and annotations into ``out``; return the annotation files.

    ``overlap``: the articles share a pool of actors, proposals and events (see the module's docstring), and
    ``conflicts`` of the restatements of a shared fact differ; ``refer``: the share of the mentions of a shared
    actor that only name its id, declared in another file. ``summary``, when given, receives the counts of
    restated and conflicting shared facts.
    """
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = Names(rng)
    world = World(rng, names, conflicts, refer) if overlap else None
    written = []
    mode = f", --overlap --conflicts {conflicts:g} --refer {refer:g}" if overlap else ""
    for n in range(1, articles + 1):
        stem = f"{n:04d}_synthetic"
        text, doc = generate_article(n, rng, names, scenes, world)
        doc["article"]["text"] = f"{stem}.txt"
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        body = yaml.dump(
            _styled(doc), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=False
        )
        path = out / f"{stem}.yaml"
        path.write_text(
            f"# Synthetic article {n} of bench/generate.py (seed {seed}, --scenes {scenes:g}{mode}); "
            "not a real article.\n" + body,
            encoding="utf-8",
        )
        written.append(path)
    if summary is not None and world is not None:
        summary.update(restated=world.restated, conflicting=dict(world.conflicting))
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--articles", type=int, default=100, help="how many articles (default 100)")
    p.add_argument("--out", type=Path, required=True, help="the folder to write into (created if needed)")
    p.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    p.add_argument(
        "--scenes",
        type=float,
        default=1.5,
        help="mean number of story blocks per article after the opening (default 1.5: about 1,000 "
        "statements per article; the seed article is about 2,200)",
    )
    p.add_argument(
        "--overlap",
        action="store_true",
        help="articles share a pool of states, leaders, outlets, proposals (with terms) and events, as a real "
        "corpus does, and some restate a shared fact differently (--conflicts)",
    )
    p.add_argument(
        "--conflicts",
        type=float,
        default=None,
        help="with --overlap: the share of the restatements of a shared fact that differ (default 0.15; 0: none)",
    )
    p.add_argument(
        "--refer",
        type=float,
        default=None,
        help="with --overlap: the share of the mentions of an already declared shared state or office that only "
        "name its id (declared in another file) instead of declaring it again with a quote (default 0.3)",
    )
    args = p.parse_args(argv)
    if args.articles < 1 or args.scenes < 0:
        p.error("--articles must be at least 1 and --scenes at least 0")
    if (args.conflicts is not None or args.refer is not None) and not args.overlap:
        p.error("--conflicts and --refer go with --overlap")
    args.conflicts = 0.15 if args.conflicts is None else args.conflicts
    args.refer = 0.3 if args.refer is None else args.refer
    if not (0 <= args.conflicts <= 1 and 0 <= args.refer <= 1):
        p.error("--conflicts and --refer are shares: from 0 to 1")
    summary: dict = {}
    files = generate(args.out, args.articles, args.seed, args.scenes, args.overlap, args.conflicts, args.refer, summary)
    print(f"wrote {len(files)} articles and annotations into {args.out}", file=sys.stderr)
    if summary:
        differ = sum(summary["conflicting"].values())
        print(
            f"{summary['restated']:,} restatements of shared facts, {differ:,} of them differ "
            f"({differ / max(1, summary['restated']):.0%}): "
            + ", ".join(f"{k} {v}" for k, v in summary["conflicting"].items()),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
