"""Calibration of the exit hazards to observed survival curves (domain brief, section 4)."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from simcases import random_territory

from ssestrategy.datasets import tiznit
from ssestrategy.errors import ModelError
from ssestrategy.model import Case, ScenarioSpace, Strategy
from ssestrategy.simulation import calibrate, simulate
from ssestrategy.simulation.calibration import FRENCH_SCOP, QUEBEC_COOPERATIVES


@pytest.fixture(scope="module")
def case() -> Case:
    return tiznit()


def test_quebec_cooperatives_within_two_points(case: Case) -> None:
    """CQCM 2022 (via esmtl.ca, domain brief section 4): Quebec cooperatives created 2002-2015
    survive 98.8% / 79.9% / 63.9% / 44.4% after 1 / 3 / 5 / 10 years. The baseline reproduces
    each point within 2 percentage points."""
    fit = calibrate(case, QUEBEC_COOPERATIVES)
    assert fit.success
    assert fit.max_error < 0.02
    np.testing.assert_allclose(fit.fitted, [0.988, 0.799, 0.639, 0.444], atol=0.02)
    assert fit.values["hazard_supported"] <= fit.values["hazard_weak"]
    assert fit.values["hazard_grace_years"] > 0.5  # almost no exit in year 1
    assert fit.values["hazard_decline"] > 0.0  # the hazard falls after year 5
    assert "year 10" in str(fit)


def test_french_scop_within_two_points(case: Case) -> None:
    """CG Scop (domain brief section 4): Scop/Scic survive 82.5% after 3 years, 66% after 5."""
    fit = calibrate(case, FRENCH_SCOP)
    assert fit.max_error < 0.02
    np.testing.assert_allclose(fit.fitted, [0.825, 0.66], atol=0.02)


def test_fitted_values_reproduce_the_curve_through_simulate(case: Case) -> None:
    """Applying the fit and simulating the same baseline gives the fitted shares."""
    fit = calibrate(case, FRENCH_SCOP)
    # the curve is a cohort's: actors created at the start
    cohort = fit.apply(case).with_parameters(established_age=0.0, entry_rate=0.0)
    fitted = attrs.evolve(cohort, uncertainties=ScenarioSpace())
    ens = simulate(fitted, [Strategy(id="baseline", name="none")], n_scenarios=1, rng=0, periods=20)
    got = [ens.outcome("survival", at=y)[0, 0] for y in (3, 5)]
    np.testing.assert_allclose(got, fit.fitted, rtol=1e-12)


def test_two_hazard_levels_alone_cannot_fit_quebec(case: Case) -> None:
    """Why the model has an age profile: with a constant hazard profile the year-1 point is
    missed by more than 2 points."""
    flat = case.with_parameters(hazard_grace_years=0.0, hazard_decline=0.0)
    fit = calibrate(flat, QUEBEC_COOPERATIVES, parameters=("hazard_weak", "hazard_supported"))
    assert fit.max_error > 0.02


def test_a_small_hand_built_territory() -> None:
    t = random_territory(np.random.default_rng(3), 8, 10)
    fit = calibrate(Case(name="small", territory=t), QUEBEC_COOPERATIVES)
    assert fit.max_error < 0.02


def test_with_a_strategy_and_bounds(case: Case) -> None:
    fit = calibrate(
        case,
        {2: 0.95, 5: 0.5},
        parameters=("hazard_weak",),
        strategy="status-quo",
        bounds={"hazard_weak": (0.0, 1.0)},
    )
    assert fit.strategy == "status-quo"
    assert 0.0 <= fit.values["hazard_weak"] <= 1.0
    # one parameter, two points: the least-squares compromise misses them on opposite sides
    assert fit.residuals[0] * fit.residuals[1] < 0


def test_errors(case: Case) -> None:
    with pytest.raises(ModelError):
        calibrate(case, {})
    with pytest.raises(ModelError):
        calibrate(case, {3: 1.5})
    with pytest.raises(ModelError):
        calibrate(case, {-1: 0.5})
    with pytest.raises(ModelError):
        calibrate(case, {3: 0.8}, parameters=("nope",))
    with pytest.raises(ModelError):
        calibrate(case, {3: 0.8}, parameters=())
    with pytest.raises(ModelError):
        calibrate(case, {3: 0.8}, regularization=-1.0)
    with pytest.raises(ModelError):
        calibrate(case, {3: 0.8}, bounds={"hazard_weak": (1.0, 0.5)})


# --- entry: the creation rate against count series -----------------------------------------


def test_defaults_reproduce_the_quebec_cohort_within_two_points(case: Case) -> None:
    """The shipped hazard defaults are the Quebec fit, rounded: without refitting, a cohort
    created at the start follows the CQCM curve within 2 points."""
    fit = calibrate(case, QUEBEC_COOPERATIVES)
    for name in fit.parameters:
        assert fit.values[name] == pytest.approx(fit.initial[name], rel=0.12), name


def test_national_sector_reproduces_the_odco_register() -> None:
    """The synthetic national sector of mid-2013, status quo (no intervention), with the
    calibrated national creation rate, follows the ODCO register within 10% at every count
    (2015, 2020, 2024), relative to 2013. The band: the counts are press reports of ODCO
    figures at mid-year dates, and the register's 2023 and 2024 figures ('about 60,000' and
    60,939) disagree by more than the 2024 growth, so a closer fit would fit noise."""
    from ssestrategy.datasets import NATIONAL_ENTRY_RATE, national_sector
    from ssestrategy.simulation.calibration import ODCO_REGISTER, calibrate_series

    nation = national_sector()
    fit = calibrate_series(nation, ODCO_REGISTER)
    assert fit.success
    assert fit.values["entry_rate"] == pytest.approx(NATIONAL_ENTRY_RATE.value, abs=0.01)
    # the shipped value itself, through simulate
    ens = simulate(
        attrs.evolve(nation, uncertainties=ScenarioSpace()),
        [Strategy(id="none", name="none")],
        n_scenarios=1,
        rng=0,
        periods=46,
        trajectories=True,
    )
    path = np.asarray(ens.trajectory("active_actors")).reshape(-1)
    ratio = np.interp([y * 4 for y in ODCO_REGISTER], np.arange(path.shape[0]), path / path[0])
    observed = np.asarray(list(ODCO_REGISTER.values())) / ODCO_REGISTER[0.0]
    np.testing.assert_allclose(ratio, observed, rtol=0.10)


def test_tiznit_status_quo_keeps_its_actors(case: Case) -> None:
    """Entry balances exit: over 10 years of status quo the Tiznit case keeps at least 70% of
    its active target actors (it kept 27% before entry existed), and its jobs follow the
    census trend of cooperators (681 in 2014, 722 in 2024) within 5%."""
    ens = simulate(case, ["status-quo"], n_scenarios=64, rng=0)
    active = ens.outcome("active_actors", at=10.0)[0] / ens.outcome("active_actors", at=0.0)[0]
    assert np.median(active) >= 0.7
    assert np.percentile(active, 10) >= 0.7
    from ssestrategy.simulation.calibration import TIZNIT_COOPERATORS, calibrate_series

    fit = calibrate_series(case, TIZNIT_COOPERATORS, outcome="jobs", strategy="status-quo")
    assert fit.values["entry_rate"] == pytest.approx(case.parameters["entry_rate"].value, abs=0.005)


def test_series_errors(case: Case) -> None:
    from ssestrategy.simulation.calibration import calibrate_series

    with pytest.raises(ModelError):
        calibrate_series(case, {})
    with pytest.raises(ModelError):
        calibrate_series(case, {0.0: 1.0, 2.0: -3.0})
    with pytest.raises(ModelError):
        calibrate_series(case, {0.0: 1.0}, outcome="nope")
