"""Throw bad inputs at ssestrategy and count what goes wrong (issue 16).

Each input goes through the public faces only (``ssestrategy.cli.main`` in this process, and
``Ensemble.save``/``Ensemble.load``), so the script runs against any version of the library:
``PYTHONPATH=/path/to/old/src python benchmarks/bad_inputs.py`` measures an older tree.

Five families, all generated from a fixed seed:

- ``hand``: hand-made bad case files (every failure issue 16 lists, and their neighbours);
- ``struct``: structured mutations of a small valid case (a node replaced by a value of another
  type or size, deleted, duplicated or renamed);
- ``bytes``: byte-level mutations of the same case's JSON and TOML text;
- ``ensemble``: result files truncated, flipped, re-packed with edited arrays or metadata;
- ``cli``: command lines with bad arguments (counts, seeds, workers, strategy ids, output paths).

For each input it records:

- ``traceback``: an exception other than the library's own escaped ``main`` (or ``Ensemble.load``),
  or "Traceback" was printed;
- ``internal_error``: ``main`` caught an unexpected exception (exit status 4: a bug, reported in
  one line instead of a traceback);
- ``leaked_warning``: a NumPy/SciPy/Python warning (not the library's ``SSEWarning``) was emitted;
- ``contract``: ``validate`` accepted a case that ``simulate``, ``compare`` or ``diagnose`` then
  refused for a reason in the case, or a command ran longer than the time limit;
- ``silent_wrong_load``: a damaged result file loaded without error and differs from what was saved;
- ``stray_file``: a file appeared that no argument named (or a half-written one was left);
- ``exit``: exit codes seen.

Examples
--------
``python benchmarks/bad_inputs.py --quick`` (a few hundred inputs) or without ``--quick``
(about 4,000 inputs, several minutes). ``--json`` prints the counts as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import math
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ssestrategy.cli import main
from ssestrategy.errors import SSEError

_LIMIT_GIB = 8

try:  # the library's own warning class (absent before issue 16)
    from ssestrategy.errors import SSEWarning  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older trees
    SSEWarning = None  # type: ignore[assignment,misc]

TIME_LIMIT = 40  # seconds per command

CAPS = {"financing": 0.3, "networking": 0.4, "innovation": 0.2, "governance": 0.5}


def small_case() -> dict[str, Any]:
    """A small valid case in the file layout: every section present."""
    actors = [
        {
            "id": f"coop-{i}",
            "name": f"Cooperative {i}",
            "kind": "cooperative",
            "capacities": dict(CAPS),
            "members": 10 + i,
            "women_share": 0.5,
            "rural": i % 2 == 0,
            "commune": "Tiznit",
            "value_chain": "argan",
        }
        for i in range(6)
    ]
    actors.append(
        {"id": "council", "name": "Council", "kind": "public_authority", "capacities": dict(CAPS)}
    )
    ties = [
        {"source": f"coop-{i}", "target": f"coop-{i + 1}", "kind": "market", "intensity": 0.5}
        for i in range(5)
    ]
    ties.append({"source": "council", "target": "coop-0", "kind": "convention", "intensity": 0.4})
    return {
        "name": "small",
        "horizon": 3,
        "territory": {"name": "T", "region": "Souss-Massa"},
        "actors": actors,
        "partnerships": ties,
        "poles": [
            {
                "id": "argan",
                "name": "Argan",
                "value_chain": "argan",
                "members": ["coop-0", "coop-1", "coop-2"],
                "anchor": "coop-0",
            }
        ],
        "strategies": [
            {"id": "status-quo", "name": "Status quo"},
            {
                "id": "fund",
                "name": "Fund",
                "interventions": [
                    {
                        "name": "training",
                        "lever": "innovation",
                        "target": {"kinds": ["cooperative"]},
                        "budget": 100000.0,
                        "duration": 2.0,
                    },
                    {
                        "name": "platform",
                        "lever": "ties",
                        "hub": "@anchor",
                        "target": {"poles": ["argan"]},
                        "budget": 50000.0,
                        "params": {"tie_intensity": 0.6},
                    },
                    {
                        "name": "loans",
                        "lever": "financing",
                        "target": {"rural": True},
                        "budget": 80000.0,
                        "params": {"recovery_rate": 0.5},
                    },
                ],
            },
        ],
        "uncertainties": {
            "parameters": [
                {
                    "parameter": "learning_rate",
                    "distribution": {"kind": "uniform", "low": 0.1, "high": 0.3},
                }
            ],
            "events": [
                {
                    "name": "drought",
                    "annual_probability": 0.2,
                    "severity": {"kind": "uniform", "low": 0.1, "high": 0.3},
                    "value_chains": ["argan"],
                }
            ],
        },
        "constraints": [
            {"id": "cap", "outcome": "spend", "op": "<=", "target": 1e6, "category": "budget"},
            {"id": "alive", "outcome": "survival", "op": ">=", "target": 0.5, "probability": 0.8},
        ],
        "criteria": {
            "items": [
                {"outcome": "jobs", "weight": 0.6},
                {"outcome": "survival", "statistic": "percentile", "q": 10, "weight": 0.4},
            ]
        },
    }


# --- running one command ----------------------------------------------------------------------


class _TimeoutError(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeoutError


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.exits: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def note(self, family: str, what: str, example: str) -> None:
        self.counts[f"{family}.{what}"] += 1
        ex = self.examples.setdefault(f"{family}.{what}", [])
        if len(ex) < 6:
            ex.append(example[:300])


def run_cli(argv: list[str]) -> dict[str, Any]:
    """Run ``main(argv)`` here; return the exit code, output, escaped exception, warnings."""
    out, err = io.StringIO(), io.StringIO()
    escaped: BaseException | None = None
    code: int | None = None
    timed_out = False
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stderr(err):
                code = main(argv, out=out)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except _TimeoutError:
            timed_out = True
        except BaseException as exc:
            escaped = exc
        finally:
            signal.alarm(0)
    leaked = [
        w
        for w in caught
        if SSEWarning is None or not issubclass(w.category, SSEWarning)  # type: ignore[arg-type]
    ]
    return {
        "code": code,
        "out": out.getvalue(),
        "err": err.getvalue(),
        "escaped": escaped,
        "leaked": leaked,
        "timed_out": timed_out,
        "seconds": time.perf_counter() - t0,
    }


def _is_traceback(r: dict[str, Any]) -> bool:
    exc = r["escaped"]
    if exc is not None and not isinstance(exc, SSEError | KeyboardInterrupt):
        return True
    return "Traceback (most recent call last)" in r["err"]


def check_case_file(path: Path, family: str, name: str, tally: Tally, *, deep: bool) -> None:
    """validate; if accepted, simulate, compare and diagnose it too (the contract)."""
    v = run_cli(["validate", str(path)])
    _classify(v, family, f"{name} validate", tally)
    if v["code"] != 0 or not deep:
        return
    for argv in (
        ["simulate", str(path), "--scenarios", "8", "--seed", "1"],
        ["compare", str(path), "--scenarios", "8", "--seed", "1"],
        ["diagnose", str(path)],
    ):
        r = run_cli(argv)
        _classify(r, family, f"{name} {argv[0]}", tally)
        if r["code"] not in (0, None) and not _is_traceback(r):
            tally.note(family, "contract", f"{name} {argv[0]}: {r['err'].strip()[:200]}")
        if r["timed_out"]:
            tally.note(family, "contract", f"{name} {argv[0]}: still running after {TIME_LIMIT}s")


def _classify(r: dict[str, Any], family: str, label: str, tally: Tally) -> None:
    tally.counts[f"{family}.runs"] += 1
    tally.exits[f"{family}.{r['code']}"] += 1
    if _is_traceback(r):
        exc = r["escaped"]
        what = f"{type(exc).__name__}: {exc}" if exc is not None else r["err"][-200:]
        tally.note(family, "traceback", f"{label}: {what}")
    if r["code"] == 4:  # the guard caught an exception the library did not expect: a bug
        tally.note(family, "internal_error", f"{label}: {r['err'].strip()[-300:]}")
    if r["leaked"]:
        w = r["leaked"][0]
        tally.note(family, "leaked_warning", f"{label}: {w.category.__name__}: {w.message}")
    if r["timed_out"]:
        tally.note(family, "timeout", label)


# --- hand-made case files ---------------------------------------------------------------------


def _set(path: str, value: Any) -> Any:
    def apply(d: dict[str, Any]) -> None:
        keys = path.split(".")
        node: Any = d
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return apply


def _del(path: str) -> Any:
    def apply(d: dict[str, Any]) -> None:
        keys = path.split(".")
        node: Any = d
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if isinstance(node, list):
            del node[int(last)]
        else:
            del node[last]

    return apply


def _many(*fs: Any) -> Any:
    def apply(d: dict[str, Any]) -> None:
        for f in fs:
            f(d)

    return apply


def _dup_tie(d: dict[str, Any]) -> None:
    d["partnerships"].append(dict(d["partnerships"][0]))


def _no_actors(d: dict[str, Any]) -> None:
    d["actors"], d["partnerships"], d["poles"] = [], [], []
    d["strategies"] = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]


def _one_actor(d: dict[str, Any]) -> None:
    d["actors"] = d["actors"][:1]
    d["partnerships"], d["poles"] = [], []
    d["strategies"] = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]


HAND: dict[str, Any] = {
    "horizon-1e9": _set("horizon", 1e9),
    "horizon-1e6": _set("horizon", 1e6),
    "horizon-tiny": _set("horizon", 1e-9),
    "ppy-100000": _set("periods_per_year", 100000),
    "ppy-10000": _set("periods_per_year", 10000),
    "no-strategies": _set("strategies", []),
    "weights-zero": _many(
        _set("criteria.items.0.weight", 0.0), _set("criteria.items.1.weight", 0.0)
    ),
    "criteria-empty": _set("criteria", {}),
    "criteria-items-empty": _set("criteria", {"items": []}),
    "budget-1e308": _set("strategies.1.interventions.0.budget", 1e308),
    "budget-1e200": _set("strategies.1.interventions.0.budget", 1e200),
    "budget-1e30": _set("strategies.1.interventions.0.budget", 1e30),
    "duration-1e300": _set("strategies.1.interventions.0.duration", 1e300),
    "start-1e300": _set("strategies.1.interventions.0.start", 1e300),
    "event-duration-1e300": _set("uncertainties.events.0.duration", 1e300),
    "event-hazard-1e300": _set("uncertainties.events.0.hazard_increase", 1e300),
    "members-1e18": _set("actors.0.members", 10**18),
    "members-10e400": _set("actors.0.members", 10**400),
    "intensity-subnormal": _set("partnerships.0.intensity", 5e-324),
    "capacity-subnormal": _set("actors.0.capacities.financing", 5e-324),
    "tie-intensity-1e300": _set("strategies.1.interventions.1.params.tie_intensity", 1e300),
    "recovery-0.9999999": _set("strategies.1.interventions.2.params.recovery_rate", 0.9999999),
    "repayment-tiny": _set("strategies.1.interventions.2.params.repayment_years", 1e-300),
    "ramp-1e300": _set("strategies.1.interventions.1.params.ramp_years", 1e300),
    "param-huge": _set("parameters", {"half_saturation": 1e300}),
    "income-huge": _set("parameters", {"income_per_member": 1e300}),
    "enrolment-huge": _set("parameters", {"enrolment_cost": 1e300}),
    "cohesion-tiny": _set("parameters", {"cohesion_scale": 1e-300}),
    "rho-huge": _set("parameters", {"ces_rho": -1e300}),
    "rho-tiny": _set("parameters", {"ces_rho": -1e-300}),
    "no-actors": _no_actors,
    "one-actor": _one_actor,
    "dup-partnership": _dup_tie,
    "ctl-name-soh": _set("actors.0.name", "A\x01B"),
    "ctl-name-nul": _set("actors.0.name", "A\x00B"),
    "ctl-name-esc": _set("actors.0.name", "\x1b[31mred"),
    "ctl-territory": _set("territory.name", "T\x0bT"),
    "ctl-commune": _set("actors.0.commune", "Tiz\x07nit"),
    "ctl-value-chain": _set("actors.0.value_chain", "argan\x08"),
    "ctl-description": _set("strategies.0.name", "S\x0c"),
    "surrogate-name": _set("actors.0.name", "\ud800"),
    "nonchar-name": _set("actors.0.name", "A\uffffB"),
    "arabic-id": _many(
        _set("actors.0.id", "تعاونية-1"),
        _set("partnerships.0.source", "تعاونية-1"),
        _set("partnerships.5.target", "تعاونية-1"),
        _set("poles.0.members.0", "تعاونية-1"),
        _set("poles.0.anchor", "تعاونية-1"),
    ),
    "tifinagh-id": _many(_set("strategies.0.id", "ⵜⵉⵣⵏⵉⵜ")),
    "emoji-id": _set("strategies.0.id", "fund-🚀"),
    "space-id": _set("strategies.0.id", "status quo"),
    "list-id": _set("actors.0.id", ["coop-0"]),
    "dict-id": _set("actors.0.id", {"a": 1}),
    "int-id": _set("actors.0.id", 7),
    "list-source": _set("partnerships.0.source", ["coop-0"]),
    "dict-member": _set("poles.0.members.0", {"x": 1}),
    "list-hub": _set("strategies.1.interventions.1.hub", ["@anchor"]),
    "list-kind": _set("actors.0.kind", ["cooperative"]),
    "list-lever": _set("strategies.1.interventions.0.lever", ["ties"]),
    "dict-outcome": _set("constraints.0.outcome", {"a": 1}),
    "list-parameter": _set("uncertainties.parameters.0.parameter", ["learning_rate"]),
    "dict-op": _set("constraints.0.op", {"<=": 1}),
    "list-distribution-kind": _set("uncertainties.parameters.0.distribution.kind", ["uniform"]),
    "constraint-at-2.5": _set("constraints.0.at", 2.5),
    "criterion-at-1.5": _set("criteria.items.0.at", 1.5),
    "constraint-at-0.1": _set("constraints.1.at", 0.1),
    "random-index-bogus": _many(
        _set(
            "criteria",
            {
                "items": [{"outcome": "jobs"}, {"outcome": "survival"}],
                "pairwise": [[1, 3], [0.3333, 1]],
                "random_index": "bogus",
            },
        ),
    ),
    "pairwise-huge": _set(
        "criteria",
        {
            "items": [{"outcome": "jobs"}, {"outcome": "survival"}],
            "pairwise": [[1, 1e308], [1e-308, 1]],
        },
    ),
    "pairwise-3": _set(
        "criteria",
        {
            "items": [{"outcome": "jobs"}, {"outcome": "survival"}],
            "pairwise": [[1, 3, 1], [0.3, 1, 1], [1, 1, 1]],
        },
    ),
    "truncnorm-unbounded-pole-weight": _set(
        "uncertainties.parameters",
        [
            {
                "parameter": "pole_weight",
                "distribution": {"kind": "truncnorm", "mean": 0.5, "sd": 0.1},
            }
        ],
    ),
    "beta-tiny": _set(
        "uncertainties.parameters",
        [{"parameter": "max_gain", "distribution": {"kind": "beta", "a": 1e-300, "b": 1e-300}}],
    ),
    "discrete-huge": _set(
        "uncertainties.parameters",
        [
            {
                "parameter": "half_saturation",
                "distribution": {"kind": "discrete", "values": [1e300, 1e301]},
            }
        ],
    ),
    "uniform-huge": _set(
        "uncertainties.parameters",
        [
            {
                "parameter": "income_gain",
                "distribution": {"kind": "uniform", "low": 0, "high": 1e300},
            }
        ],
    ),
    "weights-huge": _set(
        "uncertainties.parameters",
        [
            {
                "parameter": "learning_rate",
                "distribution": {
                    "kind": "discrete",
                    "values": [0.1, 0.2],
                    "weights": [1e308, 1e308],
                },
            }
        ],
    ),
    "event-prob-1": _set("uncertainties.events.0.annual_probability", 1.0),
    "ties-no-hub": _del("strategies.1.interventions.1.hub"),
    "hub-unknown": _set("strategies.1.interventions.1.hub", "nobody"),
    "anchor-no-poles": _many(
        _set("poles", []), _set("strategies.1.interventions.1.target", {"kinds": ["cooperative"]})
    ),
    "selector-unknown-pole": _set("strategies.1.interventions.0.target", {"poles": ["nope"]}),
    "foresight-ragged": _set("foresight", {"variables": ["a", "b"], "influence": [[0, 1], [1]]}),
    "foresight-huge": _set(
        "foresight", {"variables": ["a", "b"], "influence": [[0, 1e300], [1, 0]]}
    ),
    "foresight-single": _set("foresight", {"variables": ["a"], "influence": [[0]]}),
    "mactor-zero": _set(
        "foresight",
        {"actors": ["x", "y"], "objectives": ["o"], "mdi": [[0, 0], [0, 0]], "mao": [[0], [0]]},
    ),
    "indicator-huge": _set("territory.indicators", [{"name": "population", "value": 1e300}]),
    "strategy-all-zero-budget": _set(
        "strategies.1.interventions", [{"name": "x", "lever": "innovation", "budget": 0.0}]
    ),
    "unknown-top": _set("bogus", 1),
    "name-empty": _set("name", ""),
    "name-list": _set("name", ["x"]),
    "territory-list": _set("territory", ["x"]),
    "actors-dict": _set("actors", {"a": 1}),
    "actors-str": _set("actors", "coop"),
    "strategies-dict": _set("strategies", {"a": 1}),
    "sources-list": _set("sources", ["a"]),
    "provenance-list": _set("actors.0.provenance", ["a"]),
    "provenance-unknown": _set("actors.0.provenance", "nosuch"),
    "horizon-string": _set("horizon", "10"),
    "horizon-bool": _set("horizon", True),
    "ppy-float": _set("periods_per_year", 4.0),
    "ppy-huge-int": _set("periods_per_year", 10**30),
    "q-missing": _del("criteria.items.1.q"),
}

RAW: dict[str, tuple[str, bytes]] = {
    "deep-json": ("json", b'{"name": ' + b"[" * 100000 + b"]" * 100000 + b"}"),
    "deep-json-dict": ("json", b'{"name": ' + b'{"a":' * 50000 + b"1" + b"}" * 50000 + b"}"),
    "deep-toml": ("toml", b"name = " + b"[" * 100000 + b"]" * 100000 + b"\n"),
    "deep-toml-inline": ("toml", b"a = " + b"{b = " * 5000 + b"1" + b"}" * 5000 + b"\n"),
    "huge-int-json": ("json", b'{"name": "x", "horizon": ' + b"9" * 5000 + b"}"),
    "huge-int-toml": ("toml", b'name = "x"\nhorizon = ' + b"9" * 5000 + b"\n"),
    "big-float-json": ("json", b'{"name": "x", "horizon": 1e400, "territory": {"name": "t"}}'),
    "nan-json": ("json", b'{"name": "x", "horizon": NaN, "territory": {"name": "t"}}'),
    "empty-json": ("json", b""),
    "empty-toml": ("toml", b""),
    "null-json": ("json", b"null"),
    "list-json": ("json", b"[]"),
    "number-json": ("json", b"42"),
    "string-json": ("json", b'"case"'),
    "binary": ("json", bytes(range(256)) * 4),
    "utf16": ("json", '{"name": "x", "territory": {"name": "t"}}'.encode("utf-16")),
    "latin1": ("toml", 'name = "Coopérative"\n[territory]\nname = "t"\n'.encode("latin-1")),
    "bom-json": ("json", b"\xef\xbb\xbf" + b'{"name": "x", "territory": {"name": "t"}}'),
    "bom-toml": ("toml", b"\xef\xbb\xbf" + b'name = "x"\n[territory]\nname = "t"\n'),
    "nul-in-toml": ("toml", b'name = "x\x00"\n[territory]\nname = "t"\n'),
    "lone-surrogate-json": ("json", b'{"name": "\\ud800", "territory": {"name": "t"}}'),
    "dup-keys-json": ("json", b'{"name": "x", "name": "y", "territory": {"name": "t"}}'),
    "crlf-toml": ("toml", b'name = "x"\r\n[territory]\r\nname = "t"\r\n'),
    "npz-as-case": ("json", b"PK\x03\x04" + b"\x00" * 100),
}


# --- structured and byte mutations ------------------------------------------------------------

_VALUES: list[Any] = [
    [],
    {},
    [[[]]],
    "x",
    "",
    " ",
    "\x00",
    "a\x1bb",
    "تيزنيت",
    "\ud800",
    1e308,
    -1e308,
    5e-324,
    0,
    -1,
    1,
    10**30,
    2**63,
    -(2**63),
    True,
    False,
    None,
    {"a": 1},
    ["a", "b"],
    math.nan,
    math.inf,
    1.5,
    "1e3",
    "@anchor",
    "coop-0",
    {"value": 1e300},
    {"kind": "uniform", "low": 0, "high": 1e300},
]


def _nodes(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _nodes(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _nodes(v, (*path, i))
    return out


def _get(obj: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        obj = obj[k]
    return obj


def mutate_struct(base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    d = copy.deepcopy(base)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        paths = [p for p in _nodes(d) if p]
        path = rng.choice(paths)
        parent = _get(d, path[:-1])
        key = path[-1]
        op = rng.random()
        if op < 0.6:
            value = copy.deepcopy(rng.choice(_VALUES))
            if isinstance(value, list) and value == [[[]]] and rng.random() < 0.3:
                value = [value] * 3
            parent[key] = value
        elif op < 0.75:
            del parent[key]
        elif op < 0.85 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif op < 0.95 and isinstance(parent, dict):
            parent[str(key) + "_"] = parent.pop(key)
        else:
            node = parent[key]
            if isinstance(node, int | float) and not isinstance(node, bool):
                parent[key] = node * rng.choice((-1, 1e6, 1e300, 0, 0.5))
            else:
                parent[key] = copy.deepcopy(rng.choice(_VALUES))
    return d


def _json(d: Any) -> bytes:
    return json.dumps(d, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def _toml(d: dict[str, Any]) -> bytes | None:
    try:
        import tomli_w

        return tomli_w.dumps(d).encode("utf-8")
    except Exception:
        return None


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 5))):
        op = rng.random()
        i = rng.randrange(max(len(b), 1))
        if op < 0.4 and b:
            b[i] ^= 1 << rng.randrange(8)
        elif op < 0.6 and b:
            del b[i]
        elif op < 0.8:
            b.insert(i, rng.randrange(256))
        else:
            b = b[: rng.randrange(len(b) + 1)]
    return bytes(b)


# --- ensembles ----------------------------------------------------------------------------------


def ensemble_cases(tmp: Path, rng: random.Random, n: int) -> list[tuple[str, Path]]:
    """Damaged copies of one saved ensemble."""
    from ssestrategy.io import loads
    from ssestrategy.simulation import simulate

    case = loads(json.dumps(small_case()), fmt="json")
    ens = simulate(case, n_scenarios=16, rng=0)
    good = tmp / "good.npz"
    ens.save(good)
    raw = good.read_bytes()
    with np.load(good, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    out: list[tuple[str, Path]] = []

    def write(name: str, data: bytes) -> None:
        p = tmp / f"{name}.npz"
        p.write_bytes(data)
        out.append((name, p))

    def repack(name: str, arrs: dict[str, Any]) -> None:
        buf = io.BytesIO()
        np.savez(buf, **arrs)
        write(name, buf.getvalue())

    def edit_meta(name: str, f: Any) -> None:
        m = copy.deepcopy(meta)
        f(m)
        a = dict(arrays)
        a["meta"] = np.array(json.dumps(m, sort_keys=True))
        repack(name, a)

    def edit_array(name: str, key: str, f: Any) -> None:
        a = dict(arrays)
        a[key] = f(a[key])
        repack(name, a)

    edit_array("shorter-scenarios", "checkpoints", lambda x: x[..., :-1])
    edit_array("shorter-inputs", "input_values", lambda x: x[:-1])
    edit_array("float32", "checkpoints", lambda x: x.astype(np.float32))
    edit_array("nan-values", "checkpoints", lambda x: np.where(x > 0, np.nan, x))
    edit_array("value-changed", "checkpoints", lambda x: x * 1.01)
    edit_array("years-shifted", "years", lambda x: x + 1)
    edit_array("object-array", "years", lambda x: np.array([1, "a"], dtype=object))
    repack("missing-checkpoints", {k: v for k, v in arrays.items() if k != "checkpoints"})
    repack("missing-meta", {k: v for k, v in arrays.items() if k != "meta"})
    repack("extra-array", {**arrays, "extra": np.zeros(3)})
    edit_meta("n-scenarios-edited", lambda m: m.update(n_scenarios=m["n_scenarios"] - 1))
    edit_meta("n-scenarios-up", lambda m: m.update(n_scenarios=m["n_scenarios"] + 5))
    edit_meta("strategy-removed", lambda m: m.update(strategies=m["strategies"][:-1]))
    edit_meta("strategies-swapped", lambda m: m.update(strategies=m["strategies"][::-1]))
    edit_meta("outcomes-reversed", lambda m: m.update(outcome_names=m["outcome_names"][::-1]))
    edit_meta("outcome-renamed", lambda m: m["outcome_names"].__setitem__(0, "bogus"))
    edit_meta("keep-summary", lambda m: m.update(keep="summary"))
    edit_meta("periods-edited", lambda m: m.update(periods=m["periods"] + 1))
    edit_meta("format-0", lambda m: m.update(format=0))
    edit_meta("format-99", lambda m: m.update(format=99))
    edit_meta("input-names-dropped", lambda m: m.update(input_names=[]))
    edit_meta("event-names-dropped", lambda m: m.update(event_names=[]))
    edit_meta("stats-count", lambda m: m.update(stats_count=5))
    edit_meta("provenance-list", lambda m: m.update(provenance=[1]))
    edit_meta("strategies-str", lambda m: m.update(strategies="ab"))
    edit_meta("missing-key", lambda m: m.pop("periods_per_year"))
    for k in list(meta):
        edit_meta(f"drop-{k}", lambda m, k=k: m.pop(k))
    a = dict(arrays)
    a["meta"] = np.array("not json")
    repack("meta-not-json", a)
    a["meta"] = np.array("[1, 2]")
    repack("meta-list", a)
    a["meta"] = np.array('{"a":' * 5000 + "1" + "}" * 5000)
    repack("meta-deep", a)
    write("empty", b"")
    write("text", b"name = 'x'\n")
    write("case-json", _json(small_case()))
    np.save(tmp / "plain.npy", np.zeros(3))
    out.append(("plain-npy", tmp / "plain.npy"))
    with zipfile.ZipFile(tmp / "pickled.npz", "w") as zf:
        buf = io.BytesIO()
        np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
        zf.writestr("meta.npy", buf.getvalue())
    out.append(("pickled", tmp / "pickled.npz"))
    for i in range(n):
        r = rng.random()
        if r < 0.3:
            write(f"truncated-{i}", raw[: rng.randrange(len(raw))])
        elif r < 0.8:
            b = bytearray(raw)
            for _ in range(rng.choice((1, 1, 2, 8))):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
            write(f"flipped-{i}", bytes(b))
        else:
            write(f"mutated-{i}", mutate_bytes(raw, rng))
    out.append(("missing-file", tmp / "nope.npz"))
    out.append(("directory", tmp))
    return [(name, p) for name, p in out] + [("__good__", good)]


def check_ensembles(tmp: Path, rng: random.Random, n: int, tally: Tally) -> None:
    from ssestrategy.simulation import Ensemble

    items = ensemble_cases(tmp, rng, n)
    good = Ensemble.load(items[-1][1])
    for name, path in items[:-1]:
        tally.counts["ensemble.runs"] += 1
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                loaded = Ensemble.load(path)
            except SSEError:
                tally.exits["ensemble.refused"] += 1
                continue
            except BaseException as exc:
                tally.note("ensemble", "traceback", f"{name}: {type(exc).__name__}: {exc}")
                continue
        leaked = [w for w in caught if SSEWarning is None or not issubclass(w.category, SSEWarning)]
        if leaked:
            tally.note("ensemble", "leaked_warning", f"{name}: {leaked[0].message}")
        try:
            same = loaded == good
        except BaseException:
            same = False
        if same:
            tally.exits["ensemble.same"] += 1
        else:
            tally.note("ensemble", "silent_wrong_load", name)


# --- command lines --------------------------------------------------------------------------------


def cli_argvs(tmp: Path, case: Path) -> list[tuple[list[str], set[Path]]]:
    """Bad command lines, each with the output paths it may create."""
    c = str(case)
    missing = tmp / "no-such-dir" / "out.npz"
    a: list[tuple[list[str], set[Path]]] = []

    def add(argv: list[str], *outputs: Path) -> None:
        a.append((argv, set(outputs)))

    for cmd in ("simulate", "compare"):
        for n in ("0", "-1", "abc", "1e3", "10000000000", "99999999999999999999999", ""):
            add([cmd, c, "--scenarios", n])
        for s in ("-1", "abc", str(2**70), "1.5"):
            add([cmd, c, "--scenarios", "4", "--seed", s])
        for w in ("0", "-3", "abc"):
            add([cmd, c, "--scenarios", "4", "--workers", w])
        for s in ("", ",", "nope", "fund,fund", "fund,nope", " , "):
            add([cmd, c, "--scenarios", "4", "--strategies", s])
        add([cmd, c, "--scenarios", "4", "--bogus"])
        add([cmd, str(tmp), "--scenarios", "4"])
        add([cmd, str(tmp / "missing.toml"), "--scenarios", "4"])
        add([cmd, str(tmp / "case.txt"), "--scenarios", "4"])
    add(["simulate", c, "--scenarios", "8", "--sampler", "sobol"])
    add(["simulate", c, "--scenarios", "5", "--sampler", "lhs"])
    add(["simulate", c, "--scenarios", "4", "--sampler", "bogus"])
    add(["compare", c, "--scenarios", "4", "--method", "bogus"])
    add(["simulate", c, "--scenarios", "4", "--save", str(missing)], missing)
    add(["simulate", c, "--scenarios", "4", "--save", str(tmp)], tmp)
    add(["simulate", c, "--scenarios", "4", "--save", ""])
    add(["simulate", c, "--scenarios", "4", "--save", str(tmp / "run.txt")], tmp / "run.txt")
    add(["simulate", c, "--scenarios", "4", "--save", str(tmp / "ok.npz")], tmp / "ok.npz")
    add(["simulate", c, "--scenarios", "4", "--json", "--save", str(missing)], missing)
    for ext in ("net.txt", "net", "net.GRAPHML"):
        add(["diagnose", c, "--export", str(tmp / ext)], tmp / ext)
    add(["diagnose", c, "--export", str(tmp / "no-dir" / "net.gexf")], tmp / "no-dir" / "net.gexf")
    add(["diagnose", c, "--export", str(tmp)], tmp)
    add(["diagnose", c, "--export", str(tmp / "ok.gexf")], tmp / "ok.gexf")
    for t in ("-1", "2", "nan", "inf", "abc"):
        add(["diagnose", c, "--threshold", t])
    add(["diagnose", c, "--seed", "-5"])
    ex = ["explain", c, "--method", "morris", "--scenarios", "16", "--n", "4"]
    add([*ex, "--a", "fund", "--b", "fund"])
    add([*ex, "--a", "nope", "--b", "fund"])
    add([*ex, "--a", "fund", "--b", "nope"])
    add([*ex, "--a", "fund", "--b", "status-quo", "--top", "-1"])
    add([*ex, "--a", "fund", "--b", "status-quo", "--top", "0"])
    add([*ex, "--a", "fund", "--b", "status-quo", "--output", "bogus"])
    add([*ex, "--a", "fund", "--b", "status-quo", "--scenarios", "0"])
    add(["explain", c, "--a", "fund", "--b", "status-quo", "--n", "3", "--scenarios", "8"])
    add(["explain", c, "--a", "fund", "--b", "status-quo", "--n", "0", "--scenarios", "8"])
    add(["explain", c, "--a", "fund"])
    add(["bogus"])
    add([])
    add(["validate", c, "--strict"])
    add(["validate", str(tmp / "ok.npz")])
    add(["info", str(tmp / "missing.json")])
    add(["schema", "extra"])
    return a


def check_cli(tmp: Path, tally: Tally, *, with_workers: bool) -> None:
    case = tmp / "case.json"
    case.write_bytes(_json(small_case()))
    (tmp / "case.txt").write_text("x")
    argvs = cli_argvs(tmp, case)
    if with_workers:
        argvs += [
            (["simulate", str(case), "--scenarios", "16", "--workers", "1000"], set()),
            (["compare", str(case), "--scenarios", "16", "--workers", "64"], set()),
        ]
    for argv, outputs in argvs:
        before = {p for p in tmp.rglob("*")}
        r = run_cli(argv)
        _classify(r, "cli", " ".join(argv), tally)
        after = {p for p in tmp.rglob("*")}
        stray = {p for p in after - before if p not in outputs}
        if stray:
            tally.note("cli", "stray_file", f"{' '.join(argv)}: {sorted(map(str, stray))}")
        for p in outputs & after:  # remove outputs so the next run starts clean
            if p.is_file():
                p.unlink()


# --- main ---------------------------------------------------------------------------------


def main_(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--no-workers", action="store_true", help="skip the --workers 1000 runs")
    p.add_argument("--only", action="append", help="families to run")
    args = p.parse_args(argv)
    # a run that tries to allocate tens of GiB fails fast instead of swapping the machine
    resource.setrlimit(resource.RLIMIT_AS, (_LIMIT_GIB * 2**30, resource.RLIM_INFINITY))
    rng = random.Random(args.seed)
    n_struct, n_bytes, n_ens = (150, 100, 60) if args.quick else (1500, 1000, 400)
    fams = set(args.only or ("hand", "struct", "bytes", "ensemble", "cli"))
    tally = Tally()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        base = small_case()
        if "hand" in fams:
            for name, f in HAND.items():
                dd = copy.deepcopy(base)
                f(dd)
                path = tmp / f"{name}.json"
                path.write_bytes(_json(dd))
                tally.counts["hand.inputs"] += 1
                check_case_file(path, "hand", name, tally, deep=True)
            for name, (ext, data) in RAW.items():
                path = tmp / f"{name}.{ext}"
                path.write_bytes(data)
                tally.counts["hand.inputs"] += 1
                check_case_file(path, "hand", name, tally, deep=True)
        if "struct" in fams:
            for i in range(n_struct):
                dd = mutate_struct(base, rng)
                path = tmp / "struct.json"
                path.write_bytes(_json(dd))
                tally.counts["struct.inputs"] += 1
                check_case_file(path, "struct", f"struct-{i}", tally, deep=rng.random() < 0.3)
        if "bytes" in fams:
            texts = [("json", _json(base)), ("toml", _toml(base) or b"")]
            for i in range(n_bytes):
                ext, text = texts[i % 2]
                path = tmp / f"bytes.{ext}"
                path.write_bytes(mutate_bytes(text, rng))
                tally.counts["bytes.inputs"] += 1
                check_case_file(path, "bytes", f"bytes-{i}", tally, deep=rng.random() < 0.2)
        if "ensemble" in fams:
            sub = tmp / "ens"
            sub.mkdir()
            check_ensembles(sub, rng, n_ens, tally)
        if "cli" in fams:
            sub = tmp / "cli"
            sub.mkdir()
            check_cli(sub, tally, with_workers=not args.no_workers)
    report = {
        "seconds": round(time.perf_counter() - t0, 1),
        "counts": dict(sorted(tally.counts.items())),
        "exits": dict(sorted(tally.exits.items())),
        "examples": tally.examples,
    }
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    else:
        for k, v in report["counts"].items():
            print(f"{k:40s} {v}")
        print("exit codes:", report["exits"])
        for k, ex in report["examples"].items():
            print(f"\n{k}:")
            for e in ex:
                print("  ", e.replace("\n", " | "))
        print(f"\n{report['seconds']} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main_())
    except Exception:  # pragma: no cover
        traceback.print_exc()
        sys.exit(1)
