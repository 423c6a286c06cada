"""Score draft annotations against the gold annotations of the evaluation set (eval/README.md).

Usage::

    python eval/score.py DRAFTS_DIR [--gold eval/corpus] [--set all|test|dev] [--json FILE] [--errors]

For each gold file ``NN-slug.yaml`` of the gold folder, the draft of the same name in ``DRAFTS_DIR`` is compared
with it, record type by record type, and the precision, recall and F1 of each type (and the micro totals) are
printed as a Markdown table. The matching rules are those of eval/README.md ("Matching rules"):

* quotes are located in the gold file's article text with :func:`kg.builder.quotes.locate` (spans ``[start,
  end)``); a draft record's ``draft:`` key is ignored;
* actors match by id, else by folded label, else (neither a corpus id) by overlapping quotes;
* proposals, events, terms, conditions, claims and places match by id, else by overlapping quotes;
* positions match when the holder set (mapped through the actor matching), the stance's polarity (from
  ``ontology/stances.ttl``) and the target (mapped through the other matchings) are the gold's;
* times (every ``{quote: ...}`` of a time field) match when their records match and their spans overlap;
* every matching is one-to-one.

Examples
--------
>>> fold("Ukraine’s  Foreign Minister")
"ukraine's foreign minister"
>>> overlaps([(0, 5)], [(4, 9)]), overlaps([(0, 5)], [(5, 9)])
(True, False)
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "eval" / "corpus"
#: the annotation files whose ids are "corpus ids" (the gazetteer a draft may link to): the seed and its examples
CORPUS = (
    ROOT / "seeds" / "000_331be8963d56cd33.yaml",
    ROOT / "seeds" / "examples",
    ROOT / "seeds" / "examples" / "sources",
)
#: the article numbers of the test set, held out: 61-76 were written after the drafter's rules had been tuned on the
#: errors of 01-60, by people who had not seen those rules, and are never used to tune them (eval/README.md, "History
#: of the split"); every other article (01-60) is the dev set
TEST = range(61, 77)
#: record types matched by id or by overlapping quotes, in the order they are reported
SPAN_SECTIONS = ("proposals", "events", "terms", "conditions", "claims", "places")
#: the rows of the table, in order; the micro totals sum the rows of MICRO
ROWS = (
    "actors",
    "proposals",
    "events",
    "terms",
    "conditions",
    "claims",
    "positions",
    "positions (exact stance)",
    "times",
    "places",
)
MICRO = ("actors", "proposals", "events", "terms", "conditions", "claims", "positions", "times")


class ScoreError(Exception):
    """A problem with the input (a missing folder, a file that is not an annotation): a message, exit 2."""


# ------------------------------------------------------------------------------------------------- reading
@dataclass
class Rec:
    """One record of one file: its section, id, label, quote spans and fields (``draft:`` left out)."""

    section: str
    id: str
    label: str | None
    quotes: list[str]
    spans: list[tuple[int, int]]
    fields: dict[str, Any]
    times: list[tuple[str, str, tuple[int, int] | None]] = field(default_factory=list)

    @property
    def quote(self) -> str:
        return self.quotes[0] if self.quotes else ""


@dataclass
class Doc:
    """A parsed annotation file: its records by section, the article's times, and problems found reading it."""

    path: Path
    text: str
    sections: dict[str, list[Rec]]
    article_times: list[tuple[str, str, tuple[int, int] | None]]
    warnings: list[str]

    def records(self, section: str) -> list[Rec]:
        return self.sections.get(section, [])


