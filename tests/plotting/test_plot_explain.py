"""Tests of ssestrategy.plotting.plot_sobol and plot_prim, and of the missing-matplotlib error."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from ssestrategy.errors import ModelError, SSEError
from ssestrategy.explain import prim, sobol
from ssestrategy.plotting import plot_prim, plot_sobol


def _additive(x: np.ndarray) -> np.ndarray:
    return x[:, 0] + 2 * x[:, 1]


def test_sobol_bars_are_the_indices_with_their_intervals() -> None:
    res = sobol(_additive, [(0, 1), (0, 1)], n_samples=256, rng=1, n_resamples=49, names=["g", "d"])
    ax = plot_sobol(res, ax=Figure().subplots())
    heights = np.array([p.get_height() for p in ax.patches])
    assert np.allclose(heights[:2], res.first_order)
    assert np.allclose(heights[2:], res.total_order)
    # one error-bar container per series; its vertical segments span the intervals
    assert len(ax.containers) == 4  # two BarContainers, two ErrorbarContainers
    err = [c for c in ax.containers if type(c).__name__ == "ErrorbarContainer"]
    segs = err[0].lines[2][0].get_segments()
    ci = res.first_order_ci
    assert ci is not None
    lows = [s[0][1] for s in segs]
    highs = [s[1][1] for s in segs]
    assert np.allclose(highs, np.maximum(ci.high, res.first_order))
    assert np.allclose(lows, np.minimum(ci.low, res.first_order))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["g", "d"]


def test_sobol_without_intervals() -> None:
    res = sobol(_additive, [(0, 1), (0, 1)], n_samples=64, rng=1, n_resamples=0)
    ax = plot_sobol(res, ax=Figure().subplots())
    assert len(ax.patches) == 4
    assert all(type(c).__name__ == "BarContainer" for c in ax.containers)


def test_sobol_several_outputs_needs_a_choice() -> None:
    def two(x: np.ndarray) -> np.ndarray:
        return np.column_stack([x[:, 0], x[:, 1]])

    res = sobol(two, [(0, 1), (0, 1)], n_samples=64, rng=1, n_resamples=9)
    with pytest.raises(ModelError) as err:
        plot_sobol(res)
    assert err.value.path == "output"
    ax = plot_sobol(res, ax=Figure().subplots(), output=1)
    heights = np.array([p.get_height() for p in ax.patches])
    assert np.allclose(heights[:2], res.first_order[1])
    with pytest.raises(ModelError):
        plot_sobol(res, output=2)


def test_prim_trajectory_and_selected_box() -> None:
    x = np.random.default_rng(1).uniform(size=(500, 2))
    res = prim(x, x[:, 0] > 0.7, names=["grant", "drought"])
    ax = plot_prim(res, ax=Figure().subplots())
    pts = ax.collections[0].get_offsets()
    assert np.allclose(pts[:, 0], res.coverage)
    assert np.allclose(pts[:, 1], res.density)
    assert np.array_equal(ax.collections[0].get_array(), res.n_restricted)
    star = ax.collections[1].get_offsets()
    assert np.allclose(star, [[res.coverage[res.selected], res.density[res.selected]]])
    assert ax.texts[0].get_text().startswith(f"box {res.selected}: coverage")


def test_wrong_result_types() -> None:
    with pytest.raises(ModelError, match="SobolResult"):
        plot_sobol("sobol")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="PrimResult"):
        plot_prim(None)  # type: ignore[arg-type]


def test_missing_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    res = sobol(_additive, [(0, 1), (0, 1)], n_samples=64, rng=1, n_resamples=0)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(SSEError, match=r"pip install 'ssestrategy\[plot\]'"):
        plot_sobol(res)


class _Study:
    """Duck-typed SensitivityResult / DiscoveryResult of ssestrategy.explain's study layer."""

    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


def test_study_results_are_unwrapped_and_titled() -> None:
    res = sobol(_additive, [(0, 1), (0, 1)], n_samples=64, rng=1, n_resamples=9)
    wrapped = _Study(output="jobs: canadian - french", result=res)
    ax = plot_sobol(wrapped, ax=Figure().subplots())
    assert ax.get_title().startswith("jobs: canadian - french\n")
    assert np.allclose([p.get_height() for p in ax.patches[:2]], res.first_order)

    x = np.random.default_rng(2).uniform(size=(300, 2))
    box = prim(x, x[:, 1] < 0.3)
    ax = plot_prim(_Study(condition="canadian beats french", prim=box), ax=Figure().subplots())
    assert ax.get_title().startswith("canadian beats french\n")
    assert len(ax.collections[0].get_offsets()) == box.steps
