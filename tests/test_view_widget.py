"""``g.view()`` (and ``kg.view(g)``), the Jupyter widget: made in a real kernel (nbclient, the venv's python3 kernel), its state
saved in the notebook as Jupyter saves it, and its front end (``kg/viz/static/widget.js``) run on that state in
headless Chromium, where it shows the page of ``kg view``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, SEED_YAML, run_kg
from tests.test_view_browser import ARTIFACTS, browser, js  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.notebook, pytest.mark.browser]

SOURCES = ROOT / "seeds" / "examples" / "sources"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@pytest.fixture
def executed(tmp_path, monkeypatch):
    """A notebook that shows ``g.view("Putin", hops=1)`` of the 5-article corpus, run on the python3 kernel."""
    from nbclient import NotebookClient

    out = tmp_path / "out"
    assert run_kg("build", SEED_YAML, SOURCES, "--out", out).returncode == 0
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    monkeypatch.setenv("KG_OUT", str(out))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import os\nimport kg\n\ng = kg.load(os.environ['KG_OUT'])\nw = g.view('Putin', hops=1)\nw"
        ),
        nbformat.v4.new_code_cell(
            "len(w.html) > 100_000, w.height, kg.view(g, focus=g.node('Putin'), hops=1).html == w.html"
        ),
    ]
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", store_widget_state=True, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    return nb, out


def test_the_widget_is_made_in_a_kernel_and_its_front_end_shows_the_page(executed, browser, tmp_path):  # noqa: F811
    import kg
    from kg.viz.graph_select import select

    nb, out = executed
    (shown,) = [o for o in nb.cells[0].outputs if o.output_type == "execute_result"]
    model_id = shown.data[WIDGET_VIEW]["model_id"]
    (answer,) = nb.cells[1].outputs
    assert answer.data["text/plain"] == "(True, 650, True)"
    state = nb.metadata.widgets[WIDGET_STATE]["state"][model_id]["state"]
    assert "export default { render }" in state["_esm"]
    # the page is the one kg view writes of the same selection
    page = tmp_path / "putin.html"
    assert run_kg("view", "--from", out, "--focus", "Putin", "--hops", "1", "--out", page).returncode == 0
    assert state["html"] == page.read_text(encoding="utf-8")

    # the front end, as a notebook runs it: render({model, el}) with the saved state
    harness = tmp_path / "harness.html"
    harness.write_text(
        "<!DOCTYPE html><html><body><div id='out'></div><script type='module'>\n"
        "const state = " + json.dumps({"html": state["html"], "height": state["height"]}).replace("</", "<\\/") + ";\n"
        "const model = { get: (k) => state[k], on: () => {} };\n"
        f"const url = 'data:text/javascript;base64,' + {json.dumps(__import__('base64').b64encode(state['_esm'].encode()).decode())};\n"
        "const { default: widget } = await import(url);\n"
        "widget.render({ model, el: document.getElementById('out') });\n"
        "</script></body></html>",
        encoding="utf-8",
    )
    browser.get(harness.as_uri())
    from selenium.webdriver.support.ui import WebDriverWait

    frame = WebDriverWait(browser, 30).until(
        lambda b: b.find_elements("css selector", "iframe.kg-view"), message=str(browser.get_log("browser"))
    )[0]
    assert frame.size["height"] == 650
    browser.switch_to.frame(frame)
    WebDriverWait(browser, 30).until(lambda b: js(b, "return typeof kgView !== 'undefined'"))
    G = kg.load(out).to_networkx()
    picture = select(G, focus="https://w3id.org/ceasefire-kg/id/actor/putin", hops=1)
    assert js(browser, "return kgView.cy.nodes(':visible').map(n => n.id()).sort()") == sorted(picture.nodes)
    browser.switch_to.default_content()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "widget-putin.png"))
    print(f"screenshot: {ARTIFACTS / 'widget-putin.png'}")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    import kg

    out = tmp_path_factory.mktemp("widget") / "out"
    assert run_kg("build", SEED_YAML, SOURCES, "--out", out).returncode == 0
    return kg.load(out)


def test_g_view_takes_names_days_and_a_source_as_kg_view_does(graph):
    import datetime as dt

    from kg.viz.view import view_html

    w = graph.view(proposal="energy pause", source="TDI", since="2025-03-01", until=dt.date(2025, 3, 31), height=400)
    assert w.height == 400
    assert w.html == view_html(
        graph,
        proposal=graph.node("energy pause"),
        source="TDI",
        since=dt.date(2025, 3, 1),
        until=dt.date(2025, 3, 31),
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"focus": "nobody at all"}, "nobody at all"),
        ({"since": "March"}, "since='March' is not a day"),
        ({"until": 2025}, "until=2025 is not a day"),
        ({"source": "Pravda"}, "no article of the graph is from the source 'Pravda'; the sources: "),
        ({"proposal": "Putin"}, "'Vladimir Putin' ("),
    ],
)
def test_g_view_says_what_is_wrong(graph, options, message):
    from kg.errors import InputError

    with pytest.raises(InputError) as caught:
        graph.view(**options)
    assert message in str(caught.value)
