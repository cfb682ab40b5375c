"""Tests for ssestrategy.decision.mcda: published worked examples, analytic cases, pymcdm
cross-checks and the property tests required by METHODS.md."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.decision import (
    normalize,
    promethee_ii,
    rank_scores,
    topsis,
    vikor,
    weighted_sum,
)
from ssestrategy.errors import ModelError

# --------------------------------------------------------------------------------------------
# fixtures: published examples
# --------------------------------------------------------------------------------------------

# Opricovic & Tzeng (2004), EJOR 156(2):445-455, Tables 1-2: three climbing routes,
# f1 = risk (1-5, cost), f2 = altitude (m, benefit), equal weights. Problem "phi" is the same
# problem in other units (risk shifted by 5, altitude in km above the foothill).
OT_F = np.array([[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]])
OT_PHI = np.array([[6.0, 2.0], [7.0, 2.75], [10.0, 3.5]])
OT_W = [0.5, 0.5]
OT_B = [False, True]

# Hwang & Yoon (1981), fighter-aircraft example: max speed (Mach), ferry range (NM), max
# payload (lb), acquisition cost ($M, cost), reliability, maneuverability; weights
# (0.2, 0.1, 0.1, 0.1, 0.2, 0.3).
HY_X = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
HY_W = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
HY_B = [True, True, True, False, True, True]

# Brans, Vincke & Mareschal (1986), EJOR 24(2):228-238: location of a hydroelectric power
# station, six projects x six criteria, one preference-function type per criterion.
BVM_X = np.array(
    [
        [80, 90, 600, 54, 8, 5],
        [65, 58, 200, 97, 1, 1],
        [83, 60, 400, 72, 4, 7],
        [40, 80, 1000, 75, 7, 10],
        [52, 72, 600, 20, 3, 8],
        [94, 96, 700, 36, 5, 6],
    ],
    dtype=float,
)
BVM_B = [False, True, False, False, False, True]
BVM_KW = {
    "preference": ["II", "III", "V", "IV", "I", "VI"],
    "q": [10, None, 50, 10, None, None],
    "p": [None, 30, 500, 60, None, None],
    "s": [None, None, None, None, None, 5],
}


# --------------------------------------------------------------------------------------------
# helpers: normalize and rank_scores
# --------------------------------------------------------------------------------------------


def test_normalize_methods_by_hand() -> None:
    """Each normalisation, benefit and cost, against values worked out by hand."""
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    both = [True, False]
    np.testing.assert_allclose(normalize(x, both, "minmax"), [[0, 1], [1, 0]])
    np.testing.assert_allclose(normalize(x, both, "max"), [[1 / 3, 1 - 2 / 4], [1, 0]])
    np.testing.assert_allclose(
        normalize(x, both, "sum"), [[0.25, (1 / 2) / (1 / 2 + 1 / 4)], [0.75, (1 / 4) / 0.75]]
    )
    n1, n2 = np.sqrt(10.0), np.sqrt(20.0)
    np.testing.assert_allclose(
        normalize(x, both, "vector"), [[1 / n1, 1 - 2 / n2], [3 / n1, 1 - 4 / n2]]
    )


def test_normalize_constant_and_zero_columns() -> None:
    x = np.array([[2.0, 0.0], [2.0, 0.0]])
    np.testing.assert_array_equal(normalize(x, [True, True], "minmax"), np.ones((2, 2)))
    np.testing.assert_array_equal(normalize(x, [True, False], "vector")[:, 1], [1.0, 1.0])
    np.testing.assert_array_equal(normalize(x, [True, True], "vector")[:, 1], [0.0, 0.0])


def test_normalize_bounds_make_values_independent_of_other_alternatives() -> None:
    """With declared bounds a row's normalised values do not depend on the other rows."""
    bounds = [[0.0, 10.0], [0.0, 100.0]]
    a = normalize([[5.0, 50.0], [1.0, 10.0]], [True, False], "minmax", bounds)
    b = normalize([[5.0, 50.0], [9.0, 90.0], [2.0, 3.0]], [True, False], "minmax", bounds)
    np.testing.assert_allclose(a[0], [0.5, 0.5])
    np.testing.assert_allclose(a[0], b[0])


