"""The sentences of :class:`~ssestrategy.explain.attribution.Lead` (why a strategy ranks
ahead of another), as messages (:mod:`ssestrategy.i18n.messages`) to write in English, French
or Arabic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..decision.constraints import status_word
from ..i18n import N_
from ..i18n.messages import Message, Num, Pct, Term, join, msg

if TYPE_CHECKING:
    from .attribution import Lead

__all__ = ["composite_sentence", "pbest_note", "rank_sentence"]


def rank_sentence(ld: Lead) -> Message:
    """Why the one ranks ahead of the other: constraints or the method's score."""
    hi, lo, k = ld._ahead()
    if ld.decided_by == "tie":
        return msg("{a} and {b} tie in the ranking.", a=ld.a, b=ld.b)
    if ld.decided_by in ("feasibility", "violations"):
        worse = [c for c in ld.constraints if c.status[1 - k] == "violated"]
        fails = join(
            msg(
                "{id} ({verdict}; {ahead}: {status}, {estimate})",
                id=c.id,
                verdict=c._verdict(1 - k),
                ahead=hi,
                status=Term(status_word(c.status[k])),
                estimate=c._estimate(k),
            )
            for c in worse
        )
        if ld.decided_by == "feasibility":
            return msg(
                "{ahead} ranks ahead of {behind} because {ahead} violates no constraint and "
                "{behind} violates {constraints}.",
                ahead=hi,
                behind=lo,
                constraints=fails,
            )
        return msg(
            "{ahead} ranks ahead of {behind} because both violate constraints and {behind} "
            "violates more ({n_behind} vs {n_ahead}): {constraints}.",
            ahead=hi,
            behind=lo,
            n_behind=ld.violations[1 - k],
            n_ahead=ld.violations[k],
            constraints=fails,
        )
    d = ld.score if k == 0 else ld.score.negated()
    j = d.largest()
    text = (
        N_(
            "{ahead} ranks ahead of {behind} on the {method} score ({score_ahead} vs "
            "{score_behind}, lower is better); {part} of its {lead} lead comes from "
            "{criterion}."
        )
        if ld.method == "vikor"
        else N_(
            "{ahead} ranks ahead of {behind} on the {method} score ({score_ahead} vs "
            "{score_behind}); {part} of its {lead} lead comes from {criterion}."
        )
    )
    return msg(
        text,
        ahead=hi,
        behind=lo,
        method=ld.method,
        score_ahead=Num(ld.scores[k], ".3f"),
        score_behind=Num(ld.scores[1 - k], ".3f"),
        part=Num(d.contributions[j], "+.3f"),
        lead=Num(d.total, ".3f"),
        criterion=d.criteria[j],
    )


def composite_sentence(ld: Lead) -> Message:
    """The lead on the mean composite and the criterion it comes from most."""
    d = ld.composite
    lead_, trail = (ld.a, ld.b) if d.total >= 0 else (ld.b, ld.a)
    if d.total < 0:
        d = d.negated()
    if abs(d.total) < 5e-4 and np.abs(d.contributions).max(initial=0.0) < 5e-4:
        return msg("{a} and {b} are level on the mean composite.", a=ld.a, b=ld.b)
    j = d.largest()
    rest = d.total - d.contributions[j]
    name = d.criteria[j]
    text = N_(
        "{leader} leads {other} by {gap} on the mean composite; {part} of it from "
        "{criterion}; the other criteria give {rest}."
    )
    extra: dict[str, Any] = {}
    for crit, owner, levers in ld.exclusive:
        if crit == name and ld._material(j):
            text = (
                N_(
                    "{leader} leads {other} by {gap} on the mean composite; {part} of it from "
                    "{criterion}, which only {owner} has a lever for ({levers}); the other "
                    "criteria give {rest}."
                )
                if owner == lead_
                else N_(
                    "{leader} leads {other} by {gap} on the mean composite; {part} of it "
                    "from {criterion}, although only {owner} has a lever for it ({levers}); "
                    "the other criteria give {rest}."
                )
            )
            extra = {"owner": owner, "levers": join(levers)}
    return msg(
        text,
        leader=lead_,
        other=trail,
        gap=Num(d.total, ".3f"),
        part=Num(d.contributions[j], ".3f"),
        criterion=name,
        rest=Num(rest, ".3f"),
        **extra,
    )


def pbest_note(ld: Lead) -> Message | None:
    """Why the strategy ranked ahead is best in fewer futures, when it is (else None)."""
    hi, lo, k = ld._ahead()
    if ld.decided_by == "tie" or not ld.p_best[1 - k] > ld.p_best[k] + 1e-12:
        return None
    names = {
        "ahead": hi,
        "behind": lo,
        "p_behind": Num(ld.p_best[1 - k], ".2f"),
        "p_ahead": Num(ld.p_best[k], ".2f"),
    }
    if ld.decided_by in ("feasibility", "violations"):
        return msg(
            "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs "
            "{p_ahead}) because P(best) counts futures won on the composite whatever the "
            "constraints, while the ranking puts {ahead} first on the constraints.",
            **names,
        )
    comp = ld.composite.total if k == 0 else -ld.composite.total
    wins = ld.wins if k == 0 else 1.0 - ld.wins
    if comp < 0:
        return msg(
            "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs "
            "{p_ahead}) because the rank follows the {method} score of the criteria "
            "summarised over futures, while P(best) counts futures won on the composite, on "
            "which {behind} has the higher mean.",
            method=ld.method,
            **names,
        )
    text = (
        N_(
            "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs {p_ahead}) "
            "because {ahead} has the higher mean composite (by {gap}) but beats {behind} in "
            "{wins} of futures: its wins are larger than its losses."
        )
        if wins < 0.5
        else N_(
            "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs "
            "{p_ahead}) because {ahead} has the higher mean composite (by {gap}) but beats "
            "{behind} in {wins} of futures: other strategies take more of its best futures."
        )
    )
    return msg(text, gap=Num(comp, ".3f"), wins=Pct(wins), **names)
