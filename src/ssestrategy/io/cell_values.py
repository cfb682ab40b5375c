"""From a cell to a value: numbers (decimal commas and fractions too), booleans, lists, enum
members and provenance, each refused with what was expected.

Examples
--------
>>> from ssestrategy.io.columns import Column
>>> decode_cell(Column("members", "integer"), "12")
12
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .columns import _BLANK, Column

__all__ = ["Cells", "decode_cell"]


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
