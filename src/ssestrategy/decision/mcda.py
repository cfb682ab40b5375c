"""Multi-criteria ranking: weighted sum, TOPSIS, VIKOR and PROMETHEE II.

Every method is a pure function of ``(matrix, weights, benefit)``:

- ``matrix`` has shape ``(alternatives, criteria)``;
- ``weights`` is 1-D, finite, non-negative, not all zero; it is normalised to sum 1 *explicitly*
  (the normalised vector is recorded in the result);
- ``benefit`` is 1-D booleans, ``True`` for a criterion to maximise, ``False`` for a cost.

Results are frozen :mod:`attrs` objects with the method's native ``scores``, integer ``ranks``
(1 = best) and every convention that was used (normalisation, tie policy, parameters).

The conventions that peer libraries choose silently are arguments here:

- **normalisation** (:func:`normalize`): ``"vector"`` (Hwang & Yoon's TOPSIS default),
  ``"minmax"``, ``"sum"``, ``"max"``; optional fixed, declared ``bounds`` per criterion so that
  the score of an alternative does not depend on which other alternatives are present (use this
  across scenario ensembles; see the rank-reversal note in ``docs/decision-methods.md``);
- **ties** (:func:`rank_scores`): ``"min"`` (competition ranking, the default), ``"average"``,
  ``"dense"``, ``"ordinal"``.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.decision import topsis
>>> res = topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True])
>>> np.round(res.scores, 3)
array([0.762, 0.722, 0.238])
>>> res.ranks
array([1, 2, 3])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_bool_array, as_finite_array, as_weights
from ..errors import ModelError

__all__ = [
    "NORMALIZATIONS",
    "PREFERENCE_FUNCTIONS",
    "TIE_POLICIES",
    "PrometheeResult",
    "TopsisResult",
    "VikorResult",
    "WeightedSumResult",
    "normalize",
    "promethee_ii",
    "rank_scores",
    "topsis",
    "vikor",
    "weighted_sum",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Ranks = NDArray[np.int64] | NDArray[np.float64]

Normalization = Literal["vector", "minmax", "sum", "max"]
TiePolicy = Literal["min", "average", "dense", "ordinal"]

#: Normalisation methods accepted by :func:`normalize`.
NORMALIZATIONS: tuple[str, ...] = ("vector", "minmax", "sum", "max")
#: Tie policies accepted by :func:`rank_scores`.
TIE_POLICIES: tuple[str, ...] = ("min", "average", "dense", "ordinal")

#: Relative tolerance under which two scores are treated as tied by :func:`rank_scores`.
TIE_TOLERANCE = 1e-12


# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------


def _index_path(name: str, idx: tuple[int, ...]) -> str:
    return f"{name}[{', '.join(str(int(i)) for i in idx)}]"


def _check_choice(value: str, allowed: Sequence[str], name: str) -> None:
    if value not in allowed:
        raise ModelError.at(name, f"expected one of {', '.join(map(repr, allowed))}, got {value!r}")


def _as_bounds(bounds: ArrayLike, n_criteria: int) -> tuple[FloatArray, FloatArray]:
    """Validate declared criterion bounds: shape (criteria, 2), lower < upper."""
    arr = as_finite_array(bounds, "bounds", ndim=2)
    if arr.shape != (n_criteria, 2):
        raise ModelError.at(
            "bounds",
            f"expected shape ({n_criteria}, 2) as (lower, upper) per criterion, got {arr.shape}",
        )
    lo, hi = arr[:, 0], arr[:, 1]
    bad = lo >= hi
    if bad.any():
        j = int(np.argmax(bad))
        raise ModelError.at(f"bounds[{j}]", f"lower bound {lo[j]} must be below upper {hi[j]}")
    return lo, hi


def normalize(
    matrix: ArrayLike,
    benefit: ArrayLike,
    method: Normalization = "vector",
    bounds: ArrayLike | None = None,
) -> FloatArray:
    """Normalise a decision matrix column by column so that higher is better on every criterion.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria) or (scenarios, alternatives, criteria)
        Raw criterion values. A 3-D input is normalised scenario by scenario (statistics over
        the alternatives axis, ``-2``), unless ``bounds`` are given.
    benefit : array_like of bool, shape (criteria,)
        ``True`` for a benefit criterion, ``False`` for a cost.
    method : {"vector", "minmax", "sum", "max"}
        - ``"vector"``: ``x / ||x||`` (benefit), ``1 - x / ||x||`` (cost); a column of zeros
          gives 0 (benefit) / 1 (cost).
        - ``"minmax"``: ``(x - lo) / (hi - lo)`` (benefit), ``(hi - x) / (hi - lo)`` (cost); a
          constant column gives 1.
        - ``"sum"``: ``x / sum(x)`` (benefit), ``(1/x) / sum(1/x)`` (cost); needs x > 0.
        - ``"max"``: ``x / hi`` (benefit), ``1 - x / hi`` (cost); needs x >= 0 and hi > 0.

        The cost forms are those of ``pymcdm``. Vector and min-max are invariant to a positive
        rescaling of a criterion; only min-max is also invariant to a shift.
    bounds : array_like, shape (criteria, 2), optional
        Fixed, declared ``(lower, upper)`` per criterion (``"minmax"`` and ``"max"`` only). With
        bounds, ``lo``/``hi`` are the declared values instead of the observed ones, so an
        alternative's normalised value does not depend on the other alternatives (no rank
        reversal when alternatives or scenarios are added). Values outside the bounds are an
        error.

    Returns
    -------
    numpy.ndarray
        Normalised values, same shape as ``matrix``.

    Raises
    ------
    ModelError
        Bad shapes, NaN, values outside declared bounds, or data the method cannot take.

    Examples
    --------
    >>> import numpy as np
    >>> x = [[1.0, 10.0], [3.0, 30.0], [2.0, 20.0]]
    >>> normalize(x, [True, False], "minmax")
    array([[0. , 1. ],
           [1. , 0. ],
           [0.5, 0.5]])
    >>> normalize(x, [True, True], "minmax", bounds=[[0, 4], [0, 40]])
    array([[0.25, 0.25],
           [0.75, 0.75],
           [0.5 , 0.5 ]])
    """
    X = as_finite_array(matrix, "matrix", ndim=(2, 3))
    n = X.shape[-1]
    if X.shape[-2] == 0 or n == 0:
        raise ModelError.at(
            "matrix", f"expected at least one alternative and criterion, got {X.shape}"
        )
    b = as_bool_array(benefit, "benefit", n)
    _check_choice(method, NORMALIZATIONS, "method")
    if bounds is not None:
        if method not in ("minmax", "max"):
            raise ModelError.at(
                "bounds", f"declared bounds apply to 'minmax' and 'max', not {method!r}"
            )
        lo_v, hi_v = _as_bounds(bounds, n)
        outside = (lo_v > X) | (hi_v < X)
        if outside.any():
            idx = tuple(int(i) for i in np.argwhere(outside)[0])
            j = idx[-1]
            raise ModelError.at(
                _index_path("matrix", idx),
                f"{X[idx]} lies outside the declared bounds [{lo_v[j]}, {hi_v[j]}]",
            )
        lo: FloatArray = np.broadcast_to(lo_v, X.shape)
        hi: FloatArray = np.broadcast_to(hi_v, X.shape)
    else:
        lo = np.broadcast_to(X.min(axis=-2, keepdims=True), X.shape)
        hi = np.broadcast_to(X.max(axis=-2, keepdims=True), X.shape)

    if method == "minmax":
        span = hi - lo
        const = span == 0
        safe = np.where(const, 1.0, span)
        out = np.where(b, (X - lo) / safe, (hi - X) / safe)
        return np.where(const, 1.0, out)
    if method == "max":
        if (X < 0).any():
            idx = tuple(int(i) for i in np.argwhere(X < 0)[0])
            raise ModelError.at(_index_path("matrix", idx), "'max' normalisation needs values >= 0")
        if (hi <= 0).any():
            j = int(np.argwhere(hi <= 0)[0][-1])
            raise ModelError.at(f"matrix[..., {j}]", "'max' normalisation needs a positive maximum")
        return np.where(b, X / hi, 1.0 - X / hi)
    if method == "sum":
        if (X <= 0).any():
            idx = tuple(int(i) for i in np.argwhere(X <= 0)[0])
            raise ModelError.at(_index_path("matrix", idx), "'sum' normalisation needs values > 0")
        inv = 1.0 / X
        summed: FloatArray = np.where(
            b, X / X.sum(axis=-2, keepdims=True), inv / inv.sum(axis=-2, keepdims=True)
        )
        return summed
    # vector
    norm = np.sqrt((X**2).sum(axis=-2, keepdims=True))
    unit = X / np.where(norm == 0, 1.0, norm)
    return np.where(b, unit, 1.0 - unit)


def rank_scores(
    scores: ArrayLike,
    *,
    higher_is_better: bool = True,
    ties: TiePolicy = "min",
    tol: float = TIE_TOLERANCE,
) -> Ranks:
    """Rank scores, 1 = best, with a declared tie policy.

    Parameters
    ----------
    scores : array_like, shape (n,)
        Scores to rank.
    higher_is_better : bool
        Whether a higher score is better (TOPSIS closeness, net flow) or worse (VIKOR Q, regret).
    ties : {"min", "average", "dense", "ordinal"}
        ``"min"``: competition ranking 1, 2, 2, 4 (default); ``"average"``: 1, 2.5, 2.5, 4
        (float ranks); ``"dense"``: 1, 2, 2, 3; ``"ordinal"``: 1, 2, 3, 4 with ties broken by
        position in the input.
    tol : float
        Scores closer than ``tol * max(1, max|scores|)`` are treated as tied, so that rounding
        noise (``1.0`` vs ``0.9999999999999999``) does not decide a rank.

    Returns
    -------
    numpy.ndarray
        ``int64`` ranks, or ``float64`` for ``ties="average"``.

    Examples
    --------
    >>> rank_scores([0.2, 0.9, 0.5, 0.9])
    array([4, 1, 3, 1])
    >>> rank_scores([0.2, 0.9, 0.5, 0.9], ties="dense")
    array([3, 1, 2, 1])
    >>> rank_scores([0.2, 0.9, 0.5, 0.9], ties="average")
    array([4. , 1.5, 3. , 1.5])
    >>> rank_scores([3.0, 1.0, 2.0], higher_is_better=False)
    array([3, 1, 2])
    """
    s = as_finite_array(scores, "scores", ndim=1)
    _check_choice(ties, TIE_POLICIES, "ties")
    if not (np.isfinite(tol) and tol >= 0):
        raise ModelError.at("tol", "expected a finite tolerance >= 0")
    n = s.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    key = -s if higher_is_better else s
    order = np.argsort(key, kind="stable")
    sk = key[order]
    scale = max(1.0, float(np.max(np.abs(s))))
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = np.diff(sk) > tol * scale
    group_of_sorted = np.cumsum(new_group) - 1
    starts = np.flatnonzero(new_group)
    counts = np.diff(np.append(starts, n))
    if ties == "average":
        avg = np.empty(n, dtype=np.float64)
        avg[order] = starts[group_of_sorted] + (counts[group_of_sorted] + 1) / 2.0
        return avg
    out = np.empty(n, dtype=np.int64)
    if ties == "min":
        out[order] = starts[group_of_sorted] + 1
    elif ties == "dense":
        out[order] = group_of_sorted + 1
    else:  # ordinal: within a tie group, input order decides
        group_of_item = np.empty(n, dtype=np.int64)
        group_of_item[order] = group_of_sorted
        ordinal_order = np.lexsort((np.arange(n), group_of_item))
        out[ordinal_order] = np.arange(1, n + 1)
    return out


def _check_problem(
    matrix: ArrayLike, weights: ArrayLike, benefit: ArrayLike
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    X = as_finite_array(matrix, "matrix", ndim=2)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ModelError.at(
            "matrix", f"expected at least one alternative and criterion, got {X.shape}"
        )
    w = as_weights(weights, "weights", X.shape[1])
    b = as_bool_array(benefit, "benefit", X.shape[1])
    return X, w, b


def _reference_points(
    benefit: NDArray[np.bool_], method: Normalization, bounds: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Normalised values of the declared bounds: (best, worst) per criterion."""
    lo, hi = _as_bounds(bounds, benefit.shape[0])
    ends = normalize(np.vstack([lo, hi]), benefit, method, bounds=bounds)
    return ends.max(axis=0), ends.min(axis=0)


