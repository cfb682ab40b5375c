"""Tests of ssestrategy.explain.sobol (Sobol' indices through scipy.stats.sobol_indices)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from numpy.testing import assert_allclose, assert_array_equal

from ssestrategy.errors import ModelError
from ssestrategy.explain import ConfidenceInterval, sobol

A, B = 7.0, 0.1
SPACE = [(-math.pi, math.pi)] * 3


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_analytic() -> tuple[np.ndarray, np.ndarray]:
    """Ishigami & Homma (1990); Sobol' & Levitan (1999); Saltelli et al. (2008, p. 179)."""
    pi4, pi8 = math.pi**4, math.pi**8
    v1 = 0.5 * (1 + B * pi4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi8 * (1 / 18 - 1 / 50)
    v = A**2 / 8 + B * pi4 / 5 + B**2 * pi8 / 18 + 0.5
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


@pytest.fixture(scope="module")
def big_run():
    return sobol(ishigami, SPACE, n_samples=2**14, rng=20240611)


def test_ishigami_analytic_formulas_match_quoted_values_and_quadrature():
    """The closed forms give the quoted values, and a midpoint-rule quadrature agrees."""
    s1, st = ishigami_analytic()
    assert_allclose(s1, [0.3139, 0.4424, 0.0], atol=5e-5)
    assert_allclose(st, [0.5576, 0.4424, 0.2437], atol=5e-5)
    # brute force: tensor midpoint grid on [-pi, pi]^3 (periodic in x1, x2: spectrally exact)
    m = 128
    g = -math.pi + (np.arange(m) + 0.5) * 2 * math.pi / m
    x1, x2, x3 = np.meshgrid(g, g, g, indexing="ij")
    f = np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1)
    v = f.var()
    s1_num = np.array([f.mean(axis=(1, 2)).var(), f.mean(axis=(0, 2)).var(), 0.0]) / v
    st_num = np.array([f.var(axis=0).mean(), f.var(axis=1).mean(), f.var(axis=2).mean()]) / v
    assert_allclose(s1_num, s1, atol=2e-4)
    assert_allclose(st_num, st, atol=2e-4)


def test_ishigami_indices_within_001_of_analytic(big_run):
    s1, st = ishigami_analytic()
    assert big_run.first_order.shape == (3,)
    assert_allclose(big_run.first_order, s1, atol=0.01)
    assert_allclose(big_run.total_order, st, atol=0.01)
    assert big_run.n == 2**14
    assert big_run.n_evaluations == 2**14 * 5
    assert big_run.method == "saltelli_2010"
    assert big_run.ci_method == "percentile"
    assert big_run.names == ("x1", "x2", "x3")


def test_ishigami_confidence_intervals_contain_truth(big_run):
    s1, st = ishigami_analytic()
    assert big_run.first_order_ci is not None
    assert big_run.total_order_ci is not None
    hits = np.concatenate(
        [big_run.first_order_ci.contains(s1), big_run.total_order_ci.contains(st)]
    )
    assert hits.sum() >= 5
    # the intervals bracket the estimates and are narrow at this n
    for est, ci in [
        (big_run.first_order, big_run.first_order_ci),
        (big_run.total_order, big_run.total_order_ci),
    ]:
        assert np.all(ci.low <= est)
        assert np.all(est <= ci.high)
        assert np.all(ci.high - ci.low < 0.05)
    assert big_run.first_order_se is not None
    assert np.all(big_run.first_order_se > 0)


def test_same_estimates_as_scipy_default_estimator():
    """Our estimator callable reproduces SciPy's built-in ``saltelli_2010`` on the same stream."""
    res = sobol(ishigami, SPACE, n_samples=2**10, rng=5, n_resamples=0)
    child = np.random.SeedSequence(res.seed.entropy, spawn_key=(0,))
    ref = scipy.stats.sobol_indices(
        func=lambda x: ishigami(x.T),
        n=2**10,
        dists=[scipy.stats.uniform(loc=-math.pi, scale=2 * math.pi)] * 3,
        rng=np.random.default_rng(child),
    )
    assert_allclose(res.first_order, ref.first_order, rtol=1e-12, atol=1e-14)
    assert_allclose(res.total_order, ref.total_order, rtol=1e-12, atol=1e-14)
    assert res.first_order_ci is None
    assert res.total_order_se is None


def test_seed_reproducibility():
    a = sobol(ishigami, SPACE, n_samples=2**8, rng=11, n_resamples=99)
    b = sobol(ishigami, SPACE, n_samples=2**8, rng=11, n_resamples=99)
    c = sobol(ishigami, SPACE, n_samples=2**8, rng=12, n_resamples=99)
    assert_array_equal(a.first_order, b.first_order)
    assert_array_equal(a.total_order, b.total_order)
    assert_array_equal(a.first_order_ci.low, b.first_order_ci.low)
    assert_array_equal(a.total_order_ci.high, b.total_order_ci.high)
    assert not np.array_equal(a.first_order, c.first_order)
    # the recorded seed reproduces an unseeded run, and a SeedSequence is not consumed
    d = sobol(ishigami, SPACE, n_samples=2**8, n_resamples=99)
    e = sobol(ishigami, SPACE, n_samples=2**8, rng=d.seed, n_resamples=99)
    f = sobol(ishigami, SPACE, n_samples=2**8, rng=d.seed, n_resamples=99)
    assert_array_equal(d.first_order, e.first_order)
    assert_array_equal(e.total_order_ci.low, f.total_order_ci.low)
    # a Generator seed is honoured
    g1 = sobol(ishigami, SPACE, n_samples=2**8, rng=np.random.default_rng(3), n_resamples=9)
    g2 = sobol(ishigami, SPACE, n_samples=2**8, rng=np.random.default_rng(3), n_resamples=9)
    assert_array_equal(g1.first_order, g2.first_order)


