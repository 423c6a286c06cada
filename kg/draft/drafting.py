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
  ``position.characterization``: a naming verb and what it names the target ("called the announcement a ploy");
  ``position.awaited``: an actor someone waits for ("waiting for Moscow to agree to it": pending);
  ``position.condition-only``: a commitment under a condition ("would stay in the truce as long as ...");
  ``position.authorship`` and ``position.possessor``: "Kestrel’s offer", "Russia’s Easter truce";
* ``condition.cue``: the clause after "only if", "only when", "contingent upon"... and who must act;
* ``claim.cue``: "claimed", "accused X of", "said ... violated": claimant, what it alleges, what it says was broken;
* ``time.*``: each time wording, normalized by the build's own time normalizer (a wording it cannot read is left
  out), on the proposal (``inEffect``), the event or the position of its sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.builder.sentences import split_sentences
from kg.draft.gazetteer import Gazetteer
from kg.draft.lexicon import Lexicon, load_lexicon
from kg.draft.mentions import (
    dateline,
)
from kg.draft.records import SECTION_ORDER, Draft, DraftRecord, slug
from kg.draft.stances import StanceRules
from kg.draft.text import read_article

__all__ = ["SECTION_ORDER", "Draft", "DraftRecord", "draft_article", "slug"]


class _Drafter(StanceRules):
    """All the rules, in the order :func:`draft_article` runs them."""


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
    drafter.dateline_city_start = line.city_span[0] if line is not None else -1
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
