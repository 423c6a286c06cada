"""The reports the commands print, as lines of text: apart from the parsing of options, so that each can be read
(and tested) on its own. Nothing here prints or reads a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    from rdflib.term import Node

    from kg.network.paths import Hop
    from kg.query.graph import KnowledgeGraph, Row
    from kg.query.in_force import Answer
    from kg.query.named import NamedQuery


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def queries_listing(queries: dict[str, NamedQuery], verbose: bool = False) -> list[str]:
    """``kg queries``: one line a named query (name, question); with ``verbose`` its columns and params."""
    lines: list[str] = []
    for name, nq in queries.items():
        lines.append(f"{name:<22} {nq.question}")
        if verbose:
            lines += [f"    ?{col:<12} {meaning}" for col, meaning in nq.columns.items()]
            lines += [f"    --param {p.name}=... ({p.kind}) {p.help}" for p in nq.params.values()]
    return lines


_LIFECYCLE = "https://w3id.org/ceasefire-kg/lifecycle/"

#: the sections of kg in-force, in order: the stage (lifecycle scheme) and the heading of its section
_IN_FORCE_SECTIONS = (
    ("one-sided", "In force on {when} according to one side only:"),
    ("proposed", "Proposed but neither declared nor accepted by then, for a window that includes {when}:"),
    ("collapsed", "Collapsed on or before {when}, within its window:"),
)


def in_force_report(graph: KnowledgeGraph, when: str, answers: list[Answer]) -> list[str]:
    """``kg in-force WHEN``: each proposal in force with its window and certainty (and why it is only possible),
    its terms under it; then, apart, what was in force according to one side only, what was only proposed and
    what had collapsed."""
    from rdflib import URIRef

    def names(value: Node | None) -> str:
        return ", ".join(sorted(graph.label(URIRef(i)) for i in str(value).split())) if value is not None else ""

    by_stage: dict[str, list[Answer]] = {}
    for answer in answers:
        status = answer.row.status
        stage = str(status)[len(_LIFECYCLE) :] if status is not None else "in-force"
        by_stage.setdefault(stage, []).append(answer)
    lines = [
        f"In force on {when}, according to the graph:"
        if by_stage.get("in-force")
        else f"Nothing in the graph was in force on {when}."
    ]
    for stage, heading in (("in-force", ""), *_IN_FORCE_SECTIONS):
        group = by_stage.get(stage, [])
        if not group:
            continue
        if heading:
            lines.append(heading.format(when=when))
        for answer in group:
            row = answer.row
            if row.kind.toPython() != "proposal":
                lines.append(f"    term: {graph.label(row.item)}")
                continue
            begins = row.beginsAt or row.begins  # to the instant when it is known to the instant
            if row.ends is None:
                window = f"from {begins}, no end known"
            elif row.inclusive is not None and row.inclusive.toPython():
                window = f"from {begins} through {row.endsAtLatest or row.endsLatest or row.ends} (inclusive)"
            else:
                window = f"from {begins} until {row.endsAt or row.ends} (exclusive)"
            # 'certain', or 'possibly' with why: the data's 'possible' (the named query's certainty) in words
            said_certainty = "possibly" if answer.certainty == "possible" else answer.certainty
            certainty = said_certainty + (f" ({'; '.join(answer.reasons)})" if answer.reasons else "")
            lines.append(f"  {graph.label(row.proposal)} — {window}; {certainty}")
            said = []
            if stage != "in-force" or row.sidedness is not None:
                if row.sidedness is not None:
                    said.append(graph.label(row.sidedness))
                if stage == "proposed" and row.proposedBy is not None:
                    said.append(
                        f"proposed by {names(row.proposedBy)}"
                        + (f" to {names(row.proposedTo)}" if row.proposedTo else "")
                    )
                if row.acceptedBy is not None and stage == "proposed":
                    said.append(f"accepted only after {when}, by {names(row.acceptedBy)}")
                elif row.acceptedBy is not None:
                    said.append(f"accepted or declared by {names(row.acceptedBy)}")
                if row.rejectedBy is not None:
                    said.append(f"rejected by {names(row.rejectedBy)}")
                if row.notAcceptedBy is not None:
                    said.append(f"not accepted by {names(row.notAcceptedBy)}, which it binds")
                if row.collapsed is not None:
                    said.append(f"collapsed on {row.collapsed}")
            if row.extendedBy is not None:
                said.append(f"extended by {names(row.extendedBy)}")
            if said:
                lines.append(f"    ({'; '.join(said)})")
    return lines


def violations_report(
    graph: KnowledgeGraph,
    rows: list[Row],
    proposal: str | None = None,
    places: dict[Node, tuple[str, tuple[str, ...]]] | None = None,
) -> list[str]:
    """``kg violations``: one block a claim: the proposal, term, who alleges, whom it accuses, the event and
    where its time falls against the proposal's window (``places``: claim -> place and reasons), quote, source,
    who denies."""
    if not rows:
        return ["No alleged violation in the graph" + (f" for {proposal}." if proposal else ".")]
    by_claim: dict[Node, list[Row]] = {}
    for row in rows:
        by_claim.setdefault(row.claim, []).append(row)
    lines = []
    for group in by_claim.values():
        row = group[0]
        lines.append(f"{graph.label(row.proposal)}")
        if row.term != row.proposal:
            lines.append(f"  term:        {graph.label(row.term)}")
        lines.append(f"  alleged by:  {graph.label(row.claimant)}")
        accused = sorted({graph.label(r.accused) for r in group if r.accused is not None})
        lines.append(f"  accused:     {', '.join(accused) if accused else 'no one named, in the graph'}")
        if row.event is not None:
            lines.append(f"  event:       {graph.label(row.event)}")
        if places is not None and row.claim in places:
            place, reasons = places[row.claim]
            lines.append(f"  when:        {place}" + (f" ({'; '.join(reasons)})" if reasons else ""))
        lines.append(f"  evidence:    “{row.quote}”")
        lines.append(f"  source:      {graph.label(row.source)}")
        deniers = sorted({graph.label(r.deniedBy) for r in group if r.deniedBy is not None})
        lines.append(f"  denied by:   {', '.join(deniers) if deniers else 'no one, in the graph'}")
    return lines


def disagreements_report(
    graph: KnowledgeGraph, rows: list[Row], proposal: str | None = None, kind: str | None = None
) -> list[str]:
    """``kg disagreements``: one block a disagreement (a kind, what it is about, the actor): each value once with
    every source that states it (outlet, date, quote), then the values that disagree, each pair once (a stance:
    a change over time or a contradiction)."""
    if not rows:
        scope = (f" of kind {kind}" if kind else "") + (f" about {proposal}" if proposal else "")
        return [f"No disagreement between sources{scope} in the graph."]
    from rdflib import URIRef

    def value(v: Node | None) -> str:
        return graph.label(v) if isinstance(v, URIRef) else str(v)

    blocks: dict[tuple[Node, Node, Node | None], list[Row]] = {}
    for row in rows:
        blocks.setdefault((row.kind, row.about, row.actor), []).append(row)
    lines = [f"{_plural(len(blocks), 'disagreement')}:"]
    for (k, about, actor), group in blocks.items():
        lines.append(f"{k}: {value(about)}" + (f" ({value(actor)})" if actor is not None else ""))
        said: dict[tuple[Node | None, Node | None], list[Row]] = {}
        for row in group:
            if row.source is not None:
                said.setdefault((row.value, row.other), []).append(row)
        for (v, other), sources in said.items():
            lines.append(f"  {value(v)}:" if v is not None else f"  not {value(other)}:")
            for row in sources:
                line = f"    {row.source}" + (f", {row.date}" if row.date is not None else "")
                lines.append(line + (f"  “{row.quote}”" if row.quote is not None else ""))
        for row in group:
            if row.source is None:
                if row.change is None:
                    lines.append(f"  {value(row.value)} ≠ {value(row.other)}")
                elif str(row.change) == "change":
                    lines.append(f"  {value(row.value)} → {value(row.other)}: a change over time")
                else:
                    lines.append(f"  {value(row.value)} / {value(row.other)}: a contradiction")
    return lines


def paths_report(paths: list[list[Hop]], quotes: bool = True) -> list[str]:
    """``kg path``: each path as a heading (start → end: N hops) and one hop a line, with its quote."""
    from kg.network.paths import describe

    lines = []
    for hops in paths:
        first, last = hops[0], hops[-1]
        start = first.subject_label if first.forward else first.object_label
        end = last.object_label if last.forward else last.subject_label
        lines.append(f"{start} → {end}: {_plural(len(hops), 'hop')}")
        lines += describe(hops, quotes=quotes)
    return lines


def neighbors_report(G: nx.MultiDiGraph[str], root: str, hops: int, found: list[tuple[int, Hop]]) -> list[str]:
    """``kg neighbors``: the node, then what reaches it, indented by depth, each with the kind it is."""
    lines = [f"{G.nodes[root]['label']} ({G.nodes[root]['kind']}): {len(found)} node(s) within {_plural(hops, 'hop')}"]
    for depth, hop in found:
        other = hop.object if hop.forward else hop.subject
        lines.append(f"{'  ' * depth}{hop.sentence()}   [{G.nodes[other]['kind']}]")
    return lines
