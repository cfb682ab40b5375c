"""Fit exit-hazard parameters so that the status-quo baseline reproduces a survival curve.

The baseline is the case's territory with no intervention (or a given strategy), no event, and
every parameter at its value; its ``survival`` outcome (the share of the initial target actors
still active) is fitted to an observed curve ``{years: share}`` by non-linear least squares
(:func:`scipy.optimize.least_squares`, bounded, trust-region reflective).

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
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import scipy.optimize
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import Assumption, Case, ScenarioSpace, Strategy
from .compile import compile_case
from .engine import PARAMETER_DOMAINS, check_parameters
from .kernel import OUTCOME_NAMES, run, scenario_inputs

__all__ = ["FRENCH_SCOP", "QUEBEC_COOPERATIVES", "CalibrationResult", "calibrate"]

Float = NDArray[np.float64]

QUEBEC_COOPERATIVES: dict[float, float] = {1.0: 0.988, 3.0: 0.799, 5.0: 0.639, 10.0: 0.444}
"""Survival of Quebec cooperatives created 2002-2015 (CQCM 2022, via esmtl.ca; domain brief)."""

FRENCH_SCOP: dict[float, float] = {3.0: 0.825, 5.0: 0.66}
"""Survival of French Scop/Scic cooperatives (CG Scop; domain brief)."""

DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "hazard_weak": (0.0, 2.0),
    "hazard_supported": (0.0, 2.0),
    "hazard_grace_years": (0.0, 5.0),
    "hazard_decline": (0.0, 2.0),
}


@attrs.frozen(eq=False)
class CalibrationResult:
    """A fitted survival curve.

    Attributes
    ----------
    parameters : tuple of str
        Parameters fitted.
    values : dict of str to float
        Fitted values.
    initial : dict of str to float
        The case's values before the fit.
    years, target, fitted : ndarray
        The curve's horizons, the observed shares, the baseline's shares with the fitted values.
    residuals : ndarray
        ``fitted - target``.
    max_error : float
        Largest absolute gap (share, e.g. 0.02 = 2 percentage points).
    regularization : float
        Weight of the ridge term toward the initial values.
    strategy : str or None
        Strategy of the baseline (None: no intervention).
    success : bool
    message : str
    nfev : int
        Model evaluations (each a batch of one scenario per trial point).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> fit = calibrate(tiznit(), FRENCH_SCOP)
    >>> bool(fit.max_error < 0.02)
    True
    """

    parameters: tuple[str, ...]
    values: dict[str, float]
    initial: dict[str, float]
    years: Float
    target: Float
    fitted: Float
    residuals: Float
    max_error: float
    regularization: float
    strategy: str | None
    success: bool
    message: str
    nfev: int

    def apply(self, case: Case) -> Case:
        """``case`` with the fitted values (provenance of each parameter kept)."""
        return case.with_parameters(**self.values)

    def __str__(self) -> str:
        lines = [f"calibration ({'converged' if self.success else 'not converged'}):"]
        lines += [
            f"  {k} = {self.values[k]:.4g} (was {self.initial[k]:.4g})" for k in self.parameters
        ]
        lines += [
            f"  year {y:g}: target {100 * t:.1f}%, fitted {100 * f:.1f}%"
            for y, t, f in zip(self.years, self.target, self.fitted, strict=True)
        ]
        return "\n".join(lines)


def _scale(case: Case, name: str) -> float:
    prov = case.parameters[name].provenance
    if isinstance(prov, Assumption) and prov.low is not None and prov.high is not None:
        width = prov.high - prov.low
        if width > 0:
            return width
    return max(abs(case.parameters[name].value), 1.0)


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
    """Fit parameters so that the baseline's survival matches an observed curve.

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
    if not survival:
        raise ModelError.at("survival", "give at least one {years: share} point")
    years = np.asarray(sorted(float(y) for y in survival), dtype=np.float64)
    target = np.asarray([float(survival[y]) for y in sorted(survival)], dtype=np.float64)
    for y, s in zip(years, target, strict=True):
        if not (math.isfinite(y) and y > 0):
            raise ModelError.at(f"survival[{y:g}]", "years must be positive")
        if not (0.0 <= s <= 1.0):
            raise ModelError.at(f"survival[{y:g}]", f"share {s:g} is outside [0, 1]")
    names = tuple(parameters)
    if not names:
        raise ModelError.at("parameters", "name at least one parameter to fit")
    for k, name in enumerate(names):
        if name not in case.parameters:
            raise ModelError.at(f"parameters[{k}]", f"unknown parameter {name!r}")
        if name == "ces_rho":
            raise ModelError.at(f"parameters[{k}]", "ces_rho cannot be calibrated here")
    if not (regularization >= 0.0 and math.isfinite(regularization)):
        raise ModelError.at("regularization", "must be a non-negative number")
    check_parameters(case)

    base_case = attrs.evolve(case, strategies=(), uncertainties=ScenarioSpace())
    if strategy is None:
        strat_obj = Strategy(id="baseline", name="No intervention")
    elif isinstance(strategy, str):
        strat_obj = case.strategy(strategy)
    else:
        strat_obj = strategy
    ppy = case.periods_per_year
    periods = max(1, math.ceil(years[-1] * ppy - 1e-9))
    cc = compile_case(base_case, [strat_obj], periods=periods)
    strat = cc.strategies[0]
    record = np.arange(periods + 1, dtype=np.intp)
    surv_row = OUTCOME_NAMES.index("survival")
    base = case.parameter_values()
    x0 = np.asarray([base[n] for n in names], dtype=np.float64)
    lb, ub = [], []
    for n in names:
        if bounds is not None and n in bounds:
            lo, hi = (float(v) for v in bounds[n])
        elif n in DEFAULT_BOUNDS:
            lo, hi = DEFAULT_BOUNDS[n]
        else:
            d_lo, d_hi, _ = PARAMETER_DOMAINS.get(n, (-math.inf, math.inf, False))
            lo = d_lo if math.isfinite(d_lo) else x0[names.index(n)] - 10 * _scale(case, n)
            hi = min(d_hi, max(10.0 * abs(base[n]), 1.0))
        if not lo < hi:
            raise ModelError.at(f"bounds.{n}", f"empty range [{lo:g}, {hi:g}]")
        lb.append(lo)
        ub.append(hi)
    lbv, ubv = np.asarray(lb), np.asarray(ub)
    # With both hazard levels fitted, search over hazard_supported / hazard_weak in [0, 1] so
    # that support never raises the hazard.
    iw = names.index("hazard_weak") if "hazard_weak" in names else -1
    isup = names.index("hazard_supported") if "hazard_supported" in names else -1
    paired = iw >= 0 and isup >= 0

    def to_values(z: Float) -> Float:
        v = z.copy()
        if paired:
            v[isup] = z[isup] * z[iw]
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
    t_years = years * ppy  # in periods

    def curves(thetas: Float) -> Float:
        """Survival at the curve's years for each row of ``thetas`` (one scenario each)."""
        m = thetas.shape[0]
        sampled = {n: thetas[:, c] for c, n in enumerate(names)}
        x = scenario_inputs(base, m, cc, sampled=sampled, shared_rho=True)
        path = run(cc, strat, x, record)[surv_row]  # (periods + 1, m)
        out = np.empty((m, years.shape[0]))
        for c in range(m):
            out[c] = np.interp(t_years, record.astype(np.float64), path[:, c])
        return out

    cache: dict[bytes, Float] = {}

    def residuals(z: Float) -> Float:
        key = z.tobytes()
        if key not in cache:
            cache[key] = curves(to_values(z)[None, :])[0]
        return np.concatenate([cache[key] - target, ridge * (z - z0) / zscales])

    def jacobian(z: Float) -> Float:
        h = 1e-6 * np.maximum(np.abs(z), zscales)
        step = np.where(z + h <= zu, h, -h)
        pts = np.vstack([z[None, :], z[None, :] + np.diag(step)])
        vals = curves(np.vstack([to_values(p) for p in pts]))
        jac_curve = (vals[1:] - vals[0]).T / step
        return np.vstack([jac_curve, ridge * np.diag(1.0 / zscales)])

    sol = scipy.optimize.least_squares(
        residuals, start, jac=jacobian, bounds=(zl, zu), method="trf", x_scale=zscales
    )
    sol.x = to_values(sol.x)
    fitted = curves(sol.x[None, :])[0]
    values = {n: float(v) for n, v in zip(names, sol.x, strict=True)}
    return CalibrationResult(
        parameters=names,
        values=values,
        initial={n: float(base[n]) for n in names},
        years=years,
        target=target,
        fitted=fitted,
        residuals=fitted - target,
        max_error=float(np.max(np.abs(fitted - target))),
        regularization=float(regularization),
        strategy=None if strategy is None else strat_obj.id,
        success=bool(sol.success),
        message=str(sol.message),
        nfev=int(sol.nfev),
    )
