"""Actor and pole metrics: equal to networkx on the same graph, published values, scaling."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from network_strategies import small_territories

from ssestrategy.errors import ModelError
from ssestrategy.model import Actor, Partnership, Pole, Territory
from ssestrategy.network import (
    actor_metrics,
    adjacency_matrix,
    betweenness,
    bridging_ties,
    burt_constraint,
    degree,
    effective_size,
    eigenvector_centrality,
    key_actors,
    pagerank,
    pole_density,
    strength,
    territory_network,
    weighted_graph,
)

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


def _graph(seed: int, n: int = 60, m: int = 150) -> nx.Graph:
    """A weighted random graph with an isolated node."""
    g = nx.gnm_random_graph(n, m, seed=seed)
    g.add_node(n + 5)
    rng = np.random.default_rng(seed)
    for u, v in g.edges:
        g[u][v]["weight"] = float(rng.uniform(0.05, 1.0))
    return g


def _arr(g: nx.Graph, values: dict[object, float]) -> np.ndarray:
    return np.array([values[v] for v in g], dtype=float)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_degree_strength_equal_networkx(seed: int) -> None:
    g = _graph(seed)
    np.testing.assert_array_equal(degree(g), _arr(g, dict(g.degree)))
    np.testing.assert_allclose(strength(g), _arr(g, dict(g.degree(weight="weight"))))
    np.testing.assert_allclose(strength(g, weight=None), degree(g))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("normalized", [True, False])
def test_exact_betweenness_equals_networkx(seed: int, normalized: bool) -> None:
    g = _graph(seed)
    ref = _arr(g, nx.betweenness_centrality(g, normalized=normalized))
    got = betweenness(g, normalized=normalized)
    assert not got.sampled and got.k == g.number_of_nodes()
    np.testing.assert_allclose(got.values, ref, atol=1e-12)


def test_betweenness_krackhardt_kite() -> None:
    """Krackhardt (1990), 'Assessing the political landscape', the kite network: Heather (7)
    has betweenness 14, Fernando and Garth (5, 6) 8.33, Ike (8) 8, Diane (3) 3.67, Andre and
    Beverly (0, 1) 0.83 (unnormalised, pairs counted once)."""
    got = betweenness(nx.krackhardt_kite_graph(), normalized=False).values
    np.testing.assert_allclose(
        got, [5 / 6, 5 / 6, 0, 11 / 3, 0, 25 / 3, 25 / 3, 14, 8, 0], atol=1e-12
    )


@pytest.mark.parametrize("normalized", [True, False])
def test_sampled_betweenness_equals_networkx_with_same_sources(normalized: bool) -> None:
    """networkx draws its k sources with random.Random(seed).sample(list(G), k); with the same
    sources our estimate (including the k-rescaling of sources vs other nodes) is identical."""
    g = _graph(3, n=80, m=240)
    k, seed = 12, 5
    nodes = list(g)
    picked = random.Random(seed).sample(nodes, k)
    ref = _arr(g, nx.betweenness_centrality(g, k=k, seed=seed, normalized=normalized))
    got = betweenness(g, sources=[nodes.index(v) for v in picked], normalized=normalized)
    assert got.sampled and got.k == k
    np.testing.assert_allclose(got.values, ref, atol=1e-12)


def test_sampled_betweenness_reproducible() -> None:
    g = nx.gnm_random_graph(400, 1600, seed=4)
    a = betweenness(g, k=20, rng=11)
    b = betweenness(g, k=20, rng=11)
    c = betweenness(g, k=20, rng=12)
    assert a.sampled and a.k == 20
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.sources, b.sources)
    assert not np.array_equal(a.sources, c.sources)
    gen = betweenness(g, k=20, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(gen.values, a.values)
    ss = betweenness(g, k=20, rng=np.random.SeedSequence(11))
    np.testing.assert_array_equal(ss.values, a.values)
    # k >= n is the exact computation; exact_max_nodes switches the default to sampling
    np.testing.assert_allclose(betweenness(g, k=400).values, betweenness(g).values)
    assert betweenness(g, exact_max_nodes=100).k == 64


def test_sampled_betweenness_is_close_on_average() -> None:
    """The estimator is unbiased: the mean over many seeds approaches the exact values."""
    g = nx.barabasi_albert_graph(200, 3, seed=1)
    exact = betweenness(g).values
    mean = np.mean([betweenness(g, k=40, rng=s).values for s in range(100)], axis=0)
    top = np.argsort(-exact)[:5]
    np.testing.assert_allclose(mean[top], exact[top], rtol=0.1)


def test_betweenness_rejects_bad_arguments() -> None:
    g = nx.path_graph(5)
    with pytest.raises(ModelError) as err:
        betweenness(g, k=0)
    assert err.value.path == "k"
    with pytest.raises(ModelError):
        betweenness(g, sources=[0, 0])
    with pytest.raises(ModelError):
        betweenness(g, sources=[7])
    with pytest.raises(ModelError) as err:
        betweenness(g, k=2, rng="x")  # type: ignore[arg-type]
    assert err.value.path == "rng"


@pytest.mark.parametrize("seed", [0, 1])
def test_eigenvector_and_pagerank_equal_networkx(seed: int) -> None:
    g = _graph(seed)
    giant = g.subgraph(max(nx.connected_components(g), key=len)).copy()
    ref = _arr(giant, nx.eigenvector_centrality(giant, weight="weight"))
    np.testing.assert_allclose(eigenvector_centrality(giant), ref, atol=1e-5)
    ref = _arr(giant, nx.eigenvector_centrality(giant, weight=None))
    np.testing.assert_allclose(eigenvector_centrality(giant, weight=None), ref, atol=1e-5)
    for alpha in (0.85, 0.5):
        ref = _arr(g, nx.pagerank(g, alpha=alpha, weight="weight"))
        np.testing.assert_allclose(pagerank(g, alpha=alpha), ref, atol=1e-6)
    assert pagerank(g).sum() == pytest.approx(1.0)


def _borgatti() -> nx.Graph:
    """Borgatti (1997), 'Structural holes: unpacking Burt's redundancy measures', Connections
    20(1): the example ego network, with the tie weights used in networkx's tests."""
    g = nx.Graph()
    w = {
        ("A", "B"): 2,
        ("A", "F"): 3,
        ("A", "G"): 5,
        ("A", "E"): 2,
        ("E", "G"): 8,
        ("F", "G"): 3,
        ("B", "G"): 4,
        ("B", "D"): 1,
        ("D", "G"): 3,
        ("G", "C"): 10,
    }
    for (u, v), x in w.items():
        g.add_edge(u, v, weight=float(x))
    return g


