"""compile_case: the arrays a case and its strategies turn into (hand-checked small cases)."""

from __future__ import annotations

import os

import attrs
import numpy as np
import pytest
from hypothesis import given, settings

from ssestrategy.errors import ModelError
from ssestrategy.model import (
    FACTORS,
    Actor,
    Case,
    Intervention,
    Lever,
    Partnership,
    Pole,
    Selector,
    Strategy,
    Territory,
)
from ssestrategy.model.success import internal_strength, membership_matrix
from ssestrategy.simulation import compile_case
from ssestrategy.testing import cases

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


def _territory() -> Territory:
    actors = (
        Actor(
            id="c1",
            name="C1",
            kind="cooperative",
            capacities=CAPS,
            members=10,
            women_share=0.8,
            rural=True,
        ),
        Actor(
            id="c2",
            name="C2",
            kind="cooperative",
            capacities=CAPS,
            members=20,
            women_share=0.2,
            rural=False,
        ),
        Actor(id="e1", name="E1", kind="enterprise", capacities=CAPS, members=5),
        Actor(id="pa", name="Council", kind="public_authority", capacities=CAPS),
    )
    ties = (
        Partnership(source="c1", target="c2", kind="market", intensity=0.5),
        Partnership(source="pa", target="c1", kind="financing", intensity=0.25, directed=True),
        Partnership(source="pa", target="c1", kind="training", intensity=0.25, directed=True),
    )
    poles = (
        Pole(id="p", name="P", value_chain="argan", members=("c1", "c2", "pa"), anchor="pa"),
        Pole(id="q", name="Q", value_chain="silver", members=("e1",)),
    )
    return Territory(name="T", actors=actors, partnerships=ties, poles=poles)


def test_tie_matrix_directions_and_parallel_ties() -> None:
    """W[i, j] = weight with which i learns from j: undirected both ways, directed source ->
    target means the target learns from the source, parallel ties add."""
    cc = compile_case(Case(name="c", territory=_territory()), entry=False)
    w = cc.ties0.toarray()
    expected = np.zeros((4, 4))
    expected[0, 1] = expected[1, 0] = 0.5
    expected[0, 3] = 0.5  # two directed ties pa -> c1 of 0.25
    np.testing.assert_array_equal(w, expected)
    np.testing.assert_array_equal(cc.ties0_row, [1.0, 0.5, 0.0, 0.0])
    np.testing.assert_allclose(cc.ties0_normalised.toarray()[0], [0, 0.5, 0, 0.5])


def test_masks_members_and_pole_strength() -> None:
    cc = compile_case(Case(name="c", territory=_territory()), entry=False)
    np.testing.assert_array_equal(cc.target, [True, True, True, False])
    np.testing.assert_array_equal(cc.members, [10, 20, 5, 0])
    np.testing.assert_array_equal(cc.units, [1, 1, 1, 1])
    np.testing.assert_array_equal(cc.women_known, [1, 1, 0, 0])
    np.testing.assert_array_equal(cc.women_led, [1, 0, 0, 0])
    np.testing.assert_array_equal(cc.rural_known, [1, 1, 0, 0])
    # pole p: ties c1-c2 (0.5) and pa->c1 (0.25 twice) inside: 2 * 1.0 / 3 members
    np.testing.assert_allclose(cc.pole_strength0, [2.0 / 3.0, 0.0])
    m = membership_matrix([[0, 1, 3], [2]], 4)
    np.testing.assert_allclose(
        cc.pole_strength0,
        internal_strength(np.array([0, 3, 3]), np.array([1, 0, 0]), np.array([0.5, 0.25, 0.25]), m),
    )
    # target actors' mean over their poles
    np.testing.assert_array_equal(cc.target_pole_mean.toarray(), [[1, 0], [1, 0], [0, 1]])