def test_normalize_three_d_is_per_scenario() -> None:
    x = np.array([[[1.0], [3.0]], [[10.0], [30.0]]])
    np.testing.assert_allclose(normalize(x, [True], "minmax"), [[[0.0], [1.0]], [[0.0], [1.0]]])


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"matrix": [[1.0, np.nan]], "benefit": [True, True]}, "matrix[0, 1]"),
        ({"matrix": [[1.0, 2.0]], "benefit": [True]}, "benefit"),
        (
            {"matrix": [[1.0, 2.0]], "benefit": [True, True], "normalization": "zscore"},
            "normalization",
        ),
        ({"matrix": [[1.0, 0.0]], "benefit": [True, True], "normalization": "sum"}, "matrix[0, 1]"),
        (
            {"matrix": [[-1.0, 1.0]], "benefit": [True, True], "normalization": "max"},
            "matrix[0, 0]",
        ),
        (
            {"matrix": [[1.0]], "benefit": [True], "normalization": "vector", "bounds": [[0, 2]]},
            "bounds",
        ),
        (
            {"matrix": [[5.0]], "benefit": [True], "normalization": "minmax", "bounds": [[0, 2]]},
            "matrix[0, 0]",
        ),
        (
            {"matrix": [[1.0]], "benefit": [True], "normalization": "minmax", "bounds": [[2, 2]]},
            "bounds[0]",
        ),
    ],
)
def test_normalize_errors(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ModelError) as err:
        normalize(**kwargs)  # type: ignore[arg-type]
    assert err.value.path == path


def test_rank_scores_policies() -> None:
    s = [0.2, 0.9, 0.5, 0.9]
    np.testing.assert_array_equal(rank_scores(s), [4, 1, 3, 1])
    np.testing.assert_array_equal(rank_scores(s, ties="dense"), [3, 1, 2, 1])
    np.testing.assert_array_equal(rank_scores(s, ties="ordinal"), [4, 1, 3, 2])
    np.testing.assert_array_equal(rank_scores(s, ties="average"), [4, 1.5, 3, 1.5])
    np.testing.assert_array_equal(rank_scores(s, higher_is_better=False), [1, 3, 2, 3])
    assert rank_scores(s).dtype == np.int64


def test_rank_scores_treats_rounding_noise_as_a_tie() -> None:
    np.testing.assert_array_equal(rank_scores([1.0, 1.0 - 1e-16, 0.5]), [1, 1, 3])
    np.testing.assert_array_equal(rank_scores([1.0, 1.0 - 1e-16, 0.5], tol=0.0), [1, 2, 3])


def test_rank_scores_rejects_bad_policy() -> None:
    with pytest.raises(ModelError, match="ties"):
        rank_scores([1.0], ties="max")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# weighted sum
# --------------------------------------------------------------------------------------------


def test_weighted_sum_by_hand() -> None:
    res = weighted_sum([[1, 10], [3, 30], [2, 20]], [3, 1], [True, False])
    # min-max: criterion 1 -> 0, 1, .5; criterion 2 (cost) -> 1, 0, .5; weights .75/.25
    np.testing.assert_allclose(res.scores, [0.25, 0.75, 0.5])
    np.testing.assert_array_equal(res.ranks, [3, 1, 2])
    np.testing.assert_allclose(res.weights, [0.75, 0.25])
    assert res.normalization == "minmax"
    assert res.tie_policy == "min"
    assert res.bounds is None


def test_weighted_sum_records_bounds() -> None:
    res = weighted_sum([[1.0], [2.0]], [1.0], [True], bounds=[[0.0, 4.0]])
    np.testing.assert_allclose(res.scores, [0.25, 0.5])
    np.testing.assert_array_equal(res.bounds, [[0.0, 4.0]])


def test_weights_validation() -> None:
    with pytest.raises(ModelError) as err:
        weighted_sum([[1, 2]], [1, -1], [True, True])
    assert err.value.path == "weights[1]"
    with pytest.raises(ModelError, match="zero"):
        topsis([[1, 2]], [0, 0], [True, True])


# --------------------------------------------------------------------------------------------
# TOPSIS
# --------------------------------------------------------------------------------------------


