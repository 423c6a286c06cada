"""Write ontology/derivations/disagreements.rq, the query by which the build finds where the sources disagree.

SPARQL cannot name a sub-query and use it twice, and the query needs the same blocks (the graphs of the
articles, a source's day, the sources of a value) in several of its kinds: this script writes them out. Edit the
script, not the .rq, then write the query again and check it::

    python tools/disagreements_query.py > ontology/derivations/disagreements.rq
    python -m pytest tests/test_disagreements.py

(tests/test_disagreements.py checks that the .rq is what this script writes.) The build writes what it finds
into a graph of its own, which the named query ``disagreements`` reads. ``ONLY=0,3`` keeps only those
kinds' blocks (0: the values a source gives one of, 1: terms, 2: missing terms, 3: stances, 4 to 6: proposed-by,
proposed-at, condition): a way to time or debug one kind.
"""

import os
import sys

HEADER = """\
# Where the sources disagree: the build runs this query once, on the whole corpus (the articles' graphs, the
# default graph their merged triples), and writes what it finds into the graph cfid:graph/disagreements
# (kg/builder/disagreements.py: cfo:Disagreement, cfo:SourceValue, cfo:ValuePair, derived by
# cfo:SourceComparison). The named query `disagreements` (ontology/queries/15-disagreements.rq) reads that graph.
# Written by tools/disagreements_query.py: edit the script, not this file.
# Columns (one row a value, a source and one of its quotes; a row without a source is a pair of values):
#   k            the kind of disagreement, a concept of the scheme in ontology/disagreements.ttl
#   about        what the sources disagree about: a record (label), an event (time), a proposal (its dates,
#                terms, proposers) or the target of a position (stance, condition)
#   actor        for a stance or a condition: the actor whose position it is
#   value        a value one source gives (a label, a day or days, '(computed)' for an end computed from a
#                duration, a duration, 'N. term', an actor, an event, a stance, a condition); unbound on a row
#                of a source that names others but not the value in `other`
#   other        on a pair: the value that `value` disagrees with; on a source's row without a value: the value
#                the source does not name
#   said_change  on a pair of stances: 'change' (an earlier and a later stance) or 'contradiction'
#   ev           the evidence (cfo:Evidence) of the source's statement of the value
#   q            the words of the evidence (its oa:exact)
#   art          the source, an article; unbound on a pair
"""

PREFIXES = """\
PREFIX cfo: <https://w3id.org/ceasefire-kg/ontology#>
PREFIX dk: <https://w3id.org/ceasefire-kg/disagreement/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
"""


def graphs(g: str = "?g", art: str = "?art", ga: str | None = None) -> str:
    """The graphs of the articles, as a table joined once: ``g`` an article's own graph (``ga`` given: or its
    derived graph, ``ga`` then its own), ``art`` the article."""
    if ga is None:
        return f"{{ SELECT {g} {art} WHERE {{ {g} a prov:Bundle ; prov:wasDerivedFrom {art} . {art} a schema:NewsArticle }} }}"
    return (
        f"{{ SELECT {g} {ga} {art} WHERE {{ {{ {g} a prov:Bundle ; prov:wasDerivedFrom {art} . {art} a schema:NewsArticle "
        f"BIND({g} AS {ga}) }}\n"
        f"  UNION {{ {g} a prov:Bundle ; prov:wasDerivedFrom {ga} . {ga} prov:wasDerivedFrom {art} . "
        f"{art} a schema:NewsArticle }} }} }}"
    )


def dated(art: str, when: str) -> str:
    """``when``: the article's day and IRI (which source of a value is the first)."""
    return f"""\
{{ SELECT {art} ({when[:-1]}0 AS {when}) WHERE {{
  {{ SELECT {art} (MIN(?d0) AS ?d1) WHERE {{ {art} a schema:NewsArticle
    OPTIONAL {{ {art} schema:datePublished ?dp0 }} OPTIONAL {{ {art} cfo:referenceDate/time:inXSDDate ?dr0 }}
    BIND(SUBSTR(COALESCE(STR(?dp0), STR(?dr0), "9999"), 1, 10) AS ?d0) }} GROUP BY {art} }}
  BIND(CONCAT(?d1, " ", STR({art})) AS {when[:-1]}0)
}} }}"""


