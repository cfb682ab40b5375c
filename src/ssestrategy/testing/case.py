"""The hypothesis strategy for whole cases.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=5, database=None)
... @given(cases(max_actors=4))
... def test_names(case):
...     assert case.name and case.territory.name
>>> test_names()
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from ..model import (
    DEFAULT_PARAMETERS,
    OUTCOMES,
    Case,
    Parameter,
    Provenance,
)
from ._draw import (
    _BOOL,
    _DESCRIPTION,
    _NAME,
    VALUE_CHAINS,
    ProvenanceStrategy,
    _check_size,
    _check_sizes,
    _finite,
    _ints,
    _one_of,
    _subset,
    _unique_ids,
)
from .provenance import _PROVENANCES, _draw_assumption, _draw_source
from .strategy import _draw_strategy
from .targets import _draw_constraint, _draw_criteria, _draw_foresight
from .territory import _ALL_KINDS, _draw_territory
from .uncertainty import _draw_scenario_space, _parameter_range

__all__ = ["cases"]


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
