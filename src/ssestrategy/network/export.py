"""Export a territory's network to GraphML and GEXF (for Gephi, yEd, Cytoscape, networkx).

The graph is :func:`~ssestrategy.network.graph.to_graph`'s multigraph (one edge per
partnership, keyed by its position), with attributes made to fit the file formats, which only
hold strings, integers, floats and booleans:

* ``None`` (an unknown value) is left out;
* tuples (a node's ``poles``) become ``;``-separated strings;
* provenance becomes a string: the citation and its label for a source
  (``"HCP 2024 [official]"``), ``"assumption: note [low, high]"`` for an assumption;
* the partnership's year ``start`` is written as ``start_year`` (``start`` means a time
  interval in GEXF); the edge ``weight`` is the intensity; each node gets ``label`` = its
  name (the label Gephi shows);
* graph attributes: ``name``, ``region``, ``country``, ``code``, ``provenance`` and ``poles``
  (the pole ids, ``;``-separated); the indicators are not exported.

Examples
--------
>>> import tempfile, pathlib, networkx as nx
>>> from ssestrategy.model import Actor, Partnership, Territory
>>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
>>> t = Territory(name="T",
...     actors=[Actor(id=i, name=i.upper(), kind="cooperative", capacities=caps) for i in "ab"],
...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5)])
>>> with tempfile.TemporaryDirectory() as d:
...     write_graphml(t, pathlib.Path(d) / "t.graphml")
...     g = nx.read_graphml(pathlib.Path(d) / "t.graphml")
>>> g.nodes["a"]["kind"], g.nodes["a"]["networking"]
('cooperative', 0.4)
"""

from __future__ import annotations

import os
from typing import Any

import networkx as nx

from .._files import atomic_write, check_writable
from ..model.provenance import Assumption, Source
from ..model.territory import Territory
from .graph import to_graph

__all__ = ["export_graph", "write_gexf", "write_graphml"]


def _provenance(value: Any) -> str:
    if isinstance(value, Source):
        return f"{value.citation} [{value.label.value}]"
    if isinstance(value, Assumption):
        rng = ""
        if value.low is not None or value.high is not None:
            rng = f" [{value.low if value.low is not None else ''}, "
            rng += f"{value.high if value.high is not None else ''}]"
        return f"assumption: {value.note}{rng}"
    return str(value)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == "provenance":
            out[key] = _provenance(value)
        elif isinstance(value, bool | int | float | str):
            out[key] = value
        elif isinstance(value, tuple | list):
            out[key] = ";".join(str(v) for v in value)
        else:
            out[key] = str(value)
    return out


def export_graph(territory: Territory) -> nx.MultiGraph:
    """The multigraph written by :func:`write_graphml` and :func:`write_gexf`.

    Parameters
    ----------
    territory : Territory

    Returns
    -------
    networkx.MultiGraph
        Every attribute a string, int, float or bool (see the module notes).

    Examples
    --------
    >>> from ssestrategy.model import Actor, Assumption, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T", actors=[Actor(id="a", name="A", kind="artisan",
    ...     capacities=caps, provenance=Assumption("guess", low=0.1, high=0.3))])
    >>> export_graph(t).nodes["a"]["provenance"]
    'assumption: guess [0.1, 0.3]'
    """
    g = to_graph(territory)
    out = nx.MultiGraph()
    graph_attrs = {k: g.graph.get(k) for k in ("name", "region", "country", "code", "provenance")}
    graph_attrs["poles"] = tuple(p.id for p in territory.poles)
    out.graph.update(_clean(graph_attrs))
    for node, data in g.nodes(data=True):
        attrs_ = _clean(data)
        attrs_["label"] = data["name"]
        out.add_node(node, **attrs_)
    for u, v, key, data in g.edges(keys=True, data=True):
        d = dict(data)
        d["start_year"] = d.pop("start", None)
        out.add_edge(u, v, key=key, **_clean(d))
    return out


def write_graphml(territory: Territory, path: str | os.PathLike[str]) -> None:
    """Write the territory's network as GraphML (atomically: never half a file).

    Parameters
    ----------
    territory : Territory
    path : str or path-like

    Examples
    --------
    >>> import pathlib, tempfile, networkx as nx
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i.upper(), kind="cooperative", capacities=caps)
    ...             for i in "abc"],
    ...     partnerships=[Partnership(source="a", target=o, kind="market", intensity=0.5)
    ...                   for o in "bc"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.graphml"
    >>> write_graphml(t, path)
    >>> g = nx.read_graphml(path)
    >>> g.number_of_nodes(), g.number_of_edges(), g.graph["name"]
    (3, 2, 'T')
    >>> g.nodes["a"]["label"], sorted(g.edges(data="weight"))
    ('A', [('a', 'b', 0.5), ('a', 'c', 0.5)])
    """
    g = export_graph(territory)
    target = check_writable(path, "path")
    atomic_write(target, lambda f: nx.write_graphml(g, f))


def write_gexf(territory: Territory, path: str | os.PathLike[str]) -> None:
    """Write the territory's network as GEXF 1.2 (Gephi's format; atomically).

    Parameters
    ----------
    territory : Territory
    path : str or path-like

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i.upper(), kind="association", capacities=caps)
    ...             for i in "ab"],
    ...     partnerships=[Partnership(source="a", target="b", kind="training", intensity=0.5,
    ...                               start=2021)])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_gexf(t, pathlib.Path(d) / "t.gexf")
    ...     g = nx.read_gexf(pathlib.Path(d) / "t.gexf")
    >>> g.nodes["a"]["label"], list(g.edges(data="start_year"))[0][2]
    ('A', 2021)
    """
    g = export_graph(territory)
    target = check_writable(path, "path")
    atomic_write(target, lambda f: nx.write_gexf(g, f))
