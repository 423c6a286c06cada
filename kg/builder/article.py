"""Turn annotation files and their articles into an RDF dataset with evidence on every statement.

Layout of the dataset:

* ``<https://w3id.org/ceasefire-kg/ontology>``: the ontology and its concept schemes;
* ``cfid:graph/ARTICLE``: what the article states, every node linked by ``cfo:evidence`` to the quoted span
  (``oa:TextQuoteSelector`` and ``oa:TextPositionSelector``) and by ``prov:wasDerivedFrom`` to the article;
* ``cfid:graph/ARTICLE/derived``: what the builder computed (inverse links, a pause's end date, proposers
  from positions, position labels, sentences), each graph and computed node marked with ``cfo:derivedBy``.

IRIs are readable slugs from the annotation ids (``cfid:actor/putin``, ``cfid:position/putin-rejects-...``),
so the same annotation always yields the same IRIs.
"""

from __future__ import annotations

import difflib
import hashlib
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD
from rdflib.term import Node

from kg.builder.annotations import (
    AnnotationDoc,
    Record,
    annotation_files as expand,
    annotations_from_bytes,
    read_annotations,
)
from kg.builder.corpus import CorpusIndex, Definition, absolute_or_relative, reference_date, time_point
from kg.builder.counts import count_value
from kg.builder.quotes import QuoteError, Span, locate
from kg.builder.sentences import Sentence, sentence_at, split_sentences, uncited
from kg.builder.times import (
    Duration,
    TimeParseError,
    TimePoint,
    end_of,
    normalize_duration,
    normalize_instant,
    offset_of,
    shift,
    zone_named,
)
from kg.builder.triples import TripleSet
from kg.errors import InputError, InputErrors
from kg.namespaces import CFO, ID, OA, ONTOLOGY_IRI, bind_prefixes
from kg.rdf import ordered
from kg.resources import display
from kg.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from kg.store.ntriples import QuadText

TIME_KEYS = ("quote", "occurrence", "after", "before", "event", "date", "zone", "inclusive")
INTERVAL_KEYS = ("begins", "ends", "duration")


@dataclass
class ArticleReport:
    """What one article's build produced: where it came from, its sentences and which were not cited."""

    article_id: str
    annotation_file: str
    text_file: str
    graph: URIRef
    derived_graph: URIRef
    sentences: list[Sentence]
    uncited: list[Sentence]
    evidence_spans: int
    records: int
    #: how many of its records are still marked as drafts (``draft:``), taken as they are (``accept_drafts``)
    drafts: int = 0


@dataclass
class BuildResult:
    """The built graphs, by name, and a report per article.

    ``graphs`` maps each named graph (the ontology's, and each article's asserted and derived graphs) to
    graph of triples; :attr:`dataset` puts them together in one rdflib Dataset, made when first asked for.
    """

    graphs: dict[URIRef, Graph | TripleSet]
    articles: list[ArticleReport] = field(default_factory=list)
    _dataset: Dataset | None = field(default=None, repr=False)

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            ds = Dataset(default_union=True)
            bind_prefixes(ds)
            for name, g in self.graphs.items():
                target = ds.graph(name)
                target.addN((s, p, o, target) for s, p, o in g)
            self._dataset = ds
        return self._dataset

    def __len__(self) -> int:
        return sum(len(g) for g in self.graphs.values())


def graph_iri(article_id: str) -> URIRef:
    return ID[f"graph/{article_id}"]


def derived_graph_iri(article_id: str) -> URIRef:
    return ID[f"graph/{article_id}/derived"]


#: the largest article text built unless told otherwise (bytes): a larger file is refused with a clear error, not
#: read into memory for minutes (``kg build --max-article-mb``)
MAX_ARTICLE_BYTES = 5 * 2**20


def _size(n: int) -> str:
    """A file size for people: ``_size(5 * 2**20) == '5.0 MB'``, ``_size(1048) == '1,048 bytes'``."""
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n:,} bytes"


def build(
    annotation_files: Iterable[Path | str],
    vocab: Vocabulary | None = None,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    accept_drafts: bool = False,
) -> BuildResult:
    """Build the dataset of the given annotation files (or folders of them); raise :class:`InputErrors` on
    any bad input.

    All files are checked before anything is returned, and every error found is reported at once. A record still
    marked as a draft (``draft:``, written by ``kg draft``) is an error unless ``accept_drafts``: then it is built
    as it is, and its node says it is an unreviewed draft (``cfo:draftRule``, ``cfo:draftConfidence``); each
    article's report counts its drafts (:attr:`ArticleReport.drafts`).
    """
    vocab = vocab or load_vocabulary()
    result = BuildResult({URIRef(ONTOLOGY_IRI): vocab.graph})
    files = in_order(expand(list(annotation_files)))
    docs = read_all(files, vocab)
    index = corpus_index(docs)
    errors: list[InputError] = index.check()
    for outcome in _build_each(files, vocab, max_article_bytes, index, docs):
        if isinstance(outcome, list):
            errors += outcome
        else:
            report, builder = outcome
            result.graphs[builder.g_iri], result.graphs[builder.d_iri] = builder.g, builder.d
            result.articles.append(report)
    errors += check_article_ids(result.articles)
    if not accept_drafts:
        errors += index.check_drafts()
    if errors:
        raise InputErrors(errors)
    from kg.builder.disagreements import DISAGREEMENTS_GRAPH, compare_graphs

    found = compare_graphs(result.graphs, len(result.articles))
    if found:
        compared = result.graphs[DISAGREEMENTS_GRAPH] = TripleSet(DISAGREEMENTS_GRAPH)
        for triple in found:
            compared.add(triple)
    return result


def in_order(files: Iterable[Path]) -> list[Path]:
    """The annotation files in the order they are built: by path, so that the output does not depend on the order
    they were given in."""
    return sorted(files, key=lambda p: (str(p), p.name))


#: annotation files as parsed: each file's document, or the errors that make it unreadable
Parsed = dict[str, "AnnotationDoc | list[InputError]"]

#: annotation files read elsewhere (by the client of a Dask cluster): by path, the name users see and the bytes
#: (None: no such file)
Sources = Mapping[str, tuple[str, bytes | None]]


