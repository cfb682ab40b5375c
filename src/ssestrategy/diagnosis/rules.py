"""The rules of the findings (``docs/diagnosis.md`` lists them): each reads the numbers of a
diagnosis (:class:`Context`) and returns sentences as messages (:mod:`ssestrategy.i18n.messages`),
so that a finding can be written in English, French or Arabic, tagged with what it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
from scipy import sparse

from ..i18n import N_
from ..i18n.messages import Join, Message, Num, Pct, Term, join, msg, nmsg
from ..network.communities import Communities, PoleComparison
from ..network.graph import ACTOR_KINDS, FINANCING_KINDS, TerritoryNetwork
from ..network.metrics import ActorMetrics, BridgingTies
from ..network.profiles import PoleProfiles
from ..network.resilience import Resilience
from .findings import _MAX_ITEMS, MIN_CANDIDATE_SIZE

if TYPE_CHECKING:
    from .result import CandidatePole, NetworkSummary

__all__ = ["Context", "assets", "opportunities"]


@attrs.frozen(eq=False)
class Context:
    """What the rules of the findings read."""

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


# the broker sentence: (betweenness estimated from sampled sources, effective size known)
_BROKER: Final = {
    (False, False): N_(
        "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other "
        "actors (betweenness {betweenness})."
    ),
    (True, False): N_(
        "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other "
        "actors (betweenness {betweenness} (estimated from sampled sources))."
    ),
    (False, True): N_(
        "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other "
        "actors (betweenness {betweenness}); {effective} of its {partners} partners are "
        "non-redundant (effective size)."
    ),
    (True, True): N_(
        "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other "
        "actors (betweenness {betweenness} (estimated from sampled sources)); {effective} of its "
        "{partners} partners are non-redundant (effective size)."
    ),
}

# poles without a tie to a category of partner
_NO_TIE: Final = {
    "financing": N_(
        "{n} of {poles} poles have no tie to any of the {available} financing actor (bank, "
        "micro-finance, donor)s: {names}. A pole platform or convention could bridge that gap."
    ),
    "market": N_(
        "{n} of {poles} poles have no tie to any of the {available} market partner (enterprise "
        "or market tie)s: {names}. A pole platform or convention could bridge that gap."
    ),
    "institutional": N_(
        "{n} of {poles} poles have no tie to any of the {available} institution (authority, "
        "ministry, chamber)s: {names}. A pole platform or convention could bridge that gap."
    ),
}


def _names(items: Sequence[Any]) -> Message | Join:
    if len(items) > _MAX_ITEMS:
        return nmsg(
            "{names} and {n} more",
            "{names} and {n} more",
            len(items) - _MAX_ITEMS,
            names=join(items[:_MAX_ITEMS]),
        )
    return join(items)


def _level(name: str, value: float) -> Message:
    """A name and a level: ``Pole A 0.42``."""
    return msg("{name} {level}", name=name, level=Num(value, ".2f"))


def assets(c: Context) -> list[tuple[Message, str]]:
    """The assets: factors at the threshold, the best pole, cohesive poles, brokers, one
    connected network, poles that follow existing collaboration."""
    return _pole_assets(c) + _network_assets(c)


def _pole_assets(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    p = c.profiles
    n_p = len(p.pole_ids)
    if not n_p:
        return out
    counts = []
    for j, f in enumerate(p.factors):
        strong = np.flatnonzero(p.levels[:, j] >= c.threshold)
        counts.append((len(strong), j, f, strong))
    for cnt, j, f, strong in sorted(counts, key=lambda x: (-x[0], x[1])):
        if cnt == 0:
            continue
        strong = strong[np.argsort(-p.levels[strong, j], kind="stable")]
        named = [_level(p.pole_names[i], p.levels[i, j]) for i in strong]
        out.append(
            (
                nmsg(
                    "{factor} reaches the {threshold} threshold in {n} of {poles} poles ({names}).",
                    "{factor} reaches the {threshold} threshold in {n} of {poles} poles ({names}).",
                    n_p,
                    factor=Term(f, capital=True),
                    threshold=Num(c.threshold, "g"),
                    n=cnt,
                    poles=n_p,
                    names=_names(named),
                ),
                "capacities",
            )
        )
    best = int(np.argmax(p.success))
    if p.success[best] > 0:
        out.append(
            (
                msg(
                    "{pole} is the most successful pole: success {success} (weakest factor "
                    "{factor} at {level}).",
                    pole=p.pole_names[best],
                    success=Num(p.success[best], ".2f"),
                    factor=Term(p.weakest[best]),
                    level=Num(p.levels[best, p.factors.index(p.weakest[best])], ".2f"),
                ),
                "capacities",
            )
        )
    cohesive = [i for i in range(n_p) if p.cohesion[i] >= 1.0 - np.exp(-1.0)]
    if cohesive:
        named = [_level(p.pole_names[i], p.cohesion[i]) for i in cohesive]
        out.append(
            (
                msg(
                    "{n} of {poles} poles are cohesive (cohesion at least {floor}, i.e. "
                    "members' mean tie strength inside the pole at least the cohesion scale): "
                    "{names}.",
                    n=len(cohesive),
                    poles=n_p,
                    floor=Num(0.63, ".2f"),
                    names=_names(named),
                ),
                "ties",
            )
        )
    return out


def _network_assets(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    m = c.metrics
    bt = m.betweenness.values
    for i in np.argsort(-bt, kind="stable")[:3].tolist():
        if bt[i] <= 0:
            break
        eff = m.effective_size[i]
        names = {
            "actor": c.net.names[i],
            "kind": ACTOR_KINDS[c.net.kinds[i]].value,
            "share": Pct(bt[i]),
            "betweenness": Num(bt[i], ".2f"),
            "effective": Num(eff, ".1f"),
            "partners": m.degree[i],
        }
        text = _BROKER[(bool(m.betweenness.sampled), not np.isnan(eff))]
        out.append((msg(text, **names), "ties"))
    s = c.summary
    if s.n_actors and s.largest_component_share >= 0.9:
        aspl = c.res.baseline.average_shortest_path
        connected = (
            msg(
                "{share} of the {n} actors belong to one connected network; two actors are "
                "{distance} ties apart on average.",
                share=Pct(s.largest_component_share),
                n=s.n_actors,
                distance=Num(aspl, ".1f"),
            )
            if aspl is not None
            else msg(
                "{share} of the {n} actors belong to one connected network.",
                share=Pct(s.largest_component_share),
                n=s.n_actors,
            )
        )
        out.append((connected, "ties"))
    ag = c.cmp.agreement
    if ag.n >= 2 and ag.ari >= 0.5:
        out.append(
            (
                msg(
                    "The declared poles follow existing collaboration: the communities found in "
                    "the network agree with them (adjusted Rand index {ari}, NMI {nmi}).",
                    ari=Num(ag.ari, ".2f"),
                    nmi=Num(ag.nmi, ".2f"),
                ),
                "ties",
            )
        )
    return out


def opportunities(c: Context) -> list[tuple[Message, str]]:
    """The opportunities: poles without a bridge to a category of partner, under-used
    financing actors, candidate poles, poles bound by networking."""
    return (
        _bridge_opportunities(c)
        + _financing_opportunities(c)
        + _candidate_opportunities(c)
        + _networking_opportunities(c)
    )


def _bridge_opportunities(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    b = c.bridging
    p = c.profiles
    for j, cat in enumerate(b.categories):
        if b.available[j] == 0:
            continue
        missing = [p.pole_names[i] for i in range(len(b.pole_ids)) if b.ties[i, j] == 0]
        if missing:
            out.append(
                (
                    msg(
                        _NO_TIE[cat],
                        n=len(missing),
                        poles=len(b.pole_ids),
                        available=int(b.available[j]),
                        names=_names(missing),
                    ),
                    "ties",
                )
            )
    return out


def _financing_opportunities(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
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
                    msg(
                        "{actor} ({kind}) is under-used: {partners} partners (median actor "
                        "{median}) reaching {reached} of {poles} poles.",
                        actor=net.names[i],
                        kind=ACTOR_KINDS[net.kinds[i]].value,
                        partners=c.metrics.degree[i],
                        median=Num(median_deg, "g"),
                        reached=int(poles_reached[k]),
                        poles=net.n_poles,
                    ),
                    "ties",
                )
            )
    return out


def _candidate_opportunities(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    net, p = c.net, c.profiles
    for cand in c.cands:
        if cand.size >= max(MIN_CANDIDATE_SIZE, 5) and cand.jaccard < 0.3:
            lead = net.names[net.index(cand.lead)]
            if cand.best_pole is not None:
                best = p.pole_names[p.pole_ids.index(cand.best_pole)]
                match = msg(
                    "best overlap {overlap} with {pole}",
                    overlap=Num(cand.jaccard, ".2f"),
                    pole=best,
                )
            else:
                match = msg("no overlap with any declared pole")
            text = (
                N_(
                    "The network holds a cluster of {n} actors around {lead} (mostly {chain}) that "
                    "matches no declared pole ({match}): a candidate pole."
                )
                if cand.value_chain
                else N_(
                    "The network holds a cluster of {n} actors around {lead} that matches no "
                    "declared pole ({match}): a candidate pole."
                )
            )
            out.append(
                (
                    msg(text, n=cand.size, lead=lead, chain=cand.value_chain or "", match=match),
                    "ties",
                )
            )
            if sum(o[0].msgid.startswith("The network holds") for o in out) >= 3:
                break
    return out


def _networking_opportunities(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    p = c.profiles
    nw = p.factors.index("networking")
    for i in range(len(p.pole_ids)):
        if p.weakest[i] == "networking" and p.cohesion[i] < 0.5:
            out.append(
                (
                    msg(
                        "{pole}'s weakest factor is networking ({level}) and its members are "
                        "loosely tied (cohesion {cohesion}): tie-building (a platform, a "
                        "federation hub) acts on its binding factor directly.",
                        pole=p.pole_names[i],
                        level=Num(p.levels[i, nw], ".2f"),
                        cohesion=Num(p.cohesion[i], ".2f"),
                    ),
                    "capacities",
                )
            )
    return out
