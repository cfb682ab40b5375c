"""TOPSIS: closeness to the ideal and distance from the anti-ideal (Hwang & Yoon 1981).

Examples
--------
>>> import numpy as np
>>> np.round(topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True]).scores, 3)
array([0.762, 0.722, 0.238])
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import check_choice
from ._problem import check_problem
from .normalization import Normalization, normalize, reference_points
from .ties import Ranks, TiePolicy, rank_scores

__all__ = ["TopsisResult", "topsis"]

FloatArray = NDArray[np.float64]


@attrs.frozen(eq=False)
class TopsisResult:
    """Result of :func:`topsis`.

    Attributes
    ----------
    scores : numpy.ndarray
        Relative closeness ``d_worst / (d_best + d_worst)`` in [0, 1] (higher is better).
    ranks : numpy.ndarray
        Ranks, 1 = best.
    d_best, d_worst : numpy.ndarray
        Euclidean distances to the ideal and anti-ideal points.
    ideal, anti_ideal : numpy.ndarray
        Reference points in the weighted normalised space (where higher is better on every
        criterion, cost criteria having been reversed by the normalisation).
    weighted : numpy.ndarray
        Weighted normalised matrix ``w_j r_ij``.
    weights : numpy.ndarray
        Weights used, normalised to sum 1.
    normalization : str
        Normalisation method.
    reference : str
        ``"observed"`` (ideal/anti-ideal = best/worst alternative per criterion, the classical
        definition) or ``"bounds"`` (the declared bounds, so scores do not depend on the other
        alternatives).
    bounds : numpy.ndarray or None
        Declared bounds, if any.
    tie_policy : str
        Tie policy of ``ranks``.

    Examples
    --------
    Three alternatives, a cost (first column) and a benefit (second):

    >>> res = topsis([[250, 16], [200, 16], [300, 32]], [0.5, 0.5], [False, True])
    >>> res.ranks
    array([3, 2, 1])
    >>> res.d_best.round(3), res.d_worst.round(3)
    (array([0.212, 0.204, 0.114]), array([0.057, 0.114, 0.204]))
    >>> res.normalization, res.reference
    ('vector', 'observed')
    """

    scores: FloatArray
    ranks: Ranks
    d_best: FloatArray
    d_worst: FloatArray
    ideal: FloatArray
    anti_ideal: FloatArray
    weighted: FloatArray
    weights: FloatArray
    normalization: str
    reference: str
    bounds: FloatArray | None
    tie_policy: str


def topsis(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    *,
    normalization: Normalization = "vector",
    bounds: ArrayLike | None = None,
    ties: TiePolicy = "min",
) -> TopsisResult:
    """TOPSIS (Hwang & Yoon 1981): closeness to the ideal and distance from the anti-ideal.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria)
        Raw criterion values.
    weights : array_like, shape (criteria,)
        Non-negative weights, normalised to sum 1.
    benefit : array_like of bool, shape (criteria,)
        ``True`` = benefit, ``False`` = cost.
    normalization : {"vector", "minmax", "sum", "max"}
        See :func:`normalize`. Default ``"vector"`` as in Hwang & Yoon (1981) (``pymcdm``
        defaults to min-max; rankings can differ).
    bounds : array_like, shape (criteria, 2), optional
        Fixed declared bounds (``"minmax"`` or ``"max"``). With bounds, the ideal and
        anti-ideal points are the normalised bounds, so an alternative's closeness does not
        depend on the other alternatives.
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the ranks.

    Returns
    -------
    TopsisResult
        If an alternative coincides with both reference points (every weighted criterion
        constant), its closeness is defined as 0.5.

    References
    ----------
    Hwang, C.-L., Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
    Opricovic, S., Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455.

    Examples
    --------
    Opricovic & Tzeng (2004), Table 3 (problem f):

    >>> import numpy as np
    >>> res = topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True])
    >>> np.round(res.d_best, 3), np.round(res.d_worst, 3)
    (array([0.114, 0.108, 0.365]), array([0.365, 0.28 , 0.114]))
    >>> np.round(res.scores, 3)
    array([0.762, 0.722, 0.238])
    """
    X, w, b = check_problem(matrix, weights, benefit)
    check_choice(ties, "ties", TiePolicy)
    N = normalize(X, b, normalization, bounds)
    V = N * w
    if bounds is None:
        ideal, anti = V.max(axis=0), V.min(axis=0)
        reference = "observed"
        declared = None
    else:
        best, worst = reference_points(b, normalization, bounds)
        ideal, anti = best * w, worst * w
        reference = "bounds"
        declared = np.asarray(bounds, dtype=np.float64).copy()
    d_best = np.sqrt(((V - ideal) ** 2).sum(axis=1))
    d_worst = np.sqrt(((V - anti) ** 2).sum(axis=1))
    denom = d_best + d_worst
    closeness = np.where(denom > 0, d_worst / np.where(denom > 0, denom, 1.0), 0.5)
    return TopsisResult(
        scores=closeness,
        ranks=rank_scores(closeness, higher_is_better=True, ties=ties),
        d_best=d_best,
        d_worst=d_worst,
        ideal=ideal,
        anti_ideal=anti,
        weighted=V,
        weights=w,
        normalization=normalization,
        reference=reference,
        bounds=declared,
        tie_policy=ties,
    )