def test_multi_output_shape_and_consistency():
    """(samples, outputs) gives (outputs, inputs); each row equals the single-output run."""

    def two(x):
        return np.column_stack([ishigami(x), 3 * x[:, 0] + x[:, 2]])

    multi = sobol(two, SPACE, n_samples=2**9, rng=2, n_resamples=49)
    single = sobol(ishigami, SPACE, n_samples=2**9, rng=2, n_resamples=49)
    assert multi.first_order.shape == (2, 3)
    assert multi.total_order.shape == (2, 3)
    assert multi.first_order_ci.low.shape == (2, 3)
    assert multi.total_order_se.shape == (2, 3)
    assert_allclose(multi.first_order[0], single.first_order, rtol=1e-12)
    assert_allclose(multi.total_order_ci.low[0], single.total_order_ci.low, rtol=1e-12)
    # additive second output: S = ST = (9, 0, 1) / 10 (x2 has no effect at all)
    assert_allclose(multi.first_order[1], [0.9, 0.0, 0.1], atol=0.03)
    assert multi.first_order[1, 1] == 0.0
    assert multi.total_order[1, 1] == 0.0
    assert multi.first_order_ci.low[1, 1] == multi.first_order_ci.high[1, 1] == 0.0
    # a single output given as a column keeps the 2-D shape
    col = sobol(lambda x: ishigami(x)[:, None], SPACE, n_samples=2**6, rng=2, n_resamples=0)
    assert col.first_order.shape == (1, 3)


def test_constant_output_and_bca_and_named_mapping_space():
    res = sobol(
        lambda x: np.column_stack([x[:, 0] + x[:, 1], np.ones(len(x))]),
        {"price": scipy.stats.uniform(0, 1), "demand": (0.0, 1.0)},
        n_samples=2**7,
        rng=0,
        n_resamples=49,
        ci_method="BCa",
    )
    assert res.names == ("price", "demand")
    assert_array_equal(res.zero_variance, [False, True])
    assert_array_equal(res.first_order[1], [0.0, 0.0])
    assert_array_equal(res.first_order_ci.low[1], [0.0, 0.0])
    assert np.all(np.isfinite(res.first_order_ci.low))
    assert np.all(np.isfinite(res.total_order_ci.high))
    assert res.ci_method == "BCa"


def test_confidence_interval_contains():
    ci = ConfidenceInterval(low=np.array([0.0, 1.0]), high=np.array([1.0, 2.0]))
    assert ci.contains([0.0, 2.5]).tolist() == [True, False]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"n_samples": 1000}, "n_samples"),
        ({"n_samples": 1}, "n_samples"),
        ({"n_samples": 64.0}, "n_samples"),
        ({"n_samples": True}, "n_samples"),
        ({"n_samples": 64, "n_resamples": -1}, "n_resamples"),
        ({"n_samples": 64, "confidence_level": 1.0}, "confidence_level"),
        ({"n_samples": 64, "ci_method": "student"}, "ci_method"),
        ({"n_samples": 64, "rng": -1}, "rng"),
        ({"n_samples": 64, "rng": "abc"}, "rng"),
        ({"n_samples": 64, "names": ["a", "b"]}, "names"),
        ({"n_samples": 64, "names": ["a", "a", "b"]}, "names"),
    ],
)
def test_argument_validation(kwargs, path):
    with pytest.raises(ModelError) as err:
        sobol(ishigami, SPACE, **kwargs)
    assert err.value.path == path


@pytest.mark.parametrize(
    ("space", "path"),
    [
        ([], "space"),
        ("abc", "space"),
        ([(0, 1), (1, 0)], "space[1]"),
        ([(0, 1), (0, float("nan"))], "space[1]"),
        ([(0, 1), "uniform"], "space[1]"),
        ([(0, 1, 2)], "space[0]"),
    ],
)
def test_space_validation(space, path):
    with pytest.raises(ModelError) as err:
        sobol(lambda x: x[:, 0], space, n_samples=8)
    assert err.value.path.startswith(path)


@pytest.mark.parametrize(
    "func",
    [
        lambda x: np.where(x[:, 0] > 0.5, np.nan, 1.0),
        lambda x: np.where(x[:, 0] > 0.5, np.inf, x[:, 0]),
        lambda x: x[:-1, 0],
        lambda x: np.zeros((len(x), 2, 2)),
        lambda x: ["a"] * len(x),
    ],
)
def test_bad_model_output_is_refused(func):
    with pytest.raises(ModelError) as err:
        sobol(func, [(0, 1), (0, 1)], n_samples=16, rng=0)
    assert err.value.path == "func"


def test_single_input() -> None:
    """One input carries all the variance (scipy.stats.sobol_indices alone fails for d = 1)."""
    res = sobol(lambda x: x[:, 0] ** 2, [(0.0, 1.0)], n_samples=256, rng=3, n_resamples=50)
    assert res.first_order.shape == (1,)
    assert res.total_order[0] == pytest.approx(1.0, abs=0.02)
    assert res.first_order[0] == pytest.approx(1.0, abs=0.05)
