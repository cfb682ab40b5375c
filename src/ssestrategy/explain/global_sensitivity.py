"""Global sensitivity analysis: Sobol' indices and Morris elementary effects.

Both functions take a *model* ``func`` that maps an array of input rows, shape
``(samples, inputs)``, to outputs of shape ``(samples,)`` or ``(samples, outputs)``, and a
*space*: one entry per input, either a frozen :mod:`scipy.stats` distribution (any object with a
vectorised ``ppf``) or a ``(low, high)`` pair meaning uniform on ``[low, high]``. A mapping
``{name: entry}`` is accepted too; its keys become the input names. ``func`` is called on whole
designs at once (three calls for :func:`sobol`, one for :func:`morris`), never row by row.

Conventions (each recorded in the result):

* Sobol' indices use the design and estimators of Saltelli et al. (2010) — first order
  ``S_i = mean(f_B (f_AB_i - f_A)) / V`` and total order (Jansen)
  ``ST_i = mean((f_A - f_AB_i)**2) / (2 V)`` — through :func:`scipy.stats.sobol_indices`.
  A constant output (``V = 0``) gets zero indices, as in SciPy; ``zero_variance`` flags it.
* Sobol' confidence intervals come from :func:`scipy.stats.bootstrap` over the rows of the
  design (the same statistic as ``SobolResult.bootstrap``), **seeded**: SciPy's own
  ``SobolResult.bootstrap`` takes no ``rng`` and draws from NumPy's global state. The default
  interval is the percentile one; ``"BCa"`` (SciPy's default) costs a jackknife of ``n``
  re-evaluations of the estimator, which is O(n**2) (about 35 s at ``n = 2**14``).
* Morris elementary effects are measured in the unit hypercube (quantile space):
  ``EE_i = (f(x + delta e_i) - f(x)) / delta`` with ``delta`` a fraction of each input's
  range. For a uniform input on ``[low, high]`` and ``f = a * x_i``, ``EE_i = a * (high - low)``.
  ``sigma`` is the sample standard deviation (``ddof = 1``), as in Morris (1991) and SALib.

References
----------
Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010). Variance
based sensitivity analysis of model output. Design and estimator for the total sensitivity index.
*Computer Physics Communications* 181(2), 259-270.

Saltelli, A., Ratto, M., Andres, T., Campolongo, F., Cariboni, J., Gatelli, D., Saisana, M.,
Tarantola, S. (2008). *Global Sensitivity Analysis: The Primer*. Wiley. Chapters 3 and 4.

Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
*Technometrics* 33(2), 161-174.

Campolongo, F., Cariboni, J., Saltelli, A. (2007). An effective screening design for
sensitivity analysis of large models. *Environmental Modelling & Software* 22(10), 1509-1518.
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, child, seed_sequence
from .._validate import as_finite_array, check_choice, count, number
from ..errors import ModelError

__all__ = [
    "ConfidenceInterval",
    "MorrisResult",
    "SobolResult",
    "morris",
    "sobol",
]

#: A model: input rows ``(samples, inputs)`` -> outputs ``(samples,)`` or ``(samples, outputs)``.
ModelFunc = Callable[[NDArray[np.float64]], ArrayLike]

CIMethod = Literal["percentile", "basic", "BCa"]

#: Upper bound on the number of array elements one bootstrap batch may touch (~32 MB).
_BOOTSTRAP_BATCH_ELEMENTS: Final = 2**22


def _rng_keyword(function: Callable[..., Any]) -> str:
    """Name of SciPy's random-generator argument: ``rng`` (SciPy >= 1.15) or ``random_state``."""
    parameters = inspect.signature(function).parameters
    return "rng" if "rng" in parameters else "random_state"


_SOBOL_RNG: Final = _rng_keyword(scipy.stats.sobol_indices)
_BOOTSTRAP_RNG: Final = _rng_keyword(scipy.stats.bootstrap)


# ---------------------------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------------------------