def test_design_defaults_and_fund_rows() -> None:
    """The strategy's interventions as written are the default design (budget, window,
    mechanism parameters); a financing lever with a recovery rate is a fund, whose borrowers'
    financing rows carry the repayments."""
    iv = Intervention(
        name="fund",
        lever="financing",
        target=Selector(kinds=("cooperative",)),
        budget=4_000.0,
        start=0.125,
        duration=0.5,
        params={"recovery_rate": 0.5, "repayment_years": 0.5},
    )
    case = Case(
        name="c",
        territory=_territory(),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    )
    cc = compile_case(case, periods=8, entry=False)
    s = cc.strategies[0]
    np.testing.assert_allclose([s.budget[0], s.start[0], s.duration[0]], [4000, 0.125, 0.5])
    assert (s.params["recovery_rate"][0], s.params["repayment_years"][0]) == (0.5, 0.5)
    assert s.params["admin_rate"][0] == 0.05  # the lever's default
    assert s.budget_total == pytest.approx(2000.0)
    np.testing.assert_array_equal(s.targets.toarray(), [[1, 1, 0, 0]])
    np.testing.assert_array_equal(s.factor_rows, [0 * 4 + 0, 1 * 4 + 0])
    np.testing.assert_array_equal(s.funds, [0])
    np.testing.assert_array_equal(s.fund_rows, [0 * 4 + 0, 1 * 4 + 0])
    # a horizon shorter than the window bounds the money counted in the budget
    assert compile_case(case, periods=1, entry=False).strategies[0].budget_total == pytest.approx(
        4000.0 * 0.125
    )


def test_ties_to_anchor_and_hub() -> None:
    """@anchor ties each target to the anchor of each of its poles (none without an anchor);
    an explicit hub ties every target to it. New ties are undirected, stored at unit
    intensity (the intensity is a design parameter applied in the kernel)."""
    ivs = (
        Intervention(
            name="platform",
            lever="ties",
            target=Selector(kinds=("cooperative", "enterprise")),
            budget=1000.0,
            hub="@anchor",
            duration=2.0,
            params={"tie_intensity": 0.4, "ramp_years": 1.0},
        ),
        Intervention(
            name="hub",
            lever="ties",
            target=Selector(actors=("c2",)),
            budget=1000.0,
            hub="e1",
            start=1.0,
            duration=0.5,
            params={"tie_intensity": 0.3, "ramp_years": 0.0},
        ),
    )
    case = Case(
        name="c",
        territory=_territory(),
        strategies=(Strategy(id="s", name="S", interventions=ivs),),
    )
    cc = compile_case(case, periods=12, entry=False)
    (j0, t0), (j1, t1) = cc.strategies[0].ties
    assert (j0, j1) == (0, 1)
    expected = np.zeros((4, 4))
    expected[0, 3] = expected[3, 0] = expected[1, 3] = expected[3, 1] = 1.0
    np.testing.assert_allclose(t0.matrix.toarray(), expected)
    np.testing.assert_allclose(t0.pole_strength, [2 * 2.0 / 3, 0.0])
    np.testing.assert_array_equal(t0.rows, [0, 1, 3])
    assert t0.n_tied == 2.0  # c1 and c2 (e1's pole has no anchor)
    e1 = np.zeros((4, 4))
    e1[1, 2] = e1[2, 1] = 1.0
    np.testing.assert_allclose(t1.matrix.toarray(), e1)
    np.testing.assert_allclose(t1.pole_strength, [0, 0])
    np.testing.assert_allclose(cc.strategies[0].params["tie_intensity"], [0.4, 0.3])


