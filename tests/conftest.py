"""Test configuration: hypothesis profiles.

- ``dev`` (default): about 100 examples per property, random seeds, no deadline.
- ``ci``: derandomized (the same examples on every run, so CI is reproducible) and at least
  1,000 examples for the property tests the foundation issue names (round trips and mutations;
  they carry no explicit ``max_examples``). Loaded when ``CI=true`` or ``HYPOTHESIS_PROFILE=ci``.

Property tests that should stay cheap in CI set their own ``max_examples`` with
``@settings(...)``, which takes precedence over the profile.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from ssestrategy.model import Case

# too_slow is suppressed: generating whole cases is legitimately slower than hypothesis expects
# of a strategy, and a loaded CI machine must not fail on timing.
settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=1000,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _profile() -> str:
    explicit = os.environ.get("HYPOTHESIS_PROFILE")
    if explicit:
        return explicit
    return "ci" if os.environ.get("CI", "").lower() in ("true", "1", "yes") else "dev"


PROFILE = _profile()
settings.load_profile(PROFILE)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ci_property: a property test named by the foundation issue; it takes max_examples "
        "from the hypothesis profile (>= 1,000 in the ci profile)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"hypothesis profile: {PROFILE}"


@pytest.fixture(scope="session")
def rich_case() -> Case:
    """A mid-sized case with every section filled: the Tiznit institutions, conventions,
    uncertainties, constraints, criteria and foresight, a small generated population with poles,
    the strategy templates, plus a strategy naming actors, poles and a hub explicitly and an
    overridden parameter. Small enough to load in a few milliseconds."""
    import attrs

    from ssestrategy.datasets import (
        TIZNIT_COMMUNES,
        PopulationSpec,
        generate_population,
        tiznit,
    )
    from ssestrategy.datasets.tiznit import POPULATION_PROVENANCE
    from ssestrategy.model import ActorKind, Assumption, Intervention, Parameter, Selector, Strategy

    full = tiznit()
    core = full.territory
    institutions = tuple(a for a in core.actors if a.provenance != POPULATION_PROVENANCE)
    counts = {
        (ActorKind.COOPERATIVE, "argan"): 5,
        (ActorKind.COOPERATIVE, "agriculture"): 4,
        (ActorKind.ENTERPRISE, "silver-jewellery"): 3,
        (ActorKind.ARTISAN, "silver-jewellery"): 3,
        (ActorKind.ASSOCIATION, "tourism"): 2,
    }
    spec = PopulationSpec(counts=counts, communes=TIZNIT_COMMUNES, n_ties=40, min_pole=3)
    generated = Assumption("small generated population for tests")
    actors, ties, poles = generate_population(
        spec, rng=11, institutions=institutions, provenance=generated
    )
    inst_ids = {a.id for a in institutions}
    core_ties = tuple(p for p in core.partnerships if {p.source, p.target} <= inst_ids)
    territory = attrs.evolve(
        core, actors=institutions + actors, partnerships=core_ties + ties, poles=poles
    )
    explicit = Strategy(
        id="explicit",
        name="Explicit targets",
        interventions=(
            Intervention(
                name="platform",
                lever="ties",
                target=Selector(actors=(actors[0].id, actors[1].id), poles=(poles[0].id,)),
                hub="provincial-council",
                budget=50_000.0,
                duration=2.0,
                params={"tie_intensity": Parameter(0.6, provenance=generated)},
            ),
            Intervention(
                name="fund",
                lever="financing",
                target=Selector(kinds=("cooperative",), rural=True),
                budget=10_000.0,
                params={"recovery_rate": 0.5},
            ),
        ),
        provenance=generated,
    )
    return attrs.evolve(
        full,
        territory=territory,
        strategies=(*full.strategies, explicit),
        parameters={"learning_rate": Parameter(0.25, provenance=generated)},
        sources={**full.sources, "generated-population": generated},
    )
