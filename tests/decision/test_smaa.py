"""Tests for ssestrategy.decision.smaa (SMAA-2, Lahdelma & Salminen 2001): analytic cases,
ensemble sampling, weight bounds, reproducibility and memory/speed bounds."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.decision import smaa
from ssestrategy.errors import ModelError

SWAP = np.array([[1.0, 0.0], [0.0, 1.0]])
DOMINANCE = np.array([[1.0, 1.0], [0.0, 0.0], [0.5, 0.2]])


def test_two_alternatives_two_criteria_analytic() -> None:
    """Uniform weights on the 2-simplex: w1 ~ U(0, 1). Alternative 0 wins iff w1 > 1/2, so
    b = 1/2 everywhere, central weights E[w | w1 > 1/2] = (3/4, 1/4), confidence 1,
    pairwise winning 1/2 (Lahdelma & Salminen 2001 definitions)."""
    res = smaa(SWAP, [True, True], n_samples=40_000, rng=11)
    np.testing.assert_allclose(res.rank_acceptability, 0.5, atol=0.015)
    np.testing.assert_allclose(res.central_weights, [[0.75, 0.25], [0.25, 0.75]], atol=0.01)
    np.testing.assert_array_equal(res.confidence, [1.0, 1.0])
    np.testing.assert_allclose(res.pairwise_winning, [[0, 0.5], [0.5, 0]], atol=0.015)
    np.testing.assert_allclose(res.pairwise_winning + res.pairwise_winning.T, 1 - np.eye(2))
    np.testing.assert_allclose(res.holistic, res.rank_acceptability[:, 0])


def test_dominance_is_exact_and_meta_weights() -> None:
    """A dominating alternative is first in every sample, a dominated one last; holistic
    acceptability with the three documented meta-weight schemes."""
    res = smaa(DOMINANCE, [True, True], n_samples=5000, rng=2)
    np.testing.assert_array_equal(res.rank_acceptability, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    np.testing.assert_allclose(res.central_weights[0], [0.5, 0.5], atol=0.01)
    assert (res.central_weights[1:] == 0).all()
    assert res.has_central_weights.tolist() == [True, False, False]
    np.testing.assert_array_equal(res.confidence[0], 1.0)
    assert (res.confidence[1:] == 0).all()
    np.testing.assert_allclose(res.holistic, [1.0, 0.0, 0.5])
    np.testing.assert_array_equal(res.ranks, [1, 3, 2])
    inv = smaa(DOMINANCE, [True, True], n_samples=100, rng=2, meta_weights="inverse")
    np.testing.assert_allclose(inv.holistic, [1.0, 1 / 3, 1 / 2])
    cen = smaa(DOMINANCE, [True, True], n_samples=100, rng=2, meta_weights="centroid")
    np.testing.assert_allclose(cen.holistic, [1.0, 2 / 11, 5 / 11])
    np.testing.assert_allclose(cen.meta_weight_values, [1.0, 5 / 11, 2 / 11])


def test_cost_criterion_reverses() -> None:
    res = smaa(DOMINANCE, [False, False], n_samples=2000, rng=3)
    np.testing.assert_array_equal(res.rank_acceptability[1], [1, 0, 0])


def test_topsis_value_model() -> None:
    res = smaa(DOMINANCE, [True, True], n_samples=2000, rng=4, method="topsis")
    np.testing.assert_array_equal(res.rank_acceptability[0], [1, 0, 0])
    np.testing.assert_array_equal(res.rank_acceptability[1], [0, 0, 1])
    assert res.method == "topsis"


def test_ensemble_sampling_and_exact_confidence() -> None:
    """3-D input: in 3 of 4 scenarios alternative 0 dominates, in 1 alternative 1 does.
    Scenario rows are sampled uniformly, so b[0, 0] ~ 3/4; the confidence factor of
    alternative 0 is exactly 3/4 (counted over the ensemble rows)."""
    good = np.array([[2.0, 2.0], [1.0, 1.0]])
    bad = good[::-1]
    ens = np.stack([good, good, good, bad])
    res = smaa(ens, [True, True], n_samples=20_000, rng=5)
    assert res.n_scenarios == 4
    assert res.bounds_source == "pooled"
    np.testing.assert_allclose(res.bounds, [[1.0, 2.0], [1.0, 2.0]])
    np.testing.assert_allclose(res.rank_acceptability, [[0.75, 0.25], [0.25, 0.75]], atol=0.015)
    np.testing.assert_array_equal(res.confidence, [0.75, 0.25])


def test_declared_bounds_and_per_scenario_normalisation() -> None:
    ens = np.stack([DOMINANCE, DOMINANCE * 2])
    declared = smaa(ens, [True, True], n_samples=500, rng=6, bounds=[[0, 2], [0, 2]])
    assert declared.bounds_source == "declared"
    per = smaa(ens, [True, True], n_samples=500, rng=6, normalization="vector")
    assert per.bounds_source == "per-scenario"
    assert per.bounds is None
    np.testing.assert_array_equal(per.rank_acceptability[0], [1, 0, 0])


def test_weight_bounds_rejection_sampling() -> None:
    """w1 in [0.2, 0.4] (w2 = 1 - w1 then lies in [0.6, 0.8]): alternative 1 always wins;
    the acceptance rate is the length of the feasible interval, 0.2 (w1 ~ U(0, 1))."""
    res = smaa(SWAP, [True, True], n_samples=5000, rng=7, weight_bounds=[[0.2, 0.4], [0.0, 1.0]])
    np.testing.assert_array_equal(res.rank_acceptability, [[0, 1], [1, 0]])
    assert res.acceptance_rate == pytest.approx(0.2, abs=0.02)
    np.testing.assert_allclose(res.central_weights[1], [0.3, 0.7], atol=0.01)
    assert res.weight_sampling.endswith("rejection")


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"weight_bounds": [[0.6, 1.0], [0.6, 1.0]]}, "weight_bounds"),
        ({"weight_bounds": [[0.0, 0.3], [0.0, 0.3]]}, "weight_bounds"),
        ({"weight_bounds": [[0.5, 0.4], [0.0, 1.0]]}, "weight_bounds[0]"),
        ({"weight_bounds": [[0.0, 1.0]]}, "weight_bounds"),
        ({"n_samples": 0}, "n_samples"),
        ({"method": "vikor"}, "method"),
        ({"meta_weights": "quadratic"}, "meta_weights"),
        ({"bounds": [[0.0, 0.5], [0.0, 1.0]]}, "matrix[0, 0]"),
    ],
)
def test_errors(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ModelError) as err:
        smaa(SWAP, [True, True], rng=1, **kwargs)  # type: ignore[arg-type]
    assert err.value.path == path


def test_tiny_feasible_weight_set_is_reported() -> None:
    """Six criteria, every weight in [0.16, 0.17]: feasible but a vanishing share of the
    simplex, so rejection sampling cannot fill it."""
    with pytest.raises(ModelError, match="tiny feasible set") as err:
        smaa(np.eye(6), [True] * 6, n_samples=100, rng=1, weight_bounds=[[0.16, 0.17]] * 6)
    assert err.value.path == "weight_bounds"


def test_seed_types_and_reproducibility() -> None:
    a = smaa(DOMINANCE[[2, 0, 1]], [True, False], n_samples=3000, rng=42)
    b = smaa(DOMINANCE[[2, 0, 1]], [True, False], n_samples=3000, rng=42)
    c = smaa(DOMINANCE[[2, 0, 1]], [True, False], n_samples=3000, rng=np.random.SeedSequence(42))
    d = smaa(DOMINANCE[[2, 0, 1]], [True, False], n_samples=3000, rng=np.random.default_rng(42))
    for other in (b, c, d):
        np.testing.assert_array_equal(a.rank_acceptability, other.rank_acceptability)
        np.testing.assert_array_equal(a.central_weights, other.central_weights)


ensembles = st.tuples(st.integers(1, 4), st.integers(2, 5), st.integers(1, 4)).flatmap(
    lambda s: arrays(np.float64, s, elements=st.floats(0.0, 10.0))
)


@settings(max_examples=25, deadline=None)
@given(ensembles, st.integers(0, 2**32 - 1), st.integers(1, 600))
def test_rows_sum_to_one_reproducible_and_chunk_independent(
    ens: np.ndarray, seed: int, chunk: int
) -> None:
    b = [True] * ens.shape[2]
    res = smaa(ens, b, n_samples=1500, rng=seed)
    np.testing.assert_allclose(res.rank_acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(
        res.rank_acceptability.sum(axis=0), res.rank_acceptability.sum(axis=0)
    )
    again = smaa(ens, b, n_samples=1500, rng=seed, chunk_size=chunk)
    np.testing.assert_array_equal(res.rank_acceptability, again.rank_acceptability)
    np.testing.assert_allclose(res.central_weights, again.central_weights)
    np.testing.assert_array_equal(res.confidence, again.confidence)
    assert np.all((res.pairwise_winning >= 0) & (res.pairwise_winning <= 1))
    assert np.all(res.pairwise_winning + res.pairwise_winning.T <= 1 + 1e-12)
    defined = res.has_central_weights
    np.testing.assert_allclose(res.central_weights[defined].sum(axis=1), 1.0)


def test_large_run_is_fast_and_bounded() -> None:
    """100,000 samples x 5 alternatives x 6 criteria, 2-D and a 500-scenario ensemble."""
    rng = np.random.default_rng(0)
    x = rng.random((5, 6))
    ens = rng.random((500, 5, 6))
    start = time.perf_counter()
    r2 = smaa(x, [True] * 6, n_samples=100_000, rng=1)
    r3 = smaa(ens, [True] * 6, n_samples=100_000, rng=1)
    elapsed = time.perf_counter() - start
    assert elapsed < 10.0
    for r in (r2, r3):
        np.testing.assert_allclose(r.rank_acceptability.sum(axis=1), 1.0)
        assert r.n_samples == 100_000
