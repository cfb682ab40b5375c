"""Centralities of a territory's partnership network: degree, strength, betweenness,
eigenvector centrality and PageRank, vectorised with scipy.sparse.

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
* Strength, eigenvector centrality and PageRank use ``weight`` (tie intensity) by default;
  ``weight=None`` treats every tie as 1.
* Betweenness counts shortest paths in hops (tie intensities are strengths, not lengths), is
  normalised as networkx does (``normalized=True``, endpoints excluded) and is exact when the
  graph has at most ``exact_max_nodes`` nodes; above, it is estimated from ``k`` source nodes
  drawn from ``rng`` and rescaled exactly as networkx rescales a sampled estimate, so the same
  ``rng`` gives the same values.

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
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse import linalg as sparse_linalg

from .._deprecation import renamed_arguments
from .._random import RNGLike, generator
from .._validate import count
from ..errors import ModelError
from .adjacency import adjacency_matrix

__all__ = [
    "DEFAULT_K",
    "EXACT_MAX_NODES",
    "Betweenness",
    "betweenness",
    "degree",
    "eigenvector_centrality",
    "pagerank",
    "strength",
]

Array = NDArray[np.float64]

#: Default largest graph on which betweenness is exact (above: sampled).
EXACT_MAX_NODES: Final = 2000
#: Default number of sampled sources for betweenness on a large graph.
DEFAULT_K: Final = 64
# Dense (nodes x batch) work arrays are kept to about this many entries (~32 MB of float64).
_BATCH_ENTRIES: Final = 4_000_000


# --- degree, strength ----------------------------------------------------------------------


def degree(graph: Any) -> NDArray[np.int64]:
    """Degree [1]_: the number of partners of each node (parallel ties count once).

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix

    Returns
    -------
    ndarray of int, shape (n,)

    References
    ----------
    .. [1] Wasserman, S., Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press.

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
    """Strength [1]_: the weighted degree (sum of tie intensities) of each node.

    Parameters
    ----------
    graph : networkx.Graph, TerritoryNetwork or adjacency matrix
    weight : str or None, default "weight"

    Returns
    -------
    ndarray, shape (n,)

    References
    ----------
    .. [1] Wasserman, S., Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press.

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


@renamed_arguments(seed="rng")
def betweenness(
    graph: Any,
    *,
    k: int | None = None,
    rng: RNGLike = 0,
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
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Draws the sources, without replacement (one stream, :mod:`ssestrategy._random`).
    exact_max_nodes : int, default 2000
    normalized : bool, default True
    sources : sequence of int, optional
        Explicit source rows (overrides ``k`` and ``rng``), e.g. to reproduce another
        tool's sample.

    Returns
    -------
    Betweenness

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163-177.
    .. [2] Brandes, U., Pich, C. (2007). Centrality estimation in large networks.
       *International Journal of Bifurcation and Chaos* 17(7), 2303-2318.

    Examples
    --------
    >>> import networkx as nx
    >>> b = betweenness(nx.star_graph(4))
    >>> b.values, b.sampled
    (array([1., 0., 0., 0., 0.]), False)
    >>> big = nx.gnm_random_graph(3000, 9000, seed=1)
    >>> r1 = betweenness(big, k=32, rng=7)
    >>> r2 = betweenness(big, k=32, rng=7)
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
        if k is not None:
            count(k, "k")
        if k is None:
            sampled = n > exact_max_nodes
            kk = DEFAULT_K if sampled else n
        else:
            sampled = k < n
            kk = int(k)
        src = (
            np.sort(generator(rng).choice(n, size=kk, replace=False))
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
    """Eigenvector centrality [1]_: the Perron vector of the adjacency, unit Euclidean norm.

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

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures. *American
       Journal of Sociology* 92(5), 1170-1182.

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
    """PageRank [1]_ of each node (power iteration, as :func:`networkx.pagerank`).

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

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R., Winograd, T. (1999). The PageRank citation ranking:
       bringing order to the web. Stanford InfoLab.

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
