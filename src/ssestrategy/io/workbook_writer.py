"""Writing a case workbook with openpyxl: a sheet per table with its header (yellow when
required, a comment with the field's help), drop-down lists of the allowed values, number cells
that keep every digit, text that never becomes a formula, an instructions sheet and a lists
sheet. The public functions are :func:`~ssestrategy.io.write_workbook` and
:func:`~ssestrategy.io.write_template`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import CaseFileError
from .cells import Written
from .columns import Column, Sheet
from .layout import workbook_layout
from .reader import letter

__all__: list[str] = []

_MAX_TEXT = 32_767  # characters Excel keeps in one cell
_LAST_ROW = 1_048_576
_HEADER_FILL = "DDE4EE"
_REQUIRED_FILL = "F4D58D"

_GUIDE: tuple[tuple[str, bool], ...] = (
    ("ssestrategy case workbook", True),
    ("", False),
    (
        "This workbook is a case file: 'ssestrategy validate FILE.xlsx' checks it, "
        "'ssestrategy compare FILE.xlsx' ranks its strategies; in Python, "
        "ssestrategy.load('FILE.xlsx'). Problems are reported at their cell: "
        "actors!D14: 1.5 is outside [0, 1].",
        False,
    ),
    (
        "Each sheet holds one section of the case; on a table sheet each row is one record "
        "and the header row names the field of each column: keep it as it is. Columns "
        "whose header starts with # are yours (ignored), and so are sheets not listed "
        "below. Yellow headers are required; a blank cell takes the default.",
        False,
    ),
    (
        'Lists in one cell: a, b, c (a JSON list such as ["a, b", "c"] when an item '
        "holds a comma). True or false: TRUE / FALSE.",
        False,
    ),
    (
        "Provenance: every record says where its numbers come from, in its provenance "
        "column: the key of a row of the sources sheet; or 'assumption: why this value', "
        "with the plausible range in provenance.low and provenance.high (sensitivity "
        "analysis varies assumed values over it); or 'source: citation' (or 'approximate "
        "source: ...', 'derived source: ...').",
        False,
    ),
    (
        "Strategies: one row per strategy on the strategies sheet, and its interventions on "
        "the interventions sheet, each naming the strategy's id in its first column, in "
        "order. Poles: their members are on the pole_members sheet, one per row.",
        False,
    ),
    (
        "Parameters: every simulation parameter, with its default and its provenance; change "
        "a value (and say why in its provenance) to override the default.",
        False,
    ),
    (
        "Foresight: the micmac and mactor sheets hold the MICMAC and MACTOR matrices (blank "
        "cells count as 0); delete both sheets when the study has no foresight inputs.",
        False,
    ),
    (
        "Formulas are read through the value your spreadsheet program last computed and "
        "saved; a formula without one (a file written by a script) is refused: open and "
        "save the file, or type the value.",
        False,
    ),
)
"""The instructions sheet's text: (paragraph, is a title)."""


def write_tables(openpyxl: Any, tables: Sequence[Written], path: Path, *, template: bool) -> None:
    """Write the tables of a case (or of an empty template) as a workbook at ``path``."""
    writer = _Writer(openpyxl)
    for w in tables:
        writer.table(w)
    _instructions(writer.guide, writer.bold, template)
    writer.lists_sheet()
    try:
        writer.wb.save(path)
    except OSError as exc:
        raise CaseFileError.at("", f"cannot write {path}: {exc.strerror or exc}") from None


class _Writer:
    """One workbook being written, with the drop-down lists its sheets share."""

    def __init__(self, openpyxl: Any) -> None:
        from openpyxl.styles import Font, PatternFill

        self.wb = openpyxl.Workbook()
        self.guide = self.wb.active
        self.guide.title = "instructions"
        self.lists: dict[tuple[Any, ...], str] = {}
        self.list_sheet: list[tuple[str, tuple[Any, ...]]] = []
        self.bold = Font(bold=True)
        self.fills = {
            False: PatternFill("solid", fgColor=_HEADER_FILL),
            True: PatternFill("solid", fgColor=_REQUIRED_FILL),
        }

    def choice_range(self, sheet: str, col: Column) -> str:
        key = tuple(col.choices)
        if key not in self.lists:
            n = len(self.list_sheet) + 1
            self.list_sheet.append(
                ("true or false" if col.kind == "bool" else f"{sheet}.{col.key}", key)
            )
            self.lists[key] = f"lists!${letter(n)}$2:${letter(n)}${len(key) + 1}"
        return self.lists[key]

    def validate(self, ws: Any, col: Column, cells: str) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        if col.kind not in ("choice", "bool") or not col.choices:
            return
        dv = DataValidation(
            type="list",
            formula1=self.choice_range(ws.title, col),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not in the list",
            error=f"{col.key}: choose a value from the list (see the lists sheet)",
        )
        dv.add(cells)
        ws.add_data_validation(dv)

    def table(self, w: Written) -> None:
        """One sheet: header, rows, drop-down lists, frozen panes and widths."""
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment

        ws = self.wb.create_sheet(w.sheet.name)
        for j, h in enumerate(w.header, start=1):
            cell = ws.cell(row=1, column=j, value=h)
            cell.data_type = "s"
            cell.font = self.bold
            col = _column_of(w.sheet, h, j)
            cell.fill = self.fills[bool(col is not None and col.required)]
            if col is not None and col.help and w.sheet.kind != "fields":
                cell.comment = Comment(_note(col), "ssestrategy", width=320, height=160)
        for i, (row, where_row) in enumerate(zip(w.rows, w.paths, strict=True), start=2):
            for j, value in enumerate(row, start=1):
                where = where_row if w.sheet.kind == "fields" else _field(w, where_row, j)
                _put(ws, i, j, value, where)
        if w.sheet.kind == "fields":
            for i, col in enumerate(w.sheet.columns, start=2):
                ws.cell(row=i, column=1).font = self.bold
                self.validate(ws, col, f"B{i}")
                ws.cell(row=i, column=3).alignment = Alignment(wrap_text=False)
            ws.freeze_panes = "A2"
            widths: dict[int, float] = {1: 26, 2: 48, 3: 100}
        else:
            if w.sheet.kind != "grid":
                for j, col in enumerate(w.sheet.columns, start=1):
                    self.validate(ws, col, f"{letter(j)}2:{letter(j)}{_LAST_ROW}")
            ws.freeze_panes = "B2"
            widths = _widths(w)
        for j, width in widths.items():
            ws.column_dimensions[letter(j)].width = width

    def lists_sheet(self) -> None:
        """The allowed values of every drop-down list, one column each."""
        ws = self.wb.create_sheet("lists")
        for j, (key, values) in enumerate(self.list_sheet, start=1):
            ws.cell(row=1, column=j, value=key).font = self.bold
            for i, v in enumerate(values, start=2):
                ws.cell(row=i, column=j, value=v)
            ws.column_dimensions[letter(j)].width = max(12, 2 + max(len(str(v)) for v in values))