# --------------------------------------------------------------------------------------------
# weighted sum
# --------------------------------------------------------------------------------------------


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
    X, w, b = _check_problem(matrix, weights, benefit)
    _check_choice(ties, TIE_POLICIES, "ties")
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


# --------------------------------------------------------------------------------------------
# TOPSIS
# --------------------------------------------------------------------------------------------


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
    X, w, b = _check_problem(matrix, weights, benefit)
    _check_choice(ties, TIE_POLICIES, "ties")
    N = normalize(X, b, normalization, bounds)
    V = N * w
    if bounds is None:
        ideal, anti = V.max(axis=0), V.min(axis=0)
        reference = "observed"
        declared = None
    else:
        best, worst = _reference_points(b, normalization, bounds)
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


# --------------------------------------------------------------------------------------------
# VIKOR
# --------------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class VikorResult:
    """Result of :func:`vikor`.

    Attributes
    ----------
    scores : numpy.ndarray
        ``Q`` (lower is better).
    ranks : numpy.ndarray
        Ranks by ``Q`` ascending, 1 = best.
    S, R, Q : numpy.ndarray
        Group utility (weighted L1 regret), individual regret (weighted L-infinity) and the
        compromise index.
    compromise : tuple of int
        Indices of the compromise solution set (Opricovic & Tzeng 2004, step 5).
    acceptable_advantage : bool
        Condition C1: ``Q(a'') - Q(a') >= DQ``.
    acceptable_stability : bool
        Condition C2: ``a'`` is also best ranked by ``S`` or by ``R``.
    dq : float
        ``DQ = 1 / (m - 1)``.
    v : float
        Weight of the strategy of maximum group utility.
    best, worst : numpy.ndarray
        ``f*`` and ``f-`` per criterion (raw units).
    weights : numpy.ndarray
        Weights used, normalised to sum 1.
    normalization : str
        Always ``"linear (f* - f) / (f* - f-)"`` (VIKOR's own, on raw values).
    degenerate : tuple of str
        Which degenerate cases occurred (``"constant criterion j"``, ``"S* = S-"``,
        ``"R* = R-"``); their terms are set to 0 instead of dividing by zero.
    tie_policy : str
        Tie policy of ``ranks``.

    Examples
    --------
    >>> res = vikor([[1, 10], [3, 30], [2, 20]], [0.5, 0.5], [True, True])
    >>> res.Q, res.ranks
    (array([1. , 0. , 0.5]), array([3, 1, 2]))
    >>> res.compromise, res.acceptable_advantage, res.acceptable_stability
    ((1,), True, True)
    """

    scores: FloatArray
    ranks: Ranks
    S: FloatArray
    R: FloatArray
    Q: FloatArray
    compromise: tuple[int, ...]
    acceptable_advantage: bool
    acceptable_stability: bool
    dq: float
    v: float
    best: FloatArray
    worst: FloatArray
    weights: FloatArray
    normalization: str
    degenerate: tuple[str, ...]
    tie_policy: str


