"""The ids of a whole build: which annotation file defines each record id, in which section and on which line.

A record may name an id defined in another annotation file of the same build (``holder: putin`` in a second
article about Putin) without declaring it again. The builder reads every file of the build once to make this
index, then builds each file with it: an id that is not in the file is looked up here. The index is small
(a few strings a record) and picklable, so that it reaches the worker processes of a parallel build.

The same id in two files is the same node (``cfid:<section>/<id>``); each file's record adds to it, with its own
quotes, in its own named graph. The index is the same whatever the order of the files: the definitions of an id
are kept sorted by file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from kg.builder.annotations import AnnotationDoc, ArticleMeta, Draft, Record
from kg.builder.times import TimeParseError, TimePoint, normalize_instant
from kg.errors import DraftRecords, InputError

__all__ = ["CorpusIndex", "Definition", "reference_date", "time_point"]


@dataclass(frozen=True)
class Definition:
    """One record of one annotation file, as other files see it."""

    id: str
    section: str
    file: str
    line: int
    type: str | None = None
    label: str | None = None
    #: the record has a ``hasTime`` (an event others may date things by: ``{event: ID}``, ``after: ID``)
    has_time: bool = False
    #: that time, normalized against its own article's date (None when it cannot be)
    time: TimePoint | None = None
    #: the id of the file's article (its time nodes are ``cfid:time/<article>/...``)
    article: str | None = None
    #: the record's draft marker: ``kg draft`` wrote it and no one has reviewed it yet (None: reviewed)
    draft: Draft | None = None

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"


def reference_date(article: ArticleMeta) -> date | None:
    """The date an article's relative times are read against: its quoted ``referenceDate`` (which wins), else the
    day of its ``datePublished``, else None. A referenceDate that does not give an exact day is None here; the
    builder reports it."""
    spec = article.reference
    if spec is not None and "quote" in spec:
        try:
            point = normalize_instant(str(spec["quote"]), date(2000, 1, 1))
        except TimeParseError:
            return None
        if point.wording.strip().lower() in ("today", "yesterday"):
            return None
        return point.day
    published = article.published
    if published is None:
        return None
    return published.date() if isinstance(published, datetime) else published


def time_point(spec: object, reference: date | None, default_zone: str | None = None) -> TimePoint | None:
    """The normalized time of a ``hasTime: {quote: ..., date: ...}`` mapping, or None (relative to an event, no
    date to read it against, or a wording that does not parse)."""
    if not isinstance(spec, dict) or "quote" not in spec or "after" in spec:
        return None
    zone = spec.get("zone") if isinstance(spec.get("zone"), str) else None
    try:
        if isinstance(spec.get("date"), date):
            d = spec["date"]
            return normalize_instant(str(spec["quote"]), reference or d, zone, default_zone=default_zone, day=d)
        return absolute_or_relative(str(spec["quote"]), reference, zone, default_zone=default_zone)
    except (TimeParseError, KeyError, ValueError):
        return None


def absolute_or_relative(
    wording: str,
    reference: date | None,
    zone: str | None = None,
    *,
    default_zone: str | None = None,
    forward_from: date | None = None,
) -> TimePoint | None:
    """``normalize_instant(wording, reference, ...)``; without a reference, the point if the wording does not need
    one ('March 18, 2025') and None if it does ('last year'). Raises :class:`TimeParseError`."""
    kw: dict = {"default_zone": default_zone, "forward_from": forward_from}
    if reference is not None:
        return normalize_instant(wording, reference, zone, **kw)
    one = normalize_instant(wording, date(2000, 1, 1), zone, **kw)
    two = normalize_instant(wording, date(2001, 7, 15), zone, **kw)
    return one if (one.earliest, one.latest) == (two.earliest, two.latest) else None


def _definition(doc: AnnotationDoc, rec: Record, reference: date | None) -> Definition:
    spec = rec.fields.get("hasTime")
    return Definition(
        id=rec.id,
        section=rec.section,
        file=doc.path,
        line=rec.line,
        type=None if rec.type is None else str(rec.type),
        label=rec.label,
        has_time=rec.section == "events" and spec is not None,
        time=time_point(spec, reference, doc.article.timezone) if rec.section == "events" else None,
        article=doc.article.id,
        draft=rec.draft,
    )


@dataclass
class CorpusIndex:
    """Every record id of the annotation files of a build, with where each is defined.

    ``unreadable`` names the files that could not be read (their ids are unknown, and an error about a
    reference to one of them says so).
    """

    ids: dict[str, tuple[Definition, ...]] = field(default_factory=dict)
    unreadable: tuple[str, ...] = ()

    @classmethod
    def of(cls, docs: Iterable[AnnotationDoc], unreadable: Iterable[str] = ()) -> CorpusIndex:
        return cls.merge([cls.entries(docs)], unreadable)

    @staticmethod
    def entries(docs: Iterable[AnnotationDoc]) -> list[Definition]:
        """The definitions of some files: the part of the index a worker process makes."""
        out = []
        for doc in docs:
            reference = reference_date(doc.article)
            out += [_definition(doc, rec, reference) for rec in doc.records]
        return out

    @classmethod
    def merge(cls, parts: Iterable[list[Definition]], unreadable: Iterable[str] = ()) -> CorpusIndex:
        by_id: dict[str, list[Definition]] = {}
        for part in parts:
            for d in part:
                by_id.setdefault(d.id, []).append(d)
        ids = {k: tuple(sorted(v, key=lambda d: (d.file, d.line))) for k, v in sorted(by_id.items())}
        return cls(ids, tuple(sorted(set(unreadable))))

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, rec_id: str, outside: str | None = None) -> tuple[Definition, ...]:
        """The definitions of ``rec_id`` (those of files other than ``outside``, when given), by file and line."""
        found = self.ids.get(rec_id, ())
        return tuple(d for d in found if d.file != outside) if outside is not None else found

    def similar(self, name: str, n: int = 3) -> list[Definition]:
        """The first definition of each of the ``n`` ids closest to ``name``."""
        return [self.ids[c][0] for c in difflib.get_close_matches(name, list(self.ids), n=n, cutoff=0.5)]

    def drafts(self) -> list[Definition]:
        """The records still marked as drafts (``draft:``), by file and line."""
        return sorted(
            (d for defs in self.ids.values() for d in defs if d.draft is not None), key=lambda d: (d.file, d.line)
        )

    def check_drafts(self) -> list[InputError]:
        """One error naming every record still marked as a draft (none if there is none): ``kg build`` takes
        only reviewed records unless told otherwise (``--accept-drafts``)."""
        found = [
            f"{d.file}:{d.draft.line}: {d.section} '{d.id}' ({d.draft.describe()})"
            for d in self.drafts()
            if d.draft is not None
        ]
        return [DraftRecords(found)] if found else []

    def check(self) -> list[InputError]:
        """An error for each id defined in two sections (a bare id in a reference would name two nodes)."""
        errors = []
        for rec_id, defs in self.ids.items():
            first = defs[0]
            for d in defs[1:]:
                if d.section != first.section:
                    errors.append(
                        InputError(
                            f"the id '{rec_id}' is in '{d.section}' here and in '{first.section}' in {first.where}",
                            file=d.file,
                            line=d.line,
                            record=rec_id,
                            hint="ids are shared by all the files of a build: the same id is the same record; "
                            "rename one of them",
                        )
                    )
        return errors
