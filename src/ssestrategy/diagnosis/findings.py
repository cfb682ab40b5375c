"""The findings of a diagnosis: assets, opportunities and weaknesses, each derived from a
number computed by :func:`~ssestrategy.diagnosis.diagnose` and citing it, with the provenance
of the records it rests on (the rules are listed in ``docs/diagnosis.md``).

Examples
--------
>>> f = Finding("weakness", "Financing is the weakest factor in 6 of 7 poles.",
...             "capacities", sourced=0, assumed=420, unlabelled=0)
>>> f.basis
'assumed'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
from scipy import sparse

from ..model.provenance import Assumption, Source
from ..model.territory import Territory
from ..network.communities import Communities, PoleComparison
from ..network.graph import ACTOR_KINDS, FINANCING_KINDS, TerritoryNetwork
from ..network.metrics import ActorMetrics, BridgingTies
from ..network.profiles import PoleProfiles
from ..network.resilience import Resilience

if TYPE_CHECKING:
    from .result import CandidatePole, NetworkSummary

__all__ = ["CATEGORIES", "MIN_CANDIDATE_SIZE", "Context", "Finding", "findings"]

#: Smallest community proposed as a candidate pole.
MIN_CANDIDATE_SIZE: Final = 3
#: Most items named in one sentence or listed per rule.
_MAX_ITEMS: Final = 5

CATEGORIES: Final = (
    ("Assets", "asset"),
    ("Opportunities", "opportunity"),
    ("Weaknesses", "weakness"),
)
"""The categories of findings, with their titles, in report order."""


@attrs.frozen
class Finding:
    """A finding of the diagnosis with the provenance of the numbers it rests on.

    Attributes
    ----------
    category : str
        ``asset``, ``opportunity`` or ``weakness`` (the study day's "constraints"; the
        category was called ``constraint`` before).
    text : str
    rests_on : str
        ``capacities`` (the capacities of the poles' members) or ``ties`` (the
        partnerships).
    sourced, assumed, unlabelled : int
        How many of those records carry a source, an assumption, nothing.

    Examples
    --------
    >>> f = Finding("weakness", "Financing is the weakest factor in 6 of 7 poles.",
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


def findings(t: Territory, tagged: Mapping[str, Sequence[tuple[str, str]]]) -> tuple[Finding, ...]:
    """The findings, tagged by category, with the provenance of the records each rests on."""
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


def _pct(x: float) -> str:
    return f"{100.0 * x:.0f}%"


def _names(items: Sequence[str]) -> str:
    if len(items) > _MAX_ITEMS:
        return ", ".join(items[:_MAX_ITEMS]) + f" and {len(items) - _MAX_ITEMS} more"
    return ", ".join(items)


def assets(c: Context) -> list[tuple[str, str]]:
    """The assets: factors at the threshold, the best pole, cohesive poles, brokers, one
    connected network, poles that follow existing collaboration."""
    return _pole_assets(c) + _network_assets(c)


def _pole_assets(c: Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
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
    return out


def _network_assets(c: Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
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


def opportunities(c: Context) -> list[tuple[str, str]]:
    """The opportunities: poles without a bridge to a category of partner, under-used
    financing actors, candidate poles, poles bound by networking."""
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


def weaknesses(c: Context) -> list[tuple[str, str]]:
    """The weaknesses (the study day's "constraints"): binding factors below the threshold,
    isolated actors and split networks, actors the network depends on, a single point of
    passage, poles that cut across collaboration."""
    return _pole_weaknesses(c) + _network_weaknesses(c) + _dependence_weaknesses(c)


def _pole_weaknesses(c: Context) -> list[tuple[str, str]]:
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
    return out


def _network_weaknesses(c: Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
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
    if ag.n >= 2 and ag.ari < 0.3 and len(c.profiles.pole_ids) > 1:
        out.append(
            (
                f"The declared poles cut across existing collaboration: the network's communities "
                f"agree weakly with them (adjusted Rand index {ag.ari:.2f}).",
                "ties",
            )
        )
    return out


def _dependence_weaknesses(c: Context) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    p = c.profiles
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
    return out
