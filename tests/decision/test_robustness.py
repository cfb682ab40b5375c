"""Tests for ssestrategy.decision.robustness: hand-computed decision-theory examples,
equivalence with a plain reference implementation, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.decision import (
    hurwicz,
    laplace,
    maximin,
    mean_minus_std,
    minimax_regret,
    percentile,
    percentile_regret,
    rank_acceptability,
    regret,
    satisficing,
)
from ssestrategy.errors import ModelError

# A textbook payoff table (strategies x states of nature), the classic illustration in which
# each decision criterion picks a different act: maximin -> a1, maximax -> a0,
# Laplace -> a0 (a0 and a2 tie on the mean), minimax regret -> a2.
PAYOFF = np.array(
    [
        [20.0, 1.0, 12.0],
        [8.0, 7.0, 6.0],
        [18.0, 5.0, 10.0],
    ]
)


def test_classic_criteria_on_a_payoff_table() -> None:
    """Hand-computed: minima 1, 6, 5; maxima 20, 8, 18; means 11, 7, 11; regrets
    [[0, 6, 0], [12, 0, 6], [2, 2, 2]] -> max regret 6, 12, 2."""
    np.testing.assert_array_equal(maximin(PAYOFF).scores, [1, 6, 5])
    np.testing.assert_array_equal(maximin(PAYOFF).ranks, [3, 1, 2])
    np.testing.assert_array_equal(hurwicz(PAYOFF, alpha=1.0).scores, [20, 8, 18])
    np.testing.assert_array_equal(hurwicz(PAYOFF, alpha=0.0).scores, [1, 6, 5])
    np.testing.assert_allclose(hurwicz(PAYOFF, alpha=0.5).scores, [10.5, 7.0, 11.5])
    np.testing.assert_allclose(laplace(PAYOFF).scores, [11, 7, 11])
    np.testing.assert_array_equal(laplace(PAYOFF).ranks, [1, 3, 1])
    np.testing.assert_array_equal(regret(PAYOFF), [[0, 6, 0], [12, 0, 6], [2, 2, 2]])
    mr = minimax_regret(PAYOFF)
    np.testing.assert_array_equal(mr.scores, [6, 12, 2])
    np.testing.assert_array_equal(mr.ranks, [2, 3, 1])
    assert mr.higher_is_better is False
    np.testing.assert_array_equal(mr.regret, regret(PAYOFF))


def test_cost_outcomes_mirror_benefit_outcomes() -> None:
    """benefit=False on costs c equals benefit=True on -c, in original units."""
    c = -PAYOFF
    assert np.array_equal(maximin(c, benefit=False).scores, -maximin(PAYOFF).scores)
    assert np.array_equal(maximin(c, benefit=False).ranks, maximin(PAYOFF).ranks)
    assert np.array_equal(regret(c, benefit=False), regret(PAYOFF))
    assert np.array_equal(hurwicz(c, 0.3, benefit=False).ranks, hurwicz(PAYOFF, 0.3).ranks)
    np.testing.assert_allclose(
        mean_minus_std(c, 1.5, benefit=False).scores, -mean_minus_std(PAYOFF, 1.5).scores
    )
    assert np.array_equal(percentile(c, 90, benefit=False).ranks, percentile(PAYOFF, 10).ranks)


def test_percentiles_and_mean_minus_std_against_numpy() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 50))
    np.testing.assert_allclose(percentile(x, 10).scores, np.percentile(x, 10, axis=1))
    r = x.max(axis=0) - x
    res = percentile_regret(x, 90)
    np.testing.assert_allclose(res.scores, np.percentile(r, 90, axis=1))
    assert res.parameters["percentile_method"] == "linear"
    np.testing.assert_allclose(
        mean_minus_std(x, 2.0, ddof=1).scores, x.mean(axis=1) - 2.0 * x.std(axis=1, ddof=1)
    )


def test_satisficing_forms() -> None:
    """Starr's domain criterion: boolean mask, one threshold, several indicators."""
    mask = np.array([[True, False, True, True], [False, False, True, False]])
    res = satisficing(mask)
    np.testing.assert_allclose(res.scores, [0.75, 0.25])
    np.testing.assert_array_equal(res.satisfied, mask)
    x = np.array([[3.0, 1.0, 4.0], [2.0, 2.0, 2.0]])
    np.testing.assert_allclose(satisficing(x, 2.0).scores, [2 / 3, 1.0])
    np.testing.assert_allclose(satisficing(x, 2.0, benefit=False).scores, [1 / 3, 1.0])
    # 2 strategies x 3 scenarios x 2 indicators: jobs >= 10 and cost <= 5
    y = np.array(
        [
            [[12, 4], [9, 3], [15, 6]],
            [[10, 5], [11, 5], [10, 1]],
        ],
        dtype=float,
    )
    res3 = satisficing(y, [10, 5], benefit=[True, False])
    np.testing.assert_allclose(res3.scores, [1 / 3, 1.0])
    np.testing.assert_array_equal(res3.ranks, [2, 1])
    assert res3.parameters["thresholds"] == (10.0, 5.0)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: satisficing(np.ones((2, 2), dtype=bool), 1.0), "thresholds"),
        (lambda: satisficing(np.ones((2, 2))), "thresholds"),
        (lambda: satisficing(np.ones((2, 2, 3)), [1.0, 2.0]), "thresholds"),
        (lambda: hurwicz(PAYOFF, alpha=2.0), "alpha"),
        (lambda: percentile(PAYOFF, 101), "q"),
        (lambda: mean_minus_std(PAYOFF, -1.0), "k"),
        (lambda: maximin([[1.0, np.inf]]), "x[0, 1]"),
        (lambda: maximin([1.0, 2.0]), "x"),
        (lambda: rank_acceptability(PAYOFF, ties="average"), "ties"),
    ],
)
def test_errors(call: object, path: str) -> None:
    with pytest.raises(ModelError) as err:
        call()  # type: ignore[operator]
    assert err.value.path == path


