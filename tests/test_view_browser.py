"""`kg view` in a real browser: headless Chromium (Debian's ``chromium`` and ``chromium-driver``, installed by
``make browser-setup``, which ``make test`` runs) opens the page `kg view` writes of the 5-article corpus, and
the tests check what a user sees: the nodes drawn, a search, a click's quote, the filters, a clean console.

Screenshots are kept in ``test-artifacts/browser/`` (ignored by git); the path is printed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg
from kg.network.projection import SEP
from tests.conftest import ROOT, SEED_YAML, run_kg

pytestmark = pytest.mark.browser

SOURCES = ROOT / "seeds" / "examples" / "sources"
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PUTIN = "https://w3id.org/ceasefire-kg/id/actor/putin"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """(build folder, page) of the 5-article corpus: the seed and seeds/examples/sources, by their paths."""
    out = tmp_path_factory.mktemp("view") / "out"
    built = run_kg("build", SEED_YAML, SOURCES, "--out", out)
    assert built.returncode == 0, built.stderr
    page = out / "view.html"
    made = run_kg("view", "--from", out, "--out", page)
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"wrote {page}\n"
    return out, page


@pytest.fixture(scope="module")
def projection(corpus):
    return kg.load(corpus[0]).to_networkx()


@pytest.fixture(scope="module")
def edges(projection) -> list[tuple[str, str, dict]]:
    """The edges the page draws, as `kg plot` does (kg.viz.graph_select): the projection's, and a dashed
    "under condition" link from a holder to the condition of its position."""
    from kg.viz.graph_select import select

    return [(e.u, e.v, e.data) for e in select(projection).edges]


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.fail("no Chromium: run `make browser-setup` (apt-get install chromium chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium: never download a browser or a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.set_capability("goog:loggingOptions", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    yield driver
    driver.quit()


def open_page(browser, page: Path):
    browser.get(page.as_uri())
    browser.get_log("browser")  # start each test with an empty console log... after reading what the load said
    return browser


def screenshot(browser, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    browser.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


def js(browser, script: str, *args):
    return browser.execute_script(script, *args)


def status(browser) -> tuple[int, int]:
    el = browser.find_element("id", "status")
    return int(el.get_attribute("data-nodes")), int(el.get_attribute("data-edges"))


def click_at(browser, x: float, y: float) -> None:
    """A real mouse click at (x, y) of the graph's canvas, in its own pixels."""
    from selenium.webdriver.common.action_chains import ActionChains

    box = browser.find_element("id", "cy")
    size = box.size
    ActionChains(browser).move_to_element_with_offset(
        box, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()


def test_the_page_draws_every_node_and_edge_of_the_projection_and_the_console_is_clean(
    browser, corpus, projection, edges
):
    page = corpus[1]
    browser.get(page.as_uri())
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    drawn = js(browser, "return kgView.cy.nodes(':visible').length")
    assert drawn == len(projection) == js(browser, "return kgView.cy.nodes().length")
    assert js(browser, "return kgView.cy.edges(':visible').length") == len(edges) == projection.number_of_edges() + 1
    assert status(browser) == (len(projection), len(edges))
    assert browser.find_element("id", "status").text == (
        f"{len(projection)} of {len(projection)} nodes, {len(edges)} of {len(edges)} edges shown"
    )
    # drawn inside the canvas: every node's box within the visible area
    inside = js(
        browser,
        "const w = kgView.cy.width(), h = kgView.cy.height();"
        "return kgView.cy.nodes().filter(n => { const p = n.renderedPosition();"
        " return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h; }).length",
    )
    assert inside == len(projection)
    # the style of the static pictures: an actor is a blue ellipse, a proposal a yellow square
    from kg.viz.style import KIND_STYLES

    putin = js(
        browser,
        "const n = kgView.cy.getElementById(arguments[0]); return [n.style('background-color'), n.style('shape')]",
        PUTIN,
    )
    r, g, b = (int(KIND_STYLES["actor"].colour[i : i + 2], 16) for i in (1, 3, 5))
    assert putin == [f"rgb({r},{g},{b})", "ellipse"]
    screenshot(browser, "whole-graph")
    assert browser.get_log("browser") == []


def test_a_search_selects_and_centres_the_node_and_shows_its_quotes(browser, corpus, projection):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, corpus[1])
    box = browser.find_element("id", "search")
    box.send_keys("Putin", Keys.ENTER)
    assert js(browser, "return kgView.cy.$(':selected').map(e => e.id())") == [PUTIN]
    centre = js(
        browser,
        "const p = kgView.cy.getElementById(arguments[0]).renderedPosition(); return [p.x, p.y, kgView.cy.width(), kgView.cy.height()]",
        PUTIN,
    )
    assert abs(centre[0] - centre[2] / 2) < 2 and abs(centre[1] - centre[3] / 2) < 2
    panel = browser.find_element("id", "panel")
    assert panel.get_attribute("data-shown") == PUTIN
    assert panel.find_element("css selector", ".title").text == "Vladimir Putin"
    marks = [m.text for m in panel.find_elements("css selector", "mark")]
    assert marks == projection.nodes[PUTIN]["quote"].split(SEP)
    # a handle finds the node too
    box.clear()
    box.send_keys("@KremlinRussia_E", Keys.ENTER)
    assert js(browser, "return kgView.cy.$(':selected').map(e => e.id())") == [PUTIN]
    screenshot(browser, "search-putin")
    assert browser.get_log("browser") == []


