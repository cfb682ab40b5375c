"""Summaries of an ensemble: the per-strategy table of quantiles (:class:`EnsembleSummary`)
and the streaming summaries a ``keep="summary"`` run folds its chunks into
(:class:`StreamingStats`, :class:`OutcomeStats`).

Examples
--------
>>> import numpy as np
>>> acc = StreamingStats(np.array([[[0.0, 10.0]]]), n_checkpoints=1, n_strategies=1)
>>> acc.add(np.array([[[[1.0, 2.0, 3.0]]]]))
>>> stats = acc.result()
>>> stats.count, stats.mean.tolist()
(3, [[[2.0]]])
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._html import table_html
from .._text import text_table
from ..model import OUTCOMES

__all__ = ["HISTOGRAM_BINS", "EnsembleSummary", "OutcomeStats", "StreamingStats"]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

HISTOGRAM_BINS = 1024
"""Bins of the streaming histograms (``keep="summary"``): quantiles to 0.1% of the range."""


def _fmt_value(name: str, v: float) -> str:
    unit = OUTCOMES[name].unit if name in OUTCOMES else ""
    if not math.isfinite(v):
        return str(v)
    if unit == "share":
        return f"{100.0 * v:.1f}%"
    if unit == "index":
        return f"{v:.3f}"
    if unit.startswith("MAD") or unit == "people":
        return f"{v:,.0f}"
    return f"{v:,.1f}"


@attrs.frozen(eq=False)
class EnsembleSummary:
    """Per strategy and outcome: median and a central band over scenarios at one time.

    Attributes
    ----------
    strategies : tuple of str
    outcome_names : tuple of str
    at : float
        Year of the summary.
    quantiles : tuple of float
        ``(low, high)`` levels of the band (default 10% and 90%).
    median, low, high, mean : ndarray
        ``(strategies, outcomes)``.
    method : str
        ``"exact"`` (quantiles of the kept scenarios) or ``"histogram"`` (streaming summaries).
    n_scenarios : int

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation import simulate
    >>> s = simulate(tiznit(), ["status-quo"], n_scenarios=8, rng=1, periods=4).summary()
    >>> sorted(s.to_dict()["strategies"])
    ['status-quo']
    """

    strategies: tuple[str, ...]
    outcome_names: tuple[str, ...]
    at: float
    quantiles: tuple[float, float]
    median: Float
    low: Float
    high: Float
    mean: Float
    method: str
    n_scenarios: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{strategy: {outcome: {median, low, high, mean}}}`` plus metadata."""
        return {
            "at": self.at,
            "quantiles": list(self.quantiles),
            "method": self.method,
            "n_scenarios": self.n_scenarios,
            "strategies": {
                s: {
                    o: {
                        "median": float(self.median[i, j]),
                        "low": float(self.low[i, j]),
                        "high": float(self.high[i, j]),
                        "mean": float(self.mean[i, j]),
                    }
                    for j, o in enumerate(self.outcome_names)
                }
                for i, s in enumerate(self.strategies)
            },
        }

    def _cell(self, i: int, j: int) -> str:
        name = self.outcome_names[j]
        return (
            f"{_fmt_value(name, float(self.median[i, j]))} "
            f"[{_fmt_value(name, float(self.low[i, j]))}, "
            f"{_fmt_value(name, float(self.high[i, j]))}]"
        )

    def format(self) -> str:
        """A plain-text table: one row per outcome, one column per strategy."""
        lo, hi = (round(100 * q) for q in self.quantiles)
        header = ["outcome", *self.strategies]
        rows = [
            [_labelled(name), *(self._cell(i, j) for i in range(len(self.strategies)))]
            for j, name in enumerate(self.outcome_names)
        ]
        title = f"Outcomes at year {self.at:g} over {self.n_scenarios} scenarios: "
        title += f"median [{lo}%, {hi}%]"
        return "\n".join([title, *text_table(header, rows)])

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        rows = [
            [name, *(self._cell(i, j) for i in range(len(self.strategies)))]
            for j, name in enumerate(self.outcome_names)
        ]
        lo, hi = (round(100 * q) for q in self.quantiles)
        return table_html(
            ["outcome", *self.strategies],
            rows,
            caption=f"year {self.at:g}, {self.n_scenarios} scenarios: median [{lo}%, {hi}%]",
        )


def _labelled(name: str) -> str:
    """An outcome's name with its money unit: ``income (MAD/year)``, ``spend (MAD)``."""
    from ..model.outcomes import OUTCOMES

    info = OUTCOMES.get(name)
    return f"{name} ({info.unit})" if info is not None and "MAD" in info.unit else name