def _column_of(sheet: Sheet, header: str, j: int) -> Column | None:
    if sheet.kind in ("fields", "grid"):
        return sheet.columns[0] if sheet.kind == "grid" and j == 1 else None
    return sheet.columns[j - 1] if j - 1 < len(sheet.columns) else None


def _field(w: Written, path: str, j: int) -> str:
    """The field path of column ``j`` of a row at ``path`` (for errors when writing)."""
    first = j == 1 and (w.sheet.parent or w.sheet.kind == "keyed")
    return path if first or w.sheet.kind == "grid" else f"{path}.{w.header[j - 1]}"


def _note(col: Column) -> str:
    parts = [f"{col.key}: {col.describe_type()}" + (" (required)" if col.required else "")]
    if col.default is not None:
        parts.append(f"default {col.default}")
    if col.help:
        parts.append(col.help)
    return "\n".join(parts)


def _widths(w: Written) -> dict[int, float]:
    out = {}
    for j, h in enumerate(w.header, start=1):
        longest = max([len(str(h))] + [len(str(r[j - 1])) for r in w.rows[:200] if r[j - 1]])
        out[j] = float(min(max(longest + 2, 8), 60))
    return out


def _put(ws: Any, row: int, column: int, value: Any, field: str) -> None:
    """Write one value; numbers keep every digit, text never becomes a formula."""
    if value is None:
        return
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        if "\r" in value or ILLEGAL_CHARACTERS_RE.search(value):
            raise CaseFileError.at(
                field, "text with a carriage return or a control character cannot be stored in "
                "a workbook cell"
            )  # fmt: skip
        if len(value) > _MAX_TEXT:
            raise CaseFileError.at(
                field, f"text of {len(value)} characters: a workbook cell holds {_MAX_TEXT}"
            )
        cell.value = value
        cell.data_type = "s"  # never a formula ("=...") nor an error code ("#N/A")
        return
    cell.value = value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # openpyxl writes numbers with 16 significant digits ("%.16g"); a float that needs 17
        # to round-trip is stored as Python writes it (still a number cell: t="n")
        short = f"{value:.16g}"
        exact = repr(value) if isinstance(value, float) else str(value)
        if (float(short) != value) if isinstance(value, float) else short != exact:
            cell._value = exact


def _instructions(ws: Any, bold: Any, template: bool) -> None:
    """The instructions sheet: the guide, then every column of every sheet."""
    from openpyxl.styles import Alignment, Font

    lines = list(_GUIDE)
    if template:
        lines.insert(2, ("Fill in the sheets, starting with case and territory.", False))
    r = 1
    for text, strong in lines:
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            cell.font = Font(bold=True, size=14)
        r += 1
    _column_guide(ws, bold, r + 1)


def _column_guide(ws: Any, bold: Any, r: int) -> None:
    """From row ``r``: one line per sheet and per column, with its type, default and help."""
    head = ("sheet", "column", "type", "required", "default", "allowed values", "help")
    for j, h in enumerate(head, start=1):
        ws.cell(row=r, column=j, value=h).font = bold
    for sheet in workbook_layout():
        r += 1
        ws.cell(row=r, column=1, value=sheet["sheet"]).font = bold
        cell = ws.cell(row=r, column=7, value=sheet["about"])
        cell.data_type = "s"
        for col in sheet["columns"]:
            r += 1
            values = (
                sheet["sheet"],
                col["column"],
                col["type"],
                "yes" if col["required"] else "",
                col["default"],
                col["allowed"],
                col["help"],
            )
            for j, v in enumerate(values, start=1):
                if v != "":
                    c = ws.cell(row=r, column=j, value=v)
                    c.data_type = "s"
    for j, width in enumerate((110, 30, 28, 9, 10, 30, 90), start=1):
        ws.column_dimensions[letter(j)].width = width