class TextUnreadable(Exception):
    """An article text that cannot be built from: what is wrong (naming the file) and how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.message, self.hint = message, hint


#: article texts read elsewhere (by the client of a Dask cluster): by path, the name users see and the bytes, or
#: why the file cannot be read
Texts = Mapping[str, "tuple[str, bytes] | TextUnreadable"]


def read_article_text(text_path: Path, name: str, max_bytes: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of an article text (``name``: as the annotation's ``text:`` gives it), at most ``max_bytes``;
    raise :class:`TextUnreadable` if it is not a regular file, too large, not there or unreadable."""
    too_big = "is it really one article? if so, raise the limit: kg build --max-article-mb N"
    beside = "'text:' names the article's UTF-8 text file, beside the annotation file"
    try:
        mode = text_path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # /dev/zero, a pipe: reading would not end
            raise TextUnreadable(
                f"the article text '{name}' is not a file ({display(text_path)} is a device, a pipe or a socket)",
                beside,
            )
        if text_path.is_file() and text_path.stat().st_size > max_bytes:
            raise TextUnreadable(
                f"the article text '{name}' is {_size(text_path.stat().st_size)}, over the limit of {_size(max_bytes)}",
                too_big,
            )
        with open(text_path, "rb") as f:
            raw = f.read(max_bytes + 1)  # bounded even if the file grows meanwhile
    except FileNotFoundError:
        raise TextUnreadable(
            f"the article text '{name}' is not there ({display(text_path)})",
            "put the article beside the annotation file, or fix 'text:'",
        ) from None
    except OSError as exc:  # a folder, an unreadable file...
        raise TextUnreadable(
            f"the article text '{name}' cannot be read ({display(text_path)}: {exc.strerror or exc})", beside
        ) from None
    except ValueError as exc:  # "embedded null byte": no file can have that name
        raise TextUnreadable(f"the article text {name!r} is not a file name ({exc})", beside) from None
    if len(raw) > max_bytes:
        raise TextUnreadable(f"the article text '{name}' is over the limit of {_size(max_bytes)}", too_big)
    return raw


