"""``kg view``: the graph as one self-contained, interactive HTML page that works offline.

:func:`view_html` turns the NetworkX projection (:func:`kg.network.to_networkx`) of a built graph into a page
with its data and its JavaScript (Cytoscape.js, shipped in ``kg/viz/static/`` with its licence) inlined: nothing
is loaded from the network. The page has a search box (labels, other names, aliases, handles), filters by kind,
stance, source (outlet) and date, and a side panel that shows, for a clicked node or edge, each statement's
quote highlighted in its sentence, with its source (outlet, date). Colours and shapes are those of the static
pictures (:mod:`kg.viz.style`); ``focus``/``hops`` and ``proposal`` select as ``kg plot`` does
(:func:`kg.viz.graph_select.select`). :func:`write_view` writes the page atomically.

Examples
--------
>>> import kg
>>> from kg.viz.view import view_data
>>> g = kg.KnowledgeGraph.from_dataset(kg.build(["seeds/000_331be8963d56cd33.yaml"]).dataset)
>>> data = view_data(g, focus="https://w3id.org/ceasefire-kg/id/actor/putin", hops=1)
>>> data["what"].startswith("Within 1 hop of “Vladimir Putin”")
True
>>> [n["label"] for n in data["nodes"] if n["id"].endswith("/actor/putin")]
['Vladimir Putin']
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.resources import output_file
from kg.viz.graph_select import select
from kg.viz.style import (
    EDGE_GREY,
    INK,
    KIND_STYLES,
    OTHER_KIND,
    POLARITY_COLOURS,
    POLARITY_ORDER,
)

if TYPE_CHECKING:
    import networkx as nx

    from kg.query.graph import KnowledgeGraph

CYTOSCAPE_VERSION = "3.35.0"

#: matplotlib marker (kg.viz.style) -> the closest Cytoscape.js node shape
MARKER_SHAPES = {
    "o": "ellipse",
    "s": "rectangle",
    "p": "pentagon",
    "h": "hexagon",
    "8": "octagon",
    "D": "diamond",
    "d": "diamond",
    "^": "triangle",
    "v": "vee",
}

#: every quote of the graph with its sentence, its article, and the article's title, outlet and date
EVIDENCE = """SELECT DISTINCT ?quote ?text ?source WHERE {
  ?evidence oa:hasSelector/oa:exact ?quote ; oa:hasSource ?source .
  OPTIONAL { ?evidence cfo:inSentence/schema:text ?text }
}"""

ARTICLES = """SELECT DISTINCT ?source ?title ?outlet ?published ?reference WHERE {
  ?source a schema:NewsArticle .
  OPTIONAL { ?source schema:headline ?title }
  OPTIONAL { ?source schema:publisher/rdfs:label ?outlet }
  OPTIONAL { ?source schema:datePublished ?published }
  OPTIONAL { ?source cfo:referenceDate/time:inXSDDate ?reference }
}"""


def _split(value: Any) -> list[str]:
    from kg.network.projection import SEP

    text = "" if value is None else str(value)
    return text.split(SEP) if text else []


def _articles(graph: KnowledgeGraph) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], str]]:
    """(article IRI -> title, outlet, date; (quote, article IRI) -> the sentence the quote is in)."""
    from kg.namespaces import with_prefixes

    articles: dict[str, dict[str, str]] = {}
    for source, title, outlet, published, reference in graph.select(with_prefixes(ARTICLES)).rows:
        date = str(published or reference or "")[:10]
        entry = articles.setdefault(str(source), {"title": "", "outlet": "", "date": ""})
        entry["title"] = entry["title"] or str(title or "")
        entry["outlet"] = entry["outlet"] or str(outlet or "")
        entry["date"] = entry["date"] or date
    sentences: dict[tuple[str, str], str] = {}
    for quote, text, source in graph.select(with_prefixes(EVIDENCE)).rows:
        if text is not None:
            sentences.setdefault((str(quote), str(source)), str(text))
    return articles, sentences


def _statements(
    attrs: dict[str, Any], articles: dict[str, dict[str, str]], sentences: dict[tuple[str, str], str]
) -> list[dict[str, str]]:
    """The statements of a node or an edge: its quotes (or, without quotes, its sources) with their sentence,
    article, outlet and date; the i-th quote goes with the i-th source (see :mod:`kg.network.projection`)."""
    quotes, sources, outlets = _split(attrs.get("quote")), _split(attrs.get("source")), _split(attrs.get("outlet"))
    out = []
    for i, source in enumerate(sources):
        quote = quotes[i] if i < len(quotes) else ""
        article = articles.get(source, {})
        out.append(
            {
                "quote": quote,
                "sentence": sentences.get((quote, source), "") if quote else "",
                "source": source,
                "title": article.get("title", ""),
                "outlet": (outlets[i] if i < len(outlets) else "") or article.get("outlet", ""),
                "date": article.get("date", ""),
            }
        )
    return out


def _names(attrs: dict[str, Any]) -> list[str]:
    """Every name a search may find a node by: label, other labels, aliases, handle."""
    names = [str(attrs.get("label", ""))]
    names += _split(attrs.get("other_labels"))
    for key in ("aliases", "handle"):
        names += [a.strip() for a in str(attrs.get(key) or "").replace(" | ", ";").split(";") if a.strip()]
    return list(dict.fromkeys(n for n in names if n))


def _keep_sources(attrs: dict[str, Any], keep: set[str]) -> dict[str, Any] | None:
    """``attrs`` with only the quotes/sources/outlets of the articles in ``keep`` (None when none is left)."""
    from kg.network.projection import SEP

    quotes, sources, outlets = _split(attrs.get("quote")), _split(attrs.get("source")), _split(attrs.get("outlet"))
    idx = [i for i, s in enumerate(sources) if s in keep]
    if not idx:
        return None
    out = dict(attrs)
    out["source"] = SEP.join(sources[i] for i in idx)
    if len(outlets) == len(sources):
        out["outlet"] = SEP.join(outlets[i] for i in idx)
    if len(quotes) == len(sources):
        out["quote"] = SEP.join(quotes[i] for i in idx)
    return out


def restrict(
    G: nx.MultiDiGraph[str],
    articles: dict[str, dict[str, str]],
    *,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> nx.MultiDiGraph[str]:
    """``G`` as the articles of ``source`` (an outlet, case-insensitive) published from ``since`` to ``until``
    (days, inclusive) state it: each node and edge keeps the quotes of those articles, and is left out without
    any. ValueError for an outlet no article has."""
    if source is None and since is None and until is None:
        return G
    outlets = sorted({a["outlet"] for a in articles.values() if a["outlet"]})
    if source is not None and source.casefold() not in {o.casefold() for o in outlets}:
        raise ValueError(f"no article of the graph is from the source '{source}'; the sources: {', '.join(outlets)}")
    keep = set()
    for iri, a in articles.items():
        if source is not None and a["outlet"].casefold() != source.casefold():
            continue
        day = dt.date.fromisoformat(a["date"]) if a["date"] else None
        if (since or until) and day is None:
            continue
        if day is not None and ((since and day < since) or (until and day > until)):
            continue
        keep.add(iri)
    H = G.__class__(**G.graph)
    for n, d in G.nodes(data=True):
        kept = _keep_sources(d, keep)
        if kept is not None:
            H.add_node(n, **kept)
    for u, v, k, d in G.edges(keys=True, data=True):
        kept = _keep_sources(d, keep)
        if kept is not None and u in H and v in H:
            H.add_edge(u, v, key=k, **kept)
    return H


def restrict_to(
    graph: KnowledgeGraph,
    G: nx.MultiDiGraph[str],
    *,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> nx.MultiDiGraph[str]:
    """:func:`restrict` with the articles of ``graph``: what ``kg plot``, ``kg path`` and ``kg view`` draw with
    ``--source``, ``--since`` and ``--until``."""
    if source is None and since is None and until is None:
        return G
    articles, _ = _articles(graph)
    return restrict(G, articles, source=source, since=since, until=until)


def style_data() -> dict[str, Any]:
    """The colours and shapes of :mod:`kg.viz.style`, as the page uses them."""

    def one(s: Any) -> dict[str, Any]:
        return {
            "colour": s.colour,
            "ink": s.ink,
            "shape": MARKER_SHAPES.get(s.marker, "ellipse"),
            "size": round(1.6 * math.sqrt(s.size), 1),
            "heading": s.heading,
        }

    return {
        "kinds": {k: one(s) for k, s in KIND_STYLES.items()},
        "other": one(OTHER_KIND),
        "polarities": {p: POLARITY_COLOURS[p] for p in POLARITY_ORDER},
        "edge": EDGE_GREY,
        "ink": INK,
    }


def view_data(
    graph: KnowledgeGraph,
    *,
    focus: str | None = None,
    hops: int = 1,
    proposal: str | None = None,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    G: nx.MultiDiGraph[str] | None = None,
) -> dict[str, Any]:
    """What the page shows, as JSON-ready data: ``nodes``, ``edges`` (each with its ``statements``), ``what``
    (a sentence saying what is shown), ``style``, and the ``kinds``, ``polarities``, ``outlets`` and ``dates``
    the filters offer. ``focus``/``proposal`` are IRIs of ``G`` (default: ``graph.to_networkx()``)."""
    articles, sentences = _articles(graph)
    G = restrict(graph.to_networkx() if G is None else G, articles, source=source, since=since, until=until)
    picture = select(G, focus=focus, hops=hops, proposal=proposal)
    highlight = set(picture.highlight)
    nodes: list[dict[str, Any]] = []
    for n in picture.nodes:
        d = G.nodes[n]
        nodes.append(
            {
                "id": n,
                "label": str(d.get("label", n)),
                "kind": str(d.get("kind", "")),
                "cls": str(d.get("cls", "")),
                "names": _names(d),
                "statements": _statements(d, articles, sentences),
                "highlight": n in highlight,
            }
        )
    edges: list[dict[str, Any]] = []
    for e in picture.edges:
        edges.append(
            {
                "id": e.gid,
                "source": e.u,
                "target": e.v,
                "label": str(e.data.get("stance") or e.data.get("label") or e.key),
                "relation": str(e.data.get("label") or e.key),
                "stance": str(e.data.get("stance") or ""),
                "polarity": e.polarity or "",
                "dashed": e.synthetic,
                "statements": _statements(e.data, articles, sentences),
            }
        )
    kinds = sorted(
        {n["kind"] for n in nodes}, key=lambda k: (list(KIND_STYLES).index(k) if k in KIND_STYLES else 99, k)
    )
    polarities = [p for p in POLARITY_ORDER if any(e["polarity"] == p for e in edges)]
    stated = [s for x in (*nodes, *edges) for s in x["statements"]]
    outlets = sorted({s["outlet"] for s in stated if s["outlet"]})
    dates = sorted({s["date"] for s in stated if s["date"]})
    return {
        "what": picture.what,
        "nodes": nodes,
        "edges": edges,
        "kinds": kinds,
        "polarities": polarities,
        "outlets": outlets,
        "dates": [dates[0], dates[-1]] if dates else [],
        "style": style_data(),
        "version": {"cytoscape": CYTOSCAPE_VERSION},
    }


def _static(name: str) -> str:
    return resources.files("kg.viz").joinpath("static", name).read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that may sit inside a <script> element: no ``</`` (which could close it) and no ``<!--``."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def view_html(graph: KnowledgeGraph, *, title: str | None = None, **options: Any) -> str:
    """The page of :func:`write_view`, as a string (options as :func:`view_data`)."""
    import html

    data = view_data(graph, **options)
    page = _static("view.html")
    library = _static("cytoscape.min.js")
    licence = _static("cytoscape.LICENSE")
    heading = title or data["what"]
    return (
        page.replace("{{TITLE}}", html.escape(heading))
        .replace("{{LICENCE}}", html.escape(licence).replace("--", "- -"))
        .replace("/*{{CYTOSCAPE}}*/", _script_safe(library))
        .replace("/*{{DATA}}*/null", _script_safe(json.dumps(data, ensure_ascii=False, sort_keys=True)))
    )


def write_view(graph: KnowledgeGraph, out: Path, *, title: str | None = None, **options: Any) -> Path:
    """Write the interactive page of ``graph`` to ``out`` (atomically; its folder made if missing) and return
    the path. Options as :func:`view_data` (``focus``/``hops``, ``proposal``, ``source``, ``since``, ``until``).

    Raises ValueError for a focus or proposal not in the graph, a proposal that is not one, or an unknown source.
    """
    import secrets

    out = output_file(Path(out), make_folder=True)
    text = view_html(graph, title=title, **options)
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


__all__ = ["MARKER_SHAPES", "restrict", "style_data", "view_data", "view_html", "write_view"]
