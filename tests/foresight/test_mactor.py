"""Tests of ssestrategy.foresight.mactor (MACTOR actors' strategies)."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.errors import ModelError
from ssestrategy.foresight import MactorResult, mactor, midi

MDI = np.array([[0, 2, 1], [3, 0, 4], [1, 0, 0]], dtype=float)
MAO = np.array([[2, -1], [3, 2], [-1, 4]], dtype=float)


def _fr(values: list[F]) -> np.ndarray:
    return np.array([float(v) for v in values])


def test_midi_by_hand() -> None:
    """MIDI[i, j] = MDI[i, j] + sum_k min(MDI[i, k], MDI[k, j]) on a 3-actor case.

    MIDI[0, 2] = 1 + min(MDI[0, 1], MDI[1, 2]) = 1 + min(2, 4) = 3;
    MIDI[1, 0] = 3 + min(MDI[1, 2], MDI[2, 0]) = 3 + min(4, 1) = 4;
    MIDI[1, 2] = 4 + min(MDI[1, 0], MDI[0, 2]) = 4 + min(3, 1) = 5;
    MIDI[2, 1] = 0 + min(MDI[2, 0], MDI[0, 1]) = 0 + min(1, 2) = 1;
    MIDI[0, 1] = 2 and MIDI[2, 0] = 1 (no relay path).
    Retroaction: MIDI[0, 0] = min(2, 3) + min(1, 1) = 3, MIDI[1, 1] = min(3, 2) + min(4, 0) = 2,
    MIDI[2, 2] = min(1, 1) + min(0, 4) = 1.
    """
    expected = [[3, 2, 3], [4, 2, 5], [1, 1, 1]]
    np.testing.assert_array_equal(midi(MDI), expected)
    res = mactor(MDI, MAO)
    np.testing.assert_array_equal(res.midi, expected)
    np.testing.assert_array_equal(res.retroaction, [3, 2, 1])
    np.testing.assert_array_equal(res.influence, [5, 9, 2])
    np.testing.assert_array_equal(res.dependence, [5, 3, 8])


def test_balance_of_power_godet_by_hand() -> None:
    """I = (5, 9, 2), D = (5, 3, 8), sum(I) = 16, retroaction (3, 2, 1):
    r = (2/16 * 5/10, 7/16 * 9/12, 1/16 * 2/10) = (1/16, 21/64, 1/80), sum = 129/320,
    r* = 3 r / sum(r) = (20, 105, 4) / 43."""
    res = mactor(MDI, MAO)
    assert isinstance(res, MactorResult)
    assert res.variant == "godet"
    np.testing.assert_allclose(res.r, _fr([F(1, 16), F(21, 64), F(1, 80)]), rtol=1e-14)
    np.testing.assert_allclose(res.r_star, np.array([20, 105, 4]) / 43, rtol=1e-14)
    assert res.actors == ("A1", "A2", "A3")
    assert res.objectives == ("O1", "O2")


def test_balance_of_power_simple_by_hand() -> None:
    """Without the retroaction: r = (5/16 * 5/10, 9/16 * 9/12, 2/16 * 2/10)
    = (50, 135, 8) / 320, r* = 3 (50, 135, 8) / 193."""
    res = mactor(MDI, MAO, variant="simple")
    assert res.variant == "simple"
    np.testing.assert_allclose(res.r, np.array([50, 135, 8]) / 320, rtol=1e-14)
    np.testing.assert_allclose(res.r_star, 3 * np.array([50, 135, 8]) / 193, rtol=1e-14)


def test_actor_plane_by_hand() -> None:
    """Means of I and D are both 16/3: A1 (5, 5) autonomous, A2 (9, 3) dominant,
    A3 (2, 8) dominated."""
    res = mactor(MDI, MAO)
    assert res.influence_threshold == pytest.approx(16 / 3)
    assert res.dependence_threshold == pytest.approx(16 / 3)
    assert res.actor_class == ("autonomous", "dominant", "dominated")


def test_convergence_divergence_by_hand() -> None:
    """Positions A1 (+2, -1), A2 (+3, +2), A3 (-1, +4).

    1CAA: A1-A2 agree on O1, A2-A3 on O2. 1DAA: A1-A2 on O2, A1-A3 on O1 and O2, A2-A3 on O1.
    2CAA: A1-A2 (2+3)/2 = 2.5, A2-A3 (2+4)/2 = 3.
    2DAA: A1-A2 (1+2)/2 = 1.5, A1-A3 (2+1)/2 + (1+4)/2 = 4, A2-A3 (3+1)/2 = 2.
    """
    res = mactor(MDI, MAO)
    np.testing.assert_array_equal(res.mao1, np.sign(MAO))
    np.testing.assert_array_equal(res.convergence1, [[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    np.testing.assert_array_equal(res.divergence1, [[0, 1, 2], [1, 0, 1], [2, 1, 0]])
    np.testing.assert_array_equal(res.convergence2, [[0, 2.5, 0], [2.5, 0, 3], [0, 3, 0]])
    np.testing.assert_array_equal(res.divergence2, [[0, 1.5, 4], [1.5, 0, 2], [4, 2, 0]])


def test_weighted_positions_by_hand() -> None:
    """3MAO = 2MAO * r* with r* = (20, 105, 4)/43:
    A1 (40, -20)/43, A2 (315, 210)/43, A3 (-4, 16)/43.
    Mobilisation for: O1 355/43, O2 226/43; against: O1 -4/43, O2 -20/43.
    Implication: (60, 525, 20)/43.
    3CAA: A1-A2 (40+315)/2/43, A2-A3 (210+16)/2/43.
    3DAA: A1-A2 (20+210)/2/43, A1-A3 ((40+4)/2 + (20+16)/2)/43, A2-A3 (315+4)/2/43.
    """
    res = mactor(MDI, MAO)
    np.testing.assert_allclose(res.mao3, np.array([[40, -20], [315, 210], [-4, 16]]) / 43)
    np.testing.assert_allclose(res.mobilisation_for, np.array([355, 226]) / 43)
    np.testing.assert_allclose(res.mobilisation_against, np.array([-4, -20]) / 43)
    np.testing.assert_allclose(res.implication, np.array([60, 525, 20]) / 43)
    np.testing.assert_allclose(
        res.convergence3, np.array([[0, 177.5, 0], [177.5, 0, 113], [0, 113, 0]]) / 43
    )
    np.testing.assert_allclose(
        res.divergence3, np.array([[0, 115, 40], [115, 0, 159.5], [40, 159.5, 0]]) / 43
    )


def test_ambivalence_by_hand() -> None:
    """EQ_i = 1 - sum_j |CAA_ij - DAA_ij| / sum_j (CAA_ij + DAA_ij).

    Level 1: A1 1 - (0 + 2)/4 = 0.5; A2 1 - 0/4 = 1; A3 1 - (2 + 0)/4 = 0.5.
    Level 2: A1 1 - (1 + 4)/8 = 3/8; A2 1 - (1 + 1)/9 = 7/9; A3 1 - (4 + 1)/9 = 4/9.
    """
    res = mactor(MDI, MAO)
    np.testing.assert_allclose(res.ambivalence1, [0.5, 1.0, 0.5])
    np.testing.assert_allclose(res.ambivalence2, [3 / 8, 7 / 9, 4 / 9])


def test_isolated_actor_and_no_relations() -> None:
    """An actor with no influence, no dependence and no position has r = 0, r* = 0 and
    ambivalence 0 (no relation)."""
    mdi = [[0, 2, 0], [1, 0, 0], [0, 0, 0]]
    mao = [[1, 0], [-1, 0], [0, 0]]
    res = mactor(mdi, mao, variant="simple")
    assert res.r[2] == 0.0
    assert res.r_star[2] == 0.0
    assert res.r_star.sum() == pytest.approx(3.0)
    assert res.ambivalence1[2] == 0.0
    assert res.implication[2] == 0.0


def test_degenerate_godet_raises() -> None:
    """Two actors of equal reciprocal influence: all their influence is retroaction, so every
    r_i is 0 under the godet variant and r* is undefined; the simple variant gives r* = 1."""
    with pytest.raises(ModelError) as info:
        mactor([[0, 2], [2, 0]], [[1], [1]])
    assert info.value.path == "mdi"
    np.testing.assert_allclose(mactor([[0, 2], [2, 0]], [[1], [1]], variant="simple").r_star, 1)


@pytest.mark.parametrize(
    ("mdi", "mao", "kwargs", "path"),
    [
        ([[0, 1], [1, 2]], [[1], [1]], {}, "mdi[1, 1]"),
        ([[0, -1], [1, 0]], [[1], [1]], {}, "mdi[0, 1]"),
        ([[0, float("nan")], [1, 0]], [[1], [1]], {}, "mdi[0, 1]"),
        ([[0, 1, 1], [1, 0, 1]], [[1], [1]], {}, "mdi"),
        ([[0, 0], [0, 0]], [[1], [1]], {}, "mdi"),
        (MDI, [[1, 2], [3, 4]], {}, "mao"),
        (MDI, np.zeros((3, 0)), {}, "mao"),
        (MDI, [[1, 5], [0, 0], [0, 0]], {}, "mao[0, 1]"),
        (MDI, [[1, 0], [0, -4.5], [0, 0]], {}, "mao[1, 1]"),
        (MDI, [[1, 0], [0, float("inf")], [0, 0]], {}, "mao[1, 1]"),
        (MDI, [1, 2, 3], {}, "mao"),
        (MDI, MAO, {"variant": "other"}, "variant"),
        (MDI, MAO, {"actors": ["a", "b"]}, "actors"),
        (MDI, MAO, {"objectives": ["x", "x"]}, "objectives[1]"),
        (MDI, MAO, {"actors": ["a", "b", 3]}, "actors[2]"),
    ],
)
def test_validation_errors(mdi: object, mao: object, kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ModelError) as info:
        mactor(mdi, mao, **kwargs)  # type: ignore[arg-type]
    assert info.value.path == path


# --------------------------------------------------------------------------------------------
# plain reference implementation and property tests
# --------------------------------------------------------------------------------------------


def _reference_midi(m: list[list[float]]) -> list[list[float]]:
    n = len(m)
    return [
        [
            m[i][j] + sum(min(m[i][k], m[k][j]) for k in range(n) if k not in (i, j))
            for j in range(n)
        ]
        for i in range(n)
    ]


def _reference_overlap(a: list[list[float]]) -> tuple[list[list[float]], list[list[float]]]:
    n, m = len(a), len(a[0])
    conv = [[0.0] * n for _ in range(n)]
    div = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            for k in range(m):
                x, y = a[i][k], a[j][k]
                if x * y > 0:
                    conv[i][j] += (abs(x) + abs(y)) / 2
                elif x * y < 0:
                    div[i][j] += (abs(x) + abs(y)) / 2
    return conv, div


@st.composite
def _cases(draw: st.DrawFn, min_n: int = 2, max_n: int = 6) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(min_n, max_n))
    m = draw(st.integers(1, 5))
    mdi = draw(arrays(np.int64, (n, n), elements=st.integers(0, 4))).astype(float)
    np.fill_diagonal(mdi, 0.0)
    mao = draw(arrays(np.int64, (n, m), elements=st.integers(-4, 4))).astype(float)
    return mdi, mao


def _try(mdi: np.ndarray, mao: np.ndarray, variant: str = "godet") -> MactorResult:
    try:
        return mactor(mdi, mao, variant=variant)  # type: ignore[arg-type]
    except ModelError:
        assume(False)
        raise  # pragma: no cover


@settings(max_examples=80, deadline=None)
@given(_cases())
def test_midi_matches_reference_and_dominates_mdi(case: tuple[np.ndarray, np.ndarray]) -> None:
    mdi, _ = case
    out = midi(mdi)
    np.testing.assert_array_equal(out, _reference_midi(mdi.tolist()))
    assert np.all(out >= mdi)


@settings(max_examples=80, deadline=None)
@given(_cases(), st.sampled_from(["godet", "simple"]))
def test_r_star_sums_to_n(case: tuple[np.ndarray, np.ndarray], variant: str) -> None:
    mdi, mao = case
    res = _try(mdi, mao, variant)
    assert res.r_star.sum() == pytest.approx(mdi.shape[0], rel=1e-12)
    assert np.all(res.r_star >= 0)


@settings(max_examples=80, deadline=None)
@given(
    _cases(),
    st.sampled_from(["godet", "simple"]),
    st.sampled_from([0.1, 0.5, 2.0, 3.0, 17.5, 1e8]),
)
def test_r_star_scale_invariant(
    case: tuple[np.ndarray, np.ndarray], variant: str, c: float
) -> None:
    mdi, mao = case
    res = _try(mdi, mao, variant)
    res_c = mactor(c * mdi, mao, variant=variant)  # type: ignore[arg-type]
    np.testing.assert_allclose(res_c.midi, c * res.midi, rtol=1e-12)
    np.testing.assert_allclose(res_c.r_star, res.r_star, rtol=1e-9, atol=1e-12)
    assert res_c.actor_class == res.actor_class


@settings(max_examples=80, deadline=None)
@given(_cases())
def test_convergence_matrices(case: tuple[np.ndarray, np.ndarray]) -> None:
    mdi, mao = case
    res = _try(mdi, mao)
    pairs = [
        (res.convergence1, res.divergence1, res.mao1),
        (res.convergence2, res.divergence2, res.mao2),
        (res.convergence3, res.divergence3, res.mao3),
    ]
    for conv, div, a in pairs:
        np.testing.assert_array_equal(conv, conv.T)
        np.testing.assert_array_equal(div, div.T)
        assert np.all(np.diagonal(conv) == 0)
        assert np.all(np.diagonal(div) == 0)
        ref_c, ref_d = _reference_overlap(a.tolist())
        np.testing.assert_allclose(conv, ref_c, atol=1e-12)
        np.testing.assert_allclose(div, ref_d, atol=1e-12)
    assert np.all(res.convergence1 + res.divergence1 <= mao.shape[1])
    for amb in (res.ambivalence1, res.ambivalence2, res.ambivalence3):
        assert np.all((amb >= -1e-12) & (amb <= 1 + 1e-12))
    np.testing.assert_allclose(res.mao3, mao * res.r_star[:, None])
    np.testing.assert_allclose(
        res.mobilisation_for + res.mobilisation_against, res.mao3.sum(0), atol=1e-12
    )  # sums that cancel to 0 differ by rounding only
    np.testing.assert_allclose(res.implication, np.abs(res.mao3).sum(1))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 7),
    st.sampled_from([1.0, 2.0, 3.5]),
    st.sampled_from(["godet", "simple"]),
    st.data(),
)
def test_equal_power_leaves_positions_unchanged(
    n: int, c: float, variant: str, data: st.DataObject
) -> None:
    """All actors symmetric (MDI = c (J - I), n >= 3 for godet) => r* = 1 => 3MAO = 2MAO."""
    assume(n >= 3 or variant == "simple")
    mdi = c * (np.ones((n, n)) - np.eye(n))
    mao = data.draw(arrays(np.int64, (n, 3), elements=st.integers(-4, 4))).astype(float)
    res = mactor(mdi, mao, variant=variant)  # type: ignore[arg-type]
    np.testing.assert_allclose(res.r_star, np.ones(n), rtol=1e-12)
    np.testing.assert_allclose(res.mao3, res.mao2, rtol=1e-12)
    np.testing.assert_allclose(res.convergence3, res.convergence2, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(_cases(3, 6), st.randoms(use_true_random=False))
def test_permutation_equivariance(case: tuple[np.ndarray, np.ndarray], rnd: object) -> None:
    mdi, mao = case
    res = _try(mdi, mao)
    perm = list(range(mdi.shape[0]))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    p = np.array(perm)
    res_p = mactor(mdi[np.ix_(p, p)], mao[p])
    np.testing.assert_allclose(res_p.r_star, res.r_star[p], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(res_p.convergence3, res.convergence3[np.ix_(p, p)], atol=1e-12)
    assert res_p.actor_class == tuple(res.actor_class[i] for i in p)
