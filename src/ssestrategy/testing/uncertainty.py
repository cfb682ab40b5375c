"""Hypothesis strategies for the uncertain futures: distributions, uncertain parameters,
events and scenario spaces.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10, database=None)
... @given(distributions())
... def test_support_is_ordered(d):
...     lo, hi = d.support()
...     assert lo <= hi
>>> test_support_is_ordered()
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from ..errors import ModelError
from ..model import (
    DEFAULT_PARAMETERS,
    Assumption,
    Distribution,
    DistributionKind,
    Event,
    ScenarioSpace,
    Uncertainty,
)
from ..model._checks import identifier
from ..model.parameters import PARAMETER_DOMAINS
from ._draw import (
    _BOOL,
    _DESCRIPTION,
    _ID,
    VALUE_CHAINS,
    ProvenanceStrategy,
    _check_bounds,
    _check_size,
    _finite,
    _ints,
    _pick,
    _subset,
    _unique_ids,
)
from .provenance import _prov
from .territory import _members

__all__ = ["distributions", "events", "scenario_spaces", "uncertainties"]


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
    """Where a parameter is drawn: its plausible range when it is an assumption, else a wide
    range, always within the parameter's domain (so that the case simulates)."""
    p = DEFAULT_PARAMETERS.get(name)
    prov = p.provenance if p is not None else None
    lo, hi = -1e6, 1e6
    if isinstance(prov, Assumption) and prov.low is not None and prov.high is not None:
        lo, hi = float(prov.low), float(prov.high)
    if name in PARAMETER_DOMAINS:
        d_lo, d_hi, open_ = PARAMETER_DOMAINS[name]
        # the open bound is the finite one: the lower bound, or 0 above for ces_rho
        lo = max(lo, d_lo + (1e-6 if open_ and math.isfinite(d_lo) else 0.0))
        hi = min(hi, d_hi - (1e-6 if open_ and not math.isfinite(d_lo) else 0.0))
    return lo, hi


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
