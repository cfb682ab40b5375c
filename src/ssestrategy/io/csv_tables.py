"""CSV tables: a case file may give its actors and partnerships as CSV files beside it
(standard library only), read and written with the columns of the workbook's sheets.

Examples
--------
>>> import tempfile, pathlib
>>> from ssestrategy.datasets import tiznit
>>> path = pathlib.Path(tempfile.mkdtemp()) / "actors.csv"
>>> write_csv(tiznit(), "actors", path)
>>> path.read_text(encoding="utf-8").splitlines()[0].split(",")[:3]
['id', 'name', 'kind']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._files import atomic_write
from ..errors import CaseFileError
from ..model import (
    Case,
)
from .cells import to_tables
from .fields import CSV_SECTIONS
from .layout import layout
from .read_sheets import _read_records
from .reader import RawSheet, Reader
from .unstructure import case_to_dict, unstructure

__all__ = ["full_parameters", "read_csv", "resolve_csv", "write_csv", "write_csv_folder"]


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


def write_csv_folder(case: Case, folder: str | Path) -> Path:
    """Write ``folder/case.json`` with the case's actors and partnerships as CSV tables beside
    it (``actors.csv``, ``partnerships.csv``); what ``ssestrategy dump --csv`` writes.

    Parameters
    ----------
    case : Case
    folder : str or Path
        Created if needed.

    Returns
    -------
    Path
        The case file; ``load`` of it gives back an equal case.

    Examples
    --------
    >>> import tempfile
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.io import load
    >>> path = write_csv_folder(tiznit(), Path(tempfile.mkdtemp()) / "tiznit")
    >>> path.name, load(path) == tiznit()
    ('case.json', True)
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CaseFileError.at("folder", f"{folder} is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    data = case_to_dict(case)
    for section in CSV_SECTIONS:
        write_csv(case, section, folder / f"{section}.csv")
        data[section] = f"{section}.csv"
    skeleton = folder / "case.json"
    atomic_write(
        skeleton, (json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode()
    )
    return skeleton
