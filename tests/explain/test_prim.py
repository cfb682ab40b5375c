"""Tests of ssestrategy.explain.prim (PRIM scenario discovery)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal

from ssestrategy.errors import ModelError
from ssestrategy.explain import PrimBox, prim

TRUE_LOWER = {0: 0.2, 2: 0.5}
TRUE_UPPER = {0: 0.6, 2: 1.0}


def synthetic(n: int = 2000, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """X uniform on [0, 1]^5; y inside [0.2, 0.6] x [0.5, 1.0] on x1 and x3 (others irrelevant)."""
    x = np.random.default_rng(seed).uniform(size=(n, 5))
    y = (x[:, 0] >= 0.2) & (x[:, 0] <= 0.6) & (x[:, 2] >= 0.5)
    return x, y


@pytest.mark.parametrize("objective", ["lenient1", "lenient2", "original"])
def test_recovers_known_box(objective):
    x, y = synthetic()
    res = prim(x, y, objective=objective)
    box = res.limits
    assert box.density >= 0.9
    assert box.coverage >= 0.8
    assert box.restricted_names == ("x1", "x3")
    assert_array_equal(box.restricted, [True, False, True, False, False])
    assert box.lower[0] == pytest.approx(0.2, abs=0.03)
    assert box.upper[0] == pytest.approx(0.6, abs=0.03)
    assert box.lower[2] == pytest.approx(0.5, abs=0.03)
    assert not box.upper_restricted[2]  # x3 runs to the top of its range
    assert box.describe().startswith("x1 between 0.")
    assert " and x3 above 0." in box.describe()
    assert res.selection == "coverage*density"
    assert res.objective == objective


def test_min_density_selection_and_user_selection():
    x, y = synthetic()
    res = prim(x, y, min_density=0.9)
    assert res.selection == "min_density"
    dense = res.density >= 0.9
    assert res.density[res.selected] >= 0.9
    assert res.coverage[res.selected] == res.coverage[dense].max()
    assert res.limits.restricted_names == ("x1", "x3")
    # no box is dense enough -> coverage * density
    assert prim(x, y, min_density=1.0).selection in {"min_density", "coverage*density"}
    user = prim(x, y, select=3)
    assert user.selected == 3
    assert user.selection == "user"
    assert prim(x, y, select=-1).selected == user.steps - 1
    assert user.box(-1).step == user.steps - 1
    assert user.box().step == 3


def test_reproducible():
    x, y = synthetic()
    a, b = prim(x, y), prim(x.copy(), y.copy())
    assert a.selected == b.selected
    assert a.phase == b.phase
    for field in ("coverage", "density", "mass", "lower", "upper", "n_in_box"):
        assert_array_equal(getattr(a, field), getattr(b, field))


def test_numeric_y_with_threshold_equals_boolean():
    x, _ = synthetic(600, seed=3)
    z = np.sin(6 * x[:, 0]) + x[:, 1]
    a = prim(x, z, threshold=1.0)
    b = prim(x, z >= 1.0)
    assert_array_equal(a.lower, b.lower)
    assert_array_equal(a.density, b.density)
    assert a.threshold == 1.0
    assert b.threshold is None
    # 0/1 numbers are accepted as booleans
    c = prim(x, (z >= 1.0).astype(int))
    assert_array_equal(c.upper, b.upper)


def _ema_quantile(data: np.ndarray, q: float) -> float:
    """EMA Workbench / sdtoolkit quantile (plain loop version), used as a reference."""
    data = np.sort(data)
    i = (len(data) - 1) * q
    lo, hi = math.floor(i), math.ceil(i)
    if q > 0.5:
        while data[lo] == data[hi] and lo > 0:
            lo -= 1
    else:
        while data[lo] == data[hi] and hi < len(data) - 1:
            hi += 1
    return float((data[lo] + data[hi]) / 2)


def _reference_peel(x: np.ndarray, y: np.ndarray, alpha: float, mass_min: float) -> list:
    """Plain peeling with the lenient1 objective, one candidate at a time."""
    n, d = x.shape
    lower, upper = x.min(axis=0), x.max(axis=0)
    inside = np.ones(n, dtype=bool)
    boxes = [(lower.copy(), upper.copy())]
    while True:
        yb = y[inside].astype(float)
        best = None
        for j in range(d):
            col = x[inside, j]
            for end in (0, 1):
                if end == 0:
                    cut = _ema_quantile(col, alpha)
                    keep = col >= cut
                else:
                    cut = _ema_quantile(col, 1 - alpha)
                    keep = col <= cut
                removed = yb.size - keep.sum()
                if removed == 0 or keep.sum() == 0:
                    continue
                score = (yb[keep].mean() - yb.mean()) / removed
                restricted = sum(
                    (lower[i] > x[:, i].min()) or (upper[i] < x[:, i].max()) or i == j
                    for i in range(d)
                )
                key = (score, -restricted)
                if best is None or key > best[0]:
                    best = (key, j, end, cut, keep.sum())
        if best is None:
            break
        (score, _), j, end, cut, kept = best
        if not (score > 0 and kept / n >= mass_min):
            break
        if end == 0:
            lower[j] = cut
        else:
            upper[j] = cut
        inside = np.all((x >= lower) & (x <= upper), axis=1)
        boxes.append((lower.copy(), upper.copy()))
    return boxes


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_peeling_matches_plain_reference(seed):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(size=(300, 3)), 1)  # coarse grid: many ties
    y = (x[:, 0] + rng.normal(scale=0.2, size=300) > 0.6) & (x[:, 1] < 0.8)
    res = prim(x, y, paste_alpha=0.05)
    ref = _reference_peel(x, y, 0.05, 0.05)
    peel = [i for i, p in enumerate(res.phase) if p in ("start", "peel")]
    assert len(peel) == len(ref)
    for i, (lo, hi) in zip(peel, ref, strict=True):
        assert_allclose(res.lower[i], lo)
        assert_allclose(res.upper[i], hi)


def test_pasting_recovers_an_over_peeled_edge():
    """Cases on [0.25, 0.5], every other scenario above 0.5. A coarse peel (30 %) overshoots
    the lower edge to 0.3025 and mass_min stops peeling while the box is impure; pasting then
    moves the lower limit back, 2-3 scenarios at a time, while density rises: to 0.2525
    (midway between 0.25 and 0.255), where the next paste would take in non-cases."""
    x = np.linspace(0.0, 1.0, 201)[:, None]
    i = np.arange(201)
    y = (i >= 50) & ((i <= 100) | (i % 2 == 0))
    res = prim(x, y, peel_alpha=0.3, paste_alpha=0.02, mass_min=0.4)
    assert res.phase == ("start", "peel", "peel", "paste", "paste", "paste", "paste")
    assert_allclose(res.lower[:, 0], [0.0, 0.3025, 0.3025, 0.2925, 0.2825, 0.2675, 0.2525])
    assert_allclose(res.upper[3:, 0], 0.7925)
    assert np.all(np.diff(res.density) > 0)
    assert res.box(-1).describe() == "x1 between 0.253 and 0.792"
    # a pure box is never pasted: density cannot rise
    pure = prim(x, y, peel_alpha=0.3, paste_alpha=0.02)
    assert "paste" not in pure.phase
    assert pure.density[-1] == 1.0


def box_statistics_consistent(res, x, y):
    cases = y.sum()
    for i in range(res.steps):
        box = res.box(i)
        inside = box.contains(x)
        assert inside.sum() == box.n == res.n_in_box[i]
        assert box.coverage == pytest.approx(y[inside].sum() / cases)
        assert box.density == pytest.approx(y[inside].mean())
        assert box.mass == pytest.approx(inside.mean())
        assert int(box.restricted.sum()) == res.n_restricted[i]


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(10, 120), st.integers(1, 4)),
        elements=st.floats(-5, 5, allow_nan=False, allow_infinity=False),
    ),
    data=st.data(),
    objective=st.sampled_from(["lenient1", "lenient2", "original"]),
)
def test_trajectory_properties(x, data, objective):
    n = x.shape[0]
    y = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    y[data.draw(st.integers(0, n - 1))] = True
    res = prim(x, y, objective=objective, mass_min=0.1)
    assert res.phase[0] == "start"
    assert res.coverage[0] == 1.0
    assert res.mass[0] == 1.0
    assert res.density[0] == pytest.approx(y.mean())
    assert np.all((res.coverage >= 0) & (res.coverage <= 1))
    assert np.all((res.density >= 0) & (res.density <= 1))
    peel = np.array([p != "paste" for p in res.phase])
    assert np.all(np.diff(res.mass[peel]) < 0)  # every peel removes scenarios
    assert np.all(res.mass[peel] >= 0.1)
    if objective != "original":
        assert np.all(np.diff(res.density[peel]) > 0)  # positive objective = denser
    paste_idx = np.flatnonzero(~peel)
    for i in paste_idx:
        assert res.density[i] > res.density[i - 1]
        assert res.mass[i] > res.mass[i - 1]
    assert np.all(res.lower <= res.upper)
    box_statistics_consistent(res, x, y)


def test_prim_box_describe_and_contains():
    box = PrimBox(
        step=1,
        names=("a", "b", "c"),
        lower=np.array([0.0, 2.0, -1.0]),
        upper=np.array([1.5, 9.0, 1.0]),
        lower_restricted=np.array([False, True, False]),
        upper_restricted=np.array([True, False, False]),
        coverage=0.5,
        density=0.5,
        mass=0.2,
        n=10,
    )
    assert box.describe() == "a below 1.5 and b above 2"
    assert box.contains([[1.0, 3.0, 0.0], [2.0, 3.0, 0.0]]).tolist() == [True, False]
    none = PrimBox(
        step=0,
        names=("a",),
        lower=np.array([0.0]),
        upper=np.array([1.0]),
        lower_restricted=np.array([False]),
        upper_restricted=np.array([False]),
        coverage=1.0,
        density=0.5,
        mass=1.0,
        n=10,
    )
    assert none.describe() == "all scenarios (no input restricted)"
    with pytest.raises(ModelError):
        box.contains([[1.0, 2.0]])


def test_names():
    x, y = synthetic(300)
    res = prim(x, y, names=["price", "demand", "grant", "rain", "wage"])
    assert res.names[2] == "grant"
    assert "grant" in res.describe()


@pytest.mark.parametrize(
    ("x", "y", "kwargs", "path"),
    [
        (np.zeros((5, 2)), [True] * 4, {}, "y"),
        (np.zeros((5, 2)), [False] * 5, {}, "y"),
        ([[0.0, np.nan], [1, 1], [2, 2]], [True, False, True], {}, "X[0, 1]"),
        (np.zeros(5), [True] * 5, {}, "X"),
        (np.zeros((1, 2)), [True], {}, "X"),
        (np.zeros((3, 2)), [0.5, 1.0, 2.0], {}, "y"),
        (np.zeros((3, 2)), [True, False, True], {"threshold": 0.5}, "threshold"),
        (np.zeros((3, 2)), [0.5, 1.0, 2.0], {"threshold": np.inf}, "threshold"),
        (np.zeros((3, 2)), [0.5, np.nan, 2.0], {"threshold": 1.0}, "y[1]"),
        (np.zeros((3, 2)), [True, False, True], {"peel_alpha": 0.5}, "peel_alpha"),
        (np.zeros((3, 2)), [True, False, True], {"peel_alpha": 0}, "peel_alpha"),
        (np.zeros((3, 2)), [True, False, True], {"paste_alpha": 1.5}, "paste_alpha"),
        (np.zeros((3, 2)), [True, False, True], {"mass_min": 1.0}, "mass_min"),
        (np.zeros((3, 2)), [True, False, True], {"objective": "gain"}, "objective"),
        (np.zeros((3, 2)), [True, False, True], {"min_density": 1.2}, "min_density"),
        (np.zeros((3, 2)), [True, False, True], {"select": 99}, "select"),
        (np.zeros((3, 2)), [True, False, True], {"select": 1.0}, "select"),
        (np.zeros((3, 2)), [True, False, True], {"names": ["a", "a"]}, "names"),
        (np.zeros((3, 2)), [True, False, True], {"names": ["a"]}, "names"),
    ],
)
def test_validation(x, y, kwargs, path):
    with pytest.raises(ModelError) as err:
        prim(x, y, **kwargs)
    assert err.value.path == path


def test_box_index_validation():
    x, y = synthetic(200)
    res = prim(x, y)
    with pytest.raises(ModelError):
        res.box(res.steps)
    with pytest.raises(ModelError):
        res.box(True)