def vikor(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    *,
    v: float = 0.5,
    ties: TiePolicy = "min",
) -> VikorResult:
    """VIKOR compromise ranking (Opricovic 1998; Opricovic & Tzeng 2004, 2007).

    ``S_i = sum_j w_j (f*_j - f_ij) / (f*_j - f-_j)``, ``R_i = max_j`` of the same terms,
    ``Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)``.

    The compromise set follows Opricovic & Tzeng (2004): with ``a'`` first and ``a''`` second
    by ``Q`` and ``DQ = 1/(m-1)``, C1 (acceptable advantage) is ``Q(a'') - Q(a') >= DQ`` and C2
    (acceptable stability) is "``a'`` is also best by ``S`` or ``R``". Both hold: ``{a'}``;
    only C2 fails: ``{a', a''}``; C1 fails: ``{a', ..., a(M)}`` with the largest ``M`` such
    that ``Q(a(M)) - Q(a') < DQ``.

    Degenerate cases are handled without dividing by zero: a constant criterion
    (``f* = f-``) contributes 0 to ``S`` and ``R``; if ``S* = S-`` (or ``R* = R-``) the
    corresponding part of ``Q`` is 0. They are listed in ``degenerate``.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria)
        Raw criterion values (at least two alternatives).
    weights : array_like, shape (criteria,)
        Non-negative weights, normalised to sum 1.
    benefit : array_like of bool, shape (criteria,)
        ``True`` = benefit, ``False`` = cost.
    v : float
        Weight of the "majority of criteria" strategy, in [0, 1]. Default 0.5 (consensus).
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the ranks.

    Returns
    -------
    VikorResult

    References
    ----------
    Opricovic, S., Tzeng, G.-H. (2004). EJOR 156(2), 445-455.
    Opricovic, S., Tzeng, G.-H. (2007). Extended VIKOR method in comparison with outranking
    methods. EJOR 178(2), 514-529.

    Examples
    --------
    Opricovic & Tzeng (2004), Table 3:

    >>> res = vikor([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True])
    >>> res.S, res.R, res.Q
    (array([0.5  , 0.375, 0.5  ]), array([0.5 , 0.25, 0.5 ]), array([1., 0., 1.]))
    >>> res.compromise, res.ranks
    ((1,), array([2, 1, 2]))
    """
    X, w, b = _check_problem(matrix, weights, benefit)
    _check_choice(ties, TIE_POLICIES, "ties")
    m = X.shape[0]
    if m < 2:
        raise ModelError.at("matrix", "VIKOR needs at least two alternatives")
    if not (np.isfinite(v) and 0.0 <= v <= 1.0):
        raise ModelError.at("v", f"expected a number in [0, 1], got {v}")
    best = np.where(b, X.max(axis=0), X.min(axis=0))
    worst = np.where(b, X.min(axis=0), X.max(axis=0))
    span = best - worst
    const = span == 0
    degenerate = [f"constant criterion {int(j)}" for j in np.flatnonzero(const)]
    terms = np.where(const, 0.0, w * (best - X) / np.where(const, 1.0, span))
    S = terms.sum(axis=1)
    R = terms.max(axis=1)
    s_span = float(S.max() - S.min())
    r_span = float(R.max() - R.min())
    q_s = np.zeros(m) if s_span == 0 else (S - S.min()) / s_span
    q_r = np.zeros(m) if r_span == 0 else (R - R.min()) / r_span
    if s_span == 0:
        degenerate.append("S* = S-")
    if r_span == 0:
        degenerate.append("R* = R-")
    Q = v * q_s + (1.0 - v) * q_r

    dq = 1.0 / (m - 1)
    order = np.argsort(Q, kind="stable")
    first, second = int(order[0]), int(order[1])
    tol = TIE_TOLERANCE
    c1 = bool(Q[second] - Q[first] >= dq - tol)
    c2 = bool(S[first] <= S.min() + tol or R[first] <= R.min() + tol)
    if c1 and c2:
        compromise: tuple[int, ...] = (first,)
    elif c1:
        compromise = (first, second)
    else:
        close = Q[order] - Q[first] < dq - tol
        last = int(np.flatnonzero(close)[-1])
        compromise = tuple(int(i) for i in order[: last + 1])
    return VikorResult(
        scores=Q,
        ranks=rank_scores(Q, higher_is_better=False, ties=ties),
        S=S,
        R=R,
        Q=Q,
        compromise=compromise,
        acceptable_advantage=c1,
        acceptable_stability=c2,
        dq=dq,
        v=float(v),
        best=best,
        worst=worst,
        weights=w,
        normalization="linear (f* - f) / (f* - f-)",
        degenerate=tuple(degenerate),
        tie_policy=ties,
    )


