"""Strategies: interventions on levers, aimed at actors chosen by a selector.

A :class:`Selector` names actors by their attributes (kinds, poles, value chains, women-led,
rural), so one strategy applies to any territory; it is resolved against a territory at
compile time.

Examples
--------
>>> s = Strategy(id="demo", name="Demo", interventions=(
...     Intervention(name="coop training", lever="innovation",
...                  target=Selector(kinds=("cooperative",)), budget=100_000.0,
...                  start=0.0, duration=3.0),))
>>> s.total_budget()
300000.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ._checks import (
    boolean,
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
from .factors import Factor
from .parameters import Parameter
from .provenance import Provenance
from .territory import ActorKind, Territory, provenance_field

__all__ = ["LEVER_PARAMETERS", "ActorIndex", "Intervention", "Lever", "Selector", "Strategy"]


class Lever(StrEnum):
    """What an intervention acts on.

    The four capacity levers raise the matching pole-success factor (:attr:`factor`);
    ``ties`` and ``social_protection`` act on the network and on coverage.

    Examples
    --------
    >>> [lever.value for lever in Lever]
    ['financing', 'networking', 'innovation', 'governance', 'ties', 'social_protection']
    >>> Lever("financing").factor, Lever.TIES.factor
    (<Factor.FINANCING: 'financing'>, None)
    """

    FINANCING = "financing"
    NETWORKING = "networking"
    INNOVATION = "innovation"
    GOVERNANCE = "governance"
    TIES = "ties"
    """Create or strengthen ties: a pole platform or a federation hub."""
    SOCIAL_PROTECTION = "social_protection"
    """Enrol members in social protection."""

    @property
    def factor(self) -> Factor | None:
        """The factor a capacity lever raises (None for ties and social protection)."""
        try:
            return Factor(self.value)
        except ValueError:
            return None


def _to_lever(value: Any) -> Any:
    """Converter: a Lever value (string) becomes the member."""
    return enum_converter(Lever)(value)


LEVER_PARAMETERS: dict[Lever, dict[str, float]] = {
    Lever.FINANCING: {"recovery_rate": 0.0, "repayment_years": 3.0},
    Lever.NETWORKING: {},
    Lever.INNOVATION: {},
    Lever.GOVERNANCE: {},
    Lever.TIES: {"tie_intensity": 0.5, "ramp_years": 1.0},
    Lever.SOCIAL_PROTECTION: {},
}
"""Mechanism parameters each lever accepts, with their defaults.

- financing: ``recovery_rate`` (share of disbursed money repaid and re-lent, a revolving fund),
  ``repayment_years`` (delay before repayments are re-lent);
- ties: ``tie_intensity`` (intensity of each tie created), ``ramp_years`` (time for new ties to
  reach full strength).
