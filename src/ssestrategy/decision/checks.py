"""What a ranking refuses and warns about — one set of checks, called by
:func:`~ssestrategy.decision.ranking.rank`, :func:`~ssestrategy.compare` and
:func:`ssestrategy.validation.validate_case`.

Examples
--------
>>> from ssestrategy.model import Criteria, Criterion
>>> [str(p) for p in ranking_problems(Criteria(), ())]
['criteria: at least one criterion is needed']
>>> crit = Criteria(items=(Criterion(outcome="jobs", weight=0.0),))
>>> [str(p) for p in ranking_problems(crit, ())]
['criteria: weights must not all be zero']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ModelError, Problem
from ..model import Constraint, Criteria, Criterion

__all__ = [
    "check_ranking",
    "is_checkpoint",
    "ranking_problems",
    "ranking_warnings",
    "tie_warnings",
]


def is_checkpoint(year: float, n_periods: int, periods_per_year: int) -> bool:
    """Whether outcomes are recorded at ``year``: 0, each whole year, and the end of the
    horizon (``n_periods / periods_per_year``), to within 1e-9.

    Examples
    --------
    >>> is_checkpoint(2.0, 10, 4), is_checkpoint(2.5, 10, 4), is_checkpoint(1.5, 10, 4)
    (True, True, False)
    """
    end = n_periods / periods_per_year
    if abs(year - end) <= 1e-9:
        return True
    return abs(year - round(year)) <= 1e-9 and -1e-9 <= year <= end + 1e-9


def _checkpoints(n_periods: int, periods_per_year: int) -> str:
    end = n_periods / periods_per_year
    whole = math.floor(end + 1e-9)
    years = [f"{k}" for k in range(min(whole, 3) + 1)]
    if whole > 3:
        years += ["...", f"{whole}"]
    if abs(end - whole) > 1e-9:
        years.append(f"{end:g}")
    return ", ".join(years)


def ranking_problems(
    criteria: Criteria,
    constraints: Sequence[Constraint],
    *,
    n_periods: int | None = None,
    periods_per_year: int | None = None,
) -> list[Problem]:
    """Every reason why :func:`~ssestrategy.decision.ranking.rank` would refuse these criteria
    and constraints, each with its path in a case.

    - no criterion, or weights that are all zero (or an AHP matrix AHP refuses);
    - a criterion or constraint dated at a year where no outcome is recorded (given the number
      of periods and periods per year; outcomes are recorded at year 0, each whole year and the
      end of the horizon).

    Parameters
    ----------
    criteria : Criteria
    constraints : sequence of Constraint
    n_periods, periods_per_year : int, optional
        The simulated periods (the dates are not checked without them).

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> from ssestrategy.model import Constraint, Criteria, Criterion
    >>> crit = Criteria(items=(Criterion(outcome="jobs", weight=1.0, at=2.5),))
    >>> cap = Constraint(id="cap", outcome="spend", op="<=", target=1e6, at=1.0)
    >>> for p in ranking_problems(crit, [cap], n_periods=40, periods_per_year=4):
    ...     print(p)
    criteria.items[0].at: no outcome is recorded at year 2.5 (recorded at years 0, 1, 2, 3, ..., 10)
    """
    from .ranking import criteria_weights

    problems: list[Problem] = []
    if not criteria.items:
        problems.append(Problem("criteria", "at least one criterion is needed"))
    else:
        try:
            criteria_weights(criteria)
        except ModelError as err:
            for p in err.problems:
                path = p.path if p.path.startswith("criteria") else f"criteria.{p.path}"
                problems.append(Problem(path.rstrip("."), p.message, p.line))
    if n_periods is not None and periods_per_year is not None:
        dated: list[tuple[str, float | None]] = [
            (f"criteria.items[{i}].at", c.at) for i, c in enumerate(criteria.items)
        ]
        dated += [(f"constraints[{i}].at", c.at) for i, c in enumerate(constraints)]
        for path, at in dated:
            if at is not None and not is_checkpoint(at, n_periods, periods_per_year):
                problems.append(
                    Problem(
                        path,
                        f"no outcome is recorded at year {at:g} (recorded at years "
                        f"{_checkpoints(n_periods, periods_per_year)})",
                    )
                )
    return problems


def check_ranking(
    criteria: Criteria,
    constraints: Sequence[Constraint],
    *,
    n_periods: int | None = None,
    periods_per_year: int | None = None,
) -> None:
    """Raise :class:`~ssestrategy.errors.ModelError` with every :func:`ranking_problems`.

    Examples
    --------
    >>> from ssestrategy.model import Criteria
    >>> check_ranking(Criteria(), ())
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: criteria: at least one criterion is needed
    """
    problems = ranking_problems(
        criteria, constraints, n_periods=n_periods, periods_per_year=periods_per_year
    )
    if problems:
        raise ModelError(problems)


def ranking_warnings(strategies: Sequence[str]) -> list[Problem]:
    """What a ranking of ``strategies`` can hardly mean: a single strategy.

    Examples
    --------
    >>> [str(p) for p in ranking_warnings(["status-quo"])]
    ["strategies: only one strategy ('status-quo'): the ranking has nothing to compare it with"]
    """
    if len(strategies) == 1:
        return [
            Problem(
                "strategies",
                f"only one strategy ({strategies[0]!r}): the ranking has nothing to compare it "
                "with",
            )
        ]
    return []


def tie_warnings(ensemble: Any, criteria: Sequence[Criterion]) -> list[Problem]:
    """A warning when every strategy has the same value of every criterion's outcome in every
    future: the ranking is then a tie that says nothing about the strategies.

    Parameters
    ----------
    ensemble : Ensemble or OutcomeSource
    criteria : sequence of Criterion

    Examples
    --------
    >>> class Flat:
    ...     strategies = ("a", "b")
    ...     def outcome(self, name, at=None):
    ...         return np.zeros((2, 3))
    >>> for p in tie_warnings(Flat(), [Criterion(outcome="jobs", weight=1.0)]):
    ...     print(p)  # doctest: +NORMALIZE_WHITESPACE
    strategies: every strategy has the same jobs in every future: the ranking is a tie and
    says nothing about the strategies
    """
    if len(tuple(ensemble.strategies)) < 2 or not criteria:
        return []
    outcomes: list[str] = []
    for c in criteria:
        x = np.asarray(ensemble.outcome(c.outcome, at=c.at), dtype=np.float64)
        if not np.array_equal(x, np.broadcast_to(x[:1], x.shape)):
            return []
        if c.outcome not in outcomes:
            outcomes.append(c.outcome)
    return [
        Problem(
            "strategies",
            f"every strategy has the same {', '.join(outcomes)} in every future: the ranking is "
            "a tie and says nothing about the strategies",
        )
    ]
