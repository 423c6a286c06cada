"""Read annotation files (YAML) into records, keeping the line each record and field came from.

An annotation file states the facts of one article: an ``article`` block, then sections of records
(``actors``, ``proposals``, ``positions``...; the section names come from the ontology). Each record has
an ``id``, the quote(s) that state it, and fields named after the ontology's properties. This module only
reads and checks the file's shape; :mod:`kg.builder` gives the records their meaning.

Examples
--------
>>> from kg.builder.annotations import parse_annotations
>>> doc = parse_annotations('''
... article: {id: a1, text: a1.txt, label: An article, referenceDate: {quote: "1 May 2025"}}
... actors:
...   - id: alice
...     label: Alice
...     quote: Alice
... ''', "a1.yaml")
>>> doc.records[0].id, doc.records[0].line
('alice', 4)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kg.errors import InputError
from kg.resources import display, seeds_dir

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # matched whole (fullmatch: no final newline)
#: keys every record may have besides the ontology's fields
RECORD_KEYS = ("id", "type", "label", "aliases", "note", "quote", "occurrence", "draft")
#: the keys of a record's draft marker (``draft: {rule: ..., cue: "...", confidence: 0.8}``, written by ``kg draft``)
DRAFT_KEYS = ("rule", "cue", "confidence")
ARTICLE_KEYS = (
    "id",
    "text",
    "label",
    "publisher",
    "outlet",
    "title",
    "url",
    "byline",
    "dateline",
    "language",
    "datePublished",
    "datePublishedNote",
    "referenceDate",
    "timezone",
    "sha256",
    "note",
)
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
URL_PATTERN = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


class LineDict(dict):
    """A mapping that remembers the line where it starts and where each of its keys is."""

    line: int = 0
    key_lines: dict[str, int]


# libyaml's parser when PyYAML has it (ten times faster), with the constructors of Python's
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _Loader, node: MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, list | dict):  # a YAML complex key ("? [a, b]"): no field is named so
            raise InputError(
                "a key must be a plain name, not a list or a mapping",
                file=loader.name,
                line=key_node.start_mark.line + 1,
                hint="write 'name: value' (a YAML '? ...' key is not a field of an annotation)",
            )
        if not isinstance(key, str):  # "12:", "2025-01-01:", "~:", "yes:": YAML reads a number, date, null...
            raise InputError(
                f"a key must be a name, and YAML reads {key_node.value!r} here as {_a_kind(key)}",
                file=loader.name,
                line=key_node.start_mark.line + 1,
                hint="write the field's name (see the ontology), or put the key in double quotes",
            )
        if key in result:
            raise InputError(
                f"the key '{key}' appears twice in one record",
                file=loader.name,
                line=key_node.start_mark.line + 1,
                hint=f"keep one '{key}' (the first is on line {result.key_lines[key]})",
            )
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except _UNREADABLE as exc:  # an unquoted value YAML reads as a date that does not exist, a bad !!tag...
            raise _unreadable(f"the value of '{key}'", value_node, exc, loader.name) from None
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _a_kind(value: Any) -> str:
    """'a number', 'a date'...: what YAML made of a plain scalar."""
    if value is None:
        return "null (no value)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, bytes):
        return "binary data"
    return f"a {type(value).__name__}"


#: what PyYAML's constructors raise on a value they cannot make (``date: 2025-02-30``, ``!!timestamp x``,
#: ``!!bool maybe``, ``!!int 0b2``)
_UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, OverflowError)


def _unreadable(what: str, node: Node, exc: BaseException, path: str) -> InputError:
    if isinstance(exc, ValueError | TypeError | OverflowError):
        detail = str(exc)
    else:  # PyYAML's own failure (AttributeError, KeyError) says nothing a user can use: say what was written
        tag = node.tag.removeprefix("tag:yaml.org,2002:")
        written = f"{node.value!r} " if isinstance(node, ScalarNode) else ""
        detail = f"{written}is not a valid !!{tag}"
    return InputError(
        f"{what} cannot be read: {detail}",
        file=path,
        line=node.start_mark.line + 1,
        hint="a date is YYYY-MM-DD and must exist; put the value in double quotes to keep it as text",
    )


class LineList(list):
    """A YAML sequence that remembers the line of each of its items."""

    item_lines: list[int]


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList()
    result.item_lines = []
    for item in node.value:
        try:
            result.append(loader.construct_object(item, deep=True))
        except _UNREADABLE as exc:
            raise _unreadable("an item of a list", item, exc, loader.name) from None
        result.item_lines.append(item.start_mark.line + 1)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass(frozen=True)
class Draft:
    """The mark of a record that ``kg draft`` wrote and no person has reviewed yet: its ``draft:`` mapping.

    ``rule`` is the id of the rule that produced the record, ``cue`` the words of the article that triggered it
    (None when not given), ``confidence`` a number from 0 to 1, ``line`` the line of ``draft:``. A person
    accepts the record by deleting its ``draft:`` line; ``kg build`` refuses a record that still has one, unless
    told to take it (``--accept-drafts``).

    Examples
    --------
    >>> Draft("position.stance-cue", 0.8, "agreed", 12).decimal
    '0.8'
    """

    rule: str
    confidence: float
    cue: str | None = None
    line: int = 0

    @property
    def decimal(self) -> str:
        """The confidence as an ``xsd:decimal`` lexical form (``'0.8'``, ``'1'``, ``'0.00001'``)."""
        from decimal import Decimal

        return format(Decimal(repr(self.confidence)).normalize(), "f")

    def describe(self) -> str:
        """``rule position.stance-cue, confidence 0.8``: the draft as an error names it."""
        return f"rule {self.rule}, confidence {self.decimal}"


@dataclass
class Record:
    """One annotated statement: a node of the graph and the quotes that state it."""

    section: str
    id: str
    line: int
    type: str | None = None
    label: str | None = None
    aliases: list[str] = field(default_factory=list)
    note: str | None = None
    quotes: list[str] = field(default_factory=list)
    occurrence: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    quote_line: int = 0  # where 'quote:' is written, for errors about the quote
    #: the draft marker, for a record ``kg draft`` wrote that no one has reviewed yet (None: a reviewed record)
    draft: Draft | None = None


@dataclass
class ArticleMeta:
    """The ``article`` block: which text is annotated, who published it and when, and how to read its times.

    ``reference`` is the quoted ``referenceDate`` (None when the article has none); ``published`` the
    ``datePublished``, a date or a datetime with its zone; ``key_lines`` the line of each key of the block.
    """

    id: str
    text: str
    label: str
    line: int
    reference: dict | None
    publisher: str | None = None
    dateline: str | None = None
    language: str | None = None
    note: str | None = None
    title: str | None = None
    url: str | None = None
    byline: list[str] = field(default_factory=list)
    published: dt.date | dt.datetime | None = None
    published_note: str | None = None
    sha256: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    #: the IANA zone of the article's times of day that name none (``timezone: Europe/Kyiv``)
    timezone: str | None = None

    def line_of(self, key: str) -> int:
        """The line of ``key`` in the block (the block's first line if the key is not there)."""
        return self.key_lines.get(key, self.line)


@dataclass
class AnnotationDoc:
    """A parsed annotation file."""

    path: str
    article: ArticleMeta
    records: list[Record]

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}


