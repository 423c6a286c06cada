"""Drafting an annotation: ``kg draft ARTICLE.txt`` reads a new article and writes a first pass of its annotation
(the format of ``seeds/*.yaml``) for a person to review. Every record it writes quotes the article verbatim, so a
reviewed draft always finds its quotes, and carries ``draft: {rule, cue, confidence}``: which rule produced it,
from which words, and how far to trust it. ``kg build`` refuses records still marked so.

The drafter is rules and dictionaries, no statistical model: the article is split into sentences
(:mod:`kg.builder.sentences`) and words (:mod:`~kg.draft.text`); the corpus' own annotation files are its
gazetteer (:mod:`~kg.draft.gazetteer`: actors, proposals, events, places, with their labels, aliases and
handles); the cue lexicon beside the ontology (``ontology/lexicon/cues.ttl``, read by :mod:`~kg.draft.lexicon`)
says which words signal which stance, proposal, event, condition or claim; :mod:`~kg.draft.mentions` finds the
mentions. The rules make the records, one module a kind: :mod:`~kg.draft.actors`, :mod:`~kg.draft.things`
(proposals, events and their times), :mod:`~kg.draft.claims` (claims, conditions, speakers) and
:mod:`~kg.draft.stances` (positions), on the shared :mod:`~kg.draft.state`; :mod:`~kg.draft.drafting` runs
them (:func:`draft_article`), :mod:`~kg.draft.records` holds what they make, :mod:`~kg.draft.writer` writes it,
and :mod:`~kg.draft.diff` compares a re-draft with a reviewed annotation.

Layer: may import the foundation and :mod:`kg.builder` (the annotation reader, the quote finder, the sentence
splitter and the time normalizer); never the store, the query layer or the pictures.
"""

from __future__ import annotations

from kg.draft.diff import diff_draft
from kg.draft.drafting import Draft, draft_article

__all__ = ["Draft", "diff_draft", "draft_article"]
