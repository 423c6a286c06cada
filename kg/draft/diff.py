"""``kg draft --diff FILE.yaml``: what a re-draft of an article would add to an annotation that a person has
already reviewed. A drafted record is already there when the reviewed file has a record of the same section with
the same id, or whose quote overlaps the drafted one's in the article.

Examples
--------
>>> from pathlib import Path
>>> new, kept = diff_draft(Path("seeds/examples/sarn-truce.yaml"), corpus=["seeds/examples/sarn-truce.yaml"])
>>> kept > 0
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from kg.builder.annotations import read_annotations
from kg.builder.quotes import QuoteError, locate
from kg.draft.drafting import Draft, DraftRecord, draft_article
from kg.errors import InputError


def diff_draft(
    reviewed: Path,
    article: Path | None = None,
    corpus: Sequence[Path | str] | None = None,
    published: dt.date | dt.datetime | None = None,
) -> tuple[Draft, int]:
    """Re-draft the article of the reviewed annotation ``reviewed`` (or ``article``) and keep only the records
    it lacks. Returns that draft and how many drafted records the reviewed file already has."""
    doc = read_annotations(reviewed)
    text_path = article or reviewed.parent / doc.article.text
    draft = draft_article(text_path, corpus=corpus, published=published)
    spans: dict[str, list[tuple[int, int]]] = {}
    ids = {(r.section, r.id) for r in doc.records}
    for r in doc.records:
        for q in r.quotes:
            try:
                span = locate(draft.text, q, r.occurrence)
            except QuoteError:
                continue
            spans.setdefault(r.section, []).append((span.start, span.end))
    if not doc.records:
        raise InputError("the reviewed annotation has no records to compare with", file=str(reviewed))

    def there(record: DraftRecord) -> bool:
        if (record.section, record.id) in ids:
            return True
        a, b = record.span
        return any(a < end and b > start for start, end in spans.get(record.section, []))

    new = [r for r in draft.records if not there(r)]
    kept = len(draft.records) - len(new)
    draft.records = new
    draft.article = dict(draft.article, id=doc.article.id)
    return draft, kept
