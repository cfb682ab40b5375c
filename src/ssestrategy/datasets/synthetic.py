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

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, child, describe, generator, seed_sequence
from ..errors import ModelError
from ..model import (
    FACTORS,
    Actor,
    ActorKind,
    Assumption,
    Partnership,
    PartnershipKind,
    Pole,
    Provenance,
    Territory,
)

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


@attrs.frozen
class Commune:
    """A commune where actors can be placed: name, population and whether it is rural.

    Examples
    --------
    >>> town = Commune("Tiznit", 86595, rural=False)
    >>> town.name, town.rural
    ('Tiznit', False)
    >>> from ssestrategy.datasets import TIZNIT_COMMUNES
    >>> TIZNIT_COMMUNES[0] == town
    True
    """

    name: str
    population: float
    rural: bool


_DEFAULT_CAPACITY_MEANS: dict[ActorKind, tuple[float, float, float, float]] = {
    # financing, networking, innovation, governance (assumptions, see module docstring)
    ActorKind.COOPERATIVE: (0.20, 0.30, 0.20, 0.30),
    ActorKind.ENTERPRISE: (0.35, 0.30, 0.35, 0.40),
    ActorKind.ARTISAN: (0.15, 0.25, 0.25, 0.20),
    ActorKind.ASSOCIATION: (0.20, 0.45, 0.25, 0.40),
}


@attrs.frozen
class PopulationSpec:
    """What to generate.

    Parameters
    ----------
    counts : mapping of (ActorKind, value chain) to int
        Number of actors per kind and value chain.
    communes : sequence of Commune
    n_ties : int
        Number of ties to draw (duplicates dropped).
    members_mean : mapping of ActorKind to float
        Mean members per actor of each kind.
    women_only : mapping of value chain to float
        Share of women-only actors in each chain (default ``women_only_default``).
    women_only_default : float
    capacity_means : mapping of ActorKind to 4 floats
        Mean capacity per factor, in canonical factor order.
    mix : (float, float, float)
        Probabilities that a tie goes to a peer, an institution, an enterprise.
    min_pole : int
        Smallest number of target actors for a value chain to get a candidate pole.
    id_prefix : str
    units : mapping of (ActorKind, value chain) to int
        Units the actors of a cell stand for in all (e.g. 1,740 individual jewellers over 40
        records), split as evenly as possible over the cell's records; default one unit each.
    registered : frozenset of ActorKind
        Kinds whose counts come from a register, so that their activity is unknown (their
        records get status ``registered``).

    Examples
    --------
    Six argan cooperatives and four potters over a town and a rural commune:

    >>> spec = PopulationSpec(
    ...     counts={(ActorKind.COOPERATIVE, "argan"): 6, (ActorKind.ARTISAN, "pottery"): 4},
    ...     communes=[Commune("Tiznit", 86595, False), Commune("Arbaa Sahel", 20000, True)],
    ...     n_ties=10)
    >>> spec.min_pole, spec.mix
    (5, (0.55, 0.35, 0.1))
    >>> actors, ties, poles = generate_population(spec, rng=0)
    >>> len(actors), len(ties) <= 10
    (10, True)
    >>> [a.members for a in actors if a.kind is ActorKind.ARTISAN]  # an artisan works alone
    [1, 1, 1, 1]
    >>> [p.value_chain for p in poles]  # only argan reaches min_pole target actors
    ['argan']
    """

    counts: Mapping[tuple[ActorKind, str], int]
    communes: Sequence[Commune]
    n_ties: int
    members_mean: Mapping[ActorKind, float] = attrs.field(
        factory=lambda: {
            ActorKind.COOPERATIVE: 12.5,
            ActorKind.ENTERPRISE: 8.0,
            ActorKind.ARTISAN: 1.0,
            ActorKind.ASSOCIATION: 20.0,
        }
    )
    women_only: Mapping[str, float] = attrs.field(factory=dict)
    women_only_default: float = 0.13
    capacity_means: Mapping[ActorKind, tuple[float, float, float, float]] = attrs.field(
        factory=lambda: dict(_DEFAULT_CAPACITY_MEANS)
    )
    mix: tuple[float, float, float] = (0.55, 0.35, 0.10)
    min_pole: int = 5
    id_prefix: str = ""
    units: Mapping[tuple[ActorKind, str], int] = attrs.field(factory=dict)
    registered: frozenset[ActorKind] = frozenset()


