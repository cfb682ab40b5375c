"""Fitting model parameters to observations: bounded non-linear least squares
(:func:`scipy.optimize.least_squares`, trust-region reflective) with a small ridge toward the
case's values, and the :class:`CalibrationResult` it returns (see
:mod:`ssestrategy.simulation.calibration` for what is fitted).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> from ssestrategy.simulation import calibrate
>>> type(calibrate(tiznit(), {3: 0.825, 5: 0.66})).__name__
'CalibrationResult'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import attrs
import numpy as np
import scipy.optimize
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import Assumption, Case, Strategy
from ..model.parameters import PARAMETER_DOMAINS

__all__ = ["DEFAULT_BOUNDS", "CalibrationResult"]

Float = NDArray[np.float64]

DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "hazard_weak": (0.0, 2.0),
    "hazard_supported": (0.0, 2.0),
    "hazard_grace_years": (0.0, 5.0),
    "hazard_decline": (0.0, 2.0),
}


@attrs.frozen(eq=False)
class CalibrationResult:
    """A fitted curve or series.

    Attributes
    ----------
    parameters : tuple of str
        Parameters fitted.
    values : dict of str to float
        Fitted values.
    initial : dict of str to float
        The case's values before the fit.
    years, target, fitted : ndarray
        The observations' dates (years from the study start), the observed values and the
        baseline's values with the fitted parameters (shares for a survival curve; ratios to
        the initial value for a relative series).
    residuals : ndarray
        ``fitted - target``.
    max_error : float
        Largest absolute gap (e.g. 0.02 = 2 percentage points of survival).
    max_relative_error : float
        Largest ``|fitted / target - 1|``.
    regularization : float
        Weight of the ridge term toward the initial values.
    strategy : str or None
        Strategy of the baseline (None: no intervention).
    quantity : str
        What was fitted (``"survival"``, or the outcome of a series).
    success : bool
    message : str
    nfev : int
        Model evaluations (each a batch of one column per trial point).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation.calibration import FRENCH_SCOP, calibrate
    >>> fit = calibrate(tiznit(), FRENCH_SCOP)
    >>> bool(fit.max_error < 0.02), fit.quantity
    (True, 'survival')
    """

    parameters: tuple[str, ...]
    values: dict[str, float]
    initial: dict[str, float]
    years: Float
    target: Float
    fitted: Float
    residuals: Float
    max_error: float
    max_relative_error: float
    regularization: float
    strategy: str | None
    quantity: str
    success: bool
    message: str
    nfev: int

    def apply(self, case: Case) -> Case:
        """``case`` with the fitted values (provenance of each parameter kept)."""
        return case.with_parameters(**self.values)

    def __str__(self) -> str:
        lines = [
            f"calibration of {self.quantity} ({'converged' if self.success else 'not converged'}):"
        ]
        lines += [
            f"  {k} = {self.values[k]:.4g} (was {self.initial[k]:.4g})" for k in self.parameters
        ]
        share = self.quantity == "survival"
        for y, t, f in zip(self.years, self.target, self.fitted, strict=True):
            if share:
                lines.append(f"  year {y:g}: target {100 * t:.1f}%, fitted {100 * f:.1f}%")
            else:
                lines.append(f"  year {y:g}: target {t:.4g}, fitted {f:.4g}")
        return "\n".join(lines)


def _scale(case: Case, name: str) -> float:
    prov = case.parameters[name].provenance
    if isinstance(prov, Assumption) and prov.low is not None and prov.high is not None:
        width = prov.high - prov.low
        if width > 0:
            return width
    return max(abs(case.parameters[name].value), 1.0)


def _baseline(case: Case, strategy: Strategy | str | None) -> Strategy:
    if strategy is None:
        return Strategy(id="baseline", name="No intervention")
    if isinstance(strategy, str):
        return case.strategy(strategy)
    return strategy


def _check_names(case: Case, parameters: Sequence[str]) -> tuple[str, ...]:
    names = tuple(parameters)
    if not names:
        raise ModelError.at("parameters", "name at least one parameter to fit")
    for k, name in enumerate(names):
        if name not in case.parameters:
            raise ModelError.at(f"parameters[{k}]", f"unknown parameter {name!r}")
        if name == "ces_rho":
            raise ModelError.at(f"parameters[{k}]", "ces_rho cannot be calibrated here")
    return names


def _bounds(
    case: Case, names: Sequence[str], bounds: Mapping[str, tuple[float, float]] | None
) -> tuple[Float, Float]:
    base = case.parameter_values()
    lb, ub = [], []
    for n in names:
        if bounds is not None and n in bounds:
            lo, hi = (float(v) for v in bounds[n])
        elif n in DEFAULT_BOUNDS:
            lo, hi = DEFAULT_BOUNDS[n]
        else:
            d_lo, d_hi, _ = PARAMETER_DOMAINS.get(n, (-math.inf, math.inf, False))
            lo = d_lo if math.isfinite(d_lo) else base[n] - 10 * _scale(case, n)
            hi = min(d_hi, max(10.0 * abs(base[n]), 1.0))
        if not lo < hi:
            raise ModelError.at(f"bounds.{n}", f"empty range [{lo:g}, {hi:g}]")
        lb.append(lo)
        ub.append(hi)
    return np.asarray(lb), np.asarray(ub)


def _fit(
    case: Case,
    names: tuple[str, ...],
    bounds: Mapping[str, tuple[float, float]] | None,
    regularization: float,
    curves: Callable[[Float], Float],
    target: Float,
    *,
    transform: Callable[[Float], Float] = lambda v: v,
) -> tuple[Float, Float, bool, str, int]:
    """Bounded least squares of ``transform(curves(theta)) - transform(target)`` plus a ridge
    toward the case's values. Returns the fitted values, the fitted curve, success, message
    and evaluations."""
    if not (regularization >= 0.0 and math.isfinite(regularization)):
        raise ModelError.at("regularization", "must be a non-negative number")
    base = case.parameter_values()
    x0 = np.asarray([base[n] for n in names], dtype=np.float64)
    lbv, ubv = _bounds(case, names, bounds)
    # With both hazard levels fitted, search over hazard_supported / hazard_weak in [0, 1] so
    # that support never raises the hazard.
    iw = names.index("hazard_weak") if "hazard_weak" in names else -1
    isup = names.index("hazard_supported") if "hazard_supported" in names else -1
    paired = iw >= 0 and isup >= 0

    def to_values(z: Float) -> Float:
        v = z.copy()
        if paired:
            v[..., isup] = z[..., isup] * z[..., iw]
        return v

    z0 = x0.copy()
    zl, zu = lbv.copy(), ubv.copy()
    if paired:
        z0[isup] = x0[isup] / x0[iw] if x0[iw] > 0 else 1.0
        if z0[isup] > 1.0:
            raise ModelError.at("parameters.hazard_supported", "exceeds hazard_weak")
        zl[isup], zu[isup] = 0.0, 1.0
    span = zu - zl
    start = np.clip(z0, zl + 1e-6 * span, zu - 1e-6 * span)
    scales = np.asarray([_scale(case, n) for n in names])
    zscales = scales.copy()
    if paired:
        zscales[isup] = 1.0
    ridge = math.sqrt(regularization)
    t_target = transform(target)
    cache: dict[bytes, Float] = {}

    def residuals(z: Float) -> Float:
        key = z.tobytes()
        if key not in cache:
            cache[key] = curves(to_values(z)[None, :])[0]
        return np.concatenate([transform(cache[key]) - t_target, ridge * (z - z0) / zscales])

    def jacobian(z: Float) -> Float:
        h = 1e-6 * np.maximum(np.abs(z), zscales)
        step = np.where(z + h <= zu, h, -h)
        pts = np.vstack([z[None, :], z[None, :] + np.diag(step)])
        vals = transform(curves(to_values(pts)))
        jac_curve = (vals[1:] - vals[0]).T / step
        return np.vstack([jac_curve, ridge * np.diag(1.0 / zscales)])

    sol = scipy.optimize.least_squares(
        residuals, start, jac=jacobian, bounds=(zl, zu), method="trf", x_scale=zscales
    )
    values = to_values(sol.x)
    fitted = curves(values[None, :])[0]
    return values, fitted, bool(sol.success), str(sol.message), int(sol.nfev)


def _result(
    case: Case,
    names: tuple[str, ...],
    values: Float,
    years: Float,
    target: Float,
    fitted: Float,
    *,
    regularization: float,
    strategy: str | None,
    quantity: str,
    success: bool,
    message: str,
    nfev: int,
) -> CalibrationResult:
    base = case.parameter_values()
    return CalibrationResult(
        parameters=names,
        values={n: float(v) for n, v in zip(names, values, strict=True)},
        initial={n: float(base[n]) for n in names},
        years=years,
        target=target,
        fitted=fitted,
        residuals=fitted - target,
        max_error=float(np.max(np.abs(fitted - target))),
        max_relative_error=float(np.max(np.abs(fitted / np.where(target != 0, target, 1.0) - 1.0))),
        regularization=float(regularization),
        strategy=strategy,
        quantity=quantity,
        success=success,
        message=message,
        nfev=nfev,
    )


def _points(series: Mapping[float, float], what: str) -> tuple[Float, Float]:
    if not series:
        raise ModelError.at(what, "give at least one {years: value} point")
    years = np.asarray(sorted(float(y) for y in series), dtype=np.float64)
    values = np.asarray([float(series[y]) for y in sorted(series)], dtype=np.float64)
    for y, v in zip(years, values, strict=True):
        if not (math.isfinite(y) and y >= 0 and math.isfinite(v)):
            raise ModelError.at(f"{what}[{y:g}]", "years must be >= 0 and values finite")
    return years, values
