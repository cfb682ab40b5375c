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
from collections.abc import Mapping
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
from .provenance import Provenance, provenance_field
from .territory import ActorKind, Territory

__all__ = [
    "LEVER_PARAMETERS",
    "LEVER_PARAMETER_DOMAINS",
    "ActorIndex",
    "Intervention",
    "Lever",
    "Selector",
    "Strategy",
    "lever_parameter_ok",
]


class Lever(StrEnum):
    """What an intervention acts on.

    The four capacity levers raise the matching pole-success factor (:attr:`factor`); a
    financing lever with a ``recovery_rate`` is a revolving fund (loans, not grants).
    ``pooling`` funds second-tier structures that pool services (it raises networking with
    economies of scale), ``ties`` creates ties to a hub (a pole platform), ``incubation``
    creates new actors (support to new SSE projects) and ``social_protection`` enrols members.
    ``docs/model.md`` states each mechanism.

    Examples
    --------
    >>> [lever.value for lever in Lever]  # doctest: +NORMALIZE_WHITESPACE
    ['financing', 'networking', 'innovation', 'governance', 'ties', 'social_protection',
     'pooling', 'incubation']
    >>> Lever("financing").factor, Lever.TIES.factor, Lever.POOLING.factor
    (<Factor.FINANCING: 'financing'>, None, <Factor.NETWORKING: 'networking'>)
    """

    FINANCING = "financing"
    NETWORKING = "networking"
    INNOVATION = "innovation"
    GOVERNANCE = "governance"
    TIES = "ties"
    """Create or strengthen ties: a pole platform or a federation hub."""
    SOCIAL_PROTECTION = "social_protection"
    """Enrol members in social protection."""
    POOLING = "pooling"
    """Fund second-tier structures (federations, unions) that pool services for their members:
    raises networking (market access) with economies of scale."""
    INCUBATION = "incubation"
    """Support new SSE projects: creates new actors of the targets' kind and value chain."""

    @property
    def factor(self) -> Factor | None:
        """The factor a capacity lever raises (None for ties, social protection and
        incubation; networking for pooling)."""
        if self is Lever.POOLING:
            return Factor.NETWORKING
        try:
            return Factor(self.value)
        except ValueError:
            return None


def _to_lever(value: Any) -> Any:
    """Converter: a Lever value (string) becomes the member."""
    return enum_converter(Lever)(value)


LEVER_PARAMETERS: dict[Lever, dict[str, float]] = {
    Lever.FINANCING: {"recovery_rate": 0.0, "repayment_years": 3.0, "admin_rate": 0.05},
    Lever.NETWORKING: {},
    Lever.INNOVATION: {},
    Lever.GOVERNANCE: {},
    Lever.TIES: {"tie_intensity": 0.5, "ramp_years": 1.0, "tie_cost": 20_000.0},
    Lever.SOCIAL_PROTECTION: {},
    Lever.POOLING: {"rivalry": 0.5},
    Lever.INCUBATION: {},
}
"""Mechanism parameters each lever accepts, with their defaults (``docs/model.md``).

- financing: ``recovery_rate`` (0: grants; above 0: a revolving fund whose borrowers repay at
  most this share of what falls due, the rest being written off), ``repayment_years`` (loan
  term: each period a share ``dt / repayment_years`` of the outstanding loans falls due),
  ``admin_rate`` (a fund's running cost per year, as a share of its outstanding loans);
- ties: ``tie_intensity`` (intensity of each tie at full strength), ``ramp_years`` (time to
  reach full strength), ``tie_cost`` (spend per tied actor at which ties reach 1 - 1/e of
  their strength: ties are built by spending, 0 = free);
- pooling: ``rivalry`` (1: each member uses its own share of the services, no economies of
  scale; 0: every member uses all of them);
- the other levers have none.
"""


LEVER_PARAMETER_DOMAINS: dict[str, tuple[float, float, bool]] = {
    "recovery_rate": (0.0, 1.0, True),
    "repayment_years": (0.0, math.inf, True),
    "admin_rate": (0.0, 1.0, False),
    "tie_intensity": (0.0, math.inf, False),
    "ramp_years": (0.0, math.inf, False),
    "tie_cost": (0.0, math.inf, False),
    "rivalry": (0.0, 1.0, False),
}
"""``(low, high, open)`` domain of each mechanism parameter: values must be finite, at least
``low`` and at most ``high``; ``open`` excludes the bound that is finite and can be excluded
(``recovery_rate`` < 1: a fund recovering everything would never end; ``repayment_years`` > 0)."""


def lever_parameter_ok(name: str, value: Any) -> Any:
    """Whether ``value`` (a number or an array) lies in the domain of mechanism parameter
    ``name`` (:data:`LEVER_PARAMETER_DOMAINS`), elementwise.

    Examples
    --------
    >>> ok = lever_parameter_ok("recovery_rate", np.array([0.85, 1.0]))
    >>> ok.tolist()
    [True, False]
    >>> lever_parameter_ok("repayment_years", np.array([0.0, 2.0])).tolist()
    [False, True]
    """
    lo, hi, open_ = LEVER_PARAMETER_DOMAINS[name]
    v = np.asarray(value, dtype=np.float64)
    ok = np.isfinite(v) & (v >= lo) & (v <= hi)
    if open_:
        ok &= (v < hi) if math.isfinite(hi) else (v > lo)
    return ok


def _describe_domain(name: str) -> str:
    lo, hi, open_ = LEVER_PARAMETER_DOMAINS[name]
    if math.isfinite(hi):
        return f"in [{lo:g}, {hi:g}{')' if open_ else ']'}"
    return "positive" if open_ else "non-negative"


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
        if not bool(lever_parameter_ok(key, p.value)):
            raise ModelError.at(
                f"{attribute.name}.{key}", f"must be {_describe_domain(key)}, got {p.value!r}"
            )


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
    instrument : str or None
        Id of the lever-menu instrument it buys (:data:`ssestrategy.model.MENU`), if any.
    provenance : Source or Assumption or None
        The design choice and its basis. A range (``low``, ``high``) on an assumption is the
        plausible range of the annual ``budget``.
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
    instrument: str | None = attrs.field(default=None, validator=text(optional=True))
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
