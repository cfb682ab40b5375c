"""Uncertain futures: parameter distributions and events.

Examples
--------
>>> d = Distribution(kind="triangular", low=0.0, mode=0.1, high=0.4)
>>> d.support()
(0.0, 0.4)
>>> space = ScenarioSpace(parameters=(Uncertainty(parameter="learning_rate",
...                                               distribution=d),))
>>> space.names()
('learning_rate',)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from ..errors import ModelError
from ._checks import (
    check_number,
    enum_converter,
    enum_member,
    identifier,
    number,
    table_to,
    text,
    to_float,
    to_tuple,
    tuple_of,
)
from .provenance import Provenance, provenance_field

__all__ = ["Distribution", "DistributionKind", "Event", "ScenarioSpace", "Uncertainty"]


class DistributionKind(StrEnum):
    """Families of distributions for uncertain parameters.

    Examples
    --------
    >>> [k.value for k in DistributionKind]
    ['uniform', 'triangular', 'truncnorm', 'beta', 'discrete']
    >>> Distribution(kind="uniform", low=0.1, high=0.3).kind
    <DistributionKind.UNIFORM: 'uniform'>
    """

    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    TRUNCNORM = "truncnorm"
    BETA = "beta"
    DISCRETE = "discrete"


def _to_distribution_kind(value: Any) -> Any:
    """Converter: a DistributionKind value (string) becomes the member."""
    return enum_converter(DistributionKind)(value)


def _floats(value: Any) -> Any:
    value = to_tuple(value)
    if isinstance(value, tuple):
        return tuple(to_float(v) for v in value)
    return value


def _distribution_validate(d: Distribution) -> None:
    k = d.kind
    need: dict[DistributionKind, tuple[str, ...]] = {
        DistributionKind.UNIFORM: ("low", "high"),
        DistributionKind.TRIANGULAR: ("low", "mode", "high"),
        DistributionKind.TRUNCNORM: ("mean", "sd", "low", "high"),
        DistributionKind.BETA: ("a", "b"),
        DistributionKind.DISCRETE: ("values",),
    }
    for name in need[k]:
        v = getattr(d, name)
        if v is None or v == ():
            raise ModelError.at(name, f"required for a {k.value} distribution")
    if d.low is not None and d.high is not None and d.low > d.high:
        raise ModelError.at("high", f"high {d.high:g} is below low {d.low:g}")
    if k is DistributionKind.TRIANGULAR:
        assert_between = d.low is not None and d.high is not None and d.mode is not None
        if assert_between and not (d.low <= d.mode <= d.high):  # type: ignore[operator]
            raise ModelError.at("mode", f"mode {d.mode:g} is outside [{d.low:g}, {d.high:g}]")
    if k is DistributionKind.TRUNCNORM and d.sd is not None and d.sd <= 0:
        raise ModelError.at("sd", "must be positive")
    if k is DistributionKind.BETA:
        for name in ("a", "b"):
            if getattr(d, name) <= 0:
                raise ModelError.at(name, "must be positive")
    if k is DistributionKind.DISCRETE:
        for i, v in enumerate(d.values):
            check_number(f"values[{i}]", v)
        if d.weights:
            if len(d.weights) != len(d.values):
                raise ModelError.at("weights", "needs one weight per value")
            for i, w in enumerate(d.weights):
                check_number(f"weights[{i}]", w, 0.0)
            if sum(d.weights) <= 0:
                raise ModelError.at("weights", "must not all be zero")


_opt = [number(optional=True)]


def _numbers(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a tuple of finite numbers (checked whatever the kind, so no NaN slips in)."""
    if not isinstance(value, tuple):
        raise ModelError.at(attribute.name, "expected a list of numbers")
    for i, v in enumerate(value):
        check_number(f"{attribute.name}[{i}]", v)