def test_burt_measures_published_values() -> None:
    """Values from Borgatti (1997) and UCINET/igraph, as recorded in networkx's test suite:
    unweighted constraint G 0.400, A 0.595, C 1; effective size G 4.67, A 2.50, C 1;
    weighted constraint G 0.299, A 0.795; weighted effective size G 5.47, A 2.47."""
    g = _borgatti()
    idx = {v: i for i, v in enumerate(g)}
    c0, e0 = burt_constraint(g, weight=None), effective_size(g, weight=None)
    c1, e1 = burt_constraint(g), effective_size(g)
    assert c0[idx["G"]] == pytest.approx(0.400, abs=1e-3)
    assert c0[idx["A"]] == pytest.approx(0.595, abs=1e-3)
    assert c0[idx["C"]] == pytest.approx(1.0, abs=1e-3)
    assert e0[idx["G"]] == pytest.approx(4.67, abs=1e-2)
    assert e0[idx["A"]] == pytest.approx(2.50, abs=1e-2)
    assert e0[idx["C"]] == pytest.approx(1.0, abs=1e-2)
    assert c1[idx["G"]] == pytest.approx(0.299, abs=1e-3)
    assert c1[idx["A"]] == pytest.approx(0.795, abs=1e-3)
    assert e1[idx["G"]] == pytest.approx(5.47, abs=1e-2)
    assert e1[idx["A"]] == pytest.approx(2.47, abs=1e-2)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("weight", ["weight", None])
