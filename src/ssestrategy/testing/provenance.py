"""Hypothesis strategies for factors, capacities and provenance (sources, assumptions).

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10, database=None)
... @given(capacities(low=0.2))
... def test_in_range(c):
...     assert all(0.2 <= v <= 1.0 for v in c.as_dict().values())
>>> test_in_range()
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from ..errors import ModelError
from ..model import (
    FACTORS,
    Assumption,
    Capacities,
    Factor,
    Label,
    Provenance,
    Source,
)
from ._draw import _BOOL, _NAME, ProvenanceStrategy, _check_bounds, _finite, _maybe, _one_of, _pick

__all__ = ["assumptions", "capacities", "factors", "provenances", "sources"]


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
