"""The diagnosis workflow: :func:`diagnose` computes the network, key actors, pole profiles,
communities, resilience and foresight analyses of a territory, then derives its findings.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> diagnosis_problems(tiznit())
[]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np

from .._deprecation import renamed_arguments
from .._random import RNGLike, generators, streams_provenance
from ..errors import ModelError, Problem
from ..foresight import MactorResult, MicmacResult, mactor, micmac
from ..model.case import Case
from ..model.targets import Foresight
from ..model.territory import ActorKind, Territory
from ..network.communities import (
    Communities,
    PoleComparison,
    compare_with_poles,
    detect_communities,
)
from ..network.graph import ACTOR_KINDS, PARTNERSHIP_KINDS, TerritoryNetwork, territory_network
from ..network.metrics import (
    ActorMetrics,
    actor_metrics,
    bridging_ties,
    key_actors,
    pole_density,
)
from ..network.profiles import DEFAULT_THRESHOLD, pole_profiles
from ..network.resilience import Resilience, resilience
from .findings import MIN_CANDIDATE_SIZE, findings
from .result import MAX_CANDIDATES, CandidatePole, Diagnosis, NetworkSummary
from .rules import Context, assets, opportunities
from .weaknesses import weaknesses

__all__ = ["diagnose", "diagnosis_problems", "diagnosis_warnings", "foresight_analyses"]

_REMOVAL_KINDS: Final = (
    (ActorKind.CHAMBER, "chamber"),
    (ActorKind.DEVELOPMENT_AGENCY, "donor"),
    (ActorKind.PUBLIC_AUTHORITY, "council"),
    (ActorKind.FINANCIAL_INSTITUTION, "bank"),
    (ActorKind.MINISTRY, "ministry"),
)


def _summary(t: Territory, net: TerritoryNetwork, res: Resilience) -> NetworkSummary:
    n = net.n_actors
    kinds = Counter(ACTOR_KINDS[k].value for k in net.kinds.tolist())
    ties = Counter(PARTNERSHIP_KINDS[k].value for k in net.tie_kinds.tolist())
    pairs = int(net.adjacency.nnz // 2)
    in_poles = int((np.diff(net.membership.indptr) > 0).sum())
    return NetworkSummary(
        n_actors=n,
        actors_by_kind=dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        n_ties=net.n_ties,
        ties_by_kind=dict(sorted(ties.items(), key=lambda kv: (-kv[1], kv[0]))),
        n_linked_pairs=pairs,
        density=2.0 * pairs / (n * (n - 1)) if n > 1 else 0.0,
        mean_degree=2.0 * pairs / n if n else 0.0,
        n_components=res.baseline.n_components,
        largest_component_share=res.baseline.largest_component_share,
        isolated=res.baseline.isolated,
        n_poles=net.n_poles,
        actors_in_poles=in_poles,
    )


def _default_removals(net: TerritoryNetwork, metrics: ActorMetrics) -> dict[str, tuple[str, ...]]:
    """The top actor (by key score) of each institutional kind, and the top broker."""
    out: dict[str, tuple[str, ...]] = {}
    score = metrics.score
    for kind, role in _REMOVAL_KINDS:
        rows = np.flatnonzero(net.kind_mask([kind]))
        rows = rows[metrics.degree[rows] > 0]
        if rows.size:
            best = int(rows[np.argmax(score[rows])])
            out[f"{role}: {net.ids[best]}"] = (net.ids[best],)
    if net.n_actors:
        top = int(np.argmax(metrics.betweenness.values))
        if metrics.betweenness.values[top] > 0 and (net.ids[top],) not in out.values():
            out[f"top broker: {net.ids[top]}"] = (net.ids[top],)
    return out


def _candidates(
    t: Territory,
    net: TerritoryNetwork,
    metrics: ActorMetrics,
    com: Communities,
    cmp: PoleComparison,
) -> tuple[CandidatePole, ...]:
    out: list[CandidatePole] = []
    chains = [a.value_chain for a in t.actors]
    order = np.lexsort((np.arange(net.n_actors), -metrics.score, com.labels))
    sorted_labels = com.labels[order]
    bounds = np.searchsorted(sorted_labels, np.arange(com.n_communities + 1))
    for c in range(com.n_communities):
        size = int(com.sizes[c])
        if size < MIN_CANDIDATE_SIZE or len(out) >= MAX_CANDIDATES:
            break
        rows = order[bounds[c] : bounds[c + 1]]
        counts = Counter(chains[i] for i in rows.tolist() if chains[i])
        chain = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else None
        bp = int(cmp.community_best_pole[c])
        out.append(
            CandidatePole(
                community=c,
                size=size,
                members=tuple(net.ids[i] for i in rows.tolist()),
                lead=net.ids[int(rows[0])],
                value_chain=chain,
                best_pole=net.pole_ids[bp] if bp >= 0 else None,
                jaccard=float(cmp.community_jaccard[c]),
            )
        )
    return tuple(out)


def foresight_analyses(
    foresight: Foresight | None,
) -> tuple[MicmacResult | None, MactorResult | None]:
    """MICMAC and MACTOR of a case's foresight inputs (None for those not given).

    Raises
    ------
    ModelError
        At ``foresight.influence``, ``foresight.mdi``, ... when an analysis is undefined for the
        inputs (e.g. no actor influences any other).

    Examples
    --------
    >>> f = Foresight(actors=("x", "y"), objectives=("o",), mdi=((0, 0), (0, 0)),
    ...               mao=((1,), (2,)))
    >>> foresight_analyses(f)
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: foresight.mdi: no actor influences any other; ...
    """
    mm = ma = None
    try:
        if foresight is not None and foresight.has_micmac:
            mm = micmac(foresight.influence, labels=foresight.variables)
        if foresight is not None and foresight.has_mactor:
            ma = mactor(
                foresight.mdi,
                foresight.mao,
                actors=foresight.actors,
                objectives=foresight.objectives,
            )
    except ModelError as err:
        raise err.prefixed("foresight") from None
    return mm, ma


def diagnosis_problems(case: Case) -> list[Problem]:
    """Every reason in the case why :func:`diagnose` would refuse it (the check
    ``ssestrategy validate`` runs): today, foresight inputs an analysis cannot use.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> diagnosis_problems(tiznit())
    []
    """
    try:
        foresight_analyses(case.foresight)
    except ModelError as err:
        return list(err.problems)
    return []


def diagnosis_warnings(case: Case) -> list[Problem]:
    """What :func:`diagnose` runs on but can say little about: no actor, no partnership (every
    network measure is 0), no pole.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> [str(p) for p in diagnosis_warnings(Case(name="c", territory=Territory(name="t")))]
    ['actors: the territory has no actor: there is nothing to diagnose']
    """
    t = case.territory
    if not t.actors:
        return [Problem("actors", "the territory has no actor: there is nothing to diagnose")]
    out: list[Problem] = []
    if not t.partnerships:
        out.append(
            Problem(
                "partnerships",
                "no partnership: every network measure (centrality, "
                "brokerage, communities, resilience) is 0 or undefined",
            )
        )
    if not t.poles:
        out.append(Problem("poles", "no pole: the pole profiles and weakest factors are empty"))
    return out


@renamed_arguments(seed="rng")
def diagnose(
    case: Case | Territory,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    rng: RNGLike = 0,
    betweenness_k: int | None = None,
    removals: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    top: int = 10,
) -> Diagnosis:
    """Diagnose a territory's SSE: network, key actors, poles, communities, resilience, foresight.

    Parameters
    ----------
    case : Case or Territory
        A territory alone is diagnosed with the default model parameters and no foresight.
    threshold : float, default 0.5
        Level each factor should reach; an assumption (the middle of the [0, 1] scale), not a
        sourced standard.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of three independent streams (:mod:`ssestrategy._random`): the betweenness sample,
        the community detection and the resilience sample; the same ``rng`` gives the same
        diagnosis. Recorded in :attr:`Diagnosis.rng`.
    betweenness_k : int, optional
        Sources sampled for betweenness; default exact up to 2,000 actors, 64 above.
    removals : mapping of label to actor ids, or sequence of ids, optional
        Resilience scenarios. Default: the best-connected (highest key-actor score) chamber,
        development agency (donor), public authority (council), financial institution and
        ministry, each removed alone, plus the top broker by betweenness if not among them.
    top : int, default 10
        Number of key actors listed.

    Returns
    -------
    Diagnosis

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.6, "governance": 0.5}
    >>> t = Territory(name="Demo",
    ...     actors=[Actor(id="chamber", name="Chamber", kind="chamber", capacities=caps)]
    ...            + [Actor(id=f"c{i}", name=f"Coop {i}", kind="cooperative", capacities=caps)
    ...               for i in range(4)],
    ...     partnerships=[Partnership(source="chamber", target=f"c{i}", kind="training",
    ...                               intensity=0.5) for i in range(4)],
    ...     poles=[Pole(id="p", name="Pole", value_chain="argan",
    ...                 members=("c0", "c1", "c2", "c3"))])
    >>> d = diagnose(t)
    >>> d.profiles.weakest, d.key_actors[0].id
    (('financing',), 'chamber')
    >>> d.weaknesses[0]
    'Pole is held back by financing: level 0.20, 0.30 below the 0.5 threshold (success 0.24).'
    """
    if isinstance(case, Case):
        t = case.territory
        name = case.name
        params = case.parameters
        foresight = case.foresight
    elif isinstance(case, Territory):
        t, name, params, foresight = case, case.name, None, None
    else:
        raise ModelError.at("case", "expected a Case or a Territory")
    if not 0.0 <= threshold <= 1.0:
        raise ModelError.at("threshold", "expected a level in [0, 1]")
    rho = None if params is None else params["ces_rho"].value
    scale = None if params is None else params["cohesion_scale"].value
    streams = generators(rng, 3)
    s_bt, s_com, s_res = streams

    net = territory_network(t)
    metrics = actor_metrics(net, betweenness_k=betweenness_k, rng=s_bt)
    keys = key_actors(net, metrics, top=top)
    profiles = pole_profiles(net, threshold=threshold, ces_rho=rho, cohesion_scale=scale)
    density = pole_density(net)
    bridging = bridging_ties(net)
    com = detect_communities(net, rng=s_com)
    cmp = compare_with_poles(net, com)
    scenarios = _default_removals(net, metrics) if removals is None else removals
    res = resilience(net, scenarios, cohesion_scale=scale, ces_rho=rho, rng=s_res)
    summary = _summary(t, net, res)
    cands = _candidates(t, net, metrics, com, cmp)

    mm, ma = foresight_analyses(foresight)

    ctx = Context(net, summary, metrics, profiles, bridging, com, cmp, cands, res, threshold)
    tagged = {
        "asset": assets(ctx),
        "opportunity": opportunities(ctx),
        "weakness": weaknesses(ctx),
    }
    return Diagnosis(
        case=name,
        territory=t.name,
        summary=summary,
        network=net,
        metrics=metrics,
        key_actors=keys,
        profiles=profiles,
        pole_density=density,
        bridging=bridging,
        communities=com,
        comparison=cmp,
        candidate_poles=cands,
        resilience=res,
        assets=tuple(str(text) for text, _ in tagged["asset"]),
        opportunities=tuple(str(text) for text, _ in tagged["opportunity"]),
        weaknesses=tuple(str(text) for text, _ in tagged["weakness"]),
        micmac=mm,
        mactor=ma,
        threshold=float(threshold),
        seed=int(rng) if isinstance(rng, int | np.integer) else None,
        rng=streams_provenance(streams),
        findings=findings(t, tagged),
        provenance=case.count_values() if isinstance(case, Case) else {},
    )