def _short(value: Any, width: int = 60) -> str:
    """``repr(value)``, cut to ``width`` characters (a value may be as long as a file)."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


#: how many values an annotation file may hold once its YAML aliases are expanded (the seed's holds about 3,000)
MAX_VALUES = 1_000_000


def _first_alias_line(source: str) -> int | None:
    """The line of the first alias (``*name``) of a YAML text (its events are read, none expanded)."""
    try:
        for event in yaml.parse(source, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return None


def _check_expanded_size(data: Any, path: str, limit: int = MAX_VALUES, source: str | None = None) -> None:
    """Refuse a file whose aliases expand it past ``limit`` values (a "billion laughs" file would make every
    later step, down to printing an error, run without end); the walk stops at the limit, so it is bounded too.

    >>> _check_expanded_size({"a": [[1, 2]] * 3}, "a.yaml", limit=11)  # 1 + 1 + 3 + 6 values
    >>> _check_expanded_size({"a": [[1, 2]] * 4}, "a.yaml", limit=11)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.InputError: a.yaml: the file holds more than 11 values once its YAML aliases (*name) are expanded
      fix: ...
    """
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        count += 1
        if count > limit:
            raise InputError(
                f"the file holds more than {limit:,} values once its YAML aliases (*name) are expanded",
                file=path,
                line=_first_alias_line(source) if source is not None else None,
                hint="write each value out instead of repeating anchors (&name) with aliases (*name)",
            )
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def parse_annotations(source: str, path: str, sections: tuple[str, ...] | None = None) -> AnnotationDoc:
    """Parse annotation YAML text. ``sections`` limits the allowed section names (from the ontology)."""
    loader = _Loader(source)
    loader.name = path
    try:
        data = loader.get_single_data()
    except InputError:
        raise
    except _UNREADABLE as exc:  # the whole document is one value that cannot be made (a mapping's are caught there)
        raise InputError(
            f"the file cannot be read as YAML: {exc if isinstance(exc, ValueError) else 'a tag it cannot make'}",
            file=path,
            line=1,
            hint="an annotation file is a mapping that starts with 'article:'",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark, a position in the text
        # the first such character is the one refused (libyaml gives its position in bytes, PyYAML in characters)
        found = source.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        position = found if found >= 0 else min(max(int(exc.position), 0), len(source))
        line_start = source.rfind("\n", 0, position) + 1
        raise InputError(
            f"malformed YAML, column {position - line_start + 1}: the character U+{exc.character:04X} is not "
            f"allowed in YAML ({exc.reason})"
            if isinstance(exc.character, int)
            else f"malformed YAML: {exc.reason}",
            file=path,
            line=source.count("\n", 0, position) + 1,
            hint="delete that character, or write it as an escape (\\x13, \\u200b...) inside double quotes",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context_mark", None)
        if context is not None and mark is not None and context.line != mark.line:
            problem += f" ({getattr(exc, 'context', None) or 'in a block'} that starts on line {context.line + 1})"
        raise InputError(
            f"malformed YAML{col}: {problem}",
            file=path,
            line=line,
            hint="check the indentation and quoting there; quotes with ': ' or '#' need double quotes around them",
        ) from None
    finally:
        loader.dispose()
    _check_expanded_size(data, path, source=source)
    if not isinstance(data, LineDict) or "article" not in data:  # the loader reads every mapping as a LineDict
        raise InputError(
            "an annotation file must be a mapping with an 'article' block",
            file=path,
            line=1,
            hint="start the file with 'article:' giving id, text and label",
        )
    errors: list[InputError] = []
    article = _parse_article(data["article"], path, errors)
    records: list[Record] = []
    seen: dict[str, int] = {}
    for section, items in data.items():
        if section == "article":
            continue
        sec_line = data.key_lines.get(str(section))
        if sections is not None and section not in sections:
            errors.append(
                InputError(
                    f"unknown section '{section}'",
                    file=path,
                    line=sec_line,
                    hint="sections are: " + ", ".join(sorted(sections)),
                )
            )
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            errors.append(
                InputError(
                    f"section '{section}' must be a list of records",
                    file=path,
                    line=sec_line,
                    hint="write each record as '- id: ...' under the section",
                )
            )
            continue
        item_lines = getattr(items, "item_lines", [])
        for n, item in enumerate(items):
            rec = _parse_record(section, item, path, errors, item_lines[n] if n < len(item_lines) else sec_line)
            if rec is None:
                continue
            if rec.id in seen:
                errors.append(
                    InputError(
                        f"duplicate id '{rec.id}'",
                        file=path,
                        line=rec.line,
                        record=rec.id,
                        hint=f"ids must be unique in a file; the first '{rec.id}' is on line "
                        f"{seen[rec.id]}: rename one of them",
                    )
                )
                continue
            seen[rec.id] = rec.line
            records.append(rec)
    if article and article.id in seen:
        errors.append(
            InputError(
                f"the article id '{article.id}' is also a record id",
                file=path,
                line=article.line,
                hint="give the article its own id",
            )
        )
    if errors:
        from kg.errors import InputErrors

        raise InputErrors(errors)
    assert article is not None
    return AnnotationDoc(path=path, article=article, records=records)


def _check_id(value: Any, path: str, line: int, errors: list[InputError], what: str) -> str | None:
    if value is None:
        errors.append(
            InputError(
                f"{what} has no id",
                file=path,
                line=line,
                hint="add 'id: a-readable-slug' (lowercase letters, digits and dashes)",
            )
        )
        return None
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        errors.append(
            InputError(
                f"bad id {value!r}",
                file=path,
                line=line,
                hint="ids are readable slugs: lowercase letters, digits and single dashes, "
                "e.g. 'putin-rejects-complete-ceasefire'",
            )
        )
        return None
    return value


def _parse_article(raw: Any, path: str, errors: list[InputError]) -> ArticleMeta | None:
    if not isinstance(raw, LineDict):
        errors.append(
            InputError(
                "'article' must be a mapping",
                file=path,
                line=1,
                hint="give the article's id, text and label",
            )
        )
        return None
    for key in raw:
        if key == "draft":
            errors.append(
                InputError(
                    "the article block is never a draft",
                    file=path,
                    line=raw.key_lines.get(str(key), raw.line),
                    hint="delete 'draft:' from 'article:' (only records are drafts: check the article block "
                    "against the article and keep it)",
                )
            )
        elif key not in ARTICLE_KEYS:
            errors.append(
                InputError(
                    f"unknown article field '{key}'",
                    file=path,
                    line=raw.key_lines.get(str(key), raw.line),
                    hint="article fields are: " + ", ".join(ARTICLE_KEYS),
                )
            )
    aid = _check_id(raw.get("id"), path, raw.line, errors, "the article")
    missing = [k for k in ("text", "label") if k not in raw]
    if missing:
        errors.append(
            InputError(
                "the article block lacks " + ", ".join(missing),
                file=path,
                line=raw.line,
                hint="add text (the article file, beside this one) and label (how people name the article)",
            )
        )
    if aid is None or missing:
        return None
    lines = {str(k): n for k, n in raw.key_lines.items()}
    count = len(errors)

    def bad(key: str, message: str, hint: str) -> None:
        errors.append(InputError(message, file=path, line=lines.get(key, raw.line), record=aid, hint=hint))

    ref = raw.get("referenceDate")
    if ref is not None and not isinstance(ref, dict):
        bad(
            "referenceDate",
            'referenceDate must be a mapping like {quote: "March 18, 2025"}',
            "quote the article's date as printed",
        )
    if raw.get("publisher") is not None and raw.get("outlet") is not None:
        bad(
            "outlet",
            "the article names its outlet twice ('publisher:' and 'outlet:')",
            "keep one: 'publisher: ID' (preferred), the id of the outlet in 'actors'",
        )
    publisher = raw.get("publisher", raw.get("outlet"))
    for key in ("title", "datePublishedNote", "url", "sha256", "language"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            bad(key, f"'{key}' must be text, not {_short(value)}", f'write {key}: "..." (in double quotes)')
    url = raw.get("url")
    if isinstance(url, str) and url.strip() and not URL_PATTERN.fullmatch(url):
        bad(
            "url",
            f"'url' is not a web address: {_short(url)}",
            "write the article's address as its outlet gives it, from http:// or https://, without spaces",
        )
    digest = raw.get("sha256")
    if isinstance(digest, str) and digest.strip() and not SHA256_PATTERN.fullmatch(digest.lower()):
        bad(
            "sha256",
            f"'sha256' must be 64 hex digits, not {_short(digest)}",
            "copy the article's sha256 from the graph (cfo:sha256) or from 'sha256sum FILE', or delete the line",
        )
    byline = raw.get("byline")
    if byline is not None and not (
        isinstance(byline, str) or (isinstance(byline, list) and byline and all(isinstance(b, str) for b in byline))
    ):
        bad(
            "byline",
            f"'byline' must be a name or a list of names, not {_short(byline)}",
            'write byline: "Jane Doe" or byline: ["Jane Doe", "John Roe"]',
        )
    zone = raw.get("timezone")
    if zone is not None:
        from kg.builder.times import TimeParseError, zone_named

        try:
            zone_named(zone if isinstance(zone, str) else repr(zone))
        except TimeParseError as exc:
            bad("timezone", f"timezone: {exc.message}", exc.hint)
            zone = None
    published = _published(raw.get("datePublished"))
    if isinstance(published, str):
        bad("datePublished", published, _PUBLISHED_HINT)
        published = None
    note = raw.get("datePublishedNote")
    if published is not None and note is None and ref is None:
        bad(
            "datePublished",
            "the publication date does not say where it comes from",
            "the text does not quote it (no 'referenceDate'), so add datePublishedNote: \"...\" under 'article:' "
            '(e.g. "the date on the outlet\'s web page")',
        )
    if note is not None and published is None and "datePublished" not in raw:
        bad(
            "datePublishedNote",
            "'datePublishedNote' without 'datePublished'",
            "add datePublished: YYYY-MM-DD, or delete the note",
        )
    if len(errors) > count:
        return None
    return ArticleMeta(
        id=aid,
        text=str(raw["text"]),
        label=str(raw["label"]),
        line=raw.line,
        reference=ref,
        publisher=publisher,
        dateline=raw.get("dateline"),
        language=raw.get("language"),
        note=raw.get("note"),
        title=raw.get("title"),
        url=url,
        byline=_str_list(byline),
        published=published,
        published_note=note,
        timezone=zone,
        sha256=digest.lower() if isinstance(digest, str) else None,
        key_lines=lines,
    )


_PUBLISHED_HINT = (
    "write the date as YYYY-MM-DD, or the date and time with its zone: 2025-03-18T14:05:00+03:00 (or ...Z for UTC)"
)


def _published(value: Any) -> dt.date | dt.datetime | str | None:
    """``datePublished`` as a date or a datetime with its zone, or a message saying why it is not one."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            return f"'datePublished' is not a date: {_short(value)}"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return f"'datePublished' gives a time without its zone: {value.isoformat()}"
        return value
    if isinstance(value, dt.date):
        return value
    return f"'datePublished' is not a date: {_short(value)}"


