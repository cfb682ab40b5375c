"""Ensemble files: :meth:`Ensemble.save <ssestrategy.simulation.Ensemble.save>` writes a NumPy
``.npz`` archive with a JSON header (no pickle) recording every array's shape, dtype and
SHA-256; :meth:`Ensemble.load <ssestrategy.simulation.Ensemble.load>` verifies all of it and
refuses a truncated, corrupted or edited file with the name of what disagrees.

Examples
--------
>>> import tempfile, pathlib
>>> from ssestrategy.datasets import tiznit
>>> from ssestrategy.simulation import simulate
>>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=2, rng=1, periods=4)
>>> p = pathlib.Path(tempfile.mkdtemp()) / "run.npz"
>>> save_ensemble(ens, p)
>>> load_ensemble(type(ens), p) == ens
True
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._files import atomic_write, check_writable
from ..errors import ModelError, Problem, ResultFileError
from ..model import OUTCOMES
from .summaries import OutcomeStats

if TYPE_CHECKING:
    from .results import Ensemble

__all__ = ["FORMAT_VERSION", "header", "load_ensemble", "save_ensemble"]

FORMAT_VERSION = 2
"""Version of the ensemble file format: 2 records every array's shape, dtype and SHA-256."""


def header(ens: Ensemble) -> dict[str, Any]:
    """The metadata of an ensemble, as its file's header records it."""
    return {
        "format": FORMAT_VERSION,
        "strategies": list(ens.strategies),
        "strategy_names": list(ens.strategy_names),
        "outcome_names": list(ens.outcome_names),
        "periods": ens.periods,
        "periods_per_year": ens.periods_per_year,
        "n_scenarios": ens.n_scenarios,
        "keep": ens.keep,
        "input_names": list(ens.input_names),
        "event_names": list(ens.event_names),
        "provenance": ens.provenance,
        "stats_count": None if ens.stats is None else ens.stats.count,
    }


def _arrays(ens: Ensemble) -> dict[str, Any]:
    arrays: dict[str, Any] = {}
    for a in ens._ARRAYS:
        v = getattr(ens, a)
        if v is not None:
            arrays[a] = v
    if ens.stats is not None:
        for f in attrs.fields(OutcomeStats):
            if f.name != "count":
                arrays[f"stats_{f.name}"] = getattr(ens.stats, f.name)
    return arrays


def save_ensemble(ens: Ensemble, path: str | os.PathLike[str]) -> None:
    """:meth:`Ensemble.save <ssestrategy.simulation.Ensemble.save>`."""
    target = check_writable(path, "path")
    arrays = {k: np.ascontiguousarray(v) for k, v in _arrays(ens).items()}
    meta = header(ens)
    meta["arrays"] = {
        k: {"shape": list(v.shape), "dtype": v.dtype.str, "sha256": _digest(v)}
        for k, v in arrays.items()
    }
    text = json.dumps(meta, sort_keys=True)
    members: dict[str, Any] = {
        "meta": np.array(text),
        "meta_sha256": np.array(hashlib.sha256(text.encode("utf-8")).hexdigest()),
        **arrays,
    }
    try:
        atomic_write(target, lambda f: np.savez(f, **members))
    except OSError as exc:
        raise ModelError.at("path", f"cannot write {target}: {exc.strerror or exc}") from None


_MAX_HEADER = 10_000  # bytes of an array's .npy header
_META_KEYS: dict[str, Any] = {
    "format": int,
    "strategies": list,
    "strategy_names": list,
    "outcome_names": list,
    "periods": int,
    "periods_per_year": int,
    "n_scenarios": int,
    "keep": str,
    "input_names": list,
    "event_names": list,
    "provenance": dict,
    "stats_count": (int, type(None)),
    "arrays": dict,
}


def _digest(a: NDArray[Any]) -> str:
    """SHA-256 of an array's bytes (C order)."""
    flat = np.ascontiguousarray(a).reshape(-1).view(np.uint8)
    return hashlib.sha256(flat.data).hexdigest()


def _fail(where: str, message: str) -> ResultFileError:
    return ResultFileError([Problem(where, message)])


# Reading a damaged archive can fail in many ways (zipfile, zlib, struct, NumPy's header parser,
# the tokenizer behind it...): each becomes a ResultFileError naming the member.
_READ_ERRORS = (Exception,)


