"""``kg draft``: the first pass of an article's annotation, for a person to review (:mod:`kg.draft`)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

DRAFT_DESCRIPTION = """\
Draft the annotation of a new article: read its text, find the actors, proposals, events, positions,
conditions, claims and times the rules understand, and write them in the format of seeds/*.yaml for you
to review. The corpus (--corpus, default seeds/) is the gazetteer: actors, proposals, events and places
it already has are linked by their ids (by label, alias, handle, demonym such as "Ukrainian", or "the
Kremlin"); new ones get new ids. Every quote is copied from the article, so a reviewed draft finds its
quotes. The cue words are the lexicon beside the ontology (ontology/lexicon/cues.ttl).

Every drafted record carries `draft: {rule, cue, confidence}`: which rule drafted it, from which words,
and how far to trust it. Review each: correct it, delete it, or accept it by deleting its `draft:` line.
`kg build` refuses records still marked as drafts (`kg build --accept-drafts` takes them as they are).
kg draft changes no file of the corpus.

examples:
  kg draft new.txt --published 2025-04-19 --out seeds/new.yaml
                        draft beside the corpus (refuses to replace a file; --force does)
  kg draft new.txt      the draft on standard output
  kg draft seeds/new.txt --diff seeds/new.yaml
                        what a re-draft would add to the annotation you have reviewed
  kg draft new.txt --corpus seeds seeds/examples/sources
                        link to the records of these annotation files (files or folders)"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dr = sub.add_parser(
        "draft",
        help="draft the annotation of a new article (rules over the corpus), for a person to review",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=DRAFT_DESCRIPTION,
    )
    dr.add_argument("article", type=Path, metavar="ARTICLE.txt", help="the article's text (UTF-8)")
    dr.add_argument(
        "--published",
        default=None,
        metavar="DATE",
        help="the article's date, YYYY-MM-DD (or an ISO date-time with its offset); without it, the date of its "
        "dateline if it prints one; relative times such as 'on Tuesday' are drafted only against a date",
    )
    dr.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE.yaml",
        help="where to write the draft (default: standard output); an existing file is not replaced without --force",
    )
    dr.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    dr.add_argument(
        "--corpus",
        nargs="+",
        type=Path,
        default=None,
        metavar="PATH",
        help="annotation files or folders whose records the draft links to (default: seeds/)",
    )
    dr.add_argument(
        "--diff",
        type=Path,
        default=None,
        metavar="FILE.yaml",
        help="show only what a re-draft would add to this reviewed annotation of the article",
    )
    dr.set_defaults(func=run_draft)


def parse_published(text: str | None) -> dt.date | dt.datetime | None:
    """``--published``: a day, or a date-time with its UTC offset (InputError otherwise)."""
    from kg.errors import InputError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(
            f"--published {text!r} is not a date",
            hint="give the article's date as YYYY-MM-DD (2025-04-19), or a date-time with its offset "
            "(2025-04-19T18:00:00+03:00)",
        )
    return moment


def run_draft(args: argparse.Namespace) -> int:
    from kg.builder.annotations import annotation_files
    from kg.draft import diff_draft, draft_article
    from kg.errors import InputError

    published = parse_published(args.published)
    if args.out is not None:
        if args.out.suffix not in (".yaml", ".yml"):
            raise InputError(f"--out {args.out}: a draft is an annotation file, .yaml", hint="name it FILE.yaml")
        if args.out.exists() and not args.force:
            raise InputError(
                f"--out {args.out} exists: kg draft does not replace a file",
                hint="give another --out, or --force to replace it (with --diff, to see what a re-draft adds)",
            )
        if args.out.parent and not args.out.parent.is_dir():
            raise InputError(f"--out {args.out}: no folder {args.out.parent}", hint="create the folder first")
        corpus_files = {p.resolve() for p in annotation_files(args.corpus)}
        if args.out.resolve() in corpus_files:
            raise InputError(
                f"--out {args.out} is an annotation file of the corpus: kg draft changes no file of the corpus",
                hint="write the draft to a new file, or use --diff to compare with this one",
            )
    if args.diff is not None:
        if not args.diff.is_file():
            raise InputError("no such annotation file", file=str(args.diff), hint="give the reviewed annotation's path")
        draft, kept = diff_draft(args.diff, article=args.article, corpus=args.corpus, published=published)
        generator = f"kg draft --diff {args.diff.name}"
    else:
        draft = draft_article(args.article, corpus=args.corpus, published=published)
        kept = None
        generator = "kg draft"
    text = draft.to_yaml(args.out if args.out is not None else args.article.with_suffix(".yaml"), generator)
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write(args.out, text)
    counts = ", ".join(f"{n} {section}" for section, n in draft.counts().items()) or "no records"
    where = f" to {args.out}" if args.out is not None else ""
    if kept is not None:
        print(
            f"kg draft: a re-draft would add {len(draft.records)} record(s) ({counts}){where}; "
            f"{kept} drafted record(s) are already in {args.diff}",
            file=sys.stderr,
        )
    else:
        print(
            f"kg draft: drafted {counts} from {draft.sentences} sentence(s){where}; review each record, then delete "
            "its `draft:` line to accept it",
            file=sys.stderr,
        )
    for note in draft.notes:
        print(f"kg draft: note: {note}", file=sys.stderr)
    return 0


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file in the same folder, then a rename)."""
    import tempfile

    from kg.errors import InputError

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", hint="check the folder and its permissions") from None
