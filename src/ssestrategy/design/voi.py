"""Value of information: which uncertain input is worth measuring before deciding.

For options ``d`` with net benefit ``NB_d`` (higher is better) over sampled futures,

- the **expected value of perfect information** is
  ``EVPI = E[max_d NB_d] - max_d E[NB_d]``: what knowing the future before choosing is worth;
- the **expected value of partial perfect information** about one input ``phi`` is
  ``EVPPI = E_phi[max_d E[NB_d | phi]] - max_d E[NB_d]``: what knowing ``phi`` alone is worth.

The conditional expectations ``E[NB_d | phi]`` are estimated by the regression method of
Strong, Oakley & Brennan (2014): a nonparametric regression of each option's net benefit on the
input, over the same samples — here a least-squares cubic regression spline with interior knots
at quantiles of the input (a one-input GAM without penalty), or the group means when the input
takes few values. The estimate is biased upward by the regression's noise when samples are few
(each fitted curve follows some noise); with a few hundred futures per input it is small.

References
----------
Strong, M., Oakley, J. E., & Brennan, A. (2014). Estimating multiparameter partial expected
value of perfect information from a probabilistic sensitivity analysis sample: a nonparametric
regression approach. Medical Decision Making 34(3), 311-326.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> theta = rng.normal(0.0, 1.0, 4000)
>>> res = value_of_information(np.vstack([np.zeros(4000), theta]), theta[:, None], names=["theta"])
>>> round(res.evpi, 2), round(res.evppi["theta"], 2)  # exact: 1 / sqrt(2 pi) = 0.40
(0.4, 0.4)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import make_lsq_spline

from ..errors import ModelError

__all__ = ["ValueOfInformation", "conditional_mean", "value_of_information"]

Float = NDArray[np.float64]

FEW_VALUES = 12
"""An input with at most this many distinct values is regressed by group means."""


@attrs.frozen(eq=False)
class ValueOfInformation:
    """EVPI and EVPPI of a decision among options.

    Attributes
    ----------
    options : tuple of str
    evpi : float
    evppi : dict of str to float
        Per input, in the order of the inputs.
    expected : ndarray
        ``(options,)`` expected net benefit of each option.
    best : str
        The option with the largest expected net benefit (the decision today).
    n_samples : int
    """

    options: tuple[str, ...]
    evpi: float
    evppi: dict[str, float]
    expected: Float
    best: str
    n_samples: int

    def ranked(self) -> list[tuple[str, float]]:
        """Inputs by EVPPI, largest first: what to measure first."""
        return sorted(self.evppi.items(), key=lambda kv: -kv[1])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content."""
        return {
            "options": list(self.options),
            "best": self.best,
            "evpi": self.evpi,
            "evppi": dict(self.evppi),
            "expected": [float(v) for v in self.expected],
            "n_samples": self.n_samples,
        }