def test_burt_measures_equal_networkx(seed: int, weight: str | None) -> None:
    """Equal to networkx computed node by node (``nodes=list(G)``). networkx 3.6's whole-graph
    shortcut for weighted effective size normalises by the wrong axis (networkx PR #8906)."""
    g = _graph(seed)
    nodes = list(g)
    ref_c = _arr(g, nx.constraint(g, nodes=nodes, weight=weight))
    ref_e = _arr(g, nx.effective_size(g, nodes=nodes, weight=weight))
    np.testing.assert_allclose(burt_constraint(g, weight=weight), ref_c, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(effective_size(g, weight=weight), ref_e, atol=1e-12, equal_nan=True)
    assert np.isnan(burt_constraint(g)[-1])  # the isolated node


def test_burt_measures_on_dense_graph_and_restriction() -> None:
    """Many triangles (several wedge chunks would be needed at scale): still equal."""
    g = nx.gnm_random_graph(40, 500, seed=9)
    rng = np.random.default_rng(9)
    for u, v in g.edges:
        g[u][v]["weight"] = float(rng.uniform(0.1, 1.0))
    nodes = list(g)
    np.testing.assert_allclose(
        burt_constraint(g), _arr(g, nx.constraint(g, nodes=nodes, weight="weight")), atol=1e-12
    )
    part = burt_constraint(g, nodes=[0, 3])
    assert np.isnan(part[1]) and part[3] == pytest.approx(burt_constraint(g)[3])


def test_adjacency_checks() -> None:
    with pytest.raises(ModelError, match="undirected"):
        adjacency_matrix(nx.DiGraph([(0, 1)]))
    with pytest.raises(ModelError, match="self-loops"):
        adjacency_matrix(nx.Graph([(0, 0)]))
    with pytest.raises(ModelError, match="symmetric"):
        adjacency_matrix(np.array([[0.0, 1.0], [0.0, 0.0]]))
    with pytest.raises(ModelError, match="finite"):
        adjacency_matrix(np.array([[0.0, np.nan], [np.nan, 0.0]]))
    with pytest.raises(ModelError, match="non-negative"):
        adjacency_matrix(np.array([[0.0, -1.0], [-1.0, 0.0]]))
    np.testing.assert_array_equal(degree(np.array([[0, 2.0], [2.0, 0]])), [1, 1])


@settings(max_examples=30, deadline=None)
@given(small_territories(min_actors=2))
def test_territory_network_metrics_equal_weighted_graph(t: Territory) -> None:
    """On a territory, the array view gives the same numbers as networkx on weighted_graph."""
    net = territory_network(t)
    g = weighted_graph(t)
    np.testing.assert_allclose(strength(net), strength(g))
    np.testing.assert_allclose(
        betweenness(net).values, _arr(g, nx.betweenness_centrality(g)), atol=1e-12
    )
    np.testing.assert_allclose(
        burt_constraint(net),
        _arr(g, nx.constraint(g, nodes=list(g), weight="weight")),
        atol=1e-9,
        equal_nan=True,
    )


def _pole_territory() -> Territory:
    ids = ["c1", "c2", "c3", "e1", "bank", "afd", "council"]
    kinds = ["cooperative"] * 3 + ["enterprise", "financial_institution"]
    kinds += ["development_agency", "public_authority"]
    ties = [
        ("c1", "c2", "federation"),
        ("c2", "c3", "federation"),
        ("c1", "c3", "market"),  # a market tie inside the pole
        ("c3", "e1", "convention"),  # an enterprise partner
        ("bank", "c1", "financing"),
        ("bank", "c2", "financing"),
        ("council", "c1", "convention"),
        ("council", "e1", "convention"),
    ]
    return Territory(
        name="Poles",
        actors=[
            Actor(id=i, name=i, kind=k, capacities=CAPS) for i, k in zip(ids, kinds, strict=True)
        ],
        partnerships=[Partnership(source=u, target=v, kind=k, intensity=0.5) for u, v, k in ties],
        poles=[
            Pole(id="coops", name="Coops", value_chain="argan", members=("c1", "c2", "c3")),
            Pole(id="trade", name="Trade", value_chain="argan", members=("c3", "e1")),
        ],
    )


def test_pole_density_by_hand_and_networkx() -> None:
    t = _pole_territory()
    net = territory_network(t)
    d = pole_density(net)
    g = weighted_graph(t)
    assert d[0, 0] == pytest.approx(nx.density(g.subgraph(["c1", "c2", "c3"])))  # 3/3 = 1
    assert d[1, 1] == pytest.approx(1.0)  # c3-e1
    # between: pairs (u in coops, v in trade, u != v): 3*2 - 1 shared = 5; tied: c3-e1 only
    # (c3-c3 excluded; c1-c3 and c2-c3 count since c3 is in both) -> c1-c3, c2-c3, c3-e1 = 3
    assert d[0, 1] == pytest.approx(3 / 5)
    np.testing.assert_allclose(d, d.T)
    w = pole_density(net, weight="weight")
    assert w[0, 0] == pytest.approx(0.5)


def test_bridging_ties_by_hand() -> None:
    net = territory_network(_pole_territory())
    b = bridging_ties(net)
    assert b.categories == ("financing", "market", "institutional")
    # coops: financing bank-c1, bank-c2 (2 ties, 1 partner); market c1-c3 (kind market,
    # both ends members: counted once; partners c1 and c3) + c3-e1 (enterprise): 2 ties,
    # 3 distinct partners; institutional council-c1
    np.testing.assert_array_equal(b.ties[0], [2, 2, 1])
    np.testing.assert_array_equal(b.partners[0], [1, 3, 1])
    # trade: market: c1-c3 (market kind) and c3-e1 (e1 enterprise); institutional council-e1
    np.testing.assert_array_equal(b.ties[1], [0, 2, 1])
    np.testing.assert_array_equal(b.available, [2, 1, 1])
    np.testing.assert_allclose(b.intensity[0], [1.0, 1.0, 0.5])


def test_actor_metrics_and_key_actors() -> None:
    t = _pole_territory()
    net = territory_network(t)
    m = actor_metrics(net)
    assert m.betweenness.sampled is False
    assert np.all((m.score > 0) & (m.score <= 1))
    keys = key_actors(net, m, top=3)
    assert [k.rank for k in keys] == [1, 2, 3]
    assert keys[0].score == pytest.approx(float(m.score.max()))
    # the ranking is by score, ties broken by strength then id
    order = sorted(range(len(m.ids)), key=lambda i: (-m.score[i], -m.strength[i], m.ids[i]))
    assert [k.id for k in keys] == [m.ids[i] for i in order[:3]]
    assert keys[0].kind in {"cooperative", "public_authority", "enterprise"}
