"""Robustness metrics under deep uncertainty, over an outcome array ``x[strategy, scenario]``.

Every metric receives the **whole** strategies x scenarios array, because some (regret, rank
acceptability) compare strategies within a scenario. ``benefit=True`` means a higher outcome
is better (jobs, income); ``benefit=False`` means lower is better (cost, failures).

Each function returns a :class:`RobustnessResult` whose ``scores`` are in the outcome's own
units (or in regret units, or shares) and whose ``ranks`` put the most robust strategy first;
``higher_is_better`` says which way ``scores`` point.

Examples
--------
>>> import numpy as np
>>> x = np.array([[10.0, 2.0, 6.0],    # strategy 0 over three scenarios
...               [ 7.0, 5.0, 5.0],
...               [ 4.0, 4.0, 9.0]])
>>> maximin(x).scores, maximin(x).ranks
(array([2., 5., 4.]), array([3, 1, 2]))
>>> minimax_regret(x).scores, minimax_regret(x).ranks
(array([3., 4., 6.]), array([1, 2, 3]))
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_bool_array, as_finite_array, check_choice
from ..errors import ModelError
from .ties import Ranks, TiePolicy, rank_scores

__all__ = [
    "RobustnessResult",
    "hurwicz",
    "laplace",
    "maximin",
    "mean_minus_std",
    "minimax_regret",
    "percentile",
    "percentile_regret",
    "rank_acceptability",
    "regret",
    "satisficing",
]

FloatArray = NDArray[np.float64]

_PERCENTILE_METHOD: Final = "linear"


@attrs.frozen(eq=False)
class RobustnessResult:
    """Result of a robustness metric.

    Attributes
    ----------
    metric : str
        Name of the metric (``"maximin"``, ``"minimax_regret"``, ...).
    scores : numpy.ndarray, shape (strategies,)
        Metric value per strategy.
    ranks : numpy.ndarray
        Ranks, 1 = most robust.
    higher_is_better : bool
        Direction of ``scores``.
    benefit : bool
        Whether a higher *outcome* is better.
    parameters : Mapping
        Parameters of the metric (``alpha``, ``q``, ``k``, ``percentile_method``, ...).
    tie_policy : str
        Tie policy of ``ranks``.
    regret : numpy.ndarray or None
        Regret array (strategies x scenarios) for the regret metrics.
    satisfied : numpy.ndarray or None
        Boolean array (strategies x scenarios): scenario meets every constraint (satisficing).
    acceptability : numpy.ndarray or None
        Rank acceptability (strategies x ranks) for :func:`rank_acceptability`.
    """

    metric: str
    scores: FloatArray
    ranks: Ranks
    higher_is_better: bool
    benefit: bool
    parameters: Mapping[str, Any]
    tie_policy: str
    regret: FloatArray | None = None
    satisfied: NDArray[np.bool_] | None = None
    acceptability: FloatArray | None = None


def _outcomes(x: ArrayLike) -> FloatArray:
    arr = as_finite_array(x, "x", ndim=2)
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ModelError.at("x", f"expected at least one strategy and scenario, got {arr.shape}")
    return arr


def _result(
    metric: str,
    scores: FloatArray,
    *,
    higher_is_better: bool,
    benefit: bool,
    ties: TiePolicy,
    parameters: Mapping[str, Any] | None = None,
    **arrays: Any,
) -> RobustnessResult:
    check_choice(ties, "ties", TiePolicy)
    return RobustnessResult(
        metric=metric,
        scores=scores,
        ranks=rank_scores(scores, higher_is_better=higher_is_better, ties=ties),
        higher_is_better=higher_is_better,
        benefit=benefit,
        parameters=MappingProxyType(dict(parameters or {})),
        tie_policy=ties,
        **arrays,
    )


def _check_q(q: float, name: str = "q") -> float:
    qf = float(q)
    if not (np.isfinite(qf) and 0.0 <= qf <= 100.0):
        raise ModelError.at(name, f"expected a percentile in [0, 100], got {q}")
    return qf


def regret(x: ArrayLike, benefit: bool = True) -> FloatArray:
    """Regret of each strategy in each scenario: distance to the best strategy there.

    ``regret[i, k] = max_j x[j, k] - x[i, k]`` (benefit) or ``x[i, k] - min_j x[j, k]`` (cost),
    in the outcome's units. Never divided by a baseline (which could be 0). Always >= 0, and 0
    for the best strategy of each scenario.

    Parameters
    ----------
    x : array_like, shape (strategies, scenarios)
        Outcomes.
    benefit : bool
        Whether higher outcomes are better.

    Returns
    -------
    numpy.ndarray, shape (strategies, scenarios)

    Examples
    --------
    >>> regret([[10, 2], [7, 5]])
    array([[0., 3.],
           [3., 0.]])
    """
    arr = _outcomes(x)
    out: FloatArray = (
        arr.max(axis=0, keepdims=True) - arr if benefit else arr - arr.min(axis=0, keepdims=True)
    )
    return out


def minimax_regret(
    x: ArrayLike, benefit: bool = True, *, ties: TiePolicy = "min"
) -> RobustnessResult:
    """Savage's minimax regret: the worst regret over scenarios (lower is better).

    Examples
    --------
    >>> res = minimax_regret([[10, 2], [7, 5]])
    >>> res.scores, res.ranks
    (array([3., 3.]), array([1, 1]))
    """
    r = regret(x, benefit)
    return _result(
        "minimax_regret",
        r.max(axis=1),
        higher_is_better=False,
        benefit=benefit,
        ties=ties,
        regret=r,
    )


def percentile_regret(
    x: ArrayLike, q: float = 90, benefit: bool = True, *, ties: TiePolicy = "min"
) -> RobustnessResult:
    """The ``q``-th percentile of each strategy's regret over scenarios (lower is better).

    Percentiles use NumPy's ``"linear"`` interpolation (recorded in ``parameters``).

    Examples
    --------
    >>> percentile_regret([[10, 2, 6], [7, 5, 5]], q=50).scores
    array([1., 1.])
    """
    qf = _check_q(q)
    r = regret(x, benefit)
    scores = np.percentile(r, qf, axis=1, method=_PERCENTILE_METHOD)
    return _result(
        "percentile_regret",
        scores,
        higher_is_better=False,
        benefit=benefit,
        ties=ties,
        parameters={"q": qf, "percentile_method": _PERCENTILE_METHOD},
        regret=r,
    )


def maximin(x: ArrayLike, benefit: bool = True, *, ties: TiePolicy = "min") -> RobustnessResult:
    """Wald's maximin: the worst outcome over scenarios (for a cost, the largest one).

    Examples
    --------
    >>> maximin([[10, 2], [7, 5]]).scores
    array([2., 5.])
    >>> maximin([[10, 2], [7, 5]], benefit=False).scores
    array([10.,  7.])
    """
    arr = _outcomes(x)
    scores = arr.min(axis=1) if benefit else arr.max(axis=1)
    return _result("maximin", scores, higher_is_better=benefit, benefit=benefit, ties=ties)


def hurwicz(
    x: ArrayLike, alpha: float = 0.5, benefit: bool = True, *, ties: TiePolicy = "min"
) -> RobustnessResult:
    """Hurwicz criterion: ``alpha * best + (1 - alpha) * worst`` outcome over scenarios.

    ``alpha`` is the coefficient of optimism: 0 gives maximin, 1 gives maximax.

    Examples
    --------
    >>> hurwicz([[10, 2], [7, 5]], alpha=0.25).scores
    array([4. , 5.5])
    """
    af = float(alpha)
    if not (np.isfinite(af) and 0.0 <= af <= 1.0):
        raise ModelError.at("alpha", f"expected a number in [0, 1], got {alpha}")
    arr = _outcomes(x)
    best = arr.max(axis=1) if benefit else arr.min(axis=1)
    worst = arr.min(axis=1) if benefit else arr.max(axis=1)
    scores = af * best + (1.0 - af) * worst
    return _result(
        "hurwicz",
        scores,
        higher_is_better=benefit,
        benefit=benefit,
        ties=ties,
        parameters={"alpha": af},
    )


def laplace(x: ArrayLike, benefit: bool = True, *, ties: TiePolicy = "min") -> RobustnessResult:
    """Laplace's principle of insufficient reason: the mean outcome (equiprobable scenarios).

    Examples
    --------
    >>> laplace([[10, 2], [7, 5]]).scores
    array([6., 6.])
    """
    arr = _outcomes(x)
    return _result(
        "laplace", arr.mean(axis=1), higher_is_better=benefit, benefit=benefit, ties=ties
    )


def percentile(
    x: ArrayLike, q: float = 10, benefit: bool = True, *, ties: TiePolicy = "min"
) -> RobustnessResult:
    """The ``q``-th percentile of each strategy's outcomes over scenarios.

    ``q`` refers to the raw outcome distribution: for a benefit the pessimistic tail is a low
    ``q`` (the default 10); for a cost pass a high ``q`` (e.g. 90). Interpolation is NumPy's
    ``"linear"``.

    Examples
    --------
    >>> percentile([[10, 2, 6], [7, 5, 5]], q=50).scores
    array([6., 5.])
    """
    qf = _check_q(q)
    arr = _outcomes(x)
    scores = np.percentile(arr, qf, axis=1, method=_PERCENTILE_METHOD)
    return _result(
        "percentile",
        scores,
        higher_is_better=benefit,
        benefit=benefit,
        ties=ties,
        parameters={"q": qf, "percentile_method": _PERCENTILE_METHOD},
    )


def mean_minus_std(
    x: ArrayLike, k: float = 1.0, benefit: bool = True, *, ddof: int = 0, ties: TiePolicy = "min"
) -> RobustnessResult:
    """Risk-adjusted mean: ``mean - k * std`` (benefit) or ``mean + k * std`` (cost).

    The standard deviation is over scenarios with ``ddof`` (default 0, population).

    Examples
    --------
    >>> mean_minus_std([[10, 2], [7, 5]], k=1).scores
    array([2., 5.])
    """
    kf = float(k)
    if not (np.isfinite(kf) and kf >= 0):
        raise ModelError.at("k", f"expected a number >= 0, got {k}")
    arr = _outcomes(x)
    if ddof < 0 or ddof >= arr.shape[1]:
        raise ModelError.at("ddof", f"need 0 <= ddof < number of scenarios ({arr.shape[1]})")
    sd = arr.std(axis=1, ddof=ddof)
    mean = arr.mean(axis=1)
    scores = mean - kf * sd if benefit else mean + kf * sd
    return _result(
        "mean_minus_std",
        scores,
        higher_is_better=benefit,
        benefit=benefit,
        ties=ties,
        parameters={"k": kf, "ddof": int(ddof)},
    )


def satisficing(
    x: ArrayLike,
    thresholds: ArrayLike | None = None,
    *,
    benefit: ArrayLike = True,
    ties: TiePolicy = "min",
) -> RobustnessResult:
    """Starr's domain criterion: the share of scenarios in which every constraint is met.

    Parameters
    ----------
    x : array_like
        Either a boolean array (strategies x scenarios) saying whether each scenario is
        acceptable (``thresholds`` must then be None), or outcomes (strategies x scenarios) with
        one threshold, or outcomes (strategies x scenarios x indicators) with one threshold per
        indicator.
    thresholds : float or array_like, shape (indicators,), optional
        Constraint per indicator: met when ``x >= threshold`` (benefit) or ``x <= threshold``
        (cost).
    benefit : bool or array_like of bool, shape (indicators,)
        Direction of each indicator.
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the ranks.

    Returns
    -------
    RobustnessResult
        ``scores`` = share of scenarios satisfying every constraint (higher is better);
        ``satisfied`` = the boolean array.

    Examples
    --------
    >>> satisficing([[True, False, True], [True, True, True]]).scores
    array([0.66666667, 1.        ])
    >>> x = [[[5, 1], [7, 3]], [[6, 2], [4, 1]]]   # 2 strategies, 2 scenarios, 2 indicators
    >>> satisficing(x, [5, 2], benefit=[True, False]).scores
    array([0.5, 0.5])
    """
    raw = np.asarray(x)
    if raw.dtype == np.bool_:
        if thresholds is not None:
            raise ModelError.at("thresholds", "a boolean x already says which scenarios pass")
        if raw.ndim != 2 or raw.size == 0:
            raise ModelError.at(
                "x", f"expected a non-empty 2-D boolean array, got shape {raw.shape}"
            )
        ok: NDArray[np.bool_] = raw.copy()
        params: dict[str, Any] = {"thresholds": None}
    else:
        if thresholds is None:
            raise ModelError.at("thresholds", "numeric outcomes need thresholds")
        arr = as_finite_array(x, "x", ndim=(2, 3))
        if arr.ndim == 2:
            arr = arr[:, :, None]
        if arr.shape[0] == 0 or arr.shape[1] == 0:
            raise ModelError.at(
                "x", f"expected at least one strategy and scenario, got {arr.shape}"
            )
        n_ind = arr.shape[2]
        t = as_finite_array(thresholds, "thresholds", ndim=(0, 1)).reshape(-1)
        if t.shape[0] != n_ind:
            raise ModelError.at("thresholds", f"expected {n_ind} thresholds, got {t.shape[0]}")
        b = as_bool_array(benefit, "benefit", n_ind)
        ok = np.asarray(np.where(b, arr >= t, arr <= t).all(axis=2), dtype=bool)
        params = {"thresholds": tuple(float(v) for v in t), "benefit": tuple(bool(v) for v in b)}
    share = ok.mean(axis=1)
    return _result(
        "satisficing",
        share,
        higher_is_better=True,
        benefit=True,
        ties=ties,
        parameters=params,
        satisfied=ok,
    )


def rank_acceptability(
    x: ArrayLike, benefit: bool = True, *, ties: TiePolicy = "min"
) -> RobustnessResult:
    """Share of scenarios in which each strategy takes each rank.

    Strategies are ranked within every scenario (ties by ``ties``; with ``"min"`` tied
    strategies share the better rank). ``acceptability[i, r]`` is the share of scenarios where
    strategy ``i`` has rank ``r + 1``; rows sum to 1. ``scores`` is the first-rank
    acceptability (share of scenarios where the strategy is best, higher is better).

    Examples
    --------
    >>> res = rank_acceptability([[10, 2, 6, 8], [7, 5, 5, 7], [4, 4, 9, 3]])
    >>> res.acceptability
    array([[0.5 , 0.25, 0.25],
           [0.25, 0.5 , 0.25],
           [0.25, 0.25, 0.5 ]])
    """
    arr = _outcomes(x)
    check_choice(ties, "ties", TiePolicy)
    if ties == "average":
        raise ModelError.at(
            "ties", "rank acceptability needs integer ranks; use min, dense or ordinal"
        )
    m, k = arr.shape
    y = arr if benefit else -arr
    ranks = np.empty((m, k), dtype=np.int64)
    block = max(1, (1 << 22) // (m * m))  # bound the (m, m, block) comparison arrays
    for start in range(0, k, block):
        yb = y[:, start : start + block]
        if ties == "min":
            rb = 1 + (yb[None, :, :] > yb[:, None, :]).sum(axis=1)
        elif ties == "dense":
            srt = np.sort(yb, axis=0)
            first = np.ones(srt.shape, dtype=bool)
            first[1:] = np.diff(srt, axis=0) > 0
            # number of distinct values strictly greater than yb[i, j]
            rb = 1 + ((srt[:, None, :] > yb[None, :, :]) & first[:, None, :]).sum(axis=0)
        else:  # ordinal, ties broken by strategy index
            order = np.argsort(-yb, axis=0, kind="stable")
            rb = np.empty(yb.shape, dtype=np.int64)
            positions = np.broadcast_to(np.arange(1, m + 1)[:, None], yb.shape)
            np.put_along_axis(rb, order, positions, axis=0)
        ranks[:, start : start + block] = rb
    acc = np.zeros((m, m))
    np.add.at(acc, (np.repeat(np.arange(m), k), ranks.reshape(-1) - 1), 1.0)
    acc /= k
    return _result(
        "rank_acceptability",
        acc[:, 0].copy(),
        higher_is_better=True,
        benefit=benefit,
        ties=ties,
        acceptability=acc,
    )
