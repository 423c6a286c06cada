"""``kg.view(g)``: the interactive view of :mod:`kg.viz.view` as a Jupyter widget.

The widget is an `anywidget <https://anywidget.dev>`_ ``AnyWidget``: its front end (``static/widget.js``, an ES
module) shows the very page ``kg view`` writes, in an iframe, so that the notebook and the browser show the same
thing, tested once. anywidget is maintained, small (one Python package, no JupyterLab extension to build or
install: the front end is shipped as the widget's ``_esm`` text) and works in JupyterLab, Notebook 7, VS Code and
Colab; ipycytoscape and ipysigma would each bring a second drawing of the graph, with their own styles and panels.

anywidget is imported when a view is made, never at ``import kg``.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.viz.view import view_html

if TYPE_CHECKING:
    from kg.query.graph import KnowledgeGraph


def view(graph: KnowledgeGraph, *, height: int = 650, title: str | None = None, **options: Any) -> Any:
    """The interactive view of ``graph`` as a Jupyter widget (display it, or leave it last in a cell).

    Options as :func:`kg.viz.view.view_data`: ``focus``/``hops`` or ``proposal`` (IRIs, e.g. ``g.node("Putin")``),
    ``source``, ``since``, ``until``. ``height`` is the widget's height in pixels. The widget's ``html`` is the
    page :func:`kg.write_view` writes. Raises ValueError as :func:`kg.write_view`; ImportError (saying what to
    install) without anywidget.
    """
    try:
        import anywidget
        import traitlets
    except ImportError as exc:  # pragma: no cover - anywidget is a dependency
        raise ImportError("kg.view needs anywidget: pip install 'ceasefire-kg[notebook]'") from exc

    class GraphView(anywidget.AnyWidget):
        _esm = resources.files("kg.viz").joinpath("static", "widget.js").read_text(encoding="utf-8")
        html = traitlets.Unicode("").tag(sync=True)
        height = traitlets.Int(650).tag(sync=True)

    return GraphView(html=view_html(graph, title=title, **options), height=height)


__all__ = ["view"]
