"""The four pole-success factors: financing, networking, innovation, governance.

Examples
--------
>>> [f.value for f in Factor]
['financing', 'networking', 'innovation', 'governance']
>>> Capacities(financing=0.2, networking=0.5, innovation=0.1, governance=0.4).weakest()
<Factor.INNOVATION: 'innovation'>
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ..errors import ModelError
from ._checks import check_number, number, to_float

__all__ = ["FACTORS", "Capacities", "Factor"]


class Factor(StrEnum):
    """A pole-success factor. A pole succeeds only when all four are present."""

    FINANCING = "financing"
    NETWORKING = "networking"
    INNOVATION = "innovation"
    GOVERNANCE = "governance"


FACTORS: tuple[Factor, ...] = tuple(Factor)
"""The factors in their canonical order (the order of array axes everywhere)."""


_unit = [number(0.0, 1.0)]


@attrs.frozen
class Capacities:
    """An actor's strength on each factor, each in [0, 1].

    Parameters
    ----------
    financing, networking, innovation, governance : float
        Capacity in [0, 1] (0 = absent, 1 = as strong as it gets).

    Examples
    --------
    >>> c = Capacities.from_mapping({"financing": 0.3, "networking": 0.6,
    ...                              "innovation": 0.2, "governance": 0.5})
    >>> c.as_tuple()
    (0.3, 0.6, 0.2, 0.5)
    >>> c[Factor.NETWORKING]
    0.6
    """

    financing: float = attrs.field(converter=to_float, validator=_unit)
    networking: float = attrs.field(converter=to_float, validator=_unit)
    innovation: float = attrs.field(converter=to_float, validator=_unit)
    governance: float = attrs.field(converter=to_float, validator=_unit)

    @classmethod
    def from_mapping(cls, values: Mapping[Any, Any]) -> Capacities:
        """Build from a mapping keyed by factor name or :class:`Factor`; all four required."""
        if not isinstance(values, Mapping):
            raise ModelError.at("", "expected a table keyed by factor name")
        known = {f.value for f in FACTORS}
        problems = []
        for key in values:
            if str(key) not in known:
                problems.append(
                    ModelError.at(str(key), f"unknown factor (expected one of: {', '.join(known)})")
                )
        for f in FACTORS:
            if f.value not in {str(k) for k in values}:
                problems.append(ModelError.at(f.value, "missing factor"))
            else:
                try:
                    check_number(
                        f.value, values[next(k for k in values if str(k) == f.value)], 0.0, 1.0
                    )
                except ModelError as err:
                    problems.append(err)
        merged = ModelError.collect(problems)
        if merged is not None:
            raise merged
        by_name = {str(k): v for k, v in values.items()}
        return cls(**{f.value: by_name[f.value] for f in FACTORS})

    def __getitem__(self, factor: Factor | str) -> float:
        value: float = getattr(self, Factor(factor).value)
        return value

    def as_tuple(self) -> tuple[float, float, float, float]:
        """The four values in canonical factor order."""
        return (self.financing, self.networking, self.innovation, self.governance)

    def as_dict(self) -> dict[str, float]:
        """``{factor name: value}`` in canonical order."""
        return {f.value: self[f] for f in FACTORS}

    def weakest(self) -> Factor:
        """The factor with the lowest value (first in canonical order on ties)."""
        values = self.as_tuple()
        return FACTORS[values.index(min(values))]


def to_capacities(value: Any) -> Any:
    """Converter: a mapping becomes :class:`Capacities`; errors keep the factor's path."""
    if isinstance(value, Mapping):
        return Capacities.from_mapping(value)
    return value
