"""Synthetic territories: sizes, validity, reproducibility."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.datasets import synthetic_territory
from ssestrategy.errors import ModelError
from ssestrategy.model import ActorKind, Assumption, Case, Territory


def check_valid(t: Territory, n_actors: int, n_ties: int) -> None:
    ids = [a.id for a in t.actors]
    assert len(ids) == n_actors
    assert len(set(ids)) == n_actors
    assert len(t.partnerships) <= n_ties
    known = set(ids)
    pairs = set()
    for p in t.partnerships:
        assert p.source in known and p.target in known and p.source != p.target
        pairs.add(frozenset((p.source, p.target)))
    assert len(pairs) == len(t.partnerships)  # no duplicate tie
    for pole in t.poles:
        assert pole.anchor in pole.members
        assert set(pole.members) <= known
    # the territory revalidates as a whole
    assert Territory(name=t.name, actors=t.actors, partnerships=t.partnerships, poles=t.poles)


@pytest.mark.parametrize(("n_actors", "n_ties"), [(10, 0), (57, 100), (200, 800), (1500, 6000)])
def test_sizes_and_validity(n_actors: int, n_ties: int) -> None:
    t = synthetic_territory(n_actors, n_ties, rng=1)
    check_valid(t, n_actors, n_ties)


@settings(max_examples=20)
@given(
    n_actors=st.integers(10, 120),
    n_ties=st.integers(0, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_size_and_seed_gives_a_valid_territory(n_actors: int, n_ties: int, seed: int) -> None:
    check_valid(synthetic_territory(n_actors, n_ties, rng=seed), n_actors, n_ties)


def test_reproducible_for_a_seed_and_different_across_seeds() -> None:
    a = synthetic_territory(300, 1000, rng=3)
    assert a == synthetic_territory(300, 1000, rng=3)
    # a SeedSequence gives the same draws (only the provenance note names the seed differently)
    c = synthetic_territory(300, 1000, rng=np.random.SeedSequence(3))
    assert [x.capacities for x in c.actors] == [x.capacities for x in a.actors]
    assert [(p.source, p.target) for p in c.partnerships] == [
        (p.source, p.target) for p in a.partnerships
    ]
    b = synthetic_territory(300, 1000, rng=4)
    assert a.partnerships != b.partnerships
    assert [x.capacities for x in a.actors] != [x.capacities for x in b.actors]


def test_composition() -> None:
    t = synthetic_territory(2000, 5000, rng=0)
    kinds = Counter(a.kind for a in t.actors)
    institutions = 2000 // 50
    population = 2000 - institutions
    assert kinds[ActorKind.COOPERATIVE] == pytest.approx(0.70 * population, rel=0.02)
    assert kinds[ActorKind.ARTISAN] == pytest.approx(0.18 * population, rel=0.05)
    assert len(t.poles) == 7  # one per value chain


def test_everything_is_labelled_an_assumption() -> None:
    t = synthetic_territory(100, 300, rng=2)
    assert isinstance(t.provenance, Assumption)
    assert all(isinstance(a.provenance, Assumption) for a in t.actors)
    case = Case(name="synthetic", territory=t)
    assert case.count_values()["unlabelled"] == 0


def test_the_smallest_territory_is_all_institutions() -> None:
    """Regression: 10 actors used to crash (no cell to generate: np.concatenate of nothing)."""
    t = synthetic_territory(10, 5, rng=0)
    assert len(t.actors) == 10
    assert t.partnerships == () and t.poles == ()


def test_too_few_actors() -> None:
    with pytest.raises(ModelError) as info:
        synthetic_territory(9, 10)
    assert str(info.value) == "n_actors: need at least 10 actors"


@given(st.floats(0.05, 4.0))
@settings(max_examples=25, deadline=None)
def test_a_scaled_population_scales_units_with_records(factor: float) -> None:
    """What a generated territory stands for (units, hence members and jobs) scales with the
    factor; scaling the records alone would not (the pitfall found by notebook 04)."""
    from ssestrategy.datasets import TIZNIT_POPULATION
    from ssestrategy.datasets.synthetic import generate_population

    spec = TIZNIT_POPULATION.scaled(factor)
    for k, n in TIZNIT_POPULATION.units.items():
        assert spec.units[k] >= spec.counts[k]  # every record stands for a unit at least
        assert spec.units[k] == pytest.approx(n * factor, abs=max(1.0, spec.counts[k]))
    if factor > 0.5:
        return
    actors, _, _ = generate_population(spec, rng=0)
    by_cell: Counter[tuple[ActorKind, str]] = Counter()
    for a in actors:
        by_cell[(a.kind, a.value_chain)] += a.units
    for k, n in spec.units.items():
        assert by_cell[k] == n


def test_scaled_refuses_a_bad_factor() -> None:
    from ssestrategy.datasets import TIZNIT_POPULATION

    for bad in (0.0, -1.0, float("nan"), "2"):
        with pytest.raises(ModelError, match="factor"):
            TIZNIT_POPULATION.scaled(bad)  # type: ignore[arg-type]