def conditional_mean(y: Float, phi: Float, knots: int | None = None) -> Float:
    """Fitted ``E[y | phi]`` at every sample (rows of ``y`` are options).

    A cubic least-squares regression spline on ``knots`` interior knots at quantiles of
    ``phi`` (default ``min(8, n // 100)``), or group means when ``phi`` has at most
    :data:`FEW_VALUES` distinct values.

    Examples
    --------
    >>> phi = np.linspace(0.0, 1.0, 200)
    >>> fit = conditional_mean(np.vstack([3.0 * phi + 1.0]), phi)
    >>> bool(np.allclose(fit, 3.0 * phi + 1.0))
    True
    """
    y = np.atleast_2d(np.asarray(y, dtype=np.float64))
    phi = np.asarray(phi, dtype=np.float64)
    n = phi.shape[0]
    values, group = np.unique(phi, return_inverse=True)
    if values.shape[0] <= FEW_VALUES:
        out = np.empty_like(y)
        for g in range(values.shape[0]):
            sel = group == g
            out[:, sel] = y[:, sel].mean(axis=1, keepdims=True)
        return out
    k = min(8, n // 100) if knots is None else knots
    order = np.argsort(phi, kind="stable")
    xs = phi[order]
    inner = np.unique(np.quantile(xs, np.linspace(0, 1, k + 2)[1:-1])) if k > 0 else np.zeros(0)
    inner = inner[(inner > xs[0]) & (inner < xs[-1])]
    t = np.concatenate([[xs[0]] * 4, inner, [xs[-1]] * 4])
    out = np.empty_like(y)
    for d in range(y.shape[0]):
        spline = make_lsq_spline(xs, y[d, order], t, k=3)
        out[d, order] = spline(xs)
    return out


def value_of_information(
    values: Any,
    inputs: Float | None = None,
    *,
    names: Sequence[str] | None = None,
    options: Sequence[str] | None = None,
    objective: int = 0,
    knots: int | None = None,
) -> ValueOfInformation:
    """EVPI, and EVPPI per input by the regression method (see the module docstring).

    Parameters
    ----------
    values : ndarray or DesignResult
        ``(options, samples)`` net benefit of each option in each sampled future (higher is
        better), or a :class:`~ssestrategy.design.DesignResult`: its designs and templates
        on its out-of-sample futures, objective ``objective`` as net benefit (negated for a
        cost).
    inputs : ndarray
        ``(samples, inputs)`` the uncertain inputs of each future (taken from a
        ``DesignResult``).
    names, options : sequence of str, optional
        Input and option names.
    objective : int
        For a ``DesignResult``: which objective.
    knots : int, optional
        Interior knots of the regression spline.

    Returns
    -------
    ValueOfInformation

    Examples
    --------
    >>> nb = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 2.0, 0.0, 2.0]])
    >>> res = value_of_information(nb, np.array([[0.0], [1.0], [0.0], [1.0]]), names=["x"])
    >>> res.evpi, res.evppi["x"], res.best
    (0.5, 0.5, 'option-1')
    """
    if hasattr(values, "per_future") and hasattr(values, "inputs"):
        res = values
        c = res.objectives[objective]
        sign = 1.0 if c.is_benefit else -1.0
        values = sign * res.per_future[objective]
        inputs = res.inputs
        names = names or res.input_names
        options = options or (*[s.id for s in res.strategies], *res.templates)
    nb = np.asarray(values, dtype=np.float64)
    if nb.ndim != 2 or nb.shape[0] < 1 or nb.shape[1] < 2 or not np.all(np.isfinite(nb)):
        raise ModelError.at("values", "expected finite net benefits (options, samples >= 2)")
    n_opt, n = nb.shape
    x = np.zeros((n, 0)) if inputs is None else np.asarray(inputs, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] != n:
        raise ModelError.at("inputs", f"expected ({n}, inputs) values, got shape {x.shape}")
    labels = (
        tuple(names) if names is not None else tuple(f"input-{k + 1}" for k in range(x.shape[1]))
    )
    if len(labels) != x.shape[1]:
        raise ModelError.at("names", f"expected {x.shape[1]} names, got {len(labels)}")
    opts = tuple(options) if options is not None else tuple(f"option-{k + 1}" for k in range(n_opt))
    if len(opts) != n_opt:
        raise ModelError.at("options", f"expected {n_opt} option names, got {len(opts)}")
    expected = nb.mean(axis=1)
    now = float(expected.max())
    evpi = float(nb.max(axis=0).mean() - now)
    evppi = {}
    for k, name in enumerate(labels):
        fit = conditional_mean(nb, x[:, k], knots)
        evppi[name] = float(max(0.0, fit.max(axis=0).mean() - fit.mean(axis=1).max()))
    return ValueOfInformation(
        options=opts,
        evpi=evpi,
        evppi=evppi,
        expected=expected,
        best=opts[int(np.argmax(expected))],
        n_samples=n,
    )
