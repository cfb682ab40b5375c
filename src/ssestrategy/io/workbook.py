"""Case workbooks: a case as an ``.xlsx`` spreadsheet, one sheet per section.

The workbook is a second surface of the plain data of a case (:mod:`ssestrategy.io.tables`
derives its sheets and columns from the model): ``case -> workbook -> case`` gives back an
equal case, and :func:`~ssestrategy.io.load` and :func:`~ssestrategy.io.dump` read and write
``.xlsx`` files. Reading is all or nothing: every problem is reported at its cell
(``actors!D14: 1.5 is outside [0, 1]``) in one :class:`~ssestrategy.errors.WorkbookError`.

Needs `openpyxl <https://openpyxl.readthedocs.io>`_, the ``excel`` extra
(``pip install 'ssestrategy[excel]'``), which also installs ``defusedxml`` so that openpyxl
parses the workbook's XML safely.

Formula cells are read through the value the spreadsheet program last computed and saved with
the file (openpyxl's ``data_only``); a formula without such a value (a file written by a script
and never opened in a spreadsheet program) is refused, naming its cell: the library computes
no formula and evaluates nothing.

Examples
--------
>>> import pathlib, tempfile
>>> from ssestrategy.datasets import tiznit
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiznit.xlsx"
>>> case = tiznit()
>>> write_workbook(case, path)
>>> read_workbook(path) == case
True
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import CaseFileError
from ..model import DEFAULT_PARAMETERS, Case
from .cells import Written, to_tables
from .columns import Column, Sheet
from .csv_tables import full_parameters
from .layout import workbook_layout
from .read_sheets import read_sheets
from .reader import RawSheet, Reader, letter
from .structure import case_to_dict, unstructure

__all__ = ["read_workbook", "write_template", "write_workbook"]

_MAX_TEXT = 32_767  # characters Excel keeps in one cell
_LAST_ROW = 1_048_576
_HEADER_FILL = "DDE4EE"
_REQUIRED_FILL = "F4D58D"


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise CaseFileError.at(
            "", "reading and writing .xlsx workbooks needs the 'excel' extra: "
            "pip install 'ssestrategy[excel]'"
        ) from None  # fmt: skip
    return openpyxl


# --- writing ----------------------------------------------------------------------------------


def write_workbook(case: Case, path: str | Path) -> None:
    """Write a case as an ``.xlsx`` workbook, with an instructions sheet.

    Every simulation parameter is listed (defaults included), every field of every record has
    its column, enumerations have drop-down lists, and the header row is frozen.
    :func:`read_workbook` gives back an equal case.

    Parameters
    ----------
    case : Case
    path : str or Path

    Raises
    ------
    CaseFileError
        When openpyxl is missing, or a text holds what a cell cannot (a carriage return, a
        control character, more than 32,767 characters), naming the field.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from ssestrategy.model import Case, Territory
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx"
    >>> write_workbook(Case(name="demo", territory=Territory(name="Nowhere")), path)
    >>> read_workbook(path).territory.name
    'Nowhere'
    """
    data = case_to_dict(case)
    data["parameters"] = full_parameters(case)
    _write(to_tables(data), Path(path), template=False)


def write_template(path: str | Path) -> None:
    """Write an empty case workbook with instructions, for a planner to fill in.

    Its sheets have their header rows, drop-down lists and help (a note on each header cell,
    and an instructions sheet describing every column); the parameters sheet lists every
    simulation parameter with its default and provenance, and the foresight sheets are there
    (delete them when the study has none).

    Parameters
    ----------
    path : str or Path

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from ssestrategy.errors import WorkbookError
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "template.xlsx"
    >>> write_template(path)
    >>> try:
    ...     read_workbook(path)
    ... except WorkbookError as err:
    ...     print(err)
    case!B2: missing required field
    territory!B2: missing required field
    """
    params = {k: unstructure(p) for k, p in DEFAULT_PARAMETERS.items()}
    _write(to_tables({"parameters": params}, foresight=True), Path(path), template=True)


def _write(tables: Sequence[Written], path: Path, *, template: bool) -> None:
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "instructions"
    lists: dict[tuple[Any, ...], str] = {}
    list_sheet: list[tuple[str, tuple[Any, ...]]] = []
    bold = Font(bold=True)
    fills = {
        False: PatternFill("solid", fgColor=_HEADER_FILL),
        True: PatternFill("solid", fgColor=_REQUIRED_FILL),
    }

    def choice_range(sheet: str, col: Column) -> str:
        key = tuple(col.choices)
        if key not in lists:
            n = len(list_sheet) + 1
            list_sheet.append(
                ("true or false" if col.kind == "bool" else f"{sheet}.{col.key}", key)
            )
            lists[key] = f"lists!${letter(n)}$2:${letter(n)}${len(key) + 1}"
        return lists[key]

    def validate(ws: Any, col: Column, cells: str) -> None:
        if col.kind not in ("choice", "bool") or not col.choices:
            return
        dv = DataValidation(
            type="list",
            formula1=choice_range(ws.title, col),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not in the list",
            error=f"{col.key}: choose a value from the list (see the lists sheet)",
        )
        dv.add(cells)
        ws.add_data_validation(dv)

    for w in tables:
        ws = wb.create_sheet(w.sheet.name)
        for j, h in enumerate(w.header, start=1):
            cell = ws.cell(row=1, column=j, value=h)
            cell.data_type = "s"
            cell.font = bold
            col = _column_of(w.sheet, h, j)
            cell.fill = fills[bool(col is not None and col.required)]
            if col is not None and col.help and w.sheet.kind != "fields":
                cell.comment = Comment(_note(col), "ssestrategy", width=320, height=160)
        for i, (row, where_row) in enumerate(zip(w.rows, w.paths, strict=True), start=2):
            for j, value in enumerate(row, start=1):
                where = where_row if w.sheet.kind == "fields" else _field(w, where_row, j)
                _put(ws, i, j, value, where)
        if w.sheet.kind == "fields":
            for i, col in enumerate(w.sheet.columns, start=2):
                ws.cell(row=i, column=1).font = bold
                validate(ws, col, f"B{i}")
                ws.cell(row=i, column=3).alignment = Alignment(wrap_text=False)
            ws.freeze_panes = "A2"
            widths: dict[int, float] = {1: 26, 2: 48, 3: 100}
        else:
            if w.sheet.kind != "grid":
                for j, col in enumerate(w.sheet.columns, start=1):
                    validate(ws, col, f"{letter(j)}2:{letter(j)}{_LAST_ROW}")
            ws.freeze_panes = "B2"
            widths = _widths(w)
        for j, width in widths.items():
            ws.column_dimensions[letter(j)].width = width
    _instructions(guide, bold, template)
    ws = wb.create_sheet("lists")
    for j, (key, values) in enumerate(list_sheet, start=1):
        ws.cell(row=1, column=j, value=key).font = bold
        for i, v in enumerate(values, start=2):
            ws.cell(row=i, column=j, value=v)
        ws.column_dimensions[letter(j)].width = max(12, 2 + max(len(str(v)) for v in values))
    try:
        wb.save(path)
    except OSError as exc:
        raise CaseFileError.at("", f"cannot write {path}: {exc.strerror or exc}") from None


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
    from openpyxl.styles import Alignment, Font

    lines = [
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
    ]
    if template:
        lines.insert(2, ("Fill in the sheets, starting with case and territory.", False))
    r = 1
    for text, strong in lines:
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            cell.font = Font(bold=True, size=14)
        r += 1
    r += 1
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


# --- reading ----------------------------------------------------------------------------------


def read_workbook(path: str | Path) -> Case:
    """Read a case from an ``.xlsx`` workbook, all or nothing.

    Sheets are matched to the layout by name (regardless of case); other sheets are ignored.
    Formula cells give the value the spreadsheet program last computed; a formula without a
    computed value is refused.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    Case

    Raises
    ------
    WorkbookError
        Every problem, each at its ``sheet!cell`` (a subclass of
        :class:`~ssestrategy.errors.CaseFileError` and
        :class:`~ssestrategy.errors.ModelError`).
    CaseFileError
        When the file cannot be read as a workbook, or openpyxl is missing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import openpyxl
    >>> from ssestrategy.datasets import tiznit
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiznit.xlsx"
    >>> write_workbook(tiznit(), path)
    >>> wb = openpyxl.load_workbook(path)
    >>> wb["actors"]["A14"].value, wb["actors"]["D14"].value
    ('afd', 0.9)
    >>> wb["actors"]["D14"] = 1.5
    >>> wb.save(path)
    >>> read_workbook(path)
    Traceback (most recent call last):
    ...
    ssestrategy.errors.WorkbookError: actors!D14: 1.5 is outside [0, 1]
    """
    openpyxl = _openpyxl()
    p = Path(path)
    names = {s["sheet"] for s in workbook_layout()}
    reader = Reader()
    wb = _open(openpyxl, p, data_only=False)
    formulas: dict[str, set[tuple[int, int]]] = {}
    try:
        sheets = {}
        for ws in wb.worksheets:
            if ws.title.strip().lower() in names:
                sheets[ws.title] = _raw_sheet(ws, reader, formulas.setdefault(ws.title, set()))
    finally:
        wb.close()
    if any(formulas.values()):
        sheets = _computed(openpyxl, p, sheets, formulas, reader)
    return read_sheets(sheets, reader)


def _open(openpyxl: Any, path: Path, *, data_only: bool) -> Any:
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except OSError as exc:
        raise CaseFileError.at("", f"cannot read {path}: {exc.strerror or exc}") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CaseFileError.at("", f"{path} is not an .xlsx workbook ({exc})") from None


def _raw_sheet(ws: Any, reader: Reader, formulas: set[tuple[int, int]]) -> RawSheet:
    name = ws.title
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for r, cells in enumerate(ws.iter_rows(min_row=1), start=1):
        values = []
        for j, cell in enumerate(cells, start=1):
            value = cell.value
            if cell.data_type == "f":
                formulas.add((r, j))
            elif cell.data_type == "e":
                reader.bad(f"{name}!{letter(j)}{r}", f"the cell holds the error {value}")
                value = None
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        rows.append((r, tuple(values)))
    header = rows[0][1] if rows else ()
    return RawSheet(name, header, tuple(rows[1:]))


def _computed(
    openpyxl: Any,
    path: Path,
    sheets: dict[str, RawSheet],
    formulas: dict[str, set[tuple[int, int]]],
    reader: Reader,
) -> dict[str, RawSheet]:
    """The sheets with each formula cell replaced by the value saved with the file."""
    wb = _open(openpyxl, path, data_only=True)
    out = dict(sheets)
    try:
        for title, cells in formulas.items():
            if not cells:
                continue
            saved: dict[tuple[int, int], Any] = {}
            for r, row in enumerate(wb[title].iter_rows(min_row=1), start=1):
                for j, cell in enumerate(row, start=1):
                    if (r, j) in cells:
                        saved[(r, j)] = (cell.value, cell.data_type)
            raw = sheets[title]
            rows = [(1, raw.header), *raw.rows]
            fixed = []
            for r, values in rows:
                new = list(values)
                for j in range(1, len(values) + 1):
                    if (r, j) not in cells:
                        continue
                    value, kind = saved.get((r, j), (None, "n"))
                    address = f"{title}!{letter(j)}{r}"
                    if value is None:
                        reader.bad(
                            address,
                            f"a formula ({values[j - 1]}) without a computed value: open and "
                            "save the file in a spreadsheet program, or type the value",
                        )
                    elif kind == "e":
                        reader.bad(address, f"the formula gives the error {value}")
                        value = None
                    new[j - 1] = value
                fixed.append((r, tuple(new)))
            out[title] = RawSheet(title, fixed[0][1], tuple(fixed[1:]))
    finally:
        wb.close()
    return out
