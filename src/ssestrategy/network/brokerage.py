"""Brokerage across structural holes: Burt's constraint and effective size, computed from the
graph's triangles (no ``n x n`` product), vectorised with scipy.sparse.

Both use ``weight`` (tie intensity) by default and are ``nan`` for an isolated actor (as in
networkx). "Constraint" here is Burt's measure of a node's ties leading back to each other —
not a constraint of a case (:class:`~ssestrategy.model.Constraint`).

Examples
--------
>>> import networkx as nx
>>> np.round(burt_constraint(nx.star_graph(2)), 3)
array([0.5, 1. , 1. ])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ..errors import ModelError
from .adjacency import adjacency_matrix

__all__ = ["burt_constraint", "effective_size"]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Wedges closed per chunk when listing triangles.
_WEDGES_PER_CHUNK: Final = 2_000_000


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


def burt_constraint(
    graph: Any,
    weight: str | None = "weight",
    *,
    nodes: Sequence[int] | NDArray[np.integer[Any]] | None = None,
) -> Array:
    """Burt's constraint [1]_ of each node: how much its ties lead back to each other.

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

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
       Harvard University Press.
    .. [2] Burt, R. S. (2004). Structural holes and good ideas. *American Journal of
       Sociology* 110(2), 349-399.

    Examples
    --------
    >>> import networkx as nx
    >>> np.round(burt_constraint(nx.star_graph(3)), 4)
    array([0.3333, 1.    , 1.    , 1.    ])
    """
    return _brokerage(graph, weight, nodes)[0]


def effective_size(
    graph: Any,
    weight: str | None = "weight",
    *,
    nodes: Sequence[int] | NDArray[np.integer[Any]] | None = None,
) -> Array:
    """Burt's effective size [1]_ of each node's ego network: its non-redundant partners.

    ``e(u) = sum_{v in N(u)} (1 - sum_w p_uw m_vw)`` with ``p`` the proportional tie strength
    and ``m_vw = w_vw / max_x w_vx``; for 0/1 ties it reduces to Borgatti's [2]_
    ``n - 2 t / n``. Computed from the triangles like :func:`burt_constraint`. Equal to
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

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
       Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       *Connections* 20(1), 35-38.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.complete_graph(3)), effective_size(nx.star_graph(2))
    (array([1., 1., 1.]), array([2., 1., 1.]))
    """
    return _brokerage(graph, weight, nodes)[1]