def _parse_space(space: Any, names: Sequence[str] | None) -> tuple[list[Any], tuple[str, ...]]:
    """Validate a space: frozen distributions (``.ppf``) or ``(low, high)`` uniform pairs."""
    if isinstance(space, Mapping):
        keys = [str(k) for k in space]
        if names is not None and list(names) != keys:
            raise ModelError.at("names", "give names either as the keys of space or as names=")
        names = keys
        entries = list(space.values())
    elif isinstance(space, Sequence) and not isinstance(space, str | bytes):
        entries = list(space)
    else:
        raise ModelError.at(
            "space", f"expected a sequence of distributions or (low, high) pairs, got {space!r}"
        )
    if not entries:
        raise ModelError.at("space", "at least one input is needed")
    dists: list[Any] = []
    for i, entry in enumerate(entries):
        ppf = getattr(entry, "ppf", None)
        if callable(ppf):
            dists.append(entry)
            continue
        if isinstance(entry, Sequence) and not isinstance(entry, str | bytes) and len(entry) == 2:
            low, high = as_finite_array(entry, f"space[{i}]", ndim=1)
            if not low < high:
                raise ModelError.at(f"space[{i}]", f"need low < high, got ({low}, {high})")
            dists.append(scipy.stats.uniform(loc=low, scale=high - low))
            continue
        raise ModelError.at(
            f"space[{i}]", f"expected a distribution with .ppf or a (low, high) pair, got {entry!r}"
        )
    return dists, _names(names, len(dists))


def _names(names: Sequence[str] | None, d: int) -> tuple[str, ...]:
    """Input names: ``x1 .. xd`` by default; otherwise ``d`` distinct strings."""
    if names is None:
        return tuple(f"x{i + 1}" for i in range(d))
    if isinstance(names, str):
        raise ModelError.at("names", "expected a sequence of names, got a single string")
    out = tuple(str(n) for n in names)
    if len(out) != d:
        raise ModelError.at("names", f"expected {d} names, got {len(out)}")
    if len(set(out)) != d:
        raise ModelError.at("names", "names must be distinct")
    return out


def _evaluate(func: ModelFunc, x: NDArray[np.float64]) -> tuple[NDArray[np.float64], bool]:
    """Call ``func`` on the rows of ``x``.

    Returns the finite outputs as an array of shape (samples, outputs) and whether ``func``
    returned a 1-D array.
    """
    m = x.shape[0]
    result = func(x)
    try:
        raw = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelError.at("func", f"did not return an array of numbers ({exc})") from None
    if raw.ndim == 1 and raw.shape[0] == m:
        out = raw[:, None]
    elif raw.ndim == 2 and raw.shape[0] == m and raw.shape[1] >= 1:
        out = raw
    else:
        raise ModelError.at(
            "func",
            f"given {m} input rows, expected an output of shape ({m},) or ({m}, outputs), "
            f"got {raw.shape}",
        )
    bad = ~np.isfinite(out)
    if bad.any():
        row, col = (int(v) for v in np.argwhere(bad)[0])
        where = f"output {col} " if out.shape[1] > 1 else ""
        raise ModelError.at(
            "func",
            f"returned a non-finite value ({out[row, col]}) as {where}for the input row "
            f"{np.array2string(x[row], precision=6)}",
        )
    return out, raw.ndim == 1


# ---------------------------------------------------------------------------------------------
# Sobol'
# ---------------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class ConfidenceInterval:
    """Lower and upper bounds of a confidence interval, elementwise.

    Attributes
    ----------
    low, high : ndarray
        Same shape as the estimate they bound.

    Examples
    --------
    >>> import numpy as np
    >>> ci = ConfidenceInterval(low=np.array([0.1, 0.2]), high=np.array([0.3, 0.5]))
    >>> ci.contains(np.array([0.2, 0.6])).tolist()
    [True, False]
    """

    low: NDArray[np.float64]
    high: NDArray[np.float64]

    def contains(self, value: ArrayLike) -> NDArray[np.bool_]:
        """Elementwise ``low <= value <= high``."""
        v = np.asarray(value, dtype=np.float64)
        return np.asarray((self.low <= v) & (v <= self.high))


