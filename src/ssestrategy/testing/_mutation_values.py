"""Breaking mutations of a case file's values: references that resolve to nothing, numbers
out of range, not finite, strings or floats in their place, duplicated ids (see
:data:`~ssestrategy.testing.mutations.MUTATION_KINDS`)."""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn

from ..errors import join_path
from ..model import (
    Actor,
    Assumption,
    Case,
    Intervention,
    Selector,
    Source,
    Uncertainty,
)
from ..model._checks import NumberCheck
from ._case_records import (
    _Action,
    _field_infos,
    _fresh,
    _info,
    _list,
    _Record,
    _set,
)
from ._draw import _finite

__all__ = []


def _actions_unknown_reference(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    actor_ids = {a.get("id") for a in _list(data, "actors") if isinstance(a, dict)}
    pole_ids = {p.get("id") for p in _list(data, "poles") if isinstance(p, dict)}
    taken = {str(x) for x in actor_ids | pole_ids}
    ghost = _fresh(taken, "coop-17")
    for i, p in enumerate(_list(data, "partnerships")):
        for end in ("source", "target"):
            path = f"partnerships[{i}].{end}"
            actions.append(_Action(path, functools.partial(_set, p, end, ghost, path)))
    for i, pole in enumerate(_list(data, "poles")):
        members = pole.get("members", [])
        for j in range(len(members)):
            path = f"poles[{i}].members[{j}]"
            actions.append(_Action(path, functools.partial(_set, members, j, ghost, path)))
        path = f"poles[{i}].anchor"
        actions.append(_Action(path, functools.partial(_set, pole, "anchor", ghost, path)))
    for path, rec, cls in records:
        if cls is Selector:
            for key, bad in (("actors", ghost), ("poles", _fresh(taken, "pole-ghost"))):
                if not isinstance(rec.get(key, []), list):
                    continue

                def append(
                    draw: DrawFn,
                    rec: dict[str, Any] = rec,
                    key: str = key,
                    bad: str = bad,
                    path: str = path,
                ) -> str:
                    lst = rec.setdefault(key, [])
                    lst.append(bad)
                    return f"{path}.{key}[{len(lst) - 1}]"

                actions.append(_Action(f"{path}.{key}[+]", append))
        elif cls is Intervention:
            where = f"{path}.hub"
            actions.append(_Action(where, functools.partial(_set, rec, "hub", ghost, where)))
            where = f"{path}.params.bogus_parameter"
            params = rec.get("params")
            if params is None or isinstance(params, dict):

                def add_param(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
                    rec.setdefault("params", {})["bogus_parameter"] = {"value": 1.0}
                    return w

                actions.append(_Action(where, add_param))
        elif cls is Uncertainty:
            where = f"{path}.parameter"
            actions.append(
                _Action(where, functools.partial(_set, rec, "parameter", "no_such_param", where))
            )
        if cls not in (Source, Assumption) and _info(cls, "provenance") is not None:
            sources_ = data.get("sources")
            key = _fresh(set(sources_) if isinstance(sources_, dict) else set(), "no such source")
            where = join_path(path, "provenance")
            actions.append(_Action(where, functools.partial(_set, rec, "provenance", key, where)))
    if isinstance(data.get("parameters", {}), dict):

        def add_case_param(draw: DrawFn) -> str:
            data.setdefault("parameters", {})["no_such_parameter"] = {"value": 1.0}
            return "parameters.no_such_parameter"

        actions.append(_Action("parameters.no_such_parameter", add_case_param))
    return actions


def _bad_number(check: NumberCheck, draw: DrawFn) -> float:
    delta = draw(st.sampled_from((0.5, 1e-3, 1.0, 1e6)) | _finite(1e-3, 1e6))
    sides = []
    if check.lo is not None:
        sides.append("lo")
    if check.hi is not None:
        sides.append("hi")
    side = draw(st.sampled_from(sides))
    if side == "hi":
        return float(check.hi) + delta  # type: ignore[arg-type]
    if check.lo_open and draw(st.booleans()):
        return float(check.lo)  # type: ignore[arg-type]
    return float(check.lo) - delta  # type: ignore[arg-type]


_INT_MINIMA: dict[tuple[type, str], int] = {(Actor, "members"): 0, (Case, "periods_per_year"): 1}


def _actions_out_of_range(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            where = join_path(path, info.key)
            bounded = [c for c in info.checks if c.lo is not None or c.hi is not None]
            if bounded:

                def apply(
                    draw: DrawFn,
                    rec: dict[str, Any] = rec,
                    key: str = info.key,
                    w: str = where,
                    check: NumberCheck = bounded[0],
                ) -> str:
                    rec[key] = _bad_number(check, draw)
                    return w

                actions.append(_Action(where, apply))
            lo = _INT_MINIMA.get((cls, info.key))
            if lo is not None:

                def apply_int(
                    draw: DrawFn,
                    rec: dict[str, Any] = rec,
                    key: str = info.key,
                    w: str = where,
                    lo: int = lo,
                ) -> str:
                    rec[key] = lo - draw(st.integers(1, 1000))
                    return w

                actions.append(_Action(where, apply_int))
    return actions


def _numeric_leaves(records: list[_Record]) -> list[tuple[Any, Any, str, bool]]:
    """(container, key, path, is_int) of every number held by a record field."""
    out: list[tuple[Any, Any, str, bool]] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.key not in rec:
                continue
            v = rec[info.key]
            where = join_path(path, info.key)
            if _is_num(v):
                out.append((rec, info.key, where, info.is_int))
            elif isinstance(v, list):
                for i, x in enumerate(v):
                    if _is_num(x):
                        out.append((v, i, f"{where}[{i}]", False))
                    elif isinstance(x, list):
                        for j, y in enumerate(x):
                            if _is_num(y):
                                out.append((x, j, f"{where}[{i}][{j}]", False))
    return out


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _actions_non_finite(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    def make(container: Any, key: Any, where: str) -> _Action:
        def apply(draw: DrawFn) -> str:
            container[key] = draw(st.sampled_from((math.nan, math.inf, -math.inf)))
            return where

        return _Action(where, apply)

    return [make(c, k, p) for c, k, p, _ in _numeric_leaves(records)]


def _actions_string_for_number(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    def make(container: Any, key: Any, where: str) -> _Action:
        def apply(draw: DrawFn) -> str:
            container[key] = draw(st.sampled_from(("0.5", "high", "", "1,5", "NaN", "12 000")))
            return where

        return _Action(where, apply)

    return [make(c, k, p) for c, k, p, _ in _numeric_leaves(records)]


def _actions_float_for_integer(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.is_int:
                where = join_path(path, info.key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    rec[key] = draw(st.integers(0, 3000)) + draw(st.sampled_from((0.5, 0.25)))
                    return w

                actions.append(_Action(where, apply))
    return actions


def _dup_actions(
    items: list[Any], keys: tuple[str, ...], path_of: Callable[[int], str]
) -> list[_Action]:
    actions: list[_Action] = []
    dicts = [(i, x) for i, x in enumerate(items) if isinstance(x, dict)]
    for b in range(1, len(dicts)):
        j, second = dicts[b]
        where = path_of(j)

        def apply(draw: DrawFn, b: int = b, second: dict[str, Any] = second, w: str = where) -> str:
            first = dicts[draw(st.integers(0, b - 1))][1]
            for k in keys:
                if k in first:
                    second[k] = copy.deepcopy(first[k])
                else:
                    second.pop(k, None)
            return w

        actions.append(_Action(where, apply))
    return actions


def _id_path(key: str, j: int) -> str:
    return f"{key}[{j}].id"


def _actions_duplicate_id(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for key in ("actors", "poles", "strategies", "constraints"):
        actions += _dup_actions(_list(data, key), ("id",), functools.partial(_id_path, key))
    unc = data.get("uncertainties")
    if isinstance(unc, dict):
        actions += _dup_actions(
            _list(unc, "events"), ("name",), lambda j: f"uncertainties.events[{j}].name"
        )
        actions += _dup_actions(
            _list(unc, "parameters"),
            ("parameter",),
            lambda j: f"uncertainties.parameters[{j}].parameter",
        )
    terr = data.get("territory")
    if isinstance(terr, dict):
        actions += _dup_actions(
            _list(terr, "indicators"), ("name", "year"), lambda j: f"territory.indicators[{j}]"
        )
    fs = data.get("foresight")
    if isinstance(fs, dict):
        for key in ("variables", "actors", "objectives"):
            labels = _list(fs, key)
            for j in range(1, len(labels)):
                where = f"foresight.{key}"

                def apply(
                    draw: DrawFn, labels: list[Any] = labels, j: int = j, w: str = where
                ) -> str:
                    labels[j] = labels[draw(st.integers(0, j - 1))]
                    return w

                actions.append(_Action(f"{where}[{j}]", apply))
    return actions