# --------------------------------------------------------------------------------------------
# PROMETHEE II
# --------------------------------------------------------------------------------------------

#: Preference functions (Brans & Vincke 1985; Brans & Mareschal 2005), name -> type number.
PREFERENCE_FUNCTIONS: dict[str, str] = {
    "usual": "I",
    "u-shape": "II",
    "v-shape": "III",
    "level": "IV",
    "linear": "V",
    "gaussian": "VI",
}
_ALIASES: dict[str, str] = {
    "quasi": "u-shape",
    "linear-preference": "v-shape",
    "v-shape-indifference": "linear",
    **{roman: name for name, roman in PREFERENCE_FUNCTIONS.items()},
    **{name: name for name in PREFERENCE_FUNCTIONS},
}
# parameters each type needs
_NEEDS: dict[str, tuple[str, ...]] = {
    "usual": (),
    "u-shape": ("q",),
    "v-shape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}


@attrs.frozen(eq=False)
class PrometheeResult:
    """Result of :func:`promethee_ii`.

    Attributes
    ----------
    scores : numpy.ndarray
        Net flow ``phi`` (higher is better), in [-1, 1], summing to 0.
    ranks : numpy.ndarray
        Ranks, 1 = best.
    phi_plus, phi_minus, phi : numpy.ndarray
        Leaving, entering and net flows, scaled by ``1/(m-1)`` as in Brans & Mareschal (2005)
        (the 1986 paper prints unscaled sums; multiply by ``m - 1`` to compare).
    pi : numpy.ndarray
        Aggregated preference index ``pi[a, b] = sum_j w_j P_j(a, b)``, zero diagonal.
    preference : tuple of str
        Preference function per criterion (canonical names).
    q, p, s : tuple of (float or None)
        Thresholds per criterion (None where the function does not use it).
    weights : numpy.ndarray
        Weights used, normalised to sum 1.
    cost_handling : str
        ``"negated difference"``: for a cost criterion ``d_j(a, b) = x_bj - x_aj``.
    tie_policy : str
        Tie policy of ``ranks``.

    Examples
    --------
    The second alternative dominates, the first is dominated:

    >>> res = promethee_ii([[1, 10], [3, 30], [2, 20]], [0.5, 0.5], [True, True])
    >>> res.phi, res.ranks
    (array([-1.,  1.,  0.]), array([3, 1, 2]))
    >>> res.phi_plus, res.preference
    (array([0. , 1. , 0.5]), ('usual', 'usual'))
    """

    scores: FloatArray
    ranks: Ranks
    phi_plus: FloatArray
    phi_minus: FloatArray
    phi: FloatArray
    pi: FloatArray
    preference: tuple[str, ...]
    q: tuple[float | None, ...]
    p: tuple[float | None, ...]
    s: tuple[float | None, ...]
    weights: FloatArray
    cost_handling: str
    tie_policy: str


def _per_criterion(value: Any, name: str, n: int) -> list[float | None]:
    if value is None:
        return [None] * n
    if np.ndim(value) == 0:
        return [_param(value, name)] * n
    items = list(value)
    if len(items) != n:
        raise ModelError.at(name, f"expected {n} values (one per criterion), got {len(items)}")
    return [None if v is None else _param(v, f"{name}[{j}]") for j, v in enumerate(items)]


def _param(value: Any, name: str) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise ModelError.at(name, f"expected a number, got {value!r}") from None
    if not np.isfinite(f):
        raise ModelError.at(name, f"{f} is not a finite number")
    return f


def promethee_ii(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    *,
    preference: str | Sequence[str] = "usual",
    q: float | Sequence[float | None] | None = None,
    p: float | Sequence[float | None] | None = None,
    s: float | Sequence[float | None] | None = None,
    ties: TiePolicy = "min",
) -> PrometheeResult:
    """PROMETHEE II complete ranking by net outranking flow (Brans, Vincke & Mareschal 1986).

    For each criterion and ordered pair, ``d_j(a, b) = x_aj - x_bj`` for a benefit criterion
    and ``x_bj - x_aj`` for a cost (**cost handled by negating the difference**); then
    ``P_j(a, b) = F_j(d_j(a, b))`` in [0, 1], ``pi(a, b) = sum_j w_j P_j(a, b)``,
    ``phi+(a) = sum_b pi(a, b) / (m-1)``, ``phi-(a) = sum_b pi(b, a) / (m-1)``,
    ``phi = phi+ - phi-``. Vectorised over all pairs (alternatives x alternatives x criteria).

    Preference functions ``F`` (``P = 0`` for ``d <= 0``), names and Brans-Mareschal types:

    ==========  =====  ===========  ===============================================
    name        type   parameters   ``P(d)`` for ``d > 0``
    ==========  =====  ===========  ===============================================
    usual       I      --           1
    u-shape     II     q            0 if d <= q else 1  (alias ``"quasi"``)
    v-shape     III    p            min(d / p, 1)  (alias ``"linear-preference"``)
    level       IV     q < p        0 if d <= q; 1/2 if q < d <= p; 1 if d > p
    linear      V      q < p        0 if d <= q; (d - q)/(p - q) if q < d <= p; 1 above
                                    (V-shape with indifference)
    gaussian    VI     s            1 - exp(-d^2 / (2 s^2))
    ==========  =====  ===========  ===============================================

    Roman numerals ``"I"`` ... ``"VI"`` are accepted too. Thresholds are in the criterion's
    own units.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria)
        Raw criterion values (at least two alternatives); no normalisation is applied.
    weights : array_like, shape (criteria,)
        Non-negative weights, normalised to sum 1.
    benefit : array_like of bool, shape (criteria,)
        ``True`` = benefit, ``False`` = cost.
    preference : str or sequence of str
        One preference function for all criteria, or one per criterion.
    q, p, s : float or sequence, optional
        Indifference threshold, preference threshold and Gaussian parameter; a scalar applies
        to every criterion, a sequence gives one value (or None) per criterion.
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the ranks.

    Returns
    -------
    PrometheeResult

    References
    ----------
    Brans, J.-P., Vincke, Ph., Mareschal, B. (1986). How to select and how to rank projects:
    the PROMETHEE method. EJOR 24(2), 228-238.
    Brans, J.-P., Mareschal, B. (2005). PROMETHEE methods. In Figueira, Greco, Ehrgott (eds.),
    *Multiple Criteria Decision Analysis: State of the Art Surveys*, Springer, 163-186.

    Examples
    --------
    >>> res = promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [True] * 3)
    >>> res.phi.round(3)
    array([ 0.1, -0.3,  0.2])
    >>> res.ranks
    array([2, 3, 1])
    """
    X, w, b = _check_problem(matrix, weights, benefit)
    _check_choice(ties, TIE_POLICIES, "ties")
    m, n = X.shape
    if m < 2:
        raise ModelError.at("matrix", "PROMETHEE needs at least two alternatives")
    names = [preference] * n if isinstance(preference, str) else list(preference)
    if len(names) != n:
        raise ModelError.at("preference", f"expected {n} preference functions, got {len(names)}")
    canonical: list[str] = []
    for j, name in enumerate(names):
        raw = str(name)
        key = _ALIASES.get(raw.lower()) or _ALIASES.get(raw.upper())
        if key is None:
            raise ModelError.at(
                f"preference[{j}]",
                f"unknown preference function {name!r}; expected one of "
                f"{', '.join(PREFERENCE_FUNCTIONS)} (or I-VI)",
            )
        canonical.append(key)
    qs, ps, ss = _per_criterion(q, "q", n), _per_criterion(p, "p", n), _per_criterion(s, "s", n)
    q_used: list[float | None] = []
    p_used: list[float | None] = []
    s_used: list[float | None] = []
    for j, kind in enumerate(canonical):
        needs = _NEEDS[kind]
        for pname, vals in (("q", qs), ("p", ps), ("s", ss)):
            if pname in needs and vals[j] is None:
                raise ModelError.at(
                    f"{pname}[{j}]", f"the {kind!r} preference function needs {pname}"
                )
        qj = qs[j] if "q" in needs else None
        pj = ps[j] if "p" in needs else None
        sj = ss[j] if "s" in needs else None
        if qj is not None and qj < 0:
            raise ModelError.at(f"q[{j}]", "the indifference threshold must be >= 0")
        if pj is not None and pj <= 0:
            raise ModelError.at(f"p[{j}]", "the preference threshold must be > 0")
        if qj is not None and pj is not None and not qj < pj:
            raise ModelError.at(f"q[{j}]", f"need q < p, got q={qj}, p={pj}")
        if sj is not None and sj <= 0:
            raise ModelError.at(f"s[{j}]", "the Gaussian parameter must be > 0")
        q_used.append(qj)
        p_used.append(pj)
        s_used.append(sj)

    sign = np.where(b, 1.0, -1.0)
    D = (X[:, None, :] - X[None, :, :]) * sign  # D[a, b, j] = d_j(a, b)
    P = np.zeros_like(D)
    kinds = np.array(canonical)
    qv = np.array([np.nan if v is None else v for v in q_used])
    pv = np.array([np.nan if v is None else v for v in p_used])
    sv = np.array([np.nan if v is None else v for v in s_used])
    for kind in set(canonical):
        cols = np.flatnonzero(kinds == kind)
        d = D[:, :, cols]
        if kind == "usual":
            val = (d > 0).astype(np.float64)
        elif kind == "u-shape":
            val = (d > qv[cols]).astype(np.float64)
        elif kind == "v-shape":
            val = np.clip(d / pv[cols], 0.0, 1.0)
        elif kind == "level":
            val = np.where(d > pv[cols], 1.0, np.where(d > qv[cols], 0.5, 0.0))
        elif kind == "linear":
            val = np.clip((d - qv[cols]) / (pv[cols] - qv[cols]), 0.0, 1.0)
        else:  # gaussian
            val = np.where(d > 0, -np.expm1(-(d**2) / (2.0 * sv[cols] ** 2)), 0.0)
        P[:, :, cols] = val
    pi = P @ w
    np.fill_diagonal(pi, 0.0)
    phi_plus = pi.sum(axis=1) / (m - 1)
    phi_minus = pi.sum(axis=0) / (m - 1)
    phi = phi_plus - phi_minus
    return PrometheeResult(
        scores=phi,
        ranks=rank_scores(phi, higher_is_better=True, ties=ties),
        phi_plus=phi_plus,
        phi_minus=phi_minus,
        phi=phi,
        pi=pi,
        preference=tuple(canonical),
        q=tuple(q_used),
        p=tuple(p_used),
        s=tuple(s_used),
        weights=w,
        cost_handling="negated difference",
        tie_policy=ties,
    )
