"""Tests of ssestrategy.explain.morris (Morris elementary effects)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from ssestrategy.errors import ModelError
from ssestrategy.explain import morris

# MUCM toolkit, "Example: Using the Morris method" (ExamScreeningMorris), reproduced in the
# mogp-emulator documentation (alan-turing-institute/mogp-emulator,
# docs/methods/exam/ExamScreeningMorris.rst): R = 4 trajectories, p = 4 levels,
# delta = 2/3, f(x) = x1 + x2**2 + x2 sin(x3) + 0 x4. The design is printed rounded to two
# decimals; the grid is in thirds, so it is transcribed here in units of 1/3.
MUCM_DESIGN_THIRDS = [
    [[0, 1, 1, 0], [2, 1, 1, 0], [2, 3, 1, 0], [2, 3, 1, 2], [2, 3, 3, 2]],
    [[1, 0, 1, 1], [1, 0, 3, 1], [3, 0, 3, 1], [3, 2, 3, 1], [3, 2, 3, 3]],
    [[0, 0, 0, 1], [0, 0, 2, 1], [2, 0, 2, 1], [2, 2, 2, 1], [2, 2, 2, 3]],
    [[1, 1, 0, 0], [1, 1, 2, 0], [3, 1, 2, 0], [3, 1, 2, 2], [3, 3, 2, 2]],
]
MUCM_F = [
    [0.22, 0.89, 1.99, 1.99, 2.51],
    [0.33, 0.33, 1.00, 2.01, 2.01],
    [0.00, 0.00, 0.67, 1.52, 1.52],
    [0.44, 0.65, 1.32, 1.32, 2.62],
]
# "Morris Method Indexes" table: mu, mu*, sigma per factor
MUCM_MU = [1.0, 1.6, 0.27, 0.0]
MUCM_MU_STAR = [1.0, 1.6, 0.27, 0.0]
MUCM_SIGMA = [2e-16, 0.28, 0.36, 0.0]


def mucm_model(x: np.ndarray) -> np.ndarray:
    return x[:, 0] + x[:, 1] ** 2 + x[:, 1] * np.sin(x[:, 2]) + 0 * x[:, 3]


def test_mucm_toolkit_worked_example():
    """MUCM toolkit ExamScreeningMorris: mu, mu*, sigma as published (2 decimals)."""
    design = np.array(MUCM_DESIGN_THIRDS, dtype=float) / 3
    res = morris(mucm_model, [(0, 1)] * 4, design=design)
    assert_allclose(res.outputs, MUCM_F, atol=0.006)  # the transcription is right
    assert res.delta == pytest.approx(2 / 3)
    assert res.levels is None
    assert res.seed is None
    assert res.trajectories == 4
    assert_allclose(res.mu, MUCM_MU, atol=0.006)
    assert_allclose(res.mu_star, MUCM_MU_STAR, atol=0.006)
    assert_allclose(res.sigma, MUCM_SIGMA, atol=0.006)
    assert res.sigma_ddof == 1


def test_g_function_screening_pattern():
    """Sobol' g-function with a = (78, 12, 0.5, 2, 97, 33), the screening test case of
    Campolongo, Cariboni & Saltelli (2007) and Saltelli et al. (2008, The Primer, sect. 3.5).

    With p = 4 and delta = 2/3 every step changes |4 x - 2| by 4/3, so
    |EE_i| = 2 / (1 + a_i) * prod_{j != i} g_j(x_j). On the 4-level grid each other x_j is
    independent with E g_j = (4/3 + a_j) / (1 + a_j) (|4 x - 2| is 2 or 2/3 with equal
    probability), hence E[mu*_i] = 2 / (1 + a_i) * prod_{j != i} (4/3 + a_j) / (1 + a_j).
    Importance order: x3, x4, x2, x6, x1, x5.
    """
    a = np.array([78.0, 12.0, 0.5, 2.0, 97.0, 33.0])

    def g(x):
        return np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)

    res = morris(g, [(0, 1)] * 6, trajectories=60, levels=4, rng=2007)
    grid_mean = (4 / 3 + a) / (1 + a)
    expected = 2 / (1 + a) * np.prod(grid_mean) / grid_mean
    assert_allclose(res.mu_star, expected, rtol=0.1)
    assert list(np.argsort(-res.mu_star)) == [2, 3, 1, 5, 0, 4]
    # each |EE_i| * (1 + a_i) / 2 is a product of the other g_j, all positive
    assert np.all(np.abs(res.elementary_effects) * (1 + a) / 2 > 0)


@settings(max_examples=25, deadline=None)
@given(
    coef=st.lists(
        st.floats(-10, 10, allow_nan=False).filter(lambda v: abs(v) > 1e-3), min_size=1, max_size=5
    ),
    data=st.data(),
)
def test_linear_model_effects_are_exact(coef, data):
    """f = sum a_i x_i on [low_i, high_i]: every EE_i = a_i (high_i - low_i), so sigma = 0."""
    k = len(coef)
    lows = data.draw(st.lists(st.floats(-100, 100), min_size=k, max_size=k))
    widths = data.draw(st.lists(st.floats(0.01, 50), min_size=k, max_size=k))
    levels = data.draw(st.sampled_from([2, 4, 6, 8]))
    a = np.array(coef)
    space = [(lo, lo + w) for lo, w in zip(lows, widths, strict=True)]
    rng_width = np.array([hi - lo for lo, hi in space])
    res = morris(
        lambda x: x @ a, space, trajectories=3, levels=levels, rng=data.draw(st.integers(0, 2**32))
    )
    scale = np.abs(a * rng_width).max()
    assert_allclose(res.mu, a * rng_width, rtol=1e-9, atol=1e-9 * scale)
    assert_allclose(res.mu_star, np.abs(a) * rng_width, rtol=1e-9, atol=1e-9 * scale)
    assert_allclose(res.sigma, 0.0, atol=1e-9 * scale)


@settings(max_examples=30, deadline=None)
@given(
    k=st.integers(1, 8),
    levels=st.integers(2, 10),
    r=st.integers(2, 6),
    seed=st.integers(0, 2**32),
)
def test_design_is_a_valid_morris_trajectory_set(k, levels, r, seed):
    res = morris(lambda x: x.sum(axis=1), [(0, 1)] * k, trajectories=r, levels=levels, rng=seed)
    u = res.design_unit
    assert u.shape == (r, k + 1, k)
    assert np.all((u >= 0) & (u <= 1))
    grid = u * (levels - 1)
    assert_allclose(grid, np.round(grid), atol=1e-9)  # on the p-level grid
    diff = np.diff(u, axis=1)
    moved = np.abs(diff) > 1e-12
    assert np.all(moved.sum(axis=2) == 1)  # one input per step
    assert np.all(moved.sum(axis=1) == 1)  # each input once per trajectory
    assert_allclose(np.abs(diff[moved]), res.delta)
    assert res.delta == pytest.approx((levels // 2) / (levels - 1))
    assert_allclose(res.design, u)  # U(0, 1) inputs: ppf is the identity


def test_distribution_inputs_are_mapped_through_ppf():
    beta = scipy.stats.beta(2, 5)
    res = morris(lambda x: 3 * x[:, 0] + x[:, 1], [beta, (10, 20)], trajectories=4, rng=1)
    assert_allclose(res.design[..., 0], beta.ppf(res.design_unit[..., 0]))
    assert_allclose(res.design[..., 1], 10 + 10 * res.design_unit[..., 1])
    # EE of x2 is exact; EE of x1 is 3 * (ppf(u + delta) - ppf(u)) / delta at each step
    assert_allclose(res.elementary_effects[:, 1], 10.0)
    u = res.design_unit
    step = np.argmax(np.abs(np.diff(u[..., 0], axis=1)), axis=1)
    lo = np.minimum(u[np.arange(4), step, 0], u[np.arange(4), step + 1, 0])
    expected = 3 * (beta.ppf(lo + res.delta) - beta.ppf(lo)) / res.delta
    assert_allclose(res.elementary_effects[:, 0], expected)


def test_multi_output_shape_and_consistency():
    def two(x):
        return np.column_stack([mucm_model(x), 2 * x[:, 3]])

    multi = morris(two, [(0, 1)] * 4, trajectories=5, rng=9)
    single = morris(mucm_model, [(0, 1)] * 4, trajectories=5, rng=9)
    assert multi.mu.shape == (2, 4)
    assert multi.sigma.shape == (2, 4)
    assert multi.elementary_effects.shape == (5, 2, 4)
    assert multi.outputs.shape == (5, 5, 2)
    assert_array_equal(multi.mu_star[0], single.mu_star)
    assert_allclose(multi.mu[1], [0, 0, 0, 2])


def test_seed_reproducibility():
    a = morris(mucm_model, [(0, 1)] * 4, trajectories=6, rng=123)
    b = morris(mucm_model, [(0, 1)] * 4, trajectories=6, rng=123)
    c = morris(mucm_model, [(0, 1)] * 4, trajectories=6, rng=124)
    assert_array_equal(a.design_unit, b.design_unit)
    assert_array_equal(a.elementary_effects, b.elementary_effects)
    assert not np.array_equal(a.design_unit, c.design_unit)
    d = morris(mucm_model, [(0, 1)] * 4, trajectories=6)
    e = morris(mucm_model, [(0, 1)] * 4, trajectories=6, rng=d.seed)
    assert_array_equal(d.design_unit, e.design_unit)


def test_matches_salib_on_the_same_design():
    """Cross-check with SALib's analysis of the same design and outputs (Ishigami)."""
    pytest.importorskip("SALib")
    from SALib.analyze import morris as salib_morris

    def ishigami(x):
        return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])

    bounds = [[-np.pi, np.pi]] * 3
    res = morris(ishigami, [tuple(b) for b in bounds], trajectories=20, levels=4, rng=4)
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": bounds}
    si = salib_morris.analyze(
        problem,
        res.design.reshape(-1, 3),
        res.outputs.reshape(-1),
        num_levels=4,
        num_resamples=10,
        seed=1,
    )
    assert_allclose(res.mu, si["mu"], rtol=1e-10)
    assert_allclose(res.mu_star, si["mu_star"], rtol=1e-10)
    assert_allclose(res.sigma, si["sigma"], rtol=1e-10)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"trajectories": 1}, "trajectories"),
        ({"trajectories": 2.5}, "trajectories"),
        ({"levels": 1}, "levels"),
        ({"delta": 0.0}, "delta"),
        ({"delta": 1.5}, "delta"),
        ({"levels": 4, "delta": 0.5}, "delta"),
        ({"rng": -3}, "rng"),
        ({"names": ["a"]}, "names"),
        ({"design": np.zeros((3, 3, 2))}, "design"),
        ({"design": np.zeros((1, 3, 2))}, "design"),
        ({"design": np.full((2, 3, 2), 2.0)}, "design"),
        ({"design": np.zeros((2, 3, 2))}, "design"),
        ({"design": np.array([[[0, 0], [0.5, 0], [0.5, 1.0]]] * 2)}, "design"),
        ({"design": np.array([[[0, 0], [0.5, 0.5], [0.5, 0.5]]] * 2)}, "design"),
        ({"design": np.array([[[0, 0], [0.5, 0], [1.0, 0]]] * 2)}, "design"),
    ],
)
def test_argument_validation(kwargs, path):
    with pytest.raises(ModelError) as err:
        morris(lambda x: x.sum(axis=1), [(0, 1), (0, 1)], **kwargs)
    assert err.value.path == path


def test_unbounded_distribution_and_bad_outputs_are_refused():
    with pytest.raises(ModelError) as err:
        morris(lambda x: x[:, 0], [(0, 1), scipy.stats.norm()], rng=0)
    assert err.value.path == "space[1]"
    with pytest.raises(ModelError) as err:
        morris(lambda x: np.where(x[:, 0] > 0.5, np.nan, x[:, 0]), [(0, 1)], rng=0)
    assert err.value.path == "func"
    with pytest.raises(ModelError) as err:
        morris(lambda x: x[:2, 0], [(0, 1)], rng=0)
    assert err.value.path == "func"
