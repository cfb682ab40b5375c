"""What a territory wants: constraints to respect and criteria to rank strategies by.

Examples
--------
>>> c = Constraint(id="survival-5y", outcome="survival", op=">=", target=0.6, at=5.0,
...                probability=0.8, category="target")
>>> c.is_chance
True
>>> c.describe()
'P(survival >= 0.6 at year 5) >= 0.8'
"""

from __future__ import annotations

import typing
from enum import StrEnum
from typing import Any, Literal

import attrs

from ..errors import ModelError
from ._checks import (
    boolean,
    enum_converter,
    enum_member,
    identifier,
    number,
    text,
    to_float,
    to_tuple,
    tuple_of,
)
from .outcomes import OUTCOMES
from .provenance import Provenance, provenance_field

__all__ = ["Constraint", "ConstraintCategory", "Criteria", "Criterion", "Statistic"]


class ConstraintCategory(StrEnum):
    """What kind of limit a constraint expresses.

    Examples
    --------
    >>> [c.value for c in ConstraintCategory]
    ['budget', 'target', 'equity']
    >>> Constraint(id="cap", outcome="spend", op="<=", target=2e7, category="budget").category
    <ConstraintCategory.BUDGET: 'budget'>
    """

    BUDGET = "budget"
    TARGET = "target"
    EQUITY = "equity"


def _to_constraint_category(value: Any) -> Any:
    """Converter: a ConstraintCategory value (string) becomes the member."""
    return enum_converter(ConstraintCategory)(value)


class Statistic(StrEnum):
    """How a criterion summarises an outcome over scenarios.

    Examples
    --------
    >>> [s.value for s in Statistic]
    ['mean', 'median', 'percentile', 'cvar']
    >>> Criterion(outcome="survival", statistic="cvar", q=10, weight=1.0).statistic
    <Statistic.CVAR: 'cvar'>
    """

    MEAN = "mean"
    MEDIAN = "median"
    PERCENTILE = "percentile"
    CVAR = "cvar"
    """Conditional value at risk: mean of the worst ``q`` percent of scenarios."""


def _to_statistic(value: Any) -> Any:
    """Converter: a Statistic value (string) becomes the member."""
    return enum_converter(Statistic)(value)


def _outcome(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    text()(_, attribute, value)
    if value not in OUTCOMES:
        raise ModelError.at(
            attribute.name, f"unknown outcome {value!r} (known: {', '.join(OUTCOMES)})"
        )


Operator = Literal[">=", "<="]
"""The comparison operators of a :class:`Constraint`."""
#: The values of :data:`Operator`.
OPERATORS: tuple[str, ...] = typing.get_args(Operator)


def _op(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in OPERATORS:
        raise ModelError.at(attribute.name, f"expected '>=' or '<=', got {value!r}")


@attrs.frozen
class Constraint:
    """A constraint on an outcome: an expectation, or a chance constraint.

    Without ``probability`` it is an expectation constraint, ``E[outcome] op target``; with it,
    a chance constraint ``P(outcome op target) >= probability``, which is reported with a Wilson
    interval and an *undecided* state when the interval straddles the probability.

    Parameters
    ----------
    id : str
    outcome : str
        An outcome name (:data:`~ssestrategy.model.OUTCOMES`).
    op : {'>=', '<='}
    target : float
    at : float or None
        Years after the start (None = end of the horizon).
    probability : float or None
        Required probability for a chance constraint.
    category : ConstraintCategory
        ``budget``, ``target`` or ``equity`` (for reporting).
    description : str
    provenance : Source or Assumption or None
    """

    id: str = attrs.field(validator=identifier)
    outcome: str = attrs.field(validator=_outcome)
    op: Operator = attrs.field(validator=_op)
    target: float = attrs.field(converter=to_float, validator=number())
    at: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, optional=True)
    )
    probability: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, 1.0, optional=True)
    )
    category: ConstraintCategory = attrs.field(
        default=ConstraintCategory.TARGET,
        converter=_to_constraint_category,
        validator=enum_member(ConstraintCategory),
    )
    description: str = attrs.field(default="", validator=text(nonempty=False))
    provenance: Provenance | None = provenance_field()

    @property
    def is_chance(self) -> bool:
        """True for a chance constraint."""
        return self.probability is not None

    def describe(self) -> str:
        """The constraint in symbols."""
        when = f" at year {self.at:g}" if self.at is not None else ""
        body = f"{self.outcome} {self.op} {self.target:g}{when}"
        if self.is_chance:
            return f"P({body}) >= {self.probability:g}"
        return f"E[{self.outcome}{when}] {self.op} {self.target:g}"


