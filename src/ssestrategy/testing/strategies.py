"""Hypothesis strategies that generate valid :mod:`ssestrategy.model` objects.

Every object these strategies generate is valid by construction: ids are unique, every
reference resolves (partnership ends, pole members and anchors, selector actors and poles,
intervention hubs, uncertain parameters), every ``ties`` intervention has a hub, every criterion
has a weight, and every number is finite and within its documented range. Sizes are small by
default so that property tests stay fast; each strategy takes arguments to change them.

:func:`mutate_case_dict` and :func:`invalid_case_mutations` go the other way: they break a valid
case file (the plain data of :func:`ssestrategy.io.case_to_dict`) in exactly one place and say at
which field path the loader must report it.

Examples
--------
>>> from hypothesis import given, settings
>>> from ssestrategy.testing import territories
>>> @settings(max_examples=20, database=None)
... @given(territories(min_actors=3, max_actors=6))
... def test_anchors_are_members(territory):
...     assert all(p.anchor in p.members for p in territory.poles if p.anchor is not None)
>>> test_anchors_are_members()
"""

from __future__ import annotations

import copy
import functools
import math
import operator
import string
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import DrawFn, SearchStrategy

from ..errors import ModelError, join_path
from ..model import (
    DEFAULT_PARAMETERS,
    FACTORS,
    LEVER_PARAMETERS,
    OUTCOMES,
    Actor,
    ActorKind,
    Assumption,
    Capacities,
    Case,
    Constraint,
    ConstraintCategory,
    Criteria,
    Criterion,
    Distribution,
    DistributionKind,
    Event,
    Factor,
    Foresight,
    Indicator,
    Intervention,
    Label,
    Lever,
    Parameter,
    Partnership,
    PartnershipKind,
    Pole,
    Provenance,
    ScenarioSpace,
    Selector,
    Source,
    Statistic,
    Strategy,
    Territory,
    Uncertainty,
)
from ..model._checks import NumberCheck, identifier

E = TypeVar("E", bound=Enum)

__all__ = [
    "MUTATION_KINDS",
    "VALUE_CHAINS",
    "actors",
    "assumptions",
    "capacities",
    "cases",
    "constraints",
    "criteria",
    "distributions",
    "events",
    "factors",
    "foresights",
    "identifiers",
    "indicators",
    "interventions",
    "invalid_case_mutations",
    "mutate_case_dict",
    "names",
    "partnerships",
    "poles",
    "provenances",
    "scenario_spaces",
    "selectors",
    "sources",
    "strategies",
    "territories",
    "uncertainties",
]

ProvenanceStrategy = SearchStrategy[Provenance | None]

VALUE_CHAINS: tuple[str, ...] = (
    "agriculture",
    "argan",
    "handicraft",
    "silver-jewellery",
    "tourism",
    "fisheries",
    "services",
)
"""Value chains the strategies draw from by default (those of the Tiznit case)."""

# ids may hold letters of any script (a few French, Arabic and Tifinagh ones are drawn)
_ID_FIRST = string.ascii_letters + string.digits + "éتⵜ"
_ID_REST = _ID_FIRST + "_.:-"
# letters of the languages of the field (French accents, Arabic, Tifinagh) and characters that
# need escaping in TOML and JSON (quotes, backslash, newline, tab)
_LETTERS = string.ascii_letters + "éèàçôïÉ" + "تيزن" + "ⵜⵉⵣⵏ"
_TEXT = _LETTERS + string.digits + " -_'\".,()/&\\#\n\t"
_BIG = 1e9
_INSTITUTIONS = frozenset(ActorKind) - {
    ActorKind.COOPERATIVE,
    ActorKind.ENTERPRISE,
    ActorKind.ARTISAN,
    ActorKind.ASSOCIATION,
}
# plausible ranges of the lever mechanism parameters (LEVER_PARAMETERS gives only defaults)
_LEVER_PARAM_RANGES: dict[str, tuple[float, float]] = {
    "recovery_rate": (0.0, 0.95),
    "repayment_years": (0.25, 10.0),
    "tie_intensity": (0.0, 1.0),
    "ramp_years": (0.0, 5.0),
}


def _check_size(name: str, value: int, lo: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        raise ModelError.at(name, f"expected an integer >= {lo}, got {value!r}")


def _check_sizes(min_name: str, lo: int, max_name: str, hi: int) -> None:
    _check_size(min_name, lo)
    _check_size(max_name, hi)
    if hi < lo:
        raise ModelError.at(max_name, f"{max_name} {hi} is below {min_name} {lo}")


def _check_bounds(low: float, high: float) -> None:
    for name, v in (("low", low), ("high", high)):
        if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v):
            raise ModelError.at(name, f"expected a finite number, got {v!r}")
    if low > high:
        raise ModelError.at("high", f"high {high:g} is below low {low:g}")


# Strategies are built once and reused: building (and validating) fresh strategy objects inside
# every draw made case generation several times slower.


@functools.lru_cache(maxsize=512)
def _finite(lo: float = -_BIG, hi: float = _BIG) -> SearchStrategy[float]:
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


