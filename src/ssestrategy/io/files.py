"""Read and write case files (TOML, JSON or an ``.xlsx`` workbook), and the case's content hash.

A TOML or JSON case file may give its ``actors`` or ``partnerships`` as the name of a CSV file
(``actors = "actors.csv"``, relative to the case file) with the columns of the workbook's sheet;
:func:`load` reads it and reports bad cells as ``actors.csv!D14``.

Examples
--------
>>> import tempfile, pathlib
>>> from ssestrategy.model import Case, Territory
>>> case = Case(name="demo", territory=Territory(name="Nowhere"))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
>>> dump(case, path)
>>> load(path) == case
True
>>> len(case_hash(case))
64
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tomllib
import typing
import weakref
from pathlib import Path
from typing import Any, Literal

from .._files import atomic_write, check_writable
from ..errors import CaseFileError, ModelError, Problem
from ..model import Case
from .structure import case_from_dict, case_to_dict

__all__ = ["CaseFormat", "TextFormat", "case_hash", "dump", "dumps", "load", "loads"]

TextFormat = Literal["toml", "json"]
"""The text formats of a case file (:func:`loads`, :func:`dumps`)."""
CaseFormat = Literal["toml", "json", "xlsx"]
"""The formats of a case file (:func:`load`, :func:`dump`)."""


def _format(path: Path, fmt: str | None) -> CaseFormat:
    fmt = fmt.lower() if fmt is not None else path.suffix.lower().lstrip(".")
    for known in typing.get_args(CaseFormat):
        if fmt == known:
            return typing.cast(CaseFormat, known)
    raise CaseFileError.at(
        "", f"unknown case-file format {fmt!r} of {path} (use .toml, .json or .xlsx)"
    )


def _parse(text: str, fmt: str) -> Any:
    """Plain data from the text of a TOML or JSON case file."""
    data: Any
    if not isinstance(text, str):
        raise CaseFileError.at("", f"expected the text of a case file, got {type(text).__name__}")
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark (Notepad writes one)
    try:
        if fmt == "toml":
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                msg = str(exc)
                m = re.search(r"line (\d+)", msg)
                raise CaseFileError(
                    [Problem("", f"TOML syntax error: {msg}", int(m.group(1)) if m else None)]
                ) from None
        elif fmt == "json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise CaseFileError(
                    [Problem("", f"JSON syntax error: {exc.msg} (column {exc.colno})", exc.lineno)]
                ) from None
        else:
            raise CaseFileError.at("", f"unknown format {fmt!r}")
    except RecursionError:
        raise CaseFileError.at(
            "", f"{fmt.upper()} nesting too deep (a case file nests tables a few levels only)"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        if isinstance(exc, CaseFileError):
            raise
        msg = str(exc)
        if "integer string conversion" in msg:
            msg = "an integer with more than 4300 digits (no number of a case needs that many)"
        raise CaseFileError.at("", f"{fmt.upper()} syntax error: {msg}") from None
    return data


def loads(text: str, fmt: TextFormat | None = None) -> Case:
    """Parse a case from TOML or JSON text.

    Parameters
    ----------
    text : str
        The content of a case file.
    fmt : {'toml', 'json'}, optional
        Default: JSON when the text starts with ``{`` (after blanks), TOML otherwise.

    Returns
    -------
    Case

    Raises
    ------
    CaseFileError
        For a syntax error (with its line).
    ModelError
        For a well-formed file with bad content (every problem with its field path).

    Examples
    --------
    >>> case = loads('''
    ... name = "demo"
    ... [territory]
    ... name = "Nowhere"
    ... region = "Souss-Massa"
    ... ''')
    >>> case.name, case.territory.region
    ('demo', 'Souss-Massa')
    >>> loads('{"name": "demo", "territory": {"name": "Nowhere"}}').territory.name
    'Nowhere'
    >>> loads('name = "demo"')
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: territory: missing required section
    """
    if fmt is None:
        fmt = (
            "json"
            if isinstance(text, str) and text.lstrip("\ufeff \t\r\n").startswith("{")
            else "toml"
        )
    return case_from_dict(_parse(text, fmt))


def load(path: str | Path, fmt: CaseFormat | None = None) -> Case:
    """Load a case file (``.toml`` via :mod:`tomllib`, ``.json``, or an ``.xlsx`` workbook),
    UTF-8 with or without a byte-order mark.

    A workbook needs the ``excel`` extra (:func:`~ssestrategy.io.read_workbook`). In a TOML or
    JSON file, ``actors`` and ``partnerships`` may name a CSV file (relative to the case file)
    with the columns of the workbook's sheet.

    Parameters
    ----------
    path : str or Path
    fmt : {'toml', 'json', 'xlsx'}, optional
        Format; guessed from the suffix when None.

    Returns
    -------
    Case

    Raises
    ------
    CaseFileError, ModelError
        Never a half-built object, never a bare KeyError.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.toml"
    >>> _ = path.write_text('''
    ... name = "demo"
    ... horizon = 5
    ... [territory]
    ... name = "Nowhere"
    ... ''', encoding="utf-8")
    >>> case = load(path)
    >>> case.name, case.horizon, case.n_periods
    ('demo', 5.0, 20)

    Actors from a CSV table (errors name its cells):

    >>> _ = (path.parent / "actors.csv").write_text(
    ...     "id,name,kind,capacities.financing,capacities.networking,capacities.innovation,"
    ...     "capacities.governance\\n"
    ...     "coop-1,Argan coop,cooperative,0.2,0.4,0.1,1.5\\n", encoding="utf-8")
    >>> _ = path.write_text('name = "demo"\\nactors = "actors.csv"\\n[territory]\\nname = "T"\\n',
    ...                     encoding="utf-8")
    >>> load(path)
    Traceback (most recent call last):
    ...
    ssestrategy.errors.WorkbookError: actors.csv!G2: 1.5 is outside [0, 1]
    """
    if not isinstance(path, str | os.PathLike):
        raise CaseFileError.at("path", f"expected a file name, got {type(path).__name__}")
    p = Path(path)
    if p.is_dir():
        raise CaseFileError.at("", f"{p} is a directory, not a case file")
    kind = _format(p, fmt)
    if kind == "xlsx":
        from .workbook import read_workbook

        return read_workbook(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseFileError.at("", f"cannot read {p}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, if any, is dropped
    except UnicodeDecodeError as exc:
        utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")
        hint = " (it looks like UTF-16: save it as UTF-8)" if utf16 else ""
        raise CaseFileError.at(
            "", f"{p} is not UTF-8 text (byte {exc.start} cannot be decoded){hint}"
        ) from None
    data = _parse(text, kind)
    if not isinstance(data, dict):
        return case_from_dict(data)
    from .csv_tables import resolve_csv
    from .read_sheets import collect

    data, reader = resolve_csv(data, p.parent)
    if reader is None:
        return case_from_dict(data)
    try:
        case = case_from_dict(data)
    except ModelError as err:
        raise collect(reader, err.problems) or err from None
    error = collect(reader)
    if error is not None:
        raise error
    return case


def _check_finite(obj: Any, path: str = "") -> None:
    if isinstance(obj, float) and not math.isfinite(obj):
        raise ModelError.at(path, f"{obj} is not a finite number")
    if isinstance(obj, dict):
        for k, v in obj.items():
            _check_finite(v, f"{path}.{k}" if path else str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _check_finite(v, f"{path}[{i}]")


def dumps(case: Case, fmt: TextFormat = "json") -> str:
    """Serialise a case to JSON (always available) or TOML (needs ``tomli-w``).

    Parameters
    ----------
    case : Case
    fmt : {'json', 'toml'}

    Returns
    -------
    str
        The text of a case file; :func:`loads` gives back an equal case.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> case = Case(name="demo", territory=Territory(name="Nowhere"))
    >>> print(dumps(case))
    {
     "name": "demo",
     "territory": {
      "name": "Nowhere"
     }
    }
    <BLANKLINE>
    >>> loads(dumps(case), fmt="json") == case
    True
    """
    data = case_to_dict(case)
    _check_finite(data)
    if fmt == "json":
        return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "toml":
        try:
            import tomli_w
        except ImportError:
            raise CaseFileError.at(
                "", "writing TOML needs the 'toml' extra: pip install 'ssestrategy[toml]'"
            ) from None
        text: str = tomli_w.dumps(data)
        return text
    if fmt == "xlsx":
        raise CaseFileError.at("", "a workbook is not text: use dump(case, 'file.xlsx')")
    raise CaseFileError.at("", f"unknown format {fmt!r}")


def dump(case: Case, path: str | Path, fmt: CaseFormat | None = None) -> None:
    """Write a case file; ``load(path)`` gives back an equal case.

    The file is replaced atomically (written beside it, then renamed): a failure leaves the
    old file, never half a new one.

    Parameters
    ----------
    case : Case
    path : str or Path
    fmt : {'json', 'toml', 'xlsx'}, optional
        Guessed from the suffix when None. TOML needs the ``toml`` extra (``tomli-w``), an
        ``.xlsx`` workbook the ``excel`` extra (:func:`~ssestrategy.io.write_workbook`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from ssestrategy.model import Case, Territory
    >>> case = Case(name="demo", territory=Territory(name="Nowhere"), horizon=5)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
    >>> dump(case, path)
    >>> load(path) == case
    True
    """
    if not isinstance(path, str | os.PathLike):
        raise CaseFileError.at("path", f"expected a file name, got {type(path).__name__}")
    p = Path(path)
    kind = _format(p, fmt)
    check_writable(p, "path", error=CaseFileError)
    if kind == "xlsx":
        from .workbook import write_workbook

        write_workbook(case, p)
        return
    text = dumps(case, kind)
    try:
        atomic_write(p, text.encode("utf-8"))
    except OSError as exc:
        raise CaseFileError.at("path", f"cannot write {p}: {exc.strerror or exc}") from None


def case_hash(case: Case) -> str:
    """SHA-256 of the case's canonical JSON: equal cases have equal hashes.

    Parameters
    ----------
    case : Case

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> a = Case(name="demo", territory=Territory(name="Nowhere"))
    >>> b = Case(name="demo", territory=Territory(name="Nowhere"))
    >>> case_hash(a) == case_hash(b), len(case_hash(a))
    (True, 64)
    >>> case_hash(a) == case_hash(a.with_parameters(learning_rate=0.3))
    False
    """
    # a case is frozen: hash each case object once (keyed by identity, with a weak reference
    # so that a new object reusing a freed id is never served a stale digest)
    hit = _HASHES.get(id(case))
    if hit is not None and hit[0]() is case:
        return hit[1]
    text = json.dumps(case_to_dict(case), sort_keys=True, separators=(",", ":"), allow_nan=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    key = id(case)
    _HASHES[key] = (weakref.ref(case, lambda _: _HASHES.pop(key, None)), digest)
    return digest


_HASHES: dict[int, tuple[weakref.ref[Case], str]] = {}
