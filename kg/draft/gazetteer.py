"""The corpus as the drafter's gazetteer: the actors, proposals, events, places, terms and offices its annotation
files declare, each with the names an article may call it by (label, aliases, handle, id), and where a name of
it occurs in a text.

Names are matched as whole words in :func:`kg.draft.text.fold`-ed text (case, diacritics and curly quotes
folded), so "Zelenskyy’s" finds Volodymyr Zelenskyy and "toqayev" Qasym-Jomart Toqayev. A person is also found
by the last word of their label ("Varga") when no other person of the corpus shares it; a state by its
demonyms: those of the lexicon ("Ukrainian"), and the regular ones its label makes ("Russian", "Valdorian").

Examples
--------
>>> from pathlib import Path
>>> gaz = Gazetteer.from_files([Path("seeds/000_331be8963d56cd33.yaml")])
>>> gaz.entries["putin"].type, gaz.entries["putin"].label
('Person', 'Vladimir Putin')
>>> [(m.entry.id, m.how) for m in gaz.find("Putin’s envoy met the Kazakh President.")]
[('putin', 'alias'), ('tokayev', 'alias')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.builder.annotations import annotation_files, read_annotations
from kg.draft.lexicon import Lexicon, load_lexicon
from kg.draft.text import fold

#: the sections whose records a draft links to, and the section each lands in
SECTIONS = ("actors", "proposals", "events", "places", "terms", "offices")
#: how a name was found, best first (a longer match wins first; among equal ones, the better way)
HOW = ("label", "alias", "handle", "id", "surname", "metonym", "demonym")


@dataclass
class Entry:
    """A record of the corpus: id, section, type and label, and the names it goes by (with how each was got)."""

    id: str
    section: str
    type: str | None = None
    label: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # name -> how
    fields: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """A name of ``entry`` found at [start, end) of the text, and how (label, alias, demonym...)."""

    entry: Entry
    start: int
    end: int
    how: str


def _pattern(name: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in fold(name).split()]
    return re.compile(r"(?<![\w@#])(?<![\w]-)" + r"\s+".join(parts) + r"(?![\w])(?!-\w)")


def _regular_demonyms(label: str) -> list[str]:
    """The regular adjectives of a state's label: Russia -> Russian, Valdoria -> Valdorian, Brazil -> Brazilian."""
    if " " in label:
        return []
    if label.endswith("a"):
        return [label + "n"]
    if label.endswith(("e", "y")):
        return [label[:-1] + "ian"]
    return [label + "ian"]


class Gazetteer:
    """The named things of a corpus, found in a text by :meth:`find`."""

    def __init__(self, entries: dict[str, Entry], lexicon: Lexicon | None = None) -> None:
        self.entries = entries
        #: every id of the corpus, of any section, and its articles' ids: a new record never takes one
        self.ids: set[str] = set(entries)
        self.lexicon = lexicon or load_lexicon()
        self._add_derived_names()
        self._patterns: list[tuple[re.Pattern[str], Entry, str, str]] = []
        for entry in self.entries.values():
            for name, how in entry.names.items():
                self._patterns.append((_pattern(name), entry, how, name))

    @classmethod
    def from_files(cls, paths: Sequence[Path | str] | None = None, lexicon: Lexicon | None = None) -> Gazetteer:
        """The gazetteer of the annotation files at ``paths`` (files or folders; default ``seeds/``)."""
        entries: dict[str, Entry] = {}
        ids: set[str] = set()
        for path in annotation_files(paths):
            doc = read_annotations(path)
            ids.add(doc.article.id)
            ids.update(r.id for r in doc.records)
            for rec in doc.records:
                if rec.section not in SECTIONS:
                    continue
                entry = entries.setdefault(rec.id, Entry(rec.id, rec.section))
                entry.type = entry.type or rec.type
                entry.label = entry.label or rec.label
                entry.files.append(str(path))
                for key, value in rec.fields.items():
                    entry.fields.setdefault(key, value)
                if rec.label:
                    entry.names.setdefault(rec.label, "label")
                for alias in rec.aliases:
                    entry.names.setdefault(alias, "alias")
                handle = rec.fields.get("handle")
                if isinstance(handle, str):
                    entry.names.setdefault(handle, "handle")
        gazetteer = cls(entries, lexicon)
        gazetteer.ids = ids
        return gazetteer

    def _add_derived_names(self) -> None:
        people = [e for e in self.entries.values() if e.type == "Person" and e.label]
        surnames: dict[str, list[Entry]] = {}
        for e in people:
            assert e.label is not None
            last = e.label.split()[-1]
            if len(e.label.split()) > 1 and len(last) > 3:
                surnames.setdefault(last, []).append(e)
        for last, owners in surnames.items():
            if len(owners) == 1:
                owners[0].names.setdefault(last, "surname")
        by_label = {fold(e.label): e for e in self.entries.values() if e.label and e.section == "actors"}
        for e in self.entries.values():
            if e.section == "actors" and e.type == "State" and e.label:
                for demonym in _regular_demonyms(e.label):
                    e.names.setdefault(demonym, "demonym")
        for kind, how in (("Demonym", "demonym"), ("Metonym", "metonym")):
            for cue in self.lexicon.of(kind):
                target = by_label.get(fold(cue.stands_for or ""))
                if target is not None:
                    for form in cue.forms:
                        target.names.setdefault(form, how)
        for e in self.entries.values():
            if e.section == "actors" and "-" in e.id and e.label and fold(e.id.replace("-", " ")) != fold(e.label):
                e.names.setdefault(e.id.replace("-", " "), "id")

    def holder_only(self) -> dict[str, Entry]:
        """The metonyms that also name places ('Moscow'), with the actor each stands for as a holder."""
        by_label = {fold(e.label): e for e in self.entries.values() if e.label and e.section == "actors"}
        out = {}
        for cue in self.lexicon.of("HolderOnly"):
            target = by_label.get(fold(cue.stands_for or ""))
            if target is not None:
                out.update({fold(form): target for form in cue.forms})
        return out

    def find(self, text: str, folded: str | None = None, sections: Iterable[str] = SECTIONS) -> list[Mention]:
        """The mentions of the corpus' records in ``text``, left to right, none overlapping (the longest, then
        the best found, wins)."""
        folded = fold(text) if folded is None else folded
        wanted = set(sections)
        found: list[tuple[int, int, int, Mention]] = []
        for pattern, entry, how, name in self._patterns:
            if entry.section not in wanted:
                continue
            upper = name.isupper() and len(name) <= 4  # "US", "UK": never "us"
            for m in pattern.finditer(folded):
                if upper and text[m.start() : m.end()] != name:
                    continue
                found.append(
                    (-(m.end() - m.start()), HOW.index(how), m.start(), Mention(entry, m.start(), m.end(), how))
                )
        taken: list[Mention] = []
        for _, _, _, mention in sorted(found, key=lambda f: (f[0], f[1], f[2])):
            if all(mention.end <= t.start or mention.start >= t.end for t in taken):
                taken.append(mention)
        return sorted(taken, key=lambda m: m.start)
