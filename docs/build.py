"""Generate the HTML reference of the ontology into docs/ontology/ (``make docs``).

Two pages, linked to each other:

* ``index.html`` — the OWL ontology (``ontology/ceasefire.ttl``) rendered by pyLODE: every class and property
  with its label, definition, domain and range, super- and subclasses;
* ``concepts.html`` — what pyLODE leaves out, rendered here with rdflib and string templates: every SKOS
  concept of the project's schemes (the values annotation files write: stances, term categories, extent...)
  with its notation, labels, definition, broader concept and its PLOVER / CAMEO / PA-X mappings; the external
  codes they map to; and every cfo: class and property with its annotation-file key, the scheme its values
  come from, domain, range, superclasses and mappings.

Usage: ``python docs/build.py [--out DIR]`` (default ``docs/ontology`` beside this script).
"""

from __future__ import annotations

import argparse
import html
import logging
import re
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import CFO, ONTOLOGY_IRI, bind_prefixes
from kg.resources import ONTOLOGY_DIR
from kg.vocab import Vocabulary, load_vocabulary

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "ontology"
BASE = "https://w3id.org/ceasefire-kg/"
EXTERNAL = BASE + "ext/"  # the code lists our concepts map to (PLOVER, CAMEO, PA-X)
MATCHES = [
    (SKOS.exactMatch, "exact"),
    (SKOS.closeMatch, "close"),
    (SKOS.broadMatch, "broad"),
    (SKOS.narrowMatch, "narrow"),
    (SKOS.relatedMatch, "related"),
    (OWL.equivalentClass, "equivalent"),
    (OWL.equivalentProperty, "equivalent"),
]
KINDS = [
    (OWL.Class, "class"),
    (OWL.ObjectProperty, "object property"),
    (OWL.DatatypeProperty, "datatype property"),
    (OWL.AnnotationProperty, "annotation property"),
]

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 75em; padding: 0 1em; color: #222; }
h1 { font-size: 1.7em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f6f9; } tr:target { background: #fff7d6; }
code { background: #f4f4f4; padding: 0 0.2em; } .iri { color: #555; font-size: 0.85em; word-break: break-all; }
nav { background: #f3f6f9; border: 1px solid #ccd; padding: 0.5em 1em; margin-bottom: 1.5em; }
"""
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<nav><a href="index.html">Classes and properties (pyLODE)</a> · <a href="concepts.html">Concept schemes, annotation keys and mappings</a></nav>
<h1>{title}</h1>
{body}
</body>
</html>
"""
# inserted at the top of pyLODE's page, so that its readers find the concept schemes
PYLODE_NAV = (
    '<div id="kg-nav" style="background:#f3f6f9;border:1px solid #ccd;padding:0.5em 1em;'
    'margin-bottom:1em">This page: the classes and properties (pyLODE). The SKOS concept schemes '
    "(stances, term categories, extent, ...), the annotation-file keys and the PLOVER, CAMEO and PA-X "
    'mappings: <a href="concepts.html">concepts.html</a>.</div>'
)


def esc(value) -> str:
    return html.escape(str(value), quote=True)


class Renderer:
    """Turns nodes of the merged ontology graph into HTML fragments."""

    def __init__(self, vocab: Vocabulary, anchors: dict[str, str] | None = None) -> None:
        self.vocab = vocab
        self.anchors = anchors or {}  # IRI -> its id on pyLODE's page
        self.g = vocab.graph
        self.keys = {f.iri: key for key, f in vocab.fields.items()}  # property -> its annotation field

    def annotation_key(self, node) -> str:
        """How annotation files name a term: a property's field, a section class's section, or the
        ``type:`` value of a class below a section class."""
        if node in self.keys:
            return f"<code>{esc(self.keys[node])}:</code>"
        section = self.g.value(node, CFO.annotationSection)
        if section is not None:
            return f"section <code>{esc(section)}:</code>"
        for name, base in sorted(self.vocab.sections.items()):
            if node != base and self.vocab.is_subclass(node, base):
                return f"<code>type: {esc(self.vocab.local(node))}</code> in <code>{esc(name)}:</code>"
        return ""

    def text(self, node, prop) -> str:
        """The English (or untagged) value of ``prop`` on ``node``, or ''."""
        values = [v for v in self.g.objects(node, prop) if isinstance(v, Literal)]
        values.sort(key=lambda v: (v.language not in (None, "en"), str(v)))
        return str(values[0]) if values else ""

    def label(self, node) -> str:
        return self.text(node, SKOS.prefLabel) or self.text(node, RDFS.label) or self.short(node)

    def short(self, node) -> str:
        if not isinstance(node, URIRef):
            return str(node)
        try:
            name = self.g.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
        return str(node) if name.startswith("<") else name

    def anchor(self, node) -> str:
        """The id of a node's row on concepts.html."""
        return "c-" + str(node).removeprefix(BASE).replace("/", "-").replace("#", "-")

    def link(self, node) -> str:
        """A link to where a node is described: pyLODE's page for cfo: terms, a row of concepts.html for
        concepts, else the IRI itself."""
        if isinstance(node, BNode):
            members = self.g.value(node, OWL.unionOf)
            if members is not None:
                return " or ".join(self.link(m) for m in Collection(self.g, members))
            return "(blank node)"
        if isinstance(node, Literal):
            return esc(node)
        iri = str(node)
        if iri.startswith(str(CFO)):
            fragment = f"#{esc(self.anchors[iri])}" if iri in self.anchors else ""
            return f'<a href="index.html{fragment}">{esc(self.short(node))}</a>'
        if (node, RDF.type, SKOS.Concept) in self.g or (node, RDF.type, SKOS.ConceptScheme) in self.g:
            return f'<a href="#{self.anchor(node)}" title="{esc(iri)}">{esc(self.label(node))}</a>'
        return f'<a href="{esc(iri)}">{esc(self.short(node))}</a>'

    def links(self, nodes) -> str:
        return ", ".join(self.link(n) for n in sorted(nodes, key=str))

    def mappings(self, node) -> str:
        parts = []
        for prop, name in MATCHES:
            for target in sorted(self.g.objects(node, prop), key=str):
                scheme = self.g.value(target, SKOS.inScheme)
                where = f" ({esc(self.label(scheme))})" if scheme is not None else ""
                parts.append(f"{name}: {self.link(target)}{where}")
        return "<br>".join(parts)


def concepts_in(g: Graph, scheme) -> list:
    """The concepts of a scheme, each top concept followed by its narrower ones (depth first)."""
    members = set(g.subjects(SKOS.inScheme, scheme))
    notation = lambda c: str(g.value(c, SKOS.notation) or c)  # noqa: E731
    children: dict = {}
    roots = []
    for c in members:
        parents = [p for p in g.objects(c, SKOS.broader) if p in members]
        if parents:
            for p in parents:
                children.setdefault(p, []).append(c)
        else:
            roots.append(c)
    ordered, seen = [], set()

    def visit(c, depth):
        if c in seen:
            return
        seen.add(c)
        ordered.append((c, depth))
        for child in sorted(children.get(c, []), key=notation):
            visit(child, depth + 1)

    for r in sorted(roots, key=notation):
        visit(r, 0)
    return ordered


def scheme_section(r: Renderer, scheme, used_by: list) -> str:
    g = r.g
    head = [f'<h3 id="{r.anchor(scheme)}">{esc(r.label(scheme))}</h3>', f'<p class="iri">{esc(scheme)}</p>']
    if r.text(scheme, SKOS.definition):
        head.append(f"<p>{esc(r.text(scheme, SKOS.definition))}</p>")
    sources = sorted(g.objects(scheme, DCTERMS.source), key=str)
    if sources:
        head.append("<p>Source: " + r.links(sources) + "</p>")
    if used_by:
        head.append(
            "<p>Values of: "
            + ", ".join(f"{r.link(p)} (annotation key {r.annotation_key(p)})" for p in used_by)
            + "</p>"
        )
    rows = ["<tr><th>notation</th><th>label</th><th>definition</th><th>broader</th><th>mappings</th></tr>"]
    for c, depth in concepts_in(g, scheme):
        alt = sorted(str(a) for a in g.objects(c, SKOS.altLabel))
        label = esc(r.label(c)) + (f"<br><small>also: {esc(', '.join(alt))}</small>" if alt else "")
        rows.append(
            f'<tr id="{r.anchor(c)}"><td style="padding-left:{0.5 + 1.2 * depth:.1f}em">'
            f"<code>{esc(g.value(c, SKOS.notation) or '')}</code></td>"
            f'<td>{label}<br><span class="iri">{esc(c)}</span></td>'
            f"<td>{esc(r.text(c, SKOS.definition))}</td>"
            f"<td>{r.links(g.objects(c, SKOS.broader))}</td>"
            f"<td>{r.mappings(c)}</td></tr>"
        )
    return "\n".join(head) + "\n<table>\n" + "\n".join(rows) + "\n</table>"


def external_section(r: Renderer, scheme) -> str:
    g = r.g
    mapped_from: dict = {}
    for prop, name in MATCHES:
        for s, o in g.subject_objects(prop):
            mapped_from.setdefault(o, []).append(f"{name} from {r.link(s)}")
    rows = ["<tr><th>code</th><th>label</th><th>definition</th><th>mapped from</th></tr>"]
    for c, _ in concepts_in(g, scheme):
        rows.append(
            f'<tr id="{r.anchor(c)}"><td><code>{esc(g.value(c, SKOS.notation) or "")}</code></td>'
            f'<td>{esc(r.label(c))}<br><span class="iri">{esc(c)}</span></td>'
            f"<td>{esc(r.text(c, SKOS.definition))}</td>"
            f"<td>{'<br>'.join(sorted(mapped_from.get(c, [])))}</td></tr>"
        )
    src = r.links(g.objects(scheme, DCTERMS.source))
    return (
        f'<h3 id="{r.anchor(scheme)}">{esc(r.label(scheme))}</h3>\n<p class="iri">{esc(scheme)}</p>\n'
        f"<p>{esc(r.text(scheme, SKOS.definition))} Source: {src}</p>\n<table>\n" + "\n".join(rows) + "\n</table>"
    )


def terms_section(r: Renderer) -> str:
    g = r.g
    rows = [
        "<tr><th>term</th><th>kind</th><th>annotation key</th><th>definition</th>"
        "<th>domain → range</th><th>super</th><th>values from</th><th>mappings</th></tr>"
    ]
    for cls, kind in KINDS:
        for t in sorted((s for s in g.subjects(RDF.type, cls) if str(s).startswith(str(CFO))), key=str):
            dom = r.links(g.objects(t, RDFS.domain))
            rng = r.links(g.objects(t, RDFS.range))
            supers = r.links(list(g.objects(t, RDFS.subClassOf)) + list(g.objects(t, RDFS.subPropertyOf)))
            inverse = r.links(g.objects(t, OWL.inverseOf))
            values = r.links(g.objects(t, CFO.valuesFrom))
            rows.append(
                f'<tr id="{r.anchor(t)}"><td>{r.link(t)}<br>{esc(r.label(t))}'
                f'<br><span class="iri">{esc(t)}</span></td><td>{kind}</td>'
                f"<td>{r.annotation_key(t)}</td>"
                f"<td>{esc(r.text(t, SKOS.definition) or r.text(t, RDFS.comment))}</td>"
                f"<td>{dom}{' → ' if dom or rng else ''}{rng}</td>"
                f"<td>{supers}{('<br>inverse of ' + inverse) if inverse else ''}</td>"
                f"<td>{values}</td><td>{r.mappings(t)}</td></tr>"
            )
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def concepts_page(vocab: Vocabulary, anchors: dict[str, str] | None = None) -> str:
    r = Renderer(vocab, anchors)
    g = r.g
    schemes = sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=lambda s: r.label(s).casefold())
    ours = [s for s in schemes if str(s).startswith(BASE) and not str(s).startswith(EXTERNAL)]
    external = [s for s in schemes if s not in ours]
    used_by: dict = {}
    for p, s in g.subject_objects(CFO.valuesFrom):
        used_by.setdefault(s, []).append(p)
    body = [
        "<p>The SKOS concept schemes of the ceasefire-kg ontology: the values that annotation files write "
        "(<code>stance: rejects</code>, <code>category: prisoner-exchange</code>, <code>extent: partial</code>) "
        "are the concepts' notations. Then the external codes the concepts map to, and every class and property "
        "of <code>cfo:</code> with the key annotation files use for it. The classes and properties themselves "
        'are described on <a href="index.html">index.html</a>.</p>',
        "<h2>Contents</h2><ul>",
        *[f'<li><a href="#{r.anchor(s)}">{esc(r.label(s))}</a></li>' for s in ours],
        '<li><a href="#external">External codes: PLOVER, CAMEO, PA-X</a></li>',
        '<li><a href="#terms">Classes and properties: annotation keys, values and mappings</a></li></ul>',
        "<h2>Concept schemes</h2>",
        *[scheme_section(r, s, sorted(used_by.get(s, []), key=str)) for s in ours],
        '<h2 id="external">External codes</h2>',
        "<p>PLOVER, CAMEO and PA-X publish no IRIs for their codes; each code gets one under "
        f"<code>{esc(EXTERNAL)}</code>, with its code as notation and its codebook as source.</p>",
        *[external_section(r, s) for s in external],
        '<h2 id="terms">Classes and properties</h2>',
        "<p>Every class and property of <code>cfo:</code>. <em>Annotation key</em> is the field (for a property) "
        "or the section (for a class) of the annotation files; <em>values from</em> is the concept scheme whose "
        "notations are its allowed values.</p>",
        terms_section(r),
    ]
    return PAGE.format(
        title="ceasefire-kg: concept schemes, annotation keys and mappings", css=CSS, body="\n".join(body)
    )


def pylode_page(path: Path) -> str:
    """pyLODE's page of the OWL ontology, with a link to concepts.html at the top."""
    from pylode import OntPub

    logging.getLogger().setLevel(logging.WARNING)  # importing pyLODE turns the root logger to DEBUG

    g = Graph()
    g.parse(path, format="turtle")
    bind_prefixes(g)
    # pyLODE shows both dcterms:title and rdfs:label as the title: keep the title
    g.remove((URIRef(ONTOLOGY_IRI), RDFS.label, None))
    page = OntPub(ontology=g).make_html()
    marker = '<div class="section" id="metadata">'
    if marker in page:
        page = page.replace(marker, marker + "\n" + PYLODE_NAV, 1)
    else:  # a pyLODE whose page is laid out otherwise: put the link first in the body
        page = page.replace("<body>", "<body>\n" + PYLODE_NAV, 1)
    return page


def pylode_anchors(page: str) -> dict[str, str]:
    """IRI -> the id pyLODE gave the term's section (its local name, or a slug of its label when two terms
    would clash), read from the page: each term is a ``div.entity`` whose first ``<code>`` is its IRI."""
    found = re.findall(r'<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">.*?<code>([^<]+)</code>', page, re.S)
    return {html.unescape(iri): html.unescape(anchor) for anchor, iri in found}


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write index.html and concepts.html into ``out``; return the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    index = pylode_page(ONTOLOGY_DIR / "ceasefire.ttl")
    files = {"index.html": index, "concepts.html": concepts_page(load_vocabulary(), pylode_anchors(index))}
    written = []
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the folder to write (default: %(default)s)")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