@attrs.frozen
class Criterion:
    """A ranking criterion: an outcome, its direction, how it is summarised, and its weight.

    Parameters
    ----------
    outcome : str
    benefit : bool or None
        True if more is better; None takes the outcome's natural direction.
    statistic : Statistic
    q : float or None
        Percentile (0-100) for ``percentile``; tail share in percent for ``cvar``.
    at : float or None
        Years after the start (None = end of horizon).
    weight : float or None
        Direct weight; None when weights come from AHP.
    provenance : Source or Assumption or None

    Examples
    --------
    >>> c = Criterion(outcome="survival", statistic="percentile", q=10, weight=0.25)
    >>> c.label, c.is_benefit
    ('survival (p10)', True)
    >>> Criterion(outcome="spend", weight=0.1).is_benefit  # spend is a cost
    False
    """

    outcome: str = attrs.field(validator=_outcome)
    benefit: bool | None = attrs.field(default=None, validator=boolean(optional=True))
    statistic: Statistic = attrs.field(
        default=Statistic.MEAN, converter=_to_statistic, validator=enum_member(Statistic)
    )
    q: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, 100.0, optional=True)
    )
    at: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, optional=True)
    )
    weight: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, optional=True)
    )
    provenance: Provenance | None = provenance_field()

    def __attrs_post_init__(self) -> None:
        if self.statistic in (Statistic.PERCENTILE, Statistic.CVAR) and self.q is None:
            raise ModelError.at("q", f"required for statistic {self.statistic.value!r}")

    @property
    def is_benefit(self) -> bool:
        """Direction: the given one, else the outcome's natural one."""
        return OUTCOMES[self.outcome].higher_is_better if self.benefit is None else self.benefit

    @property
    def label(self) -> str:
        """Short label, e.g. ``jobs (p10)``."""
        stat = {Statistic.MEAN: "mean", Statistic.MEDIAN: "median"}.get(self.statistic)
        if stat is None:
            stat = f"{'p' if self.statistic is Statistic.PERCENTILE else 'cvar'}{self.q:g}"
        return f"{self.outcome} ({stat})"


