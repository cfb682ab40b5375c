"""Resilience: what removing actors (the chamber, a donor, the council, ...) does to the network.

For the network without the removed actors (and without their ties), :func:`connectivity`
reports the number of components, the share of the remaining actors in the largest one, the
isolated actors, the average shortest path on the largest component (in hops) and the global
efficiency ``E = mean over ordered pairs u != v of 1 / d(u, v)`` (0 for unreachable pairs;
Latora & Marchiori 2001). Distances come from a level-synchronous BFS on batches of sources
(sparse products). Up to ``exact_max_nodes`` nodes they are exact (equal to
:func:`networkx.average_shortest_path_length` and :func:`networkx.global_efficiency`); above,
they are estimated from ``k`` sources drawn from ``rng`` — the same sources (minus the removed
ones) for the baseline and every removal, so that differences are not sampling noise.

Each pole's networking level is recomputed without the removed actors (they leave the pole and
their ties vanish) with the shared definition (:mod:`ssestrategy.network.poles`), as is its
success.

References
----------
.. [1] Latora, V., Marchiori, M. (2001). Efficient behavior of small-world networks. *Physical
   Review Letters* 87(19), 198701.
.. [2] Albert, R., Jeong, H., Barabási, A.-L. (2000). Error and attack tolerance of complex
   networks. *Nature* 406, 378-382.

Examples
--------
>>> import networkx as nx
>>> c = connectivity(nx.star_graph(4))
>>> c.n_components, c.largest_component_share, c.average_shortest_path
(1, 1.0, 1.6)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .._deprecation import renamed_arguments
from .._random import RNGLike, check_rng, generator
from ..errors import ModelError
from ..model.factors import FACTORS, Factor
from ..model.parameters import DEFAULT_PARAMETERS
from ..model.success import ces_success, cohesion, internal_strength, pole_levels
from .adjacency import adjacency_matrix
from .centrality import EXACT_MAX_NODES, _batches
from .graph import TerritoryNetwork

__all__ = ["Connectivity", "Removal", "Resilience", "connectivity", "remove_actors", "resilience"]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Default number of sampled BFS sources on large graphs.
DEFAULT_SOURCES: Final = 32
_NETWORKING = FACTORS.index(Factor.NETWORKING)


@attrs.frozen
class Connectivity:
    """Connectivity of a network (see :func:`connectivity`).

    Attributes
    ----------
    n_actors : int
        Nodes considered.
    n_components : int
    largest_component : int
        Nodes in the largest component.
    largest_component_share : float
        ``largest_component / n_actors`` (0 for an empty graph).
    isolated : int
        Nodes without any tie.
    average_shortest_path : float or None
        Mean hop distance between distinct nodes of the largest component (None when it has
        fewer than 2 nodes).
    efficiency : float
        Global efficiency.
    exact : bool
        Whether distances were computed from every node (else from ``n_sources`` sampled ones).
    n_sources : int

    Examples
    --------
    >>> import networkx as nx
    >>> connectivity(nx.path_graph(3)).average_shortest_path
    1.3333333333333333
    """

    n_actors: int
    n_components: int
    largest_component: int
    largest_component_share: float
    isolated: int
    average_shortest_path: float | None
    efficiency: float
    exact: bool
    n_sources: int


def _bfs_distances(a: Any, batch: IntArray) -> NDArray[np.int32]:
    n = a.shape[0]
    b = batch.size
    cols = np.arange(b)
    dist = np.full((n, b), -1, dtype=np.int32)
    dist[batch, cols] = 0
    front = np.zeros((n, b), dtype=np.float64)
    front[batch, cols] = 1.0
    level = 0
    while True:
        new = ((a @ front) > 0) & (dist < 0)
        if not new.any():
            return dist
        level += 1
        dist[new] = level
        front = new.astype(np.float64)


def _connectivity(a: Any, sources: IntArray | None) -> Connectivity:
    """``sources`` None = exact (every node); else BFS from those rows only."""
    n = a.shape[0]
    if n == 0:
        return Connectivity(0, 0, 0, 0.0, 0, None, 0.0, True, 0)
    n_comp, lab = connected_components(a, directed=False)
    sizes = np.bincount(lab)
    giant = int(np.argmax(sizes))
    big = int(sizes[giant])
    isolated = int((np.diff(a.indptr) == 0).sum())
    src = np.arange(n, dtype=np.int64) if sources is None else sources
    inv_sum = 0.0
    d_sum = 0.0
    d_pairs = 0
    for batch in _batches(src, n):
        dist = _bfs_distances(a, batch)
        reach = dist > 0
        inv = np.zeros(dist.shape)
        np.divide(1.0, dist, out=inv, where=reach)
        inv_sum += float(inv.sum())
        in_giant = lab[batch] == giant
        if in_giant.any():
            dg = dist[:, in_giant]
            d_sum += float(dg[dg > 0].sum())
            d_pairs += int((dg > 0).sum())
    n_src = src.size
    eff = inv_sum / (n_src * (n - 1)) if n > 1 and n_src else 0.0
    aspl = d_sum / d_pairs if d_pairs else None
    if big < 2:
        aspl = None
    return Connectivity(
        n_actors=int(n),
        n_components=int(n_comp),
        largest_component=big,
        largest_component_share=big / n,
        isolated=isolated,
        average_shortest_path=aspl,
        efficiency=float(eff),
        exact=sources is None,
        n_sources=int(n_src),
    )


def _sources(n: int, k: int, rng: RNGLike, exact_max_nodes: int) -> IntArray | None:
    check_rng(rng)
    if n <= exact_max_nodes or k >= n:
        return None
    return np.sort(generator(rng).choice(n, size=k, replace=False)).astype(np.int64)


@renamed_arguments(seed="rng")
def connectivity(
    graph: Any,
    *,
    k: int = DEFAULT_SOURCES,
    rng: RNGLike = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> Connectivity:
    """Components, largest-component share, average shortest path and global efficiency.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    k : int, default 32
        BFS sources sampled when the graph has more than ``exact_max_nodes`` nodes. With
        sampled sources, the average shortest path is estimated from the sources that lie in
        the largest component (so it may be None if none does).
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Draws the sampled sources (one stream, :mod:`ssestrategy._random`).
    exact_max_nodes : int, default 2000

    Returns
    -------
    Connectivity

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (3, 4)])
    >>> c = connectivity(g)
    >>> c.n_components, c.largest_component_share, round(c.efficiency, 4)
    (2, 0.6, 0.35)
    """
    a = adjacency_matrix(graph, weight=None)
    return _connectivity(a, _sources(a.shape[0], k, rng, exact_max_nodes))


@attrs.frozen(eq=False)
class Removal:
    """The network after removing some actors (see :func:`remove_actors`).

    Attributes
    ----------
    label : str
    removed : tuple of str
        Ids of the removed actors.
    connectivity : Connectivity
        Of the remaining actors.
    networking : ndarray, shape (p,)
        Each pole's networking level without them.
    success : ndarray, shape (p,)
        Each pole's success without them.

    Examples
    --------
    Built by :func:`remove_actors`: a star network loses its hub.

    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="Star",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "habc"],
    ...     partnerships=[Partnership(source="h", target=o, kind="market", intensity=0.5)
    ...                   for o in "abc"],
    ...     poles=[Pole(id="p", name="P", value_chain="argan", members=tuple("hab"))])
    >>> r = remove_actors(territory_network(t), ["h"], label="hub")
    >>> r.label, r.removed, r.connectivity.n_components
    ('hub', ('h',), 3)
    >>> r.networking.round(3), r.success.round(3)
    (array([0.2]), array([0.137]))
    """

    label: str
    removed: tuple[str, ...]
    connectivity: Connectivity
    networking: Array
    success: Array


@attrs.frozen(eq=False)
class Resilience:
    """Baseline and removals (see :func:`resilience`).

    Attributes
    ----------
    pole_ids : tuple of str
    baseline : Connectivity
    baseline_networking, baseline_success : ndarray, shape (p,)
    removals : tuple of Removal
    cohesion_scale, ces_rho : float
    exact : bool
    n_sources : int
        BFS sources drawn for the baseline when not exact (the same ones, minus the removed
        actors, serve every removal).

    Examples
    --------
    See :func:`resilience`.
    """

    pole_ids: tuple[str, ...]
    baseline: Connectivity
    baseline_networking: Array
    baseline_success: Array
    removals: tuple[Removal, ...]
    cohesion_scale: float
    ces_rho: float
    exact: bool
    n_sources: int


def _poles_without(
    net: TerritoryNetwork, keep: NDArray[np.bool_], scale: float, rho: float
) -> tuple[Array, Array]:
    mem = sparse.csr_array(net.membership.multiply(keep[:, None].astype(np.float64)))
    w = net.intensity * (keep[net.sources] & keep[net.targets])
    coh = cohesion(internal_strength(net.sources, net.targets, w, mem), scale)
    levels = pole_levels(net.capacities, mem, coh, net.unit_weights)
    if levels.shape[0] == 0:
        return np.zeros(0), np.zeros(0)
    return levels[:, _NETWORKING].copy(), np.asarray(ces_success(levels, rho), dtype=np.float64)


def _params(cohesion_scale: float | None, ces_rho: float | None) -> tuple[float, float]:
    scale = DEFAULT_PARAMETERS["cohesion_scale"].value if cohesion_scale is None else cohesion_scale
    rho = DEFAULT_PARAMETERS["ces_rho"].value if ces_rho is None else ces_rho
    if not scale > 0 or not np.isfinite(scale):
        raise ModelError.at("cohesion_scale", "expected a positive number")
    if not rho < 0:
        raise ModelError.at("ces_rho", "expected a negative exponent")
    return float(scale), float(rho)


def _removal(
    net: TerritoryNetwork,
    label: str,
    ids: Sequence[str],
    sources: IntArray | None,
    scale: float,
    rho: float,
) -> Removal:
    if isinstance(ids, str):
        ids = (ids,)
    rows = np.array([net.index(i) for i in ids], dtype=np.int64)
    keep = np.ones(net.n_actors, dtype=bool)
    keep[rows] = False
    kept = np.flatnonzero(keep)
    a = net.binary[kept][:, kept]
    src = None
    if sources is not None:
        new_pos = np.full(net.n_actors, -1, dtype=np.int64)
        new_pos[kept] = np.arange(kept.size)
        src = new_pos[sources[keep[sources]]]
    nw, succ = _poles_without(net, keep, scale, rho)
    return Removal(
        label=label,
        removed=tuple(ids),
        connectivity=_connectivity(sparse.csr_array(a), src),
        networking=nw,
        success=succ,
    )


@renamed_arguments(seed="rng")
def remove_actors(
    network: TerritoryNetwork,
    actors: Sequence[str],
    *,
    label: str | None = None,
    cohesion_scale: float | None = None,
    ces_rho: float | None = None,
    k: int = DEFAULT_SOURCES,
    rng: RNGLike = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> Removal:
    """The network and the poles without ``actors`` (removed together).

    Parameters
    ----------
    network : TerritoryNetwork
    actors : sequence of str
        Actor ids.
    label : str, optional
        Name of the scenario (default: the ids joined by ``+``).
    cohesion_scale, ces_rho : float, optional
        Defaults: the model parameters (1 and -4).
    k, rng, exact_max_nodes
        See :func:`connectivity`.

    Returns
    -------
    Removal

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="Star",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "habc"],
    ...     partnerships=[Partnership(source="h", target=o, kind="market", intensity=0.5)
    ...                   for o in "abc"])
    >>> r = remove_actors(territory_network(t), ["h"])
    >>> r.connectivity.n_components, r.connectivity.isolated, r.connectivity.efficiency
    (3, 3, 0.0)
    """
    scale, rho = _params(cohesion_scale, ces_rho)
    src = _sources(network.n_actors, k, rng, exact_max_nodes)
    return _removal(network, label or "+".join(actors), actors, src, scale, rho)


@renamed_arguments(seed="rng")
def resilience(
    network: TerritoryNetwork,
    removals: Mapping[str, Sequence[str]] | Sequence[str],
    *,
    cohesion_scale: float | None = None,
    ces_rho: float | None = None,
    k: int = DEFAULT_SOURCES,
    rng: RNGLike = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> Resilience:
    """Connectivity and pole networking at baseline and after each removal.

    Parameters
    ----------
    network : TerritoryNetwork
    removals : mapping of label to actor ids, or sequence of actor ids
        A mapping removes each group together; a sequence removes each actor on its own
        (labelled by its id).
    cohesion_scale, ces_rho : float, optional
    k, rng, exact_max_nodes
        See :func:`connectivity`; the sampled sources are shared by every scenario.

    Returns
    -------
    Resilience

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abc"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=1.0),
    ...                   Partnership(source="b", target="c", kind="market", intensity=1.0)],
    ...     poles=[Pole(id="p", name="P", value_chain="x", members=("a", "b", "c"))])
    >>> res = resilience(territory_network(t), ["b"])
    >>> np.round(res.baseline_networking, 3), np.round(res.removals[0].networking, 3)
    (array([0.568]), array([0.2]))
    """
    scale, rho = _params(cohesion_scale, ces_rho)
    src = _sources(network.n_actors, k, rng, exact_max_nodes)
    groups: list[tuple[str, Sequence[str]]]
    if isinstance(removals, Mapping):
        groups = [(str(lbl), tuple(ids)) for lbl, ids in removals.items()]
    else:
        if isinstance(removals, str):
            raise ModelError.at("removals", "expected a sequence of actor ids, not one string")
        groups = [(str(i), (str(i),)) for i in removals]
    keep = np.ones(network.n_actors, dtype=bool)
    nw, succ = _poles_without(network, keep, scale, rho)
    return Resilience(
        pole_ids=network.pole_ids,
        baseline=_connectivity(network.binary, src),
        baseline_networking=nw,
        baseline_success=succ,
        removals=tuple(_removal(network, lbl, ids, src, scale, rho) for lbl, ids in groups),
        cohesion_scale=scale,
        ces_rho=rho,
        exact=src is None,
        n_sources=0 if src is None else int(src.size),
    )
