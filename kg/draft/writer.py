"""A draft as annotation YAML: the format of ``seeds/*.yaml``, with a header saying how to review it and each
record's ``draft: {rule, cue, confidence}`` line right under its id.

Values are written so that YAML reads them back as written: ids and stance names plain, any other text in
double quotes (JSON escapes, which YAML reads), nested values in flow style (``hasTime: {quote: "..."}``).

Examples
--------
>>> scalar("energy-pause"), scalar("Russia’s pause"), scalar("no"), scalar(0.8)
('energy-pause', '"Russia’s pause"', '"no"', '0.8')
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.draft.drafting import Draft, DraftRecord

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "none"}


def scalar(value: Any) -> str:
    """One value as YAML text (see the module's examples)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_quoted(v) if k == 'quote' else scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and re.search(r"[A-Za-z]", text)
        and text.lower() not in _YAML_WORDS
        and not re.fullmatch(r"\d{4}-\d\d-\d\d.*", text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _quoted(value: Any) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def record_lines(draft: Draft, record: DraftRecord) -> list[str]:
    """The lines of one record, ``  - id: ...`` first."""
    mark: dict[str, Any] = {"rule": record.rule}
    if record.cue:
        mark["cue"] = record.cue
    mark["confidence"] = round(record.confidence, 2)
    lines = [f"  - id: {scalar(record.id)}", f"    draft: {scalar(mark)}"]
    lines += [f"    {key}: {scalar(value)}" for key, value in record.fields.items()]
    quote, occurrence = draft.quote(record)
    more = [draft.text[a:b] for a, b in record.more] if occurrence is None else []
    if more:
        lines.append(f"    quote: [{', '.join(json.dumps(q, ensure_ascii=False) for q in [quote, *more])}]")
    else:
        lines.append(f"    quote: {json.dumps(quote, ensure_ascii=False)}")
    if occurrence is not None:
        lines.append(f"    occurrence: {occurrence}")
    return lines


def draft_yaml(draft: Draft, yaml_path: Path | None = None, generator: str = "kg draft") -> str:
    """The whole draft file: header, article block, and the records by section."""
    from kg.draft.drafting import SECTION_ORDER

    block = dict(draft.article)
    if yaml_path is not None:
        block["text"] = Path(os.path.relpath(draft.article_path.resolve(), yaml_path.resolve().parent)).as_posix()
    counts = ", ".join(f"{n} {section}" for section, n in draft.counts().items()) or "no records"
    head = [
        f"# DRAFT annotation of {draft.article_path.name}, written by {generator}: {counts}.",
        "#",
        "# Review every record before it enters the graph: correct its fields, delete it if it is wrong, and accept",
        "# it by deleting its `draft:` line. `kg build` refuses records that still have one (`kg build --accept-drafts`",
        "# takes them as they are). Each `draft:` says which rule drafted the record, from which words (cue), and",
        "# how far to trust it (confidence, 0 to 1). Every quote is the article's own words.",
    ]
    head += [f"# Note: {note}." for note in draft.notes]
    lines = [*head, "", "article:"]
    lines += [f"  {key}: {scalar(value)}" for key, value in block.items()]
    for section in SECTION_ORDER:
        records = [r for r in draft.records if r.section == section]
        if not records:
            continue
        lines += ["", f"{section}:"]
        for record in records:
            lines += record_lines(draft, record)
    return "\n".join(lines) + "\n"
