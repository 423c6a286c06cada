"""The NetworkX projection written for other tools: GraphML and GEXF (Gephi, Cytoscape) or node-link JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.resources import output_file

if TYPE_CHECKING:
    import networkx as nx


def write_network(G: nx.Graph[Any], path: Path | str, fmt: str) -> None:
    """Write a projection as ``graphml``, ``gexf`` or node-link ``json``, atomically."""
    import json
    import os
    import tempfile

    import networkx as nx

    path = output_file(path, make_folder=True)  # not a folder; its folder made if missing
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        if fmt == "graphml":
            nx.write_graphml(G, tmp, encoding="utf-8", prettyprint=True)
        elif fmt == "gexf":
            nx.write_gexf(G, tmp, encoding="utf-8", prettyprint=True)
        elif fmt == "json":
            data = nx.node_link_data(G, edges="links")
            Path(tmp).write_text(
                json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
            )
        else:
            raise ValueError(f"unknown format {fmt!r}: use graphml, gexf or json")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