# one value a source gives for a thing of which each source gives one: ?k ?about ?g ?x (the node whose quote is
# its evidence) ?v (the value), and ?key (two values agree when their keys are equal) or ?e ?l (days: two
# values agree when their days overlap). First the things with two values in the merged graph, then each
# source's value, in its own graph
SINGLE = """\
{
  # a record labelled differently (labels the articles wrote, not those the builder made)
  BIND(dk:label AS ?k)
  { SELECT ?about WHERE {
    { SELECT ?about WHERE { ?about rdfs:label ?l1 } GROUP BY ?about HAVING(COUNT(DISTINCT STR(?l1)) > 1) }
    MINUS { VALUES ?timeClass { time:Instant time:Duration schema:NewsArticle } ?about a ?timeClass }
  } }
  GRAPH ?g { ?about rdfs:label ?lab }
  { SELECT ?g WHERE { ?g a prov:Bundle ; prov:wasDerivedFrom ?la . ?la a schema:NewsArticle } }
  BIND(STR(?lab) AS ?v) BIND(?about AS ?x)
} UNION {
  # the time of an event, of a proposal's declaration, beginning or end (stated, or derived from its
  # duration: in the derived graph); each source's own node, read in its own graph. A time disagrees when
  # one source's earliest day comes after another's latest
  {
    SELECT ?k ?about WHERE {
      { BIND(dk:time AS ?k) ?about a cfo:Event ; time:hasTime ?y }
      UNION { BIND(dk:declared AS ?k) ?about cfo:declared ?y }
      UNION { BIND(dk:begins AS ?k) ?about cfo:inEffect/time:hasBeginning ?y }
      UNION { BIND(dk:ends AS ?k) ?about cfo:inEffect/time:hasEnd ?y }
      ?y cfo:earliest ?ye OPTIONAL { ?y cfo:latest ?yl }
    } GROUP BY ?k ?about HAVING(MAX(STR(?ye)) > MIN(COALESCE(STR(?yl), "9999-12-31")))
  }
  { BIND(dk:time AS ?k) GRAPH ?g { ?about time:hasTime ?x } }
  UNION { BIND(dk:declared AS ?k) GRAPH ?g { ?about cfo:declared ?x } }
  UNION { BIND(dk:begins AS ?k) GRAPH ?g { ?about cfo:inEffect ?i . ?i time:hasBeginning ?x } }
  UNION { BIND(dk:ends AS ?k) GRAPH ?g { ?i time:hasEnd ?x } ?about cfo:inEffect ?i }
  GRAPH ?g { ?x cfo:earliest ?e0 OPTIONAL { ?x cfo:latest ?l0 } OPTIONAL { ?x cfo:derivedBy ?rule } }
  # (an end computed from the beginning and the duration says so: it has no quote of its own)
  BIND(CONCAT(STR(?e0), COALESCE(IF(STR(?l0) != STR(?e0), CONCAT("..", STR(?l0)), ""), ""),
              IF(BOUND(?rule), " (computed)", "")) AS ?v)
} UNION {
  # when a proposal was put forward (the time of a position that proposes it)
  BIND(dk:proposed-when AS ?k)
  {
    SELECT ?about WHERE {
      ?yp cfo:target ?about ; cfo:stance ?ys ; time:hasTime ?y . ?y cfo:earliest ?ye OPTIONAL { ?y cfo:latest ?yl }
      FILTER EXISTS { ?ys skos:broader* <https://w3id.org/ceasefire-kg/stance/proposes> }
    } GROUP BY ?about HAVING(MAX(STR(?ye)) > MIN(COALESCE(STR(?yl), "9999-12-31")))
  }
  GRAPH ?g { ?p cfo:target ?about ; cfo:stance ?ps ; time:hasTime ?x . ?x cfo:earliest ?e0 OPTIONAL { ?x cfo:latest ?l0 } }
  FILTER EXISTS { ?ps skos:broader* <https://w3id.org/ceasefire-kg/stance/proposes> }
  BIND(CONCAT(STR(?e0), COALESCE(IF(STR(?l0) != STR(?e0), CONCAT("..", STR(?l0)), ""), "")) AS ?v)
} UNION {
  # the duration of a proposal
  BIND(dk:duration AS ?k)
  { SELECT ?about WHERE { ?about cfo:inEffect/time:hasDuration/time:hasXSDDuration ?u1 }
    GROUP BY ?about HAVING(COUNT(DISTINCT STR(?u1)) > 1) }
  GRAPH ?g { ?about cfo:inEffect ?i . ?i time:hasDuration ?x . ?x time:hasXSDDuration ?u }
  BIND(STR(?u) AS ?v)
}"""

