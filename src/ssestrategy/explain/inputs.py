"""The uncertain inputs of a study: model parameters, design choices and decision settings.

Sensitivity analysis varies every number whose provenance is an :class:`~ssestrategy.model.
Assumption` with a plausible range — not only the model's parameters:

- **parameters** (``case.parameters``): ``learning_rate``, ``enrolment_cost``, ...;
- **design** choices of the strategies compared: each intervention's annual budget (the range
  on its assumption) and its mechanism parameters (``recovery_rate``, ``tie_intensity``,
  ``rivalry``, ... with their own ranges), named by their field path, e.g.
  ``canadian-agency.interventions[3].recovery_rate``;
- **decision** settings: each criterion weight (over half to one and a half times its value: a
  convention, as weights carry no range of their own) and each constraint target whose
  assumption has a range, named ``criteria.items[0].weight``, ``constraints[2].target``.

Design inputs enter the model as per-column designs and parameters as per-column values,
through the one evaluation path (:func:`~ssestrategy.simulation.evaluate.evaluate`), with the
same domain checks as :func:`~ssestrategy.simulation.simulate`.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> case = tiznit()
>>> space = input_space(case, ["canadian-agency"], include=("design",))
>>> [i.name for i in space if i.name.endswith("recovery_rate")]
['canadian-agency.interventions[3].recovery_rate']
>>> fund = next(i for i in space if i.name.endswith("recovery_rate"))
>>> fund.kind, fund.low, fund.value, fund.high
('design', 0.4, 0.7, 0.9)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from ..errors import ModelError
from ..model import Assumption, Case, Strategy

__all__ = ["INPUT_KINDS", "Input", "InputKind", "input_space"]

InputKind = Literal["parameters", "design", "decision"]
INPUT_KINDS: tuple[InputKind, ...] = ("parameters", "design", "decision")
"""The kinds of inputs a sensitivity analysis can vary."""

WEIGHT_SPREAD = 0.5
"""A criterion weight varies over ``[(1 - WEIGHT_SPREAD) w, (1 + WEIGHT_SPREAD) w]`` (the
weights are normalised again in each design point)."""


@attrs.frozen
class Input:
    """One uncertain input of a study.

    Attributes
    ----------
    name : str
        Its field path (a parameter's name, ``<strategy>.interventions[j].<field>``,
        ``criteria.items[i].weight``, ``constraints[k].target``).
    kind : str
        ``"parameters"``, ``"design"`` or ``"decision"``.
    low, high : float
        The range varied (uniform).
    value : float
        The case's value.
    note : str
        Where the range comes from.

    Examples
    --------
    >>> Input("learning_rate", "parameters", 0.05, 0.4, 0.2, "no estimate").high
    0.4
    """

    name: str
    kind: str
    low: float
    high: float
    value: float
    note: str = ""


def _ranged(prov: object) -> Assumption | None:
    if isinstance(prov, Assumption) and prov.has_range and prov.high > prov.low:  # type: ignore[operator]
        return prov
    return None


def _parameter_inputs(case: Case, parameters: Sequence[str] | None) -> list[Input]:
    out: list[Input] = []
    names = list(case.parameters) if parameters is None else list(parameters)
    for name in names:
        if name not in case.parameters:
            raise ModelError.at(f"parameters.{name}", "unknown parameter")
        p = case.parameters[name]
        prov = _ranged(p.provenance)
        if prov is not None:
            out.append(
                Input(name, "parameters", float(prov.low), float(prov.high), p.value, prov.note)  # type: ignore[arg-type]
            )
        elif parameters is not None:
            raise ModelError.at(
                f"parameters.{name}", "not an assumption with a plausible range (low < high)"
            )
    return out


def _design_inputs(strategies: Sequence[Strategy]) -> list[Input]:
    out: list[Input] = []
    for s in strategies:
        for j, iv in enumerate(s.interventions):
            base = f"{s.id}.interventions[{j}]"
            prov = _ranged(iv.provenance)
            if prov is not None:
                out.append(
                    Input(
                        f"{base}.budget",
                        "design",
                        float(prov.low),  # type: ignore[arg-type]
                        float(prov.high),  # type: ignore[arg-type]
                        iv.budget,
                        f"{iv.name}: {prov.note}",
                    )
                )
            for key, param in iv.params.items():
                pprov = _ranged(param.provenance)
                if pprov is not None:
                    out.append(
                        Input(
                            f"{base}.{key}",
                            "design",
                            float(pprov.low),  # type: ignore[arg-type]
                            float(pprov.high),  # type: ignore[arg-type]
                            param.value,
                            f"{iv.name}: {pprov.note}",
                        )
                    )
    return out


def _decision_inputs(case: Case) -> list[Input]:
    out: list[Input] = []
    if case.criteria.pairwise is None:
        weights = case.criteria.direct_weights() or ()
        for i, (c, w) in enumerate(zip(case.criteria.items, weights, strict=True)):
            if w > 0:
                out.append(
                    Input(
                        f"criteria.items[{i}].weight",
                        "decision",
                        (1.0 - WEIGHT_SPREAD) * w,
                        (1.0 + WEIGHT_SPREAD) * w,
                        float(w),
                        f"weight of {c.label}, +-{WEIGHT_SPREAD:.0%} (a convention)",
                    )
                )
    for k, con in enumerate(case.constraints):
        prov = _ranged(con.provenance)
        if prov is not None:
            out.append(
                Input(
                    f"constraints[{k}].target",
                    "decision",
                    float(prov.low),  # type: ignore[arg-type]
                    float(prov.high),  # type: ignore[arg-type]
                    con.target,
                    f"{con.id}: {prov.note}",
                )
            )
    return out


def input_space(
    case: Case,
    strategies: Sequence[Strategy | str] = (),
    *,
    include: Sequence[InputKind] = ("parameters",),
    parameters: Sequence[str] | None = None,
) -> tuple[Input, ...]:
    """The inputs a sensitivity analysis of ``strategies`` varies.

    Parameters
    ----------
    case : Case
    strategies : sequence of Strategy or str
        The strategies whose design choices are inputs (with ``"design"``).
    include : sequence of {"parameters", "design", "decision"}
        Which kinds of inputs.
    parameters : sequence of str, optional
        Restrict the parameters to these (each must be an assumption with a range).

    Returns
    -------
    tuple of Input

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> space = input_space(tiznit(), include=("decision",))
    >>> [i.name for i in space][:2]
    ['criteria.items[0].weight', 'criteria.items[1].weight']
    """
    for k, kind in enumerate(include):
        if kind not in INPUT_KINDS:
            raise ModelError.at(
                f"include[{k}]", f"unknown kind {kind!r} (known: {', '.join(INPUT_KINDS)})"
            )
    resolved = [case.strategy(s) if isinstance(s, str) else s for s in strategies]
    out: list[Input] = []
    if "parameters" in include:
        out += _parameter_inputs(case, parameters)
    if "design" in include:
        out += _design_inputs(resolved)
    if "decision" in include:
        out += _decision_inputs(case)
    if not out:
        raise ModelError.at("include", "no input with a plausible range to vary")
    return tuple(out)
