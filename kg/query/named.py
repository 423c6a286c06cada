"""The named competency questions of ``ontology/queries/NN-name.rq``, with their questions, columns and params.

Each file starts with a comment block::

    # Question: Who takes which position on which proposal ...?
    # Columns:
    #   holder    the actor who takes the position
    # Params:
    #   holder (iri)  only the positions of this actor

Examples
--------
>>> from kg.query.named import named_queries
>>> q = named_queries()["positions"]
>>> q.question
'Who takes which position on which proposal, term or event, and what is the evidence?'
>>> sorted(q.params)
['holder', 'target']
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError
from kg.resources import QUERIES_DIR, display, resource_files

PARAM_KINDS = ("iri", "date", "string", "integer")
_PARAM = re.compile(r"^(\w+)\s+\((\w+)\)\s*(.*)$")
_COLUMN = re.compile(r"^(\w+)\s+(.*)$")


@dataclass(frozen=True)
class Param:
    """A variable of a named query that callers may bind: its name, kind (iri, date, string, integer), meaning."""

    name: str
    kind: str
    help: str

    @property
    def required(self) -> bool:
        """Whether the query needs it (its help ends with '; required'): without it, it would answer nothing."""
        return self.help.rstrip(". ").endswith("required")


#: ``(GROUP_CONCAT(...; separator=" ") AS ?name)``: a list of values in one column
_SPACED = re.compile(r'GROUP_CONCAT\([^;()]*(?:\([^()]*\)[^;()]*)*;\s*separator\s*=\s*" "\s*\)\s+AS\s+\?(\w+)')


@dataclass(frozen=True)
class NamedQuery:
    """A competency question: its name, file, SPARQL text, question, column meanings and params."""

    name: str
    path: Path
    text: str
    question: str
    columns: dict[str, str] = field(default_factory=dict)
    params: dict[str, Param] = field(default_factory=dict)

    @property
    def lists(self) -> frozenset[str]:
        """The columns the query fills with ``GROUP_CONCAT(...; separator=" ")``: lists whose order SPARQL leaves
        to each store, given sorted (:meth:`~kg.query.graph.KnowledgeGraph.answer`) so that every store prints
        the same.

        >>> get_query("in-force").lists == {"acceptedBy", "rejectedBy", "notAcceptedBy", "proposedBy", "proposedTo", "extendedBy"}
        True
        """
        return frozenset(_SPACED.findall(self.text))


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comment."""
    text = Path(path).read_text(encoding="utf-8")
    name = re.sub(r"^\d+-", "", Path(path).stem)
    question, columns, params, section = "", {}, {}, None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("Question:"):
            question, section = body.removeprefix("Question:").strip(), None
        elif body in ("Columns:", "Params:"):
            section = body[:-1].lower()
        elif section == "columns" and (m := _COLUMN.match(body)):
            columns[m.group(1)] = m.group(2).strip()
        elif section == "params" and (m := _PARAM.match(body)):
            if m.group(2) not in PARAM_KINDS:
                raise InputError(
                    f"param '{m.group(1)}' has unknown kind '{m.group(2)}'",
                    file=display(path),
                    hint="kinds are: " + ", ".join(PARAM_KINDS),
                )
            params[m.group(1)] = Param(m.group(1), m.group(2), m.group(3).strip())
    return NamedQuery(name, Path(path), text, question, columns, params)


@lru_cache(maxsize=4)
def _load(directory: str) -> dict[str, NamedQuery]:
    return {q.name: q for q in map(parse_query_file, resource_files(Path(directory), "*.rq"))}


def named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """All named queries, by name (the file name without its number), in file order."""
    return _load(str(Path(directory).resolve()))


def get_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """The named query ``name`` (its file name, with or without number and ``.rq``)."""
    queries = named_queries(directory)
    key = re.sub(r"^\d+-", "", name.removesuffix(".rq"))
    if key in queries:
        return queries[key]
    close = difflib.get_close_matches(key, list(queries), n=3, cutoff=0.5)
    hint = (f"did you mean {' or '.join(close)}? " if close else "") + "known queries: " + ", ".join(queries)
    raise InputError(f"no named query '{name}'", hint=hint + " (`kg queries` lists them with their questions)")
