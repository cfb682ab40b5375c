"""Breaking mutations of a case file's shape and consistency: missing and unknown fields,
values outside an enumeration, records of the wrong type, invalid ids, blank texts, records
that contradict each other (see :data:`~ssestrategy.testing.mutations.MUTATION_KINDS`)."""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn

from ..errors import join_path
from ..io.fields import _TERRITORY_LISTS
from ..model import (
    Actor,
    Assumption,
    Case,
    Constraint,
    Criterion,
    Distribution,
    Event,
    Intervention,
    Partnership,
    Pole,
    Source,
    Strategy,
    Territory,
)
from ._case_records import (
    _Action,
    _field_infos,
    _fresh,
    _list,
    _Record,
    _set,
)
from ._mutation_values import _is_num

__all__ = []


def _actions_missing_field(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.required and info.key in rec:
                where = path if cls in (Source, Assumption) else join_path(path, info.key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    del rec[key]
                    return w

                actions.append(_Action(f"{where} (delete {info.key})", apply))
    return actions


_UNKNOWN_KEYS = ("colour", "comment", "Name", "capacity", "actor", "extra_field", "identifier")


def _actions_unknown_field(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        known = {i.key for i in _field_infos(cls)} | {"citation", "note"}
        if cls is Case:
            known |= set(_TERRITORY_LISTS)
        candidates = [k for k in _UNKNOWN_KEYS if k not in known and k not in rec]
        if not candidates:
            continue

        def apply(
            draw: DrawFn, rec: dict[str, Any] = rec, path: str = path, cands: list[str] = candidates
        ) -> str:
            key = draw(st.sampled_from(cands))
            rec[key] = draw(st.sampled_from(("x", 1.0, True, [1, 2])))
            return join_path(path, key)

        actions.append(_Action(f"{path} (add a field)", apply))
    return actions


_BAD_ENUM_VALUES = ("unknown", "Cooperative", "", "co-op", "financing ")


def _actions_bad_enum(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            where = join_path(path, info.key)
            if info.enum is not None and not info.enum_tuple:

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    rec[key] = draw(st.sampled_from(_BAD_ENUM_VALUES))
                    return w

                actions.append(_Action(where, apply))
            elif info.enum is not None and isinstance(rec.get(info.key, []), list):

                def apply_item(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    lst = rec.setdefault(key, [])
                    i = draw(st.integers(0, len(lst)))
                    bad = draw(st.sampled_from(_BAD_ENUM_VALUES))
                    if i == len(lst):
                        lst.append(bad)
                    else:
                        lst[i] = bad
                    return f"{w}[{i}]"

                actions.append(_Action(where, apply_item))
        if cls in (Constraint, Criterion):
            where = join_path(path, "outcome")
            actions.append(_Action(where, functools.partial(_set, rec, "outcome", "jobz", where)))
        if cls is Constraint:
            where = join_path(path, "op")
            actions.append(_Action(where, functools.partial(_set, rec, "op", "=>", where)))
    return actions


def _actions_wrong_type(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    sources_ = data.get("sources")
    taken = set(sources_) if isinstance(sources_, dict) else set()
    word = _fresh(taken, "not a table")
    owners: dict[int, tuple[Any, Any]] = {}
    for _, rec, _ in records:
        for k, v in rec.items():
            if isinstance(v, dict):
                owners[id(v)] = (rec, k)
                for kk, x in v.items():  # tables of records: parameters, params, sources
                    if isinstance(x, dict):
                        owners[id(x)] = (v, kk)
            elif isinstance(v, list):
                for i, x in enumerate(v):
                    if isinstance(x, dict):
                        owners[id(x)] = (v, i)
    for path, rec, _ in records:
        if not path or id(rec) not in owners:
            continue
        container, key = owners[id(rec)]

        def apply(draw: DrawFn, container: Any = container, key: Any = key, w: str = path) -> str:
            container[key] = draw(st.sampled_from((word, [1, 2], True, ["x"])))
            return w

        actions.append(_Action(path, apply))
    return actions


_BAD_IDS = ("has space", "-leading", "a!", "", "a/b", "🚀", "tab\there")


def _actions_invalid_id(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for info in _field_infos(cls):
            if info.is_identifier and info.key in rec:
                where = join_path(path, info.key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = info.key, w: str = where
                ) -> str:
                    rec[key] = draw(st.sampled_from(_BAD_IDS))
                    return w

                actions.append(_Action(where, apply))
    return actions


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Case: ("name",),
    Territory: ("name",),
    Actor: ("name",),
    Partnership: ("source", "target"),
    Pole: ("name", "value_chain"),
    Strategy: ("name",),
    Intervention: ("name",),
    Source: ("citation",),
    Assumption: ("note",),
}


def _actions_blank_text(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    actions: list[_Action] = []
    for path, rec, cls in records:
        for key in _TEXT_FIELDS.get(cls, ()):
            if key in rec:
                where = join_path(path, key)

                def apply(
                    draw: DrawFn, rec: dict[str, Any] = rec, key: str = key, w: str = where
                ) -> str:
                    rec[key] = draw(st.sampled_from(("", " ", "\t\n")))
                    return w

                actions.append(_Action(where, apply))
    return actions


def _actions_inconsistent(data: dict[str, Any], records: list[_Record]) -> list[_Action]:
    horizon = data.get("horizon", 10.0)
    actions = _inconsistent_territory(data)
    for path, rec, cls in records:
        actions += _inconsistent_plan(data, path, rec, cls, horizon)
        actions += _inconsistent_futures(path, rec, cls)
    return actions + _inconsistent_foresight(data)


def _inconsistent_territory(data: dict[str, Any]) -> list[_Action]:
    """A self-tie, a pole member listed twice."""
    actions: list[_Action] = []
    for i, p in enumerate(_list(data, "partnerships")):
        if isinstance(p, dict) and "source" in p:
            where = f"partnerships[{i}].target"
            actions.append(_Action(where, functools.partial(_set, p, "target", p["source"], where)))
    for i, pole in enumerate(_list(data, "poles")):
        members = pole.get("members") if isinstance(pole, dict) else None
        if isinstance(members, list) and members:
            where = f"poles[{i}].members[{len(members)}]"

            def twice(draw: DrawFn, m: list[Any] = members, w: str = where) -> str:
                m.append(m[draw(st.integers(0, len(m) - 1))])
                return w

            actions.append(_Action(where, twice))
    return actions


def _inconsistent_plan(
    data: dict[str, Any], path: str, rec: dict[str, Any], cls: type, horizon: Any
) -> list[_Action]:
    """A ``ties`` intervention without hub, a date beyond the horizon, a criterion without
    weight or without the ``q`` its statistic needs."""
    actions: list[_Action] = []
    if cls is Intervention and rec.get("lever") == "ties" and "hub" in rec:
        where = join_path(path, "hub")

        def no_hub(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
            del rec["hub"]
            return w

        actions.append(_Action(where, no_hub))
    if cls in (Constraint, Criterion) and _is_num(horizon):
        where = join_path(path, "at")

        def late(
            draw: DrawFn, rec: dict[str, Any] = rec, w: str = where, h: float = horizon
        ) -> str:
            rec["at"] = float(h) + draw(st.sampled_from((1.0, 0.5, 100.0)))
            return w

        actions.append(_Action(where, late))
    if cls is Criterion and "weight" in rec and "pairwise" not in data.get("criteria", {}):
        where = join_path(path, "weight")

        def no_weight(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
            del rec["weight"]
            return w

        actions.append(_Action(where, no_weight))
    if cls is Criterion:
        where = join_path(path, "q")

        def no_q(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
            rec["statistic"] = draw(st.sampled_from(("percentile", "cvar")))
            rec.pop("q", None)
            return w

        actions.append(_Action(where, no_q))
    return actions


def _inconsistent_futures(path: str, rec: dict[str, Any], cls: type) -> list[_Action]:
    """A distribution with high below low, a zero spread, weights that do not match the
    values; an event whose severity can exceed 1."""
    actions: list[_Action] = []
    if cls is Distribution and _is_num(rec.get("low")) and _is_num(rec.get("high")):
        where = join_path(path, "high")

        def inverted(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
            rec["high"] = rec["low"] - draw(st.sampled_from((1.0, 0.5, 1e3)))
            return w

        actions.append(_Action(where, inverted))
    if cls is Distribution and rec.get("kind") == "truncnorm" and "sd" in rec:
        where = join_path(path, "sd")
        actions.append(_Action(where, functools.partial(_set, rec, "sd", 0.0, where)))
    if (
        cls is Distribution
        and rec.get("kind") == "discrete"
        and isinstance(rec.get("values"), list)
    ):
        where = join_path(path, "weights")

        def mismatch(draw: DrawFn, rec: dict[str, Any] = rec, w: str = where) -> str:
            rec["weights"] = [1.0] * (len(rec["values"]) + 1)
            return w

        actions.append(_Action(where, mismatch))
    if cls is Event and isinstance(rec.get("severity"), dict):
        sev = rec["severity"]
        if _is_num(sev.get("high")) and _is_num(sev.get("low")):
            where = join_path(path, "severity")

            def harsh(draw: DrawFn, sev: dict[str, Any] = sev, w: str = where) -> str:
                sev["high"] = 1.5
                if "mode" in sev:
                    sev["mode"] = 1.5
                if "mean" in sev:
                    sev["mean"] = 1.0
                return w

            actions.append(_Action(where, harsh))
    return actions


def _inconsistent_foresight(data: dict[str, Any]) -> list[_Action]:
    """A foresight matrix with a row missing, a non-zero diagonal or a value out of scale."""
    actions: list[_Action] = []
    fs = data.get("foresight")
    if not isinstance(fs, dict):
        return actions
    for key, top in (("influence", 3.0), ("mdi", 4.0), ("mao", 4.0)):
        mat = _list(fs, key)
        if not mat or not all(isinstance(r, list) for r in mat):
            continue
        where = f"foresight.{key}"

        def short(draw: DrawFn, mat: list[Any] = mat, w: str = where) -> str:
            mat.pop()
            return w

        actions.append(_Action(f"{where} (drop a row)", short))
        for i, row in enumerate(mat):
            for j in range(len(row)):
                cell = f"{where}[{i}][{j}]"
                diag = key != "mao" and i == j
                bad = 1.0 if diag else top + 1.0
                actions.append(_Action(cell, functools.partial(_set, row, j, bad, cell)))
    return actions
