"""From the plain data of a case to the cells of its tables (what a workbook and the CSV tables
write): one row per record, lists and provenance in their cell forms.

Examples
--------
>>> encode_list(["a", "b c"], numbers=False)
'a, b c'
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..errors import CaseFileError
from ..model import (
    Source,
)
from .columns import _BLANK, _PROVENANCE_TEXT, Column, Sheet, _plain
from .layout import _NESTED_SECTIONS, _show, layout

__all__ = ["Written", "encode_list", "encode_record", "provenance_text", "to_tables"]


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
    if data.get("design") == {}:  # a design section at its defaults: one cell says it is there
        data = {**data, "design": {"slack": True}}
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
