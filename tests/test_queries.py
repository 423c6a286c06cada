"""Each named competency question gives its exact answer on the seed graph (in process, rdflib store)."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import URIRef

from kg.query.named import named_queries

BASE = "https://w3id.org/ceasefire-kg/"
ARTICLE = "article/tdi-2025-03-tokayev-welcomes-trump-putin-call"
TDI = (ARTICLE, "TDI")  # the seed's source: its article and its outlet


@pytest.fixture(scope="module")
def g(seed_graph):
    return seed_graph  # kg.load(seed_out), shared by the session


def short(v):
    if v is None:
        return None
    if isinstance(v, URIRef):
        return str(v).removeprefix(BASE).removeprefix("id/")
    return v.toPython()


def answer(g, name, **params):
    return [tuple(short(v) for v in row) for row in g.run(name, **params)]


def test_there_are_sixteen_documented_queries():
    qs = named_queries()
    assert list(qs) == [
        "positions",
        "proposal-terms",
        "proposers",
        "agreed-and-rejected",
        "conditions",
        "in-effect",
        "alleged-violations",
        "event-participants",
        "no-position",
        "talks",
        "claims",
        "evidence-sentence",
        "in-force",
        "timeline",
        "disagreements",
        "windows",
    ]
    for q in qs.values():
        assert q.question.endswith("?"), q.name
        select = q.text.split("SELECT", 1)[1].split("WHERE", 1)[0]
        assert sorted(q.columns) == sorted(v.strip("?") for v in select.split() if v != "DISTINCT"), q.name


def test_positions_of_putin(g):
    assert answer(g, "positions", holder="Putin") == [
        (
            "actor/putin",
            "stance/agrees",
            "term/energy-pause-no-targeting-critical",
            None,
            "However, he agreed on not targeting critical infrastructure, especially energy infrastructure",
            ARTICLE,
            "TDI",
            "position/putin-agrees-not-targeting-critical",
        ),
        (
            "actor/putin",
            "stance/conditions",
            "proposal/complete-ceasefire",
            "condition/allies-cut-off-support",
            "maintained that a compete ceasefire is possible only when Ukraine’s European allies cut off military "
            "assistance and intelligence sharing",
            ARTICLE,
            "TDI",
            "position/putin-conditions-complete-ceasefire",
        ),
        (
            "actor/putin",
            "stance/rejects",
            "proposal/complete-ceasefire",
            None,
            "the Russian President did not agree to a comprehensive ceasefire",
            ARTICLE,
            "TDI",
            "position/putin-rejects-complete-ceasefire",
        ),
    ]


def test_all_positions(g):
    rows = answer(g, "positions")
    assert len(rows) == 11  # ten positions, the China–Brazil one held jointly
    assert sorted({(r[0], r[1], r[2]) for r in rows}) == sorted(
        {
            ("actor/brazil", "stance/proposes", "proposal/china-brazil-plan"),
            ("actor/china", "stance/proposes", "proposal/china-brazil-plan"),
            ("actor/putin", "stance/agrees", "term/energy-pause-no-targeting-critical"),
            ("actor/putin", "stance/conditions", "proposal/complete-ceasefire"),
            ("actor/putin", "stance/rejects", "proposal/complete-ceasefire"),
            ("actor/russia", "stance/agrees", "proposal/energy-pause"),
            ("actor/tokayev", "stance/supports", "proposal/china-brazil-plan"),
            ("actor/tokayev", "stance/supports", "proposal/peace-formula"),
            ("actor/tokayev", "stance/welcomes", "event/trump-putin-call"),
            ("actor/trump", "stance/presents", "proposal/immediate-ceasefire"),
        }
    )


def test_terms_of_the_energy_pause(g):
    assert answer(g, "proposal-terms", proposal="energy pause") == [
        (
            "proposal/energy-pause",
            ARTICLE,
            "TDI",
            1,
            "term/energy-pause-no-attacks-on-energy",
            "term-category/infrastructure-protection",
            "30-day cessation of attacks on Ukraine’s energy infrastructure",
        ),
        (
            "proposal/energy-pause",
            ARTICLE,
            "TDI",
            2,
            "term/energy-pause-no-targeting-critical",
            "term-category/infrastructure-protection",
            "not targeting critical infrastructure, especially energy infrastructure",
        ),
    ]


def test_terms_of_the_six_point_plan(g):
    rows = answer(g, "proposal-terms", proposal="China–Brazil six-point peace plan")
    assert {(r[1], r[2]) for r in rows} == {(ARTICLE, "TDI")}
    assert [(r[3], r[4], r[5]) for r in rows] == [
        (1, "term/plan-non-escalation", "term-category/non-escalation"),
        (2, "term/plan-direct-negotiation", "term-category/direct-negotiation"),
        (3, "term/plan-peace-conference", "term-category/peace-conference"),
        (4, "term/plan-humanitarian-assistance", "term-category/humanitarian-assistance"),
        (5, "term/plan-prisoner-exchange", "term-category/prisoner-exchange"),
        (6, "term/plan-no-attacks-on-civilians", "term-category/protection-of-civilians"),
    ]


def test_proposers(g):
    assert answer(g, "proposers") == [
        (
            "proposal/china-brazil-plan",
            "actor/brazil",
            "event/brics-summit",
            None,
            "last year",
            dt.date(2024, 1, 1),
            dt.date(2024, 12, 31),
            ARTICLE,
            "TDI",
        ),
        (
            "proposal/china-brazil-plan",
            "actor/china",
            "event/brics-summit",
            None,
            "last year",
            dt.date(2024, 1, 1),
            dt.date(2024, 12, 31),
            ARTICLE,
            "TDI",
        ),
    ]


def test_agreed_and_rejected(g):
    assert [(r[0], r[1], r[3]) for r in answer(g, "agreed-and-rejected")] == [
        ("actor/putin", "agreed", "term/energy-pause-no-targeting-critical"),
        ("actor/putin", "rejected", "proposal/complete-ceasefire"),
        ("actor/russia", "agreed", "proposal/energy-pause"),
    ]
    assert {r[-2:] for r in answer(g, "agreed-and-rejected")} == {(ARTICLE, "TDI")}
    assert [(r[1], r[3]) for r in answer(g, "agreed-and-rejected", actor="Russia")] == [
        ("agreed", "proposal/energy-pause")
    ]


def test_conditions(g):
    assert [r[:4] for r in answer(g, "conditions")] == [
        ("proposal/complete-ceasefire", "condition/allies-cut-off-support", "actor/putin", "actor/european-allies"),
        ("term/plan-peace-conference", "condition/conference-accepted-by-both", None, "actor/russia"),
        ("term/plan-peace-conference", "condition/conference-accepted-by-both", None, "actor/ukraine"),
    ]
    assert {r[-2:] for r in answer(g, "conditions")} == {(ARTICLE, "TDI")}


def test_windows(g):
    # the energy pause's window as days (known to the day only: no instants), an exclusive end, no 'at least'
    assert answer(g, "windows", proposal="energy pause") == [
        (
            "proposal/energy-pause",
            ARTICLE,
            dt.date(2025, 3, 18),
            dt.date(2025, 3, 18),
            None,
            None,
            dt.date(2025, 4, 17),
            dt.date(2025, 4, 17),
            False,
            None,
            None,
            None,
            None,
        )
    ]


def test_in_effect(g):
    assert answer(g, "in-effect") == [
        (
            "proposal/energy-pause",
            dt.date(2025, 3, 18),
            dt.date(2025, 3, 18),
            "30-day",
            30,
            dt.date(2025, 4, 17),
            True,
            ARTICLE,
            "TDI",
        )
    ]


def test_alleged_violations(g):
    assert answer(g, "alleged-violations", proposal="energy pause") == [
        (
            "actor/ukraine",
            "event/fresh-attacks-on-energy",
            "term/energy-pause-no-attacks-on-energy",
            "proposal/energy-pause",
            "as per claims made by Ukraine, its energy infrastructure has also been targeted in fresh attacks",
            ARTICLE,
            "TDI",
            "claim/ukraine-energy-infrastructure-targeted",
            None,
            # accused (none named), the event's first day ('soon after' the call: an open latest day), no instants
            None,
            dt.date(2025, 3, 18),
            None,
            None,
            None,
        )
    ]


def test_event_participants(g):
    assert answer(g, "event-participants", event="Trump–Putin phone call") == [
        ("event/trump-putin-call", "actor/putin", "participant", "position/russia-agrees-energy-pause", *TDI),
        ("event/trump-putin-call", "actor/putin", "participant", "proposal/energy-pause", *TDI),
        ("event/trump-putin-call", "actor/trump", "participant", "position/russia-agrees-energy-pause", *TDI),
        ("event/trump-putin-call", "actor/trump", "participant", "proposal/energy-pause", *TDI),
    ]
    assert len(answer(g, "event-participants")) == 13


def test_no_position(g):
    assert [r[1] for r in answer(g, "no-position", actor="Tokayev")] == [
        "proposal/complete-ceasefire",
        "proposal/energy-pause",
        "proposal/final-peace-agreement",
        "proposal/immediate-ceasefire",
        "proposal/saudi-ceasefire-plan",
    ]
    # Putin took a position on a term of the energy pause: that counts as a position on the pause
    assert "proposal/energy-pause" not in [r[1] for r in answer(g, "no-position", actor="Putin")]


def test_talks(g):
    assert answer(g, "talks") == [
        ("event/jeddah-talks", "place/jeddah", None, None, None, "modality/expected", *TDI),
        ("event/last-round-of-talks", None, None, None, "event/us-ukraine-talks", None, *TDI),
        ("event/russia-ukraine-negotiations", None, None, None, None, None, *TDI),
        ("event/us-ukraine-talks", "place/saudi-capital", None, None, None, None, *TDI),
    ]


def test_claims(g):
    assert answer(g, "claims", claimant="Zelenskyy") == [
        (
            "actor/zelenskyy",
            "claim/zelenskyy-80-percent-destroyed",
            "event/russian-bombing-of-energy",
            "last September",
            dt.date(2024, 9, 1),
            "About 80% of Ukraine’s energy infrastructure has been destroyed by Russian bombs, President Volodymyr "
            "Zelenskyy claimed last September",
            *TDI,
        ),
        (
            "actor/zelenskyy",
            "claim/zelenskyy-80-percent-destroyed",
            "place/ukraine-energy-infrastructure",
            "last September",
            dt.date(2024, 9, 1),
            "About 80% of Ukraine’s energy infrastructure has been destroyed by Russian bombs, President Volodymyr "
            "Zelenskyy claimed last September",
            *TDI,
        ),
    ]
    assert sorted({r[0] for r in answer(g, "claims")}) == [
        "actor/tdi",
        "actor/tokayev",
        "actor/trump",
        "actor/ukraine",
        "actor/zelenskyy",
    ]


def test_evidence_sentence(g, seed_text):
    rows = answer(g, "evidence-sentence", node="putin-rejects-complete-ceasefire")
    assert rows == [
        (
            "position/putin-rejects-complete-ceasefire",
            "the Russian President did not agree to a comprehensive ceasefire",
            1812,
            1876,
            13,
            seed_text.splitlines()[11],
            ARTICLE,
            "TDI",
        )
    ]
    assert seed_text[1812:1876] == rows[0][1]


#: the columns in-force gained for the life of a proposal (issue #13): in force, accepted by Russia, rejected by
#: no one, binding no one named, proposed by no one (in a position), extended by
#: none, no sidedness or collapse; the latest days; an exclusive end; known to the day only
LIFE = (
    "lifecycle/in-force",
    "https://w3id.org/ceasefire-kg/id/actor/russia",
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    dt.date(2025, 3, 18),
    dt.date(2025, 4, 17),
    False,
    None,
    None,
    None,
    None,
    None,
    None,
)


def test_in_force(g):
    assert answer(g, "in-force", date="2025-03-20") == [
        (
            "proposal/energy-pause",
            "proposal",
            "proposal/energy-pause",
            dt.date(2025, 3, 18),
            dt.date(2025, 4, 17),
            "certain",
            *TDI,
            *LIFE,
        ),
        (
            "term/energy-pause-no-attacks-on-energy",
            "term",
            "proposal/energy-pause",
            dt.date(2025, 3, 18),
            dt.date(2025, 4, 17),
            "certain",
            *TDI,
            *LIFE,
        ),
        (
            "term/energy-pause-no-targeting-critical",
            "term",
            "proposal/energy-pause",
            dt.date(2025, 3, 18),
            dt.date(2025, 4, 17),
            "certain",
            *TDI,
            *LIFE,
        ),
    ]
    assert len(answer(g, "in-force", date="2025-04-16")) == 3  # the last of the 30 days
    assert answer(g, "in-force", date="2025-04-17") == []  # the end is exclusive: 18 March + 30 days
    assert answer(g, "in-force", date="2025-05-01") == []
    assert answer(g, "in-force", date="2025-03-17") == []


def test_in_force_needs_a_real_date(g):
    from kg.errors import InputError

    with pytest.raises(InputError, match="'date' must be a date like 2025-03-20, not '2025-13-01'"):
        g.run("in-force", date="2025-13-01")


def test_timeline(g):
    rows = [(r[0], r[2], r[3], r[4], r[5], r[6], r[7]) for r in answer(g, "timeline")]
    assert len(rows) == 17
    assert {r[-2:] for r in answer(g, "timeline")} == {TDI}
    assert rows[0] == (
        "event/brics-summit",
        "time",
        "last year",
        "year",
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        False,
    )
    assert (
        "proposal/energy-pause",
        "in effect",
        "March 18, 2025",
        "day",
        dt.date(2025, 3, 18),
        dt.date(2025, 4, 17),
        True,
    ) in rows
    assert (
        "event/aerial-attacks-after-call",
        "time",
        "Soon after the Trump-Putin call",
        "relative",
        dt.date(2025, 3, 18),
        None,
        False,
    ) in rows
    assert (
        "position/russia-agrees-energy-pause",
        "time",
        "March 18, 2025",
        "day",
        dt.date(2025, 3, 18),
        dt.date(2025, 3, 18),
        False,
    ) in rows
    assert rows[-1] == (
        "event/jeddah-talks",
        "time",
        "this Sunday",
        "day",
        dt.date(2025, 3, 23),
        dt.date(2025, 3, 23),
        False,
    )