# a term of a proposal as one source lists it (its own graph)
TERM = """GRAPH ?g { ?x cfo:termOf ?about ; rdfs:label ?n OPTIONAL { ?x cfo:ordinal ?ord } }"""

# the polarities (top concepts of ontology/stances.ttl) of the stances each source gives an actor on a target
POLARITIES = """\
{ SELECT DISTINCT ?g ?actor ?about ?pol WHERE {
  GRAPH ?g { [] cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?s0 }
  { SELECT ?s0 ?pol WHERE { ?pol skos:topConceptOf <https://w3id.org/ceasefire-kg/stance> . ?s0 skos:broader* ?pol } }
} }"""


def indent(text: str, n: int) -> str:
    return "\n".join((" " * n + line) if line else line for line in text.splitlines())


def single_block() -> str:
    return f"""\
{{
  # -- one value a source: a label, the times, a duration. Every value of such a thing, each with its sources --
{indent(SINGLE, 2)}
  BIND(?v AS ?value)
  {graphs("?g", "?art", "?ga")}
}}"""


def term_values(suffix: str) -> str:
    return f"""\
{{ SELECT ?about (?x AS ?x{suffix}) (LCASE(STR(?n)) AS ?w{suffix}) (?c AS ?c{suffix}) (STR(?n) AS ?n{suffix})
         (?ord AS ?o{suffix}) (MIN(STR(?g)) AS ?gmin{suffix}) (MAX(STR(?g)) AS ?gmax{suffix}) WHERE {{
  {TERM} {graphs()}
  OPTIONAL {{ GRAPH ?g {{ ?x cfo:category ?c }} }}
}} GROUP BY ?about ?x ?n ?ord ?c }}"""


def with_values(pairs: str, statements: str) -> str:
    """A row for each pair of values (no source), and a row for each source of each value of a pair: the
    pairs of ``pairs`` (?value_a ?value_b, maybe ?change) joined once, the sources (``statements``, which bind
    ?v) on ?v; cfo:nothing stands for the row of the pair itself."""
    return f"""\
{pairs}
VALUES ?row {{ "pair" "a" "b" }}
BIND(IF(?row = "a", ?value_a, IF(?row = "b", ?value_b, cfo:nothing)) AS ?v)
FILTER(BOUND(?v))
{{ BIND(cfo:nothing AS ?v) }}
UNION {{
{indent(statements, 2)}
}}
BIND(IF(?row = "pair", ?value_a, ?v) AS ?value) BIND(IF(?row = "pair", ?value_b, ?none) AS ?other)
BIND(IF(?row = "pair", ?change, ?none) AS ?said_change)"""


