"""Community detection and partition agreement."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.errors import ModelError
from ssestrategy.model import Actor, Partnership, Pole, Territory
from ssestrategy.network import (
    adjusted_rand_index,
    compare_with_poles,
    detect_communities,
    modularity,
    normalized_mutual_information,
    partition_agreement,
    territory_network,
)
from ssestrategy.network import communities as C

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


# --- agreement -------------------------------------------------------------------------------


def test_ari_hand_cases() -> None:
    """By hand from the contingency table (Hubert & Arabie 1985, eq. 5):
    [0,0,1,1] vs [0,0,1,2]: sum C(n_ij,2) = 1, sum C(a_i,2) = 2, sum C(b_j,2) = 1,
    E = 2*1/6 = 1/3, ARI = (1 - 1/3) / (3/2 - 1/3) = 4/7.
    [0,0,1,1] vs [0,1,0,1]: index 0, E = 2*2/6 = 2/3, ARI = -(2/3) / (2 - 2/3) = -1/2."""
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert adjusted_rand_index(["a", "a", "b"], [7, 7, 3]) == 1.0
    # both trivial in the same way: identical, 1 by convention
    assert adjusted_rand_index([0, 0, 0], [5, 5, 5]) == 1.0
    assert adjusted_rand_index([0, 1, 2], [5, 6, 7]) == 1.0
    # one block against singletons: no pair agreement beyond chance
    assert adjusted_rand_index([0, 0, 0, 0], [0, 1, 2, 3]) == 0.0


def test_nmi_hand_cases() -> None:
    """[0,0,1,1] vs [0,0,1,2]: H(A) = ln 2, H(B) = 1.5 ln 2, I = ln 2 (B refines A), so
    NMI = ln 2 / (1.25 ln 2) = 0.8. Independent partitions give 0."""
    assert normalized_mutual_information([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)
    assert normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(0.0)
    assert normalized_mutual_information([1, 1, 2], [3, 3, 4]) == pytest.approx(1.0)
    assert normalized_mutual_information([0, 0], [1, 1]) == 1.0
    assert normalized_mutual_information([0, 0], [1, 2]) == 0.0


def _rand_pairs(a: list[int], b: list[int]) -> float:
    """Plain reference: ARI from pair counting over all pairs (Hubert & Arabie 1985)."""
    n = len(a)
    pairs = list(itertools.combinations(range(n), 2))
    same_a = [a[i] == a[j] for i, j in pairs]
    same_b = [b[i] == b[j] for i, j in pairs]
    both = sum(x and y for x, y in zip(same_a, same_b, strict=True))
    sa, sb = sum(same_a), sum(same_b)
    expected = sa * sb / len(pairs)
    top = 0.5 * (sa + sb) - expected
    return 1.0 if top == 0 else (both - expected) / top


labels = st.lists(st.integers(0, 3), min_size=2, max_size=12)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_ari_equals_pair_counting_and_is_symmetric(data: st.DataObject) -> None:
    a = data.draw(labels)
    b = data.draw(st.lists(st.integers(0, 3), min_size=len(a), max_size=len(a)))
    assert adjusted_rand_index(a, b) == pytest.approx(_rand_pairs(a, b), abs=1e-12)
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))
    nmi = normalized_mutual_information(a, b)
    assert 0.0 <= nmi <= 1.0 + 1e-12
    assert nmi == pytest.approx(normalized_mutual_information(b, a))
    # relabelling does not matter; identical partitions agree perfectly
    relab = [10 - x for x in a]
    assert adjusted_rand_index(a, relab) == 1.0
    assert normalized_mutual_information(a, relab) == pytest.approx(1.0)


def test_agreement_errors_and_record() -> None:
    with pytest.raises(ModelError) as err:
        adjusted_rand_index([0, 1], [0, 1, 2])
    assert err.value.path == "b"
    with pytest.raises(ModelError):
        normalized_mutual_information([[0, 1]], [[0, 1]])
    rec = partition_agreement([0, 0, 1, 1], [0, 0, 1, 2])
    assert rec.n == 4 and rec.nmi_normalization == "arithmetic"


# --- modularity and detection ----------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_modularity_equals_networkx(seed: int) -> None:
    g = nx.gnm_random_graph(50, 120, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in g.edges:
        g[u][v]["weight"] = float(rng.uniform(0.1, 1))
    lab = rng.integers(0, 4, size=50)
    parts = [{v for v in g if lab[v] == c} for c in range(4)]
    parts = [p for p in parts if p]
    for res in (1.0, 0.5):
        ref = nx.community.modularity(g, parts, weight="weight", resolution=res)
        assert modularity(g, lab, resolution=res) == pytest.approx(ref)


def test_louvain_equals_networkx_for_an_int_seed() -> None:
    g = nx.les_miserables_graph()
    for seed in (0, 7):
        ref = nx.community.louvain_communities(g, weight="weight", seed=seed)
        got = detect_communities(g, rng=seed)
        nodes = list(g)
        ours = {
            frozenset(nodes[i] for i in np.flatnonzero(got.labels == c))
            for c in range(got.n_communities)
        }
        assert ours == {frozenset(p) for p in ref}
        assert got.method == "louvain" and got.seed == seed
        assert got.modularity == pytest.approx(nx.community.modularity(g, ref, weight="weight"))
    # labels are ordered by decreasing size
    assert np.all(np.diff(got.sizes) <= 0)


def _planted(seed: int) -> tuple[nx.Graph, np.ndarray]:
    g = nx.random_partition_graph([40, 40, 40, 40], 0.3, 0.01, seed=seed)
    truth = np.array([g.nodes[v]["block"] for v in g])
    return nx.Graph(g), truth


def test_local_moving_path_recovers_planted_partition() -> None:
    """The vectorised path (forced with a small ``max_direct_nodes``) finds planted blocks and
    reaches networkx's modularity; it is reproducible for a seed."""
    g, truth = _planted(3)
    got = detect_communities(g, rng=5, max_direct_nodes=20)
    assert got.method == "local-moving+louvain"
    assert adjusted_rand_index(truth, got.labels) > 0.95
    ref = nx.community.louvain_communities(g, seed=5)
    assert got.modularity >= 0.98 * nx.community.modularity(g, ref)
    again = detect_communities(g, rng=5, max_direct_nodes=20)
    np.testing.assert_array_equal(got.labels, again.labels)


