"""What the ranking is built from: the criteria matrix of an ensemble (each criterion a
statistic of an outcome over scenarios), the criteria's weights (direct or AHP), and the
composite score — the criteria normalised with fixed bounds
(:func:`~ssestrategy.decision.normalization.minmax`), weighted — behind ``P(best)``, regret and
the lead's decomposition.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.model import Criterion
>>> crit = [Criterion(outcome="jobs"), Criterion(outcome="spend")]
>>> v = {"jobs": np.array([[0.0, 10.0]]), "spend": np.array([[5.0, 5.0]])}
>>> composite(v, crit, np.array([0.5, 0.5])).tolist()
[[0.5, 1.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import Criteria, Criterion, Statistic
from .ahp import ahp
from .normalization import minmax

__all__ = [
    "OutcomeSource",
    "composite",
    "composite_terms",
    "criteria_matrix",
    "criteria_weights",
    "summarise",
]


class OutcomeSource(Protocol):
    """What :func:`rank` needs of an ensemble: strategy ids and outcome arrays."""

    @property
    def strategies(self) -> tuple[str, ...]: ...

    def outcome(self, name: str, at: float | None = None) -> NDArray[np.float64]: ...


def summarise(x: NDArray[np.float64], c: Criterion) -> NDArray[np.float64]:
    """Summarise ``(strategies, scenarios)`` over the scenarios as criterion ``c`` says (the
    one definition of mean, median, percentile and CVaR, used by the ranking and the design
    search).

    Examples
    --------
    >>> x = np.array([[1.0, 2.0, 3.0, 4.0]])
    >>> summarise(x, Criterion(outcome="jobs", statistic="cvar", q=50.0)).tolist()
    [1.5]
    """
    if c.statistic is Statistic.MEAN:
        return np.asarray(x.mean(axis=1))
    if c.statistic is Statistic.MEDIAN:
        return np.asarray(np.median(x, axis=1))
    q = float(c.q or 0.0)
    if c.statistic is Statistic.PERCENTILE:
        return np.asarray(np.percentile(x, q, axis=1))
    # CVaR: mean of the worst q percent of scenarios (lowest for a benefit, highest for a cost)
    n = x.shape[1]
    k = max(1, int(np.ceil(q / 100.0 * n)))
    s = np.sort(x, axis=1)
    tail = s[:, :k] if c.is_benefit else s[:, n - k :]
    return np.asarray(tail.mean(axis=1))


def criteria_matrix(ensemble: OutcomeSource, criteria: Sequence[Criterion]) -> NDArray[np.float64]:
    """The (strategies, criteria) matrix of criterion summaries.

    Examples
    --------
    >>> class Toy:
    ...     strategies = ("a",)
    ...     def outcome(self, name, at=None):
    ...         return np.array([[1.0, 2.0, 3.0, 4.0]])
    >>> criteria_matrix(Toy(), [Criterion(outcome="jobs", statistic="cvar", q=50.0)]).tolist()
    [[1.5]]
    """
    cols = [summarise(np.asarray(ensemble.outcome(c.outcome, at=c.at)), c) for c in criteria]
    return np.column_stack(cols) if cols else np.zeros((len(ensemble.strategies), 0))


def criteria_weights(criteria: Criteria) -> tuple[NDArray[np.float64], str]:
    """Normalised criterion weights (direct, or AHP from the pairwise matrix) and their origin."""
    if criteria.pairwise is not None:
        res = ahp(np.array(criteria.pairwise), random_index=criteria.random_index)  # type: ignore[arg-type]
        return np.asarray(res.weights, dtype=np.float64), f"ahp (CR={res.cr:.3f})"
    w = criteria.direct_weights()
    if w is None:  # pragma: no cover - Criteria validates this
        raise ModelError.at("criteria", "no weights")
    arr = np.asarray(w, dtype=np.float64)
    if arr.sum() <= 0:
        raise ModelError.at("criteria", "weights must not all be zero")
    return arr / arr.sum(), "direct"


def composite_terms(
    values: Mapping[str, NDArray[np.float64]] | Sequence[NDArray[np.float64]],
    criteria: Sequence[Criterion],
    weights: NDArray[np.float64],
    bounds: Mapping[str, tuple[float, float]] | Sequence[tuple[float, float]] | None = None,
) -> NDArray[np.float64]:
    """Each criterion's weighted term of the composite score: ``w_j z_j``, stacked.

    ``z_j`` is criterion ``j``'s outcome normalised with fixed bounds to [0, 1], reversed for a
    cost; :func:`composite` is the sum of the terms over criteria, so a composite difference
    splits exactly into per-criterion differences of terms
    (:func:`~ssestrategy.explain.attribution.lead`).

    Parameters
    ----------
    values : dict of outcome name to ndarray, or sequence of ndarray
        Outcome arrays of a common shape (e.g. strategies x scenarios): keyed by outcome, or
        one per criterion in the criteria's order (needed when two criteria read the same
        outcome at different dates).
    criteria : sequence of Criterion
    weights : ndarray
        Normalised weights, one per criterion.
    bounds : dict of outcome name to (low, high), or sequence of (low, high), optional
        Fixed normalisation bounds (keyed like ``values``); default the min and max of each
        array (over all strategies and scenarios, so the score never depends on which
        strategies are compared).

    Returns
    -------
    ndarray
        Shape ``(criteria, *values shape)``.

    Examples
    --------
    >>> crit = [Criterion(outcome="jobs"), Criterion(outcome="spend")]
    >>> v = [np.array([[0.0, 10.0]]), np.array([[4.0, 6.0]])]
    >>> composite_terms(v, crit, np.array([0.5, 0.5])).tolist()
    [[[0.0, 0.5]], [[0.5, 0.0]]]
    """
    if not criteria:
        raise ModelError.at("criteria", "at least one criterion is needed")
    by_name = isinstance(values, Mapping)
    terms = []
    for j, (c, w) in enumerate(zip(criteria, weights, strict=True)):
        x = np.asarray(values[c.outcome] if by_name else values[j], dtype=np.float64)  # type: ignore[call-overload, index]
        if bounds:
            lo, hi = bounds[c.outcome] if isinstance(bounds, Mapping) else bounds[j]
        else:
            lo, hi = float(x.min()), float(x.max())
        z = minmax(x, lo, hi, constant=0.0)
        if not c.is_benefit:
            z = 1.0 - z
        terms.append(w * z)
    return np.stack(terms)


def composite(
    values: Mapping[str, NDArray[np.float64]] | Sequence[NDArray[np.float64]],
    criteria: Sequence[Criterion],
    weights: NDArray[np.float64],
    bounds: Mapping[str, tuple[float, float]] | Sequence[tuple[float, float]] | None = None,
) -> NDArray[np.float64]:
    """Per-scenario composite score: criteria normalised with fixed bounds, weighted.

    Parameters
    ----------
    values : dict of outcome name to ndarray, or sequence of ndarray
        Outcome arrays of a common shape (e.g. strategies x scenarios): keyed by outcome, or
        one per criterion (see :func:`composite_terms`).
    criteria : sequence of Criterion
    weights : ndarray
        Normalised weights, one per criterion.
    bounds : dict of outcome name to (low, high), or sequence of (low, high), optional
        Fixed normalisation bounds; default the min and max of each array (over all
        strategies and scenarios, so the score never depends on which strategies are compared).

    Examples
    --------
    >>> crit = [Criterion(outcome="jobs"), Criterion(outcome="spend")]
    >>> v = {"jobs": np.array([[0.0, 10.0]]), "spend": np.array([[5.0, 5.0]])}
    >>> composite(v, crit, np.array([0.5, 0.5])).tolist()
    [[0.5, 1.0]]
    """
    total: NDArray[np.float64] = composite_terms(values, criteria, weights, bounds).sum(axis=0)
    return total
