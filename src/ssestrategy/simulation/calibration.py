"""Fit model parameters so that a baseline reproduces observed series.

- :func:`calibrate` fits exit-hazard parameters to a **survival curve** of a cohort of new
  organisations: the baseline is the case's territory treated as a cohort created at the study
  start (``established_age = 0``, no entry), with no intervention (or a given strategy), no
  event, and every parameter at its value; its ``survival`` outcome is fitted to ``{years:
  share}``.
- :func:`calibrate_series` fits parameters (by default ``entry_rate``) to a **count series**,
  e.g. the ODCO cooperative register 2013-2024 or a census trend: an outcome of the baseline
  (with entry) relative to its initial value, on a log scale.

Both use bounded non-linear least squares (:func:`scipy.optimize.least_squares`,
trust-region reflective) and run the model through the one evaluation path
(:func:`~ssestrategy.simulation.evaluate.evaluate`), one column per trial point.

A plain constant hazard cannot reproduce the survival of a cohort of new cooperatives: the
Quebec curve (CQCM 2022: 98.8% after 1 year, 79.9% after 3, 63.9% after 5, 44.4% after 10)
implies almost no exit in the first year, about 11% a year in years 1-5, then about 7% a year.
The model therefore has an age profile of the baseline hazard — a grace period
(``hazard_grace_years``) and a decline with age (``hazard_decline``) — and the default fit
adjusts both with the two hazard levels. Parameters are weakly identified by a single curve
(``hazard_weak`` and ``hazard_supported`` mostly act through their mix at the baseline's
success), so a small ridge term pulls each toward its case value, in units of its plausible
range: among near-equivalent fits the one closest to the case is returned.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> fit = calibrate(tiznit(), {3: 0.825, 5: 0.66})   # French Scop/Scic (CG Scop)
>>> bool(fit.max_error < 0.02)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import attrs
import numpy as np
import scipy.optimize
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import OUTCOMES, Assumption, Case, ScenarioSpace, Strategy
from ..model.parameters import PARAMETER_DOMAINS
from .compile import compile_case
from .engine import check_parameters
from .evaluate import Columns, evaluate
from .kernel import OUTCOME_NAMES

__all__ = [
    "FRENCH_SCOP",
    "ODCO_REGISTER",
    "QUEBEC_COOPERATIVES",
    "TIZNIT_COOPERATORS",
    "CalibrationResult",
    "calibrate",
    "calibrate_series",
]

Float = NDArray[np.float64]

QUEBEC_COOPERATIVES: dict[float, float] = {1.0: 0.988, 3.0: 0.799, 5.0: 0.639, 10.0: 0.444}
"""Survival of Quebec cooperatives created 2002-2015 (CQCM 2022, via esmtl.ca; domain brief)."""

FRENCH_SCOP: dict[float, float] = {3.0: 0.825, 5.0: 0.66}
"""Survival of French Scop/Scic cooperatives (CG Scop; domain brief)."""

ODCO_REGISTER: dict[float, float] = {0.0: 11_354, 2.0: 14_859, 7.0: 34_515, 11.45: 60_939}
"""Cooperatives on Morocco's register, in years from mid-2013: 11,354 (mid-2013,
vitaminedz citing ODCO), 14,859 (mid-2015, barlamane), 34,515 (mid-2020, aujourdhui.ma),
60,939 (December 2024, le12.ma), as reported in the press [C] (domain brief, section 1)."""

TIZNIT_COOPERATORS: dict[float, float] = {0.0: 681.0, 10.0: 722.0}
"""People whose main job is 'cooperator/associate' in Tiznit province, census 2014 and 2024
[D]: 1.8% of the 40,090 employed in 2024 (RGPH 2024) and 1.5% of about 45,400 employed in 2014
(RGPH 2014 share; the 2014 employed derived from the 2014 population, activity and
unemployment rates with the 2024 share of people aged 15+, so the 2014 count is uncertain by
about +-5%): a roughly stable number, +6% over the decade."""

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


def calibrate(
    case: Case,
    survival: Mapping[float, float],
    *,
    parameters: Sequence[str] = (
        "hazard_weak",
        "hazard_supported",
        "hazard_grace_years",
        "hazard_decline",
    ),
    strategy: Strategy | str | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    regularization: float = 1e-4,
) -> CalibrationResult:
    """Fit parameters so that a cohort of new actors survives as an observed curve does.

    The case's territory is treated as a cohort created at the study start
    (``established_age = 0``; no entry, no event, parameters at their values).

    Parameters
    ----------
    case : Case
    survival : mapping of float to float
        ``{years: share still active}``, e.g. :data:`QUEBEC_COOPERATIVES`.
    parameters : sequence of str
        Parameters to fit (default: both hazard levels, the grace period and the decline).
    strategy : Strategy or str, optional
        Strategy run in the baseline; default none (no intervention).
    bounds : mapping of str to (float, float), optional
        Search bounds per parameter (defaults: :data:`DEFAULT_BOUNDS`, else the parameter's
        domain capped at ten times its value).
    regularization : float
        Weight of the ridge term pulling each parameter toward its case value (per unit of its
        plausible range); 0 disables it.

    Returns
    -------
    CalibrationResult

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> fit = calibrate(tiznit(), QUEBEC_COOPERATIVES)
    >>> bool(fit.max_error < 0.02), fit.parameters[:2]
    (True, ('hazard_weak', 'hazard_supported'))
    """
    years, target = _points(survival, "survival")
    for y, s in zip(years, target, strict=True):
        if not y > 0:
            raise ModelError.at(f"survival[{y:g}]", "years must be positive")
        if not (0.0 <= s <= 1.0):
            raise ModelError.at(f"survival[{y:g}]", f"share {s:g} is outside [0, 1]")
    names = _check_names(case, parameters)
    check_parameters(case)
    cohort = attrs.evolve(case, strategies=(), uncertainties=ScenarioSpace()).with_parameters(
        established_age=0.0
    )
    strat = _baseline(case, strategy)
    ppy = case.periods_per_year
    periods = max(1, math.ceil(years[-1] * ppy - 1e-9))
    cc = compile_case(cohort, [strat], periods=periods, entry=False)
    record = np.arange(periods + 1, dtype=np.intp)
    row = OUTCOME_NAMES.index("survival")
    base = cohort.parameter_values()
    t_periods = years * ppy

    def curves(thetas: Float) -> Float:
        cols = Columns(
            n=thetas.shape[0],
            params={n: thetas[:, c] for c, n in enumerate(names)},
            shared_rho=True,
        )
        path = evaluate(cc, base, cols, record)[row, :, 0, :]  # (periods + 1, m)
        return np.stack([np.interp(t_periods, record.astype(np.float64), p) for p in path.T])

    values, fitted, ok, msg, nfev = _fit(case, names, bounds, regularization, curves, target)
    return _result(
        case,
        names,
        values,
        years,
        target,
        fitted,
        regularization=regularization,
        strategy=None if strategy is None else strat.id,
        quantity="survival",
        success=ok,
        message=msg,
        nfev=nfev,
    )


def calibrate_series(
    case: Case,
    series: Mapping[float, float],
    *,
    outcome: str = "active_actors",
    parameters: Sequence[str] = ("entry_rate",),
    relative: bool = True,
    strategy: Strategy | str | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    regularization: float = 0.0,
) -> CalibrationResult:
    """Fit parameters so that a baseline outcome follows an observed series, on a log scale.

    The baseline is the case's territory with entry, no intervention (or ``strategy``), no
    event, parameters at their values. With ``relative=True`` (default) the series is compared
    as ratios to its first point and the outcome as ratios to its initial value, so a
    territory that is a scaled sample (a synthetic nation) can be fitted to national counts;
    a register count is an active count divided by ``1 - inactive_share`` (a constant), so
    the ratios of the two are the same.

    Parameters
    ----------
    case : Case
    series : mapping of float to float
        ``{years from the study start: value}``, e.g. :data:`ODCO_REGISTER`.
    outcome : str
        The outcome to fit (default ``active_actors``).
    parameters : sequence of str
        Parameters to fit (default ``entry_rate``).
    relative : bool
        Fit ratios to the first point (True) or levels (False).
    strategy : Strategy or str, optional
        Strategy run in the baseline; default none.
    bounds : mapping of str to (float, float), optional
    regularization : float
        Ridge weight toward the case's values (default 0).

    Returns
    -------
    CalibrationResult
        Its ``target`` and ``fitted`` are the series' ratios (or levels) at its dates.

    Examples
    --------
    A stable count over ten years needs creation to balance exits:

    >>> from ssestrategy.datasets import tiznit
    >>> fit = calibrate_series(tiznit(), {0.0: 100.0, 10.0: 100.0}, outcome="jobs",
    ...                        strategy="status-quo")
    >>> bool(abs(fit.fitted[-1] - 1.0) < 1e-3), fit.values["entry_rate"] > 0
    (True, True)
    """
    years, values = _points(series, "series")
    if outcome not in OUTCOMES:
        raise ModelError.at("outcome", f"unknown outcome {outcome!r}")
    if np.any(values <= 0):
        raise ModelError.at("series", "values must be positive (they are fitted on a log scale)")
    names = _check_names(case, parameters)
    check_parameters(case)
    base_case = attrs.evolve(case, strategies=(), uncertainties=ScenarioSpace())
    strat = _baseline(case, strategy)
    ppy = case.periods_per_year
    periods = max(1, math.ceil(years[-1] * ppy - 1e-9))
    cc = compile_case(base_case, [strat], periods=periods, entry=True)
    record = np.arange(periods + 1, dtype=np.intp)
    row = OUTCOME_NAMES.index(outcome)
    base = base_case.parameter_values()
    t_periods = years * ppy
    target = values / values[0] if relative else values

    def curves(thetas: Float) -> Float:
        cols = Columns(
            n=thetas.shape[0],
            params={n: thetas[:, c] for c, n in enumerate(names)},
            shared_rho=True,
        )
        path = evaluate(cc, base, cols, record)[row, :, 0, :]  # (periods + 1, m)
        out = np.stack([np.interp(t_periods, record.astype(np.float64), p) for p in path.T])
        if relative:
            out = out / np.where(path[0] > 0, path[0], 1.0)[:, None]
        return np.asarray(out, dtype=np.float64)

    def log(v: Float) -> Float:
        out: Float = np.log(np.maximum(v, 1e-300))
        return out

    fitted_values, fitted, ok, msg, nfev = _fit(
        case, names, bounds, regularization, curves, target, transform=log
    )
    return _result(
        case,
        names,
        fitted_values,
        years,
        target,
        fitted,
        regularization=regularization,
        strategy=None if strategy is None else strat.id,
        quantity=outcome + (" (relative to year 0)" if relative else ""),
        success=ok,
        message=msg,
        nfev=nfev,
    )