def _read_array(zf: zipfile.ZipFile, name: str, limit: int) -> NDArray[Any]:
    """Read member ``name`` + ``.npy`` without pickle, refusing a header that claims more data
    than the member holds (or than the file could hold)."""
    member = f"{name}.npy"
    try:
        info = zf.getinfo(member)
        if info.file_size > limit:
            raise _fail(
                name, f"the array claims {info.file_size:,} bytes, more than the file holds"
            )
        with zf.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(
                    f, max_header_size=_MAX_HEADER
                )
            elif version in ((2, 0), (3, 0)):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(
                    f, max_header_size=_MAX_HEADER
                )
            else:
                raise _fail(name, f"unknown .npy version {version}")
            if dtype.hasobject:
                raise _fail(name, "holds Python objects (pickled data): refused")
            count = math.prod(shape)
            data = f.read()  # to the end: zipfile checks the member's CRC-32
    except ResultFileError:
        raise
    except _READ_ERRORS as exc:
        raise _fail(name, f"cannot read the array: {exc}") from None
    if len(data) != count * dtype.itemsize:
        raise _fail(
            name,
            f"holds {len(data):,} bytes, but its header announces {count:,} values of "
            f"{dtype.itemsize} bytes (the file is truncated or corrupted)",
        )
    arr = np.frombuffer(data, dtype=dtype)
    return arr.reshape(shape, order="F" if fortran else "C").copy()


