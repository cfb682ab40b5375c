"""Ranks from scores, with a declared tie policy.

``"min"`` (competition ranking, the default), ``"average"``, ``"dense"``, ``"ordinal"``; scores
closer than a relative tolerance are tied, so that rounding noise does not decide a rank.

Examples
--------
>>> rank_scores([0.2, 0.9, 0.5, 0.9]).tolist()
[4, 1, 3, 1]
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_finite_array, check_choice, choices
from ..errors import ModelError

__all__ = ["TIE_POLICIES", "TIE_TOLERANCE", "Ranks", "TiePolicy", "rank_scores"]

Ranks = NDArray[np.int64] | NDArray[np.float64]

TiePolicy = Literal["min", "average", "dense", "ordinal"]
"""The tie policies of :func:`rank_scores`."""
#: Tie policies accepted by :func:`rank_scores`.
TIE_POLICIES: tuple[str, ...] = choices(TiePolicy)

#: Relative tolerance under which two scores are treated as tied by :func:`rank_scores`.
TIE_TOLERANCE = 1e-12


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
    check_choice(ties, "ties", TiePolicy)
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
