"""The rules of the weaknesses (the study day's "constraints"; ``docs/diagnosis.md`` lists
them), as messages (:mod:`ssestrategy.i18n.messages`) tagged with what they rest on."""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..i18n.messages import Message, Num, Pct, Term, join, msg, nmsg
from .findings import _MAX_ITEMS
from .rules import Context, _names

__all__ = ["weaknesses"]


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