def test_entry_cells_and_cohorts() -> None:
    """Cells are the (kind, value chain) pairs of the initial target actors; each gets one
    cohort row per simulated year, with the cell's units-weighted means, learning from the
    cell's actors, in the poles holding at least half of the cell's units."""
    actors = (
        Actor(
            id="a1",
            name="A1",
            kind="cooperative",
            capacities=CAPS,
            members=10,
            women_share=0.8,
            rural=True,
            value_chain="argan",
            units=3,
        ),
        Actor(
            id="a2",
            name="A2",
            kind="cooperative",
            capacities={**CAPS, "financing": 0.6},
            members=20,
            women_share=0.2,
            rural=False,
            value_chain="argan",
        ),
        Actor(
            id="j1",
            name="J1",
            kind="artisan",
            capacities=CAPS,
            members=1,
            value_chain="silver",
            units=40,
            status="registered",
        ),
        Actor(id="pa", name="Council", kind="public_authority", capacities=CAPS),
    )
    poles = (Pole(id="p", name="P", value_chain="argan", members=("a1", "a2"), anchor="a2"),)
    t = Territory(name="T", actors=actors, poles=poles)
    cc = compile_case(Case(name="c", territory=t, horizon=2.0), periods=8)
    assert (cc.n_actors, cc.n_cells, cc.n_rows) == (4, 2, 4 + 2 * 2)
    assert (cc.cell_kind, cc.cell_chain) == (("cooperative", "artisan"), ("argan", "silver"))
    # rows year by year: argan y0, silver y0, argan y1, silver y1
    np.testing.assert_array_equal(cc.cohort_row, [[4, 6], [5, 7]])
    np.testing.assert_array_equal(cc.units, [3, 1, 40, 1, 0, 0, 0, 0])
    np.testing.assert_array_equal(cc.registered, [False, False, True, False, *[False] * 4])
    # units-weighted means of the argan cell: 3 units of a1 and 1 of a2
    np.testing.assert_allclose(cc.cell_capacity[0], [(3 * 0.2 + 0.6) / 4, 0.4, 0.1, 0.3])
    np.testing.assert_allclose(cc.cell_members, [(3 * 10 + 20) / 4, 1.0])
    np.testing.assert_allclose(cc.women_led[[4, 6]], 0.75)  # a1's 3 units are women-led
    np.testing.assert_allclose(cc.rural[[4, 6]], 0.75)
    # cohorts learn from their cell's actors (weights by units, summing to 1), not through W
    np.testing.assert_allclose(cc.cell_learn.toarray()[0, :2], [0.75, 0.25])
    np.testing.assert_allclose(cc.cell_learn.toarray()[1, 2], 1.0)
    assert not cc.ties0.toarray()[4:].any() and not cc.ties0.toarray()[:, 4:].any()
    # the argan cohorts join pole p; mean entry time of year y: y * 4 + 2.5 periods
    np.testing.assert_array_equal(cc.pole_members.toarray()[0], [1, 1, 0, 0, 1, 0, 1, 0])
    np.testing.assert_array_equal(cc.cohort_start[-4:], [2.5, 2.5, 6.5, 6.5])
    np.testing.assert_array_equal(cc.initial_target, [True, True, True, False, False, False, False])
    # a women-led selector reaches the women-led share of the argan cohorts
    s = Strategy(
        id="s",
        name="S",
        interventions=(
            Intervention(
                name="w",
                lever="innovation",
                budget=1.0,
                target=Selector(kinds=("cooperative",), women_led=True),
            ),
        ),
    )
    cs = compile_case(Case(name="c", territory=t, horizon=2.0), [s], periods=8).strategies[0]
    np.testing.assert_allclose(cs.targets.toarray()[0], [1, 0, 0, 0, 0.75, 0, 0.75, 0])
    assert compile_case(Case(name="c", territory=t), entry=False).n_rows == 4


def test_pooling_is_split_by_value_chain_and_incubation_reaches_cells() -> None:
    actors = (
        Actor(
            id="a1",
            name="A1",
            kind="cooperative",
            capacities=CAPS,
            members=10,
            value_chain="argan",
            units=3,
        ),
        Actor(
            id="a2", name="A2", kind="cooperative", capacities=CAPS, members=10, value_chain="honey"
        ),
    )
    t = Territory(name="T", actors=actors)
    ivs = (
        Intervention(
            name="fed", lever="pooling", budget=400.0, target=Selector(kinds=("cooperative",))
        ),
        Intervention(
            name="inc", lever="incubation", budget=100.0, target=Selector(value_chains=("honey",))
        ),
    )
    case = Case(name="c", territory=t, strategies=(Strategy(id="s", name="S", interventions=ivs),))
    s = compile_case(case, periods=4).strategies[0]
    assert s.intervention_names == ("fed [argan]", "fed [honey]", "inc")
    np.testing.assert_array_equal(s.parent, [0, 0, 1])
    np.testing.assert_allclose(s.share, [0.75, 0.25, 1.0])  # by initial units
    np.testing.assert_array_equal(s.pooling, [0, 1])
    ((j, reach),) = s.incubation
    assert j == 2
    # the honey cell: its actor and its cohort row (years 1) are reached
    np.testing.assert_array_equal(np.flatnonzero(reach.toarray()[1]), [1, 3])
    assert not reach.toarray()[0].any()


