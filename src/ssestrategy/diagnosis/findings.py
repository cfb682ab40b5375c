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

from ..i18n import N_
from ..i18n.messages import Join, Message, Num, Pct, Term, join, msg, nmsg
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


# what a finding rests on: (on the capacities, on mixed data)
_LABELS: Final = {
    (True, False): N_("rests on {basis} data: the capacities of {n} records ({sourced} sourced)"),
    (True, True): N_(
        "rests on {basis} data: the capacities of {n} records ({sourced} sourced, {assumed} "
        "assumed)"
    ),
    (False, False): N_("rests on {basis} data: the {n} partnerships ({sourced} sourced)"),
    (False, True): N_(
        "rests on {basis} data: the {n} partnerships ({sourced} sourced, {assumed} assumed)"
    ),
}
# the kinds of data, as adjectives of "data"
_BASIS: Final = {
    "sourced": N_("sourced"),
    "assumed": N_("assumed"),
    "unlabelled": N_("unlabelled"),
    "mixed": N_("mixed"),
}


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
    message: Message | None = attrs.field(default=None, kw_only=True)
    """The sentence as a message, to write it in any language (:meth:`render`); None for a
    finding made from a plain text (then :meth:`render` gives ``text`` whatever the language)."""

    def render(self, lang: str = "en") -> str:
        """The finding's sentence in ``lang`` (``en``, ``fr`` or ``ar``); names from the case
        are kept as they are.

        Examples
        --------
        >>> from ssestrategy.i18n.messages import Term, nmsg
        >>> m = nmsg("{factor} is the weakest factor in {n} of {poles} poles.",
        ...          "{factor} is the weakest factor in {n} of {poles} poles.", 7,
        ...          factor=Term("financing", capital=True), n=6, poles=7)
        >>> f = Finding("weakness", str(m), "capacities", 0, 420, 0, message=m)
        >>> f.render() == f.text
        True
        >>> f.render("fr")
        'Le financement est le facteur le plus faible dans 6 pôles sur 7.'
        """
        return self.text if self.message is None else self.message.render(lang)

    @property
    def basis(self) -> str:
        """``sourced``, ``assumed``, ``unlabelled`` (all records alike) or ``mixed``."""
        kinds = [k for k in ("sourced", "assumed", "unlabelled") if getattr(self, k)]
        return kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "unlabelled")

    def label(self, lang: str = "en") -> str:
        """What the finding rests on, in words (in ``lang``)."""
        n = self.sourced + self.assumed + self.unlabelled
        text = _LABELS[(self.rests_on == "capacities", self.basis == "mixed")]
        basis = Term(_BASIS.get(self.basis, self.basis))
        return msg(text, basis=basis, n=n, sourced=self.sourced, assumed=self.assumed).render(lang)

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


