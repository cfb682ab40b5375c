"""Morris elementary effects: screening the inputs of a model (``mu``, ``mu*``, ``sigma``)
on one-at-a-time trajectories (Sobol' indices are in :mod:`~ssestrategy.explain.sobol`).

Elementary effects are measured in the unit hypercube (quantile space):
``EE_i = (f(x + delta e_i) - f(x)) / delta`` with ``delta`` a fraction of each input's range. For
a uniform input on ``[low, high]`` and ``f = a * x_i``, ``EE_i = a * (high - low)``. ``sigma`` is
the sample standard deviation (``ddof = 1``), as in Morris (1991) and SALib.

References
----------
Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
*Technometrics* 33(2), 161-174.

Campolongo, F., Cariboni, J., Saltelli, A. (2007). An effective screening design for
sensitivity analysis of large models. *Environmental Modelling & Software* 22(10), 1509-1518.

Examples
--------
>>> res = morris(lambda x: x[:, 0] + 10 * x[:, 1], [(0, 1), (0, 1)], trajectories=4, rng=1)
>>> res.mu_star.round(6).tolist()
[1.0, 10.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, child, seed_sequence
from .._validate import as_finite_array, count
from ..errors import ModelError
from ._gsa import ModelFunc, _evaluate, _parse_space

__all__ = ["MorrisResult", "morris"]


@attrs.frozen(eq=False)
class MorrisResult:
    """Outcome of :func:`morris`.

    Attributes
    ----------
    names : tuple of str
        Input names, in ``space`` order.
    mu, mu_star, sigma : ndarray, shape (inputs,) or (outputs, inputs)
        Mean, mean absolute value (Campolongo et al. 2007) and sample standard deviation
        (``ddof = 1``) of the elementary effects of each input. 1-D when ``func`` returned a 1-D
        array, 2-D otherwise.
    elementary_effects : ndarray, shape (trajectories, inputs) or (trajectories, outputs, inputs)
        ``EE_i = (f(x + delta e_i) - f(x)) / delta``, with ``delta`` in unit-hypercube units.
    design_unit : ndarray, shape (trajectories, inputs + 1, inputs)
        The trajectories in the unit hypercube (quantiles).
    design : ndarray, shape (trajectories, inputs + 1, inputs)
        The same points mapped through each input's ``ppf``: what ``func`` was given (stacked as
        ``design.reshape(-1, inputs)``).
    outputs : ndarray, shape (trajectories, inputs + 1) or (trajectories, inputs + 1, outputs)
        ``func`` at the design points.
    trajectories : int
    levels : int or None
        Grid levels ``p`` (None for a user-given design).
    delta : float
        Step in the unit hypercube, a multiple of ``1 / (p - 1)``.
    sigma_ddof : int
        Delta degrees of freedom of ``sigma`` (1).
    seed : numpy.random.SeedSequence or None
        Root of the design's randomness (None for a user-given design); passing it back as
        ``rng`` reproduces the run.

    Examples
    --------
    >>> res = morris(lambda x: 2 * x[:, 0] - x[:, 1], [(0, 1), (0, 3)], trajectories=4,
    ...              rng=0, names=["rain", "price"])
    >>> res.names, res.mu_star.round(6), res.sigma.round(6)
    (('rain', 'price'), array([2., 3.]), array([0., 0.]))
    >>> res.elementary_effects.shape, res.levels, res.trajectories
    ((4, 2), 4, 4)
    """

    names: tuple[str, ...]
    mu: NDArray[np.float64]
    mu_star: NDArray[np.float64]
    sigma: NDArray[np.float64]
    elementary_effects: NDArray[np.float64]
    design_unit: NDArray[np.float64]
    design: NDArray[np.float64]
    outputs: NDArray[np.float64]
    trajectories: int
    levels: int | None
    delta: float
    sigma_ddof: int
    seed: np.random.SeedSequence | None


def _morris_design(
    r: int, k: int, p: int, delta: float, rng: np.random.Generator
) -> NDArray[np.float64]:
    """``r`` random Morris (1991) trajectories in the unit hypercube, shape (r, k + 1, k).

    ``B* = (J x* + (delta / 2) [(2 B - J) D* + J]) P*`` with ``B`` strictly lower triangular
    ones, ``D*`` random signs, ``P*`` a random permutation and ``x*`` a random grid point with
    every coordinate in ``[0, 1 - delta]``.
    """
    step = round(delta * (p - 1))
    base_levels = p - step  # grid points j / (p - 1) with j / (p - 1) + delta <= 1
    x_star = rng.integers(0, base_levels, size=(r, k)) / (p - 1)
    signs = rng.choice(np.array([-1.0, 1.0]), size=(r, k))
    perm = rng.permuted(np.tile(np.arange(k), (r, 1)), axis=1)
    lower = np.tril(np.ones((k + 1, k)), -1)  # B
    orientation = (2.0 * lower - 1.0)[None, :, :] * signs[:, None, :] + 1.0  # (2B - J) D* + J
    orientation = np.take_along_axis(orientation, perm[:, None, :], axis=2)  # . P*
    design: NDArray[np.float64] = x_star[:, None, :] + 0.5 * delta * orientation
    return design


def _trajectory_steps(
    design_unit: NDArray[np.float64], delta: float | None
) -> tuple[NDArray[np.intp], NDArray[np.float64], float]:
    """Which input each step moves, in which direction, and the step size; validates the design."""
    k = design_unit.shape[2]
    diff = np.diff(design_unit, axis=1)  # (r, k, k)
    moved = np.abs(diff) > 1e-9
    if not np.all(moved.sum(axis=2) == 1):
        raise ModelError.at("design", "every step of a trajectory must move exactly one input")
    changed = np.argmax(moved, axis=2)  # (r, k)
    if not np.all(np.sort(changed, axis=1) == np.arange(k)):
        raise ModelError.at("design", "every trajectory must move each input exactly once")
    step = np.take_along_axis(diff, changed[:, :, None], axis=2)[:, :, 0]
    size = float(np.abs(step).mean()) if delta is None else float(delta)
    if not np.allclose(np.abs(step), size, rtol=0.0, atol=1e-9):
        raise ModelError.at("design", f"every step must move its input by ±{size:g}")
    return changed, np.sign(step), size


@renamed_arguments(seed="rng")
def morris(
    func: ModelFunc,
    space: Sequence[Any] | Mapping[str, Any],
    *,
    trajectories: int = 10,
    levels: int = 4,
    rng: RNGLike = 0,
    names: Sequence[str] | None = None,
    delta: float | None = None,
    design: ArrayLike | None = None,
) -> MorrisResult:
    """Morris (1991) elementary effects screening: ``mu``, ``mu*`` and ``sigma`` per input.

    Builds ``trajectories`` random one-at-a-time trajectories on a ``levels``-level grid of the
    unit hypercube (Morris 1991; Saltelli et al. 2008, ch. 3), maps them through each input's
    ``ppf``, and calls ``func`` once on the stacked design of ``trajectories * (inputs + 1)``
    rows.

    Parameters
    ----------
    func : callable
        Model: ``func(X)`` with ``X`` of shape ``(samples, inputs)`` returns ``(samples,)`` or
        ``(samples, outputs)`` finite values.
    space : sequence or mapping
        As for :func:`sobol`. The grid includes the quantiles 0 and 1, so each distribution
        must have a finite support (use a truncated distribution or a ``(low, high)`` pair).
    trajectories : int, default 10
        Number of trajectories ``r`` (at least 2); each gives one elementary effect per input.
    levels : int, default 4
        Grid levels ``p`` (at least 2; even values are recommended).
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (:mod:`ssestrategy._random`): its stream 0 draws the design;
        recorded as ``result.seed``.
    names : sequence of str, optional
        Input names; ``x1 .. xd`` by default.
    delta : float, optional
        Step in the unit hypercube, a multiple of ``1 / (p - 1)`` in ``(0, 1]``. Default
        ``floor(p / 2) / (p - 1)``, which is Morris's ``p / (2 (p - 1))`` for even ``p``.
    design : array_like, shape (r, inputs + 1, inputs), optional
        A given trajectory design in the unit hypercube (e.g. a published one, or an optimised
        design); ``trajectories``, ``levels`` and ``rng`` are then unused. Each step must move
        one input by ``±delta`` (inferred when ``delta`` is None).

    Returns
    -------
    MorrisResult

    Raises
    ------
    ModelError
        If an argument is out of its domain, a ``ppf`` is infinite on the grid, or ``func``
        returns a non-finite value or an array of the wrong shape.

    Examples
    --------
    A linear model: every elementary effect is ``a_i * (high - low)``, so ``sigma = 0``.

    >>> import numpy as np
    >>> res = morris(lambda x: 2 * x[:, 0] - x[:, 1], [(0, 1), (0, 3)], trajectories=5, rng=0)
    >>> np.round(res.mu, 6)
    array([ 2., -3.])
    >>> np.round(res.mu_star, 6)
    array([2., 3.])
    >>> np.round(res.sigma, 6)
    array([0., 0.])
    >>> res.design.shape, res.delta
    ((5, 3, 2), 0.6666666666666666)

    References
    ----------
    Morris (1991), *Technometrics* 33(2), 161-174; Campolongo, Cariboni & Saltelli (2007),
    *Environ. Model. Softw.* 22, 1509-1518; Saltelli et al. (2008), *The Primer*, ch. 3.
    """
    dists, labels = _parse_space(space, names)
    k = len(dists)
    if delta is not None:
        delta = float(delta)
        if not (math.isfinite(delta) and 0.0 < delta <= 1.0):
            raise ModelError.at("delta", f"must be in (0, 1], got {delta}")
    root: np.random.SeedSequence | None
    if design is not None:
        unit = as_finite_array(design, "design", ndim=3)
        if unit.shape[1:] != (k + 1, k) or unit.shape[0] < 2:
            raise ModelError.at(
                "design",
                f"expected shape (trajectories >= 2, {k + 1}, {k}) for {k} inputs, "
                f"got {unit.shape}",
            )
        if unit.min() < 0.0 or unit.max() > 1.0:
            raise ModelError.at("design", "points must lie in the unit hypercube [0, 1]")
        r, p, root = unit.shape[0], None, None
    else:
        r = count(trajectories, "trajectories", 2)
        p = count(levels, "levels", 2)
        if delta is None:
            delta = (p // 2) / (p - 1)
        elif not math.isclose(delta * (p - 1), round(delta * (p - 1)), abs_tol=1e-9):
            raise ModelError.at(
                "delta", f"must be a multiple of 1/(levels - 1) = {1 / (p - 1):g}, got {delta}"
            )
        root = seed_sequence(rng)
        unit = _morris_design(r, k, p, delta, np.random.default_rng(child(root, 0)))
    changed, direction, delta = _trajectory_steps(unit, delta)

    x = np.empty_like(unit)
    for j, dist in enumerate(dists):  # one vectorised ppf call per input
        with np.errstate(divide="ignore", invalid="ignore"):
            x[..., j] = np.asarray(dist.ppf(unit[..., j]), dtype=np.float64)
        if not np.all(np.isfinite(x[..., j])):
            raise ModelError.at(
                f"space[{j}]",
                "ppf is not finite on the Morris grid (quantiles 0 and 1 are used); "
                "give a distribution with finite support",
            )
    out, one_d = _evaluate(func, x.reshape(-1, k))
    s = out.shape[1]
    y = out.reshape(r, k + 1, s)
    dy = np.diff(y, axis=1)  # (r, k steps, s)
    ee = np.empty((r, s, k))
    rows = np.arange(r)[:, None]
    ee[rows, :, changed] = (direction[:, :, None] * dy) / delta
    mu, mu_star, sigma = ee.mean(axis=0), np.abs(ee).mean(axis=0), ee.std(axis=0, ddof=1)
    if one_d:
        mu, mu_star, sigma, ee = mu[0], mu_star[0], sigma[0], ee[:, 0, :]
        outputs = y[:, :, 0]
    else:
        outputs = y
    return MorrisResult(
        names=labels,
        mu=mu,
        mu_star=mu_star,
        sigma=sigma,
        elementary_effects=ee,
        design_unit=unit,
        design=x,
        outputs=outputs,
        trajectories=r,
        levels=p,
        delta=delta,
        sigma_ddof=1,
        seed=root,
    )