def test_untargeted_interventions_are_dropped_zero_budget_ones_kept() -> None:
    """No target: nothing any design could change, dropped. Zero budget: kept, so that a
    design can fund it (as written it spends nothing)."""
    ivs = (
        Intervention(name="nothing", lever="innovation", budget=0.0),
        Intervention(
            name="nobody", lever="innovation", budget=10.0, target=Selector(kinds=("chamber",))
        ),
        Intervention(name="kept", lever="governance", budget=10.0),
    )
    case = Case(
        name="c",
        territory=_territory(),
        strategies=(Strategy(id="s", name="S", interventions=ivs),),
    )
    s = compile_case(case, entry=False).strategies[0]
    assert s.intervention_names == ("nothing", "kept")
    np.testing.assert_array_equal(s.parent, [0, 2])


def test_bad_arguments() -> None:
    case = Case(name="c", territory=_territory())
    with pytest.raises(ModelError) as err:
        compile_case(case, periods=0)
    assert err.value.path == "periods"
    with pytest.raises(ModelError):
        compile_case(case, ["missing"])
    with pytest.raises(ModelError):
        compile_case(case, [Strategy(id="a", name="A"), Strategy(id="a", name="A")])


# --- the vectorised compile against the plain per-object definitions -------------------------


def _reference_ties(case: Case, iv: Intervention, order: dict[str, int]) -> set[tuple[int, int]]:
    """Stored (row, column) entries of a ties intervention, by the definition, in compiled rows."""
    t = case.territory
    targets = [t.actors[i].id for i in iv.target.resolve(t)]
    out: set[tuple[int, int]] = set()
    for a in targets:
        if iv.hub == "@anchor":
            hubs = [p.anchor for p in t.poles if p.anchor is not None and a in p.members]
        else:
            hubs = [str(iv.hub)]
        for h in hubs:
            if h != a:
                out |= {(order[a], order[h]), (order[h], order[a])}
    return out


@settings(max_examples=200 if os.environ.get("CI") else 60, deadline=None)
@given(case=cases(max_actors=10, max_poles=3, max_strategies=2, max_interventions=4))
def test_vectorised_compile_matches_the_definitions(case: Case) -> None:
    cc = compile_case(case, entry=False)
    t = case.territory
    order = {actor: k for k, actor in enumerate(cc.actor_ids)}
    assert sorted(cc.actor_ids) == sorted(a.id for a in t.actors)
    by_id = {a.id: a for a in t.actors}
    np.testing.assert_array_equal(
        cc.capacity0.reshape(-1, 4), [by_id[i].capacities.as_tuple() for i in cc.actor_ids]
    )
    # the pole membership and each target's share of each of its poles
    for q, pole in enumerate(t.poles):
        members = set(np.flatnonzero(cc.pole_members.toarray()[q]).tolist())
        assert members == {order[m] for m in pole.members}
    for strategy, cs in zip(case.strategies, cc.strategies, strict=True):
        kept = [iv for iv in strategy.interventions if iv.target.resolve(t)]
        assert tuple(strategy.interventions[p].name for p in cs.parent) == tuple(
            iv.name for iv in kept for _ in _rows_of(iv, t)
        )
        dense = cs.targets.toarray()
        reach: dict[int, set[int]] = {}
        j = 0
        for iv in kept:
            for expected in _rows_of(iv, t):
                assert set(np.flatnonzero(dense[j]).tolist()) == {order[a] for a in expected}
                if iv.lever.factor is not None:
                    f = list(FACTORS).index(iv.lever.factor)
                    for a in expected:
                        reach.setdefault(order[a] * 4 + f, set()).add(j)
                j += 1
        # factor rows, grouped by the interventions that reach them
        assert cs.factor_rows.tolist() == sorted(reach)
        groups = cs.factor_groups.toarray()
        for row, g in zip(cs.factor_rows.tolist(), cs.factor_group.tolist(), strict=True):
            assert set(np.flatnonzero(groups[g]).tolist()) == reach[row]
        keys = {(*r, m) for r, m in zip(groups.tolist(), cs.factor_size.tolist(), strict=True)}
        assert len(keys) == groups.shape[0]  # distinct (shares, size) groups
        ties = [iv for iv in kept if iv.lever is Lever.TIES]
        for iv, (_, ct) in zip(
            [iv for iv in ties if _reference_ties(case, iv, order)],
            cs.ties,
            strict=True,
        ):
            m = ct.matrix.tocoo()
            assert set(zip(m.row.tolist(), m.col.tolist(), strict=True)) == _reference_ties(
                case, iv, order
            )
            np.testing.assert_array_equal(m.data, 1.0)