def _meta_problems(meta: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for key, tp in _META_KEYS.items():
        if key not in meta:
            problems.append(Problem(f"meta.{key}", "missing"))
        elif not isinstance(meta[key], tp) or isinstance(meta[key], bool):
            problems.append(Problem(f"meta.{key}", f"unexpected {type(meta[key]).__name__}"))
    if problems:
        return problems
    for key in ("strategies", "strategy_names", "outcome_names", "input_names", "event_names"):
        if not all(isinstance(v, str) for v in meta[key]):
            problems.append(Problem(f"meta.{key}", "expected a list of strings"))
    for key in ("periods", "periods_per_year", "n_scenarios"):
        if meta[key] < 1:
            problems.append(Problem(f"meta.{key}", f"expected a positive integer, got {meta[key]}"))
    if len(meta["strategy_names"]) != len(meta["strategies"]):
        problems.append(Problem("meta.strategy_names", "not one per strategy"))
    if meta["keep"] not in ("all", "summary"):
        problems.append(Problem("meta.keep", f"expected 'all' or 'summary', got {meta['keep']!r}"))
    elif (meta["keep"] == "summary") != (meta["stats_count"] is not None):
        problems.append(
            Problem(
                "meta.keep",
                f"{meta['keep']!r} disagrees with meta.stats_count ({meta['stats_count']!r}): "
                "summaries are recorded exactly when keep is 'summary'",
            )
        )
    for key in ("strategies", "outcome_names"):
        if len(set(meta[key])) != len(meta[key]) or not meta[key]:
            problems.append(Problem(f"meta.{key}", "expected distinct names, at least one"))
    known = list(OUTCOMES)
    unknown = [n for n in meta["outcome_names"] if n not in OUTCOMES]
    if unknown:
        problems.append(
            Problem(
                "meta.outcome_names",
                f"outcomes unknown to this version: {', '.join(map(repr, unknown[:3]))} "
                "(written by a newer ssestrategy?)",
            )
        )
    elif [known.index(n) for n in meta["outcome_names"]] != sorted(
        known.index(n) for n in meta["outcome_names"]
    ):
        problems.append(
            Problem(
                "meta.outcome_names",
                "not in the order the simulation writes them: the header was edited",
            )
        )
    return problems


def _expected_shapes(meta: dict[str, Any], n_chk: int) -> dict[str, tuple[int, ...]]:
    n_o, n_k = len(meta["outcome_names"]), len(meta["strategies"])
    n, n_u, n_e = meta["n_scenarios"], len(meta["input_names"]), len(meta["event_names"])
    shapes: dict[str, tuple[int, ...]] = {"years": (n_chk,)}
    if meta["keep"] == "all":
        shapes.update(
            checkpoints=(n_o, n_chk, n_k, n),
            input_values=(n, n_u),
            event_onset_values=(n, n_e),
            event_severity_values=(n, n_e),
        )
    if meta["stats_count"] is not None:
        cell = (n_o, n_chk, n_k)
        shapes.update(
            stats_mean=cell,
            stats_m2=cell,
            stats_minimum=cell,
            stats_maximum=cell,
            stats_bounds=(n_o, n_k, 2),
        )
    return shapes


def load_ensemble(cls: type[Ensemble], path: str | os.PathLike[str]) -> Ensemble:
    """:meth:`Ensemble.load <ssestrategy.simulation.Ensemble.load>`: open the archive, read and
    verify the header, then every array against it, then build the ensemble."""
    from .engine import record_periods

    p, size = _check_file(path)
    try:
        zf = zipfile.ZipFile(p)
    except _READ_ERRORS as exc:
        raise _fail("file", f"{p} is not a readable ensemble file (truncated?): {exc}") from None
    with zf:
        names = _member_names(zf, p)
        limit = size + 1024
        meta = _read_header(zf, names, limit)
        if meta["periods"] > 10**9:
            raise _fail("meta.periods", f"{meta['periods']:,} periods: not a saved simulation")
        record = record_periods(meta["periods"], meta["periods_per_year"])
        data = _read_data(cls, zf, meta, names, limit, int(record.shape[0]))
    years = data["years"]
    if years.dtype != np.float64 or not np.array_equal(years, record / meta["periods_per_year"]):
        raise _fail("years", "the checkpoint years disagree with the header's periods")
    return cls(
        strategies=tuple(meta["strategies"]),
        strategy_names=tuple(meta["strategy_names"]),
        outcome_names=tuple(meta["outcome_names"]),
        years=years,
        periods=int(meta["periods"]),
        periods_per_year=int(meta["periods_per_year"]),
        n_scenarios=int(meta["n_scenarios"]),
        keep=str(meta["keep"]),
        input_names=tuple(meta["input_names"]),
        event_names=tuple(meta["event_names"]),
        provenance=dict(meta["provenance"]),
        checkpoints=data.get("checkpoints"),
        trajectories=data.get("trajectories"),
        input_values=data.get("input_values"),
        event_onset_values=data.get("event_onset_values"),
        event_severity_values=data.get("event_severity_values"),
        stats=_stats(meta, data),
    )


def _check_file(path: str | os.PathLike[str]) -> tuple[Path, int]:
    """The path and size of a readable file that starts as a zip archive."""
    try:
        p = Path(path)
        size = p.stat().st_size
        if p.is_dir():
            raise _fail("file", f"{p} is a directory, not an ensemble file")
    except ResultFileError:
        raise
    except (OSError, TypeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise _fail("file", f"cannot read {path}: {reason}") from None
    try:
        with open(p, "rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise _fail("file", f"cannot read {p}: {exc.strerror or exc}") from None
    if magic[:2] != b"PK":
        kind = "a NumPy .npy array" if magic.startswith(b"\x93NUM") else "not a zip archive"
        raise _fail(
            "file", f"{p} is not an ensemble file ({kind}; Ensemble.save writes .npz archives)"
        )
    return p, size


def _member_names(zf: zipfile.ZipFile, p: Path) -> set[str]:
    """The arrays of the archive (it holds nothing else, and a header)."""
    try:
        names = {n.removesuffix(".npy") for n in zf.namelist() if n.endswith(".npy")}
        others = [n for n in zf.namelist() if not n.endswith(".npy")]
    except _READ_ERRORS as exc:  # pragma: no cover - namelist reads the loaded directory
        raise _fail("file", f"cannot list the archive: {exc}") from None
    if others:
        raise _fail("file", f"unexpected members {others[:3]} (not an ensemble file)")
    if "meta" not in names:
        raise _fail("meta", f"{p} has no header (not an ensemble file)")
    return names


def _read_header(zf: zipfile.ZipFile, names: set[str], limit: int) -> dict[str, Any]:
    """The JSON header, of this format version, matching its recorded SHA-256, well formed."""
    meta_arr = _read_array(zf, "meta", limit)
    if meta_arr.dtype.kind != "U" or meta_arr.shape != ():
        raise _fail("meta", "the header is not a JSON text")
    text = str(meta_arr[()])
    try:
        meta = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _fail("meta", f"the header is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise _fail("meta", f"the header is a JSON {type(meta).__name__}, not an object")
    _check_version(meta.get("format"))
    if "meta_sha256" not in names:
        raise _fail("meta_sha256", "missing: the header's checksum is not in the file")
    recorded = _read_array(zf, "meta_sha256", limit)
    if (
        str(recorded[()] if recorded.shape == () else "")
        != hashlib.sha256(text.encode("utf-8")).hexdigest()
    ):
        raise _fail(
            "meta",
            "the header does not match its recorded SHA-256: it was modified after saving",
        )
    problems = _meta_problems(meta)
    if problems:
        raise ResultFileError(problems)
    return meta


def _check_version(version: Any) -> None:
    if version == FORMAT_VERSION:
        return
    if version == 1:
        msg = (
            "written by ssestrategy 0.1 (format 1), which recorded no checksums, so its "
            f"content cannot be verified; this version reads format {FORMAT_VERSION}: "
            "simulate again and save"
        )
    elif isinstance(version, int) and not isinstance(version, bool) and version > 1:
        msg = (
            f"written by a newer ssestrategy (format {version}); this version reads "
            f"format {FORMAT_VERSION}: upgrade ssestrategy to load it"
        )
    else:
        msg = f"unknown ensemble format {version!r} (this version reads {FORMAT_VERSION})"
    raise _fail("meta.format", msg)


def _read_data(
    cls: type[Ensemble],
    zf: zipfile.ZipFile,
    meta: dict[str, Any],
    names: set[str],
    limit: int,
    n_chk: int,
) -> dict[str, NDArray[Any]]:
    """Every array the header records, each checked against its entry and expected shape."""
    manifest: dict[str, Any] = meta["arrays"]
    data_names = names - {"meta", "meta_sha256"}
    extra = sorted(data_names - set(manifest))
    if extra:
        raise _fail(extra[0], "an array the header does not record (added after saving)")
    expected = _expected_shapes(meta, n_chk)
    if meta["keep"] == "all" and "trajectories" in manifest:
        n_o, n_k = len(meta["outcome_names"]), len(meta["strategies"])
        expected["trajectories"] = (n_o, meta["periods"] + 1, n_k, meta["n_scenarios"])
    for name in expected:
        if name not in manifest:
            raise _fail(name, "missing from the file (the header does not record it)")
    if meta["keep"] == "summary":
        for name in manifest:
            if name in cls._ARRAYS and name != "years":
                raise _fail(name, "present, but the header says keep='summary'")
    data: dict[str, NDArray[Any]] = {}
    for name, entry in manifest.items():
        if name not in data_names and _is_entry(entry):
            raise _fail(name, "recorded in the header but missing from the file")
        data[name] = _checked_array(zf, name, entry, limit, expected.get(name))
    return data


def _is_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("shape"), list)
        and isinstance(entry.get("dtype"), str)
        and isinstance(entry.get("sha256"), str)
    )


def _checked_array(
    zf: zipfile.ZipFile, name: str, entry: Any, limit: int, want: tuple[int, ...] | None
) -> NDArray[Any]:
    """One array, whose shape, dtype and SHA-256 agree with its header entry."""
    if not _is_entry(entry):
        raise _fail(f"meta.arrays.{name}", "expected {shape, dtype, sha256}")
    arr = _read_array(zf, name, limit)
    if list(arr.shape) != entry["shape"] or arr.dtype.str != entry["dtype"]:
        raise _fail(
            name,
            f"shape {arr.shape} and dtype {arr.dtype.str} disagree with the header "
            f"({tuple(entry['shape'])}, {entry['dtype']})",
        )
    if _digest(arr) != entry["sha256"]:
        raise _fail(name, "its SHA-256 disagrees with the header: the data changed after saving")
    if want is not None and arr.shape != want:
        raise _fail(
            name,
            f"shape {arr.shape} disagrees with the header's sizes {want} (outcomes, "
            "checkpoints, strategies, scenarios)",
        )
    return arr


def _stats(meta: dict[str, Any], data: dict[str, NDArray[Any]]) -> OutcomeStats | None:
    """The streaming summaries of a ``keep="summary"`` file."""
    if meta["stats_count"] is None:
        return None
    if meta["stats_count"] != meta["n_scenarios"]:
        raise _fail("meta.stats_count", "disagrees with meta.n_scenarios")
    hist = data.get("stats_histogram")
    if hist is None:
        raise _fail("stats_histogram", "missing from the file")
    if hist.ndim != 4 or hist.shape[:3] != data["stats_mean"].shape or hist.shape[3] < 1:
        raise _fail("stats_histogram", f"shape {hist.shape} disagrees with the summaries")
    return OutcomeStats(
        count=int(meta["stats_count"]),
        **{
            f.name: data[f"stats_{f.name}"] for f in attrs.fields(OutcomeStats) if f.name != "count"
        },
    )
