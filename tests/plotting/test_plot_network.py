"""Tests of ssestrategy.plotting.plot_network: artists drawn, subsampling, determinism."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from ssestrategy.errors import ModelError
from ssestrategy.model import Actor, Partnership, Pole, Territory
from ssestrategy.plotting import plot_network
from ssestrategy.plotting.network import _subsample

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


def _territory(n_coops: int = 6) -> Territory:
    coops = [
        Actor(id=f"c{i}", name=f"Coop {i}", kind="cooperative", capacities=CAPS, members=i + 1)
        for i in range(n_coops)
    ]
    council = Actor(id="council", name="Council", kind="public_authority", capacities=CAPS)
    ties = [
        Partnership(source="council", target=f"c{i}", kind="convention", intensity=0.5)
        for i in range(0, n_coops, 2)
    ]
    ties.append(Partnership(source="c0", target="c1", kind="market", intensity=1.0))
    ties.append(Partnership(source="c1", target="c0", kind="training", intensity=0.25))
    poles = [
        Pole(id="argan", name="Argan", value_chain="argan", members=("c0", "c1"), anchor="c0"),
        Pole(id="fish", name="Fish", value_chain="fish", members=("c1", "c2")),
    ]
    return Territory(name="T", actors=[council, *coops], partnerships=ties, poles=poles)


def _points(ax: plt.Axes) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def test_one_point_per_actor_and_one_line_per_linked_pair() -> None:
    t = _territory()
    ax = plot_network(t, ax=Figure().subplots())
    pts = _points(ax)
    assert sum(len(c.get_offsets()) for c in pts) == 7
    edges = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(edges) == 1
    # council-c0, council-c2, council-c4, and c0-c1 (two parallel ties merged)
    assert len(edges[0].get_segments()) == 4
    assert ax.get_title() == "T: 7 actors, 4 linked pairs"


def test_pole_colours_and_legend() -> None:
    """c1 is in both poles and takes the first one's colour; the anchor has a black outline."""
    ax = plot_network(_territory(), ax=Figure().subplots())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Argan", "Fish", "no pole"]
    sizes = {c.get_label(): len(c.get_offsets()) for c in _points(ax)}
    assert sizes == {"Argan": 2, "Fish": 1, "no pole": 4}
    argan = next(c for c in _points(ax) if c.get_label() == "Argan")
    edges = argan.get_edgecolors()
    # c0 (anchor) outlined in black, c1 not
    assert np.allclose(edges[0], [0, 0, 0, 1])
    assert edges[1][3] == 0.0


def test_colour_by_kind() -> None:
    ax = plot_network(_territory(), ax=Figure().subplots(), color_by="kind")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["cooperative", "public_authority"]


def test_sizes_grow_with_members() -> None:
    ax = plot_network(_territory(), ax=Figure().subplots(), size_by="members", color_by="kind")
    coops = next(c for c in _points(ax) if c.get_label() == "cooperative")
    sizes = coops.get_sizes()
    assert np.all(np.diff(sizes) > 0)  # members 1..6 in actor order
    council = next(c for c in _points(ax) if c.get_label() == "public_authority")
    assert council.get_sizes()[0] < sizes[0]  # no members: the smallest size


def test_same_seed_same_picture_other_seed_other_layout() -> None:
    t = _territory()
    a = np.vstack([c.get_offsets() for c in _points(plot_network(t, ax=Figure().subplots()))])
    b = np.vstack([c.get_offsets() for c in _points(plot_network(t, ax=Figure().subplots()))])
    c = np.vstack(
        [c.get_offsets() for c in _points(plot_network(t, ax=Figure().subplots(), rng=5))]
    )
    assert np.array_equal(a, b)
    assert not np.allclose(a, c)


def test_subsample_keeps_institutions_and_anchors() -> None:
    t = _territory(n_coops=40)
    ax = plot_network(t, ax=Figure().subplots(), max_nodes=10, rng=3)
    assert sum(len(c.get_offsets()) for c in _points(ax)) == 10
    assert ax.get_title().startswith("T: 10 of 41 actors")
    idx = _subsample(np.zeros(41), np.isin(np.arange(41), [0, 1]), 10, np.random.default_rng(3))
    assert idx.size == 10 and {0, 1} <= set(idx.tolist())
    assert np.all(np.diff(idx) > 0)


def test_subsample_when_priority_actors_exceed_the_cap() -> None:
    degree = np.array([1.0, 5.0, 3.0, 5.0, 0.0])
    idx = _subsample(degree, np.ones(5, dtype=bool), 2, np.random.default_rng(0))
    assert idx.tolist() == [1, 3]


def test_isolated_actors_sit_on_a_ring_outside_the_linked_ones() -> None:
    t = _territory()  # c3 and c5 have no partnership
    ax = plot_network(t, ax=Figure().subplots(), color_by="kind")
    coops = next(c for c in _points(ax) if c.get_label() == "cooperative").get_offsets()
    council = next(c for c in _points(ax) if c.get_label() == "public_authority").get_offsets()
    r = np.hypot(coops[:, 0], coops[:, 1])
    linked = np.hypot(*np.vstack([coops[[0, 1, 2, 4]], council]).T)
    assert np.allclose(r[[3, 5]], 1.15 * linked.max())


def test_accepts_a_case_and_opens_a_figure_only_without_ax() -> None:
    from ssestrategy.datasets import tiznit

    case = tiznit()
    before = len(plt.get_fignums())
    ax = plot_network(case, ax=Figure().subplots(), max_nodes=60)
    assert len(plt.get_fignums()) == before
    assert sum(len(c.get_offsets()) for c in _points(ax)) == 60
    ax2 = plot_network(case.territory, max_nodes=30)
    assert len(plt.get_fignums()) == before + 1
    assert ax2.figure is plt.gcf()


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"color_by": "size"}, "color_by"),
        ({"size_by": "age"}, "size_by"),
        ({"max_nodes": 0}, "max_nodes"),
        ({"max_nodes": True}, "max_nodes"),
        ({"ax": "axes"}, "ax"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ModelError) as err:
        plot_network(_territory(), **kwargs)  # type: ignore[arg-type]
    assert err.value.path == path


def test_not_a_territory() -> None:
    with pytest.raises(ModelError, match="expected a Territory"):
        plot_network("tiznit")  # type: ignore[arg-type]
