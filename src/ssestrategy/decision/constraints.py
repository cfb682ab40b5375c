"""Evaluate constraints on an ensemble of outcomes: expectations and chance constraints.

A chance constraint ``P(outcome op target) >= alpha`` is estimated from the scenarios with a
Wilson score interval for the probability; its status is

- ``satisfied`` when the whole interval lies at or above ``alpha``,
- ``violated`` when the whole interval lies below ``alpha``,
- ``undecided`` when the interval straddles ``alpha`` (more scenarios are needed).

An expectation constraint ``E[outcome] op target`` is judged on the mean, with a normal
confidence interval of the mean reported beside it and the same three states. Budget and equity
constraints are constraints on the outcomes ``spend``, ``peak_annual_spend``,
``women_spend_share`` and ``rural_spend_share``.

Examples
--------
>>> import numpy as np
>>> lo, hi = wilson_interval(np.array([8]), np.array([10]))
>>> float(np.round(lo[0], 4)), float(np.round(hi[0], 4))
(0.4902, 0.9433)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import stats

from .._validate import as_finite_array
from ..errors import ModelError
from ..model import Constraint

__all__ = [
    "ConstraintEvaluation",
    "ConstraintStatus",
    "Status",
    "against",
    "evaluate_constraints",
    "status_word",
    "wilson_interval",
]

Status = Literal["satisfied", "violated", "undecided"]
"""The values of :class:`ConstraintStatus`."""


class ConstraintStatus(enum.StrEnum):
    """A constraint's verdict for a strategy: ``satisfied`` (written *met* in the reports:
    :attr:`word`; ``MET`` is an alias), ``violated`` or ``undecided`` (the interval straddles the
    requirement). A member equals its string value, so
    ``evaluation.status == "violated"`` works on the arrays of :class:`ConstraintEvaluation`.

    Examples
    --------
    >>> ConstraintStatus("violated") == "violated", f"{ConstraintStatus.UNDECIDED}"
    (True, 'undecided')
    """

    SATISFIED = "satisfied"
    VIOLATED = "violated"
    UNDECIDED = "undecided"
    MET = "satisfied"
    """The report's word for ``SATISFIED`` (an alias: the same member)."""

    @property
    def word(self) -> str:
        """The word the reports use: ``met``, ``violated`` or ``undecided``.

        Examples
        --------
        >>> ConstraintStatus.SATISFIED.word, ConstraintStatus.MET is ConstraintStatus.SATISFIED
        ('met', True)
        """
        return status_word(self)


def status_word(status: str) -> str:
    """The reports' word for a constraint status: ``satisfied`` is written ``met`` (the one
    vocabulary of the reports is met / violated / undecided; the status values are unchanged).

    Examples
    --------
    >>> status_word("satisfied"), status_word("violated")
    ('met', 'violated')
    """
    return "met" if status == "satisfied" else str(status)


# the statuses by code: 0 satisfied, 1 violated, 2 undecided
_BY_CODE = np.array(list(ConstraintStatus), dtype=object)


def against(
    value: float, target: float, digits: int = 3, *, fixed: bool = False
) -> tuple[str, str]:
    """``value`` and ``target`` as text, with enough digits that unequal numbers read unequal.

    A mean of 0.4996 against a target of 0.5 printed with three significant figures reads
    "0.5 vs >= 0.5" beside a verdict of *violated*; the digits grow (to 12 at most) until the
    two texts differ whenever the numbers do.

    Parameters
    ----------
    value, target : float
    digits : int
        The fewest significant figures (or decimals, with ``fixed``).
    fixed : bool
        Decimals (``0.80``) rather than significant figures with thousands separators.

    Returns
    -------
    (str, str)
        The value's text and the target's.

    Examples
    --------
    >>> against(0.4996, 0.5)
    ('0.4996', '0.5')
    >>> against(1234.5, 1000.0)
    ('1,234', '1,000')
    >>> against(0.795, 0.8, 2, fixed=True)
    ('0.795', '0.800')
    """

    def text(x: float, d: int) -> str:
        if fixed:
            return f"{x:.{d}f}"
        if np.isfinite(x) and abs(x) >= 10.0**d:  # whole units, never 1.23e+03
            return f"{x:,.0f}"
        return f"{x:,.{d}g}"

    a, b = text(value, digits), text(target, digits)
    for d in range(digits + 1, 13):
        if a != b or value == target:
            break
        a, b = text(value, d), text(target, d)
    return a, b


