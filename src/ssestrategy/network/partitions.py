"""Partitions of a network's actors: Newman's modularity, and the agreement of two partitions
of the same items — the adjusted Rand index [1]_ (1 for identical partitions, about 0 for
independent ones, can be negative) and normalised mutual information [2]_ (``I(A; B) /
((H(A) + H(B)) / 2)``, the arithmetic normalisation, 1 for identical partitions, 0 for
independent ones), both from the contingency table.

References
----------
.. [1] Hubert, L., Arabie, P. (1985). Comparing partitions. *Journal of Classification* 2,
   193-218.
.. [2] Vinh, N. X., Epps, J., Bailey, J. (2010). Information theoretic measures for clusterings
   comparison. *Journal of Machine Learning Research* 11, 2837-2854.
.. [3] Newman, M. E. J. (2006). Modularity and community structure in networks. *PNAS* 103(23),
   8577-8582.

Examples
--------
>>> adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0])
1.0
>>> round(adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]), 4)
0.5714
>>> round(normalized_mutual_information([0, 0, 1, 1], [0, 0, 1, 2]), 4)
0.8
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ..errors import ModelError
from .adjacency import adjacency_matrix

__all__ = [
    "PartitionAgreement",
    "adjusted_rand_index",
    "modularity",
    "normalized_mutual_information",
    "partition_agreement",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]


# --- partition agreement -------------------------------------------------------------------


def _labels(value: Any, name: str) -> IntArray:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise ModelError.at(name, f"expected a 1-D sequence of labels, got {arr.ndim}-D")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ModelError.at(name, "labels must not be nan")
    _, inv = np.unique(arr, return_inverse=True)
    return inv.astype(np.int64).ravel()


def _contingency(a: Any, b: Any) -> tuple[Array, int]:
    la, lb = _labels(a, "a"), _labels(b, "b")
    if la.size != lb.size:
        raise ModelError.at("b", f"expected {la.size} labels like a, got {lb.size}")
    n = int(la.size)
    if n == 0:
        return np.zeros((0, 0)), 0
    table = sparse.coo_array(
        (np.ones(n), (la, lb)), shape=(int(la.max()) + 1, int(lb.max()) + 1)
    ).toarray()
    return np.asarray(table, dtype=np.float64), n


def _pairs(x: Array) -> float:
    return float((x * (x - 1.0) / 2.0).sum())


def adjusted_rand_index(a: Sequence[Any] | NDArray[Any], b: Sequence[Any] | NDArray[Any]) -> float:
    """Adjusted Rand index [1]_ of two partitions given as label sequences.

    ``ARI = (sum_ij C(n_ij, 2) - E) / ((sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2 - E)`` with
    ``E = sum_i C(a_i, 2) sum_j C(b_j, 2) / C(n, 2)``; 1.0 when the denominator is 0 (both
    partitions trivial in the same way) or when there are fewer than 2 items.

    Parameters
    ----------
    a, b : sequence of hashable labels, same length

    Returns
    -------
    float

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1])
    -0.5
    """
    table, n = _contingency(a, b)
    if n < 2:
        return 1.0
    index = _pairs(table)
    sa = _pairs(table.sum(axis=1))
    sb = _pairs(table.sum(axis=0))
    expected = sa * sb / (n * (n - 1) / 2.0)
    top = 0.5 * (sa + sb) - expected
    if top == 0.0:
        return 1.0
    return float((index - expected) / top)


def _entropy(counts: Array, n: int) -> float:
    p = counts[counts > 0] / n
    return float(-(p * np.log(p)).sum())


def normalized_mutual_information(
    a: Sequence[Any] | NDArray[Any], b: Sequence[Any] | NDArray[Any]
) -> float:
    """Normalised mutual information [2]_ (arithmetic-mean normalisation) of two partitions.

    ``NMI = I(A; B) / ((H(A) + H(B)) / 2)`` with natural logarithms; 1.0 when both partitions
    have a single block (both entropies 0), 0.0 when only one has.

    Parameters
    ----------
    a, b : sequence of hashable labels, same length

    Returns
    -------
    float

    Examples
    --------
    >>> normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1])
    0.0
    """
    table, n = _contingency(a, b)
    if n == 0:
        return 1.0
    ha = _entropy(table.sum(axis=1), n)
    hb = _entropy(table.sum(axis=0), n)
    if ha == 0.0 and hb == 0.0:
        return 1.0
    pij = table / n
    outer = np.outer(table.sum(axis=1), table.sum(axis=0)) / (n * n)
    nz = pij > 0
    mi = float((pij[nz] * np.log(pij[nz] / outer[nz])).sum())
    return float(max(mi, 0.0) / (0.5 * (ha + hb)))


@attrs.frozen
class PartitionAgreement:
    """Agreement between two partitions: adjusted Rand index, NMI and the items compared.


    Examples
    --------
    >>> partition_agreement([0, 0, 1], [0, 0, 0]).ari
    0.0
    """

    ari: float
    nmi: float
    n: int
    nmi_normalization: str = "arithmetic"


def partition_agreement(
    a: Sequence[Any] | NDArray[Any], b: Sequence[Any] | NDArray[Any]
) -> PartitionAgreement:
    """Both agreement scores of two partitions of the same items.

    Examples
    --------
    >>> partition_agreement(["x", "x", "y"], [2, 2, 5])
    PartitionAgreement(ari=1.0, nmi=1.0, n=3, nmi_normalization='arithmetic')
    """
    return PartitionAgreement(
        ari=adjusted_rand_index(a, b), nmi=normalized_mutual_information(a, b), n=len(a)
    )


# --- modularity and community detection ----------------------------------------------------


def modularity(
    graph: Any,
    labels: Sequence[int] | NDArray[np.integer[Any]],
    *,
    resolution: float = 1.0,
    weight: str | None = "weight",
) -> float:
    """Newman's modularity [3]_ of a partition given as one label per node.

    ``Q = sum_c (L_c / m - resolution * (d_c / 2m)**2)`` with ``L_c`` the weight inside ``c``,
    ``d_c`` its total strength and ``m`` the total weight; equal to
    :func:`networkx.community.modularity`.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.barbell_graph(3, 0)
    >>> round(modularity(g, [0, 0, 0, 1, 1, 1]), 4)
    0.3571
    """
    a = adjacency_matrix(graph, weight=weight)
    lab = _labels(labels, "labels")
    if lab.size != a.shape[0]:
        raise ModelError.at("labels", f"expected {a.shape[0]} labels, got {lab.size}")
    return _modularity(a, lab, resolution)


def _modularity(a: Any, lab: IntArray, resolution: float) -> float:
    k = np.asarray(a.sum(axis=1)).ravel()
    m2 = float(k.sum())
    if m2 == 0.0:
        return 0.0
    coo = a.tocoo()
    same = lab[coo.row] == lab[coo.col]
    inside = np.bincount(lab[coo.row[same]], weights=coo.data[same], minlength=lab.max() + 1)
    tot = np.bincount(lab, weights=k, minlength=lab.max() + 1)
    return float((inside / m2).sum() - resolution * ((tot / m2) ** 2).sum())
