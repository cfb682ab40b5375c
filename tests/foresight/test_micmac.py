"""Tests of ssestrategy.foresight.micmac (MICMAC structural analysis)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.errors import ModelError
from ssestrategy.foresight import MicmacResult, micmac

# A hand-checked example (see test_hand_example).
HAND = np.array(
    [
        [0, 1, 1, 1],
        [1, 0, 0, 0],
        [2, 0, 0, 0],
        [3, 0, 3, 0],
    ],
    dtype=float,
)


def test_hand_example() -> None:
    """Constructed example, verified by hand (no published MICMAC example with a printed
    direct matrix *and* indirect results could be retrieved and checked; see docs/foresight.md).

    Direct (k = 1): influence I1 = row sums = (3, 1, 2, 6), dependence D1 = column sums
    = (6, 1, 4, 1); both means are 12/4 = 3. High = strictly above 3:
    V1 (I 3 low, D 6 high) dependent; V2 (1, 1) autonomous; V3 (2, 4) dependent;
    V4 (6, 1) influent.

    k = 2: row sums of M^2 are M @ I1 = (1+2+6, 3, 2*3, 3*3+3*2) = (9, 3, 6, 15); column sums
    are D1 @ M = (1+2*4+3*1, 6, 6+3*1, 6) = (12, 6, 9, 6). Totals 33, means 8.25.
    Influence ranks at k = 1: (2, 4, 3, 1), at k = 2: (2, 4, 3, 1); dependence ranks at
    k = 1: (1, 3, 2, 3), at k = 2: (1, 3, 2, 3) -> stable at k = 2.
    Indirect plane: V1 (9 > 8.25, 12 > 8.25) relay; V2 (3, 6) autonomous; V3 (6, 9)
    dependent; V4 (15, 6) influent. V1 changes class (dependent -> relay).
    """
    res = micmac(HAND)
    assert isinstance(res, MicmacResult)
    assert res.labels == ("V1", "V2", "V3", "V4")
    np.testing.assert_array_equal(res.direct_influence, [3, 1, 2, 6])
    np.testing.assert_array_equal(res.direct_dependence, [6, 1, 4, 1])
    assert res.direct_influence_threshold == 3.0
    assert res.direct_dependence_threshold == 3.0
    assert res.direct_class == ("dependent", "autonomous", "dependent", "influent")
    assert res.status == "stable"
    assert res.stable is True
    assert res.period is None
    assert res.power == 2
    np.testing.assert_allclose(res.indirect_influence, np.array([9, 3, 6, 15]) / 33, rtol=1e-12)
    np.testing.assert_allclose(res.indirect_dependence, np.array([12, 6, 9, 6]) / 33, rtol=1e-12)
    np.testing.assert_array_equal(res.direct_influence_rank, [2, 4, 3, 1])
    np.testing.assert_array_equal(res.direct_dependence_rank, [1, 3, 2, 3])
    np.testing.assert_array_equal(res.indirect_influence_rank, [2, 4, 3, 1])
    np.testing.assert_array_equal(res.indirect_dependence_rank, [1, 3, 2, 3])
    assert res.indirect_class == ("relay", "autonomous", "dependent", "influent")
    assert res.changed == ("V1",)
    assert res.threshold == "mean"
    assert res.potential_value is None


def test_median_threshold() -> None:
    """Median split on the hand example: direct influence (3, 1, 2, 6) -> median 2.5,
    dependence (6, 1, 4, 1) -> median 2.5. V1 (3, 6) relay, V2 autonomous, V3 (2, 4)
    dependent, V4 (6, 1) influent."""
    res = micmac(HAND, threshold="median")
    assert res.threshold == "median"
    assert res.direct_influence_threshold == 2.5
    assert res.direct_dependence_threshold == 2.5
    assert res.direct_class == ("relay", "autonomous", "dependent", "influent")


def test_labels_are_used() -> None:
    res = micmac(HAND, labels=["a", "b", "c", "d"])
    assert res.labels == ("a", "b", "c", "d")
    assert res.changed == ("a",)


def test_weighted_cycle_is_periodic_with_period_3() -> None:
    """Weighted directed 3-cycle: row sums of M, M^2, M^3 = 6 I are (1, 2, 3), (2, 6, 3),
    (6, 6, 6), then the sequence repeats: the ranking sequence has period 3."""
    res = micmac([[0, 1, 0], [0, 0, 2], [3, 0, 0]])
    assert res.stable is False
    assert res.status == "periodic"
    assert res.period == 3
    assert res.power < res.max_power


@pytest.mark.parametrize(
    "matrix",
    [
        [[0, 1], [2, 0]],
        # bipartite between {V1, V2} and {V3, V4}
        [[0, 0, 1, 2], [0, 0, 3, 1], [2, 1, 0, 0], [1, 1, 0, 0]],
    ],
)
def test_bipartite_matrix_is_periodic_with_period_2(matrix: list[list[int]]) -> None:
    res = micmac(matrix)
    assert (res.stable, res.status, res.period) == (False, "periodic", 2)


def test_nilpotent_matrix() -> None:
    """V3 -> V2 -> V1 and V3 -> V1: M^2 has the single entry (3, 1) = 3 * 1 = 3, M^3 = 0."""
    res = micmac([[0, 0, 0], [1, 0, 0], [2, 3, 0]])
    assert res.status == "nilpotent"
    assert res.stable is False
    assert res.power == 2
    np.testing.assert_array_equal(res.indirect_influence, [0, 0, 1])
    np.testing.assert_array_equal(res.indirect_dependence, [1, 0, 0])


def test_zero_matrix() -> None:
    res = micmac(np.zeros((3, 3)))
    assert res.status == "nilpotent"
    assert res.direct_class == ("autonomous",) * 3
    assert res.indirect_class == ("autonomous",) * 3


def test_max_power_reached() -> None:
    """A primitive matrix (cycles of length 3 and 4) that needs more than 3 powers."""
    m = [[0, 3, 2, 0], [0, 0, 3, 0], [0, 0, 0, 3], [1, 0, 0, 0]]
    assert micmac(m).power > 3
    res = micmac(m, max_power=3)
    assert res.status == "max_power"
    assert res.power == 3
    assert res.stable is False
    assert res.max_power == 3


def test_fixed_power() -> None:
    res1 = micmac(HAND, power=1)
    assert res1.status == "fixed"
    assert res1.power == 1
    np.testing.assert_allclose(res1.indirect_influence, np.array([3, 1, 2, 6]) / 12)
    res2 = micmac(HAND, power=2)
    assert res2.stable is True  # rankings at 2 equal those at 1
    res3 = micmac(HAND, power=3)
    # row sums of M^3 = M @ (9, 3, 6, 15) = (24, 9, 18, 45)
    np.testing.assert_allclose(res3.indirect_influence, np.array([24, 9, 18, 45]) / 96)


def test_primitive_matrix_converges_to_perron_vectors() -> None:
    """For a primitive matrix, M^k 1 / |M^k 1| -> right Perron vector and
    1' M^k / |1' M^k| -> left Perron vector (Perron-Frobenius)."""
    rng = np.random.default_rng(20240601)
    m = rng.integers(1, 4, size=(6, 6)).astype(float)
    np.fill_diagonal(m, 0.0)
    res = micmac(m, power=200)

    def perron(a: np.ndarray) -> np.ndarray:
        w, v = np.linalg.eig(a)
        vec = np.real(v[:, np.argmax(np.real(w))])
        return np.asarray(vec / vec.sum(), dtype=float)

    np.testing.assert_allclose(res.indirect_influence, perron(m), atol=1e-6)
    np.testing.assert_allclose(res.indirect_dependence, perron(m.T), atol=1e-6)
    assert res.indirect_influence.sum() == pytest.approx(1.0)


def test_large_powers_do_not_overflow() -> None:
    m = np.full((5, 5), 3.0)
    np.fill_diagonal(m, 0.0)
    res = micmac(m * 1e300, power=400)  # 12^400 * 1e300^400 would overflow without scaling
    assert np.all(np.isfinite(res.indirect_influence))
    np.testing.assert_allclose(res.indirect_influence, np.full(5, 0.2))


def test_potential_relations() -> None:
    """MIDP = MID + potential_value * P, P marking empty cells."""
    p = np.zeros((4, 4))
    p[1, 2] = 1
    res = micmac(HAND, potential=p)
    assert res.potential_value == 3.0
    assert res.matrix[1, 2] == 3.0
    np.testing.assert_array_equal(res.direct_influence, [3, 4, 2, 6])
    res_half = micmac(HAND, potential=p, potential_value=0.5)
    assert res_half.matrix[1, 2] == 0.5
    # the input is not modified
    assert HAND[1, 2] == 0


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"matrix": [[0, 1], [1, 2]]}, "matrix[1, 1]"),
        ({"matrix": [[0, -1], [1, 0]]}, "matrix[0, 1]"),
        ({"matrix": [[0, float("nan")], [1, 0]]}, "matrix[0, 1]"),
        ({"matrix": [[0, 1, 2], [1, 0, 2]]}, "matrix"),
        ({"matrix": [[0, "x"], [1, 0]]}, "matrix"),
        ({"matrix": HAND, "threshold": "mode"}, "threshold"),
        ({"matrix": HAND, "power": 0}, "power"),
        ({"matrix": HAND, "power": True}, "power"),
        ({"matrix": HAND, "max_power": 1}, "max_power"),
        ({"matrix": HAND, "labels": ["a", "b"]}, "labels"),
        ({"matrix": HAND, "labels": ["a", "b", "c", "a"]}, "labels[3]"),
        ({"matrix": HAND, "labels": "abcd"}, "labels"),
        ({"matrix": HAND, "potential": np.zeros((3, 3))}, "potential"),
        ({"matrix": HAND, "potential": np.full((4, 4), 2.0)}, "potential[0, 0]"),
        ({"matrix": HAND, "potential": np.eye(4)}, "potential[0, 0]"),
        ({"matrix": HAND, "potential": np.ones((4, 4)) - np.eye(4)}, "potential[0, 1]"),
        (
            {"matrix": HAND, "potential": np.zeros((4, 4)), "potential_value": -1},
            "potential_value",
        ),
    ],
)
def test_validation_errors(kwargs: dict[str, object], path: str) -> None:
    matrix = kwargs.pop("matrix")
    with pytest.raises(ModelError) as info:
        micmac(matrix, **kwargs)  # type: ignore[arg-type]
    assert info.value.path == path


# --------------------------------------------------------------------------------------------
# plain reference implementation (exact integer powers) and property tests
# --------------------------------------------------------------------------------------------


def _reference(m: list[list[int]], cap: int) -> tuple[int, list[int], list[int]] | None:
    """Exact MICMAC with Python integers: (power, influence ranks, dependence ranks) at the
    first k >= 2 whose rankings equal those at k - 1, or None if not stable by ``cap``."""
    n = len(m)

    def ranks(v: list[int]) -> list[int]:
        return [1 + sum(w > x for w in v) for x in v]

    def state(a: list[list[int]]) -> tuple[list[int], list[int]]:
        rows = [sum(r) for r in a]
        cols = [sum(a[i][j] for i in range(n)) for j in range(n)]
        return ranks(rows), ranks(cols)

    a = [row[:] for row in m]
    prev = state(a)
    for k in range(2, cap + 1):
        a = [[sum(a[i][t] * m[t][j] for t in range(n)) for j in range(n)] for i in range(n)]
        if not any(any(r) for r in a):
            return None
        cur = state(a)
        if cur == prev:
            return k, cur[0], cur[1]
        prev = cur
    return None


def _micmac_matrices(min_n: int = 2, max_n: int = 6) -> st.SearchStrategy[np.ndarray]:
    def zero_diag(a: np.ndarray) -> np.ndarray:
        a = a.astype(float)
        np.fill_diagonal(a, 0.0)
        return a

    return st.integers(min_n, max_n).flatmap(
        lambda n: arrays(np.int64, (n, n), elements=st.integers(0, 3)).map(zero_diag)
    )


@settings(max_examples=60, deadline=None)
@given(_micmac_matrices(2, 5))
def test_matches_exact_reference(m: np.ndarray) -> None:
    ref = _reference(m.astype(int).tolist(), cap=12)
    assume(ref is not None)
    assert ref is not None
    res = micmac(m, max_power=12)
    assert res.status == "stable"
    power, infl_rank, dep_rank = ref
    assert res.power == power
    assert res.indirect_influence_rank.tolist() == infl_rank
    assert res.indirect_dependence_rank.tolist() == dep_rank


@settings(max_examples=60, deadline=None)
@given(_micmac_matrices(), st.randoms(use_true_random=False))
def test_permutation_equivariance(m: np.ndarray, rnd: object) -> None:
    n = m.shape[0]
    perm = list(range(n))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    p = np.array(perm)
    res = micmac(m)
    res_p = micmac(m[np.ix_(p, p)])
    assert res_p.direct_class == tuple(res.direct_class[i] for i in p)
    assert res_p.indirect_class == tuple(res.indirect_class[i] for i in p)
    assert (res_p.power, res_p.status, res_p.period) == (res.power, res.status, res.period)
    np.testing.assert_allclose(res_p.indirect_influence, res.indirect_influence[p], atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(_micmac_matrices(), st.sampled_from([0.25, 0.5, 2.0, 3.0, 7.3, 1e6]))
def test_scale_invariance(m: np.ndarray, c: float) -> None:
    res = micmac(m)
    res_c = micmac(c * m)
    assert res_c.direct_class == res.direct_class
    assert res_c.indirect_class == res.indirect_class
    assert (res_c.power, res_c.status) == (res.power, res.status)
    np.testing.assert_allclose(res_c.indirect_influence, res.indirect_influence, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    _micmac_matrices(),
    st.sampled_from(["nan", "inf", "negative", "diagonal"]),
    st.data(),
)
def test_bad_matrices_raise_model_error(m: np.ndarray, kind: str, data: st.DataObject) -> None:
    n = m.shape[0]
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, n - 1).filter(lambda x: x != i))
    bad = m.copy()
    if kind == "nan":
        bad[i, j] = np.nan
    elif kind == "inf":
        bad[i, j] = np.inf
    elif kind == "negative":
        bad[i, j] = -1.0
    else:
        bad[i, i] = 1.0
        j = i
    with pytest.raises(ModelError) as info:
        micmac(bad)
    assert info.value.path == f"matrix[{i}, {j}]"


def test_direct_values_are_exact_fractions() -> None:
    """Indirect shares sum to one and equal the exact rational shares of M^3 row sums."""
    res = micmac(HAND, power=3)
    exact = [Fraction(v, 96) for v in (24, 9, 18, 45)]
    assert [float(x) for x in exact] == pytest.approx(res.indirect_influence.tolist(), abs=1e-15)