def _rows_of(iv: Intervention, t: Territory) -> list[list[str]]:
    """The compiled rows of an intervention, each as its target actor ids: one, or for a
    pooling lever one per value chain of its targets (in the order of the chains' codes)."""
    targets = [t.actors[i] for i in iv.target.resolve(t)]
    if iv.lever is not Lever.POOLING:
        return [[a.id for a in targets]]
    codes: dict[str | None, int] = {}
    for a in t.actors:
        if a.value_chain is not None:
            codes.setdefault(a.value_chain, len(codes))
    chains = sorted({a.value_chain for a in targets}, key=lambda c: codes.get(c, -1))
    return [[a.id for a in targets if a.value_chain == c] for c in chains]


def test_zero_intensity_tie_stores_nothing() -> None:
    # regression: a row whose only tie had intensity 0 was normalised by 0/0 = NaN
    t = _territory()
    zero = Partnership(source="c1", target="c2", kind="training", intensity=0.0)
    cc = compile_case(
        Case(name="c", territory=Territory(name="T", actors=t.actors, partnerships=(zero,))),
        entry=False,
    )
    assert cc.ties0.nnz == 0 and cc.ties0_normalised.nnz == 0
    assert np.isfinite(cc.ties0_normalised.data).all()


@pytest.mark.parametrize("n_iv", [3, 70])
def test_group_by_shares_of_interventions(n_iv: int) -> None:
    """Rows are grouped by the vector of shares with which interventions reach them."""
    from ssestrategy.simulation.compile import _group

    rng = np.random.default_rng(n_iv)
    rows = rng.integers(0, 40, 300)
    ivs = rng.integers(0, n_iv, 300)
    shares = rng.choice([1.0, 0.5], 300)
    pairs: dict[tuple[int, int], float] = {}
    for r, j, w in zip(rows.tolist(), ivs.tolist(), shares.tolist(), strict=True):
        pairs[(r, j)] = pairs.get((r, j), 0.0) + w  # duplicates add up, as in the matrix
    reached, group, groups, _ = _group(rows, ivs, shares, 50, n_iv)
    sets: dict[int, dict[int, float]] = {}
    for (r, j), w in pairs.items():
        sets.setdefault(r, {})[j] = w
    assert reached.tolist() == sorted(sets)
    dense = groups.toarray()
    for r, g in zip(reached.tolist(), group.tolist(), strict=True):
        assert {int(j): float(dense[g, j]) for j in np.flatnonzero(dense[g])} == sets[r]
    # groups numbered by their first row, each set once
    assert group[0] == 0 and all(np.diff(np.maximum.accumulate(group)) <= 1)
    assert len({tuple(d) for d in dense}) == dense.shape[0] == group.max() + 1


def test_compiled_is_cached_by_identity_bounded_and_read_only() -> None:
    import gc
    import importlib

    from ssestrategy.datasets import tiznit

    comp = importlib.import_module("ssestrategy.simulation.compile")

    case = tiznit()
    first = comp.compiled(case)
    assert comp.compiled(case) is first
    assert comp.compiled(case, ["status-quo"]) is not first
    assert comp.compiled(case, periods=8).n_periods == 8
    # the same arrays as a fresh compile, and nobody can write into the shared ones
    fresh = comp.compile_case(case)
    np.testing.assert_array_equal(first.ties0.toarray(), fresh.ties0.toarray())
    np.testing.assert_array_equal(first.target_idx, fresh.target_idx)
    with pytest.raises(ValueError, match="read-only"):
        first.target_idx[0] = 1
    with pytest.raises(ValueError, match="read-only"):
        first.strategies[0].budget[0] = 1.0
    # an equal but new case object is compiled anew; a freed case leaves the cache at once
    other = attrs.evolve(case, name="another")
    assert comp.compiled(other) is not first
    n = len(comp._compiled)
    del other
    gc.collect()
    assert len(comp._compiled) < n
    # bounded
    for periods in range(1, 2 * comp.COMPILE_CACHE_SIZE + 2):
        comp.compiled(case, periods=periods)
    assert len(comp._compiled) <= comp.COMPILE_CACHE_SIZE
