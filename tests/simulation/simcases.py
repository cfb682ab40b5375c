"""Small random cases for the simulation tests (built by hand, seeded)."""

from __future__ import annotations

import numpy as np

from ssestrategy.model import (
    Actor,
    Case,
    Distribution,
    Event,
    Intervention,
    Partnership,
    Pole,
    ScenarioSpace,
    Selector,
    Strategy,
    Territory,
    Uncertainty,
)
from ssestrategy.simulation.compile import CompiledCase
from ssestrategy.simulation.kernel import ScenarioInputs, scenario_inputs
from ssestrategy.simulation.sampling import draw, make_plan

KINDS = ("cooperative", "enterprise", "artisan", "association", "public_authority")
CHAINS = ("argan", "silver", "honey")
LEVERS = ("financing", "networking", "innovation", "governance", "ties", "social_protection")


def random_territory(rng: np.random.Generator, n_actors: int = 6, n_ties: int = 8) -> Territory:
    actors = []
    for i in range(n_actors):
        kind = KINDS[i % 3] if i < 2 else KINDS[int(rng.integers(len(KINDS)))]
        caps = {
            f: float(rng.uniform(0.02, 0.95))
            for f in ("financing", "networking", "innovation", "governance")
        }
        if rng.random() < 0.1:
            caps["innovation"] = 0.0
        target = kind in KINDS[:3]
        actors.append(
            Actor(
                id=f"a{i}",
                name=f"Actor {i}",
                kind=kind,
                capacities=caps,
                members=int(rng.integers(1, 40)) if target else int(rng.integers(0, 3)),
                women_share=None if rng.random() < 0.2 else float(rng.uniform(0, 1)),
                rural=None if rng.random() < 0.2 else bool(rng.random() < 0.5),
                value_chain=CHAINS[int(rng.integers(len(CHAINS)))] if rng.random() < 0.8 else None,
            )
        )
    ties = []
    for _ in range(n_ties):
        a, b = rng.choice(n_actors, size=2, replace=False)
        ties.append(
            Partnership(
                source=f"a{a}",
                target=f"a{b}",
                kind="convention",
                intensity=float(rng.uniform(0.1, 1.0)),
                directed=bool(rng.random() < 0.3),
            )
        )
    poles = []
    for p in range(2):
        size = int(rng.integers(2, max(3, n_actors // 2 + 2)))
        members = sorted(
            int(m) for m in rng.choice(n_actors, size=min(size, n_actors), replace=False)
        )
        anchor = f"a{members[0]}" if rng.random() < 0.8 else None
        poles.append(
            Pole(
                id=f"p{p}",
                name=f"Pole {p}",
                value_chain=CHAINS[p],
                members=tuple(f"a{m}" for m in members),
                anchor=anchor,
            )
        )
    return Territory(
        name="Random", actors=tuple(actors), partnerships=tuple(ties), poles=tuple(poles)
    )


def random_strategy(rng: np.random.Generator, sid: str, n_actors: int, n: int = 5) -> Strategy:
    ivs = []
    for j in range(n):
        lever = (
            LEVERS[j % len(LEVERS)] if j < len(LEVERS) else LEVERS[int(rng.integers(len(LEVERS)))]
        )
        kinds = tuple(rng.choice(KINDS, size=int(rng.integers(0, 3)), replace=False).tolist())
        params: dict[str, float] = {}
        hub = None
        if lever == "ties":
            hub = "@anchor" if rng.random() < 0.6 else f"a{int(rng.integers(n_actors))}"
            params = {
                "tie_intensity": float(rng.uniform(0.2, 1)),
                "ramp_years": float(rng.choice([0.0, 0.5, 1.0])),
            }
        if lever == "financing":
            params = {"recovery_rate": float(rng.choice([0.0, 0.6])), "repayment_years": 0.5}
        ivs.append(
            Intervention(
                name=f"iv{j}",
                lever=lever,
                target=Selector(kinds=kinds),
                budget=float(rng.uniform(5_000, 80_000)),
                start=float(rng.choice([0.0, 0.25, 0.6])),
                duration=float(rng.uniform(0.5, 2.0)),
                hub=hub,
                params=params,
            )
        )
    return Strategy(id=sid, name=sid, interventions=tuple(ivs))


def random_case(
    seed: int,
    *,
    n_actors: int = 6,
    n_ties: int = 8,
    n_strategies: int = 2,
    uncertain: bool = True,
    rho_uncertain: bool = False,
    events: bool = True,
    horizon: float = 2.0,
    grace: bool = True,
) -> Case:
    rng = np.random.default_rng(seed)
    territory = random_territory(rng, n_actors, n_ties)
    strategies = tuple(random_strategy(rng, f"s{k}", n_actors) for k in range(n_strategies))
    params = []
    if uncertain:
        params = [
            Uncertainty(
                parameter="learning_rate",
                distribution=Distribution(kind="uniform", low=0.05, high=0.6),
            ),
            Uncertainty(
                parameter="funding_delay",
                distribution=Distribution(kind="discrete", values=(0.0, 0.25, 0.5)),
            ),
            Uncertainty(
                parameter="funding_shortfall",
                distribution=Distribution(kind="beta", a=2, b=5, low=0, high=0.5),
            ),
            Uncertainty(
                parameter="spend_efficiency",
                distribution=Distribution(kind="truncnorm", mean=1, sd=0.3, low=0.3, high=1.7),
            ),
            Uncertainty(
                parameter="half_saturation",
                distribution=Distribution(kind="triangular", low=2000, mode=10000, high=40000),
            ),
        ]
        if rho_uncertain:
            params.append(
                Uncertainty(
                    parameter="ces_rho", distribution=Distribution(kind="uniform", low=-8, high=-1)
                )
            )
    evs = ()
    if events:
        evs = (
            Event(
                name="drought",
                annual_probability=0.6,
                severity=Distribution(kind="uniform", low=0.1, high=0.4),
                duration=0.5,
                hazard_increase=0.3,
                value_chains=("argan", "honey"),
            ),
            Event(
                name="shock",
                annual_probability=0.3,
                severity=Distribution(kind="uniform", low=0.05, high=0.2),
                duration=1.0,
            ),
        )
    case = Case(
        name="random",
        territory=territory,
        horizon=horizon,
        strategies=strategies,
        uncertainties=ScenarioSpace(parameters=tuple(params), events=evs),
    )
    if grace:
        case = case.with_parameters(
            hazard_grace_years=float(rng.choice([0.0, 0.3])),
            hazard_decline=float(rng.choice([0.0, 0.1])),
        )
    return case


def sampled_inputs(
    case: Case, cc: CompiledCase, n: int, seed: int, shared_rho: bool = True
) -> ScenarioInputs:
    """The kernel inputs of ``n`` scenarios sampled from the case's uncertainties."""
    smp = draw(make_plan(case, n, rng=seed, periods=cc.n_periods), 0, n)
    return scenario_inputs(
        case.parameter_values(),
        n,
        cc,
        sampled={name: smp.values[:, c] for c, name in enumerate(smp.names)},
        event_onset=smp.event_onset,
        event_severity=smp.event_severity,
        shared_rho=shared_rho,
    )
