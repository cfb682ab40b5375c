"""The one definition of CES success (``model.success.ces_success``): scalar and per-element
exponents, the overflow-free form, and its limits."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import logsumexp

from ssestrategy.errors import ModelError
from ssestrategy.model.success import ces_success


def _plain(levels: list[float], rho: float) -> float:
    """The textbook formula ``(mean L**rho) ** (1/rho)`` (0 when a level is 0)."""
    if min(levels) <= 0.0:
        return 0.0
    return float((sum(v**rho for v in levels) / len(levels)) ** (1.0 / rho))


def test_matches_the_textbook_formula() -> None:
    """Analytic: equal levels give that level; the formula agrees where it does not overflow."""
    assert float(ces_success(np.full(4, 0.37), -3.0)) == 0.37
    lv = [0.2, 0.4, 0.6, 0.8]
    for rho in (-0.5, -1.0, -4.0, -9.0):
        assert float(ces_success(np.array(lv), rho)) == pytest.approx(_plain(lv, rho), rel=1e-14)
    assert float(ces_success(np.array(lv), -1.0)) == pytest.approx(4 / (5 + 2.5 + 5 / 3 + 1.25))


def test_array_rho_equals_per_element_scalar_calls() -> None:
    rng = np.random.default_rng(3)
    levels = rng.uniform(0.0, 1.0, (5, 4, 7))
    levels[1, 3, 2] = 0.0
    rho = -rng.uniform(0.2, 30.0, 7)
    rho[4] = -np.inf
    got = ces_success(levels, rho, axis=1)
    assert got.shape == (5, 7)
    for i in range(5):
        for s in range(7):
            want = ces_success(levels[i, :, s], float(rho[s]))
            assert got[i, s] == want
    # factor axis last, rho per row
    rows = rng.uniform(0.01, 1.0, (6, 4))
    r = -rng.uniform(0.5, 10.0, 6)
    np.testing.assert_array_equal(
        ces_success(rows, r), [ces_success(rows[k], float(r[k])) for k in range(6)]
    )


def test_rho_broadcasts_against_the_levels_without_the_factor_axis() -> None:
    lv = np.array([0.2, 0.5, 0.9, 0.4])
    out = ces_success(lv, np.array([-1.0, -2.0, -np.inf]))
    assert out.shape == (3,)
    assert out[2] == 0.2
    np.testing.assert_allclose(out[:2], [_plain(lv.tolist(), -1.0), _plain(lv.tolist(), -2.0)])


def test_large_negative_rho_gives_the_minimum_without_overflow_warnings() -> None:
    lv = np.array([[1e-3, 0.9, 0.5, 0.7], [0.3, 0.3, 0.8, 1.0], [1e-300, 1.0, 1.0, 1.0]])
    mins = lv.min(axis=1)
    # S = m (k/4) ** (1/rho) when the other levels' terms vanish (k levels at the minimum)
    for rho, rtol in ((-200.0, 1e-2), (-1e4, 2e-4), (-1e300, 1e-14), (-np.inf, 0.0)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(all="raise"):
                got = ces_success(lv, rho)
        np.testing.assert_allclose(got, mins, rtol=rtol)
        assert (got >= mins).all()
    np.testing.assert_array_equal(ces_success(lv, -np.inf), mins)
    # a tiny level raised to a large negative power overflows the textbook formula
    assert float(ces_success(np.array([1e-10, 1.0, 1.0, 1.0]), -40.0)) == pytest.approx(
        1e-10 * 4 ** (1 / 40), rel=1e-14
    )


def test_zero_level_gives_zero_for_any_rho() -> None:
    lv = np.array([0.5, 0.0, 0.9, 0.9])
    for rho in (-0.1, -4.0, -1e6, -np.inf):
        assert float(ces_success(lv, rho)) == 0.0


def test_single_precision_powers_agree() -> None:
    rng = np.random.default_rng(1)
    lv = rng.uniform(1e-3, 1.0, (50, 4, 8))
    rho = -rng.uniform(0.5, 20.0, 8)
    np.testing.assert_allclose(
        ces_success(lv, rho, axis=1, power_dtype=np.float32),
        ces_success(lv, rho, axis=1),
        rtol=5e-6,
    )


def test_a_scalar_level_is_rejected() -> None:
    with pytest.raises(ModelError):
        ces_success(np.float64(0.5), -4.0)


@settings(max_examples=60, deadline=None)
@given(
    lv=arrays(np.float64, (3, 4), elements=st.floats(0.0, 1.0)),
    rho=st.floats(-1e6, -1e-3),
)
def test_between_min_and_mean_and_homogeneous(lv: np.ndarray, rho: float) -> None:
    """Property: min <= S <= arithmetic mean (rho < 1), and S(c L) = c S(L)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = ces_success(lv, rho)
    lo, mean = lv.min(axis=1), lv.mean(axis=1)
    assert (s >= lo * (1 - 1e-12)).all()
    assert (s <= mean * (1 + 1e-12) + 1e-300).all()
    # homogeneity, on the rows whose halved levels are still representable (5e-324 / 2 = 0)
    kept = ((0.5 * lv > 0) == (lv > 0)).all(axis=1)
    np.testing.assert_allclose(
        ces_success(0.5 * lv, rho)[kept], 0.5 * s[kept], rtol=1e-12, atol=1e-300
    )


def test_a_subnormal_minimum_does_not_overflow() -> None:
    """Found by hypothesis: with the minimum at 2.2e-311 the ratio 1 / m overflowed to inf and
    S came out infinite. The logs of the levels never overflow."""
    lv = np.array([2.22507386e-311, 1.0, 1.0, 1.0])
    for rho in (-0.001, -0.5, -3.0):
        got = float(ces_success(lv, rho))
        # the textbook formula in logs: log S = (logsumexp(rho log L) - log n) / rho
        want = np.exp((logsumexp(rho * np.log(lv)) - np.log(lv.size)) / rho)
        assert got == pytest.approx(want, rel=1e-9)
        assert lv.min() <= got <= lv.mean()
    assert float(ces_success(lv, -0.001, power_dtype=np.float32)) == 0.0  # below its range
