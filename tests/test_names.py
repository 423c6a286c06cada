"""Naming nodes: labels, aliases, handles, ids and IRIs, case-insensitive; unknown and ambiguous names."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.errors import InputError
from kg.query.names import NameIndex

ID = "https://w3id.org/ceasefire-kg/id/"
PUTIN, KREMLIN, TALKS = URIRef(ID + "actor/putin"), URIRef(ID + "actor/kremlin"), URIRef(ID + "event/talks")
INDEX = NameIndex(
    [
        (PUTIN, "Vladimir Putin"),
        (PUTIN, "Putin"),
        (PUTIN, "@KremlinRussia_E"),
        (KREMLIN, "the Kremlin"),
        (KREMLIN, "Putin"),
        (TALKS, "Talks in Jeddah"),
    ]
)


@pytest.mark.parametrize(
    "name, node",
    [
        ("vladimir putin", PUTIN),
        ("@kremlinrussia_e", PUTIN),
        ("kremlin", KREMLIN),
        ("TALKS", TALKS),
        ("cfid:actor/putin", PUTIN),
        (f"<{ID}actor/putin>", PUTIN),
        (f"{ID}event/talks", TALKS),
    ],
)
def test_names_resolve(name, node):
    assert INDEX.resolve(name) == node


def test_ambiguous_name_lists_the_candidates():
    with pytest.raises(InputError) as info:
        INDEX.resolve("putin", what="holder")
    assert str(info.value) == (
        "the holder 'putin' is ambiguous: it names 2 things: the Kremlin (actor/kremlin); "
        "Vladimir Putin (actor/putin)\n  fix: use the id (the last part of the IRI) to pick one"
    )


def test_unknown_name_lists_the_closest():
    with pytest.raises(InputError) as info:
        INDEX.resolve("Talks in Jedda")
    assert (
        str(info.value)
        == "no name 'Talks in Jedda' in the graph\n  fix: closest matches: Talks in Jeddah (event/talks)"
    )