@attrs.frozen(eq=False)
class OutcomeStats:
    """Streaming summaries of every outcome, checkpoint and strategy.

    Attributes
    ----------
    count : int
    mean, m2, minimum, maximum : ndarray
        ``(outcomes, checkpoints, strategies)``; ``m2`` is the sum of squared deviations.
    histogram : ndarray of int
        ``(outcomes, checkpoints, strategies, bins)`` counts over ``bounds``.
    bounds : ndarray
        ``(outcomes, strategies, 2)`` range of the histogram bins (values outside fall in the
        end bins).
    """

    count: int
    mean: Float
    m2: Float
    minimum: Float
    maximum: Float
    histogram: Int
    bounds: Float

    def quantile(self, q: float) -> Float:
        """Quantile ``q`` of every cell, interpolated within its histogram bin.

        Examples
        --------
        >>> acc = StreamingStats(np.array([[[0.0, 1.0]]]), 1, 1, bins=10)
        >>> acc.add(np.linspace(0, 1, 101).reshape(1, 1, 1, 101))
        >>> float(np.round(acc.result().quantile(0.5)[0, 0, 0], 3))
        0.5
        """
        h = self.histogram.astype(np.float64)
        n_bins = h.shape[-1]
        cum = np.cumsum(h, axis=-1)
        target = q * self.count
        b = np.minimum((cum < target).sum(axis=-1), n_bins - 1)
        before = (
            np.take_along_axis(cum, b[..., None], axis=-1)[..., 0]
            - np.take_along_axis(h, b[..., None], axis=-1)[..., 0]
        )
        inbin = np.take_along_axis(h, b[..., None], axis=-1)[..., 0]
        frac = np.where(inbin > 0, (target - before) / np.where(inbin > 0, inbin, 1.0), 0.0)
        lo = self.bounds[..., 0][:, None, :]
        width = (self.bounds[..., 1] - self.bounds[..., 0])[:, None, :] / n_bins
        out: Float = np.clip(lo + (b + np.clip(frac, 0.0, 1.0)) * width, self.minimum, self.maximum)
        return out


class StreamingStats:
    """Accumulate :class:`OutcomeStats` from chunks of scenarios given in scenario order.

    Sums are accumulated strictly sequentially over scenarios (a cumulative sum continuing the
    running total), shifted by the first scenario's values for accuracy, so the result is
    bit-identical however the scenarios are split into chunks.

    Parameters
    ----------
    bounds : ndarray
        ``(outcomes, strategies, 2)`` histogram ranges.
    n_checkpoints, n_strategies : int
    bins : int
    """

    def __init__(
        self, bounds: Float, n_checkpoints: int, n_strategies: int, *, bins: int = HISTOGRAM_BINS
    ) -> None:
        n_o = bounds.shape[0]
        shape = (n_o, n_checkpoints, n_strategies)
        self.bounds = np.asarray(bounds, dtype=np.float64)
        self.bins = bins
        self.count = 0
        self.shift = np.zeros(shape)
        self.s1 = np.zeros(shape)
        self.s2 = np.zeros(shape)
        self.minimum = np.full(shape, np.inf)
        self.maximum = np.full(shape, -np.inf)
        self.histogram = np.zeros((*shape, bins), dtype=np.int64)

    def add(self, values: Float) -> None:
        """Fold ``values`` ``(outcomes, checkpoints, strategies, scenarios)`` (the next scenarios
        in order)."""
        if values.shape[-1] == 0:
            return
        if self.count == 0:
            self.shift = values[..., 0].copy()
        d = values - self.shift[..., None]
        self.s1 = np.cumsum(np.concatenate([self.s1[..., None], d], axis=-1), axis=-1)[..., -1]
        self.s2 = np.cumsum(np.concatenate([self.s2[..., None], d * d], axis=-1), axis=-1)[..., -1]
        np.minimum(self.minimum, values.min(axis=-1), out=self.minimum)
        np.maximum(self.maximum, values.max(axis=-1), out=self.maximum)
        lo = self.bounds[..., 0][:, None, :, None]
        hi = self.bounds[..., 1][:, None, :, None]
        b = np.floor((values - lo) / (hi - lo) * self.bins)
        b = np.clip(np.nan_to_num(b, nan=0.0), 0, self.bins - 1).astype(np.int64)
        cells = np.arange(int(np.prod(self.s1.shape)), dtype=np.int64).reshape(self.s1.shape)
        flat = cells[..., None] * self.bins + b
        self.histogram += np.bincount(flat.ravel(), minlength=self.histogram.size).reshape(
            self.histogram.shape
        )
        self.count += values.shape[-1]

    def result(self) -> OutcomeStats:
        """The summaries so far."""
        n = max(self.count, 1)
        return OutcomeStats(
            count=self.count,
            mean=self.shift + self.s1 / n,
            m2=np.maximum(self.s2 - self.s1 * self.s1 / n, 0.0),
            minimum=self.minimum.copy(),
            maximum=self.maximum.copy(),
            histogram=self.histogram.copy(),
            bounds=self.bounds.copy(),
        )
