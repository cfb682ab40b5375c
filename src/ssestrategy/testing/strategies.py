"""Hypothesis strategies that generate valid :mod:`ssestrategy.model` objects (all of them,
re-exported from the modules that hold them: ``provenance``, ``territory``, ``uncertainty``,
``strategy``, ``targets``, ``case``), and the case-file mutations (:mod:`.mutations`).

Every object these strategies generate is valid by construction: ids are unique, every
reference resolves (partnership ends, pole members and anchors, selector actors and poles,
intervention hubs, uncertain parameters), every ``ties`` intervention has a hub, every criterion
has a weight, and every number is finite and within its documented range. Sizes are small by
default so that property tests stay fast; each strategy takes arguments to change them.

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

from ._draw import VALUE_CHAINS, identifiers, names
from .case import cases
from .mutations import MUTATION_KINDS, invalid_case_mutations, mutate_case_dict
from .provenance import assumptions, capacities, factors, provenances, sources
from .strategy import interventions, selectors, strategies
from .targets import constraints, criteria, foresights
from .territory import actors, indicators, partnerships, poles, territories
from .uncertainty import distributions, events, scenario_spaces, uncertainties

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
