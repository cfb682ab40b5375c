"""The adjacency matrix every network metric reads: one conversion of a graph, a territory
network or a matrix into a symmetric ``scipy.sparse.csr_array``, checked.

Examples
--------
>>> import networkx as nx
>>> adjacency_matrix(nx.path_graph(2)).toarray()
array([[0., 1.],
       [1., 0.]])
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from ..errors import ModelError
from .graph import TerritoryNetwork

__all__ = ["adjacency_matrix"]


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
        check_weights(a)
        return a
    try:
        a = sparse.csr_array(graph, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelError.at("graph", f"expected a graph or an adjacency matrix ({exc})") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ModelError.at("graph", f"expected a square adjacency matrix, got shape {a.shape}")
    a.eliminate_zeros()
    check_weights(a)
    if a.diagonal().any():
        raise ModelError.at("graph", "self-loops are not supported (non-zero diagonal)")
    if abs(a - a.T).max() > 1e-12 * (abs(a).max() if a.nnz else 1.0):
        raise ModelError.at("graph", "expected a symmetric (undirected) adjacency matrix")
    if weight is None:
        a.data[:] = 1.0
    return a


def check_weights(a: Any) -> None:
    """Refuse negative or non-finite weights in a sparse matrix."""
    if not np.isfinite(a.data).all():
        raise ModelError.at("graph", "edge weights must be finite numbers")
    if (a.data < 0).any():
        raise ModelError.at("graph", "edge weights must be non-negative")