def test_a_click_on_a_node_and_on_an_edge_shows_its_quote_in_its_sentence_and_its_source(browser, corpus, projection):
    open_page(browser, corpus[1])
    # a real click on the node at its place on the canvas
    x, y = js(browser, "const p = kgView.cy.getElementById(arguments[0]).renderedPosition(); return [p.x, p.y]", PUTIN)
    click_at(browser, x, y)
    panel = browser.find_element("id", "panel")
    assert panel.get_attribute("data-shown") == PUTIN
    first = panel.find_element("css selector", ".statement")
    quote = projection.nodes[PUTIN]["quote"].split(SEP)[0]
    assert first.find_element("css selector", "mark").text == quote
    sentence = first.find_element("css selector", ".sentence").text
    assert quote in sentence and len(sentence) > len(quote)
    assert first.find_element("css selector", ".source").text.startswith("TDI · 2025-03-18")
    screenshot(browser, "click-node")

    # a stance edge, clicked where no node is: the quote of the position in its sentence, and its source
    gid, x, y = js(
        browser,
        """const cy = kgView.cy; let best = null, far = -1;
        cy.edges().filter(e => kgView.data.edges.find(d => d.id === e.id()).polarity).forEach(e => {
          const m = e.renderedMidpoint();
          const near = Math.min(...cy.nodes().map(n => { const p = n.renderedPosition(); return Math.hypot(p.x - m.x, p.y - m.y); }));
          const nearEdge = Math.min(...cy.edges().filter(o => o.id() !== e.id()).map(o => { const q = o.renderedMidpoint(); return Math.hypot(q.x - m.x, q.y - m.y); }));
          const d = Math.min(near, 2 * nearEdge);
          if (d > far) { far = d; best = [e.id(), m.x, m.y]; } });
        return best;""",
    )
    click_at(browser, x, y)
    assert panel.get_attribute("data-shown") == gid
    u, key, v = gid.split("|")
    data = projection.edges[u, v, key]
    assert [m.text for m in panel.find_elements("css selector", "mark")] == data["quote"].split(SEP)
    outlets = [s.text.split(" · ")[0] for s in panel.find_elements("css selector", ".statement .source")]
    assert outlets == data["outlet"].split(SEP)
    assert panel.find_element("css selector", ".title").text.split(" — ")[1].startswith(data["stance"])
    screenshot(browser, "click-edge")
    assert browser.get_log("browser") == []


