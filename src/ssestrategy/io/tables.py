"""The tabular surface of a case: sheets, columns and cells, derived from the domain types.

A workbook (:mod:`ssestrategy.io.workbook`) and a CSV table are a second surface of the plain
data of a case (:func:`~ssestrategy.io.case_to_dict`): one sheet per section, one row per
record, and each column header is the path of a field within its record
(``capacities.financing``, ``target.kinds``, ``params.tie_intensity.value``). The columns are
derived from the attrs fields of the model classes (with their docstrings as help, their enum
members as lists of allowed values and their validators' bounds), so a new field or enum member
appears in the workbook without an edit here; a field of a shape that has no flat form (a list
of records inside a record, say) becomes a JSON cell rather than being dropped.

Reading builds the plain data, hands it to :func:`~ssestrategy.io.case_from_dict` (the one
validation), and maps the field path of every problem back to the cell it came from
(``actors[12].capacities.financing`` -> ``actors!D14``). Nothing here imports openpyxl: CSV
tables are read and written with the standard library.

Examples
--------
>>> sheets = {s.name: s for s in layout()}
>>> [c.key for c in sheets["actors"].columns][:5]
['id', 'name', 'kind', 'capacities.financing', 'capacities.networking']
>>> sheets["actors"].column("kind").choices[:3]
('cooperative', 'enterprise', 'artisan')
>>> sheets["interventions"].link, sheets["interventions"].parent
('strategy', 'strategies')
"""

from __future__ import annotations

import csv
import functools
import inspect
import io
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import attrs

from ..errors import CaseFileError, ModelError, Problem, WorkbookError
from ..model import (
    LEVER_PARAMETERS,
    Actor,
    Assumption,
    Case,
    Constraint,
    Criteria,
    Criterion,
    Event,
    Foresight,
    Indicator,
    Intervention,
    Parameter,
    Partnership,
    Pole,
    ScenarioSpace,
    Source,
    Strategy,
    Territory,
    Uncertainty,
)
from ..model._checks import number_checks as _number_checks
from ..model._checks import validators
from ..model.outcomes import OUTCOMES
from ..model.targets import _outcome
from .structure import (
    CSV_SECTIONS,
    case_from_dict,
    case_to_dict,
    file_fields,
    file_key,
    unstructure,
)

__all__ = ["layout", "workbook_layout", "write_csv"]


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
_NESTED_SECTIONS: tuple[tuple[str, type], ...] = (
    ("uncertainties", ScenarioSpace),
    ("criteria", Criteria),
    ("foresight", Foresight),
)


@functools.cache
def layout() -> tuple[Sheet, ...]:
    """The sheets of a case workbook, in order, with their columns.

    Returns
    -------
    tuple of Sheet

    Examples
    --------
    >>> [s.name for s in layout()][:4]
    ['case', 'territory', 'indicators', 'actors']
    >>> [c.key for c in layout()[0].columns][:4]
    ['name', 'description', 'horizon', 'periods_per_year']
    """
    case_cols = _scalar_columns(Case)
    for name, cls in _NESTED_SECTIONS:
        case_cols += _scalar_columns(cls, f"{name}.")
    source_cols = []
    seen = set()
    docs = _field_docs(Source) | _field_docs(Assumption)
    for cls in (Source, Assumption):
        for f in file_fields(cls):
            if file_key(f) not in seen:
                seen.add(file_key(f))
                (col,) = _field_columns(cls, f, file_key(f), False)
                source_cols.append(attrs.evolve(col, default=None, help=docs.get(file_key(f), "")))
    text = "text"
    return (
        Sheet("case", "fields", "", "The study: its name, horizon and the settings of the "
              "criteria and foresight sections.", tuple(case_cols)),
        Sheet("territory", "fields", "territory", "The territory described.",
              tuple(_scalar_columns(Territory))),
        Sheet("indicators", "records", "territory.indicators",
              "Baseline indicators of the territory (population, unemployment, ...).",
              tuple(_columns(Indicator))),
        Sheet("actors", "records", "actors", "One actor per row, with its capacities on the "
              "four factors.", tuple(_columns(Actor))),
        Sheet("partnerships", "records", "partnerships", "One tie between two actors per row "
              "(source and target are actor ids).", tuple(_columns(Partnership))),
        Sheet("poles", "records", "poles", "Candidate poles; their members are listed on the "
              "pole_members sheet.", tuple(_columns(Pole, skip=("members",)))),
        Sheet("pole_members", "records", "poles", "One member of a pole per row: the pole's "
              "id and the member's actor id, in order.",
              (Column("pole", text, True, help="id of the pole (poles sheet)"),
               Column("member", text, True, help="actor id of the member")),
              parent="poles", link="pole", field="members"),
        Sheet("strategies", "records", "strategies", "Candidate strategies; their "
              "interventions are on the interventions sheet.",
              tuple(_columns(Strategy, skip=("interventions",)))),
        Sheet("interventions", "records", "strategies", "One intervention per row, under the "
              "strategy named in the first column, in order.",
              (Column("strategy", text, True, help="id of the strategy (strategies sheet)"),
               *_columns(Intervention)),
              parent="strategies", link="strategy", field="interventions"),
        Sheet("parameters", "keyed", "parameters", "Simulation parameters, with their "
              "provenance; edit a value to override its default.",
              (Column("name", text, True, help="parameter name"), *_columns(Parameter)),
              key="name"),
        Sheet("uncertainties", "records", "uncertainties.parameters", "Uncertain parameters "
              "and their distributions.", tuple(_columns(Uncertainty))),
        Sheet("events", "records", "uncertainties.events", "Shocks that may hit a future "
              "(a drought, a tourism collapse).", tuple(_columns(Event))),
        Sheet("constraints", "records", "constraints", "Limits the strategies must respect.",
              tuple(_columns(Constraint))),
        Sheet("criteria", "records", "criteria.items", "Ranking criteria with their weights "
              "(or the rows of an AHP pairwise matrix).",
              (*_columns(Criterion),
               Column("pairwise", "numbers", help="this criterion's row of the AHP pairwise "
                      "comparison matrix (one number per criterion; fractions such as 1/3 "
                      "allowed); leave the column empty to use the weights")),
              matrix="criteria.pairwise"),
        Sheet("micmac", "grid", "foresight", "MICMAC: direct influence (0-3) of the variable "
              "of each row on the variable of each column; blank cells count as 0.",
              (Column("variable", text, help="MICMAC variable"),),
              blocks=(("influence", "variables"),)),
        Sheet("mactor", "grid", "foresight", "MACTOR: influence (0-4) of the actor of each row "
              "on the actor of each column, then its position (-4..+4) on each objective; "
              "blank cells count as 0.",
              (Column("actor", text, help="MACTOR actor"),),
              blocks=(("mdi", "actors"), ("mao", "objectives"))),
        Sheet("sources", "keyed", "sources", "Named sources and assumptions that provenance "
              "cells refer to by key.",
              (Column("key", text, True, help="the key provenance cells use"), *source_cols),
              key="key"),
    )  # fmt: skip