@functools.lru_cache(maxsize=512)
def _ints(lo: int, hi: int) -> SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.lru_cache(maxsize=512)
def _maybe(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.none() | strategy


@functools.lru_cache(maxsize=512)
def _one_of(values: tuple[Any, ...]) -> SearchStrategy[Any]:
    return st.sampled_from(values)


_BOOL = st.booleans()
_MAYBE_BOOL = _maybe(_BOOL)


def _pick(draw: DrawFn, values: Sequence[Any]) -> Any:
    """One of ``values`` (shrinks towards the first)."""
    return values[draw(_ints(0, len(values) - 1))] if len(values) > 1 else values[0]


def _subset(draw: DrawFn, values: Sequence[Any], max_size: int, min_size: int = 0) -> list[Any]:
    """Up to ``max_size`` distinct items of ``values``, in the order drawn."""
    pool = list(values)
    n = draw(_ints(min(min_size, len(pool)), min(max_size, len(pool))))
    out = []
    for _ in range(n):
        out.append(pool.pop(draw(_ints(0, len(pool) - 1))))
    return out


def _count(draw: DrawFn, lo: int, hi: int) -> int:
    return draw(_ints(lo, hi)) if hi > lo else lo


def _unique_draws(
    draw: DrawFn, fn: Callable[[], Any], key: Callable[[Any], Any], hi: int
) -> list[Any]:
    """Up to ``hi`` items ``fn()`` with distinct keys (an item whose key is taken is dropped)."""
    out: list[Any] = []
    seen: set[Any] = set()
    for _ in range(_count(draw, 0, hi)):
        item = fn()
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


# --- text and ids ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _identifiers(max_size: int) -> SearchStrategy[str]:
    return st.builds(
        operator.add,
        st.sampled_from(_ID_FIRST),
        st.text(alphabet=_ID_REST, max_size=max_size - 1),
    )


def identifiers(max_size: int = 12) -> SearchStrategy[str]:
    """Ids as the model accepts them: letters (of any script: a few accented, Arabic and
    Tifinagh letters are drawn), digits and ``_.:-``, starting with a letter or digit.

    Parameters
    ----------
    max_size : int
        Longest id (at least 1).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from ssestrategy.model._checks import is_identifier
    >>> @settings(max_examples=30, database=None)
    ... @given(identifiers())
    ... def test(i):
    ...     assert is_identifier(i)
    >>> test()
    """
    _check_size("max_size", max_size, 1)
    return _identifiers(max_size)


@functools.lru_cache(maxsize=64)
def _names(max_size: int) -> SearchStrategy[str]:
    return st.builds(
        operator.add, st.sampled_from(_LETTERS), st.text(alphabet=_TEXT, max_size=max_size)
    )


def names(max_size: int = 24) -> SearchStrategy[str]:
    """Non-blank display names, with accents, Arabic and Tifinagh letters, quotes, backslashes,
    newlines and tabs (to exercise escaping in TOML and JSON).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30, database=None)
    ... @given(names())
    ... def test(n):
    ...     assert n.strip()
    >>> test()
    """
    _check_size("max_size", max_size, 1)
    return _names(max_size)


# Generated names are mostly taken from a pool of awkward ones (quotes, backslashes, newlines,
# tabs, Arabic and Tifinagh letters) and otherwise drawn at random: each drawn character costs a
# draw, and short names keep case generation fast.
_NAME_POOL = (
    "Coopérative Tifawin",
    'Argan "Tizargane"',
    "تعاونية أركان",
    "ⵜⵉⵣⵏⵉⵜ",
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "O'Brien & Co. (Tiznit)",
    "x",
)
_ID = _identifiers(8)
_NAME = _one_of(_NAME_POOL) | _names(10)
_DESCRIPTION = _one_of(("", *_NAME_POOL)) | st.text(alphabet=_TEXT, max_size=12)


def _unique_ids(draw: DrawFn, lo: int, hi: int, ids: SearchStrategy[str] = _ID) -> list[str]:
    """``lo`` to ``hi`` distinct ids (a drawn id already taken gets a suffix)."""
    out: list[str] = []
    seen: set[str] = set()
    for i in range(_count(draw, lo, hi)):
        x = draw(ids)
        while x in seen:
            x = f"{x}-{i}"
        seen.add(x)
        out.append(x)
    return out


# --- factors, provenance ------------------------------------------------------------------


def factors() -> SearchStrategy[Factor]:
    """One of the four pole-success factors.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(factors())
    ... def test(f):
    ...     assert f.value in ("financing", "networking", "innovation", "governance")
    >>> test()
    """
    return _one_of(FACTORS)


def _draw_capacities(draw: DrawFn, low: float = 0.0, high: float = 1.0) -> Capacities:
    unit = _finite(low, high)
    return Capacities(
        financing=draw(unit), networking=draw(unit), innovation=draw(unit), governance=draw(unit)
    )


@st.composite
def _capacities(draw: DrawFn, low: float, high: float) -> Capacities:
    return _draw_capacities(draw, low, high)


def capacities(low: float = 0.0, high: float = 1.0) -> SearchStrategy[Capacities]:
    """Capacities with every factor in ``[low, high]`` (a sub-range of [0, 1]).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(capacities(0.2, 0.5))
    ... def test(c):
    ...     assert all(0.2 <= v <= 0.5 for v in c.as_tuple())
    >>> test()
    """
    _check_bounds(low, high)
    if low < 0 or high > 1:
        raise ModelError.at("low", f"[{low:g}, {high:g}] is not within [0, 1]")
    return _capacities(float(low), float(high))


_LABELS = tuple(Label)


def _draw_source(draw: DrawFn) -> Source:
    return Source(draw(_NAME), label=_pick(draw, _LABELS))


def _draw_assumption(draw: DrawFn, with_range: bool | None = None) -> Assumption:
    note = draw(_NAME)
    if with_range is None:
        shape = _pick(draw, ("none", "both", "low", "high"))
    else:
        shape = "both" if with_range else "none"
    if shape == "none":
        return Assumption(note)
    a, b = sorted((draw(_finite()), draw(_finite())))
    return Assumption(
        note,
        low=a if shape in ("both", "low") else None,
        high=b if shape in ("both", "high") else None,
    )


@st.composite
def _sources(draw: DrawFn) -> Source:
    return _draw_source(draw)


@st.composite
def _assumptions(draw: DrawFn, with_range: bool | None) -> Assumption:
    return _draw_assumption(draw, with_range)


@st.composite
def _provenances(draw: DrawFn) -> Provenance:
    return _draw_source(draw) if draw(_BOOL) else _draw_assumption(draw)


_SOURCES = _sources()
_PROVENANCES = _provenances()
_MAYBE_PROVENANCE: SearchStrategy[Provenance | None] = _maybe(_PROVENANCES)


def sources() -> SearchStrategy[Source]:
    """A :class:`~ssestrategy.model.Source` (citation and label).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(sources())
    ... def test(s):
    ...     assert s.citation.strip()
    >>> test()
    """
    return _SOURCES


def assumptions(*, with_range: bool | None = None) -> SearchStrategy[Assumption]:
    """An :class:`~ssestrategy.model.Assumption`, with a plausible range on request.

    Parameters
    ----------
    with_range : bool or None
        True: both ends of the range; False: no range; None: any of none, both, low only,
        high only.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(assumptions(with_range=True))
    ... def test(a):
    ...     assert a.has_range and a.low <= a.high
    >>> test()
    """
    return _assumptions(with_range)


def provenances() -> SearchStrategy[Provenance]:
    """A source or an assumption.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from ssestrategy.model import Assumption, Source
    >>> @settings(max_examples=20, database=None)
    ... @given(provenances())
    ... def test(p):
    ...     assert isinstance(p, Source | Assumption)
    >>> test()
    """
    return _PROVENANCES


def _prov(provenance: ProvenanceStrategy | None) -> ProvenanceStrategy:
    return _MAYBE_PROVENANCE if provenance is None else provenance


# --- territory ----------------------------------------------------------------------------

_COMMUNES = ("Tiznit", "Tafraout", "Reggada", "Tnine Aglou", "Anzi")
_ALL_KINDS = tuple(ActorKind)


def _draw_actor(
    draw: DrawFn,
    actor_id: str,
    kinds: Sequence[ActorKind],
    value_chains: Sequence[str],
    communes: Sequence[str],
    provenance: ProvenanceStrategy,
) -> Actor:
    kind = _pick(draw, kinds)
    if kind in _INSTITUTIONS:
        members = draw(_ints(0, 50))
    elif kind is ActorKind.ARTISAN:
        members = draw(_ints(1, 3))
    else:
        members = draw(_ints(1, 500))
    name = draw(_NAME)
    caps = _draw_capacities(draw)
    women_share = draw(_maybe(_finite(0.0, 1.0)))
    commune: str | None = None
    if len(communes) > 0 and draw(_BOOL):
        commune = _pick(draw, communes)
    rural = draw(_MAYBE_BOOL)
    chain: str | None = None
    if len(value_chains) > 0 and draw(_BOOL):
        chain = _pick(draw, value_chains)
    return Actor(
        id=actor_id,
        name=name,
        kind=kind,
        capacities=caps,
        members=members,
        women_share=women_share,
        commune=commune,
        rural=rural,
        value_chain=chain,
        provenance=draw(provenance),
    )


@st.composite
def _actors(
    draw: DrawFn,
    ids: SearchStrategy[str],
    kinds: tuple[ActorKind, ...],
    value_chains: tuple[str, ...],
    communes: tuple[str, ...],
    provenance: ProvenanceStrategy,
) -> Actor:
    return _draw_actor(draw, draw(ids), kinds, value_chains, communes, provenance)


def _id_strategy(ids: str | SearchStrategy[str] | None) -> SearchStrategy[str]:
    if ids is None:
        return _ID
    if isinstance(ids, str):
        return st.just(ids)
    return ids


def _members(
    values: Sequence[Any] | None, enum: type[E], default: tuple[E, ...], name: str, what: str
) -> tuple[E, ...]:
    """Validate a user's list of enum values (``None`` = ``default``), naming bad items."""
    if values is None:
        return default
    if isinstance(values, str):
        raise ModelError.at(name, f"expected a sequence of {what}s, got a string")
    out = []
    for i, v in enumerate(values):
        try:
            out.append(enum(v))
        except ValueError:
            raise ModelError.at(f"{name}[{i}]", f"unknown {what} {v!r}") from None
    if not out:
        raise ModelError.at(name, f"give at least one {what}")
    return tuple(out)


def _kinds(kinds: Sequence[ActorKind | str] | None) -> tuple[ActorKind, ...]:
    return _members(kinds, ActorKind, _ALL_KINDS, "kinds", "actor kind")


def actors(
    ids: str | SearchStrategy[str] | None = None,
    *,
    kinds: Sequence[ActorKind | str] | None = None,
    value_chains: Sequence[str] = VALUE_CHAINS,
    communes: Sequence[str] = _COMMUNES,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Actor]:
    """An :class:`~ssestrategy.model.Actor`.

    Parameters
    ----------
    ids : str or strategy of str, optional
        The actor's id (a fixed id, or a strategy of ids); default :func:`identifiers`.
    kinds : sequence of ActorKind, optional
        Kinds to draw from (default all).
    value_chains : sequence of str
        Value chains to draw from (the value chain may also be left out).
    communes : sequence of str
        Commune names to draw from.
    provenance : strategy, optional
        Provenance of the actor; default none or any of :func:`provenances`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(actors(ids="coop-1", kinds=["cooperative"]))
    ... def test(a):
    ...     assert a.id == "coop-1" and a.kind.value == "cooperative" and a.members >= 1
    >>> test()
    """
    return _actors(
        _id_strategy(ids),
        _kinds(kinds),
        tuple(value_chains),
        tuple(communes),
        _prov(provenance),
    )


def _distinct_ids(name: str, ids: Sequence[str], least: int) -> tuple[str, ...]:
    if isinstance(ids, str):
        raise ModelError.at(name, "expected a sequence of ids, got a string")
    unique = tuple(dict.fromkeys(ids))
    if len(unique) < least:
        raise ModelError.at(name, f"need at least {least} distinct ids, got {len(unique)}")
    return unique


_PARTNERSHIP_KINDS = tuple(PartnershipKind)


def _draw_partnership(
    draw: DrawFn, ids: Sequence[str], provenance: ProvenanceStrategy
) -> Partnership:
    n = len(ids)
    i = draw(_ints(0, n - 1))
    j = draw(_ints(0, n - 2))
    j = j + 1 if j >= i else j
    return Partnership(
        source=ids[i],
        target=ids[j],
        kind=_pick(draw, _PARTNERSHIP_KINDS),
        intensity=draw(_finite(0.0, 1.0)),
        directed=draw(_BOOL),
        start=draw(_maybe(_ints(1950, 2100))),
        budget=draw(_maybe(_finite(0.0, _BIG))),
        provenance=draw(provenance),
    )


@st.composite
def _partnerships(
    draw: DrawFn, ids: tuple[str, ...], provenance: ProvenanceStrategy
) -> Partnership:
    return _draw_partnership(draw, ids, provenance)


def partnerships(
    actor_ids: Sequence[str], *, provenance: ProvenanceStrategy | None = None
) -> SearchStrategy[Partnership]:
    """A :class:`~ssestrategy.model.Partnership` between two distinct actors of ``actor_ids``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(partnerships(["a", "b", "c"]))
    ... def test(p):
    ...     assert p.source != p.target and {p.source, p.target} <= {"a", "b", "c"}
    >>> test()
    """
    return _partnerships(_distinct_ids("actor_ids", actor_ids, 2), _prov(provenance))


def _draw_pole(
    draw: DrawFn,
    pole_id: str,
    actor_ids: Sequence[str],
    value_chains: Sequence[str],
    max_members: int,
    provenance: ProvenanceStrategy,
) -> Pole:
    members = _subset(draw, actor_ids, max_members, min_size=1)
    return Pole(
        id=pole_id,
        name=draw(_NAME),
        value_chain=_pick(draw, value_chains),
        members=tuple(members),
        anchor=_pick(draw, members) if draw(_BOOL) else None,
        provenance=draw(provenance),
    )


@st.composite
def _poles(
    draw: DrawFn,
    actor_ids: tuple[str, ...],
    ids: SearchStrategy[str],
    value_chains: tuple[str, ...],
    max_members: int,
    provenance: ProvenanceStrategy,
) -> Pole:
    return _draw_pole(draw, draw(ids), actor_ids, value_chains, max_members, provenance)


def poles(
    actor_ids: Sequence[str],
    *,
    ids: str | SearchStrategy[str] | None = None,
    value_chains: Sequence[str] = VALUE_CHAINS,
    max_members: int = 10,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Pole]:
    """A candidate :class:`~ssestrategy.model.Pole` whose members are distinct ids of
    ``actor_ids`` and whose anchor (when there is one) is a member.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(poles(["a", "b", "c"], ids="pole-1"))
    ... def test(p):
    ...     assert p.id == "pole-1" and len(set(p.members)) == len(p.members) >= 1
    ...     assert p.anchor is None or p.anchor in p.members
    >>> test()
    """
    _check_size("max_members", max_members, 1)
    if isinstance(value_chains, str) or not value_chains:
        raise ModelError.at("value_chains", "give at least one value chain")
    return _poles(
        _distinct_ids("actor_ids", actor_ids, 1),
        _id_strategy(ids),
        tuple(value_chains),
        max_members,
        _prov(provenance),
    )


_INDICATOR_UNITS = ("people", "households", "share", "MAD", "")
_INDICATOR_NAMES = ("population", "households", "unemployment_rate")


def _draw_indicator(draw: DrawFn, provenance: ProvenanceStrategy) -> Indicator:
    return Indicator(
        name=_pick(draw, _INDICATOR_NAMES) if draw(_BOOL) else draw(_ID),
        value=draw(_finite()),
        year=draw(_maybe(_ints(1900, 2100))),
        unit=_pick(draw, _INDICATOR_UNITS),
        provenance=draw(provenance),
    )


@st.composite
def _indicators(draw: DrawFn, provenance: ProvenanceStrategy) -> Indicator:
    return _draw_indicator(draw, provenance)


def indicators(*, provenance: ProvenanceStrategy | None = None) -> SearchStrategy[Indicator]:
    """A baseline :class:`~ssestrategy.model.Indicator`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import math
    >>> @settings(max_examples=20, database=None)
    ... @given(indicators())
    ... def test(i):
    ...     assert math.isfinite(i.value)
    >>> test()
    """
    return _indicators(_prov(provenance))


def _draw_territory(
    draw: DrawFn,
    min_actors: int,
    max_actors: int,
    max_partnerships: int,
    max_poles: int,
    max_indicators: int,
    kinds: Sequence[ActorKind],
    value_chains: Sequence[str],
    provenance: ProvenanceStrategy,
) -> Territory:
    ids = _unique_ids(draw, min_actors, max_actors)
    the_actors = tuple(
        _draw_actor(draw, i, kinds, value_chains, _COMMUNES, provenance) for i in ids
    )
    ties: list[Partnership] = []
    if len(ids) >= 2:
        n = _count(draw, 0, max_partnerships)
        ties = [_draw_partnership(draw, ids, provenance) for _ in range(n)]
    the_poles: list[Pole] = []
    if ids and value_chains:
        the_poles = [
            _draw_pole(draw, i, ids, value_chains, 10, provenance)
            for i in _unique_ids(draw, 0, max_poles)
        ]
    inds = _unique_draws(
        draw, lambda: _draw_indicator(draw, provenance), lambda i: (i.name, i.year), max_indicators
    )
    return Territory(
        name=draw(_NAME),
        region=draw(_maybe(_NAME)),
        country="Morocco" if draw(_BOOL) else None,
        code="09.581" if draw(_BOOL) else None,
        indicators=tuple(inds),
        actors=the_actors,
        partnerships=tuple(ties),
        poles=tuple(the_poles),
        provenance=draw(provenance),
    )


@st.composite
def _territories(
    draw: DrawFn,
    min_actors: int,
    max_actors: int,
    max_partnerships: int,
    max_poles: int,
    max_indicators: int,
    kinds: tuple[ActorKind, ...],
    value_chains: tuple[str, ...],
    provenance: ProvenanceStrategy,
) -> Territory:
    return _draw_territory(
        draw,
        min_actors,
        max_actors,
        max_partnerships,
        max_poles,
        max_indicators,
        kinds,
        value_chains,
        provenance,
    )


def territories(
    min_actors: int = 2,
    max_actors: int = 20,
    *,
    max_partnerships: int | None = None,
    max_poles: int = 3,
    max_indicators: int = 3,
    kinds: Sequence[ActorKind | str] | None = None,
    value_chains: Sequence[str] = VALUE_CHAINS,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Territory]:
    """A whole, valid :class:`~ssestrategy.model.Territory`: unique actor ids, partnerships
    between distinct actors, poles of existing actors anchored on a member, indicators unique by
    (name, year).

    Parameters
    ----------
    min_actors, max_actors : int
        Number of actors.
    max_partnerships : int, optional
        Most partnerships (default twice ``max_actors``).
    max_poles, max_indicators : int
    kinds : sequence of ActorKind, optional
        Actor kinds to draw from (default all).
    value_chains : sequence of str
    provenance : strategy, optional
        Provenance of each record; default none or any of :func:`provenances`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(territories(min_actors=2, max_actors=6))
    ... def test(t):
    ...     ids = {a.id for a in t.actors}
    ...     assert 2 <= len(ids) == len(t.actors) <= 6
    ...     assert all({p.source, p.target} <= ids for p in t.partnerships)
    >>> test()
    """
    _check_sizes("min_actors", min_actors, "max_actors", max_actors)
    n_ties = 2 * max_actors if max_partnerships is None else max_partnerships
    _check_size("max_partnerships", n_ties)
    _check_size("max_poles", max_poles)
    _check_size("max_indicators", max_indicators)
    return _territories(
        min_actors,
        max_actors,
        n_ties,
        max_poles,
        max_indicators,
        _kinds(kinds),
        tuple(value_chains),
        _prov(provenance),
    )


# --- uncertainty ----------------------------------------------------------------------------

_DISTRIBUTION_KINDS = tuple(DistributionKind)


def _draw_distribution(
    draw: DrawFn, kinds: Sequence[DistributionKind], lo: float, hi: float
) -> Distribution:
    kind = _pick(draw, kinds)
    bound = _finite(lo, hi)
    if kind is DistributionKind.DISCRETE:
        values = tuple(draw(bound) for _ in range(draw(_ints(1, 4))))
        weights = tuple(draw(_finite(0.01, 1.0)) for _ in values) if draw(_BOOL) else ()
        return Distribution(kind=kind, values=values, weights=weights)
    if kind is DistributionKind.TRIANGULAR:
        a, m, b = sorted((draw(bound), draw(bound), draw(bound)))
        return Distribution(kind=kind, low=a, mode=m, high=b)
    a, b = sorted((draw(bound), draw(bound)))
    if kind is DistributionKind.TRUNCNORM:
        width = b - a
        if width > 1e-9 * max(1.0, hi - lo):
            mean = draw(_finite(a, b))
            sd = draw(_finite(width / 100.0, width))
            return Distribution(kind=kind, mean=mean, sd=sd, low=a, high=b)
        kind = DistributionKind.UNIFORM  # degenerate width: a point mass, given as uniform
    if kind is DistributionKind.BETA:
        shape = _finite(0.1, 20.0)
        return Distribution(kind=kind, a=draw(shape), b=draw(shape), low=a, high=b)
    return Distribution(kind=kind, low=a, high=b)


@st.composite
def _distributions(
    draw: DrawFn, kinds: tuple[DistributionKind, ...], lo: float, hi: float
) -> Distribution:
    return _draw_distribution(draw, kinds, lo, hi)


def distributions(
    kinds: Sequence[DistributionKind | str] | None = None,
    *,
    low: float = -1e6,
    high: float = 1e6,
) -> SearchStrategy[Distribution]:
    """A valid :class:`~ssestrategy.model.Distribution` whose support lies in ``[low, high]``.

    Truncated normals and betas always carry explicit bounds; a truncated normal's ``sd`` is
    between 1 % and 100 % of its width.

    Parameters
    ----------
    kinds : sequence of DistributionKind, optional
        Families to draw from (default all).
    low, high : float
        Finite bounds of the support.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30, database=None)
    ... @given(distributions(low=0.0, high=1.0))
    ... def test(d):
    ...     lo, hi = d.support()
    ...     assert 0.0 <= lo <= hi <= 1.0
    >>> test()
    """
    _check_bounds(low, high)
    kind_list = _members(kinds, DistributionKind, _DISTRIBUTION_KINDS, "kinds", "distribution kind")
    return _distributions(kind_list, float(low), float(high))


def _parameter_range(name: str) -> tuple[float, float]:
    p = DEFAULT_PARAMETERS.get(name)
    prov = p.provenance if p is not None else None
    if isinstance(prov, Assumption) and prov.low is not None and prov.high is not None:
        return float(prov.low), float(prov.high)
    return (-1e6, 1e6)


def _draw_uncertainty(draw: DrawFn, name: str, provenance: ProvenanceStrategy) -> Uncertainty:
    lo, hi = _parameter_range(name)
    return Uncertainty(
        parameter=name,
        distribution=_draw_distribution(draw, _DISTRIBUTION_KINDS, lo, hi),
        provenance=draw(provenance),
    )


@st.composite
def _uncertainties(
    draw: DrawFn, names_: tuple[str, ...], provenance: ProvenanceStrategy
) -> Uncertainty:
    return _draw_uncertainty(draw, _pick(draw, names_), provenance)


def uncertainties(
    parameter_names: Sequence[str] | None = None,
    *,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Uncertainty]:
    """An :class:`~ssestrategy.model.Uncertainty` on one of ``parameter_names``.

    For a simulation parameter (a key of :data:`~ssestrategy.model.DEFAULT_PARAMETERS`) the
    distribution's support lies within the parameter's plausible range, so the sample stays
    meaningful to the model.

    Parameters
    ----------
    parameter_names : sequence of str, optional
        Default: every simulation parameter whose value is an assumption with a range.
    provenance : strategy, optional

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(uncertainties(["learning_rate"]))
    ... def test(u):
    ...     lo, hi = u.distribution.support()
    ...     assert u.parameter == "learning_rate" and 0.05 <= lo <= hi <= 0.4
    >>> test()
    """
    names_ = _parameter_names(parameter_names)
    if not names_:
        raise ModelError.at("parameter_names", "give at least one parameter name")
    return _uncertainties(names_, _prov(provenance))


def _parameter_names(parameter_names: Sequence[str] | None) -> tuple[str, ...]:
    if parameter_names is None:  # the assumed ones: a sourced value is not uncertain here
        return tuple(
            name
            for name, p in DEFAULT_PARAMETERS.items()
            if isinstance(p.provenance, Assumption) and p.provenance.has_range
        )
    if isinstance(parameter_names, str):
        raise ModelError.at("parameter_names", "expected a sequence of names, got a string")
    names_ = tuple(dict.fromkeys(parameter_names))
    field = attrs.fields(Uncertainty).parameter
    for i, n in enumerate(names_):
        try:
            identifier(None, field, n)
        except ModelError as err:
            raise ModelError.at(f"parameter_names[{i}]", err.problems[0].message) from None
    return names_


def _draw_event(
    draw: DrawFn, name: str, value_chains: Sequence[str], provenance: ProvenanceStrategy
) -> Event:
    return Event(
        name=name,
        annual_probability=draw(_finite(0.0, 1.0)),
        severity=_draw_distribution(draw, _DISTRIBUTION_KINDS, 0.0, 1.0),
        duration=draw(_finite(0.0, 5.0)),
        hazard_increase=draw(_finite(0.0, 1.0)),
        value_chains=tuple(_subset(draw, value_chains, 3)),
        description=draw(_DESCRIPTION),
        provenance=draw(provenance),
    )


@st.composite
def _events(draw: DrawFn, value_chains: tuple[str, ...], provenance: ProvenanceStrategy) -> Event:
    return _draw_event(draw, draw(_ID), value_chains, provenance)


def events(
    value_chains: Sequence[str] = VALUE_CHAINS, *, provenance: ProvenanceStrategy | None = None
) -> SearchStrategy[Event]:
    """A shock :class:`~ssestrategy.model.Event` whose severity lies in [0, 1].

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(events())
    ... def test(e):
    ...     lo, hi = e.severity.support()
    ...     assert 0 <= lo <= hi <= 1 and 0 <= e.annual_probability <= 1
    >>> test()
    """
    return _events(tuple(value_chains), _prov(provenance))


def _draw_scenario_space(
    draw: DrawFn,
    names_: Sequence[str],
    max_parameters: int,
    max_events: int,
    value_chains: Sequence[str],
    provenance: ProvenanceStrategy,
) -> ScenarioSpace:
    chosen = _subset(draw, names_, max_parameters)
    params = tuple(_draw_uncertainty(draw, n, provenance) for n in chosen)
    evs = [_draw_event(draw, i, value_chains, provenance) for i in _unique_ids(draw, 0, max_events)]
    return ScenarioSpace(parameters=params, events=tuple(evs))


@st.composite
def _scenario_spaces(
    draw: DrawFn,
    names_: tuple[str, ...],
    max_parameters: int,
    max_events: int,
    value_chains: tuple[str, ...],
    provenance: ProvenanceStrategy,
) -> ScenarioSpace:
    return _draw_scenario_space(draw, names_, max_parameters, max_events, value_chains, provenance)


def scenario_spaces(
    parameter_names: Sequence[str] | None = None,
    *,
    max_parameters: int = 3,
    max_events: int = 2,
    value_chains: Sequence[str] = VALUE_CHAINS,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[ScenarioSpace]:
    """A :class:`~ssestrategy.model.ScenarioSpace`: distinct uncertain parameters and events.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(scenario_spaces(max_parameters=4))
    ... def test(s):
    ...     assert len(set(s.names())) == len(s.names()) <= 4
    >>> test()
    """
    _check_size("max_parameters", max_parameters)
    _check_size("max_events", max_events)
    return _scenario_spaces(
        _parameter_names(parameter_names),
        max_parameters,
        max_events,
        tuple(value_chains),
        _prov(provenance),
    )


# --- strategies -------------------------------------------------------------------------------


def _draw_selector(draw: DrawFn, territory: Territory | None) -> Selector:
    pole_ids: list[str] = []
    actor_ids: list[str] = []
    chains: Sequence[str] = VALUE_CHAINS
    if territory is not None:
        pole_ids = _subset(draw, [p.id for p in territory.poles], 2)
        actor_ids = _subset(draw, [a.id for a in territory.actors], 3)
        chains = territory.value_chains or VALUE_CHAINS
    return Selector(
        kinds=tuple(_subset(draw, _ALL_KINDS, 3)),
        poles=tuple(pole_ids),
        value_chains=tuple(_subset(draw, chains, 2)),
        women_led=draw(_MAYBE_BOOL),
        rural=draw(_MAYBE_BOOL),
        in_pole=draw(_MAYBE_BOOL),
        actors=tuple(actor_ids),
    )


@st.composite
def _selectors(draw: DrawFn, territory: Territory | None) -> Selector:
    return _draw_selector(draw, territory)


def selectors(territory: Territory | None = None) -> SearchStrategy[Selector]:
    """A :class:`~ssestrategy.model.Selector`.

    With a ``territory``, explicit actor and pole ids are drawn from it; without one, the
    selector names no ids (only kinds, value chains and flags), so it is valid in any territory.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(selectors())
    ... def test(s):
    ...     assert s.actors == () and s.poles == ()
    >>> test()
    """
    return _selectors(territory)


_LEVERS = tuple(Lever)


def _draw_intervention(
    draw: DrawFn,
    territory: Territory | None,
    horizon: float,
    levers: Sequence[Lever],
    provenance: ProvenanceStrategy,
) -> Intervention:
    lever = _pick(draw, levers)
    hub: str | None = None
    if lever is Lever.TIES:
        hubs: list[str] = ["@anchor"]
        if territory is not None:
            hubs += [a.id for a in territory.actors]
        hub = _pick(draw, hubs)
    params: dict[str, Parameter] = {}
    for key, default in LEVER_PARAMETERS[lever].items():
        if draw(_BOOL):
            lo, hi = _LEVER_PARAM_RANGES.get(key, (0.0, max(1.0, 2.0 * default)))
            params[key] = Parameter(draw(_finite(lo, hi)), provenance=draw(provenance))
    return Intervention(
        name=draw(_NAME),
        lever=lever,
        target=_draw_selector(draw, territory),
        budget=draw(_finite(0.0, 1e7)),
        start=draw(_finite(0.0, horizon)),
        duration=draw(_finite(0.0, horizon)),
        hub=hub,
        params=params,
        provenance=draw(provenance),
    )


@st.composite
def _interventions(
    draw: DrawFn,
    territory: Territory | None,
    horizon: float,
    levers: tuple[Lever, ...],
    provenance: ProvenanceStrategy,
) -> Intervention:
    return _draw_intervention(draw, territory, horizon, levers, provenance)


def interventions(
    territory: Territory | None = None,
    *,
    horizon: float = 10.0,
    levers: Sequence[Lever | str] | None = None,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Intervention]:
    """An :class:`~ssestrategy.model.Intervention` whose target (and hub) resolve in
    ``territory`` (or in any territory when it is None: hub ``"@anchor"``, no explicit ids).

    Every ``ties`` intervention has a hub; mechanism parameters are those of
    :data:`~ssestrategy.model.LEVER_PARAMETERS`, in plausible ranges; start and duration are in
    ``[0, horizon]``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(interventions(levers=["ties"]))
    ... def test(iv):
    ...     assert iv.hub == "@anchor"
    >>> test()
    """
    _check_bounds(0.0, horizon)
    lever_list = _members(levers, Lever, _LEVERS, "levers", "lever")
    return _interventions(territory, float(horizon), lever_list, _prov(provenance))


def _draw_strategy(
    draw: DrawFn,
    strategy_id: str,
    territory: Territory | None,
    horizon: float,
    max_interventions: int,
    provenance: ProvenanceStrategy,
) -> Strategy:
    n = _count(draw, 0, max_interventions)
    ivs = tuple(_draw_intervention(draw, territory, horizon, _LEVERS, provenance) for _ in range(n))
    return Strategy(
        id=strategy_id,
        name=draw(_NAME),
        description=draw(_DESCRIPTION),
        interventions=ivs,
        provenance=draw(provenance),
    )


@st.composite
def _strategies(
    draw: DrawFn,
    territory: Territory | None,
    horizon: float,
    ids: SearchStrategy[str],
    max_interventions: int,
    provenance: ProvenanceStrategy,
) -> Strategy:
    return _draw_strategy(draw, draw(ids), territory, horizon, max_interventions, provenance)


def strategies(
    territory: Territory | None = None,
    *,
    ids: str | SearchStrategy[str] | None = None,
    horizon: float = 10.0,
    max_interventions: int = 3,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Strategy]:
    """A candidate :class:`~ssestrategy.model.Strategy` of :func:`interventions`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(strategies(ids="s1", max_interventions=2))
    ... def test(s):
    ...     assert s.id == "s1" and len(s.interventions) <= 2 and s.total_budget() >= 0
    >>> test()
    """
    _check_bounds(0.0, horizon)
    _check_size("max_interventions", max_interventions)
    return _strategies(
        territory, float(horizon), _id_strategy(ids), max_interventions, _prov(provenance)
    )


# --- constraints, criteria, foresight ------------------------------------------------------

_SHARE_UNITS = ("share", "index")
_OUTCOME_NAMES = tuple(OUTCOMES)
_CATEGORIES = tuple(ConstraintCategory)
_STATISTICS = tuple(Statistic)


def _outcome_value(outcome: str) -> SearchStrategy[float]:
    if OUTCOMES[outcome].unit in _SHARE_UNITS:
        return _finite(0.0, 1.0)
    return _finite(0.0, 1e8)


def _draw_constraint(
    draw: DrawFn, constraint_id: str, horizon: float, provenance: ProvenanceStrategy
) -> Constraint:
    outcome = _pick(draw, _OUTCOME_NAMES)
    return Constraint(
        id=constraint_id,
        outcome=outcome,
        op=_pick(draw, (">=", "<=")),
        target=draw(_outcome_value(outcome)),
        at=draw(_maybe(_finite(0.0, horizon))),
        probability=draw(_maybe(_finite(0.0, 1.0))),
        category=_pick(draw, _CATEGORIES),
        description=draw(_DESCRIPTION),
        provenance=draw(provenance),
    )


@st.composite
def _constraints(
    draw: DrawFn, ids: SearchStrategy[str], horizon: float, provenance: ProvenanceStrategy
) -> Constraint:
    return _draw_constraint(draw, draw(ids), horizon, provenance)


def constraints(
    *,
    ids: str | SearchStrategy[str] | None = None,
    horizon: float = 10.0,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Constraint]:
    """A :class:`~ssestrategy.model.Constraint` on a known outcome, dated within
    ``[0, horizon]``; targets of shares and indices lie in [0, 1].

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(constraints(horizon=5.0))
    ... def test(c):
    ...     assert c.at is None or 0 <= c.at <= 5.0
    >>> test()
    """
    _check_bounds(0.0, horizon)
    return _constraints(_id_strategy(ids), float(horizon), _prov(provenance))


_SAATY = (1.0, 3.0, 5.0, 7.0, 9.0, 1 / 3, 1 / 5, 1 / 7, 1 / 9)


def _draw_criteria(
    draw: DrawFn,
    min_items: int,
    max_items: int,
    horizon: float,
    pairwise: bool | None,
    provenance: ProvenanceStrategy,
) -> Criteria:
    items = []
    for outcome in _subset(draw, _OUTCOME_NAMES, max_items, min_size=min_items):
        statistic = _pick(draw, _STATISTICS)
        needs_q = statistic in (Statistic.PERCENTILE, Statistic.CVAR)
        items.append(
            Criterion(
                outcome=outcome,
                benefit=draw(_MAYBE_BOOL),
                statistic=statistic,
                q=draw(_finite(1.0, 99.0)) if needs_q else None,
                at=draw(_maybe(_finite(0.0, horizon))),
                weight=draw(_finite(0.01, 1.0)),
                provenance=draw(provenance),
            )
        )
    matrix = None
    with_matrix = draw(_BOOL) if pairwise is None else pairwise
    if with_matrix and items:
        n = len(items)
        rows = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                v = _pick(draw, _SAATY)
                rows[i][j], rows[j][i] = v, 1.0 / v
        matrix = tuple(tuple(r) for r in rows)
    return Criteria(items=tuple(items), pairwise=matrix, provenance=draw(provenance))


@st.composite
def _criteria(
    draw: DrawFn,
    min_items: int,
    max_items: int,
    horizon: float,
    pairwise: bool | None,
    provenance: ProvenanceStrategy,
) -> Criteria:
    return _draw_criteria(draw, min_items, max_items, horizon, pairwise, provenance)


def criteria(
    *,
    min_items: int = 1,
    max_items: int = 4,
    horizon: float = 10.0,
    pairwise: bool | None = False,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Criteria]:
    """:class:`~ssestrategy.model.Criteria` on distinct outcomes, each with a positive weight
    (and ``q`` for percentile and CVaR statistics).

    Parameters
    ----------
    min_items, max_items : int
    horizon : float
        Criteria are dated within ``[0, horizon]``.
    pairwise : bool or None
        Also give a reciprocal Saaty pairwise matrix (True), never (False, default), or either.
    provenance : strategy, optional

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(criteria(pairwise=True))
    ... def test(c):
    ...     assert c.direct_weights() is not None
    ...     n = len(c.items)
    ...     assert all(c.pairwise[i][i] == 1.0 for i in range(n))
    >>> test()
    """
    _check_sizes("min_items", min_items, "max_items", max_items)
    if min_items > len(OUTCOMES):
        raise ModelError.at("min_items", f"there are only {len(OUTCOMES)} outcomes")
    _check_bounds(0.0, horizon)
    return _criteria(
        min_items, min(max_items, len(OUTCOMES)), float(horizon), pairwise, _prov(provenance)
    )


def _draw_matrix(
    draw: DrawFn, rows: int, cols: int, lo: int, hi: int, zero_diagonal: bool
) -> tuple[tuple[float, ...], ...]:
    cell = _ints(lo, hi)
    return tuple(
        tuple(0.0 if zero_diagonal and i == j else float(draw(cell)) for j in range(cols))
        for i in range(rows)
    )


def _draw_foresight(
    draw: DrawFn,
    max_variables: int,
    max_actors: int,
    max_objectives: int,
    provenance: ProvenanceStrategy,
) -> Foresight:
    variables = _unique_ids(draw, 0, max_variables)
    fa = _unique_ids(draw, 0, max_actors)
    objectives = _unique_ids(draw, 0, max_objectives)
    n, a, o = len(variables), len(fa), len(objectives)
    return Foresight(
        variables=tuple(variables),
        influence=_draw_matrix(draw, n, n, 0, 3, True),
        actors=tuple(fa),
        objectives=tuple(objectives),
        mdi=_draw_matrix(draw, a, a, 0, 4, True),
        mao=_draw_matrix(draw, a, o, -4, 4, False),
        provenance=draw(provenance),
    )


@st.composite
def _foresights(
    draw: DrawFn,
    max_variables: int,
    max_actors: int,
    max_objectives: int,
    provenance: ProvenanceStrategy,
) -> Foresight:
    return _draw_foresight(draw, max_variables, max_actors, max_objectives, provenance)


def foresights(
    *,
    max_variables: int = 6,
    max_actors: int = 4,
    max_objectives: int = 4,
    provenance: ProvenanceStrategy | None = None,
) -> SearchStrategy[Foresight]:
    """MICMAC and MACTOR inputs: unique labels, influences 0-3 and 0-4 with a zero diagonal,
    positions -4..+4 (whole numbers, as workshops score them).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(foresights())
    ... def test(f):
    ...     assert len(f.influence) == len(f.variables) and len(f.mao) == len(f.actors)
    >>> test()
    """
    _check_size("max_variables", max_variables)
    _check_size("max_actors", max_actors)
    _check_size("max_objectives", max_objectives)
    return _foresights(max_variables, max_actors, max_objectives, _prov(provenance))


# --- cases ---------------------------------------------------------------------------------

_PARAMETER_NAMES = tuple(DEFAULT_PARAMETERS)
_HORIZONS = _one_of((5.0, 10.0)) | _finite(0.25, 30.0)
_PERIODS = _one_of((4, 1, 12)) | _ints(1, 12)


def _draw_parameters(
    draw: DrawFn, max_size: int, provenance: ProvenanceStrategy
) -> dict[str, Parameter]:
    out = {}
    for name in _subset(draw, _PARAMETER_NAMES, max_size):
        lo, hi = _parameter_range(name)
        out[name] = Parameter(
            draw(_finite(lo, hi)), unit=DEFAULT_PARAMETERS[name].unit, provenance=draw(provenance)
        )
    return out


@st.composite
def _cases(
    draw: DrawFn,
    min_actors: int,
    max_actors: int,
    max_partnerships: int,
    max_poles: int,
    max_indicators: int,
    max_strategies: int,
    max_interventions: int,
    max_uncertainties: int,
    max_events: int,
    max_constraints: int,
    max_criteria: int,
    max_sources: int,
    max_parameters: int,
    foresight: bool | None,
    labelled: bool,
) -> Case:
    keys = _unique_ids(draw, 0, max_sources)
    named: dict[str, Provenance] = {
        k: _draw_source(draw) if draw(_BOOL) else _draw_assumption(draw) for k in keys
    }
    choices: list[SearchStrategy[Any]] = [_PROVENANCES]
    if named:
        choices.append(st.sampled_from(list(named.values())))
    if not labelled:
        choices.insert(0, st.none())
    prov: ProvenanceStrategy = st.one_of(choices)
    territory = _draw_territory(
        draw,
        min_actors,
        max_actors,
        max_partnerships,
        max_poles,
        max_indicators,
        _ALL_KINDS,
        VALUE_CHAINS,
        prov,
    )
    horizon = draw(_HORIZONS)
    strats = [
        _draw_strategy(draw, i, territory, horizon, max_interventions, prov)
        for i in _unique_ids(draw, 0, max_strategies)
    ]
    space = _draw_scenario_space(
        draw, _PARAMETER_NAMES, max_uncertainties, max_events, VALUE_CHAINS, prov
    )
    cons = [_draw_constraint(draw, i, horizon, prov) for i in _unique_ids(draw, 0, max_constraints)]
    crit = _draw_criteria(draw, 0, min(max_criteria, len(OUTCOMES)), horizon, None, prov)
    with_foresight = draw(_BOOL) if foresight is None else foresight
    fs = _draw_foresight(draw, 5, 4, 3, prov) if with_foresight else None
    return Case(
        name=draw(_NAME),
        territory=territory,
        description=draw(_DESCRIPTION),
        horizon=horizon,
        periods_per_year=draw(_PERIODS),
        parameters=_draw_parameters(draw, max_parameters, prov),
        strategies=tuple(strats),
        uncertainties=space,
        constraints=tuple(cons),
        criteria=crit,
        foresight=fs,
        sources=named,
    )


def cases(
    *,
    min_actors: int = 2,
    max_actors: int = 8,
    max_partnerships: int | None = None,
    max_poles: int = 3,
    max_indicators: int = 3,
    max_strategies: int = 3,
    max_interventions: int = 3,
    max_uncertainties: int = 3,
    max_events: int = 2,
    max_constraints: int = 3,
    max_criteria: int = 3,
    max_sources: int = 3,
    max_parameters: int = 3,
    foresight: bool | None = None,
    labelled: bool = False,
) -> SearchStrategy[Case]:
    """A whole, valid :class:`~ssestrategy.model.Case`.

    A territory (:func:`territories`), a horizon, overridden simulation parameters (within
    their plausible ranges), strategies whose selectors and hubs resolve in the territory,
    uncertainties on simulation parameters, constraints and criteria dated within the horizon,
    optional foresight inputs and named sources that records refer to.

    Parameters
    ----------
    min_actors, max_actors, max_partnerships, max_poles, max_indicators : int
        Size of the territory (``max_partnerships`` defaults to twice ``max_actors``).
    max_strategies, max_interventions : int
    max_uncertainties, max_events : int
    max_constraints, max_criteria : int
    max_sources : int
        Named provenance entries (``[sources]``) that records may share.
    max_parameters : int
        Simulation parameters given other values than the defaults.
    foresight : bool or None
        Always (True), never (False) or sometimes (None) include foresight inputs.
    labelled : bool
        Give every record a provenance, so the case has no unlabelled number.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from ssestrategy.io import case_from_dict, case_to_dict
    >>> @settings(max_examples=10, database=None)
    ... @given(cases(max_actors=4, labelled=True))
    ... def test(case):
    ...     assert case.count_values()["unlabelled"] == 0
    ...     assert case_from_dict(case_to_dict(case)) == case
    >>> test()
    """
    _check_sizes("min_actors", min_actors, "max_actors", max_actors)
    n_ties = 2 * max_actors if max_partnerships is None else max_partnerships
    for name, value in (
        ("max_partnerships", n_ties),
        ("max_poles", max_poles),
        ("max_indicators", max_indicators),
        ("max_strategies", max_strategies),
        ("max_interventions", max_interventions),
        ("max_uncertainties", max_uncertainties),
        ("max_events", max_events),
        ("max_constraints", max_constraints),
        ("max_criteria", max_criteria),
        ("max_sources", max_sources),
        ("max_parameters", max_parameters),
    ):
        _check_size(name, value)
    return _cases(
        min_actors,
        max_actors,
        n_ties,
        max_poles,
        max_indicators,
        max_strategies,
        max_interventions,
        max_uncertainties,
        max_events,
        max_constraints,
        max_criteria,
        max_sources,
        max_parameters,
        foresight,
        labelled,
    )


# --- breaking a case file ------------------------------------------------------------------

MUTATION_KINDS: tuple[str, ...] = (
    "unknown-reference",
    "out-of-range",
    "non-finite",
    "string-for-number",
    "float-for-integer",
    "duplicate-id",
    "missing-field",
    "unknown-field",
    "bad-enum",
    "wrong-type",
    "invalid-id",
    "blank-text",
    "inconsistent",
)
"""Kinds of breaking mutation :func:`mutate_case_dict` applies.

- ``unknown-reference``: a partnership end, pole member or anchor, selector actor or pole,
  intervention hub, source key, uncertain parameter, simulation or lever parameter that does
  not exist;
- ``out-of-range``: a number outside its bounds (a capacity outside [0, 1], a negative budget,
  a probability above 1, negative members, a horizon of 0, ...);
- ``non-finite``: NaN or an infinity in place of a number;
- ``string-for-number``: a string in place of a number;
- ``float-for-integer``: 2.5 members, a year 2021.5, ...;
- ``duplicate-id``: two actors, poles, strategies, constraints, events or uncertain parameters
  with the same id, an indicator given twice, a foresight label twice;
- ``missing-field``: a required field or section deleted;
- ``unknown-field``: an unknown field or section added;
- ``bad-enum``: a value outside an enumeration (kind, lever, label, statistic, category,
  distribution kind, outcome, comparison operator);
- ``wrong-type``: a record (table) replaced by a string, a list or a boolean;
- ``invalid-id``: an id with a space, a tab, a sign (``!``, ``/``, an emoji) or a leading
  punctuation mark;
- ``blank-text``: a blank name, citation or note;
- ``inconsistent``: a self-tie, a ``ties`` intervention without hub, a pole member listed
  twice, a date beyond the horizon, a distribution with high below low, a foresight matrix
  with a non-zero diagonal or the wrong shape, a criterion without weight, ...
"""

_Record = tuple[str, dict[str, Any], type]


@attrs.frozen
class _FieldInfo:
    key: str
    name: str
    type: Any
    required: bool
    checks: tuple[NumberCheck, ...]
    is_identifier: bool
    enum: type[Enum] | None
    enum_tuple: bool
    is_int: bool


def _validators(v: Any) -> list[Any]:
    found: list[Any] = []
    stack: list[Any] = [v]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "_validators"):
            stack.extend(item._validators)
        elif item is not None:
            found.append(item)
    return found


def _non_none(tp: Any) -> list[Any]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


@functools.cache
def _field_infos(cls: type) -> tuple[_FieldInfo, ...]:
    attrs.resolve_types(cls)
    out = []
    for f in attrs.fields(cls):
        if not f.init:
            continue
        vals = _validators(f.validator)
        types_ = _non_none(f.type)
        enum: type[Enum] | None = None
        enum_tuple = False
        if len(types_) == 1 and isinstance(types_[0], type) and issubclass(types_[0], Enum):
            enum = types_[0]
        elif len(types_) == 1 and typing.get_origin(types_[0]) is tuple:
            inner = typing.get_args(types_[0])
            if inner and isinstance(inner[0], type) and issubclass(inner[0], Enum):
                enum, enum_tuple = inner[0], True
        out.append(
            _FieldInfo(
                key=f.alias or f.name.lstrip("_"),
                name=f.name,
                type=f.type,
                required=f.default is attrs.NOTHING,
                checks=tuple(v for v in vals if isinstance(v, NumberCheck)),
                is_identifier=any(v is identifier for v in vals),
                enum=enum,
                enum_tuple=enum_tuple,
                is_int=types_ == [int],
            )
        )
    return tuple(out)


def _walk(tp: Any, value: Any, path: str, out: list[_Record]) -> None:
    types_ = _non_none(tp)
    if set(types_) == {Source, Assumption}:
        if isinstance(value, dict):
            if "citation" in value:
                out.append((path, value, Source))
            elif "note" in value:
                out.append((path, value, Assumption))
        return
    if len(types_) != 1:
        return
    tp = types_[0]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, type) and attrs.has(tp):
        if isinstance(value, dict):
            _walk_record(tp, value, path, out)
    elif origin is tuple and args and isinstance(value, list):
        for i, item in enumerate(value):
            _walk(args[0], item, f"{path}[{i}]", out)
    elif origin is dict and len(args) == 2 and isinstance(value, dict):
        for k, item in value.items():
            _walk(args[1], item, join_path(path, str(k)), out)


