"""A fuzz harness over case files, result files and command lines (issue 16).

Each property feeds damaged inputs to the library's faces and asserts:

- **case files**: :func:`ssestrategy.io.loads` returns a case or raises a ``ModelError`` —
  nothing else; and the contract of ``validate``: a case :func:`validate_case` accepts is one
  :func:`simulate`, :func:`compare` and :func:`diagnose` run without error, warning only with
  the library's :class:`SSEWarning`;
- **result files**: a damaged saved ensemble loads as the very ensemble saved, or raises a
  ``ResultFileError`` — never another exception, never different data;
- **command lines**: every run ends with a documented exit status, no traceback, no foreign
  warning, no file but those its arguments name, and no temporary file left behind.

Budget: in the ``ci`` hypothesis profile the three properties run about 1,000 examples in
under two minutes on two cores; the ``dev`` profile runs fewer.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import math
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from badcases import cli, small_case
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ssestrategy.comparison import compare
from ssestrategy.diagnosis import diagnose
from ssestrategy.errors import ModelError, ResultFileError, SSEWarning
from ssestrategy.io import case_to_dict, loads
from ssestrategy.simulation import Ensemble, simulate
from ssestrategy.testing import cases
from ssestrategy.validation import validate_case

# the profile's examples, at most these many (the ci profile asks 1,000 by default)
_CAP = settings.default.max_examples


def _examples(ci: int) -> int:
    return min(ci, _CAP)


_FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
}

# --- values that break things --------------------------------------------------------------------

_AWKWARD_TEXT = [
    "",
    " ",
    "\x00",
    "a\x1bb",
    "\ufeff",
    "\ud800",
    "\uffff",
    "تيزنيت",
    "ⵜⵉⵣⵏⵉⵜ",
    "coop-0",
    "council",
    "argan",
    "@anchor",
    "cooperative",
    "ties",
    "jobs",
    "uniform",
    "percentile",
    "<=",
    "status-quo",
    "learning_rate",
    "a" * 300,
]
_AWKWARD_NUMBERS = [
    0,
    -1,
    1,
    2,
    0.5,
    2.5,
    1e-320,
    -1e-300,
    1e12,
    1e13,
    1e300,
    -1e308,
    2**53 + 1,
    2**63,
    10**30,
    math.nan,
    math.inf,
    -math.inf,
]

_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(_AWKWARD_NUMBERS),
    st.integers(min_value=-(2**66), max_value=2**66),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(_AWKWARD_TEXT),
    st.text(max_size=6),
)
_json_values = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _deep(n: int, dicts: bool) -> Any:
    out: Any = 1
    for _ in range(n):
        out = {"a": out} if dicts else [out]
    return out


_replacements = st.one_of(
    _json_values,
    st.builds(_deep, st.integers(50, 600), st.booleans()),
)


def _nodes(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if len(path) > 12:  # inside a deep replacement: not a place worth breaking again
        return out
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _nodes(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _nodes(v, (*path, i))
    return out


@st.composite
def broken_case_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A valid case's file text, broken in its structure and then, maybe, in its characters."""
    base = draw(
        st.one_of(
            st.just(small_case()),
            cases(max_actors=4, max_strategies=2, max_interventions=2, max_criteria=2).map(
                case_to_dict
            ),
        )
    )
    data = copy.deepcopy(base)
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3]))):
        paths = [p for p in _nodes(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        key = path[-1]
        op = draw(st.sampled_from(["replace", "replace", "delete", "repeat", "scale", "scale"]))
        if op == "replace":
            parent[key] = draw(_replacements)
        elif op == "delete":
            del parent[key]
        elif op == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif (
            op == "scale"
            and isinstance(parent[key], int | float)
            and not isinstance(parent[key], bool)
        ):
            factor = draw(st.sampled_from([-1, 0, 0.5, 2, 10, 1e6, 1e12, 1e300, 1e-300]))
            parent[key] = parent[key] * factor
    fmt = draw(st.sampled_from(["json", "toml"]))
    text: str | None = None
    if fmt == "toml":
        try:
            import tomli_w

            text = tomli_w.dumps(data)
        except Exception:
            fmt = "json"
    if text is None:
        text = json.dumps(data, ensure_ascii=False, allow_nan=True)
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 1, 3]))):  # character damage
        i = draw(st.integers(0, max(len(text) - 1, 0)))
        ch = draw(st.sampled_from(['"', "{", "]", "\x00", "\ufeff", "9", "e", "\n", "=", ""]))
        text = text[:i] + ch + text[i + 1 :]
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, fmt