def _parse_record(
    section: str, item: Any, path: str, errors: list[InputError], line: int | None = None
) -> Record | None:
    if not isinstance(item, LineDict):
        errors.append(
            InputError(
                f"a record in '{section}' is not a mapping: {_short(item)}",
                file=path,
                line=line,
                hint="write records as '- id: ...' with their fields indented below",
            )
        )
        return None
    rid = _check_id(item.get("id"), path, item.line, errors, f"a record in '{section}'")
    if rid is None:
        return None
    quotes = _str_list(item.get("quote"))
    if not quotes:
        errors.append(
            InputError(
                "no quote: every record must cite the words of the article that state it",
                file=path,
                line=item.line,
                record=rid,
                hint="add 'quote: \"...\"' copied byte for byte from the article",
            )
        )
        return None
    occurrence = item.get("occurrence")
    if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool)):
        errors.append(
            InputError(
                f"occurrence must be a whole number, not {occurrence!r}",
                file=path,
                line=item.key_lines.get("occurrence"),
                record=rid,
                hint="occurrence: 2 picks the quote's second occurrence in the article",
            )
        )
        return None
    draft = None
    if "draft" in item:
        draft = _parse_draft(item["draft"], path, item.key_lines.get("draft", item.line), rid, errors)
        if draft is None:
            return None
    fields = {k: v for k, v in item.items() if k not in RECORD_KEYS}
    return Record(
        section=section,
        id=rid,
        line=item.line,
        type=item.get("type"),
        label=None if item.get("label") is None else str(item["label"]),
        aliases=_str_list(item.get("aliases")),
        note=item.get("note"),
        quotes=quotes,
        occurrence=occurrence,
        fields=fields,
        field_lines={k: item.key_lines.get(k, item.line) for k in fields},
        quote_line=item.key_lines.get("quote", item.line),
        draft=draft,
    )