def _walk_record(cls: type, data: dict[str, Any], path: str, out: list[_Record]) -> None:
    out.append((path, data, cls))
    for info in _field_infos(cls):
        if info.key in data:
            _walk(info.type, data[info.key], join_path(path, info.key), out)


_TERRITORY_LISTS = ("actors", "partnerships", "poles")


def _records(data: dict[str, Any]) -> list[_Record]:
    """Every record (table) of a case file's plain data, with its path and model class."""
    out: list[_Record] = []
    _walk_record(Case, data, "", out)
    tinfo = {i.key: i for i in _field_infos(Territory)}
    for key in _TERRITORY_LISTS:
        if key in data:
            _walk(tinfo[key].type, data[key], key, out)
    return out


def _info(cls: type, key: str) -> _FieldInfo | None:
    for i in _field_infos(cls):
        if i.key == key:
            return i
    return None


@attrs.frozen
class _Action:
    """One concrete mutation: ``apply(draw)`` edits the data and returns the expected path."""

    label: str
    apply: Callable[[DrawFn], str] = attrs.field(repr=False)


def _fresh(taken: set[str], base: str) -> str:
    out = base
    while out in taken:
        out += "-x"
    return out


def _set(
    container: dict[str, Any] | list[Any], key: Any, value: Any, path: str, _draw: Any = None
) -> str:
    container[key] = value
    return path


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    v = data.get(key)
    return v if isinstance(v, list) else []


