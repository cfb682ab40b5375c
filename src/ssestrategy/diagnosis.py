"""Diagnose a territory: its actor network, key actors, poles and their weakest factors, the
communities the network itself suggests, its resilience, and MICMAC / MACTOR when given.

:func:`diagnose` turns the study day's request — "diagnose assets and opportunities and
identify constraints" — into one call. Every sentence of the assets, opportunities and
constraints is derived from a number computed here and cites it; the rules are listed in
``docs/diagnosis.md``.

Examples
--------
>>> import ssestrategy as sse
>>> from ssestrategy.diagnosis import diagnose
>>> d = diagnose(sse.datasets.tiznit(), seed=0)
>>> poles = d.to_dict()["poles"]
>>> len(poles) == len(d.profiles.pole_ids), all(p["weakest_factor"] for p in poles)
(True, True)
>>> print(d.format_report().splitlines()[0])
Diagnosis of Tiznit (case: ...)
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ._html import table_html
from .errors import ModelError, Problem
from .foresight import MactorResult, MicmacResult, mactor, micmac
from .model.case import Case
from .model.provenance import Assumption, Source
from .model.targets import Foresight
from .model.territory import ActorKind, Territory
from .network.communities import (
    Communities,
    PoleComparison,
    compare_with_poles,
    detect_communities,
)
from .network.graph import (
    ACTOR_KINDS,
    FINANCING_KINDS,
    PARTNERSHIP_KINDS,
    TerritoryNetwork,
    territory_network,
)
from .network.metrics import (
    ActorMetrics,
    BridgingTies,
    KeyActor,
    Seed,
    actor_metrics,
    bridging_ties,
    key_actors,
    pole_density,
)
from .network.profiles import DEFAULT_THRESHOLD, PoleProfiles, pole_profiles
from .network.resilience import Resilience, resilience

__all__ = [
    "CandidatePole",
    "Diagnosis",
    "NetworkSummary",
    "diagnose",
    "diagnosis_problems",
    "diagnosis_warnings",
    "foresight_analyses",
]

Array = NDArray[np.float64]

#: Smallest community proposed as a candidate pole.
MIN_CANDIDATE_SIZE: Final = 3
#: Candidate poles kept (the largest).
MAX_CANDIDATES: Final = 50
#: Most items named in one sentence or listed per rule.
_MAX_ITEMS: Final = 5

_REMOVAL_KINDS: Final = (
    (ActorKind.CHAMBER, "chamber"),
    (ActorKind.DEVELOPMENT_AGENCY, "donor"),
    (ActorKind.PUBLIC_AUTHORITY, "council"),
    (ActorKind.FINANCIAL_INSTITUTION, "bank"),
    (ActorKind.MINISTRY, "ministry"),
)


@attrs.frozen
class NetworkSummary:
    """Size and shape of the actor network.

    Attributes
    ----------
    n_actors : int
    actors_by_kind : dict of str to int
    n_ties : int
        Partnerships (parallel ties counted).
    ties_by_kind : dict of str to int
    n_linked_pairs : int
        Pairs of actors with at least one tie.
    density : float
        ``n_linked_pairs / (n (n - 1) / 2)``.
    mean_degree : float
        Mean number of partners.
    n_components : int
    largest_component_share : float
    isolated : int
        Actors without any tie.
    n_poles : int
    actors_in_poles : int
        Actors in at least one declared pole.

    Examples
    --------
    >>> from ssestrategy.model import Territory
    >>> diagnose(Territory(name="Nowhere")).summary.n_actors
    0
    """

    n_actors: int
    actors_by_kind: dict[str, int]
    n_ties: int
    ties_by_kind: dict[str, int]
    n_linked_pairs: int
    density: float
    mean_degree: float
    n_components: int
    largest_component_share: float
    isolated: int
    n_poles: int
    actors_in_poles: int


@attrs.frozen
class CandidatePole:
    """A community of the network proposed as a pole.

    Attributes
    ----------
    community : int
        Its label in :attr:`Diagnosis.communities`.
    size : int
    members : tuple of str
        Actor ids, by decreasing key-actor score.
    lead : str
        Id of its member with the highest key-actor score.
    value_chain : str or None
        The most common value chain among its members.
    best_pole : str or None
        The declared pole it overlaps most (None if none).
    jaccard : float
        Jaccard overlap with ``best_pole``.

    Examples
    --------
    See :func:`diagnose`; the candidates are :attr:`Diagnosis.candidate_poles`.
    """

    community: int
    size: int
    members: tuple[str, ...]
    lead: str
    value_chain: str | None
    best_pole: str | None
    jaccard: float


@attrs.frozen
class Finding:
    """A finding of the diagnosis with the provenance of the numbers it rests on.

    Attributes
    ----------
    category : str
        ``asset``, ``opportunity`` or ``constraint``.
    text : str
    rests_on : str
        ``capacities`` (the capacities of the poles' members) or ``ties`` (the
        partnerships).
    sourced, assumed, unlabelled : int
        How many of those records carry a source, an assumption, nothing.

    Examples
    --------
    >>> f = Finding("constraint", "Financing is the weakest factor in 6 of 7 poles.",
    ...             "capacities", sourced=0, assumed=420, unlabelled=0)
    >>> f.basis
    'assumed'
    >>> f.label()
    'rests on assumed data: the capacities of 420 records (0 sourced)'
    """

    category: str
    text: str
    rests_on: str
    sourced: int
    assumed: int
    unlabelled: int

    @property
    def basis(self) -> str:
        """``sourced``, ``assumed``, ``unlabelled`` (all records alike) or ``mixed``."""
        kinds = [k for k in ("sourced", "assumed", "unlabelled") if getattr(self, k)]
        return kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "unlabelled")

    def label(self) -> str:
        """What the finding rests on, in words."""
        what = "the capacities of" if self.rests_on == "capacities" else "the"
        n = self.sourced + self.assumed + self.unlabelled
        noun = "records" if self.rests_on == "capacities" else "partnerships"
        return (
            f"rests on {self.basis} data: {what} {n} {noun} ({self.sourced} sourced"
            + (f", {self.assumed} assumed" if self.basis == "mixed" else "")
            + ")"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "category": self.category,
            "text": self.text,
            "rests_on": self.rests_on,
            "basis": self.basis,
            "sourced": self.sourced,
            "assumed": self.assumed,
            "unlabelled": self.unlabelled,
        }


def _provenance_counts(records: Sequence[Any], default: Any) -> tuple[int, int, int]:
    sourced = assumed = unlabelled = 0
    for r in records:
        prov = r.provenance if r.provenance is not None else default
        if isinstance(prov, Source):
            sourced += 1
        elif isinstance(prov, Assumption):
            assumed += 1
        else:
            unlabelled += 1
    return sourced, assumed, unlabelled


def _findings(t: Territory, tagged: Mapping[str, Sequence[tuple[str, str]]]) -> tuple[Finding, ...]:
    in_pole = {m for pole in t.poles for m in pole.members}
    members = [a for a in t.actors if a.id in in_pole] or list(t.actors)
    basis = {
        "capacities": _provenance_counts(members, t.provenance),
        "ties": _provenance_counts(t.partnerships, t.provenance),
    }
    return tuple(
        Finding(category, text, on, *basis[on])
        for category, items in tagged.items()
        for text, on in items
    )


@attrs.frozen(eq=False)
class Diagnosis:
    """Result of :func:`diagnose`.

    Attributes
    ----------
    case, territory : str
        Names.
    summary : NetworkSummary
    network : TerritoryNetwork
    metrics : ActorMetrics
    key_actors : tuple of KeyActor
    profiles : PoleProfiles
        Levels, weakest factor, success and gaps of each declared pole.
    pole_density : ndarray, shape (p, p)
        Tie density within (diagonal) and between poles.
    bridging : BridgingTies
    communities : Communities
    comparison : PoleComparison
    candidate_poles : tuple of CandidatePole
        The largest communities of at least 3 actors (at most 50).
    resilience : Resilience
    assets, opportunities, constraints : tuple of str
        Plain-language findings, each citing its number.
    micmac : MicmacResult or None
    mactor : MactorResult or None
    threshold : float
        Level each factor should reach (an assumption, default 0.5).
    findings : tuple of Finding
        The assets, opportunities and constraints, each with the provenance of the numbers
        it rests on (sourced data, or assumptions such as a generated population).
    seed : int or None
        The seed, when an int was given.

    Examples
    --------
    See :func:`diagnose` and the module examples.
    """

    case: str
    territory: str
    summary: NetworkSummary
    network: TerritoryNetwork
    metrics: ActorMetrics
    key_actors: tuple[KeyActor, ...]
    profiles: PoleProfiles
    pole_density: Array
    bridging: BridgingTies
    communities: Communities
    comparison: PoleComparison
    candidate_poles: tuple[CandidatePole, ...]
    resilience: Resilience
    assets: tuple[str, ...]
    opportunities: tuple[str, ...]
    constraints: tuple[str, ...]
    micmac: MicmacResult | None
    mactor: MactorResult | None
    threshold: float
    seed: int | None
    findings: tuple[Finding, ...] = ()

    # --- export -----------------------------------------------------------------------------
    def to_dict(self, *, actors: bool = False) -> dict[str, Any]:
        """A JSON-serialisable dict of the diagnosis.

        Parameters
        ----------
        actors : bool, default False
            Include every actor's metrics (large for a national network).

        Returns
        -------
        dict
            Keys ``case``, ``territory``, ``summary``, ``key_actors``, ``poles`` (one dict per
            pole: ``id``, ``name``, ``members``, ``levels``, ``weakest_factor``, ``success``,
            ``gaps``, ``cohesion``, ``internal_strength``, ``density``, ``bridging``),
            ``pole_density``, ``communities``, ``resilience``, ``assets``, ``opportunities``,
            ``constraints``, ``micmac``, ``mactor``, ``conventions`` (and ``actors``).
        """
        poles = self.profiles.records()
        for i, rec in enumerate(poles):
            rec["density"] = float(self.pole_density[i, i])
            rec["bridging"] = {
                c: {
                    "ties": int(self.bridging.ties[i, j]),
                    "partners": int(self.bridging.partners[i, j]),
                    "intensity": float(self.bridging.intensity[i, j]),
                }
                for j, c in enumerate(self.bridging.categories)
            }
        bt = self.metrics.betweenness
        out: dict[str, Any] = {
            "case": self.case,
            "territory": self.territory,
            "summary": attrs.asdict(self.summary),
            "key_actors": [attrs.asdict(k) for k in self.key_actors],
            "poles": poles,
            "pole_density": {
                "poles": list(self.profiles.pole_ids),
                "matrix": self.pole_density.tolist(),
            },
            "communities": {
                "n_communities": self.communities.n_communities,
                "modularity": self.communities.modularity,
                "method": self.communities.method,
                "resolution": self.communities.resolution,
                "seed": self.communities.seed,
                "agreement": attrs.asdict(self.comparison.agreement),
                "n_unassigned": self.comparison.n_unassigned,
                "n_overlapping": self.comparison.n_overlapping,
                "pole_best_match": [
                    {
                        "pole": pid,
                        "community": int(self.comparison.pole_best_community[i]),
                        "jaccard": float(self.comparison.pole_jaccard[i]),
                    }
                    for i, pid in enumerate(self.comparison.pole_ids)
                ],
                "candidates": [attrs.asdict(c) for c in self.candidate_poles],
            },
            "resilience": _resilience_dict(self.resilience),
            "assets": list(self.assets),
            "opportunities": list(self.opportunities),
            "constraints": list(self.constraints),
            "findings": [f.to_dict() for f in self.findings],
            "micmac": _micmac_dict(self.micmac),
            "mactor": _mactor_dict(self.mactor),
            "conventions": {
                "threshold": self.threshold,
                "threshold_provenance": "assumption: the middle of the [0, 1] capacity scale",
                "ces_rho": self.profiles.ces_rho,
                "cohesion_scale": self.profiles.cohesion_scale,
                "seed": self.seed,
                "betweenness": {
                    "sampled": bt.sampled,
                    "k": bt.k,
                    "normalized": bt.normalized,
                    "paths": "hops",
                },
                "weights": "tie intensity (parallel ties summed, direction ignored)",
                "key_actor_score": "mean percentile rank of strength, betweenness, PageRank "
                "and 1 - constraint",
                "resilience_exact": self.resilience.exact,
                "resilience_sources": self.resilience.n_sources,
            },
        }
        if actors:
            m = self.metrics
            out["actors"] = [
                {
                    "id": m.ids[i],
                    "kind": ACTOR_KINDS[self.network.kinds[i]].value,
                    "degree": int(m.degree[i]),
                    "strength": float(m.strength[i]),
                    "betweenness": float(m.betweenness.values[i]),
                    "eigenvector": float(m.eigenvector[i]),
                    "pagerank": float(m.pagerank[i]),
                    "constraint": _opt(m.constraint[i]),
                    "effective_size": _opt(m.effective_size[i]),
                    "score": float(m.score[i]),
                    "community": int(self.communities.labels[i]),
                }
                for i in range(len(m.ids))
            ]
        return out

    def format_report(self) -> str:
        """A readable text report (what ``ssestrategy diagnose`` prints)."""
        return _report(self)

    def _repr_html_(self) -> str:
        s = self.summary
        kinds = ", ".join(f"{k}: {v}" for k, v in s.actors_by_kind.items())
        head = table_html(
            ("", ""),
            [
                ("actors", f"{s.n_actors} ({kinds})"),
                ("partnerships", s.n_ties),
                ("density", s.density),
                ("components", f"{s.n_components} (largest {s.largest_component_share:.0%})"),
                ("isolated actors", s.isolated),
                (
                    "communities vs poles",
                    f"{self.communities.n_communities} communities, "
                    f"ARI {self.comparison.agreement.ari:.2f}",
                ),
            ],
            caption=f"Diagnosis: {self.territory}",
        )
        p = self.profiles
        poles = table_html(
            ("pole", "members", *p.factors, "success", "weakest"),
            [
                (
                    p.pole_names[i],
                    int(p.n_members[i]),
                    *map(float, p.levels[i]),
                    float(p.success[i]),
                    p.weakest[i],
                )
                for i in range(len(p.pole_ids))
            ],
            caption="Poles",
        )
        keys = table_html(
            ("rank", "actor", "kind", "score", "degree", "betweenness"),
            [(k.rank, k.name, k.kind, k.score, k.degree, k.betweenness) for k in self.key_actors],
            caption="Key actors",
        )
        lists = "".join(
            f"<p><b>{title}</b></p><ul>"
            + "".join(
                f"<li>{html.escape(f.text)} <i>[{f.basis}: {f.rests_on}]</i></li>"
                for f in self.findings
                if f.category == category
            )
            + "</ul>"
            for title, category in (
                ("Assets", "asset"),
                ("Opportunities", "opportunity"),
                ("Constraints", "constraint"),
            )
        )
        return head + poles + keys + lists


# --- helpers for the export -----------------------------------------------------------------


def _opt(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _resilience_dict(r: Resilience) -> dict[str, Any]:
    def conn(c: Any) -> dict[str, Any]:
        return attrs.asdict(c)

    return {
        "baseline": conn(r.baseline),
        "baseline_networking": dict(zip(r.pole_ids, r.baseline_networking.tolist(), strict=True)),
        "baseline_success": dict(zip(r.pole_ids, r.baseline_success.tolist(), strict=True)),
        "removals": [
            {
                "label": rm.label,
                "removed": list(rm.removed),
                "connectivity": conn(rm.connectivity),
                "networking": dict(zip(r.pole_ids, rm.networking.tolist(), strict=True)),
                "success": dict(zip(r.pole_ids, rm.success.tolist(), strict=True)),
            }
            for rm in r.removals
        ],
        "exact": r.exact,
        "n_sources": r.n_sources,
    }


def _micmac_dict(m: MicmacResult | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "labels": list(m.labels),
        "direct_influence": m.direct_influence.tolist(),
        "direct_dependence": m.direct_dependence.tolist(),
        "indirect_influence": m.indirect_influence.tolist(),
        "indirect_dependence": m.indirect_dependence.tolist(),
        "direct_class": list(m.direct_class),
        "indirect_class": list(m.indirect_class),
        "changed": list(m.changed),
        "power": m.power,
        "stable": m.stable,
        "period": m.period,
        "status": m.status,
        "threshold": m.threshold,
    }


def _mactor_dict(m: MactorResult | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "actors": list(m.actors),
        "objectives": list(m.objectives),
        "variant": m.variant,
        "influence": m.influence.tolist(),
        "dependence": m.dependence.tolist(),
        "r_star": m.r_star.tolist(),
        "actor_class": list(m.actor_class),
        "mobilisation_for": m.mobilisation_for.tolist(),
        "mobilisation_against": m.mobilisation_against.tolist(),
        "implication": m.implication.tolist(),
    }


# --- the diagnosis --------------------------------------------------------------------------


def _children(seed: Seed, n: int) -> list[np.random.Generator]:
    if isinstance(seed, np.random.Generator):
        return list(seed.spawn(n))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer | np.random.SeedSequence):
        raise ModelError.at("seed", "expected an int, a numpy SeedSequence or a Generator")
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    return [np.random.default_rng(s) for s in ss.spawn(n)]


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


def diagnose(
    case: Case | Territory,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    seed: Seed = 0,
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
    seed : int, SeedSequence or Generator, default 0
        Spawned into independent streams for the betweenness sample, the community detection
        and the resilience sample: the same seed gives the same diagnosis.
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
    >>> d.constraints[0]
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
    s_bt, s_com, s_res = _children(seed, 3)

    net = territory_network(t)
    metrics = actor_metrics(net, betweenness_k=betweenness_k, seed=s_bt)
    keys = key_actors(net, metrics, top=top)
    profiles = pole_profiles(net, threshold=threshold, ces_rho=rho, cohesion_scale=scale)
    density = pole_density(net)
    bridging = bridging_ties(net)
    com = detect_communities(net, seed=s_com)
    cmp = compare_with_poles(net, com)
    scenarios = _default_removals(net, metrics) if removals is None else removals
    res = resilience(net, scenarios, cohesion_scale=scale, ces_rho=rho, seed=s_res)
    summary = _summary(t, net, res)
    cands = _candidates(t, net, metrics, com, cmp)

    mm, ma = foresight_analyses(foresight)

    ctx = _Context(net, summary, metrics, profiles, bridging, com, cmp, cands, res, threshold)
    tagged = {
        "asset": _assets(ctx),
        "opportunity": _opportunities(ctx),
        "constraint": _constraints(ctx),
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
        assets=tuple(text for text, _ in tagged["asset"]),
        opportunities=tuple(text for text, _ in tagged["opportunity"]),
        constraints=tuple(text for text, _ in tagged["constraint"]),
        micmac=mm,
        mactor=ma,
        threshold=float(threshold),
        seed=int(seed) if isinstance(seed, int | np.integer) else None,
        findings=_findings(t, tagged),
    )


# --- findings -------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class _Context:
    net: TerritoryNetwork
    summary: NetworkSummary
    metrics: ActorMetrics
    profiles: PoleProfiles
    bridging: BridgingTies
    com: Communities
    cmp: PoleComparison
    cands: tuple[CandidatePole, ...]
    res: Resilience
    threshold: float


def _pct(x: float) -> str:
    return f"{100.0 * x:.0f}%"


def _names(items: Sequence[str]) -> str:
    if len(items) > _MAX_ITEMS:
        return ", ".join(items[:_MAX_ITEMS]) + f" and {len(items) - _MAX_ITEMS} more"
    return ", ".join(items)


def _assets(c: _Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    p = c.profiles
    n_p = len(p.pole_ids)
    if n_p:
        counts = []
        for j, f in enumerate(p.factors):
            strong = np.flatnonzero(p.levels[:, j] >= c.threshold)
            counts.append((len(strong), j, f, strong))
        for cnt, j, f, strong in sorted(counts, key=lambda x: (-x[0], x[1])):
            if cnt == 0:
                continue
            strong = strong[np.argsort(-p.levels[strong, j], kind="stable")]
            named = [f"{p.pole_names[i]} {p.levels[i, j]:.2f}" for i in strong]
            out.append(
                (
                    f"{f.capitalize()} reaches the {c.threshold:g} threshold in {cnt} of {n_p} "
                    f"poles ({_names(named)}).",
                    "capacities",
                )
            )
        best = int(np.argmax(p.success))
        if p.success[best] > 0:
            out.append(
                (
                    f"{p.pole_names[best]} is the most successful pole: success "
                    f"{p.success[best]:.2f} (weakest factor {p.weakest[best]} at "
                    f"{p.levels[best, p.factors.index(p.weakest[best])]:.2f}).",
                    "capacities",
                )
            )
        cohesive = [i for i in range(n_p) if p.cohesion[i] >= 1.0 - np.exp(-1.0)]
        if cohesive:
            named = [f"{p.pole_names[i]} {p.cohesion[i]:.2f}" for i in cohesive]
            out.append(
                (
                    f"{len(cohesive)} of {n_p} poles are cohesive (cohesion at least 0.63, i.e. "
                    f"members' mean tie strength inside the pole at least the cohesion scale): "
                    f"{_names(named)}.",
                    "ties",
                )
            )
    m = c.metrics
    bt = m.betweenness.values
    est = " (estimated from sampled sources)" if m.betweenness.sampled else ""
    for i in np.argsort(-bt, kind="stable")[:3].tolist():
        if bt[i] <= 0:
            break
        eff = m.effective_size[i]
        eff_txt = (
            f"; {eff:.1f} of its {m.degree[i]} partners are non-redundant (effective size)"
            if not np.isnan(eff)
            else ""
        )
        out.append(
            (
                f"{c.net.names[i]} ({ACTOR_KINDS[c.net.kinds[i]].value}) is a broker: it lies on "
                f"{_pct(bt[i])} of the shortest paths between other actors (betweenness "
                f"{bt[i]:.2f}{est}){eff_txt}.",
                "ties",
            )
        )
    s = c.summary
    if s.n_actors and s.largest_component_share >= 0.9:
        aspl = c.res.baseline.average_shortest_path
        dist = f"; two actors are {aspl:.1f} ties apart on average" if aspl is not None else ""
        out.append(
            (
                f"{_pct(s.largest_component_share)} of the {s.n_actors} actors belong to one "
                f"connected network{dist}.",
                "ties",
            )
        )
    ag = c.cmp.agreement
    if ag.n >= 2 and ag.ari >= 0.5:
        out.append(
            (
                f"The declared poles follow existing collaboration: the communities found in the "
                f"network agree with them (adjusted Rand index {ag.ari:.2f}, NMI {ag.nmi:.2f}).",
                "ties",
            )
        )
    return out


def _opportunities(c: _Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    b = c.bridging
    p = c.profiles
    labels = {
        "financing": "financing actor (bank, micro-finance, donor)",
        "market": "market partner (enterprise or market tie)",
        "institutional": "institution (authority, ministry, chamber)",
    }
    for j, cat in enumerate(b.categories):
        if b.available[j] == 0:
            continue
        missing = [p.pole_names[i] for i in range(len(b.pole_ids)) if b.ties[i, j] == 0]
        if missing:
            out.append(
                (
                    f"{len(missing)} of {len(b.pole_ids)} poles have no tie to any of the "
                    f"{b.available[j]} {labels[cat]}s: {_names(missing)}. A pole platform or "
                    f"convention could bridge that gap.",
                    "ties",
                )
            )
    net = c.net
    fin = np.flatnonzero(net.kind_mask(FINANCING_KINDS))
    if fin.size and net.n_poles:
        reach = sparse.csr_array(net.binary[fin] @ net.membership)
        reach.eliminate_zeros()
        poles_reached = np.diff(reach.indptr)
        median_deg = float(np.median(c.metrics.degree))
        under = [
            i
            for k, i in enumerate(fin.tolist())
            if poles_reached[k] < net.n_poles / 2 or c.metrics.degree[i] < median_deg
        ]
        for i in under[:_MAX_ITEMS]:
            k = int(np.flatnonzero(fin == i)[0])
            out.append(
                (
                    f"{net.names[i]} ({ACTOR_KINDS[net.kinds[i]].value}) is under-used: "
                    f"{c.metrics.degree[i]} partners (median actor {median_deg:g}) reaching "
                    f"{poles_reached[k]} of {net.n_poles} poles.",
                    "ties",
                )
            )
    for cand in c.cands:
        if cand.size >= max(MIN_CANDIDATE_SIZE, 5) and cand.jaccard < 0.3:
            lead = net.names[net.index(cand.lead)]
            if cand.best_pole is not None:
                best = p.pole_names[p.pole_ids.index(cand.best_pole)]
                match = f"best overlap {cand.jaccard:.2f} with {best}"
            else:
                match = "no overlap with any declared pole"
            out.append(
                (
                    f"The network holds a cluster of {cand.size} actors around {lead}"
                    + (f" (mostly {cand.value_chain})" if cand.value_chain else "")
                    + f" that matches no declared pole ({match}): a candidate pole.",
                    "ties",
                )
            )
            if sum(o[0].startswith("The network holds") for o in out) >= 3:
                break
    nw = p.factors.index("networking")
    for i in range(len(p.pole_ids)):
        if p.weakest[i] == "networking" and p.cohesion[i] < 0.5:
            out.append(
                (
                    f"{p.pole_names[i]}'s weakest factor is networking ({p.levels[i, nw]:.2f}) and "
                    f"its members are loosely tied (cohesion {p.cohesion[i]:.2f}): tie-building "
                    f"(a platform, a federation hub) acts on its binding factor directly.",
                    "capacities",
                )
            )
    return out


def _constraints(c: _Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    p = c.profiles
    n_p = len(p.pole_ids)
    held = [i for i in np.argsort(p.success, kind="stable").tolist()]
    listed = 0
    for i in held:
        j = p.factors.index(p.weakest[i])
        if p.gaps[i, j] <= 0:
            continue
        if listed == _MAX_ITEMS:
            rest = sum(1 for k in held if p.gaps[k, p.factors.index(p.weakest[k])] > 0) - listed
            out.append(
                (f"{rest} more poles have their weakest factor below the threshold.", "capacities")
            )
            break
        out.append(
            (
                f"{p.pole_names[i]} is held back by {p.weakest[i]}: level {p.levels[i, j]:.2f}, "
                f"{p.gaps[i, j]:.2f} below the {c.threshold:g} threshold (success "
                f"{p.success[i]:.2f}).",
                "capacities",
            )
        )
        listed += 1
    if n_p > 1:
        f, cnt = Counter(p.weakest).most_common(1)[0]
        if cnt > 1:
            out.append(
                (f"{f.capitalize()} is the weakest factor in {cnt} of {n_p} poles.", "capacities")
            )
    s = c.summary
    if s.isolated:
        out.append(
            (
                f"{s.isolated} actors ({_pct(s.isolated / s.n_actors)}) have no partnership "
                "at all.",
                "ties",
            )
        )
    if s.n_components - s.isolated > 1:
        out.append(
            (
                f"The network is split into {s.n_components - s.isolated} groups of tied actors "
                f"(plus {s.isolated} isolated); the largest holds "
                f"{_pct(s.largest_component_share)} of the actors.",
                "ties",
            )
        )
    base = c.res.baseline
    for rm in c.res.removals:
        conn = rm.connectivity
        who = ", ".join(c.net.names[c.net.index(a)] for a in rm.removed)
        extra_components = conn.n_components - base.n_components
        drop = base.largest_component_share - conn.largest_component_share
        if extra_components >= 2 or drop >= 0.05:
            out.append(
                (
                    f"The network depends on {who}: without it, it splits into {conn.n_components} "
                    f"components (from {base.n_components}) and the largest holds "
                    f"{_pct(conn.largest_component_share)} of the remaining actors (from "
                    f"{_pct(base.largest_component_share)}).",
                    "ties",
                )
            )
        if base.efficiency > 0 and conn.efficiency < 0.8 * base.efficiency:
            out.append(
                (
                    f"Without {who}, the network's efficiency falls from {base.efficiency:.3f} to "
                    f"{conn.efficiency:.3f} ({_pct(1 - conn.efficiency / base.efficiency)} less).",
                    "ties",
                )
            )
        delta = c.res.baseline_networking - rm.networking
        hit = [i for i in np.argsort(-delta, kind="stable").tolist() if delta[i] >= 0.05]
        if hit:
            named = [
                f"{p.pole_names[i]} {c.res.baseline_networking[i]:.2f} -> {rm.networking[i]:.2f}"
                for i in hit
            ]
            out.append((f"Without {who}, networking levels fall: {_names(named)}.", "ties"))
    bt = c.metrics.betweenness.values
    if bt.size:
        top = int(np.argmax(bt))
        if bt[top] >= 0.3:
            out.append(
                (
                    f"{c.net.names[top]} is a single point of passage: it lies on {_pct(bt[top])} "
                    f"of the shortest paths between other actors.",
                    "ties",
                )
            )
    ag = c.cmp.agreement
    if ag.n >= 2 and ag.ari < 0.3 and n_p > 1:
        out.append(
            (
                f"The declared poles cut across existing collaboration: the network's communities "
                f"agree weakly with them (adjusted Rand index {ag.ari:.2f}).",
                "ties",
            )
        )
    return out


# --- the text report ------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[j]) for r in cells]) for j, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in cells:
        out.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return out


def _cell(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v)}"
        return f"{v:.3f}" if abs(v) < 10 else f"{v:,.1f}"
    return str(v)


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _report(d: Diagnosis) -> str:
    s = d.summary
    lines = [f"Diagnosis of {d.territory} (case: {d.case})", "=" * 60, ""]
    lines.append("Network")
    lines.append("-------")
    lines.append(
        f"{s.n_actors} actors: " + ", ".join(f"{k} {v}" for k, v in s.actors_by_kind.items())
    )
    lines.append(
        f"{s.n_ties} partnerships: " + ", ".join(f"{k} {v}" for k, v in s.ties_by_kind.items())
    )
    lines.append(
        f"{s.n_linked_pairs} linked pairs, density {s.density:.4f}, mean degree "
        f"{s.mean_degree:.1f}; {s.n_components} components (largest "
        f"{_pct(s.largest_component_share)}), {s.isolated} isolated actors; "
        f"{s.actors_in_poles} actors in {s.n_poles} declared poles."
    )
    lines += ["", "Key actors", "----------"]
    lines += _table(
        ("#", "actor", "kind", "score", "degree", "betweenness", "constraint"),
        [
            (k.rank, _short(k.name), k.kind, k.score, k.degree, k.betweenness, k.constraint)
            for k in d.key_actors
        ],
    )
    bt = d.metrics.betweenness
    lines.append(
        "score = mean percentile rank of strength, betweenness, PageRank and 1 - constraint; "
        + (f"betweenness sampled from {bt.k} sources." if bt.sampled else "betweenness exact.")
    )
    p = d.profiles
    lines += ["", "Poles", "-----"]
    lines += _table(
        ("pole", "members", *p.factors, "success", "weakest (gap)"),
        [
            (
                _short(p.pole_names[i], 30),
                int(p.n_members[i]),
                *map(float, p.levels[i]),
                float(p.success[i]),
                f"{p.weakest[i]} ({p.gaps[i, p.factors.index(p.weakest[i])]:.2f})",
            )
            for i in range(len(p.pole_ids))
        ],
    )
    lines.append(
        f"threshold {d.threshold:g} (assumption), CES rho {p.ces_rho:g}, cohesion scale "
        f"{p.cohesion_scale:g}."
    )
    b = d.bridging
    title = "Bridging ties (ties / distinct partners)"
    lines += ["", title, "-" * len(title)]
    lines += _table(
        ("pole", "density", *b.categories),
        [
            (
                _short(p.pole_names[i], 30),
                float(d.pole_density[i, i]),
                *(f"{b.ties[i, j]} / {b.partners[i, j]}" for j in range(len(b.categories))),
            )
            for i in range(len(b.pole_ids))
        ],
    )
    com, ag = d.communities, d.comparison.agreement
    lines += ["", "Communities (candidate poles)", "-----------------------------"]
    lines.append(
        f"{com.n_communities} communities ({com.method}, seed {com.seed}), modularity "
        f"{com.modularity:.3f}; agreement with declared poles over {ag.n} actors: adjusted Rand "
        f"index {ag.ari:.3f}, NMI {ag.nmi:.3f}."
    )
    lines += _table(
        ("community", "size", "lead", "value chain", "best pole", "jaccard"),
        [
            (c.community, c.size, c.lead, c.value_chain, c.best_pole, c.jaccard)
            for c in d.candidate_poles[:10]
        ],
    )
    r = d.resilience
    lines += ["", "Resilience (removing an actor)", "------------------------------"]

    def row(label: str, conn: Any, nw: Array) -> tuple[Any, ...]:
        delta = float((nw - r.baseline_networking).min()) if nw.size else 0.0
        return (
            _short(label, 44),
            conn.n_components,
            _pct(conn.largest_component_share),
            conn.efficiency,
            conn.average_shortest_path,
            delta,
        )

    lines += _table(
        ("scenario", "components", "largest", "efficiency", "mean path", "worst d.networking"),
        [row("baseline", r.baseline, r.baseline_networking)]
        + [row(rm.label, rm.connectivity, rm.networking) for rm in r.removals],
    )
    if not r.exact:
        lines.append(f"distances estimated from {r.n_sources} sampled sources.")
    for title, category in (
        ("Assets", "asset"),
        ("Opportunities", "opportunity"),
        ("Constraints", "constraint"),
    ):
        lines += ["", title, "-" * len(title)]
        lines += [
            f"- {f.text} [{f.basis}: {f.rests_on}]" for f in d.findings if f.category == category
        ] or ["- (none found)"]
    if d.findings:
        lines.append("")
        lines.append(
            "[basis: what the finding rests on] sourced = every record it uses cites a source; "
            "assumed = every record is an assumption (e.g. a generated population); mixed = "
            "both. Findings on assumed data describe the assumptions, not the territory."
        )
        for on in ("capacities", "ties"):
            f = next((f for f in d.findings if f.rests_on == on), None)
            if f is not None:
                lines.append(f"  {on}: {f.label()}")
    if d.micmac is not None:
        m = d.micmac
        lines += ["", "MICMAC (structural analysis)", "----------------------------"]
        lines += _table(
            ("variable", "influence", "dependence", "direct class", "indirect class"),
            [
                (
                    m.labels[i],
                    float(m.direct_influence[i]),
                    float(m.direct_dependence[i]),
                    m.direct_class[i],
                    m.indirect_class[i],
                )
                for i in range(len(m.labels))
            ],
        )
        stab = (
            "stable" if m.stable else f"{m.status}" + (f", period {m.period}" if m.period else "")
        )
        lines.append(
            f"indirect analysis at power {m.power} ({stab}); class changes: "
            + (", ".join(m.changed) if m.changed else "none")
            + "."
        )
    if d.mactor is not None:
        a = d.mactor
        lines += ["", "MACTOR (actors' strategies)", "---------------------------"]
        lines += _table(
            ("actor", "influence", "dependence", "r*", "class"),
            [
                (
                    a.actors[i],
                    float(a.influence[i]),
                    float(a.dependence[i]),
                    float(a.r_star[i]),
                    a.actor_class[i],
                )
                for i in range(len(a.actors))
            ],
        )
        lines += _table(
            ("objective", "for", "against"),
            [
                (a.objectives[j], float(a.mobilisation_for[j]), float(a.mobilisation_against[j]))
                for j in range(len(a.objectives))
            ],
        )
    return "\n".join(lines) + "\n"
