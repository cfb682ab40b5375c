"""What a simulation refuses, warns about and costs — one set of checks, called by
:func:`~ssestrategy.simulation.simulate` and by :func:`ssestrategy.validation.validate_case`.

- :func:`simulation_problems` lists every reason, in the case itself, why a simulation would be
  refused (a parameter outside its domain, a number too large for the sums, too many periods, no
  strategy), each with its field path;
- :func:`simulation_warnings` lists what runs but cannot mean much (no actor, no target actor,
  no partnership, a strategy whose interventions reach nobody);
- :func:`~ssestrategy.simulation.resources.estimate_resources` estimates the memory and time of
  a run (in :mod:`~ssestrategy.simulation.resources`, re-exported here).

The checks read the model's tables (:data:`~ssestrategy.simulation.engine.PARAMETER_DOMAINS`,
:data:`~ssestrategy.model.LEVER_PARAMETERS`, :data:`~ssestrategy.model.OUTCOMES`) and walk every
number of the case (:meth:`~ssestrategy.model.Case.values`), so new parameters, levers and
outcomes are covered without a change here.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> case = tiznit()
>>> simulation_problems(case)
[]
>>> est = estimate_resources(case, n_scenarios=1000)
>>> est.n_actors, est.n_periods, est.n_strategies, est.memory < 2**30
(437, 40, 4, True)
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Any

import attrs
import numpy as np

from ..errors import ModelError, Problem
from ..model import TARGET_KINDS, Case, Strategy
from ..model._checks import number_checks
from .resources import ResourceEstimate, available_memory, check_resources, estimate_resources

__all__ = [
    "MAX_MAGNITUDE",
    "MAX_PERIODS",
    "ResourceEstimate",
    "available_memory",
    "check_resources",
    "check_simulation",
    "estimate_resources",
    "simulation_problems",
    "simulation_warnings",
]

MAX_PERIODS = 10_000
"""Most periods (horizon x periods per year) a simulation runs without ``force=True``: 25 years
of weeks, or 2,500 years of quarters. The time of a run grows with the periods; the default case
has 40."""

MAX_MAGNITUDE = 1e12
"""Largest absolute value of any number of a case that is simulated: a budget of a trillion
dirhams a year, a trillion members. Larger numbers overflow the sums of spend, income and their
squares (the statistics and the rankings) in double precision."""

_PARAMETER_VALUE = re.compile(r"^((?:parameters|.*\.params)\.[^.\[]+)\.value$")
_TOP_LISTS = re.compile(r"^territory\.(actors|partnerships|poles)\b")


def _problems_of(fn: Any, *args: Any) -> list[Problem]:
    try:
        fn(*args)
    except ModelError as err:
        return list(err.problems)
    return []


_SCALAR, _SEQ, _RECORD, _RECORDS, _MAP, _ANY = range(6)
_PLANS: dict[type, tuple[tuple[str, int, Any], ...]] = {}


def _kind(tp: Any) -> tuple[int, Any] | None:
    """How the magnitude walk treats a field of declared type ``tp`` (None: holds no number)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(a) for a in args if a is not type(None)]
        kinds = [k for k in kinds if k is not None]
        if not kinds:
            return None
        return kinds[0] if len(kinds) == 1 else (_ANY, None)
    if tp is bool or tp is str or (isinstance(tp, type) and issubclass(tp, Enum)):
        return None
    if tp in (int, float):
        return (_SCALAR, None)
    if isinstance(tp, type) and attrs.has(tp):
        return (_RECORD, tp) if _plan(tp) else None
    if origin is tuple and args:
        inner = _kind(args[0])
        if inner is None:
            return None
        if inner[0] == _RECORD:
            return (_RECORDS, inner[1])
        return (_SEQ, inner)
    if origin is dict and len(args) == 2:
        inner = _kind(args[1])
        return None if inner is None else (_MAP, inner)
    return (_ANY, None)


def _plan(cls: type) -> tuple[tuple[str, int, Any], ...]:
    """The fields of an attrs class that may hold a number beyond :data:`MAX_MAGNITUDE`:
    numbers without both bounds, and records, lists and tables holding some (cached)."""
    if cls in _PLANS:
        return _PLANS[cls]
    _PLANS[cls] = ()  # against recursion
    attrs.resolve_types(cls)
    out = []
    for f in attrs.fields(cls):
        if not f.init or f.name in ("provenance", "sources") or f.metadata.get("setting"):
            continue
        checks = number_checks(f)
        if any(
            c.lo is not None and c.hi is not None and max(abs(c.lo), abs(c.hi)) <= MAX_MAGNITUDE
            for c in checks
        ):
            continue
        kind = _kind(f.type)
        if kind is not None:
            out.append((f.name, *kind))
    _PLANS[cls] = tuple(out)
    return _PLANS[cls]


