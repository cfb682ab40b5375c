"""Rank strategies against a territory's constraints and criteria.

:func:`rank` turns an ensemble of simulated outcomes into the answer a council needs: which
strategy, given our constraints, and how sure are we.

1. **Criteria matrix.** Each criterion summarises an outcome over scenarios (mean, median,
   percentile, or CVaR — the mean of the worst ``q`` percent) at its date; this gives a matrix
   (strategies, criteria).
2. **Weights.** As given, or from the AHP pairwise matrix of the criteria (principal
   eigenvector; the consistency ratio is recorded).
3. **Score and rank** with the chosen multi-criteria method (``topsis`` by default, vector
   normalisation; ``weighted_sum``, ``vikor``, ``promethee_ii``).
4. **Constraints** are judged per strategy (chance constraints with a Wilson interval,
   ``undecided`` when it straddles the required probability). **Feasible strategies rank ahead
   of infeasible ones**; infeasible ones are ordered by how many constraints they violate
   (fewer first); within each group the method's rank decides. Undecided constraints do not
   make a strategy infeasible but are reported.
5. **Robustness.** In each scenario, a composite score is the weighted sum of the criteria's
   outcomes normalised with *fixed* bounds — the minimum and maximum of each outcome over the
   whole ensemble — so it never depends on which strategies are compared (no rank reversal).
   ``P(best)`` is the share of scenarios in which a strategy has the best composite score (ties
   share the credit); **regret** is the composite's shortfall from the best strategy of that
   scenario (mean and 90th percentile reported).

Examples
--------
>>> import numpy as np
>>> from ssestrategy.model import Criteria, Criterion, Constraint
>>> class Toy:  # anything with .strategies and .outcome(name, at=None)
...     strategies = ("a", "b")
...     def outcome(self, name, at=None):
...         return {"jobs": np.array([[10., 12, 11], [9., 9, 10]]),
...                 "spend": np.array([[5., 5, 5], [2., 2, 2]])}[name]
>>> crit = Criteria(items=(Criterion(outcome="jobs", weight=0.5),
...                        Criterion(outcome="spend", weight=0.5)))
>>> r = rank(Toy(), [Constraint(id="cap", outcome="spend", op="<=", target=4.0)], crit)
>>> r.order, r.feasible.tolist()
(('b', 'a'), [False, True])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._html import table_html
from .._options import Method
from .._text import text_table
from .._validate import check_choice, check_options, choices
from ..errors import ModelError
from ..model import OUTCOMES, Constraint, Criteria, Criterion
from .checks import check_ranking
from .composite import (
    OutcomeSource,
    composite,
    composite_terms,
    criteria_matrix,
    criteria_weights,
)
from .constraints import ConstraintEvaluation, evaluate_constraints
from .normalization import minmax
from .promethee import promethee_ii
from .robustness import regret
from .ties import TiePolicy, rank_scores
from .topsis import topsis
from .vikor import vikor
from .weighted_sum import weighted_sum
from .wording import explain_line

__all__ = [
    "METHODS",
    "Method",
    "OutcomeSource",
    "Ranking",
    "composite",
    "composite_terms",
    "criteria_matrix",
    "criteria_weights",
    "rank",
]

#: The methods accepted by :func:`rank` (the values of :data:`Method`).
METHODS: tuple[str, ...] = choices(Method)

_SCORERS: dict[str, Any] = {
    "topsis": topsis,
    "weighted_sum": weighted_sum,
    "vikor": vikor,
    "promethee_ii": promethee_ii,
}


@attrs.frozen(eq=False)
class Ranking:
    """The ranking of strategies, with everything needed to explain it.

    Attributes
    ----------
    strategies : tuple of str
        Strategy ids, in the ensemble's order (arrays below follow it).
    rank : ndarray of int
        Final rank (1 = best): feasible strategies first, then the method's rank.
    method_rank : ndarray of int
        The multi-criteria method's rank alone.
    score : ndarray
        The method's native score (TOPSIS closeness, weighted sum, VIKOR Q — lower is better —
        or PROMETHEE net flow).
    feasible : ndarray of bool
    constraints : ConstraintEvaluation
    p_best : ndarray
        Share of scenarios where the strategy has the best composite score.
    regret_mean, regret_p90 : ndarray
        Mean and 90th percentile of composite regret over scenarios.
    matrix : ndarray
        Criterion summaries (strategies, criteria).
    criteria : tuple of Criterion
    weights : ndarray
        Normalised criterion weights used.
    weights_from : str
        ``"direct"`` or ``"ahp (CR=...)"``.
    method : str
    method_result : object
        The method's full result object.
    explanations : tuple of str
        One plain-language line per strategy.

    Examples
    --------
    >>> import numpy as np
    >>> from ssestrategy.model import Constraint, Criteria, Criterion
    >>> class Toy:  # two strategies, three scenarios
    ...     strategies = ("a", "b")
    ...     def outcome(self, name, at=None):
    ...         return {"jobs": np.array([[10., 12, 11], [9., 9, 10]]),
    ...                 "spend": np.array([[5., 5, 5], [2., 2, 2]])}[name]
    >>> crit = Criteria(items=(Criterion(outcome="jobs", weight=0.5),
    ...                        Criterion(outcome="spend", weight=0.5)))
    >>> r = rank(Toy(), [Constraint(id="cap", outcome="spend", op="<=", target=4.0)], crit)
    >>> r.best, r.rank.tolist(), r.feasible.tolist()
    ('b', [2, 1], [False, True])
    >>> r.p_best.round(3)
    array([0.167, 0.833])
    >>> print(r.explanations[0])
    a ranks 2; violates cap (mean 5 vs <= 4); best on jobs (mean); last on
    spend (mean); best in 17% of futures
    """

    strategies: tuple[str, ...]
    rank: NDArray[np.int64]
    method_rank: NDArray[np.int64]
    score: NDArray[np.float64]
    feasible: NDArray[np.bool_]
    constraints: ConstraintEvaluation
    p_best: NDArray[np.float64]
    regret_mean: NDArray[np.float64]
    regret_p90: NDArray[np.float64]
    matrix: NDArray[np.float64]
    criteria: tuple[Criterion, ...]
    weights: NDArray[np.float64]
    weights_from: str
    method: Method
    method_result: Any
    explanations: tuple[str, ...]

    @property
    def order(self) -> tuple[str, ...]:
        """Strategy ids from best to worst."""
        idx = np.lexsort((np.arange(len(self.strategies)), self.rank))
        return tuple(self.strategies[i] for i in idx)

    @property
    def best(self) -> str:
        """Id of the top-ranked strategy."""
        return self.order[0]

    def explanation(self, strategy: str, lang: str = "en") -> str:
        """The plain-language line of a strategy (:attr:`explanations`) in ``lang``.

        Parameters
        ----------
        strategy : str
            A strategy id of the ranking.
        lang : {'en', 'fr', 'ar'}

        Examples
        --------
        >>> import ssestrategy as sse
        >>> r = sse.compare(sse.datasets.tiznit(), n_scenarios=16, rng=0).ranking
        >>> r.explanation(r.best) == r.explanations[r.strategies.index(r.best)]
        True
        >>> r.explanation(r.best, "fr").startswith(r.best + " est classée 1")
        True
        """
        if strategy not in self.strategies:
            raise ModelError.at("strategy", f"unknown strategy {strategy!r}")
        j = self.strategies.index(strategy)
        benefit = np.array([c.is_benefit for c in self.criteria])
        m = self.matrix
        u = minmax(m, m.min(axis=0), m.max(axis=0), benefit, constant=np.nan)
        line = explain_line(
            j,
            strategy,
            int(self.rank[j]),
            bool(self.feasible[j]),
            self.constraints,
            u[j],
            self.criteria,
            float(self.p_best[j]),
        )
        return line.render(lang)

    def rows(self) -> list[dict[str, Any]]:
        """One dict per strategy, best first (the CLI table and ``to_frame``)."""
        out = []
        for sid in self.order:
            j = self.strategies.index(sid)
            out.append(
                {
                    "rank": int(self.rank[j]),
                    "strategy": sid,
                    "feasible": bool(self.feasible[j]),
                    "failing": list(self.constraints.failing(j)),
                    "undecided": list(self.constraints.undecided(j)),
                    "score": float(self.score[j]),
                    "p_best": float(self.p_best[j]),
                    "regret_mean": float(self.regret_mean[j]),
                    "regret_p90": float(self.regret_p90[j]),
                    "explanation": self.explanations[j],
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary."""
        ev = self.constraints
        return {
            "method": self.method,
            "weights": {
                c.label: float(w) for c, w in zip(self.criteria, self.weights, strict=True)
            },
            "weights_from": self.weights_from,
            "ranking": self.rows(),
            "binding_constraints": list(ev.binding()),
            "constraints": [
                {
                    "id": c.id,
                    "description": c.describe(),
                    "category": c.category.value,
                    "by_strategy": {
                        s: {
                            "status": str(ev.status[i, j]),
                            "estimate": float(ev.estimate[i, j]),
                            "low": float(ev.low[i, j]),
                            "high": float(ev.high[i, j]),
                            "required": float(ev.required[i, j]),
                        }
                        for j, s in enumerate(self.strategies)
                    },
                }
                for i, c in enumerate(ev.constraints)
            ],
            "criteria_matrix": {
                s: {c.label: float(v) for c, v in zip(self.criteria, row, strict=True)}
                for s, row in zip(self.strategies, self.matrix, strict=True)
            },
        }

    def format_table(self, lang: str = "en") -> str:
        """The ranking as a text table, labels in ``lang`` (``en``, ``fr`` or ``ar``).

        The ``constraints`` column says how many constraints a strategy violates (``all met``
        when none, with the undecided ones counted apart); the last column names them.
        """
        from ..i18n import format_number, translator
        from .wording import constraints_cell

        _ = translator(lang)
        rows = []
        for r in self.rows():
            named = ", ".join(r["failing"]) or "-"
            if r["undecided"]:
                named += f" ({_('undecided')}: {', '.join(r['undecided'])})"
            rows.append(
                [
                    str(r["rank"]),
                    r["strategy"],
                    constraints_cell(len(r["failing"]), len(r["undecided"]), lang),
                    format_number(r["score"], lang, 3),
                    format_number(r["p_best"], lang, 2),
                    format_number(r["regret_mean"], lang, 3),
                    named,
                ]
            )
        head = [
            _("rank"),
            _("strategy"),
            _("constraints"),
            _("score"),
            _("P(best)"),
            _("regret"),
            _("violated constraints"),
        ]
        return "\n".join(text_table(head, rows, align="><<>>><"))

    def to_frame(self) -> Any:
        """A pandas DataFrame of :meth:`rows` (needs pandas)."""
        from .._frames import frame

        return frame(self.rows()).set_index("strategy")

    def _repr_html_(self) -> str:
        from .wording import constraints_cell

        rows = [
            (
                r["rank"],
                r["strategy"],
                constraints_cell(len(r["failing"]), len(r["undecided"])),
                ", ".join(r["failing"]) or "-",
                round(r["score"], 3),
                round(r["p_best"], 2),
                round(r["regret_mean"], 3),
            )
            for r in self.rows()
        ]
        return table_html(
            ("rank", "strategy", "constraints", "violated", "score", "P(best)", "regret"),
            rows,
            caption=f"Ranking ({self.method}, weights {self.weights_from})",
        )