def _actions_unknown_reference(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    actor_ids = {a.get("id") for a in _list(data, "actors") if isinstance(a, dict)}
    pole_ids = {p.get("id") for p in _list(data, "poles") if isinstance(p, dict)}
    taken = {str(x) for x in actor_ids | pole_ids}
    ghost = _fresh(taken, "coop-17")
    for i, p in enumerate(_list(data, "partnerships")):
        for end in ("source", "target"):
            path = f"partnerships[{i}].{end}"
            actions.append(_Action(path, functools.partial(_set, p, end, ghost, path)))
    for i, pole in enumerate(_list(data, "poles")):
        members = pole.get("members", [])
        for j in range(len(members)):
            path = f"poles[{i}].members[{j}]"
            actions.append(_Action(path, functools.partial(_set, members, j, ghost, path)))
        path = f"poles[{i}].anchor"
        actions.append(_Action(path, functools.partial(_set, pole, "anchor", ghost, path)))
    for path, rec, cls in records:
        if cls is Selector:
            for key, bad in (("actors", ghost), ("poles", _fresh(taken, "pole-ghost"))):
                if not isinstance(rec.get(key, []), list):
                    continue

                def append(
                    draw: DrawFn,
                    rec: dict[str, Any] = rec,
                    key: str = key,
                    bad: str = bad,
                    path: str = path,
                ) -> str:
                    lst = rec.setdefault(key, [])
                    lst.append(bad)
                    return f"{path}.{key}[{len(lst) - 1}]"

                actions.append(_Action(f"{path}.{key}[+]", append))
        elif cls is Intervention:
            where = f"{path}.hub"
            actions.append(_Action(where, functools.partial(_set, rec, "hub", ghost, where)))
            where = f"{path}.params.bogus_parameter"
            params = rec.get("params")
            if params is None or isinstance(params, dict):

                def add_param(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                    rec.setdefault("params", {})["bogus_parameter"] = {"value": 1.0}
                    return w

                actions.append(_Action(where, add_param))
        elif cls is Uncertainty:
            where = f"{path}.parameter"
            actions.append(
                _Action(where, functools.partial(_set, rec, "parameter", "no_such_param", where))
            )
        if cls not in (Source, Assumption) and _info(cls, "provenance") is not None:
            sources_ = data.get("sources")
            key = _fresh(set(sources_) if isinstance(sources_, dict) else set(), "no such source")
            where = join_path(path, "provenance")
            actions.append(_Action(where, functools.partial(_set, rec, "provenance", key, where)))
    if isinstance(data.get("parameters", {}), dict):

        def add_case_param(draw: DrawFn) -> str:
            data.setdefault("parameters", {})["no_such_parameter"] = {"value": 1.0}
            return "parameters.no_such_parameter"

        actions.append(_Action("parameters.no_such_parameter", add_case_param))
    return actions


def _bad_number(check: NumberCheck, draw: DrawFn) -> float:
    delta = draw(st.sampled_from((0.5, 1e-3, 1.0, 1e6)) | _finite(1e-3, 1e6))
    sides = []
    if check.lo is not None:
        sides.append("lo")
    if check.hi is not None:
        sides.append("hi")
    side = draw(st.sampled_from(sides))
    if side == "hi":
        return float(check.hi) + delta  # type: ignore[arg-type]
    if check.lo_open and draw(st.booleans()):
        return float(check.lo)  # type: ignore[arg-type]
    return float(check.lo) - delta  # type: ignore[arg-type]


_INT_MINIMA: dict[tuple[type, str], int] = {(Actor, "members"): 0, (Case, "periods_per_year"): 1}


def _actions_out_of_range(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            where = join_path(path, info.key)
            bounded = [c for c in info.checks if c.lo is not None or c.hi is not None]
            if bounded:

                def apply(
                    draw: DrawFn,
                    rec: dict[str, Any] = rec,
                    key: str = info.key,
                    w: str = where,
                    check: NumberCheck = bounded[0],
                ) -> str:
                    rec[key] = _bad_number(check, draw)
                    return w

                actions.append(_Action(where, apply))
            lo = _INT_MINIMA.get((cls, info.key))
            if lo is not None:

                def apply_int(
                    draw: DrawFn,
                    rec: dict[str, Any] = rec,
                    key: str = info.key,
                    w: str = where,
                    lo: int = lo,
                ) -> str:
                    rec[key] = lo - draw(st.integers(1, 1000))
                    return w

                actions.append(_Action(where, apply_int))
    return actions


def _numeric_leaves(records: list[_Record]) -> list[tuple[Any, Any, str, bool]]:
    """(container, key, path, is_int) of every number held by a record field."""
    out: list[tuple[Any, Any, str, bool]] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.key not in rec:
                continue
            v = rec[info.key]
            where = join_path(path, info.key)
            if _is_num(v):
                out.append((rec, info.key, where, info.is_int))
            elif isinstance(v, list):
                for i, x in enumerate(v):
                    if _is_num(x):
                        out.append((v, i, f"{where}[{i}]", False))
                    elif isinstance(x, list):
                        for j, y in enumerate(x):
                            if _is_num(y):
                                out.append((x, j, f"{where}[{i}][{j}]", False))
    return out


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _actions_non_finite(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    def make(container: Any, key: Any, where: str) -> _Action:
        def apply(draw: DrawFn) -> str:
            container[key] = draw(st.sampled_from((math.nan, math.inf, -math.inf)))
            return where

        return _Action(where, apply)

    return [make(c, k, p) for c, k, p, _ in _numeric_leaves(records)]


def _actions_string_for_number(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    def make(container: Any, key: Any, where: str) -> _Action:
        def apply(draw: DrawFn) -> str:
            container[key] = draw(st.sampled_from(("0.5", "high", "", "1,5", "NaN", "12 000")))
            return where

        return _Action(where, apply)

    return [make(c, k, p) for c, k, p, _ in _numeric_leaves(records)]


def _actions_float_for_integer(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.is_int:
                where = join_path(path, info.key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    rec[key] = draw(st.integers(0, 3000)) + draw(st.sampled_from((0.5, 0.25)))
                    return w

                actions.append(_Action(where, apply))
    return actions


def _dup_actions(
    items: list[Any], keys: tuple[str, ...], path_of: Callable[[int], str]
) -> list[_Action]:
    actions: list[_Action] = []
    dicts = [(i, x) for i, x in enumerate(items) if isinstance(x, dict)]
    for b in range(1, len(dicts)):
        j, second = dicts[b]
        where = path_of(j)

        def apply(draw: DrawFn, b: int = b, second: dict[str, Any] = second, w: str = where) -> str:
            first = dicts[draw(st.integers(0, b - 1))][1]
            for k in keys:
                if k in first:
                    second[k] = copy.deepcopy(first[k])
                else:
                    second.pop(k, None)
            return w

        actions.append(_Action(where, apply))
    return actions


def _id_path(key: str, j: int) -> str:
    return f"{key}[{j}].id"


def _actions_duplicate_id(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for key in ("actors", "poles", "strategies", "constraints"):
        actions += _dup_actions(_list(data, key), ("id",), functools.partial(_id_path, key))
    unc = data.get("uncertainties")
    if isinstance(unc, dict):
        actions += _dup_actions(
            _list(unc, "events"), ("name",), lambda j: f"uncertainties.events[{j}].name"
        )
        actions += _dup_actions(
            _list(unc, "parameters"),
            ("parameter",),
            lambda j: f"uncertainties.parameters[{j}].parameter",
        )
    terr = data.get("territory")
    if isinstance(terr, dict):
        actions += _dup_actions(
            _list(terr, "indicators"), ("name", "year"), lambda j: f"territory.indicators[{j}]"
        )
    fs = data.get("foresight")
    if isinstance(fs, dict):
        for key in ("variables", "actors", "objectives"):
            labels = _list(fs, key)
            for j in range(1, len(labels)):
                where = f"foresight.{key}"

                def apply(
                    draw: DrawFn, labels: list[Any] = labels, j: int = j, w: str = where
                ) -> str:
                    labels[j] = labels[draw(st.integers(0, j - 1))]
                    return w

                actions.append(_Action(f"{where}[{j}]", apply))
    return actions


def _actions_missing_field(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.required and info.key in rec:
                where = path if cls in (Source, Assumption) else join_path(path, info.key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    del rec[key]
                    return w

                actions.append(_Action(f"{where} (delete {info.key})", apply))
    return actions


_UNKNOWN_KEYS = ("colour", "comment", "Name", "capacity", "actor", "extra_field", "identifier")


def _actions_unknown_field(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        known = {i.key for i in _field_infos(cls)} | {"citation", "note"}
        if cls is Case:
            known |= set(_TERRITORY_LISTS)
        candidates = [k for k in _UNKNOWN_KEYS if k not in known and k not in rec]
        if not candidates:
            continue

        def apply(
            draw: DrawFn, rec: dict[str, Any] = rec, path: str = path, cands: list[str] = candidates
        ) -> str:
            key = draw(st.sampled_from(cands))
            rec[key] = draw(st.sampled_from(("x", 1.0, True, [1, 2])))
            return join_path(path, key)

        actions.append(_Action(f"{path} (add a field)", apply))
    return actions


_BAD_ENUM_VALUES = ("unknown", "Cooperative", "", "co-op", "financing ")


def _actions_bad_enum(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            where = join_path(path, info.key)
            if info.enum is not None and not info.enum_tuple:

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    rec[key] = draw(st.sampled_from(_BAD_ENUM_VALUES))
                    return w

                actions.append(_Action(where, apply))
            elif info.enum is not None and isinstance(rec.get(info.key, []), list):

                def apply_item(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    lst = rec.setdefault(key, [])
                    i = draw(st.integers(0, len(lst)))
                    bad = draw(st.sampled_from(_BAD_ENUM_VALUES))
                    if i == len(lst):
                        lst.append(bad)
                    else:
                        lst[i] = bad
                    return f"{w}[{i}]"

                actions.append(_Action(where, apply_item))
        if cls in (Constraint, Criterion):
            where = join_path(path, "outcome")
            actions.append(_Action(where, functools.partial(_set, rec, "outcome", "jobz", where)))
        if cls is Constraint:
            where = join_path(path, "op")
            actions.append(_Action(where, functools.partial(_set, rec, "op", "=>", where)))
    return actions


def _actions_wrong_type(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    sources_ = data.get("sources")
    taken = set(sources_) if isinstance(sources_, dict) else set()
    word = _fresh(taken, "not a table")
    owners: dict[int, tuple[Any, Any]] = {}
    for _, rec, _ in records:
        for k, v in rec.items():
            if isinstance(v, dict):
                owners[id(v)] = (rec, k)
                for kk, x in v.items():  # tables of records: parameters, params, sources
                    if isinstance(x, dict):
                        owners[id(x)] = (v, kk)
            elif isinstance(v, list):
                for i, x in enumerate(v):
                    if isinstance(x, dict):
                        owners[id(x)] = (v, i)
    for path, rec, _ in records:
        if not path or id(rec) not in owners:
            continue
        container, key = owners[id(rec)]

        def apply(draw: DrawFn, container: Any = container, key: Any = key, w: str = path) -> str:
            container[key] = draw(st.sampled_from((word, [1, 2], True, ["x"])))
            return w

        actions.append(_Action(path, apply))
    return actions


_BAD_IDS = ("has space", "-leading", "a!", "", "a/b", "🚀", "tab\there")


def _actions_invalid_id(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.is_identifier and info.key in rec:
                where = join_path(path, info.key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    rec[key] = draw(st.sampled_from(_BAD_IDS))
                    return w

                actions.append(_Action(where, apply))
    return actions


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Case: ("name",),
    Territory: ("name",),
    Actor: ("name",),
    Partnership: ("source", "target"),
    Pole: ("name", "value_chain"),
    Strategy: ("name",),
    Intervention: ("name",),
    Source: ("citation",),
    Assumption: ("note",),
}


def _actions_blank_text(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for key in _TEXT_FIELDS.get(cls, ()):
            if key in rec:
                where = join_path(path, key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = key, w: str = where
                ) -> str:
                    rec[key] = draw(st.sampled_from(("", " ", "\t\n")))
                    return w

                actions.append(_Action(where, apply))
    return actions


def _actions_inconsistent(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    horizon = data.get("horizon", 10.0)
    for i, p in enumerate(_list(data, "partnerships")):
        if isinstance(p, dict) and "source" in p:
            where = f"partnerships[{i}].target"
            actions.append(_Action(where, functools.partial(_set, p, "target", p["source"], where)))
    for i, pole in enumerate(_list(data, "poles")):
        members = pole.get("members") if isinstance(pole, dict) else None
        if isinstance(members, list) and members:
            where = f"poles[{i}].members[{len(members)}]"

            def twice(draw: DrawFn, m: list[Any] = members, w: str = where) -> str:
                m.append(m[draw(st.integers(0, len(m) - 1))])
                return w

            actions.append(_Action(where, twice))
    for path, rec, cls in records:
        if cls is Intervention and rec.get("lever") == "ties" and "hub" in rec:
            where = join_path(path, "hub")

            def no_hub(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                del rec["hub"]
                return w

            actions.append(_Action(where, no_hub))
        if cls in (Constraint, Criterion) and _is_num(horizon):
            where = join_path(path, "at")

            def late(
                draw: DrawFn, rec: dict[str, Any] = rec, w: str = where, h: float = horizon
            ) -> str:
                rec["at"] = float(h) + draw(st.sampled_from((1.0, 0.5, 100.0)))
                return w

            actions.append(_Action(where, late))
        if cls is Criterion and "weight" in rec and "pairwise" not in data.get("criteria", {}):
            where = join_path(path, "weight")

            def no_weight(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                del rec["weight"]
                return w

            actions.append(_Action(where, no_weight))
        if cls is Criterion:
            where = join_path(path, "q")

            def no_q(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                rec["statistic"] = draw(st.sampled_from(("percentile", "cvar")))
                rec.pop("q", None)
                return w

            actions.append(_Action(where, no_q))
        if cls is Distribution and _is_num(rec.get("low")) and _is_num(rec.get("high")):
            where = join_path(path, "high")

            def inverted(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                rec["high"] = rec["low"] - draw(st.sampled_from((1.0, 0.5, 1e3)))
                return w

            actions.append(_Action(where, inverted))
        if cls is Distribution and rec.get("kind") == "truncnorm" and "sd" in rec:
            where = join_path(path, "sd")
            actions.append(_Action(where, functools.partial(_set, rec, "sd", 0.0, where)))
        if (
            cls is Distribution
            and rec.get("kind") == "discrete"
            and isinstance(rec.get("values"), list)
        ):
            where = join_path(path, "weights")

            def mismatch(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                rec["weights"] = [1.0] * (len(rec["values"]) + 1)
                return w

            actions.append(_Action(where, mismatch))
        if cls is Event and isinstance(rec.get("severity"), dict):
            sev = rec["severity"]
            if _is_num(sev.get("high")) and _is_num(sev.get("low")):
                where = join_path(path, "severity")

                def harsh(draw: DrawFn, sev: dict[str, Any] = sev, w: str = where) -> str:
                    sev["high"] = 1.5
                    if "mode" in sev:
                        sev["mode"] = 1.5
                    if "mean" in sev:
                        sev["mean"] = 1.0
                    return w

                actions.append(_Action(where, harsh))
    fs = data.get("foresight")
    if isinstance(fs, dict):
        for key, top in (("influence", 3.0), ("mdi", 4.0), ("mao", 4.0)):
            mat = _list(fs, key)
            if not mat or not all(isinstance(r, list) for r in mat):
                continue
            where = f"foresight.{key}"

            def short(draw: DrawFn, mat: list[Any] = mat, w: str = where) -> str:
                mat.pop()
                return w

            actions.append(_Action(f"{where} (drop a row)", short))
            for i, row in enumerate(mat):
                for j in range(len(row)):
                    cell = f"{where}[{i}][{j}]"
                    diag = key != "mao" and i == j
                    bad = 1.0 if diag else top + 1.0
                    actions.append(_Action(cell, functools.partial(_set, row, j, bad, cell)))
    return actions


_ACTIONS: dict[str, Callable[[dict[str, Any], list[_Record]], list[_Action]]] = {
    "unknown-reference": _actions_unknown_reference,
    "out-of-range": _actions_out_of_range,
    "non-finite": _actions_non_finite,
    "string-for-number": _actions_string_for_number,
    "float-for-integer": _actions_float_for_integer,
    "duplicate-id": _actions_duplicate_id,
    "missing-field": _actions_missing_field,
    "unknown-field": _actions_unknown_field,
    "bad-enum": _actions_bad_enum,
    "wrong-type": _actions_wrong_type,
    "invalid-id": _actions_invalid_id,
    "blank-text": _actions_blank_text,
    "inconsistent": _actions_inconsistent,
}


def _note(kind: str) -> None:
    try:
        from hypothesis import event

        event(f"mutation: {kind}")
    except InvalidArgument:  # not inside a hypothesis test
        pass


def mutate_case_dict(
    data: Mapping[str, Any], draw: DrawFn, *, kinds: Sequence[str] | None = None
) -> tuple[dict[str, Any], str]:
    """Break a valid case file's plain data in one place.

    Parameters
    ----------
    data : mapping
        Plain data of a valid case in the file layout, as :func:`ssestrategy.io.case_to_dict`
        gives it (not modified: a deep copy is mutated).
    draw : callable
        The ``draw`` function of a :func:`hypothesis.strategies.composite` strategy (or of
        :func:`hypothesis.strategies.data`), which chooses the mutation.
    kinds : sequence of str, optional
        Kinds of mutation to choose from (:data:`MUTATION_KINDS`; default all).

    Returns
    -------
    data : dict
        The broken copy.
    path : str
        The field path at which :func:`ssestrategy.io.case_from_dict` (and ``load``) must report
        a problem, e.g. ``partnerships[3].target`` or ``actors[12].capacities.financing``.

    Raises
    ------
    ModelError
        If no mutation of the given kinds applies to ``data`` (e.g. ``duplicate-id`` on a case
        with a single actor and nothing else).

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from ssestrategy.errors import ModelError
    >>> from ssestrategy.io import case_from_dict, case_to_dict
    >>> @settings(max_examples=25, database=None)
    ... @given(cases(max_actors=4), st.data())
    ... def test_refused_at_the_path(case, data):
    ...     broken, path = mutate_case_dict(case_to_dict(case), data.draw)
    ...     try:
    ...         case_from_dict(broken)
    ...     except ModelError as err:
    ...         assert path in [p.path for p in err.problems]
    ...     else:
    ...         raise AssertionError(f"accepted a case broken at {path}")
    >>> test_refused_at_the_path()
    """
    if not isinstance(data, Mapping):
        raise ModelError.at("data", "expected the plain data (a dict) of a case")
    chosen = tuple(kinds) if kinds is not None else MUTATION_KINDS
    for i, k in enumerate(chosen):
        if k not in _ACTIONS:
            raise ModelError.at(
                f"kinds[{i}]", f"unknown mutation kind {k!r} (known: {', '.join(MUTATION_KINDS)})"
            )
    mutated: dict[str, Any] = copy.deepcopy(dict(data))
    records = _records(mutated)
    first = _pick(draw, chosen)  # a uniform choice; the others, in order, if it cannot apply
    for kind in (first, *(k for k in chosen if k != first)):
        actions = _ACTIONS[kind](mutated, records)
        if actions:
            action = draw(st.sampled_from(actions))
            path = action.apply(draw)
            _note(kind)
            return mutated, path
    raise ModelError.at("kinds", f"no mutation of kinds {', '.join(chosen)} applies to this case")


@st.composite
def _invalid(
    draw: DrawFn, case_strategy: SearchStrategy[Case], kinds: tuple[str, ...] | None
) -> tuple[dict[str, Any], str]:
    from ..io import case_to_dict

    return mutate_case_dict(case_to_dict(draw(case_strategy)), draw, kinds=kinds)


def invalid_case_mutations(
    kinds: Sequence[str] | None = None, **case_options: Any
) -> SearchStrategy[tuple[dict[str, Any], str]]:
    """Broken case files: ``(data, path)`` where ``data`` is the plain data of a valid case
    (:func:`cases` with ``case_options``) broken by :func:`mutate_case_dict`, and ``path`` is
    where the loader must report the problem.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from ssestrategy.errors import ModelError
    >>> from ssestrategy.io import case_from_dict
    >>> @settings(max_examples=25, database=None)
    ... @given(invalid_case_mutations(kinds=["out-of-range"], max_actors=3))
    ... def test(mutation):
    ...     data, path = mutation
    ...     try:
    ...         case_from_dict(data)
    ...     except ModelError as err:
    ...         assert path in [p.path for p in err.problems]
    ...     else:
    ...         raise AssertionError(path)
    >>> test()
    """
    chosen = tuple(kinds) if kinds is not None else None
    for i, k in enumerate(chosen or ()):
        if k not in _ACTIONS:
            raise ModelError.at(f"kinds[{i}]", f"unknown mutation kind {k!r}")
    return _invalid(cases(**case_options), chosen)
