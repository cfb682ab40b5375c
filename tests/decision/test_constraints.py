"""Constraint evaluation: Wilson intervals, chance and expectation constraints."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from ssestrategy.decision.constraints import against, evaluate_constraints, wilson_interval
from ssestrategy.errors import ModelError
from ssestrategy.model import Constraint


@given(n=st.integers(1, 500), data=st.data(), conf=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
@settings(max_examples=200)
def test_wilson_matches_scipy(n: int, data: st.DataObject, conf: float) -> None:
    """Our vectorised Wilson interval equals scipy.stats.binomtest(...).proportion_ci('wilson')."""
    k = data.draw(st.integers(0, n))
    lo, hi = wilson_interval(np.array([k]), n, conf)
    ref = stats.binomtest(k, n).proportion_ci(confidence_level=conf, method="wilson")
    assert lo[0] == pytest.approx(ref.low, abs=1e-12)
    assert hi[0] == pytest.approx(ref.high, abs=1e-12)


def test_wilson_textbook_value() -> None:
    """Agresti & Coull (1998), 'Approximate is better than exact': for 0 successes in 10
    trials the 95% Wilson (score) upper limit is 0.2775."""
    lo, hi = wilson_interval(np.array([0]), 10, 0.95)
    assert lo[0] == 0.0
    assert hi[0] == pytest.approx(0.2775, abs=1e-4)


def _chance(target: float, prob: float) -> Constraint:
    return Constraint(id="c", outcome="survival", op=">=", target=target, probability=prob)


def test_chance_states() -> None:
    x = np.vstack(
        [
            np.r_[np.ones(380), np.zeros(20)],  # P = 0.95: clearly above 0.8
            np.r_[np.ones(200), np.zeros(200)],  # P = 0.50: clearly below
            np.r_[np.ones(322), np.zeros(78)],  # P = 0.805: straddles 0.8
        ]
    )
    ev = evaluate_constraints({"c": x}, [_chance(0.5, 0.8)], ["a", "b", "c"])
    assert ev.status[0].tolist() == ["satisfied", "violated", "undecided"]
    assert ev.probability[0].tolist() == pytest.approx([0.95, 0.5, 0.805])
    assert ev.feasible().tolist() == [True, False, True]
    assert ev.failing(1) == ("c",)
    assert ev.undecided(2) == ("c",)
    assert ev.binding() == ("c",)


def test_expectation_le_budget() -> None:
    c = Constraint(id="b", outcome="spend", op="<=", target=100.0, category="budget")
    x = np.array([[90.0, 95.0, 92.0], [120.0, 130.0, 125.0]])
    ev = evaluate_constraints({"b": x}, [c], ["ok", "over"])
    assert ev.status[0].tolist() == ["satisfied", "violated"]
    assert ev.margin[0].tolist() == pytest.approx([100 - 92.333333333, 100 - 125.0])
    assert "mean" in ev.describe(0, 1)


def test_expectation_zero_variance_is_decided() -> None:
    c = Constraint(id="j", outcome="jobs", op=">=", target=10.0)
    ev = evaluate_constraints({"j": np.full((1, 5), 10.0)}, [c], ["a"])
    assert ev.status[0, 0] == "satisfied"


@given(
    k=st.integers(0, 200),
    extra=st.integers(0, 200),
    alpha=st.floats(0.05, 0.95),
)
def test_status_consistent_with_interval(k: int, extra: int, alpha: float) -> None:
    n = k + extra
    if n == 0:
        return
    x = np.r_[np.ones(k), np.zeros(extra)][None, :]
    ev = evaluate_constraints({"c": x}, [_chance(0.5, alpha)], ["a"])
    lo, hi, s = ev.low[0, 0], ev.high[0, 0], ev.status[0, 0]
    assert lo <= ev.estimate[0, 0] <= hi
    assert (s == "satisfied") == (lo >= alpha)
    assert (s == "violated") == (hi < alpha)


def test_errors_are_model_errors() -> None:
    c = _chance(0.5, 0.8)
    with pytest.raises(ModelError, match=r"values\.c"):
        evaluate_constraints({}, [c], ["a"])
    with pytest.raises(ModelError, match="finite"):
        evaluate_constraints({"c": np.array([[np.nan]])}, [c], ["a"])
    with pytest.raises(ModelError, match="expected 2 strategies"):
        evaluate_constraints({"c": np.ones((1, 3))}, [c], ["a", "b"])


@given(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.booleans(),
)
def test_unequal_numbers_never_read_equal(value: float, target: float, fixed: bool) -> None:
    """A value that misses its target by a relative 1e-9 or more never prints as the target."""
    a, b = against(value, target, 2 if fixed else 3, fixed=fixed)
    if value == target:
        assert a == b
    elif abs(value - target) >= 1e-9 * max(abs(value), abs(target), 1.0):
        assert a != b
    # the text still parses back to about the number (thousands separators aside)
    assert float(a.replace(",", "")) == pytest.approx(value, rel=0.01, abs=0.01)


def test_the_equity_miss_from_the_notebooks() -> None:
    assert against(0.4996, 0.5) == ("0.4996", "0.5")
    assert against(0.2985, 0.3) == ("0.298", "0.3")  # already unequal at 3 figures
    assert against(0.31, 0.3) == ("0.31", "0.3")  # no digits added when they already differ
    assert against(12_500_000.0, 12_000_000.0) == ("12,500,000", "12,000,000")