def _run_quietly(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn``: any warning but the library's fails the test."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    foreign = [w for w in caught if not issubclass(w.category, SSEWarning)]
    assert not foreign, [f"{w.category.__name__}: {w.message}" for w in foreign]
    return out


@settings(max_examples=_examples(1000), **_FUZZ)
@given(broken_case_texts(), st.integers(0, 2**32))
def test_case_files_load_or_refuse_and_validate_is_the_contract(
    broken: tuple[str, str], seed: int
) -> None:
    text, fmt = broken
    try:
        case = _run_quietly(loads, text, fmt)
    except ModelError:
        event("refused by the loader")
        return
    v = _run_quietly(validate_case, case)
    assert all(p.message for p in (*v.errors, *v.warnings))
    event("valid for every command" if v.ok else "refused by validate")
    runs = {
        "simulate": lambda: simulate(case, n_scenarios=3, rng=seed),
        "compare": lambda: compare(case, n_scenarios=4, rng=seed),
        "diagnose": lambda: diagnose(case, rng=seed),
    }
    for command, run in runs.items():
        refused = _run_quietly(validate_case, case, commands=(command,)).errors
        if refused:  # the command refuses it too, with the same problems
            with pytest.raises(ModelError) as info:
                _run_quietly(run)
            assert set(info.value.problems) <= set(refused) or set(refused) <= set(
                info.value.problems
            ), (command, refused, info.value.problems)
        else:  # accepted: the command runs
            out = _run_quietly(run)
            if command == "compare":
                assert len(out.ranking.order) == len(case.strategies)


# --- result files --------------------------------------------------------------------------------


class Saved(tuple):  # type: ignore[type-arg]
    """(ensemble, file bytes, archive members), with a short repr for hypothesis reports."""

    def __repr__(self) -> str:
        return f"<saved ensemble, {len(self[1])} bytes>"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ensemble, bytes, dict[str, Any]]:
    case = loads(json.dumps(small_case()), fmt="json")
    ens = simulate(case, n_scenarios=12, rng=0)
    path = tmp_path_factory.mktemp("ens") / "run.npz"
    ens.save(path)
    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    return Saved((ens, raw, members))


def _npy(a: Any) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=False)
    return buf.getvalue()


