"""Article metadata that is not a quote (issue #12, point 1): the outlet, title, address, byline, language and
publication date of the ``article:`` block; the publication date as the default reference date; undated
articles; the article text's sha256 checked against the annotation's.

The articles are the invented ones of tests/data/sources/ (tests/data/README.md), copied into a temporary folder
when a test changes them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, kg_main, run_kg
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SDO, XSD

from kg.namespaces import CFO, ID

SOURCES = DATA / "sources"
ALPHA = SOURCES / "alpha.yaml"
ALPHA_TEXT = (SOURCES / "alpha.yaml").read_text(encoding="utf-8")
ARTICLE = ID["article/meridian-2025-05-corran-truce"]
GRAPH = ID["graph/meridian-2025-05-corran-truce"]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    """A copy of tests/data/sources/ to change."""
    for f in SOURCES.iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(folder: Path, old: str, new: str, name: str = "alpha.yaml") -> str:
    text = (folder / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    (folder / name).write_text(text, encoding="utf-8")
    return text


def _graph(*files: Path):
    from kg.builder.article import build

    return build(list(files)).dataset


def _fails(folder: Path, *names: str, run=kg_main) -> str:
    """`kg build` of the files fails with exit 2, writes nothing, and says so; its stderr."""
    out = folder / "out"
    result = run("build", *(folder / n for n in names or ("alpha.yaml",)), "--out", out)
    assert result.returncode == 2, result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()
    return result.stderr


def _time(ds, event: str) -> dict[str, str]:
    # the time as this article states it: cfid:time/<article>/<event>/hasTime
    (node,) = {s for s, _ in ds.subject_objects(CFO.earliest) if str(s).endswith(f"/{event}/hasTime")}
    return {
        key: str(ds.value(node, prop))
        for key, prop in (("precision", CFO.precision), ("earliest", CFO.earliest), ("latest", CFO.latest))
    }


def test_the_article_block_metadata_is_in_the_article_graph():
    ds = _graph(ALPHA)
    g = ds.graph(GRAPH)
    assert g.value(ARTICLE, SDO.headline) == Literal("Northland proposes a 10-day truce in the Corran hills")
    assert g.value(ARTICLE, SDO.url) == Literal(
        "https://meridian-post.example/2025/05/04/corran-truce", datatype=XSD.anyURI
    )
    assert set(g.objects(ARTICLE, SDO.author)) == {Literal("Ada Quill"), Literal("Ben Moss")}
    assert g.value(ARTICLE, SDO.inLanguage) == Literal("en")
    assert g.value(ARTICLE, SDO.publisher) == ID["actor/meridian-post"]
    published = g.value(ARTICLE, SDO.datePublished)
    assert (str(published), published.datatype) == ("2025-05-04T09:30:00+02:00", XSD.dateTime)
    assert g.value(ARTICLE, CFO.datePublishedNote) == Literal(
        "The time on the outlet's web page (invented).", lang="en"
    )
    assert g.value(ARTICLE, CFO.sha256) == Literal(hashlib.sha256((SOURCES / "alpha.txt").read_bytes()).hexdigest())
    # the text prints no date: no quoted reference date, and none is made up
    assert g.value(ARTICLE, CFO.referenceDate) is None


def test_the_publication_date_is_the_reference_date_of_relative_times():
    assert _time(_graph(ALPHA), "earlier-offer") == {
        "precision": str(CFO).replace("ontology#", "precision/month"),
        "earliest": "2025-04-01",
        "latest": "2025-04-30",
    }


def test_a_quoted_reference_date_wins_over_the_publication_date(sources):
    _edit(sources, "datePublished: 2025-05-04T09:30:00+02:00", "datePublished: 2025-06-02")
    assert _time(_graph(sources / "alpha.yaml"), "earlier-offer")["earliest"] == "2025-05-01"
    _edit(sources, "datePublished: 2025-06-02", 'datePublished: 2025-06-02\n  referenceDate: {quote: "3 May 2025"}')
    ds = _graph(sources / "alpha.yaml")
    assert _time(ds, "earlier-offer")["earliest"] == "2025-04-01"
    published = ds.value(ARTICLE, SDO.datePublished)
    assert (str(published), published.datatype) == ("2025-06-02", XSD.date)
    assert ds.value(ARTICLE, CFO.referenceDate) == ID["time/meridian-2025-05-corran-truce/referenceDate"]


def test_an_undated_article_without_relative_times_builds(sources):
    (sources / "solo.txt").write_text("On 3 May 2025, Northland proposed a truce.\n", encoding="utf-8")
    (sources / "solo.yaml").write_text(
        "# invented\narticle: {id: solo, text: solo.txt, label: Solo (invented)}\n"
        'events:\n  - id: offer\n    label: Northland\'s offer\n    hasTime: {quote: "3 May 2025"}\n'
        '    quote: "Northland proposed a truce"\n',
        encoding="utf-8",
    )
    result = kg_main("build", sources / "solo.yaml", "--out", sources / "out")
    assert result.returncode == 0, result.stderr
    ds = _graph(sources / "solo.yaml")
    props = set(ds.predicates(ID["article/solo"], None))
    assert SDO.datePublished not in props and CFO.referenceDate not in props
    assert _time(_graph(sources / "solo.yaml"), "offer")["earliest"] == "2025-05-03"


def test_a_relative_time_in_an_article_without_any_date_is_an_error(sources):
    text = _edit(
        sources,
        '  datePublished: 2025-05-04T09:30:00+02:00\n  datePublishedNote: "The time on the outlet\'s web page (invented)."\n',
        "",
    )
    err = _fails(sources, run=run_kg)
    line = _line_of(text, '    hasTime: {quote: "last month"}')
    assert (
        f"alpha.yaml:{line}: [earlier-offer] the time 'last month' is relative to the article's date, and the "
        "article has no date" in err
    )
    assert "fix: under 'article:', give the publication date (datePublished: YYYY-MM-DD, with datePublishedNote" in err
    assert '{quote: "last month", date: YYYY-MM-DD}' in err
    assert len(re.findall(r"alpha\.yaml:\d+: ", err)) == 1  # the one relative time, nothing else


def test_a_changed_article_text_is_an_error_naming_both_hashes(sources):
    before = hashlib.sha256((sources / "alpha.txt").read_bytes()).hexdigest()
    with open(sources / "alpha.txt", "ab") as f:
        f.write(b"A line added later.\n")
    after = hashlib.sha256((sources / "alpha.txt").read_bytes()).hexdigest()
    err = _fails(sources, run=run_kg)
    line = _line_of(ALPHA_TEXT, "  sha256: ")
    assert (
        f"alpha.yaml:{line}: [meridian-2025-05-corran-truce] the article text changed since it was annotated: "
        f"{sources / 'alpha.txt'} has sha256 {after}, the annotation says {before}" in err
    )
    assert f"write sha256: {after}" in err


def test_the_sha256_may_be_written_in_uppercase_and_may_be_left_out(sources):
    digest = hashlib.sha256((sources / "alpha.txt").read_bytes()).hexdigest()
    _edit(sources, f"sha256: {digest}", f"sha256: {digest.upper()}")
    assert kg_main("build", sources / "alpha.yaml", "--out", sources / "out").returncode == 0
    _edit(sources, f"  sha256: {digest.upper()}\n", "")
    assert kg_main("build", sources / "alpha.yaml", "--out", sources / "out").returncode == 0


def test_the_article_text_is_never_written(sources):
    text = (sources / "alpha.txt").read_bytes()
    stat = (sources / "alpha.txt").stat()
    assert kg_main("build", sources / "alpha.yaml", "--out", sources / "out").returncode == 0
    assert (sources / "alpha.txt").read_bytes() == text
    assert (sources / "alpha.txt").stat().st_mtime_ns == stat.st_mtime_ns


def test_outlet_is_another_name_for_publisher():
    ds = _graph(ALPHA, SOURCES / "beta.yaml")
    assert ds.value(ID["article/courier-2025-05-southland-rejects"], SDO.publisher) == ID["actor/lowland-courier"]


BAD = [
    (
        "url: https://meridian-post.example/2025/05/04/corran-truce",
        "url: meridian-post.example/2025/05/04/corran-truce",
        "url: ",
        "'url' is not a web address: 'meridian-post.example/2025/05/04/corran-truce'",
        "from http:// or https://",
    ),
    (
        "datePublished: 2025-05-04T09:30:00+02:00",
        "datePublished: 2025-05-04T09:30:00",
        "datePublished: ",
        "'datePublished' gives a time without its zone: 2025-05-04T09:30:00",
        "2025-03-18T14:05:00+03:00",
    ),
    (
        "datePublished: 2025-05-04T09:30:00+02:00",
        'datePublished: "4 May 2025"',
        "datePublished: ",
        "'datePublished' is not a date: '4 May 2025'",
        "write the date as YYYY-MM-DD",
    ),
    (
        '  datePublishedNote: "The time on the outlet\'s web page (invented)."\n',
        "",
        "datePublished: ",
        "the publication date does not say where it comes from",
        "add datePublishedNote:",
    ),
    (
        "  sha256: a7af",
        "  sha256: zz7af",
        "  sha256: ",
        "'sha256' must be 64 hex digits",
        "sha256sum FILE",
    ),
    (
        "  publisher: meridian-post\n",
        "  publisher: meridian-post\n  outlet: meridian-post\n",
        "  outlet: ",
        "the article names its outlet twice ('publisher:' and 'outlet:')",
        "'publisher: ID' (preferred)",
    ),
    (
        "  language: en\n",
        "  language: no\n",
        "  language: ",
        "'language' must be text, not False",
        'write language: "..." (in double quotes)',
    ),
    (
        "  byline: [Ada Quill, Ben Moss]\n",
        "  byline: {name: Ada Quill}\n",
        "  byline: ",
        "'byline' must be a name or a list of names",
        'byline: ["Jane Doe", "John Roe"]',
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message", "fix"), BAD, ids=[b[3][:30] for b in BAD])
def test_bad_article_metadata_is_a_clear_error(sources, old, new, at, message, fix):
    text = _edit(sources, old, new)
    err = _fails(sources)
    line = _line_of(text, at)
    assert f"alpha.yaml:{line}: [meridian-2025-05-corran-truce] {message}" in err
    assert fix in err.split(message, 1)[1].split("\n", 2)[1]


def test_the_seed_keeps_its_quoted_reference_date(seed_build):
    seed = URIRef("https://w3id.org/ceasefire-kg/id/article/tdi-2025-03-tokayev-welcomes-trump-putin-call")
    ds = seed_build.dataset
    assert ds.value(seed, SDO.datePublished) is None
    assert ds.value(seed, CFO.referenceDate) is not None
    assert (seed, RDF.type, SDO.NewsArticle) in ds
