"""Robustness metrics of designs over futures, with confidence intervals.

An objective is a :class:`~ssestrategy.model.Criterion` (an outcome, a statistic over futures —
mean, median, percentile, CVaR — and a date), so the case's criteria are the default objectives
of a search. :func:`parse_objective` reads the short form of the command line
(``jobs:mean``, ``survival:p10``, ``income:cvar10@5``). :func:`metric` summarises a
``(designs, futures)`` array with an interval:

- mean: the normal interval of the mean;
- median and percentile: the distribution-free order-statistic interval (binomial);
- CVaR: the normal interval of the mean of the tail (approximate: the tail's size is fixed).

Examples
--------
>>> import numpy as np
>>> c = parse_objective("jobs:p10@5")
>>> c.outcome, c.statistic.value, c.q, c.at
('jobs', 'percentile', 10.0, 5.0)
>>> est, lo, hi = metric(np.arange(100.0)[None, :], parse_objective("jobs:mean"))
>>> float(est[0]), bool(lo[0] < 49.5 < hi[0])
(49.5, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from ..decision.composite import summarise
from ..errors import ModelError
from ..model import OUTCOMES, Criterion
from ..model.targets import Statistic

__all__ = ["metric", "parse_objective", "year_index"]

Float = NDArray[np.float64]

_FORM = re.compile(
    r"^(?P<outcome>[a-z_]+):(?P<stat>mean|median|p\d+(\.\d+)?|cvar\d+(\.\d+)?)(@(?P<at>[0-9.]+))?$"
)


def parse_objective(text: str | Criterion, path: str = "objectives") -> Criterion:
    """A criterion from its short form ``outcome:statistic[@year]``.

    The statistic is ``mean``, ``median``, ``pQ`` (the Q-th percentile) or ``cvarQ`` (the mean
    of the worst Q percent); the year defaults to the end of the horizon. A
    :class:`~ssestrategy.model.Criterion` is returned as it is.

    Examples
    --------
    >>> parse_objective("survival:cvar10").statistic.value
    'cvar'
    >>> parse_objective("nope:mean")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: objectives: unknown outcome 'nope'
    """
    if isinstance(text, Criterion):
        return text
    m = _FORM.match(str(text).strip())
    if m is None:
        raise ModelError.at(
            path, f"expected outcome:statistic[@year] (e.g. jobs:mean, survival:p10), got {text!r}"
        )
    outcome, stat = m["outcome"], m["stat"]
    if outcome not in OUTCOMES:
        raise ModelError.at(path, f"unknown outcome {outcome!r}")
    at = float(m["at"]) if m["at"] else None
    if stat in ("mean", "median"):
        return Criterion(outcome=outcome, statistic=stat, at=at)
    kind = "percentile" if stat.startswith("p") else "cvar"
    q = float(stat[1:] if kind == "percentile" else stat[4:])
    return Criterion(outcome=outcome, statistic=kind, q=q, at=at)


def year_index(years: Float, at: float | None, path: str = "at") -> int:
    """Position of year ``at`` among the recorded ``years`` (None: the last)."""
    if at is None:
        return int(years.shape[0] - 1)
    hit = np.flatnonzero(np.isclose(years, at))
    if not hit.size:
        raise ModelError.at(
            path, f"year {at:g} is not a checkpoint ({', '.join(f'{y:g}' for y in years)})"
        )
    return int(hit[0])


def metric(values: Float, c: Criterion, confidence: float = 0.95) -> tuple[Float, Float, Float]:
    """Estimate, low and high end of the interval of criterion ``c`` for each row of
    ``values`` ``(designs, futures)``.

    Examples
    --------
    >>> import numpy as np
    >>> est, lo, hi = metric(np.arange(1.0, 101.0)[None, :], parse_objective("jobs:median"))
    >>> float(est[0]), float(lo[0]), float(hi[0])
    (50.5, 41.0, 61.0)
    """
    x = np.asarray(values, dtype=np.float64)
    n = x.shape[1]
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    est = summarise(x, c)  # the ranking's own definition of each statistic
    if c.statistic is Statistic.MEAN:
        se = x.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(x.shape[0])
        return est, est - z * se, est + z * se
    s = np.sort(x, axis=1)
    if c.statistic in (Statistic.MEDIAN, Statistic.PERCENTILE):
        p = (50.0 if c.statistic is Statistic.MEDIAN else float(c.q or 0.0)) / 100.0
        lo_k = int(np.clip(stats.binom.ppf((1 - confidence) / 2, n, p), 0, n - 1))
        hi_k = int(np.clip(stats.binom.ppf(0.5 + confidence / 2, n, p), 0, n - 1))
        return est, np.minimum(s[:, lo_k], est), np.maximum(s[:, hi_k], est)
    # CVaR: the interval of the mean of the tail summarise() averaged
    k = max(1, int(np.ceil(float(c.q or 0.0) / 100.0 * n)))
    tail = s[:, :k] if c.is_benefit else s[:, n - k :]
    se = tail.std(axis=1, ddof=1) / np.sqrt(k) if k > 1 else np.zeros(x.shape[0])
    return est, est - z * se, est + z * se


def objective_label(c: Criterion) -> str:
    """The short form of a criterion (``survival:p10@5``)."""
    if c.statistic is Statistic.PERCENTILE:
        stat = f"p{c.q:g}"
    elif c.statistic is Statistic.CVAR:
        stat = f"cvar{c.q:g}"
    else:
        stat = c.statistic.value
    return f"{c.outcome}:{stat}" + (f"@{c.at:g}" if c.at is not None else "")


def objectives_of(
    items: Sequence[str | Criterion] | None, default: Sequence[Criterion]
) -> tuple[Criterion, ...]:
    """The objectives of a search: parsed ``items``, or ``default`` (the case's criteria)."""
    if items is None:
        out = tuple(default)
    else:
        out = tuple(parse_objective(t, f"objectives[{k}]") for k, t in enumerate(items))
    if not out:
        raise ModelError.at("objectives", "a search needs at least one objective")
    return out
