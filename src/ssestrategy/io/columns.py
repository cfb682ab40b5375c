"""The columns of a table, derived from the fields of a model class: their kind, the allowed
values (enum members, ``Literal`` values), bounds, defaults and help (the field's docstring).

Examples
--------
>>> from ssestrategy.model import Actor
>>> [c.key for c in _columns(Actor, "", True)][:3]
['id', 'name', 'kind']
"""

from __future__ import annotations

import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Literal

import attrs

from ..model import (
    LEVER_PARAMETERS,
    Assumption,
    Intervention,
    Parameter,
    Source,
)
from ..model._checks import number_checks as _number_checks
from ..model._checks import validators
from ..model.outcomes import OUTCOMES
from ..model.targets import _outcome
from .fields import file_fields, file_key

__all__ = ["Column", "Sheet"]


_BLANK: Any = object()
_SKIP: Any = object()

# --- columns ------------------------------------------------------------------------------


@attrs.frozen
class Column:
    """One column of a sheet: its header (the field path within the record) and how its cells
    read and write.

    ``kind`` is one of ``text``, ``number``, ``integer``, ``bool``, ``choice`` (one of
    ``choices``), ``texts`` and ``numbers`` (lists in one cell), ``provenance`` (a source key,
    ``assumption: ...`` or ``source: ...``; the columns of ``group`` hold the rest of an inline
    provenance, e.g. its range) and ``json`` (a field with no flat form).
    """

    key: str
    kind: str
    required: bool = False
    default: Any = None
    choices: tuple[Any, ...] = ()
    bounds: str = ""
    help: str = ""
    group: str = ""

    def describe_type(self) -> str:
        """The kind of value the column holds, in words."""
        what = {
            "text": "text",
            "number": "number",
            "integer": "whole number",
            "bool": "TRUE or FALSE",
            "choice": "one of a list",
            "texts": "list (a, b, c)",
            "numbers": "list of numbers (0.1, 0.5)",
            "provenance": "source key, 'assumption: why' or 'source: citation'",
            "json": "JSON",
        }[self.kind]
        return f"{what} {self.bounds}".strip()


@attrs.frozen
class Sheet:
    """One sheet of the workbook: which section of the plain data it holds, and its columns.

    ``kind`` is ``fields`` (one field per row: column A the field, column B its value),
    ``records`` (one record per row), ``keyed`` (one named entry per row, the name in column
    ``key``) or ``grid`` (a matrix: labels in column A and in the header row). A records sheet
    with a ``parent`` holds the items of the parent's list field ``field``; its ``link`` column
    names the parent by id.
    """

    name: str
    kind: str
    path: str
    about: str
    columns: tuple[Column, ...] = ()
    parent: str = ""
    link: str = ""
    field: str = ""
    key: str = ""
    matrix: str = ""
    blocks: tuple[tuple[str, str], ...] = ()

    def column(self, key: str) -> Column:
        """The column with this header."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


# field docs ---------------------------------------------------------------------------------

_ROLE = re.compile(r":[\w:]+:`~?([^`]*?)`")
_LITERAL = re.compile(r"``([^`]*)``")


def _clean(text: str) -> str:
    text = _ROLE.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text)
    text = _LITERAL.sub(r"\1", text)
    return " ".join(text.replace("`", "").split())


@functools.cache
def _field_docs(cls: type) -> dict[str, str]:
    """Field descriptions from the numpydoc ``Parameters`` section of a class docstring."""
    lines = (inspect.getdoc(cls) or "").splitlines()
    out: dict[str, str] = {}
    try:
        start = next(
            i
            for i, line in enumerate(lines[:-1])
            if line.strip() == "Parameters" and set(lines[i + 1].strip()) == {"-"}
        )
    except StopIteration:
        return out
    names: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _clean(" ".join(buf))
        for n in names:
            out[n] = text

    i = start + 2
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and line.strip() and set(lines[i + 1].strip()) == {"-"}:
            break  # the next section
        if line and not line[0].isspace():
            flush()
            head = line.partition(" : ")[0]
            names = [n.strip() for n in head.split(",") if n.strip()]
            buf = []
        elif line.strip():
            buf.append(line.strip())
        i += 1
    flush()
    return out


# deriving columns from the attrs fields ----------------------------------------------------


def _unwrap(tp: Any) -> Any:
    """The type without ``None``; the provenance union is kept as it is."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if set(args) == {Source, Assumption}:
            return Source | Assumption
        if len(args) == 1:
            return args[0]
    return tp