@attrs.frozen(eq=False)
class SobolResult:
    """Outcome of :func:`sobol`.

    Attributes
    ----------
    names : tuple of str
        Input names, in ``space`` order.
    first_order, total_order : ndarray, shape (inputs,) or (outputs, inputs)
        Sobol' first-order (main effect) and total-order indices. The shape is 1-D when ``func``
        returned a 1-D array, 2-D otherwise (even with one output).
    first_order_ci, total_order_ci : ConfidenceInterval or None
        Bootstrap confidence intervals (None when ``n_resamples == 0``).
    first_order_se, total_order_se : ndarray or None
        Bootstrap standard errors (None when ``n_resamples == 0``).
    zero_variance : ndarray of bool, shape (outputs,)
        Outputs whose sample variance is 0; their indices are set to 0 (SciPy's convention).
    n : int
        Base sample size (a power of two).
    n_evaluations : int
        Model evaluations used: ``n * (inputs + 2)``.
    method : str
        Estimator: ``"saltelli_2010"`` (Saltelli et al. 2010, Table 2 (b) and (f)).
    ci_method : str
        Bootstrap interval: ``"percentile"``, ``"basic"`` or ``"BCa"``.
    confidence_level : float
    n_resamples : int
    seed : numpy.random.SeedSequence
        Root of the run's randomness; ``sobol(..., rng=result.seed)`` reproduces it exactly. Its
        stream 0 scrambles the Sobol' sequence, its stream 1 drives the bootstrap.

    Examples
    --------
    >>> res = sobol(lambda x: x[:, 0] + 2 * x[:, 1], [(0, 1), (0, 1)], n_samples=2**8, rng=1,
    ...             names=["rain", "price"], n_resamples=0)
    >>> res.names, res.first_order.round(2), res.total_order.round(2)
    (('rain', 'price'), array([0.2, 0.8]), array([0.2, 0.8]))
    >>> res.n_evaluations, res.first_order_ci is None
    (1024, True)
    """

    names: tuple[str, ...]
    first_order: NDArray[np.float64]
    total_order: NDArray[np.float64]
    first_order_ci: ConfidenceInterval | None
    total_order_ci: ConfidenceInterval | None
    first_order_se: NDArray[np.float64] | None
    total_order_se: NDArray[np.float64] | None
    zero_variance: NDArray[np.bool_]
    n: int
    n_evaluations: int
    method: str
    ci_method: str
    confidence_level: float
    n_resamples: int
    seed: np.random.SeedSequence


