"""`kg query` and `kg queries` as users run them: formats, safe params, clear errors.

Each behaviour runs `kg` in a subprocess once; its further cases run the same command in this process
(conftest.kg_main: the same exit code, stdout and stderr).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import kg_main, run_kg

POSITIONS_OF_PUTIN = [
    "https://w3id.org/ceasefire-kg/id/position/putin-agrees-not-targeting-critical",
    "https://w3id.org/ceasefire-kg/id/position/putin-conditions-complete-ceasefire",
    "https://w3id.org/ceasefire-kg/id/position/putin-rejects-complete-ceasefire",
]


def test_queries_lists_names_and_questions():
    result = run_kg("queries")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 16
    assert lines[0].split()[0] == "positions"
    assert "Who proposed a proposal, when and where?" in result.stdout
    verbose = kg_main("queries", "-v").stdout
    assert "--param holder=... (iri) only the positions of this actor" in verbose


def test_table_shows_labels(seed_out):
    result = run_kg("query", "positions", "--param", "holder=putin", "--from", seed_out)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["holder", "stance", "target", "condition", "quote", "source", "outlet", "position"]
    assert lines[2].startswith("Vladimir Putin  agrees to  ")
    assert lines[-1] == "(3 rows)"
    assert "https://" not in result.stdout


def test_json_is_sparql_results_json(seed_out):
    result = kg_main("query", "positions", "--param", "holder=Vladimir Putin", "--format", "json", "--from", seed_out)
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["holder", "stance", "target", "condition", "quote", "source", "outlet", "position"]
    assert [b["position"]["value"] for b in data["results"]["bindings"]] == POSITIONS_OF_PUTIN
    first = data["results"]["bindings"][0]
    assert first["holder"] == {"type": "uri", "value": "https://w3id.org/ceasefire-kg/id/actor/putin"}
    assert first["quote"] == {
        "type": "literal",
        "value": "However, he agreed on not targeting critical infrastructure, especially energy infrastructure",
    }
    assert "condition" not in first  # unbound


@pytest.mark.parametrize("query", ["positions", "proposal-terms", "evidence-sentence"])
def test_json_is_the_text_json_dumps_writes(seed_out, query):
    """`--format json` writes its text directly (fast on 40,000 rows): the bytes of json.dumps(indent=2)."""
    text = kg_main("query", query, "--format", "json", "--limit", "0", "--from", seed_out).stdout
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_json_of_odd_values_and_empty_answers():
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.query.results import format_json, term_json
    from kg.store import Result

    def reference(result: Result) -> str:
        rows = [
            {k: term_json(v) for k, v in zip(result.vars, row, strict=True) if v is not None} for row in result.rows
        ]
        data = {"head": {"vars": result.vars}, "results": {"bindings": rows}}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    odd = Literal('say "hi"\n\t\\ \u00fc \U0001f600 \u2028', lang="en")
    for result in [
        Result([], []),
        Result(["a"], []),
        Result([], [(), ()]),
        Result(["a", "b"], [(None, None)]),
        Result(["a", "b"], [(URIRef("urn:x"), odd), (BNode("b0"), Literal(3, datatype=XSD.positiveInteger))]),
    ]:
        assert format_json(result) == reference(result)


def test_csv_and_tsv(seed_out):
    out = run_kg(
        "query", "positions", "--param", "holder=@KremlinRussia_E", "--format", "csv", "--from", seed_out
    ).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][-1] == "position" and [r[-1] for r in rows[1:]] == POSITIONS_OF_PUTIN
    tsv = kg_main("query", "in-effect", "--format", "tsv", "--from", seed_out).stdout.splitlines()
    assert tsv[0] == "?proposal\t?declared\t?begins\t?duration\t?days\t?ends\t?endDerived\t?source\t?outlet"
    assert tsv[1].split("\t")[5] == '"2025-04-17"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_query_from_a_file_and_from_stdin(seed_out, tmp_path):
    rq = tmp_path / "handles.rq"
    rq.write_text("SELECT ?handle WHERE { ?a cfo:handle ?handle } ORDER BY ?handle", encoding="utf-8")
    out = kg_main("query", rq, "--format", "csv", "--from", seed_out).stdout
    assert out.split() == ["handle", "@KremlinRussia_E", "@RuslanZheldibay", "@TokayevKZ", "@realDonaldTrump"]
    out = run_kg(
        "query",
        "-",
        "--format",
        "csv",
        "--from",
        seed_out,
        stdin="SELECT (COUNT(?p) AS ?n) WHERE { ?p a cfo:Proposal }",
    ).stdout
    assert out.split() == ["n", "7"]


def test_params_are_bound_as_terms_never_pasted(seed_out):
    query = "SELECT ?s WHERE { ?s rdfs:label ?name }"
    attack = run_kg(
        "query", "-", "--format", "csv", "--from", seed_out, "--param", 'name=x" } UNION { ?s ?p ?o } #', stdin=query
    )
    assert attack.returncode == 0, attack.stderr
    assert attack.stdout.split() == ["s"]  # no rows: the value is one literal, not query text
    # a label with quotes and braces is matched as itself
    braces = kg_main("query", "-", "--format", "csv", "--from", seed_out, "--param", "name={x}", stdin=query)
    assert braces.stdout.split() == ["s"]


def test_syntax_error_gives_line_and_column(seed_out):
    result = run_kg(
        "query", "-", "--from", seed_out, stdin="SELECT ?x WHERE {\n  ?x a cfo:Proposal\n  FILTER(?x = )\n}\n"
    )
    assert result.returncode == 2
    assert "SPARQL syntax error at line 3, column 3" in result.stderr
    assert "    FILTER(?x = )\n      ^" in result.stderr


def test_unknown_query_lists_known_ones():
    result = run_kg("query", "positon")
    assert result.returncode == 2
    assert "no named query 'positon'" in result.stderr
    assert "did you mean positions or no-position?" in result.stderr
    assert "known queries: positions, proposal-terms, proposers," in result.stderr


def test_unknown_or_ambiguous_names(seed_out):
    result = run_kg("query", "positions", "--param", "holder=Putn", "--from", seed_out)
    assert result.returncode == 2
    assert "no holder 'Putn' in the graph\n  fix: closest matches: Vladimir Putin (actor/putin)" in result.stderr
    result = kg_main("query", "positions", "--param", "actor=Putin", "--from", seed_out)
    assert result.returncode == 2
    assert "the query 'positions' has no param 'actor'\n  fix: its params are: holder, target" in result.stderr
    result = kg_main("query", "positions", "--param", "holder", "--from", seed_out)
    assert result.returncode == 2 and "is not NAME=VALUE" in result.stderr


def test_a_node_with_two_quotes(seed_out):
    result = kg_main(
        "query", "evidence-sentence", "--param", "node=Trump–Putin phone call", "--format", "csv", "--from", seed_out
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1 + 2  # the call has two quotes


def test_a_param_name_that_is_not_a_variable_name_is_refused(seed_out):
    """A --param name is written into the query as ?NAME: anything but a plain variable name is refused (it could
    otherwise add rows of its own making), on the command line and in Python alike."""
    import kg

    crafted = "x) (?p) { (1) } #"
    result = kg_main(
        "query", "-", "--from", seed_out, "--param", f"{crafted}=a", stdin="SELECT ?p WHERE { ?p a cfo:Proposal }"
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == f"kg query: not a variable name: {crafted!r}"
    assert result.stdout == ""
    with pytest.raises(kg.InputError, match=r"^not a variable name: '1x'"):
        kg.load(seed_out).query("SELECT ?p WHERE { ?p a cfo:Proposal }", **{"1x": "a"})


def test_an_undeclared_prefix_is_named_with_its_line(seed_out):
    result = kg_main("query", "-", "--from", seed_out, stdin="SELECT ?p WHERE {\n  ?p a foo:Proposal }")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "kg query: <stdin>:2: the prefix 'foo:' is not declared"
    assert result.stderr.splitlines()[1].startswith(
        "  fix: declare it (PREFIX foo: <...>) or use one of the project's: cfo:, cfid:"
    )
    own = kg_main("query", "-", "--from", seed_out, stdin="PREFIX x: <urn:x#>\nSELECT ?p WHERE { ?p a cfo:Proposal }")
    assert own.returncode == 2
    assert own.stderr.splitlines() == [
        "kg query: <stdin>:2: the prefix 'cfo:' is not declared",
        "  fix: declare it (PREFIX cfo: <...>): a query that declares its own prefixes gets none of the project's",
    ]


def test_rows_past_the_limit_are_left_out_and_said_so(seed_out):
    capped = kg_main("query", "positions", "--from", seed_out, "--format", "csv", "--limit", "3")
    assert capped.returncode == 0
    assert len(capped.stdout.splitlines()) == 1 + 3
    assert capped.stderr == "kg query: showing the first 3 of 11 rows; --limit N shows more, --limit 0 every row\n"
    whole = kg_main("query", "positions", "--from", seed_out, "--format", "csv", "--limit", "0")
    assert (len(whole.stdout.splitlines()), whole.stderr) == (1 + 11, "")
    assert whole.stdout.startswith(capped.stdout)
    default = kg_main("query", "positions", "--from", seed_out, "--format", "csv")
    assert (default.stdout, default.stderr) == (whole.stdout, "")  # 11 rows: under the default of 1000
    bad = kg_main("query", "positions", "--from", seed_out, "--limit", "-1")
    assert bad.returncode == 2
    assert "argument --limit: not a number of rows: '-1' (0 prints every row)" in bad.stderr


def test_a_required_param_that_is_missing_is_an_error(seed_out):
    """`in-force` needs a day: without it, it would answer nothing (0 rows), which reads as 'nothing in force'."""
    r = kg_main("query", "in-force", "--from", seed_out)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.splitlines() == [
        "kg query: the query 'in-force' needs the param 'date': the day to ask about (YYYY-MM-DD)",
        "  fix: kg query in-force --param date=YYYY-MM-DD; in Python g.run('in-force', date=...)",
    ]
    assert kg_main("query", "in-force", "--from", seed_out, "--param", "date=2025-03-20").returncode == 0
