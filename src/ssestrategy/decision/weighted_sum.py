"""Weighted sum: the normalised criteria weighted and summed (simple additive weighting).

Examples
--------
>>> weighted_sum([[1, 10], [3, 30]], [0.5, 0.5], [True, False]).scores
array([0.5, 0.5])
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import check_choice
from ._problem import check_problem
from .normalization import Normalization, normalize
from .ties import Ranks, TiePolicy, rank_scores

__all__ = ["WeightedSumResult", "weighted_sum"]

FloatArray = NDArray[np.float64]


@attrs.frozen(eq=False)
class WeightedSumResult:
    """Result of :func:`weighted_sum`.

    Attributes
    ----------
    scores : numpy.ndarray
        ``sum_j w_j r_ij`` of the normalised matrix (higher is better).
    ranks : numpy.ndarray
        Ranks, 1 = best.
    normalized : numpy.ndarray
        The normalised matrix ``r``.
    weights : numpy.ndarray
        Weights used, normalised to sum 1.
    normalization : str
        Normalisation method.
    bounds : numpy.ndarray or None
        Declared ``(lower, upper)`` bounds, if any.
    tie_policy : str
        Tie policy of ``ranks``.

    Examples
    --------
    >>> res = weighted_sum([[1, 10], [3, 30], [2, 20]], [3, 1], [True, False])
    >>> res.scores, res.ranks
    (array([0.25, 0.75, 0.5 ]), array([3, 1, 2]))
    >>> res.normalized.tolist(), res.normalization
    ([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], 'minmax')
    """

    scores: FloatArray
    ranks: Ranks
    normalized: FloatArray
    weights: FloatArray
    normalization: str
    bounds: FloatArray | None
    tie_policy: str


def weighted_sum(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    *,
    normalization: Normalization = "minmax",
    bounds: ArrayLike | None = None,
    ties: TiePolicy = "min",
) -> WeightedSumResult:
    """Simple additive weighting: the weighted sum of normalised criterion values.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria)
        Raw criterion values.
    weights : array_like, shape (criteria,)
        Non-negative weights, normalised to sum 1.
    benefit : array_like of bool, shape (criteria,)
        ``True`` = benefit, ``False`` = cost.
    normalization : {"minmax", "vector", "sum", "max"}
        See :func:`normalize`. Default min-max.
    bounds : array_like, shape (criteria, 2), optional
        Fixed declared bounds (see :func:`normalize`).
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the ranks.

    Returns
    -------
    WeightedSumResult

    Examples
    --------
    >>> import numpy as np
    >>> res = weighted_sum([[1, 10], [3, 30], [2, 20]], [1, 1], [True, False])
    >>> res.scores
    array([0.5, 0.5, 0.5])
    >>> res.ranks
    array([1, 1, 1])
    >>> weighted_sum([[1, 10], [3, 30], [2, 20]], [3, 1], [True, False]).ranks
    array([3, 1, 2])
    """
    X, w, b = check_problem(matrix, weights, benefit)
    check_choice(ties, "ties", TiePolicy)
    N = normalize(X, b, normalization, bounds)
    scores = N @ w
    declared = None if bounds is None else np.asarray(bounds, dtype=np.float64).copy()
    return WeightedSumResult(
        scores=scores,
        ranks=rank_scores(scores, higher_is_better=True, ties=ties),
        normalized=N,
        weights=w,
        normalization=normalization,
        bounds=declared,
        tie_policy=ties,
    )
