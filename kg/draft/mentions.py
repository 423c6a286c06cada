"""What the drafter finds in an article before it makes records: cue words (:func:`find_cues`), noun phrases
around a proposal or an event cue (:func:`noun_phrase`), new names that the corpus does not know
(:func:`new_names`), times (:func:`find_times`) and the dateline (:func:`dateline`).

Examples
--------
>>> from kg.draft.lexicon import load_lexicon
>>> lex = load_lexicon()
>>> text = "Russia agreed to a 30-day pause on strikes against energy sites."
>>> [(c.form, c.cue.kind) for c in find_cues(text, lex, ("StanceCue", "ProposalCue"))]
[('agreed to', 'StanceCue'), ('pause', 'ProposalCue')]
>>> c = find_cues(text, lex, ("ProposalCue",))[0]
>>> text[slice(*noun_phrase(text, c.start, c.end, lex))]
'a 30-day pause on strikes against energy sites'
>>> [t.wording for t in find_times("Oslo, 25 March 2025: on Tuesday at 18:00 Moscow time, for 30 hours.")]
['25 March 2025', 'Tuesday at 18:00 Moscow time', '30 hours']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kg.draft.lexicon import Cue, Lexicon
from kg.draft.text import fold, words

#: grammar words: where a noun phrase stops, and what is never a name
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those its their his her our your my any each every some no all both either
    of on in at to for from by with without against across over under into onto upon about after before
    during since until through between among within as than and or but nor so yet if when while because
    although though whether which who whom whose what where how why is are was were be been being has
    have had do does did will would shall should can could may might must it he she they we you i him
    them us me one not also only still however meanwhile then there here said says now today again neither
    """.split()  # noqa: SIM905
)
DETERMINERS = frozenset(
    """
    a an the this that these those its their his her our any each every
    """.split()  # noqa: SIM905
)
#: the prepositions a proposal's or an event's phrase goes on with ("a pause on strikes", "a call between...")
PHRASE_PREPOSITIONS = frozenset(
    """
    of on against across in over for to between with along around at
    """.split()  # noqa: SIM905
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty-eight|seventy-two|ninety|hundred)"
_CLOCK = r"(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.m\.|midnight|noon)(?:\s+(?:[A-Z][a-z]+\s+)?time|\s+[A-Z]{2,4}\b)?"
_DAY = (
    rf"(?:\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{1,2}}(?:,\s+\d{{4}})?"
    rf"|(?:(?:last|this|next|on)\s+)?(?:{_DAYS})(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|(?:early|late|mid-)\s*(?:{_MONTHS})(?:\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{4}}"
    rf"|last\s+(?:year|week|month|{_MONTHS})|this\s+(?:year|week|month)|yesterday|today|tomorrow)"
)
_TIME = re.compile(
    rf"(?<![\w])(?:(?:{_CLOCK})(?:\s+(?:on\s+)?(?:{_DAY}))?|(?:{_DAY})(?:,?\s+(?:at\s+)?(?:{_CLOCK}))?)(?![\w])"
)
_DURATION = re.compile(rf"(?<![\w])(?:at least\s+)?{_NUMBER}[- ](?:day|hour|week|month)s?(?![\w])", re.IGNORECASE)
_DATELINE = re.compile(
    rf"(?P<city>[A-Z][\w’'.\- ]{{1,40}}?)(?:,\s+(?P<date>\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:,\s+\d{{4}})?))?"
    r"\s+\((?P<outlet>[^()\n]{2,60})\)\s*[:\-–—]"
)


@dataclass(frozen=True)
class CueMatch:
    """A form of a cue found at [start, end)."""

    cue: Cue
    form: str
    start: int
    end: int


@cache
def _pattern(form: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in fold(form).split()]
    return re.compile(r"(?<![\w@#])(?<![\w]-)" + r"\s+".join(parts) + r"(?![\w])(?!-\w)")