def workbook_layout() -> list[dict[str, Any]]:
    """Every sheet of a case workbook and every column, described (for docs and instructions).

    Returns
    -------
    list of dict
        One dict per sheet: ``sheet``, ``about`` and ``columns``, a list of dicts with
        ``column``, ``type``, ``required``, ``default``, ``allowed`` and ``help``.

    Examples
    --------
    >>> sheets = {s["sheet"]: s for s in workbook_layout()}
    >>> cap = sheets["actors"]["columns"][3]
    >>> cap["column"], cap["type"], cap["required"]
    ('capacities.financing', 'number in [0, 1]', True)
    >>> "cooperative" in sheets["actors"]["columns"][2]["allowed"]
    True
    """
    out = []
    for s in layout():
        cols = []
        for c in s.columns:
            allowed = ", ".join(_show(x) for x in c.choices)
            default = "" if c.default is None else _show(c.default)
            cols.append(
                {
                    "column": c.key,
                    "type": c.describe_type(),
                    "required": c.required,
                    "default": default,
                    "allowed": allowed,
                    "help": c.help,
                }
            )
        out.append({"sheet": s.name, "about": s.about, "columns": cols})
    return out


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# --- plain data -> cells ----------------------------------------------------------------------

_PLAIN_ITEM = re.compile(r"^[^,\s\[\"](?:[^,\n\r\t]*[^,\s])?$")


def encode_list(items: Sequence[Any], numbers: bool) -> str | None:
    """A list as one cell: ``a, b, c``, or a JSON array when an item needs quoting.

    Examples
    --------
    >>> encode_list(["argan", "tourism"], numbers=False)
    'argan, tourism'
    >>> encode_list(["a, b", "c"], numbers=False)
    '["a, b", "c"]'
    >>> encode_list([0.1, 2.0], numbers=True)
    '0.1, 2.0'
    """
    if not items:
        return None
    if numbers and all(isinstance(x, int | float) and not isinstance(x, bool) for x in items):
        return ", ".join(repr(x) for x in items)
    if not numbers and all(isinstance(x, str) and _PLAIN_ITEM.match(x) for x in items):
        return ", ".join(items)
    return json.dumps(list(items), ensure_ascii=False)


def _get(record: Any, key: str) -> Any:
    node: Any = record
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _BLANK
        node = node[part]
    return node


