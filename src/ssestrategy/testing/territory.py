"""Hypothesis strategies for a territory: actors, partnerships, poles, indicators.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10, database=None)
... @given(territories(max_actors=4))
... def test_ends_are_actors(t):
...     ids = {a.id for a in t.actors}
...     assert all(p.source in ids and p.target in ids for p in t.partnerships)
>>> test_ends_are_actors()
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from ..errors import ModelError
from ..model import (
    Actor,
    ActorKind,
    Indicator,
    Partnership,
    PartnershipKind,
    Pole,
    Territory,
)
from ._draw import (
    _BIG,
    _BOOL,
    _ID,
    _INSTITUTIONS,
    _MAYBE_BOOL,
    _NAME,
    VALUE_CHAINS,
    E,
    ProvenanceStrategy,
    _check_size,
    _check_sizes,
    _count,
    _finite,
    _ints,
    _maybe,
    _pick,
    _subset,
    _unique_draws,
    _unique_ids,
)
from .provenance import _draw_capacities, _prov

__all__ = ["actors", "indicators", "partnerships", "poles", "territories"]


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