def test_topsis_opricovic_tzeng_2004_problem_f() -> None:
    """Opricovic & Tzeng (2004), EJOR 156:445, Table 3 (TOPSIS, problem f; vector
    normalisation): D* = .114, .108, .365; D- = .365, .280, .114; C* = .762, .722, .238."""
    res = topsis(OT_F, OT_W, OT_B)
    np.testing.assert_allclose(res.d_best, [0.114, 0.108, 0.365], atol=5e-4)
    np.testing.assert_allclose(res.d_worst, [0.365, 0.280, 0.114], atol=5e-4)
    np.testing.assert_allclose(res.scores, [0.762, 0.722, 0.238], atol=5e-4)
    np.testing.assert_array_equal(res.ranks, [1, 2, 3])
    assert res.normalization == "vector"
    assert res.reference == "observed"


def test_topsis_opricovic_tzeng_2004_problem_phi_rank_reversal() -> None:
    """Opricovic & Tzeng (2004), Table 3 (TOPSIS, problem phi): the same routes in other
    units give C* = .489, .612, .511, a different ranking (vector normalisation is not
    invariant to a shift of a criterion)."""
    res = topsis(OT_PHI, OT_W, OT_B)
    np.testing.assert_allclose(res.d_best, [0.154, 0.085, 0.147], atol=5e-4)
    np.testing.assert_allclose(res.d_worst, [0.147, 0.134, 0.154], atol=5e-4)
    np.testing.assert_allclose(res.scores, [0.489, 0.612, 0.511], atol=5e-4)
    np.testing.assert_array_equal(res.ranks, [3, 1, 2])
    # min-max normalisation is shift invariant: both problems then rank alike
    np.testing.assert_allclose(
        topsis(OT_F, OT_W, OT_B, normalization="minmax").scores,
        topsis(OT_PHI, OT_W, OT_B, normalization="minmax").scores,
    )


def test_topsis_hwang_yoon_1981_fighter_aircraft() -> None:
    """Hwang & Yoon (1981), TOPSIS fighter-aircraft example: relative closeness
    C* = 0.643, 0.268, 0.613, 0.312 (ranking A1 > A3 > A4 > A2).

    UNVERIFIED against the page: the values are as recalled from the book (a widely reproduced
    example); the page could not be retrieved, and whether the third decimal is rounded or
    truncated (0.6135 -> 0.613/0.614) is unknown, hence the 1e-3 tolerance.
    """
    res = topsis(HY_X, HY_W, HY_B)
    np.testing.assert_allclose(res.scores, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    np.testing.assert_array_equal(res.ranks, [1, 4, 2, 3])


def test_topsis_with_bounds_ignores_other_alternatives() -> None:
    bounds = [[0.0, 10.0], [0.0, 10.0]]
    a = topsis(
        [[4.0, 6.0], [1.0, 1.0]], [1, 1], [True, False], normalization="minmax", bounds=bounds
    )
    b = topsis(
        [[4.0, 6.0], [9.0, 0.0], [5.0, 5.0]],
        [1, 1],
        [True, False],
        normalization="minmax",
        bounds=bounds,
    )
    assert a.reference == "bounds"
    np.testing.assert_allclose(a.ideal, [0.5, 0.5])
    np.testing.assert_allclose(a.anti_ideal, [0.0, 0.0])
    assert a.scores[0] == pytest.approx(b.scores[0])
    # (0.4, 0.4) in the unit square, equidistant from corners -> closeness 0.4
    assert a.scores[0] == pytest.approx(0.4)


def test_topsis_all_identical_alternatives() -> None:
    res = topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1], [True, True])
    np.testing.assert_array_equal(res.scores, [0.5, 0.5])
    np.testing.assert_array_equal(res.ranks, [1, 1])


# --------------------------------------------------------------------------------------------
# VIKOR
# --------------------------------------------------------------------------------------------


