"""VIKOR: the compromise ranking closest to the ideal (Opricovic & Tzeng 2004).

Examples
--------
>>> vikor([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True]).compromise
(1,)
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import check_choice
from ..errors import ModelError
from ._problem import check_problem
from .ties import TIE_TOLERANCE, Ranks, TiePolicy, rank_scores

__all__ = ["VikorResult", "vikor"]

FloatArray = NDArray[np.float64]


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
    X, w, b = check_problem(matrix, weights, benefit)
    check_choice(ties, "ties", TiePolicy)
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
