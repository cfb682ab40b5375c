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
from .csv_tables import full_parameters
from .layout import workbook_layout
from .read_sheets import read_sheets
from .reader import RawSheet, Reader, letter
from .structure import case_to_dict, unstructure
from .workbook_writer import write_tables

__all__ = ["read_workbook", "write_template", "write_workbook"]


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
    write_tables(_openpyxl(), tables, path, template=template)


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
