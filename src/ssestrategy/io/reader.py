"""Reading tables: the raw cells of a sheet, and the :class:`Reader` that turns them into
plain data while remembering which cell each field path came from, so that every problem of
the loader is told at its ``sheet!cell``.

Examples
--------
>>> letter(1), letter(28)
('A', 'AB')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .cell_values import _ASSUMPTION, _SOURCE, Cells, _CellError, _is_blank, _text_of, decode_cell
from .cells import _join, _label_default, _labels, _set
from .columns import _BLANK, _SKIP, Column

__all__ = ["RawSheet", "Reader", "letter"]


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