def test_the_kind_and_source_filters_hide_what_they_should(browser, corpus, projection, edges):
    open_page(browser, corpus[1])
    actors = {n for n, d in projection.nodes(data=True) if d["kind"] == "actor"}
    browser.find_element("css selector", "#f-kinds input[value='actor']").click()
    nodes = len(projection) - len(actors)
    assert status(browser) == (nodes, sum(1 for u, v, _ in edges if u not in actors and v not in actors))
    assert js(browser, "return kgView.cy.nodes(':visible').length") == nodes
    assert js(browser, "return kgView.cy.nodes(':visible').filter(n => n.data('kind') === 'actor').length") == 0
    screenshot(browser, "filter-no-actors")
    browser.find_element("css selector", "#f-kinds input[value='actor']").click()
    assert status(browser) == (len(projection), len(edges))

    # untick the source TDI: what only TDI states is hidden
    def other_source(d):  # the synthetic link has no source of its own: shown when both its ends are
        return not d.get("outlet") or any(o != "TDI" for o in d["outlet"].split(SEP))

    browser.find_element("css selector", "#f-sources input[value='TDI']").click()
    kept = {n for n, d in projection.nodes(data=True) if other_source(d)}
    shown = sum(1 for u, v, d in edges if u in kept and v in kept and other_source(d))
    assert status(browser) == (len(kept), shown)
    assert 0 < len(kept) < len(projection)
    assert js(browser, "return kgView.cy.nodes(':visible').length") == len(kept)
    screenshot(browser, "filter-not-tdi")
    assert browser.get_log("browser") == []


def test_the_stance_filter_and_the_date_range(browser, corpus, projection, edges):
    open_page(browser, corpus[1])
    browser.find_element("css selector", "#f-stances input[value='unfavourable']").click()
    shown = sum(1 for *_, d in edges if d.get("polarity") != "unfavourable" or "stance" not in d)
    assert status(browser) == (len(projection), shown)
    browser.find_element("css selector", "#f-stances input[value='unfavourable']").click()
    # up to 2025-03-18: only the seed (TDI, published that day)
    js(
        browser,
        "const u = document.getElementById('f-until'); u.value = '2025-03-18'; u.dispatchEvent(new Event('change'))",
    )
    kept = {n for n, d in projection.nodes(data=True) if "TDI" in d["outlet"].split(SEP)}
    shown = sum(1 for u, v, d in edges if u in kept and v in kept and "TDI" in d.get("outlet", "TDI").split(SEP))
    assert status(browser) == (len(kept), shown)
    screenshot(browser, "until-2025-03-18")
    assert browser.get_log("browser") == []


def test_focus_and_proposal_pages_draw_what_kg_plot_selects(browser, corpus, projection, tmp_path):
    from kg.viz.graph_select import select

    out = corpus[0]
    page = tmp_path / "putin.html"
    assert run_kg("view", "--from", out, "--focus", "Putin", "--hops", "1", "--out", page).returncode == 0
    browser.get(page.as_uri())
    picture = select(projection, focus=PUTIN, hops=1)
    assert js(browser, "return kgView.cy.nodes(':visible').map(n => n.id()).sort()") == sorted(picture.nodes)
    assert browser.find_element("id", "title").text == picture.what
    screenshot(browser, "focus-putin")
    page = tmp_path / "pause.html"
    assert run_kg("view", "--from", out, "--proposal", "energy pause", "--out", page).returncode == 0
    browser.get(page.as_uri())
    pause = "https://w3id.org/ceasefire-kg/id/proposal/energy-pause"
    picture = select(projection, proposal=pause)
    assert js(browser, "return kgView.cy.nodes().length") == len(picture.nodes)
    assert js(browser, "return kgView.cy.edges().length") == len(picture.edges)
    screenshot(browser, "proposal-energy-pause")
    assert browser.get_log("browser") == []


def test_the_page_loads_nothing_from_the_network_and_keeps_the_licence(browser, corpus):
    text = corpus[1].read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text
    browser.get(corpus[1].as_uri())
    assert js(browser, "return performance.getEntriesByType('resource').map(r => r.name)") == []
    licence = (ROOT / "kg" / "viz" / "static" / "cytoscape.LICENSE").read_text(encoding="utf-8").splitlines()[0]
    assert licence in text  # the library's licence is kept in the page
