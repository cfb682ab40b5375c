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
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import OUTCOMES, Case, ScenarioSpace, Strategy
from .compile import compile_case
from .engine import check_parameters
from .evaluate import Columns, evaluate
from .fitting import (
    CalibrationResult,
    _baseline,
    _check_names,
    _fit,
    _points,
    _result,
)
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
        Search bounds per parameter (defaults:
        :data:`~ssestrategy.simulation.fitting.DEFAULT_BOUNDS`, else the parameter's domain
        capped at ten times its value).
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
