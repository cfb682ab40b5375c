"""Tests of the foresight figures: MICMAC plane, MACTOR plane, convergence heatmap and map."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from ssestrategy.errors import ModelError
from ssestrategy.foresight import mactor, micmac
from ssestrategy.plotting import (
    convergence_map,
    plot_convergence,
    plot_mactor,
    plot_micmac,
)

MATRIX = np.array(
    [
        [0, 3, 1, 0],
        [1, 0, 2, 2],
        [0, 1, 0, 1],
        [2, 0, 0, 0],
    ],
    dtype=float,
)
LABELS = ["skills", "finance", "law", "markets"]
MDI = [[0, 2, 1], [3, 0, 4], [1, 0, 0]]
MAO = [[2, -1], [3, 2], [-1, 4]]
ACTORS = ["council", "agency", "coop"]


def _texts(ax: object) -> list[str]:
    return [t.get_text() for t in ax.texts]  # type: ignore[attr-defined]


def test_micmac_indirect_plane() -> None:
    res = micmac(MATRIX, labels=LABELS)
    ax = plot_micmac(res, ax=Figure().subplots())
    pts = ax.collections[0].get_offsets()
    assert np.allclose(pts[:, 0], res.indirect_dependence)
    assert np.allclose(pts[:, 1], res.indirect_influence)
    assert _texts(ax)[:4] == LABELS
    assert _texts(ax)[4:] == ["influent", "relay", "dependent", "autonomous"]
    assert ax.lines[0].get_xdata()[0] == pytest.approx(res.indirect_dependence_threshold)
    assert ax.lines[1].get_ydata()[0] == pytest.approx(res.indirect_influence_threshold)


def test_micmac_direct_plane() -> None:
    res = micmac(MATRIX, labels=LABELS)
    ax = plot_micmac(res, ax=Figure().subplots(), indirect=False)
    pts = ax.collections[0].get_offsets()
    assert np.allclose(pts[:, 0], MATRIX.sum(axis=0))
    assert np.allclose(pts[:, 1], MATRIX.sum(axis=1))
    assert ax.get_xlabel() == "dependence"


def test_micmac_changed_variables_are_outlined() -> None:
    """V3 is a relay on the direct plane and influent on the indirect one."""
    m = [[0, 2, 2, 1], [1, 0, 0, 0], [0, 3, 0, 3], [2, 2, 3, 0]]
    res = micmac(m)
    assert res.changed == ("V3",)
    ax = plot_micmac(res, ax=Figure().subplots())
    edges = ax.collections[0].get_edgecolors()
    assert [e[3] > 0 for e in edges] == [False, False, True, False]
    ax = plot_micmac(res, ax=Figure().subplots(), indirect=False)
    assert not any(e[3] > 0 for e in ax.collections[0].get_edgecolors())


def test_mactor_plane() -> None:
    res = mactor(MDI, MAO, actors=ACTORS)
    ax = plot_mactor(res, ax=Figure().subplots())
    pts = ax.collections[0].get_offsets()
    assert np.allclose(pts[:, 0], res.dependence)
    assert np.allclose(pts[:, 1], res.influence)
    sizes = ax.collections[0].get_sizes()
    assert np.array_equal(np.argsort(sizes), np.argsort(res.r_star))
    assert _texts(ax) == [*ACTORS, "dominant", "relay", "dominated", "autonomous"]


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("divergence", [False, True])
def test_convergence_heatmap_shows_the_matrix(order: int, divergence: bool) -> None:
    res = mactor(MDI, MAO, actors=ACTORS)
    ax = plot_convergence(res, ax=Figure().subplots(), order=order, divergence=divergence)
    name = f"{'divergence' if divergence else 'convergence'}{order}"
    assert np.array_equal(ax.images[0].get_array(), getattr(res, name))
    assert len(ax.texts) == 9
    assert [t.get_text() for t in ax.get_yticklabels()] == ACTORS
    assert len(ax.figure.axes) == 2  # the heatmap and its colour bar


def test_convergence_map_artists() -> None:
    res = mactor(MDI, MAO, actors=ACTORS)
    ax = plot_convergence(res, ax=Figure().subplots(), kind="map")
    pts = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
    assert np.allclose(pts, convergence_map(res))
    assert _texts(ax) == ACTORS
    assert all(isinstance(c, LineCollection) for c in ax.collections[:-1])


@settings(max_examples=40, deadline=None)
@given(arrays(np.int64, (3, 4), elements=st.integers(-4, 4)))
def test_three_actor_map_reproduces_the_disagreement_shares(mao: np.ndarray) -> None:
    """Three points realise any metric on three points exactly, so classical scaling must give
    Euclidean distances equal to D / (C + D) (0.5 without shared objectives) when that is a
    metric."""
    res = mactor(MDI, mao)
    c, d = res.convergence2, res.divergence2
    tot = c + d
    share = np.divide(d, tot, out=np.full_like(c, 0.5), where=tot > 0)
    np.fill_diagonal(share, 0.0)
    a, b, e = share[0, 1], share[0, 2], share[1, 2]
    if max(a, b, e) > 0.5 * (a + b + e) + 1e-12:  # not a metric (triangle inequality fails)
        return
    xy = convergence_map(res)
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    assert np.allclose(dist, share, atol=1e-6)


def test_bad_arguments() -> None:
    res = mactor(MDI, MAO)
    with pytest.raises(ModelError) as err:
        plot_convergence(res, order=4)
    assert err.value.path == "order"
    with pytest.raises(ModelError) as err:
        plot_convergence(res, kind="graph")  # type: ignore[arg-type]
    assert err.value.path == "kind"
    with pytest.raises(ModelError) as err:
        plot_convergence(res, kind="map", divergence=True)
    assert err.value.path == "divergence"
    with pytest.raises(ModelError, match="MicmacResult"):
        plot_micmac(res)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="MactorResult"):
        plot_mactor(micmac(MATRIX))  # type: ignore[arg-type]
