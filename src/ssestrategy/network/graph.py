"""A territory as a graph: networkx views (with every attribute, and back) and compact arrays.

Three views of the same :class:`~ssestrategy.model.Territory`:

* :func:`to_graph` — a :class:`networkx.MultiGraph` carrying every field: one node per actor
  (name, kind as a string, members, ..., one attribute per factor capacity, the ids of the poles
  it belongs to), one edge per partnership (keyed by its position in ``partnerships``; kind as a
  string, intensity, directed, start, budget, provenance, the ``source`` and ``target`` ids so
  that direction survives, and ``weight`` = intensity for networkx algorithms). The territory's
  own fields, indicators and poles are graph attributes. :func:`from_graph` inverts it exactly.
* :func:`weighted_graph` — a simple :class:`networkx.Graph`: parallel ties between two actors
  are merged and their intensities summed into ``weight``; direction is ignored (a directed tie
  still links the two actors). The metrics are defined on this view.
* :class:`TerritoryNetwork` — the same simple weighted graph as index arrays and a symmetric
  :mod:`scipy.sparse` adjacency, with actor kinds, capacities and pole memberships as arrays:
  what the vectorised metrics use on national-size networks (no Python loop over ties).

Examples
--------
>>> from ssestrategy.model import Actor, Partnership, Territory
>>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
>>> t = Territory(name="Demo",
...     actors=[Actor(id="a", name="A", kind="cooperative", capacities=caps),
...             Actor(id="b", name="B", kind="chamber", capacities=caps)],
...     partnerships=[Partnership(source="b", target="a", kind="training", intensity=0.5),
...                   Partnership(source="a", target="b", kind="market", intensity=0.25)])
>>> g = to_graph(t)
>>> g.nodes["b"]["kind"], g.number_of_edges()
('chamber', 2)
>>> from_graph(g) == t
True
>>> weighted_graph(t)["a"]["b"]["weight"]
0.75
>>> territory_network(t).adjacency.toarray()
array([[0.  , 0.75],
       [0.75, 0.  ]])
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import attrs
import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ..errors import ModelError
from ..model.factors import FACTORS
from ..model.success import membership_matrix
from ..model.territory import Actor, ActorKind, Partnership, PartnershipKind, Territory

__all__ = [
    "ACTOR_KINDS",
    "FINANCING_KINDS",
    "INSTITUTIONAL_KINDS",
    "MARKET_KINDS",
    "MARKET_TIE_KINDS",
    "PARTNERSHIP_KINDS",
    "TerritoryNetwork",
    "from_graph",
    "territory_network",
    "to_graph",
    "weighted_graph",
]

ACTOR_KINDS: tuple[ActorKind, ...] = tuple(ActorKind)
"""Actor kinds in the order of :attr:`TerritoryNetwork.kinds` codes."""

PARTNERSHIP_KINDS: tuple[PartnershipKind, ...] = tuple(PartnershipKind)
"""Partnership kinds in the order of :attr:`TerritoryNetwork.tie_kinds` codes."""

FINANCING_KINDS: frozenset[ActorKind] = frozenset(
    {ActorKind.FINANCIAL_INSTITUTION, ActorKind.DEVELOPMENT_AGENCY}
)
"""Actors that bring financing: banks and micro-finance, donors and development agencies."""

INSTITUTIONAL_KINDS: frozenset[ActorKind] = frozenset(
    {ActorKind.PUBLIC_AUTHORITY, ActorKind.MINISTRY, ActorKind.CHAMBER}
)
"""Public institutions: councils and authorities, ministries, chambers."""

MARKET_KINDS: frozenset[ActorKind] = frozenset({ActorKind.ENTERPRISE})
"""Actors that open a market: enterprises."""

MARKET_TIE_KINDS: frozenset[PartnershipKind] = frozenset({PartnershipKind.MARKET})
"""Partnership kinds that are market ties, whoever the partner is."""

_ACTOR_FIELDS = ("name", "members", "women_share", "commune", "rural", "value_chain", "provenance")
_TIE_FIELDS = ("intensity", "directed", "start", "budget", "provenance")


def to_graph(territory: Territory) -> nx.MultiGraph:
    """The territory as a :class:`networkx.MultiGraph` with every attribute.

    Parameters
    ----------
    territory : Territory

    Returns
    -------
    networkx.MultiGraph
        Nodes are actor ids in the order of ``territory.actors``, with attributes ``name``,
        ``kind`` (the string value), ``members``, ``women_share``, ``commune``, ``rural``,
        ``value_chain``, ``provenance``, one attribute per factor (``financing``,
        ``networking``, ``innovation``, ``governance``) and ``poles`` (tuple of the ids of the
        poles the actor belongs to). Edge ``k`` is ``territory.partnerships[k]`` with
        attributes ``source``, ``target``, ``kind`` (string), ``intensity``, ``weight``
        (= intensity), ``directed``, ``start``, ``budget``, ``provenance``. Graph attributes:
        ``name``, ``region``, ``country``, ``code``, ``provenance``, ``indicators`` and
        ``poles`` (the model objects).

    See Also
    --------
    from_graph, weighted_graph

    Examples
    --------
    >>> from ssestrategy.model import Actor, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> g = to_graph(Territory(name="T", actors=[Actor(id="a", name="A", kind="cooperative",
    ...                                                capacities=caps)]))
    >>> g.nodes["a"]["networking"], g.graph["name"]
    (0.4, 'T')
    """
    g = nx.MultiGraph(
        name=territory.name,
        region=territory.region,
        country=territory.country,
        code=territory.code,
        provenance=territory.provenance,
        indicators=territory.indicators,
        poles=territory.poles,
    )
    pole_of: dict[str, list[str]] = {}
    for pole in territory.poles:
        for m in pole.members:
            pole_of.setdefault(m, []).append(pole.id)
    for a in territory.actors:
        attrs_: dict[str, Any] = {"kind": a.kind.value}
        attrs_.update({f: getattr(a, f) for f in _ACTOR_FIELDS})
        attrs_.update(a.capacities.as_dict())
        attrs_["poles"] = tuple(pole_of.get(a.id, ()))
        g.add_node(a.id, **attrs_)
    for k, p in enumerate(territory.partnerships):
        e: dict[str, Any] = {"source": p.source, "target": p.target, "kind": p.kind.value}
        e.update({f: getattr(p, f) for f in _TIE_FIELDS})
        e["weight"] = p.intensity
        g.add_edge(p.source, p.target, key=k, **e)
    return g


def from_graph(graph: nx.Graph) -> Territory:
    """Rebuild a :class:`~ssestrategy.model.Territory` from :func:`to_graph`'s graph.

    Node order gives the actor order and edge keys the partnership order (edges without an
    integer key follow in iteration order). An edge without ``source``/``target`` attributes
    runs from the first to the second end networkx reports. Missing optional attributes take
    their defaults; poles come from the graph attribute ``poles``.

    Parameters
    ----------
    graph : networkx.Graph or networkx.MultiGraph

    Returns
    -------
    Territory

    Raises
    ------
    ModelError
        When a node or edge lacks a required attribute or holds an invalid value (the path
        names it, e.g. ``nodes['coop-1'].kind``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(name="Tiny")
    >>> caps = dict(financing=0.1, networking=0.2, innovation=0.3, governance=0.4)
    >>> g.add_node("a", name="A", kind="cooperative", **caps)
    >>> g.add_node("b", name="B", kind="association", **caps)
    >>> g.add_edge("a", "b", kind="federation", intensity=0.5)
    >>> t = from_graph(g)
    >>> t.partnerships[0].kind.value, len(t.actors)
    ('federation', 2)
    """
    data = graph.graph
    actors: list[Actor] = []
    for node, nd in graph.nodes(data=True):
        path = f"nodes[{node!r}]"
        for key in ("name", "kind", *(f.value for f in FACTORS)):
            if key not in nd:
                raise ModelError.at(f"{path}.{key}", "missing attribute")
        fields = {f: nd[f] for f in _ACTOR_FIELDS if f in nd}
        try:
            actors.append(
                Actor(
                    id=str(node),
                    kind=nd["kind"],
                    capacities={f.value: nd[f.value] for f in FACTORS},
                    **fields,
                )
            )
        except ModelError as err:
            raise err.prefixed(path) from None
    if graph.is_multigraph():
        edges = list(graph.edges(keys=True, data=True))
    else:
        edges = [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    order = sorted(
        range(len(edges)),
        key=lambda i: (0, edges[i][2], i) if isinstance(edges[i][2], int) else (1, 0, i),
    )
    ties: list[Partnership] = []
    for i in order:
        u, v, key, ed = edges[i]
        path = f"edges[{u!r}, {v!r}" + (f", {key!r}]" if key is not None else "]")
        for name in ("kind", "intensity"):
            if name not in ed:
                raise ModelError.at(f"{path}.{name}", "missing attribute")
        fields = {f: ed[f] for f in _TIE_FIELDS if f in ed}
        try:
            ties.append(
                Partnership(
                    source=str(ed.get("source", u)),
                    target=str(ed.get("target", v)),
                    kind=ed["kind"],
                    **fields,
                )
            )
        except ModelError as err:
            raise err.prefixed(path) from None
    return Territory(
        name=data.get("name") or "unnamed",
        region=data.get("region"),
        country=data.get("country"),
        code=data.get("code"),
        indicators=tuple(data.get("indicators", ())),
        actors=tuple(actors),
        partnerships=tuple(ties),
        poles=tuple(data.get("poles", ())),
        provenance=data.get("provenance"),
    )


def weighted_graph(territory: Territory) -> nx.Graph:
    """Simple weighted view: one edge per linked pair, ``weight`` = sum of tie intensities.

    Direction is ignored and parallel ties are merged (``ties`` counts them). Nodes carry
    ``kind`` (string) and ``name``; every actor is a node, isolated or not.

    Parameters
    ----------
    territory : Territory

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abc"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5),
    ...                   Partnership(source="b", target="a", kind="training", intensity=0.2,
    ...                               directed=True)])
    >>> g = weighted_graph(t)
    >>> g["a"]["b"], g.degree("c")
    ({'weight': 0.7, 'ties': 2}, 0)
    """
    g = nx.Graph(name=territory.name)
    for a in territory.actors:
        g.add_node(a.id, kind=a.kind.value, name=a.name)
    for p in territory.partnerships:
        if g.has_edge(p.source, p.target):
            d = g[p.source][p.target]
            d["weight"] += p.intensity
            d["ties"] += 1
        else:
            g.add_edge(p.source, p.target, weight=p.intensity, ties=1)
    return g


def _csr(value: Any) -> Any:
    return sparse.csr_array(value)


@attrs.frozen(eq=False)
class TerritoryNetwork:
    """A territory's network as arrays (built by :func:`territory_network`).

    Attributes
    ----------
    ids, names : tuple of str
        Actor ids and names; position ``i`` is row ``i`` of every array.
    kinds : ndarray of int, shape (n,)
        Index of each actor's kind in :data:`ACTOR_KINDS`.
    capacities : ndarray, shape (n, 4)
        Capacities in canonical factor order.
    sources, targets : ndarray of int, shape (m,)
        Ends of each partnership (``m`` = number of partnerships, parallel ties included).
    intensity : ndarray, shape (m,)
    tie_kinds : ndarray of int, shape (m,)
        Index of each partnership's kind in :data:`PARTNERSHIP_KINDS`.
    directed : ndarray of bool, shape (m,)
    pole_ids, pole_names : tuple of str
    membership : scipy.sparse.csr_array, shape (n, p)
        0/1 pole membership.
    adjacency : scipy.sparse.csr_array, shape (n, n)
        Symmetric weighted adjacency of the simple view (:func:`weighted_graph`): summed
        intensities, zero diagonal.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="artisan", capacities=caps) for i in "ab"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5)])
    >>> net = territory_network(t)
    >>> net.n_actors, net.n_ties, net.index("b")
    (2, 1, 1)
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    kinds: NDArray[np.int64]
    capacities: NDArray[np.float64]
    sources: NDArray[np.int64]
    targets: NDArray[np.int64]
    intensity: NDArray[np.float64]
    tie_kinds: NDArray[np.int64]
    directed: NDArray[np.bool_]
    pole_ids: tuple[str, ...]
    pole_names: tuple[str, ...]
    membership: Any = attrs.field(converter=_csr)
    adjacency: Any = attrs.field(converter=_csr)
    units: NDArray[np.float64] | None = None
    _lookup: dict[str, int] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_lookup", {a: i for i, a in enumerate(self.ids)})

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.ids)

    @property
    def unit_weights(self) -> NDArray[np.float64]:
        """Units each actor stands for (``Actor.units``; 1 when not given): the weights of
        pole levels, as in the simulation."""
        if self.units is None:
            return np.ones(len(self.ids))
        return self.units

    @property
    def n_ties(self) -> int:
        """Number of partnerships (parallel ties counted)."""
        return int(self.sources.size)

    @property
    def n_poles(self) -> int:
        """Number of poles."""
        return len(self.pole_ids)

    @property
    def binary(self) -> Any:
        """0/1 adjacency of the simple view (csr_array)."""
        b = self.adjacency.copy()
        b.data = np.ones_like(b.data)
        return b

    def index(self, actor_id: str) -> int:
        """Row of an actor (raises ModelError for an unknown id)."""
        try:
            return self._lookup[actor_id]
        except KeyError:
            raise ModelError.at("actors", f"unknown actor {actor_id!r}") from None

    def kind_mask(self, kinds: Collection[ActorKind | str]) -> NDArray[np.bool_]:
        """Boolean mask of the actors whose kind is in ``kinds``."""
        codes = [ACTOR_KINDS.index(ActorKind(k)) for k in kinds]
        return np.isin(self.kinds, codes)

    def tie_kind_mask(self, kinds: Collection[PartnershipKind | str]) -> NDArray[np.bool_]:
        """Boolean mask of the partnerships whose kind is in ``kinds``."""
        codes = [PARTNERSHIP_KINDS.index(PartnershipKind(k)) for k in kinds]
        return np.isin(self.tie_kinds, codes)