def find_cues(
    text: str, lexicon: Lexicon, kinds: Iterable[str], start: int = 0, end: int | None = None, folded: str | None = None
) -> list[CueMatch]:
    """The cues of ``kinds`` in ``text[start:end]``, left to right, none overlapping (the longest wins)."""
    folded = fold(text) if folded is None else folded
    stop = len(text) if end is None else end
    found: list[CueMatch] = []
    for kind in kinds:
        for form, cue in lexicon.forms(kind).items():
            upper = (form.isupper() and len(form) <= 4) or (
                form[:1].isupper() and kind in {"TitleCue", "OrganizationCue"}
            )
            for m in _pattern(form).finditer(folded, start, stop):
                if upper and text[m.start() : m.end()] != form:
                    continue
                found.append(CueMatch(cue, form, m.start(), m.end()))
    taken: list[CueMatch] = []
    for match in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
        if all(match.end <= t.start or match.start >= t.end for t in taken):
            taken.append(match)
    return sorted(taken, key=lambda c: c.start)


def noun_phrase(text: str, start: int, end: int, lexicon: Lexicon, limit: int | None = None) -> tuple[int, int]:
    """The span of the noun phrase around a proposal's or an event's cue at [start, end): to the left its
    modifiers up to a determiner or a possessive ("a 30-day", "Russia’s"), to the right a prepositional tail ("on
    strikes against energy sites", "across land, air and sea"), both within the sentence ending at ``limit``."""
    stop = len(text) if limit is None else limit
    folded = fold(text)
    left = start
    before = [w for w in words(text, max(0, start - 80), start) if w.end <= start]
    for w in reversed(before[-5:]):
        gap = text[w.end : left]
        if gap.strip(" ") or (fold(w.text) in FUNCTION_WORDS and fold(w.text) not in DETERMINERS):
            break
        if fold(w.text) in DETERMINERS or fold(w.text).endswith(("'s", "s'")):
            left = w.start
            break
        if _is_cue_word(w.text, lexicon) and not _is_modifier(w.text, lexicon):
            break
        if fold(w.text).endswith("ed") and not _is_modifier(w.text, lexicon):
            break  # a verb ("Russia stopped shelling"), not a modifier
        left = w.start
    right = end
    opening = find_cues(text, lexicon, ("ConditionCue",), end, stop, folded)
    stop = min([c.start for c in opening] + [stop])  # "the corridor on condition that ...": not the corridor's
    after = words(text, end, stop)
    scopes = [(c.start, c.end) for c in find_cues(text, lexicon, ("ScopeCue",), end, stop, folded)]
    head = fold(text[start:end])
    verb = head.endswith(("ing", "ed", "struck")) or fold(text[max(0, start - 3) : start]) == "to "
    nxt = fold(after[0].text) if after else ""
    opens = after and (nxt in PHRASE_PREPOSITIONS or (verb and (nxt not in FUNCTION_WORDS or nxt in DETERMINERS)))
    if opens and not text[end : after[0].start].strip():
        for n, w in enumerate(after[:12]):
            gap = text[right : w.start].strip()
            if n:
                inside_scope = any(a <= right and b > w.start for a, b in scopes)
                if gap and not (gap == "," and inside_scope):
                    break
                if _stops(w.text, lexicon) and not inside_scope:
                    break
            right = w.end
        while right > end and fold(text[right - 1 : right]) in ",":
            right -= 1
        trailing = words(text, end, right)
        while trailing and fold(trailing[-1].text) in FUNCTION_WORDS:
            trailing.pop()
            right = trailing[-1].end if trailing else end
    return left, right


def _is_cue_word(word: str, lexicon: Lexicon) -> bool:
    f = fold(word)
    return any(
        fold(form) == f
        for kind in ("StanceCue", "ClaimCue", "ConditionCue", "NegationCue")
        for form in lexicon.forms(kind)
    )