def fold(text: str) -> str:
    """A label folded for comparison: case, diacritics, curly apostrophes and runs of spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def overlaps(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    """True if a span of ``a`` and a span of ``b`` share at least one character (spans are ``[start, end)``)."""
    return overlap(a, b) > 0


def overlap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    """The largest number of characters a span of ``a`` shares with a span of ``b``."""
    best = 0
    bs = list(b)
    for s1, e1 in a:
        for s2, e2 in bs:
            best = max(best, min(e1, e2) - max(s1, s2))
    return best


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _load_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScoreError(f"{path}: cannot be read as YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("article"), dict):
        raise ScoreError(f"{path}: not an annotation file (a mapping with an 'article:' block)")
    return data


def _time_keys() -> set[str]:
    """The annotation keys whose values are times, from the ontology (hasTime, inEffect, declared...)."""
    from kg.vocab import load_vocabulary

    return {key for key, f in load_vocabulary().fields.items() if f.is_time}


def _time_quotes(value: Any, where: str) -> list[tuple[str, str, int | None]]:
    """Every ``{quote: ...}`` mapping in a time value (inEffect nests begins/ends/duration): (key, quote, occ)."""
    found: list[tuple[str, str, int | None]] = []
    if isinstance(value, dict):
        if "quote" in value and isinstance(value["quote"], str):
            occ = value.get("occurrence")
            found.append((where, value["quote"], occ if isinstance(occ, int) else None))
        for key, sub in value.items():
            if isinstance(sub, dict):
                found += _time_quotes(sub, f"{where}.{key}")
    return found


def _span(text: str, quote: str, occurrence: int | None, what: str, warnings: list[str]) -> tuple[int, int] | None:
    from kg.builder.quotes import QuoteError, locate

    try:
        found = locate(text, quote, occurrence)
    except QuoteError as exc:
        warnings.append(f"{what}: {exc.message.splitlines()[0]}")
        return None
    return (found.start, found.end)


def read_doc(path: Path, text: str | None = None, sections: Sequence[str] | None = None) -> Doc:
    """Read an annotation file; its quotes are located in ``text`` (default: the article the file names).

    Parameters
    ----------
    path : Path
        The annotation (gold or draft) YAML.
    text : str, optional
        The article text; a draft is read against its gold file's article, whatever its ``text:`` says.
    sections : sequence of str, optional
        The sections to read (default: those of the ontology).
    """
    data = _load_yaml(path)
    if text is None:
        name = data["article"].get("text")
        if not isinstance(name, str):
            raise ScoreError(f"{path}: the article block has no 'text:'")
        try:
            text = (path.parent / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScoreError(f"{path}: cannot read its article {name} ({exc})") from None
    if sections is None:
        from kg.vocab import load_vocabulary

        sections = tuple(load_vocabulary().sections)
    time_keys = _time_keys()
    warnings: list[str] = []
    out: dict[str, list[Rec]] = {}
    for section in sections:
        for item in _as_list(data.get(section)):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                warnings.append(f"{path.name}: a record of '{section}' has no id: left out")
                continue
            occ = item.get("occurrence") if isinstance(item.get("occurrence"), int) else None
            quotes = [str(q) for q in _as_list(item.get("quote"))]
            what = f"{path.name} {section} {item['id']}"
            spans = [s for q in quotes if (s := _span(text, q, occ, what, warnings)) is not None]
            fields = {k: v for k, v in item.items() if k not in ("id", "quote", "occurrence", "draft")}
            times = [
                (key, q, _span(text, q, o, f"{what} {key}", warnings))
                for k, v in fields.items()
                if k in time_keys
                for key, q, o in _time_quotes(v, k)
            ]
            label = item.get("label")
            out.setdefault(section, []).append(
                Rec(section, item["id"], None if label is None else str(label), quotes, spans, fields, times)
            )
    article_times = [
        (key, q, _span(text, q, o, f"{path.name} article {key}", warnings))
        for k, v in data["article"].items()
        if k in time_keys
        for key, q, o in _time_quotes(v, k)
    ]
    return Doc(path, text, out, article_times, warnings)


def corpus_labels(paths: Iterable[Path]) -> dict[str, str]:
    """id -> label of every record that has one in the annotation files (or folders of them) ``paths``."""
    labels: dict[str, str] = {}
    for p in paths:
        files = sorted(p.glob("*.yaml")) if p.is_dir() else [p] if p.exists() else []
        for f in files:
            data = _load_yaml(f)
            for section, items in data.items():
                if section == "article":
                    continue
                for item in _as_list(items):
                    if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("label") is not None:
                        labels.setdefault(item["id"], str(item["label"]))
    return labels


# ------------------------------------------------------------------------------------------------ matching
def match_one_to_one(
    gold: Sequence[Rec],
    draft: Sequence[Rec],
    rules: Sequence[Callable[[Rec, Rec], float]],
) -> dict[str, str]:
    """Gold id -> draft id, one to one: rule by rule, each unmatched gold record takes the unmatched draft record
    that the rule scores highest (a score > 0 is a match)."""
    pairs: dict[str, str] = {}
    used: set[int] = set()
    for rule in rules:
        for g in gold:
            if g.id in pairs:
                continue
            best, best_score = -1, 0.0
            for i, d in enumerate(draft):
                if i in used:
                    continue
                score = rule(g, d)
                if score > best_score:
                    best, best_score = i, score
            if best >= 0:
                pairs[g.id] = draft[best].id
                used.add(best)
    return pairs


def _same_id(g: Rec, d: Rec) -> float:
    return 1.0 if g.id == d.id else 0.0


def _span_score(g: Rec, d: Rec) -> float:
    return float(overlap(g.spans, d.spans))


@dataclass
class Count:
    """True positives, draft records and gold records of one type."""

    tp: int = 0
    draft: int = 0
    gold: int = 0

    def add(self, other: Count) -> None:
        self.tp += other.tp
        self.draft += other.draft
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.draft if self.draft else (1.0 if self.gold == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if self.draft == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "draft": self.draft,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class FileScore:
    """The counts of one file, its unmatched records and the diagnostics of its span-matched positions."""

    name: str
    counts: dict[str, Count]
    errors: list[dict[str, str]]
    #: among positions paired by overlapping quotes: pairs, same holders, same polarity, same target
    diagnostics: dict[str, int]
    #: quotes that could not be located (the record is kept, without that span)
    warnings: list[str] = field(default_factory=list)


class Scorer:
    """Compares drafts with gold files; the corpus ids and labels are read once."""

    def __init__(self, gold_dir: Path = GOLD_DIR, corpus: Sequence[Path] = CORPUS) -> None:
        from kg.vocab import load_vocabulary

        self.gold_dir = gold_dir
        self.vocab = load_vocabulary()
        self.corpus_labels = corpus_labels(corpus)
        self.corpus_ids = set(self.corpus_labels)
        # labels of ids that gold files re-declare without a label (declared in another gold file)
        self.gold_labels = {**corpus_labels([gold_dir]), **self.corpus_labels}

    def polarity(self, stance: Any) -> str | None:
        """The polarity of a stance notation (from the ontology), None for an unknown stance."""
        concept = self.vocab.concept("stance", str(stance)) if stance is not None else None
        return None if concept is None else self.vocab.polarity(concept)

    # -- one file -----------------------------------------------------------------------------------
    def score_file(self, gold_path: Path, draft_path: Path | None) -> FileScore:
        gold = read_doc(gold_path)
        if draft_path is not None and draft_path.exists():
            draft = read_doc(draft_path, text=gold.text)
        else:
            draft = Doc(gold_path, gold.text, {}, [], [])
        counts: dict[str, Count] = {row: Count() for row in ROWS}
        errors: list[dict[str, str]] = []
        maps: dict[str, dict[str, str]] = {}  # section -> draft id -> gold id

        def tally(row: str, g_recs: Sequence[Rec], d_recs: Sequence[Rec], pairs: dict[str, str]) -> None:
            c = counts[row]
            c.gold += len(g_recs)
            c.draft += len(d_recs)
            c.tp += len(pairs)
            matched = set(pairs.values())
            for g in g_recs:
                if g.id not in pairs:
                    errors.append(self._error("missed", row, gold_path.name, g))
            for d in d_recs:
                if d.id not in matched:
                    errors.append(self._error("spurious", row, gold_path.name, d))

        # actors: id, folded label, overlapping quotes when neither is a corpus id
        def label_rule(g: Rec, d: Rec) -> float:
            gl = g.label or self.gold_labels.get(g.id)
            dl = d.label or self.corpus_labels.get(d.id)
            return 1.0 if gl and dl and fold(gl) == fold(dl) else 0.0

        def actor_span_rule(g: Rec, d: Rec) -> float:
            if g.id in self.corpus_ids or d.id in self.corpus_ids:
                return 0.0
            return _span_score(g, d)

        g_act, d_act = gold.records("actors"), draft.records("actors")
        pairs = match_one_to_one(g_act, d_act, [_same_id, label_rule, actor_span_rule])
        tally("actors", g_act, d_act, pairs)
        maps["actors"] = {d: g for g, d in pairs.items()}

        for section in SPAN_SECTIONS:
            g_recs, d_recs = gold.records(section), draft.records(section)
            pairs = match_one_to_one(g_recs, d_recs, [_same_id, _span_score])
            tally(section, g_recs, d_recs, pairs)
            maps[section] = {d: g for g, d in pairs.items()}

        # positions: holders, polarity and target; then with the exact stance
        target_map: dict[str, str] = {}
        for section in ("terms", "conditions", "claims", "events", "proposals"):
            target_map.update(maps[section])
        actor_map = maps["actors"]

        def holders(rec: Rec, mapping: dict[str, str] | None) -> frozenset[str]:
            ids = [str(h) for h in _as_list(rec.fields.get("holder"))]
            return frozenset(mapping.get(h, h) for h in ids) if mapping is not None else frozenset(ids)

        def target(rec: Rec, mapping: dict[str, str] | None) -> str | None:
            t = rec.fields.get("target")
            if t is None:
                return None
            return mapping.get(str(t), str(t)) if mapping is not None else str(t)

        def position_rule(exact: bool) -> Callable[[Rec, Rec], float]:
            def rule(g: Rec, d: Rec) -> float:
                if holders(g, None) != holders(d, actor_map) or target(g, None) != target(d, target_map):
                    return 0.0
                if exact:
                    same = g.fields.get("stance") == d.fields.get("stance")
                else:
                    pol = self.polarity(g.fields.get("stance"))
                    same = pol is not None and pol == self.polarity(d.fields.get("stance"))
                # a match; among several, prefer the one whose quote overlaps the most
                return 1.0 + overlap(g.spans, d.spans) if same else 0.0

            return rule

        g_pos, d_pos = gold.records("positions"), draft.records("positions")
        pairs = match_one_to_one(g_pos, d_pos, [position_rule(exact=False)])
        tally("positions", g_pos, d_pos, pairs)
        maps["positions"] = {d: g for g, d in pairs.items()}
        exact_pairs = match_one_to_one(g_pos, d_pos, [position_rule(exact=True)])
        c = counts["positions (exact stance)"]
        c.gold, c.draft, c.tp = len(g_pos), len(d_pos), len(exact_pairs)

        # diagnostics among positions paired by overlapping quotes
        by_span = match_one_to_one(g_pos, d_pos, [_span_score])
        d_by_id = {d.id: d for d in d_pos}
        diag = {"span_pairs": len(by_span), "same_holders": 0, "same_polarity": 0, "same_target": 0}
        for g in g_pos:
            if g.id not in by_span:
                continue
            d = d_by_id[by_span[g.id]]
            diag["same_holders"] += holders(g, None) == holders(d, actor_map)
            pol = self.polarity(g.fields.get("stance"))
            diag["same_polarity"] += pol is not None and pol == self.polarity(d.fields.get("stance"))
            diag["same_target"] += target(g, None) == target(d, target_map)

        # times: (record, span); a draft time matches a gold time of the matched record whose span overlaps
        self._score_times(gold, draft, maps, counts["times"], errors, gold_path.name)
        return FileScore(gold_path.name, counts, errors, diag, gold.warnings + draft.warnings)

    def _score_times(
        self,
        gold: Doc,
        draft: Doc,
        maps: dict[str, dict[str, str]],
        count: Count,
        errors: list[dict[str, str]],
        name: str,
    ) -> None:
        Time = tuple[str, str, str, str, tuple[int, int] | None]  # owner (gold id), shown id, key, quote, span

        def times(doc: Doc, mapping: dict[str, dict[str, str]] | None) -> list[Time]:
            out: list[Time] = [("article", "article", key, q, span) for key, q, span in doc.article_times]
            for section, recs in doc.sections.items():
                for rec in recs:
                    rid = rec.id if mapping is None else mapping.get(section, {}).get(rec.id)
                    owner = f"{section}/{rid}" if rid is not None else f"{section}/?{rec.id}"
                    out += [(owner, f"{section}/{rec.id}", key, q, span) for key, q, span in rec.times]
            return out

        g_times, d_times = times(gold, None), times(draft, maps)
        used: set[int] = set()
        matched_gold: set[int] = set()
        for gi, (g_owner, _, _, _, g_span) in enumerate(g_times):
            best, best_score = -1, 0
            for di, (d_owner, _, _, _, d_span) in enumerate(d_times):
                if di in used or d_owner != g_owner or g_span is None or d_span is None:
                    continue
                score = overlap([g_span], [d_span])
                if score > best_score:
                    best, best_score = di, score
            if best >= 0:
                used.add(best)
                matched_gold.add(gi)
        count.gold += len(g_times)
        count.draft += len(d_times)
        count.tp += len(used)
        for kind, found, hit in (("missed", g_times, matched_gold), ("spurious", d_times, used)):
            for i, (_, shown, key, q, _) in enumerate(found):
                if i not in hit:
                    errors.append({"kind": kind, "type": "times", "file": name, "id": f"{shown} {key}", "quote": q})

    @staticmethod
    def _error(kind: str, row: str, name: str, rec: Rec) -> dict[str, str]:
        err = {"kind": kind, "type": row, "file": name, "id": rec.id, "quote": rec.quote}
        if row == "positions":
            holder = ",".join(str(h) for h in _as_list(rec.fields.get("holder")))
            err["what"] = f"{holder} {rec.fields.get('stance')} {rec.fields.get('target')}"
        return err

    # -- a folder -----------------------------------------------------------------------------------
    def gold_files(self, which: str = "all") -> list[Path]:
        """The gold files of a set: 'all', 'test' (the numbers in :data:`TEST`, 61-76) or 'dev' (the others, 01-60)."""
        if not self.gold_dir.is_dir():
            raise ScoreError(f"{self.gold_dir}: no such gold folder")
        files = sorted(self.gold_dir.glob("*.yaml"))
        if which == "all":
            return files
        return [f for f in files if (which == "test") == in_test(f)]

    def score_dir(self, drafts: Path, which: str = "all", only_drafted: bool = False) -> Result:
        """Score every draft of ``drafts`` against the gold files of the set ``which``; a gold file with no
        draft counts every gold record as missed, unless ``only_drafted`` leaves it out."""
        if not drafts.is_dir():
            raise ScoreError(f"{drafts}: no such folder of drafts")
        result = Result(which=which)
        for gold_path in self.gold_files(which):
            draft_path = drafts / gold_path.name
            if not draft_path.exists():
                if only_drafted:
                    continue
                result.warnings.append(f"{gold_path.name}: no draft in {drafts}: every gold record is a miss")
            fs = self.score_file(gold_path, draft_path)
            result.add(fs)
        return result


def in_test(path: Path) -> bool:
    """True if the article or gold file ``path`` (``NN-slug.txt`` or ``.yaml``) is in the test set (:data:`TEST`).

    >>> in_test(Path("61-x.yaml")), in_test(Path("60-x.txt")), in_test(Path("76-x.txt"))
    (True, False, True)
    """
    return _number(path) in TEST


def _number(path: Path) -> int:
    head = path.name.split("-", 1)[0]
    return int(head) if head.isdigit() else 0


@dataclass
class Result:
    """The counts of a set of files, summed, with the errors and the position diagnostics."""

    which: str = "all"
    files: list[str] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=lambda: {row: Count() for row in ROWS})
    errors: list[dict[str, str]] = field(default_factory=list)
    diagnostics: dict[str, int] = field(
        default_factory=lambda: {"span_pairs": 0, "same_holders": 0, "same_polarity": 0, "same_target": 0}
    )
    warnings: list[str] = field(default_factory=list)
    #: each file's counts, by type
    per_file: dict[str, dict[str, Count]] = field(default_factory=dict)

    def add(self, fs: FileScore) -> None:
        self.files.append(fs.name)
        self.per_file[fs.name] = fs.counts
        for row, c in fs.counts.items():
            self.counts[row].add(c)
        self.errors += fs.errors
        self.warnings += fs.warnings
        for k, v in fs.diagnostics.items():
            self.diagnostics[k] += v

    @property
    def micro(self) -> Count:
        total = Count()
        for row in MICRO:
            total.add(self.counts[row])
        return total

    def table(self) -> str:
        """The figures as a Markdown table."""
        lines = [
            "| type | precision | recall | F1 | matched | draft | gold |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in ROWS:
            c = self.counts[row]
            lines.append(f"| {row} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.draft} | {c.gold} |")
        m = self.micro
        lines.append(
            f"| **micro** ({', '.join(MICRO)}) | {m.precision:.3f} | {m.recall:.3f} | {m.f1:.3f} "
            f"| {m.tp} | {m.draft} | {m.gold} |"
        )
        return "\n".join(lines)

    def diagnostics_text(self) -> str:
        n = self.diagnostics["span_pairs"]

        def share(k: str) -> str:
            return f"{self.diagnostics[k] / n:.3f} ({self.diagnostics[k]}/{n})" if n else "- (0/0)"

        return (
            f"Positions paired by overlapping quotes: {n}; among them, holder accuracy {share('same_holders')}, "
            f"polarity accuracy {share('same_polarity')}, target accuracy {share('same_target')}."
        )

    def errors_text(self) -> str:
        lines = []
        for e in self.errors:
            what = f" [{e['what']}]" if "what" in e else ""
            lines.append(f"- {e['kind']} {e['type']}: {e['file']} {e['id']}{what}: “{e['quote']}”")
        return "\n".join(lines) if lines else "(none)"

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.which,
            "files": self.files,
            "per_type": {row: c.as_dict() for row, c in self.counts.items()},
            "micro": {"types": list(MICRO), **self.micro.as_dict()},
            "positions_by_span": self.diagnostics,
            "per_file": {
                name: {row: {"tp": c.tp, "draft": c.draft, "gold": c.gold} for row, c in counts.items()}
                for name, counts in self.per_file.items()
            },
            "errors": self.errors,
            "warnings": self.warnings,
        }


# --------------------------------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    """The command line: print the table (and the errors), write the JSON; 0 scored, 2 bad input."""
    parser = argparse.ArgumentParser(
        prog="python eval/score.py",
        description="Score draft annotations (kg draft) against the gold annotations of eval/corpus/.",
    )
    parser.add_argument("drafts", type=Path, metavar="DRAFTS_DIR", help="folder of draft YAMLs named as the gold ones")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="folder of gold YAMLs (default: eval/corpus)")
    parser.add_argument(
        "--set",
        dest="which",
        choices=("all", "test", "dev"),
        default="all",
        help="which gold files: all, test (61-76, held out) or dev (01-60) (default: all)",
    )
    parser.add_argument(
        "--only-drafted", action="store_true", help="leave out the gold files that have no draft (default: all missed)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures (and errors) to FILE as JSON")
    parser.add_argument("--errors", action="store_true", help="list each missed gold and spurious draft record")
    args = parser.parse_args(argv)
    try:
        result = Scorer(args.gold).score_dir(args.drafts, args.which, args.only_drafted)
    except ScoreError as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"Scored {len(result.files)} file(s) of the {args.which} set against {args.gold}.\n")
    print(result.table())
    print()
    print(result.diagnostics_text())
    if args.errors:
        print("\n## Errors\n")
        print(result.errors_text())
    if args.json:
        try:
            args.json.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"score: cannot write {args.json}: {exc.strerror}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
