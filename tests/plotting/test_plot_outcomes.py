"""Tests of ssestrategy.plotting.plot_fan and fan_quantiles."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from ssestrategy.errors import ModelError
from ssestrategy.plotting import fan_quantiles, plot_fan

RNG = np.random.default_rng(7)
DATA = RNG.normal(size=(2, 50, 9)).cumsum(axis=-1)  # (strategies, scenarios, periods + 1)


class Trajectories:
    """Duck-typed ensemble that kept trajectories (quarterly, two years)."""

    strategies = ("a", "b")
    outcome_names = ("jobs",)
    periods_per_year = 4
    years = np.array([0.0, 1.0, 2.0])
    n_scenarios = 50
    trajectories = DATA[None]
    checkpoints = DATA[None][..., ::4]

    def trajectory(self, name: str) -> Any:
        if name != "jobs":
            raise ModelError.at("name", f"unknown outcome {name!r}")
        return DATA

    def outcome(self, name: str, at: float | None = None) -> Any:
        k = 8 if at is None else round(at * 4)
        return DATA[..., k]


class Checkpoints(Trajectories):
    trajectories = None


class Summaries(Checkpoints):
    checkpoints = None

    class stats:  # mimics OutcomeStats
        @staticmethod
        def quantile(q: float) -> Any:
            # (outcomes, checkpoints, strategies)
            return np.quantile(DATA[..., ::4], q, axis=1).T[None]


def test_trajectories_give_every_period() -> None:
    times, values, source = fan_quantiles(Trajectories(), "jobs", (0.1, 0.5, 0.9))
    assert source == "trajectories"
    assert np.allclose(times, np.arange(9) / 4)
    assert np.allclose(values, np.quantile(DATA, [0.1, 0.5, 0.9], axis=1))


def test_checkpoints_and_histograms_give_years() -> None:
    for ens, source in ((Checkpoints(), "checkpoints"), (Summaries(), "histograms")):
        times, values, src = fan_quantiles(ens, "jobs", (0.25, 0.5))
        assert src == source
        assert times.tolist() == [0.0, 1.0, 2.0]
        assert np.allclose(values, np.quantile(DATA[..., ::4], [0.25, 0.5], axis=1))


def test_median_lines_and_bands() -> None:
    ax = plot_fan(Trajectories(), "jobs", ax=Figure().subplots())
    assert len(ax.lines) == 2  # one median per strategy
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 4  # 10-90 and 25-75 per strategy
    assert np.allclose(ax.lines[0].get_ydata(), np.median(DATA[0], axis=0))
    assert np.allclose(ax.lines[1].get_xdata(), np.arange(9) / 4)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert ax.get_xlabel() == "year" and ax.get_ylabel() == "jobs (people)"
    assert "median line; bands 10%-90%, 25%-75%" in ax.get_title()


def test_band_edges_are_the_quantiles() -> None:
    ax = plot_fan(Checkpoints(), "jobs", ax=Figure().subplots(), quantiles=(0.2, 0.8))
    assert len(ax.lines) == 0  # even number of quantiles: no middle line
    (band, *_) = ax.collections
    verts = band.get_paths()[0].vertices
    lo = np.quantile(DATA[0, :, ::4], 0.2, axis=0)
    hi = np.quantile(DATA[0, :, ::4], 0.8, axis=0)
    ys = set(np.round(verts[:, 1], 9).tolist())
    assert set(np.round(lo, 9).tolist()) <= ys and set(np.round(hi, 9).tolist()) <= ys


def test_choose_strategies() -> None:
    ax = plot_fan(Trajectories(), "jobs", ax=Figure().subplots(), strategies=["b"])
    assert len(ax.lines) == 1
    assert np.allclose(ax.lines[0].get_ydata(), np.median(DATA[1], axis=0))
    with pytest.raises(ModelError) as err:
        plot_fan(Trajectories(), "jobs", strategies=["b", "z"])
    assert err.value.path == "strategies[1]"


@pytest.mark.parametrize(
    ("quantiles", "path"),
    [((), "quantiles"), ((0.5, 0.2), "quantiles"), ((0.1, 1.5), "quantiles[1]")],
)
def test_bad_quantiles(quantiles: tuple[float, ...], path: str) -> None:
    with pytest.raises(ModelError) as err:
        plot_fan(Trajectories(), "jobs", quantiles=quantiles)
    assert err.value.path == path


def test_unknown_outcome() -> None:
    with pytest.raises(ModelError):
        plot_fan(Trajectories(), "wealth")
    with pytest.raises(ModelError) as err:
        fan_quantiles(Summaries(), "wealth")
    assert err.value.path == "outcome"


def test_real_ensemble_and_comparison() -> None:
    simulation = pytest.importorskip("ssestrategy.simulation")
    from ssestrategy.datasets import tiznit

    case = tiznit()
    ens = simulation.simulate(
        case,
        ["status-quo", "french-agency"],
        n_scenarios=8,
        rng=1,
        periods=8,
        trajectories=True,
    )
    ax = plot_fan(ens, "survival", ax=Figure().subplots())
    assert len(ax.lines) == 2
    expected = np.median(ens.trajectory("survival")[0], axis=0)
    assert np.allclose(ax.lines[0].get_ydata(), expected)
    assert len(ax.lines[0].get_xdata()) == 9


def test_a_comparison_is_read_through_its_ensemble() -> None:
    class Comparison:
        ensemble = Trajectories()

    ax = plot_fan(Comparison(), "jobs", ax=Figure().subplots())
    assert np.allclose(ax.lines[0].get_ydata(), np.median(DATA[0], axis=0))
