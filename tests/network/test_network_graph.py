"""Graph views of a territory: to_graph / from_graph round trip, weighted view, arrays."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from network_strategies import small_territories

from ssestrategy.errors import ModelError
from ssestrategy.model import (
    Actor,
    Assumption,
    Indicator,
    Partnership,
    Pole,
    Source,
    Territory,
)
from ssestrategy.network import (
    from_graph,
    territory_network,
    to_graph,
    weighted_graph,
)

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.0, "governance": 1.0}


def _territory() -> Territory:
    src = Source("HCP 2024 census", label="official")
    return Territory(
        name="Demo",
        region="Souss-Massa",
        country="Morocco",
        code="09.581",
        indicators=(Indicator(name="population", value=1000.0, year=2024, provenance=src),),
        actors=(
            Actor(id="council", name="Council", kind="public_authority", capacities=CAPS),
            Actor(
                id="coop-1",
                name="Argan coop",
                kind="cooperative",
                capacities=CAPS,
                members=20,
                women_share=1.0,
                commune="Tiznit",
                rural=False,
                value_chain="argan",
                provenance=Assumption("guess", low=0.1, high=0.5),
            ),
            Actor(id="coop-2", name="Silver coop", kind="cooperative", capacities=CAPS),
            Actor(id="lonely", name="Isolated artisan", kind="artisan", capacities=CAPS),
        ),
        partnerships=(
            Partnership(source="council", target="coop-1", kind="convention", intensity=0.5),
            Partnership(
                source="coop-1",
                target="council",
                kind="financing",
                intensity=0.25,
                directed=True,
                start=2021,
                budget=1e5,
                provenance=src,
            ),
            Partnership(source="coop-2", target="coop-1", kind="market", intensity=1.0),
        ),
        poles=(
            Pole(id="argan", name="Argan", value_chain="argan", members=("coop-1", "coop-2")),
            Pole(id="inst", name="Inst", value_chain="all", members=("council", "coop-1")),
        ),
        provenance=src,
    )


def test_to_graph_carries_every_attribute() -> None:
    t = _territory()
    g = to_graph(t)
    assert isinstance(g, nx.MultiGraph)
    assert list(g) == ["council", "coop-1", "coop-2", "lonely"]
    assert g.number_of_edges() == 3  # the two council/coop-1 ties stay parallel
    a = g.nodes["coop-1"]
    assert a["kind"] == "cooperative" and isinstance(a["kind"], str)
    assert (a["financing"], a["innovation"], a["governance"]) == (0.2, 0.0, 1.0)
    assert a["poles"] == ("argan", "inst")
    assert g.nodes["lonely"]["poles"] == ()
    assert a["women_share"] == 1.0 and a["commune"] == "Tiznit"
    e = g.edges["coop-1", "council", 1]
    assert e["source"] == "coop-1" and e["target"] == "council"
    assert e["kind"] == "financing" and e["directed"] is True and e["budget"] == 1e5
    assert e["weight"] == e["intensity"] == 0.25
    assert g.graph["code"] == "09.581"
    assert g.graph["poles"] == t.poles


def test_round_trip_hand_case() -> None:
    t = _territory()
    assert from_graph(to_graph(t)) == t


@settings(max_examples=60, deadline=None)
@given(small_territories())
def test_round_trip_property(t: Territory) -> None:
    assert from_graph(to_graph(t)) == t


def test_from_graph_plain_graph_and_errors() -> None:
    g = nx.Graph(name="Tiny")
    g.add_node("a", name="A", kind="cooperative", **CAPS)
    g.add_node("b", name="B", kind="association", **CAPS)
    g.add_edge("a", "b", kind="federation", intensity=0.5)
    t = from_graph(g)
    assert [a.id for a in t.actors] == ["a", "b"]
    assert t.partnerships[0].intensity == 0.5
    g.nodes["b"]["kind"] = "guild"
    with pytest.raises(ModelError) as err:
        from_graph(g)
    assert err.value.path == "nodes['b'].kind"
    del g.nodes["a"]["networking"]
    with pytest.raises(ModelError, match="missing attribute") as err:
        from_graph(g)
    assert err.value.path == "nodes['a'].networking"


def test_weighted_graph_sums_parallel_ties() -> None:
    g = weighted_graph(_territory())
    assert g["council"]["coop-1"] == {"weight": 0.75, "ties": 2}
    assert g["coop-1"]["coop-2"] == {"weight": 1.0, "ties": 1}
    assert g.degree("lonely") == 0
    assert g.nodes["council"]["kind"] == "public_authority"


@settings(max_examples=40, deadline=None)
@given(small_territories())
def test_network_arrays_match_weighted_graph(t: Territory) -> None:
    """The sparse adjacency equals networkx's adjacency of the weighted view."""
    net = territory_network(t)
    ref = nx.to_scipy_sparse_array(weighted_graph(t), nodelist=net.ids, weight="weight")
    np.testing.assert_allclose(net.adjacency.toarray(), ref.toarray(), atol=1e-12)
    assert net.n_ties == len(t.partnerships)
    for p, pole in enumerate(t.poles):
        members = {net.ids[i] for i in np.flatnonzero(net.membership.toarray()[:, p])}
        assert members == set(pole.members)
    assert net.capacities.shape == (len(t.actors), 4)


def test_network_lookups() -> None:
    net = territory_network(_territory())
    assert net.index("coop-2") == 2
    with pytest.raises(ModelError, match="unknown actor"):
        net.index("nobody")
    assert net.kind_mask(["cooperative"]).tolist() == [False, True, True, False]
    assert net.tie_kind_mask(["market"]).tolist() == [False, False, True]
    assert net.binary.toarray().sum() == 4  # two linked pairs, both directions