_DRAFT_EXAMPLE = 'draft: {rule: position.stance-cue, cue: "agreed", confidence: 0.8}'
_ACCEPT = "or delete the 'draft:' line to accept the record as it is"


def _parse_draft(raw: Any, path: str, line: int, rid: str, errors: list[InputError]) -> Draft | None:
    """The draft marker of record ``rid`` (its ``draft:`` value, on ``line``), or None after adding an error
    for each thing wrong with it.

    >>> errors = []
    >>> _parse_draft({"rule": "position.stance-cue", "confidence": 1}, "a.yaml", 9, "p1", errors)
    Draft(rule='position.stance-cue', confidence=1.0, cue=None, line=9)
    >>> _parse_draft({"rule": "r", "confidence": 2}, "a.yaml", 9, "p1", errors), errors[0].message
    (None, "the draft's confidence must be a number from 0 to 1, not 2")
    """
    count = len(errors)

    def bad(message: str, hint: str, key: str | None = None) -> None:
        where = raw.key_lines.get(key, line) if key is not None and isinstance(raw, LineDict) else line
        errors.append(InputError(message, file=path, line=where, record=rid, hint=hint))

    if not isinstance(raw, dict):
        bad(
            f"'draft' must be a mapping like {{rule: ..., confidence: ...}}, not {_short(raw)}",
            f"write {_DRAFT_EXAMPLE}, {_ACCEPT}",
        )
        return None
    unknown = [str(k) for k in raw if k not in DRAFT_KEYS]
    if unknown:
        bad(
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(repr(k) for k in unknown)} in 'draft'",
            "a draft marker has: " + ", ".join(DRAFT_KEYS),
            unknown[0],
        )
    rule = raw.get("rule")
    if rule is None:
        bad("'draft' has no rule", f"write {_DRAFT_EXAMPLE}, {_ACCEPT}")
    elif not isinstance(rule, str) or not rule.strip():
        bad(
            f"the draft's rule must be the name of a rule of `kg draft`, not {_short(rule)}",
            f"write {_DRAFT_EXAMPLE}, {_ACCEPT}",
            "rule",
        )
    cue = raw.get("cue")
    if cue is not None and (not isinstance(cue, str) or not cue.strip()):
        bad(
            f"the draft's cue must be the article's words that triggered the rule, not {_short(cue)}",
            'write cue: "..." (in double quotes), or delete it',
            "cue",
        )
    confidence = raw.get("confidence")
    if confidence is None:
        bad("'draft' has no confidence", f"write {_DRAFT_EXAMPLE}, {_ACCEPT}")
    elif (
        not isinstance(confidence, int | float)
        or isinstance(confidence, bool)
        or not 0 <= confidence <= 1  # (NaN is not)
    ):
        bad(
            f"the draft's confidence must be a number from 0 to 1, not {_short(confidence)}",
            "write confidence: 0.8 (how sure the rule is, from 0 to 1)",
            "confidence",
        )
    if len(errors) > count:
        return None
    assert isinstance(rule, str) and isinstance(confidence, int | float)
    return Draft(rule=rule.strip(), confidence=float(confidence), cue=cue, line=line)


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[str, int]:
    """What is wrong with ``data``, which is not UTF-8, and the line it is on (for a message naming file and line).

    >>> data = "a\\nCafé".encode("latin-1")
    >>> try:
    ...     data.decode("utf-8")
    ... except UnicodeDecodeError as exc:
    ...     not_utf8(data, exc)
    ('not UTF-8 text (unexpected end of data at byte 5, column 4 in bytes)', 2)
    """
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    message = f"not UTF-8 text ({exc.reason} at byte {exc.start}, column {exc.start - line_start + 1} in bytes)"
    return message, data.count(b"\n", 0, exc.start) + 1