def territory_network(territory: Territory) -> TerritoryNetwork:
    """Compact arrays of a territory's network (see :class:`TerritoryNetwork`).

    Parameters
    ----------
    territory : Territory

    Returns
    -------
    TerritoryNetwork

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abc"],
    ...     partnerships=[Partnership(source="a", target="c", kind="market", intensity=0.5)],
    ...     poles=[Pole(id="p", name="P", value_chain="argan", members=("a", "b"))])
    >>> net = territory_network(t)
    >>> net.sources, net.targets, net.membership.toarray().ravel()
    (array([0]), array([2]), array([1., 1., 0.]))
    """
    index: Mapping[str, int] = {a.id: i for i, a in enumerate(territory.actors)}
    n = len(territory.actors)
    ties = territory.partnerships
    m = len(ties)
    kind_code = {k: i for i, k in enumerate(ACTOR_KINDS)}
    tie_code = {k: i for i, k in enumerate(PARTNERSHIP_KINDS)}
    kinds = np.fromiter((kind_code[a.kind] for a in territory.actors), dtype=np.int64, count=n)
    caps = np.array([a.capacities.as_tuple() for a in territory.actors], dtype=np.float64)
    caps = caps.reshape(n, len(FACTORS))
    src = np.fromiter((index[p.source] for p in ties), dtype=np.int64, count=m)
    dst = np.fromiter((index[p.target] for p in ties), dtype=np.int64, count=m)
    w = np.fromiter((p.intensity for p in ties), dtype=np.float64, count=m)
    tk = np.fromiter((tie_code[p.kind] for p in ties), dtype=np.int64, count=m)
    directed = np.fromiter((p.directed for p in ties), dtype=np.bool_, count=m)
    adj = sparse.coo_array(
        (np.concatenate([w, w]), (np.concatenate([src, dst]), np.concatenate([dst, src]))),
        shape=(n, n),
    ).tocsr()
    adj.sum_duplicates()
    members = [[index[x] for x in pole.members] for pole in territory.poles]
    return TerritoryNetwork(
        ids=tuple(a.id for a in territory.actors),
        names=tuple(a.name for a in territory.actors),
        kinds=kinds,
        capacities=caps,
        sources=src,
        targets=dst,
        intensity=w,
        tie_kinds=tk,
        directed=directed,
        pole_ids=tuple(p.id for p in territory.poles),
        pole_names=tuple(p.name for p in territory.poles),
        membership=membership_matrix(members, n),
        adjacency=adj,
        units=np.asarray([float(a.units) for a in territory.actors], dtype=np.float64),
    )