def test_rank_acceptability_by_hand_and_policies() -> None:
    """Scenario ranks of PAYOFF: (1, 3, 2), (3, 1, 2), (1, 3, 2) -> b = ..."""
    res = rank_acceptability(PAYOFF)
    np.testing.assert_allclose(res.acceptability, [[2 / 3, 0, 1 / 3], [1 / 3, 0, 2 / 3], [0, 1, 0]])
    np.testing.assert_allclose(res.scores, [2 / 3, 1 / 3, 0])
    # scenario 0: values 1, 1, 0; scenario 1: values 2, 3, 3
    tied = np.array([[1.0, 2.0], [1.0, 3.0], [0.0, 3.0]])
    np.testing.assert_allclose(
        rank_acceptability(tied).acceptability, [[0.5, 0, 0.5], [1, 0, 0], [0.5, 0, 0.5]]
    )
    np.testing.assert_allclose(
        rank_acceptability(tied, ties="dense").acceptability,
        [[0.5, 0.5, 0], [1, 0, 0], [0.5, 0.5, 0]],
    )
    np.testing.assert_allclose(
        rank_acceptability(tied, ties="ordinal").acceptability,
        [[0.5, 0, 0.5], [0.5, 0.5, 0], [0, 0.5, 0.5]],
    )


def _reference_rank_acceptability(x: np.ndarray) -> np.ndarray:
    """Plain loop reference (competition ranking per scenario)."""
    m, k = x.shape
    acc = np.zeros((m, m))
    for j in range(k):
        for i in range(m):
            rank = 1 + sum(1 for other in range(m) if x[other, j] > x[i, j])
            acc[i, rank - 1] += 1
    return acc / k


outcomes = st.integers(2, 5).flatmap(
    lambda m: st.integers(1, 12).flatmap(
        lambda k: arrays(np.float64, (m, k), elements=st.integers(-5, 5).map(float))
    )
)


@settings(max_examples=60, deadline=None)
@given(outcomes, st.booleans())
def test_regret_properties(x: np.ndarray, benefit: bool) -> None:
    """Regret >= 0 and the best strategy of each scenario has zero regret there."""
    r = regret(x, benefit)
    assert np.all(r >= 0)
    best = x.argmax(axis=0) if benefit else x.argmin(axis=0)
    np.testing.assert_array_equal(r[best, np.arange(x.shape[1])], 0.0)
    assert np.all(r.min(axis=0) == 0)


@settings(max_examples=60, deadline=None)
@given(outcomes)
def test_rank_acceptability_matches_reference(x: np.ndarray) -> None:
    res = rank_acceptability(x)
    np.testing.assert_allclose(res.acceptability, _reference_rank_acceptability(x))
    np.testing.assert_allclose(res.acceptability.sum(axis=1), 1.0)


@settings(max_examples=40, deadline=None)
@given(outcomes, st.data())
def test_metrics_are_permutation_equivariant(x: np.ndarray, data: st.DataObject) -> None:
    perm = np.array(data.draw(st.permutations(range(x.shape[0]))))
    for metric in (maximin, laplace, minimax_regret, percentile_regret, percentile):
        np.testing.assert_allclose(metric(x[perm]).scores, metric(x).scores[perm])
        np.testing.assert_array_equal(metric(x[perm]).ranks, metric(x).ranks[perm])
