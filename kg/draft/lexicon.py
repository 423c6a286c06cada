"""The cue lexicon of ``ontology/lexicon/cues.ttl``, read once: the words that signal a stance, a proposal, an
event, a condition, a claim, a negation, a scope, an occasion, a title, a demonym or a metonym.

The stances are given as their notations in the ontology's stance scheme (what annotation files write), the
classes as their local names (``Ceasefire``), the term categories as their notations: the lexicon points into
the ontology, and :func:`load_lexicon` refuses a lexicon that names something the ontology lacks.

Examples
--------
>>> lex = load_lexicon()
>>> lex.stance_of("agreed").signals, lex.stance_of("agreed").negated
('agrees', 'rejects')
>>> lex.proposal_class("truce")
'Ceasefire'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.resources import ONTOLOGY_DIR, resource

if TYPE_CHECKING:
    from kg.vocab import Vocabulary

LEXICON_FILE = ONTOLOGY_DIR / "lexicon" / "cues.ttl"
CFL = "https://w3id.org/ceasefire-kg/lexicon#"


@dataclass(frozen=True)
class Cue:
    """One entry of the lexicon: its name, kind (the class's local name), forms, and what it signals."""

    name: str
    kind: str
    forms: tuple[str, ...]
    signals: str | None = None  # a stance notation, a class's local name or a term category's notation
    negated: str | None = None  # the stance when negated (stance cues)
    confidence: float = 0.5
    passive: bool = False
    reported: bool = False  # claim cues: a verb of saying ("said")
    label: str | None = None  # seats of government: the label of the actor ("Kremlin")
    is_the_state: bool = False  # body cues: the state itself ("government"), not an actor of its own
    relates_by: str | None = None  # proposal cues: the field linking it to the proposal after "of" (extensionOf)
    on_claims: bool = False  # stance cues taken on a claim ("denied")
    any_proposal: bool = False  # proposal cues whose bare definite use names any proposal ("the deal")
    names_accused: bool = False  # claim cues whose object is the party blamed ("accused X of")
    speaks_for: bool = False  # body cues of a body that speaks for its state ("ministry")
    extent: str | None = None  # scope cues: partial or full
    stands_for: str | None = None  # demonyms and metonyms: the label of the actor
    after_negation: bool = False  # condition cues only after a negation ("would not lift sanctions until")
    asks_to_act: bool = False  # stance cues of asking someone to act ("urged Kyiv to follow suit")


@dataclass
class Lexicon:
    """The cues, by kind (``StanceCue``, ``ProposalCue``, ...)."""

    cues: list[Cue]
    by_kind: dict[str, list[Cue]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cue in self.cues:
            self.by_kind.setdefault(cue.kind, []).append(cue)

    def of(self, kind: str) -> list[Cue]:
        """The cues of one kind (the local name of its class in the lexicon: ``StanceCue``...)."""
        return self.by_kind.get(kind, [])

    def forms(self, kind: str) -> dict[str, Cue]:
        """Each form of the cues of ``kind``, with its cue."""
        return {form: cue for cue in self.of(kind) for form in cue.forms}

    def stance_of(self, form: str) -> Cue:
        """The stance cue of a form (KeyError if none)."""
        return self.forms("StanceCue")[form]

    def alternation(self, kind: str, where: Callable[[Cue], bool] = lambda cue: True) -> str:
        """A regular expression matching any form of the cues of ``kind`` (that ``where`` keeps), longest first,
        in :func:`kg.draft.text.fold`-ed text: for rules that look for a cue next to something else."""
        from kg.draft.text import fold

        forms = sorted({fold(f) for c in self.of(kind) if where(c) for f in c.forms}, key=lambda f: (-len(f), f))
        return "(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms) + ")"

    def proposal_class(self, form: str) -> str | None:
        """The class a proposal cue's form signals."""
        cue = self.forms("ProposalCue").get(form)
        return cue.signals if cue else None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _field_of(iri: str, vocab: Vocabulary, path: object, subject: object) -> str:
    """The annotation field (the property's local name) of an ontology property; InputError if it has none."""
    key = _local(iri)
    if vocab.field(key) is None:
        raise InputError(
            f"{_local(str(subject))}: cfl:relatesBy {iri} is not a field of the ontology",
            file=str(path),
            hint="name a property of ontology/ceasefire.ttl that annotation files write (extensionOf, variantOf...)",
        )
    return key


@cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read the lexicon (default: the package's ``ontology/lexicon/cues.ttl``) and check it against the ontology:
    every stance, class and category it signals must exist there (InputError naming the cue otherwise)."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS
    from rdflib.term import Node

    from kg.namespaces import CFO
    from kg.vocab import load_vocabulary

    lex_path = path or resource(LEXICON_FILE)
    g = Graph().parse(lex_path, format="turtle")
    ns = Namespace(CFL)
    vocab = load_vocabulary()
    kinds = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDFS.subClassOf, ns.Cue))
    cues: list[Cue] = []
    for subject in sorted({s for s, o in g.subject_objects(RDF.type) if o in kinds and o != OWL.Class}, key=str):
        kind = _local(str(g.value(subject, RDF.type)))
        forms = tuple(sorted((str(f) for f in g.objects(subject, ns.form)), key=lambda f: (-len(f), f)))

        def concept(node: object, what: str, subject: object = subject) -> str | None:
            if node is None:
                return None
            iri = str(node)
            if iri.startswith(str(CFO)):
                if (URIRef(iri), RDF.type, OWL.Class) not in vocab.graph:
                    raise InputError(
                        f"{_local(str(subject))}: {what} {iri} is not a class of the ontology",
                        file=str(lex_path),
                        hint="name a class of ontology/ceasefire.ttl",
                    )
                return _local(iri)
            notation = vocab.graph.value(URIRef(iri), SKOS.notation)
            if notation is None:
                raise InputError(
                    f"{_local(str(subject))}: {what} {iri} is not a concept of the ontology's schemes",
                    file=str(lex_path),
                    hint="name a stance of ontology/stances.ttl or a category of ontology/term-categories.ttl",
                )
            return str(notation)

        def flag(prop: str, subject: Node = subject) -> bool:
            """A boolean property of the cue (false when not written)."""
            value = g.value(subject, ns[prop])
            return bool(value.toPython()) if isinstance(value, Literal) else False

        def text(prop: str, subject: Node = subject) -> str | None:
            """A text property of the cue (None when not written)."""
            value = g.value(subject, ns[prop])
            return str(value) if value is not None else None

        conf = g.value(subject, ns.confidence)
        relates = text("relatesBy")
        cues.append(
            Cue(
                name=_local(str(subject)),
                kind=kind,
                forms=forms,
                signals=concept(g.value(subject, ns.signals), "cfl:signals"),
                negated=concept(g.value(subject, ns.whenNegated), "cfl:whenNegated"),
                confidence=float(conf.toPython()) if isinstance(conf, Literal) else 0.5,
                passive=flag("passive"),
                reported=flag("reportedSpeech"),
                label=text("label"),
                is_the_state=flag("isTheState"),
                relates_by=_field_of(relates, vocab, lex_path, subject) if relates is not None else None,
                on_claims=flag("onClaims"),
                any_proposal=flag("anyProposal"),
                names_accused=flag("namesAccused"),
                speaks_for=flag("speaksFor"),
                extent=text("extent"),
                stands_for=text("standsFor"),
                after_negation=flag("afterNegation"),
                asks_to_act=flag("asksToAct"),
            )
        )
    return Lexicon(cues)
