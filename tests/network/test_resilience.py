"""Resilience: connectivity after removing actors, and the poles' networking without them."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from ssestrategy.errors import ModelError
from ssestrategy.model import Actor, Partnership, Pole, Territory
from ssestrategy.network import (
    cohesion,
    connectivity,
    networking_level,
    remove_actors,
    resilience,
    territory_network,
)

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


def _star(leaves: int = 6) -> Territory:
    ids = [f"l{i}" for i in range(leaves)]
    return Territory(
        name="Star",
        actors=[Actor(id="hub", name="Chamber", kind="chamber", capacities=CAPS)]
        + [Actor(id=i, name=i, kind="cooperative", capacities=CAPS) for i in ids],
        partnerships=[
            Partnership(source="hub", target=i, kind="training", intensity=0.5) for i in ids
        ],
        poles=[Pole(id="p", name="P", value_chain="x", members=("hub", *ids[:3]))],
    )


def test_removing_the_hub_of_a_star_disconnects_everything() -> None:
    net = territory_network(_star(6))
    res = resilience(net, ["hub", "l0"])
    base = res.baseline
    assert (base.n_components, base.largest_component_share, base.isolated) == (1, 1.0, 0)
    # star with 6 leaves: 12 ordered hub-leaf pairs at 1, 30 leaf-leaf pairs at 2
    assert base.average_shortest_path == pytest.approx((12 + 60) / 42)
    assert base.efficiency == pytest.approx((12 + 15) / 42)
    hub = res.removals[0]
    assert hub.removed == ("hub",)
    c = hub.connectivity
    assert (c.n_actors, c.n_components, c.isolated) == (6, 6, 6)
    assert c.largest_component_share == pytest.approx(1 / 6)
    assert c.efficiency == 0.0 and c.average_shortest_path is None
    leaf = res.removals[1].connectivity
    assert (leaf.n_components, leaf.largest_component_share) == (1, 1.0)
    # the pole (hub + 3 leaves, ties hub-leaf 0.5): internal strength 2 * 1.5 / 4 = 0.75
    expected = networking_level(0.4, cohesion(0.75, 1.0))
    assert res.baseline_networking[0] == pytest.approx(float(expected))
    # without the hub the pole's members have no tie between them: cohesion 0
    assert hub.networking[0] == pytest.approx(0.2)
    assert hub.success[0] < res.baseline_success[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_connectivity_equals_networkx(seed: int) -> None:
    g = nx.gnm_random_graph(80, 90, seed=seed)
    c = connectivity(g)
    comps = sorted(nx.connected_components(g), key=len, reverse=True)
    assert c.n_components == len(comps)
    assert c.largest_component == len(comps[0])
    assert c.isolated == sum(1 for v in g if g.degree(v) == 0)
    assert c.efficiency == pytest.approx(nx.global_efficiency(g))
    giant = g.subgraph(comps[0])
    assert c.average_shortest_path == pytest.approx(nx.average_shortest_path_length(giant))
    assert c.exact and c.n_sources == 80


def test_sampled_connectivity_is_reproducible_and_close() -> None:
    g = nx.connected_watts_strogatz_graph(600, 6, 0.1, seed=1)
    exact = connectivity(g)
    a = connectivity(g, k=100, rng=4, exact_max_nodes=100)
    b = connectivity(g, k=100, rng=4, exact_max_nodes=100)
    assert not a.exact and a.n_sources == 100
    assert a == b
    assert a.efficiency == pytest.approx(exact.efficiency, rel=0.05)
    assert a.average_shortest_path == pytest.approx(exact.average_shortest_path, rel=0.05)


def test_remove_actors_group_and_errors() -> None:
    net = territory_network(_star(4))
    r = remove_actors(net, ["l0", "l1"], label="two leaves")
    assert r.label == "two leaves" and r.connectivity.n_actors == 3
    res = resilience(net, {"leaves": ["l0", "l1"], "hub": ["hub"]})
    assert [x.label for x in res.removals] == ["leaves", "hub"]
    with pytest.raises(ModelError, match="unknown actor"):
        resilience(net, ["ghost"])
    with pytest.raises(ModelError):
        resilience(net, "hub")
    with pytest.raises(ModelError) as err:
        resilience(net, ["hub"], cohesion_scale=0.0)
    assert err.value.path == "cohesion_scale"


def test_empty_and_edgeless() -> None:
    c = connectivity(nx.empty_graph(0))
    assert c.n_actors == 0 and c.efficiency == 0.0
    c = connectivity(nx.empty_graph(3))
    assert (c.n_components, c.isolated, c.average_shortest_path) == (3, 3, None)
    assert math.isclose(c.largest_component_share, 1 / 3)
