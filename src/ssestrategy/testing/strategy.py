"""Hypothesis strategies for the strategies of a case: selectors, interventions and
strategies.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10, database=None)
... @given(strategies())
... def test_budgets_are_non_negative(s):
...     assert s.total_budget() >= 0
>>> test_budgets_are_non_negative()
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from ..model import (
    LEVER_PARAMETERS,
    Intervention,
    Lever,
    Parameter,
    Selector,
    Strategy,
    Territory,
)
from ._draw import (
    _BOOL,
    _DESCRIPTION,
    _LEVER_PARAM_RANGES,
    _MAYBE_BOOL,
    _NAME,
    VALUE_CHAINS,
    ProvenanceStrategy,
    _check_bounds,
    _check_size,
    _count,
    _finite,
    _pick,
    _subset,
)
from .provenance import _prov
from .territory import _ALL_KINDS, _id_strategy, _members

__all__ = ["interventions", "selectors", "strategies"]


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
