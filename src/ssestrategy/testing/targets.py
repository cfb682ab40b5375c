"""Hypothesis strategies for what a case is judged against: constraints, criteria and the
foresight inputs.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=10, database=None)
... @given(constraints())
... def test_operator(c):
...     assert c.op in (">=", "<=")
>>> test_operator()
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from ..errors import ModelError
from ..model import (
    OUTCOMES,
    Constraint,
    ConstraintCategory,
    Criteria,
    Criterion,
    Foresight,
    Statistic,
)
from ._draw import (
    _BOOL,
    _DESCRIPTION,
    _MAYBE_BOOL,
    ProvenanceStrategy,
    _check_bounds,
    _check_size,
    _check_sizes,
    _finite,
    _ints,
    _maybe,
    _pick,
    _subset,
    _unique_ids,
)
from .provenance import _prov
from .territory import _id_strategy

__all__ = ["constraints", "criteria", "foresights"]


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
