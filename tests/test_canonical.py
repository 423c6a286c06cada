"""Literals from an endpoint in the form the local store shows them (kg/store/canonical.py); a form that does not
convert is shown as written, with nothing on standard error. (Its doctests give the conversions one by one;
tests/test_endpoint_parity.py compares whole commands on Virtuoso and Oxigraph.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import kg_main, run_kg
from rdflib import Literal, URIRef

from kg.store.canonical import XSD, canonical, canonical_literal, literal, quiet_literals

# (what a store answered, its datatype) -> what kg shows
CASES = {
    ("1", "boolean"): "true",
    ("0", "boolean"): "false",
    ("30", "decimal"): "30.0",
    ("0.80", "decimal"): "0.8",
    ("2.592e+06", "duration"): "P30D",  # Virtuoso: 30 days in seconds
    ("108000.0", "duration"): "P1DT6H",  # 30 hours, as rdflib (the local store) reads "PT30H"
    ("93600.0", "duration"): "P1DT2H",
    ("90061.0", "duration"): "P1DT1H1M1S",
    ("5400.0", "duration"): "PT1H30M",
    ("14", "duration"): "P1Y2M",  # Virtuoso: a year-month duration in months
    ("PT30H", "duration"): "P1DT6H",  # Oxigraph gives P1DT6H already
    ("007", "positiveInteger"): "7",
    ("2025-03-18T12:00:00.500+03:00", "dateTimeStamp"): "2025-03-18T12:00:00.5+03:00",
    ("2025-03-18+03:00", "date"): "2025-03-18+03:00",
    ("2024-05", "gYearMonth"): "2024-05",
    ("soon", "duration"): "soon",
    ("maybe", "boolean"): "maybe",
    ("1,5", "decimal"): "1,5",
}


@pytest.mark.parametrize(("given", "shown"), list(CASES.items()), ids=[f"{v}^^{t}" for v, t in CASES])
def test_canonical(given, shown):
    value, datatype = given
    assert canonical(value, XSD + datatype) == shown
    term = literal(value, XSD + datatype)
    assert (str(term), term.datatype) == (shown, URIRef(XSD + datatype))
    with quiet_literals():  # (rdflib warns of "maybe" as a boolean)
        given_term = Literal(value, datatype=URIRef(XSD + datatype), normalize=False)
    assert canonical_literal(given_term) == term


def test_nothing_logged_for_a_form_that_does_not_convert(capsys, caplog):
    assert str(literal("2.592e+06x", XSD + "duration")) == "2.592e+06x"
    assert str(literal("maybe", XSD + "boolean")) == "maybe"
    assert (capsys.readouterr(), caplog.records) == (("", ""), [])


ODD = (
    '<urn:kg:s> <urn:kg:a> "soon"^^<http://www.w3.org/2001/XMLSchema#duration> <urn:kg:g> .\n'
    '<urn:kg:s> <urn:kg:b> "maybe"^^<http://www.w3.org/2001/XMLSchema#boolean> <urn:kg:g> .\n'
    '<urn:kg:s> <urn:kg:c> "30.0"^^<http://www.w3.org/2001/XMLSchema#decimal> <urn:kg:g> .\n'
)


@pytest.mark.slow
def test_endpoint_shows_literals_as_written_or_canonical(oxigraph_server, tmp_path: Path):
    """Through a real endpoint (an Oxigraph server, which keeps ill-typed literals as given and folds 30.0 into
    30): SELECT and CONSTRUCT answers, exit 0, nothing on standard error."""
    nq = tmp_path / "odd.nq"
    nq.write_text(ODD, encoding="utf-8")
    oxigraph_server.load(nq)
    select = "SELECT ?p ?o WHERE { GRAPH <urn:kg:g> { ?s ?p ?o } } ORDER BY ?p"
    done = run_kg("query", "-", "--format", "csv", "--endpoint", oxigraph_server.query_url, stdin=select)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "p,o\nurn:kg:a,soon\nurn:kg:b,maybe\nurn:kg:c,30.0\n",
        "",
    )
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:kg:g> { ?s ?p ?o } }"
    done = kg_main("query", "-", "--format", "nt", "--endpoint", oxigraph_server.query_url, stdin=construct)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        '<urn:kg:s> <urn:kg:a> "soon"^^<http://www.w3.org/2001/XMLSchema#duration> .',
        '<urn:kg:s> <urn:kg:b> "maybe"^^<http://www.w3.org/2001/XMLSchema#boolean> .',
        '<urn:kg:s> <urn:kg:c> "30.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
    ]