def term_block() -> str:
    pairs = f"""\
{{ SELECT ?k ?about ?value_a ?value_b WHERE {{
{indent(term_values("1"), 2)}
{indent(term_values("2"), 2)}
  FILTER(?x1 = ?x2 || ?w1 = ?w2 || (BOUND(?c1) && ?c1 = ?c2))
  FILTER(?gmin1 != ?gmax1 || ?gmin2 != ?gmax2 || ?gmin1 != ?gmin2)  # in two sources
  VALUES ?k {{ dk:term-ordinal dk:term-wording }}
  FILTER(IF(?k = dk:term-ordinal, BOUND(?o1) && BOUND(?o2) && ?o1 != ?o2, ?x1 != ?x2 && ?w1 != ?w2))
  BIND(IF(?k = dk:term-ordinal, CONCAT(STR(?o1), ". ", ?n1), ?n1) AS ?value_a)
  BIND(IF(?k = dk:term-ordinal, CONCAT(STR(?o2), ". ", ?n2), ?n2) AS ?value_b)
  FILTER(?value_a < ?value_b)
}} GROUP BY ?k ?about ?value_a ?value_b }}"""
    statements = f"""\
{TERM} {graphs()} BIND(?g AS ?ga)
VALUES ?sk {{ dk:term-ordinal dk:term-wording }}
BIND(IF(?sk = dk:term-ordinal, IF(BOUND(?ord), CONCAT(STR(?ord), ". ", STR(?n)), ?none), STR(?n)) AS ?v)"""
    return f"""\
{{
  # -- the same term (the same record, wording or category) in two sources, numbered or worded differently ----
{indent(with_values(pairs, statements), 2)}
  FILTER(?row = "pair" || ?sk = ?k)
}}"""


# the terms (?x1) of a proposal that a source of its terms (?g2) lacks: none of its terms is the same record,
# has the same wording or a category of it
MISSING = f"""\
{{ SELECT ?about ?x1 ?g2 WHERE {{
  # the terms some source of the proposal's terms does not list as such, and the sources of its terms
  {{ SELECT ?about ?x1 WHERE {{
    {{ SELECT ?about (COUNT(DISTINCT ?gt) AS ?total) WHERE {{ GRAPH ?gt {{ [] cfo:termOf ?about }} {graphs("?gt", "?at")} }} GROUP BY ?about }}
    {{ SELECT ?about ?x1 (COUNT(DISTINCT ?gx) AS ?listing) WHERE {{ GRAPH ?gx {{ ?x1 cfo:termOf ?about }} {graphs("?gx", "?ax")} }}
      GROUP BY ?about ?x1 }}
    FILTER(?listing < ?total)
  }} }}
  {{ SELECT DISTINCT ?about ?g2 WHERE {{ GRAPH ?g2 {{ [] cfo:termOf ?about }} {graphs("?g2", "?a2")} }} }}
  MINUS {{ GRAPH ?g2 {{ ?x1 cfo:termOf ?about }} }}
  # nor a term with the same wording or a category of it
  FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?t2 cfo:termOf ?about ; rdfs:label ?m2 }} ?x1 rdfs:label ?m1
    FILTER(LCASE(STR(?m2)) = LCASE(STR(?m1))) }}
  FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?t3 cfo:termOf ?about ; cfo:category ?c }} ?x1 cfo:category ?c }}
}} }}"""


def missing_block() -> str:
    return f"""\
{{
  # -- a term that one source lists and another, which lists terms of the proposal, does not ---------------
  BIND(dk:term-missing AS ?k)
  {{ SELECT DISTINCT ?about ?x1 ?value_a WHERE {{
    {{ SELECT DISTINCT ?about ?x1 WHERE {{
{indent(MISSING, 6)}
    }} }}
    GRAPH ?g1 {{ ?x1 cfo:termOf ?about ; rdfs:label ?n1 OPTIONAL {{ ?x1 cfo:ordinal ?o1 }} }}
    FILTER EXISTS {{ ?g1 prov:wasDerivedFrom ?a1 . ?a1 a schema:NewsArticle }}
    BIND(CONCAT(COALESCE(CONCAT(STR(?o1), ". "), ""), STR(?n1)) AS ?value_a)
  }} }}
  {{
    BIND("a" AS ?side)
    GRAPH ?g {{ ?x1 cfo:termOf ?about ; rdfs:label ?n OPTIONAL {{ ?x1 cfo:ordinal ?ord }} }}
    {graphs()}
    BIND(CONCAT(COALESCE(CONCAT(STR(?ord), ". "), ""), STR(?n)) AS ?value)
  }} UNION {{
    BIND("b" AS ?side)
{indent(MISSING, 4)}
    BIND(?g2 AS ?g)
    {graphs()}
  }}
  FILTER(?side = "b" || ?value = ?value_a)
  BIND(IF(?side = "a", ?x1, ?none) AS ?x) BIND(?g AS ?ga) BIND(IF(?side = "b", ?value_a, ?none) AS ?other)
}}"""