def test_vikor_opricovic_tzeng_2004() -> None:
    """Opricovic & Tzeng (2004), EJOR 156:445, Table 3 (VIKOR): S = .5, .375, .5;
    R = .5, .25, .5; Q = 1, 0, 1; compromise A2 (C1 and C2 hold); identical for problem phi."""
    for x in (OT_F, OT_PHI):
        res = vikor(x, OT_W, OT_B)
        np.testing.assert_allclose(res.S, [0.5, 0.375, 0.5], atol=5e-4)
        np.testing.assert_allclose(res.R, [0.5, 0.25, 0.5], atol=5e-4)
        np.testing.assert_allclose(res.Q, [1.0, 0.0, 1.0], atol=5e-4)
        assert res.compromise == (1,)
        assert res.acceptable_advantage
        assert res.acceptable_stability
        assert res.dq == pytest.approx(0.5)
        np.testing.assert_array_equal(res.ranks, [2, 1, 2])
        assert res.degenerate == ()


def test_vikor_compromise_set_when_advantage_fails() -> None:
    """C1 fails: the compromise set is every alternative with Q - Q(a') < DQ = 1/3.

    By hand: S = R-derived Q = 0, 0, 1, 1/12 for alternatives 0..3 -> set {0, 1, 3}."""
    x = [[6.0, 8.0], [8.0, 6.0], [1.0, 1.0], [6.0, 6.0]]
    res = vikor(x, [0.5, 0.5], [True, True])
    np.testing.assert_allclose(res.S, [1 / 7, 1 / 7, 1.0, 2 / 7])
    np.testing.assert_allclose(res.R, [1 / 7, 1 / 7, 0.5, 1 / 7])
    np.testing.assert_allclose(res.Q, [0.0, 0.0, 1.0, 1 / 12])
    assert not res.acceptable_advantage
    assert res.compromise == (0, 1, 3)


def test_vikor_compromise_pair_when_stability_fails() -> None:
    """C1 holds, C2 fails (a' = alternative 3 is best by neither S nor R): the compromise
    set is {a', a''} (Opricovic & Tzeng 2004, step 5)."""
    x = [[8, 2, 9], [2, 7, 9], [1, 1, 2], [7, 9, 2], [3, 2, 1], [3, 3, 4], [6, 9, 0], [6, 6, 1]]
    res = vikor(x, [1, 1, 1], [True, True, True])
    assert int(np.argmin(res.Q)) == 3
    assert int(np.argmin(res.S)) == 0
    assert int(np.argmin(res.R)) == 5
    assert res.dq == pytest.approx(1 / 7)
    assert res.Q[0] - res.Q[3] >= res.dq
    assert res.acceptable_advantage
    assert not res.acceptable_stability
    assert res.compromise == (3, 0)


def test_vikor_degenerate_cases_do_not_divide_by_zero() -> None:
    # constant second criterion; all alternatives identical on the first -> S* = S-, R* = R-
    res = vikor([[1.0, 5.0], [1.0, 5.0]], [0.5, 0.5], [True, False])
    np.testing.assert_array_equal(res.Q, [0.0, 0.0])
    assert res.degenerate == ("constant criterion 0", "constant criterion 1", "S* = S-", "R* = R-")
    assert res.compromise == (0, 1)
    # only R degenerate: Q driven by S alone
    res2 = vikor([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], [0.5, 0.5], [True, True])
    np.testing.assert_allclose(res2.R, [0.5, 0.5, 0.25])
    np.testing.assert_allclose(res2.S, [0.5, 0.5, 0.5])
    np.testing.assert_allclose(res2.Q, [0.5, 0.5, 0.0])
    assert "S* = S-" in res2.degenerate


def test_vikor_v_validation() -> None:
    with pytest.raises(ModelError) as err:
        vikor(OT_F, OT_W, OT_B, v=1.5)
    assert err.value.path == "v"
    with pytest.raises(ModelError):
        vikor([[1.0, 2.0]], OT_W, OT_B)


# --------------------------------------------------------------------------------------------
# PROMETHEE II
# --------------------------------------------------------------------------------------------


