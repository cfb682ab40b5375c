"""A territory's SSE: actors, their partnerships, candidate poles and baseline indicators.

Examples
--------
>>> from ssestrategy.model import Actor, Partnership, Pole, Territory
>>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
>>> t = Territory(
...     name="Demo", region="Souss-Massa",
...     actors=(Actor(id="coop-1", name="Argan coop", kind="cooperative", capacities=caps,
...                   members=20, value_chain="argan"),
...             Actor(id="council", name="Provincial council", kind="public_authority",
...                   capacities=caps)),
...     partnerships=(Partnership(source="council", target="coop-1", kind="convention",
...                               intensity=0.5),),
...     poles=(Pole(id="argan", name="Argan pole", value_chain="argan",
...                 members=("coop-1",), anchor="coop-1"),),
... )
>>> t.actor("coop-1").kind
<ActorKind.COOPERATIVE: 'cooperative'>
>>> Partnership(source="council", target="coop-17", kind="convention", intensity=0.5)
Partnership(source='council', target='coop-17', ...)
>>> Territory(name="Bad", actors=t.actors,
...           partnerships=(Partnership(source="council", target="coop-17",
...                                     kind="convention", intensity=0.5),))
Traceback (most recent call last):
...
ssestrategy.errors.ModelError: partnerships[0].target: unknown actor 'coop-17'
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from operator import attrgetter
from typing import Any

import attrs

from ..errors import ModelError, Problem
from ._checks import (
    boolean,
    enum_converter,
    enum_member,
    identifier,
    integer,
    number,
    text,
    to_float,
    to_tuple,
    tuple_of,
)
from .factors import Capacities, to_capacities
from .provenance import Provenance, provenance_field

__all__ = [
    "TARGET_KINDS",
    "Actor",
    "ActorKind",
    "ActorStatus",
    "Indicator",
    "Partnership",
    "PartnershipKind",
    "Pole",
    "Territory",
]


class ActorKind(StrEnum):
    """Kinds of SSE actors and of the institutions around them."""

    COOPERATIVE = "cooperative"
    ENTERPRISE = "enterprise"
    """A social enterprise or SME of the SSE (the ministry's 'enterprises')."""
    ARTISAN = "artisan"
    """An individual artisan (the ministry's third target kind)."""
    ASSOCIATION = "association"
    PUBLIC_AUTHORITY = "public_authority"
    """Provincial council, prefecture, commune, region."""
    MINISTRY = "ministry"
    """A ministry, its directorates or a national agency (e.g. the cooperation office)."""
    CHAMBER = "chamber"
    DEVELOPMENT_AGENCY = "development_agency"
    """A donor or development agency (French, Canadian, ...)."""
    FINANCIAL_INSTITUTION = "financial_institution"
    RESEARCH_TRAINING = "research_training"


def _to_actor_kind(value: Any) -> Any:
    """Converter: a ActorKind value (string) becomes the member."""
    return enum_converter(ActorKind)(value)


TARGET_KINDS: frozenset[ActorKind] = frozenset(
    {ActorKind.COOPERATIVE, ActorKind.ENTERPRISE, ActorKind.ARTISAN}
)
"""The three kinds the ministry's strategy targets (cooperatives, enterprises, artisans)."""


class PartnershipKind(StrEnum):
    """What a partnership is about.

    Examples
    --------
    >>> [k.value for k in PartnershipKind]
    ['convention', 'financing', 'training', 'market', 'federation', 'governance']
    >>> PartnershipKind("training")
    <PartnershipKind.TRAINING: 'training'>
    """

    CONVENTION = "convention"
    FINANCING = "financing"
    TRAINING = "training"
    MARKET = "market"
    FEDERATION = "federation"
    GOVERNANCE = "governance"


class ActorStatus(StrEnum):
    """What is known of an actor's activity at the study start.

    Examples
    --------
    >>> [s.value for s in ActorStatus]
    ['active', 'registered']
    """

    ACTIVE = "active"
    """Known to be active (a named institution, a surveyed cooperative)."""
    REGISTERED = "registered"
    """Known from a register only: active with probability ``1 - inactive_share`` (a parameter:
    about half of Morocco's registered cooperatives are inactive or non-compliant, an
    assumption with range 30-70%, domain brief section 1)."""


def _to_actor_status(value: Any) -> Any:
    """Converter: an ActorStatus value (string) becomes the member."""
    return enum_converter(ActorStatus)(value)


def _to_partnership_kind(value: Any) -> Any:
    """Converter: a PartnershipKind value (string) becomes the member."""
    return enum_converter(PartnershipKind)(value)


def _capacities_converter(value: Any) -> Any:
    try:
        return to_capacities(value)
    except ModelError as err:
        raise err.prefixed("capacities") from None


def _is_capacities(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Capacities):
        raise ModelError.at(attribute.name, "expected a table keyed by factor name")


def _str_tuple(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    tuple_of(str, "a string")(_, attribute, value)


@attrs.frozen
class Actor:
    """An actor of the territory's SSE.

    Parameters
    ----------
    id : str
        Unique id within the territory (letters, digits, ``_.:-``).
    name : str
        Human-readable name.
    kind : ActorKind
        Cooperative, enterprise, artisan, association, public authority, ministry, chamber,
        development agency, financial institution, research/training body.
    capacities : Capacities or mapping
        Strength on each factor, each in [0, 1].
    members : int
        People working in or belonging to the actor (per unit, see ``units``): a cooperative's
        members, an enterprise's workers, 1 for an individual artisan, 0 for institutions.
        These are the actor's jobs in the outcomes.
    women_share : float or None
        Share of women among members, in [0, 1].
    commune : str or None
        Commune where the actor is based.
    rural : bool or None
        Whether that commune is rural.
    value_chain : str or None
        Main value chain (``silver-jewellery``, ``argan``, ...).
    units : int
        How many organisations or one-person businesses of this profile the record stands for
        (default 1). A group of 40 individual jewellers of one commune is one record with
        ``units=40, members=1``: money is shared per unit, jobs are ``units x members``, and the
        group's survival is the share of its units still active (the model is mean-field).
    status : ActorStatus
        ``active`` (default), or ``registered``: known from a register only, so each unit is
        active at the start with probability ``1 - inactive_share``.
    provenance : Source or Assumption or None
        Where the actor's numbers come from.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text())
    kind: ActorKind = attrs.field(converter=_to_actor_kind, validator=enum_member(ActorKind))
    capacities: Capacities = attrs.field(converter=_capacities_converter, validator=_is_capacities)
    members: int = attrs.field(default=0, validator=integer(0))
    women_share: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, 1.0, optional=True)
    )
    commune: str | None = attrs.field(default=None, validator=text(optional=True))
    rural: bool | None = attrs.field(default=None, validator=boolean(optional=True))
    value_chain: str | None = attrs.field(default=None, validator=text(optional=True))
    units: int = attrs.field(default=1, validator=integer(1))
    status: ActorStatus = attrs.field(
        default=ActorStatus.ACTIVE, converter=_to_actor_status, validator=enum_member(ActorStatus)
    )
    provenance: Provenance | None = provenance_field()

    @property
    def is_target(self) -> bool:
        """True for the ministry's target kinds (cooperative, enterprise, artisan)."""
        return self.kind in TARGET_KINDS

    @property
    def women_led(self) -> bool:
        """True when at least half the members are women."""
        return self.women_share is not None and self.women_share >= 0.5


@attrs.frozen
class Partnership:
    """A tie between two actors: a convention, financing, training, market, federation or
    governance relation.

    Parameters
    ----------
    source, target : str
        Actor ids (for a directed tie, from ``source`` to ``target``).
    kind : PartnershipKind
    intensity : float
        Strength of the tie in [0, 1].
    directed : bool
        Whether the tie goes one way (default False: both learn from each other).
    start : int or None
        Year the partnership started.
    budget : float or None
        Annual budget attached to it, in MAD (dirhams).
    provenance : Source or Assumption or None
    """

    source: str = attrs.field(validator=text())
    target: str = attrs.field(validator=text())
    kind: PartnershipKind = attrs.field(
        converter=_to_partnership_kind, validator=enum_member(PartnershipKind)
    )
    intensity: float = attrs.field(converter=to_float, validator=number(0.0, 1.0))
    directed: bool = attrs.field(default=False, validator=boolean())
    start: int | None = attrs.field(default=None, validator=integer(optional=True))
    budget: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, optional=True)
    )
    provenance: Provenance | None = provenance_field()