def read_annotations(path: Path, sections: tuple[str, ...] | None = None) -> AnnotationDoc:
    """Read and parse an annotation file."""
    shown = display(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        data = None
    return annotations_from_bytes(data, shown, sections)


def annotations_from_bytes(data: bytes | None, shown: str, sections: tuple[str, ...] | None = None) -> AnnotationDoc:
    """Parse the bytes of an annotation file read elsewhere (``None``: there was no such file), named ``shown``
    as users see it: what :func:`read_annotations` does once it has read the file (a Dask worker gets the bytes
    from the client: ``kg build --cluster``)."""
    if data is None:
        raise InputError("no such annotation file", file=shown, hint="check the path")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message, line = not_utf8(data, exc)
        raise InputError(message, file=shown, line=line, hint="save the file as UTF-8") from None
    source = source.replace("\r\n", "\n").replace("\r", "\n")  # line ends read as read_text() reads them
    return parse_annotations(source, shown, sections)


def annotation_files(paths: Sequence[Path | str] | None = None) -> list[Path]:
    """The annotation files to build: the given files, the ``*.yaml`` of given folders, or (no paths) those
    of the default folder, ``seeds/`` of the working directory (:func:`kg.resources.seeds_dir`).

    Examples
    --------
    >>> [p.name for p in annotation_files([Path("seeds/000_331be8963d56cd33.yaml")])]
    ['000_331be8963d56cd33.yaml']
    >>> annotation_files([Path("seeds/no-such.yaml")])
    Traceback (most recent call last):
    ...
    kg.errors.InputError: seeds/no-such.yaml: no such annotation file or folder
      fix: check the path
    """
    if not paths:
        paths = [seeds_dir()]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such annotation file or folder", file=display(p), hint="check the path")
    if not files:
        raise InputError(
            "no annotation files (*.yaml) found",
            file=", ".join(display(Path(p)) for p in paths),
            hint="pass annotation files or a folder that holds them",
        )
    return files