def findings(
    t: Territory, tagged: Mapping[str, Sequence[tuple[Message | str, str]]]
) -> tuple[Finding, ...]:
    """The findings, tagged by category, with the provenance of the records each rests on."""
    in_pole = {m for pole in t.poles for m in pole.members}
    members = [a for a in t.actors if a.id in in_pole] or list(t.actors)
    basis = {
        "capacities": _provenance_counts(members, t.provenance),
        "ties": _provenance_counts(t.partnerships, t.provenance),
    }
    return tuple(
        Finding(
            category,
            str(text),
            on,
            *basis[on],
            message=text if isinstance(text, Message) else None,
        )
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


def _pct(x: float) -> str:
    return f"{100.0 * x:.0f}%"


def _names(items: Sequence[Any]) -> Message | Join:
    if len(items) > _MAX_ITEMS:
        return msg(
            "{names} and {n} more", names=join(items[:_MAX_ITEMS]), n=len(items) - _MAX_ITEMS
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
        text = (
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
        out.append((text, "ties"))
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
                "The network holds a cluster of {n} actors around {lead} (mostly {chain}) that "
                "matches no declared pole ({match}): a candidate pole."
                if cand.value_chain
                else "The network holds a cluster of {n} actors around {lead} that matches no "
                "declared pole ({match}): a candidate pole."
            )
            out.append(
                (
                    msg(text, n=cand.size, lead=lead, chain=cand.value_chain or "", match=match),
                    "ties",
                )
            )
            if sum(o[0].msgid.startswith("The network holds") for o in out) >= 3:
                break
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


def weaknesses(c: Context) -> list[tuple[Message, str]]:
    """The weaknesses (the study day's "constraints"): binding factors below the threshold,
    isolated actors and split networks, actors the network depends on, a single point of
    passage, poles that cut across collaboration."""
    return _pole_weaknesses(c) + _network_weaknesses(c) + _dependence_weaknesses(c)


def _pole_weaknesses(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
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
                (
                    nmsg(
                        "{n} more poles have their weakest factor below the threshold.",
                        "{n} more poles have their weakest factor below the threshold.",
                        rest,
                    ),
                    "capacities",
                )
            )
            break
        out.append(
            (
                msg(
                    "{pole} is held back by {factor}: level {level}, {gap} below the "
                    "{threshold} threshold (success {success}).",
                    pole=p.pole_names[i],
                    factor=Term(p.weakest[i]),
                    level=Num(p.levels[i, j], ".2f"),
                    gap=Num(p.gaps[i, j], ".2f"),
                    threshold=Num(c.threshold, "g"),
                    success=Num(p.success[i], ".2f"),
                ),
                "capacities",
            )
        )
        listed += 1
    if n_p > 1:
        f, cnt = Counter(p.weakest).most_common(1)[0]
        if cnt > 1:
            out.append(
                (
                    nmsg(
                        "{factor} is the weakest factor in {n} of {poles} poles.",
                        "{factor} is the weakest factor in {n} of {poles} poles.",
                        n_p,
                        factor=Term(f, capital=True),
                        n=cnt,
                        poles=n_p,
                    ),
                    "capacities",
                )
            )
    return out


def _network_weaknesses(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    s = c.summary
    if s.isolated:
        out.append(
            (
                nmsg(
                    "{n} actors ({share}) have no partnership at all.",
                    "{n} actors ({share}) have no partnership at all.",
                    s.isolated,
                    share=Pct(s.isolated / s.n_actors),
                ),
                "ties",
            )
        )
    if s.n_components - s.isolated > 1:
        out.append(
            (
                msg(
                    "The network is split into {groups} groups of tied actors (plus {isolated} "
                    "isolated); the largest holds {share} of the actors.",
                    groups=s.n_components - s.isolated,
                    isolated=s.isolated,
                    share=Pct(s.largest_component_share),
                ),
                "ties",
            )
        )
    bt = c.metrics.betweenness.values
    if bt.size:
        top = int(np.argmax(bt))
        if bt[top] >= 0.3:
            out.append(
                (
                    msg(
                        "{actor} is a single point of passage: it lies on {share} of the "
                        "shortest paths between other actors.",
                        actor=c.net.names[top],
                        share=Pct(bt[top]),
                    ),
                    "ties",
                )
            )
    ag = c.cmp.agreement
    if ag.n >= 2 and ag.ari < 0.3 and len(c.profiles.pole_ids) > 1:
        out.append(
            (
                msg(
                    "The declared poles cut across existing collaboration: the network's "
                    "communities agree weakly with them (adjusted Rand index {ari}).",
                    ari=Num(ag.ari, ".2f"),
                ),
                "ties",
            )
        )
    return out


def _dependence_weaknesses(c: Context) -> list[tuple[Message, str]]:
    out: list[tuple[Message, str]] = []
    p = c.profiles
    base = c.res.baseline
    for rm in c.res.removals:
        conn = rm.connectivity
        who = join(c.net.names[c.net.index(a)] for a in rm.removed)
        extra_components = conn.n_components - base.n_components
        drop = base.largest_component_share - conn.largest_component_share
        if extra_components >= 2 or drop >= 0.05:
            out.append(
                (
                    msg(
                        "The network depends on {who}: without it, it splits into {components} "
                        "components (from {before}) and the largest holds {share} of the "
                        "remaining actors (from {share_before}).",
                        who=who,
                        components=conn.n_components,
                        before=base.n_components,
                        share=Pct(conn.largest_component_share),
                        share_before=Pct(base.largest_component_share),
                    ),
                    "ties",
                )
            )
        if base.efficiency > 0 and conn.efficiency < 0.8 * base.efficiency:
            out.append(
                (
                    msg(
                        "Without {who}, the network's efficiency falls from {before} to {after} "
                        "({share} less).",
                        who=who,
                        before=Num(base.efficiency, ".3f"),
                        after=Num(conn.efficiency, ".3f"),
                        share=Pct(1 - conn.efficiency / base.efficiency),
                    ),
                    "ties",
                )
            )
        delta = c.res.baseline_networking - rm.networking
        hit = [i for i in np.argsort(-delta, kind="stable").tolist() if delta[i] >= 0.05]
        if hit:
            named = [
                msg(
                    "{name} {before} -> {after}",
                    name=p.pole_names[i],
                    before=Num(c.res.baseline_networking[i], ".2f"),
                    after=Num(rm.networking[i], ".2f"),
                )
                for i in hit
            ]
            out.append(
                (
                    msg(
                        "Without {who}, networking levels fall: {names}.",
                        who=who,
                        names=_names(named),
                    ),
                    "ties",
                )
            )
    return out