def read_text_for(text_path: Path, name: str, max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[str, bytes] | TextUnreadable:
    """An entry of :data:`Texts`: the article text's name as users see it and its bytes, or why it cannot be read."""
    try:
        raw = read_article_text(text_path, name, max_bytes)
    except TextUnreadable as exc:
        return exc
    return display(text_path), raw


def read_all(files: list[Path], vocab: Vocabulary, sources: Sources | None = None) -> Parsed:
    """Parse annotation files: each file's document, or the list of its errors if it cannot be read.
    ``sources``: the files read elsewhere (then the files are not read here)."""
    sections = tuple(vocab.sections)
    docs: Parsed = {}
    for path in files:
        try:
            if sources is not None:
                shown, data = sources[str(path)]
                docs[str(path)] = annotations_from_bytes(data, shown, sections)
            else:
                docs[str(path)] = read_annotations(Path(path), sections)
        except InputErrors as exc:
            docs[str(path)] = list(exc.errors)
        except InputError as exc:
            docs[str(path)] = [exc]
    return docs


def corpus_index(docs: Parsed) -> CorpusIndex:
    """The corpus index of parsed files (those that cannot be read are named in it)."""
    return CorpusIndex.of(
        [d for d in docs.values() if isinstance(d, AnnotationDoc)],
        (_shown(p) for p, d in docs.items() if not isinstance(d, AnnotationDoc)),
    )


def index_part(
    files: list[Path], docs: Parsed | None = None, sources: Sources | None = None
) -> tuple[list[Definition], list[str]]:
    """The definitions of some annotation files and the files that cannot be read: a worker's share of the
    corpus index (picklable in and out; the errors are reported by the build itself). ``docs``: the files
    already parsed (:func:`read_all`); ``sources``: the files as read elsewhere (their names as users see them)."""
    docs = docs if docs is not None else read_all(files, load_vocabulary(), sources)
    return CorpusIndex.entries(d for d in docs.values() if isinstance(d, AnnotationDoc)), [
        sources[p][0] if sources is not None else _shown(p) for p, d in docs.items() if not isinstance(d, AnnotationDoc)
    ]


@lru_cache(maxsize=1024)
def _scheme_concepts(vocab: Vocabulary, scheme: URIRef) -> dict[str, URIRef]:
    """``vocab.concepts(scheme)``, read from the ontology once per scheme (asked for each value of a field);
    not to be changed by the caller."""
    return vocab.concepts(scheme)


@lru_cache(maxsize=1024)
def _superclasses(vocab: Vocabulary, cls: Node) -> tuple[URIRef, ...]:
    """``vocab.superclasses(cls)``, read from the ontology once per class (asked for each typed node)."""
    return tuple(vocab.superclasses(cls))


def _shown(path: str) -> str:
    return display(Path(path))


def _build_each(
    files: list[Path],
    vocab: Vocabulary,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    index: CorpusIndex | None = None,
    docs: Parsed | None = None,
    texts: Texts | None = None,
) -> Iterator[list[InputError] | tuple[ArticleReport, ArticleBuilder]]:
    """For each annotation file, ``(report, builder)`` once built, or the list of its errors. ``docs``: files
    already parsed (their errors already reported); ``texts``: the article texts read elsewhere."""
    sections = tuple(vocab.sections)
    for path in files:
        if docs is not None and str(path) in docs:
            parsed = docs[str(path)]
            if not isinstance(parsed, AnnotationDoc):
                yield parsed
                continue
            doc = parsed
        else:
            try:
                doc = read_annotations(Path(path), sections)
            except InputErrors as exc:
                yield exc.errors
                continue
            except InputError as exc:
                yield [exc]
                continue
        builder = ArticleBuilder(vocab, doc, Path(path), max_article_bytes, index, texts)
        report = builder.build()
        yield builder.errors if builder.errors or report is None else (report, builder)


def check_article_ids(reports: list[ArticleReport]) -> list[InputError]:
    """An error for each article id used by a second annotation file."""
    seen: dict[str, str] = {}
    errors = []
    for r in reports:
        if r.article_id in seen:
            errors.append(
                InputError(
                    f"article id '{r.article_id}' is used again",
                    file=r.annotation_file,
                    hint=f"it is already the id of the article of {seen[r.article_id]}",
                )
            )
        else:
            seen[r.article_id] = r.annotation_file
    return errors


def build_text(
    annotation_files: list[Path],
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    index: CorpusIndex | None = None,
    docs: Parsed | None = None,
    texts: Texts | None = None,
) -> tuple[list[ArticleReport], list[InputError], QuadText]:
    """Build annotation files into N-Quads text (:class:`~kg.ntriples.QuadText`), without the ontology:
    the unit of work of a parallel build (picklable in and out). ``index``: the ids of every file of the build
    (:class:`~kg.builder.corpus.CorpusIndex`), to which records may refer; ``docs``: the files already parsed
    (:func:`read_all`, in the same process); ``texts``: their article texts, read elsewhere (:data:`Texts`:
    then no file is read here)."""
    from kg.store.ntriples import QuadText

    vocab = load_vocabulary()
    reports, errors, text = [], [], QuadText()
    for outcome in _build_each(annotation_files, vocab, max_article_bytes, index, docs, texts):
        if isinstance(outcome, list):
            errors += outcome
        else:
            report, builder = outcome
            reports.append(report)
            text.add(builder.g_iri, builder.g)
            text.add(builder.d_iri, builder.d)
    return reports, errors, text


class ArticleBuilder:
    """Builds the named graphs of one annotated article."""

    def __init__(
        self,
        vocab: Vocabulary,
        doc: AnnotationDoc,
        path: Path,
        max_article_bytes: int = MAX_ARTICLE_BYTES,
        index: CorpusIndex | None = None,
        texts: Texts | None = None,
    ) -> None:
        self.v = vocab
        #: the article texts read elsewhere (None: read here)
        self.texts = texts
        self.index = index if index is not None else CorpusIndex.of([doc])
        #: ids of other files this file names: their nodes, classes and definitions
        self.foreign: dict[str, tuple[URIRef, URIRef, tuple[Definition, ...]]] = {}
        self.max_article_bytes = max_article_bytes
        self.doc = doc
        self.path = path
        self.file = doc.path
        self.errors: list[InputError] = []
        self.records = doc.by_id()
        self.nodes: dict[str, URIRef] = {}
        self.classes: dict[str, URIRef] = {}
        self.times: dict[URIRef, TimePoint | None] = {}
        #: the zone each quoted time of day was read in, by its words: one article gives one instant one zone
        self.zones: dict[str, tuple[str, int]] = {}
        self.spans: list[tuple[int, int]] = []
        self.evidence: list[tuple[URIRef, Span]] = []

    # -- errors ---------------------------------------------------------------------------------
    def error(self, message: str, line: int | None, record: str | None, hint: str | None = None) -> None:
        self.errors.append(InputError(message, file=self.file, line=line, record=record, hint=hint))

    # -- entry ----------------------------------------------------------------------------------
    def build(self) -> ArticleReport | None:
        art = self.doc.article
        text_path = self.path.parent / art.text
        try:
            if self.texts is not None:
                shipped = self.texts[str(text_path)]
                if isinstance(shipped, TextUnreadable):
                    raise shipped
                self.text_shown, raw = shipped
            else:
                raw = read_article_text(text_path, art.text, self.max_article_bytes)
                self.text_shown = display(text_path)
            self.text = raw.decode("utf-8")
        except TextUnreadable as exc:
            self.error(exc.message, art.line, art.id, exc.hint)
            return None
        except UnicodeDecodeError as exc:
            self.error(
                f"the article text '{art.text}' is not UTF-8 ({exc.reason} at byte {exc.start})",
                art.line,
                art.id,
                "save the article as UTF-8",
            )
            return None
        self.sha256 = hashlib.sha256(raw).hexdigest()
        if art.sha256 is not None and art.sha256 != self.sha256:
            self.error(
                f"the article text changed since it was annotated: {self.text_shown} has sha256 {self.sha256}, "
                f"the annotation says {art.sha256}",
                art.line_of("sha256"),
                art.id,
                "put back the publisher's text as it was annotated; if the new text is the right one, check that "
                f"every quote is still in it and write sha256: {self.sha256}",
            )
            return None
        self.article = ID[f"article/{art.id}"]
        self.g_iri, self.d_iri = graph_iri(art.id), derived_graph_iri(art.id)
        self.g = TripleSet(self.g_iri)
        self.d = TripleSet(self.d_iri)
        self.sentences = split_sentences(self.text)

        self._register()
        self.reference = self._reference_date()
        self._article_node()
        for rec in self.doc.records:
            self._record(rec)
        if self.errors:
            return None
        self._derive()
        return ArticleReport(
            article_id=art.id,
            annotation_file=self.file,
            text_file=self.text_shown,
            graph=self.g_iri,
            derived_graph=self.d_iri,
            sentences=self.sentences,
            uncited=uncited(self.sentences, self.spans),
            evidence_spans=len(self.evidence),
            records=len(self.doc.records),
            drafts=sum(1 for r in self.doc.records if r.draft is not None),
        )

    # -- identities -----------------------------------------------------------------------------
    def _register(self) -> None:
        for rec in self.doc.records:
            base = self.v.sections[rec.section]
            cls = base
            if rec.type is not None:
                named = self.v.class_named(str(rec.type))
                if named is None or not self.v.is_subclass(named, base):
                    allowed = ", ".join(self.v.local(c) for c in self.v.classes_under(base))
                    self.error(
                        f"unknown type '{rec.type}' for a record of '{rec.section}'",
                        rec.line,
                        rec.id,
                        f"types here are: {allowed}",
                    )
                    continue
                cls = named
            self.classes[rec.id] = cls
            self.nodes[rec.id] = ID[f"{self.v.local(base).lower()}/{rec.id}"]

    def ref(self, value: Any, rec_id: str, line: int, key: str) -> URIRef | None:
        """The node of the record with id ``value`` (of this file, else of another file of the build), or an
        error naming the closest ids and where they are defined."""
        name = str(value)
        if name in self.nodes:
            return self.nodes[name]
        if name in self.foreign:
            return self.foreign[name][0]
        defs = self.index.get(name, outside=self.file)
        if defs:
            base = self.v.sections.get(defs[0].section)
            if base is not None:
                types = {d.type for d in defs if d.type is not None}
                named = self.v.class_named(types.pop()) if len(types) == 1 else None
                cls = named if named is not None and self.v.is_subclass(named, base) else base
                node = ID[f"{self.v.local(base).lower()}/{name}"]
                self.foreign[name] = (node, cls, defs)
                return node
        if name in self.records:  # a record of this file that could not be made: its own error says why
            return None
        self.error(f"'{key}' names unknown id '{name}'", line, rec_id, self._similar(name))
        return None

    def _similar(self, name: str) -> str:
        """A hint naming the ids closest to ``name``, in this file and in the other files of the build."""
        here = dict.fromkeys(difflib.get_close_matches(name, list(self.records), 3, 0.5), "")
        there = {d.id: f" (in {d.where})" for d in self.index.similar(name) if d.id not in here and d.file != self.file}
        close = sorted(
            {**here, **there}.items(), key=lambda kv: difflib.SequenceMatcher(None, name, kv[0]).ratio(), reverse=True
        )[:3]
        unread = [f for f in self.index.unreadable if f != self.file]
        tail = f" ({', '.join(unread)} could not be read: its ids are unknown)" if unread else ""
        if not close:
            return "give the id of a record of this file or of another annotation file of the build" + tail
        return "did you mean " + " or ".join(f"'{c}'{where}" for c, where in close) + "?" + tail

    def label_of(self, rec_id: str) -> str | None:
        """The label of a record of this file, else the first label another file gives it."""
        rec = self.records.get(rec_id)
        if rec is not None and rec.label is not None:
            return rec.label
        return next((d.label for d in self.index.get(rec_id, outside=self.file) if d.label is not None), None)

    def _event(self, rec_id: str) -> tuple[bool, TimePoint | None] | None:
        """Whether the event ``rec_id`` (of this file, else of another) has a time, and that time normalized;
        None if no file has a record ``rec_id``."""
        rec = self.records.get(rec_id)
        if rec is not None:
            return rec.section == "events" and "hasTime" in rec.fields, self._point_of(rec)
        defs = [d for d in self.index.get(rec_id, outside=self.file) if d.has_time]
        if defs:
            return True, next((d.time for d in defs if d.time is not None), None)
        return (False, None) if self.index.get(rec_id, outside=self.file) else None

    # -- evidence -------------------------------------------------------------------------------
    def locate(self, quote: str, occurrence: int | None, rec_id: str, line: int) -> Span | None:
        try:
            return locate(self.text, quote, occurrence)
        except QuoteError as exc:
            self.error(exc.message, line, rec_id, exc.hint)
            return None

    def add_evidence(self, node: URIRef, span: Span, rec_id: str, line: int, suffix: str = "") -> URIRef:
        ev = ID[f"evidence/{self.doc.article.id}/{rec_id}{suffix}"]
        quote_sel, pos_sel = URIRef(ev + "/quote"), URIRef(ev + "/position")
        g = self.g
        g.add((ev, RDF.type, CFO.Evidence))
        g.add((ev, OA.hasSource, self.article))
        g.add((ev, OA.hasSelector, quote_sel))
        g.add((ev, OA.hasSelector, pos_sel))
        g.add((ev, CFO.annotationFile, Literal(self.file)))
        g.add((ev, CFO.annotationLine, Literal(line, datatype=XSD.positiveInteger)))
        g.add((ev, CFO.annotationId, Literal(rec_id)))
        g.add((quote_sel, RDF.type, OA.TextQuoteSelector))
        g.add((quote_sel, OA.exact, Literal(span.exact)))
        g.add((quote_sel, OA.prefix, Literal(span.prefix)))
        g.add((quote_sel, OA.suffix, Literal(span.suffix)))
        g.add((pos_sel, RDF.type, OA.TextPositionSelector))
        g.add((pos_sel, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((pos_sel, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, CFO.evidence, ev))
        g.add((node, PROV.wasDerivedFrom, self.article))
        self.spans.append((span.start, span.end))
        self.evidence.append((ev, span))
        return ev

    # -- article --------------------------------------------------------------------------------
    def _reference_date(self) -> date | None:
        """The quoted referenceDate's day, else the day of datePublished, else None (and ``self.reference_failed``
        when a referenceDate was given but is wrong: that error is reported once)."""
        art = self.doc.article
        spec = art.reference
        self.reference_failed = spec is not None
        if spec is None:
            self.reference_failed = False
            return reference_date(art)
        if "quote" not in spec:
            self.error(
                "referenceDate needs a quote of the article's date",
                art.line_of("referenceDate"),
                art.id,
                'write referenceDate: {quote: "March 18, 2025"}',
            )
            return None
        try:
            point = normalize_instant(str(spec["quote"]), date(2000, 1, 1))
        except TimeParseError as exc:
            self.error(f"referenceDate: {exc.args[0] if exc.args else exc}", art.line, art.id, exc.hint)
            return None
        if point.day is None or point.wording.strip().lower() in ("today", "yesterday"):
            self.error(
                f"referenceDate '{point.wording}' is not an exact date",
                art.line,
                art.id,
                "quote a date with day, month and year as the article prints it",
            )
            return None
        self.reference_failed = False
        return point.day

    def _article_node(self) -> None:
        art, g, a = self.doc.article, self.g, self.article
        g.add((a, RDF.type, SDO.NewsArticle))
        g.add((a, RDF.type, PROV.Entity))
        g.add((a, RDFS.label, Literal(art.label, lang="en")))
        g.add((a, DCTERMS.source, Literal(self.text_shown)))
        g.add((a, CFO.sha256, Literal(self.sha256)))
        g.add((a, SDO.text, Literal(self.text)))
        if art.language:
            g.add((a, SDO.inLanguage, Literal(str(art.language))))
        if art.note:
            g.add((a, RDFS.comment, Literal(str(art.note), lang="en")))
        for key, prop in (("publisher", SDO.publisher), ("dateline", SDO.locationCreated)):
            value = getattr(art, key)
            if value is not None:
                written = "outlet" if key == "publisher" and "outlet" in art.key_lines else key
                node = self.ref(value, art.id, art.line_of(written), written)
                if node is not None:
                    g.add((a, prop, node))
                    if key == "dateline":
                        label = self.label_of(str(value))
                        if label is not None:
                            g.add((a, SDO.dateline, Literal(label)))
        if self.reference is not None and art.reference is not None:
            t = self.time_instant(art.reference, art.id, "referenceDate", art.line)
            if t is not None:
                g.add((a, CFO.referenceDate, t))
        if art.title is not None:
            g.add((a, SDO.headline, Literal(art.title)))
        if art.url is not None:
            g.add((a, SDO.url, Literal(art.url, datatype=XSD.anyURI)))
        for name in art.byline:
            g.add((a, SDO.author, Literal(name)))
        if art.published is not None:
            kind = XSD.dateTime if isinstance(art.published, datetime) else XSD.date
            g.add((a, SDO.datePublished, Literal(art.published.isoformat(), datatype=kind)))
        if art.published_note is not None:
            g.add((a, CFO.datePublishedNote, Literal(art.published_note, lang="en")))
        g.add((self.g_iri, RDF.type, PROV.Bundle))
        g.add((self.g_iri, PROV.wasDerivedFrom, a))
        g.add((self.g_iri, DCTERMS.source, Literal(self.file)))
        g.add((self.g_iri, RDFS.label, Literal(f"What the article '{art.id}' states", lang="en")))

    # -- records --------------------------------------------------------------------------------
    def _record(self, rec: Record) -> None:
        node, cls = self.nodes.get(rec.id), self.classes.get(rec.id)
        if node is None or cls is None:
            return
        g = self.g
        g.add((node, RDF.type, cls))
        if rec.label is not None:
            g.add((node, RDFS.label, Literal(rec.label, lang="en")))
        elif rec.section != "positions" and self.label_of(rec.id) is None:
            self.error("no label", rec.line, rec.id, "add 'label: ...', the name people know it by")
        for alias in rec.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        if rec.note:
            g.add((node, RDFS.comment, Literal(str(rec.note), lang="en")))
        if rec.draft is not None:  # taken unreviewed (accept_drafts): the node says so, in this article's graph
            g.add((node, CFO.draftRule, Literal(rec.draft.rule)))
            g.add((node, CFO.draftConfidence, Literal(rec.draft.decimal, datatype=XSD.decimal)))
            if rec.draft.cue is not None:
                g.add((node, CFO.draftCue, Literal(rec.draft.cue)))
        evidence = []
        for i, quote in enumerate(rec.quotes):
            span = self.locate(quote, rec.occurrence, rec.id, rec.quote_line)
            if span is not None:
                evidence.append(self.add_evidence(node, span, rec.id, rec.line, f"-{i + 1}" if i else ""))
        self.record_evidence = evidence
        for key, value in rec.fields.items():
            self._field(rec, node, key, value, rec.field_lines.get(key, rec.line))

    def _field(self, rec: Record, node: URIRef, key: str, value: Any, line: int) -> None:
        f = self.v.field(key)
        if f is None:
            close = difflib.get_close_matches(key, list(self.v.fields), n=3, cutoff=0.6)
            hint = (
                ("did you mean " + " or ".join(f"'{c}'" for c in close) + "?")
                if close
                else "fields are the ontology's properties: " + ", ".join(sorted(self.v.fields))
            )
            self.error(f"unknown field '{key}'", line, rec.id, hint)
            return
        if f.is_time:
            t = self.time_value(value, rec.id, key, line, interval=(f.range == TIME.Interval))
            if t is not None:
                self.g.add((node, f.iri, t))
            return
        if f.iri == CFO.extensionClause:
            self._extension_clause(rec, node, key, value, line)
            return
        if f.range == CFO.Count:
            c = count_value(self, value, rec.id, key, line)
            if c is not None:
                self.g.add((node, f.iri, c))
            return
        values = value if isinstance(value, list) else [value]
        for v in values:
            if f.kind == "datatype":
                lit = self.literal(v, f.range, rec.id, key, line)
                if lit is not None:
                    self.g.add((node, f.iri, lit))
            elif f.scheme is not None:
                concepts = _scheme_concepts(self.v, f.scheme)
                c = concepts.get(str(v))
                if c is None:
                    self.error(
                        f"'{key}: {v}' is not in the scheme {self.v.label(f.scheme)}",
                        line,
                        rec.id,
                        f"{key} is one of: " + ", ".join(sorted(concepts)),
                    )
                else:
                    self.g.add((node, f.iri, c))
            else:
                target = self.ref(v, rec.id, line, key)
                if target is not None:
                    self.g.add((node, f.iri, target))

    def _extension_clause(self, rec: Record, node: URIRef, key: str, value: Any, line: int) -> None:
        """``extensionClause: {quote: "can be extended by mutual agreement"}``: the proposal's words about
        extending it (``cfo:extensionClause``, a text), quoted as one more evidence of the proposal."""
        if not isinstance(value, dict) or "quote" not in value or set(value) - {"quote", "occurrence"}:
            self.error(
                f"'{key}' must be a mapping like {{quote: \"can be extended by mutual agreement\"}}, not {value!r}",
                line,
                rec.id,
                "quote the article's words about extending the proposal",
            )
            return
        wording = str(value["quote"])
        span = self.locate(wording, value.get("occurrence"), rec.id, line)
        if span is None:
            return
        self.add_evidence(node, span, rec.id, line, f"/{key}")
        self.g.add((node, CFO.extensionClause, Literal(wording)))

    def literal(self, value: Any, rng: URIRef | None, rec_id: str, key: str, line: int) -> Literal | None:
        if rng in (XSD.positiveInteger, XSD.integer, XSD.nonNegativeInteger):
            if not isinstance(value, int) or isinstance(value, bool) or (rng == XSD.positiveInteger and value < 1):
                self.error(
                    f"'{key}' must be a whole number{' from 1' if rng == XSD.positiveInteger else ''}, not {value!r}",
                    line,
                    rec_id,
                    f"write e.g. '{key}: 1'",
                )
                return None
            return Literal(value, datatype=rng)
        if rng == XSD.date:
            if not isinstance(value, date):
                self.error(
                    f"'{key}' must be a date like 2025-03-18, not {value!r}",
                    line,
                    rec_id,
                    "write the date as YYYY-MM-DD",
                )
                return None
            return Literal(value, datatype=XSD.date)
        return Literal(str(value))

    # -- time -----------------------------------------------------------------------------------
    def time_value(
        self, spec: Any, rec_id: str, key: str, line: int, interval: bool, forward_from: date | None = None
    ) -> URIRef | None:
        if not isinstance(spec, dict):
            self.error(
                f"'{key}' must be a mapping like {{quote: \"last year\"}}, not {spec!r}",
                line,
                rec_id,
                'quote the article\'s words for the time: {quote: "..."}, or {event: ID} for the time of an event',
            )
            return None
        if interval:
            return self.time_interval(spec, rec_id, key, line)
        return self.time_instant(spec, rec_id, key, line, forward_from)

    def _time_node(self, rec_id: str, key: str, article: str | None = None) -> URIRef:
        """The node of the time ``key`` of record ``rec_id`` as ``article`` (this one by default) states it:
        ``cfid:time/<article>/<record>/<key>``. Each source has its own, so two sources that date the same record
        differently each keep their wording, day and evidence (``cfid:time/<article>/referenceDate`` for the
        article's own date)."""
        art = self.doc.article.id if article is None else article
        return ID[f"time/{art}/{key}"] if rec_id == art else ID[f"time/{art}/{rec_id}/{key}"]

    def _event_time_node(self, ev: str) -> URIRef:
        """The time node of the event ``ev``: this article's when this file dates it, else that of the first file
        (by name, then line) that does."""
        if ev in self.records:
            return self._time_node(ev, "hasTime")
        dated = [d for d in self.index.get(ev, outside=self.file) if d.has_time]
        return self._time_node(ev, "hasTime", dated[0].article if dated else None)

    def time_instant(
        self, spec: dict, rec_id: str, key: str, line: int, forward_from: date | None = None
    ) -> URIRef | None:
        unknown = [k for k in spec if k not in TIME_KEYS]
        if unknown:
            self.error(
                f"unknown key(s) {', '.join(map(str, unknown))} in the time '{key}'",
                line,
                rec_id,
                "a time has: " + ", ".join(TIME_KEYS),
            )
            return None
        if "event" in spec:
            ev = str(spec["event"])
            known = self._event(ev)
            if known is None:
                self.ref(ev, rec_id, line, f"{key}.event")
                return None
            if not known[0]:
                self.error(
                    f"'{key}: {{event: {ev}}}' names a record without a time",
                    line,
                    rec_id,
                    f"give the event '{ev}' a hasTime, or quote the time here",
                )
                return None
            return self._event_time_node(ev)
        if "quote" not in spec:
            self.error(
                f"the time '{key}' has no quote",
                line,
                rec_id,
                'write {quote: "the article\'s words for the time"} or {event: ID}',
            )
            return None
        node = self._time_node(rec_id, key)
        if node in self.times:
            return node
        wording = str(spec["quote"])
        span = self.locate(wording, spec.get("occurrence"), rec_id, line)
        if span is None:
            return None
        g = self.g
        g.add((node, RDF.type, TIME.Instant))
        g.add((node, CFO.wording, Literal(wording)))
        g.add((node, RDFS.label, Literal(wording, lang="en")))
        self.add_evidence(node, span, rec_id, line, f"/{key}")
        point: TimePoint | None
        zone = spec.get("zone")
        if zone is not None:
            try:
                zone = zone_named(zone if isinstance(zone, str) else repr(zone))
            except TimeParseError as exc:
                self.error(f"'{key}.zone': {exc.message}", line, rec_id, exc.hint)
                return None
        inclusive = spec.get("inclusive")
        if inclusive is not None and not key.endswith("-ends"):
            self.error(
                f"'inclusive:' is only for the end of an interval (ends:), not for '{key}'",
                line,
                rec_id,
                'write ends: {quote: "...", inclusive: true} when the period includes its last day or moment',
            )
            return None
        if inclusive is not None and not isinstance(inclusive, bool):
            self.error(
                f"'{key}.inclusive' must be true or false, not {inclusive!r}",
                line,
                rec_id,
                "write inclusive: true when the period includes its last day or moment (the article says so)",
            )
            return None
        relations = [k for k in ("after", "before") if k in spec]
        if len(relations) > 1:
            self.error(
                f"the time '{key}' is both after and before another event",
                line,
                rec_id,
                "give one relation: {quote: ..., after: EVENT} or {quote: ..., before: EVENT}",
            )
            return None
        if relations:
            rel = relations[0]
            other = self.ref(spec[rel], rec_id, line, f"{key}.{rel}")
            if other is None:
                return None
            known = self._event(str(spec[rel]))
            if known is None or not known[0]:
                self.error(
                    f"'{key}: {rel}: {spec[rel]}' names an event without a time",
                    line,
                    rec_id,
                    f"give '{spec[rel]}' a hasTime",
                )
                return None
            anchor = self._event_time_node(str(spec[rel]))
            g.add((node, TIME.after if rel == "after" else TIME.before, anchor))
            ref_point = known[1]
            offset = offset_of(wording)
            if offset is not None and ref_point is not None:
                duration, sign = offset
                if (sign > 0) != (rel == "after"):
                    self.error(
                        f"the time '{wording}' says {'after' if sign > 0 else 'before'}, and the annotation "
                        f"'{rel}: {spec[rel]}'",
                        line,
                        rec_id,
                        f"write {{quote: ..., {'after' if sign > 0 else 'before'}: {spec[rel]}}}",
                    )
                    return None
                point = shift(ref_point, duration, sign, wording)
                self._add_point(node, point)
                self.times[node] = point
                return node
            g.add((node, CFO.precision, self.v.required_concept("precision", "relative")))
            if ref_point is not None:
                if rel == "after":
                    g.add((node, CFO.earliest, Literal(ref_point.earliest, datatype=XSD.date)))
                else:
                    g.add((node, CFO.latest, Literal(ref_point.latest, datatype=XSD.date)))
            self.times[node] = None
            return node
        default_zone = self.doc.article.timezone
        if "date" in spec:
            d = spec["date"]
            if not isinstance(d, date):
                self.error(
                    f"'{key}.date' must be a date like 2025-03-23, not {d!r}",
                    line,
                    rec_id,
                    "write the date as YYYY-MM-DD",
                )
                return None
            try:
                point = normalize_instant(wording, self.reference or d, zone, default_zone=default_zone, day=d)
            except TimeParseError as exc:
                self.error(f"the time '{wording}': {exc.message}", line, rec_id, exc.hint)
                return None
        else:
            try:
                found = absolute_or_relative(
                    wording, self.reference, zone, default_zone=default_zone, forward_from=forward_from
                )
            except TimeParseError as exc:
                if "not a recognized form" in exc.message:
                    self.error(f"the date '{wording}' does not parse", line, rec_id, exc.hint)
                else:
                    self.error(f"the time '{wording}': {exc.message}", line, rec_id, exc.hint)
                return None
            if found is None:
                if not self.reference_failed:  # a wrong referenceDate is reported once, where it is written
                    self.error(
                        f"the time '{wording}' is relative to the article's date, and the article has no date",
                        line,
                        rec_id,
                        "under 'article:', give the publication date (datePublished: YYYY-MM-DD, with "
                        "datePublishedNote: where the date comes from) or quote the date the text prints "
                        f'(referenceDate: {{quote: "..."}}); or give this time its day: '
                        f'{{quote: "{wording}", date: YYYY-MM-DD}}',
                    )
                return None
            point = found
        if point.zone is not None:
            words = " ".join(wording.lower().split())
            seen = self.zones.setdefault(words, (point.zone, line))
            if seen[0] != point.zone:
                self.error(
                    f"two different zones for the time '{wording}' in one article: {seen[0]} (line {seen[1]}) "
                    f"and {point.zone}",
                    line,
                    rec_id,
                    "the same words mean the same instant: give both times the same zone",
                )
                return None
        if inclusive is not None:
            point = replace(point, inclusive=inclusive)
        self._add_point(node, point)
        self.times[node] = point
        return node

    def _point_of(self, rec: Record) -> TimePoint | None:
        return time_point(rec.fields.get("hasTime"), self.reference, self.doc.article.timezone)

    def _add_point(self, node: URIRef, point: TimePoint, graph: TripleSet | None = None) -> None:
        g = self.g if graph is None else graph
        g.add((node, CFO.precision, self.v.required_concept("precision", point.precision)))
        g.add((node, CFO.earliest, Literal(point.earliest, datatype=XSD.date)))
        g.add((node, CFO.latest, Literal(point.latest, datatype=XSD.date)))
        if point.precision == "day":
            g.add((node, TIME.inXSDDate, Literal(point.earliest, datatype=XSD.date)))
        elif point.precision == "month":
            g.add((node, TIME.inXSDgYearMonth, Literal(point.year_month, datatype=XSD.gYearMonth)))
        elif point.precision == "year":
            g.add((node, TIME.inXSDgYear, Literal(str(point.year), datatype=XSD.gYear)))
        _add_instants(g, node, point)

    def time_interval(self, spec: dict, rec_id: str, key: str, line: int) -> URIRef | None:
        unknown = [k for k in spec if k not in INTERVAL_KEYS]
        if unknown:
            self.error(
                f"unknown key(s) {', '.join(map(str, unknown))} in the interval '{key}'",
                line,
                rec_id,
                'an interval has: begins, ends (times) and duration ({quote: "30-day"})',
            )
            return None
        node = self._time_node(rec_id, key)
        g = self.g
        g.add((node, RDF.type, TIME.ProperInterval))
        for ev in self.record_evidence:
            g.add((node, CFO.evidence, ev))
        g.add((node, PROV.wasDerivedFrom, self.article))
        begins = ends = None
        if "begins" in spec:
            begins = self.time_value(spec["begins"], rec_id, f"{key}-begins", line, interval=False)
            if begins is not None:
                g.add((node, TIME.hasBeginning, begins))
        if "ends" in spec:
            first = self.times.get(begins) if begins is not None else None
            ends = self.time_value(
                spec["ends"],
                rec_id,
                f"{key}-ends",
                line,
                interval=False,
                forward_from=first.earliest if first else None,
            )
            if ends is not None:
                g.add((node, TIME.hasEnd, ends))
                last = self.times.get(ends)
                if first is not None and last is not None and _before(last, first):
                    self.error(
                        f"the interval '{key}' ends ('{last.wording}', {_shown_point(last)}) before it begins "
                        f"('{first.wording}', {_shown_point(first)})",
                        line,
                        rec_id,
                        "check the quotes of begins: and ends: and their days ('date:'), zones and the reference date",
                    )
                    return None
        duration: Duration | None = None
        if "duration" in spec:
            dspec = spec["duration"]
            if not isinstance(dspec, dict) or "quote" not in dspec:
                self.error(
                    f"'{key}.duration' must be {{quote: \"30-day\"}}",
                    line,
                    rec_id,
                    "quote the article's words for the duration",
                )
                return None
            try:
                duration = normalize_duration(str(dspec["quote"]))
            except TimeParseError as exc:
                why = exc.message.split(": ", 1)[1] if ": " in exc.message else exc.message
                self.error(f"the duration '{dspec['quote']}' does not parse: {why}", line, rec_id, exc.hint)
                return None
            span = self.locate(str(dspec["quote"]), dspec.get("occurrence"), rec_id, line)
            if span is None:
                return None
            dnode = self._time_node(rec_id, f"{key}-duration")
            g.add((dnode, RDF.type, TIME.Duration))
            amount = duration.hours or duration.days
            g.add((dnode, TIME.numericDuration, Literal(f"{amount}.0", datatype=XSD.decimal)))
            g.add((dnode, TIME.unitType, TIME.unitHour if duration.hours else TIME.unitDay))
            if duration.at_least:
                g.add((dnode, CFO.atLeast, Literal(True)))
            # as written ("PT30H"): rdflib would otherwise normalize it to "P1DT6H"
            g.add((dnode, TIME.hasXSDDuration, Literal(duration.xsd, datatype=XSD.duration, normalize=False)))
            g.add((dnode, CFO.wording, Literal(duration.wording)))
            g.add((dnode, RDFS.label, Literal(duration.wording, lang="en")))
            self.add_evidence(dnode, span, rec_id, line, f"/{key}-duration")
            g.add((node, TIME.hasDuration, dnode))
        if ends is None and begins is not None and duration is not None and not duration.at_least:
            start = self.times.get(begins) or self._begin_point(begins)
            if start is not None:
                self._derive_end(node, begins, duration, start, rec_id, key)
        return node

    def _begin_point(self, begins: URIRef) -> TimePoint | None:
        # an {event: X} beginning: the event's time, normalized the same way as the event's own record
        for rid, rec in self.records.items():
            if self._time_node(rid, "hasTime") == begins:
                return self._point_of(rec)
        for rid in self.foreign:
            if self._event_time_node(rid) == begins:
                known = self._event(rid)
                return known[1] if known is not None else None
        return None

    def _derive_end(
        self, interval: URIRef, begins: URIRef, duration: Duration, start: TimePoint, rec_id: str, key: str
    ) -> None:
        end = self._time_node(rec_id, f"{key}-end")
        d = self.d
        point = end_of(start, duration)
        d.add((end, RDF.type, TIME.Instant))
        d.add((end, RDFS.label, Literal(f"end of the {duration.wording} period", lang="en")))
        d.add((end, CFO.precision, self.v.required_concept("precision", point.precision)))
        d.add((end, CFO.earliest, Literal(point.earliest, datatype=XSD.date)))
        d.add((end, CFO.latest, Literal(point.latest, datatype=XSD.date)))
        if point.precision == "day":
            d.add((end, TIME.inXSDDate, Literal(point.earliest, datatype=XSD.date)))
        _add_instants(d, end, point)
        d.add((end, CFO.derivedBy, CFO.EndFromDuration))
        d.add((end, PROV.wasDerivedFrom, begins))
        d.add((end, PROV.wasDerivedFrom, self._time_node(rec_id, f"{key}-duration")))
        d.add(
            (
                end,
                RDFS.comment,
                Literal(_sum_comment(start, duration, point), lang="en"),
            )
        )
        d.add((interval, TIME.hasEnd, end))

    # -- derivations ----------------------------------------------------------------------------
    def _derive(self) -> None:
        g, d, v = self.g, self.d, self.v
        d.add((self.d_iri, RDF.type, PROV.Bundle))
        d.add((self.d_iri, PROV.wasDerivedFrom, self.g_iri))
        d.add((self.d_iri, RDFS.label, Literal(f"What the builder computed from '{self.doc.article.id}'", lang="en")))
        for rule in (
            CFO.InverseLinks,
            CFO.ProposerFromPositions,
            CFO.PositionLabels,
            CFO.SentenceSplit,
            CFO.EndFromDuration,
            CFO.SuperclassTypes,
        ):
            d.add((self.d_iri, CFO.derivedBy, rule))
        for node, cls in list(g.subject_objects(RDF.type)):
            if str(cls).startswith(str(CFO)):
                for sup in _superclasses(v, cls):
                    if sup != cls and (node, RDF.type, sup) not in g:
                        d.add((node, RDF.type, sup))
        for prop, inverse in v.inverse_pairs():
            for subj, obj in g.subject_objects(prop):
                d.add((obj, inverse, subj))
        for prop in v.symmetric_properties():
            for subj, obj in g.subject_objects(prop):
                if (obj, prop, subj) not in g:
                    d.add((obj, prop, subj))
        proposes = v.concept("stance", "proposes")
        for pos in g.subjects(RDF.type, CFO.Position):
            stance = g.value(pos, CFO.stance)
            target = g.value(pos, CFO.target)
            holders = self._ordered(pos, CFO.holder, "holder")
            if (
                stance is not None
                and target is not None
                and proposes in v.broader_closure(stance)
                and self._is_a(target, CFO.Proposal)
            ):
                for h in holders:
                    d.add((target, CFO.proposedBy, h))
                for ev in g.objects(pos, CFO.expressedAt):
                    d.add((target, CFO.proposedAt, ev))
            if g.value(pos, RDFS.label) is None and stance is not None and target is not None:
                who = " and ".join(str(self._label_node(h)) for h in holders)
                label = f"{who} — {v.concept_label(stance)} — {self._label_node(target)}"
                d.add((pos, RDFS.label, Literal(label, lang="en")))
        for s in self.sentences:
            node = ID[f"sentence/{self.doc.article.id}/{s.ordinal}"]
            sel = URIRef(node + "/position")
            d.add((node, RDF.type, CFO.Sentence))
            d.add((node, OA.hasSource, self.article))
            d.add((node, OA.hasSelector, sel))
            d.add((node, CFO.ordinal, Literal(s.ordinal, datatype=XSD.positiveInteger)))
            d.add((node, SDO.text, Literal(s.text)))
            d.add((node, CFO.derivedBy, CFO.SentenceSplit))
            d.add((sel, RDF.type, OA.TextPositionSelector))
            d.add((sel, OA.start, Literal(s.start, datatype=XSD.nonNegativeInteger)))
            d.add((sel, OA.end, Literal(s.end, datatype=XSD.nonNegativeInteger)))
        for ev, span in self.evidence:
            at = sentence_at(self.sentences, span.start)
            if at is not None:
                d.add((ev, CFO.inSentence, ID[f"sentence/{self.doc.article.id}/{at.ordinal}"]))

    def _ordered(self, node: Node, prop: URIRef, key: str) -> list[Node]:
        """The values of ``prop`` on ``node`` in the order the annotation wrote them."""
        rid = str(node).rsplit("/", 1)[-1]
        raw = self.records[rid].fields.get(key) if rid in self.records else None
        order = [self.nodes.get(str(x)) for x in (raw if isinstance(raw, list) else [raw])]
        values = set(self.g.objects(node, prop))
        written: list[Node] = [n for n in order if n is not None and n in values]
        return written + ordered(values - set(order))

    def _is_a(self, node: Node, cls: URIRef) -> bool:
        types = list(self.g.objects(node, RDF.type)) + [f[1] for f in self.foreign.values() if f[0] == node]
        return any(self.v.is_subclass(t, cls) for t in types)

    def _label_node(self, node: Node) -> Node | str | None:
        """A node's label in this article's graph, else the label another file gives it."""
        label = self.g.value(node, RDFS.label)
        if label is not None:
            return label
        return next((self.label_of(rid) for rid, f in self.foreign.items() if f[0] == node), None)


def _add_instants(g: TripleSet, node: URIRef, point: TimePoint) -> None:
    """A time of day's instants (``cfo:earliestInstant``, ``cfo:latestInstant``, ``time:inXSDDateTimeStamp`` when
    exact), zone and ``cfo:inclusive``; nothing for a time known to the day or coarser."""
    if point.inclusive is not None:
        g.add((node, CFO.inclusive, Literal(point.inclusive)))
    if point.start is None or point.stop is None or point.zone is None:
        return
    g.add((node, CFO.earliestInstant, Literal(point.start.isoformat(), datatype=XSD.dateTimeStamp)))
    g.add((node, CFO.latestInstant, Literal(point.stop.isoformat(), datatype=XSD.dateTimeStamp)))
    if point.exact:
        g.add((node, TIME.inXSDDateTimeStamp, Literal(point.start.isoformat(), datatype=XSD.dateTimeStamp)))
    g.add((node, CFO.timeZone, Literal(point.zone)))


def _before(end: TimePoint, begin: TimePoint) -> bool:
    """Whether ``end`` is surely before ``begin`` (to the instant when both have one, else to the day)."""
    if end.stop is not None and begin.start is not None:
        return end.stop < begin.start
    return end.latest < begin.earliest


def _shown_point(point: TimePoint) -> str:
    if point.start is not None and point.stop is not None:
        return point.start.isoformat() if point.exact else f"{point.start.isoformat()} to {point.stop.isoformat()}"
    return str(point.earliest) if point.earliest == point.latest else f"{point.earliest} to {point.latest}"


def _sum_comment(start: TimePoint, duration: Duration, end: TimePoint) -> str:
    """How a derived end was computed: ``2025-03-18 + 30 days = 2025-04-17`` (as before for days),
    ``2025-04-19T18:00:00+03:00 + 30 hours = 2025-04-21T00:00:00+03:00``."""
    if start.start is not None and end.start is not None:
        length = f"{duration.hours} hours" if duration.hours else f"{duration.days} days"
        return f"{start.start.isoformat()} + {length} = {end.start.isoformat()}"
    if duration.hours:
        return f"{start.earliest.isoformat()} + {duration.hours} hours = {end.earliest.isoformat()} at the earliest"
    return f"{start.earliest.isoformat()} + {duration.days} days = {end.earliest.isoformat()}"
