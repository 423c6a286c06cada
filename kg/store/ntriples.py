"""N-Triples and N-Quads text of rdflib terms, written directly (and cached): the fast path from the
builder's triples to Oxigraph, which parses text far faster than Python can hand it terms one by one; and
N-Quads files cut into pieces that load side by side.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import XSD
>>> nt_term(Literal('say "hi"\\n', lang="en")), nt_term(Literal(3, datatype=XSD.positiveInteger))
('"say \\\\"hi\\\\"\\\\n"@en', '"3"^^<http://www.w3.org/2001/XMLSchema#positiveInteger>')
>>> spo_texts([(URIRef("urn:s"), URIRef("urn:p"), Literal("o"))])
['<urn:s> <urn:p> "o"']
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_cache: dict[Node, str] = {}


def nt_term(term: Node) -> str:
    """The N-Triples form of an IRI, blank node or literal."""
    found = _cache.get(term) if not isinstance(term, Literal) else None
    if found is not None:
        return found
    if isinstance(term, URIRef):
        text = f"<{term}>"
    elif isinstance(term, BNode):
        text = f"_:{term}"
    elif isinstance(term, Literal):
        body = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^<{term.datatype}>"
        return body
    else:
        raise TypeError(f"not an RDF term: {term!r}")
    if len(_cache) < 2_000_000:
        _cache[term] = text
    return text


def spo_texts(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Subject, predicate and object of each triple as N-Triples text, without the final ' .'."""
    return [f"{nt_term(s)} {nt_term(p)} {nt_term(o)}" for s, p, o in triples]


class QuadText:
    """A dataset as N-Quads text: graphs in order, each with its triples' N-Triples text, in build order."""

    def __init__(self) -> None:
        self.graphs: list[tuple[str, list[str]]] = []

    def add(self, graph: Node, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.graphs.append((nt_term(graph), spo_texts(triples)))

    def extend(self, other: QuadText) -> None:
        self.graphs += other.graphs

    def __len__(self) -> int:
        return sum(len(spo) for _, spo in self.graphs)

    def nquads(self) -> bytes:
        return "".join(f"{spo} {g} .\n" for g, spos in self.graphs for spo in spos).encode()

    def ntriples(self) -> bytes:
        """All graphs merged: each triple once, where it first occurs."""
        return "".join(f"{spo} .\n" for spo in dict.fromkeys(s for _, spos in self.graphs for s in spos)).encode()


def split_lines(path: Path, parts: int, directory: Path, block: int = 16 * 2**20) -> list[Path]:
    """Cut the N-Quads file ``path`` into at most ``parts`` files in ``directory``, at line ends.

    Each file is a separate parse, and a parser names blank nodes afresh: every line that holds a blank node
    (any ``_:``, to be safe) goes to the first file, so that each blank node stays one node. The other lines
    are spread in order, about ``size / parts`` bytes to a file.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> lines = [f"<urn:s{i}> <urn:p> <urn:o> .\\n" for i in range(9)] + ["_:b <urn:p> <urn:o> .\\n"]
    >>> _ = (d / "x.nq").write_text("".join(lines))
    >>> pieces = split_lines(d / "x.nq", 3, d, block=40)
    >>> len(pieces)
    3
    >>> pieces[0].read_text().splitlines()[-1]
    '_:b <urn:p> <urn:o> .'
    >>> sorted("".join(p.read_text() for p in pieces).splitlines()) == sorted((d / "x.nq").read_text().splitlines())
    True
    """
    size = path.stat().st_size
    share = max(size // max(parts, 1), 1)
    pieces = [directory / f"{path.stem}.part{i}{path.suffix}" for i in range(max(parts, 1))]
    written = [0] * len(pieces)
    current = 0
    with ExitStack() as files:  # every piece is closed, even when one cannot be opened
        outs = [files.enter_context(open(p, "wb")) for p in pieces]
        f = files.enter_context(open(path, "rb"))
        while True:
            chunk = f.read(block)
            if not chunk:
                break
            if not chunk.endswith(b"\n"):
                chunk += f.readline()  # whole lines only
            if b"_:" in chunk:
                kept: list[bytes] = []
                blank: list[bytes] = []
                for line in chunk.splitlines(keepends=True):
                    (blank if b"_:" in line else kept).append(line)
                outs[0].write(b"".join(blank))
                chunk = b"".join(kept)
            while written[current] >= share and current < len(outs) - 1:
                current += 1
            outs[current].write(chunk)
            written[current] += len(chunk)
    return [p for p in pieces if p.stat().st_size > 0]
