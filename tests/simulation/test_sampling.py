"""Sampling of uncertain futures: per-scenario streams, quasi-random designs, distributions,
events."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.errors import ModelError
from ssestrategy.model import Case, Distribution, Event, ScenarioSpace, Territory, Uncertainty
from ssestrategy.simulation import sample_scenarios
from ssestrategy.simulation.sampling import draw, make_plan, ppf

UNIT = Distribution(kind="uniform", low=0.0, high=1.0)


def _case(n_params: int = 2, events: tuple[Event, ...] = (), horizon: float = 10.0) -> Case:
    names = ["learning_rate", "max_gain", "depreciation", "income_gain"][:n_params]
    space = ScenarioSpace(
        parameters=tuple(Uncertainty(parameter=n, distribution=UNIT) for n in names), events=events
    )
    return Case(name="c", territory=Territory(name="t"), uncertainties=space, horizon=horizon)


def test_scenario_k_uses_its_own_stream() -> None:
    """Scenario k draws its parameter uniforms first from SeedSequence(seed, spawn_key=(k,))."""
    s = sample_scenarios(_case(), 6, rng=123)
    for k in (0, 3, 5):
        rng = np.random.default_rng(np.random.SeedSequence(123, spawn_key=(k,)))
        np.testing.assert_array_equal(s.values[k], rng.random(2))


@settings(max_examples=30, deadline=None)
@given(
    lo=st.integers(0, 20),
    size=st.integers(1, 20),
    sampler=st.sampled_from(["mc", "lhs", "sobol"]),
)
def test_chunks_equal_the_whole(lo: int, size: int, sampler: str) -> None:
    """A chunk's draws equal the same scenarios drawn with all the others."""
    case = _case(3, events=(Event(name="e", annual_probability=0.3, severity=UNIT),))
    n = 64  # a power of two: Sobol' keeps its balance (SciPy warns otherwise)
    hi = min(lo + size, n)
    plan = make_plan(case, n, rng=9, sampler=sampler)
    whole = draw(plan, 0, n)
    part = draw(plan.chunk(lo, hi), lo, hi)
    np.testing.assert_array_equal(part.values, whole.values[lo:hi])
    np.testing.assert_array_equal(part.event_onset, whole.event_onset[lo:hi])
    np.testing.assert_array_equal(part.event_severity, whole.event_severity[lo:hi])


def test_latin_hypercube_stratifies_every_dimension() -> None:
    n = 50
    s = sample_scenarios(_case(4), n, rng=1, sampler="lhs")
    for c in range(4):
        np.testing.assert_array_equal(np.sort(np.floor(s.values[:, c] * n)), np.arange(n))


def test_sobol_balance_on_powers_of_two() -> None:
    """Scrambled Sobol' points: each half of each axis holds exactly half of 2**m points."""
    s = sample_scenarios(_case(3), 64, rng=2, sampler="sobol")
    for c in range(3):
        assert (s.values[:, c] < 0.5).sum() == 32
        assert (np.floor(s.values[:, c] * 8) == 3).sum() == 8


def test_events_do_not_depend_on_the_sampler() -> None:
    case = _case(2, events=(Event(name="e", annual_probability=0.4, severity=UNIT),))
    draws = [sample_scenarios(case, 32, rng=5, sampler=m) for m in ("mc", "lhs", "sobol")]
    for d in draws[1:]:
        np.testing.assert_array_equal(d.event_onset, draws[0].event_onset)
        np.testing.assert_array_equal(d.event_severity, draws[0].event_severity)


def test_event_frequency_and_onset() -> None:
    """P(event within T years) = 1 - (1 - p)**T; onsets are uniform over its years' periods."""
    p, years = 0.2, 5
    case = _case(0, events=(Event(name="e", annual_probability=p, severity=UNIT),), horizon=years)
    s = sample_scenarios(case, 20_000, rng=3)
    onset = s.event_onset[:, 0]
    happened = onset >= 0
    expected = 1 - (1 - p) ** years
    assert abs(happened.mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / 20_000)
    assert onset.max() < years * 4
    # first-year share among happened: p / expected
    first = (onset[happened] < 4).mean()
    assert abs(first - p / expected) < 0.02
    certain = _case(0, events=(Event(name="e", annual_probability=1.0, severity=UNIT),))
    assert (sample_scenarios(certain, 200, rng=1).event_onset < 4).all()
    never = _case(0, events=(Event(name="e", annual_probability=0.0, severity=UNIT),))
    assert (sample_scenarios(never, 200, rng=1).event_onset == -1).all()


def test_quantile_functions() -> None:
    u = np.array([0.1, 0.5, 0.9])
    tri = Distribution(kind="triangular", low=0.0, mode=0.2, high=1.0)
    np.testing.assert_allclose(ppf(tri, u), scipy.stats.triang.ppf(u, 0.2, loc=0, scale=1))
    tn = Distribution(kind="truncnorm", mean=1.0, sd=0.5, low=0.5, high=2.0)
    np.testing.assert_allclose(ppf(tn, u), scipy.stats.truncnorm.ppf(u, -1, 2, loc=1, scale=0.5))
    be = Distribution(kind="beta", a=2.0, b=3.0, low=10.0, high=20.0)
    np.testing.assert_allclose(ppf(be, u), 10 + 10 * scipy.stats.beta.ppf(u, 2, 3))
    disc = Distribution(kind="discrete", values=(1.0, 2.0, 5.0), weights=(1.0, 2.0, 1.0))
    np.testing.assert_array_equal(
        ppf(disc, np.array([0.1, 0.3, 0.74, 0.76, 0.999])), [1, 2, 2, 5, 5]
    )
    wide = Distribution(kind="truncnorm", mean=0.0, sd=1.0, low=-1e300, high=1e300)
    assert np.isfinite(ppf(wide, np.array([0.0, 1.0 - 1e-17]))).all()
    flat = Distribution(kind="triangular", low=2.0, mode=2.0, high=2.0)
    np.testing.assert_array_equal(ppf(flat, u), [2.0, 2.0, 2.0])


def test_discrete_weights_frequencies() -> None:
    space = ScenarioSpace(
        parameters=(
            Uncertainty(
                parameter="funding_delay",
                distribution=Distribution(kind="discrete", values=(0, 1), weights=(3, 1)),
            ),
        )
    )
    case = Case(name="c", territory=Territory(name="t"), uncertainties=space)
    v = sample_scenarios(case, 8000, rng=4).values[:, 0]
    assert abs((v == 1).mean() - 0.25) < 0.02


def test_seeds_and_errors() -> None:
    a = sample_scenarios(_case(), 5, rng=np.random.SeedSequence(7))
    b = sample_scenarios(_case(), 5, rng=7)
    np.testing.assert_array_equal(a.values, b.values)
    g = sample_scenarios(_case(), 5, rng=np.random.default_rng(1))
    assert g.values.shape == (5, 2)
    for bad in (dict(n_scenarios=0), dict(n_scenarios=2.5), dict(sampler="halton")):
        kwargs = {"n_scenarios": 4, "sampler": "mc", **bad}
        with pytest.raises(ModelError):
            sample_scenarios(_case(), kwargs.pop("n_scenarios"), rng=1, **kwargs)
    for seed in (-1, "x", 1.5):
        with pytest.raises(ModelError):
            sample_scenarios(_case(), 3, rng=seed)
