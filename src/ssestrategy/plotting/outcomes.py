"""Outcome fan charts: the spread of an outcome over futures, per strategy, through time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .._validate import as_finite_array
from ..errors import ModelError
from ..model import OUTCOMES
from ._common import categorical_colors, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["fan_quantiles", "plot_fan"]

Float = NDArray[np.float64]


def _check_quantiles(quantiles: Sequence[float]) -> Float:
    q = as_finite_array(quantiles, "quantiles", ndim=1)
    if q.size == 0:
        raise ModelError.at("quantiles", "expected at least one quantile")
    if ((q < 0) | (q > 1)).any():
        i = int(np.argmax((q < 0) | (q > 1)))
        raise ModelError.at(f"quantiles[{i}]", f"expected a value in [0, 1], got {q[i]:g}")
    if (np.diff(q) <= 0).any():
        raise ModelError.at("quantiles", "expected strictly increasing values")
    return q


def fan_quantiles(
    ensemble: Any, outcome: str, quantiles: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9)
) -> tuple[Float, Float, str]:
    """Quantiles over scenarios of an outcome through time, per strategy: the data of a fan.

    Uses the full trajectories when the ensemble kept them (one point per period), otherwise the
    yearly checkpoints (``ensemble.outcome(name, at=year)`` for each year of
    ``ensemble.years``), otherwise the streaming histograms of an ensemble simulated with
    ``keep="summary"``.

    Parameters
    ----------
    ensemble : Ensemble or Comparison
        A simulated ensemble (a comparison is read through its ``ensemble``).
    outcome : str
        An outcome name, e.g. ``"jobs"``.
    quantiles : sequence of float
        Strictly increasing, in [0, 1].

    Returns
    -------
    times : ndarray, shape (times,)
        Years since the start.
    values : ndarray, shape (quantiles, strategies, times)
    source : str
        ``"trajectories"``, ``"checkpoints"`` or ``"histograms"``.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation import simulate
    >>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=4, rng=1, periods=8)
    >>> times, values, source = fan_quantiles(ens, "survival", (0.5,))
    >>> times.tolist(), values.shape, source
    ([0.0, 1.0, 2.0], (1, 1, 3), 'checkpoints')
    """
    ens = getattr(ensemble, "ensemble", ensemble)
    q = _check_quantiles(quantiles)
    if not isinstance(outcome, str):
        raise ModelError.at("outcome", f"expected an outcome name, got {outcome!r}")
    if getattr(ens, "trajectories", None) is not None:
        traj = np.asarray(ens.trajectory(outcome), dtype=np.float64)  # (S, n, T)
        times = np.arange(traj.shape[-1], dtype=np.float64) / float(ens.periods_per_year)
        return times, np.asarray(np.quantile(traj, q, axis=1)), "trajectories"
    years = np.asarray(ens.years, dtype=np.float64)
    if getattr(ens, "checkpoints", None) is not None:
        stacked = np.stack([np.asarray(ens.outcome(outcome, at=float(y))) for y in years], axis=-1)
        return years, np.asarray(np.quantile(stacked, q, axis=1)), "checkpoints"
    stats = getattr(ens, "stats", None)
    if stats is None:
        raise ModelError.at("ensemble", "it kept neither trajectories, checkpoints nor summaries")
    names = tuple(ens.outcome_names)
    if outcome not in names:
        raise ModelError.at("outcome", f"unknown outcome {outcome!r} (known: {', '.join(names)})")
    o = names.index(outcome)
    # stats.quantile(q): (outcomes, checkpoints, strategies)
    values = np.stack([np.asarray(stats.quantile(float(qq)))[o].T for qq in q])
    return years, values, "histograms"


def plot_fan(
    ensemble: Any,
    outcome: str,
    *,
    ax: Axes | None = None,
    quantiles: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 0.9),
    strategies: Sequence[str] | None = None,
) -> Axes:
    """Fan chart of an outcome over time: one colour per strategy, bands between quantiles.

    Quantiles are paired from the outside in (with the default, the 10-90 % band, then the
    25-75 % band, drawn darker); a middle quantile left unpaired (the median by default) is
    drawn as a line. Data come from :func:`fan_quantiles`: every period when the ensemble kept
    trajectories (``simulate(..., trajectories=True)``), else yearly checkpoints.

    Parameters
    ----------
    ensemble : Ensemble or Comparison
        A simulated ensemble (a comparison is read through its ``ensemble``).
    outcome : str
        An outcome name, e.g. ``"jobs"`` (see :data:`ssestrategy.model.OUTCOMES`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    quantiles : sequence of float, default (0.1, 0.25, 0.5, 0.75, 0.9)
        Strictly increasing, in [0, 1].
    strategies : sequence of str, optional
        Strategy ids to draw, in this order; default all.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation import simulate
    >>> ens = simulate(tiznit(), ["status-quo", "french-agency"], n_scenarios=8, rng=1,
    ...                periods=8, trajectories=True)
    >>> ax = plot_fan(ens, "survival", ax=Figure().subplots())
    >>> len(ax.lines), len(ax.collections)  # a median line and two bands per strategy
    (2, 4)
    """
    ens = getattr(ensemble, "ensemble", ensemble)
    times, values, _ = fan_quantiles(ens, outcome, quantiles)
    q = _check_quantiles(quantiles)
    ids = tuple(ens.strategies)
    if strategies is None:
        chosen = list(range(len(ids)))
    else:
        if isinstance(strategies, str):
            raise ModelError.at("strategies", "expected a sequence of strategy ids")
        chosen = []
        for i, sid in enumerate(strategies):
            if sid not in ids:
                raise ModelError.at(f"strategies[{i}]", f"unknown strategy {sid!r}")
            chosen.append(ids.index(sid))
    ax = new_axes(ax)
    colors = categorical_colors(len(ids))
    n_pairs = q.size // 2
    middle = q.size // 2 if q.size % 2 else None
    for j in chosen:
        color = colors[j]
        for k in range(n_pairs):
            alpha = 0.12 + 0.2 * (k + 1) / max(n_pairs, 1)
            label = f"{ids[j]} ({q[k]:.0%}-{q[-1 - k]:.0%})" if middle is None and k == 0 else None
            ax.fill_between(
                times,
                values[k, j],
                values[-1 - k, j],
                color=color,
                alpha=alpha,
                linewidth=0,
                label=label,
            )
        if middle is not None:
            ax.plot(times, values[middle, j], color=color, linewidth=1.8, label=ids[j])
    info = OUTCOMES.get(outcome)
    unit = f" ({info.unit})" if info is not None and info.unit else ""
    ax.set_xlabel("year")
    ax.set_ylabel(f"{outcome}{unit}")
    bands = ", ".join(f"{q[k]:.0%}-{q[-1 - k]:.0%}" for k in range(n_pairs))
    mid = ""
    if middle is not None:
        mid = "median" if q[middle] == 0.5 else f"{q[middle]:.0%} quantile"
        mid += " line"
    detail = "; ".join(x for x in (mid, f"bands {bands}" if bands else "") if x)
    n_futures = getattr(ens, "n_scenarios", None)
    over = f" over {n_futures} futures" if n_futures is not None else ""
    ax.set_title(f"{outcome}{over}" + (f"\n{detail}" if detail else ""), fontsize="medium")
    ax.legend(fontsize="small", frameon=False)
    return ax
