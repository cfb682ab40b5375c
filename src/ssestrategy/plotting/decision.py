"""Rank-acceptability bars: how often each strategy takes each rank."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .._validate import as_finite_array
from ..errors import ModelError
from ._common import labels_for, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["acceptability_matrix", "plot_rank_acceptability"]

Float = NDArray[np.float64]


def _from_comparison(comparison: Any) -> tuple[Float, tuple[str, ...], str]:
    """Rank acceptability of the per-scenario composite score of a comparison."""
    from ..decision import rank_acceptability
    from ..decision.ranking import composite

    ranking = comparison.ranking
    ens = comparison.ensemble
    values = [np.asarray(ens.outcome(c.outcome, at=c.at)) for c in ranking.criteria]
    comp = composite(values, ranking.criteria, np.asarray(ranking.weights))
    acc = np.asarray(rank_acceptability(comp).acceptability, dtype=np.float64)
    return acc, tuple(ranking.strategies), "scenarios (composite score)"


def acceptability_matrix(
    result: Any, labels: Sequence[str] | None = None
) -> tuple[Float, tuple[str, ...], str]:
    """The rank-acceptability matrix of a result, its row labels, and what it measures.

    Parameters
    ----------
    result : SMAAResult, RobustnessResult, Comparison, Ranking or array_like
        * :class:`~ssestrategy.decision.SMAAResult`: ``rank_acceptability`` over weight
          samples (and scenarios);
        * :class:`~ssestrategy.decision.RobustnessResult` from
          :func:`~ssestrategy.decision.rank_acceptability`: its ``acceptability`` over
          scenarios;
        * a :class:`~ssestrategy.comparison.Comparison`: the acceptability of the per-scenario
          composite score that :func:`~ssestrategy.decision.ranking.rank` uses for ``P(best)``
          (criteria normalised with fixed ensemble-wide bounds, weighted);
        * a :class:`~ssestrategy.decision.ranking.Ranking`: its ``rank_acceptability`` when it
          has one, else two columns, ``P(best)`` and ``1 - P(best)`` ("rank 1" and "other
          ranks");
        * an array of shape (alternatives, ranks) whose rows sum to 1.
    labels : sequence of str, optional
        Row names (default: the strategy ids when the result has them, else ``A1 .. An``).

    Returns
    -------
    matrix : ndarray, shape (alternatives, ranks)
    labels : tuple of str
    what : str
        A short description of what the shares are over.

    Examples
    --------
    >>> m, names, what = acceptability_matrix([[0.75, 0.25], [0.25, 0.75]], ["a", "b"])
    >>> m.tolist(), names
    ([[0.75, 0.25], [0.25, 0.75]], ('a', 'b'))
    """
    strategies = getattr(result, "strategies", None)
    if hasattr(result, "ranking") and hasattr(result, "ensemble"):
        acc, names, what = _from_comparison(result)
    elif getattr(result, "rank_acceptability", None) is not None and not callable(
        result.rank_acceptability
    ):
        acc = np.asarray(result.rank_acceptability, dtype=np.float64)
        n_samples = getattr(result, "n_samples", None)
        what = "weight samples" if n_samples is not None else "scenarios"
        names = tuple(strategies) if strategies is not None else ()
    elif getattr(result, "acceptability", None) is not None:
        acc = np.asarray(result.acceptability, dtype=np.float64)
        what, names = "scenarios", ()
    elif getattr(result, "p_best", None) is not None and strategies is not None:
        p = np.asarray(result.p_best, dtype=np.float64)
        acc = np.column_stack([p, 1.0 - p])
        what, names = "scenarios (P(best) only)", tuple(strategies)
    elif hasattr(result, "acceptability") or hasattr(result, "rank_acceptability"):
        raise ModelError.at("result", "this result holds no rank-acceptability matrix")
    else:
        acc = as_finite_array(result, "result", ndim=2)
        what, names = "", ()
    acc = as_finite_array(acc, "result", ndim=2)
    if (acc < -1e-12).any() or (acc > 1 + 1e-12).any():
        raise ModelError.at("result", "acceptabilities must lie in [0, 1]")
    if labels is not None or not names:
        names = labels_for(labels, acc.shape[0], "A")
    elif len(names) != acc.shape[0]:
        raise ModelError.at("result", "labels and acceptability rows do not match")
    return acc, names, what


def plot_rank_acceptability(
    result: Any,
    *,
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    annotate: bool = True,
) -> Axes:
    """Stacked horizontal bars of rank acceptability: one bar per strategy, one segment per rank.

    Segment *r* of a strategy's bar is the share of samples (or scenarios) in which the strategy
    takes rank *r* (rank 1 darkest). Strategies are drawn top to bottom in the order of the
    result, best first for a ranking or comparison.

    Parameters
    ----------
    result : SMAAResult, RobustnessResult, Comparison, Ranking or array_like
        See :func:`acceptability_matrix` for what each gives.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    labels : sequence of str, optional
        Strategy names (default the result's strategy ids, or ``A1 .. An``).
    annotate : bool, default True
        Write the share inside segments of at least 8 %.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.decision import smaa
    >>> res = smaa([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]], [True, True], n_samples=2000, rng=1)
    >>> ax = plot_rank_acceptability(res, ax=Figure().subplots(), labels=["a", "b", "c"])
    >>> len(ax.patches)  # 3 strategies x 3 ranks
    9
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a', 'b', 'c']
    """
    acc, names, what = acceptability_matrix(result, labels)
    order: NDArray[np.intp] = np.arange(acc.shape[0])
    ranking = getattr(result, "ranking", result)
    if labels is None and hasattr(ranking, "order") and hasattr(ranking, "strategies"):
        ids = tuple(ranking.strategies)
        order = np.array([ids.index(s) for s in ranking.order], dtype=np.intp)
    acc, names = acc[order], tuple(names[i] for i in order)
    ax = new_axes(ax, figsize=(7.0, 0.5 * acc.shape[0] + 1.6))
    from matplotlib import colormaps

    n, k = acc.shape
    cmap = colormaps["viridis"]
    p_best_only = what.endswith("(P(best) only)")
    y = np.arange(n)
    left = np.zeros(n)
    for r in range(k):
        color = (0.8, 0.8, 0.8, 1.0) if p_best_only and r == 1 else cmap(0.9 * r / max(k - 1, 1))
        dark = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2] < 0.5
        label = ("other ranks" if r == 1 else "rank 1") if p_best_only else f"rank {r + 1}"
        ax.barh(y, acc[:, r], left=left, color=color, label=label, height=0.7)
        if annotate:
            for i in np.flatnonzero(acc[:, r] >= 0.08):
                ax.text(
                    left[i] + acc[i, r] / 2,
                    y[i],
                    f"{acc[i, r]:.0%}",
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="white" if dark else "black",
                )
        left = left + acc[:, r]
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("share" + (f" of {what}" if what else ""))
    ax.set_title("Rank acceptability")
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize="small",
        frameon=False,
    )
    return ax
