"""From the sheets of a workbook (or the CSV tables of a case file) to a :class:`Case`: the
plain data is built sheet by sheet, handed to :func:`~ssestrategy.io.case_from_dict` (the one
validation), and every problem's field path is mapped back to its cell
(``actors[12].capacities.financing`` -> ``actors!D14``).

Examples
--------
>>> from ssestrategy.errors import Problem
>>> from ssestrategy.io.reader import Reader
>>> print(collect(Reader(), [Problem("name", "missing required field")]))
name: missing required field
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import ModelError, Problem, WorkbookError
from ..model import (
    Case,
)
from .cell_values import _CellError, _is_blank, _text_of, decode_cell
from .cells import _join, _section
from .columns import _BLANK, _SKIP, Column, Sheet
from .layout import layout
from .reader import RawSheet, Reader, _hint, letter
from .structure import case_from_dict

__all__ = ["collect", "read_sheets"]


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
