"""The cue lexicon of `kg draft` (ontology/lexicon/cues.ttl): it points into the ontology, covers its stances, and
a lexicon that names what the ontology lacks is refused with the cue named."""

from __future__ import annotations

import pytest

from kg.draft.lexicon import LEXICON_FILE, load_lexicon
from kg.errors import InputError
from kg.vocab import load_vocabulary


def test_every_stance_of_the_scheme_below_its_top_has_a_cue_or_is_made_by_a_rule():
    """Each stance an annotator can write has words that signal it; 'conditions' is made by the condition rule
    (a favourable cue followed by "only if"), so it needs none."""
    v = load_vocabulary()
    stances = {n for n, c in v.concepts("stance").items() if v.polarity(c) != n}
    cued = {c.signals for c in load_lexicon().of("StanceCue")} | {c.negated for c in load_lexicon().of("StanceCue")}
    assert stances - cued == {"conditions"}


def test_every_cue_has_forms_and_signals_what_the_ontology_has():
    lex = load_lexicon()
    classes = {v for c in lex.of("ProposalCue") + lex.of("EventCue") for v in [c.signals]}
    assert classes <= {
        "Proposal",  # "a proposal on safe navigation": a proposal of no known kind yet
        "Ceasefire",
        "PeacePlan",
        "PeaceAgreement",
        "Deal",
        "PhoneCall",
        "Talks",
        "Summit",
        "Attack",
        "Readout",
        "Statement",
    }
    assert all(c.forms for c in lex.cues)
    assert {c.extent for c in lex.of("ScopeCue")} == {"partial", "full"}
    assert lex.proposal_class("moratorium") == "Ceasefire"
    assert lex.stance_of("has yet to accept").signals == "pending"
    assert (lex.stance_of("agreed to").signals, lex.stance_of("agreed to").negated) == ("agrees", "rejects")


def test_the_lexicon_is_not_loaded_into_a_built_graph():
    from kg.vocab import ontology_files

    assert LEXICON_FILE.parent.name == "lexicon"
    assert all(p.parent != LEXICON_FILE.parent for p in ontology_files())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'cfl:x a cfl:StanceCue ; cfl:form "hugged" ; cfl:signals stance:hugs .',
            "x: cfl:signals https://w3id.org/ceasefire-kg/stance/hugs is not a concept of the ontology's schemes",
        ),
        (
            'cfl:y a cfl:ProposalCue ; cfl:form "pact" ; cfl:signals cfo:Pact .',
            "y: cfl:signals https://w3id.org/ceasefire-kg/ontology#Pact is not a class of the ontology",
        ),
    ],
)
def test_a_lexicon_naming_what_the_ontology_lacks_is_refused(tmp_path, line, message):
    bad = tmp_path / "cues.ttl"
    bad.write_text(LEXICON_FILE.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_lexicon(bad)
    assert message in str(caught.value)
    assert str(bad) in str(caught.value)