def test_promethee_brans_vincke_mareschal_1986() -> None:
    """Brans, Vincke & Mareschal (1986), EJOR 24:228, hydroelectric power station example
    (input as in Mareschal's 'Exercises with Visual PROMETHEE', 2019, Table 1). Published
    pi matrix (3 d.p.) and net flows as plain sums: -0.728, 0.085, -0.447, -0.102, 1.466,
    -0.274; ranking a5 > a2 > a4 > a6 > a3 > a1. The source rounds pi before summing, so the
    sums agree to about 0.002."""
    res = promethee_ii(BVM_X, [1] * 6, BVM_B, **BVM_KW)  # type: ignore[arg-type]
    published_pi = [
        [0, 0.296, 0.250, 0.268, 0.100, 0.185],
        [0.462, 0, 0.389, 0.333, 0.296, 0.500],
        [0.236, 0.180, 0, 0.333, 0.056, 0.429],
        [0.399, 0.505, 0.305, 0, 0.223, 0.212],
        [0.444, 0.515, 0.487, 0.380, 0, 0.448],
        [0.286, 0.399, 0.250, 0.432, 0.133, 0],
    ]
    np.testing.assert_allclose(res.pi, published_pi, atol=1.5e-3)
    np.testing.assert_allclose(
        res.phi * 5, [-0.728, 0.085, -0.447, -0.102, 1.466, -0.274], atol=3e-3
    )
    np.testing.assert_array_equal(res.ranks, [6, 2, 5, 3, 1, 4])
    assert res.preference == ("u-shape", "v-shape", "linear", "level", "usual", "gaussian")
    assert res.q == (10.0, None, 50.0, 10.0, None, None)
    assert res.cost_handling == "negated difference"


def test_promethee_bvm_weight_sensitivity() -> None:
    """Mareschal (2019) exercises on the same data: with w2 = 50 (others 10) France (a6)
    becomes best; with w5 = 55 (others 9) Belgium (a2) becomes best."""
    w_power = [10, 50, 10, 10, 10, 10]
    assert promethee_ii(BVM_X, w_power, BVM_B, **BVM_KW).ranks[5] == 1  # type: ignore[arg-type]
    w_village = [9, 9, 9, 9, 55, 9]
    assert promethee_ii(BVM_X, w_village, BVM_B, **BVM_KW).ranks[1] == 1  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "kw", "expected"),
    [
        ("usual", {}, [0, 0, 1, 1, 1]),
        ("u-shape", {"q": 1.0}, [0, 0, 0, 1, 1]),
        ("v-shape", {"p": 2.0}, [0, 0, 0.5, 1, 1]),
        ("level", {"q": 0.5, "p": 1.5}, [0, 0, 0.5, 1, 1]),
        ("linear", {"q": 0.5, "p": 2.5}, [0, 0, 0.25, 0.75, 1]),
        ("gaussian", {"s": 1.0}, [0, 0, 1 - np.exp(-0.5), 1 - np.exp(-2), 1 - np.exp(-4.5)]),
    ],
)
def test_preference_functions(kind: str, kw: dict[str, float], expected: list[float]) -> None:
    """P(d) for d = -1, 1, 2, 3: pi[a, 0] when alternative a exceeds alternative 0 by d."""
    x = np.array([[0.0], [-1.0], [1.0], [2.0], [3.0]])
    res = promethee_ii(x, [1.0], [True], preference=kind, **kw)  # type: ignore[arg-type]
    np.testing.assert_allclose(res.pi[1:, 0], [expected[0], *expected[2:]], atol=1e-12)


def test_promethee_cost_negates_difference() -> None:
    x = np.array([[1.0, 5.0], [3.0, 2.0]])
    as_cost = promethee_ii(x, [1, 1], [True, False])
    negated = promethee_ii(x * [1, -1], [1, 1], [True, True])
    np.testing.assert_allclose(as_cost.pi, negated.pi)


def test_promethee_two_alternatives_usual() -> None:
    res = promethee_ii([[1.0, 0.0], [0.0, 1.0]], [0.7, 0.3], [True, True])
    np.testing.assert_allclose(res.phi, [0.4, -0.4])
    np.testing.assert_allclose(res.phi_plus, [0.7, 0.3])


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"preference": "sigmoid"}, "preference[0]"),
        ({"preference": ["usual"]}, "preference"),
        ({"preference": "u-shape"}, "q[0]"),
        ({"preference": "linear", "q": 2.0, "p": 1.0}, "q[0]"),
        ({"preference": "gaussian", "s": 0.0}, "s[0]"),
        ({"preference": "v-shape", "p": [1.0]}, "p"),
    ],
)
def test_promethee_parameter_errors(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ModelError) as err:
        promethee_ii([[1.0, 2.0], [2.0, 1.0]], [1, 1], [True, True], **kwargs)  # type: ignore[arg-type]
    assert err.value.path == path