def test_local_moving_never_lowers_modularity() -> None:
    g = nx.gnm_random_graph(300, 900, seed=2)
    a = nx.to_scipy_sparse_array(g, format="csr", dtype=float)
    lab = C._local_moving(a, 1.0, np.random.default_rng(0), 100)
    assert C._modularity(a, lab, 1.0) > C._modularity(a, np.arange(300), 1.0)
    col = C._coloring(
        a.indptr.astype(np.int64), a.indices.astype(np.int64), np.random.default_rng(0)
    )
    coo = a.tocoo()
    assert not np.any(col[coo.row] == col[coo.col])  # a proper colouring


def test_detect_communities_other_inputs() -> None:
    g, _ = _planted(1)
    a = nx.to_scipy_sparse_array(g, format="csr", dtype=float)
    c1 = detect_communities(a, rng=np.random.default_rng(3))
    c2 = detect_communities(a, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(c1.labels, c2.labels)
    assert detect_communities(nx.empty_graph(3)).n_communities == 3
    with pytest.raises(ModelError):
        detect_communities(g, resolution=0.0)


# --- comparison with declared poles ----------------------------------------------------------


def test_compare_with_poles_hand_case() -> None:
    ids = list("abcdefgh")
    ties = ["ab", "bc", "ac", "de", "ef", "df", "cd", "gh"]
    t = Territory(
        name="T",
        actors=[Actor(id=i, name=i, kind="cooperative", capacities=CAPS) for i in ids],
        partnerships=[
            Partnership(source=u, target=v, kind="market", intensity=1.0) for u, v in ties
        ],
        poles=[
            Pole(id="p", name="P", value_chain="x", members=("a", "b", "c", "g")),
            Pole(id="q", name="Q", value_chain="y", members=("d", "e", "f", "g")),
        ],
    )
    net = territory_network(t)
    com = detect_communities(net, rng=0)
    cmp = compare_with_poles(net, com)
    assert cmp.n_overlapping == 1 and cmp.n_unassigned == 1  # g in both, h in none
    assert cmp.agreement.n == 6 and cmp.agreement.ari == 1.0
    # each pole's best community holds 3 of its 4 members (g sits with h): Jaccard 3/4
    np.testing.assert_allclose(cmp.pole_jaccard, [0.75, 0.75])
    gh = com.labels[ids.index("g")]
    assert cmp.community_best_pole[gh] in (0, 1)
    assert cmp.community_jaccard[gh] == pytest.approx(1 / 5)