"""


_LEVER_PARAMETER_DOMAINS: dict[str, tuple[Callable[[float], bool], str]] = {
    "recovery_rate": (lambda v: 0.0 <= v < 1.0, "in [0, 1)"),
    "repayment_years": (lambda v: 0.0 < v < math.inf, "positive"),
    "tie_intensity": (lambda v: 0.0 <= v < math.inf, "non-negative"),
    "ramp_years": (lambda v: 0.0 <= v < math.inf, "non-negative"),
}


def _kinds(value: Any) -> Any:
    value = to_tuple(value)
    if isinstance(value, tuple):
        return tuple(enum_converter(ActorKind)(v) for v in value)
    return value


def _check_kinds(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    tuple_of(ActorKind, "an actor kind (" + ", ".join(k.value for k in ActorKind) + ")")(
        _, attribute, value
    )


@attrs.frozen
class Selector:
    """Which actors an intervention reaches. Empty criteria select everyone; given criteria
    must all hold (and within one criterion, any listed value matches).

    Parameters
    ----------
    kinds : tuple of ActorKind
    poles : tuple of str
        Pole ids: members of any of these poles.
    value_chains : tuple of str
    women_led : bool or None
        Only women-led actors (True), only others (False), or either (None).
    rural : bool or None
    in_pole : bool or None
        Only members of some pole (True), only non-members (False), or either (None).
    actors : tuple of str
        Explicit actor ids.

    Examples
    --------
    >>> Selector(kinds=("cooperative",), women_led=True).describe()
    'cooperative actors, women-led'
    """

    kinds: tuple[ActorKind, ...] = attrs.field(default=(), converter=_kinds, validator=_check_kinds)
    poles: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(str, "a pole id")
    )
    value_chains: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(str, "a value chain")
    )
    women_led: bool | None = attrs.field(default=None, validator=boolean(optional=True))
    rural: bool | None = attrs.field(default=None, validator=boolean(optional=True))
    in_pole: bool | None = attrs.field(default=None, validator=boolean(optional=True))
    actors: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(str, "an actor id")
    )

    def resolve(self, territory: Territory) -> tuple[int, ...]:
        """Indices of the selected actors in ``territory.actors`` (see :class:`ActorIndex`)."""
        return tuple(ActorIndex.of(territory).select(self).tolist())

    def describe(self) -> str:
        """Plain-language description."""
        parts = [(" or ".join(k.value for k in self.kinds) or "all") + " actors"]
        if self.poles:
            parts.append("in poles " + ", ".join(self.poles))
        if self.value_chains:
            parts.append("in " + ", ".join(self.value_chains))
        if self.women_led is not None:
            parts.append("women-led" if self.women_led else "not women-led")
        if self.rural is not None:
            parts.append("rural" if self.rural else "urban")
        if self.in_pole is not None:
            parts.append("pole members" if self.in_pole else "outside poles")
        if self.actors:
            parts.append("ids " + ", ".join(self.actors))
        return ", ".join(parts)


_KIND_CODE = {k: c for c, k in enumerate(ActorKind)}


@attrs.frozen(eq=False)
class ActorIndex:
    """The actor attributes a :class:`Selector` reads, as arrays over ``territory.actors``.

    Built once per territory, it resolves any number of selectors without a Python loop over
    actors (the simulation compiles every intervention's selector with one index).

    Attributes
    ----------
    position : dict of str to int
        Row of each actor id.
    kind : ndarray of int
        Position of each actor's kind in :class:`ActorKind`.
    value_chain : ndarray of int
        Code of each actor's value chain in ``value_chains``, -1 for none.
    value_chains : dict of str to int
        The codes.
    women_led : ndarray of bool
        At least half the members are women (unknown share: False).
    rural, urban : ndarray of bool
        Known to be rural / known not to be (unknown rurality is neither).
    pole_members : dict of str to ndarray of int
        Rows of each pole's members.
    in_pole : ndarray of bool
        Member of some pole.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T", actors=(
    ...     Actor(id="a", name="A", kind="cooperative", capacities=caps, rural=True),
    ...     Actor(id="b", name="B", kind="public_authority", capacities=caps)))
    >>> index = ActorIndex.of(t)
    >>> index.select(Selector(kinds=("public_authority",))).tolist()
    [1]
    >>> index.select(Selector(rural=True)).tolist(), index.select(Selector(rural=False)).tolist()
    ([0], [])
    """

    position: dict[str, int]
    kind: NDArray[np.intp]
    value_chain: NDArray[np.intp]
    value_chains: dict[str, int]
    women_led: NDArray[np.bool_]
    rural: NDArray[np.bool_]
    urban: NDArray[np.bool_]
    pole_members: dict[str, NDArray[np.intp]]
    in_pole: NDArray[np.bool_]

    @classmethod
    def of(cls, territory: Territory) -> ActorIndex:
        """The index of ``territory``'s actors."""
        actors = territory.actors
        n = len(actors)
        position = {a.id: i for i, a in enumerate(actors)}
        chains: dict[str, int] = {}

        def column(values: Any, dtype: Any) -> Any:
            return np.fromiter(values, dtype=dtype, count=n)

        rural = column((a.rural is True for a in actors), bool)
        urban = column((a.rural is False for a in actors), bool)
        members = {
            p.id: np.asarray(sorted({position[m] for m in p.members}), dtype=np.intp)
            for p in territory.poles
        }
        in_pole = np.zeros(n, dtype=bool)
        for rows in members.values():
            in_pole[rows] = True
        return cls(
            position=position,
            kind=column((_KIND_CODE[a.kind] for a in actors), np.intp),
            value_chain=column(
                (
                    -1 if a.value_chain is None else chains.setdefault(a.value_chain, len(chains))
                    for a in actors
                ),
                np.intp,
            ),
            value_chains=chains,
            women_led=column((a.women_led for a in actors), bool),
            rural=rural,
            urban=urban,
            pole_members=members,
            in_pole=in_pole,
        )

    def select(self, selector: Selector) -> NDArray[np.intp]:
        """Rows of the actors ``selector`` selects, increasing: every given criterion must hold,
        and within one criterion any listed value matches."""
        sel = selector
        mask = np.ones(self.kind.shape[0], dtype=bool)
        if sel.kinds:
            mask &= np.isin(self.kind, [_KIND_CODE[k] for k in sel.kinds])
        if sel.poles:
            in_poles = np.zeros_like(mask)
            for p in sel.poles:
                in_poles[self.pole_members.get(p, [])] = True
            mask &= in_poles
        if sel.value_chains:
            codes = [self.value_chains[c] for c in sel.value_chains if c in self.value_chains]
            mask &= np.isin(self.value_chain, codes)
        if sel.women_led is not None:
            mask &= self.women_led == sel.women_led
        if sel.rural is not None:
            mask &= self.rural if sel.rural else self.urban
        if sel.in_pole is not None:
            mask &= self.in_pole == sel.in_pole
        if sel.actors:
            named = np.zeros_like(mask)
            named[[self.position[i] for i in sel.actors if i in self.position]] = True
            mask &= named
        return np.flatnonzero(mask).astype(np.intp)