#: the actors and targets with stances of two polarities, in the merged graph
STANCE_CANDIDATES = """{ SELECT ?actor ?about WHERE { ?yc cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?sc .
      ?sc skos:broader* ?pc . ?pc skos:topConceptOf <https://w3id.org/ceasefire-kg/stance> }
      GROUP BY ?actor ?about HAVING(COUNT(DISTINCT ?pc) > 1) }"""


def stance_sides(suffix: str, other: str) -> str:
    """Per (thing, stance, other polarity): when the sources of the stance that give no stance of the other
    polarity said it (?from .. ?until)."""
    return f"""\
{{ SELECT ?about ?actor (?v AS ?v{suffix}) (?pol AS ?p{suffix}) (?other AS ?{other}) (MIN(?w) AS ?from{suffix})
         (MAX(?wl) AS ?until{suffix}) WHERE {{
  {{ SELECT ?g ?x ?about ?actor ?v ?pol ?other WHERE {{
    {STANCE_CANDIDATES}
    GRAPH ?g {{ ?x cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?v }}
    {{ SELECT ?v ?pol WHERE {{ ?pol skos:topConceptOf <https://w3id.org/ceasefire-kg/stance> . ?v skos:broader* ?pol }} }}
    {{ SELECT ?other WHERE {{ ?other skos:topConceptOf <https://w3id.org/ceasefire-kg/stance> }} }}
    FILTER(?other != ?pol)
    MINUS {{ {POLARITIES.replace("?pol", "?other")} }}
  }} }}
  {graphs()}
  # when it was said: the position's time, else its event's, else the article's date
  OPTIONAL {{ GRAPH ?g {{ ?x time:hasTime ?pt . ?pt cfo:earliest ?pe OPTIONAL {{ ?pt cfo:latest ?pl }} }} }}
  OPTIONAL {{ GRAPH ?g {{ ?x cfo:expressedAt ?sev
    OPTIONAL {{ ?sev time:hasTime ?et . ?et cfo:earliest ?ee OPTIONAL {{ ?et cfo:latest ?el }} }} }} }}
  OPTIONAL {{ ?art schema:datePublished ?wp }} OPTIONAL {{ ?art cfo:referenceDate ?wt . ?wt time:inXSDDate ?wr }}
  BIND(COALESCE(STR(?pe), STR(?ee), SUBSTR(STR(?wp), 1, 10), STR(?wr)) AS ?w)
  BIND(COALESCE(IF(BOUND(?pe), COALESCE(STR(?pl), "9999-12-31"), ?none),
                IF(BOUND(?ee), COALESCE(STR(?el), "9999-12-31"), ?none), ?w) AS ?wl)
}} GROUP BY ?about ?actor ?v ?pol ?other }}"""


def stance_block() -> str:
    pairs = f"""\
{{ SELECT ?about ?actor ?value_a ?value_b ?pol_a ?pol_b ?change WHERE {{
{indent(stance_sides("1", "p2"), 2)}
{indent(stance_sides("2", "p1"), 2)}
  FILTER(?from1 < ?from2 || (?from1 = ?from2 && STR(?v1) < STR(?v2)))
  BIND(IF(?until1 < ?from2 && NOT EXISTS {{
    GRAPH ?ge1 {{ ?y1 cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?v1 ; cfo:expressedAt ?same }}
    GRAPH ?ge2 {{ ?y2 cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?v2 ; cfo:expressedAt ?same }}
  }}, "change", "contradiction") AS ?change)
  BIND(?v1 AS ?value_a) BIND(?v2 AS ?value_b) BIND(?p1 AS ?pol_a) BIND(?p2 AS ?pol_b)
}} }}"""
    statements = f"""\
GRAPH ?g {{ ?x cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?v }}
{graphs()} BIND(?g AS ?ga)"""
    return f"""\
{{
  # -- an actor's stances of different polarity on the same target; the sources of each stance that give no
  # stance of the other's polarity. A change over time when every statement of the earlier comes before every
  # statement of the later and none is at the same event as one of the other, else a contradiction
  BIND(dk:stance AS ?k)
{indent(with_values(pairs, statements), 2)}
  BIND(IF(?row = "a", ?pol_b, ?pol_a) AS ?otherpol)
  FILTER(?row = "pair" || NOT EXISTS {{
    GRAPH ?g {{ ?y cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?s2 }} ?s2 skos:broader* ?otherpol }})
}}"""