@attrs.frozen
class Pole:
    """A candidate pole: actors that could cooperate around a value chain.

    Parameters
    ----------
    id : str
    name : str
    value_chain : str
    members : tuple of str
        Actor ids of the members.
    anchor : str or None
        The lead actor (the PTCE 'lead cell'), one of the members.
    provenance : Source or Assumption or None
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text())
    value_chain: str = attrs.field(validator=text())
    members: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_str_tuple)
    anchor: str | None = attrs.field(default=None, validator=text(optional=True))
    provenance: Provenance | None = provenance_field()


@attrs.frozen
class Indicator:
    """A baseline indicator of the territory (population, unemployment, ...).

    Parameters
    ----------
    name : str
        Indicator name, e.g. ``population``, ``unemployment_rate``.
    value : float
    year : int or None
        Reference year.
    unit : str
        ``people``, ``share`` (a fraction in [0, 1]), ``MAD``, ...
    provenance : Source or Assumption or None

    Examples
    --------
    >>> from ssestrategy.model import Source
    >>> pop = Indicator(name="population", value=198542, year=2024, unit="people",
    ...                 provenance=Source("HCP, RGPH 2024", label="official"))
    >>> pop.value, pop.provenance.label
    (198542.0, <Label.OFFICIAL: 'official'>)
    >>> Territory(name="Tiznit", indicators=(pop,)).indicators[0].name
    'population'
    """

    name: str = attrs.field(validator=identifier)
    value: float = attrs.field(converter=to_float, validator=number())
    year: int | None = attrs.field(default=None, validator=integer(optional=True))
    unit: str = attrs.field(default="", validator=text(nonempty=False))
    provenance: Provenance | None = provenance_field()


def _territory_validate(t: Territory) -> None:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for i, a in enumerate(t.actors):
        if a.id in first:
            problems.append(
                Problem(
                    f"actors[{i}].id", f"duplicate id {a.id!r} (first at actors[{first[a.id]}])"
                )
            )
        else:
            first[a.id] = i
    for i, p in enumerate(t.partnerships):
        for end in ("source", "target"):
            ref = getattr(p, end)
            if ref not in first:
                problems.append(Problem(f"partnerships[{i}].{end}", f"unknown actor {ref!r}"))
        if p.source == p.target:
            problems.append(Problem(f"partnerships[{i}].target", "a partnership needs two actors"))
    pole_first: dict[str, int] = {}
    for i, pole in enumerate(t.poles):
        if pole.id in pole_first:
            problems.append(
                Problem(
                    f"poles[{i}].id",
                    f"duplicate id {pole.id!r} (first at poles[{pole_first[pole.id]}])",
                )
            )
        else:
            pole_first[pole.id] = i
        seen: set[str] = set()
        for j, m in enumerate(pole.members):
            if m not in first:
                problems.append(Problem(f"poles[{i}].members[{j}]", f"unknown actor {m!r}"))
            if m in seen:
                problems.append(Problem(f"poles[{i}].members[{j}]", f"{m!r} listed twice"))
            seen.add(m)
        if pole.anchor is not None and pole.anchor not in seen:
            problems.append(
                Problem(f"poles[{i}].anchor", f"anchor {pole.anchor!r} is not a member of the pole")
            )
    names: dict[tuple[str, int | None], int] = {}
    for i, ind in enumerate(t.indicators):
        key = (ind.name, ind.year)
        if key in names:
            problems.append(
                Problem(f"indicators[{i}]", f"indicator {ind.name!r} for {ind.year} given twice")
            )
        names[key] = i
    if problems:
        raise ModelError(problems)


@attrs.frozen(repr=False)
class Territory:
    """A territory: its baseline indicators, actors, partnerships and candidate poles.

    Validated as a whole: ids are unique, every partnership end and pole member resolves to an
    actor, a pole's anchor is one of its members.

    Parallel partnerships between the same two actors are kept, and their intensities add up
    (in the network metrics and the simulation); one that repeats another exactly (same actors,
    kind, direction and start year) is allowed under the same rule but reported by
    :meth:`repeated_partnerships` and, as a warning, by ``ssestrategy validate``.

    Parameters
    ----------
    name : str
    region : str or None
    country : str or None
    code : str or None
        Official code (e.g. HCP province code ``09.581``).
    indicators : tuple of Indicator
    actors : tuple of Actor
    partnerships : tuple of Partnership
    poles : tuple of Pole
    provenance : Source or Assumption or None
    """

    name: str = attrs.field(validator=text())
    region: str | None = attrs.field(default=None, validator=text(optional=True))
    country: str | None = attrs.field(default=None, validator=text(optional=True))
    code: str | None = attrs.field(default=None, validator=text(optional=True))
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Indicator, "an indicator")
    )
    actors: tuple[Actor, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Actor, "an actor")
    )
    partnerships: tuple[Partnership, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Partnership, "a partnership")
    )
    poles: tuple[Pole, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Pole, "a pole")
    )
    provenance: Provenance | None = provenance_field()
    _index: Mapping[str, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        _territory_validate(self)
        object.__setattr__(self, "_index", {a.id: i for i, a in enumerate(self.actors)})

    def __repr__(self) -> str:
        return (
            f"Territory(name={self.name!r}, region={self.region!r}, "
            f"{len(self.actors)} actors, {len(self.partnerships)} partnerships, "
            f"{len(self.poles)} poles, {len(self.indicators)} indicators)"
        )

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (raises ModelError if there is none)."""
        try:
            return self.actors[self._index[actor_id]]
        except KeyError:
            raise ModelError.at("actors", f"unknown actor {actor_id!r}") from None

    def actor_index(self, actor_id: str) -> int:
        """Position of the actor in :attr:`actors` (the row of every actor array)."""
        try:
            return self._index[actor_id]
        except KeyError:
            raise ModelError.at("actors", f"unknown actor {actor_id!r}") from None

    def pole(self, pole_id: str) -> Pole:
        """The pole with this id."""
        for p in self.poles:
            if p.id == pole_id:
                return p
        raise ModelError.at("poles", f"unknown pole {pole_id!r}")

    def indicator(self, name: str, year: int | None = None) -> Indicator:
        """A baseline indicator by name (the latest year when ``year`` is None)."""
        found = [i for i in self.indicators if i.name == name and (year is None or i.year == year)]
        if not found:
            raise ModelError.at(
                "indicators", f"no indicator {name!r}" + (f" for {year}" if year else "")
            )
        return max(found, key=lambda i: -1 if i.year is None else i.year)

    def repeated_partnerships(self) -> tuple[tuple[int, int], ...]:
        """Partnerships that repeat an earlier one: ``(index, index of the first)`` pairs.

        Two partnerships are the same tie when they join the same actors (in the same order
        when directed) with the same kind, direction and start year. They are kept, and their
        intensities add up; a repeat is often a copy made by mistake.

        Examples
        --------
        >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
        >>> tie = Partnership(source="a", target="b", kind="market", intensity=0.5)
        >>> back = Partnership(source="b", target="a", kind="market", intensity=0.3)
        >>> t = Territory(name="T", actors=[Actor(id=i, name=i, kind="cooperative",
        ...                                       capacities=caps) for i in "ab"],
        ...               partnerships=[tie, tie, back])
        >>> t.repeated_partnerships()
        ((1, 0), (2, 0))
        """
        first: dict[tuple[Any, ...], int] = {}
        out: list[tuple[int, int]] = []
        fields = attrgetter("source", "target", "kind", "directed", "start")
        for i, (a, b, kind, directed, start) in enumerate(map(fields, self.partnerships)):
            key = (
                (a, b, kind, directed, start) if directed or a <= b else (b, a, kind, False, start)
            )
            j = first.setdefault(key, i)
            if j != i:
                out.append((i, j))
        return tuple(out)

    @property
    def value_chains(self) -> tuple[str, ...]:
        """Value chains present among actors, sorted."""
        return tuple(sorted({a.value_chain for a in self.actors if a.value_chain}))
