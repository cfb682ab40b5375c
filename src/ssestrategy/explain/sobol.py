"""Sobol' indices of global sensitivity analysis (the Morris screening is in
:mod:`~ssestrategy.explain.morris`; both share :mod:`~ssestrategy.explain._gsa`).

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

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
import scipy.stats
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, child, seed_sequence
from .._validate import check_choice, count, number
from ..errors import ModelError
from ._gsa import (
    ConfidenceInterval,
    ModelFunc,
    _evaluate,
    _parse_space,
    _rng_keyword,
)

__all__ = ["CIMethod", "ConfidenceInterval", "SobolResult", "sobol"]

CIMethod = Literal["percentile", "basic", "BCa"]
"""The bootstrap intervals of :func:`sobol`."""

#: Upper bound on the number of array elements one bootstrap batch may touch (~32 MB).
_BOOTSTRAP_BATCH_ELEMENTS: Final = 2**22

_SOBOL_RNG: Final = _rng_keyword(scipy.stats.sobol_indices)
_BOOTSTRAP_RNG: Final = _rng_keyword(scipy.stats.bootstrap)


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

    f_A, f_B, f_AB, one_d = _design_outputs(func, dists, n, child(root, 0))
    first, total = _saltelli_2010(f_A, f_B, f_AB)  # (d, s)
    zero_variance = np.var(np.concatenate([f_A, f_B], axis=-1), axis=-1) == 0.0

    def shaped(a: NDArray[np.float64]) -> NDArray[np.float64]:
        """(d, s) -> (d,) for a 1-D model output, (s, d) otherwise."""
        return np.ascontiguousarray(a[:, 0] if one_d else a.T)

    first_ci = total_ci = None
    first_se = total_se = None
    if n_resamples > 0:
        low, high, se = _bootstrap(
            f_A, f_B, f_AB, n_resamples, float(confidence_level), ci_method, child(root, 1)
        )
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
        n_evaluations=n * (max(d, 2) + 2),
        method="saltelli_2010",
        ci_method=ci_method,
        confidence_level=float(confidence_level),
        n_resamples=n_resamples,
        seed=root,
    )


def _bootstrap(
    f_A: NDArray[np.float64],
    f_B: NDArray[np.float64],
    f_AB: NDArray[np.float64],
    n_resamples: int,
    confidence_level: float,
    ci_method: str,
    stream: np.random.SeedSequence,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Seeded bootstrap over the rows of the design: the low and high ends and the standard
    errors of the first- and total-order indices, each (2, d, s)."""
    n = f_A.shape[-1]
    d, s = f_AB.shape[0], f_A.shape[0]

    def statistic(idx: NDArray[np.intp], axis: int = -1) -> NDArray[np.float64]:
        a = f_A[:, idx]  # (s, *batch, n)
        b = f_B[:, idx]
        ab = f_AB[:, :, idx]  # (d, s, *batch, n)
        fo, to = _saltelli_2010(a, b, ab)  # (d, s, *batch)
        return np.stack([fo, to])

    batch = max(1, _BOOTSTRAP_BATCH_ELEMENTS // (n * (d + 2) * s))
    boot_kwargs: dict[str, Any] = {_BOOTSTRAP_RNG: np.random.default_rng(stream)}
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
            confidence_level=confidence_level,
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
    return low, high, np.asarray(boot.standard_error, dtype=np.float64)


def _design_outputs(
    func: ModelFunc, dists: list[Any], n: int, stream: np.random.SeedSequence
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], bool]:
    """``func`` on the Saltelli design of :func:`scipy.stats.sobol_indices`: the outputs on
    ``A``, ``B`` and ``AB`` ((s, n), (s, n), (d, s, n)) and whether ``func`` returned 1-D."""
    shape: list[tuple[int, bool]] = []  # (outputs, func returned 1-D) from the first call
    # scipy.stats.sobol_indices fails for a single input (it squeezes the indices to a scalar),
    # so one input is run as two, the second a copy that ``func`` never sees (its indices are 0)
    pad = len(dists) == 1
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

    kwargs: dict[str, Any] = {_SOBOL_RNG: np.random.default_rng(stream)}
    try:
        scipy.stats.sobol_indices(func=scipy_func, n=n, dists=scipy_dists, method=method, **kwargs)
    except ModelError:
        raise
    except ValueError as exc:  # pragma: no cover - SciPy-side validation we did not anticipate
        raise ModelError.at("func", str(exc)) from None
    f_AB = captured["f_AB"][:1] if pad else captured["f_AB"]
    return captured["f_A"], captured["f_B"], f_AB, shape[0][1]
