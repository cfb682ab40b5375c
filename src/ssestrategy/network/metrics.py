"""Actor and pole metrics of a territory's partnership network, vectorised with scipy.sparse.

Every metric is a pure function of an undirected graph given as a :class:`networkx.Graph`, a
:class:`~ssestrategy.network.graph.TerritoryNetwork` or a symmetric (sparse) adjacency matrix,
and returns a NumPy array in node order (``list(G)`` for a networkx graph, ``ids`` for a
territory network, row order for a matrix). On the same graph each equals its networkx
counterpart (the tests check it), but runs on national-size networks (60,000 actors,
500,000 ties) in seconds: no Python loop over actors or ties.

Conventions
-----------
* The graph is the simple undirected view of the territory (parallel ties merged, intensities
  summed into ``weight``; direction ignored): :func:`~ssestrategy.network.graph.weighted_graph`.
* Strength, eigenvector centrality, PageRank and brokerage use ``weight`` (tie intensity) by
  default; ``weight=None`` treats every tie as 1.
* Betweenness counts shortest paths in hops (tie intensities are strengths, not lengths), is
  normalised as networkx does (``normalized=True``, endpoints excluded) and is exact when the
  graph has at most ``exact_max_nodes`` nodes; above, it is estimated from ``k`` source nodes
  drawn with ``numpy.random.default_rng(seed)`` and rescaled exactly as networkx rescales a
  sampled estimate (Brandes & Pich 2007), so the same seed gives the same values.
* Burt's constraint and effective size are ``nan`` for an isolated actor (as in networkx).

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
   Mathematical Sociology* 25(2), 163-177.
.. [2] Brandes, U., Pich, C. (2007). Centrality estimation in large networks. *International
   Journal of Bifurcation and Chaos* 17(7), 2303-2318.
.. [3] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard
   University Press. Burt, R. S. (2004). Structural holes and good ideas. *American Journal of
   Sociology* 110(2), 349-399.
.. [4] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
   *Connections* 20(1), 35-38.
.. [5] Page, L., Brin, S., Motwani, R., Winograd, T. (1999). The PageRank citation ranking:
   bringing order to the web. Stanford InfoLab.
.. [6] Bonacich, P. (1987). Power and centrality: a family of measures. *American Journal of
   Sociology* 92(5), 1170-1182.
.. [7] Wasserman, S., Faust, K. (1994). *Social Network Analysis*. Cambridge University Press.

Examples
--------
>>> import networkx as nx
>>> g = nx.path_graph(4)
>>> degree(g), betweenness(g).values
(array([1, 2, 2, 1]), array([0.        , 0.66666667, 0.66666667, 0.        ]))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs
import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse import linalg as sparse_linalg
from scipy.stats import rankdata

from ..errors import ModelError
from .graph import (
    FINANCING_KINDS,
    INSTITUTIONAL_KINDS,
    MARKET_KINDS,
    MARKET_TIE_KINDS,
    TerritoryNetwork,
)

__all__ = [
    "BRIDGE_CATEGORIES",
    "ActorMetrics",
    "Betweenness",
    "BridgingTies",
    "KeyActor",
    "Seed",
    "actor_metrics",
    "adjacency_matrix",
    "betweenness",
    "bridging_ties",
    "constraint",
    "degree",
    "effective_size",
    "eigenvector_centrality",
    "key_actors",
    "pagerank",
    "pole_density",
    "strength",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
Seed = int | np.random.SeedSequence | np.random.Generator
"""What a ``seed`` argument accepts (passed to :func:`numpy.random.default_rng`)."""

#: Default largest graph on which betweenness is exact (above: sampled).
EXACT_MAX_NODES: Final = 2000
#: Default number of sampled sources for betweenness on a large graph.
DEFAULT_K: Final = 64
# Dense (nodes x batch) work arrays are kept to about this many entries (~32 MB of float64).
_BATCH_ENTRIES: Final = 4_000_000
# Wedges examined per chunk when listing triangles for brokerage.
_WEDGES_PER_CHUNK: Final = 2_000_000

BRIDGE_CATEGORIES: Final = ("financing", "market", "institutional")
"""Categories of :func:`bridging_ties`, in column order."""


# --- input ---------------------------------------------------------------------------------


def adjacency_matrix(graph: Any, weight: str | None = "weight") -> Any:
    """Symmetric adjacency of an undirected graph as a ``scipy.sparse.csr_array``.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork, sparse matrix or 2-D array
        Undirected, without self-loops. A multigraph's parallel edges are summed.
    weight : str or None, default "weight"
        Edge attribute holding the weight (for a TerritoryNetwork any string selects the
        summed intensities); ``None`` gives a 0/1 matrix.

    Returns
    -------
    scipy.sparse.csr_array, shape (n, n)

    Raises
    ------
    ModelError
        For a directed graph, a self-loop, an asymmetric, negative or non-finite matrix.

    Examples
    --------
    >>> import networkx as nx
    >>> adjacency_matrix(nx.path_graph(3), weight=None).toarray()
    array([[0., 1., 0.],
           [1., 0., 1.],
           [0., 1., 0.]])
    """
    if isinstance(graph, TerritoryNetwork):
        return graph.adjacency if weight is not None else graph.binary
    if isinstance(graph, nx.Graph):
        if graph.is_directed():
            raise ModelError.at("graph", "expected an undirected graph")
        if nx.number_of_selfloops(graph):
            raise ModelError.at("graph", "self-loops are not supported")
        if graph.number_of_nodes() == 0:
            return sparse.csr_array((0, 0), dtype=np.float64)
        a = sparse.csr_array(
            nx.to_scipy_sparse_array(graph, weight=weight, dtype=np.float64, format="csr")
        )
        if weight is None:
            a.data[:] = 1.0
        _check_weights(a)
        return a
    try:
        a = sparse.csr_array(graph, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelError.at("graph", f"expected a graph or an adjacency matrix ({exc})") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ModelError.at("graph", f"expected a square adjacency matrix, got shape {a.shape}")
    a.eliminate_zeros()
    _check_weights(a)
    if a.diagonal().any():
        raise ModelError.at("graph", "self-loops are not supported (non-zero diagonal)")
    if abs(a - a.T).max() > 1e-12 * (abs(a).max() if a.nnz else 1.0):
        raise ModelError.at("graph", "expected a symmetric (undirected) adjacency matrix")
    if weight is None:
        a.data[:] = 1.0
    return a


def _check_weights(a: Any) -> None:
    if not np.isfinite(a.data).all():
        raise ModelError.at("graph", "edge weights must be finite numbers")
    if (a.data < 0).any():
        raise ModelError.at("graph", "edge weights must be non-negative")


def _rng(seed: Seed) -> np.random.Generator:
    if isinstance(seed, bool) or not isinstance(
        seed, int | np.integer | np.random.SeedSequence | np.random.Generator
    ):
        raise ModelError.at("seed", "expected an int, a numpy SeedSequence or a Generator")
    return np.random.default_rng(seed)


# --- degree, strength ----------------------------------------------------------------------


def degree(graph: Any) -> NDArray[np.int64]:
    """Number of partners of each node (parallel ties count once).

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix

    Returns
    -------
    ndarray of int, shape (n,)

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.star_graph(3))
    array([3, 1, 1, 1])
    """
    a = adjacency_matrix(graph, weight=None)
    out: NDArray[np.int64] = np.diff(a.indptr).astype(np.int64)
    return out


def strength(graph: Any, weight: str | None = "weight") -> Array:
    """Weighted degree (sum of tie intensities) of each node.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    weight : str or None, default "weight"

    Returns
    -------
    ndarray, shape (n,)

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1, {"weight": 0.5}), (1, 2, {"weight": 0.25})])
    >>> strength(g)
    array([0.5 , 0.75, 0.25])
    """
    a = adjacency_matrix(graph, weight=weight)
    return np.asarray(a.sum(axis=1), dtype=np.float64).ravel()


# --- breadth-first search on many sources at once ------------------------------------------


def _batches(sources: NDArray[np.int64], n: int) -> Iterator[NDArray[np.int64]]:
    size = max(1, min(1024, _BATCH_ENTRIES // max(n, 1)))
    for i in range(0, sources.size, size):
        yield sources[i : i + size]


def _bfs_counts(a: Any, batch: NDArray[np.int64]) -> tuple[NDArray[np.int32], Array, int]:
    """Hop distances (-1 unreachable) and shortest-path counts from each source of a batch.

    Level-synchronous BFS: one sparse product per level advances every source at once.
    """
    n = a.shape[0]
    b = batch.size
    cols = np.arange(b)
    dist = np.full((n, b), -1, dtype=np.int32)
    sigma = np.zeros((n, b), dtype=np.float64)
    dist[batch, cols] = 0
    sigma[batch, cols] = 1.0
    front = np.zeros((n, b), dtype=np.float64)
    front[batch, cols] = 1.0
    level = 0
    while True:
        reach = a @ front
        new = (reach > 0) & (dist < 0)
        if not new.any():
            break
        level += 1
        dist[new] = level
        sigma[new] = reach[new]
        front = np.where(new, sigma, 0.0)
    return dist, sigma, level


def _dependencies(a: Any, batch: NDArray[np.int64]) -> Array:
    """Brandes' accumulated dependencies of every node on the batch's sources, summed."""
    dist, sigma, depth = _bfs_counts(a, batch)
    delta = np.zeros_like(sigma)
    for d in range(depth, 0, -1):
        at = dist == d
        t = np.zeros_like(sigma)
        t[at] = (1.0 + delta[at]) / sigma[at]
        back = a @ t
        prev = dist == d - 1
        delta[prev] += sigma[prev] * back[prev]
    delta[batch, np.arange(batch.size)] = 0.0  # a source gets no credit for its own paths
    out: Array = delta.sum(axis=1)
    return out


@attrs.frozen(eq=False)
class Betweenness:
    """Betweenness centrality with the conventions used (see :func:`betweenness`).

    Attributes
    ----------
    values : ndarray, shape (n,)
    sampled : bool
        Whether the values are a sampled estimate.
    k : int
        Number of source nodes used (``n`` when exact).
    sources : ndarray of int
        The source nodes (row indices) when sampled; empty when exact.
    normalized : bool
    endpoints : bool
        Always False: a path's ends are not credited.
    weight : None
        Always None: paths are counted in hops.

    Examples
    --------
    >>> import networkx as nx
    >>> b = betweenness(nx.path_graph(3), normalized=False)
    >>> b.values, b.sampled, b.k
    (array([0., 1., 0.]), False, 3)
    """

    values: Array
    sampled: bool
    k: int
    sources: NDArray[np.int64]
    normalized: bool
    endpoints: bool = False
    weight: None = None


def betweenness(
    graph: Any,
    *,
    k: int | None = None,
    seed: Seed = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
    normalized: bool = True,
    sources: Sequence[int] | NDArray[np.integer[Any]] | None = None,
) -> Betweenness:
    """Shortest-path betweenness of each node, exact or estimated from sampled sources.

    ``b(v) = sum over pairs s != t, s, t != v of sigma_st(v) / sigma_st`` with path counts
    ``sigma`` over shortest paths in hops, computed with Brandes' accumulation [1]_ run as a
    level-synchronous BFS on batches of sources (sparse products). Normalised, it is divided by
    ``(n - 1)(n - 2)`` (twice the number of unordered pairs, as networkx does for undirected
    graphs). A sampled estimate [2]_ sums the dependencies on ``k`` random sources and rescales
    them as :func:`networkx.betweenness_centrality` does with ``k`` (sources by
    ``1 / ((k - 1)(n - 2))``, other nodes by ``1 / (k (n - 2))`` when normalised).

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
        Undirected; weights are ignored.
    k : int, optional
        Number of sources to sample. By default the computation is exact when the graph has
        at most ``exact_max_nodes`` nodes, and uses ``k = 64`` sources above. ``k >= n``
        means exact.
    seed : int, SeedSequence or Generator, default 0
        Draws the sources (``numpy.random.default_rng(seed)``, without replacement).
    exact_max_nodes : int, default 2000
    normalized : bool, default True
    sources : sequence of int, optional
        Explicit source rows (overrides ``k`` and ``seed``), e.g. to reproduce another
        tool's sample.

    Returns
    -------
    Betweenness

    Examples
    --------
    >>> import networkx as nx
    >>> b = betweenness(nx.star_graph(4))
    >>> b.values, b.sampled
    (array([1., 0., 0., 0., 0.]), False)
    >>> big = nx.gnm_random_graph(3000, 9000, seed=1)
    >>> r1 = betweenness(big, k=32, seed=7)
    >>> r2 = betweenness(big, k=32, seed=7)
    >>> r1.sampled, r1.k, bool((r1.values == r2.values).all())
    (True, 32, True)
    """
    a = adjacency_matrix(graph, weight=None)
    n = a.shape[0]
    if sources is not None:
        src = np.asarray(sources, dtype=np.int64).ravel()
        if src.size == 0 or (src < 0).any() or (src >= n).any():
            raise ModelError.at("sources", f"expected node rows in [0, {n})")
        if np.unique(src).size != src.size:
            raise ModelError.at("sources", "sources must be distinct")
        sampled = True
    else:
        if k is not None and (isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1):
            raise ModelError.at("k", "expected a positive integer")
        if k is None:
            sampled = n > exact_max_nodes
            kk = DEFAULT_K if sampled else n
        else:
            sampled = k < n
            kk = int(k)
        src = (
            np.sort(_rng(seed).choice(n, size=kk, replace=False))
            if sampled
            else np.arange(n, dtype=np.int64)
        )
    total = np.zeros(n, dtype=np.float64)
    for batch in _batches(src, n):
        total += _dependencies(a, batch)
    kk = int(src.size)
    nn = n - 1  # endpoints excluded: v is never s or t
    if nn >= 2:
        if not sampled:
            scale = 1.0 / (nn * (nn - 1)) if normalized else 0.5
            total *= scale
        else:
            if normalized:
                s_src = 1.0 / ((kk - 1) * (nn - 1)) if kk > 1 else np.nan
                s_other = 1.0 / (kk * (nn - 1))
            else:
                s_src = nn / ((kk - 1) * 2.0) if kk > 1 else np.nan
                s_other = nn / (kk * 2.0)
            is_src = np.zeros(n, dtype=bool)
            is_src[src] = True
            total = np.where(is_src, total * s_src, total * s_other)
    return Betweenness(
        values=total,
        sampled=sampled,
        k=kk,
        sources=src if sampled else np.zeros(0, dtype=np.int64),
        normalized=normalized,
    )


# --- spectral centralities -----------------------------------------------------------------


def eigenvector_centrality(
    graph: Any, weight: str | None = "weight", *, max_iter: int = 1000, tol: float = 1.0e-6
) -> Array:
    """Eigenvector centrality [6]_: the Perron vector of the adjacency, unit Euclidean norm.

    The iteration is networkx's (``x <- x + A x`` from the uniform vector, normalised, until
    the L1 change is below ``n * tol``), run with sparse products; it falls back to ARPACK
    (:func:`scipy.sparse.linalg.eigsh`) if it has not converged after ``max_iter`` steps.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    weight : str or None, default "weight"
    max_iter : int, default 1000
    tol : float, default 1e-6

    Returns
    -------
    ndarray, shape (n,)

    Examples
    --------
    >>> import networkx as nx
    >>> np.round(eigenvector_centrality(nx.path_graph(3)), 4)
    array([0.5   , 0.7071, 0.5   ])
    """
    a = adjacency_matrix(graph, weight=weight)
    n = a.shape[0]
    if n == 0:
        return np.zeros(0)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + a @ last
        norm = float(np.sqrt(x @ x)) or 1.0
        x = x / norm
        if np.abs(x - last).sum() < n * tol:
            return np.asarray(x, dtype=np.float64)
    _, vecs = sparse_linalg.eigsh(a, k=1, which="LA")
    v = vecs[:, 0]
    out: Array = np.abs(v) / np.linalg.norm(v)
    return out


def pagerank(
    graph: Any,
    alpha: float = 0.85,
    weight: str | None = "weight",
    *,
    max_iter: int = 1000,
    tol: float = 1.0e-6,
) -> Array:
    """PageRank [5]_ of each node (power iteration, as :func:`networkx.pagerank`).

    Random walk along ties with probability proportional to intensity, teleporting uniformly
    with probability ``1 - alpha``; an isolated node's mass is spread uniformly. Iterates until
    the L1 change is below ``n * tol``.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    alpha : float, default 0.85
    weight : str or None, default "weight"
    max_iter : int, default 1000
    tol : float, default 1e-6

    Returns
    -------
    ndarray, shape (n,)
        Sums to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> np.round(pagerank(nx.star_graph(2)), 4)
    array([0.4865, 0.2568, 0.2568])
    """
    if not 0.0 <= alpha <= 1.0:
        raise ModelError.at("alpha", "expected a damping factor in [0, 1]")
    a = adjacency_matrix(graph, weight=weight)
    n = a.shape[0]
    if n == 0:
        return np.zeros(0)
    a = sparse.csr_array(a)
    s = np.asarray(a.sum(axis=1)).ravel()
    # divide each stored weight by its row sum (a reciprocal overflows for subnormal weights)
    row_sum = np.repeat(s, np.diff(a.indptr))
    data = np.divide(a.data, row_sum, out=np.zeros(a.data.shape[0]), where=row_sum != 0)
    p = sparse.csr_array((data, a.indices, a.indptr), shape=a.shape)
    dangling = s == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (last @ p + last[dangling].sum() / n) + (1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    return np.asarray(x, dtype=np.float64)


# --- brokerage -----------------------------------------------------------------------------


def _wedges(starts: IntArray, lens: IntArray, budget: int) -> Iterator[tuple[IntArray, IntArray]]:
    """Pairs of positions ``(i, j)``, ``i < j``, within the same group of a grouped array.

    ``starts``/``lens`` describe, for every element, its group's start and length; pairs are
    yielded in chunks of about ``budget``.
    """
    idx = np.arange(starts.size, dtype=np.int64)
    later = starts + lens - 1 - idx  # elements after i in its group
    cum = np.cumsum(later)
    chunk_id = (cum - 1) // budget if cum.size else cum
    cuts = np.flatnonzero(np.diff(chunk_id)) + 1
    for part in np.split(idx, cuts):
        c = later[part]
        total = int(c.sum())
        if total == 0:
            continue
        first = np.repeat(part, c)
        offs = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
        yield first, first + 1 + offs


def _brokerage(
    graph: Any, weight: str | None, nodes: Sequence[int] | NDArray[np.integer[Any]] | None
) -> tuple[Array, Array]:
    """Burt's constraint and effective size from the triangles of the graph.

    The indirect terms ``sum_q p_uq p_qv`` (constraint) and ``sum_q p_uq m_vq`` (redundancy)
    only involve partners ``q`` shared by ``u`` and ``v``, i.e. triangles. Triangles are listed
    by orienting each tie from the lower- to the higher-degree end and closing the wedges of
    out-ties (at most ``O(m**1.5)``, a few million on a national network), in chunks; each
    triangle adds to the six ordered pairs of its ties. No ``n x n`` product is formed.
    """
    w = adjacency_matrix(graph, weight=weight)
    n = w.shape[0]
    up = sparse.triu(w, k=1, format="coo")
    u = up.row.astype(np.int64)
    v = up.col.astype(np.int64)
    x = up.data.astype(np.float64)
    order = np.lexsort((v, u))
    u, v, x = u[order], v[order], x[order]
    m = u.size
    s = np.asarray(w.sum(axis=1), dtype=np.float64).ravel()
    mx = np.asarray(w.max(axis=1).toarray(), dtype=np.float64).ravel() if n else np.zeros(0)
    deg = np.diff(w.indptr).astype(np.int64)
    safe_s = np.where(s > 0, s, 1.0)
    safe_mx = np.where(mx > 0, mx, 1.0)
    # slot 2e: u -> v, slot 2e + 1: v -> u
    src = np.empty(2 * m, dtype=np.int64)
    src[0::2], src[1::2] = u, v
    direct = np.empty(2 * m)
    direct[0::2], direct[1::2] = x / safe_s[u], x / safe_s[v]
    indirect = np.zeros(2 * m)
    redundant = np.zeros(2 * m)
    if m:
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort((np.arange(n), deg))] = np.arange(n)
        lo = np.where(rank[u] < rank[v], u, v)
        hi = np.where(rank[u] < rank[v], v, u)
        by = np.lexsort((hi, lo))
        a_, b_, e_ = lo[by], hi[by], by
        counts = np.bincount(a_, minlength=n)
        group_start = np.repeat(np.cumsum(counts) - counts, counts)
        keys = u * n + v  # sorted, since (u, v) is sorted
        for i, j in _wedges(group_start, counts[a_], _WEDGES_PER_CHUNK):
            b, c = b_[i], b_[j]
            key = np.minimum(b, c) * n + np.maximum(b, c)
            pos = np.minimum(np.searchsorted(keys, key), m - 1)
            found = keys[pos] == key
            if not found.any():
                continue
            a = a_[i][found]
            b, c = b[found], c[found]
            e_ab, e_ac, e_bc = e_[i][found], e_[j][found], pos[found]
            w_ab, w_ac, w_bc = x[e_ab], x[e_ac], x[e_bc]
            # ordered pairs (from, to, via): the slot of the tie from -> to, and the weights
            for frm, to, via, e_ft, w_fv, w_vt in (
                (a, b, c, e_ab, w_ac, w_bc),
                (b, a, c, e_ab, w_bc, w_ac),
                (a, c, b, e_ac, w_ab, w_bc),
                (c, a, b, e_ac, w_bc, w_ab),
                (b, c, a, e_bc, w_ab, w_ac),
                (c, b, a, e_bc, w_ac, w_ab),
            ):
                slot = 2 * e_ft + (frm != u[e_ft])
                p_fv = w_fv / safe_s[frm]
                indirect += np.bincount(slot, weights=p_fv * w_vt / safe_s[via], minlength=2 * m)
                redundant += np.bincount(slot, weights=p_fv * w_vt / safe_mx[to], minlength=2 * m)
    con: Array = np.bincount(src, weights=(direct + indirect) ** 2, minlength=n).astype(np.float64)
    eff: Array = (deg - np.bincount(src, weights=redundant, minlength=n)).astype(np.float64)
    isolated = deg == 0
    con[isolated] = np.nan
    eff[isolated] = np.nan
    if nodes is not None:
        rows = np.asarray(nodes, dtype=np.int64).ravel()
        if rows.size and (rows.min() < 0 or rows.max() >= n):
            raise ModelError.at("nodes", f"expected node rows in [0, {n})")
        keep = np.zeros(n, dtype=bool)
        keep[rows] = True
        con[~keep] = np.nan
        eff[~keep] = np.nan
    return con, eff


def constraint(
    graph: Any,
    weight: str | None = "weight",
    *,
    nodes: Sequence[int] | NDArray[np.integer[Any]] | None = None,
) -> Array:
    """Burt's constraint [3]_ of each node: how much its ties lead back to each other.

    ``c(u) = sum_{v in N(u)} (p_uv + sum_q p_uq p_qv)**2`` with ``p_uv = w_uv / sum_x w_ux``
    (proportional tie strength). Low constraint = a broker spanning structural holes.
    The indirect term only involves partners shared by ``u`` and ``v``, so it is computed from
    the graph's triangles, listed vectorised (ties oriented from the lower- to the
    higher-degree end, wedges closed in chunks: memory and time grow with the number of
    wedges, not with ``n**2``). Equal to :func:`networkx.constraint`.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    weight : str or None, default "weight"
    nodes : sequence of int, optional
        Rows to compute (others are ``nan``); by default all.

    Returns
    -------
    ndarray, shape (n,)
        ``nan`` for isolated nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> np.round(constraint(nx.star_graph(3)), 4)
    array([0.3333, 1.    , 1.    , 1.    ])
    """
    return _brokerage(graph, weight, nodes)[0]


def effective_size(
    graph: Any,
    weight: str | None = "weight",
    *,
    nodes: Sequence[int] | NDArray[np.integer[Any]] | None = None,
) -> Array:
    """Burt's effective size [3]_ of each node's ego network: its non-redundant partners.

    ``e(u) = sum_{v in N(u)} (1 - sum_w p_uw m_vw)`` with ``p`` the proportional tie strength
    and ``m_vw = w_vw / max_x w_vx``; for 0/1 ties it reduces to Borgatti's [4]_
    ``n - 2 t / n``. Computed from the triangles like :func:`constraint`. Equal to
    :func:`networkx.effective_size` computed node by node (``nodes=list(G)``); networkx 3.6's
    whole-graph shortcut normalises ``m`` by the wrong axis for weighted graphs (networkx pull
    request #8906) and differs.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    weight : str or None, default "weight"
    nodes : sequence of int, optional
        Rows to compute (others are ``nan``); by default all.

    Returns
    -------
    ndarray, shape (n,)
        ``nan`` for isolated nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.complete_graph(3)), effective_size(nx.star_graph(2))
    (array([1., 1., 1.]), array([2., 1., 1.]))
    """
    return _brokerage(graph, weight, nodes)[1]


# --- poles ---------------------------------------------------------------------------------


def pole_density(network: TerritoryNetwork, weight: str | None = None) -> Array:
    """Density of ties within each pole (diagonal) and between each pair of poles.

    ``D[p, q] = sum_{u in p, v in q, u != v} a_uv / (|p| |q| - |p & q|)``: the share of pairs of
    distinct actors, one in each pole, that are tied (``a`` is 0/1 for ``weight=None``, else the
    summed intensity: the mean intensity per pair). On the diagonal this is the usual density
    ``2 L / (m (m - 1))`` of the pole's subgraph; 0 where no pair exists.

    Parameters
    ----------
    network : TerritoryNetwork
    weight : str or None, default None

    Returns
    -------
    ndarray, shape (p, p)
        Symmetric.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abcd"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=1.0),
    ...                   Partnership(source="b", target="c", kind="market", intensity=1.0)],
    ...     poles=[Pole(id="p", name="P", value_chain="x", members=("a", "b", "c")),
    ...            Pole(id="q", name="Q", value_chain="y", members=("d",))])
    >>> np.round(pole_density(territory_network(t)), 3)
    array([[0.667, 0.   ],
           [0.   , 0.   ]])
    """
    a = adjacency_matrix(network, weight=weight)
    mem = network.membership
    links = np.asarray((mem.T @ a @ mem).toarray(), dtype=np.float64)
    size = np.asarray(mem.sum(axis=0)).ravel()
    overlap = np.asarray((mem.T @ mem).toarray(), dtype=np.float64)
    pairs = np.outer(size, size) - overlap
    out = np.zeros_like(links)
    np.divide(links, pairs, out=out, where=pairs > 0)
    return out


@attrs.frozen(eq=False)
class BridgingTies:
    """Ties from each pole to financing, market and institutional actors.

    Attributes
    ----------
    pole_ids : tuple of str
    categories : tuple of str
        ``("financing", "market", "institutional")``: the columns.
    ties : ndarray of int, shape (p, 3)
        Partnerships with one end a member of the pole and the other end in the category.
    partners : ndarray of int, shape (p, 3)
        Distinct actors of the category tied to at least one member.
    intensity : ndarray, shape (p, 3)
        Summed intensity of those ties.
    available : ndarray of int, shape (3,)
        Actors of each category in the territory (for market: enterprises).

    Examples
    --------
    See :func:`bridging_ties`.

    >>> BRIDGE_CATEGORIES
    ('financing', 'market', 'institutional')
    """

    pole_ids: tuple[str, ...]
    categories: tuple[str, ...]
    ties: NDArray[np.int64]
    partners: NDArray[np.int64]
    intensity: Array
    available: NDArray[np.int64]


def bridging_ties(network: TerritoryNetwork) -> BridgingTies:
    """Count each pole's ties to financing, market and institutional actors.

    A tie counts for pole ``p`` and a category when one end is a member of ``p`` and the other
    end qualifies: *financing* — a financial institution or a development agency; *market* — an
    enterprise, or any partner when the partnership's kind is ``market``; *institutional* — a
    public authority, a ministry or a chamber. The other end may itself be a member (a pole
    that includes its bank has access to financing); each partnership counts once per pole and
    category.

    Parameters
    ----------
    network : TerritoryNetwork

    Returns
    -------
    BridgingTies

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id="c1", name="c1", kind="cooperative", capacities=caps),
    ...             Actor(id="c2", name="c2", kind="cooperative", capacities=caps),
    ...             Actor(id="bank", name="Bank", kind="financial_institution", capacities=caps),
    ...             Actor(id="ch", name="Chamber", kind="chamber", capacities=caps)],
    ...     partnerships=[Partnership(source="bank", target="c1", kind="financing",
    ...                               intensity=0.5),
    ...                   Partnership(source="bank", target="c2", kind="financing",
    ...                               intensity=0.5),
    ...                   Partnership(source="c1", target="c2", kind="market", intensity=0.5)],
    ...     poles=[Pole(id="p", name="P", value_chain="x", members=("c1", "c2"))])
    >>> b = bridging_ties(territory_network(t))
    >>> b.ties, b.partners
    (array([[2, 1, 0]]), array([[1, 2, 0]]))
    """
    mem = network.membership
    n, n_poles = mem.shape
    src, dst = network.sources, network.targets
    fin = network.kind_mask(FINANCING_KINDS)
    inst = network.kind_mask(INSTITUTIONAL_KINDS)
    mkt = network.kind_mask(MARKET_KINDS)
    market_tie = network.tie_kind_mask(MARKET_TIE_KINDS)
    # q_fwd[e, c]: the target qualifies as a partner of the source (member) in category c
    q_fwd = np.column_stack([fin[dst], mkt[dst] | market_tie, inst[dst]]).astype(np.float64)
    q_bwd = np.column_stack([fin[src], mkt[src] | market_tie, inst[src]]).astype(np.float64)
    ms = sparse.csr_array(mem[src])
    md = sparse.csr_array(mem[dst])
    both = sparse.csr_array(ms.multiply(md))
    w = network.intensity[:, None]
    ties = ms.T @ q_fwd + md.T @ q_bwd - both.T @ (q_fwd * q_bwd)
    inten = ms.T @ (q_fwd * w) + md.T @ (q_bwd * w) - both.T @ (q_fwd * q_bwd * w)
    partners = np.zeros((n_poles, 3), dtype=np.int64)
    for c in range(3):
        f = q_fwd[:, c] > 0
        b = q_bwd[:, c] > 0
        rows = np.concatenate([np.flatnonzero(f), np.flatnonzero(b)])
        other = np.concatenate([dst[f], src[b]])
        member = np.concatenate([src[f], dst[b]])
        if rows.size == 0:
            continue
        onehot = sparse.csr_array(
            (np.ones(rows.size), (np.arange(rows.size), other)), shape=(rows.size, n)
        )
        reach = sparse.csr_array(mem[member].T @ onehot)
        reach.eliminate_zeros()
        partners[:, c] = np.diff(reach.indptr)
    return BridgingTies(
        pole_ids=network.pole_ids,
        categories=BRIDGE_CATEGORIES,
        ties=np.rint(ties).astype(np.int64).reshape(n_poles, 3),
        partners=partners,
        intensity=np.asarray(inten, dtype=np.float64).reshape(n_poles, 3),
        available=np.array([fin.sum(), mkt.sum(), inst.sum()], dtype=np.int64),
    )


# --- all actor metrics and the key-actor ranking -------------------------------------------


@attrs.frozen(eq=False)
class ActorMetrics:
    """Every actor metric of a network, with the conventions used.

    Attributes
    ----------
    ids : tuple of str
    degree : ndarray of int
    strength : ndarray
    betweenness : Betweenness
    eigenvector : ndarray
    pagerank : ndarray
    constraint : ndarray
        ``nan`` for isolated actors.
    effective_size : ndarray
    score : ndarray
        Key-actor score (see :func:`actor_metrics`).
    weight : str
        ``"intensity"``: what strength, eigenvector, PageRank and brokerage weigh ties by.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="artisan", capacities=caps) for i in "abc"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5)])
    >>> m = actor_metrics(territory_network(t))
    >>> m.degree, m.strength, bool(np.isnan(m.constraint[2]))
    (array([1, 1, 0]), array([0.5, 0.5, 0. ]), True)
    """

    ids: tuple[str, ...]
    degree: NDArray[np.int64]
    strength: Array
    betweenness: Betweenness
    eigenvector: Array
    pagerank: Array
    constraint: Array
    effective_size: Array
    score: Array
    weight: str = "intensity"


def _percentile(x: Array) -> Array:
    out: Array = rankdata(x, method="average") / x.size
    return out


def actor_metrics(
    network: TerritoryNetwork,
    *,
    betweenness_k: int | None = None,
    seed: Seed = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> ActorMetrics:
    """Degree, strength, betweenness, eigenvector, PageRank, brokerage and a key-actor score.

    The score combines four views of importance: volume of ties (strength), bridging of
    shortest paths (betweenness), recursive prestige (PageRank) and brokerage across
    structural holes (``1 - constraint``, 0 for an actor without tie strength). Each is turned
    into a percentile rank in (0, 1] (average rank of ties divided by ``n``) and the score is
    their mean: robust to the very different scales of the four, and 1 only for an actor first on
    all four.

    Parameters
    ----------
    network : TerritoryNetwork
    betweenness_k : int, optional
        Sources sampled for betweenness (default: exact up to ``exact_max_nodes`` actors,
        64 above); see :func:`betweenness`.
    seed : int, SeedSequence or Generator, default 0
    exact_max_nodes : int, default 2000

    Returns
    -------
    ActorMetrics

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "hxyz"],
    ...     partnerships=[Partnership(source="h", target=o, kind="market", intensity=0.5)
    ...                   for o in "xyz"])
    >>> m = actor_metrics(territory_network(t))
    >>> m.ids[int(np.argmax(m.score))], float(m.score.max())
    ('h', 1.0)
    """
    deg = degree(network)
    st = strength(network)
    bt = betweenness(network, k=betweenness_k, seed=seed, exact_max_nodes=exact_max_nodes)
    ev = eigenvector_centrality(network)
    pr = pagerank(network)
    con, eff = _brokerage(network, "weight", None)
    broker = np.where(st > 0, 1.0 - np.nan_to_num(con, nan=1.0), 0.0)
    if st.size:
        score = (
            _percentile(st) + _percentile(bt.values) + _percentile(pr) + _percentile(broker)
        ) / 4.0
    else:
        score = np.zeros(0)
    return ActorMetrics(
        ids=network.ids,
        degree=deg,
        strength=st,
        betweenness=bt,
        eigenvector=ev,
        pagerank=pr,
        constraint=con,
        effective_size=eff,
        score=score,
    )


@attrs.frozen
class KeyActor:
    """One actor of the key-actor ranking (see :func:`key_actors`).


    Examples
    --------
    See :func:`key_actors`.

    >>> KeyActor(rank=1, id="a", name="A", kind="chamber", score=1.0, degree=3, strength=1.5,
    ...          betweenness=1.0, pagerank=0.4, constraint=0.33, effective_size=3.0).rank
    1
    """

    rank: int
    id: str
    name: str
    kind: str
    score: float
    degree: int
    strength: float
    betweenness: float
    pagerank: float
    constraint: float | None
    effective_size: float | None


def key_actors(
    network: TerritoryNetwork, metrics: ActorMetrics, *, top: int = 10
) -> tuple[KeyActor, ...]:
    """The ``top`` actors by key-actor score (ties broken by strength, then by id).

    Parameters
    ----------
    network : TerritoryNetwork
    metrics : ActorMetrics
        From :func:`actor_metrics` on the same network.
    top : int, default 10

    Returns
    -------
    tuple of KeyActor

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i.upper(), kind="chamber" if i == "h" else "artisan",
    ...                   capacities=caps) for i in "hxyz"],
    ...     partnerships=[Partnership(source="h", target=o, kind="training", intensity=0.5)
    ...                   for o in "xyz"])
    >>> net = territory_network(t)
    >>> first = key_actors(net, actor_metrics(net), top=2)[0]
    >>> first.id, first.kind, first.degree
    ('h', 'chamber', 3)
    """
    from .graph import ACTOR_KINDS

    order = np.lexsort((np.array(network.ids), -metrics.strength, -metrics.score))[: max(top, 0)]

    def opt(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    return tuple(
        KeyActor(
            rank=r + 1,
            id=network.ids[i],
            name=network.names[i],
            kind=ACTOR_KINDS[network.kinds[i]].value,
            score=float(metrics.score[i]),
            degree=int(metrics.degree[i]),
            strength=float(metrics.strength[i]),
            betweenness=float(metrics.betweenness.values[i]),
            pagerank=float(metrics.pagerank[i]),
            constraint=opt(metrics.constraint[i]),
            effective_size=opt(metrics.effective_size[i]),
        )
        for r, i in enumerate(order)
    )