# --------------------------------------------------------------------------------------------
# pymcdm cross-checks (test-only dependency)
# --------------------------------------------------------------------------------------------


def test_cross_check_pymcdm_topsis_vikor_promethee() -> None:
    """Same numbers as pymcdm 1.x where conventions coincide. Known differences: pymcdm's
    TOPSIS defaults to min-max (ours to vector, as Hwang & Yoon); pymcdm's VIKOR raises on a
    constant criterion (ours sets its term to 0); pymcdm's PROMETHEE stores per-criterion
    thresholds in a generator, so a second call of the same object returns zero flows; pymcdm
    has no Gaussian preference function."""
    pymcdm = pytest.importorskip("pymcdm")
    from pymcdm import normalizations as pn
    from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR

    rng = np.random.default_rng(3)
    x = rng.uniform(1, 10, size=(6, 4))
    w = np.array([0.1, 0.2, 0.3, 0.4])
    b = np.array([True, False, True, False])
    types = np.where(b, 1, -1)
    ours_v = topsis(x, w, b, normalization="vector").scores
    np.testing.assert_allclose(ours_v, TOPSIS(pn.vector_normalization)(x, w, types), atol=1e-12)
    ours_m = topsis(x, w, b, normalization="minmax").scores
    np.testing.assert_allclose(ours_m, TOPSIS()(x, w, types), atol=1e-12)
    np.testing.assert_allclose(vikor(x, w, b).Q, VIKOR()(x, w, types), atol=1e-12)
    p = np.array([2.0, 3.0, 2.5, 4.0])
    q = np.array([0.5, 0.2, 1.0, 0.1])
    for ours_name, theirs_name, kw in [
        ("usual", "usual", {}),
        ("u-shape", "ushape", {"q": q}),
        ("v-shape", "vshape", {"p": p}),
        ("level", "level", {"q": q, "p": p}),
        ("linear", "vshape_2", {"q": q, "p": p}),
    ]:
        ours = promethee_ii(x, w, b, preference=ours_name, **kw).phi  # type: ignore[arg-type]
        theirs = PROMETHEE_II(theirs_name, **kw)(x, w, types)
        np.testing.assert_allclose(ours, theirs, atol=1e-12, err_msg=ours_name)
    assert pymcdm is not None


# --------------------------------------------------------------------------------------------
# property tests (METHODS.md)
# --------------------------------------------------------------------------------------------


@st.composite
def problems(
    draw: st.DrawFn, min_alternatives: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(min_alternatives, 6))
    n = draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (m, n), elements=st.floats(0.5, 100.0)))
    w = draw(arrays(np.float64, (n,), elements=st.floats(0.0, 1.0)))
    assume(w.sum() > 0.05)
    b = draw(arrays(np.bool_, (n,)))
    return x, w, b


METHOD_CASES = [
    ("weighted_sum", "minmax"),
    ("weighted_sum", "vector"),
    ("weighted_sum", "sum"),
    ("weighted_sum", "max"),
    ("topsis", "vector"),
    ("topsis", "minmax"),
    ("topsis", "sum"),
    ("topsis", "max"),
    ("vikor", None),
    ("promethee", None),
]