def _is_provenance(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and set(
        typing.get_args(tp)
    ) == {Source, Assumption}


def _text_choices(f: attrs.Attribute[Any]) -> tuple[str, ...]:
    """Allowed values of a text field whose validator checks a list (outcomes)."""
    if _outcome in validators(f):
        return tuple(OUTCOMES)
    return ()


def _choice_values(tp: Any) -> tuple[Any, ...]:
    """The values of an enumeration or of a ``Literal`` type."""
    if typing.get_origin(tp) is Literal:
        return typing.get_args(tp)
    return tuple(m.value for m in tp)


def _bounds(f: attrs.Attribute[Any]) -> str:
    for check in _number_checks(f):
        lo, hi = check.lo, check.hi
        if lo is not None and hi is not None:
            return f"in {'(' if check.lo_open else '['}{lo:g}, {hi:g}]"
        if lo is not None:
            return f"{'>' if check.lo_open else '>='} {lo:g}"
        if hi is not None:
            return f"<= {hi:g}"
    return ""


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _default(f: attrs.Attribute[Any]) -> Any:
    d = f.default
    if d is attrs.NOTHING or isinstance(d, attrs.Factory):  # type: ignore[arg-type]
        return None
    d = _plain(d)
    return d if isinstance(d, str | int | float | bool) and d != "" else None


def _lever_parameters() -> list[str]:
    seen: dict[str, None] = {}
    for params in LEVER_PARAMETERS.values():
        seen.update(dict.fromkeys(params))
    return list(seen)


def _lever_help(name: str) -> str:
    levers = [lv.value for lv, ps in LEVER_PARAMETERS.items() if name in ps]
    defaults = {
        LEVER_PARAMETERS[lv][name] for lv in LEVER_PARAMETERS if name in LEVER_PARAMETERS[lv]
    }
    default = ", ".join(f"{d:g}" for d in sorted(defaults))
    return f"mechanism parameter {name} of a {' or '.join(levers)} intervention (default {default})"


# dict[str, Parameter] fields whose keys are known: one group of columns per key
_KEYED_PARAMETERS: dict[tuple[type, str], tuple[Callable[[], list[str]], Callable[[str], str]]] = {
    (Intervention, "params"): (_lever_parameters, _lever_help),
}

_PROVENANCE_TEXT = {"citation", "label", "note"}


def _provenance_extras() -> list[str]:
    """Fields of an inline provenance that the text cell does not hold (an assumption's range)."""
    seen: dict[str, None] = {}
    for cls in (Assumption, Source):
        seen.update(
            {file_key(f): None for f in file_fields(cls) if file_key(f) not in _PROVENANCE_TEXT}
        )
    return list(seen)


def _provenance_columns(path: str, help: str) -> list[Column]:
    cols = [Column(path, "provenance", help=help or "where the record's numbers come from")]
    docs = _field_docs(Assumption) | _field_docs(Source)
    fields = {file_key(f): f for cls in (Assumption, Source) for f in file_fields(cls)}
    ends = {"low": "low end", "high": "high end"}
    for extra in _provenance_extras():
        f = fields[extra]
        kind = _leaf_kind(_unwrap(f.type)) or "json"
        about = (
            f"{ends[extra]} of the plausible range of an inline assumption (blank: none)"
            if extra in ends
            else docs.get(extra, extra)
        )
        cols.append(Column(f"{path}.{extra}", kind, help=about, group=path))
    return cols


def _leaf_kind(tp: Any) -> str | None:
    if typing.get_origin(tp) is Literal:
        return "choice"
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return "choice"
        if tp is bool:
            return "bool"
        if tp is int:
            return "integer"
        if tp is float:
            return "number"
        if tp is str:
            return "text"
    return None


def _field_columns(
    owner: type, f: attrs.Attribute[Any], path: str, required: bool, defaults: bool = True
) -> list[Column]:
    """The columns of one field; ``defaults``: write the field's default in blank cells (not
    under an optional nested record, which a default would bring into being)."""
    help = _field_docs(owner).get(file_key(f), "")
    tp = _unwrap(f.type)
    if _is_provenance(tp):
        return _provenance_columns(path, help)
    kind = _leaf_kind(tp)
    if kind is not None:
        choices: tuple[Any, ...] = ()
        if kind == "choice":
            choices = _choice_values(tp)
        elif kind == "bool":
            choices = (True, False)
        elif kind == "text":
            choices = _text_choices(f)
            kind = "choice" if choices else "text"
        default = _default(f) if defaults else None
        return [Column(path, kind, required, default, choices, _bounds(f), help)]
    if isinstance(tp, type) and attrs.has(tp):
        return _columns(tp, path + ".", required, defaults=defaults and required)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and args:
        item = args[0]
        item_kind = _leaf_kind(item)
        if item_kind in ("number", "integer"):
            return [Column(path, "numbers", required, help=help)]
        if item_kind in ("text", "choice"):
            choices = _choice_values(item) if item_kind == "choice" else ()
            return [Column(path, "texts", required, choices=choices, help=help)]
    if (
        origin is dict
        and args
        and args[1] is Parameter
        and (owner, file_key(f)) in _KEYED_PARAMETERS
    ):
        keys, describe = _KEYED_PARAMETERS[(owner, file_key(f))]
        cols: list[Column] = []
        for name in keys():
            for c in _columns(Parameter, f"{path}.{name}.", False, defaults=False):
                if c.key == f"{path}.{name}.value":
                    c = attrs.evolve(c, help=describe(name))
                cols.append(c)
        return cols
    return [Column(path, "json", required, help=help)]


def _columns(
    cls: type,
    prefix: str = "",
    required: bool = True,
    skip: Iterable[str] = (),
    *,
    defaults: bool = True,
) -> list[Column]:
    out: list[Column] = []
    skipped = set(skip)
    for f in file_fields(cls):
        if file_key(f) in skipped:
            continue
        need = required and f.default is attrs.NOTHING
        out.extend(_field_columns(cls, f, prefix + file_key(f), need, defaults))
    return out


def _is_scalar(f: attrs.Attribute[Any]) -> bool:
    tp = _unwrap(f.type)
    return _is_provenance(tp) or _leaf_kind(tp) is not None


def _scalar_columns(cls: type, prefix: str = "") -> list[Column]:
    cols: list[Column] = []
    for f in file_fields(cls):
        if _is_scalar(f):
            cols.extend(_field_columns(cls, f, prefix + file_key(f), f.default is attrs.NOTHING))
    return cols


# Sections of Case held by a single record (their scalar fields go on the case sheet)
