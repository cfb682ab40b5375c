"""Figures that explain results: Sobol' index bars and the PRIM coverage-density curve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..explain import PrimResult, SobolResult
from ._common import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_prim", "plot_sobol"]

Float = NDArray[np.float64]


def _row(a: NDArray[np.float64], output: int | None) -> Float:
    """One output's indices from a 1-D or 2-D (outputs, inputs) array."""
    arr: Float = np.asarray(a, dtype=np.float64)
    if arr.ndim == 1:
        return arr
    if output is None:
        if arr.shape[0] == 1:
            first: Float = arr[0]
            return first
        raise ModelError.at("output", f"the result has {arr.shape[0]} outputs; choose one")
    if isinstance(output, bool) or not -arr.shape[0] <= output < arr.shape[0]:
        raise ModelError.at("output", f"expected an index in [0, {arr.shape[0]}), got {output!r}")
    row: Float = arr[output]
    return row


def plot_sobol(result: SobolResult, *, ax: Axes | None = None, output: int | None = None) -> Axes:
    """Bars of Sobol' first- and total-order indices per input, with confidence intervals.

    Error bars span the bootstrap confidence interval of each index (none when the result was
    computed with ``n_resamples=0``); a percentile interval need not contain the estimate, so
    its ends are drawn as they are, clipped at the bar. The gap between the two bars of an input
    measures its interactions.

    Parameters
    ----------
    result : SobolResult or SensitivityResult
        From :func:`ssestrategy.explain.sobol`, or a study's sensitivity result computed with
        Sobol' indices (its ``output`` becomes the title).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    output : int, optional
        Which output, when the model returned several (required then).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.explain import sobol
    >>> res = sobol(lambda x: x[:, 0] + 2 * x[:, 1], [(0, 1), (0, 1)], n_samples=256, rng=1,
    ...             n_resamples=49, names=["grant", "drought"])
    >>> ax = plot_sobol(res, ax=Figure().subplots())
    >>> len(ax.patches), [t.get_text() for t in ax.get_xticklabels()]  # 2 inputs x 2 indices
    (4, ['grant', 'drought'])
    """
    title = "Sobol' indices"
    inner = getattr(result, "result", None)
    if not isinstance(result, SobolResult) and isinstance(inner, SobolResult):
        title = f"{getattr(result, 'output', title)}"  # a SensitivityResult of a study
        result = inner
    if not isinstance(result, SobolResult):
        raise ModelError.at("result", f"expected a SobolResult, got {type(result).__name__}")
    first = _row(result.first_order, output)
    total = _row(result.total_order, output)
    ax = new_axes(ax, figsize=(max(4.0, 0.8 * first.size + 2.0), 4.0))
    x = np.arange(first.size, dtype=np.float64)
    width = 0.38
    series = (
        ("first order S", first, result.first_order_ci, -width / 2, "tab:blue"),
        ("total order ST", total, result.total_order_ci, width / 2, "tab:orange"),
    )
    for label, est, ci, shift, color in series:
        yerr = None
        if ci is not None:
            low = _row(ci.low, output)
            high = _row(ci.high, output)
            yerr = np.vstack([np.clip(est - low, 0.0, None), np.clip(high - est, 0.0, None)])
        ax.bar(
            x + shift,
            est,
            width,
            yerr=yerr,
            capsize=3,
            color=color,
            label=label,
            error_kw={"elinewidth": 1.0, "ecolor": "0.2"},
        )
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    ax.set_xticks(x, result.names, rotation=30 if first.size > 6 else 0)
    ax.set_ylabel("Sobol' index")
    ci_text = (
        f", {result.confidence_level:.0%} {result.ci_method} intervals"
        if result.first_order_ci is not None
        else ""
    )
    ax.set_title(f"{title}\n(Sobol', n = {result.n}{ci_text})", fontsize="medium")
    ax.legend(fontsize="small", frameon=False)
    return ax


def plot_prim(result: Any, *, ax: Axes | None = None) -> Axes:
    """The PRIM peeling trajectory: coverage (x) against density (y), the chosen box marked.

    Each point is a box of the trajectory (step 0, all scenarios, at coverage 1), coloured by
    how many inputs it restricts; the selected box is a star with its step, coverage and
    density written beside it.

    Parameters
    ----------
    result : PrimResult or DiscoveryResult
        From :func:`ssestrategy.explain.prim`, or a study's discovery result (its
        ``condition`` becomes the title).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.explain import prim
    >>> x = np.random.default_rng(1).uniform(size=(500, 2))
    >>> res = prim(x, x[:, 0] > 0.7, names=["grant", "drought"])
    >>> ax = plot_prim(res, ax=Figure().subplots())
    >>> len(ax.collections[0].get_offsets()) == res.steps  # one point per box
    True
    """
    condition = None
    inner = getattr(result, "prim", None)
    if not isinstance(result, PrimResult) and isinstance(inner, PrimResult):
        condition = getattr(result, "condition", None)  # a DiscoveryResult of a study
        result = inner
    if not isinstance(result, PrimResult):
        raise ModelError.at("result", f"expected a PrimResult, got {type(result).__name__}")
    ax = new_axes(ax)
    cov = np.asarray(result.coverage, dtype=np.float64)
    den = np.asarray(result.density, dtype=np.float64)
    restricted = np.asarray(result.n_restricted)
    ax.plot(cov, den, color="0.7", linewidth=0.8, zorder=1)
    top = max(int(restricted.max()), 1)
    points = ax.scatter(cov, den, c=restricted, cmap="viridis", vmin=0, vmax=top, s=18, zorder=2)
    ticks = np.arange(top + 1) if top <= 10 else None
    ax.figure.colorbar(points, ax=ax, label="restricted inputs", ticks=ticks, fraction=0.05)
    k = int(result.selected)
    ax.scatter(
        [cov[k]],
        [den[k]],
        marker="*",
        s=220,
        color="tab:red",
        edgecolors="black",
        zorder=3,
        label=f"selected box ({result.selection})",
    )
    right = cov[k] > 0.5
    ax.annotate(
        f"box {k}: coverage {cov[k]:.2f}, density {den[k]:.2f}",
        (float(cov[k]), float(den[k])),
        xytext=(-10 if right else 10, -14 if den[k] > 0.5 else 10),
        textcoords="offset points",
        ha="right" if right else "left",
        fontsize="small",
    )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("coverage (share of cases of interest inside the box)")
    ax.set_ylabel("density (share of the box that are cases)")
    head = f"{condition}\n" if condition else ""
    ax.set_title(
        f"{head}PRIM trade-off ({result.n_cases} cases of interest in {result.n} scenarios)",
        fontsize="medium",
    )
    ax.legend(loc="lower left", fontsize="small", frameon=False)
    return ax
