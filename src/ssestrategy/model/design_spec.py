"""A case's declared design space: which strategies' lines a search may fund, with which budget,
start years and instrument parameters (the ``[design]`` section of a case file).

:class:`DesignSpec` is plain data; :meth:`ssestrategy.design.DesignSpace.of` builds the space
from it. :func:`design_problems` holds the checks that need the case (strategy ids, which
instruments the spanned lines buy, parameter domains, the programme length), so that
``validate`` refuses what ``optimize`` would.

Examples
--------
>>> spec = DesignSpec(strategies=("canadian-agency",), budget=2e7,
...                   parameters={"revolving-fund.recovery_rate": (0.5, 0.95)})
>>> spec.start, spec.vary_start, spec.slack
((0.0, 1.0), True, True)
>>> DesignSpec(start=(2.0, 1.0))
Traceback (most recent call last):
...
ssestrategy.errors.ModelError: start: expected finite bounds 0 <= low <= high, got (2.0, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..errors import ModelError, Problem
from ._checks import boolean, is_identifier, number, to_float
from .provenance import Provenance, provenance_field
from .strategy import LEVER_PARAMETER_DOMAINS, LEVER_PARAMETERS, Lever, lever_parameter_ok

if TYPE_CHECKING:
    from .strategy import Strategy

__all__ = [
    "DEFAULT_START",
    "DesignSpec",
    "design_problems",
    "parameter_problem",
    "start_problem",
    "to_parameter_bounds",
]

DEFAULT_START: tuple[float, float] = (0.0, 1.0)
"""Default bounds of a line's start year (assumption: within the programme's first year, the
diagnostic year of the French template; plausible range of the upper bound 0-2 years)."""


def _to_strategies(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ModelError.at("strategies", "expected a list of strategy ids")
    for k, v in enumerate(value):
        if not isinstance(v, str) or not is_identifier(v):
            raise ModelError.at(f"strategies[{k}]", f"expected a strategy id, got {v!r}")
    return tuple(value)


def _to_range(value: Any) -> Any:
    try:
        lo, hi = value
        bounds = (float(lo), float(hi))
    except (TypeError, ValueError):
        raise ModelError.at("start", f"expected (low, high), got {value!r}") from None
    if not all(map(math.isfinite, bounds)) or bounds[0] > bounds[1] or bounds[0] < 0:
        raise ModelError.at("start", f"expected finite bounds 0 <= low <= high, got {bounds!r}")
    return bounds


def to_parameter_bounds(value: Any) -> Any:
    """Converter: ``{"instrument.parameter": (low, high)}`` with float bounds, else a
    ModelError at ``parameters.<name>``."""
    if not isinstance(value, Mapping):
        raise ModelError.at(
            "parameters", "expected a mapping 'instrument.parameter' -> (low, high)"
        )
    out = {}
    for k, v in value.items():
        try:
            if isinstance(v, str):
                raise TypeError
            lo, hi = v
            out[str(k)] = (float(lo), float(hi))
        except (TypeError, ValueError):
            raise ModelError.at(f"parameters.{k}", f"expected (low, high), got {v!r}") from None
    return out


@attrs.frozen
class DesignSpec:
    """The design space a case declares: the strategies whose lines a search may fund, its
    budget, the bounds of start years and of instrument parameters.

    Parameters
    ----------
    strategies : tuple of str
        Ids of the case's strategies whose lines are the items of the space; empty: all.
    budget : float or None
        Total budget over the programme, MAD; None: the largest total of those strategies.
    start : (float, float)
        Bounds of each line's start year (within the programme).
    vary_start : bool
        Whether the start years are variables; False: each line starts as in its strategy
        (``start`` is then unused).
    parameters : dict of str to (float, float)
        Instrument parameters to vary, ``"instrument.parameter"`` -> bounds in its domain.
    slack : bool
        Whether part of the budget may stay unspent.
    provenance : Source or Assumption or None
        Where the budget and bounds come from.
    """

    strategies: tuple[str, ...] = attrs.field(default=(), converter=_to_strategies)
    budget: float | None = attrs.field(
        default=None, converter=to_float, validator=number(0.0, lo_open=True, optional=True)
    )
    start: tuple[float, float] = attrs.field(default=DEFAULT_START, converter=_to_range)
    vary_start: bool = attrs.field(default=True, validator=boolean())
    parameters: dict[str, tuple[float, float]] = attrs.field(
        factory=dict, converter=to_parameter_bounds
    )
    slack: bool = attrs.field(default=True, validator=boolean())
    provenance: Provenance | None = provenance_field()


def parameter_problem(name: str, bounds: tuple[float, float], levers: Mapping[str, Lever]) -> str:
    """Why ``"instrument.parameter"`` with ``bounds`` cannot vary over items buying the
    instruments ``levers`` (instrument id -> its lever); empty when it can.

    Examples
    --------
    >>> parameter_problem("revolving-fund.recovery_rate", (0.4, 1.0),
    ...                   {"revolving-fund": Lever.FINANCING})
    'bounds must satisfy low <= high within [0, 1)'
    >>> parameter_problem("cluster.recovery_rate", (0.4, 0.9), {})
    "no item buys instrument 'cluster'"
    """
    item, _sep, param = name.rpartition(".")
    if item not in levers:
        return f"no item buys instrument {item or name!r}"
    if param not in LEVER_PARAMETERS[levers[item]]:
        return f"{item!r} has no parameter {param!r}"
    lo, hi = bounds
    if not (lo <= hi and bool(np.all(lever_parameter_ok(param, np.array([lo, hi]))))):
        dlo, dhi, open_ = LEVER_PARAMETER_DOMAINS[param]
        return f"bounds must satisfy low <= high within [{dlo:g}, {dhi:g}{')' if open_ else ']'}"
    return ""


def design_problems(spec: DesignSpec, strategies: Sequence[Strategy]) -> list[Problem]:
    """What makes ``spec`` unusable with a case's ``strategies`` (paths under ``design``).

    The same checks :class:`ssestrategy.design.DesignSpace` makes, with the same messages.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> spec = DesignSpec(strategies=("canadian-agency", "x"))
    >>> [str(p) for p in design_problems(spec, tiznit().strategies)]
    ["design.strategies[1]: unknown strategy 'x'"]
    """
    by_id = {s.id: s for s in strategies}
    problems = [
        Problem(f"design.strategies[{k}]", f"unknown strategy {sid!r}")
        for k, sid in enumerate(spec.strategies)
        if sid not in by_id
    ]
    if problems:
        return problems
    spanned = [by_id[sid] for sid in spec.strategies] or list(strategies)
    lines = [iv for s in spanned for iv in s.interventions]
    if not lines:
        return [Problem("design.strategies", "no intervention to build a design space from")]
    levers = {iv.instrument: iv.lever for iv in lines if iv.instrument is not None}
    for name, bounds in spec.parameters.items():
        why = parameter_problem(name, bounds, levers)
        if why:
            problems.append(Problem(f"design.parameters.{name}", why))
    largest = max(s.total_budget() for s in spanned)
    if spec.budget is None and largest <= 0:
        why = f"must be a positive number, got {largest!r} (the strategies' largest total)"
        problems.append(Problem("design.budget", why))
    years = max(iv.start + iv.duration for iv in lines)
    if years <= 0:
        problems.append(Problem("design.strategies", "their lines end at year 0: no programme"))
    elif spec.vary_start and spec.start[1] >= years:
        problems.append(Problem("design.start", start_problem(years)))
    return problems


def start_problem(years: float) -> str:
    """The message for start bounds outside the programme of ``years`` years."""
    return f"start years must lie in [0, years) = [0, {years:g})"