def _to_selector(value: Any) -> Any:
    return table_to(Selector, "target", value)


def _check_selector(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Selector):
        raise ModelError.at(attribute.name, "expected a selector table")


def _check_params(instance: Intervention, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise ModelError.at(attribute.name, "expected a table of parameters")
    known = LEVER_PARAMETERS.get(instance.lever, {}) if isinstance(instance.lever, Lever) else {}
    for key, p in value.items():
        if key not in known:
            hint = ", ".join(known) or "none"
            raise ModelError.at(
                f"{attribute.name}.{key}", f"unknown parameter for lever {instance.lever} ({hint})"
            )
        if not isinstance(p, Parameter):
            raise ModelError.at(f"{attribute.name}.{key}", "expected a parameter")
        ok, must = _LEVER_PARAMETER_DOMAINS[key]
        if not ok(p.value):
            raise ModelError.at(f"{attribute.name}.{key}", f"must be {must}, got {p.value!r}")


def _to_params(value: Any) -> Any:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                out[k] = Parameter(float(v))
            else:
                out[k] = v
        return out
    return value


@attrs.frozen
class Intervention:
    """One line of a strategy: a lever, a target, a budget and a time window.

    Parameters
    ----------
    name : str
    lever : Lever
        ``financing``, ``networking``, ``innovation``, ``governance`` (raise that capacity),
        ``ties`` (create/strengthen ties), ``social_protection`` (enrol members).
    target : Selector
        Which actors it reaches.
    budget : float
        Spend per year, in MAD, while it runs.
    start : float
        Years after the study start when it begins.
    duration : float
        Years it runs.
    hub : str or None
        For ``ties``: the actor id every target gets tied to, or ``"@anchor"`` to tie each
        target to the anchor of its pole(s).
    params : dict of str to Parameter
        Mechanism parameters (:data:`LEVER_PARAMETERS`).
    provenance : Source or Assumption or None
    """

    name: str = attrs.field(validator=text())
    lever: Lever = attrs.field(converter=_to_lever, validator=enum_member(Lever))
    target: Selector = attrs.field(
        factory=Selector, converter=_to_selector, validator=_check_selector
    )
    budget: float = attrs.field(default=0.0, converter=to_float, validator=number(0.0))
    start: float = attrs.field(default=0.0, converter=to_float, validator=number(0.0))
    duration: float = attrs.field(default=1.0, converter=to_float, validator=number(0.0))
    hub: str | None = attrs.field(default=None, validator=text(optional=True))
    params: dict[str, Parameter] = attrs.field(
        factory=dict, converter=_to_params, validator=_check_params
    )
    provenance: Provenance | None = provenance_field()

    def param(self, name: str) -> float:
        """A mechanism parameter's value (the lever's default when not given)."""
        if name in self.params:
            return self.params[name].value
        return LEVER_PARAMETERS[self.lever][name]


@attrs.frozen
class Strategy:
    """A candidate strategy: named interventions.

    Parameters
    ----------
    id : str
        Short id used on the command line (``french-agency``).
    name : str
    description : str
    interventions : tuple of Intervention
    provenance : Source or Assumption or None
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text())
    description: str = attrs.field(default="", validator=text(nonempty=False))
    interventions: tuple[Intervention, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Intervention, "an intervention")
    )
    provenance: Provenance | None = provenance_field()

    def total_budget(self) -> float:
        """Sum over interventions of budget x duration, in MAD."""
        return float(sum(i.budget * i.duration for i in self.interventions))
