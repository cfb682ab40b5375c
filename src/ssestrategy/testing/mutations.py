"""Break a valid case file in exactly one place and say where the loader must report it.

:func:`mutate_case_dict` and :func:`invalid_case_mutations` go the other way from the
strategies: they break a valid case file (the plain data of
:func:`ssestrategy.io.case_to_dict`) in one place, of one of the :data:`MUTATION_KINDS`.

Examples
--------
>>> from hypothesis import given, settings
>>> from ssestrategy.io import case_from_dict
>>> from ssestrategy.errors import ModelError
>>> @settings(max_examples=5, database=None)
... @given(invalid_case_mutations(kinds=["out-of-range"], max_actors=3))
... def test_refused(item):
...     data, path = item
...     try:
...         case_from_dict(data)
...     except ModelError as err:
...         assert path in [p.path for p in err.problems]
...     else:
...         raise AssertionError("accepted")
>>> test_refused()
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import DrawFn, SearchStrategy

from ..errors import ModelError
from ..model import (
    Case,
)
from ._case_records import _Action, _Record, _records
from ._draw import _pick
from ._mutation_shapes import (
    _actions_bad_enum,
    _actions_blank_text,
    _actions_inconsistent,
    _actions_invalid_id,
    _actions_missing_field,
    _actions_unknown_field,
    _actions_wrong_type,
)
from ._mutation_values import (
    _actions_duplicate_id,
    _actions_float_for_integer,
    _actions_non_finite,
    _actions_out_of_range,
    _actions_string_for_number,
    _actions_unknown_reference,
)
from .case import cases

__all__ = ["MUTATION_KINDS", "invalid_case_mutations", "mutate_case_dict"]


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