def _repack(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


_DAMAGES = ["truncate", "flip", "flip", "member", "meta", "drop", "add"]
_EDITS = ["shorter", "float32", "scaled", "reshaped"]
_flat_values = _leaves | st.lists(_leaves, max_size=3)


def damage(
    original: tuple[Ensemble, bytes, dict[str, Any]],
    kind: str,
    numbers: list[int],
    edit: str,
    value: Any,
    recompute: bool,
) -> bytes:
    """A damaged copy of the saved file; ``numbers`` choose positions, members and keys."""
    _, raw, members = original
    if kind == "truncate":
        return raw[: numbers[0] % len(raw)]
    if kind == "flip":
        data = bytearray(raw)
        for n in numbers:
            data[n % len(data)] ^= 1 << (n % 8)
        return bytes(data)
    m = dict(members)
    names = sorted(n for n in m if n not in ("meta.npy", "meta_sha256.npy"))
    if kind == "member":  # an array re-written: shortened, retyped, changed
        name = names[numbers[0] % len(names)]
        a = np.load(io.BytesIO(m[name]), allow_pickle=False)
        if edit == "shorter" and a.ndim and a.shape[-1] > 0:
            a = a[..., :-1]
        elif edit == "float32":
            a = a.astype(np.float32)
        elif edit == "scaled":
            a = a * 2 + 1
        else:
            a = a.reshape(-1)
        m[name] = _npy(a)
    elif kind == "meta":  # the header edited (its checksum left as it was, or recomputed)
        meta = json.loads(str(np.load(io.BytesIO(m["meta.npy"]), allow_pickle=False)[()]))
        keys = sorted(meta)
        key = keys[numbers[0] % len(keys)]
        if len(numbers) > 1 and isinstance(meta[key], list):
            value = meta[key][::-1]  # e.g. the outcome names reversed
        meta[key] = value
        text = json.dumps(meta, sort_keys=True, allow_nan=True)
        m["meta.npy"] = _npy(np.array(text))
        if recompute:
            m["meta_sha256.npy"] = _npy(np.array(hashlib.sha256(text.encode()).hexdigest()))
    elif kind == "drop":
        del m[sorted(m)[numbers[0] % len(m)]]
    else:
        m["extra.npy" if numbers[0] % 2 else "notes.txt"] = _npy(np.zeros(3))
    return _repack(m)


@settings(max_examples=_examples(1000), **_FUZZ)
@given(
    kind=st.sampled_from(_DAMAGES),
    numbers=st.lists(st.integers(0, 2**31), min_size=1, max_size=4),
    edit=st.sampled_from(_EDITS),
    value=_flat_values,
    recompute=st.booleans(),
)
def test_result_files_load_as_saved_or_are_refused(
    saved: tuple[Ensemble, bytes, dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
    kind: str,
    numbers: list[int],
    edit: str,
    value: Any,
    recompute: bool,
) -> None:
    ens = saved[0]
    path = tmp_path_factory.mktemp("damaged") / "run.npz"
    path.write_bytes(damage(saved, kind, numbers, edit, value, recompute))
    try:
        loaded = _run_quietly(Ensemble.load, path)
    except ResultFileError as err:
        problem = err.problems[0]
    else:
        if kind == "meta" and recompute:
            # a forged header (edited, its checksum recomputed) may rename strategies; the data
            # still load exactly as saved, or are refused
            event("forged header: loaded")
            for name in Ensemble._ARRAYS:
                a, b = getattr(loaded, name), getattr(ens, name)
                assert (a is None and b is None) or np.array_equal(a, b)
            return
        event("loaded: equal to the saved ensemble")
        assert loaded == ens  # a damage that changed nothing (a zip timestamp, say)
        return
    event(f"refused at {problem.path.split('.')[0]}")
    assert problem.path
    assert problem.message


# --- command lines -------------------------------------------------------------------------------


_SCENARIOS = ["1", "4", "0", "-2", "x", "1e3", "10000000000"]
_SEEDS = ["0", "7", "-1", "x", str(2**70)]
_WORKERS = ["1", "0", "-3", "x"]
_STRATEGIES = ["fund", "status-quo,fund", "", ",", "nope", "fund,fund"]


@st.composite
def command_lines(draw: st.DrawFn, folder: Path) -> tuple[list[str], set[Path]]:
    """A command line over the small case (or a bad case path), and the files it may write."""
    case = draw(
        st.sampled_from(
            ["case.json", "case.json", "case.json", "missing.json", ".", "bad.toml", "case.txt"]
        )
    )
    command = draw(
        st.sampled_from(
            ["info", "validate", "simulate", "compare", "diagnose", "explain", "schema"]
        )
    )
    argv = [command]
    outputs: set[Path] = set()
    if command != "schema":
        argv.append(str(folder / case))
    opt = draw(st.lists(st.integers(0, 9), max_size=4, unique=True))
    if command in ("simulate", "compare"):
        argv += ["--scenarios", draw(st.sampled_from(_SCENARIOS))]
        if 0 in opt:
            argv += ["--seed", draw(st.sampled_from(_SEEDS))]
        if 1 in opt:
            argv += ["--workers", draw(st.sampled_from(_WORKERS))]
        if 2 in opt:
            argv += ["--strategies", draw(st.sampled_from(_STRATEGIES))]
        if 3 in opt:
            argv.append("--json")
    if command == "simulate":
        if 4 in opt:
            argv += ["--sampler", draw(st.sampled_from(["mc", "lhs", "sobol", "bogus"]))]
        if 5 in opt:
            name = draw(st.sampled_from(["run.npz", "sub/run.npz", "run.txt", ".", ""]))
            target = folder / "out" / name if name else Path("")
            argv += ["--save", str(target) if name else ""]
            outputs.add(target)
    if command == "compare" and 4 in opt:
        argv += ["--method", draw(st.sampled_from(["topsis", "vikor", "bogus"]))]
    if command == "diagnose":
        if 0 in opt:
            argv += ["--threshold", draw(st.sampled_from(["0.5", "-1", "2", "nan", "x"]))]
        if 1 in opt:
            name = draw(
                st.sampled_from(["net.gexf", "net.graphml", "net.txt", "sub/net.gexf", "."])
            )
            target = folder / "out" / name
            argv += ["--export", str(target)]
            outputs.add(target)
        if 3 in opt:
            argv.append("--json")
    if command == "explain":
        argv += ["--a", draw(st.sampled_from(["fund", "status-quo", "nope"]))]
        if 0 not in opt:
            argv += ["--b", draw(st.sampled_from(["status-quo", "fund", "nope"]))]
        argv += ["--method", "morris", "--n", draw(st.sampled_from(["4", "3", "0"]))]
        argv += ["--scenarios", draw(st.sampled_from(["16", "0", "x"]))]
        if 1 in opt:
            argv += ["--top", draw(st.sampled_from(["3", "0", "-1"]))]
        if 2 in opt:
            argv += ["--output", draw(st.sampled_from(["jobs", "composite", "bogus"]))]
    if command in ("validate",) and 0 in opt:
        argv += ["--for", draw(st.sampled_from(["diagnose", "compare", "bogus"]))]
    if 6 in opt:
        argv.append(draw(st.sampled_from(["--bogus", "extra", "--json"])))
    return argv, outputs


@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "case.json").write_text(json.dumps(small_case()), encoding="utf-8")
    (folder / "bad.toml").write_text("name = = 1\n", encoding="utf-8")
    (folder / "case.txt").write_text("x", encoding="utf-8")
    (folder / "out").mkdir()
    return folder


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@settings(max_examples=_examples(500), **_FUZZ)
@given(st.data())
def test_command_lines_exit_as_documented_and_write_only_what_they_name(
    cli_folder: Path, data: st.DataObject
) -> None:
    argv, outputs = data.draw(command_lines(cli_folder))
    assume(argv)
    before = _files(cli_folder)
    r = cli(*argv)  # asserts: a documented status, no traceback, no foreign warning
    event(f"{argv[0]}: exit {r.code}")
    after = _files(cli_folder)
    new = after - before
    assert new <= {p.resolve() for p in outputs} | outputs, (argv, new)
    assert not [p for p in after if p.name.endswith(".tmp")], argv
    if r.code != 0:
        assert r.err.strip(), argv  # a failure always says why
    for p in new:  # a written file is whole: it loads
        if p.suffix == ".npz":
            Ensemble.load(p)
        p.unlink()