# what a source names: who put a proposal forward and at which event (in its own graph or the derived one), the
# conditions of a position (the same actor, stance and target: every position of a thing that has a condition
# in some source, ?item unbound when it has none). ?ref: the node whose quote is its evidence (a position)
NAMED = {
    "proposed-by": (
        "?about",
        "GRAPH ?g { ?about cfo:proposedBy ?item }",
        "OPTIONAL { GRAPH ?ga { ?ref cfo:target ?about ; cfo:holder ?item } }",
    ),
    "proposed-at": (
        "?about",
        "GRAPH ?g { ?about cfo:proposedAt ?item }",
        "OPTIONAL { GRAPH ?ga { ?ref cfo:target ?about ; cfo:expressedAt ?item } }",
    ),
    "condition": (
        "?about ?actor ?stance",
        "{ SELECT DISTINCT ?about ?actor ?stance WHERE { [] cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?stance ;"
        " cfo:underCondition [] } }\n"
        "GRAPH ?g { ?ref cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?stance }\n"
        "OPTIONAL { GRAPH ?g { ?ref cfo:underCondition ?item } }",
        "",
    ),
}


def named_statements(kind: str, ref: bool = True) -> str:
    """One row a (thing, source, value it names): ?art ?ga ?item (?r)."""
    thing, pattern, quoted = NAMED[kind]
    sample = " (SAMPLE(?ref) AS ?r)" if ref else ""
    return f"""\
{{ SELECT {thing} ?art ?ga ?item{sample} WHERE {{
{indent(pattern, 2)}
  {graphs("?g", "?art", "?ga")}
  {quoted if ref else ""}
}} GROUP BY {thing} ?art ?ga ?item }}"""


def named_light(kind: str, v: str) -> str:
    """One row a (thing, graph, value it names), ``v`` the value (unbound for a position without a condition)."""
    thing, pattern, _ = NAMED[kind]
    item = "?item" if v == "?item" else f"(?item AS {v})"
    return f"{{ SELECT DISTINCT {thing} ?g {item} WHERE {{ {pattern} }} }}"


BOTH = {
    "proposed-by": "GRAPH ?gb { ?about cfo:proposedBy ?v1 , ?v2 }",
    "proposed-at": "GRAPH ?gb { ?about cfo:proposedAt ?v1 , ?v2 }",
    "condition": "GRAPH ?gb { ?pb1 cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?stance ; cfo:underCondition ?v1 . "
    "?pb2 cfo:holder ?actor ; cfo:target ?about ; cfo:stance ?stance ; cfo:underCondition ?v2 }",
}


def named_pairs(kind: str) -> str:
    """Every two values of a thing: how many graphs name the first, and both; whether they are a pair (some
    graph names each without the other). Graphs, not articles: an article's own graph and its derived one."""
    thing = NAMED[kind][0]
    return f"""\
{{ SELECT {thing} ?v1 ?v2 ?n1 ?speakers (?n1 > ?both && ?n2 > ?both AS ?paired) (STR(?v1) < STR(?v2) AS ?first)
  WHERE {{ {{ SELECT {thing} ?v1 ?v2 ?n1 ?n2 ?speakers (COUNT(DISTINCT ?gb) AS ?both) WHERE {{
  {{ SELECT {thing} (COUNT(DISTINCT ?g) AS ?speakers) WHERE {{ {named_light(kind, "?item")} }} GROUP BY {thing} }}
  {{ SELECT {thing} ?v1 (COUNT(*) AS ?n1) WHERE {{ {named_light(kind, "?v1")} FILTER(BOUND(?v1)) }} GROUP BY {thing} ?v1 }}
  {{ SELECT {thing} ?v2 (COUNT(*) AS ?n2) WHERE {{ {named_light(kind, "?v2")} FILTER(BOUND(?v2)) }} GROUP BY {thing} ?v2 }}
  FILTER(?v1 != ?v2)
  OPTIONAL {{ {BOTH[kind]} }}
}} GROUP BY {thing} ?v1 ?v2 ?n1 ?n2 ?speakers }} }} }}"""