@attrs.frozen
class Distribution:
    """A probability distribution, given by its kind and parameters.

    - ``uniform``: ``low``, ``high``;
    - ``triangular``: ``low``, ``mode``, ``high``;
    - ``truncnorm``: ``mean``, ``sd``, truncated to [``low``, ``high``];
    - ``beta``: ``a``, ``b``, scaled to [``low``, ``high``] (default [0, 1]);
    - ``discrete``: ``values`` with optional ``weights`` (default equal).
    """

    kind: DistributionKind = attrs.field(
        converter=_to_distribution_kind, validator=enum_member(DistributionKind)
    )
    low: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    high: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    mode: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    mean: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    sd: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    a: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    b: float | None = attrs.field(default=None, converter=to_float, validator=_opt)
    values: tuple[float, ...] = attrs.field(default=(), converter=_floats, validator=_numbers)
    weights: tuple[float, ...] = attrs.field(default=(), converter=_floats, validator=_numbers)

    def __attrs_post_init__(self) -> None:
        _distribution_validate(self)

    def support(self) -> tuple[float, float]:
        """Smallest and largest possible values."""
        if self.kind is DistributionKind.DISCRETE:
            return (min(self.values), max(self.values))
        if self.kind is DistributionKind.BETA:
            return (0.0 if self.low is None else self.low, 1.0 if self.high is None else self.high)
        if self.kind is DistributionKind.TRUNCNORM:
            lo = -float("inf") if self.low is None else self.low
            hi = float("inf") if self.high is None else self.high
            return (lo, hi)
        return (float(self.low), float(self.high))  # type: ignore[arg-type]


def _to_distribution(value: Any) -> Any:
    return table_to(Distribution, "distribution", value)


def _to_severity(value: Any) -> Any:
    return table_to(Distribution, "severity", value)


def _is_distribution(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Distribution):
        raise ModelError.at(attribute.name, "expected a distribution table {kind = ..., ...}")


@attrs.frozen
class Uncertainty:
    """An uncertain model parameter and its distribution.

    Parameters
    ----------
    parameter : str
        Name of the parameter it sets (a key of the case's ``parameters``).
    distribution : Distribution
    provenance : Source or Assumption or None
    """

    parameter: str = attrs.field(validator=identifier)
    distribution: Distribution = attrs.field(converter=_to_distribution, validator=_is_distribution)
    provenance: Provenance | None = provenance_field()


@attrs.frozen
class Event:
    """A shock that may hit a future: a drought, a tourism collapse, a funding cut.

    Parameters
    ----------
    name : str
        Id of the event (``drought``).
    annual_probability : float
        Chance per year that it starts (at most once per future).
    severity : Distribution
        Share of capacities lost by the affected actors when it strikes (in [0, 1]).
    duration : float
        Years during which the failure hazard of affected actors stays raised.
    hazard_increase : float
        Added annual exit hazard, per unit of severity, while it lasts.
    value_chains : tuple of str
        Affected value chains (empty = every actor).
    provenance : Source or Assumption or None

    Examples
    --------
    >>> drought = Event(name="drought", annual_probability=0.1,
    ...                 severity={"kind": "uniform", "low": 0.1, "high": 0.3},
    ...                 duration=2.0, value_chains=("argan",))
    >>> drought.severity.support(), drought.hazard_increase
    ((0.1, 0.3), 0.1)
    >>> Event(name="flood", annual_probability=0.1,
    ...       severity={"kind": "uniform", "low": 0.5, "high": 1.5})
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: severity: support [0.5, 1.5] must lie within [0, 1]
    """

    name: str = attrs.field(validator=identifier)
    annual_probability: float = attrs.field(converter=to_float, validator=number(0.0, 1.0))
    severity: Distribution = attrs.field(converter=_to_severity, validator=_is_distribution)
    duration: float = attrs.field(default=1.0, converter=to_float, validator=number(0.0))
    hazard_increase: float = attrs.field(default=0.1, converter=to_float, validator=number(0.0))
    value_chains: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(str, "a value chain")
    )
    description: str = attrs.field(default="", validator=text(nonempty=False))
    provenance: Provenance | None = provenance_field()

    def __attrs_post_init__(self) -> None:
        lo, hi = self.severity.support()
        if lo < 0 or hi > 1:
            raise ModelError.at("severity", f"support [{lo:g}, {hi:g}] must lie within [0, 1]")


@attrs.frozen
class ScenarioSpace:
    """The uncertain futures a study explores: parameter distributions and events."""

    parameters: tuple[Uncertainty, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Uncertainty, "an uncertainty")
    )
    events: tuple[Event, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Event, "an event")
    )

    def __attrs_post_init__(self) -> None:
        seen: dict[str, int] = {}
        for i, u in enumerate(self.parameters):
            if u.parameter in seen:
                raise ModelError.at(
                    f"parameters[{i}].parameter", f"{u.parameter!r} is already uncertain"
                )
            seen[u.parameter] = i
        names: set[str] = set()
        for i, e in enumerate(self.events):
            if e.name in names:
                raise ModelError.at(f"events[{i}].name", f"duplicate event {e.name!r}")
            names.add(e.name)

    def names(self) -> tuple[str, ...]:
        """Names of the uncertain parameters, in order."""
        return tuple(u.parameter for u in self.parameters)