def _saltelli_2010(
    f_A: NDArray[np.float64], f_B: NDArray[np.float64], f_AB: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Saltelli et al. (2010) estimators; ``f_A``, ``f_B``: (s, ..., n), ``f_AB``: (d, s, ..., n).

    Returns first and total order, each of shape (d, s, ...). Same formulas as SciPy's default.
    """
    var = np.var(np.concatenate([f_A, f_B], axis=-1), axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.mean(f_B * (f_AB - f_A), axis=-1) / var
        total = 0.5 * np.mean((f_A - f_AB) ** 2, axis=-1) / var
    first[~np.isfinite(first)] = 0.0
    total[~np.isfinite(total)] = 0.0
    return first, total


@renamed_arguments(seed="rng", n="n_samples")
def sobol(
    func: ModelFunc,
    space: Sequence[Any] | Mapping[str, Any],
    *,
    n_samples: int,
    rng: RNGLike = 0,
    names: Sequence[str] | None = None,
    n_resamples: int = 999,
    confidence_level: float = 0.95,
    ci_method: CIMethod = "percentile",
) -> SobolResult:
    """Sobol' first- and total-order sensitivity indices with bootstrap confidence intervals.

    Parameters
    ----------
    func : callable
        Model: ``func(X)`` with ``X`` of shape ``(samples, inputs)`` returns ``(samples,)`` or
        ``(samples, outputs)`` finite values. Called three times, on ``n_samples``,
        ``n_samples`` and ``n_samples * inputs`` rows.
    space : sequence or mapping
        One entry per input: a frozen :mod:`scipy.stats` distribution (or any object with a
        vectorised ``ppf``) or a ``(low, high)`` pair (uniform). A mapping ``{name: entry}``
        also names the inputs.
    n_samples : int
        Base sample size ``n``, a power of two (balance of the scrambled Sobol' sequence).
        (``n``, its former name, is deprecated.)
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (:mod:`ssestrategy._random`): its stream 0 scrambles the Sobol'
        points, its stream 1 drives the bootstrap; recorded as ``result.seed``.
    names : sequence of str, optional
        Input names; ``x1 .. xd`` by default.
    n_resamples : int, default 999
        Bootstrap resamples; 0 skips the confidence intervals.
    confidence_level : float, default 0.95
    ci_method : {"percentile", "basic", "BCa"}, default "percentile"
        Bootstrap interval. ``"BCa"`` (SciPy's default) is O(n**2) in time; see the module notes.

    Returns
    -------
    SobolResult

    Raises
    ------
    ModelError
        If ``n_samples`` is not a power of two, the space or names are malformed, or ``func``
        returns a non-finite value or an array of the wrong shape.

    Examples
    --------
    An additive model ``f = x1 + 2 x2`` on the unit square: ``S = (1/5, 4/5)`` and no interaction.

    >>> import numpy as np
    >>> res = sobol(lambda x: x[:, 0] + 2 * x[:, 1], [(0, 1), (0, 1)], n_samples=2**10, rng=1,
    ...             n_resamples=99)
    >>> res.names
    ('x1', 'x2')
    >>> np.round(res.first_order, 2)
    array([0.2, 0.8])
    >>> np.round(res.total_order, 2)
    array([0.2, 0.8])
    >>> bool(np.all(res.first_order_ci.low <= res.first_order_ci.high))
    True

    References
    ----------
    Saltelli et al. (2010), *Comput. Phys. Commun.* 181, 259-270; Saltelli et al. (2008),
    *Global Sensitivity Analysis: The Primer*, ch. 4; :func:`scipy.stats.sobol_indices`.
    """
    dists, labels = _parse_space(space, names)
    d = len(dists)
    n = count(n_samples, "n_samples", 2)
    if n & (n - 1) != 0:
        raise ModelError.at("n_samples", f"must be a power of two >= 2 (Sobol' balance), got {n}")
    n_resamples = count(n_resamples, "n_resamples", 0)
    number(confidence_level, "confidence_level", 0.0, 1.0, low_open=True, high_open=True)
    check_choice(ci_method, "ci_method", CIMethod)
    root = seed_sequence(rng)

    shape: list[tuple[int, bool]] = []  # (outputs, func returned 1-D) from the first call

    # scipy.stats.sobol_indices fails for a single input (it squeezes the indices to a scalar),
    # so one input is run as two, the second a copy that ``func`` never sees (its indices are 0)
    pad = d == 1
    scipy_dists = list(dists) * 2 if pad else dists

    def scipy_func(x: NDArray[np.float64]) -> NDArray[np.float64]:
        # SciPy passes (d, m) and expects (s, m)
        if pad:
            x = x[:1]
        out, one_d = _evaluate(func, np.ascontiguousarray(x.T))
        if not shape:
            shape.append((out.shape[1], one_d))
        elif (out.shape[1], one_d) != shape[0]:
            raise ModelError.at("func", "returned outputs of a different shape between calls")
        return out.T

    captured: dict[str, NDArray[np.float64]] = {}

    def method(
        f_A: NDArray[np.float64], f_B: NDArray[np.float64], f_AB: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        captured.update(f_A=f_A, f_B=f_B, f_AB=f_AB)
        first, total = _saltelli_2010(f_A, f_B, f_AB)
        return first.T, total.T  # (s, d)

    kwargs: dict[str, Any] = {_SOBOL_RNG: np.random.default_rng(child(root, 0))}
    try:
        scipy.stats.sobol_indices(func=scipy_func, n=n, dists=scipy_dists, method=method, **kwargs)
    except ModelError:
        raise
    except ValueError as exc:  # pragma: no cover - SciPy-side validation we did not anticipate
        raise ModelError.at("func", str(exc)) from None

    f_A, f_B, f_AB = captured["f_A"], captured["f_B"], captured["f_AB"]
    if pad:
        f_AB = f_AB[:1]
    s = f_A.shape[0]
    first, total = _saltelli_2010(f_A, f_B, f_AB)  # (d, s)
    zero_variance = np.var(np.concatenate([f_A, f_B], axis=-1), axis=-1) == 0.0

    def shaped(a: NDArray[np.float64]) -> NDArray[np.float64]:
        """(d, s) -> (d,) for a 1-D model output, (s, d) otherwise."""
        return np.ascontiguousarray(a[:, 0] if shape[0][1] else a.T)

    first_ci = total_ci = None
    first_se = total_se = None
    if n_resamples > 0:

        def statistic(idx: NDArray[np.intp], axis: int = -1) -> NDArray[np.float64]:
            a = f_A[:, idx]  # (s, *batch, n)
            b = f_B[:, idx]
            ab = f_AB[:, :, idx]  # (d, s, *batch, n)
            fo, to = _saltelli_2010(a, b, ab)  # (d, s, *batch)
            return np.stack([fo, to])

        batch = max(1, _BOOTSTRAP_BATCH_ELEMENTS // (n * (d + 2) * s))
        boot_kwargs: dict[str, Any] = {_BOOTSTRAP_RNG: np.random.default_rng(child(root, 1))}
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            # an index whose bootstrap distribution is a single value (an input without effect,
            # a constant output) is handled below: its interval is that value
            warnings.simplefilter("ignore", scipy.stats.DegenerateDataWarning)
            boot = scipy.stats.bootstrap(
                (np.arange(n),),
                statistic,
                n_resamples=n_resamples,
                batch=batch,
                vectorized=True,
                confidence_level=float(confidence_level),
                method=ci_method,
                **boot_kwargs,
            )
        dist = np.asarray(boot.bootstrap_distribution, dtype=np.float64)  # (2, d, s, resamples)
        degenerate = np.ptp(dist, axis=-1) == 0.0
        low = np.where(degenerate, dist[..., 0], boot.confidence_interval.low)
        high = np.where(degenerate, dist[..., 0], boot.confidence_interval.high)
        if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
            raise ModelError.at(
                "ci_method",
                f"the {ci_method} interval is undefined for some index (a nearly degenerate "
                "bootstrap distribution); use ci_method='percentile'",
            )
        se = np.asarray(boot.standard_error, dtype=np.float64)
        first_ci = ConfidenceInterval(shaped(low[0]), shaped(high[0]))
        total_ci = ConfidenceInterval(shaped(low[1]), shaped(high[1]))
        first_se, total_se = shaped(se[0]), shaped(se[1])

    return SobolResult(
        names=labels,
        first_order=shaped(first),
        total_order=shaped(total),
        first_order_ci=first_ci,
        total_order_ci=total_ci,
        first_order_se=first_se,
        total_order_se=total_se,
        zero_variance=np.asarray(zero_variance, dtype=np.bool_),
        n=n,
        n_evaluations=n * (len(scipy_dists) + 2),
        method="saltelli_2010",
        ci_method=ci_method,
        confidence_level=float(confidence_level),
        n_resamples=n_resamples,
        seed=root,
    )


# ---------------------------------------------------------------------------------------------
# Morris
# ---------------------------------------------------------------------------------------------


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
