"""The seeded generator of plausible SSE populations (:func:`generate_population`), vectorised
with NumPy; see :mod:`ssestrategy.datasets.synthetic` for the algorithm.

Examples
--------
>>> spec = PopulationSpec(counts={(ActorKind.COOPERATIVE, "argan"): 20},
...                       communes=[Commune("A", 1000, True)], n_ties=30)
>>> actors, ties, poles = generate_population(spec, rng=0)
>>> len(actors), poles[0].value_chain
(20, 'argan')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, generator
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
)

__all__ = ["Commune", "PopulationSpec", "generate_population"]


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

    def scaled(self, factor: float) -> PopulationSpec:
        """The same population mix for a territory ``factor`` times as large.

        Everything that counts scales together: the records per cell (at least one), the
        units a cell stands for (a cell's *total*: scaling the records alone would keep, say,
        Tiznit's 6,000 artisans in a province of any size) and the ties. Shares, means and
        the communes are left as they are; pass the new territory's communes with
        ``attrs.evolve``.

        Parameters
        ----------
        factor : float
            Positive, e.g. the ratio of the two populations.

        Returns
        -------
        PopulationSpec

        Examples
        --------
        >>> spec = PopulationSpec(counts={(ActorKind.ARTISAN, "silver"): 40}, communes=[],
        ...                       n_ties=100, units={(ActorKind.ARTISAN, "silver"): 1740})
        >>> half = spec.scaled(0.5)
        >>> list(half.counts.values()), list(half.units.values()), half.n_ties
        ([20], [870], 50)
        """
        if not (isinstance(factor, float | int) and np.isfinite(factor) and factor > 0):
            raise ModelError.at("factor", f"expected a positive number, got {factor!r}")
        counts = {k: max(1, round(n * factor)) for k, n in self.counts.items()}
        return attrs.evolve(
            self,
            counts=counts,  # every record stands for one unit at least
            units={k: max(counts.get(k, 1), round(n * factor)) for k, n in self.units.items()},
            n_ties=round(self.n_ties * factor),
        )


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
    """Ties among the generated actors and with the institutions. The draws are made in a
    fixed order (the generated population depends on it): propensities, sources, modes, peers,
    market partners, institutions, intensities, kinds."""
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
    dst = _peer_targets(rng, src, mode == 0, chain_of, commune_idx, propensity)
    _market_targets(rng, actors, mode, dst)
    inst_sel = mode == 1
    inst_dst = _institution_targets(rng, src, inst_sel, chain_of, chains, institutions)
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
    ends = (src, dst, inst_dst, inst_sel, mode)
    return _partnerships(
        np.flatnonzero(keep), ends, actors, institutions, intensity, kind_choice, prov
    )


def _peer_targets(
    rng: np.random.Generator,
    src: NDArray[np.int64],
    peer: NDArray[np.bool_],
    chain_of: NDArray[np.int64],
    commune_idx: NDArray[np.int64],
    propensity: NDArray[np.float64],
) -> NDArray[np.int64]:
    """Peers: same chain, same commune with probability 0.6, chosen by propensity (-1 for the
    other ties)."""
    m = int(src.shape[0])
    dst = np.full(m, -1, dtype=np.int64)
    order = np.lexsort((commune_idx, chain_of))
    key_chain = chain_of[order]
    key_both = chain_of[order] * 100_000 + commune_idx[order]
    cum = np.cumsum(propensity[order])
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
    return dst


def _market_targets(
    rng: np.random.Generator,
    actors: Sequence[Actor],
    mode: NDArray[np.int64],
    dst: NDArray[np.int64],
) -> None:
    """Market ties go to an enterprise (to anyone, as peers, when there is none): in place."""
    ent = np.flatnonzero(np.array([a.kind is ActorKind.ENTERPRISE for a in actors]))
    market = mode == 2
    if ent.size:
        dst[market] = ent[rng.integers(0, ent.size, size=int(market.sum()))]
    else:
        mode[market] = 0
        dst[market] = rng.integers(0, len(actors), size=int(market.sum()))


def _institution_targets(
    rng: np.random.Generator,
    src: NDArray[np.int64],
    inst_sel: NDArray[np.bool_],
    chain_of: NDArray[np.int64],
    chains: Sequence[str],
    institutions: Sequence[Actor],
) -> NDArray[np.int64]:
    """Institutional ties: the institution, drawn by its relevance to the source's chain (-1 for
    the other ties)."""
    n_inst = len(institutions)
    inst_dst = np.full(src.shape[0], -1, dtype=np.int64)
    if n_inst:
        rel = np.array([[_relevance(inst, c) for inst in institutions] for c in chains])
        rel_sum = rel.sum(axis=1, keepdims=True)
        rel = np.where(rel_sum > 0, rel / np.where(rel_sum > 0, rel_sum, 1.0), 1.0 / n_inst)
        cumrel = np.cumsum(rel, axis=1)
        idx = np.flatnonzero(inst_sel)
        draws = rng.random(idx.size)
        rows = cumrel[chain_of[src[idx]]]
        inst_dst[idx] = np.minimum((rows < draws[:, None]).sum(axis=1), n_inst - 1)
    return inst_dst


_INSTITUTION_TIES = {
    ActorKind.FINANCIAL_INSTITUTION: PartnershipKind.FINANCING,
    ActorKind.DEVELOPMENT_AGENCY: PartnershipKind.FINANCING,
    ActorKind.RESEARCH_TRAINING: PartnershipKind.TRAINING,
    ActorKind.CHAMBER: PartnershipKind.TRAINING,
}


def _partnerships(
    kept: NDArray[np.int64],
    ends: tuple[NDArray[Any], ...],
    actors: Sequence[Actor],
    institutions: Sequence[Actor],
    intensity: NDArray[np.float64],
    kind_choice: NDArray[np.float64],
    prov: Provenance,
) -> tuple[Partnership, ...]:
    """The kept ties as partnerships, with their kinds."""
    src, dst, inst_dst, inst_sel, mode = ends
    out: list[Partnership] = []
    for e in kept:
        if inst_sel[e]:
            inst = institutions[inst_dst[e]]
            source, target = inst.id, actors[src[e]].id
            pk = _INSTITUTION_TIES.get(inst.kind, PartnershipKind.CONVENTION)
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