def _is_modifier(word: str, lexicon: Lexicon) -> bool:
    f = fold(word)
    return any(fold(form) == f for kind in ("ScopeCue", "OccasionCue") for form in lexicon.forms(kind))


def _stops(word: str, lexicon: Lexicon) -> bool:
    f = fold(word)
    return f in {"that", "which", "who", "but", "while", "after", "before", "said", "as", "only", "if"} or _is_cue_word(
        word, lexicon
    )


@dataclass(frozen=True)
class TimeMention:
    """A time wording at [start, end), and whether it is a duration."""

    wording: str
    start: int
    end: int
    duration: bool = False


def find_times(text: str, start: int = 0, end: int | None = None) -> list[TimeMention]:
    """Time wordings (days, times of day, relative days) and durations in ``text[start:end]``, left to right."""
    stop = len(text) if end is None else end
    found = [TimeMention(m.group(), m.start(), m.end(), True) for m in _DURATION.finditer(text, start, stop)]
    for m in _TIME.finditer(text, start, stop):
        s, e, wording = m.start(), m.end(), m.group()
        lead = re.match(r"(?:on|at)\s+", wording)
        if lead:
            s, wording = s + lead.end(), wording[lead.end() :]
        if any(not (e <= f.start or s >= f.end) for f in found):
            continue
        found.append(TimeMention(wording, s, e))
    return sorted(found, key=lambda t: t.start)


@dataclass(frozen=True)
class Dateline:
    """The dateline of an article ("Oslo, 25 March 2025 (Northern Dispatch):"): its place, day and outlet."""

    city: str
    city_span: tuple[int, int]
    outlet: str | None
    outlet_span: tuple[int, int] | None
    date: str | None
    date_span: tuple[int, int] | None


def dateline(text: str, start: int) -> Dateline | None:
    """The dateline at the start of the sentence beginning at ``start``, if it has one."""
    m = _DATELINE.match(text, start)
    if not m:
        return None

    def span(group: str) -> tuple[int, int] | None:
        return (m.start(group), m.end(group)) if m.group(group) else None

    city_span = span("city")
    assert city_span is not None
    return Dateline(
        city=m.group("city"),
        city_span=city_span,
        outlet=m.group("outlet"),
        outlet_span=span("outlet"),
        date=m.group("date"),
        date_span=span("date"),
    )


_NAME_WORD = re.compile(r"[A-Z][\w’'\-]*[\w]|[A-Z]")
_CALENDAR = re.compile(rf"(?:{_MONTHS}|{_DAYS})(?:['’]s)?")
_CONNECTORS = frozenset({"of", "de", "al", "bin", "van", "von", "la", "del", "da", "der", "du"})


def new_names(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of capitalised words in ``text[start:end]`` that overlap nothing in ``taken`` (names the corpus
    knows, times, cues): the spans of candidate names, possessive endings cut off."""
    spans: list[tuple[int, int]] = []
    ws = words(text, start, end)
    run: list[tuple[int, int]] = []

    def close() -> None:
        while run and fold(text[run[-1][0] : run[-1][1]]) in _CONNECTORS:
            run.pop()
        if run:
            s, e = run[0][0], run[-1][1]
            if text[e - 2 : e] in ("’s", "'s"):
                e -= 2
            spans.append((s, e))
        run.clear()

    for w in ws:
        free = all(w.end <= a or w.start >= b for a, b in taken) and not _CALENDAR.fullmatch(w.text)
        joined = not run or not text[run[-1][1] : w.start].strip()
        capital = bool(_NAME_WORD.fullmatch(w.text)) and fold(w.text) not in FUNCTION_WORDS
        connector = bool(run) and fold(w.text) in _CONNECTORS
        if free and joined and (capital or connector):
            run.append((w.start, w.end))
            continue
        close()
        if free and capital:
            run.append((w.start, w.end))
    close()
    return spans