_ABBREV = {
    ActorKind.COOPERATIVE: "coop",
    ActorKind.ENTERPRISE: "ent",
    ActorKind.ARTISAN: "art",
    ActorKind.ASSOCIATION: "asso",
}


def _beta(rng: np.random.Generator, mean: NDArray[np.float64], conc: float) -> NDArray[np.float64]:
    m = np.clip(mean, 0.02, 0.98)
    out: NDArray[np.float64] = rng.beta(m * conc, (1.0 - m) * conc)
    return np.round(out, 3)


def _relevance(inst: Actor, chain: str) -> float:
    """How likely an actor of ``chain`` is to tie with institution ``inst`` (assumption)."""
    if inst.value_chain is not None:
        return 4.0 if inst.value_chain == chain else 0.0
    base = {
        ActorKind.PUBLIC_AUTHORITY: 1.5,
        ActorKind.MINISTRY: 1.0,
        ActorKind.CHAMBER: 1.0,
        ActorKind.DEVELOPMENT_AGENCY: 0.3,
        ActorKind.FINANCIAL_INSTITUTION: 0.8,
        ActorKind.RESEARCH_TRAINING: 0.5,
        ActorKind.ASSOCIATION: 0.8,
    }
    return base.get(inst.kind, 0.5)


@renamed_arguments(seed="rng")
def generate_population(
    spec: PopulationSpec,
    *,
    rng: RNGLike = 0,
    institutions: Sequence[Actor] = (),
    provenance: Provenance | None = None,
) -> tuple[tuple[Actor, ...], tuple[Partnership, ...], tuple[Pole, ...]]:
    """Generate actors, ties among them and with ``institutions``, and candidate poles.

    Parameters
    ----------
    spec : PopulationSpec
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Everything random comes from this one stream (:mod:`ssestrategy._random`).
    institutions : sequence of Actor
        Existing actors the generated ones may tie with (not returned).
    provenance : Source or Assumption, optional
        Label attached to every generated record (default: an Assumption naming this generator).

    Returns
    -------
    actors, partnerships, poles : tuples

    Examples
    --------
    >>> spec = PopulationSpec(counts={(ActorKind.COOPERATIVE, "argan"): 20},
    ...                       communes=[Commune("A", 1000, True)], n_ties=30)
    >>> actors, ties, poles = generate_population(spec, rng=0)
    >>> len(actors), poles[0].value_chain
    (20, 'argan')
    """
    if not spec.communes:
        raise ModelError.at("communes", "at least one commune is needed")
    gen = generator(rng)
    prov = provenance or Assumption(
        "generated by ssestrategy.datasets.generate_population (seeded); counts, members, "
        "capacities and ties are plausible, not observed"
    )
    cells = [(k, c, int(n)) for (k, c), n in spec.counts.items() if n > 0]
    if not cells:  # nothing to generate (np.concatenate refuses an empty list)
        return (), (), ()
    kinds = np.concatenate([np.full(n, i) for i, (_, _, n) in enumerate(cells)]).astype(np.int64)
    n = kinds.size
    cell_kind = [k for k, _, _ in cells]
    cell_chain = [c for _, c, _ in cells]
    pop = np.array([c.population for c in spec.communes], dtype=np.float64)
    commune_idx = gen.choice(len(spec.communes), size=n, p=pop / pop.sum())
    mean_members = np.array([spec.members_mean.get(cell_kind[i], 5.0) for i in kinds])
    members = np.maximum(1, gen.poisson(mean_members))
    is_artisan = np.array([cell_kind[i] is ActorKind.ARTISAN for i in kinds])
    members[is_artisan] = 1
    women_p = np.array([spec.women_only.get(cell_chain[i], spec.women_only_default) for i in kinds])
    women_only = gen.random(n) < women_p
    women = np.where(women_only, 1.0, np.round(gen.beta(2.0, 5.0, size=n), 3))
    means = np.array([spec.capacity_means.get(cell_kind[i], (0.25, 0.3, 0.25, 0.3)) for i in kinds])
    caps = _beta(gen, means, 8.0)
    units = np.ones(n, dtype=np.int64)
    for c, (kind, chain, count) in enumerate(cells):
        total = int(spec.units.get((kind, chain), count))
        if total < count:
            raise ModelError.at(
                f"units[{kind.value}, {chain}]", f"{total} units for {count} records"
            )
        rows = np.flatnonzero(kinds == c)
        units[rows] = total // count + (np.arange(count) < total % count)
    counters: dict[ActorKind, int] = {}
    actors: list[Actor] = []
    for i in range(n):
        kind = cell_kind[kinds[i]]
        counters[kind] = counters.get(kind, 0) + 1
        commune = spec.communes[commune_idx[i]]
        ab = _ABBREV.get(kind, kind.value)
        actors.append(
            Actor(
                id=f"{spec.id_prefix}{ab}-{counters[kind]:04d}",
                name=f"{cell_chain[kinds[i]]} {kind.value} {counters[kind]} ({commune.name})",
                kind=kind,
                capacities=dict(zip((f.value for f in FACTORS), caps[i].tolist(), strict=True)),
                members=int(members[i]),
                women_share=float(women[i]),
                commune=commune.name,
                rural=commune.rural,
                value_chain=cell_chain[kinds[i]],
                units=int(units[i]),
                status="registered" if kind in spec.registered else "active",
                provenance=prov,
            )
        )
    ties = _draw_ties(gen, spec, actors, kinds, cell_chain, commune_idx, institutions, prov)
    poles = _poles(spec, actors, kinds, cell_kind, cell_chain, caps, prov)
    return tuple(actors), ties, poles


