"""PROMETHEE II: complete ranking by net outranking flow (Brans, Vincke & Mareschal 1986).

Examples
--------
>>> promethee_ii([[1, 10], [3, 30], [2, 20]], [0.5, 0.5], [True, True]).ranks
array([3, 1, 2])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import check_choice
from ..errors import ModelError
from ._problem import check_problem
from .ties import Ranks, TiePolicy, rank_scores

__all__ = ["PREFERENCE_FUNCTIONS", "PrometheeResult", "promethee_ii"]

FloatArray = NDArray[np.float64]


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
    X, w, b = check_problem(matrix, weights, benefit)
    check_choice(ties, "ties", TiePolicy)
    m, n = X.shape
    if m < 2:
        raise ModelError.at("matrix", "PROMETHEE needs at least two alternatives")
    canonical = _preference_names(preference, n)
    q_used, p_used, s_used = _thresholds(canonical, q, p, s)
    sign = np.where(b, 1.0, -1.0)
    D = (X[:, None, :] - X[None, :, :]) * sign  # D[a, b, j] = d_j(a, b)
    P = _preferences(D, canonical, q_used, p_used, s_used)
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


# --- the steps of promethee_ii -------------------------------------------------------------


def _preference_names(preference: str | Sequence[str], n: int) -> list[str]:
    """The canonical name of each criterion's preference function."""
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
    return canonical


Thresholds = list[float | None]


def _thresholds(
    canonical: list[str], q: Any, p: Any, s: Any
) -> tuple[Thresholds, Thresholds, Thresholds]:
    """The ``q``, ``p`` and ``s`` each criterion's function uses (None where unused), checked."""
    n = len(canonical)
    qs, ps, ss = _per_criterion(q, "q", n), _per_criterion(p, "p", n), _per_criterion(s, "s", n)
    q_used: Thresholds = []
    p_used: Thresholds = []
    s_used: Thresholds = []
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
    return q_used, p_used, s_used


def _preferences(
    D: FloatArray, canonical: list[str], q: Thresholds, p: Thresholds, s: Thresholds
) -> FloatArray:
    """``P[a, b, j] = F_j(d_j(a, b))`` for every pair and criterion."""
    P = np.zeros_like(D)
    kinds = np.array(canonical)
    qv = np.array([np.nan if v is None else v for v in q])
    pv = np.array([np.nan if v is None else v for v in p])
    sv = np.array([np.nan if v is None else v for v in s])
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
    return P