def wilson_interval(
    successes: NDArray[np.int64] | NDArray[np.float64],
    n: NDArray[np.int64] | NDArray[np.float64] | int,
    confidence: float = 0.95,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Wilson score interval for a binomial proportion (vectorised).

    Parameters
    ----------
    successes : array_like
        Number of successes.
    n : array_like or int
        Number of trials (positive).
    confidence : float
        Confidence level, e.g. 0.95.

    Returns
    -------
    low, high : ndarray

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    JASA 22(158), 209-212.

    Examples
    --------
    >>> low, high = wilson_interval(np.array([0, 5]), 5)
    >>> float(low[0]), float(np.round(high[1], 6))
    (0.0, 1.0)
    """
    k = np.asarray(successes, dtype=np.float64)
    nn = np.asarray(n, dtype=np.float64)
    if (nn <= 0).any():
        raise ModelError.at("n", "the number of scenarios must be positive")
    if not 0 < confidence < 1:
        raise ModelError.at("confidence", f"{confidence} is outside (0, 1)")
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = k / nn
    denom = 1.0 + z * z / nn
    centre = (p + z * z / (2 * nn)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn))
    # exact ends at k = 0 and k = n (the formula gives them up to rounding)
    low = np.where(k <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k >= nn, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


@attrs.frozen(eq=False)
class ConstraintEvaluation:
    """Constraints judged for each strategy; arrays are (constraints, strategies).

    Attributes
    ----------
    constraints : tuple of Constraint
    strategies : tuple of str
    status : ndarray of ConstraintStatus
        ``satisfied``, ``violated`` or ``undecided`` (members of :class:`ConstraintStatus`,
        which equal their string values).
    estimate : ndarray
        The mean (expectation constraints) or the estimated probability (chance constraints).
    low, high : ndarray
        Confidence interval of ``estimate``.
    required : ndarray
        The target (expectation) or the required probability (chance).
    margin : ndarray
        ``estimate - required`` for ``>=`` constraints and chance constraints,
        ``required - estimate`` for ``<=`` expectation constraints: negative means short.
    probability : ndarray
        Share of scenarios in which ``outcome op target`` holds.
    confidence : float
    n_scenarios : int
    """

    constraints: tuple[Constraint, ...]
    strategies: tuple[str, ...]
    status: NDArray[np.object_]
    estimate: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    required: NDArray[np.float64]
    margin: NDArray[np.float64]
    probability: NDArray[np.float64]
    confidence: float
    n_scenarios: int

    def feasible(self) -> NDArray[np.bool_]:
        """Per strategy: no constraint violated (undecided ones do not make it infeasible)."""
        out: NDArray[np.bool_] = ~(self.status == ConstraintStatus.VIOLATED).any(axis=0)
        return out

    def failing(self, strategy: int) -> tuple[str, ...]:
        """Ids of the constraints a strategy violates."""
        return tuple(
            c.id
            for c, s in zip(self.constraints, self.status[:, strategy], strict=True)
            if s == ConstraintStatus.VIOLATED
        )

    def undecided(self, strategy: int) -> tuple[str, ...]:
        """Ids of the constraints whose status is undecided for a strategy."""
        return tuple(
            c.id
            for c, s in zip(self.constraints, self.status[:, strategy], strict=True)
            if s == ConstraintStatus.UNDECIDED
        )

    def binding(self) -> tuple[str, ...]:
        """Constraints that some strategy violates or is undecided on (they shape the ranking)."""
        return tuple(
            c.id
            for c, row in zip(self.constraints, self.status, strict=True)
            if (row != ConstraintStatus.SATISFIED).any()
        )

    def describe(self, i: int, j: int, lang: str = "en") -> str:
        """Plain words for constraint ``i`` and strategy ``j``, in ``lang``."""
        from ..i18n.messages import Num, NumText, Term, msg

        c = self.constraints[i]
        est, lo, hi = self.estimate[i, j], self.low[i, j], self.high[i, j]
        verdict = Term(status_word(self.status[i, j]))
        if c.is_chance:
            e, _ = against(est, c.probability or 0.0, 2, fixed=True)
            text = msg(
                "{id}: P = {p} [{low}, {high}] vs required {required} -> {verdict}",
                id=c.id,
                p=NumText(e),
                low=Num(lo, ".2f"),
                high=Num(hi, ".2f"),
                required=Num(c.probability or 0.0, "g"),
                verdict=verdict,
            )
            return text.render(lang)
        e, t = against(est, c.target, 4)
        return msg(
            "{id}: mean {estimate} [{low}, {high}] vs {op} {target} -> {verdict}",
            id=c.id,
            estimate=NumText(e),
            low=Num(lo, ",.4g"),
            high=Num(hi, ",.4g"),
            op=c.op,
            target=NumText(t),
            verdict=verdict,
        ).render(lang)


def evaluate_constraints(
    values: Mapping[str, NDArray[np.float64]],
    constraints: Sequence[Constraint],
    strategies: Sequence[str],
    *,
    confidence: float = 0.95,
) -> ConstraintEvaluation:
    """Judge every constraint for every strategy.

    Parameters
    ----------
    values : mapping of constraint id to ndarray
        For each constraint, its outcome at its date: an array (strategies, scenarios).
    constraints : sequence of Constraint
    strategies : sequence of str
        Strategy ids, in the order of the arrays' first axis.
    confidence : float
        Level of the Wilson (chance) and normal (expectation) intervals.

    Returns
    -------
    ConstraintEvaluation

    Examples
    --------
    >>> c = Constraint(id="jobs", outcome="jobs", op=">=", target=10.0, probability=0.5)
    >>> x = np.array([[12.0, 9.0, 11.0, 13.0], [5.0, 6.0, 7.0, 8.0]])
    >>> ev = evaluate_constraints({"jobs": x}, [c], ["a", "b"])
    >>> ev.probability.tolist(), [str(s) for s in ev.status[0]]
    ([[0.75, 0.0]], ['undecided', 'violated'])
    """
    n_c, n_s = len(constraints), len(strategies)
    shape = (n_c, n_s)
    estimate, low, high = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    required, margin, prob = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    codes = np.zeros(shape, dtype=np.int64)
    n_scen = 0
    z = stats.norm.ppf(0.5 + confidence / 2)
    for i, c in enumerate(constraints):
        if c.id not in values:
            raise ModelError.at(f"values.{c.id}", "no outcome values for this constraint")
        x = as_finite_array(values[c.id], f"values.{c.id}", ndim=2)
        if x.shape[0] != n_s:
            raise ModelError.at(f"values.{c.id}", f"expected {n_s} strategies, got {x.shape[0]}")
        n = x.shape[1]
        if n == 0:
            raise ModelError.at(f"values.{c.id}", "no scenarios")
        n_scen = n
        meets = x >= c.target if c.op == ">=" else x <= c.target
        prob[i] = meets.mean(axis=1)
        if c.probability is not None:
            lo, hi = wilson_interval(meets.sum(axis=1), n, confidence)
            estimate[i], low[i], high[i] = prob[i], lo, hi
            required[i] = c.probability
            margin[i] = prob[i] - c.probability
            codes[i] = np.where(lo >= c.probability, 0, np.where(hi < c.probability, 1, 2))
        else:
            mean = x.mean(axis=1)
            se = x.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(n_s)
            estimate[i], low[i], high[i] = mean, mean - z * se, mean + z * se
            required[i] = c.target
            if c.op == ">=":
                margin[i] = mean - c.target
                ok, bad = low[i] >= c.target, high[i] < c.target
            else:
                margin[i] = c.target - mean
                ok, bad = high[i] <= c.target, low[i] > c.target
            codes[i] = np.where(ok, 0, np.where(bad, 1, 2))
    return ConstraintEvaluation(
        constraints=tuple(constraints),
        strategies=tuple(strategies),
        status=_BY_CODE[codes],
        estimate=estimate,
        low=low,
        high=high,
        required=required,
        margin=margin,
        probability=prob,
        confidence=confidence,
        n_scenarios=n_scen,
    )