def _draw_ties(
    rng: np.random.Generator,
    spec: PopulationSpec,
    actors: Sequence[Actor],
    kinds: NDArray[np.int64],
    cell_chain: Sequence[str],
    commune_idx: NDArray[np.int64],
    institutions: Sequence[Actor],
    prov: Provenance,
) -> tuple[Partnership, ...]:
    n = len(actors)
    m = int(spec.n_ties)
    if n < 2 or m <= 0:
        return ()
    chains = sorted(set(cell_chain))
    chain_of = np.array([chains.index(cell_chain[k]) for k in kinds])
    propensity = rng.lognormal(0.0, 0.8, size=n)
    src = rng.choice(n, size=m, p=propensity / propensity.sum())
    n_inst = len(institutions)
    mix = np.asarray(spec.mix, dtype=np.float64)
    if n_inst == 0:
        mix = np.array([mix[0] + mix[1], 0.0, mix[2]])
    mode = rng.choice(3, size=m, p=mix / mix.sum())
    dst = np.full(m, -1, dtype=np.int64)
    # peers: same chain, same commune with probability 0.6, chosen by propensity
    order = np.lexsort((commune_idx, chain_of))
    key_chain = chain_of[order]
    key_both = chain_of[order] * 100_000 + commune_idx[order]
    cum = np.cumsum(propensity[order])
    peer = mode == 0
    same_commune = rng.random(m) < 0.6
    u = rng.random(m)
    for keys, use in ((key_both, same_commune), (key_chain, ~same_commune)):
        sel = peer & use
        k = (chain_of * 100_000 + commune_idx)[src[sel]] if keys is key_both else chain_of[src[sel]]
        lo = np.searchsorted(keys, k, side="left")
        hi = np.searchsorted(keys, k, side="right")
        base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
        target = base + u[sel] * (cum[hi - 1] - base)
        pos = np.clip(np.searchsorted(cum, target, side="left"), lo, hi - 1)
        dst[sel] = order[pos]
    # market ties: to an enterprise
    ent = np.flatnonzero(np.array([a.kind is ActorKind.ENTERPRISE for a in actors]))
    market = mode == 2
    if ent.size:
        dst[market] = ent[rng.integers(0, ent.size, size=int(market.sum()))]
    else:
        mode[market] = 0
        dst[market] = rng.integers(0, n, size=int(market.sum()))
    # institutional ties: by relevance to the source's chain
    inst_sel = mode == 1
    inst_dst = np.full(m, -1, dtype=np.int64)
    if n_inst:
        rel = np.array([[_relevance(inst, c) for inst in institutions] for c in chains])
        rel_sum = rel.sum(axis=1, keepdims=True)
        rel = np.where(rel_sum > 0, rel / np.where(rel_sum > 0, rel_sum, 1.0), 1.0 / n_inst)
        cumrel = np.cumsum(rel, axis=1)
        idx = np.flatnonzero(inst_sel)
        draws = rng.random(idx.size)
        rows = cumrel[chain_of[src[idx]]]
        inst_dst[idx] = np.minimum((rows < draws[:, None]).sum(axis=1), n_inst - 1)
    intensity = np.round(rng.beta(2.0, 3.0, size=m), 3)
    kind_choice = rng.random(m)
    # de-duplicate and drop self ties
    a_end = np.where(inst_sel, n + inst_dst, np.minimum(src, dst))
    b_end = np.where(inst_sel, src, np.maximum(src, dst))
    valid = np.where(inst_sel, inst_dst >= 0, (dst >= 0) & (dst != src))
    pair = a_end.astype(np.int64) * (n + n_inst + 1) + b_end
    _, first = np.unique(np.where(valid, pair, -1), return_index=True)
    keep = np.zeros(m, dtype=bool)
    keep[first] = True
    keep &= valid
    out: list[Partnership] = []
    inst_kinds = {
        ActorKind.FINANCIAL_INSTITUTION: PartnershipKind.FINANCING,
        ActorKind.DEVELOPMENT_AGENCY: PartnershipKind.FINANCING,
        ActorKind.RESEARCH_TRAINING: PartnershipKind.TRAINING,
        ActorKind.CHAMBER: PartnershipKind.TRAINING,
    }
    for e in np.flatnonzero(keep):
        if inst_sel[e]:
            inst = institutions[inst_dst[e]]
            source, target = inst.id, actors[src[e]].id
            pk = inst_kinds.get(inst.kind, PartnershipKind.CONVENTION)
        elif mode[e] == 2:
            source, target = actors[src[e]].id, actors[dst[e]].id
            pk = PartnershipKind.MARKET
        else:
            source, target = actors[src[e]].id, actors[dst[e]].id
            pk = PartnershipKind.FEDERATION if kind_choice[e] < 0.2 else PartnershipKind.MARKET
            pk = PartnershipKind.CONVENTION if kind_choice[e] > 0.7 else pk
        out.append(
            Partnership(
                source=source,
                target=target,
                kind=pk,
                intensity=float(intensity[e]),
                provenance=prov,
            )
        )
    return tuple(out)


def _poles(
    spec: PopulationSpec,
    actors: Sequence[Actor],
    kinds: NDArray[np.int64],
    cell_kind: Sequence[ActorKind],
    cell_chain: Sequence[str],
    caps: NDArray[np.float64],
    prov: Provenance,
) -> tuple[Pole, ...]:
    poles = []
    targets = {ActorKind.COOPERATIVE, ActorKind.ENTERPRISE, ActorKind.ARTISAN}
    for chain in sorted(set(cell_chain)):
        idx = [
            i
            for i in range(len(actors))
            if cell_chain[kinds[i]] == chain and cell_kind[kinds[i]] in targets
        ]
        if len(idx) < spec.min_pole:
            continue
        anchor = max(idx, key=lambda i: (caps[i, 3], -i))
        poles.append(
            Pole(
                id=f"{spec.id_prefix}pole-{chain}",
                name=f"{chain.replace('-', ' ').capitalize()} pole",
                value_chain=chain,
                members=tuple(actors[i].id for i in idx),
                anchor=actors[anchor].id,
                provenance=prov,
            )
        )
    return tuple(poles)


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