def _matrix(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(
            tuple(to_float(x) for x in row) if isinstance(row, list | tuple) else row
            for row in value
        )
    return value


def check_matrix(path: str, value: Any, shape: tuple[int, int], lo: float, hi: float) -> None:
    """Raise unless ``value`` is a tuple-of-tuples of numbers of ``shape`` within [lo, hi]."""
    from ._checks import check_number

    if not isinstance(value, tuple) or len(value) != shape[0]:
        raise ModelError.at(path, f"expected {shape[0]} rows")
    for i, row in enumerate(value):
        if not isinstance(row, tuple) or len(row) != shape[1]:
            raise ModelError.at(f"{path}[{i}]", f"expected a row of {shape[1]} numbers")
        for j, x in enumerate(row):
            check_number(f"{path}[{i}][{j}]", x, lo, hi)


def _pairwise(instance: Criteria, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    n = len(instance.items)
    check_matrix(attribute.name, value, (n, n), 0.0, float("inf"))
    for i in range(n):
        for j in range(n):
            if value[i][j] <= 0:
                raise ModelError.at(f"{attribute.name}[{i}][{j}]", "must be positive")


@attrs.frozen
class Criteria:
    """The criteria a ranking uses, with direct weights or an AHP pairwise matrix.

    Parameters
    ----------
    items : tuple of Criterion
    pairwise : tuple of tuple of float, or None
        Saaty pairwise-comparison matrix over ``items``; when given, weights come from AHP.
    random_index : str
        AHP random-index table (``saaty1980``, ``saaty2005``, ``donegan_dodd1991``,
        ``tummala_ling1998``).
    provenance : Source or Assumption or None

    Examples
    --------
    Direct weights:

    >>> crit = Criteria(items=(Criterion(outcome="jobs", weight=2.0),
    ...                        Criterion(outcome="income", weight=1.0)))
    >>> crit.direct_weights()
    (2.0, 1.0)

    Or an AHP pairwise matrix (jobs three times as important as income):

    >>> ahp = Criteria(items=(Criterion(outcome="jobs"), Criterion(outcome="income")),
    ...                pairwise=((1, 3), (1 / 3, 1)))
    >>> ahp.direct_weights() is None, ahp.random_index
    (True, 'saaty1980')
    """

    items: tuple[Criterion, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Criterion, "a criterion")
    )
    pairwise: tuple[tuple[float, ...], ...] | None = attrs.field(
        default=None, converter=_matrix, validator=_pairwise
    )
    random_index: str = attrs.field(default="saaty1980", validator=text())
    provenance: Provenance | None = provenance_field()

    def direct_weights(self) -> tuple[float, ...] | None:
        """Weights as given (None if any is missing)."""
        ws = [c.weight for c in self.items]
        if any(w is None for w in ws):
            return None
        return tuple(float(w) for w in ws)  # type: ignore[arg-type]

    def __attrs_post_init__(self) -> None:
        if self.items and self.pairwise is None and self.direct_weights() is None:
            missing = [i for i, c in enumerate(self.items) if c.weight is None]
            raise ModelError.at(
                f"items[{missing[0]}].weight", "give every criterion a weight, or a pairwise matrix"
            )


def labels_tuple(value: Any) -> Any:
    """Converter for label lists."""
    return to_tuple(value)


def _labels(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    tuple_of(str, "a label")(_, attribute, value)
    if len(set(value)) != len(value):
        raise ModelError.at(attribute.name, "labels must be unique")


@attrs.frozen
class Foresight:
    """Inputs of the structural (MICMAC) and actor-strategy (MACTOR) analyses.

    Parameters
    ----------
    variables : tuple of str
        MICMAC variables.
    influence : matrix
        Direct influence of variable i on variable j, 0-3 (zero diagonal).
    actors : tuple of str
        MACTOR actors (actor ids of the territory or group labels).
    objectives : tuple of str
    mdi : matrix
        Direct influence of actor i on actor j, 0-4.
    mao : matrix
        Position of each actor on each objective, -4..+4.
    provenance : Source or Assumption or None

    Examples
    --------
    >>> f = Foresight(variables=("networking", "financing"), influence=((0, 1), (3, 0)),
    ...               actors=("council", "coop"), objectives=("jobs",),
    ...               mdi=((0, 2), (1, 0)), mao=((2,), (3,)))
    >>> f.has_micmac, f.has_mactor
    (True, True)
    >>> from ssestrategy.foresight import micmac
    >>> micmac(f.influence, labels=f.variables).direct_class
    ('dependent', 'influent')
    >>> Foresight(variables=("a", "b"), influence=((1, 1), (3, 0)))
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: influence[0][0]: diagonal must be 0
    """

    variables: tuple[str, ...] = attrs.field(default=(), converter=labels_tuple, validator=_labels)
    influence: tuple[tuple[float, ...], ...] = attrs.field(default=(), converter=_matrix)
    actors: tuple[str, ...] = attrs.field(default=(), converter=labels_tuple, validator=_labels)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=labels_tuple, validator=_labels)
    mdi: tuple[tuple[float, ...], ...] = attrs.field(default=(), converter=_matrix)
    mao: tuple[tuple[float, ...], ...] = attrs.field(default=(), converter=_matrix)
    provenance: Provenance | None = provenance_field()

    def __attrs_post_init__(self) -> None:
        n, a, o = len(self.variables), len(self.actors), len(self.objectives)
        check_matrix("influence", self.influence, (n, n), 0.0, 3.0)
        check_matrix("mdi", self.mdi, (a, a), 0.0, 4.0)
        check_matrix("mao", self.mao, (a, o), -4.0, 4.0)
        for name, mat in (("influence", self.influence), ("mdi", self.mdi)):
            for i in range(len(mat)):
                if mat[i][i] != 0:
                    raise ModelError.at(f"{name}[{i}][{i}]", "diagonal must be 0")

    @property
    def has_micmac(self) -> bool:
        """Whether MICMAC inputs are given."""
        return bool(self.variables)

    @property
    def has_mactor(self) -> bool:
        """Whether MACTOR inputs are given."""
        return bool(self.actors)
