"""Seeded generators of plausible SSE populations and whole synthetic territories.

Used where counts are not sourced: the embedded Tiznit case generates its cooperatives,
enterprises and artisans with :func:`generate_population` (and labels every generated number an
assumption); :func:`synthetic_territory` builds a territory of any size (e.g. a national network
of 60,000 actors and 500,000 ties) for stress tests and benchmarks.

The generator, vectorised with NumPy:

1. **Actors.** For each (kind, value chain) cell of ``counts``, actors are placed in communes
   with probability proportional to commune population; members are drawn from a Poisson
   around ``members_mean`` (at least 1; exactly 1 for an artisan); a share ``women_only`` of
   each chain is women-only (women share 1), the others draw their women share from Beta(2, 5);
   capacities are drawn per factor from Beta distributions whose means are ``capacity_means``
   (concentration 8).
2. **Ties.** Each actor gets a tie propensity from a log-normal (sigma 0.8), which gives the
   heavy-tailed degree distribution seen in real inter-organisational networks. ``n_ties`` ties
   are drawn: the source by propensity; the other end, with probabilities ``mix``, a peer of the
   same value chain (preferring the same commune), an institution (weighted by ``institution``
   relevance to the source's chain), or an enterprise (a market tie). Duplicates and self-ties
   are dropped, so the count is at most ``n_ties``.
3. **Poles.** One candidate pole per value chain with at least ``min_pole`` target actors; its
   members are those actors; its anchor is the member with the best governance.

Examples
--------
>>> t = synthetic_territory(200, 800, rng=1)
>>> len(t.actors), len(t.partnerships) <= 800, len(t.poles) > 0
(200, True, True)
>>> synthetic_territory(200, 800, rng=1) == t
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._deprecation import renamed_arguments
from .._random import RNGLike, child, describe, seed_sequence
from ..errors import ModelError
from ..model import (
    FACTORS,
    Actor,
    ActorKind,
    Assumption,
    Territory,
)
from .population import Commune, PopulationSpec, generate_population

__all__ = [
    "VALUE_CHAINS",
    "Commune",
    "PopulationSpec",
    "generate_population",
    "synthetic_territory",
]

VALUE_CHAINS: tuple[str, ...] = (
    "agriculture",
    "argan",
    "handicraft",
    "silver-jewellery",
    "tourism",
    "fisheries",
    "services",
)
"""The value chains of the Tiznit case: the default of :func:`synthetic_territory` and of the
hypothesis strategies of :mod:`ssestrategy.testing`."""


@renamed_arguments(seed="rng")
def synthetic_territory(
    n_actors: int,
    n_ties: int,
    *,
    rng: RNGLike = 0,
    n_communes: int = 50,
    value_chains: Sequence[str] = VALUE_CHAINS,
    name: str = "Synthetic territory",
) -> Territory:
    """A synthetic territory of about ``n_actors`` actors and at most ``n_ties`` ties.

    About 2 % of actors are institutions (councils, ministries, chambers, donors, banks,
    research bodies); the rest are cooperatives (70 %), artisans (18 %), enterprises (8 %) and
    associations (4 %), spread over value chains and ``n_communes`` communes with log-normal
    populations. Everything is labelled an assumption.

    Parameters
    ----------
    n_actors, n_ties : int
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of three streams (:mod:`ssestrategy._random`): communes, institutions,
        population.
    n_communes : int
    value_chains : sequence of str
    name : str

    Returns
    -------
    Territory

    Examples
    --------
    >>> t = synthetic_territory(500, 2000, rng=3)
    >>> sum(a.kind.value == "cooperative" for a in t.actors) > 300
    True
    """
    if n_actors < 10:
        raise ModelError.at("n_actors", "need at least 10 actors")
    root = seed_sequence(rng)
    s_comm, s_inst, s_pop = (child(root, i) for i in range(3))
    stream = np.random.default_rng(s_comm)
    prov = Assumption(
        f"synthetic territory (ssestrategy.datasets.synthetic_territory, {describe(root)})"
    )
    pops = np.round(stream.lognormal(8.5, 1.0, size=n_communes))
    communes = [Commune(f"commune-{i:03d}", float(p), bool(p < 20_000)) for i, p in enumerate(pops)]
    n_inst = max(10, n_actors // 50)
    inst_kinds = [
        ActorKind.PUBLIC_AUTHORITY,
        ActorKind.MINISTRY,
        ActorKind.CHAMBER,
        ActorKind.DEVELOPMENT_AGENCY,
        ActorKind.FINANCIAL_INSTITUTION,
        ActorKind.RESEARCH_TRAINING,
    ]
    irng = np.random.default_rng(s_inst)
    icaps = np.round(irng.uniform(0.4, 0.9, size=(n_inst, 4)), 3)
    institutions = [
        Actor(
            id=f"inst-{i:04d}",
            name=f"{inst_kinds[i % len(inst_kinds)].value} {i}",
            kind=inst_kinds[i % len(inst_kinds)],
            capacities=dict(zip((f.value for f in FACTORS), icaps[i].tolist(), strict=True)),
            commune=communes[i % n_communes].name,
            rural=communes[i % n_communes].rural,
            provenance=prov,
        )
        for i in range(n_inst)
    ]
    n_pop = n_actors - n_inst
    shares = {
        ActorKind.COOPERATIVE: 0.70,
        ActorKind.ARTISAN: 0.18,
        ActorKind.ENTERPRISE: 0.08,
        ActorKind.ASSOCIATION: 0.04,
    }
    chain_w = np.linspace(2.0, 1.0, len(value_chains))
    chain_w /= chain_w.sum()
    counts: dict[tuple[ActorKind, str], int] = {}
    for kind, share in shares.items():
        alloc = np.floor(share * n_pop * chain_w).astype(int)
        for c, k in zip(value_chains, alloc, strict=True):
            counts[(kind, c)] = int(k)
    deficit = n_pop - sum(counts.values())
    counts[(ActorKind.COOPERATIVE, value_chains[0])] += deficit
    n_inst_ties = 0  # institutional ties come from the mix
    spec = PopulationSpec(counts=counts, communes=communes, n_ties=n_ties - n_inst_ties)
    actors, ties, poles = generate_population(
        spec, rng=s_pop, institutions=institutions, provenance=prov
    )
    return Territory(
        name=name,
        actors=tuple(institutions) + actors,
        partnerships=ties,
        poles=poles,
        provenance=prov,
    )