def _too_big(value: Any) -> bool:
    try:
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and abs(value) > MAX_MAGNITUDE
        )
    except OverflowError:  # pragma: no cover - an int the model refuses
        return True


def _any_too_big(column: list[Any]) -> bool:
    """Whether a column of numbers (or None) holds one beyond the limit (vectorised)."""
    numbers = [v for v in column if v is not None]
    if not numbers:
        return False
    try:
        arr = np.asarray(numbers, dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        return any(map(_too_big, numbers))
    return bool(np.abs(arr).max() > MAX_MAGNITUDE)


def _scan(value: Any, kind: int, arg: Any, path: str, out: list[Problem]) -> None:
    if len(out) >= 20 or value is None:
        return
    if kind == _SCALAR:
        if _too_big(value):
            out.append(
                Problem(
                    path,
                    f"{value:g} is too large for the simulation (at most {MAX_MAGNITUDE:g} in "
                    "absolute value: larger numbers overflow its sums)",
                )
            )
    elif kind == _RECORD:
        for name, k, a in _plan(type(value)):
            _scan(getattr(value, name), k, a, f"{path}.{name}" if path else name, out)
    elif kind == _RECORDS:  # a long list of records: each field in bulk, records on a hit
        for name, k, a in _plan(arg):
            column = [getattr(r, name) for r in value]
            if k == _SCALAR and not _any_too_big(column):
                continue
            for i, v in enumerate(column):
                _scan(v, k, a, f"{path}[{i}].{name}", out)
    elif kind == _SEQ:
        inner, inner_arg = arg
        for i, v in enumerate(value):
            _scan(v, inner, inner_arg, f"{path}[{i}]", out)
    elif kind == _MAP:
        inner, inner_arg = arg
        for key, v in value.items():
            _scan(v, inner, inner_arg, f"{path}.{key}", out)
    else:  # a type the plan does not know: every number in it
        if attrs.has(type(value)):
            _scan(value, _RECORD, None, path, out)
        elif isinstance(value, tuple | list):
            for i, v in enumerate(value):
                _scan(v, _ANY, None, f"{path}[{i}]", out)
        elif isinstance(value, dict):
            for key, v in value.items():
                _scan(v, _ANY, None, f"{path}.{key}", out)
        else:
            _scan(value, _SCALAR, None, path, out)


def _magnitude_problems(case: Case) -> list[Problem]:
    """Numbers of the case beyond :data:`MAX_MAGNITUDE`, with their paths.

    Every field of every record is covered, found from the model's types and validators
    (fields bounded within the limit are skipped), so a new field is checked without a change
    here; the long lists of the territory are scanned field by field.
    """
    out: list[Problem] = []
    _scan(case, _RECORD, None, "", out)
    # paths as in a case file: a parameter's is its name (its table holds value, unit and
    # provenance); actors, partnerships and poles are at the top level
    return [
        Problem(_TOP_LISTS.sub(r"\1", _PARAMETER_VALUE.sub(r"\1", p.path)), p.message) for p in out
    ]


def simulation_problems(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    periods: int | None = None,
    force: bool = False,
) -> list[Problem]:
    """Every reason in the case why :func:`~ssestrategy.simulation.simulate` would refuse it.

    Parameters
    ----------
    case : Case
    strategies : sequence of Strategy or str, optional
        The strategies to simulate (default the case's).
    periods : int, optional
        Periods to simulate (default ``case.n_periods``).
    force : bool
        Lift the bound on periods (:data:`MAX_PERIODS`).

    Returns
    -------
    list of Problem
        Empty when the simulation can run.

    Examples
    --------
    >>> from ssestrategy.model import Case, Strategy, Territory
    >>> case = Case(name="c", territory=Territory(name="t"), horizon=1e6,
    ...             strategies=[Strategy(id="s", name="S")])
    >>> for p in simulation_problems(case):
    ...     print(p)  # doctest: +NORMALIZE_WHITESPACE
    horizon: 1e+06 years x 4 periods per year = 4,000,000 periods, above the limit of 10,000
    (ssestrategy.simulation.MAX_PERIODS): shorten the horizon or use fewer periods per
    year, or force the run (--force)
    """
    from .compile import resolve_strategies
    from .engine import parameter_problems

    problems = list(parameter_problems(case))
    problems += _magnitude_problems(case)
    n_periods = case.n_periods if periods is None else periods
    if not force and isinstance(n_periods, int) and n_periods > MAX_PERIODS:
        where = "periods" if periods is not None else "horizon"
        what = (
            f"{n_periods:,} periods"
            if periods is not None
            else f"{case.horizon:g} years x {case.periods_per_year} periods per year = "
            f"{n_periods:,} periods"
        )
        problems.append(
            Problem(
                where,
                f"{what}, above the limit of {MAX_PERIODS:,} "
                "(ssestrategy.simulation.MAX_PERIODS): shorten the horizon or use fewer "
                "periods per year, or force the run (--force)",
            )
        )
    if not force and case.periods_per_year > MAX_PERIODS:
        problems.append(
            Problem(
                "periods_per_year",
                f"{case.periods_per_year:,} periods per year, above the limit of "
                f"{MAX_PERIODS:,} (ssestrategy.simulation.MAX_PERIODS)",
            )
        )
    try:
        strats = resolve_strategies(case, strategies)
    except ModelError as err:
        return problems + list(err.problems)
    if not strats:
        problems.append(Problem("strategies", "no strategy to simulate"))
    return problems


def check_simulation(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    periods: int | None = None,
    force: bool = False,
) -> None:
    """Raise :class:`~ssestrategy.errors.ModelError` with every :func:`simulation_problems`.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> check_simulation(Case(name="c", territory=Territory(name="t")))
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: strategies: no strategy to simulate
    """
    problems = simulation_problems(case, strategies, periods=periods, force=force)
    if problems:
        raise ModelError(problems)


def _does_something(strategy: Strategy, index: Any) -> bool:
    for iv in strategy.interventions:
        if iv.budget > 0 and iv.duration > 0 and index.select(iv.target).size:
            return True
    return False


def simulation_warnings(
    case: Case, strategies: Sequence[Strategy | str] | None = None
) -> list[Problem]:
    """What a simulation runs but cannot make much of: each a :class:`Problem` (path, why).

    - no actor, or no target actor (cooperative, enterprise, artisan): every outcome is 0;
    - no partnership: peer learning and pole cohesion play no part;
    - a strategy with interventions none of which has a budget, a duration and a target: it is
      the status quo under another name;
    - an intervention with a budget whose target selects no actor: its money is never spent
      (typically a strategy written for another territory, e.g. a model pole on a value chain
      the territory does not have).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> [str(p) for p in simulation_warnings(Case(name="c", territory=Territory(name="t")))]
    ['actors: the territory has no actor: every outcome is 0 and every strategy ties']
    """
    t = case.territory
    out: list[Problem] = []
    if not t.actors:
        return [
            Problem(
                "actors", "the territory has no actor: every outcome is 0 and every strategy ties"
            )
        ]
    if not any(a.kind in TARGET_KINDS for a in t.actors):
        kinds = ", ".join(sorted(k.value for k in TARGET_KINDS))
        out.append(
            Problem(
                "actors",
                f"no target actor ({kinds}): the outcomes count only these, so every outcome "
                "is 0 and every strategy ties",
            )
        )
    if not t.partnerships:
        out.append(
            Problem(
                "partnerships",
                "no partnership: peer learning and pole cohesion play no part in the results",
            )
        )
    try:
        from .compile import resolve_strategies

        strats = resolve_strategies(case, strategies)
    except ModelError:
        return out
    from ..model import ActorIndex

    index = ActorIndex.of(t) if any(s.interventions for s in strats) else None
    for i, s in enumerate(strats):
        where = (
            f"strategies[{case.strategies.index(s)}]"
            if s in case.strategies
            else (f"strategies[{i}]")
        )
        if s.interventions and not _does_something(s, index):
            out.append(
                Problem(
                    where,
                    f"none of the interventions of {s.id!r} has a budget, a duration and an "
                    "actor to reach: it gives the same results as doing nothing",
                )
            )
            continue
        for j, iv in enumerate(s.interventions):
            if iv.budget > 0 and iv.duration > 0 and not index.select(iv.target).size:  # type: ignore[union-attr]
                out.append(
                    Problem(
                        f"{where}.interventions[{j}].target",
                        f"reaches no actor of this territory: its budget of {iv.budget:,.0f} "
                        f"is never spent and {s.id!r} does less than its design says (a "
                        "strategy written for another territory?)",
                    )
                )
    return out