def rank(
    ensemble: OutcomeSource,
    constraints: Sequence[Constraint],
    criteria: Criteria,
    *,
    method: Method = "topsis",
    confidence: float = 0.95,
    ties: TiePolicy = "min",
    method_options: Mapping[str, Any] | None = None,
) -> Ranking:
    """Rank the strategies of an ensemble against constraints and criteria.

    Parameters
    ----------
    ensemble : Ensemble or OutcomeSource
        Simulated outcomes: ``.strategies`` and ``.outcome(name, at=None)`` giving an array
        (strategies, scenarios).
    constraints : sequence of Constraint
    criteria : Criteria
        Criteria with direct weights or an AHP pairwise matrix.
    method : {'topsis', 'weighted_sum', 'vikor', 'promethee_ii'}
    confidence : float
        Level of the constraint intervals.
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the method's ranks.
    method_options : mapping, optional
        Keyword options of the method (e.g. ``{"v": 0.3}`` for VIKOR,
        ``{"normalization": "minmax"}`` for TOPSIS); an option the method does not take is
        refused at ``method_options.<name>``.

    Returns
    -------
    Ranking

    Examples
    --------
    Weights from an AHP pairwise matrix (jobs three times as important as spend), scored by
    weighted sum, with no constraint:

    >>> import numpy as np
    >>> from ssestrategy.model import Constraint, Criteria, Criterion
    >>> class Toy:  # two strategies, three scenarios
    ...     strategies = ("a", "b")
    ...     def outcome(self, name, at=None):
    ...         return {"jobs": np.array([[10., 12, 11], [9., 9, 10]]),
    ...                 "spend": np.array([[5., 5, 5], [2., 2, 2]])}[name]
    >>> crit = Criteria(items=(Criterion(outcome="jobs"), Criterion(outcome="spend")),
    ...                 pairwise=((1, 3), (1 / 3, 1)))
    >>> r = rank(Toy(), [], crit, method="weighted_sum")
    >>> r.weights.round(3), r.weights_from
    (array([0.75, 0.25]), 'ahp (CR=0.000)')
    >>> r.order, r.score.round(3)
    (('a', 'b'), array([0.75, 0.25]))
    """
    check_choice(method, "method", Method, what="method")
    scorer = _SCORERS[method]
    opts = check_options(
        method_options, "method_options", scorer, exclude=("ties", "matrix", "weights", "benefit")
    )
    if not (hasattr(ensemble, "strategies") and callable(getattr(ensemble, "outcome", None))):
        raise ModelError.at("ensemble", f"expected an Ensemble, got {type(ensemble).__name__}")
    if not isinstance(criteria, Criteria):
        raise ModelError.at("criteria", f"expected Criteria, got {type(criteria).__name__}")
    items = criteria.items
    check_ranking(  # the checks ``ssestrategy validate`` runs
        criteria,
        constraints,
        n_periods=getattr(ensemble, "periods", None),
        periods_per_year=getattr(ensemble, "periods_per_year", None),
    )
    for i, c in enumerate(items):
        if c.outcome not in OUTCOMES:  # pragma: no cover - Criterion validates this
            raise ModelError.at(f"criteria.items[{i}].outcome", f"unknown outcome {c.outcome!r}")
    sids = tuple(ensemble.strategies)
    m = criteria_matrix(ensemble, items)
    w, w_from = criteria_weights(criteria)
    benefit = np.array([c.is_benefit for c in items])
    result = scorer(m, w, benefit, ties=ties, **opts)
    score = np.asarray(result.scores, dtype=np.float64)
    mrank = np.asarray(result.ranks).astype(np.int64)
    values = {c.id: np.asarray(ensemble.outcome(c.outcome, at=c.at)) for c in constraints}
    ev = evaluate_constraints(values, constraints, sids, confidence=confidence)
    feasible = ev.feasible()
    # feasible first; among infeasible strategies, fewer violated constraints first; then the
    # method's rank (competition ranking on the triple)
    n_violated = (ev.status == "violated").sum(axis=0)
    big = len(sids) + 1
    key = (np.where(feasible, 0, 1) * (len(constraints) + 1) + n_violated) * big + mrank
    final = rank_scores(-key.astype(np.float64), ties="min").astype(np.int64)
    # one array per criterion (two criteria may read one outcome at different dates)
    comp = composite([np.asarray(ensemble.outcome(c.outcome, at=c.at)) for c in items], items, w)
    best = comp.max(axis=0)
    is_best = np.isclose(comp, best[None, :], rtol=0, atol=1e-12)
    p_best = (is_best / is_best.sum(axis=0, keepdims=True)).mean(axis=1)
    reg = regret(comp)
    # where each strategy stands on each criterion among those compared (for the explanation;
    # NaN on a criterion on which every strategy is equal)
    u = minmax(m, m.min(axis=0), m.max(axis=0), benefit, constant=np.nan)
    expl = tuple(
        explain_line(
            j, s, int(final[j]), bool(feasible[j]), ev, u[j], items, float(p_best[j])
        ).render()
        for j, s in enumerate(sids)
    )
    return Ranking(
        strategies=sids,
        rank=final,
        method_rank=mrank,
        score=score,
        feasible=feasible,
        constraints=ev,
        p_best=p_best,
        regret_mean=reg.mean(axis=1),
        regret_p90=np.percentile(reg, 90, axis=1),
        matrix=m,
        criteria=tuple(items),
        weights=w,
        weights_from=w_from,
        method=method,
        method_result=result,
        explanations=expl,
    )