def named_block(kind: str) -> str:
    thing = NAMED[kind][0]
    return f"""\
{{
  # -- {kind}: two values are a pair when some source names each without the other (each value's sources:
  # those that do not name the other); a value in no pair stands against the sources that name others, or
  # (condition) state the position, but not it (rows with an empty value)
  BIND(dk:{kind} AS ?k)
  {{
    {{ SELECT {thing} ?value_a ?value_b WHERE {{
{indent(named_pairs(kind), 6)}
      FILTER(?paired && ?first)
      BIND(?v1 AS ?value_a) BIND(?v2 AS ?value_b)
    }} }}
  }} UNION {{
    {{ SELECT {thing} ?value_a WHERE {{
{indent(named_pairs(kind), 6)}
      BIND(?v1 AS ?value_a)
    }} GROUP BY {thing} ?value_a HAVING(!MAX(?paired) && MIN(?n1) < MIN(?speakers)) }}
  }}
  {{ BIND("pair" AS ?row) }}
  UNION {{
    VALUES ?row {{ "a" "b" }}
{indent(named_statements(kind), 4)}
  }}
  FILTER(?row != "pair" || BOUND(?value_b))
  BIND(IF(?row = "a", ?value_a, IF(?row = "b", ?value_b, ?none)) AS ?want)
  FILTER(?row = "pair" || (BOUND(?want) && ?item = ?want) || (?row = "b" && !BOUND(?value_b)))
  # not a source that names the other value
  BIND(IF(?row = "pair", cfo:nothing, COALESCE(IF(?row = "a", ?value_b, ?value_a), cfo:nothing)) AS ?lacks)
  MINUS {{ SELECT {thing} ?art (?item AS ?lacks) WHERE {{
    {named_light(kind, "?item")} FILTER(BOUND(?item)) {graphs("?g", "?art", "?ga")} }} }}
  BIND(IF(?row = "pair", ?value_a, ?want) AS ?value)
  BIND(IF(?row = "pair", ?value_b, IF(BOUND(?want), ?none, ?value_a)) AS ?other)
  BIND({"IF(BOUND(?want), ?want, ?r)" if kind == "condition" else "IF(BOUND(?want), ?r, ?none)"} AS ?x)
}}"""


def query() -> str:
    blocks = [single_block(), term_block(), missing_block(), stance_block()]
    blocks += [named_block(k) for k in ("proposed-by", "proposed-at", "condition")]
    if os.environ.get("ONLY"):
        blocks = [blocks[int(i)] for i in os.environ["ONLY"].split(",")]
    body = "\n  UNION\n".join(indent(b, 2) for b in blocks)
    return f"""{HEADER}{PREFIXES}SELECT DISTINCT ?k ?about ?actor ?value ?other ?said_change ?ev ?q ?art WHERE {{
{body}
  # the words that state a value (a value without a node, such as a computed end, has none)
  BIND(COALESCE(?x, cfo:nothing) AS ?quoted) BIND(COALESCE(?ga, cfo:nothing) AS ?quotedin)
  OPTIONAL {{ GRAPH ?quotedin {{ ?quoted cfo:evidence ?ev }} ?ev oa:hasSelector ?sel . ?sel oa:exact ?q }}
  # (BOUND: rdflib answers an aggregate of no rows with one empty row)
  FILTER(BOUND(?about))
}}
"""


if __name__ == "__main__":
    sys.stdout.write(query())
