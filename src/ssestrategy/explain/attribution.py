"""Why one strategy leads another: :func:`lead`.

A ranking says *which* strategy comes first; a planner also needs to know *why*. For two
strategies ``a`` and ``b`` of a ranking, :func:`lead` returns a :class:`Lead` with

1. **how the rank was decided** between them, mirroring :func:`~ssestrategy.decision.rank`:
   feasibility first, then the number of violated constraints, then the method's rank; and the
   constraint verdicts that differ (:class:`ConstraintDifference`);
2. the **composite difference decomposed by criterion** (:func:`composite_decomposition`): the
   mean over futures of the ranking's fixed-bound composite (the score behind ``P(best)`` and
   regret) is a weighted sum, so its difference splits additively, exactly;
3. the **method's score difference decomposed by criterion** (:func:`score_decomposition`):
   TOPSIS closeness and VIKOR ``Q`` are not additive, so the difference is split by Shapley
   values (:func:`shapley_values`) of the game in which a criterion "switched on" gives ``a``
   its own value on that criterion instead of ``b``'s, every other strategy held fixed; by the
   efficiency axiom the contributions sum to the difference exactly;
4. the **design differences** (:func:`design_differences`): levers one strategy uses and the
   other does not, budget by lever, and per lever the hubs and mechanism parameters that
   differ; and the criteria whose outcome is driven (:data:`OUTCOME_LEVERS`) by a lever only
   one of the two strategies has.

:meth:`Lead.describe` says it in one or two sentences. ``docs/explain-methods.md`` gives the
formulas and references.

Examples
--------
Two strategies, three futures, two criteria; ``b`` breaks a budget cap:

>>> import numpy as np
>>> from ssestrategy.decision.ranking import rank
>>> from ssestrategy.model import Constraint, Criteria, Criterion
>>> class Toy:  # anything with .strategies and .outcome(name, at=None)
...     strategies = ("a", "b")
...     def outcome(self, name, at=None):
...         return {"jobs": np.array([[11., 13, 12], [9., 9, 9]]),
...                 "spend": np.array([[2., 2, 2], [5., 5, 5]])}[name]
>>> crit = Criteria(items=(Criterion(outcome="jobs", weight=0.5),
...                        Criterion(outcome="spend", weight=0.5)))
>>> r = rank(Toy(), [Constraint(id="cap", outcome="spend", op="<=", target=4.0)], crit)
>>> ld = lead(r, Toy())
>>> ld.a, ld.b, ld.decided_by
('a', 'b', 'feasibility')
>>> ld.composite.contributions.round(3), round(ld.composite.total, 3)
(array([0.375, 0.5  ]), 0.875)
>>> print(ld.describe())
a ranks ahead of b because a violates no constraint and b violates cap (mean 5 vs <= 4; a:
met, mean 2). a leads b by 0.875 on the mean composite; 0.500 of it from spend (mean); the
other criteria give 0.375.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike
from ..decision.constraints import ConstraintEvaluation, ConstraintStatus, against
from ..decision.ranking import OutcomeSource, Ranking
from ..errors import ModelError
from ..i18n.messages import Message, Num, NumText, msg
from ..model import Strategy
from ._lead_words import composite_sentence, pbest_note, rank_sentence
from .decomposition import (
    MAX_EXACT_CRITERIA,
    Decomposition,
    _composite,
    _index,
    _labels,
    composite_decomposition,
    score_decomposition,
    shapley_values,
)
from .levers import (
    OUTCOME_LEVERS,
    DesignDifference,
    ParameterDifference,
    design_differences,
    exclusive_levers,
)

__all__ = [
    "MATERIAL_SHARE",
    "MAX_EXACT_CRITERIA",
    "OUTCOME_LEVERS",
    "ConstraintDifference",
    "Decomposition",
    "DesignDifference",
    "Lead",
    "ParameterDifference",
    "composite_decomposition",
    "design_differences",
    "lead",
    "score_decomposition",
    "shapley_values",
]

Float = NDArray[np.float64]
DecidedBy = Literal["feasibility", "violations", "score", "tie"]

MATERIAL_SHARE = 0.25
"""A criterion's contribution is *material* when its absolute value is at least this share of
the sum of the absolute contributions; :meth:`Lead.describe` names a lever only one strategy
has only for a material criterion."""


@attrs.frozen
class ConstraintDifference:
    """A constraint on which two strategies get different verdicts.

    Attributes
    ----------
    id, description : str
    chance : bool
        A chance constraint (the estimate is a probability) or an expectation (a mean).
    status : (str, str)
        ``satisfied``, ``violated`` or ``undecided``, for ``a`` and ``b``.
    estimate, low, high : (float, float)
        The estimate and its confidence interval, for ``a`` and ``b``.
    required : float
        The required probability (chance) or the target (expectation).
    op : str
        ``>=`` or ``<=``.

    Examples
    --------
    >>> c = ConstraintDifference(id="cap", description="E[spend] <= 4", chance=False,
    ...     status=("satisfied", "violated"), estimate=(2.0, 5.0), low=(2.0, 5.0),
    ...     high=(2.0, 5.0), required=4.0, op="<=")
    >>> c.verdict(1)
    'mean 5 vs <= 4'
    """

    id: str
    description: str
    chance: bool
    status: tuple[str, str]
    estimate: tuple[float, float]
    low: tuple[float, float]
    high: tuple[float, float]
    required: float
    op: str

    def estimate_text(self, k: int, lang: str = "en") -> str:
        """The estimate of ``a`` (``k = 0``) or ``b`` (``k = 1``): ``P = 0.80`` or ``mean 2``."""
        return self._estimate(k).render(lang)

    def _estimate(self, k: int) -> Message:
        if self.chance:
            return msg("P = {p}", p=Num(self.estimate[k], ".2f"))
        return msg("mean {estimate}", estimate=Num(self.estimate[k], ",.3g"))

    def verdict(self, k: int, lang: str = "en") -> str:
        """The estimate against the requirement, for ``a`` (``k = 0``) or ``b`` (``k = 1``),
        with enough digits that a miss never reads equal to it (0.4996, not 0.5, vs 0.5)."""
        return self._verdict(k).render(lang)

    def _verdict(self, k: int) -> Message:
        if self.chance:
            e, _ = against(self.estimate[k], self.required, 2, fixed=True)
            return msg(
                "P = {p} vs required {required}", p=NumText(e), required=Num(self.required, "g")
            )
        e, t = against(self.estimate[k], self.required)
        return msg(
            "mean {estimate} vs {op} {target}", estimate=NumText(e), op=self.op, target=NumText(t)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "description": self.description,
            "status": list(self.status),
            "estimate": list(self.estimate),
            "low": list(self.low),
            "high": list(self.high),
            "required": self.required,
        }


@attrs.frozen(eq=False)
class Lead:
    """Why strategy ``a`` ranks where it does relative to ``b`` (see :func:`lead`).

    Attributes
    ----------
    a, b : str
    rank : (int, int)
        Final ranks of ``a`` and ``b``.
    decided_by : str
        What orders them in the ranking: ``"feasibility"`` (one is feasible, the other not),
        ``"violations"`` (both infeasible, one violates fewer constraints), ``"score"`` (the
        method's rank) or ``"tie"``.
    method : str
        The ranking's multi-criteria method.
    scores : (float, float)
        The method's native scores of ``a`` and ``b`` (VIKOR ``Q``: lower is better).
    score : Decomposition
        ``a``'s lead on the method's score, split by Shapley values.
    composite : Decomposition
        ``a``'s lead on the mean composite (the score behind ``P(best)``), split additively.
    violations : (int, int)
        Number of constraints ``a`` and ``b`` violate.
    p_best : (float, float)
        Share of futures in which ``a`` (``b``) has the best composite of all strategies.
    wins : float
        Share of futures in which ``a``'s composite beats ``b``'s.
    constraints : tuple of ConstraintDifference
        Constraints with different verdicts for ``a`` and ``b``.
    design : DesignDifference or None
        None when the strategies were not given.
    exclusive : tuple of (str, str, tuple of str)
        ``(criterion, strategy, levers)``: criteria whose outcome is driven
        (:data:`OUTCOME_LEVERS`) by levers only ``strategy`` of the two uses.

    Examples
    --------
    See the module's example and :func:`lead`.

    >>> Lead.__name__
    'Lead'
    """

    a: str
    b: str
    rank: tuple[int, int]
    decided_by: DecidedBy
    method: str
    scores: tuple[float, float]
    score: Decomposition
    composite: Decomposition
    violations: tuple[int, int]
    p_best: tuple[float, float]
    wins: float
    constraints: tuple[ConstraintDifference, ...]
    design: DesignDifference | None
    exclusive: tuple[tuple[str, str, tuple[str, ...]], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the :meth:`describe` text under ``"text"``."""
        return {
            "a": self.a,
            "b": self.b,
            "rank": list(self.rank),
            "decided_by": self.decided_by,
            "method": self.method,
            "scores": list(self.scores),
            "score": self.score.to_dict(),
            "composite": self.composite.to_dict(),
            "violations": list(self.violations),
            "p_best": list(self.p_best),
            "wins": self.wins,
            "constraints": [c.to_dict() for c in self.constraints],
            "design": None if self.design is None else self.design.to_dict(),
            "exclusive": [
                {"criterion": c, "strategy": s, "levers": list(lv)} for c, s, lv in self.exclusive
            ],
            "text": self.describe(width=None),
        }

    # -- text ---------------------------------------------------------------------------------

    def _ahead(self) -> tuple[str, str, int]:
        """(ahead, behind, index of ahead in (a, b)) in the ranking; ``a`` first on a tie."""
        return (self.b, self.a, 1) if self.rank[1] < self.rank[0] else (self.a, self.b, 0)

    def _material(self, j: int) -> bool:
        c = np.abs(self.composite.contributions)
        return bool(c[j] >= MATERIAL_SHARE * c.sum() and c[j] > 0)

    def pbest_note(self, lang: str = "en") -> str | None:
        """Why the strategy ranked ahead is best in fewer futures, when it is (else None)."""
        note = pbest_note(self)
        return None if note is None else note.render(lang)

    def describe(self, width: int | None = 96, lang: str = "en") -> str:
        """One or two sentences (three when ``P(best)`` disagrees with the rank).

        Parameters
        ----------
        width : int or None
            Wrap lines at this width (None: one line).
        lang : {'en', 'fr', 'ar'}
            Language of the sentences (names from the case are kept as they are).
        """
        parts = [rank_sentence(self), composite_sentence(self)]
        if self.design is not None:
            parts.append(msg("Design: {summary}.", summary=self.design.summary_message()))
        note = pbest_note(self)
        if note is not None:
            parts.append(note)
        text = " ".join(p.render(lang) for p in parts)
        return text if width is None else textwrap.fill(text, width=width)


def _method_options(result: Any, method: str) -> dict[str, Any]:
    """The options a ranking's method ran with, read back from its result object."""
    if method in ("topsis", "weighted_sum"):
        return {"normalization": result.normalization, "bounds": result.bounds}
    if method == "vikor":
        return {"v": result.v}
    return {"preference": result.preference, "q": result.q, "p": result.p, "s": result.s}


@renamed_arguments(seed="rng")
def lead(
    ranking: Ranking,
    ensemble: OutcomeSource,
    a: str | None = None,
    b: str | None = None,
    *,
    strategies: Sequence[Strategy] | Mapping[str, Strategy] = (),
    max_exact: int = MAX_EXACT_CRITERIA,
    n_permutations: int = 500,
    rng: RNGLike = 0,
) -> Lead:
    """Why ``a`` ranks where it does relative to ``b``: constraints, criteria, design.

    Parameters
    ----------
    ranking : Ranking
        From :func:`~ssestrategy.decision.rank` on ``ensemble``.
    ensemble : Ensemble or OutcomeSource
        The outcomes ranked (the composite decomposition reads them).
    a, b : str, optional
        Strategy ids; default the first and second of the ranking.
    strategies : sequence or mapping of Strategy, optional
        The strategy objects, for the design comparison (skipped when ``a`` or ``b`` is
        missing).
    max_exact, n_permutations, rng
        Shapley computation of the score decomposition (:func:`shapley_values`).

    Returns
    -------
    Lead

    Examples
    --------
    >>> import ssestrategy as sse
    >>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=64, rng=0)
    >>> ld = lead(cmp.ranking, cmp.ensemble, strategies=cmp.case.strategies)
    >>> ld.a == cmp.ranking.order[0], ld.b == cmp.ranking.order[1]
    (True, True)
    >>> bool(abs(ld.composite.contributions.sum() - ld.composite.total) < 1e-12)
    True
    """
    sids = ranking.strategies
    if tuple(ensemble.strategies) != sids:
        raise ModelError.at("ensemble", "its strategies differ from the ranking's")
    if len(sids) < 2:
        raise ModelError.at("ranking", "a lead needs at least two strategies")
    a = ranking.order[0] if a is None else a
    b = (ranking.order[1] if ranking.order[0] == a else ranking.order[0]) if b is None else b
    ia, ib = _index(sids, a, "a"), _index(sids, b, "b")
    if ia == ib:
        raise ModelError.at("b", "a strategy's lead over itself is not defined")

    ev = ranking.constraints
    n_violated = (ev.status == ConstraintStatus.VIOLATED).sum(axis=0)
    decided_by = _decided_by(ranking, n_violated, ia, ib)
    differ = _constraint_differences(ev, ia, ib)

    labels = _labels(ranking.criteria)
    score = score_decomposition(
        ranking.matrix,
        ranking.weights,
        [c.is_benefit for c in ranking.criteria],
        ia,
        ib,
        method=ranking.method,
        method_options=_method_options(ranking.method_result, ranking.method),
        criteria=labels,
        max_exact=max_exact,
        n_permutations=n_permutations,
        rng=rng,
    )
    composite, wins = _composite(ensemble, ranking.criteria, ranking.weights, ia, ib)

    by_id = dict(strategies) if isinstance(strategies, Mapping) else {s.id: s for s in strategies}
    design = design_differences(by_id[a], by_id[b]) if a in by_id and b in by_id else None
    exclusive = exclusive_levers(ranking.criteria, design, a, b)
    return Lead(
        a=a,
        b=b,
        rank=(int(ranking.rank[ia]), int(ranking.rank[ib])),
        decided_by=decided_by,
        method=ranking.method,
        scores=(float(ranking.score[ia]), float(ranking.score[ib])),
        score=score,
        composite=composite,
        violations=(int(n_violated[ia]), int(n_violated[ib])),
        p_best=(float(ranking.p_best[ia]), float(ranking.p_best[ib])),
        wins=wins,
        constraints=differ,
        design=design,
        exclusive=tuple(exclusive),
    )


def _decided_by(ranking: Ranking, n_violated: NDArray[np.int64], ia: int, ib: int) -> DecidedBy:
    """What decided the order of two strategies, as :func:`~ssestrategy.decision.rank` does."""
    if ranking.feasible[ia] != ranking.feasible[ib]:
        return "feasibility"
    if n_violated[ia] != n_violated[ib]:
        return "violations"
    if ranking.method_rank[ia] != ranking.method_rank[ib]:
        return "score"
    return "tie"


def _constraint_differences(
    ev: ConstraintEvaluation, ia: int, ib: int
) -> tuple[ConstraintDifference, ...]:
    """The constraints whose verdict differs between the two strategies."""
    return tuple(
        ConstraintDifference(
            id=c.id,
            description=c.describe(),
            chance=c.is_chance,
            status=(str(ev.status[i, ia]), str(ev.status[i, ib])),
            estimate=(float(ev.estimate[i, ia]), float(ev.estimate[i, ib])),
            low=(float(ev.low[i, ia]), float(ev.low[i, ib])),
            high=(float(ev.high[i, ia]), float(ev.high[i, ib])),
            required=float(c.probability if c.is_chance else c.target),  # type: ignore[arg-type]
            op=c.op,
        )
        for i, c in enumerate(ev.constraints)
        if ev.status[i, ia] != ev.status[i, ib]
    )
