"""Plain data (dicts, lists, numbers) to the domain types, with field paths in errors (the other
way is :mod:`~ssestrategy.io.unstructure`, re-exported here).

One generic walker, driven by the attrs fields and their type annotations: no hand-written
parser per class, so the file format is the Python API, field for field.

Examples
--------
>>> from ssestrategy.model import Actor
>>> a = structure(Actor, {"id": "c1", "name": "Coop", "kind": "cooperative",
...                       "capacities": {"financing": 0.1, "networking": 0.2,
...                                      "innovation": 0.3, "governance": 0.4}})
>>> unstructure(a)["capacities"]["innovation"]
0.3
>>> structure(Actor, {"id": "c1", "name": "Coop", "kind": "cooperative",
...                   "capacities": {"financing": 1.5, "networking": 0.2,
...                                  "innovation": 0.3, "governance": 0.4}}, path="actors[12]")
Traceback (most recent call last):
...
ssestrategy.errors.ModelError: actors[12].capacities.financing: 1.5 is outside [0, 1]
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from ..errors import ModelError, Problem, join_path
from ..model import (
    Assumption,
    Case,
    Parameter,
    Source,
    Territory,
)
from .fields import _TERRITORY_LISTS, file_fields, file_key
from .unstructure import case_to_dict, unstructure

__all__ = [
    "case_from_dict",
    "case_to_dict",
    "file_fields",
    "file_key",
    "structure",
    "unstructure",
]

T = TypeVar("T")

_FAILED: Any = object()


class _Ctx:
    def __init__(self, sources: Mapping[str, Any]) -> None:
        self.sources = sources
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> Any:
        self.problems.append(Problem(path, message))
        return _FAILED

    def absorb(self, err: ModelError, path: str) -> Any:
        self.problems.extend(err.prefixed(path).problems)
        return _FAILED


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"{type(value).__name__}"


def _provenance(value: Any, path: str, ctx: _Ctx) -> Any:
    if value is None:
        return None
    if isinstance(value, Source | Assumption):
        return value
    if isinstance(value, str):
        if value in ctx.sources:
            return ctx.sources[value]
        known = ", ".join(sorted(ctx.sources)) or "none defined"
        return ctx.fail(path, f"unknown source {value!r} (sources: {known})")
    if isinstance(value, Mapping):
        if "citation" in value:
            return _structure(Source, value, path, ctx)
        if "note" in value:
            return _structure(Assumption, value, path, ctx)
    return ctx.fail(
        path,
        "expected a source key, {citation = ..., label = ...} "
        "or {note = ..., low = ..., high = ...}",
    )


def _structure_value(tp: Any, value: Any, path: str, ctx: _Ctx) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if value is None:
            return None
        if set(non_none) == {Source, Assumption}:
            return _provenance(value, path, ctx)
        attrs_types = [a for a in non_none if attrs.has(a)]
        if len(attrs_types) == 1:
            if isinstance(value, Mapping):
                return _structure(attrs_types[0], value, path, ctx)
            if not isinstance(value, attrs_types[0]):
                return ctx.fail(path, f"expected a table, got {_describe(value)}")
        return value
    if isinstance(tp, type) and attrs.has(tp):
        if isinstance(value, tp):
            return value
        if not isinstance(value, Mapping):
            return ctx.fail(path, f"expected a table, got {_describe(value)}")
        if hasattr(tp, "from_mapping"):  # e.g. Capacities: reports every bad key at once
            try:
                return tp.from_mapping(value)
            except ModelError as err:
                return ctx.absorb(err, path)
        return _structure(tp, value, path, ctx)
    if origin is tuple and args and isinstance(args[0], type) and attrs.has(args[0]):
        if not isinstance(value, list | tuple):
            return ctx.fail(path, f"expected a list of tables, got {_describe(value)}")
        items = [_structure_value(args[0], v, f"{path}[{i}]", ctx) for i, v in enumerate(value)]
        return _FAILED if any(i is _FAILED for i in items) else tuple(items)
    if origin is dict and len(args) == 2 and args[1] is Parameter:
        if not isinstance(value, Mapping):
            return ctx.fail(path, f"expected a table, got {_describe(value)}")
        out: dict[str, Any] = {}
        for k, v in value.items():
            sub = join_path(path, str(k))
            if isinstance(v, int | float) and not isinstance(v, bool):
                v = {"value": v}
            out[str(k)] = _structure_value(Parameter, v, sub, ctx)
        return _FAILED if any(v is _FAILED for v in out.values()) else out
    if origin is dict and len(args) == 2 and args[1] == (Source | Assumption):
        if not isinstance(value, Mapping):
            return ctx.fail(path, f"expected a table, got {_describe(value)}")
        prov = {str(k): _provenance(v, join_path(path, str(k)), ctx) for k, v in value.items()}
        return _FAILED if any(v is _FAILED for v in prov.values()) else prov
    return value


def _structure(cls: type[T], data: Mapping[str, Any], path: str, ctx: _Ctx) -> T:
    fields = file_fields(cls)
    keys = {file_key(f): f for f in fields}
    failed = False
    for k in data:
        if k not in keys:
            ctx.fail(join_path(path, str(k)), f"unknown field (expected one of: {', '.join(keys)})")
            failed = True
    kwargs: dict[str, Any] = {}
    for key, f in keys.items():
        if key not in data:
            if f.default is attrs.NOTHING:
                ctx.fail(join_path(path, key), "missing required field")
                failed = True
            continue
        v = _structure_value(f.type, data[key], join_path(path, key), ctx)
        if v is _FAILED:
            failed = True
        kwargs[key] = v
    if failed:
        return typing.cast(T, _FAILED)
    try:
        return cls(**kwargs)
    except ModelError as err:
        return typing.cast(T, ctx.absorb(err, path))
    except TypeError as exc:  # pragma: no cover - guarded by the key checks above
        return typing.cast(T, ctx.fail(path, str(exc)))


def structure(
    cls: type[T], data: Any, *, path: str = "", sources: Mapping[str, Any] | None = None
) -> T:
    """Build a ``cls`` instance from plain data, reporting every problem with its path.

    Parameters
    ----------
    cls : type
        An attrs class of :mod:`ssestrategy.model`.
    data : mapping
        Plain data as read from TOML or JSON.
    path : str
        Path prefix for error messages.
    sources : mapping, optional
        Named provenance entries that ``provenance = "key"`` may refer to.

    Returns
    -------
    cls
        The validated instance.

    Raises
    ------
    ModelError
        With one problem per bad field.

    Examples
    --------
    >>> from ssestrategy.model import Indicator
    >>> structure(Indicator, {"name": "population", "value": 198542, "year": 2024})
    Indicator(name='population', value=198542.0, year=2024, unit='', provenance=None)
    >>> structure(Indicator, {"name": "population", "value": "many"}, path="indicators[0]")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: indicators[0].value: expected a number, got the string 'many'
    """
    ctx = _Ctx(sources or {})
    if not isinstance(data, Mapping):
        raise ModelError.at(path, f"expected a table, got {_describe(data)}")
    out = _structure(cls, data, path, ctx)
    if ctx.problems:
        raise ModelError(ctx.problems)
    return out


def case_from_dict(data: Any) -> Case:
    """Build a :class:`~ssestrategy.model.Case` from the plain data of a case file.

    The file keeps ``actors``, ``partnerships`` and ``poles`` at the top level (beside
    ``territory``), so their error paths read ``partnerships[3].target``.

    Parameters
    ----------
    data : mapping
        Plain data as read from TOML or JSON.

    Returns
    -------
    Case

    Raises
    ------
    ModelError
        Listing every problem found, with its path.

    Examples
    --------
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> case = case_from_dict({
    ...     "name": "demo",
    ...     "territory": {"name": "Nowhere"},
    ...     "actors": [{"id": "coop-1", "name": "Argan coop", "kind": "cooperative",
    ...                 "capacities": caps}],
    ... })
    >>> case.territory.actors[0].kind
    <ActorKind.COOPERATIVE: 'cooperative'>
    >>> case_from_dict({"name": "demo", "territory": {"name": "Nowhere"},
    ...                 "partnerships": [{"source": "a", "target": "b", "kind": "market",
    ...                                   "intensity": 0.5}]})
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: partnerships[0].source: unknown actor 'a'
    partnerships[0].target: unknown actor 'b'
    """
    if not isinstance(data, Mapping):
        raise ModelError.at("", f"a case file must hold a table, got {_describe(data)}")
    ctx = _Ctx({})
    raw_sources = data.get("sources", {})
    if isinstance(raw_sources, Mapping):
        named = {
            str(k): _provenance(v, join_path("sources", str(k)), ctx)
            for k, v in raw_sources.items()
        }
        # a source that fails is reported once: references to it fail without a problem
        ctx.sources = named
        sources = _FAILED if any(v is _FAILED for v in named.values()) else named
    else:
        sources = _structure_value(dict[str, Source | Assumption], raw_sources, "sources", ctx)
    territory_data = data.get("territory")
    if territory_data is None:
        ctx.fail("territory", "missing required section")
        territory: Any = _FAILED
    elif not isinstance(territory_data, Mapping):
        territory = ctx.fail("territory", f"expected a table, got {_describe(territory_data)}")
    else:
        for k in _TERRITORY_LISTS:
            if k in territory_data:
                ctx.fail(
                    f"territory.{k}", f"put {k} at the top level of the file, not in [territory]"
                )
        territory = _territory(data, territory_data, ctx)
    case_fields = {file_key(f): f for f in file_fields(Case)}
    allowed = set(case_fields) | set(_TERRITORY_LISTS)
    kwargs: dict[str, Any] = {}
    failed = territory is _FAILED
    for k in data:
        if k not in allowed:
            ctx.fail(str(k), f"unknown section (expected one of: {', '.join(sorted(allowed))})")
            failed = True
    for key, f in case_fields.items():
        if key in ("territory", "sources") or key not in data:
            continue
        v = _structure_value(f.type, data[key], key, ctx)
        failed = failed or v is _FAILED
        kwargs[key] = v
    if "name" not in data:
        ctx.fail("name", "missing required field")
        failed = True
    if not failed and sources is not _FAILED and not ctx.problems:
        try:
            return Case(territory=territory, sources=sources, **kwargs)
        except ModelError as err:
            ctx.absorb(err, "")
    raise ModelError(ctx.problems)


def _territory(data: Mapping[str, Any], tdata: Mapping[str, Any], ctx: _Ctx) -> Any:
    fields = {file_key(f): f for f in file_fields(Territory)}
    failed = False
    kwargs: dict[str, Any] = {}
    for k in tdata:
        if k not in fields:
            ctx.fail(f"territory.{k}", f"unknown field (expected one of: {', '.join(fields)})")
            failed = True
    for key, f in fields.items():
        where = data if key in _TERRITORY_LISTS else tdata
        if key not in where:
            if f.default is attrs.NOTHING:
                ctx.fail(f"territory.{key}", "missing required field")
                failed = True
            continue
        path = key if key in _TERRITORY_LISTS else f"territory.{key}"
        v = _structure_value(f.type, where[key], path, ctx)
        failed = failed or v is _FAILED
        kwargs[key] = v
    if failed:
        _raw_references(data, ctx)
        return _FAILED
    try:
        return Territory(**kwargs)
    except ModelError as err:
        for p in err.problems:
            top = p.path.split(".")[0].split("[")[0]
            path = p.path if top in _TERRITORY_LISTS else join_path("territory", p.path)
            ctx.problems.append(Problem(path, p.message, p.line))
        return _FAILED


def _raw_references(data: Mapping[str, Any], ctx: _Ctx) -> None:
    """When some records failed, still report references that cannot resolve (from raw ids)."""
    raw_actors = data.get("actors", [])
    if not isinstance(raw_actors, list):
        return
    ids = {a["id"] for a in raw_actors if isinstance(a, Mapping) and isinstance(a.get("id"), str)}
    ties = data.get("partnerships", [])
    for i, t in enumerate(ties if isinstance(ties, list) else []):
        if not isinstance(t, Mapping):
            continue
        for end in ("source", "target"):
            ref = t.get(end)
            if isinstance(ref, str) and ref not in ids:
                ctx.fail(f"partnerships[{i}].{end}", f"unknown actor {ref!r}")
    poles = data.get("poles", [])
    for i, pole in enumerate(poles if isinstance(poles, list) else []):
        members = pole.get("members", []) if isinstance(pole, Mapping) else []
        for j, m in enumerate(members if isinstance(members, list) else []):
            if isinstance(m, str) and m not in ids:
                ctx.fail(f"poles[{i}].members[{j}]", f"unknown actor {m!r}")
