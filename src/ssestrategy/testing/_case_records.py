"""The records (tables) of a case file's plain data, each with its path and model class,
walked with the file format's own field rule (:func:`ssestrategy.io.structure.file_key`)."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

import attrs
from hypothesis.strategies import DrawFn

from ..errors import join_path
from ..io.fields import _TERRITORY_LISTS, file_fields, file_key
from ..model import (
    Assumption,
    Case,
    Source,
    Territory,
)
from ..model._checks import NumberCheck, identifier, validators

__all__: list[str] = []


_Record = tuple[str, dict[str, Any], type]


@attrs.frozen
class _FieldInfo:
    key: str
    name: str
    type: Any
    required: bool
    checks: tuple[NumberCheck, ...]
    is_identifier: bool
    enum: type[Enum] | None
    enum_tuple: bool
    is_int: bool


def _non_none(tp: Any) -> list[Any]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(tp) if a is not type(None)]
    return [tp]


@functools.cache
def _field_infos(cls: type) -> tuple[_FieldInfo, ...]:
    """The fields of a model class as the case file has them (the io module's own rule)."""
    out = []
    for f in file_fields(cls):
        vals = validators(f)
        types_ = _non_none(f.type)
        enum: type[Enum] | None = None
        enum_tuple = False
        if len(types_) == 1 and isinstance(types_[0], type) and issubclass(types_[0], Enum):
            enum = types_[0]
        elif len(types_) == 1 and typing.get_origin(types_[0]) is tuple:
            inner = typing.get_args(types_[0])
            if inner and isinstance(inner[0], type) and issubclass(inner[0], Enum):
                enum, enum_tuple = inner[0], True
        out.append(
            _FieldInfo(
                key=file_key(f),
                name=f.name,
                type=f.type,
                required=f.default is attrs.NOTHING,
                checks=tuple(v for v in vals if isinstance(v, NumberCheck)),
                is_identifier=any(v is identifier for v in vals),
                enum=enum,
                enum_tuple=enum_tuple,
                is_int=types_ == [int],
            )
        )
    return tuple(out)


def _walk(tp: Any, value: Any, path: str, out: list[_Record]) -> None:
    types_ = _non_none(tp)
    if set(types_) == {Source, Assumption}:
        if isinstance(value, dict):
            if "citation" in value:
                out.append((path, value, Source))
            elif "note" in value:
                out.append((path, value, Assumption))
        return
    if len(types_) != 1:
        return
    tp = types_[0]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if isinstance(tp, type) and attrs.has(tp):
        if isinstance(value, dict):
            _walk_record(tp, value, path, out)
    elif origin is tuple and args and isinstance(value, list):
        for i, item in enumerate(value):
            _walk(args[0], item, f"{path}[{i}]", out)
    elif origin is dict and len(args) == 2 and isinstance(value, dict):
        for k, item in value.items():
            _walk(args[1], item, join_path(path, str(k)), out)


def _walk_record(cls: type, data: dict[str, Any], path: str, out: list[_Record]) -> None:
    out.append((path, data, cls))
    for info in _field_infos(cls):
        if info.key in data:
            _walk(info.type, data[info.key], join_path(path, info.key), out)


def _records(data: dict[str, Any]) -> list[_Record]:
    """Every record (table) of a case file's plain data, with its path and model class."""
    out: list[_Record] = []
    _walk_record(Case, data, "", out)
    tinfo = {i.key: i for i in _field_infos(Territory)}
    for key in _TERRITORY_LISTS:
        if key in data:
            _walk(tinfo[key].type, data[key], key, out)
    return out


def _info(cls: type, key: str) -> _FieldInfo | None:
    for i in _field_infos(cls):
        if i.key == key:
            return i
    return None


@attrs.frozen
class _Action:
    """One concrete mutation: ``apply(draw)`` edits the data and returns the expected path."""

    label: str
    apply: Callable[[DrawFn], str] = attrs.field(repr=False)


def _fresh(taken: set[str], base: str) -> str:
    out = base
    while out in taken:
        out += "-x"
    return out


def _set(
    container: dict[str, Any] | list[Any], key: Any, value: Any, path: str, _draw: Any = None
) -> str:
    container[key] = value
    return path


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    v = data.get(key)
    return v if isinstance(v, list) else []