def _set(record: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = record
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _label_default() -> str:
    return str(_plain(attrs.fields(Source).label.default))


def _labels() -> list[str]:
    return [str(_plain(x)) for x in typing.cast(Any, attrs.fields(Source).label.type)]


def provenance_text(value: Any) -> tuple[str | None, dict[str, Any]]:
    """The text of a provenance cell, and the values of its other columns (a range).

    Examples
    --------
    >>> provenance_text("rgph2024")
    ('rgph2024', {})
    >>> provenance_text({"note": "a guess", "low": 0.1, "high": 0.3})
    ('assumption: a guess', {'low': 0.1, 'high': 0.3})
    >>> provenance_text({"citation": "HCP 2024", "label": "approximate"})
    ('approximate source: HCP 2024', {})
    """
    if value is _BLANK or value is None:
        return None, {}
    if isinstance(value, str):
        return value, {}
    if isinstance(value, Mapping):
        extras = {k: v for k, v in value.items() if k not in _PROVENANCE_TEXT}
        if "citation" in value:
            label = value.get("label", _label_default())
            if label not in _labels():  # keep a bad label bad (the reader reports it)
                label = re.sub(r"[\s:]", "_", f"<{label}>")
            prefix = "source" if label == _label_default() else f"{label} source"
            return f"{prefix}: {value['citation']}", extras
        if "note" in value:
            return f"assumption: {value['note']}", extras
    return json.dumps(value, ensure_ascii=False), {}


def _encode(col: Column, value: Any) -> Any:
    if value is _BLANK:
        return col.default
    if col.kind in ("texts", "numbers") and isinstance(value, list | tuple):
        return encode_list(value, col.kind == "numbers")
    if col.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if col.kind == "text" and value == "":
        return None
    return value


def _uncovered(columns: Sequence[Column], record: Any, skip: Iterable[str] = ()) -> str | None:
    """The first field of ``record`` that no column holds (None when every field has one)."""
    keys = {c.key for c in columns} | set(skip)
    prefixes = {c.key.rsplit(".", n)[0] for c in columns for n in range(1, c.key.count(".") + 1)}

    def walk(node: Mapping[str, Any], prefix: str) -> str | None:
        for k, v in node.items():
            p = f"{prefix}{k}"
            if p in keys:
                continue
            if p in prefixes and isinstance(v, Mapping):
                found = walk(v, p + ".")
                if found is not None:
                    return found
                continue
            return p
        return None

    return walk(record, "") if isinstance(record, Mapping) else None


def encode_record(
    columns: Sequence[Column],
    record: Any,
    sources: Iterable[str] = (),
    path: str = "",
    skip: Iterable[str] | None = (),
) -> list[Any]:
    """The cells of one record, in the order of ``columns``.

    A field no column holds, or an inline provenance whose text would read back as the key of
    a named source (one of ``sources``), cannot be written: a
    :class:`~ssestrategy.errors.CaseFileError` says so at its path under ``path``. Fields in
    ``skip`` are held elsewhere (another sheet); None skips the check.

    Examples
    --------
    >>> cols = next(s for s in layout() if s.name == "partnerships").columns
    >>> encode_record(cols, {"source": "a", "target": "b", "kind": "market", "intensity": 0.5,
    ...                      "provenance": {"note": "guess", "low": 0.2, "high": 0.8}})
    ['a', 'b', 'market', 0.5, False, None, None, 'assumption: guess', 0.2, 0.8]
    """
    lost = None if skip is None else _uncovered(columns, record, skip)
    if lost is not None:
        raise CaseFileError.at(_join(path, lost), "no column of the workbook holds this field")
    cells: list[Any] = []
    groups: dict[str, dict[str, Any]] = {}
    for col in columns:
        if col.kind == "provenance":
            value = _get(record, col.key)
            text, extras = provenance_text(value)
            if isinstance(value, Mapping) and text is not None and text.strip() in sources:
                raise CaseFileError.at(
                    _join(path, col.key),
                    f"inline provenance {text!r} would read as the key of a named source",
                )
            groups[col.key] = extras
            cells.append(text)
        elif col.group:
            cells.append(groups.get(col.group, {}).get(col.key[len(col.group) + 1 :]))
        else:
            cells.append(_encode(col, _get(record, col.key)))
    return cells


@attrs.frozen
class Written:
    """The content of one sheet to write: header, rows, and the field path of each row
    (of each field, on a fields sheet)."""

    sheet: Sheet
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    paths: tuple[str, ...]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _covered() -> set[str]:
    """Sections and sub-sections (``a`` and ``a.b``) of the plain data that have a place."""
    out = {"sources"}
    for sheet in layout():
        keys = [c.key for c in sheet.columns] if sheet.kind == "fields" else []
        paths = [_join(sheet.path, k) for k in keys] + [sheet.path, sheet.matrix]
        paths += [f"{sheet.path}.{m}" for block in sheet.blocks for m in block]
        for p in paths:
            parts = p.split(".") if p else []
            out.update(".".join(parts[:k]) for k in (1, 2) if len(parts) >= k)
    return out


def _check_covered(data: Mapping[str, Any]) -> None:
    covered = _covered()
    nested = {"territory"} | {name for name, _ in _NESTED_SECTIONS}
    for k, v in data.items():
        if k not in covered:
            raise CaseFileError.at(str(k), "no sheet of the workbook layout holds this section")
        if k in nested and isinstance(v, Mapping):
            for kk in v:
                if f"{k}.{kk}" not in covered:
                    raise CaseFileError.at(
                        f"{k}.{kk}", "no sheet of the workbook layout holds this field"
                    )


def _check_keys(data: Mapping[str, Any]) -> None:
    for section in ("sources", "parameters"):
        for k in data.get(section, {}):
            if not isinstance(k, str) or k != k.strip() or not k:
                raise CaseFileError.at(
                    f"{section}.{k}", "a key with surrounding spaces cannot be written to a sheet"
                )


def to_tables(data: Mapping[str, Any], *, foresight: bool | None = None) -> list[Written]:
    """The sheets of a case's plain data (the file layout of :func:`case_to_dict`).

    Parameters
    ----------
    data : mapping
        Plain data of a case; ``parameters`` may list every parameter or only overrides.
    foresight : bool, optional
        Write the foresight sheets (default: when ``data`` has a foresight section).

    Returns
    -------
    list of Written

    Raises
    ------
    CaseFileError
        For data the layout has no place for, or an inline provenance that would read back as
        the key of a named source.

    Examples
    --------
    >>> tables = to_tables({"name": "demo", "territory": {"name": "Nowhere"}})
    >>> tables[0].rows[0][:2], tables[1].rows[0][:2]
    (('name', 'demo'), ('name', 'Nowhere'))
    """
    _check_covered(data)
    _check_keys(data)
    keys = frozenset(data.get("sources", {}))
    out: list[Written] = []
    with_foresight = ("foresight" in data) if foresight is None else foresight
    rows: list[tuple[Any, ...]]
    paths: list[str]
    for sheet in layout():
        if sheet.kind == "fields":
            record = data if sheet.path == "" else data.get(sheet.path, {})
            record = record if isinstance(record, Mapping) else {}
            cells = encode_record(sheet.columns, record, keys, sheet.path, None)
            rows = [(c.key, v, _field_help(c)) for c, v in zip(sheet.columns, cells, strict=True)]
            paths = [_join(sheet.path, c.key) for c in sheet.columns]
            out.append(Written(sheet, ("field", "value", "help"), tuple(rows), tuple(paths)))
        elif sheet.kind == "grid":
            if with_foresight:
                fs = data.get("foresight", {})
                out.append(_grid_table(sheet, fs if isinstance(fs, Mapping) else {}))
        elif sheet.kind == "keyed":
            rows, paths = [], []
            entries = data.get(sheet.path, {})
            for k, v in entries.items() if isinstance(entries, Mapping) else ():
                record = {"value": v} if isinstance(v, int | float) else v
                if sheet.path == "sources" and isinstance(v, Mapping) and "citation" in v:
                    record = {"label": _label_default(), **v}  # the label said, not implied
                path = f"{sheet.path}.{k}"
                rows.append((k, *encode_record(sheet.columns[1:], record, keys, path)))
                paths.append(path)
            out.append(_written(sheet, rows, paths))
        elif sheet.parent:
            rows, paths = [], []
            for i, parent in enumerate(_section(data, sheet.path)):
                children = parent.get(sheet.field, []) if isinstance(parent, Mapping) else []
                for j, item in enumerate(children if isinstance(children, list | tuple) else []):
                    path = f"{sheet.path}[{i}].{sheet.field}[{j}]"
                    if sheet.field == "members":
                        rows.append((parent.get("id"), item))
                    else:
                        cells = encode_record(sheet.columns[1:], item, keys, path)
                        rows.append((parent.get("id"), *cells))
                    paths.append(path)
            out.append(_written(sheet, rows, paths))
        else:
            matrix = _section(data, sheet.matrix) if sheet.matrix else []
            skip = [s.field for s in layout() if s.parent == sheet.name]
            rows, paths = [], []
            for i, record in enumerate(_section(data, sheet.path)):
                cells = encode_record(sheet.columns, record, keys, f"{sheet.path}[{i}]", skip)
                if sheet.matrix:
                    cells[-1] = encode_list(matrix[i] if i < len(matrix) else [], True)
                rows.append(tuple(cells))
                paths.append(f"{sheet.path}[{i}]")
            out.append(_written(sheet, rows, paths))
    return out


def _field_help(col: Column) -> str:
    parts = [col.describe_type()]
    if col.required:
        parts.append("required")
    if col.choices and col.kind == "choice":
        parts.append("one of: " + ", ".join(_show(x) for x in col.choices))
    if col.help:
        parts.append(col.help)
    return "; ".join(parts)


def _written(sheet: Sheet, rows: list[tuple[Any, ...]], paths: list[str]) -> Written:
    header = tuple(c.key for c in sheet.columns)
    return Written(sheet, header, tuple(tuple(r) for r in rows), tuple(paths))


def _section(data: Mapping[str, Any], path: str) -> list[Any]:
    node: Any = data
    for part in path.split("."):
        node = node.get(part, {}) if isinstance(node, Mapping) else {}
    return list(node) if isinstance(node, list | tuple) else []


def _grid_table(sheet: Sheet, fs: Mapping[str, Any]) -> Written:
    label_field = sheet.blocks[0][1]
    labels = list(fs.get(label_field, []))
    header: list[str] = [sheet.columns[0].key]
    for _, cols_field in sheet.blocks:
        header += [str(x) for x in fs.get(cols_field, [])]
    rows = []
    for i, label in enumerate(labels):
        row: list[Any] = [label]
        for matrix, cols_field in sheet.blocks:
            values = list(fs.get(matrix, []))
            row += list(values[i]) if i < len(values) else [None] * len(fs.get(cols_field, []))
        rows.append(tuple(row))
    paths = tuple(f"{sheet.path}.{label_field}[{i}]" for i in range(len(labels)))
    return Written(sheet, tuple(header), tuple(rows), paths)


# --- cells -> plain data ----------------------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_FRACTION = re.compile(r"^[+-]?\d+\s*/\s*\d+$")
_TRUE = {"true", "yes", "vrai", "oui", "1"}
_FALSE = {"false", "no", "faux", "non", "0"}
_ASSUMPTION = re.compile(r"^\s*assumption\s*:", re.IGNORECASE)
_SOURCE = re.compile(r"^\s*(?:(?P<label>[^\s:]+)\s+)?source\s*:", re.IGNORECASE)


class _CellError(Exception):
    """A cell that cannot be read (becomes a problem at its address)."""


def _is_blank(value: Any, kind: str = "") -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value == "" if kind == "text" else not value.strip()
    return False


def _parse_number(text: str, *, integer: bool = False, decimal_comma: bool = False) -> Any:
    s = text.strip()
    if decimal_comma and _DECIMAL_COMMA.match(s):
        s = s.replace(",", ".")
    if _INT.match(s):
        return int(s)
    if _FLOAT.match(s):
        x = float(s)
        return int(x) if integer and x.is_integer() else x
    if _FRACTION.match(s):
        try:
            return float(Fraction(s.replace(" ", "")))
        except ZeroDivisionError:
            raise _CellError(f"{text!r} divides by zero") from None
    return text


def _text_of(value: Any) -> Any:
    """Text of a cell in a text column (a spreadsheet stores ids such as 2021 as numbers)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return value


def _decode_list(col: Column, value: Any) -> Any:
    numbers = col.kind == "numbers"
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("["):
            try:
                items = json.loads(s)
            except json.JSONDecodeError as exc:
                raise _CellError(
                    f'a list in brackets must be JSON, e.g. ["a, b", "c"] ({exc.msg})'
                ) from None
            if not isinstance(items, list):  # pragma: no cover - "[" starts a JSON list
                raise _CellError("expected a list")
            return items
        items = [p.strip() for p in s.split(",")]
        items = [p for p in items if p]
        return [_parse_number(p) for p in items] if numbers else items
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [value] if numbers else [_text_of(value)]
    return value


def decode_cell(col: Column, value: Any, *, decimal_comma: bool = False) -> Any:
    """The plain value of a cell of ``col`` (``_BLANK`` for an empty cell).

    Cells a spreadsheet typed are taken as they are; text is parsed: numbers in number
    columns, ``true``/``false`` (also yes/no, vrai/faux, oui/non, 1/0) in true-or-false
    columns, lists in list columns. A value of the wrong type passes through, for the loader to
    report with the cell's address.

    Examples
    --------
    >>> decode_cell(Column("x", "number"), "0.5"), decode_cell(Column("x", "integer"), 12.0)
    (0.5, 12)
    >>> decode_cell(Column("x", "number"), "0,5", decimal_comma=True)
    0.5
    >>> decode_cell(Column("x", "bool"), "Vrai"), decode_cell(Column("x", "texts"), "a, b,")
    (True, ['a', 'b'])
    >>> decode_cell(Column("x", "numbers"), "1, 1/3") == [1, 1 / 3]
    True
    """
    kind = col.kind
    if _is_blank(value, kind):
        return _BLANK
    if kind == "text":
        return _text_of(value)
    if kind in ("number", "integer"):
        if isinstance(value, str):
            return _parse_number(value, integer=kind == "integer", decimal_comma=decimal_comma)
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if kind == "bool":
        if isinstance(value, str):
            s = value.strip().lower()
            return True if s in _TRUE else False if s in _FALSE else value
        if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
            return bool(value)
        return value
    if kind in ("texts", "numbers"):
        return _decode_list(col, value)
    if kind == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise _CellError(f"not valid JSON ({exc.msg})") from None
    return value


Cells = Mapping[str, tuple[Any, str]]


@attrs.frozen
class RawSheet:
    """The cells of one sheet as read: its header row, and the data rows with their numbers.

    Examples
    --------
    >>> RawSheet("actors", ("id", "name"), ((2, ("c1", "Coop")),)).rows[0][0]
    2
    """

    name: str
    header: tuple[Any, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


class Reader:
    """Turns cells into the plain data of a case and remembers where each record came from,
    so that the loader's field paths can be told as cells.

    Parameters
    ----------
    sources : iterable of str
        Keys of the named sources that provenance cells may refer to.

    Examples
    --------
    >>> r = Reader()
    >>> r.cells["territory.name"] = "territory!B2"
    >>> r.find("territory.name"), r.find("territory.name.x")
    (('territory!B2', ''), ('territory!B2', ''))
    """

    def __init__(self, sources: Iterable[str] = ()) -> None:
        self.sources = {str(k).strip() for k in sources}
        self.decimal_comma = False
        self.problems: list[tuple[str, str, str]] = []  # (address, field path, message)
        # record path -> (column letter of each column key and key prefix, sheet, row)
        self.records: dict[str, tuple[Mapping[str, str | None], str, int]] = {}
        self.cells: dict[str, str] = {}
        self.order: dict[str, int] = {}  # sheets in the order they were read
        self._strays: set[tuple[str, int]] = set()

    def bad(self, address: str, message: str, path: str = "") -> None:
        """Record a problem with a cell."""
        self.problems.append((address, path, message))

    def find(self, path: str) -> tuple[str, str] | None:
        """The cell a field path came from, and the part of the path left unresolved ("" when
        the path names that cell); ``_SKIP`` for a column missing from the sheet (already
        reported), None for a path that came from no cell."""
        for cand in _prefixes(path):
            if cand in self.cells:
                return self.cells[cand], ""
            rec = self.records.get(cand)
            if rec is not None:
                letters, sheet, row = rec
                rest = path[len(cand) :].lstrip(".")
                for sub in _prefixes(rest) if rest else ():
                    if sub in letters:
                        col = letters[sub]
                        return (f"{sheet}!{col}{row}", "") if col is not None else _SKIP
                return f"{sheet}!A{row}", rest
        return None

    # one record ------------------------------------------------------------------------------
    def record(self, columns: Sequence[Column], cells: Cells, path: str) -> dict[str, Any]:
        """Plain data of one record from its cells (column key -> (value, address))."""
        out: dict[str, Any] = {}
        for col in columns:
            if col.group:
                continue
            if col.kind == "provenance":
                value = self._provenance(col, columns, cells, path)
            else:
                item = cells.get(col.key)
                if item is None:
                    continue
                try:
                    value = decode_cell(col, item[0], decimal_comma=self.decimal_comma)
                except _CellError as exc:
                    self.bad(item[1], str(exc), _join(path, col.key))
                    continue
            if value is not _BLANK:
                _set(out, col.key, value)
        return out

    def _provenance(self, col: Column, columns: Sequence[Column], cells: Cells, path: str) -> Any:
        extras: dict[str, tuple[Any, str]] = {}
        for c in columns:
            if c.group == col.key and c.key in cells:
                value, address = cells[c.key]
                v = decode_cell(c, value, decimal_comma=self.decimal_comma)
                if v is not _BLANK:
                    extras[c.key[len(col.key) + 1 :]] = (v, address)
        plain = {k: v for k, (v, _) in extras.items()}
        item = cells.get(col.key)
        raw = None if item is None else _text_of(item[0])
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            # a range without a note: the loader says a provenance needs one
            return plain or _BLANK
        if not isinstance(raw, str):
            return raw
        here, where = item[1] if item is not None else "", _join(path, col.key)
        key = raw.strip()
        if key in self.sources:
            for name, (_, address) in extras.items():
                self.bad(
                    address,
                    f"a {name} belongs to an inline assumption: write 'assumption: why' in the "
                    f"{col.key} column, or give it to source {key!r} on the sources sheet",
                    _join(where, name),
                )
            return key
        m = _ASSUMPTION.match(raw)
        if m:
            return {"note": _rest(raw, m.end()), **plain}
        m = _SOURCE.match(raw)
        if m:
            label = (m.group("label") or _label_default()).lower()
            if label not in _labels():
                self.bad(
                    here,
                    f"unknown label {m.group('label')!r} of an inline source (expected one of: "
                    f"{', '.join(_labels())})",
                    _join(where, "label"),
                )
                return _BLANK
            out = {"citation": _rest(raw, m.end()), **plain}
            if label != _label_default():
                out["label"] = label
            return out
        known = ", ".join(sorted(self.sources)) or "none defined"
        self.bad(
            here,
            f"unknown source {raw!r} (sources: {known}); an inline provenance reads "
            "'assumption: why' or 'source: citation'",
            where,
        )
        return _BLANK

    # sheets ------------------------------------------------------------------------------------
    def header(
        self, name: str, header: Sequence[Any], columns: Sequence[Column], rows: bool = True
    ) -> dict[int, int]:
        """Position in the header row -> index of the column; unknown columns are reported, and
        missing required ones when the sheet has ``rows``."""
        by_key = {c.key: i for i, c in enumerate(columns)}
        found: dict[int, int] = {}
        seen: dict[str, int] = {}
        for j, h in enumerate(header):
            text = "" if h is None else str(h).strip()
            if not text or text.startswith("#"):
                continue
            address = f"{name}!{letter(j + 1)}1"
            if text not in by_key:
                self.bad(address, f"unknown column {text!r}{_hint(text, by_key)}; columns "
                         "whose header starts with # are yours (ignored)")  # fmt: skip
            elif text in seen:
                self.bad(address, f"column {text!r} given twice (first in {letter(seen[text])})")
            else:
                seen[text] = j + 1
                found[j] = by_key[text]
        if rows:
            for c in columns:
                if c.required and c.key not in seen:
                    self.bad(f"{name}!{letter(len(header) + 1)}1", f"missing column {c.key!r}")
        return found

    def table(
        self, raw: RawSheet, columns: Sequence[Column]
    ) -> tuple[Mapping[str, str | None], list[tuple[int, dict[str, tuple[Any, str]], str]]]:
        """The rows of a records sheet: the column letter of each column key (and of each
        key prefix, ``capacities``: its first column; None for a column missing from the
        sheet), and the non-blank rows as ``(row, cells by column key, first cell)``."""
        name = raw.name
        self.order.setdefault(name, len(self.order))
        has_rows = any(not all(_is_blank(v) for v in values) for _, values in raw.rows)
        found = self.header(name, raw.header, columns, has_rows)
        width = max([len(raw.header), *(len(v) for _, v in raw.rows)], default=0)
        letters = [letter(j + 1) for j in range(width)]
        keys = {j: columns[i].key for j, i in found.items()}
        out = []
        for r, values in raw.rows:
            if all(_is_blank(v) for v in values):
                continue
            cells: dict[str, tuple[Any, str]] = {}
            for j, v in enumerate(values):
                if j in keys:
                    cells[keys[j]] = (v, f"{name}!{letters[j]}{r}")
                elif not _is_blank(v):
                    h = raw.header[j] if j < len(raw.header) else None
                    if (h is None or not str(h).strip()) and (name, j) not in self._strays:
                        self._strays.add((name, j))
                        self.bad(f"{name}!{letters[j]}{r}", _NO_HEADER)
            out.append((r, cells, f"{name}!A{r}"))
        return _letters(columns, {k: letters[j] for j, k in keys.items()}), out


_NO_HEADER = "a value in a column without a header (give it one; a header starting with # is yours)"


def _hint(text: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(text, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _letters(columns: Sequence[Column], present: Mapping[str, str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for c in columns:
        col = present.get(c.key)
        out[c.key] = col
        parts = c.key.split(".")
        for k in range(1, len(parts)):
            prefix = ".".join(parts[:k])
            if prefix not in out or (out[prefix] is None and col is not None):
                out[prefix] = col
    return out


def _rest(text: str, end: int) -> str:
    rest = text[end:]
    return rest[1:] if rest.startswith(" ") else rest


def _prefixes(path: str) -> list[str]:
    """``a[1].b.c`` -> ``['a[1].b.c', 'a[1].b', 'a[1]', 'a']``."""
    out = [path]
    p = path
    while True:
        cut = max(p.rfind("."), p.rfind("["))
        if cut <= 0:
            return out
        p = p[:cut]
        out.append(p)


def letter(col: int) -> str:
    """Spreadsheet letters of a 1-based column number.

    Examples
    --------
    >>> letter(1), letter(4), letter(27)
    ('A', 'D', 'AA')
    """
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


# --- reading sheets -----------------------------------------------------------------------


def collect(reader: Reader, found: Sequence[Problem] = ()) -> WorkbookError | None:
    """The problems of the cells, and the loader's problems told as cells (one per cell).

    Parameters
    ----------
    reader : Reader
    found : sequence of Problem
        Problems the loader found, with field paths.

    Returns
    -------
    WorkbookError or None
    """
    problems: list[Problem] = []
    fields: list[str] = []
    seen: set[str] = set()
    for address, path, message in reader.problems:
        problems.append(Problem(address, message))
        fields.append(path)
        seen.add(address)
    for p in found:
        hit = reader.find(p.path) if p.path else None
        if hit is _SKIP:
            continue
        if hit is None:
            problems.append(p)
        else:
            address, rest = hit
            if address in seen and not rest:
                continue
            message = _PATH_IN_TEXT.sub(lambda m: _as_cell(m.group(0), reader), p.message)
            problems.append(Problem(address, f"{rest}: {message}" if rest else message))
        fields.append(p.path)
    if not problems:
        return None
    order = sorted(range(len(problems)), key=lambda i: _position(problems[i].path, reader))
    return WorkbookError([problems[i] for i in order], [fields[i] for i in order])


_PATH_IN_TEXT = re.compile(r"(?<![\w.!])[a-z_]+(?:\.[a-z_]+)*\[\d+\](?:\[\d+\]|\.[a-z_]+)*")


def _as_cell(path: str, reader: Reader) -> str:
    """A field path quoted in a message (``first at actors[0]``) told as its cell."""
    hit = reader.find(path)
    return hit[0] if hit and hit is not _SKIP and not hit[1] else path


_ADDRESS = re.compile(r"^(?P<sheet>.+)!(?P<col>[A-Z]+)(?P<row>\d+)$")


def _position(address: str, reader: Reader) -> tuple[int, int, int]:
    """Sort key of a problem: sheets in the order they were read (a missing sheet first, a
    field path last), then row, then column."""
    m = _ADDRESS.match(address)
    if m is None:
        return (len(reader.order) + 1, 0, 0)
    col = 0
    for ch in m.group("col"):
        col = col * 26 + ord(ch) - 64
    return (reader.order.get(m.group("sheet"), -1), int(m.group("row")), col)


def read_sheets(sheets: Mapping[str, RawSheet], reader: Reader | None = None) -> Case:
    """A case from the cells of a workbook's sheets, all or nothing.

    Parameters
    ----------
    sheets : mapping of str to RawSheet
        The sheets found, by name (matched to the layout without regard to case; other
        sheets are ignored).
    reader : Reader, optional
        May carry problems already found (formula cells without a value, say).

    Returns
    -------
    Case

    Raises
    ------
    WorkbookError
        Every problem, each at its ``sheet!cell``.

    Examples
    --------
    >>> case = read_sheets({
    ...     "case": RawSheet("case", ("field", "value"), ((2, ("name", "demo")),)),
    ...     "territory": RawSheet("territory", ("field", "value"), ((2, ("name", "T")),)),
    ...     "actors": RawSheet("actors", ("id", "name", "kind", "capacities.financing"),
    ...                        ((2, ("c1", "Coop", "cooperative", 1.5)),)),
    ... })
    Traceback (most recent call last):
    ...
    ssestrategy.errors.WorkbookError: actors!E1: missing column 'capacities.networking'
    actors!E1: missing column 'capacities.innovation'
    actors!E1: missing column 'capacities.governance'
    actors!D2: 1.5 is outside [0, 1]
    """
    reader = reader or Reader()
    by_name = {name.strip().lower(): raw for name, raw in sheets.items()}
    specs = {s.name: s for s in layout()}
    if not any(s in by_name for s in specs):
        raise WorkbookError(
            [Problem("", f"not a case workbook: no sheet named {', '.join(specs)}")], [""]
        )
    if "sources" in by_name:
        reader.sources = {
            str(v[0]).strip() for _, v in by_name["sources"].rows if v and not _is_blank(v[0])
        }
    data: dict[str, Any] = {}
    for spec in layout():
        raw = by_name.get(spec.name)
        if spec.parent:
            for parent in _section(data, spec.path):
                if isinstance(parent, dict):  # a list field absent from the sheets is empty
                    parent.setdefault(spec.field, [])
        if raw is None:
            continue
        if spec.kind == "fields":
            _read_fields(spec, raw, data, reader)
        elif spec.kind == "keyed":
            _read_keyed(spec, raw, data, reader)
        elif spec.kind == "grid":
            _read_grid(spec, raw, data, reader)
        elif spec.parent:
            _read_children(spec, raw, data, reader)
        else:
            _read_records(spec, raw, data, reader)
    for spec in layout()[:2]:  # the fields sheets (case, territory) must be there
        if spec.name not in by_name:
            reader.bad(f"{spec.name}!A1", f"missing sheet {spec.name!r}")
            for c in spec.columns:  # the loader's "missing" problems are that one
                reader.cells[_join(spec.path, c.key)] = f"{spec.name}!A1"
            if spec.path:
                reader.cells[spec.path] = f"{spec.name}!A1"
    try:
        case = case_from_dict(data)
    except ModelError as err:
        raise typing.cast(WorkbookError, collect(reader, err.problems)) from None
    error = collect(reader)
    if error is not None:
        raise error
    return case


def _read_fields(spec: Sheet, raw: RawSheet, data: dict[str, Any], reader: Reader) -> None:
    by_key = {c.key: c for c in spec.columns}
    cells: dict[str, tuple[Any, str]] = {}
    reader.cells[spec.path] = f"{raw.name}!A1"
    reader.order.setdefault(raw.name, len(reader.order))
    for r, values in ((1, raw.header), *raw.rows):
        key = values[0] if values else None
        value = values[1] if len(values) > 1 else None
        if r == 1 and isinstance(key, str) and key.strip().lower() == "field":
            continue  # the header row
        if _is_blank(key):
            if not _is_blank(value):
                reader.bad(f"{raw.name}!A{r}", "a value without a field name in column A")
            continue
        text = str(key).strip()
        if text not in by_key:
            reader.bad(f"{raw.name}!A{r}", f"unknown field {text!r}{_hint(text, by_key)}")
        elif text in cells:
            reader.bad(f"{raw.name}!A{r}", f"field {text!r} given twice")
        else:
            cells[text] = (value, f"{raw.name}!B{r}")
    for c in spec.columns:  # each field, and each prefix (criteria.provenance), to its row
        if c.key in cells:
            parts = c.key.split(".")
            for n in range(len(parts), 0, -1):
                reader.cells.setdefault(_join(spec.path, ".".join(parts[:n])), cells[c.key][1])
    record = reader.record(spec.columns, cells, spec.path)
    if spec.path:
        data.setdefault(spec.path, {}).update(record)
        return
    for name, v in record.items():
        if isinstance(v, dict):
            data.setdefault(name, {}).update(v)
        else:
            data[name] = v


def _section_list(data: dict[str, Any], path: str) -> list[Any]:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    return typing.cast(list[Any], node.setdefault(parts[-1], []))


def _read_records(spec: Sheet, raw: RawSheet, data: dict[str, Any], reader: Reader) -> None:
    reader.cells.setdefault(spec.path, f"{raw.name}!A1")
    matrix = spec.columns[-1] if spec.matrix else None
    columns = spec.columns[:-1] if matrix is not None else spec.columns
    letters, items = reader.table(raw, spec.columns)
    if not items:
        return
    target = _section_list(data, spec.path)
    rows: list[Any] = []
    for r, cells, first in items:
        path = f"{spec.path}[{len(target)}]"
        target.append(reader.record(columns, cells, path))
        reader.records[path] = (letters, raw.name, r)
        if matrix is not None:
            row_path = f"{spec.matrix}[{len(rows)}]"
            item = cells.get(matrix.key)
            reader.cells[row_path] = item[1] if item is not None else first
            try:
                value = _BLANK if item is None else decode_cell(matrix, item[0])
            except _CellError as exc:
                reader.bad(reader.cells[row_path], str(exc), row_path)
                value = _BLANK
            rows.append(value)
    if matrix is not None and any(v is not _BLANK for v in rows):
        section, field = spec.matrix.split(".")
        data.setdefault(section, {})[field] = [[] if v is _BLANK else v for v in rows]
        reader.cells[spec.matrix] = f"{raw.name}!{letters[matrix.key] or 'A'}1"


def _read_children(spec: Sheet, raw: RawSheet, data: dict[str, Any], reader: Reader) -> None:
    parents = _section(data, spec.path)
    ids: dict[Any, int] = {}
    for i, p in enumerate(parents):
        if isinstance(p, dict) and p.get("id") not in ids:
            ids[p.get("id")] = i
    link, value_columns = spec.columns[0], spec.columns[1:]
    letters, items = reader.table(raw, spec.columns)
    for r, cells, first in items:
        item = cells.get(link.key)
        ref = _BLANK if item is None else decode_cell(link, item[0])
        if ref is _BLANK or ref not in ids:
            known = ", ".join(str(k) for k in ids) or "none"
            reader.bad(
                first if item is None else item[1],
                f"which {link.key}? give the id of a row of the {spec.parent} sheet"
                if ref is _BLANK
                else f"unknown {link.key} {ref!r} ({spec.parent}: {known})",
            )
            continue
        i = ids[ref]
        children = parents[i].setdefault(spec.field, [])
        path = f"{spec.path}[{i}].{spec.field}[{len(children)}]"
        if spec.field == "members":
            member = cells.get(value_columns[0].key)
            value = _BLANK if member is None else decode_cell(value_columns[0], member[0])
            children.append(None if value is _BLANK else value)
            reader.cells[path] = member[1] if member is not None else first
        else:
            children.append(reader.record(value_columns, cells, path))
            reader.records[path] = (letters, raw.name, r)


def _read_keyed(spec: Sheet, raw: RawSheet, data: dict[str, Any], reader: Reader) -> None:
    reader.cells.setdefault(spec.path, f"{raw.name}!A1")
    key_col = spec.columns[0]
    out: dict[str, Any] = {}
    rows: dict[str, int] = {}
    letters, items = reader.table(raw, spec.columns)
    for r, cells, first in items:
        item = cells.get(key_col.key)
        value = _BLANK if item is None else decode_cell(key_col, item[0])
        if value is _BLANK or item is None:
            reader.bad(first, f"give this row a {key_col.key}")
            continue
        key = str(value).strip()
        if key in rows:
            reader.bad(item[1], f"{key!r} given twice (first in row {rows[key]})")
            continue
        rows[key] = r
        path = f"{spec.path}.{key}"
        out[key] = reader.record(spec.columns[1:], cells, path)
        reader.records[path] = (letters, raw.name, r)
    if out:
        data[spec.path] = out


def _read_grid(spec: Sheet, raw: RawSheet, data: dict[str, Any], reader: Reader) -> None:
    fs = data.setdefault(spec.path, {})
    name, label_col = raw.name, spec.columns[0]
    reader.order.setdefault(name, len(reader.order))
    row_field = spec.blocks[0][1]
    reader.cells.setdefault(f"{spec.path}.{row_field}", f"{name}!A1")
    labels: list[Any] = []
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for r, values in raw.rows:
        if all(_is_blank(v) for v in values):
            continue
        label = decode_cell(label_col, values[0] if values else None)
        if label is _BLANK:
            reader.bad(f"{name}!A{r}", f"give this row its {label_col.key} in column A")
            continue
        reader.cells[f"{spec.path}.{row_field}[{len(labels)}]"] = f"{name}!A{r}"
        labels.append(label)
        rows.append((r, values))
    fs[row_field] = labels
    header = raw.header
    j = 1
    for matrix, cols_field in spec.blocks:
        reader.cells[f"{spec.path}.{matrix}"] = f"{name}!{letter(j + 1)}1"
        if cols_field == row_field:
            n = len(labels)
            for k in range(n):
                h = _text_of(header[j + k]) if j + k < len(header) else None
                if h != labels[k]:
                    reader.bad(
                        f"{name}!{letter(j + k + 1)}1",
                        f"this column is for {label_col.key} {labels[k]!r} (row {rows[k][0]}), "
                        f"found {h!r}: one column per row, in the order of the rows",
                    )
        else:
            names: list[Any] = []
            while j + len(names) < len(header) and not _is_blank(header[j + len(names)]):
                address = f"{name}!{letter(j + len(names) + 1)}1"
                reader.cells[f"{spec.path}.{cols_field}[{len(names)}]"] = address
                names.append(_text_of(header[j + len(names)]))
            n = len(names)
            fs[cols_field] = names
            reader.cells.setdefault(f"{spec.path}.{cols_field}", f"{name}!{letter(j + 1)}1")
        values_rows = []
        for i, (r, values) in enumerate(rows):
            reader.cells[f"{spec.path}.{matrix}[{i}]"] = f"{name}!{letter(j + 1)}{r}"
            out = []
            for k in range(n):
                address = f"{name}!{letter(j + k + 1)}{r}"
                reader.cells[f"{spec.path}.{matrix}[{i}][{k}]"] = address
                x = decode_cell(_NUMBER, values[j + k] if j + k < len(values) else None)
                out.append(0 if x is _BLANK else x)
            values_rows.append(out)
        fs[matrix] = values_rows
        j += n
    for r, values in ((1, header), *rows):
        stray = next((k for k in range(j, len(values)) if not _is_blank(values[k])), None)
        if stray is not None:
            reader.bad(f"{name}!{letter(stray + 1)}{r}", "a value outside the matrix")


_NUMBER = Column("", "number")


# --- CSV tables -----------------------------------------------------------------------------


def read_csv(path: Path, section: str, reader: Reader) -> list[dict[str, Any]]:
    """The records of one section from a CSV table with the columns of its sheet.

    The delimiter (comma, semicolon or tab) is read from the header line; with semicolons
    (spreadsheets in a French locale) a decimal comma (``0,5``) is read in number cells.
    Problems are recorded in ``reader`` at ``file.csv!D14``, the cell a spreadsheet shows.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "actors.csv"
    >>> _ = path.write_text("id;name;kind;capacities.financing\\nc1;Coop;cooperative;0,5\\n",
    ...                     encoding="utf-8")
    >>> read_csv(path, "actors", Reader())
    [{'id': 'c1', 'name': 'Coop', 'kind': 'cooperative', 'capacities': {'financing': 0.5}}]
    """
    spec = next(s for s in layout() if s.name == section)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CaseFileError.at(section, f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CaseFileError.at(
            section, f"{path} is not UTF-8 text (save it as CSV UTF-8)"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = tuple(rows[0]) if rows else ()
    raw = RawSheet(path.name, header, tuple((i + 2, tuple(r)) for i, r in enumerate(rows[1:])))
    reader.decimal_comma = delimiter == ";"
    data: dict[str, Any] = {}
    try:
        _read_records(spec, raw, data, reader)
    finally:
        reader.decimal_comma = False
    return list(data.get(section, []))


def write_csv(case: Case, section: str, path: str | Path) -> None:
    """Write one table of a case (``actors`` or ``partnerships``) as a CSV file.

    The columns are those of the workbook's sheet. A TOML or JSON case file may name a CSV
    file instead of listing the records (``actors = "actors.csv"``, relative to the case
    file); :func:`~ssestrategy.io.load` reads it and reports bad cells as ``actors.csv!D14``.

    Parameters
    ----------
    case : Case
    section : {'actors', 'partnerships'}
    path : str or Path

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from ssestrategy.datasets import tiznit
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_csv(tiznit(), "actors", folder / "actors.csv")
    >>> (folder / "actors.csv").read_text(encoding="utf-8").splitlines()[0][:40]
    'id,name,kind,capacities.financing,capaci'
    """
    if section not in CSV_SECTIONS:
        raise CaseFileError.at(
            "section", f"unknown CSV section {section!r} (one of: {', '.join(CSV_SECTIONS)})"
        )
    table = next(w for w in to_tables(case_to_dict(case)) if w.sheet.name == section)
    buf = io.StringIO(newline="")
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(table.header)
    for row in table.rows:
        out.writerow(["" if v is None else _csv_text(v) for v in row])
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def _csv_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def resolve_csv(data: Mapping[str, Any], folder: Path) -> tuple[dict[str, Any], Reader | None]:
    """Replace ``actors = "actors.csv"`` (and ``partnerships``) by the records of that file.

    Parameters
    ----------
    data : mapping
        Plain data of a case file.
    folder : Path
        Folder the CSV names are relative to (the case file's).

    Returns
    -------
    data : dict
    reader : Reader or None
        Where each record came from, and the problems of its cells (None when the case file
        names no CSV table).
    """
    named = [k for k in CSV_SECTIONS if isinstance(data.get(k), str)]
    if not named:
        return dict(data), None
    sources = data.get("sources")
    reader = Reader(sources if isinstance(sources, Mapping) else ())
    out = dict(data)
    for k in named:
        out[k] = read_csv(folder / str(data[k]), k, reader)
    return out, reader


def full_parameters(case: Case) -> dict[str, Any]:
    """Plain data of every simulation parameter of ``case``, defaults included."""
    return {k: unstructure(v, sources=case.sources) for k, v in case.parameters.items()}
