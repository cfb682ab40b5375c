"""The words of the ranking's reports: the constraints cell of a strategy, the ordering rule
printed under the ranking table and the explanation line of each strategy (translated by
:mod:`ssestrategy.i18n`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ..i18n import translator
from ..i18n.messages import Join, Message, Num, NumText, Pct, join, msg, nmsg
from ..model import Criterion
from .constraints import ConstraintEvaluation, against

__all__ = ["constraints_cell", "explain_line", "ordering_rule"]


def constraints_cell(violated: int, undecided: int, lang: str = "en") -> str:
    """The ranking table's word for a strategy's constraints: ``all met``, ``none violated,
    1 undecided`` or ``3 violated``.

    Examples
    --------
    >>> constraints_cell(0, 0), constraints_cell(0, 1), constraints_cell(3, 1)
    ('all met', 'none violated, 1 undecided', '3 violated')
    """
    if violated:
        return nmsg("{n} violated", "{n} violated", violated).render(lang)
    if undecided:
        return nmsg(
            "none violated, {n} undecided", "none violated, {n} undecided", undecided
        ).render(lang)
    _ = translator(lang)
    return _("all met")


def ordering_rule(lang: str = "en") -> str:
    """The sentence that says how the ranking orders strategies (printed under its table).

    Examples
    --------
    >>> ordering_rule().split(";")[0]
    'Order: strategies that violate no constraint first'
    """
    _ = translator(lang)
    return _(
        "Order: strategies that violate no constraint first; then the others, fewest violated "
        "constraints first; within each group, by the method's score (an undecided constraint "
        "does not count as violated)."
    )


def _standing(u: NDArray[np.float64], criteria: Sequence[Criterion]) -> list[Message]:
    """Where a strategy stands among those compared, criterion by criterion.

    ``u`` is its criterion values normalised over the strategies (1 the best of them, 0 the
    worst; NaN where every strategy has the same value). The wording compares strategies on a
    criterion, never one criterion of a strategy with another of its criteria.
    """
    if not len(criteria) or np.isnan(u).all():
        return []
    best = [c.label for c, v in zip(criteria, u, strict=True) if v == 1.0]
    worst = [c.label for c, v in zip(criteria, u, strict=True) if v == 0.0]
    if len(best) == len(criteria):
        return [msg("best on every criterion")]
    if len(worst) == len(criteria):
        return [msg("last on every criterion")]
    words: list[Message] = []
    if best:
        words.append(msg("best on {criteria}", criteria=join(best)))
    if worst:
        words.append(msg("last on {criteria}", criteria=join(worst)))
    return words or [msg("neither best nor last on any criterion")]


def _violation(ev: ConstraintEvaluation, i: int, j: int) -> Message:
    """A violated constraint and its estimate against the requirement."""
    c = ev.constraints[i]
    if c.is_chance:
        e, _ = against(ev.estimate[i, j], c.probability or 0.0, 2, fixed=True)
        return msg(
            "{id} (P={p} < {required})",
            id=c.id,
            p=NumText(e),
            required=Num(c.probability or 0.0, "g"),
        )
    e, t = against(ev.estimate[i, j], c.target)
    return msg(
        "{id} (mean {estimate} vs {op} {target})",
        id=c.id,
        estimate=NumText(e),
        op=c.op,
        target=NumText(t),
    )


def explain_line(
    j: int,
    sid: str,
    final_rank: int,
    feasible: bool,
    ev: ConstraintEvaluation,
    standings: NDArray[np.float64],
    criteria: Sequence[Criterion],
    p_best: float,
) -> Join:
    """The explanation line of strategy ``j`` (:meth:`Ranking.explanation
    <ssestrategy.decision.Ranking.explanation>`): its rank, the constraints it violates, where
    it stands on the criteria and its share of futures won, as messages to render in any
    language."""
    parts = [msg("{strategy} ranks {rank}", strategy=sid, rank=final_rank)]
    if feasible:
        und = ev.undecided(j)
        parts.append(
            msg("meets every constraint")
            if not und
            else msg("violates no constraint (undecided: {ids})", ids=join(und))
        )
    else:
        fails = [
            _violation(ev, i, j)
            for i in range(len(ev.constraints))
            if ev.status[i, j] == "violated"
        ]
        parts.append(msg("violates {constraints}", constraints=join(fails)))
    parts += _standing(standings, criteria)
    parts.append(msg("best in {share} of futures", share=Pct(p_best)))
    return join(parts, "semicolon")