def _scores(
    method: str, norm: str | None, x: np.ndarray, w: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, bool]:
    """(scores, higher_is_better) of one method."""
    if method == "weighted_sum":
        return weighted_sum(x, w, b, normalization=norm).scores, True  # type: ignore[arg-type]
    if method == "topsis":
        return topsis(x, w, b, normalization=norm).scores, True  # type: ignore[arg-type]
    if method == "vikor":
        return vikor(x, w, b).Q, False
    return promethee_ii(x, w, b, preference="linear", q=1.0, p=20.0).phi, True


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(["vector", "minmax", "sum", "max"]))
def test_topsis_closeness_in_unit_interval(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], norm: str
) -> None:
    x, w, b = problem
    c = topsis(x, w, b, normalization=norm).scores  # type: ignore[arg-type]
    assert np.all((c >= 0) & (c <= 1))


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(["usual", "u-shape", "v-shape", "level", "linear", "gaussian"]))
def test_promethee_net_flows_bounded_and_balanced(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], kind: str
) -> None:
    x, w, b = problem
    res = promethee_ii(x, w, b, preference=kind, q=2.0, p=30.0, s=10.0)
    assert np.all(np.abs(res.phi) <= 1 + 1e-12)
    assert abs(res.phi.sum()) < 1e-12
    assert np.all((res.pi >= 0) & (res.pi <= 1 + 1e-12))


@settings(max_examples=40, deadline=None)
@given(problems(min_alternatives=3), st.data())
def test_permutation_equivariance(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    x, w, b = problem
    perm = np.array(data.draw(st.permutations(range(x.shape[0]))))
    for method, norm in METHOD_CASES:
        s, hib = _scores(method, norm, x, w, b)
        sp, _ = _scores(method, norm, x[perm], w, b)
        np.testing.assert_allclose(sp, s[perm], rtol=1e-9, atol=1e-12, err_msg=method)
        gaps = np.abs(s[:, None] - s[None, :])
        if np.all((gaps < 1e-14) | (gaps > 1e-9)):
            r = rank_scores(s, higher_is_better=hib)
            rp = rank_scores(sp, higher_is_better=hib)
            np.testing.assert_array_equal(rp, r[perm])


@settings(max_examples=40, deadline=None)
@given(problems(), st.data())
def test_invariance_under_positive_scaling(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    x, w, b = problem
    j = data.draw(st.integers(0, x.shape[1] - 1))
    factor = data.draw(st.floats(0.01, 1000.0))
    y = x.copy()
    y[:, j] *= factor
    for method, norm in METHOD_CASES:
        if method == "promethee" or norm in ("sum", "max"):
            continue
        s, _ = _scores(method, norm, x, w, b)
        sy, _ = _scores(method, norm, y, w, b)
        np.testing.assert_allclose(sy, s, rtol=1e-8, atol=1e-10, err_msg=f"{method}/{norm}")
    # PROMETHEE: rescale the thresholds with the criterion
    res = promethee_ii(x, w, b, preference="v-shape", p=10.0)
    p_scaled = [10.0 * (factor if k == j else 1.0) for k in range(x.shape[1])]
    res_y = promethee_ii(y, w, b, preference="v-shape", p=p_scaled)
    np.testing.assert_allclose(res_y.phi, res.phi, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(problems(), st.data())
def test_dominating_alternative_never_ranks_below(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    x, w, b = problem
    delta = data.draw(arrays(np.float64, (x.shape[1],), elements=st.floats(0.0, 10.0)))
    better = x[0] + np.where(b, delta, -np.minimum(delta, x[0] - 0.1))
    z = np.vstack([x, better])  # last row dominates row 0
    for method, norm in METHOD_CASES:
        s, hib = _scores(method, norm, z, w, b)
        r = rank_scores(s, higher_is_better=hib)
        assert r[-1] <= r[0], (method, norm, s)


@settings(max_examples=20, deadline=None)
@given(problems())
def test_repeat_calls_are_identical_and_do_not_mutate(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    x, w, b = problem
    x0, w0, b0 = x.copy(), w.copy(), b.copy()
    calls = [
        lambda: weighted_sum(x, w, b),
        lambda: topsis(x, w, b),
        lambda: vikor(x, w, b),
        lambda: promethee_ii(
            x, w, b, preference="linear", q=[1.0] * x.shape[1], p=[9.0] * x.shape[1]
        ),
    ]
    for call in calls:
        first, second = call(), call()
        for field in attrs.fields(type(first)):
            a, c = getattr(first, field.name), getattr(second, field.name)
            if isinstance(a, np.ndarray):
                np.testing.assert_array_equal(a, c)
            else:
                assert a == c
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(w, w0)
    np.testing.assert_array_equal(b, b0)
